"""Hostile input in every field reaches report.md, new.md, report.html, stdout and stderr, and changes nothing but text.

A RunResult and a CheckResult are built straight from narratives/types.py, so no model loads.
The markdown is parsed with markdown-it-py and compared with the same report built from plain
strings: the blocks, tables, links, HTML and code spans must be the template's, whatever the
input holds. report.html is parsed with lxml and compared the same way: its elements and their
attributes are the template's, and input is only ever inside the page's JSON data, which reads back
as it was given. Printed lines are read by the GitHub Actions runner's parser (tests/test_escape.py);
tests/test_html_report.py loads a hostile page in a browser.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Mapping
from pathlib import Path
from unittest import mock

import pytest
import lxml.html
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from narratives.baseline import BaselineEntry, Side
from narratives.ci_output import github_annotations, render_new, text_lines
from narratives.cli import app
from narratives.cli_common import OneLineFormatter
from narratives.escape import one_line, terminal
from narratives.incremental import CampChange, CheckResult
from narratives.html_report import page_data, render_html
from narratives.report import render_json, render_markdown
from narratives.types import Article, Camp, Claim, Event, InputProblem, Narrative, NLIScores, RunResult, ScoredPair
from tests.output_helpers import MARKDOWN, controls, runner_command

FIELDS = ("id", "outlet", "title", "published", "url", "file", "text", "speaker", "via", "reason", "baseline_reason",
          "fingerprint", "label", "problem")
HOSTILE = ("x\n<script>alert(1)</script>\n# Owned\n::error file=a.py::pwned ##[error]legacy\r\n| cell | "
           "[link](http://evil.example) ![i](http://evil.example/i.png) <http://evil.example> `tick` ``` \x1b[31m"
           "red\x00 &lt;b&gt; 1. list\n- item\n---\n> quote")


def build(s: Mapping[str, str]) -> CheckResult:
    """Two articles, three claims, two flagged pairs (one covered by the baseline), camps, a stale entry, problems."""
    def article(n: int) -> Article:
        return Article(id=f"{s['id']}-{n}", text=f"{s['text']} {n}", outlet=f"{s['outlet']}{n}", title=s["title"],
                       published=s["published"], url=s["url"], source_file=f"{s['file']}{n}",
                       extra={"note": s["text"]})

    a, b = article(0), article(1)

    def claim(n: int, of: Article, speaker: str | None) -> Claim:
        return Claim(id=f"c{n}", article_id=of.id, text=f"{s['text']} c{n}", start=0, end=1, speaker=speaker,
                     outlet=of.outlet, content=s["text"], via=s["via"] if n == 0 else None, cue="said",
                     published=of.published)

    claims = (claim(0, a, s["speaker"]), claim(1, a, None), claim(2, b, f"{s['speaker']}2"))
    scores = NLIScores(0.05, 0.1, 0.85)

    def pair(pid: str, x: Claim, y: Claim, relation: str) -> ScoredPair:
        return ScoredPair(id=pid, event_id="E1", a=x.id, b=y.id, similarity=0.5, a_to_b=scores, b_to_a=scores,
                          signals=("negation",), reasons=(s["reason"], "one negates the other"),
                          contradiction_score=0.9, relation=relation)

    # Ids and fingerprints are hashes in a real run; made of input here, they test the code spans in table cells.
    p1, p2, p3 = (f"{s['id']}P{n}" for n in (1, 2, 3))
    pairs = (pair(p1, claims[0], claims[2], "contradiction"), pair(p2, claims[1], claims[2], "contradiction"),
             pair(p3, claims[0], claims[1], "neutral"))
    camps = (Camp(s["label"], (s["speaker"], a.outlet), ("c0", "c1")), Camp(f"{s['label']}2", (claims[2].source,),
                                                                            ("c2",)))
    event = Event("E1", s["label"], (a.id, b.id), ("c0", "c1", "c2"), (s["label"],), "2023-05-22", "2023-05-23")
    problems = (InputProblem(s["file"], 3, s["problem"]), InputProblem(s["file"], None, s["problem"]))
    metadata = {"tool": "narratives test", "inputs": [s["file"], "seeds"],
                "settings": {"embed_model": "fake", "nli_model": "fake", "contradiction_threshold": 0.7,
                             "nli_only_threshold": 0.9, "agreement_threshold": 0.6, "event_min_similarity": 0.6,
                             "event_max_days": 60, "neighbours": 8, "pair_min_similarity": 0.3,
                             "nli_min_similarity": 0.6},
                "counts": {"articles": 2, "claims": 3, "events": 1, "cross_source_pairs": 3, "scored_pairs": 3,
                           "nli_scored": 3, "within_article_pairs": 0, "within_article_contradictions": 0, "scored_both_ways": 3, "contradictions": 2, "agreements": 0, "input_problems": 2}}
    result = RunResult((a, b), claims, (event,), pairs, (Narrative("E1", camps, (s["via"],)),), problems, metadata)

    def entry(fingerprint: str, verdict: str) -> BaselineEntry:
        return BaselineEntry(fingerprint, verdict, s["baseline_reason"], Side(s["speaker"], s["text"]),
                             Side(s["outlet"], s["text"]))

    return CheckResult(
        result=result, new_articles=(b,), new_contradictions=pairs[:2],
        suppressed={p2: entry(f"{s['fingerprint']}2", "accepted")},
        camp_changes=(CampChange("E1", s["label"], camps[:1], camps),),
        stale=(entry(s["fingerprint"], "false-positive"),),
        fingerprints={p1: f"{s['fingerprint']}1", p2: f"{s['fingerprint']}2"}, scored_pairs=3, nli_predictions=3,
        embedded_texts=3)


# What would end the page's data element and run a script, or load an image that does, if it were written as HTML.
SCRIPT_BREAKERS = ('</script><script>document.documentElement.setAttribute("data-pwned", "script")</script>'
                   '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\', \'img\')">'
                   '<!-- <script> \u2028\u2029 </SCRIPT > ]]> &quot;')
JAVASCRIPT_URL = "javascript:document.documentElement.setAttribute('data-pwned', 'url')"


def page_of(outcome: CheckResult) -> str:
    """report.html as `run` writes it: from the report.json payload."""
    return render_html(json.loads(render_json(outcome.result)))


PLAIN = build({field: "x" for field in FIELDS})
PLAIN_REPORT, PLAIN_NEW, PLAIN_PAGE = render_markdown(PLAIN.result), render_new(PLAIN), page_of(PLAIN)


def shape(markdown: str) -> list[tuple]:
    """What input must not change: every block and every inline token but plain text, with links' targets and HTML."""
    found = []
    for token in MARKDOWN.parse(markdown):
        found.append((token.type, token.tag, token.content if token.type == "html_block" else ""))
        for child in token.children or ():
            if child.type != "text":
                found.append((child.type, child.tag, child.attrs.get("href", child.attrs.get("src", "")),
                              child.content if child.type == "html_inline" else ""))
    return found


