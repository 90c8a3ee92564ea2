"""report.html: built from report.json alone, the same bytes every time, holding only what it shows; and in
headless Chromium: filters read from the URL, claims in context, verdicts that `narratives baseline` takes,
and one page of closed events for a report the size of a 2,500-article run.

The browser tests skip, saying why, where Debian's `chromium` is not installed (.ci/run installs it).
What the page renders is checked against the page's own data, filtered here in Python the way the
page's script is meant to filter it.
"""

from __future__ import annotations

import dataclasses
import json
import shlex
import urllib.parse

import pytest
from typer.testing import CliRunner

from narratives.baseline import Baseline, fingerprint
from narratives.cli import app
from narratives.escape import md_text
from narratives.html_report import CONTEXT_CLAIMS, page_data, render_html
from narratives.report import render_json, report_files, strict, to_json, write_reports
from narratives.textfile import read_report
from narratives.types import Article, Claim
from tests.browser import CHROMIUM, MISSING, load, run_script, without_policy
from tests.conftest import REPO
from tests.test_report import CHERNIAK, CLAIMS, GLADKOV, RESULT, _flag, _with

SEED_REPORT = REPO / "reports" / "seeds" / "report.json"
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason=MISSING)
runner = CliRunner()


def flag_rows(dom) -> list:
    return dom.xpath("//article[contains(concat(' ', @class, ' '), ' flag ')]")


def first_dispute_open(data: dict) -> str:
    """The view with the first event and its first dispute open."""
    first = data["events"][0]["id"]
    return f"open={first},{first}/1"


# --- the file ------------------------------------------------------------------------------------


def test_the_page_is_the_same_built_from_a_run_result_or_from_its_saved_report_json(tmp_path) -> None:
    page = report_files(RESULT)["report.html"]
    assert page == render_html(strict(to_json(RESULT))) == render_html(json.loads(render_json(RESULT)))
    assert render_html(json.loads(render_json(RESULT))) == page  # no timestamps, no set order: byte-identical
    written = write_reports(RESULT, tmp_path / "out")
    assert [p.name for p in written] == ["report.md", "report.json", "report.html"]
    assert (tmp_path / "out" / "report.html").read_text(encoding="utf-8") == page

    rebuilt = runner.invoke(app, ["html", str(tmp_path / "out" / "report.json"), "--out", str(tmp_path / "again.html")])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == page
    (tmp_path / "out" / "report.html").unlink()
    beside = runner.invoke(app, ["html", str(tmp_path / "out" / "report.json"), "--quiet"])
    assert beside.exit_code == 0 and (tmp_path / "out" / "report.html").read_text(encoding="utf-8") == page


@pytest.mark.parametrize(("content", "message"), [(None, "no such file"), ("{not json", "not a narratives report.json"),
                                                  ('{"articles": []}', "no list events")])
def test_html_of_a_file_that_is_not_a_report_is_a_one_line_error(tmp_path, content, message) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["html", str(path)])
    assert result.exit_code == 2 and message in result.output and not (tmp_path / "report.html").exists()


def test_the_seed_page_is_the_committed_one_built_from_the_committed_report_json() -> None:
    golden = REPO / "reports" / "seeds" / "report.html"
    assert render_html(read_report(SEED_REPORT)) == golden.read_text(encoding="utf-8")


