"""Event → candidate pairs: claims from different sources in one event that talk about the same thing.

Each claim keeps only its k nearest neighbours from other sources above a similarity floor,
so the number of pairs grows as claims × k, not claims²; `PairStats` reports how many pairs
were kept out of all cross-source pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from narratives.types import Claim, Event


@dataclass(frozen=True, slots=True)
class Candidate:
    event_id: str
    a: int  # index into the claims sequence; a's id sorts before b's
    b: int
    similarity: float


@dataclass(frozen=True, slots=True)
class PairStats:
    cross_source_pairs: int  # every pair of claims from different sources in the same event
    candidates: int  # pairs kept for scoring
    within_article_pairs: int = 0  # of the cross-source pairs, those inside one article (a quote and its reply)


def cross_source_counts(event_claims: Sequence[Claim]) -> tuple[int, int]:
    """(pairs of one event's claims from different sources, those of them inside one article)."""
    def pairs_apart(keys: list) -> int:
        n = len(keys)
        return (n * (n - 1) - sum(c * (c - 1) for c in Counter(keys).values())) // 2

    keys = same_speaker_keys([source_key(c) for c in event_claims])
    by_article: dict[str, list[str]] = {}
    for claim, key in zip(event_claims, keys):
        by_article.setdefault(claim.article_id, []).append(key)
    return (pairs_apart(keys),
            sum(pairs_apart(keys) for keys in by_article.values()))


def _top(similarities: np.ndarray, k: int) -> np.ndarray:
    if len(similarities) <= k:
        return np.arange(len(similarities))
    return np.argpartition(-similarities, k)[:k]


def source_key(claim: Claim) -> str:
    """Two claims conflict only if they come from different sources; case and spacing do not count."""
    return " ".join(claim.source.lower().split())


def same_speaker_keys(keys: Sequence[str]) -> list[str]:
    """Each key, or the shortest key of two words or more that it ends with: "republican duncan hunter" and
    "duncan hunter" are one speaker, whose two claims are never paired against each other (a one-word
    name such as "hunter" or "police" may be someone else)."""
    names = sorted({k for k in keys if len(k.split()) >= 2}, key=lambda k: (len(k), k))
    canonical = {}
    for key in set(keys):
        canonical[key] = next((n for n in names if len(n) < len(key) and key.endswith(" " + n)), key)
    return [canonical[k] for k in keys]


def _keep(kept: dict, claims: Sequence[Claim], event_id: str, i, j, similarity: float) -> None:
    a, b = (i, j) if claims[i].id < claims[j].id else (j, i)
    kept.setdefault((int(a), int(b)), Candidate(event_id, int(a), int(b), round(similarity, 6)))


# A linker names pairs of an event's claims (indexes into `claims`) to judge whatever their similarity.
Linker = Callable[[Sequence[int]], Iterable[tuple[int, int]]]


def candidate_pairs(events: Sequence[Event], claims: Sequence[Claim], vectors: np.ndarray, *,
                    neighbours: int = 8, min_similarity: float = 0.3, priority: Sequence[bool] | None = None,
                    priority_min_similarity: float = 0.15, linked: Linker | Sequence[Linker] | None = None,
                    block: int = 2048) -> tuple[list[Candidate], PairStats]:
    """Nearest cross-source neighbours per claim inside each event; deterministic order.

    `priority` marks claims that say who did it: they are also paired with their nearest
    `neighbours` priority claims from other sources down to `priority_min_similarity`, because
    "a Ukrainian sabotage group entered" and "Russian citizens were behind the assault" clash
    while sharing few words. `linked(member indexes)` names more pairs inside an event whatever
    their similarity: claims whose parse shows that one denies what the other asserts
    (`signals.denial_links`), since "nobody was injured" and "five workers were rushed to
    hospital" share almost no words, and claims naming different parties as the doer
    (`signals.actor_links`); at most `neighbours` partners per claim and per linker, the most similar.
    """
    linkers = (linked,) if callable(linked) else tuple(linked or ())
    index = {claim.id: i for i, claim in enumerate(claims)}
    kept: dict[tuple[int, int], Candidate] = {}
    cross_total = within_total = 0
    for event in events:
        members = np.array(sorted((index[c] for c in event.claim_ids), key=lambda i: claims[i].id), dtype=int)
        if len(members) < 2:
            continue
        keys = np.array(same_speaker_keys([source_key(claims[i]) for i in members]))
        n = len(members)
        total, inside = cross_source_counts([claims[i] for i in members])
        cross_total += total
        within_total += inside
        member_vectors = vectors[members]
        flags = np.array([priority[i] for i in members]) if priority is not None else None
        for start in range(0, n, block):  # blocks bound memory on very large events
            sims = member_vectors[start : start + block] @ member_vectors.T
            for row, similarities in enumerate(sims):
                i = start + row
                similarities = np.where(keys == keys[i], -np.inf, similarities)
                chosen = [(j, min_similarity) for j in _top(similarities, neighbours)]
                if flags is not None and flags[i]:
                    masked = np.where(flags, similarities, -np.inf)
                    chosen += [(j, priority_min_similarity) for j in _top(masked, neighbours) if flags[j]]
                for j, floor in chosen:
                    similarity = float(similarities[j])
                    if j == i or similarity < floor:
                        continue
                    _keep(kept, claims, event.id, members[i], members[j], similarity)
        position = {int(m): k for k, m in enumerate(members)}
        for linker in linkers:  # each kind of link has its own `neighbours` partners per claim
            partners: dict[int, list[int]] = {}
            for x, y in linker(members.tolist()):
                if keys[position[x]] != keys[position[y]]:
                    partners.setdefault(x, []).append(y)
                    partners.setdefault(y, []).append(x)
            for x, ys in sorted(partners.items()):
                similarities = member_vectors[[position[y] for y in ys]] @ member_vectors[position[x]]
                for rank in np.argsort(-similarities, kind="stable")[:neighbours]:
                    _keep(kept, claims, event.id, x, ys[rank], float(similarities[rank]))
    ordered = sorted(kept.values(), key=lambda c: (c.event_id, claims[c.a].id, claims[c.b].id))
    return ordered, PairStats(cross_source_pairs=cross_total, candidates=len(ordered), within_article_pairs=within_total)
