"""The distillation pool's file handling and loss (models/distill.py, models/train_nli.py); no training here."""

from __future__ import annotations

import json

import pytest
import torch

from models.distill import _complete_rows
from models.train_nli import distillation_loss, read_distill_pool


def _row(premise: str, teacher: list[float], label: str | None = None) -> str:
    return json.dumps({"premise": premise, "hypothesis": "h", "teacher": teacher, "label": label, "source": "t"}) + "\n"


def test_a_line_cut_by_a_kill_is_dropped_so_the_rerun_labels_it_again(tmp_path) -> None:
    pool = tmp_path / "pool.jsonl"
    pool.write_text(_row("one", [0.1, 0.8, 0.1]) + _row("two", [0.2, 0.2, 0.6]) + '{"premise": "thr', encoding="utf-8")
    assert _complete_rows(pool) == 2
    assert pool.read_text(encoding="utf-8").endswith("\n")
    assert _complete_rows(tmp_path / "absent.jsonl") == 0


def test_the_pool_reads_teacher_probabilities_and_optional_gold_labels(tmp_path) -> None:
    pool = tmp_path / "pool.jsonl"
    pool.write_text(_row("one", [0.1, 0.8, 0.1]) + _row("two", [0.2, 0.2, 0.6], "contradiction"), encoding="utf-8")
    pairs, soft = read_distill_pool(pool)
    assert [p.label for p in pairs] == ["", "contradiction"]
    assert soft.shape == (2, 3) and soft[1, 2].item() == pytest.approx(0.6)


@pytest.mark.parametrize("bad", ['{"premise": "x"}\n', _row("x", [0.5, 0.5]), _row("x", [0.2, 0.2, 0.6], "maybe"),
                                 "not json\n"])
def test_a_bad_pool_row_names_the_file_and_line(tmp_path, bad: str) -> None:
    pool = tmp_path / "pool.jsonl"
    pool.write_text(_row("ok", [0.1, 0.8, 0.1]) + bad, encoding="utf-8")
    with pytest.raises(SystemExit, match=r"pool\.jsonl:2"):
        read_distill_pool(pool)


def test_distillation_loss_is_zero_only_where_the_student_matches_the_teacher_and_gold() -> None:
    teacher = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    matching = teacher.log()  # logits whose softmax is the teacher's distribution
    no_gold = torch.tensor([-100, -100])
    assert distillation_loss(matching, teacher, no_gold, alpha=0.5).item() == pytest.approx(0.0, abs=1e-6)
    assert distillation_loss(matching.flip(0), teacher, no_gold, alpha=0.5).item() > 0.1
    # gold disagreeing with the teacher adds cross-entropy on that row only
    gold = torch.tensor([2, -100])
    with_gold = distillation_loss(matching, teacher, gold, alpha=0.5).item()
    assert with_gold == pytest.approx(0.5 * -torch.log(torch.tensor(0.1)).item() / 1, rel=1e-4)
    # alpha 0: pure distillation, gold ignored
    assert distillation_loss(matching, teacher, gold, alpha=0.0).item() == pytest.approx(0.0, abs=1e-6)
