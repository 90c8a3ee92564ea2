"""The Ray engine on a local Ray cluster of this machine: the local engine's report, through faults too.

The cluster is started once for the module (2 CPUs, no dashboard, its files under a short
temporary folder, never in the checkout) and stopped after it. Where Ray is not installed (the
`ray` extra) or cannot start, these tests are skipped with the reason; the local engine never
needs it (tests/test_engine.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from contextlib import chdir
from pathlib import Path

import pytest

from narratives.config import Settings
from narratives.embed import CachedEncoder
from narratives.pipeline import run
from narratives.report import render_json, render_markdown
from tests.conftest import REPO, SEEDS

ray = pytest.importorskip("ray", reason="the ray extra is not installed (pip install 'narratives[ray]')")

pytestmark = pytest.mark.slow
# Three seed articles of one event (Belgorod): 28 pairs scored A→B, 19 of them B→A too.
BELGOROD = [SEEDS / "articles" / "000_06c27f291b6d8def.txt", SEEDS / "articles" / "more_articles.jsonl"]


@pytest.fixture(scope="module")
def ray_cluster():
    # Short: Ray's socket paths under it must fit in 107 bytes, which pytest's tmp_path can exceed.
    temp = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING,
                 _temp_dir=temp)
    except Exception as error:  # a sandbox without shared memory or sockets, a port that is taken
        shutil.rmtree(temp, ignore_errors=True)
        pytest.skip(f"a local Ray cluster cannot start on this machine: {type(error).__name__}: {error}")
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)


def test_the_ray_engine_writes_the_local_engines_report_on_the_seeds(ray_cluster, seed_result, tmp_path):
    from typer.testing import CliRunner

    from narratives.cli import app

    with chdir(REPO):  # relative inputs, as the seed_result run used; the CLI joins the module's cluster
        done = CliRunner().invoke(app, ["run", "seeds", "--engine", "ray", "--out", str(tmp_path), "--quiet"])
    assert done.exit_code == 0, done.output
    # ids, flags, camps, scores, settings, counts: byte for byte
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == render_json(seed_result)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == render_markdown(seed_result)


def test_a_killed_nli_worker_is_replaced_and_the_report_is_the_same(ray_cluster, encoder, nli_model):
    from narratives.engine_ray import RayEngine

    settings = Settings(nli_batch_size=4)  # groups of 4 pairs: 7 groups A→B, so the kill lands mid-stage
    fresh = CachedEncoder(encoder.encoder)  # vectors of this run's own batches, as the Ray run computes them
    local = run(BELGOROD, settings, encoder=fresh, nli=nli_model)
    killed: list[int] = []

    def progress(description: str, _total: int):
        def advance(_n: int) -> None:
            if description.startswith("scoring pairs (NLI A→B)") and not killed:
                pid = next(iter(engine.stats["nli"]["actors"]))  # the actor that scored the first group
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        return advance

    with RayEngine(workers=1, nli_batches_per_group=1) as engine:
        result = run(BELGOROD, settings, engine=engine, progress=progress)
    assert killed
    assert set(engine.stats["nli"]["actors"]) - set(killed), "no new actor took over the killed one's groups"
    assert render_json(result) == render_json(local)
    for stage in ("claims", "embed", "signals", "nli"):  # the work ran in Ray actors, not in this process
        assert engine.stats[stage]["groups"] > 0 and os.getpid() not in engine.stats[stage]["actors"]


def test_an_nli_model_that_does_not_load_on_the_workers_fails_the_actor_pool_with_n200(ray_cluster):
    from narratives.engine_ray import RayEngine
    from narratives.errors import ModelError

    outcome: list[BaseException] = []

    def score() -> None:
        with RayEngine(workers=1) as engine:
            nli = engine.nli(Settings(nli_model="/nonexistent/nli-model"))
            try:
                nli.predict_batch([("The dam was destroyed.", "The dam is intact.")])  # no load() first
            except BaseException as error:
                outcome.append(error)

    worker = threading.Thread(target=score, daemon=True)
    worker.start()
    worker.join(timeout=180)
    assert not worker.is_alive(), "the run waited for actors that cannot start"
    assert outcome and isinstance(outcome[0], ModelError), outcome
    assert str(outcome[0]).startswith("[N200] ") and "/nonexistent/nli-model" in str(outcome[0])
    assert "\n" not in str(outcome[0])


def test_the_cli_fails_with_n200_when_the_nli_model_does_not_load_on_a_ray_worker(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text("The ministry said 30 people were killed in the strike on the station on Friday.\n",
                       encoding="utf-8")
    command = [sys.executable, "-m", "narratives.cli", "run", str(article), "--out", str(tmp_path / "out"),
               "--engine", "ray", "--nli-model", str(tmp_path / "no-model"), "--quiet"]
    # A cluster of its own (the CLI starts one for the run), with its files in the test's folder.
    environment = os.environ | {"RAY_TMPDIR": tempfile.mkdtemp(prefix="ray-", dir="/tmp")}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=REPO, env=environment)
    finally:
        shutil.rmtree(environment["RAY_TMPDIR"], ignore_errors=True)
    assert done.returncode == 2, done.stderr[-3000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: [N200] ") and "no-model" in errors[0], done.stderr[-3000:]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
