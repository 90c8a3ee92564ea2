"""RunResult → report.md for a reviewer and report.json for machines (and report.html, html_report.py, from it).

Pure and deterministic: the same RunResult gives byte-identical files (sorted keys, floats
rounded to 4 decimals, no timestamps), and report.json is strict JSON (no NaN or Infinity). Every value a template outputs is escaped for markdown
(narratives/escape.py) unless a filter already escaped it for its place, and data is never used
as template source, so input cannot break the layout, add links or HTML, or run code.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from narratives.atomic import write_together
from narratives.escape import md_code, md_text
from narratives.event_summaries import Dispute, contested_score, first_appearances, group_disputes
from narratives.html_report import render_html
from narratives.types import Claim, RunResult, ScoredPair

DECIMALS = 4  # what the models give alike on every CPU; the 6th decimal differs between machines


def rounded(value: float) -> float:
    """A float as every report shows it: DECIMALS places, and -0.0 as 0.0 (a sign is a byte too)."""
    return round(float(value), DECIMALS) + 0.0


class _Markdown(str):
    """Text a filter has escaped for its place in the markdown: output as it is."""


def _finalize(value: object) -> str:
    """What `{{ … }}` outputs: escaped markdown text unless a filter made it markdown already."""
    if isinstance(value, _Markdown):
        return value
    if isinstance(value, float):
        return str(rounded(value))
    if isinstance(value, int):
        return str(value)
    return md_text(value)


@cache  # one per process: Jinja compiles each template once per environment
def template_environment() -> Environment:
    """Jinja environment for the report templates; data is passed in, never used as template source.

    Filters name the kind of place: `md` text, `code` an id or a problem in a code span,
    `cell_code` a code span inside a table row, `score` a probability with two decimals; `macro` marks
    the output of one of the template's own macros, escaped inside it already.
    """
    env = Environment(loader=PackageLoader("narratives", "templates"), autoescape=False, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=_finalize)
    env.filters["md"] = lambda v: _Markdown(md_text(v))
    env.filters["code"] = lambda v: _Markdown(md_code(v))
    env.filters["cell_code"] = lambda v: _Markdown(md_code(v, cell=True))
    env.filters["score"] = lambda v: _Markdown(f"{rounded(v):.2f}")  # rounded first, as in report.json
    # A macro's output: every value inside it went through the filters above, so it is not escaped twice.
    # Only for macros: input data never reaches it unescaped (tests/test_output_escaping.py).
    env.filters["macro"] = lambda v: _Markdown(v)
    return env


def _claim_json(claim: Claim) -> dict:
    return {
        "id": claim.id, "article_id": claim.article_id, "text": claim.text, "content": claim.content,
        "speaker": claim.speaker, "via": claim.via, "outlet": claim.outlet, "source": claim.source,
        "cue": claim.cue, "span": [claim.start, claim.end], "published": claim.published,
    }


def same_article(pair: ScoredPair, claims: dict[str, Claim]) -> bool:
    """Both claims come from one article: an article reporting both sides, not two outlets disagreeing."""
    return claims[pair.a].article_id == claims[pair.b].article_id


def _quotes_key(pair: ScoredPair, claims: dict[str, Claim]) -> tuple:
    """The two quotes and their sources, order-free: one quote carried by several articles gives one key."""
    return (pair.event_id, tuple(sorted((" ".join(claims[c].source.lower().split()), " ".join(claims[c].text.split()))
                                        for c in (pair.a, pair.b))))


def identical_flags(pairs: list[ScoredPair], claims: dict[str, Claim]) -> dict[str, list[str]]:
    """Pair id → ids of the other flags that set the same two quotes of the same two sources against
    each other (the same story in the input twice, or a wire copy carried by several outlets)."""
    groups: dict[tuple, list[str]] = {}
    for pair in pairs:
        groups.setdefault(_quotes_key(pair, claims), []).append(pair.id)
    return {i: sorted(set(ids) - {i}) for ids in groups.values() for i in ids}


def _pair_json(pair: ScoredPair, claims: dict[str, Claim]) -> dict:
    def side(claim_id: str) -> dict:
        c = claims[claim_id]
        return {"claim_id": c.id, "text": c.text, "content": c.content, "speaker": c.speaker, "via": c.via,
                "source": c.source, "outlet": c.outlet, "article_id": c.article_id, "span": [c.start, c.end]}
    return {
        "id": pair.id, "event_id": pair.event_id, "relation": pair.relation, "score": pair.contradiction_score,
        "similarity": pair.similarity, "kind": pair.kind, "signals": list(pair.signals), "reasons": list(pair.reasons),
        "nli": {"a_to_b": vars_of(pair.a_to_b) if pair.a_to_b else None,
                "b_to_a": vars_of(pair.b_to_a) if pair.b_to_a else None},
        "a": side(pair.a), "b": side(pair.b), "same_article": same_article(pair, claims),
        "dispute": dict(zip(("topic", "a", "b"), pair.dispute)) if pair.dispute else None,
    }


def vars_of(scores) -> dict:
    return {"entailment": scores.entailment, "neutral": scores.neutral, "contradiction": scores.contradiction}


def to_json(result: RunResult) -> dict:
    claims = {c.id: c for c in result.claims}
    event_of = {cid: e.id for e in result.events for cid in e.claim_ids}
    repeats = identical_flags(list(result.contradictions), claims)
    return {
        "metadata": result.metadata,
        "problems": [{"path": p.path, "line": p.line, "message": p.message} for p in result.problems],
        "articles": [
            {"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published, "url": a.url,
             "source_file": a.source_file, "extra": a.extra}
            for a in result.articles
        ],
        "events": [
            {"id": e.id, "label": e.label, "article_ids": list(e.article_ids), "keywords": list(e.keywords),
             "first_date": e.first_date, "last_date": e.last_date, "claim_count": len(e.claim_ids)}
            for e in result.events
        ],
        "claims": [_claim_json(c) | {"event_id": event_of.get(c.id)} for c in result.claims],
        "contradictions": [_pair_json(p, claims) | {"identical_to": repeats[p.id]} for p in result.contradictions],
        "agreements": [_pair_json(p, claims) for p in result.pairs if p.relation == "agreement"],
        "narratives": [
            {"event_id": n.event_id, "unaligned": list(n.unaligned),
             "camps": [{"label": c.label, "sources": list(c.sources), "claim_ids": list(c.claim_ids)} for c in n.camps]}
            for n in result.narratives
        ],
    }


def strict(value):
    """`value` as strict JSON parsers take it: floats `rounded`, NaN and ±Infinity (input can carry them) as null."""
    if isinstance(value, float):
        return rounded(value) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: strict(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict(item) for item in value]
    return value


def render_json(result: RunResult) -> str:
    return json_text(strict(to_json(result)))


def json_text(payload: dict) -> str:
    """report.json's text of its `strict` payload."""
    # allow_nan=False: a non-finite float that `strict` missed fails here, not in the tool that reads the file
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


