"""The precision audit's sampling and summary (benchmarks/audit_flags.py); no models, no corpus."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def audit():
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("audit_flags", REPO / "benchmarks" / "audit_flags.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("successes, n, low, high", [
    (0, 10, 0.0, 0.2775),     # p = 0: the interval still has width
    (5, 10, 0.2366, 0.7634),  # symmetric around 0.5
    (10, 10, 0.7225, 1.0),
    (42, 60, 0.5749, 0.8010),
    (1, 25, 0.0071, 0.1954),
])
def test_wilson_interval_matches_known_values(audit, successes, n, low, high):
    found = audit.wilson(successes, n)
    assert found == pytest.approx((low, high), abs=1e-4)


def test_wilson_interval_of_nothing_judged_is_uninformative(audit):
    assert audit.wilson(0, 0) == (0.0, 1.0)


def test_sampling_is_deterministic_and_order_free(audit):
    ids = [f"P{i:04x}" for i in range(500)]
    first = audit.sample_ids(ids, 60, seed=7)
    assert first == audit.sample_ids(list(reversed(ids)), 60, seed=7)  # input order does not matter
    assert first == audit.sample_ids(ids + ids[:10], 60, seed=7)  # nor duplicates
    assert len(first) == 60 and len(set(first)) == 60 and first == sorted(first)
    assert set(first) <= set(ids)
    assert first != audit.sample_ids(ids, 60, seed=8)
    assert audit.sample_ids(ids[:30], 60, seed=7) == sorted(ids[:30])  # fewer flags than K: all of them


def test_default_sample_is_pinned(audit):
    """A changed seed or sampling rule would make "before" and "after" samples incomparable."""
    ids = [f"P{i:03d}" for i in range(100)]
    assert audit.DEFAULT_SEED == 20261202
    assert audit.sample_ids(ids, 5) == audit.sample_ids(ids, 5, seed=20261202)
    import random
    assert audit.sample_ids(ids, 5) == sorted(random.Random(20261202).sample(sorted(ids), 5))


def _record(i: int, judgement: str, cls: str = "", signals=("denial",)) -> dict:
    return {"id": f"P{i:03d}", "judgement": judgement, "class": cls, "note": "", "signals": list(signals)}


def test_summary_counts_precision_and_classes(audit, tmp_path):
    records = ([_record(i, "real") for i in range(6)] + [_record(10 + i, "framing") for i in range(2)]
               + [_record(20, "false", "negation out of context"), _record(21, "false", "negation out of context"),
                  _record(22, "false", "junk speaker", ("actor-mismatch",)), _record(30, "")])
    header = {"size": 300, "seed": 1, "commit": "abc1234", "nli_model": "m", "flags": 99, "corpus": "c"}
    path = audit.write_jsonl(tmp_path / "x.jsonl", header, records)
    read_header, read_records = audit.read_jsonl(path)
    assert read_header == header and read_records == records
    s = audit.summarise(read_header, read_records)
    assert (s["sampled"], s["judged"], s["unjudged"]) == (12, 11, 1)
    assert (s["real"], s["framing"], s["false"]) == (6, 2, 3)
    assert s["precision_real"]["value"] == round(6 / 11, 4)
    assert s["precision_real"]["wilson95"] == [round(v, 4) for v in audit.wilson(6, 11)]
    assert s["precision_real_or_framing"]["value"] == round(8 / 11, 4)
    assert list(s["false_by_class"]) == list(audit.FALSE_CLASSES)  # every class, in the order
    assert {c: n for c, n in s["false_by_class"].items() if n} == {"negation out of context": 2, "junk speaker": 1}
    assert s["by_pattern"]["false"] == {} and s["wrong_speaker"] == {"real": 0, "framing": 0, "false": 0}
    assert s["signals_of_false"] == {"actor-mismatch": 1, "denial": 2}
    text = audit.summary_markdown(s)
    assert "| 11 | 6 | 2 | 3 | 0.55 (Wilson 95% " in text and "1 sampled flags are not judged yet" in text


def test_summary_counts_patterns_and_wrong_speakers(audit):
    records = [_record(1, "false", "other") | {"pattern": "p", "wrong_speaker": ["a"]},
               _record(2, "false", "other") | {"pattern": "p", "wrong_speaker": []},
               _record(3, "real") | {"pattern": "allegation vs denial", "wrong_speaker": ["a", "b"]}]
    s = audit.summarise({"flags": 3}, records)
    assert s["by_pattern"] == {"real": {"allegation vs denial": 1}, "framing": {}, "false": {"p": 2}}
    assert s["wrong_speaker"] == {"real": 1, "framing": 0, "false": 1}
    text = audit.summary_markdown(s)
    assert "| p | 2 |" in text and "1 of the real, 1 of the false" in text and "3 flags, all of them" in text


def test_summary_refuses_unknown_judgements_and_classes(audit):
    with pytest.raises(SystemExit, match="not one of"):
        audit.summarise({}, [_record(1, "maybe")])
    with pytest.raises(SystemExit, match="class"):
        audit.summarise({}, [_record(1, "false", "made up")])


def test_summarise_mode_writes_files(audit, tmp_path, capsys):
    path = audit.write_jsonl(tmp_path / "judged.jsonl", {"seed": 3},
                             [_record(1, "real"), _record(2, "false", "other")])
    audit.main(["--summarise", str(path)])
    assert "| 2 | 1 | 0 | 1 |" in capsys.readouterr().out
    assert json.loads((tmp_path / "judged.summary.json").read_text())["false_by_class"]["other"] == 1
    assert (tmp_path / "judged.summary.md").is_file()
