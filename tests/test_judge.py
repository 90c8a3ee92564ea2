"""judge.judge_pairs: NLI probabilities (hand-made, columns entailment/neutral/contradiction) plus signals."""

from __future__ import annotations

import numpy as np
import pytest

from narratives.judge import Thresholds, judge_pairs, score_and_judge
from narratives.pairs import Candidate
from narratives.types import Claim, content_id


def claim(key: str, speaker: str | None, content: str, cue: str = "said") -> Claim:
    return Claim(id=content_id("article", key), article_id="article", text=content, start=0, end=len(content),
                 speaker=speaker, outlet="Al Jazeera", content=content, cue=cue)


# Two claims that name different actors (actor-mismatch) ...
GLADKOV = claim("gladkov", "Vyacheslav Gladkov",
                "a Ukrainian “sabotage group” had entered Russian territory in the Graivoron district.")
CHERNIAK = claim("cherniak", "Andrii Cherniak", "Russian citizens were behind the cross-border assault.")
# ... and two that trigger no signal at all.
BUILDINGS = claim("buildings", "Vyacheslav Gladkov",
                  "houses and administrative buildings were damaged in two towns in the region.")
POWER = claim("power", "Open Belgorod", "power and water had been cut off in several villages.")
CLAIMS = [GLADKOV, CHERNIAK, BUILDINGS, POWER]

CLASH = Candidate("E1", 0, 1, 0.4)
QUIET = Candidate("E1", 2, 3, 0.7)  # close enough for NLI to be asked (nli_min_similarity 0.6)
FAR = Candidate("E1", 2, 3, 0.5)  # the same claims, less similar: no signal, so NLI is not asked


def row(entailment: float, contradiction: float) -> list[float]:
    return [entailment, 1.0 - entailment - contradiction, contradiction]


def judge(candidate: Candidate, forward: list[float], backward: list[float], **thresholds):
    (pair,) = judge_pairs([candidate], CLAIMS, np.array([forward]), np.array([backward]), Thresholds(**thresholds))
    return pair


def test_nli_alone_flags_only_when_both_directions_are_confident() -> None:
    pair = judge(QUIET, row(0.02, 0.95), row(0.03, 0.9))
    assert pair.signals == ()
    assert pair.relation == "contradiction"
    assert pair.contradiction_score == pytest.approx(0.95)


def test_one_confident_direction_is_not_enough_without_a_signal() -> None:
    # the bundled model is near chance on cross-outlet claims; one direction at 0.8 is noise
    pair = judge(QUIET, row(0.05, 0.8), row(0.1, 0.3))
    assert pair.relation == "neutral"
    assert pair.contradiction_score == pytest.approx(0.8)
    assert pair.reasons == ("NLI: contradiction 0.80 (A→B 0.80, B→A 0.30)",)


def test_nli_only_threshold_is_a_setting() -> None:
    assert judge(QUIET, row(0.1, 0.65), row(0.1, 0.6)).relation == "neutral"
    assert judge(QUIET, row(0.1, 0.65), row(0.1, 0.6), nli_only=0.6).relation == "contradiction"


def test_signal_plus_weak_nli_flags() -> None:
    pair = judge(CLASH, row(0.2, 0.3), row(0.2, 0.25))
    assert pair.signals == ("actor-mismatch",)
    assert pair.relation == "contradiction"
    assert pair.contradiction_score == pytest.approx(1 - 0.7 * 0.4)  # 1 − (1 − p)(1 − 0.6)
    assert not any(r.startswith("NLI") for r in pair.reasons)  # NLI below 0.5 is not a reason on its own
    assert pair.reasons == ("different actors in the same role: A names “Ukrainian sabotage group” (Ukraine), "
                            "B names “Russian citizens” (Russia)",
                            "weak NLI support: contradiction 0.30 (A→B 0.30, B→A 0.25); flagged on the claim-level "
                            "evidence")


@pytest.mark.parametrize(("p", "relation"), [(0.25, "contradiction"), (0.2, "neutral")])
def test_actor_clash_needs_nli_at_least_a_quarter(p: float, relation: str) -> None:
    assert judge(CLASH, row(0.1, p), row(0.1, 0.0)).relation == relation


