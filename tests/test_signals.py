"""signals.compare / actors on claim contents taken from the seed articles (their `content`, frame removed)."""

from __future__ import annotations

import pytest

from narratives.signals import Signal, actors, compare

# Contents as claims.extract_claims gives them for the seed articles.
GLADKOV = ("a Ukrainian “sabotage group” had entered Russian territory in the Graivoron district bordering "
           "Ukraine and was being repelled by local forces.")
CHERNIAK = "Russian citizens were behind the cross-border assault."
PODOLYAK = ("Ukraine had “nothing to do with it” and suggested that an “armed guerrilla movement” had emerged "
            "to oppose “a totalitarian country”.")
PESKOV = ("the action as an attempt by Ukraine to divert attention from the eastern city of Bakhmut, which "
          "Moscow claimed to have captured after months of battle but where Kyiv says it is still fighting.")
OPEN_BELGOROD = "power and water had been cut off in several villages."
RVC_FOUNDED = ("The RVC was founded last August and reportedly consists mostly of anti-Putin far-right Russian "
               "fighters who have links with Ukrainian far-right groups.")


def names(signals: list[Signal]) -> list[str]:
    return [s.name for s in signals]


def contradicting(signals: list[Signal]) -> list[Signal]:
    return [s for s in signals if s.contradicts]


# --- who did it --------------------------------------------------------------------------------


def test_actors_of_the_seed_claims() -> None:
    (saboteurs,) = actors(GLADKOV, "Vyacheslav Gladkov")
    assert (saboteurs.party, saboteurs.phrase, saboteurs.denied) == ("Ukraine", "Ukrainian sabotage group", False)
    (citizens,) = actors(CHERNIAK, "Andrii Cherniak")
    assert (citizens.party, citizens.phrase, citizens.denied) == ("Russia", "Russian citizens", False)
    (denied,) = actors(PODOLYAK, "Mykhailo Podolyak")
    assert (denied.party, denied.denied) == ("Ukraine", True)
    (blamed,) = actors(PESKOV, "Dmitry Peskov")
    assert (blamed.party, blamed.denied) == ("Ukraine", False)


def test_actor_mismatch_quotes_both_phrases() -> None:
    signals = compare(GLADKOV, CHERNIAK, "Vyacheslav Gladkov", "Andrii Cherniak", similarity=0.4)
    assert names(signals) == ["actor-mismatch"]
    (signal,) = signals
    assert signal.contradicts
    assert "“Ukrainian sabotage group”" in signal.reason
    assert "“Russian citizens”" in signal.reason
    assert "(Ukraine)" in signal.reason and "(Russia)" in signal.reason


def test_actor_denial_names_who_denies() -> None:
    signals = compare(PODOLYAK, PESKOV, "Mykhailo Podolyak", "Dmitry Peskov", similarity=0.3)
    assert names(signals) == ["actor-denial"]
    assert signals[0].contradicts
    assert signals[0].reason.startswith("A denies that Ukraine was involved")
    assert "“Ukraine”" in signals[0].reason

    swapped = compare(PESKOV, PODOLYAK, "Dmitry Peskov", "Mykhailo Podolyak", similarity=0.3)
    assert names(swapped) == ["actor-denial"]
    assert swapped[0].reason.startswith("B denies that Ukraine was involved; A names “Ukraine”")


def test_denial_by_reporting_verb_denies_the_speakers_own_side() -> None:
    # Kramatorsk seed: the ministry's denial frame against the Ukrainian account of who fired.
    ministry = ("Russia's defence ministry denied that its forces had carried out the attack and called the "
                "Ukrainian statements a provocation.")
    officials = "Russian forces had fired a Tochka-U short-range ballistic missile carrying cluster munitions."
    signals = compare(ministry, officials, "Russia’s defence ministry", "Ukrainian officials", 0.5,
                      denial_frame_a=True)
    assert "actor-denial" in names(signals)
    assert "same-actor" not in names(signals)
    assert "“Russian forces”" in signals[0].reason


