"""camps.build_narratives on hand-made events, claims and scored pairs from the Belgorod story."""

from __future__ import annotations


from narratives.camps import build_narratives
from narratives.types import Claim, Event, NLIScores, ScoredPair, content_id

NONE = NLIScores(0.1, 0.8, 0.1)
BOTH_ENTAIL = NLIScores(0.9, 0.05, 0.05)


def claim(key: str, speaker: str | None, content: str, via: str | None = None, outlet: str = "Al Jazeera") -> Claim:
    return Claim(id=content_id("belgorod", key), article_id="belgorod", text=content, start=0, end=len(content),
                 speaker=speaker, outlet=outlet, content=content, via=via)


GLADKOV = claim("gladkov", "Vyacheslav Gladkov", "a Ukrainian “sabotage group” had entered Russian territory")
PESKOV = claim("peskov", "Dmitry Peskov", "an attempt by Ukraine to divert attention from Bakhmut", via="RIA Novosti")
CHERNIAK = claim("cherniak", "Andrii Cherniak", "Russian citizens were behind the cross-border assault")
PODOLYAK = claim("podolyak", "Mykhailo Podolyak", "Ukraine had “nothing to do with it”")
INTEL = claim("intel", "Ukrainian military intelligence", "two armed Russian opposition groups were responsible",
              via="Hromadske")
OUTLET = claim("outlet", None, "Little is known about the groups or their ties with the Ukrainian military.")
CLAIMS = [GLADKOV, PESKOV, CHERNIAK, PODOLYAK, INTEL, OUTLET]
EVENT = Event("E1", "Belgorod (2023-05-23)", ("belgorod",), tuple(c.id for c in CLAIMS))


def contradiction(a: Claim, b: Claim, score: float) -> ScoredPair:
    return ScoredPair(id=content_id(a.id, b.id), event_id="E1", a=a.id, b=b.id, similarity=0.4,
                      a_to_b=NONE, b_to_a=NONE, signals=("actor-mismatch",), contradiction_score=score,
                      relation="contradiction")


def agreement(a: Claim, b: Claim, signals: tuple[str, ...] = ("same-actor",)) -> ScoredPair:
    return ScoredPair(id=content_id(a.id, b.id), event_id="E1", a=a.id, b=b.id, similarity=0.6,
                      a_to_b=BOTH_ENTAIL, b_to_a=BOTH_ENTAIL, signals=signals, contradiction_score=0.1,
                      relation="agreement")


PAIRS = [
    contradiction(GLADKOV, CHERNIAK, 0.8),
    contradiction(PESKOV, PODOLYAK, 0.9),
    contradiction(PESKOV, INTEL, 0.75),
    agreement(GLADKOV, PESKOV),
    agreement(CHERNIAK, PODOLYAK),
]


def camp_sets(narrative) -> list[set[str]]:
    return [set(camp.sources) for camp in narrative.camps]


def test_contradictions_cross_camps_and_agreements_stay_inside() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, PAIRS)
    assert narrative.event_id == "E1"
    assert sorted(camp_sets(narrative), key=len) == [
        {"Vyacheslav Gladkov", "Dmitry Peskov", "RIA Novosti"},
        {"Andrii Cherniak", "Mykhailo Podolyak", "Ukrainian military intelligence", "Hromadske"},
    ]
    side = {source: i for i, camp in enumerate(narrative.camps) for source in camp.sources}
    by_id = {c.id: c for c in CLAIMS}
    for pair in PAIRS:
        a, b = by_id[pair.a].source, by_id[pair.b].source
        if pair.relation == "contradiction":
            assert side[a] != side[b]
        else:
            assert side[a] == side[b]
    assert narrative.unaligned == ("Al Jazeera",)  # the outlet's own voice has no edge


