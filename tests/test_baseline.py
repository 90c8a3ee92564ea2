"""The reviewer baseline file: read errors name the file and the field; fields narratives does not know survive."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from narratives.baseline import Baseline, BaselineEntry
from narratives.errors import InputError
from narratives.types import Claim


def _claim(speaker: str, text: str) -> Claim:
    return Claim(id=f"c-{speaker}", article_id="a1", text=text, start=0, end=len(text), speaker=speaker,
                 outlet="Wire Desk")


PESKOV = _claim("Dmitry Peskov", "Kremlin spokesman Dmitry Peskov rejected the accusation.")
SHOIGU = _claim("Sergei Shoigu", "Sergei Shoigu said Ukrainian forces had blown up the dam.")
ZELENSKY = _claim("Volodymyr Zelensky", "Volodymyr Zelensky said Russian troops had blown up the dam.")


def _entry(**changes) -> dict:
    entry = BaselineEntry.for_claims(PESKOV, SHOIGU, "accepted", "both accounts are on record").to_json()
    return entry | changes


@pytest.mark.parametrize(("content", "detail"), [
    ('[{"reason": "caf\xe9"}]'.encode("latin-1"), r"not UTF-8 text \(byte 16\); save it as UTF-8"),
    (json.dumps({"entries": []}).encode(), "expected a JSON list of entries, not an object"),
    (json.dumps(["3f0c"]).encode(), "entry 1: expected an object, not text"),
    (json.dumps([_entry(reason=5)]).encode(), "entry 1: field 'reason' must be text, not a number"),
    (json.dumps([_entry(fingerprint=12)]).encode(), "entry 1: field 'fingerprint' must be text, not a number"),
    (json.dumps([_entry(verdict=["accepted"])]).encode(), "entry 1: field 'verdict' must be text, not a list"),
    (json.dumps([_entry(a="Peskov")]).encode(), r"entry 1: field 'a' must be an object \{source, text\}, not text"),
    (json.dumps([_entry(), _entry(b={"source": "Shoigu", "text": None})]).encode(),
     "entry 2: field 'b.text' must be text, not null"),
    (json.dumps([_entry(b={"source": "Shoigu"})]).encode(), "entry 1: missing field 'b.text'"),
], ids=["latin-1", "object", "entry-is-text", "reason-number", "fingerprint-number", "verdict-list", "side-text",
        "side-null", "side-missing"])
def test_a_baseline_that_cannot_be_used_is_an_error_naming_the_file_and_the_field(tmp_path, content, detail):
    path = tmp_path / "narratives-baseline.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match=rf"^\[N100\] baseline {re.escape(str(path))}: {detail}"):
        Baseline.load(path)


def test_a_baseline_path_that_is_a_folder_is_an_error_naming_it(tmp_path):
    with pytest.raises(InputError, match=rf"baseline {re.escape(str(tmp_path))}: cannot read it \(Is a directory\)"):
        Baseline.load(tmp_path, missing_ok=True)


def test_fields_narratives_does_not_know_survive_adding_and_updating_entries(tmp_path):
    path = tmp_path / "narratives-baseline.json"
    kept = _entry(ticket="NEWS-12", a={"source": "Dmitry Peskov", "text": PESKOV.text, "url": "https://example.org/1"})
    other = BaselineEntry.for_claims(SHOIGU, ZELENSKY, "false-positive", "different dams").to_json()
    other |= {"reviewed_by": "desk", "history": [{"verdict": "accepted"}]}
    path.write_text(json.dumps([kept, other]), encoding="utf-8")

    baseline = Baseline.load(path)
    assert not baseline.add(BaselineEntry.for_claims(SHOIGU, PESKOV, "false-positive", "not the same day"))
    assert baseline.add(BaselineEntry.for_claims(PESKOV, ZELENSKY, "accepted", "on record"))
    baseline.save()

    saved = {entry["fingerprint"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}
    updated = saved[kept["fingerprint"]]
    assert (updated["verdict"], updated["reason"], updated["ticket"]) == ("false-positive", "not the same day", "NEWS-12")
    assert updated["a"] == kept["a"] and list(updated)[:5] == ["fingerprint", "verdict", "reason", "a", "b"]
    assert saved[other["fingerprint"]] == other
    assert len(saved) == 3


# --- `baseline --import`: the verdicts report.html gives, into the baseline, with no store --------------


def _import(verdicts: Path, baseline: Path, *extra: str):
    from typer.testing import CliRunner

    from narratives.cli import app

    return CliRunner().invoke(app, ["baseline", "--import", str(verdicts), "--baseline", str(baseline), *extra])


def test_import_adds_and_updates_entries_and_keeps_fields_it_does_not_know(tmp_path):
    verdicts, baseline = tmp_path / "narratives-verdicts.json", tmp_path / "narratives-baseline.json"
    kept = _entry(ticket="NEWS-12")
    baseline.write_text(json.dumps([kept]), encoding="utf-8")
    # as report.html writes them: both sides as the flag has them, in either order
    changed = _entry(verdict="false-positive", reason="not the same day", a=kept["b"], b=kept["a"])
    new = BaselineEntry.for_claims(SHOIGU, ZELENSKY, "accepted", "both on record").to_json()
    verdicts.write_text(json.dumps([changed, new]), encoding="utf-8")

    result = _import(verdicts, baseline, "--store", str(tmp_path / "no-store.sqlite"))
    assert result.exit_code == 0, result.output
    assert "imported 2 verdicts" in result.output and "1 added, 1 updated" in result.output
    saved = {e["fingerprint"]: e for e in json.loads(baseline.read_text(encoding="utf-8"))}
    updated = saved[kept["fingerprint"]]
    assert (updated["verdict"], updated["ticket"]) == ("false-positive", "NEWS-12")
    assert saved[new["fingerprint"]] == new
    assert not (tmp_path / "no-store.sqlite").exists()


@pytest.mark.parametrize(("content", "message"), [
    (None, "verdicts {path}: no such file"),
    ([_entry(a={"source": "Dmitry Peskov", "text": "Peskov rejected it."})],
     "verdicts {path}: entry 1: fingerprint '[0-9a-f]{{16}}' is not the one of its claims a and b"),
    ([_entry(reason=" ")], "verdicts {path}: entry 1: a baseline entry needs a reason"),
    ({"verdicts": []}, "verdicts {path}: expected a JSON list of entries, not an object"),
], ids=["missing", "edited-text", "no-reason", "not-a-list"])
def test_import_of_a_file_it_cannot_trust_changes_nothing_and_says_why(tmp_path, content, message):
    verdicts, baseline = tmp_path / "narratives-verdicts.json", tmp_path / "narratives-baseline.json"
    if content is not None:
        verdicts.write_text(json.dumps(content), encoding="utf-8")
    result = _import(verdicts, baseline)
    assert result.exit_code == 2
    assert re.search(message.format(path=re.escape(str(verdicts))), " ".join(result.output.split())), result.output
    assert not baseline.exists()


def test_import_goes_alone(tmp_path):
    result = _import(tmp_path / "v.json", tmp_path / "b.json", "--list")
    assert result.exit_code == 2 and "pass either --add ID (with --verdict and --reason), --import FILE or --list" in (
        " ".join(result.output.split()))
