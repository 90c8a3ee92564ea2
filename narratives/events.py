"""Articles + claim vectors → Event: which articles report the same event.

Articles are clustered, not single claims, because an article is written about one event and
its claims inherit that event; a claim-level clustering splits one raid into "drones",
"casualties" and "who did it". Each article is represented by the mean of its claim vectors
and its title; two articles join only when their content is similar AND their publication
dates are close. Average-linkage agglomerative clustering is deterministic (no random init).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Sequence
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

    def similarity(self, vectors: np.ndarray, texts: Sequence[str] | None) -> np.ndarray:
        similarity = np.clip(vectors @ vectors.T, -1.0, 1.0)
        if texts is not None and self.lexical_weight > 0:
            from sklearn.feature_extraction.text import TfidfVectorizer

            try:
                tfidf = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
                lexical = (tfidf @ tfidf.T).toarray()
            except ValueError:  # every text empty or stop words only
                lexical = np.zeros_like(similarity)
            similarity = (1 - self.lexical_weight) * similarity + self.lexical_weight * lexical
        return similarity

    def distances(self, vectors: np.ndarray, dates: Sequence[str | None],
                  texts: Sequence[str] | None = None) -> np.ndarray:
        """The article distance matrix that `fit` clusters (also used to join stored events)."""
        distance = 1.0 - self.similarity(vectors, texts)
        # Follow-ups weeks later still belong to the event, so the gap costs a little similarity
        # per day up to the hard limit.
        ordinals = _ordinals(dates)
        dated = ordinals >= 0
        both = dated[:, None] & dated[None, :]
        gap = np.abs(ordinals[:, None] - ordinals[None, :])
        distance += np.where(both, self.day_penalty * np.minimum(gap, self.max_days_apart), 0.0)
        distance[both & (gap > self.max_days_apart)] = 2.0
        np.fill_diagonal(distance, 0.0)
        return distance

    def fit(self, vectors: np.ndarray, dates: Sequence[str | None], texts: Sequence[str] | None = None) -> EventClusterer:
        n = len(vectors)
        if n <= 1:
            self.labels_ = np.zeros(n, dtype=int)
            return self
        from sklearn.cluster import AgglomerativeClustering

        distance = self.distances(vectors, dates, texts)
        ordinals = _ordinals(dates)
        model = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average",
            distance_threshold=1.0 - self.min_similarity,
        )
        raw = self._split_long_spans(model.fit_predict(distance), ordinals)
        # Renumber by first appearance so labels do not depend on scikit-learn's internals.
        order: dict[int, int] = {}
        self.labels_ = np.array([order.setdefault(label, len(order)) for label in raw])
        return self

    def _split_long_spans(self, labels: np.ndarray, ordinals: np.ndarray) -> list[tuple[int, int]]:
        """Average linkage can chain articles across more than max_days; cut such clusters by date.

        Walking a cluster's dated articles in date order, a new event starts when an article is
        more than max_days after the first of the current one. Undated articles stay put.
        """
        result = [(int(label), 0) for label in labels]
        for label in sorted(set(labels.tolist())):
            members = [i for i in range(len(labels)) if labels[i] == label and ordinals[i] >= 0]
            members.sort(key=lambda i: (ordinals[i], i))
            part, start = 0, None
            for i in members:
                if start is not None and ordinals[i] - start > self.max_days_apart:
                    part += 1
                    start = ordinals[i]
                start = ordinals[i] if start is None else start
                result[i] = (int(label), part)
        return result


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
