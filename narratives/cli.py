"""Command line: a thin layer from options to the library API, errors to one line and exit code 2."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from narratives.cli_common import Quiet, echo, fail_cleanly, setup_logging
from narratives.cli_store import register as register_store_commands
from narratives.escape import terminal

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Find contradictions and competing narratives across news sources.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure quality: NLI accuracy, event clustering, flagged pairs.")
app.add_typer(eval_app, name="eval")


@app.command()
@fail_cleanly
def run(
    inputs: Annotated[list[Path], typer.Argument(help="JSONL/CSV/TXT/MD/HTML files or directories of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for report.md, report.json and report.html.")
                   ] = Path("reports/latest"),
    nli_model: Annotated[Optional[str], typer.Option(help="NLI model: local path or Hugging Face hub id.")] = None,
    embed_model: Annotated[Optional[str], typer.Option(help="sentence-transformers model: name or path.")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Combined contradiction score that flags a pair.")] = None,
    nli_backend: Annotated[Optional[str], typer.Option(help="onnx-int8 (default, fast on a CPU) or torch (for a GPU).")] = None,
    engine: Annotated[str, typer.Option(
        help="local (this process) or ray (claims, embeddings and NLI on a Ray cluster; same report; "
             "needs the optional ray extra).")] = "local",
    ray_address: Annotated[Optional[str], typer.Option(
        help="With --engine ray: auto (the cluster `ray start --head` started here), ray://HOST:PORT, "
             "or none to start a local cluster for this run.")] = None,
    quiet: Quiet = False,
) -> None:
    """Analyse articles and write a contradiction report."""
    from narratives.atomic import check_writable
    from narratives.config import load_settings
    from narratives.pipeline import progress_bars
    from narratives.pipeline import run as run_pipeline
    from narratives.report import write_reports

    setup_logging(quiet)
    settings = load_settings(nli_model=nli_model, embed_model=embed_model, contradiction_threshold=threshold,
                             nli_backend=nli_backend)
    check_writable(out)  # now, not after minutes of analysis
    started = time.perf_counter()
    result = run_pipeline(inputs, settings, progress=progress_bars(quiet), outputs=[out], engine=engine,
                          ray_address=ray_address)
    paths = write_reports(result, out)
    if not quiet:
        counts = result.metadata["counts"]
        typer.echo(
            f"{counts['articles']} articles, {counts['claims']} claims, {counts['events']} events; "
            f"scored {counts['scored_pairs']} of {counts['cross_source_pairs']} cross-source pairs; "
            f"{counts['contradictions']} contradictions flagged in {time.perf_counter() - started:.1f}s",
            err=True,
        )
        for path in paths:
            echo(f"wrote {terminal(path)}", err=True)


@app.command()
@fail_cleanly
def nli(
    premise: Annotated[str, typer.Argument(help="First sentence.")],
    hypothesis: Annotated[str, typer.Argument(help="Second sentence.")],
    nli_model: Annotated[Optional[str], typer.Option(help="NLI model: local path or hub id.")] = None,
    nli_backend: Annotated[Optional[str], typer.Option(help="onnx-int8 (default) or torch.")] = None,
) -> None:
    """Score one pair in both directions and print JSON."""
    from narratives.config import load_settings
    from narratives.nli import LABELS, load_nli
    from narratives.signals import compare

    settings = load_settings(nli_model=nli_model, nli_backend=nli_backend)
    model = load_nli(settings.nli_model, backend=settings.nli_backend)
    forward, backward = model.predict_batch([(premise, hypothesis), (hypothesis, premise)])
    signals = compare(premise, hypothesis)
    typer.echo(json.dumps({
        "model": model.model_id,
        "premise_to_hypothesis": {label: round(float(v), 4) for label, v in zip(LABELS, forward)},
        "hypothesis_to_premise": {label: round(float(v), 4) for label, v in zip(LABELS, backward)},
        "signals": [{"name": s.name, "reason": s.reason, "contradicts": s.contradicts} for s in signals],
    }, indent=2, ensure_ascii=False))


@app.command()
@fail_cleanly
def export(
    report: Annotated[Path, typer.Argument(help="A report.json written by `run` or `check`.")],
    to: Annotated[Path, typer.Option("--to", help="Folder for the tables (created if missing).")],
    fmt: Annotated[str, typer.Option("--format", help="csv, or parquet (needs pyarrow installed).")] = "csv",
    quiet: Quiet = False,
) -> None:
    """Write a report's articles, events, claims, pairs and camps as tables (pandas), one file each."""
    from narratives.frames import export as export_frames

    setup_logging(quiet)
    for path in export_frames(report, to, fmt):
        if not quiet:
            echo(f"wrote {terminal(path)}", err=True)


