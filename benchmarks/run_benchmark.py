"""Throughput, scaling and memory of the whole pipeline on real news bodies; speed of the NLI backends.

From a clean checkout (make install sets up .venv with every dependency, onnx included):

    make install
    .venv/bin/python benchmarks/run_benchmark.py --sizes 100,300,1000,2500 --backends onnx-int8,torch --timeout 600
    .venv/bin/python benchmarks/run_benchmark.py --nli-speed
    .venv/bin/python benchmarks/run_benchmark.py --incremental 1000

The pipeline benchmark runs `narratives.pipeline.analyse` (default settings and models, reports
written too) on the first N FNC-1 article bodies in body-id order, each (size, backend) in a fresh
subprocess so that peak memory is that run's own. `--nli-speed` scores the same MultiNLI
dev-matched pairs with torch fp32 and onnx-int8 in one process. Tables go to stdout and, with
the raw numbers as JSON, to --out; progress goes to stderr (--quiet turns it off).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from models.data_root import add_data_argument

REPO = Path(__file__).resolve().parent.parent
FNC1 = ("fnc1/train_bodies.csv", "fnc1/competition_test_bodies.csv")
MNLI_DEV = "felipessalvatore_nli_datasets/mnli/dev.csv"
MNLI_DEV_MATCHED_ROWS = 9815  # rows 0..9814 of dev.csv; reserved for evaluation, never for training
BACKEND_ORDER = {"onnx-int8": 0, "torch": 1}  # row order in the tables
STAGES = ("load models", "claims", "embed", "events", "pairs", "signals", "nli", "judge", "report")

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # every default model is on disk; nothing may reach a hub
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def say(quiet: bool, message: str) -> None:
    if not quiet:
        print(message, file=sys.stderr, flush=True)


def machine() -> dict:
    """What the numbers were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
                 platform.processor())
    flags = set(next((line.split(":", 1)[1].split() for line in cpuinfo if line.startswith("flags")), []))
    memory = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import onnxruntime
    import torch
    import transformers

    # "AMD EPYC" names no generation, and int8 NLI speed depends on the vector instructions the virtual
    # machine exposes (AVX2 only, or AVX-512 / VNNI): record them, so that two runs' pairs/s can be compared.
    return {"cpu": model, "cpu_flags": sorted(flags & {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "avx512_bf16",
                                                       "amx_int8", "fma", "f16c"}),
            "cpus": os.cpu_count(), "ram_gib": round(memory / 2**20, 1),
            "load_average_1m": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "onnxruntime": onnxruntime.__version__, "transformers": transformers.__version__,
            "commit": _commit()}


def _commit() -> str:
    """The checkout measured: HEAD, marked when the working tree differs from it."""
    def git(*arguments: str) -> str:
        done = subprocess.run(["git", *arguments], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" (modified)" if git("status", "--porcelain", "--untracked-files=no") else "")


def fnc1_articles(data: Path, limit: int):
    """FNC-1 bodies from both files, in body-id order (the two files' ids are disjoint), first `limit`."""
    from narratives.types import Article

    csv.field_size_limit(1 << 24)
    rows = []
    for name in FNC1:
        with (data / name).open(encoding="utf-8", newline="") as handle:
            rows += [(int(row["Body ID"]), row["articleBody"], name) for row in csv.DictReader(handle)]
    rows.sort()
    if limit > len(rows):
        raise SystemExit(f"error: asked for {limit} articles; FNC-1 has {len(rows)}")
    return [Article(id=str(body_id), text=text, outlet="FNC-1 corpus", source_file=name)
            for body_id, text, name in rows[:limit]]


class CpuShare:
    """How much of the machine this process got: CPU seconds / (wall seconds × cores), and the load average.

    Near 100% on an idle machine for compute-bound work; well below it when other jobs shared the cores,
    which makes every rate in that run lower than this machine can do.
    """

    def __init__(self):
        self.loads: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(5.0):
            self.loads.append(os.getloadavg()[0])

    def __enter__(self):
        self._started, self._cpu = time.perf_counter(), self._cpu_seconds()
        self._thread.start()
        return self

    def __exit__(self, *_exc):
        self._stop.set()
        self.wall = time.perf_counter() - self._started
        self.share = (self._cpu_seconds() - self._cpu) / max(self.wall * (os.cpu_count() or 1), 1e-9)

    @staticmethod
    def _cpu_seconds() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    def report(self) -> dict:
        return {"cpu_share": round(self.share, 2),
                "load_average_mean": round(sum(self.loads) / len(self.loads), 2) if self.loads else None,
                "load_average_max": round(max(self.loads), 2) if self.loads else None}


