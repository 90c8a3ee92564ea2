"""Articles + claim vectors → Event: which articles report the same event.

Articles are clustered, not single claims, because an article is written about one event and
its claims inherit that event; a claim-level clustering splits one raid into "drones",
"casualties" and "who did it". Each article is represented by the mean of its claim vectors
and its title; two articles join only when their content is similar AND their publication
dates are close. Average-linkage agglomerative clustering is deterministic (no random init).

Memory is what bounds the number of articles: the clustering needs a distance per pair. It is
built a block of rows at a time straight into the condensed upper triangle that scipy's
linkage takes, about 9 bytes per pair at the peak (0.9 GB for 10,000 articles).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date

import numpy as np

from narratives.claims import proper_names
from narratives.signals import NATIONALITY_ADJECTIVES
from narratives.types import Article, Claim, Event, content_id

log = logging.getLogger(__name__)


def _ordinals(dates: Sequence[str | None]) -> np.ndarray:
    """Day numbers of ISO dates; -1 for undated articles."""
    return np.array([date.fromisoformat(d).toordinal() if d else -1 for d in dates])


class EventClusterer:
    """Cluster articles into events from their vectors, words and dates.

    Similarity mixes the embedding cosine (what the article is about) with a TF-IDF cosine
    over its words (which places, people and things it names: two articles on one war share
    topics but not the names of the town and the dam). Each day between publication dates
    costs `day_penalty` similarity; beyond `max_days_apart` articles never join.

    >>> labels = EventClusterer().fit(vectors, dates, texts).labels_
    """

    def __init__(self, min_similarity: float = 0.6, max_days_apart: int = 60, day_penalty: float = 0.001,
                 lexical_weight: float = 0.3):
        self.min_similarity = min_similarity
        self.max_days_apart = max_days_apart
        self.day_penalty = day_penalty
        self.lexical_weight = lexical_weight

    def distances(self, vectors: np.ndarray, dates: Sequence[str | None],
                  texts: Sequence[str] | None = None) -> np.ndarray:
        """The article distance matrix that `fit` clusters (also used to join stored events)."""
        distance = None
        for start, rows in self._distance_rows(vectors, dates, texts):
            if distance is None:
                distance = np.empty((len(vectors), len(vectors)), dtype=rows.dtype)
            distance[start : start + len(rows)] = rows
        return distance

    def _distance_rows(self, vectors: np.ndarray, dates: Sequence[str | None],
                       texts: Sequence[str] | None) -> Iterator[tuple[int, np.ndarray]]:
        """(first row, rows) of the distance matrix, a block of rows at a time.

        Distance is 1 - ((1 - w) · embedding cosine + w · TF-IDF cosine), plus the day penalty.
        Only the embedding cosines are held for all pairs at once (float32, computed in one
        product so that its values never depend on the block size).
        """
        n = len(vectors)
        similarity = vectors @ vectors.T
        np.clip(similarity, -1.0, 1.0, out=similarity)
        lexical = texts is not None and self.lexical_weight > 0
        tfidf = _tfidf(texts) if lexical else None
        transposed = tfidf.T.tocsc() if tfidf is not None else None
        ordinals = _ordinals(dates)
        dated = ordinals >= 0
        for start in range(0, n, _BLOCK):
            rows = slice(start, start + _BLOCK)
            block = similarity[rows]
            if lexical:
                # A row's TF-IDF cosines alone: the sparse product of every row is nearly dense for
                # short texts on one topic, and costs more than the dense matrix.
                words = (tfidf[rows] @ transposed).toarray() if tfidf is not None else np.zeros_like(block)
                words *= self.lexical_weight
                words += block * (1 - self.lexical_weight)
                block = words
            distance = 1.0 - block
            # Follow-ups weeks later still belong to the event, so the gap costs a little similarity
            # per day up to the hard limit.
            both = dated[rows, None] & dated[None, :]
            gap = np.abs(ordinals[rows, None] - ordinals[None, :])
            distance += np.where(both, self.day_penalty * np.minimum(gap, self.max_days_apart), 0.0)
            distance[both & (gap > self.max_days_apart)] = 2.0
            diagonal = np.arange(start, start + len(distance))
            distance[diagonal - start, diagonal] = 0.0
            yield start, distance

    def fit(self, vectors: np.ndarray, dates: Sequence[str | None], texts: Sequence[str] | None = None) -> EventClusterer:
        n = len(vectors)
        if n <= 1:
            self.labels_ = np.zeros(n, dtype=int)
            return self
        from scipy.cluster.hierarchy import linkage

        # What scikit-learn's AgglomerativeClustering(metric="precomputed", linkage="average",
        # distance_threshold=…) computes, without the n × n matrix, its copies and its n² index
        # arrays: the same scipy linkage on the same condensed distances, cut the same way.
        condensed = None
        for start, rows in self._distance_rows(vectors, dates, texts):
            if condensed is None:
                condensed = np.empty(n * (n - 1) // 2, dtype=rows.dtype)
            for i, row in enumerate(rows, start):  # the upper triangle, row by row, as scipy lays it out
                offset = i * n - i * (i + 1) // 2
                condensed[offset : offset + n - i - 1] = row[i + 1 :]
        merges = linkage(condensed, method="average")
        del condensed
        raw = self._split_long_spans(_cut(merges, n, 1.0 - self.min_similarity), _ordinals(dates))
        # Renumber by first appearance so labels do not depend on the linkage's internals.
        order: dict[tuple[int, int], int] = {}
        self.labels_ = np.array([order.setdefault(label, len(order)) for label in raw])
        return self

    def _split_long_spans(self, labels: np.ndarray, ordinals: np.ndarray) -> list[tuple[int, int]]:
        """Average linkage can chain articles across more than max_days; cut such clusters by date.

        Walking a cluster's dated articles in date order, a new event starts when an article is
        more than max_days after the first of the current one. Undated articles stay put.
        """
        result = [(int(label), 0) for label in labels]
        dated: dict[int, list[int]] = {}
        for i, label in enumerate(labels.tolist()):
            if ordinals[i] >= 0:
                dated.setdefault(label, []).append(i)
        for label in sorted(dated):
            members = sorted(dated[label], key=lambda i: (ordinals[i], i))
            part, start = 0, None
            for i in members:
                if start is not None and ordinals[i] - start > self.max_days_apart:
                    part += 1
                    start = ordinals[i]
                start = ordinals[i] if start is None else start
                result[i] = (int(label), part)
        return result


_BLOCK = 256  # rows of the distance matrix built at a time


def _tfidf(texts: Sequence[str]):
    """Sparse unit TF-IDF rows of the texts; None when no text has a word that counts."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        return TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    except ValueError:  # every text empty or stop words only
        return None


