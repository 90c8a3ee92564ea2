"""Quality measurements that return data; the CLI only formats them."""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narratives.errors import InputError
from narratives.escape import terminal
from narratives.nli import LABELS, NLIModel, predict_with_progress

_PREMISE = ("premise", "context", "sentence1", "s1")
_HYPOTHESIS = ("hypothesis", "statement", "sentence2", "s2")
_LABEL = ("label", "gold_label")
_LABEL_NAMES = {"e": "entailment", "n": "neutral", "c": "contradiction",
                "entailment": "entailment", "neutral": "neutral", "contradiction": "contradiction"}


@dataclass(frozen=True, slots=True)
class LabelledPair:
    premise: str
    hypothesis: str
    label: str


def _pick(row: dict, names: Sequence[str], path: Path, line: int) -> str:
    for name in names:
        if name in row and row[name] is not None:
            return str(row[name]).strip()
    raise InputError(f"{path}:{line}: no column among {list(names)}; the file needs premise, hypothesis, label")


def read_nli_file(path: Path, *, limit: int | None = None) -> list[LabelledPair]:
    """CSV or JSONL with premise/hypothesis/label (ANLI's context/statement/gold_label also work)."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    rows: list[tuple[int, dict]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        if path.suffix.lower() in (".jsonl", ".json"):
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        rows.append((number, json.loads(line)))
                    except json.JSONDecodeError as exc:
                        raise InputError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        else:
            reader = csv.DictReader(handle)
            rows = [(reader.line_num, row) for row in reader]
    pairs = []
    for number, row in rows:
        label = _LABEL_NAMES.get(_pick(row, _LABEL, path, number).lower())
        if label is None:
            continue  # rows without a 3-way gold label (e.g. '-' in SNLI) are not scored
        pairs.append(LabelledPair(_pick(row, _PREMISE, path, number), _pick(row, _HYPOTHESIS, path, number), label))
        if limit and len(pairs) >= limit:
            break
    if not pairs:
        raise InputError(f"{path}: no labelled pairs (labels must be entailment/neutral/contradiction or e/n/c)")
    return pairs


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 15) -> float:
    """Mean |accuracy − confidence| over equal-width confidence bins, weighted by bin size."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:]):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(correct[inside].mean() - confidence[inside].mean())
    return float(error)


