"""The Ray engine: claim extraction, embedding and NLI scoring as Ray Data transformations on a Ray cluster.

Each of the three stages is one `map_batches` over groups of work (a few articles, one embedding
batch of `embed.batch_plan`, a few NLI batches of `nli_base.pair_groups`), run by a pool of actors
that each load their model once in `__init__`. The driver (pipeline.py) keeps the steps that need
the whole corpus: surname resolution, events, candidate pairs, judging, camps and the report. The
groups are the same ones the local engine computes one after another, so the vectors and scores
are bit-identical and report.json is the same (tests/test_engine_ray.py).

Faults: Ray Data restarts an actor that dies mid-run (its process killed, a machine lost) and
retries the groups it held, each up to TASK_RETRIES times; a model that cannot load on a worker
raises its own `[N200]` error here, on the driver, instead of leaving the run waiting for actors
that never start.

Resources: each actor asks for `cpus_per_worker` CPUs (1: the models run one thread per
actor, and Ray sets OMP_NUM_THREADS to it) and the NLI actors for `nli_gpus` GPUs (0; with the
torch backend, 1 puts the NLI stage on GPUs). `workers` actors per stage, by default one per
CPU of the cluster.
"""

from __future__ import annotations

import logging
import os
import pickle
import resource
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from narratives.config import Settings
from narratives.embed import batch_plan, gather
from narratives.errors import ConfigError, NarrativesError, UnexpectedError
from narratives.judge import pair_signals
from narratives.nli_base import DEFAULT_NLI_MODEL, LABELS, pair_groups
from narratives.pairs import Candidate
from narratives.parse import packed, unpack
from narratives.signals import Signal, readings, remember_readings
from narratives.types import Article, Claim, InputProblem

try:
    import ray
    import ray.data
except ImportError as error:  # pragma: no cover - exercised where the extra is not installed
    raise ConfigError(f"the ray engine needs Ray, the optional extra ray ({error}): pip install 'narratives[ray]'") from error

log = logging.getLogger(__name__)

ARTICLES_PER_GROUP = 4  # small groups: articles differ a lot in length, and a worker left idle is lost time
NLI_BATCHES_PER_GROUP = 8  # settings.nli_batch_size pairs per batch: 256 pairs a group by default
PAIRS_PER_GROUP = 1000  # candidate pairs whose signals one call computes: whole events, up to 4,000 for one event
TASK_RETRIES = 4  # times a group is sent again after its actor died
MAX_BLOCKS = 2000  # Ray Data blocks per stage; groups beyond that share blocks (one task each)