def test_same_actor_is_agreement_not_contradiction() -> None:
    other = "Ukrainian saboteurs crossed the border into the Belgorod region."
    signals = compare(GLADKOV, other, "Vyacheslav Gladkov", "RIA Novosti", similarity=0.6)
    assert names(signals) == ["same-actor"]
    assert not signals[0].contradicts
    assert "Ukraine" in signals[0].reason


def test_actor_mismatch_with_blown_up() -> None:
    # Kakhovka seeds: Ukraine's Operational Command South vs Sergei Shoigu.
    ukraine = "Russian troops had blown up the dam."
    russia = ("Ukrainian forces had destroyed the dam to stop Russian units from advancing in the Kherson "
              "direction and to free up troops for Kyiv's counteroffensive.")
    assert [a.party for a in actors(ukraine, "Operational Command South")] == ["Russia"]
    assert "actor-mismatch" in names(compare(ukraine, russia, "Operational Command South", "Sergei Shoigu", 0.6))


def test_islamic_jihad_denial_against_blame() -> None:
    # Ahli hospital seed: Hagari blames the group, the group rejects the accusation.
    hagari = ("radar data and intercepted communications showed that a rocket fired by Palestinian Islamic Jihad "
              "had malfunctioned and fallen on the hospital grounds.")
    jihad = "Islamic Jihad rejected the accusation and called it a lie meant to cover up an Israeli massacre."
    signals = compare(hagari, jihad, "Daniel Hagari", "Islamic Jihad", 0.5, denial_frame_b=True)
    assert "actor-denial" in names(signals)
    assert "same-actor" not in names(signals)


# --- numbers and dates -------------------------------------------------------------------------


def test_number_mismatch_quotes_both_numbers() -> None:
    signals = compare("At least 471 people were killed in the blast at the hospital.",
                      "The blast at the hospital left between 100 and 300 dead.", similarity=0.7)
    assert names(signals) == ["number-mismatch"]
    assert signals[0].contradicts
    assert "“At least 471 people were killed”" in signals[0].reason
    assert "“between 100 and 300 dead”" in signals[0].reason


def test_exact_numbers_that_differ_mismatch() -> None:
    signals = compare("about 500 people had been killed in the strike.", "471 people were killed in the strike.",
                      similarity=0.8)
    assert names(signals) == []  # "about 500" allows 471 (±15 %)
    signals = compare("50 people were killed in the strike.", "471 people were killed in the strike.", similarity=0.8)
    assert names(signals) == ["number-mismatch"]


@pytest.mark.parametrize(("a", "b"), [
    ("at least eight people had been wounded.", "30 people were wounded in the attacks on Graivoron and Borisovka."),
    ("more than 30 people had been killed and about 100 wounded.", "at least 31 people died on the right bank."),
    ("at least eight people had been wounded.", "30 people were killed in the attacks."),  # different quantities
    # different sets of people: who lived in the zone on one bank, who was at risk on the other
    ("about 16,000 people lived in the critical flood zone on the Ukrainian-held right bank.",
     "roughly 22,000 people in 14 settlements were at risk."),
    ("about 16,000 people were in the flood zone.", "22,000 people were in the flood zone."),  # counted as what?
    ("12 children were killed in the strike.", "40 people were killed in the strike."),  # a part of the whole
    ("12 children were killed in the strike.", "40 civilians were killed in the strike."),
])
def test_compatible_or_different_quantities_not_flagged(a: str, b: str) -> None:
    assert contradicting(compare(a, b, similarity=0.8)) == []


def test_counts_of_people_compare_when_the_outcome_is_the_same() -> None:
    signals = compare("About 1,000 residents were evacuated from Oleshky.", "4,000 residents evacuated overnight.",
                      similarity=0.7)
    assert names(signals) == ["number-mismatch"]
    assert names(compare("12 civilians died in the shelling.", "40 civilians were killed by the shelling.",
                         similarity=0.7)) == ["number-mismatch"]


