"""Engines: where the per-item stages run. The local engine runs them in this process; the Ray engine
(engine_ray.py, imported only when chosen) on the workers of a Ray cluster.

An engine supplies the stages whose work splits into independent items: claim extraction per
article (`extract_claims`, extract_bounded's arguments and result), an Encoder, an NLIModel, and
the claim-level signals of each candidate pair (`pair_signals`). Everything that needs the whole
corpus (surname resolution, events, candidate pairs, the combined score of each pair, camps, the
report) stays in pipeline.py and runs the same for every engine. An engine decides where the work
runs, not what it computes: both split it by the same plans (`embed.batch_plan`,
`nli_base.pair_groups`), so a run gives the same report.json on either, and the engine is no
setting (it is not recorded in report.json).

>>> with open_engine("ray", address="auto") as engine:
...     result = pipeline.run(["seeds/"], engine=engine)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from narratives.claims import extract_bounded
from narratives.config import Settings
from narratives.embed import Encoder, SentenceTransformerEncoder
from narratives.errors import ConfigError
from narratives.judge import pair_signals
from narratives.nli import NLIModel, load_nli
from narratives.pairs import Candidate
from narratives.signals import Signal
from narratives.types import Article, Claim, InputProblem

ENGINES = ("local", "ray")


class Engine(Protocol):
    name: str
    stats: dict  # per-stage measurements for the benchmark (worker time, model loads, memory); never in a report

    def extract_claims(self, articles: Sequence[Article], max_claims: int | None,
                       advance: Callable[[int], None] | None = None) -> tuple[list[Claim], list[InputProblem]]:
        """Claims per article before the cross-article surname step, as `claims.extract_bounded` returns them."""
        ...

    def encoder(self, settings: Settings) -> Encoder: ...

    def nli(self, settings: Settings) -> NLIModel: ...

    def pair_signals(self, candidates: Sequence[Candidate], claims: Sequence[Claim]) -> list[list[Signal]]:
        """`judge.pair_signals`: each candidate pair's claim-level signals, in candidate order."""
        ...

    def close(self) -> None: ...


class LocalEngine:
    """Every stage in this process, the models loaded here."""

    name = "local"

    def __init__(self):
        self.stats: dict = {}

    def extract_claims(self, articles, max_claims, advance=None):
        return extract_bounded(articles, max_claims, advance)

    def encoder(self, settings: Settings) -> Encoder:
        return SentenceTransformerEncoder(settings.embed_model)

    def nli(self, settings: Settings) -> NLIModel:
        return load_nli(settings.nli_model, backend=settings.nli_backend, batch_size=settings.nli_batch_size,
                        max_length=settings.nli_max_length)

    def pair_signals(self, candidates: Sequence[Candidate], claims: Sequence[Claim]) -> list[list[Signal]]:
        return pair_signals(candidates, claims)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def open_engine(name: str = "local", *, address: str | None = None, **options) -> Engine:
    """The engine of that name; "ray" connects to `address` ("auto", "ray://host:10001") or starts a local cluster.

    `options` go to engine_ray.RayEngine (workers, runtime_env, …). Close the engine when done
    (it is a context manager): the Ray engine then stops the cluster it started.
    """
    if name == "local":
        if address is not None:
            raise ConfigError("--ray-address needs --engine ray")
        return LocalEngine()
    if name == "ray":
        from narratives.engine_ray import RayEngine  # Ray is an optional extra, imported only by those who use it

        return RayEngine(address=address, **options)
    raise ConfigError(f"unknown engine {name!r}; use one of {list(ENGINES)}")