class RayEngine:
    """Runs the per-item stages on a Ray cluster; a context manager that disconnects (and stops a
    cluster it started) on exit.

    address None starts a local cluster in this process (`num_cpus` CPUs, all by default) unless
    Ray is already initialised, which is then used as it is; "auto" joins the cluster started on
    this machine with `ray start --head`; "ray://host:10001" connects through the Ray Client.
    """

    name = "ray"

    def __init__(self, address: str | None = None, *, workers: int | None = None, num_cpus: int | None = None,
                 cpus_per_worker: float = 1, nli_gpus: float = 0, runtime_env: dict | None = None,
                 temp_dir: str | None = None, articles_per_group: int = ARTICLES_PER_GROUP,
                 nli_batches_per_group: int = NLI_BATCHES_PER_GROUP, pairs_per_group: int = PAIRS_PER_GROUP):
        self.stats: dict[str, dict] = {}
        self.pairs_per_group = pairs_per_group
        self.articles_per_group = articles_per_group
        self.nli_batches_per_group = nli_batches_per_group
        self.cpus_per_worker = cpus_per_worker
        self.nli_gpus = nli_gpus
        self._connected = False
        if not ray.is_initialized():
            options: dict = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False,
                                 runtime_env=runtime_env)
            if address is None:
                options |= dict(num_cpus=num_cpus, _temp_dir=temp_dir)
            else:
                options["address"] = address
            try:
                ray.init(**options)
            except (ConnectionError, RuntimeError, ValueError) as error:
                raise ConfigError(f"cannot start or reach a Ray cluster at {address or 'a new local cluster'}: "
                                  f"{error}") from error
            self._connected = True
        cpus = ray.cluster_resources().get("CPU", 1)
        self.workers = workers or max(1, int(cpus // max(cpus_per_worker, 1e-9)))
        with warnings.catch_warnings():  # Ray Data's context warns of its own deprecated fields when made
            warnings.simplefilter("ignore", DeprecationWarning)
            context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # the pipeline's own bars show progress
        context.verbose_progress = False
        # Ray Data reports each execution at INFO and deprecations at WARNING; failures reach us as exceptions.
        logging.getLogger("ray.data").setLevel(logging.ERROR)

    # --- the three stages -------------------------------------------------------------------------------

    def extract_claims(self, articles: Sequence[Article], max_claims: int | None,
                       advance: Callable[[int], None] | None = None) -> tuple[list[Claim], list[InputProblem]]:
        articles = list(articles)
        groups = [articles[start:start + self.articles_per_group]
                  for start in range(0, len(articles), self.articles_per_group)]

        def done(index: int, _value) -> None:
            if advance:
                advance(sum(len(a.text) for a in groups[index]))

        results = self._map("claims", _ExtractClaims, {"max_claims": max_claims}, groups, done=done)
        claims: list[Claim] = []
        notices: list[InputProblem] = []
        parses: dict[str, bytes] = {}
        for found, cut, parsed, read in results:
            claims.extend(found)
            notices.extend(cut)
            parses.update(parsed)
            remember_readings(read)
        # The pairs stage reads every claim (signals.prepare_readings: its parse, clauses and actors), which
        # was the largest step left on the driver (BENCHMARKS.md, "The Ray engine"): the workers read their
        # claims and send the readings, and the parses for what the judge still reads.
        unpack(parses)
        for notice in notices:  # as extract_bounded logs them on the local engine
            log.warning("%s", notice)
        return claims, notices

    def pair_signals(self, candidates: Sequence[Candidate], claims: Sequence[Claim]) -> list[list[Signal]]:
        """`judge.pair_signals` on the workers, whole events to a group where they fit: each claim's parse
        travels once with its event, and the workers read the claims again from it."""
        groups: list[list[int]] = []  # candidate indexes; candidates come sorted by event
        for index, candidate in enumerate(candidates):
            if not groups:
                groups.append([])
            full = len(groups[-1]) >= self.pairs_per_group
            if (full and candidates[groups[-1][-1]].event_id != candidate.event_id
                    or len(groups[-1]) >= 4 * self.pairs_per_group):  # a huge event is cut
                groups.append([])
            groups[-1].append(index)
        payloads = []
        for group in groups:
            used = sorted({i for g in group for i in (candidates[g].a, candidates[g].b)})
            local = {claim: position for position, claim in enumerate(used)}
            payloads.append(([replace(candidates[g], a=local[candidates[g].a], b=local[candidates[g].b]) for g in group],
                             [claims[i] for i in used], packed([claims[i].proposition for i in used])))
        found = self._map("signals", _PairSignals, {}, payloads)
        return [signals for part in found for signals in part]

    def encoder(self, settings: Settings) -> RayEncoder:
        return RayEncoder(self, settings.embed_model)

    def nli(self, settings: Settings) -> RayNLI:
        return RayNLI(self, settings)

    def close(self) -> None:
        if self._connected:
            ray.shutdown()
            self._connected = False

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- how a stage runs -------------------------------------------------------------------------------

    def _map(self, stage: str, worker: type, options: dict, groups: Sequence, *,
             done: Callable[[int, object], None] | None = None, gpus: float = 0) -> list:
        """One result per group, in group order: a `map_batches` over one row per group, by an actor pool."""
        if not groups:
            return []
        started = time.perf_counter()
        rows = [{"group": index, "payload": pickle.dumps(group, protocol=5)} for index, group in enumerate(groups)]
        dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), MAX_BLOCKS))
        with warnings.catch_warnings():
            # Ray 2.60 (pinned) takes actor options only as extra keyword arguments, which it says
            # will go in 2.64 without naming a replacement for these two: revisit with the pin.
            warnings.filterwarnings("ignore", message="`ray_remote_args` is deprecated")
            dataset = dataset.map_batches(
                worker, fn_constructor_kwargs={"options": options}, batch_size=1, batch_format="numpy",
                compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(rows))),
                num_cpus=self.cpus_per_worker, num_gpus=gpus or None,
                # A dead actor is replaced however often (nodes come and go in a long run), but a group
                # whose actor dies again and again (out of memory on it, say) fails the run, not loops.
                max_restarts=-1, max_task_retries=TASK_RETRIES)
        results: list = [None] * len(rows)
        seen = [False] * len(rows)
        measured = self.stats.setdefault(stage, {"groups": 0, "wall_s": 0.0, "busy_s": 0.0, "load_s": 0.0,
                                                 "actors": {}})
        try:
            for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                for index, blob in zip(batch["group"], batch["result"]):
                    index = int(index)
                    value, meter = pickle.loads(blob)
                    if seen[index]:  # a retried group whose first answer did arrive: the same value again
                        continue
                    seen[index] = True
                    results[index] = value
                    measured["busy_s"] += meter["busy_s"]
                    actor = measured["actors"].setdefault(meter["pid"], {"load_s": meter["load_s"], "groups": 0})
                    actor["groups"] += 1
                    actor["peak_rss_mib"] = meter["peak_rss_mib"]
                    if done:
                        done(index, value)
        except Exception as error:
            raise worker_error(error, stage) from None
        missing = seen.count(False)
        if missing:
            raise UnexpectedError(f"the Ray {stage} stage returned no result for {missing} of {len(rows)} groups")
        measured["groups"] += len(rows)
        measured["wall_s"] += time.perf_counter() - started
        measured["load_s"] = sum(a["load_s"] for a in measured["actors"].values())
        return results