def test_signal_alone_with_nli_zero_does_not_flag() -> None:
    pair = judge(CLASH, row(0.0, 0.0), row(0.0, 0.0))
    assert pair.signals == ("actor-mismatch",)
    assert pair.contradiction_score == pytest.approx(0.6)
    assert pair.relation == "neutral"  # a contradicting signal also rules out agreement


def test_agreement_needs_entailment_both_ways() -> None:
    assert judge(QUIET, row(0.9, 0.02), row(0.3, 0.02)).relation == "neutral"
    assert judge(QUIET, row(0.3, 0.02), row(0.9, 0.02)).relation == "neutral"
    pair = judge(QUIET, row(0.9, 0.02), row(0.8, 0.02))
    assert pair.relation == "agreement"
    assert pair.contradiction_score == pytest.approx(0.02)


def test_same_actor_counts_as_agreement() -> None:
    saboteurs = claim("ria", "RIA Novosti", "Ukrainian saboteurs crossed the border into the Belgorod region.")
    claims = [GLADKOV, saboteurs]
    (pair,) = judge_pairs([Candidate("E1", 0, 1, 0.6)], claims, np.array([row(0.1, 0.1)]), np.array([row(0.1, 0.1)]))
    assert pair.signals == ("same-actor",)
    assert pair.relation == "agreement"
    assert pair.reasons == ("both name Ukraine as the actor",)


def test_denial_cue_makes_the_frame_a_denial() -> None:
    ministry = claim("ministry", "Russia’s defence ministry",
                     "Russia's defence ministry denied that its forces had carried out the attack.", cue="denied")
    officials = claim("officials", "Ukrainian officials",
                      "Russian forces had fired a Tochka-U short-range ballistic missile carrying cluster munitions.")
    (pair,) = judge_pairs([Candidate("E1", 0, 1, 0.5)], [ministry, officials],
                          np.array([row(0.1, 0.2)]), np.array([row(0.1, 0.2)]))
    assert pair.signals == ("actor-denial",)
    assert pair.relation == "contradiction"  # 1 − 0.8 × 0.35 = 0.72
    assert "“Russian forces”" in pair.reasons[0]


def test_output_fields_and_order() -> None:
    candidates = [CLASH, QUIET]
    forward = np.array([row(0.2, 0.3), row(0.9, 0.02)], dtype=np.float32)
    backward = np.array([row(0.2, 0.25), row(0.8, 0.02)], dtype=np.float32)
    pairs = judge_pairs(candidates, CLAIMS, forward, backward)
    assert [(p.a, p.b) for p in pairs] == [(GLADKOV.id, CHERNIAK.id), (BUILDINGS.id, POWER.id)]
    assert [p.relation for p in pairs] == ["contradiction", "agreement"]
    first = pairs[0]
    assert first.id == "P" + content_id(GLADKOV.id, CHERNIAK.id, length=12)
    assert first.event_id == "E1" and first.similarity == 0.4
    assert first.a_to_b.contradiction == pytest.approx(0.3) and first.b_to_a.contradiction == pytest.approx(0.25)
    assert first.a_to_b.entailment == pytest.approx(0.2)
    assert judge_pairs(candidates, CLAIMS, forward, backward) == pairs


class TablePredict:
    """A Predict that looks rows up by (premise, hypothesis) and records which direction asked for what."""

    def __init__(self, rows: dict[tuple[str, str], list[float]]):
        self.rows = rows
        self.calls: list[tuple[str, list[tuple[str, str]]]] = []

    def __call__(self, texts, direction: str) -> np.ndarray:
        self.calls.append((direction, list(texts)))
        return np.array([self.rows[t] for t in texts], dtype=np.float32).reshape(-1, 3)


def texts_of(candidate: Candidate) -> tuple[str, str]:
    return CLAIMS[candidate.a].proposition, CLAIMS[candidate.b].proposition


def test_b_to_a_is_scored_only_where_it_can_change_the_relation() -> None:
    # QUIET has no signal: A→B contradiction 0.5 (< 2 × 0.9 − 1) and entailment 0.3 (< 0.6) settle it;
    # CLASH has an actor-mismatch signal, whose score takes the larger direction.
    quiet, clash = texts_of(QUIET), texts_of(CLASH)
    predict = TablePredict({quiet: row(0.3, 0.5), clash: row(0.1, 0.1), clash[::-1]: row(0.1, 0.5)})
    quiet_pair, clash_pair = score_and_judge([QUIET, CLASH], CLAIMS, predict)
    assert predict.calls == [("A→B", [quiet, clash]), ("B→A", [clash[::-1]])]
    assert quiet_pair.b_to_a is None and quiet_pair.relation == "neutral"
    assert quiet_pair.reasons == ("NLI: contradiction 0.50 (A→B 0.50, B→A not scored)",)
    assert clash_pair.b_to_a.contradiction == pytest.approx(0.5)
    assert clash_pair.relation == "contradiction"  # 1 − 0.5 × 0.4 = 0.8, from the B→A direction


