"""claims.extract_claims on the real seed article and a few sentences in the same news style."""

from __future__ import annotations

from pathlib import Path

import pytest

from narratives.claims import extract_claims, is_check_worthy
from narratives.ingest import read_inputs
from narratives.types import Article, Claim

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "articles" / "000_06c27f291b6d8def.txt"
MORE = REPO / "seeds" / "articles" / "more_articles.jsonl"


@pytest.fixture(scope="module")
def seed() -> Article:
    articles, problems = read_inputs([SEED])
    assert problems == []
    return articles[0]


@pytest.fixture(scope="module")
def seed_claims(seed: Article) -> list[Claim]:
    return extract_claims(seed)


def claim_starting(claims: list[Claim], prefix: str) -> Claim:
    found = [c for c in claims if c.text.startswith(prefix)]
    assert len(found) == 1, f"expected one claim starting {prefix!r}, got {[c.text for c in found]}"
    return found[0]


def one_claim(sentence: str, outlet: str = "Harbour Post") -> Claim:
    claims = extract_claims(Article(id="hand-written", text=sentence, outlet=outlet))
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


# --- spans and ids -----------------------------------------------------------------------------


def test_every_span_is_exact(seed: Article, seed_claims: list[Claim]) -> None:
    assert len(seed_claims) > 20
    for claim in seed_claims:
        assert seed.text[claim.start : claim.end] == claim.text
        assert claim.article_id == seed.id
        assert claim.published == "2023-05-23"


def test_every_span_is_exact_on_all_seeds() -> None:
    articles, _ = read_inputs([REPO / "seeds" / "articles"])
    assert len(articles) == 16
    for article in articles:
        for claim in extract_claims(article):
            assert article.text[claim.start : claim.end] == claim.text, (article.id, claim.text)


def test_claim_ids_are_stable_across_runs_and_unique() -> None:
    first = extract_claims(read_inputs([SEED])[0][0])
    second = extract_claims(read_inputs([SEED])[0][0])
    assert [c.id for c in first] == [c.id for c in second]
    assert first == second
    assert len({c.id for c in first}) == len(first)


def test_claim_id_depends_on_article_and_span_not_on_outlet(seed: Article) -> None:
    relabelled = Article(id=seed.id, text=seed.text, outlet="Another Outlet")
    other_id = Article(id="another-id", text=seed.text)
    ids = [c.id for c in extract_claims(seed)]
    assert [c.id for c in extract_claims(relabelled)] == ids
    assert not set(c.id for c in extract_claims(other_id)) & set(ids)


# --- attribution on the seed article -----------------------------------------------------------


def test_gladkov_sabotage_group(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "The governor of Russia’s Belgorod region, Vyacheslav Gladkov, said")
    assert claim.speaker == "Vyacheslav Gladkov"
    assert claim.via is None
    assert claim.cue == "said"
    assert claim.content.startswith("a Ukrainian “sabotage group” had entered Russian territory")


def test_surname_with_title_resolves_to_full_name(seed_claims: list[Claim]) -> None:
    assert claim_starting(seed_claims, "Belgorod’s Governor Gladkov said").speaker == "Vyacheslav Gladkov"
    assert claim_starting(seed_claims, "In a late-night post on Telegram, Gladkov said").speaker == "Vyacheslav Gladkov"


def test_pronoun_resolves_to_last_named_speaker(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "He said earlier that at least eight people had been wounded.")
    assert claim.speaker == "Vyacheslav Gladkov"
    assert claim.content == "at least eight people had been wounded."


