"""When a clause says something happened: clock times, parts of the day, weekdays and dates.

News disputes the time of an event as often as its actor ("the alarm went off just after 11pm on
Tuesday" / "the first alarm sounded at 01:40 on Wednesday"). A clause's time is read as a window
of minutes on a day: "at 01:40" is 01:30–01:50, "about 22:00" 21:30–22:30, "shortly before
midnight" 23:30–24:00, "before dawn" 00:00–06:30, "Tuesday night" 20:00 to 06:00 the next day.
Two windows clash when they lie at least an hour apart, on days both claims name the same way
(two weekdays, two dates) or where neither names a day.

Vague or open times ("before 11pm", "by the evening", "recently", "last week") give no window:
they cannot clash with anything, which is the point of reading them at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = "|".join(MONTHS)
DAY_MINUTES = 24 * 60
# Windows that lie this far apart or more are two times, not two roundings of one time.
MIN_GAP_MINUTES = 60

_QUALIFIER = r"(?P<qual>(?:just|shortly|soon|right|immediately)\s+(?:after|before)|about|around|approximately|roughly|some|circa|at)"
_CLOCK = re.compile(
    rf"\b(?:{_QUALIFIER}\s+)?(?:"
    # never from the middle of a number: "12:02:14 p.m." is 12:02, not 02:14
    r"(?<![\d:.])(?P<h12>\d{1,2})(?:[:.](?P<m12>[0-5]\d)(?::[0-5]\d)?)?\s*(?P<ampm>[ap]\.?m\b\.?)"  # 11pm, 7.30 p.m.
    r"|(?<![\d:.])(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)(?::[0-5]\d)?(?!\d|:\d)"  # 01:40, 22:00, 22:00:05
    r"(?:\s*(?:hrs|hours|GMT|UTC|local\s+time))?"
    r"|(?P<named>midnight|noon|midday))",
    re.IGNORECASE,
)
# Parts of the day: (start, end) in minutes from the day's midnight; a night runs into the next day.
_PERIODS = {"morning": (360, 720), "afternoon": (720, 1080), "evening": (1080, 1320), "night": (1200, 1800),
            "overnight": (1200, 1800), "dawn": (270, 420), "daybreak": (270, 420), "dusk": (1050, 1200)}
_PERIOD = re.compile(r"\b(?P<before>before\s+)?(?P<period>morning|afternoon|evening|night|overnight|dawn|daybreak|dusk)\b",
                     re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?P<day>{'|'.join(WEEKDAYS)})\b", re.IGNORECASE)
_DATE = re.compile(rf"\b(?:(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\s+"
                   rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)(?!\d)\b", re.IGNORECASE)
# Times that say only a bound, or the time of something else: no window.
_OPEN_BEFORE = re.compile(r"\b(?:before|after|by|until|till|since|from|between)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class When:
    """A window of minutes on a day, named by its weekday (0-6), its date (month * 31 + day), both or neither."""

    weekday: int | None
    date: int | None
    start: int  # minutes from that day's midnight (may pass 1440: a night runs on)
    end: int
    words: str  # what the clause says, for the reviewer

    @property
    def whole_day(self) -> bool:
        return self.start == 0 and self.end == DAY_MINUTES


def _day(text: str) -> tuple[int | None, int | None]:
    """(weekday, date) named in a clause; "on Saturday 13 April" names both."""
    weekdays = {m.group("day").lower() for m in _WEEKDAY.finditer(text)}
    dates = {(m.group("m1") or m.group("m2")).lower() + " " + str(int(m.group("d1") or m.group("d2")))
             for m in _DATE.finditer(text)}
    weekday = WEEKDAYS.index(weekdays.pop()) if len(weekdays) == 1 else None
    date = None
    if len(dates) == 1:
        month, day = dates.pop().split()
        date = MONTHS.index(month) * 31 + int(day)
    return weekday, date


def _clock(match: re.Match) -> tuple[int, int] | None:
    """A clock time's window, widened by its qualifier; None for a time that is only a bound."""
    if match.group("named"):
        minute = {"midnight": DAY_MINUTES, "noon": 720, "midday": 720}[match.group("named").lower()]
    elif match.group("h12"):
        hour = int(match.group("h12"))
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group("ampm").lower().startswith("p") else 0)
        minute = hour * 60 + int(match.group("m12") or 0)
    else:
        minute = int(match.group("h24")) * 60 + int(match.group("m24"))
    qualifier = " ".join((match.group("qual") or "at").lower().split())
    if qualifier.endswith("after"):
        return minute, minute + 30
    if qualifier.endswith("before"):
        return minute - 30, minute
    if qualifier in ("at",):
        return minute - 10, minute + 10
    return minute - 30, minute + 30  # about, around, some


