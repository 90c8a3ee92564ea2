"""Compose the stages: files → articles → claims → events → pairs → scores → narratives.

`run()` returns a RunResult and never prints; the CLI decides what to show. Models are passed
in or built from Settings, so tests and the store can reuse one loaded model.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import numpy as np

from narratives import __version__
from narratives.camps import build_narratives
from narratives.claims import extract_all
from narratives.config import Settings
from narratives.embed import CachedEncoder, Encoder
from narratives.engine import Engine, LocalEngine, open_engine
from narratives.events import EventClusterer, article_vectors, build_events
from narratives.errors import InputError
from narratives.ingest import read_inputs
from narratives.judge import Thresholds, score_and_judge
from narratives.nli import NLIModel, predict_with_progress
from narratives.pairs import candidate_pairs
from narratives.signals import names_an_actor, pair_links, prepare_readings
from narratives.types import Article, Claim, Event, InputProblem, RunResult, run_counts

log = logging.getLogger(__name__)

# progress(stage description, total) → callable(advance) ; the CLI passes a tqdm factory
ProgressFactory = Callable[[str, int], Callable[[int], None]]


def no_progress(_: str, __: int) -> Callable[[int], None]:
    return lambda _n: None


def progress_bars(quiet: bool = False) -> ProgressFactory:
    """tqdm bars on stderr, one per stage, gone when the stage is done; nothing at all when quiet."""
    if quiet:
        return no_progress
    from tqdm.auto import tqdm

    def factory(description: str, total: int) -> Callable[[int], None]:
        bar = tqdm(total=total, desc=description, unit="item", file=sys.stderr, leave=False)

        def advance(n: int) -> None:
            bar.update(n)
            if bar.n >= bar.total:
                bar.close()
        return advance
    return factory


class Timer:
    """Wall time per stage, for the benchmark (kept out of the deterministic report).

    Stages nest: time spent in an inner stage (model calls inside judging) counts for it
    alone, so the seconds of all stages add up to the wall time.
    """

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._inner: list[float] = []  # per open stage: seconds its inner stages took

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        self._inner.append(0.0)
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            inner = self._inner.pop()
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed - inner
            if self._inner:
                self._inner[-1] += elapsed


def analyse(articles: Sequence[Article], settings: Settings, *, encoder: Encoder | None = None,
            nli: NLIModel | None = None, progress: ProgressFactory = no_progress,
            timer: Timer | None = None, inputs: Sequence[str] = (), problems=(),
            engine: Engine | None = None) -> RunResult:
    """Run every stage after ingestion on already-read articles.

    `engine` runs the per-item stages (engine.py): in this process by default; models not
    passed in are the engine's.
    """
    timer = timer or Timer()
    engine = engine or LocalEngine()
    encoder = encoder or CachedEncoder(engine.encoder(settings))
    nli = nli or engine.nli(settings)
    if hasattr(nli, "load"):
        nli.load()

    claims, claim_vectors, events, notices = cluster_events(articles, settings, encoder=encoder, timer=timer,
                                                            progress=progress, engine=engine)
    problems = (*problems, *notices)
    event_of = {claim_id: e.id for e in events for claim_id in e.claim_ids}
    with timer.stage("pairs"):
        prepare_readings(claims)  # batched parses of the propositions the signals read
        says_who = [names_an_actor(c) for c in claims]
        candidates, stats = candidate_pairs(events, claims, claim_vectors, neighbours=settings.neighbours,
                                            min_similarity=settings.pair_min_similarity, priority=says_who,
                                            linked=pair_links(claims))

    def predict(texts, direction: str) -> np.ndarray:
        with timer.stage("nli"):
            return predict_with_progress(nli, texts, progress(f"scoring pairs (NLI {direction})", len(texts)))

    with timer.stage("signals"):
        signals = engine.pair_signals(candidates, claims)
    with timer.stage("judge"):
        pairs = score_and_judge(candidates, claims, predict, Thresholds.from_settings(settings), signals=signals)
        narratives = build_narratives(events, claims, pairs)

    claims_with_events = tuple(c for c in claims if c.id in event_of)
    metadata = {
        "tool": f"narratives {__version__}",
        "inputs": list(inputs),
        "settings": asdict(settings) | {"nli_model": nli.model_id, "embed_model": encoder.model_id},
        "counts": run_counts(len(articles), len(claims), len(events), pairs, len(problems), stats.cross_source_pairs,
                             stats.within_article_pairs, {c.id: c.article_id for c in claims}),
    }
    return RunResult(tuple(articles), claims_with_events, tuple(events), tuple(pairs), tuple(narratives),
                     tuple(problems), metadata)


def cluster_events(articles: Sequence[Article], settings: Settings, *, encoder: Encoder | None = None,
                   timer: Timer | None = None, progress: ProgressFactory = no_progress,
                   engine: Engine | None = None) -> tuple[list[Claim], np.ndarray, list[Event], list[InputProblem]]:
    """Claims, their vectors and events (no NLI): also what `narratives eval events` measures.

    The last item notes each article cut to `settings.max_claims_per_article` claims.
    """
    timer = timer or Timer()
    engine = engine or LocalEngine()
    encoder = encoder or CachedEncoder(engine.encoder(settings))
    with timer.stage("claims"):
        claims, notices = extract_all(articles, settings.max_claims_per_article, claims_progress(progress, articles),
                                      extract=engine.extract_claims)
    advance = progress("embeddings and events", len(articles))
    with timer.stage("embed"):
        titles = [a.title or "" for a in articles]
        if any(titles) and hasattr(encoder, "encode_lists"):  # one request: on Ray, one pool of actors
            claim_vectors, title_vectors = encoder.encode_lists([[c.proposition for c in claims], titles])
        else:
            claim_vectors = encoder.encode_batch([c.proposition for c in claims])
            title_vectors = encoder.encode_batch(titles) if any(titles) else None
    with timer.stage("events"):
        if not articles:
            advance(0)  # closes the empty bar
            return claims, claim_vectors, [], notices
        if title_vectors is None:
            title_vectors = np.zeros((len(articles), claim_vectors.shape[1] if len(claims) else 1), np.float32)
        if not len(claim_vectors):
            claim_vectors = np.zeros((0, title_vectors.shape[1]), dtype=np.float32)
        vectors = article_vectors(articles, claims, claim_vectors, title_vectors)
        labels = EventClusterer(settings.event_min_similarity, settings.event_max_days).fit(
            vectors, [a.published for a in articles], [f"{a.title}\n{a.text}" for a in articles]).labels_
        events = build_events(articles, claims, labels)
    advance(len(articles))
    return claims, claim_vectors, events, notices


def claims_progress(progress: ProgressFactory, articles: Sequence[Article]) -> Callable[[int], None]:
    """A bar over the characters of all articles, so that it moves inside a long article too."""
    total = sum(len(a.text) for a in articles)
    advance = progress("claims (characters read)", total)
    if not total:
        advance(0)  # nothing to read (check only judging stored events again): close the bar at once
    return advance


def read_articles(paths: Sequence[str | Path], settings: Settings | None = None, outputs: Sequence[str | Path] = ()):
    """read_inputs, logging each problem; no readable article at all is a failure of the run.

    `outputs`: the directories this run writes to, which directory walks must not read back.
    """
    settings = settings or Settings()
    articles, problems = read_inputs(paths, max_file_bytes=settings.max_file_bytes, outputs=outputs)
    for problem in problems:
        log.warning("%s", problem)
    if not articles:
        details = "; ".join(str(p) for p in problems[:3]) or "no supported files found"
        raise InputError(f"no article could be read from {', '.join(map(str, paths))} ({details})")
    return articles, problems


def run(paths: Sequence[str | Path], settings: Settings | None = None, *, outputs: Sequence[str | Path] = (),
        engine: str | Engine = "local", ray_address: str | None = None, **options) -> RunResult:
    """Read the inputs and analyse them; `outputs` are directories the caller writes to, never read.

    `engine`: "local" (this process), "ray" (a Ray cluster at `ray_address`, else a local one
    started for this run and stopped after it), or an open Engine, which the caller closes.

    >>> result = run(["seeds/"], outputs=["reports/seeds"])
    >>> [(p.a, p.b) for p in result.contradictions]
    >>> result = run(["seeds/"], engine="ray", ray_address="auto")  # the same result, on a cluster
    """
    settings = settings or Settings()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    articles, problems = read_articles(paths, settings, outputs)  # unreadable input fails before a cluster starts
    opened = open_engine(engine, address=ray_address) if isinstance(engine, str) else None
    try:
        return analyse(articles, settings, inputs=[str(p) for p in paths], problems=problems,
                       engine=opened or engine, **options)
    finally:
        if opened is not None:
            opened.close()
