"""Fit a softmax temperature for a trained NLI model so its probabilities mean what they say.

    python -m models.calibrate --data ../shared/data/nli --model models/nli-minilm-l6

The contradiction probability is compared with a threshold and combined with other evidence
(narratives/judge.py), so it should be calibrated: among pairs scored 0.8, about 80% should be
contradictions. One temperature is fitted by minimising the negative log-likelihood on the
training run's validation rows (the tail of MultiNLI dev-mismatched, never a reserved split)
and written to `calibration.json` next to the weights, which narratives.nli applies to logits.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch

from models.data_root import add_data_argument
from models.nli_data import LABELS, VALIDATION_ROWS, mnli_mismatched
from narratives.evaluate import expected_calibration_error


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    log_t = torch.zeros(1, requires_grad=True)
    x, y = torch.tensor(logits, dtype=torch.float64), torch.tensor(gold)
    optimizer = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200)

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(x / log_t.exp(), y)
        loss.backward()
        return loss

    optimizer.step(closure)
    return float(log_t.exp())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_argument(parser)
    parser.add_argument("--model", type=Path, default=Path("models/nli-minilm-l6"))
    args = parser.parse_args(argv)
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    rows = mnli_mismatched(args.data)[-VALIDATION_ROWS:]
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    model = AutoModelForSequenceClassification.from_pretrained(args.model, dtype=torch.float32,
                                                               use_safetensors=True).eval()
    order = {name.lower(): int(i) for i, name in model.config.id2label.items()}
    logits = []
    with torch.inference_mode():
        for start in range(0, len(rows), 64):
            chunk = rows[start : start + 64]
            enc = tokenizer([r.premise for r in chunk], [r.hypothesis for r in chunk], truncation=True,
                            max_length=256, padding=True, return_tensors="pt")
            logits.append(model(**enc).logits.float().numpy())
    logits = np.concatenate(logits)
    gold = np.array([order[r.label] for r in rows])
    temperature = fit_temperature(logits, gold)

    def ece(t: float) -> float:
        probabilities = torch.softmax(torch.tensor(logits) / t, dim=-1).numpy()
        return expected_calibration_error(probabilities.max(1), probabilities.argmax(1) == gold)

    report = {"temperature": round(temperature, 4), "fitted_on": f"last {VALIDATION_ROWS} rows of MultiNLI dev-mismatched",
              "ece_before": round(ece(1.0), 4), "ece_after": round(ece(temperature), 4), "labels": list(LABELS)}
    (args.model / "calibration.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
