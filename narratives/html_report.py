"""report.json → report.html: one self-contained page to browse, filter and judge a report's flags.

Built from report.json's structure (the dict `render_json` writes), so `narratives html REPORT.json`
rebuilds the page from a saved report, and `report_files` writes it next to report.md. The page
loads nothing: its CSS and script are inline (templates/report.html.j2), and its Content Security
Policy allows no network and no script but its own (by hash).

The page's data is JSON in `<script type="application/json" id="data">`, with `<`, `>`, `&`, U+2028
and U+2029 written as `\\u…` escapes, so no input string can end the element or start markup; the
script builds the page with createElement and textContent only, so no string is ever parsed as HTML.
It holds what the page shows, not the whole report.json: the events (most contested first, as in
report.md) with their articles, camps and disputes, one flag per pair of quotes (report.md's rows),
the agreements, and the claims of those pairs with their neighbouring claims for context. At 2,500
articles that is a tenth of report.json, whose claims are most of its size.

    >>> from narratives.textfile import read_report
    >>> page = render_html(read_report(Path("reports/seeds/report.json")))
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from narratives.atomic import write_atomically
from narratives.baseline import fingerprint
from narratives.event_summaries import contested_score, first_appearances, group_disputes
from narratives.textfile import read_report

# Claims of the same article shown each side of a quoted claim, by position in the article:
# about a paragraph, enough to see what the quote answers. report.json keeps claims, not article text.
CONTEXT_CLAIMS = 2
CAMP_QUOTES = 3  # as report.md shows them
# Characters JSON may hold that would end or change the script element around it, or end a line of
# script in old parsers; JSON spells each as an escape inside a string, where alone they can occur.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """`value` as JSON that is inert inside a `<script>` element: sorted keys, no `<`, `>`, `&`, U+2028, U+2029."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_SCRIPT_UNSAFE.get(char, char) for char in text)


def csp_source(text: str) -> str:
    """The Content Security Policy source that allows exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(str(text).encode("utf-8")).digest()).decode("ascii") + "'"


@cache
def html_environment() -> Environment:
    """Jinja environment for report.html: autoescaped, so any value the template writes is HTML-escaped."""
    env = Environment(loader=PackageLoader("narratives", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["csp_source"] = lambda text: Markup(csp_source(text))  # base64 and quotes: nothing to escape
    return env


class _Claims:
    """The claims the page shows, numbered in the order first shown; each quoted one with its context."""

    def __init__(self, report: dict):
        self.by_id = {c["id"]: c for c in report["claims"]}
        self.index: dict[str, int] = {}
        self.rows: list[dict] = []
        siblings: dict[str, list[dict]] = {}
        for claim in report["claims"]:
            siblings.setdefault(claim["article_id"], []).append(claim)
        # claim id → (the ids of its article's claims in span order, its place among them)
        self._in_article: dict[str, tuple[list[str], int]] = {}
        for claims in siblings.values():
            ordered = [c["id"] for c in sorted(claims, key=lambda c: (c["span"][0], c["span"][1], c["id"]))]
            for position, claim_id in enumerate(ordered):
                self._in_article[claim_id] = (ordered, position)

    def quoted(self, claim_id: str, articles: dict[str, int]) -> int:
        """The number of a claim quoted in a flag, an agreement or a camp: who, where, when, and its context."""
        number = self._number(claim_id)
        row = self.rows[number]
        if "source" not in row:
            claim = self.by_id[claim_id]
            row.update(source=claim["source"], speaker=claim["speaker"], via=claim["via"], outlet=claim["outlet"],
                       published=claim.get("published"), article=articles.get(claim["article_id"]))
            ordered, position = self._in_article[claim_id]
            row["before"] = [self._number(c) for c in ordered[max(0, position - CONTEXT_CLAIMS):position]]
            row["after"] = [self._number(c) for c in ordered[position + 1:position + 1 + CONTEXT_CLAIMS]]
        return number

    def _number(self, claim_id: str) -> int:
        if claim_id not in self.index:
            self.index[claim_id] = len(self.rows)
            self.rows.append({"text": self.by_id[claim_id]["text"]})  # a context claim needs its text only
        return self.index[claim_id]


def _shown_flags(contradictions: list[dict]) -> list[dict]:
    """One flag per pair of quotes, as report.md's rows: the highest-scoring stands for its identical repeats."""
    shown: set[str] = set()
    rows = []
    for flag in sorted(contradictions, key=lambda p: (-(p["score"] or 0.0), p["id"])):
        if flag["id"] not in shown:
            shown.update([flag["id"], *flag.get("identical_to", [])])
            rows.append(flag)
    return rows


def _score(value: float | None) -> str:
    return "not scored" if value is None else f"{value:.2f}"


def _agreement_reason(pair: dict) -> str:
    """Why two claims agree, in report.md's words."""
    if "same-actor" in pair["signals"]:
        return "both name the same actor"
    nli = pair.get("nli") or {}
    return "NLI entailment both ways ({} / {})".format(
        *(_score((nli.get(direction) or {}).get("entailment")) for direction in ("a_to_b", "b_to_a")))


