"""Engines: the local one needs no Ray (an optional extra), and only engine_ray.py imports it."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from narratives.errors import ConfigError
from tests.conftest import REPO

PACKAGE = REPO / "narratives"


def test_only_the_ray_engine_module_imports_ray() -> None:
    importers = set()
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name == "ray" or name.startswith("ray.") for name in names):
                importers.add(path.name)
    assert importers == {"engine_ray.py"}


def test_unknown_engine_and_a_ray_address_without_ray_are_setting_errors() -> None:
    from narratives.engine import open_engine

    with pytest.raises(ConfigError, match=r"\[N300\] unknown engine 'spark'; use one of \['local', 'ray'\]"):
        open_engine("spark")
    with pytest.raises(ConfigError, match="--ray-address needs --engine ray"):
        open_engine("local", address="auto")


@pytest.mark.slow
def test_a_local_run_and_check_never_import_ray(tmp_path: Path) -> None:
    """In a fresh interpreter, as the command runs: Ray installed or not, `run` and `check` leave it alone."""
    article = tmp_path / "a.txt"
    article.write_text("The ministry said 30 people were killed in the strike on the station on Friday.\n\n"
                       "The army denied it had fired at the station and said 12 people were killed.\n",
                       encoding="utf-8")
    script = f"""
import json, sys
from typer.testing import CliRunner
from narratives.cli import app
runner = CliRunner()
ran = runner.invoke(app, ["run", {str(article)!r}, "--out", {str(tmp_path / "run")!r}, "--quiet"])
checked = runner.invoke(app, ["check", {str(article)!r}, "--store", {str(tmp_path / "s.sqlite")!r},
                              "--out", {str(tmp_path / "check")!r}, "--exit-zero", "--quiet"])
print(json.dumps({{"run": [ran.exit_code, ran.output], "check": [checked.exit_code, checked.output],
                  "ray": sorted(m for m in sys.modules if m == "ray" or m.startswith("ray."))}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["run"][0] == 0 and found["check"][0] == 0, found
    assert found["ray"] == []


def test_a_remembering_cache_returns_what_it_was_handed_and_computes_the_rest() -> None:
    from narratives.memo import remembering_cache

    calls = []

    @remembering_cache(maxsize=8)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    double.remember((3,), 6)
    assert (double(3), double(4), double(4)) == (6, 8, 8) and calls == [4]
    assert double.known(3) and not double.known(4)  # known: handed in, not computed here
    double.cache_clear()
    assert not double.known(3) and double(3) == 6 and calls == [4, 3]


def test_readings_made_in_another_process_are_the_ones_this_process_would_compute() -> None:
    """What the Ray engine's claim workers send (parses, readings) gives the driver the same readings."""
    import pickle

    from narratives import parse, signals
    from narratives.claims import extract_all
    from narratives.ingest import read_inputs
    from tests.conftest import SEEDS

    articles, _ = read_inputs([SEEDS / "articles" / "000_06c27f291b6d8def.txt"])
    claims, _ = extract_all(articles)
    cached = (signals.reading_of, signals.propositions_of, signals.actors, signals._acts_have_doers)

    def read_all() -> list:
        return [(signals.reading_of(c.proposition, c.cue in signals.DENIAL_CUES),
                 signals.propositions_of(c.proposition, c.cue in signals.DENIAL_CUES),
                 signals.actors(c.proposition, c.speaker, c.cue in signals.DENIAL_CUES),
                 signals.names_an_actor(c)) for c in claims]

    for function in cached:
        function.cache_clear()
    sent = pickle.dumps((signals.readings(claims), parse.packed([c.proposition for c in claims])))
    expected = read_all()
    for function in cached:  # the driver: nothing read, nothing parsed
        function.cache_clear()
    parse._cache.clear()
    found, parses = pickle.loads(sent)
    parse.unpack(parses)
    signals.remember_readings(found)
    assert all(signals.reading_of.known(c.proposition, c.cue in signals.DENIAL_CUES) for c in claims)
    assert read_all() == expected
    for function in cached:
        function.cache_clear()  # later tests compute their own