def evaluate_nli(model: NLIModel, pairs: Sequence[LabelledPair], progress=None) -> dict:
    """Accuracy, per-class P/R/F1, confusion matrix (rows gold, columns predicted), ECE, pairs/s."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    advance = progress("scoring pairs", len(pairs)) if progress else None
    started = time.perf_counter()
    probabilities = predict_with_progress(model, [(p.premise, p.hypothesis) for p in pairs], advance or (lambda _n: None))
    seconds = time.perf_counter() - started
    gold = np.array([LABELS.index(p.label) for p in pairs])
    predicted = probabilities.argmax(axis=1)
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=[0, 1, 2], zero_division=0)
    matrix = confusion_matrix(gold, predicted, labels=[0, 1, 2])
    return {
        "n": len(pairs),
        "accuracy": round(float((gold == predicted).mean()), 4),
        "per_class": {
            label: {"precision": round(float(precision[i]), 4), "recall": round(float(recall[i]), 4),
                    "f1": round(float(f1[i]), 4), "support": int(support[i])}
            for i, label in enumerate(LABELS)
        },
        "confusion_matrix": {"labels": list(LABELS), "rows_gold_columns_predicted": matrix.tolist()},
        "ece": round(expected_calibration_error(probabilities.max(axis=1), gold == predicted), 4),
        "pairs_per_s": round(len(pairs) / max(seconds, 1e-9), 1),
        "model": model.model_id,
    }


def format_nli_report(report: dict) -> str:
    lines = [
        f"model     {terminal(report['model'])}",
        f"file      {terminal(report.get('file', ''))}",
        f"pairs     {report['n']}",
        f"accuracy  {report['accuracy']:.4f}",
        f"ECE       {report['ece']:.4f}",
        f"speed     {report['pairs_per_s']:.1f} pairs/s",
        "",
        f"{'class':<14}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}",
    ]
    for label, values in report["per_class"].items():
        lines.append(f"{label:<14}{values['precision']:>10.4f}{values['recall']:>10.4f}{values['f1']:>10.4f}{values['support']:>10}")
    lines += ["", "confusion (rows gold, columns predicted: " + ", ".join(report["confusion_matrix"]["labels"]) + ")"]
    lines += ["  " + " ".join(f"{v:>7}" for v in row) for row in report["confusion_matrix"]["rows_gold_columns_predicted"]]
    return "\n".join(lines)


def _gold_event_map(gold: dict, articles) -> dict[str, str]:
    """Gold event per article id; `by_file` entries name articles that have no id of their own."""
    import os

    if "by_id" not in gold and "by_file" not in gold:
        return {str(k): str(v) for k, v in gold.items()}
    by_file = {os.path.basename(a.source_file): a.id for a in articles}
    mapping = {str(k): str(v) for k, v in gold.get("by_id", {}).items()}
    for name, event in gold.get("by_file", {}).items():
        if name not in by_file:
            raise InputError(f"gold names file {name!r}, which is not among the inputs")
        mapping[by_file[name]] = str(event)
    return mapping


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> dict:
    """B-cubed precision/recall/F1 over the items both labelings cover, plus adjusted Rand index."""
    from sklearn.metrics import adjusted_rand_score

    items = sorted(set(gold) & set(predicted))
    if not items:
        raise InputError("no article is in both the gold file and the inputs")
    precision = recall = 0.0
    for item in items:
        same_pred = {j for j in items if predicted[j] == predicted[item]}
        same_gold = {j for j in items if gold[j] == gold[item]}
        overlap = len(same_pred & same_gold)
        precision += overlap / len(same_pred)
        recall += overlap / len(same_gold)
    precision, recall = precision / len(items), recall / len(items)
    return {
        "n": len(items),
        "bcubed_precision": round(precision, 4),
        "bcubed_recall": round(recall, 4),
        "bcubed_f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4),
        "adjusted_rand_index": round(float(adjusted_rand_score([gold[i] for i in items], [predicted[i] for i in items])), 4),
        "gold_events": len(set(gold[i] for i in items)),
        "predicted_events": len(set(predicted[i] for i in items)),
    }


def evaluate_events(articles, events, gold: dict) -> dict:
    predicted = {article_id: event.id for event in events for article_id in event.article_ids}
    return bcubed(_gold_event_map(gold, articles), predicted)


def _side_matches(claim, side: dict) -> bool:
    """A claim is a gold side when its sentence holds the side's text and one of its names is the side's source
    (speaker, relay or outlet; names compared as in `same_speaker`, so "Russia's" and "Russia’s" are one)."""
    text = " ".join(side["text"].split()).lower()
    source = side.get("source", "")
    names = [n for n in (claim.speaker, claim.via, claim.outlet) if n]
    source_ok = not source or any(same_speaker(n, source) for n in names)
    return _fold_quotes(text) in _fold_quotes(" ".join(claim.text.split()).lower()) and source_ok


def _fold_quotes(text: str) -> str:
    return text.translate(str.maketrans("’‘“”", "''\"\""))


def _flagged_matches(result, pairs: list[dict]) -> list[int]:
    """Indexes of the given (source, text) pairs that some flagged contradiction matches."""
    claims = {c.id: c for c in result.claims}
    hits = set()
    for pair in result.contradictions:
        a, b = claims[pair.a], claims[pair.b]
        for index, side in enumerate(pairs):
            if (_side_matches(a, side["a"]) and _side_matches(b, side["b"])) or (
                    _side_matches(a, side["b"]) and _side_matches(b, side["a"])):
                hits.add(index)
    return sorted(hits)


def evaluate_must_not_flag(result, pairs: list[dict]) -> dict:
    """How many look-alike pairs that are not contradictions were flagged anyway, by class."""
    hits = _flagged_matches(result, pairs)
    by_class: dict[str, list[int]] = {}
    for index, pair in enumerate(pairs):
        kind = pair.get("why", "").split(":", 1)[0].strip() or "(none)"
        by_class.setdefault(kind, [0, 0])
        by_class[kind][1] += 1
        if index in hits:
            by_class[kind][0] += 1
    return {"pairs": len(pairs), "flagged": len(hits),
            "by_class": {k: {"flagged": v[0], "pairs": v[1]} for k, v in sorted(by_class.items())},
            "flagged_pairs": [pairs[i] for i in hits]}


def evaluate_contradictions(result, gold_pairs: list[dict]) -> dict:
    """Precision/recall of flagged pairs against gold pairs given as (source, text substring) sides."""
    claims = {c.id: c for c in result.claims}
    flagged = result.contradictions
    matched_gold = set()
    correct_flags = 0
    for pair in flagged:
        a, b = claims[pair.a], claims[pair.b]
        hit = False
        for index, gold in enumerate(gold_pairs):
            if (_side_matches(a, gold["a"]) and _side_matches(b, gold["b"])) or (
                    _side_matches(a, gold["b"]) and _side_matches(b, gold["a"])):
                matched_gold.add(index)
                hit = True
        correct_flags += hit
    precision = correct_flags / len(flagged) if flagged else 0.0
    recall = len(matched_gold) / len(gold_pairs) if gold_pairs else 0.0
    # recall per class of gold pair (the "why" up to its colon: "who did it", "denial", "framing", …)
    by_gold_class: dict[str, dict[str, int]] = {}
    for index, gold in enumerate(gold_pairs):
        counts = by_gold_class.setdefault(gold.get("why", "").split(":", 1)[0].strip() or "(none)",
                                          {"gold": 0, "found": 0})
        counts["gold"] += 1
        counts["found"] += index in matched_gold
    return {
        "flagged": len(flagged),
        "gold": len(gold_pairs),
        "flags_matching_gold": correct_flags,
        "gold_found": len(matched_gold),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / max(precision + recall, 1e-9), 4),
        "missed": [gold_pairs[i] for i in range(len(gold_pairs)) if i not in matched_gold],
        "by_gold_class": {k: by_gold_class[k] for k in sorted(by_gold_class)},
        "flagged_by_kind": {kind: sum(1 for p in flagged if p.kind == kind) for kind in sorted({p.kind for p in flagged})},
    }


_NAME_NOISE = re.compile(r"[’'`]s\b|[^\w\s-]")  # possessives and punctuation
_NAME_STOP = frozenset({"the", "a", "an", "of", "s"})


def _name_tokens(name: str) -> list[str]:
    return [t for t in _NAME_NOISE.sub(" ", name.lower()).split() if t not in _NAME_STOP]


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether two names are one speaker: equal after dropping articles and possessives, or one name's words
    all among the other's ("Gladkov" / "Vyacheslav Gladkov", "Russia's defence ministry" / "Russia defence
    ministry"); None matches only None (the outlet's own voice)."""
    if predicted is None or gold is None:
        return predicted is None and gold is None
    p, g = _name_tokens(predicted), _name_tokens(gold)
    if not p or not g:
        return False
    shorter, longer = sorted((p, g), key=len)
    return set(shorter) <= set(longer)


