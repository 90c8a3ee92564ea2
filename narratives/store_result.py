"""The store's current content as a RunResult, so report.write_reports writes the full current report.

Event ids and labels are derived here, from all stored articles, exactly as a batch run derives
them (events.build_events): an event's id is a hash of its article ids, so it changes when an
article joins, while the store keys events by a number that does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, replace

from narratives import __version__
from narratives.config import Settings
from narratives.events import build_events
from narratives.pairs import cross_source_counts
from narratives.store import Store
from narratives.types import Claim, Event, InputProblem, Narrative, RunResult, run_counts


def current_result(store: Store, settings: Settings, *, nli_model: str, embed_model: str,
                   problems: Sequence[InputProblem] = ()) -> tuple[RunResult, dict[int, str]]:
    """(everything the store knows as one RunResult, event id per store event key)."""
    stored = store.articles()
    articles = [s.article for s in stored]
    claims = [claim for claim, _ in store.claims()]
    events = build_events(articles, claims, [s.event_key for s in stored]) if articles else []
    key_of_article = {s.article.id: s.event_key for s in stored}
    event_id = {key_of_article[e.article_ids[0]]: e.id for e in events}
    pairs = sorted((replace(pair, event_id=event_id[key]) for key, pair in store.pairs()),
                   key=lambda p: (p.event_id, p.a, p.b))
    stored_narratives = store.narratives()
    narratives = []
    for event in events:
        key = key_of_article[event.article_ids[0]]
        narrative = stored_narratives.get(key, Narrative("", (), ()))
        narratives.append(replace(narrative, event_id=event.id))
    metadata = {
        "tool": f"narratives {__version__}",
        "inputs": sorted({a.source_file for a in articles}),
        "settings": asdict(settings) | {"nli_model": nli_model, "embed_model": embed_model},
        "counts": run_counts(len(articles), len(claims), len(events), pairs, len(problems),
                             *cross_source_pairs(events, claims), {c.id: c.article_id for c in claims}),
    }
    result = RunResult(tuple(articles), tuple(claims), tuple(events), tuple(pairs), tuple(narratives),
                       tuple(problems), metadata)
    return result, event_id


def cross_source_pairs(events: Sequence[Event], claims: Sequence[Claim]) -> tuple[int, int]:
    """(pairs of claims from different sources within one event, those inside one article): what
    pairs.PairStats counts."""
    by_id = {c.id: c for c in claims}
    counts = [cross_source_counts([by_id[i] for i in event.claim_ids]) for event in events]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)
