"""pairs.candidate_pairs on hand-built claims and small hand-made unit vectors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from narratives.pairs import Candidate, candidate_pairs, same_speaker_keys, source_key
from narratives.types import Claim, Event, content_id


def claim(article: str, n: int, speaker: str | None, outlet: str = "Wire Desk") -> Claim:
    text = f"claim {n} of {article}"
    return Claim(id=content_id(article, str(n)), article_id=article, text=text, start=0, end=len(text),
                 speaker=speaker, outlet=outlet, content=text)


# Event 1: Gladkov twice under different spellings, Reuters' own voice twice, two more sources.
# Event 2: Peskov again (the same source as in event 1, but another event) and Podolyak.
CLAIMS = [
    claim("aj", 1, "Vyacheslav Gladkov", "Al Jazeera"),
    claim("rt", 1, "vyacheslav  GLADKOV", "Reuters"),
    claim("rt", 2, None, "Reuters"),
    claim("bbc", 1, None, " reuters"),  # the outlet's name spelled differently: still the same source
    claim("aj", 2, "Andrii Cherniak", "Al Jazeera"),
    claim("aj", 3, "Dmitry Peskov", "Al Jazeera"),
    claim("kyiv", 1, "Mykhailo Podolyak", "Kyiv Independent"),
    claim("kyiv", 2, "Dmitry Peskov", "Kyiv Independent"),
]
EVENTS = [
    Event("E1", "Belgorod (2023-05-23)", ("aj", "bbc", "rt"), tuple(c.id for c in CLAIMS[:6])),
    Event("E2", "Kremlin (2023-05-24)", ("kyiv",), tuple(c.id for c in CLAIMS[6:])),
]


def unit_vectors(n: int, dim: int = 6, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(n, dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def ids(candidates: list[Candidate], claims: list[Claim]) -> list[tuple[str, str, str]]:
    return [(c.event_id, claims[c.a].id, claims[c.b].id) for c in candidates]


def test_source_key_ignores_case_and_spacing() -> None:
    assert source_key(CLAIMS[0]) == source_key(CLAIMS[1]) == "vyacheslav gladkov"
    assert source_key(CLAIMS[2]) == source_key(CLAIMS[3]) == "reuters"


def test_a_name_with_a_title_in_front_is_the_same_speaker() -> None:
    assert same_speaker_keys(["republican duncan hunter", "duncan hunter", "rep. duncan hunter", "hunter", "police",
                              "detroit police"]) == ["duncan hunter", "duncan hunter", "duncan hunter", "hunter",
                                                     "police", "detroit police"]
    hunter = [claim("cnn", 1, "Republican Duncan Hunter"), claim("cnn", 2, "Duncan Hunter"), claim("fox", 1, "Hunter")]
    event = [Event("E1", "border", ("cnn", "fox"), tuple(c.id for c in hunter))]
    candidates, _ = candidate_pairs(event, hunter, unit_vectors(3, seed=1), neighbours=8, min_similarity=-1.0)
    # each Duncan Hunter with the one-word "Hunter", never with each other
    assert sorted(sorted((hunter[c.a].speaker, hunter[c.b].speaker)) for c in candidates) == [
        ["Duncan Hunter", "Hunter"], ["Hunter", "Republican Duncan Hunter"]]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("neighbours", [1, 2, 8])
def test_pairs_are_cross_source_inside_one_event(seed: int, neighbours: int) -> None:
    vectors = unit_vectors(len(CLAIMS), seed=seed)
    candidates, stats = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=neighbours, min_similarity=-1.0)
    event_of = {cid: e.id for e in EVENTS for cid in e.claim_ids}
    assert candidates
    for c in candidates:
        a, b = CLAIMS[c.a], CLAIMS[c.b]
        assert source_key(a) != source_key(b)
        assert event_of[a.id] == event_of[b.id] == c.event_id
        assert a.id < b.id
        assert c.similarity == pytest.approx(float(vectors[c.a] @ vectors[c.b]), abs=1e-5)
    assert len(set(ids(candidates, CLAIMS))) == len(candidates)
    assert stats.candidates == len(candidates)
    assert stats.candidates <= len(CLAIMS) * neighbours


def test_with_many_neighbours_every_cross_source_pair_is_kept() -> None:
    vectors = unit_vectors(len(CLAIMS))
    candidates, stats = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=50, min_similarity=-1.0)
    assert stats.candidates == stats.cross_source_pairs == len(candidates)


def brute_force_cross_source(events: list[Event], claims: list[Claim]) -> int:
    by_id = {c.id: c for c in claims}
    return sum(
        source_key(by_id[x]) != source_key(by_id[y])
        for event in events for x, y in itertools.combinations(event.claim_ids, 2)
    )


def test_cross_source_pairs_matches_brute_force() -> None:
    candidates, stats = candidate_pairs(EVENTS, CLAIMS, unit_vectors(len(CLAIMS)), neighbours=1)
    # E1: 6 claims, sources {gladkov: 2, reuters: 2, cherniak: 1, peskov: 1} → 15 − 2 = 13; E2: 1
    assert stats.cross_source_pairs == brute_force_cross_source(EVENTS, CLAIMS) == 14


def test_cross_source_pairs_on_a_larger_random_case() -> None:
    rng = np.random.default_rng(7)
    speakers = ["Gladkov", "gladkov", "Peskov", None, "Podolyak", "PODOLYAK "]
    claims = [claim(f"art{i % 5}", i, speakers[int(rng.integers(len(speakers)))], f"Outlet {i % 3}") for i in range(40)]
    events = [Event(f"E{k}", "", (), tuple(c.id for c in claims[k::3])) for k in range(3)]
    vectors = unit_vectors(len(claims), dim=8, seed=7)
    candidates, stats = candidate_pairs(events, claims, vectors, neighbours=3, min_similarity=0.0)
    assert stats.cross_source_pairs == brute_force_cross_source(events, claims)
    assert len(candidates) <= len(claims) * 3
    for c in candidates:
        assert source_key(claims[c.a]) != source_key(claims[c.b])
        assert c.similarity >= 0.0


def test_min_similarity_is_a_floor() -> None:
    vectors = unit_vectors(len(CLAIMS), seed=1)
    candidates, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=8, min_similarity=0.3)
    assert all(c.similarity >= 0.3 for c in candidates)
    everything, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=8, min_similarity=-1.0)
    above = [c for c in everything if c.similarity >= 0.3]
    assert ids(candidates, CLAIMS) == ids(above, CLAIMS)


def axis_vectors(*rows: dict[int, float], dim: int = 5) -> np.ndarray:
    out = np.zeros((len(rows), dim), dtype=np.float32)
    for i, row in enumerate(rows):
        for axis, value in row.items():
            out[i, axis] = value
    return out


@pytest.mark.parametrize("neighbours", [
    1,
    8,
])
def test_priority_claims_pair_with_each_other_below_min_similarity(neighbours: int) -> None:
    claims = [claim("a", 1, "Vyacheslav Gladkov"), claim("b", 1, "Andrii Cherniak"),
              claim("c", 1, "Baza"), claim("d", 1, "Dmitry Peskov")]
    event = Event("E1", "", (), tuple(c.id for c in claims))
    s = np.sqrt
    vectors = axis_vectors(
        {0: 1.0},                          # priority: who did it
        {0: 0.2, 1: s(1 - 0.04)},          # priority, 0.2 to the first
        {0: 0.2, 2: s(1 - 0.04)},          # not priority, 0.2 to the first
        {0: 0.1, 3: s(1 - 0.01)},          # priority, 0.1 to the first: below the priority floor
    )
    priority = [True, True, False, True]
    candidates, _ = candidate_pairs([event], claims, vectors, neighbours=neighbours, min_similarity=0.3,
                                    priority=priority, priority_min_similarity=0.15)
    pairs = {frozenset((claims[c.a].speaker, claims[c.b].speaker)) for c in candidates}
    assert pairs == {frozenset(("Vyacheslav Gladkov", "Andrii Cherniak"))}
    assert candidates[0].similarity == pytest.approx(0.2, abs=1e-6)

    without, _ = candidate_pairs([event], claims, vectors, neighbours=neighbours, min_similarity=0.3)
    assert without == []
    lower_floor, _ = candidate_pairs([event], claims, vectors, neighbours=neighbours, min_similarity=0.3,
                                     priority=priority, priority_min_similarity=0.05)
    lower_pairs = {frozenset((claims[c.a].speaker, claims[c.b].speaker)) for c in lower_floor}
    # the 0.1 pair now passes too; the non-priority claim (Baza) still does not
    assert lower_pairs == {frozenset(("Vyacheslav Gladkov", "Andrii Cherniak")),
                           frozenset(("Vyacheslav Gladkov", "Dmitry Peskov"))}


def test_order_is_deterministic_and_independent_of_input_order() -> None:
    vectors = unit_vectors(len(CLAIMS), seed=2)
    first, stats = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=2, min_similarity=-1.0)
    again, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=2, min_similarity=-1.0)
    assert first == again
    assert ids(first, CLAIMS) == sorted(ids(first, CLAIMS))

    order = [5, 2, 7, 0, 3, 6, 1, 4]
    shuffled = [CLAIMS[i] for i in order]
    moved, moved_stats = candidate_pairs(EVENTS[::-1], shuffled, vectors[order], neighbours=2, min_similarity=-1.0)
    assert ids(moved, shuffled) == ids(first, CLAIMS)
    assert moved_stats == stats

    blocked, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=2, min_similarity=-1.0, block=1)
    assert blocked == first


def test_linked_claims_are_paired_whatever_their_similarity_but_never_within_one_source() -> None:
    # orthogonal vectors: no similarity at all, so only the link can pair them
    vectors = np.eye(len(CLAIMS), dtype=np.float32)
    without, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=2, min_similarity=0.3)
    assert without == []

    def linked(members):
        assert all(isinstance(m, int) for m in members)
        return [(0, 4), (0, 1), (6, 7)]  # Gladkov–Cherniak; Gladkov twice (one source); Podolyak–Peskov

    found, _ = candidate_pairs(EVENTS, CLAIMS, vectors, neighbours=2, min_similarity=0.3,
                               linked=lambda members: [p for p in linked(members) if set(p) <= set(members)])
    assert sorted((CLAIMS[c.a].id, CLAIMS[c.b].id) for c in found) == sorted(
        tuple(sorted((CLAIMS[x].id, CLAIMS[y].id))) for x, y in [(0, 4), (6, 7)])
    assert all(c.similarity == 0.0 for c in found)


def test_denial_links_pair_a_denial_with_the_assertion_it_denies() -> None:
    from narratives.signals import denial_links

    claims = [claim("a", 1, "Police"), claim("b", 1, "Union"), claim("c", 1, "Mayor")]
    texts = ["No rubber bullets were fired at the march.", "A student was hit by a rubber bullet near the bridge.",
             "The mayor opened a new school on Friday."]
    claims = [Claim(id=c.id, article_id=c.article_id, text=t, start=0, end=len(t), speaker=c.speaker,
                    outlet=c.outlet, content=t) for c, t in zip(claims, texts)]
    assert denial_links(claims)([0, 1, 2]) == [(0, 1)]


def test_denial_links_pair_a_count_of_none_with_a_count_of_the_same_outcome() -> None:
    from narratives.signals import denial_links

    texts = ["Bosses at the plant insisted nobody was injured.",
             "At least five workers were rushed to hospital with smoke inhalation.",
             "Crews treated four people at the scene.",
             "Two people were arrested outside the gates.",  # another outcome: no denial of it
             "The company said 40 workers were on the night shift."]  # counted, but not hurt
    claims = [Claim(id=f"c{i}", article_id=f"a{i}", text=t, start=0, end=len(t), speaker=f"S{i}", outlet="O",
                    content=t) for i, t in enumerate(texts)]
    assert denial_links(claims)([0, 1, 2, 3, 4]) == [(0, 1), (0, 2)]


def test_actor_links_pair_claims_that_name_different_parties_as_the_doer() -> None:
    from narratives.signals import actor_links

    texts = ["The attackers were nationals of Ukraine, the directorate said.",
             "We went in as Russians, and we came out as Russians.",
             "A Ukrainian sabotage group crossed the border at dawn.",  # the same party as the first: no clash
             "The mayor opened a new school on Friday."]  # names no doer
    claims = [Claim(id=f"c{i}", article_id=f"a{i}", text=t, start=0, end=len(t), speaker=f"S{i}", outlet="O",
                    content=t) for i, t in enumerate(texts)]
    assert actor_links(claims)([0, 1, 2, 3]) == [(0, 1), (1, 2)]


def test_measure_links_pair_clashing_times_and_counts_of_one_outcome() -> None:
    from narratives.signals import measure_links

    texts = ["A sabotage unit struck the border post before dawn on 14 April.",
             "The assault on the border post began at about 22:00 on Saturday 13 April.",
             "Officials put the death toll on the left bank at 59.",
             "The number of dead in the town ran into the hundreds.",
             "Forensic vans carried nine bodies to the morgue.",  # bodies found are no toll of the event
             "A drone cut power to several villages."]  # a count of things, not of what happened to people
    claims = [Claim(id=f"c{i}", article_id=f"a{i}", text=t, start=0, end=len(t), speaker=f"S{i}", outlet="O",
                    content=t) for i, t in enumerate(texts)]
    assert measure_links(claims)(list(range(len(texts)))) == [(0, 1), (2, 3)]
