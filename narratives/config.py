"""Settings: defaults < pyproject.toml [tool.narratives] < NARRATIVES_* environment < command line."""

from __future__ import annotations

import dataclasses
import logging
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from narratives.embed import DEFAULT_EMBEDDER
from narratives.errors import ConfigError
from narratives.nli import BACKENDS, DEFAULT_BACKEND, DEFAULT_NLI_MODEL
from narratives.textfile import read_text

log = logging.getLogger(__name__)

_KINDS = {int: "a whole number", float: "a number", str: "text"}
# NARRATIVES_* variables read elsewhere, so not misspelt settings to warn about.
NOT_SETTINGS = frozenset({
    "NARRATIVES_DATA",  # the NLI data sets for training, evaluation and the benchmark (models/data_root.py)
    "NARRATIVES_TEST_NLI_MODEL",  # another checkpoint for the slow tests (tests/test_nli_onnx.py)
})


@dataclass(frozen=True)
class Settings:
    embed_model: str = DEFAULT_EMBEDDER  # sentence-transformers name or path
    nli_model: str = DEFAULT_NLI_MODEL  # transformers NLI model: path or hub id
    nli_backend: str = DEFAULT_BACKEND  # "onnx-int8" (fast on a CPU) or "torch" (a GPU, or a model that will not export)
    nli_batch_size: int = 32
    nli_max_length: int = 256  # tokens per (premise, hypothesis); longer inputs are truncated
    event_min_similarity: float = 0.6  # article similarity (embedding and words) needed to share an event
    event_max_days: int = 60  # articles further apart in time are never one event
    neighbours: int = 8  # candidate partners per claim
    pair_min_similarity: float = 0.3  # cosine similarity below which two claims are not about the same thing
    contradiction_threshold: float = 0.7  # combined score that flags a pair
    agreement_threshold: float = 0.6  # entailment probability, both directions, that counts as agreement
    nli_only_threshold: float = 0.9  # mean contradiction of both directions that flags a pair without any signal
    # Similarity below which a pair with no contradiction signal is not sent to NLI: there NLI could only
    # agree or flag alone, and on news every NLI agreement had similarity ≥ 0.7 (judge.py). 0: score all.
    nli_min_similarity: float = 0.6
    max_file_mb: float = 20.0  # larger input files are reported and skipped (megabytes of 10^6 bytes)
    max_claims_per_article: int = 400  # claims compared per article; an article with more is reported

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    def __post_init__(self) -> None:
        for field in fields(self):
            value, kind = getattr(self, field.name), type(field.default)
            if kind is float and isinstance(value, int) and not isinstance(value, bool):
                object.__setattr__(self, field.name, value := float(value))
            elif kind is str and isinstance(value, os.PathLike):  # a model path from Python
                object.__setattr__(self, field.name, value := os.fspath(value))
            # bool is an int to Python, but `neighbours = true` is a mistake, not 1
            if isinstance(value, bool) or not isinstance(value, kind):
                raise ConfigError(f"setting {field.name}={value!r} must be {_KINDS[kind]}, not {type(value).__name__}")
        for name in ("event_min_similarity", "pair_min_similarity", "contradiction_threshold", "agreement_threshold",
                     "nli_only_threshold", "nli_min_similarity"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ConfigError(f"setting {name}={value} must be between 0 and 1")
        for name in ("nli_batch_size", "nli_max_length", "neighbours", "max_claims_per_article"):
            if getattr(self, name) < 1:
                raise ConfigError(f"setting {name}={getattr(self, name)} must be at least 1")
        if self.nli_backend not in BACKENDS:
            raise ConfigError(f"setting nli_backend={self.nli_backend!r} must be one of {list(BACKENDS)}")
        if not self.max_file_mb > 0:
            raise ConfigError(f"setting max_file_mb={self.max_file_mb} must be more than 0")
        if self.event_max_days < 0:
            raise ConfigError(f"setting event_max_days={self.event_max_days} must not be negative")

    def replace(self, **changes: Any) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s) {unknown}; known: {sorted(known)}")
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def _coerce(name: str, value: Any, kind: type) -> Any:
    """Text (the environment) parsed as the setting's type; any other value must have the type (Settings checks)."""
    if isinstance(value, str) and kind is not str:
        try:
            return kind(value)  # int("2.5") fails: a whole number is required
        except ValueError:
            raise ConfigError(f"setting {name}={value!r} must be {_KINDS[kind]}") from None
    if kind is int and isinstance(value, float) and value.is_integer():
        return int(value)  # `neighbours = 8.0` in TOML
    return value


def _read_table(pyproject: Path) -> dict[str, Any]:
    """The [tool.narratives] table of a pyproject.toml; none at all is an empty table."""
    try:
        data = tomllib.loads(read_text(pyproject, error=ConfigError))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: invalid TOML ({exc})") from exc
    table = data.get("tool", {})
    if isinstance(table, dict):
        table = table.get("narratives", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.narratives] must be a table of settings (a `[tool.narratives]` "
                          f"header, then `name = value` lines), not {type(table).__name__}")
    return table


def load_settings(project_dir: Path | None = None, environ: dict[str, str] | None = None, **cli: Any) -> Settings:
    """Resolve settings in precedence order; `cli` values of None mean "not given"."""
    settings = Settings()
    types = {f.name: type(getattr(settings, f.name)) for f in fields(settings)}
    layered: dict[str, tuple[Any, str]] = {}  # name → (value, where it was set), for errors that say where
    pyproject = (project_dir or Path.cwd()) / "pyproject.toml"
    if pyproject.is_file():
        layered.update({k.replace("-", "_"): (v, str(pyproject)) for k, v in _read_table(pyproject).items()})
    for key, value in (environ if environ is not None else os.environ).items():
        if key.startswith("NARRATIVES_") and key[11:].lower() in types:
            layered[key[11:].lower()] = (value, f"environment variable {key}")
        elif key.startswith("NARRATIVES_") and key not in NOT_SETTINGS:
            log.warning("environment variable %s is not a setting (known: %s)", key,
                        ", ".join(f"NARRATIVES_{k.upper()}" for k in sorted(types)))
    layered.update({k: (v, "the command line") for k, v in cli.items() if v is not None})
    unknown = sorted(set(layered) - set(types))
    if unknown:
        where = ", ".join(sorted({layered[name][1] for name in unknown}))
        raise ConfigError(f"unknown setting(s) {unknown} (set in {where}); known: {sorted(types)}")
    for name, (value, origin) in layered.items():  # one at a time: an error names the setting's source
        try:
            settings = settings.replace(**{name: _coerce(name, value, types[name])})
        except ConfigError as exc:
            raise ConfigError(f"{exc.args[0]} (set in {origin})") from None
    return settings
