"""New articles → events of the store: join the closest stored event or start a new one.

The new articles are first clustered among themselves exactly as `narratives run` clusters a
batch (EventClusterer), so a check on an empty store gives the events of a full run. Each new
group then joins the stored event with the smallest average-linkage distance to it, by the same
rule the clusterer merges with (embedding and TF-IDF similarity, a penalty per day apart, a hard
limit in days): distance below 1 − event_min_similarity. Groups do not see each other's choice,
so the result does not depend on their order. Stored events never merge or split, so event
membership, and with it every stored pair, stays valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from narratives.events import EventClusterer
from narratives.store import StoredEvent
from narratives.types import Article

# (vectors, dates, texts) of an event's member articles
MemberLoader = Callable[[int], tuple[np.ndarray, list[str | None], list[str]]]


def article_text(article: Article) -> str:
    """What the lexical half of the event similarity reads, as in pipeline.cluster_events."""
    return f"{article.title}\n{article.text}"


def distances(clusterer: EventClusterer, vectors: np.ndarray, dates: Sequence[str | None],
              texts: Sequence[str]) -> np.ndarray:
    """The distance matrix EventClusterer.fit clusters on."""
    return clusterer.distances(vectors, dates, texts)


def _too_far_apart(group_dates: list[str | None], event: StoredEvent, clusterer: EventClusterer) -> bool:
    """Every member of both is dated and every pair is beyond the day limit: each distance is 2, never joined."""
    if not (event.all_dated and event.first_date and all(group_dates)):
        return False
    first, last = min(group_dates), max(group_dates)
    limit = clusterer.max_days_apart
    return _days_after(event.first_date, last) > limit or _days_after(first, event.last_date) > limit


def _days_after(day: str, other: str) -> int:
    return (date.fromisoformat(day) - date.fromisoformat(other)).days


def assign(articles: Sequence[Article], vectors: np.ndarray, events: Sequence[StoredEvent], members: MemberLoader,
           clusterer: EventClusterer, next_key: int) -> list[int]:
    """Event key per new article: a stored event's key, or a fresh key from `next_key` on."""
    if not articles:
        return []
    dates = [a.published for a in articles]
    texts = [article_text(a) for a in articles]
    groups = clusterer.fit(vectors, dates, texts).labels_
    threshold = 1.0 - clusterer.min_similarity
    # TF-IDF cosine is at most 1, so the embedding half alone bounds the similarity from above:
    # events whose centroid is too far cannot be joined and are not loaded at all; nor are events
    # entirely beyond the day limit.
    floor = (clusterer.min_similarity - clusterer.lexical_weight) / (1.0 - clusterer.lexical_weight)
    loaded: dict[int, tuple[np.ndarray, list[str | None], list[str]]] = {}
    keys = [0] * len(articles)
    for group in range(int(groups.max()) + 1):
        index = [i for i, g in enumerate(groups) if g == group]
        group_vectors = vectors[index]
        mean = group_vectors.astype(np.float64).mean(axis=0)
        best: tuple[float, int] | None = None
        group_dates = [dates[i] for i in index]
        for event in events:  # as stored before this run: each group's choice is independent of the others
            if float(mean @ event.centroid) < floor - 1e-6 or _too_far_apart(group_dates, event, clusterer):
                continue
            if event.key not in loaded:
                loaded[event.key] = members(event.key)
            member_vectors, member_dates, member_texts = loaded[event.key]
            stacked = np.vstack([member_vectors, group_vectors])
            matrix = distances(clusterer, stacked, [*member_dates, *(dates[i] for i in index)],
                               [*member_texts, *(texts[i] for i in index)])
            linkage = float(matrix[: len(member_vectors), len(member_vectors):].mean())
            if linkage < threshold and (best is None or linkage < best[0] - 1e-12):
                best = (linkage, event.key)
        if best is None:
            key, next_key = next_key, next_key + 1
        else:
            key = best[1]
        for i in index:
            keys[i] = key
    return keys