def test_the_page_holds_the_claims_in_pairs_with_their_neighbours_and_no_other() -> None:
    # One article of seven claims, given out of order; its fourth is flagged against Cherniak.
    text = " ".join(f"Sentence {n} of the Belgorod report." for n in range(7))
    article = Article(id="long", text=text, outlet="Russian | Wire", published="2023-05-22")
    sentences = [Claim(id=f"s{n}", article_id="long", text=f"Sentence {n} of the Belgorod report.",
                       start=text.index(f"Sentence {n}"), end=text.index(f"Sentence {n}") + 32, speaker=None,
                       outlet="Russian | Wire", published="2023-05-22") for n in (5, 0, 3, 6, 1, 2, 4)]
    flagged = next(c for c in sentences if c.id == "s3")
    result = _with((_flag(flagged, CHERNIAK, 0.8),), (*sentences, CHERNIAK), (article, RESULT.articles[1]))
    data = page_data(json.loads(render_json(result)))
    claims = data["claims"]
    [flag] = data["flags"]
    a = claims[flag["a"]]
    assert [claims[n]["text"] for n in a["before"]] == ["Sentence 1 of the Belgorod report.",
                                                        "Sentence 2 of the Belgorod report."][-CONTEXT_CLAIMS:]
    assert [claims[n]["text"] for n in a["after"]] == ["Sentence 4 of the Belgorod report.",
                                                       "Sentence 5 of the Belgorod report."][:CONTEXT_CLAIMS]
    assert "Sentence 0 of the Belgorod report." not in {c["text"] for c in claims}  # neither quoted nor a neighbour
    assert len(claims) == 2 + 2 * CONTEXT_CLAIMS
    assert {key for c in claims for key in c if "source" not in c} == {"text"}  # a neighbour carries its text only
    assert flag["fingerprint"] == fingerprint(flagged.source, flagged.text, CHERNIAK.source, CHERNIAK.text)


def test_the_same_two_quotes_flagged_twice_are_one_flag_naming_the_other() -> None:
    first = _flag(GLADKOV, CHERNIAK, 0.74)
    second = dataclasses.replace(first, id="P000000000002", contradiction_score=0.72)
    data = page_data(json.loads(render_json(_with((first, second), CLAIMS))))
    assert [(f["id"], f["repeats"]) for f in data["flags"]] == [(first.id, ["P000000000002"])]


def test_events_rank_and_disputes_group_as_in_report_md() -> None:
    report = read_report(SEED_REPORT)
    data = page_data(report)
    markdown = (REPO / "reports" / "seeds" / "report.md").read_text(encoding="utf-8")
    table = [line for line in markdown.splitlines() if line.startswith("| ") and "](#event-" in line]
    assert [md_text(e["label"]) for e in data["events"]] == [line.split("[", 1)[1].split("](#event-")[0]
                                                             for line in table]
    for event in data["events"]:
        numbers = [n for dispute in event["disputes"] for n in dispute["flags"]]
        assert sorted(numbers) == [n for n, f in enumerate(data["flags"]) if data["events"][f["event"]] is event]
        for dispute in event["disputes"]:
            if dispute["topic"] is not None:
                assert f"- **{md_text(dispute['topic'])}** ({len(dispute['flags'])} flag" in markdown
    repeated = len(report["contradictions"]) - len(data["flags"])  # they share their first flag's row
    assert (f"; {repeated} repeat the two quotes of another flag" in markdown.splitlines()[2]) == (repeated > 0)


# --- in the browser ------------------------------------------------------------------------------


def expected_flags(data: dict, event: str = "", camp: str = "", outlet: str = "", speaker: str = "",
                   kind: str = "") -> set[str]:
    """The flags a view keeps: what the page's filters mean, written out again here."""
    claims = data["claims"]
    camp_event, camp_sources = "", set()
    if camp:
        camp_event, number = camp.rsplit(":", 1)
        event_of_camp = next(e for e in data["events"] if e["id"] == camp_event)
        camp_sources = set(event_of_camp["camps"][int(number) - 1]["sources"])

    def who(claim: dict) -> str:
        return "\n".join(filter(None, (claim["source"], claim["speaker"], claim["via"]))).lower()
    kept = set()
    for flag in data["flags"]:
        sides = claims[flag["a"]], claims[flag["b"]]
        event_id = data["events"][flag["event"]]["id"]
        if ((event and event_id != event) or (kind and flag["kind"] != kind)
                or (camp and (event_id != camp_event or not {s["source"] for s in sides} & camp_sources))
                or (outlet and not any(outlet.lower() in s["outlet"].lower() for s in sides))
                or (speaker and not any(speaker.lower() in who(s) for s in sides))):
            continue
        kept.add(flag["id"])
    return kept


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("seed-page") / "report.html"
    report = read_report(SEED_REPORT)
    path.write_text(render_html(report), encoding="utf-8")
    return path, page_data(report)