class RayEncoder:
    """An Encoder whose batches (`embed.batch_plan`) are encoded by a pool of Ray actors."""

    def __init__(self, engine: RayEngine, model: str, batch_size: int = 64):
        self.engine = engine
        self.model_name = model
        self.batch_size = batch_size  # SentenceTransformerEncoder's, so that the plan is the local engine's

    @property
    def model_id(self) -> str:
        return self.model_name  # as SentenceTransformerEncoder names it

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        return self.encode_lists([texts])[0]

    def encode_lists(self, lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """`encode_batch` of each list, all in one Ray Data run: the actors start and load the model once."""
        plans = [batch_plan(texts, self.batch_size) for texts in lists]
        groups = [[texts[i] for i in group] for texts, plan in zip(lists, plans) for group in plan]
        vectors = iter(self.engine._map("embed", _Encode, {"model": self.model_name}, groups))
        return [gather(len(texts), [(group, next(vectors)) for group in plan]) if len(texts)
                else np.zeros((0, 0), dtype=np.float32) for texts, plan in zip(lists, plans)]


class RayNLI:
    """An NLIModel whose pair groups (`nli_base.pair_groups`) are scored by a pool of Ray actors."""

    def __init__(self, engine: RayEngine, settings: Settings):
        from narratives.nli import load_nli

        self.engine = engine
        self.settings = settings
        self._local = load_nli(settings.nli_model, backend=settings.nli_backend, batch_size=settings.nli_batch_size,
                               max_length=settings.nli_max_length)  # not loaded here: only for its model_id
        self._options = {"model": settings.nli_model, "bundled": settings.nli_model == DEFAULT_NLI_MODEL,
                         "backend": settings.nli_backend, "batch_size": settings.nli_batch_size,
                         "max_length": settings.nli_max_length,
                         # torch on the GPU Ray gives the actor (onnx-int8 refuses a GPU with its own [N200])
                         "device": "cuda" if engine.nli_gpus else None}
        self._checked = False

    @property
    def model_id(self) -> str:
        return self._local.model_id

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS

    def load(self) -> RayNLI:
        """Load the model once on a worker now: a model that cannot load fails the run before any work."""
        if self._checked:
            return self
        probe = ray.remote(num_cpus=self.engine.cpus_per_worker, num_gpus=self.engine.nli_gpus or None,
                           max_retries=0)(_check_nli)
        started = time.perf_counter()
        try:
            ray.get(probe.remote(self._options))
        except Exception as error:
            raise worker_error(error, "nli") from None
        self.engine.stats.setdefault("nli model check", {})["wall_s"] = time.perf_counter() - started
        self._checked = True
        return self

    def predict_batch(self, pairs: Sequence[tuple[str, str]],
                      progress: Callable[[int], None] | None = None) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        groups = pair_groups(pairs, self.settings.nli_batch_size, self.engine.nli_batches_per_group)

        def done(index: int, _value) -> None:
            if progress:
                progress(len(groups[index]))

        scores = self.engine._map("nli", _ScoreNLI, self._options, [[pairs[i] for i in group] for group in groups],
                                  done=done, gpus=self.engine.nli_gpus)
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for group, rows in zip(groups, scores):
            out[group] = rows
        return out


def worker_error(error: BaseException, stage: str) -> Exception:
    """The tool's own error behind a Ray failure (a model that did not load: `[N200] …`), else the failure itself.

    Ray wraps a worker's exception in RayTaskError (whose `cause` is the original) or, for an actor
    whose constructor failed, in ActorDiedError; Ray Data adds its own layers with `__cause__`.
    """
    stack, seen = [error], set()
    while stack:
        current = stack.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NarrativesError) and not isinstance(current, ray.exceptions.RayError):
            return type(current)(*current.args)  # a clean copy: str() of Ray's wrapper holds a traceback
        stack += [getattr(current, "cause", None), current.__cause__, current.__context__]
        if isinstance(current, ray.exceptions.RayError):
            # an actor's constructor error travels as text inside ActorDiedError
            found = _error_in_text(str(current))
            if found is not None:
                return found
    log.debug("the Ray %s stage failed", stage, exc_info=error)
    return error if isinstance(error, Exception) else UnexpectedError(str(error))