def pipeline_run(data: Path, size: int, backend: str, nli_model: str, quiet: bool) -> dict:
    """One pipeline run, in this (fresh) process: counts, rates, stage times, peak memory."""
    from narratives.config import Settings
    from narratives.embed import CachedEncoder, SentenceTransformerEncoder
    from narratives.nli import load_nli
    from narratives.pipeline import Timer, analyse, progress_bars
    from narratives.report import write_reports

    articles = fnc1_articles(data, size)
    settings = Settings(nli_backend=backend, nli_model=nli_model)
    timer = Timer()
    with CpuShare() as share:
        started = time.perf_counter()
        with timer.stage("load models"):
            model = SentenceTransformerEncoder(settings.embed_model)
            model.encode_batch(["loads the model"])  # so that "embed" times embedding, not loading
            encoder = CachedEncoder(model)
            nli = load_nli(settings.nli_model, backend=settings.nli_backend, batch_size=settings.nli_batch_size,
                           max_length=settings.nli_max_length).load()
        analysing = time.perf_counter()
        result = analyse(articles, settings, encoder=encoder, nli=nli, timer=timer, progress=progress_bars(quiet))
        analysed = time.perf_counter() - analysing
        with timer.stage("report"), tempfile.TemporaryDirectory() as out:
            write_reports(result, Path(out))
        total = time.perf_counter() - started
    counts = result.metadata["counts"]
    scored, claims = counts["scored_pairs"], counts["claims"]
    # what went to the model: A→B where it can change the verdict (from 0.4: a contradiction signal or
    # similarity ≥ nli_min_similarity; before, every pair), B→A where that can change it too
    directions = counts.get("nli_scored", scored) + counts["scored_both_ways"]
    return {
        "backend": backend, "articles": counts["articles"], "claims": claims, "events": counts["events"],
        "end_to_end_s": round(total, 2), "analyse_s": round(analysed, 2),
        "articles_per_s": round(counts["articles"] / analysed, 2), "claims_per_s": round(claims / analysed, 1),
        "embedded_texts": encoder.computed,
        "embeddings_per_s": round(encoder.computed / max(timer.seconds.get("embed", 0.0), 1e-9), 1),
        "nli_pairs": directions,
        "nli_pairs_per_s": round(directions / max(timer.seconds.get("nli", 0.0), 1e-9), 1),
        "scored_pairs": scored, "nli_scored": counts.get("nli_scored", scored), "scored_both_ways": counts["scored_both_ways"],
        "cross_source_pairs": counts["cross_source_pairs"],
        "scored_per_claim": round(scored / max(claims, 1), 2),
        "contradictions": counts["contradictions"], "agreements": counts["agreements"],
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),  # KiB on Linux
        "stage_s": {name: round(timer.seconds.get(name, 0.0), 2) for name in STAGES},
    } | share.report()


def prepare_onnx(nli_model: str) -> dict:
    """Export (or find) the onnx-int8 model once, so that no timed run pays for the export."""
    from narratives.nli import load_nli

    started = time.perf_counter()
    nli = load_nli(nli_model, backend="onnx-int8").load()
    return {"onnx_path": str(nli.onnx_path), "exported": nli.exported, "seconds": round(time.perf_counter() - started, 1)}


