"""Shared by test_store.py and test_check.py: a fast fake NLI model, seed batches, a store dump."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from tests.conftest import SEEDS

NEW_ARTICLE_ID = "kakhovka-dam-2023-07-18"  # the follow-up that joins the stored Kakhovka event
_WORD = re.compile(r"[a-z0-9']+")
_NEGATIONS = frozenset({"not", "no", "nothing", "never", "denied", "denies", "deny", "rejected", "false", "untrue",
                        "dismissed", "nobody"})


class OverlapNLI:
    """Follows the NLIModel interface; the real model is minutes on 2 CPU cores, this is microseconds.

    Contradiction is likely when the two texts share words and exactly one of them negates;
    entailment grows with word overlap. Deterministic per pair, whatever the batch.
    `fail_after=N` raises on call N+1, as a run killed midway would stop.
    """

    def __init__(self, model_id: str = "test/overlap-nli", fail_after: int | None = None):
        self.model_id = model_id
        self.fail_after = fail_after
        self.calls = 0
        self.seen: list[tuple[str, str]] = []

    def predict_batch(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        self.calls += 1
        if self.fail_after is not None and self.calls > self.fail_after:
            raise RuntimeError("simulated crash in the NLI model")
        self.seen.extend(pairs)
        rows = []
        for premise, hypothesis in pairs:
            a, b = set(_WORD.findall(premise.lower())), set(_WORD.findall(hypothesis.lower()))
            overlap = len(a & b) / max(1, len(a | b))
            negated = bool(a & _NEGATIONS) != bool(b & _NEGATIONS)
            contradiction = 0.9 if negated and overlap >= 0.08 else 0.05 + 0.2 * overlap
            entailment = 0.0 if negated else min(0.9, 1.5 * overlap)
            rows.append([entailment, max(0.0, 1.0 - entailment - contradiction), contradiction])
        rows = np.array(rows, dtype=np.float32).reshape(-1, 3)
        return rows / rows.sum(axis=1, keepdims=True)


def seed_batches(folder: Path) -> tuple[Path, Path]:
    """The seeds as two inputs: folder/old (every seed but one Kakhovka follow-up) and folder/new.jsonl."""
    old = folder / "old"
    old.mkdir(parents=True)
    for path in sorted((SEEDS / "articles").glob("*.txt")):
        (old / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    lines = (SEEDS / "articles" / "more_articles.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    def jsonl(keep) -> str:
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if keep(r["id"] == NEW_ARTICLE_ID))
    (old / "more_articles.jsonl").write_text(jsonl(lambda is_new: not is_new), encoding="utf-8")
    new = folder / "new.jsonl"
    new.write_text(jsonl(lambda is_new: is_new), encoding="utf-8")
    return old, new


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: two stores with equal dumps hold the same content."""
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