def test_camps_list_their_claims_and_a_label() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, PAIRS)
    ukraine, russia = narrative.camps  # larger camp first
    assert ukraine.sources == ("Andrii Cherniak", "Hromadske", "Mykhailo Podolyak", "Ukrainian military intelligence")
    assert russia.sources == ("Dmitry Peskov", "RIA Novosti", "Vyacheslav Gladkov")
    assert set(ukraine.claim_ids) == {CHERNIAK.id, PODOLYAK.id, INTEL.id}
    assert set(russia.claim_ids) == {GLADKOV.id, PESKOV.id}
    # most representative first: Peskov carries two contradictions and an agreement
    assert russia.claim_ids[0] == PESKOV.id
    assert russia.label.startswith("Dmitry Peskov, RIA Novosti, Vyacheslav Gladkov: “an attempt by Ukraine")
    assert ukraine.label.startswith("Andrii Cherniak, Hromadske, Mykhailo Podolyak and others: “")


def test_relay_joins_the_speaker_it_relays() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, [contradiction(GLADKOV, INTEL, 0.8)])
    gladkov_camp = next(c for c in narrative.camps if "Vyacheslav Gladkov" in c.sources)
    intel_camp = next(c for c in narrative.camps if "Ukrainian military intelligence" in c.sources)
    assert gladkov_camp is not intel_camp
    assert "Hromadske" in intel_camp.sources
    assert intel_camp.claim_ids == (INTEL.id,)
    assert "Hromadske" not in narrative.unaligned


def test_relay_without_any_pair_stays_unaligned() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, [contradiction(GLADKOV, INTEL, 0.8)])
    assert sorted(camp_sets(narrative), key=len) == [
        {"Vyacheslav Gladkov"}, {"Ukrainian military intelligence", "Hromadske"}]
    assert {"Dmitry Peskov", "RIA Novosti"} <= set(narrative.unaligned)


def test_only_agreements_give_no_camps() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, [agreement(GLADKOV, PESKOV), agreement(CHERNIAK, PODOLYAK)])
    assert narrative.camps == ()
    assert narrative.unaligned == (
        "Al Jazeera", "Andrii Cherniak", "Dmitry Peskov", "Hromadske", "Mykhailo Podolyak", "RIA Novosti",
        "Ukrainian military intelligence", "Vyacheslav Gladkov",
    )


def test_no_pairs_give_no_camps() -> None:
    (narrative,) = build_narratives([EVENT], CLAIMS, [])
    assert narrative.camps == ()
    assert len(narrative.unaligned) == 8


def test_agreement_on_a_fact_weighs_less_than_naming_the_same_actor() -> None:
    # Gladkov and Cherniak contradict strongly; Gladkov "agrees" with Podolyak on a fact only (no same-actor):
    # 0.25 × 0.9 is too weak to hold Podolyak against his agreement with Cherniak on who did it.
    pairs = [contradiction(GLADKOV, CHERNIAK, 0.8), agreement(CHERNIAK, PODOLYAK),
             agreement(GLADKOV, PODOLYAK, signals=())]
    (narrative,) = build_narratives([EVENT], CLAIMS, pairs)
    podolyak_camp = next(c for c in narrative.camps if "Mykhailo Podolyak" in c.sources)
    assert "Andrii Cherniak" in podolyak_camp.sources
    assert "Vyacheslav Gladkov" not in podolyak_camp.sources


def test_same_source_spelled_differently_is_one_node() -> None:
    peskov = claim("peskov-1", "Dmitry Peskov", "an attempt by Ukraine to divert attention from Bakhmut")
    peskov_again = claim("peskov-2", "dmitry  PESKOV", "the saboteurs would be pushed out and liquidated")
    claims = [peskov, peskov_again, PODOLYAK, GLADKOV]
    event = Event("E1", "", ("belgorod",), tuple(c.id for c in claims))
    pairs = [contradiction(peskov_again, PODOLYAK, 0.9), agreement(GLADKOV, peskov)]
    (narrative,) = build_narratives([event], claims, pairs)
    assert sorted(camp.sources for camp in narrative.camps) == [
        ("Dmitry Peskov", "Vyacheslav Gladkov"), ("Mykhailo Podolyak",)]
    russia = next(c for c in narrative.camps if "Dmitry Peskov" in c.sources)
    assert set(russia.claim_ids) == {peskov.id, peskov_again.id, GLADKOV.id}