@needs_chromium
@pytest.mark.parametrize("view", [
    {"kind": "actor"}, {"outlet": "long view"}, {"speaker": "PESKOV"}, {"camp": 1},
    {"event": 3, "kind": "event-denial"}, {"outlet": "wire", "speaker": "officials"},
])
def test_a_view_in_the_url_shows_exactly_the_flags_its_filters_keep(seed_page, view) -> None:
    page, data = seed_page
    events = data["events"]
    filters = dict(view)
    if "camp" in filters:  # the first event with two camps, its second camp
        filters["camp"] = next(e["id"] for e in events if len(e["camps"]) > 1) + ":2"
    if "event" in filters:
        filters["event"] = events[filters["event"]]["id"]
    expected = expected_flags(data, **filters)
    assert expected  # a view that shows something
    dom = load(page, urllib.parse.urlencode(filters) + "&open=all")
    assert {row.get("data-id") for row in flag_rows(dom)} == expected
    shown_events = {d.get("data-key") for d in dom.xpath("//details[contains(@class, 'event')]")}
    flagged_events = {events[f["event"]]["id"] for f in data["flags"] if f["id"] in expected}
    if "kind" in filters:  # agreements have no kind: only events with a matching flag, and no agreement
        assert shown_events == flagged_events and not dom.xpath("//article[contains(@class, 'agreement')]")
    else:  # and events where only an agreement matches
        assert shown_events >= flagged_events


@needs_chromium
def test_without_open_in_the_url_events_are_closed_and_no_pair_is_rendered(seed_page) -> None:
    page, data = seed_page
    dom = load(page)
    assert len(dom.xpath("//details[contains(@class, 'event')]")) == len(data["events"])
    assert not dom.xpath("//details[@open]") and not dom.xpath("//article")
    assert dom.get_element_by_id("status").text_content().startswith(f"{len(data['events'])} events of ")
    first = data["events"][0]
    one = load(page, first_dispute_open(data))
    assert [d.get("data-key") for d in one.xpath("//details[@open]")] == [first["id"], f"{first['id']}/1"]
    assert {row.get("data-id") for row in flag_rows(one)} == {
        data["flags"][n]["id"] for n in first["disputes"][0]["flags"]}


@needs_chromium
def test_choosing_a_filter_writes_it_to_the_url_and_filters_at_once(seed_page) -> None:
    page, data = seed_page
    script = """
      var kind = document.getElementById('f-kind');
      kind.value = 'actor';
      kind.dispatchEvent(new Event('change'));
      var out = {hash: location.hash, events: document.querySelectorAll('details.event').length,
                 status: document.getElementById('status').textContent};
      var event = document.getElementById('f-event');
      event.value = EVENT;
      event.dispatchEvent(new Event('change'));
      out.then = {hash: location.hash, events: document.querySelectorAll('details.event').length,
                  camps: Array.from(document.getElementById('f-camp').options).map(function (o) { return o.value; })};
      return out;
    """
    actor = expected_flags(data, kind="actor")
    # the second event with an actor flag: choosing it keeps the kind filter and shows that one event
    event = data["events"][sorted({f["event"] for f in data["flags"] if f["id"] in actor})[1]]
    out = run_script(page, script.replace("EVENT", json.dumps(event["id"])))
    assert out["hash"] == "#kind=actor"
    assert out["events"] == len({f["event"] for f in data["flags"] if f["id"] in actor})
    assert f"{len(actor)} of {len(data['flags'])} flags match" in out["status"]
    assert out["then"]["hash"] == f"#event={event['id']}&kind=actor" and out["then"]["events"] == 1
    assert out["then"]["camps"] == ["", *(f"{event['id']}:{n}" for n in range(1, len(event["camps"]) + 1))]


@needs_chromium
def test_a_claim_opens_on_its_neighbouring_claims(seed_page) -> None:
    page, data = seed_page
    script = """
      var side = document.querySelector('article.flag .side');
      side.querySelector('button.ctx').click();
      return {id: side.closest('article').getAttribute('data-id'),
        paragraphs: Array.from(side.querySelectorAll('.context p')).map(function (p) { return p.textContent; }),
        marked: side.querySelector('.context mark').textContent, hidden: side.querySelector('.context').hidden};
    """
    out = run_script(page, script, first_dispute_open(data))
    flag = next(f for f in data["flags"] if f["id"] == out["id"])
    claim = data["claims"][flag["a"]]
    texts = [data["claims"][n]["text"] for n in claim["before"]] + [claim["text"]] + [
        data["claims"][n]["text"] for n in claim["after"]]
    assert out["paragraphs"][:-1] == texts and out["marked"] == claim["text"] and out["hidden"] is False
    assert claim["before"] or claim["after"]