def test_one_happening_on_two_dates_is_a_time_clash_whatever_the_similarity() -> None:
    a = "The dam was breached in the early hours of June 6, flooding dozens of villages downstream."
    b = "The dam was breached in the early hours of June 5, flooding dozens of villages downstream."
    for similarity in (0.9, 0.3):
        signals = compare(a, b, similarity=similarity)
        assert names(signals) == ["time-mismatch"]
    assert signals[0].reason.endswith("“June 6” vs “June 5”")
    assert compare(a, a.replace("June 6", "6 June"), similarity=0.9) == []


def test_date_mismatch_of_two_happenings_only_at_high_similarity() -> None:
    a = "The dam was breached on June 6, the regional governor said."
    b = "Dozens of villages downstream were flooded on June 5."
    signals = compare(a, b, similarity=0.9)
    assert names(signals) == ["date-mismatch"]
    assert signals[0].reason == "dates disagree: 6 June vs 5 June"
    assert compare(a, b, similarity=0.59) == []


def test_a_denial_must_deny_what_the_other_asserts_not_just_share_its_words() -> None:
    denial = "Hamas said the recording had been fabricated."
    assertion = "Israel released a recording of Hamas members discussing a misfired rocket."
    signals = compare(denial, assertion, similarity=0.4)
    assert names(signals) == ["denial"]
    assert signals[0].reason.startswith("A denies (“the recording … fabricated”) what B asserts")
    assert "the predicate “recording”" in signals[0].reason
    # the same denier and words about another thing: no denial, however similar the sentences
    assert compare(denial, "Hamas members fired a rocket at the city from the recording studio.", similarity=0.9) == []


@pytest.mark.parametrize("similarity", [0.1, 0.9])
def test_unrelated_claims_give_no_contradicting_signal(similarity: float) -> None:
    assert contradicting(compare(OPEN_BELGOROD, RVC_FOUNDED, None, "Open Belgorod", similarity)) == []
    assert contradicting(compare(CHERNIAK, OPEN_BELGOROD, "Andrii Cherniak", None, similarity)) == []


def test_compare_is_deterministic() -> None:
    assert compare(GLADKOV, CHERNIAK, "A", "B", 0.4) == compare(GLADKOV, CHERNIAK, "A", "B", 0.4)


def test_an_actor_standing_for_several_parties_shares_each_of_them() -> None:
    # "Anglo-Saxons" is the UK and the US: blaming US Navy divers is the same side, not a clash.
    hersh = "US Navy divers had planted the explosives during a NATO exercise."
    putin = "\"Anglo-Saxons\" were behind the attack on the pipelines."
    times = "Russia was behind the attack on the pipelines."
    assert names(compare(hersh, putin, "Seymour Hersh", "Vladimir Putin", 0.5)) == ["same-actor"]
    assert "actor-mismatch" in names(compare(putin, times, "Vladimir Putin", "The New York Times", 0.5))


# --- claim readings from the parse: event denials, quantities in words, nationality actors ------


@pytest.mark.parametrize(("denial", "assertion", "predicate"), [
    ("Talk of a curfew is a lie.", "The mayor ordered a curfew from eight in the evening.", "curfew"),
    ("Reports of a massacre in the village are fake.", "Witnesses described a massacre in the village.", "massacre"),
    ("There was no evacuation order for the district.", "Authorities ordered the evacuation of the district.", "order"),
    ("The blast did not happen at the hospital.", "The blast at the hospital killed dozens.", "explosion"),
    ("No rubber bullets were fired at any point, the police said.", "He was hit by a rubber bullet near the bridge.",
     "attack"),
    ("None of its fighters has ever been captured.", "Two of the fighters had been detained by the border guards.",
     "capture"),
    ("Every ballot box was escorted and none went missing.", "Two ballot boxes went missing on the way to the count.",
     "missing"),
])
def test_denials_of_an_event_clash_with_its_assertion(denial: str, assertion: str, predicate: str) -> None:
    signals = compare(denial, assertion, similarity=0.6)
    assert names(signals) == ["denial"]
    assert signals[0].reason.startswith("A denies (“") and f"the predicate “{predicate}”" in signals[0].reason
    assert names(compare(assertion, denial, similarity=0.6)) == ["denial"]


