"""Incremental check for CI: only new articles are read, only pairs touching a new claim are scored.

`check()` adds the articles the store does not hold yet (an article is known by its id and the
sha256 of its text; a known id with a new text replaces the old version), assigns them to stored
or new events (event_assign.py), scores only candidate pairs with at least one new claim, judges
and rebuilds camps for the events that changed, and returns the full current RunResult plus
what is new. Old-vs-old pairs keep their stored judgement; their scores come from the store.

    >>> outcome = check(["articles/"], ".narratives/store.sqlite", Settings())
    >>> [p.id for p in outcome.unsuppressed]      # new contradictions no reviewer has seen
    >>> outcome.scored_pairs                        # candidate pairs that needed the NLI model
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from narratives import __version__
from narratives.baseline import Baseline, BaselineEntry, fingerprint_claims
from narratives.claims import extract_bounded, resolve_surnames
from narratives.config import Settings
from narratives.embed import Encoder, SentenceTransformerEncoder
from narratives.event_assign import article_text, assign
from narratives.events import EventClusterer, article_vectors
from narratives.judge import SIGNAL_WEIGHTS, Thresholds, score_and_judge
from narratives.camps import build_narratives
from narratives.nli import NLIModel, load_nli
from narratives.pairs import Candidate, candidate_pairs
from narratives.pipeline import ProgressFactory, Timer, claims_progress, no_progress, read_articles
from narratives.signals import names_an_actor, pair_links, prepare_readings
from narratives.store import Store, StoredEvent, run_lock, text_key
from narratives.store_cache import StoredEncoder, StoredScores
from narratives.store_result import current_result
from narratives.types import (Article, Camp, Claim, Event, InputProblem, Narrative, RunResult, ScoredPair,
                              content_id)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CampChange:
    event_id: str
    label: str
    before: tuple[Camp, ...]
    after: tuple[Camp, ...]


@dataclass(frozen=True)
class CheckResult:
    result: RunResult  # everything the store now holds: write it with report.write_reports
    new_articles: tuple[Article, ...]
    new_contradictions: tuple[ScoredPair, ...]  # flagged now and not before this run, highest score first
    suppressed: dict[str, BaselineEntry]  # pair id → the baseline entry covering that new contradiction
    camp_changes: tuple[CampChange, ...]  # events whose split of sources into camps changed
    stale: tuple[BaselineEntry, ...]  # baseline entries matching no current contradiction
    fingerprints: dict[str, str]  # pair id → baseline fingerprint, for every current contradiction
    scored_pairs: int  # candidate pairs that needed the NLI model in this run (0: all from the store)
    nli_predictions: int  # (premise, hypothesis) directions sent to the NLI model
    embedded_texts: int  # texts sent to the embedding model
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def unsuppressed(self) -> tuple[ScoredPair, ...]:
        """New contradictions no baseline entry covers: what fails CI."""
        return tuple(p for p in self.new_contradictions if p.id not in self.suppressed)


def state_key(settings: Settings, nli_model: str) -> str:
    """What stored judgements depend on; an event judged under another key is judged again."""
    return content_id(__version__, nli_model, repr(settings.contradiction_threshold),
                      repr(settings.agreement_threshold), repr(settings.nli_only_threshold), str(settings.neighbours),
                      repr(settings.pair_min_similarity), repr(settings.nli_min_similarity),
                      json.dumps(SIGNAL_WEIGHTS, sort_keys=True))


def check(new_paths: Sequence[str | Path], store: Store | str | Path, settings: Settings | None = None, *,
          encoder: Encoder | None = None, nli: NLIModel | None = None, baseline: Baseline | None = None,
          progress: ProgressFactory = no_progress, timer: Timer | None = None,
          deliver: Callable[[CheckResult], None] | None = None, outputs: Sequence[str | Path] = ()) -> CheckResult:
    """Add the new articles to the store and say what is new; see the module docstring.

    `deliver(outcome)` runs before the run's writes are committed (the CLI writes its reports
    there): if it raises, the store is left as it was and the next run finds the same news.
    `outputs`: the directories `deliver` writes to, which reading the new paths must skip.
    """
    if isinstance(new_paths, (str, Path)):
        new_paths = [new_paths]  # a lone str is a Sequence of characters; read it as one path
    settings = settings or Settings()
    options = (settings, encoder, nli, baseline or Baseline(), progress, timer or Timer(), deliver, outputs)
    # The lock comes first, before the store is opened or migrated and before any model loads:
    # a second run fails in a second, not a minute.
    if isinstance(store, Store):
        with store.exclusive():
            return _check(new_paths, store, *options)
    with run_lock(store), Store.open(store) as opened:
        return _check(new_paths, opened, *options)


def _check(paths, store: Store, settings: Settings, encoder, nli, baseline: Baseline, progress: ProgressFactory,
           timer: Timer, deliver: Callable[[CheckResult], None] | None, outputs: Sequence[str | Path]) -> CheckResult:
    with timer.stage("ingest"):
        articles, problems = read_articles(paths, settings, outputs)
    encoder = StoredEncoder(encoder or SentenceTransformerEncoder(settings.embed_model), store)
    # Built, not loaded: a run with nothing to score never pays for loading the model.
    nli = nli or load_nli(settings.nli_model, backend=settings.nli_backend, batch_size=settings.nli_batch_size,
                          max_length=settings.nli_max_length)
    store.bind_embed_model(encoder.model_id)
    known = store.article_hashes()
    fresh = [a for a in articles if known.get(a.id) != text_key(a.text)]
    stored_events = store.events()
    flagged_before = store.contradiction_ids()
    camps_before = store.narratives()
    scorer = StoredScores(nli, store, chunk=4 * max(1, settings.nli_batch_size))
    state = state_key(settings, scorer.model_key)
    affected: list[int] = []
    judged: list[ScoredPair] = []
    write: Callable[[], None] | None = None
    if fresh or any(e.state != state for e in stored_events):
        replaced = [a.id for a in fresh if a.id in known]
        affected, judged, write, notices = _update(store, settings, state, fresh, replaced, stored_events, encoder,
                                                   scorer, progress, timer)
        problems = [*problems, *notices]
    # Everything the run learned is one transaction, with the caller's reports inside it: a run
    # killed or failing before the end leaves only the caches behind.
    with store.transaction():
        if write is not None:
            with timer.stage("store"):
                write()
        with timer.stage("report"):
            result, event_id = current_result(store, settings, nli_model=nli.model_id,
                                              embed_model=encoder.model_id, problems=problems)
            outcome = _outcome(result, event_id, fresh, judged, affected, flagged_before, camps_before, baseline,
                               scorer, encoder, timer)
        if deliver is not None:
            deliver(outcome)
    return outcome


def _outcome(result: RunResult, event_id: dict[int, str], fresh: list[Article], judged: list[ScoredPair],
             affected: list[int], flagged_before: set[str], camps_before: dict[int, Narrative], baseline: Baseline,
             scorer: StoredScores, encoder: StoredEncoder, timer: Timer) -> CheckResult:
    """What is new, against what the store held before this run."""
    claims = {c.id: c for c in result.claims}
    by_id = {p.id: p for p in result.pairs}
    new = sorted((by_id[p.id] for p in judged if p.relation == "contradiction" and p.id not in flagged_before),
                 key=lambda p: (-p.contradiction_score, p.id))
    fingerprints = {p.id: fingerprint_claims(claims[p.a], claims[p.b]) for p in result.contradictions}
    suppressed = {p.id: entry for p in new if (entry := baseline.get(fingerprints[p.id])) is not None}
    return CheckResult(
        result=result, new_articles=tuple(fresh), new_contradictions=tuple(new), suppressed=suppressed,
        camp_changes=_camp_changes(affected, camps_before, result, event_id),
        stale=tuple(baseline.stale(set(fingerprints.values()))), fingerprints=fingerprints,
        scored_pairs=_pairs_computed(judged, claims, scorer),
        nli_predictions=len(scorer.computed), embedded_texts=encoder.computed, timings=dict(timer.seconds))


def _camp_changes(affected: list[int], before: dict[int, Narrative], result: RunResult,
                  event_id: dict[int, str]) -> tuple[CampChange, ...]:
    """Events whose split of sources into camps differs from before this run (labels aside), in report order."""
    labels = {e.id: e.label for e in result.events}
    now = {n.event_id: n.camps for n in result.narratives}
    changes = []
    for key in affected:
        if key not in event_id:  # an event left empty by a replaced article
            continue
        old = before[key].camps if key in before else ()
        if {frozenset(c.sources) for c in old} != {frozenset(c.sources) for c in now[event_id[key]]}:
            changes.append(CampChange(event_id[key], labels[event_id[key]], old, now[event_id[key]]))
    order = {e.id: i for i, e in enumerate(result.events)}
    return tuple(sorted(changes, key=lambda c: order[c.event_id]))


def _update(store: Store, settings: Settings, state: str, fresh: list[Article], replaced: list[str],
            stored_events: list[StoredEvent], encoder: StoredEncoder, scorer: StoredScores, progress: ProgressFactory,
            timer: Timer) -> tuple[list[int], list[ScoredPair], Callable[[], None], list[InputProblem]]:
    """Read `fresh` and judge every event it touches (or judged under other settings) again.

    Returns (affected event keys, judged pairs, the writes to run inside the run's transaction,
    the notices of articles cut to settings.max_claims_per_article claims).
    """
    old_versions = store.articles(ids=replaced)
    with timer.stage("claims"):
        raw, notices = extract_bounded(fresh, settings.max_claims_per_article, claims_progress(progress, fresh))
        names = store.full_names(except_articles=replaced) | {
            n for c in raw for n in (c.speaker, c.via) if n and len(n.split()) >= 2}
        new_claims = resolve_surnames(raw, names)
        prepare_readings(new_claims)  # batched parses of the propositions the signals read
        says_who = [names_an_actor(c) for c in new_claims]
    advance = progress("embeddings and events", len(fresh))
    with timer.stage("embed"):
        claim_vectors = encoder.encode_batch([c.proposition for c in new_claims])
        titles = [a.title or "" for a in fresh]
        title_vectors = encoder.encode_batch(titles) if any(titles) else None
        vectors = _article_vectors(fresh, new_claims, claim_vectors, title_vectors, encoder)
    with timer.stage("events"):
        clusterer = EventClusterer(settings.event_min_similarity, settings.event_max_days)
        candidates_events = _without(stored_events, old_versions)
        replaced_ids = set(replaced)

        def members(key: int):
            stored = [s for s in store.articles(event_keys=[key]) if s.article.id not in replaced_ids]
            return (np.stack([s.vector for s in stored]), [s.article.published for s in stored],
                    [article_text(s.article) for s in stored])

        keys = assign(fresh, vectors, candidates_events, members, clusterer, store.next_event_key())
    advance(len(fresh))

    stale = {e.key for e in stored_events if e.state != state}
    affected = sorted(set(keys) | stale | {s.event_key for s in old_versions})
    existing = {e.key for e in stored_events}
    with timer.stage("pairs"):
        claims, flags, is_new, events = _event_claims(store, affected, fresh, keys, new_claims, says_who, replaced)
        name = {key: event.id for key, event in zip(affected, events)}
        claim_vectors = encoder.encode_batch([c.proposition for c in claims])
        found, _stats = candidate_pairs(events, claims, claim_vectors, neighbours=settings.neighbours,
                                        min_similarity=settings.pair_min_similarity, priority=flags,
                                        linked=pair_links(claims))
        index = {c.id: i for i, c in enumerate(claims) if not is_new[i]}
        dropped = {c.id for c, _ in store.claims(article_ids=replaced)}
        kept = [Candidate(name[key], index[p.a], index[p.b], p.similarity)
                for key, p in store.pairs(event_keys=[k for k in affected if k in existing and k not in stale])
                if p.a not in dropped and p.b not in dropped]
        # Stale events get their whole candidate set again; elsewhere only pairs with a new claim are added.
        fresh_events = {name[k] for k in affected if k not in existing or k in stale}
        added = [c for c in found if c.event_id in fresh_events or is_new[c.a] or is_new[c.b]]
        candidates = sorted(kept + added, key=lambda c: (c.event_id, claims[c.a].id, claims[c.b].id))

    def predict(texts, direction: str) -> np.ndarray:
        with timer.stage("nli"):
            return scorer.predict(texts, lambda total: progress(f"scoring new pairs (NLI {direction})", total))

    with timer.stage("judge"):
        judged = score_and_judge(candidates, claims, predict, Thresholds.from_settings(settings))
        narratives = {n.event_id: n for n in build_narratives(events, claims, judged)}
    def write() -> None:
        store.remove_articles(replaced)
        seq = store.next_seq()
        for i, (article, key) in enumerate(zip(fresh, keys)):
            store.add_article(article, seq + i, key, vectors[i])
        store.add_claims(list(zip(new_claims, says_who)))
        by_event: dict[str, list[ScoredPair]] = defaultdict(list)
        for pair in judged:
            by_event[pair.event_id].append(pair)
        for key in affected:
            store.put_event(key, state, narratives[name[key]], by_event[name[key]])
    return affected, judged, write, notices


def _article_vectors(articles: list[Article], claims: list[Claim], claim_vectors: np.ndarray,
                     title_vectors: np.ndarray | None, encoder: StoredEncoder) -> np.ndarray:
    """Article vectors as pipeline.cluster_events builds them, with its zero fallbacks for missing claims or titles."""
    if not articles:  # only judging again: nothing to embed
        return np.zeros((0, 0), np.float32)
    # The zeros need the model's dimension even when nothing was embedded: stored vectors outlive this batch.
    dim = (claim_vectors.shape[1] if len(claims) else title_vectors.shape[1] if title_vectors is not None
           else encoder.encode_batch([""]).shape[1])
    if title_vectors is None:
        title_vectors = np.zeros((len(articles), dim), np.float32)
    if not len(claims):
        claim_vectors = np.zeros((0, dim), np.float32)
    return article_vectors(articles, claims, claim_vectors, title_vectors)


def _without(events: list[StoredEvent], removed) -> list[StoredEvent]:
    """Stored events as if the old versions of replaced articles had never been added."""
    gone: dict[int, list[np.ndarray]] = defaultdict(list)
    for stored in removed:
        gone[stored.event_key].append(stored.vector.astype(np.float64))
    result = []
    for event in events:
        size = event.size - len(gone[event.key])
        if size <= 0:
            continue
        centroid = (event.centroid * event.size - sum(gone[event.key], np.zeros_like(event.centroid))) / size
        result.append(replace(event, centroid=centroid, size=size))
    return result


def _event_claims(store: Store, affected: list[int], fresh: list[Article], keys: list[int], new_claims: list[Claim],
                  says_who: list[bool], replaced: list[str]):
    """Claims of the affected events in store order (stored members first, then new articles), as Events."""
    replaced_ids = set(replaced)
    stored = [s for s in store.articles(event_keys=affected) if s.article.id not in replaced_ids]
    members = [s.article.id for s in stored]
    member_key = {s.article.id: s.event_key for s in stored}
    by_article: dict[str, list[tuple[Claim, bool, bool]]] = defaultdict(list)
    for claim, flag in store.claims(article_ids=members):
        by_article[claim.article_id].append((claim, flag, False))
    for claim, flag in zip(new_claims, says_who):
        by_article[claim.article_id].append((claim, flag, True))
    order: dict[int, list[str]] = defaultdict(list)
    for article_id in members:
        order[member_key[article_id]].append(article_id)
    for article, key in zip(fresh, keys):
        order[key].append(article.id)
    claims, flags, is_new, events = [], [], [], []
    for key in affected:
        start = len(claims)
        for article_id in order[key]:
            for claim, flag, new in by_article[article_id]:
                claims.append(claim)
                flags.append(flag)
                is_new.append(new)
        # The id build_events will give the event: candidates then come in the order `run` scores
        # them in, so NLI sees the same batches (see StoredScores.predict).
        article_ids = tuple(sorted(order[key]))
        event_id = "E" + content_id(*article_ids, length=10) if article_ids else f"emptied-{key}"
        events.append(Event(event_id, "", article_ids, tuple(c.id for c in claims[start:])))
    return claims, flags, is_new, events


def _pairs_computed(judged: Sequence[ScoredPair], claims: dict[str, Claim], scorer: StoredScores) -> int:
    """Candidate pairs for which at least one direction was sent to the NLI model in this run."""
    def key(claim: Claim) -> str:
        return text_key(claim.proposition)

    count = 0
    for pair in judged:
        a, b = key(claims[pair.a]), key(claims[pair.b])
        count += (a, b) in scorer.computed or (b, a) in scorer.computed
    return count