# Above this many events report.md is an index, and each event gets a page under events/.
INDEX_ABOVE = 50


def contested(result: RunResult, rows: dict[str, list[ScoredPair]], claims: dict[str, Claim]) -> dict[str, int]:
    """How contested each event is (event_summaries.contested_score), from the flags shown in its rows."""
    camps = {n.event_id: len(n.camps) for n in result.narratives}
    scores = {}
    for event in result.events:
        flags = rows.get(event.id, [])
        scores[event.id] = contested_score(((claims[c].source, claims[c].outlet) for p in flags for c in (p.a, p.b)),
                                           sum(not same_article(p, claims) for p in flags), camps.get(event.id, 0))
    return scores


def disputes(flags: list[ScoredPair], claims: dict[str, Claim]) -> list[Dispute]:
    """An event's flags grouped by what they dispute (event_summaries.group_disputes)."""
    return group_disputes((pair.dispute[0], pair.dispute[1], claims[pair.a].source, pair.dispute[2],
                           claims[pair.b].source) for pair in flags if pair.dispute)


def camp_timeline(camp, claims: dict[str, Claim]) -> list[tuple[str | None, str]]:
    """(date, outlet) where a camp's claims first appeared in each outlet, earliest first; undated last."""
    return first_appearances((claims[c].published, claims[c].outlet) for c in camp.claim_ids if c in claims)