def test_one_claim_can_deny_several_things_and_each_is_read() -> None:
    denial = "No protester had died during the march and no rubber bullets had been fired, the police said."
    assert names(compare(denial, "A student was struck by a rubber bullet fired at close range.", similarity=0.5)) \
        == ["denial"]


def test_the_same_denial_about_something_else_does_not_clash() -> None:
    assert contradicting(compare("Talk of a curfew is a lie.", "The mayor opened a new school.", similarity=0.6)) == []


@pytest.mark.parametrize(("phrase", "party"), [
    ("The fighters were all Belarusian citizens.", "Belarus"),
    ("The attackers were ethnic Russian volunteers.", "Russia"),
    ("The unit was made up of deserters from the Russian army.", "Russia"),
    ("The men were nationals of Ukraine, the agency said.", "Ukraine"),
])
def test_nationality_and_citizenship_name_the_actors_party(phrase: str, party: str) -> None:
    assert [a.party for a in actors(phrase)] == [party]


def test_citizenship_against_another_party_in_the_same_role_is_an_actor_clash() -> None:
    signals = compare("The fighters were all Belarusian citizens.",
                      "A Ukrainian sabotage group had entered Russian territory.", similarity=0.5)
    assert names(signals) == ["actor-mismatch"]
    assert "“Belarusian citizens” (Belarus)" in signals[0].reason


def test_a_surname_beside_two_full_names_stays_ambiguous() -> None:
    # which of John or Jane Smith "Smith" is cannot depend on hash order between processes
    signals = compare("Smith attacked the plan in parliament, and John Smith and Jane Smith attacked it too.",
                      "Smith attacked the plan in parliament.", similarity=0.9)
    assert signals == compare("Smith attacked the plan in parliament, and John Smith and Jane Smith attacked it too.",
                              "Smith attacked the plan in parliament.", similarity=0.9)
    assert "actor-mismatch" not in names(signals)


@pytest.mark.parametrize(("a", "b"), [
    ("Organisers said more than 40,000 people marched through the centre.", "Police put the crowd at several thousand."),
    ("More than 90 per cent of the drivers on the early shift walked out.",
     "Fewer than a third of the drivers on the early shift joined the stoppage."),
    ("The hospital said two planned operations had been postponed.", "The union said dozens of operations were cancelled."),
])
def test_crowds_shares_and_counts_of_operations_clash(a: str, b: str) -> None:
    assert names(compare(a, b, similarity=0.5)) == ["number-mismatch"]


@pytest.mark.parametrize(("a", "b"), [
    ("Organisers said more than 40,000 people marched through the centre.", "A crowd of about 45,000 filled the square."),
    ("More than 90 per cent of the drivers walked out.", "Fewer than a third of the buses ran on time."),
    ("Several thousand people marched on Saturday.", "Several hundred people were detained after the march."),
])
def test_compatible_crowds_and_shares_of_different_wholes_do_not_clash(a: str, b: str) -> None:
    assert "number-mismatch" not in names(compare(a, b, similarity=0.5))


def test_having_no_part_in_it_denies_an_actor() -> None:
    signals = compare("Kyiv had no part in the raid, the spokesman said.",
                      "A Ukrainian sabotage group crossed the border before dawn.", similarity=0.5)
    assert "actor-denial" in names(signals)


def test_who_the_doers_are_clashes_however_the_clauses_describe_them() -> None:
    # relative clauses describe the actors ("who had fled", "who crossed"); they are not two different deeds
    signals = compare("The fighters were all Belarusian citizens who had fled to Ukraine.",
                      "All of them are Russian citizens, deserters from the Russian army who crossed the front line.",
                      similarity=0.5)
    assert names(signals) == ["actor-mismatch"]