def evaluate_speakers(articles, claims, gold: list[dict]) -> dict:
    """Speaker accuracy against gold labels {article, text, speaker, via, kind}, with errors per kind.

    Each gold entry is matched to the claim of its article whose sentence contains `text`; an entry
    with no such claim counts as an error of kind "no claim" (the sentence was not kept as a claim).
    """
    by_article: dict[str, list] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    id_of = {}
    for article in articles:
        id_of[article.id] = article.id
        if article.source_file:
            id_of.setdefault(Path(article.source_file).name, article.id)
    per_kind: dict[str, dict[str, int]] = {}
    errors = []
    correct = via_correct = 0
    for entry in gold:
        article_id = id_of.get(str(entry["article"]))
        if article_id is None:
            raise InputError(f"gold names article {entry['article']!r}, which is not among the inputs")
        needle = " ".join(entry["text"].split()).lower()
        claim = next((c for c in by_article.get(article_id, []) if needle in " ".join(c.text.split()).lower()), None)
        kind = entry.get("kind", "")
        counts = per_kind.setdefault(kind, {"gold": 0, "correct": 0, "wrong": 0, "no_claim": 0})
        counts["gold"] += 1
        if claim is None:
            counts["no_claim"] += 1
            errors.append({"article": entry["article"], "text": entry["text"], "kind": kind,
                           "gold": entry.get("speaker"), "predicted": "(no claim)"})
            continue
        if same_speaker(claim.speaker, entry.get("speaker")):
            counts["correct"] += 1
            correct += 1
        else:
            counts["wrong"] += 1
            errors.append({"article": entry["article"], "text": entry["text"], "kind": kind,
                           "gold": entry.get("speaker"), "predicted": claim.speaker})
        via_correct += same_speaker(claim.via, entry.get("via"))
    total = len(gold)
    matched = total - sum(c["no_claim"] for c in per_kind.values())
    return {
        "gold": total,
        "matched_claims": matched,
        "correct": correct,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "accuracy_on_claims": round(correct / matched, 4) if matched else 0.0,
        "via_accuracy_on_claims": round(via_correct / matched, 4) if matched else 0.0,
        "per_kind": {k: per_kind[k] for k in sorted(per_kind)},
        "errors": errors,
    }
