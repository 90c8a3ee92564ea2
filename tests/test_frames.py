"""frames: report.json ↔ pandas frames, and `narratives export`; on the committed seed report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from narratives.cli import app
from narratives.frames import FRAMES, counts_of, read_frames
from narratives.types import FLAG_KINDS

SEED_REPORT = Path(__file__).resolve().parent.parent / "reports" / "seeds" / "report.json"
runner = CliRunner()


def test_the_frames_give_back_the_counts_the_report_states() -> None:
    report = json.loads(SEED_REPORT.read_text(encoding="utf-8"))
    counts = counts_of(read_frames(SEED_REPORT))
    stated = report["metadata"]["counts"]
    assert {k: counts[k] for k in ("articles", "events", "claims", "contradictions", "agreements")} == {
        k: stated[k] for k in ("articles", "events", "claims", "contradictions", "agreements")}
    assert counts["camps"] == sum(len(n["camps"]) for n in report["narratives"]) > 0


def test_a_pair_row_names_its_claims_and_scores() -> None:
    frames = read_frames(SEED_REPORT)
    flags = frames["pairs"].query("relation == 'contradiction'")
    assert set(flags["a"]) | set(flags["b"]) <= set(frames["claims"]["id"])
    assert set(flags["event_id"]) <= set(frames["events"]["id"])
    assert flags["kind"].isin([kind for kind, _ in FLAG_KINDS] + ["other"]).all()
    assert flags["a_to_b_contradiction"].between(0, 1).all()


def test_csv_export_round_trips_to_the_same_counts(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(SEED_REPORT), "--to", str(tmp_path / "tables"), "--quiet"])
    assert result.exit_code == 0, result.output
    back = {name: pd.read_csv(tmp_path / "tables" / f"{name}.csv", keep_default_na=False) for name in FRAMES}
    assert counts_of(back) == counts_of(read_frames(SEED_REPORT))
    again = runner.invoke(app, ["export", str(SEED_REPORT), "--to", str(tmp_path / "tables"), "--quiet"])
    assert again.exit_code == 0  # the same files again, replaced together


def test_parquet_export_needs_pyarrow_and_says_so(tmp_path: Path) -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        result = runner.invoke(app, ["export", str(SEED_REPORT), "--to", str(tmp_path), "--format", "parquet"])
        assert result.exit_code == 2 and "pip install pyarrow" in result.output
        assert not list(tmp_path.iterdir())
    else:
        result = runner.invoke(app, ["export", str(SEED_REPORT), "--to", str(tmp_path), "--format", "parquet"])
        assert result.exit_code == 0
        back = {name: pd.read_parquet(tmp_path / f"{name}.parquet") for name in FRAMES}
        assert counts_of(back) == counts_of(read_frames(SEED_REPORT))


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not a narratives report.json"),
    ('{"articles": []}', "no list events"),
])
def test_a_file_that_is_not_a_report_is_named_in_the_error(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "report.json"
    bad.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["export", str(bad), "--to", str(tmp_path / "out")])
    assert result.exit_code == 2 and str(bad) in result.output and message in result.output


def test_a_result_in_memory_gives_the_frames_of_its_report_file(tmp_path: Path) -> None:
    from test_report import RESULT

    from narratives.frames import frames_of
    from narratives.report import write_reports

    write_reports(RESULT, tmp_path)
    from_file, in_memory = read_frames(tmp_path / "report.json"), frames_of(RESULT)
    for name in FRAMES:
        pd.testing.assert_frame_equal(in_memory[name], from_file[name])
    assert counts_of(in_memory)["contradictions"] == 1