def html(tokens) -> list[str]:
    return ([t.content.strip() for t in tokens if t.type == "html_block"] +
            [c.content for t in tokens for c in t.children or () if c.type == "html_inline"])


def assert_markdown_holds(markdown: str, plain: str, s: Mapping[str, str]) -> None:
    tokens = MARKDOWN.parse(markdown)
    assert html(tokens) == html(MARKDOWN.parse(plain))  # the template's anchors (<a id="event-1"></a>), no other
    hrefs = [c.attrs["href"] for t in tokens for c in t.children or () if c.type in ("link_open", "image")]
    assert all(str(href).startswith("#event-") for href in hrefs), hrefs  # the template's links only
    assert shape(markdown) == shape(plain)
    lines = markdown.split("\n")
    for table in (t for t in tokens if t.type == "table_open"):
        start, end = table.map
        # GFM splits a row on every | not right after a backslash; markdown-it would drop extra cells silently
        widths = {line.replace("\\|", "").count("|") for line in lines[start:end]}
        assert len(widths) == 1, lines[start:end]
    shown = "".join(c.content for t in tokens for c in t.children or () if c.type in ("text", "code_inline"))
    for field in ("text", "outlet", "speaker", "reason", "id", "label"):
        assert one_line(s[field]) in shown, field  # shown as written, less line breaks and control characters