def child(command: list[str], quiet: bool, timeout: float | None = None) -> dict:
    """Run this script in a fresh interpreter; its last stdout line is the JSON result."""
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), *command, *(["--quiet"] if quiet else [])],
                          stdout=subprocess.PIPE, text=True, cwd=REPO, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"error: benchmark run {command} failed with exit code {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pipeline_tables(rows: list[dict]) -> str:
    lines = ["| backend | articles | claims | events | end-to-end s | analyse s | articles/s | claims/s | "
             "embeddings/s | NLI pairs/s | scored pairs | of them B→A too | cross-source pairs | scored / claim | "
             "peak RSS MiB | CPU share |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        if "timed_out_s" in r:
            lines.append(f"| {r['backend']} | {r['articles']:,} | stopped after {r['timed_out_s']:,} s |"
                         + " |" * 13)
            continue
        lines.append(f"| {r['backend']} | {r['articles']:,} | {r['claims']:,} | {r['events']:,} | "
                     f"{r['end_to_end_s']:,.1f} | {r['analyse_s']:,.1f} | {r['articles_per_s']:.2f} | "
                     f"{r['claims_per_s']:.1f} | {r['embeddings_per_s']:.1f} | {r['nli_pairs_per_s']:.1f} | "
                     f"{r['scored_pairs']:,} | {r.get('scored_both_ways', r['scored_pairs']):,} | "
                     f"{r['cross_source_pairs']:,} | {r['scored_per_claim']:.2f} | "
                     f"{r['peak_rss_mib']:,} | {r['cpu_share']:.0%} |")
    lines += ["", "Seconds per stage:", "",
              "| backend | articles | " + " | ".join(STAGES) + " |", "|---|---:|" + "---:|" * len(STAGES)]
    for r in rows:
        if "timed_out_s" in r:
            continue
        lines.append(f"| {r['backend']} | {r['articles']:,} | "
                     + " | ".join(f"{r['stage_s'][name]:,.1f}" for name in STAGES) + " |")
    return "\n".join(lines) + "\n"


def nli_speed(data: Path, nli_model: str, pairs: int, accuracy_rows: int, repeats: int, quiet: bool) -> dict:
    """torch fp32 vs onnx-int8 on the same MultiNLI dev-matched pairs, in this one process."""
    import numpy as np

    from narratives.config import Settings
    from narratives.evaluate import read_nli_file
    from narratives.nli import LABELS, load_nli

    rows = read_nli_file(data / MNLI_DEV, limit=MNLI_DEV_MATCHED_ROWS)
    assert len(rows) == MNLI_DEV_MATCHED_ROWS, "dev.csv's first 9,815 rows are dev-matched"
    settings = Settings(nli_model=nli_model)
    models = {backend: load_nli(settings.nli_model, backend=backend, batch_size=settings.nli_batch_size,
                                max_length=settings.nli_max_length).load() for backend in ("torch", "onnx-int8")}
    gold = np.array([LABELS.index(r.label) for r in rows])
    texts = [(r.premise, r.hypothesis) for r in rows]
    for model in models.values():
        model.predict_batch(texts[-64:])  # warm-up: first-call allocations are not throughput
    result = {"model": settings.nli_model, "batch_size": settings.nli_batch_size, "max_length": settings.nli_max_length,
              "speed_pairs": pairs, "runs": {b: [] for b in models}, "onnx_path": str(models["onnx-int8"].onnx_path),
              "onnx_workers": models["onnx-int8"].workers}
    predictions = {}
    result["cpu_share"] = {b: [] for b in models}
    for round_ in range(repeats):  # alternate backends so that drift in machine load hits both
        for backend, model in models.items():
            say(quiet, f"nli speed: {backend}, round {round_ + 1}/{repeats}, {pairs} pairs")
            with CpuShare() as share:
                predictions[backend] = model.predict_batch(texts[:pairs])
            result["runs"][backend].append(round(pairs / share.wall, 1))
            result["cpu_share"][backend].append(share.report())
    speed = {b: max(runs) for b, runs in result["runs"].items()}
    result["pairs_per_s"] = speed
    result["speedup"] = round(speed["onnx-int8"] / speed["torch"], 2)

    def quality(found: dict, n: int) -> dict:
        return {"n": n, "accuracy": {b: round(float((p.argmax(1) == gold[:n]).mean()), 4) for b, p in found.items()},
                "argmax_agreement": round(float((found["torch"].argmax(1) == found["onnx-int8"].argmax(1)).mean()), 4),
                "mean_abs_probability_difference": round(float(np.abs(found["torch"] - found["onnx-int8"]).mean()), 4)}

    result["speed_set"] = quality(predictions, pairs)
    if accuracy_rows:
        n = min(accuracy_rows, MNLI_DEV_MATCHED_ROWS)
        full, seconds = {}, {}
        for backend, model in models.items():
            say(quiet, f"nli accuracy: {backend}, {n} pairs")
            started = time.perf_counter()
            full[backend] = model.predict_batch(texts[:n], progress=None)
            seconds[backend] = time.perf_counter() - started
        result["dev_matched"] = quality(full, n) | {"pairs_per_s": {b: round(n / s, 1) for b, s in seconds.items()}}
    return result


def nli_table(r: dict) -> str:
    n = r.get("dev_matched", {}).get("n", 0)
    lines = [f"| backend | pairs/s (best of runs) | runs (share of all cores this process got) | accuracy, first {r['speed_pairs']:,} | "
             f"accuracy, first {n:,} (all dev-matched: 9,815) |",
             "|---|---:|---|---:|---:|"]
    for backend in ("torch", "onnx-int8"):
        full = r.get("dev_matched", {}).get("accuracy", {}).get(backend)
        runs = ", ".join(f"{speed} ({share['cpu_share']:.0%} CPU)"
                         for speed, share in zip(r["runs"][backend], r["cpu_share"][backend]))
        lines.append(f"| {backend} | {r['pairs_per_s'][backend]:.1f} | {runs} | "
                     f"{r['speed_set']['accuracy'][backend]:.4f} | {'' if full is None else f'{full:.4f}'} |")
    lines.append("")
    lines.append(f"onnx-int8 / torch: {r['speedup']:.2f}× on {r['speed_pairs']:,} pairs; argmax agreement "
                 f"{r['speed_set']['argmax_agreement']:.2%}" + (
                     f"; on all {r['dev_matched']['n']:,} dev-matched pairs {r['dev_matched']['argmax_agreement']:.2%}, "
                     f"pairs/s torch {r['dev_matched']['pairs_per_s']['torch']:.1f}, "
                     f"onnx-int8 {r['dev_matched']['pairs_per_s']['onnx-int8']:.1f}" if "dev_matched" in r else ""))
    return "\n".join(lines) + "\n"


def write_jsonl(articles, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            handle.write(json.dumps({"id": article.id, "outlet": article.outlet, "text": article.text},
                                    ensure_ascii=False) + "\n")
    return path


def timed_cli(arguments: list[str]) -> dict:
    """One `narratives` command in a fresh process, as a CI job runs it: wall seconds, exit code, summary line."""
    started = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "narratives"), *arguments], cwd=REPO,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"error: narratives {' '.join(arguments)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    summary = [line.rsplit("\r", 1)[-1] for line in done.stderr.splitlines() if " articles" in line]
    return {"command": "narratives " + " ".join(arguments), "seconds": round(seconds, 1), "exit_code": done.returncode,
            "summary": summary[-1].strip() if summary else ""}


