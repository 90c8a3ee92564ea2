"""What a check found, for people and CI: new.md, one line per finding, or GitHub workflow annotations.

Everything here reads a CheckResult and never the store, so output cannot change what was stored.
Each value from input goes through narratives/escape.py for the kind of line it is printed in.
"""

from __future__ import annotations

from pathlib import Path

from narratives.baseline import BaselineEntry
from narratives.escape import gh_data, gh_property, terminal, terminal_line
from narratives.incremental import CheckResult
from narratives.locate import Locator
from narratives.report import report_files, rounded, template_environment, write_report_files
from narratives.types import Claim, ScoredPair


def render_new(outcome: CheckResult) -> str:
    """new.md: new articles, new contradictions, baseline-covered ones, changed camps, stale entries."""
    env = template_environment()
    result = outcome.result
    return env.get_template("new.md.j2").render(
        outcome=outcome, unsuppressed=outcome.unsuppressed, claims={c.id: c for c in result.claims},
        labels={e.id: e.label for e in result.events},
        new_suppressed=[p for p in outcome.new_contradictions if p.id in outcome.suppressed])


def write_check_reports(outcome: CheckResult, out_dir: Path) -> list[Path]:
    """report.md, report.json, report.html and new.md of one check, all or none: they describe the same run."""
    return write_report_files(out_dir, report_files(outcome.result) | {"new.md": render_new(outcome)})


def _findings(outcome: CheckResult):
    """(pair, claim to point at, its file, its line, the other claim, where the other is) per unsuppressed finding.

    The claim pointed at is the one from a new article, since that is what the change added.
    """
    claims = {c.id: c for c in outcome.result.claims}
    articles = {a.id: a for a in outcome.result.articles}
    new = {article.id for article in outcome.new_articles}
    locator = Locator()
    for pair in outcome.unsuppressed:
        here, other = claims[pair.a], claims[pair.b]
        if other.article_id in new and here.article_id not in new:
            here, other = other, here
        line = locator.line(articles[here.article_id], here)
        other_article = articles[other.article_id]
        other_line = locator.line(other_article, other)
        other_at = f"{terminal(other_article.source_file)}:{other_line}" if other_line else terminal(
            other_article.source_file)
        yield pair, here, articles[here.article_id].source_file, line, other, other_at


def _describe(outcome: CheckResult, pair: ScoredPair, here: Claim, other: Claim, other_at: str) -> str:
    """One line about a finding; `other_at` is already escaped for a terminal."""
    reasons = terminal("; ".join(pair.reasons)) or "NLI"
    return (f"new contradiction {terminal(pair.id)} (score {rounded(pair.contradiction_score):.2f}, fingerprint "
            f"{terminal(outcome.fingerprints[pair.id])}): {terminal(here.source)}: “{terminal(here.text)}” vs "
            f"{terminal(other.source)} ({other_at}): “{terminal(other.text)}”. Why: {reasons}")


def _stale(entry: BaselineEntry, what: str) -> str:
    return (f"{what} {terminal(entry.fingerprint)} ({terminal(entry.verdict)}: {terminal(entry.reason)}) matches "
            "no current contradiction; remove it")


def text_lines(outcome: CheckResult, baseline_path: Path | None = None) -> list[str]:
    """`file:line: new contradiction …` per unsuppressed finding, then stale baseline entries.

    Not one of them can start a workflow command: `--format text` is what a CI log shows too.
    """
    lines = [f"{terminal(path)}:{line or 1}: {_describe(outcome, pair, here, other, other_at)}"
             for pair, here, path, line, other, other_at in _findings(outcome)]
    for entry in outcome.stale:
        lines.append(f"{terminal(baseline_path or 'baseline')}: {_stale(entry, 'stale entry')}")
    return [terminal_line(line) for line in lines]


def github_annotations(outcome: CheckResult, baseline_path: Path | None = None) -> list[str]:
    """GitHub Actions workflow commands: a warning on the line of each new finding, a notice per stale entry."""
    lines = []
    for pair, here, path, line, other, other_at in _findings(outcome):
        location = f"file={gh_property(path)}" + (f",line={line}" if line else "")
        message = (_describe(outcome, pair, here, other, other_at) + ". If reviewed, record it: narratives baseline "
                   f"--add {terminal(outcome.fingerprints[pair.id])} --verdict accepted|false-positive "
                   "--reason \"…\"")
        lines.append(f"::warning {location},title=narratives::{gh_data(message)}")
    for entry in outcome.stale:
        location = ""
        if baseline_path is not None:
            line = _line_of(baseline_path, f'"fingerprint": "{entry.fingerprint}"')
            location = f" file={gh_property(baseline_path)}" + (f",line={line}" if line else "")
        lines.append(f"::notice{location}::{gh_data(_stale(entry, 'stale baseline entry'))}")
    return lines


def _line_of(path: Path, needle: str) -> int | None:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    offset = text.find(needle)
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None
