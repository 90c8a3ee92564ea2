"""atomic: reports replaced together or not at all, never through a symlink, and an unwritable --out fails first."""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from narratives.atomic import check_writable, write_atomically, write_together
from narratives.cli import app
from narratives.errors import OutputError
from narratives.report import render_json, render_markdown, write_reports
from tests.test_report import RESULT

runner = CliRunner()


@pytest.mark.parametrize("had_old_report", [True, False])
def test_when_report_json_cannot_be_replaced_report_md_stays_as_it_was(tmp_path, had_old_report) -> None:
    out = tmp_path / "out"
    (out / "report.json").mkdir(parents=True)  # a rename over a folder fails, for root too
    if had_old_report:
        (out / "report.md").write_text("the previous run\n", encoding="utf-8")
    with pytest.raises(OutputError, match=r"^\[N500\] cannot write .*out/report\.json: Is a directory"):
        write_reports(RESULT, out)
    if had_old_report:
        assert (out / "report.md").read_text(encoding="utf-8") == "the previous run\n"
    else:
        assert not (out / "report.md").exists()
    assert sorted(os.listdir(out)) == ["report.json", "report.md"][: 2 if had_old_report else 1]  # no leftovers


def test_a_check_writes_its_three_files_together(tmp_path) -> None:
    out = tmp_path / "out"
    write_together(out, {"report.md": "old md\n", "report.json": "{}\n", "new.md": "old new\n"})
    (out / "new.md").unlink()
    (out / "new.md").mkdir()
    with pytest.raises(OutputError, match=r"new\.md.*; .*report\.md, .*report\.json put back as before"):
        write_together(out, {"report.md": "md\n", "report.json": "[]\n", "new.md": "new\n"})
    assert (out / "report.md").read_text() == "old md\n" and (out / "report.json").read_text() == "{}\n"


def test_temporary_files_are_never_opened_through_a_symlink_left_in_the_folder(tmp_path) -> None:
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("not yours\n", encoding="utf-8")
    for name in ("report.md.tmp", "report.json.tmp", ".report.md.tmp", "report.md"):
        (out / name).symlink_to(victim)  # the old fixed temporary names, and a report that is a link
    write_reports(RESULT, out)
    assert victim.read_text(encoding="utf-8") == "not yours\n"
    assert not (out / "report.md").is_symlink()  # the link itself is replaced, never written through
    assert (out / "report.md").read_text(encoding="utf-8") == render_markdown(RESULT)
    assert (out / "report.json").read_text(encoding="utf-8") == render_json(RESULT)
    assert sorted(os.listdir(out)) == [".report.md.tmp", "report.html", "report.json", "report.json.tmp", "report.md",
                                       "report.md.tmp"]


def test_reports_are_as_readable_as_any_new_file(tmp_path) -> None:
    umask = os.umask(0o022)
    try:
        path = write_atomically(tmp_path / "report.md", "text\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0600


def test_an_out_folder_behind_a_file_is_refused_and_nothing_is_created(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match=r"^\[N500\] cannot write .*file/reports: .*file is not a folder$"):
        check_writable(blocker / "reports")
    check_writable(tmp_path / "new" / "deeper")
    assert sorted(os.listdir(tmp_path)) == ["file"]  # a writable --out is checked without creating it


@pytest.mark.parametrize("command", ["run", "check"])
def test_a_run_whose_out_is_unwritable_fails_at_the_start(tmp_path, monkeypatch, command) -> None:
    import narratives.incremental
    import narratives.pipeline

    def analysis(*_args, **_kwargs):
        raise AssertionError("the analysis ran before --out was checked")
    monkeypatch.setattr(narratives.pipeline, "run", analysis)
    monkeypatch.setattr(narratives.incremental, "check", analysis)
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = runner.invoke(app, [command, str(tmp_path), "--out", str(blocker / "out"), "--store",
                                 str(tmp_path / "s.sqlite")][: None if command == "check" else 4])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: [N500] cannot write ") and "file/out" in result.stderr
    assert not (tmp_path / "s.sqlite").exists()  # check failed before it opened (or locked) the store
