"""Does a learned judge beat the hand-set one? Leave-one-event-out cross-validation on the seed gold.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/fit_judge.py [--json benchmarks/results/judge_cv.json]

Every scored candidate pair of `narratives run seeds` is a row: the NLI probabilities (A→B, and
B→A where it was scored), one indicator per claim-level signal, the similarity, whether both
claims come from one outlet, and whether either side is the outlet's own narration. A pair is
positive when it matches a pair of seeds/gold/contradictions.json (narratives.evaluate's rule).
A logistic regression (scikit-learn, balanced classes) is fitted on all events but one and
judged on the one left out; its decision threshold is chosen inside the training folds. The
hand-set judge (narratives/judge.py: SIGNAL_WEIGHTS and thresholds) is scored on the same rows.
Pooled precision, recall and F1 over the held-out events are printed for both.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from narratives.evaluate import _side_matches  # noqa: E402
from narratives.pipeline import run  # noqa: E402

SIGNALS = ("actor-mismatch", "actor-denial", "denial", "number-mismatch", "time-mismatch", "date-mismatch", "framing",
           "same-actor")
FEATURES = ("a_to_b_contradiction", "a_to_b_entailment", "max_contradiction", "a_to_b_scored", "b_to_a_scored",
            *SIGNALS, "similarity", "same_outlet", "narration")


def rows(result, gold: list[dict]):
    claims = {c.id: c for c in result.claims}
    features, labels, events = [], [], []
    for pair in result.pairs:
        a, b = claims[pair.a], claims[pair.b]
        # A→B is None where NLI could not change the verdict (no signal, similarity under the gate)
        forward = pair.a_to_b.contradiction if pair.a_to_b else 0.0
        backward = pair.b_to_a.contradiction if pair.b_to_a else 0.0
        features.append([forward, pair.a_to_b.entailment if pair.a_to_b else 0.0,
                         max(forward, backward), float(pair.a_to_b is not None), float(pair.b_to_a is not None),
                         *(float(s in pair.signals) for s in SIGNALS), pair.similarity,
                         float(a.outlet == b.outlet), float(a.speaker is None or b.speaker is None)])
        labels.append(any((_side_matches(a, g["a"]) and _side_matches(b, g["b"]))
                          or (_side_matches(a, g["b"]) and _side_matches(b, g["a"])) for g in gold))
        events.append(pair.event_id)
    flagged = np.array([p.relation == "contradiction" for p in result.pairs])
    return np.array(features), np.array(labels), np.array(events), flagged


def scores(predicted: np.ndarray, gold: np.ndarray) -> dict:
    tp = int((predicted & gold).sum())
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    return {"flagged": int(predicted.sum()), "correct": tp, "positives": int(gold.sum()),
            "precision": round(precision, 4), "recall": round(recall, 4),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 4)}


def leave_one_event_out(x: np.ndarray, y: np.ndarray, events: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    predicted = np.zeros(len(y), dtype=bool)
    for event in sorted(set(events)):
        train, test = events != event, events == event
        if y[train].sum() == 0:
            continue
        model = LogisticRegression(class_weight="balanced", max_iter=2000, C=1.0).fit(x[train], y[train])
        inside = model.predict_proba(x[train])[:, 1]
        # the threshold that maximises F1 on the training folds, never on the held-out event
        best = max(np.linspace(0.05, 0.95, 19),
                   key=lambda t: scores(inside >= t, y[train])["f1"])
        predicted[test] = model.predict_proba(x[test])[:, 1] >= best
    return predicted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    gold = json.loads((REPO / "seeds/gold/contradictions.json").read_text(encoding="utf-8"))
    result = run([REPO / "seeds"])
    x, y, events, flagged = rows(result, gold)
    report = {
        "pairs": len(y), "gold_pairs_among_them": int(y.sum()), "events": len(set(events)), "features": FEATURES,
        "hand_set_judge": scores(flagged, y),
        "logistic_regression_leave_one_event_out": scores(leave_one_event_out(x, y, events), y),
        "note": "pair-level scores over scored candidate pairs; gold pairs never scored count for neither judge",
    }
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
