"""evaluate: reading labelled NLI files, and evaluate_nli with a fake model that follows NLIModel."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from narratives.errors import InputError
from narratives.evaluate import LabelledPair, evaluate_nli, expected_calibration_error, format_nli_report, read_nli_file

PODOLYAK = "Ukraine had nothing to do with the incursion into the Belgorod region."
PESKOV = "The Kremlin called the incursion an attempt by Ukraine to divert attention from Bakhmut."


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- read_nli_file -----------------------------------------------------------------------------


def test_csv_with_quoted_commas_mixed_case_and_unlabelled_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "pairs.csv", (
        "premise,hypothesis,label\n"
        f"\"{PODOLYAK}\",\"{PESKOV}\",Contradiction\n"
        "\"Gladkov said eight people were wounded, two seriously.\",People were wounded in Belgorod.,entailment\n"
        "A dam gave way.,The weather was cold.,-\n"
        "Power was cut in several villages.,Villages lost power.,NEUTRAL\n"
    ))
    assert read_nli_file(path) == [
        LabelledPair(PODOLYAK, PESKOV, "contradiction"),
        LabelledPair("Gladkov said eight people were wounded, two seriously.", "People were wounded in Belgorod.",
                     "entailment"),
        LabelledPair("Power was cut in several villages.", "Villages lost power.", "neutral"),
    ]


def test_jsonl_anli_style_fields_and_short_labels(tmp_path: Path) -> None:
    rows = [
        {"uid": "a1", "context": PODOLYAK, "statement": PESKOV, "gold_label": "c"},
        {"uid": "a2", "context": "Eight people were wounded.", "statement": "People were hurt.", "gold_label": "e"},
        {"uid": "a3", "context": "The RVC was founded in August.", "statement": "The RVC is small.", "gold_label": "n"},
    ]
    path = write(tmp_path / "anli.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    pairs = read_nli_file(path)
    assert [p.label for p in pairs] == ["contradiction", "entailment", "neutral"]
    assert pairs[0] == LabelledPair(PODOLYAK, PESKOV, "contradiction")


def test_limit(tmp_path: Path) -> None:
    lines = [json.dumps({"premise": f"p{i}", "hypothesis": f"h{i}", "label": "n"}) for i in range(5)]
    path = write(tmp_path / "many.jsonl", "\n".join(lines))
    assert [p.premise for p in read_nli_file(path, limit=2)] == ["p0", "p1"]


def test_bad_json_line_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "broken.jsonl", (
        json.dumps({"premise": "a", "hypothesis": "b", "label": "e"}) + "\n\n"
        '{"premise": "a", "hypothesis": \n'
    ))
    with pytest.raises(InputError, match=rf"{path.name}:3: not valid JSON") as raised:
        read_nli_file(path)
    assert str(raised.value).startswith("[N100]")


def test_missing_column_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "nolabel.csv", "premise,hypothesis,gold\nA dam gave way.,Water flooded towns.,e\n")
    with pytest.raises(InputError, match=rf"{path.name}:2: no column among \['label', 'gold_label'\]"):
        read_nli_file(path)
    path = write(tmp_path / "nohyp.jsonl", json.dumps({"premise": "a", "label": "e"}) + "\n")
    with pytest.raises(InputError, match=rf"{path.name}:1: no column among \['hypothesis'"):
        read_nli_file(path)


def test_no_labelled_pairs_and_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path / "unlabelled.jsonl", json.dumps({"premise": "a", "hypothesis": "b", "label": "-"}))
    with pytest.raises(InputError, match="no labelled pairs"):
        read_nli_file(path)
    with pytest.raises(InputError, match="no such file"):
        read_nli_file(tmp_path / "absent.csv")


# --- evaluate_nli with a fake model -------------------------------------------------------------


class FixedNLI:
    """Follows NLIModel: a model_id and predict_batch returning one probability row per pair."""

    model_id = "fake/fixed-nli"

    def __init__(self, rows: dict[str, list[float]]):
        self.rows = rows
        self.calls: list[list[tuple[str, str]]] = []

    def predict_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.calls.append(list(pairs))
        return np.array([self.rows[premise] for premise, _ in pairs], dtype=np.float64)


# gold label, probabilities (entailment, neutral, contradiction) → predicted, confidence, correct
CASES = [
    ("entailment", [0.90, 0.05, 0.05]),     # e, 0.90, yes
    ("entailment", [0.30, 0.60, 0.10]),     # n, 0.60, no
    ("neutral", [0.10, 0.70, 0.20]),        # n, 0.70, yes
    ("neutral", [0.20, 0.35, 0.45]),        # c, 0.45, no
    ("contradiction", [0.05, 0.15, 0.80]),  # c, 0.80, yes
    ("contradiction", [0.10, 0.10, 0.80]),  # c, 0.80, yes
]
PAIRS = [LabelledPair(f"premise {i}", f"hypothesis {i}", gold) for i, (gold, _) in enumerate(CASES)]
MODEL_ROWS = {f"premise {i}": row for i, (_, row) in enumerate(CASES)}


def test_evaluate_nli_matches_hand_computed_metrics() -> None:
    model = FixedNLI(MODEL_ROWS)
    report = evaluate_nli(model, PAIRS)
    assert model.calls == [[(p.premise, p.hypothesis) for p in PAIRS]]
    assert report["n"] == 6
    assert report["model"] == "fake/fixed-nli"
    assert report["accuracy"] == round(4 / 6, 4)
    assert report["confusion_matrix"] == {
        "labels": ["entailment", "neutral", "contradiction"],
        "rows_gold_columns_predicted": [[1, 1, 0], [0, 1, 1], [0, 0, 2]],
    }
    # entailment: P 1/1, R 1/2; neutral: P 1/2, R 1/2; contradiction: P 2/3, R 2/2
    assert report["per_class"] == {
        "entailment": {"precision": 1.0, "recall": 0.5, "f1": round(2 / 3, 4), "support": 2},
        "neutral": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
        "contradiction": {"precision": round(2 / 3, 4), "recall": 1.0, "f1": 0.8, "support": 2},
    }
    # 15 bins; every confidence sits alone in its bin except the two 0.80s:
    # (|1−0.9| + |0−0.6| + |1−0.7| + |0−0.45|)/6 + 2/6·|1−0.8| = 1.85/6
    assert report["ece"] == round(1.85 / 6, 4)
    assert report["pairs_per_s"] > 0


def test_evaluate_nli_uses_progress_when_the_model_supports_it() -> None:
    class ProgressNLI(FixedNLI):
        def predict_batch(self, pairs, progress=None):
            out = super().predict_batch(pairs)
            progress(len(pairs))
            return out

    advanced: list[tuple[str, int]] = []

    def progress(description: str, total: int):
        advanced.append((description, total))
        return lambda n: advanced.append(("advance", n))

    report = evaluate_nli(ProgressNLI(MODEL_ROWS), PAIRS, progress=progress)
    assert advanced == [("scoring pairs", 6), ("advance", 6)]
    assert report["accuracy"] == round(4 / 6, 4)


def test_perfect_model_scores_one() -> None:
    rows = {p.premise: [1.0 if label == p.label else 0.0 for label in ("entailment", "neutral", "contradiction")]
            for p in PAIRS}
    report = evaluate_nli(FixedNLI(rows), PAIRS)
    assert report["accuracy"] == 1.0
    assert report["ece"] == 0.0
    assert all(v["f1"] == 1.0 for v in report["per_class"].values())


def test_expected_calibration_error_by_hand() -> None:
    confidence = np.array([0.95, 0.95, 0.55, 0.55])
    correct = np.array([True, False, True, True])
    # bin of 0.95: accuracy 0.5 → 0.45; bin of 0.55: accuracy 1 → 0.45; each half the data
    assert expected_calibration_error(confidence, correct) == pytest.approx(0.45)


def test_format_nli_report_shows_the_numbers() -> None:
    report = evaluate_nli(FixedNLI(MODEL_ROWS), PAIRS) | {"file": "anli.jsonl"}
    text = format_nli_report(report)
    assert "accuracy  0.6667" in text
    assert "file      anli.jsonl" in text
    assert "      1       1       0" in text


def test_must_not_flag_counts_the_look_alikes_that_were_flagged() -> None:
    from narratives.evaluate import evaluate_must_not_flag
    from narratives.types import Claim, NLIScores, RunResult, ScoredPair

    def claim(cid: str, text: str, speaker: str) -> Claim:
        return Claim(id=cid, article_id="a", text=text, start=0, end=len(text), speaker=speaker, outlet="Desk")

    claims = (claim("c1", "Twelve children were killed in the strike.", "Governor"),
              claim("c2", "At least 40 people were killed in the strike.", "Ministry"),
              claim("c3", "The market reopened on Friday.", "Mayor"))
    flagged = ScoredPair(id="P1", event_id="e", a="c1", b="c2", similarity=0.8, a_to_b=NLIScores(0.1, 0.1, 0.8),
                         b_to_a=None, signals=("number-mismatch",), relation="contradiction")
    result = RunResult((), claims, (), (flagged,), (), (), {})
    look_alikes = [
        {"a": {"source": "Governor", "text": "Twelve children"}, "b": {"source": "Ministry", "text": "At least 40"},
         "why": "numbers of different quantities: a part against the total"},
        {"a": {"source": "Mayor", "text": "market reopened"}, "b": {"source": "Ministry", "text": "At least 40"},
         "why": "other: unrelated"},
    ]
    report = evaluate_must_not_flag(result, look_alikes)
    assert report["flagged"] == 1 and report["pairs"] == 2
    assert report["by_class"]["numbers of different quantities"] == {"flagged": 1, "pairs": 1}
    assert report["by_class"]["other"] == {"flagged": 0, "pairs": 1}