def _error_in_text(text: str) -> NarrativesError | None:
    """`narratives.errors.ModelError: [N200] …` in a Ray error's text, as the error it names."""
    from narratives import errors

    for line in text.splitlines():
        for name in ("ModelError", "InputError", "ConfigError", "OutputError", "StoreError"):
            marker = f"{name}: ["
            if marker in line:
                message = line.split(marker, 1)[1].split("] ", 1)
                if len(message) == 2:
                    return getattr(errors, name)(message[1])
    return None


# --- what runs on the workers ---------------------------------------------------------------------------

def _peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


class _Worker(ABC):
    """A Ray Data callable class: `setup` loads the model once; each call maps one group (one row)."""

    def __init__(self, options: dict):
        started = time.perf_counter()
        self.setup(**options)
        self.load_s = time.perf_counter() - started

    @abstractmethod
    def setup(self, **options) -> None:
        """Load what every group of this stage needs (a model), once per worker."""

    @abstractmethod
    def work(self, group):
        """The stage's result for one group."""

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        results = []
        for blob in batch["payload"]:
            started = time.perf_counter()
            value = self.work(pickle.loads(blob))
            meter = {"pid": os.getpid(), "busy_s": time.perf_counter() - started, "load_s": self.load_s,
                     "peak_rss_mib": _peak_rss_mib()}
            results.append(pickle.dumps((value, meter), protocol=5))
        return {"group": batch["group"], "result": np.array(results, dtype=object)}


class _ExtractClaims(_Worker):
    def setup(self, max_claims: int | None) -> None:
        from narratives.parse import nlp

        self.max_claims = max_claims
        nlp()  # spaCy's pipeline, once per actor

    def work(self, articles: list[Article]) -> tuple[list[Claim], list[InputProblem], dict[str, bytes], list]:
        from narratives.claims import extract_bounded

        claims, notices = extract_bounded(articles, self.max_claims)
        read = readings(claims)  # with each claim's speaker before the driver's surname step: a changed one is read again there
        return claims, notices, packed([claim.proposition for claim in claims]), read


class _Encode(_Worker):
    def setup(self, model: str) -> None:
        from narratives.embed import SentenceTransformerEncoder

        self.encoder = SentenceTransformerEncoder(model)
        self.encoder._load()

    def work(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode_group(texts)


def _load_nli(options: dict):
    from narratives.nli import load_nli

    # The bundled model lies inside the package, wherever this worker has it installed.
    model = DEFAULT_NLI_MODEL if options["bundled"] else options["model"]
    return load_nli(model, backend=options["backend"], batch_size=options["batch_size"],
                    max_length=options["max_length"], device=options["device"]).load()


class _PairSignals(_Worker):
    def setup(self) -> None:
        from narratives.parse import nlp

        nlp()  # the vocabulary the parses are restored into

    def work(self, group: tuple[list[Candidate], list[Claim], dict[str, bytes]]) -> list[list[Signal]]:
        candidates, claims, parses = group
        unpack(parses)
        return pair_signals(candidates, claims)


def _check_nli(options: dict) -> None:
    _load_nli(options)  # the loaded model stays on the worker: an ONNX session does not pickle


class _ScoreNLI(_Worker):
    def setup(self, **options) -> None:
        self.model = _load_nli(options)

    def work(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        return self.model.predict_batch(pairs)
