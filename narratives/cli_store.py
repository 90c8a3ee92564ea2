"""`narratives check` and `narratives baseline`: the CI job on new articles, and the reviewer's verdicts.

Exit codes of `check`, as linters use them: 0 nothing new to review, 1 new contradictions that
no baseline entry covers, 2 the tool failed; `--exit-zero` turns 1 into 0, never 2.
"""

from __future__ import annotations

import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from narratives.baseline import DEFAULT_BASELINE, VERDICTS, Baseline, BaselineEntry, fingerprint_claims
from narratives.cli_common import echo, fail_cleanly, setup_logging
from narratives.errors import InputError
from narratives.escape import terminal
from narratives.store import DEFAULT_STORE


class OutputFormat(str, Enum):
    text = "text"
    github = "github"


# The CLI's choices are baseline.VERDICTS, so the two cannot drift apart.
Verdict = Enum("Verdict", {v.replace("-", "_"): v for v in VERDICTS}, type=str)


StoreOption = Annotated[Path, typer.Option("--store", help="SQLite store kept between runs; created when missing.")]
BaselineOption = Annotated[Path, typer.Option("--baseline",
                                               help="Reviewer baseline JSON, committed next to the articles.")]


def check_command(
    new: Annotated[list[Path], typer.Argument(help="New articles: files or directories. Stored ones are skipped.")],
    store: StoreOption = DEFAULT_STORE,
    baseline: Annotated[Optional[Path], typer.Option(
        "--baseline", help="Reviewer baseline JSON; new contradictions it lists do not fail the run. "
                           f"Default: {DEFAULT_BASELINE} when it exists (where `baseline --add` writes).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o",
                                      help="Directory for new.md, report.md, report.json and report.html.")
                   ] = Path("reports/check"),
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", help="text: one `file:line: …` line per finding; github: workflow annotations.")
    ] = OutputFormat.text,
    exit_zero: Annotated[bool, typer.Option(
        "--exit-zero", help="Exit 0 even when new contradictions are found (a failure still exits 2).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summary; findings still print.")
                     ] = False,
    nli_model: Annotated[Optional[str], typer.Option(help="NLI model: local path or Hugging Face hub id.")] = None,
    nli_backend: Annotated[Optional[str], typer.Option(
        help="onnx-int8 (default) or torch. Scores are stored per model and backend: switching rescores the "
             "store's pairs once.")] = None,
    embed_model: Annotated[Optional[str], typer.Option(
        help="sentence-transformers model; must be the one the store was built with.")] = None,
    threshold: Annotated[Optional[float], typer.Option(help="Combined contradiction score that flags a pair.")] = None,
) -> None:
    """Add new articles to the store; report and fail on new contradictions only (exit 0/1/2)."""
    from narratives.atomic import check_writable
    from narratives.ci_output import github_annotations, text_lines, write_check_reports
    from narratives.pipeline import progress_bars
    from narratives.config import load_settings
    from narratives.incremental import check as run_check

    setup_logging(quiet)
    settings = load_settings(nli_model=nli_model, nli_backend=nli_backend, embed_model=embed_model,
                             contradiction_threshold=threshold)
    if baseline is None and DEFAULT_BASELINE.is_file():  # the file `narratives baseline --add` wrote
        baseline = DEFAULT_BASELINE
    reviewed = Baseline.load(baseline, missing_ok=True) if baseline is not None else Baseline()
    if baseline is not None and not baseline.exists() and not quiet:
        echo(f"note: baseline {terminal(baseline)} does not exist yet; no finding is suppressed", err=True)
    check_writable(out)  # before the store is locked and models load, not after the whole analysis
    started = time.perf_counter()
    paths: list[Path] = []

    def write(outcome) -> None:  # before the store commits: unwritable reports leave the news for the next run
        paths.extend(write_check_reports(outcome, out))
    outcome = run_check(new, store, settings, baseline=reviewed, progress=progress_bars(quiet), deliver=write,
                        outputs=[out])
    lines = (github_annotations(outcome, baseline) if output_format is OutputFormat.github
             else text_lines(outcome, baseline))
    for line in lines:  # each escaped for its format: text lines start no command, annotations are commands
        typer.echo(line)
    if not quiet:
        counts = outcome.result.metadata["counts"]
        typer.echo(
            f"{len(outcome.new_articles)} new of {counts['articles']} articles; scored {outcome.scored_pairs} new "
            f"pairs; {len(outcome.unsuppressed)} new contradictions to review, {len(outcome.suppressed)} covered by "
            f"the baseline, {len(outcome.stale)} stale baseline entries; {len(outcome.camp_changes)} events changed "
            f"camps ({time.perf_counter() - started:.1f}s)", err=True)
        for path in paths:
            echo(f"wrote {terminal(path)}", err=True)
    sys.stdout.flush()
    raise typer.Exit(1 if outcome.unsuppressed and not exit_zero else 0)