def page_data(report: dict) -> dict:
    """What report.html shows of a report.json, as the page's script reads it (numbers index the lists)."""
    claims = _Claims(report)
    flags_of: dict[str, list[dict]] = {}
    for flag in _shown_flags(report["contradictions"]):
        flags_of.setdefault(flag["event_id"], []).append(flag)
    agreements_of: dict[str, list[dict]] = {}
    for pair in sorted(report["agreements"], key=lambda p: (-(p["similarity"] or 0.0), p["id"])):
        agreements_of.setdefault(pair["event_id"], []).append(pair)
    narratives = {n["event_id"]: n for n in report["narratives"]}

    def contested(event: dict) -> int:
        flags = flags_of.get(event["id"], [])
        return contested_score(((side["source"], side["outlet"]) for f in flags for side in (f["a"], f["b"])),
                               sum(not f["same_article"] for f in flags),
                               len(narratives.get(event["id"], {}).get("camps", [])))

    scores = {event["id"]: contested(event) for event in report["events"]}
    position = {event["id"]: i for i, event in enumerate(report["events"])}
    ranked = sorted(report["events"], key=lambda e: (-scores[e["id"]], position[e["id"]]))
    article_by_id = {a["id"]: a for a in report["articles"]}
    article_numbers = {article_id: n for n, article_id in enumerate(
        dict.fromkeys(i for e in ranked for i in e["article_ids"] if i in article_by_id))}
    events, flags, agreements = [], [], []
    for number, event in enumerate(ranked):
        narrative = narratives.get(event["id"], {"camps": [], "unaligned": []})
        camps = [{"sources": camp["sources"],
                  "quotes": [claims.quoted(c, article_numbers) for c in camp["claim_ids"][:CAMP_QUOTES]
                             if c in claims.by_id],
                  "spread": first_appearances((claims.by_id[c].get("published"), claims.by_id[c]["outlet"])
                                              for c in camp["claim_ids"] if c in claims.by_id)}
                 for camp in narrative["camps"]]
        event_flags = flags_of.get(event["id"], [])
        numbers = {}
        for flag in event_flags:
            numbers[flag["id"]] = len(flags)
            flags.append({
                "id": flag["id"], "event": number, "kind": flag["kind"], "score": flag["score"],
                "nli": [(flag["nli"].get(d) or {}).get("contradiction") for d in ("a_to_b", "b_to_a")],
                "reasons": flag["reasons"], "same_article": flag["same_article"],
                "repeats": flag.get("identical_to", []), "dispute": flag.get("dispute"),
                "fingerprint": fingerprint(flag["a"]["source"], flag["a"]["text"], flag["b"]["source"],
                                           flag["b"]["text"]),
                "a": claims.quoted(flag["a"]["claim_id"], article_numbers),
                "b": claims.quoted(flag["b"]["claim_id"], article_numbers)})
        by_topic: dict[str, list[int]] = {}
        for flag in event_flags:
            by_topic.setdefault((flag.get("dispute") or {}).get("topic"), []).append(numbers[flag["id"]])
        disputes = [{"topic": topic, "positions": positions, "flags": by_topic[topic]}
                    for topic, _count, positions in group_disputes(
                        (f["dispute"]["topic"], f["dispute"]["a"], f["a"]["source"], f["dispute"]["b"],
                         f["b"]["source"]) for f in event_flags if f.get("dispute"))]
        if None in by_topic:  # flagged, but no position was found to dispute (NLI alone, mostly)
            disputes.append({"topic": None, "positions": [], "flags": by_topic[None]})
        event_agreements = []
        for pair in agreements_of.get(event["id"], []):
            event_agreements.append(len(agreements))
            agreements.append({"id": pair["id"], "event": number, "similarity": pair["similarity"],
                               "why": _agreement_reason(pair), "same_article": pair["same_article"],
                               "a": claims.quoted(pair["a"]["claim_id"], article_numbers),
                               "b": claims.quoted(pair["b"]["claim_id"], article_numbers)})
        events.append({
            "id": event["id"], "label": event["label"], "claims": event.get("claim_count"),
            "contested": scores[event["id"]],
            "articles": [article_numbers[i] for i in event["article_ids"] if i in article_numbers],
            "camps": camps, "unaligned": narrative["unaligned"], "disputes": disputes, "agreements": event_agreements,
        })
    articles = [{key: article_by_id[i].get(key) for key in ("id", "outlet", "title", "published", "url")}
                for i in article_numbers]
    data = {"meta": report.get("metadata", {}), "problems": report.get("problems", []), "events": events,
            "flags": flags, "agreements": agreements, "claims": claims.rows, "articles": articles}
    # Names this report's verdicts in the browser's storage, so two reports never share them.
    data["digest"] = hashlib.sha256(script_json(data).encode("utf-8")).hexdigest()[:16]
    return data


def render_html(report: dict) -> str:
    """report.html of a report.json's content; the same report gives the same bytes."""
    return html_environment().get_template("report.html.j2").render(data=Markup(script_json(page_data(report))))


def write_html(report_path: Path, out: Path | None = None) -> Path:
    """Write the report.html of a report.json on disk (next to it unless `out` is given); returns its path."""
    report_path = Path(report_path)
    return write_atomically(out or report_path.with_name("report.html"), render_html(read_report(report_path)))