def incremental(data: Path, size: int, quiet: bool) -> dict:
    """The CI job of issue 5: a store of `size` articles, then one new article, against a full rerun.

    Every step is the `narratives` command in a fresh process with the default models, so each
    time includes starting Python and loading the models, as in CI.
    """
    articles = fnc1_articles(data, size + 1)
    with tempfile.TemporaryDirectory(prefix="narratives-incremental-") as scratch:
        root = Path(scratch)
        archive = write_jsonl(articles[:size], root / "archive" / "archive.jsonl")
        new = write_jsonl(articles[size:], root / "new" / "new.jsonl")
        store = root / "store.sqlite"
        steps = {}
        plan = [
            ("build the store", ["check", str(archive), "--store", str(store), "--out", str(root / "r1"), "--exit-zero"]),
            ("check 1 new article", ["check", str(archive), str(new), "--store", str(store), "--out", str(root / "r2"),
                                     "--exit-zero"]),
            ("check again, nothing new", ["check", str(archive), str(new), "--store", str(store),
                                          "--out", str(root / "r3"), "--exit-zero"]),
            ("full rerun, no store", ["run", str(archive), str(new), "--out", str(root / "r4"), "--quiet"]),
        ]
        for name, arguments in plan:
            say(quiet, f"incremental: {name}")
            steps[name] = timed_cli(arguments)
            say(quiet, f"  {steps[name]['seconds']} s; {steps[name]['summary']}")
        steps["store MiB"] = round(store.stat().st_size / 2**20, 1)
    return {"articles": size, "steps": steps}


