"""The synthetic news NLI pairs (models/news_pairs.py) on hand-written sentences: each edit does what it says."""

from __future__ import annotations

import random

import pytest

from models.news_pairs import _actor_swap, _changed_date, _denial, _dropped_modifier, fnc1_half
from narratives.parse import parse_one


def test_denial_negates_the_main_verb_with_do_support_or_its_auxiliary() -> None:
    assert _denial(parse_one("The militia attacked the border post on Monday.")) == \
        "The militia did not attack the border post on Monday."
    assert _denial(parse_one("The army has shelled the town twice this week.")) == \
        "The army has not shelled the town twice this week."
    assert _denial(parse_one("The army did not shell the town.")) is None  # already a denial
    assert _denial(parse_one("Two soldiers were killed, the ministry said.")) is None  # not a denial of the report


def test_actor_swap_gives_the_act_to_another_party() -> None:
    swapped = _actor_swap(parse_one("Russian forces shelled the village of Shebekino on Monday."), random.Random(1))
    assert swapped is not None and swapped.endswith("forces shelled the village of Shebekino on Monday.")
    assert not swapped.startswith("Russian")


def test_changed_date_changes_one_day_month_or_year() -> None:
    changed = _changed_date("The box was removed on Thursday by the studio.", random.Random(3))
    assert changed != "The box was removed on Thursday by the studio." and "Thursday" not in changed
    assert _changed_date("The asteroid 2014 RC passed by Earth.", random.Random(3)) is None  # a name, not a year


@pytest.mark.parametrize(("sentence", "never"), [
    ("If the talks fail, the union will strike on Monday.", True),
    ("The ministry did not confirm the report about the border.", True),
])
def test_no_modifier_is_dropped_under_a_condition_or_negation(sentence: str, never: bool) -> None:
    assert _dropped_modifier(parse_one(sentence), random.Random(0)) is None


def test_a_dropped_modifier_leaves_a_shorter_sentence_the_longer_one_entails() -> None:
    shorter = _dropped_modifier(parse_one("At least five attacks have occurred since the announcement."), random.Random(0))
    assert shorter == "At least five attacks have occurred."


def test_fnc1_halves_split_by_body_id_and_are_stable() -> None:
    halves = [fnc1_half(str(i)) for i in range(200)]
    assert set(halves) == {"train", "test"} and 60 < halves.count("train") < 140
    assert [fnc1_half(str(i)) for i in range(200)] == halves
