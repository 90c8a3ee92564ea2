"""NLI models: score (premise, hypothesis) pairs as entailment / neutral / contradiction.

Any Hugging Face sequence-classification NLI model works, by local path or hub id. The label
order is read from the model's `id2label`, never assumed; weights load from safetensors only
and never with remote code. A hub id is contacted only when the user names one. Backends are
chosen through `load_nli`'s registry; what they share is in nli_base.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from narratives.errors import ModelError
from narratives.nli_base import (DEFAULT_NLI_MODEL, LABELS, NLIModel, label_columns, length_order,
                                 predict_with_progress, read_temperature)

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "DEFAULT_NLI_MODEL", "LABELS", "NLIModel", "TransformersNLI", "label_columns",
           "length_order", "load_nli", "predict_with_progress", "read_temperature"]


class TransformersNLI:
    """A transformers sequence-classification model, batched with length sorting and dynamic padding."""

    def __init__(self, model: str = DEFAULT_NLI_MODEL, *, batch_size: int = 32, max_length: int = 256,
                 device: str | None = None, revision: str | None = None):
        self.model_name = model
        self.batch_size = batch_size
        self.max_length = max_length
        self.device = device or "cpu"
        self.revision = revision
        self._model = None
        self._tokenizer = None
        self._columns: list[int] = []

    @property
    def model_id(self) -> str:
        if self.model_name == DEFAULT_NLI_MODEL:
            return "narratives/nli-minilm-l6 (bundled)"
        return self.model_name + (f"@{self.revision}" if self.revision else "")

    def load(self) -> TransformersNLI:
        """Load now: a bad model name should fail before any work is done, not after."""
        self._load()
        return self

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # our own progress bars cover the work users wait for
        local = Path(self.model_name).exists()
        if self.model_name == DEFAULT_NLI_MODEL and not local:
            raise ModelError(f"the bundled NLI model is missing at {self.model_name}; "
                             "train it with `python -m models.train_nli` or pass --nli-model")
        options = dict(revision=self.revision, trust_remote_code=False, local_files_only=local)
        try:
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_name, **options)
            self._model = AutoModelForSequenceClassification.from_pretrained(
                self.model_name, use_safetensors=True, dtype=torch.float32, **options)
        except Exception as exc:
            raise ModelError(f"cannot load NLI model {self.model_name!r} (safetensors weights only): {exc}") from exc
        self._model.to(self.device).eval()
        self._columns = label_columns(self._model.config.id2label)
        self._temperature = read_temperature(self.model_name) if local else 1.0

    @property
    def labels(self) -> tuple[str, ...]:
        return LABELS

    def predict_batch(self, pairs: Sequence[tuple[str, str]], progress: Callable[[int], None] | None = None) -> np.ndarray:
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        self._load()
        import torch

        order = length_order(pairs)
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                batch = order[start : start + self.batch_size]
                encoded = self._tokenizer(
                    [pairs[i][0] for i in batch], [pairs[i][1] for i in batch],
                    truncation="longest_first", max_length=self.max_length, padding=True, return_tensors="pt",
                ).to(self.device)
                logits = self._model(**encoded).logits.float() / self._temperature
                probabilities = torch.softmax(logits, dim=-1).cpu().numpy()
                for row, index in enumerate(batch):
                    out[index] = [probabilities[row, c] if c >= 0 else 0.0 for c in self._columns]
                if progress:
                    progress(len(batch))
        return out


def _torch_backend(model: str, **options) -> NLIModel:
    return TransformersNLI(model, **options)


def _onnx_int8_backend(model: str, **options) -> NLIModel:
    from narratives.nli_onnx import OnnxNLI  # onnxruntime is imported only by those who use it

    return OnnxNLI(model, **options)


# Backend name → constructor: adding a backend is one entry here.
_BACKENDS: dict[str, Callable[..., NLIModel]] = {"torch": _torch_backend, "onnx-int8": _onnx_int8_backend}
BACKENDS = tuple(_BACKENDS)
# 2.4x torch fp32 on a CPU at equal MultiNLI accuracy (BENCHMARKS.md); the bundled model ships its export.
DEFAULT_BACKEND = "onnx-int8"


def load_nli(model: str = DEFAULT_NLI_MODEL, *, backend: str = DEFAULT_BACKEND, **options) -> NLIModel:
    """The NLI model for a name: a local directory, or a hub id (downloaded only because the user named it).

    backend "onnx-int8" runs an ONNX export of the weights with int8 dynamic quantisation
    (narratives/nli_onnx.py), exported once per model and cached; "torch" runs the transformers
    model as it is, on a GPU when there is one.
    """
    if backend not in _BACKENDS:
        raise ModelError(f"unknown NLI backend {backend!r}; use one of {list(BACKENDS)}")
    return _BACKENDS[backend](model, **options)