def incremental_table(r: dict) -> str:
    steps = r["steps"]
    lines = [f"Store of {r['articles']:,} FNC-1 articles; the new article is body {r['articles'] + 1:,} in body-id order; "
             f"store file {steps['store MiB']} MiB.", "",
             "| step | seconds (whole command, models loaded) | what the command printed |", "|---|---:|---|"]
    for name, step in steps.items():
        if isinstance(step, dict):
            lines.append(f"| {name} | {step['seconds']:,.1f} | {step['summary'].replace('|', '/')} |")
    ratio = steps["full rerun, no store"]["seconds"] / max(steps["check 1 new article"]["seconds"], 1e-9)
    lines += ["", f"Full rerun / incremental check of one new article: {ratio:.1f}×"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--sizes", default="100,300,1000,2500", help="corpus sizes in articles (default: %(default)s)")
    parser.add_argument("--backends", default="onnx-int8,torch", help="NLI backends (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="stop a pipeline run after this many seconds and record it as stopped; the backend "
                             "then skips larger sizes (default: none)")
    parser.add_argument("--nli-speed", action="store_true", help="run the NLI micro-benchmark instead")
    parser.add_argument("--incremental", type=int, metavar="SIZE", default=None,
                        help="instead: time `narratives check` of one new article against a store of SIZE articles, "
                             "and a full rerun")
    parser.add_argument("--nli-pairs", type=int, default=2000, help="pairs timed per backend (default: %(default)s)")
    parser.add_argument("--accuracy-rows", type=int, default=MNLI_DEV_MATCHED_ROWS,
                        help="dev-matched rows for accuracy, 0 to skip (default: all %(default)s)")
    parser.add_argument("--repeats", type=int, default=2, help="timed rounds per backend (default: %(default)s)")
    parser.add_argument("--nli-model", default=None, help="NLI model path (default: the bundled model)")
    add_data_argument(parser)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results", help="where tables and JSON go")
    parser.add_argument("--append", action="store_true",
                        help="keep the other rows of an earlier pipeline.json in --out (sizes run in separate sessions)")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--run", help=argparse.SUPPRESS)  # internal: one SIZE:BACKEND pipeline run
    parser.add_argument("--prepare-onnx", action="store_true", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args(argv)
    from narratives.nli import DEFAULT_NLI_MODEL

    nli_model = args.nli_model or DEFAULT_NLI_MODEL

    if args.run:
        size, backend = args.run.split(":")
        print(json.dumps(pipeline_run(args.data, int(size), backend, nli_model, args.quiet)))
        return
    if args.prepare_onnx:
        print(json.dumps(prepare_onnx(nli_model)))
        return

    args.out.mkdir(parents=True, exist_ok=True)
    if args.nli_speed:
        result = nli_speed(args.data, nli_model, args.nli_pairs, args.accuracy_rows, args.repeats, args.quiet) | {"machine": machine()}
        table = nli_table(result)
        (args.out / "nli_speed.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (args.out / "nli_speed.md").write_text(table, encoding="utf-8")
        print(table)
        return

    if args.incremental is not None:
        result = incremental(args.data, args.incremental, args.quiet) | {"machine": machine()}
        table = incremental_table(result)
        (args.out / "incremental.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        (args.out / "incremental.md").write_text(table, encoding="utf-8")
        print(table)
        return

    sizes = sorted(int(s) for s in args.sizes.split(",") if s)  # smallest first: a timeout skips larger ones
    backends = [b for b in args.backends.split(",") if b]
    result: dict = {"machine": machine(), "command": " ".join([Path(sys.executable).name, *sys.argv]), "runs": []}
    earlier = args.out / "pipeline.json"
    if args.append and earlier.exists():  # keep the rows of earlier invocations that this one does not redo
        previous = json.loads(earlier.read_text(encoding="utf-8"))
        result["runs"] = previous["runs"]  # a row is replaced only when its size and backend run again
        result["earlier"] = previous.get("earlier", []) + [{"command": previous["command"], "machine": previous["machine"]}]
    if "onnx-int8" in backends:
        say(args.quiet, "preparing the onnx-int8 model (exported once, then cached)")
        result["onnx_export"] = child(["--prepare-onnx", "--nli-model", nli_model, "--data", str(args.data)],
                                      quiet=True)
    stopped: dict[str, int] = {}  # backend → the size at which it ran past --timeout
    for size in sizes:
        for backend in backends:
            if backend in stopped:  # a larger corpus would only run past the limit again
                say(args.quiet, f"pipeline: {size} articles, NLI backend {backend}: skipped, "
                                f"it ran past --timeout at {stopped[backend]} articles")
                continue
            say(args.quiet, f"pipeline: {size} articles, NLI backend {backend}")
            command = ["--run", f"{size}:{backend}", "--data", str(args.data), "--nli-model", nli_model]
            try:
                row = child(command, args.quiet, timeout=args.timeout)
                say(args.quiet, f"  {row['end_to_end_s']:.1f} s end to end, {row['claims']} claims, "
                                f"{row['scored_pairs']} pairs scored, peak {row['peak_rss_mib']} MiB")
            except subprocess.TimeoutExpired:
                row = {"backend": backend, "articles": size, "timed_out_s": args.timeout}
                stopped[backend] = size
                say(args.quiet, f"  stopped after {args.timeout} s (--timeout)")
            result["runs"] = [r for r in result["runs"] if (r["articles"], r["backend"]) != (size, backend)] + [row]
            result["runs"].sort(key=lambda r: (r["articles"], BACKEND_ORDER.get(r["backend"], len(BACKEND_ORDER))))
            # Written after every run, so that a long benchmark stopped early keeps what it measured.
            (args.out / "pipeline.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
            (args.out / "pipeline.md").write_text(pipeline_tables(result["runs"]), encoding="utf-8")
    print(pipeline_tables(result["runs"]))


if __name__ == "__main__":
    main()
