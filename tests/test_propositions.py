"""Clause-level reading of claims (narratives/propositions.py), on sentences written for these tests."""

from __future__ import annotations

import pytest

from narratives.parse import parse_one
from narratives.propositions import acts, denies, disagreement, propositions, same_deed


def read(text: str, frame: bool = False):
    return propositions(parse_one(text), frame)


def denied(text: str, frame: bool = False) -> list[str]:
    return [p.predicate for p in read(text, frame) if p.denied and not p.hedged]


def asserted(text: str) -> list[str]:
    return [p.predicate for p in read(text) if not p.denied and not p.hedged]


def test_every_clause_of_a_claim_is_read() -> None:
    text = "No marcher had died during the protest and no tear gas had been used, the commander said."
    assert denied(text) == ["kill", "gas"]


@pytest.mark.parametrize(("text", "predicate"), [
    ("There was no curfew in the old town.", "curfew"),
    ("Talk of a lockdown is a lie.", "curfew"),  # lockdown and curfew are one act
    ("Reports that the bridge was blown up are fake.", "destroy"),
    ("The ferry did not sink.", "sink"),
    ("Nobody was arrested at the rally.", "capture"),
    ("The blast never happened.", "explosion"),
    ("Nor was the engineer injured.", "injure"),
])
def test_denials_name_their_predicate(text: str, predicate: str) -> None:
    assert predicate in denied(text)


def test_a_denying_frame_denies_the_reported_clause() -> None:
    assert denied("its troops had shelled the village", frame=True) == ["attack"]
    assert denied("The ministry denied that its troops had shelled the village.") == ["attack"]


@pytest.mark.parametrize("text", [
    "If the guards had not opened fire, the crowd would have left.",
    "It is unclear whether the ferry sank.",
    "No formal agreement has been confirmed.",
    "Did the police not fire at the crowd?",
    "Rumours that the club will not move have been circulating.",
])
def test_hedges_conditions_questions_and_rumours_neither_assert_nor_deny(text: str) -> None:
    assert denied(text) == []


def test_the_present_state_does_not_deny_a_past_act() -> None:
    now = read("The manager is no longer running the plant.")[0]
    then = read("The manager ran the plant for ten years.")[0]
    assert now.denied and now.now_only and then.past
    assert not denies(now, then)
    assert denies(read("The manager never ran the plant.")[0], then)


def test_a_denied_cause_needs_the_other_to_name_it() -> None:
    cause = read("No one was killed as a result of police action.")
    assert not disagreement(cause, read("A student was killed during the march."))
    assert disagreement(cause, read("Police action killed a student during the march."))


def test_something_said_not_to_exist_meets_the_act_that_names_it_as_its_head() -> None:
    none = read("There was no evacuation order.")
    assert disagreement(none, read("The governor gave an evacuation order at noon."))
    # only as a modifier, the noun is not what the other claim asserts
    assert not disagreement(read("Talk of a studio is a lie."), read("The band played at the studio party."))


def test_acts_of_named_doers_and_their_targets() -> None:
    party = frozenset({"russian", "ukrainian", "syrian", "american"})
    strike = acts(read("Syrian government airstrikes hit a rebel-held town near the border."), party)
    kobani = acts(read("American jets conducted four airstrikes near Kobani."), party)
    dam_a = acts(read("Russian troops blew up the dam."), party)
    dam_b = acts(read("Ukrainian strikes wrecked the dam's sluice gates."), party)
    identity = acts(read("The fighters were all Russian citizens."), party)
    assert strike and kobani and dam_a and dam_b and identity == []
    assert not same_deed(strike, kobani)  # two strikes on two places
    assert same_deed(dam_a, dam_b)  # the dam, however it was destroyed
    assert same_deed(identity, strike)  # who they are can clash with any act


def test_pronoun_doers_and_acts_named_by_a_noun_are_acts_too() -> None:
    party = frozenset({"jordanian", "somali", "american"})
    pilot = acts(read("It had killed a captured Jordanian pilot."), party)
    assert [(act, sorted(targets)) for act, targets, _ in pilot] == [("kill", ["pilot"])]
    bombings = acts(read("The militia was responsible for twin bombings in Nairobi in 2011."), party)
    convoy = acts(read("American drones hit the convoy with missiles."), party)
    assert [act for act, _, _ in bombings] == ["attack"]
    assert not same_deed(bombings, convoy)  # a bombing in Nairobi and a strike on a convoy: two deeds
    # a relative pronoun is no doer: "bombings that killed 70 people" is a description
    assert [act for act, _, _ in acts(read("The bombings that killed 70 people shocked the city."), party)] == []


def test_one_raid_told_by_the_places_it_reached_is_one_deed() -> None:
    party = frozenset({"ukrainian", "russian"})
    liberated = acts(read("It had completely liberated the border town of Kozlovka."), party)
    entered = acts(read("A Ukrainian sabotage group had entered Russian territory in the Shebekino district."), party)
    assert same_deed(liberated, entered)  # a district may hold the town
    # two towns are two places: no wide area that may hold the other
    strike = acts(read("Government jets bombed Marea on Monday."), party)
    raid = acts(read("Rebel fighters stormed Azaz on Monday."), party)
    assert not same_deed(strike, raid)


def test_not_true_that_denies_the_clause_and_not_only_asserts_it() -> None:
    assert denied("It wasn't true that the statue had been stolen.") == ["steal"]
    assert denied("It is false that the statue was stolen.") == ["steal"]
    assert denied("The date not only marks the anniversary of the flood.") == []


def test_predictions_and_habits_are_no_denial_of_a_past_event() -> None:
    assert denied("He feels he will never die.") == []
    assert denied("The couple would not be marrying after all.") == []
    assert denied("The shooting could not have been witnessed from the road.") == ["witness"]


def test_states_that_exclude_each_other_disagree() -> None:
    assert disagreement(read("Every fire exit was open and working."), read("The rear fire exit was padlocked shut."))
    assert disagreement(read("The emergency department remained open throughout."),
                        read("The emergency department was closed to ambulances for four hours."))
    # the same states of different things do not
    assert not disagreement(read("The shop was open on Sunday."), read("The school was closed on Sunday."))


@pytest.mark.parametrize("text", ["Stop the war.", "Breaking news.", "To be continued", "Sending the invoice"])
def test_fragments_and_imperatives_are_read_without_hanging(text: str) -> None:
    read(text)  # a non-finite root once sent the tense lookup round in a loop
