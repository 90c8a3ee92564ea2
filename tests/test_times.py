"""Times read from a clause's words, and when two of them cannot be the time of one happening."""

from __future__ import annotations

import pytest

from narratives.signals import compare
from narratives.times import DAY_MINUTES, clash, read_when


def test_clock_times_become_windows_widened_by_their_qualifier() -> None:
    assert (read_when("the first alarm sounded at 01:40 on Wednesday").start,
            read_when("the first alarm sounded at 01:40 on Wednesday").end) == (90, 110)
    after = read_when("the alarm went off just after 11pm on Tuesday")
    assert (after.weekday, after.start, after.end, after.words) == (1, 23 * 60, 23 * 60 + 30, "just after 11pm (Tuesday)")
    about = read_when("the assault began at about 22:00 on Saturday 13 April")
    assert (about.weekday, about.date, about.start, about.end) == (5, 3 * 31 + 13, 21 * 60 + 30, 22 * 60 + 30)
    assert read_when("it was boarded shortly before midnight on Wednesday").start == DAY_MINUTES - 30
    assert read_when("the march set off at 7.30 p.m.").start == 19 * 60 + 20


@pytest.mark.parametrize("text", [
    "the shop closed before 11pm",  # a bound, not a time
    "polls stay open between 7am and 10pm",  # two times
    "the curfew starts at 9pm tonight",  # a day relative to a date the clause does not give
    "talks will resume in the morning",  # which morning?
    "the roads have been closed since Tuesday",  # a bound
    "7.5 per cent of the vote",
    "Inflation rose 3.2% in May",
])
def test_bounds_vague_and_relative_times_give_no_window(text: str) -> None:
    assert read_when(text) is None


def test_windows_an_hour_apart_clash_and_roundings_of_one_time_do_not() -> None:
    tuesday_late = read_when("just after 11pm on Tuesday")
    assert clash(tuesday_late, read_when("at 01:40 on Wednesday"))
    assert clash(read_when("before dawn on Sunday"), read_when("at about 22:00 on Saturday"))  # one day back
    assert not clash(read_when("at 3pm on Tuesday"), read_when("at about 3.15pm on Tuesday"))
    assert not clash(read_when("on Tuesday night"), read_when("at 01:40 on Wednesday"))  # a night runs on
    assert clash(read_when("on Tuesday"), read_when("on Thursday"))
    assert not clash(read_when("on Wednesday"), tuesday_late)  # half an hour from Wednesday
    assert not clash(read_when("on Saturday"), read_when("on 14 April"))  # a weekday and a date: no common clock


def test_a_happening_put_at_two_times_is_a_time_clash_with_the_times_in_the_reason() -> None:
    signals = compare("The alarm went off just after 11pm on Tuesday.",
                      "The first alarm sounded at 01:40 on Wednesday, and all 43 workers were out within six minutes.")
    assert [s.name for s in signals] == ["time-mismatch"]
    assert "“just after 11pm (Tuesday)” vs “at 01:40 (Wednesday)”" in signals[0].reason
    assert [s.name for s in compare("Armed men attacked the border post before dawn on Sunday, killing two guards.",
                                    "The assault on the post began at about 22:00 on Saturday 13 April.")] == [
        "time-mismatch"]


@pytest.mark.parametrize("a, b", [
    ("The alarm sounded at 01:40.", "Firefighters arrived at 02:30."),  # two happenings
    ("The alarm sounded at 3pm on Tuesday.", "The alarm went off at about 3.15pm on Tuesday."),
    ("The attack began on Tuesday night.", "The attack began at 01:40 on Wednesday."),
    ("Police said the attack may have begun at 9pm on Friday.", "The attack began at 2am on Saturday."),  # a guess
    ("Voting ended at 10pm on Thursday.", "Counting began at 2am on Friday."),
])
def test_other_happenings_guesses_and_overlapping_times_are_no_time_clash(a: str, b: str) -> None:
    assert "time-mismatch" not in [s.name for s in compare(a, b)]
