"""The command line: help for every command, exit codes, and real runs on small inputs."""

from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from narratives.cli import app

runner = CliRunner()


def _commands(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help_text():
    for path, command in _commands(get_command(app)):
        assert (command.help or "").strip(), f"`narratives {' '.join(path)}` has no help text"
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output


def test_unwritable_output_is_a_clear_exit_2_error(tmp_path):
    from narratives.errors import OutputError
    from narratives.atomic import write_atomically

    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match=r"\[N500\] cannot write .*file.*report.md"):
        write_atomically(blocker / "report.md", "text")


def test_no_readable_input_is_a_tool_failure_with_exit_code_2(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere.jsonl"), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2
    assert "error:" in result.output and "nowhere.jsonl" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_missing_nli_model_is_exit_code_2(tmp_path):
    articles = tmp_path / "a.txt"
    articles.write_text("The ministry said 30 people were killed in the strike on the station on Friday.\n\n"
                        "The army denied it had fired at the station and said 12 people were killed.\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["run", str(articles), "--out", str(tmp_path / "out"),
                                 "--nli-model", str(tmp_path / "no-model"), "--quiet"])
    assert result.exit_code == 2
    assert "error:" in result.output and "no-model" in result.output


@pytest.mark.parametrize(("failure", "expected"), [
    (RuntimeError("simulated crash\n  in the middle of a run"),
     "error: [N900] unexpected RuntimeError: simulated crash in the middle of a run\n"),
    (RecursionError("maximum recursion depth exceeded"),
     "error: [N900] unexpected RecursionError: maximum recursion depth exceeded\n"),
    (KeyboardInterrupt(), "error: [N800] interrupted\n"),
], ids=["bug", "recursion", "ctrl-c"])
def test_any_failure_of_run_is_one_line_with_a_code_and_exit_code_2(tmp_path, monkeypatch, failure, expected):
    import narratives.pipeline

    def crash(*_args, **_kwargs):
        raise failure
    monkeypatch.setattr(narratives.pipeline, "run", crash)
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out"), "--quiet"])
    assert (result.exit_code, result.output) == (2, expected)


def test_unusable_setting_is_exit_code_2(tmp_path, monkeypatch):
    monkeypatch.setenv("NARRATIVES_NEIGHBOURS", "many")
    result = runner.invoke(app, ["run", str(tmp_path), "--quiet"])
    assert result.exit_code == 2
    assert "neighbours" in result.output


@pytest.mark.slow
def test_run_reports_bad_lines_and_keeps_good_articles(tmp_path):
    articles = tmp_path / "batch.jsonl"
    good = {
        "id": "a1", "outlet": "Wire Desk", "published": "2023-06-06",
        "text": "Ukraine's military said Russian troops had blown up the Kakhovka dam early on Tuesday. "
                "Kremlin spokesman Dmitry Peskov said Ukrainian forces had destroyed the dam deliberately.",
    }
    articles.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "a3", "outlet": "X"}) + "\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(articles), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in report["articles"]] == ["a1"]
    assert [p["line"] for p in report["problems"]] == [2, 3]
    markdown = (out / "report.md").read_text(encoding="utf-8")
    assert f"{articles}:2" in markdown.replace("\\", "")


@pytest.mark.slow
def test_nli_command_prints_both_directions():
    result = runner.invoke(app, ["nli", "Ukraine had nothing to do with the attack.",
                                 "The attack was carried out by Ukraine."])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    for direction in ("premise_to_hypothesis", "hypothesis_to_premise"):
        assert set(scores[direction]) == {"entailment", "neutral", "contradiction"}
        assert abs(sum(scores[direction].values()) - 1) < 1e-3
    assert scores["premise_to_hypothesis"]["contradiction"] > scores["premise_to_hypothesis"]["entailment"]
    assert any(s["name"] == "actor-denial" for s in scores["signals"])


@pytest.mark.slow
def test_eval_nli_json_has_the_documented_keys(tmp_path):
    data = tmp_path / "pairs.csv"
    data.write_text(
        "premise,hypothesis,label\n"
        "A man is playing a guitar on stage.,A man is performing music.,entailment\n"
        "A man is playing a guitar on stage.,The stage is empty.,contradiction\n"
        "A man is playing a guitar on stage.,The man is famous.,neutral\n"
        "The governor said eight people were wounded.,Nobody was hurt.,contradiction\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "nli", str(data), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 4
    assert {"accuracy", "per_class", "pairs_per_s", "ece", "confusion_matrix"} <= set(report)
    assert set(report["per_class"]["contradiction"]) >= {"precision", "recall", "f1"}


def test_run_into_its_own_input_folder_twice_reads_the_same_articles(tmp_path, monkeypatch, encoder):
    from narratives import engine
    from tests.store_helpers import OverlapNLI, seed_batches

    monkeypatch.setattr(engine, "SentenceTransformerEncoder", lambda _name: encoder)
    monkeypatch.setattr(engine, "load_nli", lambda *_a, **_k: OverlapNLI())
    folder, _ = seed_batches(tmp_path)
    reports = []
    for _ in range(2):
        result = runner.invoke(app, ["run", str(folder), "--out", str(folder), "--quiet"])
        assert result.exit_code == 0, result.output
        reports.append(json.loads((folder / "report.json").read_text(encoding="utf-8")))
    first, second = ([(a["id"], a["source_file"]) for a in report["articles"]] for report in reports)
    assert second == first
    assert not any(source.endswith(("report.md", "report.json", "report.html")) for _, source in second)
    assert (folder / "report.html").is_file()