def test_deterministic_and_independent_of_input_order() -> None:
    first = build_narratives([EVENT], CLAIMS, PAIRS)
    assert build_narratives([EVENT], CLAIMS, PAIRS) == first
    assert build_narratives([EVENT], CLAIMS[::-1], PAIRS[::-1]) == first


def test_each_event_gets_its_own_narrative() -> None:
    other = Event("E2", "Kakhovka (2023-06-06)", ("kakhovka",), ())
    narratives = build_narratives([EVENT, other], CLAIMS, PAIRS)
    assert [n.event_id for n in narratives] == ["E1", "E2"]
    assert narratives[1].camps == () and narratives[1].unaligned == ()


def test_narration_that_hedges_or_only_agrees_on_a_fact_takes_no_side() -> None:
    from narratives.camps import takes_a_side
    from narratives.types import Claim, NLIScores, ScoredPair

    def claim(text: str, speaker: str | None) -> Claim:
        return Claim(id=text[:8], article_id="a", text=text, start=0, end=len(text), speaker=speaker, outlet="Wire")

    def pair(relation: str, signals: tuple[str, ...]) -> ScoredPair:
        return ScoredPair(id="P", event_id="e", a="a", b="b", similarity=0.6, a_to_b=NLIScores(0.1, 0.2, 0.7),
                          b_to_a=None, signals=signals, relation=relation)

    quoted = claim("The governor said Ukrainian saboteurs crossed the border.", "Vyacheslav Gladkov")
    asserting = claim("Russian opposition fighters crossed the border on Monday.", None)
    hedging = claim("The raid was reportedly claimed by a Russian opposition group.", None)
    actor_clash = pair("contradiction", ("actor-mismatch",))
    assert takes_a_side(quoted, actor_clash) and takes_a_side(asserting, actor_clash)
    assert not takes_a_side(hedging, actor_clash)
    assert not takes_a_side(asserting, pair("agreement", ()))  # agreeing on a fact is not a side
    assert takes_a_side(asserting, pair("agreement", ("same-actor",)))
    assert not takes_a_side(asserting, pair("contradiction", ()))  # NLI alone: no contested point named


def test_two_unrelated_disputes_in_one_event_are_split_each_on_its_own() -> None:
    # a curfew that city hall denies and residents report, and a march whose size the organisers and the
    # police give differently: no source takes part in both disputes
    city = claim("city", "city hall", "there was no curfew in the old town")
    residents = claim("residents", "residents' association", "a curfew was imposed on the old town at 8 pm")
    shopkeepers = claim("shops", "shopkeepers", "police ordered shops to close at 8 pm for the curfew")
    organisers = claim("organisers", "march organisers", "20,000 people marched to the square")
    police = claim("police", "police", "about 3,000 people took part in the march")
    claims = [city, residents, shopkeepers, organisers, police]
    event = Event("E1", "Harbour Square", ("harbour",), tuple(c.id for c in claims))
    pairs = [contradiction(city, residents, 0.9), contradiction(city, shopkeepers, 0.8),
             agreement(residents, shopkeepers, ("same-actor",)), contradiction(organisers, police, 0.7)]
    (narrative,) = build_narratives([event], claims, pairs)
    # the curfew dispute carries more contradiction weight, so it comes first; each dispute keeps its sides
    assert camp_sets(narrative) == [{"residents' association", "shopkeepers"}, {"city hall"},
                                    {"march organisers"}, {"police"}]
    assert build_narratives([event], list(reversed(claims)), list(reversed(pairs))) == [narrative]