def test_a_pair_without_a_signal_below_nli_min_similarity_is_not_sent_to_nli() -> None:
    # Without a contradiction signal NLI can only agree or flag alone, and only near-restatements do either.
    far, clash = texts_of(FAR), texts_of(CLASH)  # CLASH is less similar still, but has a signal
    predict = TablePredict({clash: row(0.1, 0.5), clash[::-1]: row(0.1, 0.5)})
    far_pair, clash_pair = score_and_judge([FAR, CLASH], CLAIMS, predict)
    assert predict.calls == [("A→B", [clash]), ("B→A", [clash[::-1]])]
    assert far_pair.a_to_b is None and far_pair.b_to_a is None
    assert far_pair.relation == "neutral" and far_pair.reasons == () and far_pair.contradiction_score == 0.0
    assert clash_pair.relation == "contradiction"
    # 0 sends every pair, for a model strong enough to flag on its own
    predict = TablePredict({far: row(0.02, 0.95), far[::-1]: row(0.02, 0.95)})
    (far_pair,) = score_and_judge([FAR], CLAIMS, predict, Thresholds(nli_min_similarity=0.0))
    assert far_pair.relation == "contradiction" and far_pair.a_to_b is not None
    with pytest.raises(ValueError, match="needs its A→B"):
        judge_pairs([QUIET], CLAIMS, [None], [None])


def test_an_unscored_pair_naming_the_same_actor_still_agrees() -> None:
    far_same_actor = Candidate("E1", 0, 4, 0.35)
    claims = CLAIMS + [claim("ria", "RIA Novosti", "Ukrainian saboteurs crossed the border into the Belgorod region.")]
    predict = TablePredict({})
    (pair,) = score_and_judge([far_same_actor], claims, predict)
    assert predict.calls == [] and pair.a_to_b is None
    assert pair.relation == "agreement" and "same-actor" in pair.signals


@pytest.mark.parametrize(("forward", "asks_back"), [
    (row(0.02, 0.8), True),  # the mean can still reach 0.9
    (row(0.02, 0.79), False),
    (row(0.6, 0.02), True),  # entailment can still hold both ways
    (row(0.59, 0.02), False),
])
def test_b_to_a_thresholds_follow_the_settings(forward: list[float], asks_back: bool) -> None:
    quiet = texts_of(QUIET)
    predict = TablePredict({quiet: forward, quiet[::-1]: row(0.1, 0.1)})
    score_and_judge([QUIET], CLAIMS, predict)
    assert [d for d, _ in predict.calls] == (["A→B", "B→A"] if asks_back else ["A→B"])
    predict = TablePredict({quiet: forward, quiet[::-1]: row(0.1, 0.1)})
    score_and_judge([QUIET], CLAIMS, predict, Thresholds(nli_only=0.5, agreement=0.1))
    assert [d for d, _ in predict.calls] == ["A→B", "B→A"]  # lower thresholds: B→A can always matter


SAME_ACTOR = Candidate("E1", 0, 4, 0.6)  # Gladkov and RIA Novosti both blame Ukraine


@pytest.mark.parametrize("thresholds", [Thresholds(), Thresholds(nli_only=0.85, agreement=0.5),
                                        Thresholds(nli_only=0.7, agreement=0.3)])
