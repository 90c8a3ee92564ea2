"""The NLI data sets: one setting says where they are, and tests stay off them.

A fresh clone has no ../shared beside it: the suite ships the pairs it needs (tests/data/) and
only tests marked `needs_data` may read the data sets, which are skipped where they are absent.
"""

from __future__ import annotations

import csv

import pytest

from models.data_root import BESIDE_CHECKOUT, ENVIRONMENT, default_data_root
from narratives.nli import LABELS
from tests.conftest import DATA, REPO


def test_the_data_root_is_the_environment_else_beside_the_checkout(tmp_path):
    assert BESIDE_CHECKOUT == REPO.parent / "shared" / "data" / "nli"
    assert default_data_root({}) == default_data_root({ENVIRONMENT: " "}) == BESIDE_CHECKOUT
    assert default_data_root({ENVIRONMENT: str(tmp_path)}) == tmp_path


def test_a_test_not_marked_needs_data_cannot_open_the_data_sets(tmp_path):
    # Where the data is present (CI here) a test reading it would pass and a fresh clone fail.
    with pytest.raises(PermissionError, match="mark the test needs_data"):
        open(DATA / "lingnli" / "train_00.csv", encoding="utf-8")
    (tmp_path / "data").symlink_to(DATA, target_is_directory=True)
    with pytest.raises(PermissionError, match="mark the test needs_data"):
        open(tmp_path / "data" / "lingnli" / "SOURCE.md", encoding="utf-8")
    with pytest.raises(PermissionError, match="mark the test needs_data"):
        open(REPO.parent / "shared" / "STYLE.md", encoding="utf-8")


@pytest.mark.needs_data
def test_the_shipped_pairs_are_the_first_of_each_label_in_lingnli():
    wanted: dict[str, list[dict]] = {label: [] for label in LABELS}
    with (DATA / "lingnli" / "train_00.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if len(wanted.get(row["label"], [14] * 14)) < 14:
                wanted[row["label"]].append(row)
    with (REPO / "tests" / "data" / "lingnli_pairs.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == [row for label in LABELS for row in wanted[label]]
