"""The store's current content as a RunResult, so report.write_reports writes the full current report.

Event ids and labels are derived here, from all stored articles, exactly as a batch run derives
them (events.build_events): an event's id is a hash of its article ids, so it changes when an
article joins, while the store keys events by a number that does not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, replace

from narratives import __version__
from narratives.config import Settings
from narratives.events import build_events
from narratives.pairs import source_key
from narratives.store import Store
from narratives.types import Claim, Event, InputProblem, Narrative, RunResult


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
        "counts": {
            "articles": len(articles),
            "claims": len(claims),
            "events": len(events),
            "cross_source_pairs": cross_source_pairs(events, claims),
            "scored_pairs": len(pairs),
            "nli_scored": sum(p.a_to_b is not None for p in pairs),
            "scored_both_ways": sum(p.b_to_a is not None for p in pairs),
            "contradictions": sum(p.relation == "contradiction" for p in pairs),
            "agreements": sum(p.relation == "agreement" for p in pairs),
            "input_problems": len(problems),
        },
    }
    result = RunResult(tuple(articles), tuple(claims), tuple(events), tuple(pairs), tuple(narratives),
                       tuple(problems), metadata)
    return result, event_id


def cross_source_pairs(events: Sequence[Event], claims: Sequence[Claim]) -> int:
    """Pairs of claims from different sources within one event (what pairs.PairStats counts)."""
    by_id = {c.id: c for c in claims}
    total = 0
    for event in events:
        per_source = Counter(source_key(by_id[i]) for i in event.claim_ids)
        n = len(event.claim_ids)
        total += (n * (n - 1) - sum(c * (c - 1) for c in per_source.values())) // 2
    return total