@needs_chromium
def test_verdicts_become_baseline_commands_and_a_file_that_baseline_imports(seed_page, tmp_path) -> None:
    page, data = seed_page
    reason = "it's \"not\" the same raid; $(touch pwned) `id` \\ & done"
    script = """
      var rows = document.querySelectorAll('article.flag');
      rows[0].querySelector('button[data-verdict="false-positive"]').click();
      var input = rows[0].querySelector('input.reason');
      input.value = REASON;
      input.dispatchEvent(new Event('input'));
      rows[1].querySelector('button[data-verdict="accepted"]').click();  // no reason yet: not ready to record
      rows[2].querySelector('button[data-verdict="accepted"]').click();
      rows[2].querySelector('button[data-verdict="accepted"]').click();  // the same button again takes it back
      return {ids: [0, 1].map(function (i) { return rows[i].getAttribute('data-id'); }),
        commands: document.getElementById('commands').value, file: document.getElementById('verdicts-json').value,
        pressed: Array.from(document.querySelectorAll('button[aria-pressed="true"]')).map(function (b) {
          return b.closest('article').getAttribute('data-id') + ' ' + b.getAttribute('data-verdict'); })};
    """.replace("REASON", json.dumps(reason))
    out = run_script(page, script, first_dispute_open(data))
    judged, unexplained = (next(f for f in data["flags"] if f["id"] == i) for i in out["ids"])
    assert sorted(out["pressed"]) == sorted([f"{judged['id']} false-positive", f"{unexplained['id']} accepted"])

    commands = [line for line in out["commands"].splitlines() if not line.startswith("#")]
    assert [shlex.split(line) for line in commands] == [
        ["narratives", "baseline", "--add", judged["fingerprint"], "--verdict", "false-positive", "--reason", reason]]
    assert f"# {unexplained['fingerprint']} ({unexplained['id']}, accepted): needs a reason" in out["commands"]

    a, b = data["claims"][judged["a"]], data["claims"][judged["b"]]
    verdicts = tmp_path / "narratives-verdicts.json"
    verdicts.write_text(out["file"], encoding="utf-8")
    imported = runner.invoke(app, ["baseline", "--import", str(verdicts), "--baseline", str(tmp_path / "b.json")])
    assert imported.exit_code == 0, imported.output
    assert "1 added, 0 updated" in imported.output
    [entry] = Baseline.load(tmp_path / "b.json").entries.values()
    assert (entry.fingerprint, entry.verdict, entry.reason) == (judged["fingerprint"], "false-positive", reason)
    assert entry.fingerprint == fingerprint(a["source"], a["text"], b["source"], b["text"])


@needs_chromium
def test_verdicts_are_kept_in_the_browser_for_the_same_report_only(seed_page, tmp_path) -> None:
    """Reloading the page keeps them (localStorage, under the report's digest): an hour of review is not lost."""
    page, data = seed_page
    judge = "document.querySelector('article.flag button[data-verdict=\"accepted\"]').click(); return null;"
    count = "return document.querySelectorAll('button[aria-pressed=\"true\"]').length;"
    view = first_dispute_open(data)
    profile = tmp_path / "profile"  # one browser profile for the three loads, as one reviewer's browser
    run_script(page, judge, view, profile)
    assert run_script(page, count, view, profile) == 1
    other = read_report(SEED_REPORT)
    other["metadata"] = {**other["metadata"], "tool": "narratives (another run)"}
    (tmp_path / "other.html").write_text(render_html(other), encoding="utf-8")
    assert run_script(tmp_path / "other.html", count, view, profile) == 0


