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
