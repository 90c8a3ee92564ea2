"""What the reports say about an event: how contested it is, what its flags dispute, how each camp's position spread.

Computed from plain values, so report.md (report.py, from a RunResult) and report.html
(html_report.py, from report.json) rank, group and date alike.

    >>> first_appearances([("2023-05-24", "Kyiv Desk"), ("2023-05-23", "Kyiv Desk"), (None, "Blog")])
    [('2023-05-23', 'Kyiv Desk'), (None, 'Blog')]
"""

from __future__ import annotations

from collections.abc import Iterable

# (topic, flags, [(position, the sources holding it)])
Dispute = tuple[str, int, list[tuple[str, list[str]]]]


def contested_score(sides: Iterable[tuple[str, str]], between_articles: int, camps: int) -> int:
    """How contested an event is, from the (source, outlet) of each side of its flags: sources + outlets
    (case-insensitive) + flags between articles + 2 where its sources split into camps."""
    sides = list(sides)
    return (len({source.lower() for source, _ in sides}) + len({outlet.lower() for _, outlet in sides})
            + between_articles + (2 if camps > 1 else 0))


def group_disputes(flags: Iterable[tuple[str, str, str, str, str]]) -> list[Dispute]:
    """Flags as (topic, position A, source A, position B, source B), grouped by topic: the topic with
    most flags first, and in each the position most sources hold first (ties by name)."""
    topics: dict[str, dict[str, set[str]]] = {}
    counts: dict[str, int] = {}
    for topic, position_a, source_a, position_b, source_b in flags:
        held = topics.setdefault(topic, {})
        held.setdefault(position_a, set()).add(source_a)
        held.setdefault(position_b, set()).add(source_b)
        counts[topic] = counts.get(topic, 0) + 1
    return [(topic, counts[topic], sorted(((position, sorted(sources)) for position, sources in held.items()),
                                          key=lambda item: (-len(item[1]), item[0])))
            for topic, held in sorted(topics.items(), key=lambda item: (-counts[item[0]], item[0]))]


def first_appearances(dated: Iterable[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """(date, outlet) of a camp's claims → where its position first appeared in each outlet, earliest
    first; undated last."""
    first: dict[str, str | None] = {}
    for date, outlet in sorted(dated, key=lambda item: (item[0] is None, item[0] or "", item[1])):
        first.setdefault(outlet, date)
    return [(date, outlet) for outlet, date in first.items()]