def test_citing_gives_origin_as_speaker_and_relay_as_via(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Ukrainian news broadcaster Hromadske, citing Ukrainian military intelligence")
    assert claim.speaker == "Ukrainian military intelligence"
    assert claim.via == "Hromadske"
    assert claim.cue == "citing"
    assert claim.source == "Ukrainian military intelligence"
    assert claim.content.startswith("two armed Russian opposition groups")


def test_cherniak(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Ukraine intelligence representative Andrii Cherniak also said")
    assert claim.speaker == "Andrii Cherniak"
    assert claim.content == "Russian citizens were behind the cross-border assault."


def test_podolyak_and_content_without_frame(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Ukrainian President Volodymyr Zelenskyy’s adviser, Mykhailo Podolyak, said")
    assert claim.speaker == "Mykhailo Podolyak"
    assert claim.content.startswith("Ukraine had")
    assert "said" not in claim.content.split()[:3]


def test_quote_then_he_said_goes_to_last_speaker(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "“Ukraine is watching the events in the #Belgorod region")
    assert claim.speaker == "Mykhailo Podolyak"
    assert claim.content.startswith("Ukraine is watching")
    assert "he said" not in claim.content


def test_embedded_tweet_belongs_to_its_author_and_sign_off_is_dropped(seed: Article, seed_claims: list[Claim]) -> None:
    start = seed.text.index("The only driving political force")
    signoff = seed.text.index("— Михайло Подоляк (@Podolyak_M) May 22, 2023")
    inside = [c for c in seed_claims if start <= c.start < signoff]
    assert len(inside) >= 2
    assert {c.speaker for c in inside} == {"Mykhailo Podolyak"}
    assert all(c.end <= signoff for c in inside)
    for claim in seed_claims:
        assert "Подоляк" not in claim.text
        assert "(@" not in claim.text
        assert "May 22, 2023" not in claim.text


def test_standalone_sign_off_gives_the_paragraph_before_to_the_account(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "The Russian Volunteer Corps troops allegedly captured")
    assert claim.speaker == "Euromaidan Press"
    assert claim.cue == "posted"


def test_peskov_reported_by_ria(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Kremlin spokesperson Dmitry Peskov said")
    assert claim.speaker == "Dmitry Peskov"
    assert claim.via == "RIA Novosti"
    assert "RIA Novosti" not in claim.content
    assert claim.content.startswith("Russian President Vladimir Putin had been informed")


def test_surname_alone_resolves_to_full_name(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Peskov described the action as")
    assert claim.speaker == "Dmitry Peskov"
    assert claim.cue == "described"


def test_news_agency_as_speaker(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Russia’s RIA Novosti state-owned news agency wrote")
    assert claim.speaker == "RIA Novosti"
    assert claim.content.startswith("the cross-border operation was")


def test_organisation_named_with_of(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "The Liberty of Russia Legion said on Twitter")
    assert claim.speaker == "Liberty of Russia Legion"
    assert claim.content.startswith("it had “completely liberated”")
    follow_up = claim_starting(seed_claims, "It said forward units had reached")
    assert follow_up.speaker == "Liberty of Russia Legion"


def test_unattributed_sentence_is_the_outlets_voice(seed_claims: list[Claim]) -> None:
    claim = claim_starting(seed_claims, "Little is known about the groups")
    assert claim.speaker is None
    assert claim.source == claim.outlet == "unknown outlet"


# --- attribution on hand-written sentences -----------------------------------------------------


def test_according_to_at_start() -> None:
    claim = one_claim("According to the Gaza health ministry, at least 471 people were killed in the blast at the hospital.")
    assert claim.speaker == "Gaza health ministry"
    assert claim.cue == "according to"
    assert claim.content == "at least 471 people were killed in the blast at the hospital."


def test_according_to_at_end() -> None:
    claim = one_claim("At least 471 people were killed in the blast at the hospital, according to the Gaza health ministry.")
    assert claim.speaker == "Gaza health ministry"
    assert claim.cue == "according to"
    assert claim.content == "At least 471 people were killed in the blast at the hospital"


def test_no_attribution_falls_back_to_outlet() -> None:
    claim = one_claim("At least 471 people were killed in the blast at the al-Ahli hospital on Tuesday evening.")
    assert claim.speaker is None
    assert claim.via is None
    assert claim.cue == ""
    assert claim.source == "Harbour Post"
    assert claim.content == claim.text


def test_denial_keeps_the_whole_sentence_as_content() -> None:
    sentence = "The Israeli military denied that it had struck the site."
    claim = one_claim(sentence)
    assert claim.speaker == "Israeli military"
    assert claim.cue == "denied"
    assert claim.content == sentence


def test_said_keeps_only_the_proposition() -> None:
    claim = one_claim("Ukraine’s military said Russian forces had blown up the dam in the early hours of Tuesday.")
    assert claim.speaker == "Ukraine’s military"
    assert claim.content == "Russian forces had blown up the dam in the early hours of Tuesday."


def test_quote_then_said_then_speaker() -> None:
    claim = one_claim("“We did not fire any rocket at the hospital,” said Israeli military spokesman Daniel Hagari.")
    assert claim.speaker == "Daniel Hagari"
    assert claim.content == "We did not fire any rocket at the hospital"


def test_told_addressee_is_not_content() -> None:
    articles, _ = read_inputs([MORE])
    claims = [c for a in articles for c in extract_claims(a)]
    claim = claim_starting(claims, "Ukraine's UN ambassador Serhiy Kyslytsya told the same meeting")
    assert claim.speaker == "Serhiy Kyslytsya"
    assert claim.content == "Russia had mined the dam and then detonated the charges."


def test_leading_place_phrase_is_not_the_speaker() -> None:
    articles, _ = read_inputs([MORE])
    claims = [c for a in articles for c in extract_claims(a)]
    claim = claim_starting(claims, "At the UN Security Council, Russia's ambassador Vasily Nebenzia accused Kyiv")
    assert claim.speaker == "Vasily Nebenzia"


def test_capitalised_adjective_is_not_a_name() -> None:
    claim = one_claim("Independent analysts who examined images of the scene said the small crater did not match "
                      "a large air-dropped bomb.")
    assert claim.speaker == "Independent analysts"


# --- boilerplate -------------------------------------------------------------------------------

FURNITURE = [
    "READ MORE: Russia says Ukraine behind drone attack on Kremlin",
    "https://www.example.org/news/2023/05/22/belgorod-incursion-live-updates-russia-ukraine-border",
    "#Belgorod #Russia #Ukraine #war #incursion #RVC",
    "Fighting continues near Graivoron.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_not_check_worthy(line: str) -> None:
    assert not is_check_worthy(line)


def test_real_sentence_is_check_worthy() -> None:
    assert is_check_worthy("Russian citizens were behind the cross-border assault, a Ukrainian official said.")


def test_furniture_gives_no_claims_in_an_article() -> None:
    real = "The governor said at least eight people had been wounded in the attack."
    text = "\n\n".join([*FURNITURE, real])
    claims = extract_claims(Article(id="furniture", text=text, outlet="Wire Desk"))
    assert [c.text for c in claims] == [real]


# --- bounded cost per article --------------------------------------------------------------------

SHELLING = [f"The regional governor said that {n} people were hurt when the market in the town was shelled."
            for n in range(30)]
LONG = Article(id="long", text="\n\n".join(SHELLING), outlet="Wire Desk", source_file="wire.jsonl")


def test_claims_per_article_are_capped_and_each_cut_article_is_noted():
    from narratives.claims import extract_bounded

    short = Article(id="short", text=SHELLING[0], outlet="Desk")
    claims, notices = extract_bounded([LONG, short], 10)
    assert [c.article_id for c in claims] == ["long"] * 10 + ["short"]
    assert claims[:10] == extract_claims(LONG)[:10]
    assert [str(n) for n in notices] == ["wire.jsonl: article 'long' has more than 10 claims; only its first 10 "
                                         "are compared (setting max_claims_per_article)"]
    assert extract_bounded([LONG], 30) == (extract_claims(LONG), [])  # exactly at the cap: nothing cut


def test_the_claim_cap_reaches_the_report(encoder):
    from narratives.config import Settings
    from narratives.pipeline import analyse
    from narratives.report import render_markdown
    from tests.store_helpers import OverlapNLI

    other = Article(id="other", text="\n\n".join(s.replace("governor", "mayor") for s in SHELLING[:3]), outlet="TASS")
    result = analyse([LONG, other], Settings(max_claims_per_article=12), encoder=encoder, nli=OverlapNLI(),
                     problems=())
    assert result.metadata["counts"]["claims"] == 15
    assert [p.message for p in result.problems] == [
        "article 'long' has more than 12 claims; only its first 12 are compared (setting max_claims_per_article)"]
    assert "only its first 12 are compared" in render_markdown(result)
    assert Settings().max_claims_per_article == 400


def test_progress_moves_inside_one_long_article(encoder):
    from collections import defaultdict

    from narratives.config import Settings
    from narratives.pipeline import cluster_events

    told: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def progress(description: str, total: int):
        return lambda n: told[description].append((n, total))

    cluster_events([LONG], Settings(), encoder=encoder, progress=progress)
    characters = told["claims (characters read)"]
    assert len(characters) > len(SHELLING)  # moved paragraph by paragraph, not once at the end
    assert sum(n for n, _ in characters) == characters[0][1] == len(LONG.text)


def test_the_sentence_segmenter_is_given_bounded_pieces_cut_at_sentence_ends(monkeypatch):
    from narratives import claims as module

    real = module._segmenter()
    given: list[int] = []

    class Recording:
        def segment(self, text):
            given.append(len(text))
            return real.segment(text)

    monkeypatch.setattr(module, "_segmenter", lambda: Recording())
    paragraph = " ".join(SHELLING * 10)  # one paragraph of 29,000 characters: pysbd's time grows with its square
    claims = extract_claims(Article(id="one-paragraph", text=paragraph, outlet="Wire Desk"))
    assert max(given) <= module.SEGMENT_CHARS and sum(given) == len(paragraph)
    assert [c.text for c in claims] == SHELLING * 10


# --- attribution that follows the discourse (parsed frames) ------------------------------------

TABLOID = """Regional police chief Anna Kovac said the border post had been attacked overnight.

The White Eagle militia has controlled the hills above the crossing since March. The militia runs its own checkpoint on the road.

They wrote on Telegram: "We took the post without a shot."

"Nobody was hurt on our side. The soldiers ran."

A report by the UN monitoring mission, seen by Reuters, says the strike killed 12 civilians.

According to the Herald, the mission's spokesman said two more bodies had been found.

Mayor John Petrenko told reporters the evacuation was going to plan. Later the mayor said nobody had been left behind.

Talk of a curfew is a lie, a police statement said."""


@pytest.fixture(scope="module")
def tabloid() -> list[Claim]:
    return extract_claims(Article(id="tabloid", text=TABLOID, outlet="Evening Bugle"))


def test_they_goes_to_the_group_the_narration_was_about_not_the_last_speaker(tabloid: list[Claim]) -> None:
    claim = claim_starting(tabloid, "They wrote on Telegram")
    assert claim.speaker == "White Eagle militia"
    assert claim.content == "We took the post without a shot."


def test_a_paragraph_opening_with_a_quote_continues_the_last_speakers_quote(tabloid: list[Claim]) -> None:
    assert claim_starting(tabloid, '"Nobody was hurt on our side.').speaker == "White Eagle militia"


def test_a_document_speaks_for_its_author_and_the_outlet_that_saw_it_relays(tabloid: list[Claim]) -> None:
    claim = claim_starting(tabloid, "A report by the UN monitoring mission")
    assert (claim.speaker, claim.via) == ("UN monitoring mission", "Reuters")
    assert claim.content == "the strike killed 12 civilians."


def test_according_to_an_outlet_a_speaker_said_is_the_speakers_claim(tabloid: list[Claim]) -> None:
    claim = claim_starting(tabloid, "According to the Herald")
    assert claim.via == "Herald"
    assert claim.speaker == "mission's spokesman"
    assert claim.content == "two more bodies had been found."


def test_the_title_finds_the_person_introduced_with_it(tabloid: list[Claim]) -> None:
    assert claim_starting(tabloid, "Later the mayor said").speaker == "John Petrenko"
    assert claim_starting(tabloid, "Mayor John Petrenko told reporters").content == "the evacuation was going to plan."


def test_a_statement_speaks_for_the_body_that_issued_it(tabloid: list[Claim]) -> None:
    claim = claim_starting(tabloid, "Talk of a curfew is a lie")
    assert claim.speaker == "police"
    assert claim.content == "Talk of a curfew is a lie"


def test_a_live_blog_timestamp_is_not_part_of_the_claim() -> None:
    text = "18:30 Officials at the port told Tidewater that the tanker's captain had admitted switching off its transponder."
    (claim,) = extract_claims(Article(id="blog", text=text, outlet="Tidewater Radio"))
    assert claim.text.startswith("Officials at the port told")
    assert claim.speaker == "Officials at the port"
    assert text[claim.start:claim.end] == claim.text


@pytest.mark.parametrize(("sentence", "speaker", "content_start"), [
    # a participle denial keeps its frame: the claim is the denial, not what is denied
    ("The ministry hit back on Monday, denying that its forces had shelled the town.", "ministry", "The ministry"),
    # a decimal number opening a sentence is no live-blog timestamp
    ("1.25 million people were displaced by the floods, the agency said.", "agency", "1.25 million"),
    # a quotation before the frame's subject is not the proposition of a frame that follows its verb
    ("In a “special operation”, the ministry said that Ukrainian forces shelled the dam.", "ministry", "Ukrainian"),
    # "spokesman for the army" is a description; "for the army" is nobody
    ("A spokesman for the army said the convoy had been hit by a mine.", "spokesman for the army", "the convoy"),
    # where and when it was said, down to the participle, is the frame's: not "ed on Sunday that its fighters …"
    ("The Kalinov Brigade said in a video posted on Sunday that its fighters had carried out the attack.",
     "Kalinov Brigade", "its fighters"),
    ("Peskov said in a statement released late on Monday that the talks had failed.", "Peskov", "the talks"),
])
def test_frames_found_in_review(sentence: str, speaker: str, content_start: str) -> None:
    (claim,) = extract_claims(Article(id="review", text=sentence, outlet="Wire Desk"))
    assert claim.speaker == speaker
    assert claim.text.startswith(sentence[:10]) and claim.content.startswith(content_start)


# --- discourse: what a pronoun, "the group" or a description refers back to ---------------------


def claims_of(text: str, outlet: str = "Harbour Post") -> list[Claim]:
    return extract_claims(Article(id="discourse", text=text, outlet=outlet))


def test_a_frame_set_off_by_commas_inside_the_claim_names_its_speaker() -> None:
    claims = claims_of("Governor Maria Lindqvist opened the new bridge on Friday.\n\n"
                       "If the tolls stay this high, she said, then the council will have to review them.\n\n"
                       "The two men arrested at the port, the coastguard says, were carrying forged papers.")
    assert claim_starting(claims, "If the tolls").speaker == "Maria Lindqvist"
    assert claim_starting(claims, "The two men arrested").speaker == "coastguard"


def test_the_group_is_the_newest_named_body_not_an_older_one_described_as_a_group() -> None:
    claims = claims_of(
        "A report by the Open Arms Monitor, a Geneva-based group that tracks arms sales, says the rifles were new.\n\n"
        "Across the river, the Northern Shield Battalion runs two checkpoints on the main road.\n\n"
        "The group claims to have more than 500 fighters.\n\n"
        "It says none of them has ever served in a foreign army.")
    assert claim_starting(claims, "The group claims").speaker == "Northern Shield Battalion"
    assert claim_starting(claims, "It says none").speaker == "Northern Shield Battalion"


def test_a_name_the_article_calls_a_company_is_no_person_for_it_or_the_company() -> None:
    claims = claims_of(
        "The coastguard said the trawler was fishing inside the closed zone.\n\n"
        "Brennan Fisheries, the family firm that owns the trawler, said it was 20 miles outside the zone.\n\n"
        "It said the skipper had logged every position with the harbour master.\n\n"
        "The company says the fine will be appealed in court next month.")
    assert claim_starting(claims, "It said the skipper").speaker == "Brennan Fisheries"
    assert claim_starting(claims, "The company says").speaker == "Brennan Fisheries"


def test_the_firm_named_in_the_same_sentence_is_the_firm_that_said_it() -> None:
    claims = claims_of(
        "Oakridge Foods, the company that runs the plant, said the recall was a precaution.\n\n"
        "Figures from the analytics firm Tallyline showed that sales fell by a third in March, the firm said.")
    assert claim_starting(claims, "Figures from the analytics firm").speaker == "Tallyline"


def test_the_union_is_the_alliance_of_workers_named_before() -> None:
    claims = claims_of(
        "The Dock and Harbour Workers Alliance said 400 members had stopped work at dawn.\n\n"
        "The Carrow Port Authority said only two berths were affected.\n\n"
        "According to the Coast Pilots Service, three ships were waiting to dock on Tuesday night.\n\n"
        "The union said it would hold a second strike if talks failed.")
    assert claim_starting(claims, "The union said").speaker == "Dock and Harbour Workers Alliance"


def test_the_group_is_the_subject_of_the_sentence_before_even_when_passive() -> None:
    claims = claims_of(
        "The Free Valley Front was set up in 2019 by Omar Hadi, a former army officer, and announced in June that "
        "it would merge with the Mountain Legion, which calls itself the People's Legion.\n\n"
        "The group says it has carried out four raids on supply depots this year.")
    assert claim_starting(claims, "The Free Valley Front").speaker == "Free Valley Front"
    assert claim_starting(claims, "The group says").speaker == "Free Valley Front"


def test_an_event_inside_the_reported_clause_is_no_second_speaker() -> None:
    claims = claims_of("Union steward Carla Ruiz said workers had warned supervisors about the broken alarm "
                       "“more than once” before the blast.\n\nShe said: “Nobody listened to us.”")
    assert claim_starting(claims, "Union steward Carla Ruiz").speaker == "Carla Ruiz"
    assert claim_starting(claims, "She said").speaker == "Carla Ruiz"


def test_a_trailing_frame_reports_the_participle_before_it() -> None:
    claim = one_claim("Coastguard boats stopped a fishing vessel off the cape and towed it to harbour, accusing its "
                      "skipper of using banned nets, the fisheries ministry said.")
    assert claim.speaker == "fisheries ministry"


def test_a_speaker_introduced_by_a_call_sign_is_named_by_it() -> None:
    claims = claims_of("The Steppe Battalion says it holds the ridge above the village.\n\n"
                       "Its deputy commander, who uses the call sign “Granite”, told reporters that the unit had "
                       "taken the ridge at dawn.\n\n“We lost nobody on the way up,” he said.")
    assert claim_starting(claims, "Its deputy commander").speaker == "Granite"
    assert claim_starting(claims, "“We lost nobody").speaker == "Granite"


def test_the_office_of_a_body_named_before_speaks_for_that_body() -> None:
    claims = claims_of("Ashby Town Council said the new car park would open in the spring.\n\n"
                       "Residents said the work had kept them awake for months.\n\n"
                       "The council's planning office said the permit had been granted in May.")
    assert claim_starting(claims, "The council's planning office").speaker == "Ashby Town Council"


def test_a_live_blog_post_refers_to_a_body_an_older_post_further_down_introduced() -> None:
    claims = claims_of(
        "20:15 The navy says the trawler was inside the fishing ban zone. The boat's operators say it never "
        "crossed into the zone at any point.\n\n"
        "19:40 Harbour officials said the crew of nine were being questioned on board.\n\n"
        "18:05 The trawler is run by Marrow Fisheries, a company based in Aberdeen, and sails out of Peterhead.",
        outlet="Coast Radio")
    assert claim_starting(claims, "The boat's operators").speaker == "Marrow Fisheries"
    assert [c.start for c in claims] == sorted(c.start for c in claims)


@pytest.mark.parametrize("sentence", [
    # responsibility claimed for an event: the outlet reports who claimed it
    "The bombing of the fuel depot was claimed by a group calling itself the Dawn Front in a post on Telegram.",
    # a group making itself known announces nothing that could be true or false
    "The Dawn Front first announced itself in a video posted online in March last year.",
])
def test_claiming_an_attack_or_announcing_oneself_is_the_outlets_narration(sentence: str) -> None:
    assert one_claim(sentence).speaker is None


def test_citing_after_a_frame_the_parser_attaches_to_the_name() -> None:
    claim = one_claim("Radio Vesna, the independent station, reported on Friday, citing a teacher at the village "
                      "school, that classes had been cancelled for a week.")
    assert (claim.speaker, claim.via) == ("teacher", "Radio Vesna")
    assert claim.content == "classes had been cancelled for a week."


def test_condemning_something_as_a_crime_is_a_claim_of_its_speaker() -> None:
    assert one_claim("European leaders condemned the shelling of the power plant as a war crime on Friday.").speaker \
        == "European leaders"


def test_she_is_the_woman_just_named_not_a_newer_person_of_unknown_gender() -> None:
    claims = claims_of("Mayor Anne Cole said her office would pay for the emergency repairs.\n\n"
                       "Police chief Dan Marsh said the river had burst its banks at 3am.\n\n"
                       "She said the bridge would reopen to traffic on Monday morning.")
    assert claim_starting(claims, "She said the bridge").speaker == "Anne Cole"


def test_a_cited_documents_author_speaks_and_the_citer_relays() -> None:
    claims = claims_of("The Conflict Evidence Unit, a research group, published its report on Monday.\n\n"
                       "It also cites an internal memo from the regional border service, which the unit says it "
                       "obtained from a serving officer, stating that six guards were killed, not two.")
    claim = claim_starting(claims, "It also cites")
    assert (claim.speaker, claim.via) == ("regional border service", "Conflict Evidence Unit")
    assert claim.content == "six guards were killed, not two."


def test_a_statement_speaks_for_the_body_that_released_it() -> None:
    claims = claims_of("Patients were moved to St Anne's Hospital on Monday.\n\n"
                       "The Courier also reported that an unnamed hospital staff member told investigators that the "
                       "surgeon had taken photographs.\n\n"
                       "The hospital released a statement last week saying no such operation was performed.\n\n"
                       "The ministry sent an identical statement to both The Courier and Radio North denying that any "
                       "patient had been harmed.")
    # the hospital named before, not the staff member the Courier quoted: a staff member is no hospital
    assert claim_starting(claims, "The hospital released").speaker == "St Anne's Hospital"
    assert claim_starting(claims, "The ministry sent").speaker == "ministry"


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("But now a Catholic priest in America has claimed that the relic is a fake.", "Catholic priest in America"),
    ("Members of Parliament from Diwaniyah Province confirmed that 300 soldiers had died.",
     "Members of Parliament from Diwaniyah Province"),
    ("Sources close to the production being filmed in metro Detroit said the car had not been stolen.", "Sources"),
    ("According to Bleeding Cool (who are often reliable on rumours), the car has gone missing.", "Bleeding Cool"),
])
def test_a_place_in_a_described_source_is_no_speaker(sentence: str, speaker: str) -> None:
    assert one_claim(sentence).speaker == speaker