def assert_starts_no_command(lines: list[str]) -> None:
    for line in lines:
        assert "\n" not in line and "\r" not in line and controls(line) == [], line
        assert runner_command(line) is None, line


def assert_annotations_hold(lines: list[str], outcome: CheckResult, baseline: Path) -> None:
    files = {terminal(a.source_file) for a in outcome.result.articles} | {terminal(baseline)}
    assert len(lines) == len(outcome.unsuppressed) + len(outcome.stale)
    for line in lines:
        command, properties, data = runner_command(line)
        assert command in ("warning", "notice"), line
        assert set(properties) <= {"file", "line", "title"}
        assert properties["file"] in files
        assert controls(data) == [] and data.startswith(("new contradiction", "stale baseline entry")), data


def page_shape(page: str) -> list[tuple]:
    """Every element of the page with its attributes, and the text of all but the data element."""
    return [(element.tag, sorted(element.attrib.items()), "" if element.get("id") == "data" else element.text or "")
            for element in lxml.html.document_fromstring(page).iter()]


def assert_page_holds(page: str, outcome: CheckResult) -> None:
    assert page_shape(page) == page_shape(PLAIN_PAGE)  # the policy's hashes too: the script and style are fixed
    assert page.lower().count("<script") == 2 and page.lower().count("</script") == 2
    data = lxml.html.document_fromstring(page).get_element_by_id("data").text
    assert not set(data) & set("<>&\u2028\u2029")
    # read back, the data is what the page was given: escaping lost nothing
    assert json.loads(data) == json.loads(json.dumps(page_data(json.loads(render_json(outcome.result)))))


def check_everything(s: Mapping[str, str]) -> None:
    outcome = build(s)
    assert_markdown_holds(render_markdown(outcome.result), PLAIN_REPORT, s)
    assert_page_holds(page_of(outcome), outcome)
    assert_markdown_holds(render_new(outcome), PLAIN_NEW, s)
    assert_starts_no_command(text_lines(outcome, Path(s["file"])))
    assert_annotations_hold(github_annotations(outcome, Path("baseline.json")), outcome, Path("baseline.json"))
    formatter = OneLineFormatter("%(levelname)s: %(message)s")
    logged = [formatter.format(logging.LogRecord("narratives", logging.WARNING, __file__, 1, "%s", (problem,), None))
              for problem in outcome.result.problems]
    assert_starts_no_command([str(p) for p in outcome.result.problems] + logged)
    json.loads(render_json(outcome.result))


# --- one hostile string in every field -----------------------------------------------------------


def test_hostile_fields_change_no_markdown_structure() -> None:
    s = dict.fromkeys(FIELDS, HOSTILE)
    outcome = build(s)
    assert_markdown_holds(render_markdown(outcome.result), PLAIN_REPORT, s)
    assert_markdown_holds(render_new(outcome), PLAIN_NEW, s)


def test_hostile_fields_stay_inside_the_data_of_report_html() -> None:
    outcome = build(dict.fromkeys(FIELDS, HOSTILE + SCRIPT_BREAKERS) | {"url": JAVASCRIPT_URL})
    page = page_of(outcome)
    assert_page_holds(page, outcome)
    assert "<img" not in page and "data-pwned" in page  # there, but as JSON text: \u003cimg …
    assert "\\u003c/script\\u003e\\u003cscript\\u003edocument" in page


def test_hostile_fields_start_no_workflow_command_in_text_lines_or_problems() -> None:
    outcome = build(dict.fromkeys(FIELDS, HOSTILE))
    assert_starts_no_command(text_lines(outcome, Path(HOSTILE)))
    assert_starts_no_command([str(p) for p in outcome.result.problems])


def test_hostile_fields_give_one_line_annotation_messages() -> None:
    outcome = build(dict.fromkeys(FIELDS, HOSTILE))
    assert_annotations_hold(github_annotations(outcome, Path("baseline.json")), outcome, Path("baseline.json"))


