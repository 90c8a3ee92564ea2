"""The NLI data sets: one setting says where they are, README says where each comes from, and tests stay off them.

A fresh clone has no ../shared beside it: the suite ships the pairs it needs (tests/data/) and
only tests marked `needs_data` may read the data sets, which are skipped where they are absent.
"""

from __future__ import annotations

import argparse
import csv
import re

import pytest

from models.data_root import BESIDE_CHECKOUT, ENVIRONMENT, SOURCES, add_data_argument, default_data_root
from narratives.nli import LABELS
from tests.conftest import DATA, REPO


def test_the_data_root_is_the_flag_else_the_environment_else_beside_the_checkout(tmp_path, monkeypatch):
    assert BESIDE_CHECKOUT == REPO.parent / "shared" / "data" / "nli"
    assert default_data_root({}) == default_data_root({ENVIRONMENT: " "}) == BESIDE_CHECKOUT
    assert default_data_root({ENVIRONMENT: str(tmp_path)}) == tmp_path

    (tmp_path / "env").mkdir()
    (tmp_path / "flag").mkdir()
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "env"))
    parser = argparse.ArgumentParser()
    add_data_argument(parser)
    assert parser.parse_args([]).data == tmp_path / "env"
    assert parser.parse_args(["--data", str(tmp_path / "flag")]).data == tmp_path / "flag"


def test_a_data_root_that_is_not_there_is_a_usage_error_naming_the_setting(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(ENVIRONMENT, str(tmp_path / "nowhere"))
    parser = argparse.ArgumentParser()
    add_data_argument(parser)
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args([])
    assert stopped.value.code == 2
    assert f"no NLI data at {tmp_path / 'nowhere'}: pass --data DIR or set {ENVIRONMENT}" in capsys.readouterr().err


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


def _readme_sources() -> dict[str, str]:
    """folder → `owner/repository@commit` from the table in README "Data sets"."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Data sets", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([a-z0-9_]+)/` \| ([\w.-]+/[\w.-]+@[0-9a-f]{12}) ", section, flags=re.M))


def test_readme_names_the_public_source_of_every_data_set_the_code_reads():
    from models.nli_data import EXTRA_POOL_V2, TRAINING_MIX

    assert _readme_sources() == {folder: f"{repo}@{commit[:12]}" for folder, (repo, commit) in SOURCES.items()}
    read = {part.path.split("/")[0] for part in TRAINING_MIX + EXTRA_POOL_V2}
    for script in sorted((REPO / "models").glob("*.py")):  # `root / "fnc1/…"`, `root / "snli_esnli"`
        read |= set(re.findall(r"""root / f?["']([a-z0-9_]+)[/"']""", script.read_text(encoding="utf-8")))
    benchmark = (REPO / "benchmarks" / "run_benchmark.py").read_text(encoding="utf-8")
    read |= set(re.findall(r"""^[A-Z0-9_]+ = \(?["']([a-z0-9_]+)/""", benchmark, flags=re.M))  # FNC1 = ("fnc1/…
    assert {"lingnli", "anli_dev", "snli_esnli", "fnc1", "claimdiff"} <= read <= set(SOURCES), \
        f"no public source recorded for {sorted(read - set(SOURCES))}"


@pytest.mark.needs_data
@pytest.mark.parametrize("folder", sorted(SOURCES))
def test_each_recorded_source_is_the_one_its_data_folder_came_from(folder):
    repository, commit = SOURCES[folder]
    source = (DATA / folder / "SOURCE.md").read_text(encoding="utf-8")
    assert f"github.com/{repository}" in source and commit in source


def test_the_model_card_is_what_model_card_writes():
    from models.model_card import render

    model = REPO / "models" / "nli-minilm-l6"
    assert (model / "README.md").read_text(encoding="utf-8") == render(model), "run python -m models.model_card"