def baseline_command(
    add: Annotated[Optional[str], typer.Option(
        "--add", help="Contradiction id (P…) or fingerprint from new.md, report.json or the check output.")] = None,
    verdict: Annotated[Optional[Verdict], typer.Option(help="accepted: real and known; false-positive: not real.")
                       ] = None,
    reason: Annotated[Optional[str], typer.Option(help="Why; required with --add, kept in the file for review.")
                      ] = None,
    list_entries: Annotated[bool, typer.Option("--list", help="Print every entry; those matching no contradiction "
                                               "in the store are marked (stale).")] = False,
    import_file: Annotated[Optional[Path], typer.Option(
        "--import", help="Verdicts JSON downloaded from report.html (or another baseline file): add or update its "
                         "entries, each checked against its claims. Needs no store.")] = None,
    baseline_file: BaselineOption = DEFAULT_BASELINE,
    store: StoreOption = DEFAULT_STORE,
) -> None:
    """Record a reviewer's verdict on a contradiction, import the verdicts given in report.html, or list them."""

    if [add is not None, list_entries, import_file is not None].count(True) != 1:
        raise InputError("pass either --add ID (with --verdict and --reason), --import FILE or --list")
    if import_file is not None:
        # The file's entries carry both claims, so their fingerprints are checked here and no store is needed.
        verdicts = Baseline.load(import_file, what="verdicts", check_fingerprints=True)
        reviewed = Baseline.load(baseline_file, missing_ok=True)
        added, updated = reviewed.merge(verdicts)
        if verdicts.entries:
            reviewed.save(baseline_file)
        echo(f"imported {len(verdicts.entries)} verdicts from {terminal(import_file)}: {added} added, {updated} "
             f"updated in {terminal(baseline_file)}", err=True)
        return
    if list_entries:
        reviewed = Baseline.load(baseline_file, missing_ok=True)
        current = {fp for fp, _ in _current_contradictions(store).values()} if store.exists() else None
        for fp in sorted(reviewed.entries):
            entry = reviewed.entries[fp]
            stale = " (stale)" if current is not None and fp not in current else ""
            echo(f"{terminal(fp)}  {terminal(entry.verdict):<14}  {terminal(entry.reason)}{stale}")
            echo(f"    {terminal(entry.a.source)}: “{terminal(entry.a.text)}”")
            echo(f"    {terminal(entry.b.source)}: “{terminal(entry.b.text)}”")
        if not reviewed.entries:
            echo(f"{terminal(baseline_file)}: no entries", err=True)
        return
    if verdict is None or not (reason or "").strip():
        raise InputError("--add needs --verdict accepted|false-positive and a non-empty --reason")
    if not store.exists():
        raise InputError(f"no store at {store}; run `narratives check … --store {store}` first, or pass --store")
    found = _current_contradictions(store)
    match = found.get(add) or next((v for v in found.values() if v[0] == add), None)
    if match is None:
        raise InputError(f"no current contradiction has id or fingerprint {add!r} in store {store}; "
                         "take one from new.md, report.json or the check output")
    _fingerprint, (a, b) = match
    reviewed = Baseline.load(baseline_file, missing_ok=True)
    entry = BaselineEntry.for_claims(a, b, verdict.value, reason or "")
    added = reviewed.add(entry)
    reviewed.save(baseline_file)
    echo(f"{'added' if added else 'updated'} {entry.fingerprint} ({entry.verdict}) in {terminal(baseline_file)}",
         err=True)


def _current_contradictions(path: Path) -> dict:
    """pair id → (fingerprint, (claim a, claim b)) for every contradiction in the store."""
    from narratives.store import Store

    with Store.open(path) as store:
        claims = {claim.id: claim for claim, _ in store.claims()}
        return {pair.id: (fingerprint_claims(claims[pair.a], claims[pair.b]), (claims[pair.a], claims[pair.b]))
                for _, pair in store.pairs() if pair.relation == "contradiction"}


def register(app: typer.Typer) -> None:
    """Add `check` and `baseline` to the main command line (narratives/cli.py calls this)."""

    app.command("check")(fail_cleanly(check_command, "interrupted; the store keeps what was finished, rerun to "
                                                      "complete"))
    app.command("baseline")(fail_cleanly(baseline_command))