def _cut(merges: np.ndarray, n: int, threshold: float) -> np.ndarray:
    """Cluster of each of n leaves after the merges scikit-learn keeps: those below `threshold`.

    scikit-learn undoes the last merges, as many as reach the threshold (rows of scipy's linkage
    are in merge order; average linkage does not invert, so these are the last rows).
    """
    keep = len(merges) - int(np.count_nonzero(merges[:, 2] >= threshold))
    parent = np.arange(2 * n - 1)  # merge `row` makes node n + row, so a parent's id is above its children's
    for row, (a, b) in enumerate(merges[:keep, :2].astype(int)):
        parent[a] = parent[b] = n + row
    root = parent.copy()
    for node in range(2 * n - 2, -1, -1):  # from the top: a node's parent already knows its root
        root[node] = root[parent[node]]
    return root[:n]


def article_vectors(articles: Sequence[Article], claims: Sequence[Claim], claim_vectors: np.ndarray,
                    title_vectors: np.ndarray) -> np.ndarray:
    """Unit vector per article: mean of its claim vectors and its title vector."""
    index = {a.id: i for i, a in enumerate(articles)}
    dim = claim_vectors.shape[1] if len(claim_vectors) else title_vectors.shape[1]
    sums = np.zeros((len(articles), dim), dtype=np.float64)
    counts = np.zeros(len(articles))
    for claim, vector in zip(claims, claim_vectors):
        sums[index[claim.article_id]] += vector
        counts[index[claim.article_id]] += 1
    for i, article in enumerate(articles):
        if article.title:
            sums[i] += title_vectors[i] * max(1.0, counts[i] / 4)  # the title is the best one-line summary
            counts[i] += 1
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (sums / norms).astype(np.float32)


def _label(event_claims: Sequence[Claim], document_frequency: Counter, n_events: int,
           first: str | None, last: str | None) -> tuple[str, tuple[str, ...]]:
    counts = Counter(name for claim in event_claims for name in set(proper_names(claim.text)))
    scored = sorted(
        ((count * math.log(1 + n_events / document_frequency[name]), name) for name, count in counts.items()),
        key=lambda item: (-item[0], item[1]),
    )
    keywords = tuple(name for _, name in scored if name.lower() not in NATIONALITY_ADJECTIVES)[:4]
    when = "undated" if not first else first if first == last else f"{first} to {last}"
    return f"{', '.join(keywords[:3]) or 'untitled'} ({when})", keywords


def build_events(articles: Sequence[Article], claims: Sequence[Claim], labels: Sequence[int]) -> list[Event]:
    """Turn cluster labels into Event records with readable labels; deterministic order."""
    by_label: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels):
        by_label.setdefault(int(label), []).append(article)
    claims_by_article: dict[str, list[Claim]] = {}
    for claim in claims:
        claims_by_article.setdefault(claim.article_id, []).append(claim)
    groups = []
    for members in by_label.values():
        event_claims = [c for a in members for c in claims_by_article.get(a.id, [])]
        groups.append((members, event_claims))
    document_frequency: Counter = Counter()
    for _, event_claims in groups:
        document_frequency.update({name for c in event_claims for name in proper_names(c.text)})
    events = []
    for members, event_claims in groups:
        dates = sorted(a.published for a in members if a.published)
        first, last = (dates[0], dates[-1]) if dates else (None, None)
        label, keywords = _label(event_claims, document_frequency, len(groups), first, last)
        article_ids = tuple(sorted(a.id for a in members))
        events.append(Event(
            id="E" + content_id(*article_ids, length=10),
            label=label,
            article_ids=article_ids,
            claim_ids=tuple(c.id for c in event_claims),
            keywords=keywords,
            first_date=first,
            last_date=last,
        ))
    return sorted(events, key=lambda e: (e.first_date or "9999", e.id))
