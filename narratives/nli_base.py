"""What every NLI backend shares: the label order, the model protocol, label mapping, batching order,
calibration. The backends (nli.py: torch; nli_onnx.py: ONNX Runtime int8) import it, never each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from narratives.errors import ModelError

LABELS = ("entailment", "neutral", "contradiction")  # column order of every predict_batch result
DEFAULT_NLI_MODEL = str(Path(__file__).resolve().parent.parent / "models" / "nli-minilm-l6")
_ALIASES = {"entailment": "entailment", "entail": "entailment", "neutral": "neutral",
            "contradiction": "contradiction", "contradict": "contradiction", "not_entailment": "not_entailment"}


class NLIModel(Protocol):
    model_id: str

    def predict_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, one row per pair, columns in LABELS order."""
        ...


def label_columns(id2label: dict) -> list[int]:
    """Model output column for each of LABELS; neutral may be missing (2-way models get 0 there)."""
    names = {_ALIASES.get(str(name).lower().strip(), str(name).lower().strip()): int(i) for i, name in id2label.items()}
    missing = [label for label in ("entailment", "contradiction") if label not in names]
    if missing:
        raise ModelError(
            f"model labels {sorted(names)} lack {missing}; an NLI model for contradiction detection needs "
            "'entailment' and 'contradiction' in config.id2label"
        )
    return [names.get(label, -1) for label in LABELS]


def length_order(pairs: Sequence[tuple[str, str]]) -> list[int]:
    """Indexes by text length: batches of similar length keep padding, and so wasted compute, small."""
    return sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]) + len(pairs[i][1]), i))


def pair_groups(pairs: Sequence[tuple[str, str]], batch_size: int, batches: int = 8) -> list[list[int]]:
    """`length_order` cut into groups of `batches` whole batches: the units an engine scores apart.

    A group's pairs keep their relative order under `length_order`, so a backend that batches
    (torch) forms the same batches from a group as from all pairs, and the onnx-int8 backend
    scores each pair alone anyway: how the groups are spread over workers changes no score.
    """
    order = length_order(pairs)
    size = batch_size * batches
    return [order[start:start + size] for start in range(0, len(order), size)]


def read_temperature(model: str) -> float:
    """Softmax temperature from `calibration.json` beside local weights (models/calibrate.py); 1.0 if none."""
    import json

    path = Path(model) / "calibration.json"
    if not path.is_file():
        return 1.0
    try:
        temperature = float(json.loads(path.read_text(encoding="utf-8"))["temperature"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{path}: needs a numeric 'temperature' ({exc})") from exc
    if not temperature > 0:
        raise ModelError(f"{path}: temperature must be positive, got {temperature}")
    return temperature


def predict_with_progress(model: NLIModel, pairs: Sequence[tuple[str, str]],
                          advance: Callable[[int], None]) -> np.ndarray:
    """predict_batch, reporting progress when the model supports it (ours do; a user's may not)."""
    import inspect

    if "progress" in inspect.signature(model.predict_batch).parameters:
        return model.predict_batch(pairs, progress=advance)  # type: ignore[call-arg]
    result = model.predict_batch(pairs)
    advance(len(pairs))
    return result