def _markdown_context(result: RunResult, index_above: int) -> dict:
    claims = {c.id: c for c in result.claims}
    # One row per pair of quotes: the highest-scoring flag stands for its identical repeats, which its
    # row names (their ids still work with `narratives baseline`).
    repeats = identical_flags(list(result.contradictions), claims)
    shown: set[str] = set()
    contradictions: dict[str, list[ScoredPair]] = {}
    for pair in sorted(result.contradictions, key=lambda p: (-p.contradiction_score, p.id)):
        if pair.id not in shown:
            shown.update([pair.id, *repeats[pair.id]])
            contradictions.setdefault(pair.event_id, []).append(pair)
    agreements: dict[str, list[ScoredPair]] = {}
    for pair in sorted((p for p in result.pairs if p.relation == "agreement"), key=lambda p: (-p.similarity, p.id)):
        agreements.setdefault(pair.event_id, []).append(pair)
    scores = contested(result, contradictions, claims)
    position = {e.id: i for i, e in enumerate(result.events)}
    events = sorted(result.events, key=lambda e: (-scores[e.id], position[e.id]))
    return dict(
        result=result, meta=result.metadata, events=events, claims=claims, articles={a.id: a for a in result.articles},
        narratives={n.event_id: n for n in result.narratives}, contradictions=contradictions, agreements=agreements,
        repeats=repeats, same_article=lambda pair: same_article(pair, claims),
        inside_article={p.id for p in result.contradictions if same_article(p, claims)},
        repeated=len(result.contradictions) - sum(len(rows) for rows in contradictions.values()),
        contested=scores, paged=len(events) > index_above, total=len(events),
        timeline=lambda camp: camp_timeline(camp, claims),
        disputes={event_id: disputes(rows, claims) for event_id, rows in contradictions.items()},
    )


def render_markdown(result: RunResult, index_above: int = INDEX_ABOVE) -> str:
    """report.md: the whole report, or above `index_above` events the index of the event pages."""
    return _render_index(_markdown_context(result, index_above))


def _render_index(context: dict) -> str:
    return template_environment().get_template("report.md.j2").render(context)


def event_pages(context: dict) -> dict[str, str]:
    """events/<event id>.md → page, one per event, where report.md is an index; else nothing."""
    if not context["paged"]:
        return {}
    template = template_environment().get_template("event_page.md.j2")
    return {f"events/{event.id}.md": template.render(context | {"event": event, "number": number})
            for number, event in enumerate(context["events"], start=1)}


def report_files(result: RunResult, index_above: int = INDEX_ABOVE) -> dict[str, str]:
    """File name → text of the reports of a RunResult: report.md, report.json, report.html, and any event pages."""
    context = _markdown_context(result, index_above)  # once: the index and the pages show the same rows
    payload = strict(to_json(result))  # once: report.html is built from what report.json holds
    return {"report.md": _render_index(context), "report.json": json_text(payload), "report.html": render_html(payload),
            **event_pages(context)}


def write_report_files(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write the files together, then remove event pages of earlier runs that the new index no longer links."""
    paths = write_together(out_dir, files)
    pages = Path(out_dir) / "events"
    if pages.is_dir():
        for old in pages.glob("E*.md"):
            if f"events/{old.name}" not in files and old.is_file() and not old.is_symlink():
                old.unlink()
    return paths


def write_reports(result: RunResult, out_dir: Path) -> list[Path]:
    """Write report.md, report.json, report.html and any event pages, all or none (narratives/atomic.py).

    Returns their paths."""
    return write_report_files(out_dir, report_files(result))