def test_a_file_name_with_a_line_break_cannot_start_an_error_line_on_stderr() -> None:
    problem = InputProblem("in/a.jsonl\n::error::owned.jsonl", 3, "not valid JSON\n##[error]x")
    record = logging.LogRecord("narratives", logging.WARNING, __file__, 1, "%s", (problem,), None)
    line = OneLineFormatter("%(levelname)s: %(message)s").format(record)
    assert line == "WARNING: in/a.jsonl ::error::owned.jsonl:3: not valid JSON # #[error]x"


runner = CliRunner()


def _cli(outcome: CheckResult, args: list[str], out: Path):
    def check(new, store, settings_, *, baseline, progress, deliver, outputs=()):
        deliver(outcome)
        return outcome
    with mock.patch("narratives.incremental.check", check):
        return runner.invoke(app, ["check", "new/", "--store", str(out / "s.sqlite"), "--out", str(out), *args])


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_check_prints_nothing_a_ci_runner_reads_as_a_command_but_its_annotations(tmp_path, output_format) -> None:
    outcome = build(dict.fromkeys(FIELDS, HOSTILE))
    baseline = tmp_path / "::error::base\nline.json"  # does not exist: check says so on stderr
    result = _cli(outcome, ["--format", output_format, "--baseline", str(baseline)], tmp_path / "out\n::error::x")
    assert result.exit_code == 1, result.output
    assert_starts_no_command(result.stderr.splitlines())
    if output_format == "text":
        assert len(result.stdout.splitlines()) == 2  # one finding, one stale entry
        assert_starts_no_command(result.stdout.splitlines())
    else:
        assert_annotations_hold(result.stdout.splitlines(), outcome, baseline)


def test_baseline_list_of_a_hostile_file_prints_one_line_per_field(tmp_path) -> None:
    path = tmp_path / "narratives-baseline.json"
    path.write_text(json.dumps([{"fingerprint": "::error::fp\n::warning::x", "verdict": "accepted", "reason": HOSTILE,
                                 "a": {"source": HOSTILE, "text": HOSTILE}, "b": {"source": "::x", "text": HOSTILE}}]),
                    encoding="utf-8")
    result = runner.invoke(app, ["baseline", "--list", "--baseline", str(path), "--store", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3
    assert_starts_no_command(result.stdout.splitlines())


def test_an_error_naming_a_file_with_a_line_break_is_one_line(tmp_path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "missing\n::error::x.jsonl"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("error: ")
    assert_starts_no_command(result.stderr.splitlines())


# --- the same, for strings hypothesis makes up -------------------------------------------------------

# Markdown, HTML, CI commands and control characters, mixed with any text at all.
PIECES = st.sampled_from(["\n", "\r\n", "\r", "\t", "\x00", "\x1b[2J", "\x85", "\u2028", "\u202e", "::", "::error::",
                          "##[", "`", "``", "|", "\\", "\\|", "<", ">", "<b>", "<!--", "[", "]", "](", "](http://e)",
                          "![", "<http://e>", "&", "&lt;", "&#60;", "*", "_", "~~", "#", "# ", "- ", "1. ", "1) ",
                          "---", "===", "> ", "    ", "{{ 7*7 }}", "{%", "%0A", "%25", ",", ":", "="])
HOSTILE_TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=12).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({field: HOSTILE_TEXT for field in FIELDS}))
def test_no_input_string_changes_markdown_structure_or_starts_a_command(s) -> None:
    check_everything(s)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT, st.sampled_from(["text", "github"]))
def test_check_output_for_made_up_strings_starts_no_command(value, output_format) -> None:
    outcome = build(dict.fromkeys(FIELDS, value))
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "b.json"
        result = _cli(outcome, ["--format", output_format, "--baseline", str(baseline)], Path(folder) / "out")
    assert result.exit_code == 1, result.output
    assert_starts_no_command(result.stderr.splitlines())
    if output_format == "text":
        assert_starts_no_command(result.stdout.splitlines())
    else:
        assert_annotations_hold(result.stdout.splitlines(), outcome, baseline)
