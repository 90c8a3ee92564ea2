"""Model calls through the store: each text is embedded once, each (premise, hypothesis) scored once, per model.

Both caches commit as they fill, so work done before a crash is not done again by the rerun.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from narratives.embed import Encoder
from narratives.errors import ModelError
from narratives.nli import LABELS, NLIModel
from narratives.store import Store, text_key


class StoredEncoder:
    """An Encoder whose vectors live in the store, keyed by (model id, sha256 of the text)."""

    def __init__(self, encoder: Encoder, store: Store):
        self.encoder = encoder
        self.store = store
        self.computed = 0  # texts actually sent to the model

    @property
    def model_id(self) -> str:
        return self.encoder.model_id

    def encode_batch(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        keys = [text_key(t) for t in texts]
        found = self.store.embeddings(self.model_id, keys)
        # Sorted by key, like CachedEncoder: the model sees the same batch whatever the input order.
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in found}.items())
        if missing:
            vectors = self.encoder.encode_batch([t for _, t in missing])
            computed = list(zip((k for k, _ in missing), vectors))
            self.store.put_embeddings(self.model_id, computed)
            found.update(computed)
            self.computed += len(missing)
        return np.stack([np.asarray(found[k], dtype=np.float32) for k in keys])


def nli_cache_id(nli: NLIModel) -> str:
    """What cached scores are keyed by: the model id, plus a hash of its files when they are on disk.

    The bundled model keeps its id when it is retrained or recalibrated (calibration.json), and a
    local path names whatever is there today; its cached scores must not outlive its weights. A
    hub id is kept as given (with its revision, when one was named).
    """
    name = getattr(nli, "model_name", None)
    folder = Path(name) if isinstance(name, str) else None
    if folder is None or not folder.is_dir():
        return nli.model_id
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):  # weights, config, tokenizer and calibration; not derived exports
        if path.is_file() and path.suffix in (".safetensors", ".json", ".txt", ".model"):
            digest.update(path.name.encode("utf-8") + b"\0")
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return f"{nli.model_id} sha256:{digest.hexdigest()[:16]}"


class StoredScores:
    """NLI probabilities (LABELS order) through the store; only directions never scored by this model run."""

    def __init__(self, nli: NLIModel, store: Store, *, chunk: int = 128):
        self.nli = nli
        self.store = store
        self.model_key = nli_cache_id(nli)
        # Directions per model call and per commit, what a crash can lose at most; a multiple of the
        # model's batch size.
        self.chunk = chunk
        self.computed: set[tuple[str, str]] = set()  # (premise key, hypothesis key) scored by the model

    def predict(self, pairs: Sequence[tuple[str, str]],
                progress: Callable[[int], Callable[[int], None]] | None = None) -> np.ndarray:
        """Rows in LABELS order, one per pair; `progress(total)` is called only when the model has work."""
        keys = [(text_key(p), text_key(h)) for p, h in pairs]
        model = self.model_key
        found = self.store.scores(model, keys)
        first: dict[tuple[str, str], int] = {}
        for i, k in enumerate(keys):
            if k not in found:
                first.setdefault(k, i)
        # Length order, cut at multiples of the model's batch size: TransformersNLI sorts a call by
        # length and batches it, so these chunks reach the model as the same batches one call over
        # all pairs would (as in `narratives run`): no score's last digits change with padding.
        missing = [(k, pairs[i]) for k, i in sorted(first.items(), key=lambda item: (
            len(pairs[item[1]][0]) + len(pairs[item[1]][1]), item[1]))]
        advance = progress(len(missing)) if progress and missing else (lambda _n: None)
        for start in range(0, len(missing), self.chunk):
            batch = missing[start : start + self.chunk]
            rows = np.asarray(self.nli.predict_batch([pair for _, pair in batch]), dtype=np.float32)
            if rows.shape != (len(batch), len(LABELS)):
                raise ModelError(f"NLI model {self.nli.model_id!r} returned shape {rows.shape} for {len(batch)} pairs; "
                                 f"expected one row of {len(LABELS)} probabilities {LABELS} per pair")
            scored = [(k, row) for (k, _), row in zip(batch, rows)]
            self.store.put_scores(model, scored)
            found.update(scored)
            self.computed.update(k for k, _ in scored)
            advance(len(batch))
        if not keys:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        return np.stack([found[k] for k in keys])