def read_when(text: str) -> When | None:
    """The one time a clause's own words give, or None where they give none or more than one."""
    clocks = list(_CLOCK.finditer(text))
    day = _day(text)
    named_day = day != (None, None)
    if len(clocks) > 1:
        return None  # "between 22:00 and 23:30", "at 9am and again at 4pm": not one time
    if clocks and _OPEN_BEFORE.search(text[: clocks[0].start()]):
        return None  # "before 11pm", "since 9am": a bound
    if clocks:
        window = _clock(clocks[0])
        if window is None:
            return None
        if not named_day and re.search(r"\b(?:tomorrow|yesterday|today|tonight|last\s+night)\b", text, re.IGNORECASE):
            return None  # a day relative to an unknown date
        return When(*day, *window, _with_day(clocks[0].group(0), text))
    periods = list(_PERIOD.finditer(text))
    if len(periods) == 1:
        period = periods[0]
        start, end = _PERIODS[period.group("period").lower()]
        if period.group("before"):
            if period.group("period").lower() not in ("dawn", "daybreak"):
                return None  # "before the evening": open
            start, end = 0, 390
        if not named_day:
            return None  # "in the morning" of which day?
        return When(*day, start, end, _with_day(period.group(0), text))
    if named_day and not periods:
        words = (_DATE.search(text) or _WEEKDAY.search(text)).group(0)
        if _OPEN_BEFORE.search(text[: text.lower().find(words.lower())]):
            return None  # "since Tuesday", "by 13 April"
        return When(*day, 0, DAY_MINUTES, words)
    return None


def _with_day(words: str, text: str) -> str:
    """"just after 11pm (Tuesday)": the time and the day the clause names, for the reviewer."""
    days = [m.group(0) for pattern in (_WEEKDAY, _DATE) for m in pattern.finditer(text) if m.group(0) not in words]
    words = " ".join(words.split())
    return f"{words} ({' '.join(days)})" if days else words


def _offset(first: When, second: When) -> int | None:
    """Minutes from the first day's midnight to the second's; None where the two cannot be set side by side."""
    if first.date is not None and second.date is not None:
        return (second.date - first.date) * DAY_MINUTES
    if first.weekday is not None and second.weekday is not None:
        return ((second.weekday - first.weekday + 3) % 7 - 3) * DAY_MINUTES  # Saturday to Sunday: one day on
    if (first.weekday, first.date, second.weekday, second.date) == (None, None, None, None):
        return 0
    return None


def clash(first: When, second: When) -> bool:
    """Whether two times cannot both be the time of one happening."""
    offset = _offset(first, second)
    if offset is None:
        return False
    if first.whole_day and second.whole_day:
        return offset != 0  # "on Tuesday" / "on Wednesday"
    if first.whole_day or second.whole_day:
        # "on Wednesday" against "just after 11pm on Tuesday": only the day can clash
        other, shift = (second, offset) if first.whole_day else (first, -offset)
        start, end = other.start + shift, other.end + shift  # the other's window on the whole day's clock
        return end <= -MIN_GAP_MINUTES or start >= DAY_MINUTES + MIN_GAP_MINUTES
    start, end = second.start + offset, second.end + offset
    return start - first.end >= MIN_GAP_MINUTES or first.start - end >= MIN_GAP_MINUTES