def test_crossing_the_frontier_and_carrying_out_the_attack_are_one_deed_told_two_ways() -> None:
    # the size of the group ("of about 20 fighters") sits between the actor and its verb
    signals = compare('A Ukrainian "sabotage and reconnaissance group" of about 20 fighters had crossed the frontier.',
                      "Its fighters had carried out the attack and were ethnic Russian volunteers.", similarity=0.4)
    assert names(signals) == ["actor-mismatch", "framing"]  # and a saboteur is no volunteer
    assert "“Ukrainian sabotage and reconnaissance group” (Ukraine)" in signals[0].reason


def test_a_denied_claim_still_names_the_actor_it_denies() -> None:
    # only a claim being looked into is set aside; a denied one keeps its actor for the denial signals
    assert [a.party for a in actors("Moscow denied claims that Russian forces shelled the town.")] == ["Russia"]


def test_an_event_denied_outright_meets_a_claim_whose_words_presuppose_it() -> None:
    signals = compare("Reports that shots were fired are fake.", "The engineer had a gunshot wound to his forearm.",
                      similarity=0.3)
    assert names(signals) == ["denial"]


@pytest.mark.parametrize("other", [
    "The Maritime Guard has responded to the reports of gunfire.",  # presupposes the reports, not the shots
    "An explosion inside the dam was the most likely cause of the collapse.",
])
def test_a_claim_about_reports_or_a_denied_cause_presupposes_no_event(other: str) -> None:
    denial = ("Reports that shots were fired are fake." if "gunfire" in other
              else "It could not have been destroyed by shelling from outside.")
    assert "denial" not in names(compare(denial, other, similarity=0.3))


@pytest.mark.parametrize(("a", "b", "labels"), [
    ("Work was under way to drive out the “saboteurs”.", "An “armed guerrilla movement” had emerged.",
     ("saboteurs", "armed guerrilla movement")),
    ('The channel now describes them as "Ukrainian Nazis".', "Its fighters were ethnic Russian volunteers.",
     ("Ukrainian Nazis", "ethnic Russian volunteers")),
    ("The coalition says its marchers were peaceful.", "The force blamed “hardcore troublemakers”.",
     ("marchers", "hardcore troublemakers")),
])
def test_labels_that_lean_opposite_ways_for_the_same_doers_are_framing(a: str, b: str, labels: tuple) -> None:
    # the channel is the speaker: its own label, not one it reports
    (signal,) = [s for s in compare(a, b, "pro-Kremlin Telegram channel Granitsa", None, 0.4) if s.name == "framing"]
    assert signal.contradicts and signal.topic == "what to call them"
    assert (signal.position_a, signal.position_b) == labels


@pytest.mark.parametrize(("a", "b"), [
    # the people something happened to are not labelled as doers
    ("It blamed organised groups of rioters for the petrol bombs.", "Dozens of protesters were wounded."),
    ("Riot police fired tear gas at protesters on Quay Street.", "The force blamed “hardcore troublemakers”."),
    ("“Two heroes” had died defending the post.", "A “sabotage group” struck the post before dawn."),
    # the speaker reports the other side's word for them, she does not use it
    ("The coalition says its marchers were peaceful.", "The police shot my son and now they are calling him a rioter."),
    # a proper name is no label
    ("The Russian Volunteer Corps said it took the village.", "The “terrorists” were driven out, the governor said."),
])
def test_labels_for_victims_or_in_names_are_not_framing(a: str, b: str) -> None:
    assert "framing" not in names(compare(a, b, similarity=0.4))


def test_plain_descriptions_that_lean_opposite_ways_add_no_weight() -> None:
    # from the FNC-1 corpus: mostly different people ("the extremists" in Iraq, "opposition forces" in Syria)
    (signal,) = [s for s in compare("Assad's government is warring with opposition forces.",
                                    "He gave extremists an opening in Iraq.", similarity=0.4) if s.name == "framing"]
    assert not signal.contradicts and "neither is set off as a label" in signal.reason