def test_skipping_b_to_a_never_changes_a_relation(thresholds: Thresholds) -> None:
    # Random probabilities plus rows on the limits (A→B at 2·nli_only − 1 or at the agreement
    # threshold, B→A certain): the lazy judge agrees with the judge that sees both directions.
    rng = np.random.default_rng(7)
    claims = CLAIMS + [claim("ria", "RIA Novosti", "Ukrainian saboteurs crossed the border into the Belgorod region.")]
    limit_c, limit_e = np.float32(2 * thresholds.nli_only - 1), np.float32(thresholds.agreement)
    edges = [[0.0, 1 - limit_c, limit_c], [0.0, 1 - limit_c + 1e-4, limit_c - 1e-4],
             [limit_e, 1 - limit_e, 0.0], [limit_e - 1e-4, 1 - limit_e + 1e-4, 0.0]]
    forward = np.vstack([rng.dirichlet([0.4, 0.4, 0.4], size=600), edges]).astype(np.float32)
    backward = np.vstack([rng.dirichlet([0.4, 0.4, 0.4], size=600),
                          [[1.0, 0.0, 0.0] if e[0] else [0.0, 0.0, 1.0] for e in edges]]).astype(np.float32)
    kinds = [CLASH, QUIET, SAME_ACTOR]
    candidates = [kinds[i % 3] for i in range(600)] + [QUIET] * len(edges)
    full = judge_pairs(candidates, claims, forward, backward, thresholds)
    lazy = []
    for i, candidate in enumerate(candidates):
        a, b = claims[candidate.a].proposition, claims[candidate.b].proposition
        rows = {(a, b): forward[i].tolist(), (b, a): backward[i].tolist()}
        lazy += score_and_judge([candidate], claims, TablePredict(rows), thresholds)
    assert [p.relation for p in lazy] == [p.relation for p in full]
    assert {p.relation for p in full} == {"contradiction", "agreement", "neutral"}
    assert [p.b_to_a is None for p in lazy[-4:]] == [False, True, False, True]  # the limits are where it turns
    skipped = [p for p in lazy if p.b_to_a is None]
    assert skipped and all(p.relation != "contradiction" for p in skipped)
    with pytest.raises(ValueError, match="needs its B→A"):
        judge_pairs([CLASH], CLAIMS, forward[:1], [None])


@pytest.mark.parametrize(("first", "second"), [
    # one quote in two articles, the name in two forms: NLI called it a contradiction (0.95 both ways)
    ("We needed the best actor on the board in a certain age range and that’s Chris Bale",
     "We needed the best actor on the board in a certain age range and that's Christian Bale"),
    # one article quotes a post, another carries its middle part; a negation inside both
    ("I once wrote to the company about its hold music. It was so bad that I could not stand it, since there is "
     "no store here and I had to send the phone abroad.",
     "It was so bad that I could not stand it, since there is no store here and I had to send the phone abroad."),
])
def test_two_claims_saying_the_same_words_are_never_a_contradiction(first: str, second: str) -> None:
    claims = [claim("first", "writer", first), claim("second", "Aaron Sorkin", second)]
    (pair,) = judge_pairs([Candidate("E1", 0, 1, 0.9)], claims, np.array([row(0.02, 0.95)]), np.array([row(0.03, 0.92)]))
    assert pair.relation == "neutral"
    assert pair.reasons[-1] == "the two claims say the same words: no contradiction"


@pytest.mark.parametrize(("first", "second"), [
    ("The dam was breached on Tuesday and the toll rose to 12.", "The dam was breached on Tuesday and the toll rose to 15."),
    ("Reports that the car was stolen are false.", "The car was stolen."),
    ("Police did not fire rubber bullets at the crowd.", "Police fired rubber bullets at the crowd."),
])
def test_a_number_a_negation_or_a_falsity_word_is_a_difference_that_counts(first: str, second: str) -> None:
    from narratives.signals import restates

    assert not restates(first, second)


def test_a_framing_flag_says_the_facts_may_agree() -> None:
    from narratives.judge import Thresholds, judge_pairs
    from narratives.pairs import Candidate
    from narratives.types import Claim

    texts = ["The coalition says its marchers were peaceful.",
             "The force blamed “hardcore troublemakers” for the petrol bombs."]
    claims = [Claim(id=f"c{i}", article_id=f"a{i}", text=t, start=0, end=len(t), speaker=f"S{i}", outlet="O",
                    content=t) for i, t in enumerate(texts)]
    (pair,) = judge_pairs([Candidate("E1", 0, 1, 0.4)], claims, [np.array([0.2, 0.7, 0.1])],
                          [np.array([0.2, 0.7, 0.1])], Thresholds())
    assert pair.relation == "contradiction" and pair.kind == "framing"
    assert pair.dispute == ("what to call them", "marchers", "hardcore troublemakers")
    assert any(r.startswith("framing only") for r in pair.reasons)
    assert not any(r.startswith("weak NLI support") for r in pair.reasons)