@app.command()
@fail_cleanly
def html(
    report: Annotated[Path, typer.Argument(help="A report.json written by `run` or `check`.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="The page to write. Default: report.html "
                                                "next to REPORT.")] = None,
    quiet: Quiet = False,
) -> None:
    """Write a report's self-contained HTML page (filters, disputes, verdicts); `run` writes it too."""
    from narratives.html_report import write_html

    setup_logging(quiet)
    path = write_html(report, out)
    if not quiet:
        echo(f"wrote {terminal(path)}", err=True)


@eval_app.command("nli")
@fail_cleanly
def eval_nli(
    file: Annotated[Path, typer.Argument(help="CSV or JSONL with premise, hypothesis, label.")],
    nli_model: Annotated[Optional[str], typer.Option(help="NLI model: local path or hub id.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Use only the first N rows.")] = None,
    nli_backend: Annotated[Optional[str], typer.Option(help="onnx-int8 (default) or torch.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Quiet = False,
) -> None:
    """Accuracy, per-class precision/recall/F1, confusion matrix, calibration error, pairs/s."""
    from narratives.config import load_settings
    from narratives.evaluate import evaluate_nli, format_nli_report, read_nli_file
    from narratives.nli import load_nli
    from narratives.pipeline import progress_bars

    setup_logging(quiet)
    settings = load_settings(nli_model=nli_model, nli_backend=nli_backend)
    rows = read_nli_file(file, limit=limit)
    model = load_nli(settings.nli_model, backend=settings.nli_backend, batch_size=settings.nli_batch_size,
                     max_length=settings.nli_max_length)
    report = evaluate_nli(model, rows, progress=progress_bars(quiet or as_json))
    report["file"] = str(file)
    typer.echo(json.dumps(report, sort_keys=True) if as_json else format_nli_report(report))


@eval_app.command("events")
@fail_cleanly
def eval_events(
    inputs: Annotated[list[Path], typer.Argument(help="Articles: files or directories, as for `run`.")],
    gold: Annotated[Path, typer.Option(help="JSON: {article_id: event} or {by_id: {…}, by_file: {file name: event}}.")],
    embed_model: Annotated[Optional[str], typer.Option(help="sentence-transformers model: name or path.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Quiet = False,
) -> None:
    """Event clustering against gold events: B-cubed precision/recall/F1 and adjusted Rand index."""
    from narratives.config import load_settings
    from narratives.evaluate import evaluate_events
    from narratives.ingest import read_inputs
    from narratives.pipeline import cluster_events

    setup_logging(quiet or as_json)
    settings = load_settings(embed_model=embed_model)
    articles, _problems = read_inputs(inputs, max_file_bytes=settings.max_file_bytes)
    _claims, _vectors, events, _notices = cluster_events(articles, settings)
    report = evaluate_events(articles, events, _read_json(gold))
    typer.echo(json.dumps(report, sort_keys=True) if as_json else "\n".join(f"{k:<22}{v}" for k, v in report.items()))


@eval_app.command("contradictions")
@fail_cleanly
def eval_contradictions(
    inputs: Annotated[list[Path], typer.Argument(help="Articles: files or directories, as for `run`.")],
    gold: Annotated[Path, typer.Option(help="JSON list of {a: {source, text}, b: {source, text}} gold pairs.")],
    must_not_flag: Annotated[Optional[Path], typer.Option(
        help="JSON list of look-alike pairs, same format, that must not be flagged: how many were.")] = None,
    nli_model: Annotated[Optional[str], typer.Option(help="NLI model: local path or hub id.")] = None,
    nli_backend: Annotated[Optional[str], typer.Option(help="onnx-int8 (default) or torch.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Quiet = False,
) -> None:
    """End to end: precision and recall of flagged pairs against gold contradiction pairs."""
    from narratives.config import load_settings
    from narratives.evaluate import evaluate_contradictions
    from narratives.pipeline import progress_bars
    from narratives.pipeline import run as run_pipeline

    setup_logging(quiet or as_json)
    settings = load_settings(nli_model=nli_model, nli_backend=nli_backend)
    result = run_pipeline(inputs, settings, progress=progress_bars(quiet or as_json))
    report = evaluate_contradictions(result, _read_json(gold))
    if must_not_flag is not None:
        from narratives.evaluate import evaluate_must_not_flag

        report["must_not_flag"] = evaluate_must_not_flag(result, _read_json(must_not_flag))
    if as_json:
        typer.echo(json.dumps(report, sort_keys=True, ensure_ascii=False))
    else:
        for key in ("flagged", "gold", "flags_matching_gold", "gold_found", "precision", "recall", "f1"):
            typer.echo(f"{key:<22}{report[key]}")
        typer.echo("found by class of gold pair:")
        for kind, counts in report["by_gold_class"].items():
            typer.echo(f"  {terminal(kind):<32} {counts['found']} of {counts['gold']}")
        typer.echo("flagged by kind: " + ", ".join(f"{k} {n}" for k, n in report["flagged_by_kind"].items()))
        if "must_not_flag" in report:
            guard = report["must_not_flag"]
            typer.echo(f"{'must_not_flag':<22}{guard['flagged']} of {guard['pairs']} flagged")
            for kind, counts in guard["by_class"].items():
                typer.echo(f"  {terminal(kind):<32} {counts['flagged']} of {counts['pairs']}")
        for missed in report["missed"]:
            a, b = missed["a"], missed["b"]
            echo(f"missed: {terminal(a['source'])}: “{terminal(a['text'])}” vs {terminal(b['source'])}: "
                 f"“{terminal(b['text'])}”")


@eval_app.command("speakers")
@fail_cleanly
def eval_speakers(
    inputs: Annotated[list[Path], typer.Argument(help="Articles: files or directories, as for `run`.")],
    gold: Annotated[Path, typer.Option(help="JSON list of {article, text, speaker, via, kind} labels.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    quiet: Quiet = False,
) -> None:
    """Attribution against gold speakers: accuracy overall and per kind of attribution, with each error."""
    from narratives.claims import extract_all
    from narratives.evaluate import evaluate_speakers
    from narratives.ingest import read_inputs

    setup_logging(quiet or as_json)
    articles, _problems = read_inputs(inputs)
    claims, _notices = extract_all(articles)
    report = evaluate_speakers(articles, claims, _read_json(gold))
    if as_json:
        typer.echo(json.dumps(report, sort_keys=True, ensure_ascii=False))
        return
    for key in ("gold", "matched_claims", "correct", "accuracy", "accuracy_on_claims", "via_accuracy_on_claims"):
        typer.echo(f"{key:<24}{report[key]}")
    for kind, counts in report["per_kind"].items():
        typer.echo(f"  {kind or '(none)':<18} {counts['correct']}/{counts['gold']} correct, {counts['wrong']} wrong, "
                   f"{counts['no_claim']} without a claim")
    for error in report["errors"]:
        echo(f"error [{terminal(error['kind'])}] {terminal(error['article'])}: “{terminal(error['text'])}” → "
             f"{terminal(str(error['predicted']))}, gold {terminal(str(error['gold']))}")


def _read_json(path: Path):
    from narratives.errors import InputError
    from narratives.textfile import read_json

    try:
        return read_json(path)
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc


def main() -> None:
    app()


register_store_commands(app)  # check and baseline, in cli_store.py

if __name__ == "__main__":
    main()