def large_report(events: int = 600, articles_per_event: int = 4, claims_per_article: int = 16,
                 flags_per_event: int = 4) -> dict:
    """A report.json the size of a 2,500-article run: 600 events, 2,400 articles, 38,400 claims, 2,400 flags."""
    report = {"metadata": {"tool": "narratives test", "inputs": [], "settings": {}, "counts": {}}, "problems": [],
              "articles": [], "events": [], "claims": [], "contradictions": [], "agreements": [], "narratives": []}

    def claim(article: str, n: int) -> dict:
        return {"id": f"{article}c{n}", "article_id": article, "text": f"Claim {n} of article {article}.",
                "span": [n * 30, n * 30 + 25], "source": f"Speaker {n % 7}", "speaker": f"Speaker {n % 7}",
                "via": None, "outlet": f"Outlet {len(report['articles']) % 40}", "published": "2024-01-01"}

    def side(claim_: dict) -> dict:
        return {"claim_id": claim_["id"], **{key: claim_[key] for key in ("source", "text", "outlet")}}

    for e in range(events):
        event = f"E{e:05d}"
        articles = [f"{event}a{n}" for n in range(articles_per_event)]
        claims = []
        for article in articles:
            report["articles"].append({"id": article, "outlet": f"Outlet {len(report['articles']) % 40}",
                                       "title": f"Article {article}", "published": "2024-01-01",
                                       "url": f"https://example.org/{article}"})
            claims.append([claim(article, n) for n in range(claims_per_article)])
            report["claims"].extend(claims[-1])
        report["events"].append({"id": event, "label": f"Event {e}", "article_ids": articles,
                                 "claim_count": articles_per_event * claims_per_article})
        report["narratives"].append({"event_id": event, "unaligned": [], "camps": [
            {"label": "", "sources": ["Speaker 1"], "claim_ids": [claims[0][1]["id"]]},
            {"label": "", "sources": ["Speaker 2"], "claim_ids": [claims[1][2]["id"]]}]})
        for f in range(flags_per_event):
            report["contradictions"].append({
                "id": f"P{e:05d}{f}", "event_id": event, "score": 0.9 - f / 100, "kind": "actor", "reasons": ["r"],
                "signals": [], "same_article": False, "identical_to": [], "nli": {"a_to_b": None, "b_to_a": None},
                "dispute": {"topic": "who did it", "a": "Russia", "b": "Ukraine"},
                "a": side(claims[0][f]), "b": side(claims[1][f + 1])})
    return report


@needs_chromium
def test_a_report_the_size_of_2500_articles_opens_on_one_page_of_closed_events(tmp_path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(large_report()), encoding="utf-8")
    assert page.stat().st_size < 3_000_000  # its claims in pairs and their neighbours, not its 38,400 claims
    dom = load(page)
    assert len(dom.xpath("//details[contains(@class, 'event')]")) == 50
    assert not dom.xpath("//details[@open]") and not dom.xpath("//article")  # pairs render when opened
    assert "page 1 of 12" in dom.get_element_by_id("pager").text_content()
    assert int(dom.get("data-ready-ms")) < 20_000  # usable without waiting; about 0.3 s on a laptop
    last = load(page, "page=12&open=all")
    assert [d.get("data-key") for d in last.xpath("//details[contains(@class, 'event')]")] == [
        f"E{e:05d}" for e in range(550, 600)]
    assert len(flag_rows(last)) == 50 * 4


@needs_chromium
@pytest.mark.parametrize("policy", [True, False], ids=["with-policy", "escaping-alone"])
def test_hostile_input_stays_text_in_the_browser(tmp_path, policy) -> None:
    from tests.test_output_escaping import FIELDS, HOSTILE, JAVASCRIPT_URL, SCRIPT_BREAKERS, build, page_of

    page = tmp_path / "report.html"
    page.write_text(page_of(build(dict.fromkeys(FIELDS, HOSTILE + SCRIPT_BREAKERS) | {"url": JAVASCRIPT_URL})),
                    encoding="utf-8")
    if not policy:  # the policy would block an injected script anyway: show that nothing was injected
        page = without_policy(page, tmp_path / "no-policy.html")
    dom = load(page, "open=all")
    assert dom.get("data-pwned") is None and dom.get("data-ready-ms")  # nothing injected ran; the page's script did
    assert len(dom.xpath("//script")) == 2
    assert not dom.xpath("//img | //iframe | //*[@onerror]")
    assert not dom.xpath("//a")  # an article's URL is a link only where it is a web address
    quotes = [quote.text_content() for quote in dom.xpath("//blockquote")]
    assert len(flag_rows(dom)) == 2 and all(SCRIPT_BREAKERS.split("<!--")[0] in quote for quote in quotes)
