"""Evaluate an NLI model on the reserved evaluation splits and print the model card's table.

    python -m models.evaluate_reserved --data ../shared/data/nli --model models/nli-minilm-l6 \
        --json models/nli-minilm-l6/eval.json

Three-way sets report accuracy and per-class F1; the two-way news sets (ClaimDiff-W "weakens",
FNC-1 "disagree" on the reserved half of the bodies) report contradiction precision/recall/F1, where a pair counts as a
contradiction when the larger of its two directions' contradiction probabilities is ≥ 0.5.
None of these rows is ever read by training (models/nli_data.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

from models.data_root import add_data_argument
from models.nli_data import mnli_matched
from narratives.evaluate import LabelledPair, evaluate_nli, read_nli_file
from narratives.nli import LABELS, load_nli

log = logging.getLogger("models.evaluate_reserved")


def three_way_sets(root: Path) -> dict[str, list[LabelledPair]]:
    sets = {"MultiNLI dev-matched": [LabelledPair(p.premise, p.hypothesis, p.label) for p in mnli_matched(root)]}
    snli = root / "snli_esnli"
    premises = (snli / "s1.test.txt").read_text(encoding="utf-8").splitlines()
    hypotheses = (snli / "s2.test.txt").read_text(encoding="utf-8").splitlines()
    labels = (snli / "labels.test.txt").read_text(encoding="utf-8").splitlines()
    sets["SNLI test"] = [LabelledPair(p.strip(), h.strip(), l.strip()) for p, h, l in zip(premises, hypotheses, labels)
                         if l.strip() in LABELS]
    for round_ in (1, 2, 3):
        sets[f"ANLI dev R{round_}"] = read_nli_file(root / f"anli_dev/ANLI_analysis_r{round_}_dev.csv")
    sets["SICK dev"] = read_nli_file(root / "felipessalvatore_nli_datasets/sick/dev.csv")
    return sets


def claimdiff_weak(root: Path) -> tuple[list[tuple[str, str]], np.ndarray]:
    rows = json.loads((root / "claimdiff/ClaimDiff-W/ClaimDiff-weak-test.json").read_text(encoding="utf-8"))["data"]
    return [(r["claim_a"], r["claim_b"]) for r in rows], np.array([str(r["relation"]) == "1" for r in rows])


def fnc1_related(root: Path, premise: str = "sentence") -> tuple[list[tuple[str, str]], np.ndarray]:
    """Reserved FNC-1 pairs labelled agree or disagree, headline as hypothesis.

    Only the "test" half of the competition bodies (models/news_pairs.fnc1_half) is read; the other
    half trains v2. `premise="sentence"`: the body sentence closest to the headline, as the pipeline
    compares claims; `premise="body"`: the whole body, truncated by the model (the v1 card's protocol).
    """
    from models.news_pairs import closest_sentence, fnc1_half, split_sentences

    csv.field_size_limit(10_000_000)
    with (root / "fnc1/competition_test_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
    pairs, gold = [], []
    sentences: dict[str, list[str]] = {}
    with (root / "fnc1/competition_test_stances.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Stance"] not in ("agree", "disagree") or fnc1_half(row["Body ID"]) != "test":
                continue
            body = bodies[row["Body ID"]]
            if premise == "body":
                text = " ".join(body.split())
            else:
                if row["Body ID"] not in sentences:
                    sentences[row["Body ID"]] = split_sentences(body) or [" ".join(body.split())]
                text = closest_sentence(row["Headline"], sentences[row["Body ID"]])
            pairs.append((text, row["Headline"]))
            gold.append(row["Stance"] == "disagree")
    return pairs, np.array(gold)


def binary_contradiction(model, pairs, gold) -> dict:
    started = time.perf_counter()
    forward = model.predict_batch(pairs)
    backward = model.predict_batch([(h, p) for p, h in pairs])
    seconds = time.perf_counter() - started
    predicted = np.maximum(forward[:, 2], backward[:, 2]) >= 0.5
    tp = int((predicted & gold).sum())
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    return {"n": len(pairs), "positives": int(gold.sum()), "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "pairs_per_s": round(2 * len(pairs) / seconds, 1)}


def table(results: dict[str, dict]) -> list[str]:
    """The model card's markdown table, one row per evaluated set."""
    lines = ["| set | pairs | accuracy | contradiction P / R / F1 | pairs/s (CPU) |", "|---|---|---|---|---|"]
    for name, r in results.items():
        if "per_class" in r:
            c = r["per_class"]["contradiction"]
            lines.append(f"| {name} | {r['n']} | {r['accuracy']:.3f} | {c['precision']:.3f} / {c['recall']:.3f} / "
                         f"{c['f1']:.3f} | {r['pairs_per_s']:.0f} |")
        else:
            lines.append(f"| {name} | {r['n']} | – | {r['precision']:.3f} / {r['recall']:.3f} / {r['f1']:.3f} | "
                         f"{r['pairs_per_s']:.0f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_argument(parser)
    parser.add_argument("--model", default="models/nli-minilm-l6")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--backend", default="torch", help="torch (the released weights, as in the card) or onnx-int8")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    model = load_nli(args.model, backend=args.backend)
    results: dict[str, dict] = {}
    for name, pairs in three_way_sets(args.data).items():
        log.info("evaluating %s (%d pairs)", name, len(pairs))
        results[name] = evaluate_nli(model, pairs)
    for name, loader in (("ClaimDiff-W test (weakens)", claimdiff_weak),
                         ("FNC-1 test half agree/disagree, closest sentence", fnc1_related),
                         ("FNC-1 test half agree/disagree, whole body",
                          lambda root: fnc1_related(root, premise="body"))):
        log.info("evaluating %s", name)
        pairs, gold = loader(args.data)
        results[name] = binary_contradiction(model, pairs, gold)

    print("\n".join(table(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