def test_one_sides_losses_are_counted_by_side() -> None:
    """"lost no fighters" / "four of the attackers were killed" clash; the other side's dead do not."""
    def numbers(a: str, b: str) -> list[str]:
        return [s.name for s in compare(a, b, similarity=0.7) if s.name == "number-mismatch"]

    assert numbers("The militia said it held the checkpoint for an hour and lost no fighters.",
                   "Police said four of the attackers were killed at the checkpoint.") == ["number-mismatch"]
    assert numbers("\"We did not lose a single man,\" the commander said.",
                   "The gunmen fled at dawn, leaving three of their dead behind.") == ["number-mismatch"]
    assert numbers("The fighters marched back without a single casualty.",
                   "Two of the fighters were killed in the ambush.") == ["number-mismatch"]
    # the other side's dead, and a loss of one, are no clash with "lost no fighters"
    assert numbers("The militia said it lost no fighters.", "The attack killed two border guards.") == []
    assert numbers("The army lost one soldier in the ambush.", "Two of the soldiers were killed in the ambush.") \
        == ["number-mismatch"]
    assert numbers("The army lost one soldier in the ambush.", "One of the soldiers was killed.") == []


def test_people_who_joined_a_march_are_a_crowd() -> None:
    assert [s.name for s in compare("Organisers said more than 30,000 people joined the march.",
                                    "Police put the crowd at several thousand.", similarity=0.7)
            if s.contradicts] == ["number-mismatch"]


def test_a_count_in_words_with_its_scale_is_the_same_count() -> None:
    # after14 audit: "300 soldiers were killed" / "Three hundred soldiers were killed" (read as three)
    assert [s.name for s in compare("300 soldiers were killed in the attack.",
                                    "Three hundred soldiers were killed near the dam.", similarity=0.7)] == []
    assert [s.name for s in compare("300 soldiers were killed in the attack.",
                                    "Two hundred soldiers were killed near the dam.", similarity=0.7)
            if s.contradicts] == ["number-mismatch"]


@pytest.mark.parametrize(("phrase", "party"), [
    ("The two captured gunmen had confessed on camera to being Ukrainian army soldiers.", "Ukraine"),
    ("The state channel now describes them as Ukrainian Nazis.", "Ukraine"),
    ("The ministry branded the attackers Russian saboteurs.", "Russia"),
    ("We went in as Russians, and we came out as Russians.", "Russia"),
])
def test_who_the_doers_are_in_a_speakers_words_names_their_party(phrase: str, party: str) -> None:
    assert [a.party for a in actors(phrase)] == [party]


@pytest.mark.parametrize("phrase", [
    "The ministry describes them as Ukrainian civilians caught in the crossfire.",  # victims, not doers
    "We went in as volunteers and came out as veterans.",  # no party
    "The company calls them Russian customers.",
])
def test_words_for_people_who_do_nothing_name_no_actor(phrase: str) -> None:
    assert actors(phrase) == ()


def test_a_confession_of_nationality_clashes_with_another_partys_doers() -> None:
    signals = compare("The two captured attackers had confessed on camera to being Ukrainian army soldiers.",
                      "The fighters were Russian citizens acting on their own.", similarity=0.4)
    assert names(signals) == ["actor-mismatch"]


@pytest.mark.parametrize("hurt", [
    "She was treated by paramedics in the car park and later taken to hospital.",
    "A worker was rushed to hospital with burns to his arms.",
])
def test_one_person_hurt_clashes_with_nobody_hurt_but_not_with_a_larger_count(hurt: str) -> None:
    assert names(compare("Managers insisted nobody was injured.", hurt)) == ["number-mismatch"]
    assert contradicting(compare("Three workers were injured in the blast.", hurt)) == []


def test_no_one_else_hurt_is_no_count_of_none() -> None:
    assert contradicting(compare("No one else was hurt, the fire service said.",
                                 "Two workers were taken to hospital with smoke inhalation.")) == []
