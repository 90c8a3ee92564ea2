"""report: md_text, and render_markdown / render_json on a small hand-built RunResult."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from narratives.escape import md_text
from narratives.report import render_json, render_markdown, write_reports
from narratives.types import (
    Article, Camp, Claim, Event, InputProblem, Narrative, NLIScores, RunResult, ScoredPair, content_id,
)

# --- md_text ---------------------------------------------------------------------------------


def unescaped(char: str, text: str) -> list[int]:
    """Positions of `char` in `text` not preceded by an (unescaped) backslash."""
    return [m.start() for m in re.finditer(rf"(?<!\\)(?:\\\\)*{re.escape(char)}", text)]


@pytest.mark.parametrize("char", ["|", "*", "_", "`", "<", ">", "[", "]", "(", ")", "#"])
def test_special_characters_are_escaped(char: str) -> None:
    text = f"Gladkov{char}said {char}{char} the {char}saboteurs{char}"
    escaped = md_text(text)
    assert unescaped(char, escaped) == []
    assert escaped.replace("\\", "") == text


def test_backslash_cannot_unescape_a_pipe() -> None:
    escaped = md_text("a \\| b")
    assert unescaped("|", escaped) == []


def test_html_and_links_are_neutralised() -> None:
    assert md_text("<script>alert(1)</script>") == "\\<script\\>alert\\(1\\)\\</script\\>"
    assert md_text("[link](x)") == "\\[link\\]\\(x\\)"
    assert md_text("Tom & Jerry") == "Tom &amp; Jerry"


def test_leading_markers_are_neutralised() -> None:
    assert md_text("# Breaking") == "\\# Breaking"
    assert md_text("--- rule") == "\\--- rule"
    assert md_text("=== rule") == "\\=== rule"


@pytest.mark.parametrize("text", ["1. first", "2.5 million people fled the flooded area", "0.5"])
def test_leading_numbers_are_escaped_without_a_visible_backslash(text: str) -> None:
    escaped = md_text(text)
    assert not re.search(r"\\\d", escaped), escaped  # a backslash before a digit is shown, not consumed
    assert escaped.replace("\\", "") == text


def test_newlines_fold_so_a_table_row_stays_one_row() -> None:
    text = "Peskov said:\n\n| a | b |\n|---|---|\n# heading\r\nend"
    cell = md_text(text)
    assert "\n" not in cell and "\r" not in cell
    row = f"| {cell} | {md_text('other')} |"
    assert len(unescaped("|", row)) == 3  # the row's own three pipes, nothing from the text


def test_non_strings_are_accepted() -> None:
    assert md_text(None) == "None"
    assert md_text(("a", "b")) == "\\('a', 'b'\\)"


# --- a small RunResult -------------------------------------------------------------------------

INJECTION = "Belgorod officials wrote {{ 7*7 }} and {% raw %} in a post about the saboteurs."
RU_TEXT = ("The governor said a Ukrainian sabotage group had entered the Graivoron district. " + INJECTION)
UA_TEXT = "Ukraine intelligence representative Andrii Cherniak said Russian citizens were behind the assault."

ARTICLES = (
    Article(id="belgorod-ru", text=RU_TEXT, outlet="Russian | Wire", title="Saboteurs *enter* Belgorod {{ 7*7 }}",
            published="2023-05-22", url="https://example.org/ru"),
    Article(id="belgorod-ua", text=UA_TEXT, outlet="Kyiv Desk", title="Russians behind raid", published="2023-05-23"),
)


def span_claim(article: Article, sentence: str, speaker: str | None, content: str, via: str | None = None) -> Claim:
    start = article.text.index(sentence)
    return Claim(id=content_id(article.id, str(start), str(start + len(sentence))), article_id=article.id,
                 text=sentence, start=start, end=start + len(sentence), speaker=speaker, outlet=article.outlet,
                 content=content, via=via, cue="said", published=article.published)


GLADKOV = span_claim(ARTICLES[0], "The governor said a Ukrainian sabotage group had entered the Graivoron district.",
                     "Vyacheslav Gladkov", "a Ukrainian sabotage group had entered the Graivoron district.")
INJECTED = span_claim(ARTICLES[0], INJECTION, "Belgorod officials", INJECTION)
CHERNIAK = span_claim(ARTICLES[1], UA_TEXT, "Andrii Cherniak", "Russian citizens were behind the assault.",
                      via="Kyiv Desk")
CLAIMS = (GLADKOV, INJECTED, CHERNIAK)
EVENT = Event("E0123456789", "Graivoron, Belgorod (2023-05-22 to 2023-05-23)", ("belgorod-ru", "belgorod-ua"),
              tuple(c.id for c in CLAIMS), ("Graivoron", "Belgorod"), "2023-05-22", "2023-05-23")
PAIRS = (
    ScoredPair(id="P" + content_id(GLADKOV.id, CHERNIAK.id, length=12), event_id=EVENT.id, a=GLADKOV.id,
               b=CHERNIAK.id, similarity=0.41, a_to_b=NLIScores(0.05, 0.6, 0.35), b_to_a=NLIScores(0.1, 0.6, 0.3),
               signals=("actor-mismatch",),
               reasons=("different actors | the same role: A names “Ukrainian sabotage group”",),
               contradiction_score=0.74, relation="contradiction"),
    ScoredPair(id="P" + content_id(INJECTED.id, CHERNIAK.id, length=12), event_id=EVENT.id, a=INJECTED.id,
               b=CHERNIAK.id, similarity=0.3, a_to_b=NLIScores(0.1, 0.8, 0.1), b_to_a=NLIScores(0.1, 0.8, 0.1),
               contradiction_score=0.1, relation="neutral"),
)
NARRATIVE = Narrative(EVENT.id, (
    Camp("Belgorod officials, Vyacheslav Gladkov: “a Ukrainian sabotage group”",
         ("Belgorod officials", "Vyacheslav Gladkov"), (GLADKOV.id, INJECTED.id)),
    Camp("Andrii Cherniak: “Russian citizens”", ("Andrii Cherniak",), (CHERNIAK.id,)),
), ("Kyiv Desk",))
METADATA = {
    "tool": "narratives 0.1.0",
    "inputs": ["seeds/articles"],
    "settings": {"embed_model": "fake-embedder", "nli_model": "fake-nli", "contradiction_threshold": 0.7,
                 "agreement_threshold": 0.6, "nli_only_threshold": 0.9, "event_min_similarity": 0.6, "event_max_days": 60, "neighbours": 8,
                 "pair_min_similarity": 0.3, "nli_min_similarity": 0.6},
    "counts": {"articles": 2, "claims": 3, "events": 1, "cross_source_pairs": 2, "scored_pairs": 2, "nli_scored": 2, "within_article_pairs": 0, "within_article_contradictions": 0,
               "scored_both_ways": 2,
               "contradictions": 1, "agreements": 0, "input_problems": 1},
}
RESULT = RunResult(ARTICLES, CLAIMS, (EVENT,), PAIRS, (NARRATIVE,),
                   (InputProblem("seeds/bad.jsonl", 3, "not valid JSON"),), METADATA)


def test_markdown_is_byte_identical_across_calls() -> None:
    first = render_markdown(RESULT)
    assert render_markdown(RESULT) == first
    assert first.startswith("# Contradictions and competing narratives\n")


def test_json_is_byte_identical_across_calls() -> None:
    assert render_json(RESULT) == render_json(RESULT)
    assert render_json(RESULT).endswith("}\n")


def test_json_shape() -> None:
    data = json.loads(render_json(RESULT))
    assert {"articles", "events", "claims", "contradictions", "narratives"} <= set(data)
    assert [a["id"] for a in data["articles"]] == ["belgorod-ru", "belgorod-ua"]

    (event,) = data["events"]
    assert {k: event[k] for k in ("id", "label", "article_ids")} == {
        "id": EVENT.id, "label": EVENT.label, "article_ids": ["belgorod-ru", "belgorod-ua"]}

    claims = {c["id"]: c for c in data["claims"]}
    assert list(claims) == [c.id for c in CLAIMS]
    gladkov = claims[GLADKOV.id]
    assert {k: gladkov[k] for k in ("article_id", "event_id", "text", "speaker", "outlet", "span")} == {
        "article_id": "belgorod-ru", "event_id": EVENT.id, "text": GLADKOV.text, "speaker": "Vyacheslav Gladkov",
        "outlet": "Russian | Wire", "span": [GLADKOV.start, GLADKOV.end]}
    for claim in data["claims"]:
        article = next(a for a in ARTICLES if a.id == claim["article_id"])
        assert article.text[slice(*claim["span"])] == claim["text"]

    (pair,) = data["contradictions"]  # the neutral pair is not a contradiction
    assert {k: pair[k] for k in ("id", "event_id", "score")} == {"id": PAIRS[0].id, "event_id": EVENT.id, "score": 0.74}
    assert {k: pair["a"][k] for k in ("claim_id", "text", "speaker", "outlet", "article_id")} == {
        "claim_id": GLADKOV.id, "text": GLADKOV.text, "speaker": "Vyacheslav Gladkov", "outlet": "Russian | Wire",
        "article_id": "belgorod-ru"}
    assert pair["b"]["claim_id"] == CHERNIAK.id and pair["b"]["speaker"] == "Andrii Cherniak"

    (narrative,) = data["narratives"]
    assert narrative["event_id"] == EVENT.id
    assert narrative["camps"] == [
        {"label": camp.label, "sources": list(camp.sources), "claim_ids": list(camp.claim_ids)}
        for camp in NARRATIVE.camps]


def test_markdown_shows_the_flagged_pair_in_one_table_row() -> None:
    markdown = render_markdown(RESULT)
    rows = [line for line in markdown.splitlines() if line.startswith("| 1 | “")]
    assert len(rows) == 1
    row = rows[0]
    assert len(unescaped("|", row)) == 10  # nine columns
    assert "Vyacheslav Gladkov, in Russian \\| Wire" in row
    assert "Andrii Cherniak (via Kyiv Desk), in Kyiv Desk" in row
    assert "| 0.74 | 0.35 / 0.30 |" in row
    assert "**Camp 1: Belgorod officials, Vyacheslav Gladkov**" in markdown
    assert "Sources without a link to any camp: Kyiv Desk." in markdown
    assert "`seeds/bad.jsonl:3: not valid JSON`" in markdown


def test_template_syntax_in_article_text_is_never_evaluated() -> None:
    markdown = render_markdown(RESULT)
    assert "49" not in markdown
    assert "\\{\\{ 7\\*7 \\}\\}" in markdown  # the claim text, escaped and literal
    assert "\\{% raw %\\}" in markdown
    assert "Saboteurs \\*enter\\* Belgorod \\{\\{ 7\\*7 \\}\\}" in markdown  # the title too
    data = json.loads(render_json(RESULT))
    assert data["claims"][1]["text"] == INJECTION


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")  # what JSON.parse and other strict parsers say


def test_report_json_is_strict_json_whatever_the_input_fields_hold() -> None:
    odd = dataclasses.replace(ARTICLES[0], extra={"score": float("nan"), "range": [float("inf"), -float("inf")]})
    result = dataclasses.replace(RESULT, articles=(odd, ARTICLES[1]))
    data = json.loads(render_json(result), parse_constant=_no_constants)
    assert data["articles"][0]["extra"] == {"score": None, "range": [None, None]}


def _decimals(number: str) -> int:
    return len(number.partition(".")[2].partition("e")[0])


def test_every_float_in_the_reports_is_rounded_to_four_decimals_so_machines_agree() -> None:
    """Two CPUs give scores that differ in the 6th decimal; the reports they write must not differ."""
    def machine(delta: float) -> RunResult:
        pair = dataclasses.replace(PAIRS[0], similarity=0.6951774 + delta, contradiction_score=0.7449999 + delta,
                                   a_to_b=NLIScores(0.05 + delta, 0.6, -0.00001 + 50 * delta))  # -0.00001 vs +0.00001
        return dataclasses.replace(RESULT, pairs=(pair, PAIRS[1]))

    one, other = machine(0.0), machine(0.0000004)
    assert render_json(one) == render_json(other)
    assert render_markdown(one) == render_markdown(other)
    floats: list[str] = []
    data = json.loads(render_json(one), parse_float=lambda text: floats.append(text) or float(text))
    assert floats and max(_decimals(f) for f in floats) <= 4
    (pair,) = data["contradictions"]
    assert (pair["similarity"], pair["score"], pair["nli"]["a_to_b"]["contradiction"]) == (0.6952, 0.745, 0.0)
    assert "-0.0" not in render_json(one)  # -0.00001 rounds to 0.0, not to a -0.0 the other machine lacks
    assert "| 0.74 | 0.00 / 0.30 |" in render_markdown(one)


def test_write_reports(tmp_path) -> None:
    written = write_reports(RESULT, tmp_path / "out")
    assert [p.name for p in written] == ["report.md", "report.json", "report.html"]
    assert written[0].read_text(encoding="utf-8") == render_markdown(RESULT)
    assert written[1].read_bytes() == render_json(RESULT).encode("utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.html", "report.json", "report.md"]


# --- repeats, flags inside one article, agreements ---------------------------------------------

def _flag(a: Claim, b: Claim, score: float, relation: str = "contradiction", signals=("actor-mismatch",)) -> ScoredPair:
    return ScoredPair(id="P" + content_id(a.id, b.id, length=12), event_id=EVENT.id, a=a.id, b=b.id, similarity=0.5,
                      a_to_b=NLIScores(0.7, 0.1, 0.2), b_to_a=NLIScores(0.7, 0.1, 0.2), signals=signals,
                      reasons=("different actors",), contradiction_score=score, relation=relation)


def _with(pairs: tuple[ScoredPair, ...], claims: tuple[Claim, ...], articles: tuple[Article, ...] = ARTICLES) -> RunResult:
    event = dataclasses.replace(EVENT, article_ids=tuple(a.id for a in articles), claim_ids=tuple(c.id for c in claims))
    return dataclasses.replace(RESULT, articles=articles, claims=claims, events=(event,), pairs=pairs)


def test_the_same_two_quotes_flagged_twice_show_as_one_row_naming_the_other() -> None:
    # a wire story carried twice: the same Cherniak quote in a second article
    copy = Article(id="belgorod-ua-copy", text=UA_TEXT, outlet="Kyiv Desk", title="Russians behind raid")
    cherniak_again = dataclasses.replace(CHERNIAK, id=content_id(copy.id, "0"), article_id=copy.id)
    first, second = _flag(GLADKOV, CHERNIAK, 0.74), _flag(GLADKOV, cherniak_again, 0.72)
    result = _with((first, second), (*CLAIMS, cherniak_again), (*ARTICLES, copy))
    markdown = render_markdown(result)
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "different actors" in line]
    assert len(rows) == 1 and first.id in rows[0] and second.id in rows[0]
    assert "flagged 1 more time" in rows[0]
    assert "1 repeat the two quotes of another flag and share its row" in markdown.splitlines()[2]
    data = json.loads(render_json(result))
    assert {p["id"]: p["identical_to"] for p in data["contradictions"]} == {first.id: [second.id], second.id: [first.id]}


def test_a_flag_inside_one_article_is_marked_and_counted_apart() -> None:
    from narratives.pairs import cross_source_counts

    across, inside = _flag(GLADKOV, CHERNIAK, 0.74), _flag(GLADKOV, INJECTED, 0.8)
    result = _with((across, inside), CLAIMS)
    markdown = render_markdown(result)
    between_part, inside_part = markdown.split("#### Inside one article")
    assert across.id in between_part and inside.id not in between_part and inside.id in inside_part
    assert {p["id"]: p["same_article"] for p in json.loads(render_json(result))["contradictions"]} == {
        across.id: False, inside.id: True}
    # Gladkov and the officials are two sources in one article; Cherniak is in the other
    assert cross_source_counts(CLAIMS) == (3, 1)


def test_agreements_are_listed_under_their_event_with_the_reason() -> None:
    agreement = _flag(GLADKOV, CHERNIAK, 0.1, relation="agreement", signals=("same-actor",))
    markdown = render_markdown(_with((agreement,), CLAIMS))
    section = markdown.split("### Agreements", 1)[1]
    assert agreement.id in section and "both name the same actor" in section


# --- ranking, and an index with one page per event -----------------------------------------------

def test_above_the_size_limit_report_md_is_an_index_of_event_pages_linked_both_ways(tmp_path) -> None:
    from narratives.report import report_files, write_report_files

    files = report_files(RESULT, index_above=0)
    page = f"events/{EVENT.id}.md"
    assert set(files) == {"report.md", "report.json", "report.html", page}
    assert f"](events/{EVENT.id}.md)" in files["report.md"] and "### Flagged contradictions" not in files["report.md"]
    assert files[page].startswith("[← all events](../report.md)") and PAIRS[0].id in files[page]
    stale = tmp_path / "events" / "Eold0000000.md"
    stale.parent.mkdir()
    stale.write_text("an event of an earlier run", encoding="utf-8")
    write_report_files(tmp_path, files)
    assert (tmp_path / page).is_file() and not stale.exists()
    assert report_files(RESULT).keys() == {"report.md", "report.json", "report.html"}  # 1 event: no pages


def test_events_are_ranked_by_how_contested_they_are_with_the_formula_stated() -> None:
    from narratives.report import contested

    quiet_event = Event("E9999999999", "A quiet event", ("belgorod-ru",), (), (), None, None)
    result = dataclasses.replace(RESULT, events=(quiet_event, EVENT),
                                 narratives=(*RESULT.narratives, Narrative(quiet_event.id, (), ())))
    markdown = render_markdown(result)
    assert markdown.index("Graivoron, Belgorod") < markdown.index("A quiet event")  # flagged first, though listed second
    assert "Contested = sources in its flagged pairs + outlets in its flagged pairs" in markdown
    claims = {c.id: c for c in CLAIMS}
    # Gladkov and Cherniak (2 sources) in 2 outlets, 1 flag between articles, 2 camps
    assert contested(result, {EVENT.id: [PAIRS[0]]}, claims) == {quiet_event.id: 0, EVENT.id: 2 + 2 + 1 + 2}


def test_event_pages_are_not_written_through_a_symlinked_folder(tmp_path) -> None:
    from narratives.errors import OutputError
    from narratives.report import report_files, write_report_files

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "events").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="symbolic link"):
        write_report_files(tmp_path / "out", report_files(RESULT, index_above=0))
    assert not list(elsewhere.iterdir()) and not (tmp_path / "out" / "report.md").exists()


def test_each_camp_says_when_and_where_its_position_first_appeared() -> None:
    from narratives.report import camp_timeline

    later = dataclasses.replace(CHERNIAK, id="c-later", outlet="Evening Post", published="2023-05-25")
    earlier = dataclasses.replace(CHERNIAK, id="c-earlier", outlet="Kyiv Desk", published="2023-05-23")
    undated = dataclasses.replace(CHERNIAK, id="c-undated", outlet="Blog", published=None)
    again = dataclasses.replace(CHERNIAK, id="c-again", outlet="Kyiv Desk", published="2023-05-26")
    camp = Camp("label", ("Andrii Cherniak",), ("c-later", "c-undated", "c-again", "c-earlier"))
    claims = {c.id: c for c in (later, earlier, undated, again)}
    assert camp_timeline(camp, claims) == [("2023-05-23", "Kyiv Desk"), ("2023-05-25", "Evening Post"), (None, "Blog")]
    text = render_markdown(RESULT)
    assert "Spread: 2023-05-22 Russian \\| Wire" in text
    # its own paragraph: markdown would run a Spread line and the next camp's heading together
    lines = text.splitlines()
    assert all(lines[i + 1] == "" for i, line in enumerate(lines) if line.startswith("Spread: "))


def test_flags_are_grouped_into_disputes_with_who_holds_each_position() -> None:
    from narratives.report import disputes

    claims = {c.id: c for c in CLAIMS}
    ria = dataclasses.replace(INJECTED, id="c-ria", speaker="RIA Novosti", content="saboteurs from Ukraine crossed")
    claims[ria.id] = ria
    actor = dataclasses.replace(PAIRS[0], dispute=("who did it", "Ukraine", "Russia"))
    again = dataclasses.replace(PAIRS[0], id="P2", a=ria.id, dispute=("who did it", "Ukraine", "Russia"))
    denial = dataclasses.replace(PAIRS[0], id="P3", dispute=("whether “curfew” happened", "no", "yes"))
    assert disputes([denial, actor, again], claims) == [
        ("who did it", 2, [("Ukraine", ["RIA Novosti", "Vyacheslav Gladkov"]), ("Russia", ["Andrii Cherniak"])]),
        ("whether “curfew” happened", 1, [("no", ["Vyacheslav Gladkov"]), ("yes", ["Andrii Cherniak"])]),
    ]
    markdown = render_markdown(dataclasses.replace(RESULT, pairs=(actor, PAIRS[1])))
    assert "- **who did it** (1 flag): Russia — Andrii Cherniak · Ukraine — Vyacheslav Gladkov" in markdown  # tie: by name
    assert json.loads(render_json(dataclasses.replace(RESULT, pairs=(actor,))))["contradictions"][0]["dispute"] == {
        "topic": "who did it", "a": "Ukraine", "b": "Russia"}
