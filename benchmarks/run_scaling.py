"""The local engine against a local Ray cluster of 1 and 2 workers, on the same FNC-1 corpora, in one run.

From a clean checkout (`make install` sets up .venv with the test extra, Ray included):

    .venv/bin/python benchmarks/run_scaling.py --sizes 1000,2500 --engines local,ray-1,ray-2

Each (size, engine) runs `narratives.pipeline.analyse` (default settings and models, reports
written) in a fresh process, so that its peak memory is its own. "ray-N" starts a local Ray
cluster of N CPUs in that process and runs N actors per stage. Recorded per run: wall time
(cluster start and model loads included), throughput, seconds per stage, for each Ray stage its
actors' busy seconds, model-load seconds and peak memory, the Ray overhead (each stage's wall time
less its busy time spread over the workers, plus starting the cluster and the model check), the
peak memory of the driver and of all the run's processes together, and the sha256 of report.json:
every engine must write the same report (`identical_to_local`). Tables go to stdout and, with the
raw numbers as JSON, to --out (scaling.json, scaling.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from run_benchmark import REPO, CpuShare, fnc1_articles, machine, say

from models.data_root import add_data_argument

STAGES = ("load models", "claims", "embed", "events", "pairs", "signals", "nli", "judge", "report")
RAY_STAGES = ("claims", "embed", "signals", "nli")  # the per-item stages the engine runs; the rest stays on the driver
DRIVER_STAGES = ("events", "pairs", "judge", "report")  # what needs the whole corpus

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class TreeUsage:
    """Peak resident memory and CPU seconds of this process and all its descendants (a local Ray
    cluster's processes are), sampled from /proc every half second: a process that ends between two
    samples loses its last half second of CPU time."""

    def __init__(self, interval: float = 0.5):
        self.interval = interval
        self.peak_mib = 0.0
        self.cpu_s: dict[int, float] = {}  # pid → CPU seconds when last seen
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
        while True:
            parents, rss, cpu = {}, {}, {}
            for entry in Path("/proc").iterdir():
                if not entry.name.isdigit():
                    continue
                try:
                    stat = (entry / "stat").read_text()
                    resident = int((entry / "statm").read_text().split()[1])
                except (OSError, ValueError, IndexError):
                    continue  # the process ended meanwhile
                fields = stat.rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(fields[1])
                rss[int(entry.name)] = resident * page
                cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
            mine, total = {os.getpid()}, 0
            for pid in sorted(parents):  # a child's pid can be lower than its parent's: walk each chain up
                chain, current = [], pid
                while current in parents and current not in mine and current > 1:
                    chain.append(current)
                    current = parents[current]
                if current in mine:
                    mine.update(chain)
            total = sum(rss.get(pid, 0) for pid in mine)
            self.peak_mib = max(self.peak_mib, total / 2**20)
            self.cpu_s.update({pid: cpu[pid] for pid in mine if pid in cpu})
            if self._stop.wait(self.interval):
                return


def engine_run(data: Path, size: int, engine_name: str, quiet: bool) -> dict:
    """One pipeline run on one engine, in this (fresh) process."""
    from narratives.config import Settings
    from narratives.embed import CachedEncoder
    from narratives.engine import LocalEngine
    from narratives.pipeline import Timer, analyse, progress_bars
    from narratives.report import render_json, write_reports

    articles = fnc1_articles(data, size)
    settings = Settings()
    timer = Timer()
    workers = int(engine_name.split("-", 1)[1]) if engine_name.startswith("ray-") else 0
    ray_temp = tempfile.mkdtemp(prefix="ray-", dir="/tmp") if workers else None
    with CpuShare() as share, TreeUsage() as usage:
        started = time.perf_counter()
        with timer.stage("load models"):
            if workers:
                from narratives.engine_ray import RayEngine

                engine = RayEngine(num_cpus=workers, workers=workers, temp_dir=ray_temp)
                cluster_s = time.perf_counter() - started
            else:
                engine, cluster_s = LocalEngine(), 0.0
            encoder = CachedEncoder(engine.encoder(settings))
            if not workers:
                encoder.encoder.encode_batch(["loads the model"])  # so that "embed" times embedding, not loading
            nli = engine.nli(settings).load()  # on Ray: loaded once on a worker, the model check
        try:
            analysing = time.perf_counter()
            result = analyse(articles, settings, encoder=encoder, nli=nli, timer=timer, engine=engine,
                             progress=progress_bars(quiet))
            analysed = time.perf_counter() - analysing
            with timer.stage("report"), tempfile.TemporaryDirectory() as out:
                write_reports(result, Path(out))
            total = time.perf_counter() - started
            stats = engine.stats
        finally:
            engine.close()
            if ray_temp:
                shutil.rmtree(ray_temp, ignore_errors=True)  # the cluster's sockets, logs and spilled objects
    counts = result.metadata["counts"]
    stage_s = {name: round(timer.seconds.get(name, 0.0), 2) for name in STAGES}
    row = {
        "engine": engine_name, "workers": workers, "articles": counts["articles"], "claims": counts["claims"],
        "events": counts["events"], "scored_pairs": counts["scored_pairs"],
        "nli_directions": counts.get("nli_scored", counts["scored_pairs"]) + counts["scored_both_ways"],
        "contradictions": counts["contradictions"], "agreements": counts["agreements"],
        "wall_s": round(total, 2), "analyse_s": round(analysed, 2),
        "articles_per_s": round(counts["articles"] / total, 3),
        "stage_s": stage_s,
        "driver_s": round(sum(stage_s[name] for name in DRIVER_STAGES), 2),
        "driver_peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # sampled every half second, so never below the driver's own exact peak
        "all_processes_peak_rss_mib": round(max(usage.peak_mib, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)),
        "report_sha256": hashlib.sha256(render_json(result).encode("utf-8")).hexdigest(),
        # of all the run's processes (the driver's own share is cpu_share): how much of the machine the run used
        "all_processes_cpu_share": round(sum(usage.cpu_s.values()) / max(total * (os.cpu_count() or 1), 1e-9), 2),
    } | share.report()
    if workers:
        ray_stages = {}
        overhead = cluster_s + stats.get("nli model check", {}).get("wall_s", 0.0)
        for name in RAY_STAGES:
            measured = stats.get(name, {"wall_s": 0.0, "busy_s": 0.0, "load_s": 0.0, "groups": 0, "actors": {}})
            spread = measured["busy_s"] / workers  # the stage's work, were it spread evenly and started at once
            overhead += max(stage_s[name] - spread, 0.0)
            ray_stages[name] = {
                "groups": measured["groups"], "busy_s": round(measured["busy_s"], 2),
                "model_load_s": round(measured["load_s"], 2), "actors": len(measured["actors"]),
                "overhead_s": round(max(stage_s[name] - spread, 0.0), 2),
                "actor_peak_rss_mib": max((a.get("peak_rss_mib", 0) for a in measured["actors"].values()), default=0),
            }
        row |= {"ray_cluster_start_s": round(cluster_s, 2),
                "ray_model_check_s": round(stats.get("nli model check", {}).get("wall_s", 0.0), 2),
                "ray_stages": ray_stages, "ray_overhead_s": round(overhead, 2),
                "worker_peak_rss_mib": max(s["actor_peak_rss_mib"] for s in ray_stages.values())}
    return row


def child(command: list[str], quiet: bool) -> dict:
    """Run this script in a fresh interpreter; its last stdout line is the JSON result."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *command, *(["--quiet"] if quiet else [])],
                          stdout=subprocess.PIPE, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"error: benchmark run {command} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def tables(rows: list[dict]) -> str:
    local = {r["articles"]: r for r in rows if r["engine"] == "local"}
    lines = ["| engine | articles | wall s | articles/s | speed-up | Ray overhead s | driver-side s (share) | "
             "driver peak RSS MiB | worker peak RSS MiB | all processes peak MiB | CPU share (all processes) | report = local |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        base = local.get(r["articles"])
        speedup = f"{base['wall_s'] / r['wall_s']:.2f}×" if base else ""
        same = "" if not base else ("yes" if r["report_sha256"] == base["report_sha256"] else "**NO**")
        lines.append(f"| {r['engine']} | {r['articles']:,} | {r['wall_s']:,.1f} | {r['articles_per_s']:.2f} | {speedup} | "
                     f"{r.get('ray_overhead_s', 0):,.1f} | {r['driver_s']:,.1f} ({r['driver_s'] / r['wall_s']:.0%}) | "
                     f"{r['driver_peak_rss_mib']:,} | {r.get('worker_peak_rss_mib', '') or ''} | "
                     f"{r['all_processes_peak_rss_mib']:,} | {r['all_processes_cpu_share']:.0%} | {same} |")
    lines += ["", "Seconds per stage (on Ray, a stage's time includes starting its actors and loading their models):", "",
              "| engine | articles | " + " | ".join(STAGES) + " |", "|---|---:|" + "---:|" * len(STAGES)]
    for r in rows:
        lines.append(f"| {r['engine']} | {r['articles']:,} | " + " | ".join(f"{r['stage_s'][s]:,.1f}" for s in STAGES) + " |")
    ray_rows = [r for r in rows if r.get("ray_stages")]
    if ray_rows:
        lines += ["", "Ray stages: actors' busy seconds, model loads (all actors), overhead (wall less busy/workers):", "",
                  "| engine | articles | stage | groups | actors | busy s | model load s | overhead s | actor peak RSS MiB |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
        for r in ray_rows:
            for name, s in r["ray_stages"].items():
                lines.append(f"| {r['engine']} | {r['articles']:,} | {name} | {s['groups']:,} | {s['actors']} | "
                             f"{s['busy_s']:,.1f} | {s['model_load_s']:,.1f} | {s['overhead_s']:,.1f} | "
                             f"{s['actor_peak_rss_mib']:,.0f} |")
    lines += [""]
    for r in ray_rows:  # Amdahl: what more workers do not shrink, against the work of the local engine's run
        base = local.get(r["articles"])
        if base is None:
            continue
        fixed = r["driver_s"] + r["ray_overhead_s"]
        lines.append(f"Amdahl, {r['engine']} at {r['articles']:,} articles: the driver-side stages "
                     f"({', '.join(DRIVER_STAGES)}) took {r['driver_s']:,.1f} s, {r['driver_s'] / base['wall_s']:.1%} of "
                     f"the local engine's {base['wall_s']:,.1f} s: no cluster makes the run more than "
                     f"{base['wall_s'] / max(r['driver_s'], 1e-9):.0f}× faster; with the Ray overhead "
                     f"({r['ray_overhead_s']:,.1f} s) at most {base['wall_s'] / max(fixed, 1e-9):.1f}×.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--sizes", default="1000,2500", help="corpus sizes in articles (default: %(default)s)")
    parser.add_argument("--engines", default="local,ray-1,ray-2",
                        help="local, and ray-N for a local Ray cluster of N workers (default: %(default)s)")
    add_data_argument(parser)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results",
                        help="where scaling.json and scaling.md go (default: %(default)s)")
    parser.add_argument("--name", default="scaling", help="file name stem under --out (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one SIZE:ENGINE run
    args = parser.parse_args(argv)

    if args.run:
        size, engine = args.run.split(":")
        print(json.dumps(engine_run(args.data, int(size), engine, args.quiet)))
        return
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    engines = [e for e in args.engines.split(",") if e]
    for engine in engines:
        if engine != "local" and not (engine.startswith("ray-") and engine[4:].isdigit() and int(engine[4:]) > 0):
            raise SystemExit(f"error: unknown engine {engine!r}; use local or ray-N")
    args.out.mkdir(parents=True, exist_ok=True)
    result: dict = {"machine": machine(), "command": " ".join([Path(sys.executable).name, *sys.argv]), "runs": []}
    for size in sizes:
        for engine in engines:
            say(args.quiet, f"scaling: {size} articles, engine {engine}")
            row = child(["--run", f"{size}:{engine}", "--data", str(args.data)], args.quiet)
            say(args.quiet, f"  {row['wall_s']:.1f} s, {row['claims']} claims, {row['contradictions']} flags")
            result["runs"].append(row)
            base = next((r for r in result["runs"] if r["articles"] == size and r["engine"] == "local"), None)
            if base is not None:
                row["identical_to_local"] = row["report_sha256"] == base["report_sha256"]
            # Written after every run, so that a long benchmark stopped early keeps what it measured.
            (args.out / f"{args.name}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            (args.out / f"{args.name}.md").write_text(tables(result["runs"]), encoding="utf-8")
    print(tables(result["runs"]))


if __name__ == "__main__":
    main()
