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

log = logging.getLogger(__name__)


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
    max_file_mb: float = 20.0  # larger input files are reported and skipped (megabytes of 10^6 bytes)
    max_claims_per_article: int = 400  # claims compared per article; an article with more is reported

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1_000_000)

    def __post_init__(self) -> None:
        for name in ("event_min_similarity", "pair_min_similarity", "contradiction_threshold", "agreement_threshold",
                     "nli_only_threshold"):
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
    if kind is int and (isinstance(value, float) or (isinstance(value, str) and not value.strip().lstrip("-").isdigit())):
        if not (isinstance(value, float) and value.is_integer()):
            raise ConfigError(f"setting {name}={value!r} must be a whole number")
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}={value!r} is not a valid {kind.__name__}") from exc


def load_settings(project_dir: Path | None = None, environ: dict[str, str] | None = None, **cli: Any) -> Settings:
    """Resolve settings in precedence order; `cli` values of None mean "not given"."""
    settings = Settings()
    types = {f.name: type(getattr(settings, f.name)) for f in fields(settings)}
    layered: dict[str, Any] = {}
    pyproject = (project_dir or Path.cwd()) / "pyproject.toml"
    if pyproject.is_file():
        try:
            table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("narratives", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{pyproject}: invalid TOML ({exc})") from exc
        layered.update({k.replace("-", "_"): v for k, v in table.items()})
    for key, value in (environ if environ is not None else os.environ).items():
        if key.startswith("NARRATIVES_") and key[11:].lower() in types:
            layered[key[11:].lower()] = value
        elif key.startswith("NARRATIVES_"):
            log.warning("environment variable %s is not a setting (known: %s)", key,
                        ", ".join(f"NARRATIVES_{k.upper()}" for k in sorted(types)))
    layered.update({k: v for k, v in cli.items() if v is not None})
    unknown = sorted(set(layered) - set(types))
    if unknown:
        raise ConfigError(f"unknown setting(s) {unknown}; known: {sorted(types)}")
    return settings.replace(**{k: _coerce(k, v, types[k]) for k, v in layered.items()})
