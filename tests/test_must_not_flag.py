"""Pairs that look like clashes and are not, one group per false-flag class seen on real news.

Each pair is written here in the style of the audited false flags (benchmarks/audit/README.md),
not copied from any article. A pair must give no contradicting signal, so the judge cannot flag
it on a middling NLI score; attribution cases check the parse-based frames directly.
"""

from __future__ import annotations

import pytest

from narratives.claims import extract_claims
from narratives.signals import compare, reading_of
from narratives.types import Article


def contradicting(a: str, b: str, similarity: float = 0.7, speaker_a: str | None = None,
                  speaker_b: str | None = None) -> list[str]:
    return [s.name for s in compare(a, b, speaker_a, speaker_b, similarity) if s.contradicts]


NEGATION_OUT_OF_CONTEXT = [
    ("If the protesters did not leave the square, police would have to clear it.",
     "Police cleared the square after the protesters left."),
    ("We have never been prouder of our son, his mother said of the reporter.",
     "A video released by the militants shows the reporter being killed."),
    ("The council denied a request to extend the market's opening hours.",
     "The market will open for longer hours from next week."),
    ("Residents whose benefits were previously denied to them can now apply again.",
     "The benefits were paid to residents last year."),
    ("He never said that the army shelled the town.", "The army shelled the town on Tuesday."),
    # from the second audit: a real denial of another proposition, a negated copula, a hedge
    ("So far no fragments of the rock have been found in the crater.",
     "It is unclear whether the rock disintegrated on impact or was buried in the crater."),
    ("I'm not a historian of the church, but most believers would agree with the campaign.",
     "The animal rights campaign was welcomed by church historians."),
    ("The surgeon is not currently performing procedures at the clinic.",
     "The surgeon has already stepped down as the clinic's medical director."),
    # from the third audit: neither confirming nor denying, and a hedged negation
    ("The company neither confirmed nor denied the report of a delivery service by drone.",
     "The company will deliver parcels by drone from next year, the report said."),
    ("The attacks may not have been carried out by the militants at all.",
     "The militants carried out the attacks on the two villages."),
    # from the fourth audit: the present state against a past act, a denial of something the other only
    # mentions, a lack of confirmation, a claim that calls the thing a hoax, a rumour reported as a rumour
    ("The surgeon is not currently operating at the clinic, nor is he serving as its director.",
     "After the surgeon finished operating on the singer, he left the room."),
    ("The driver was not a witness, the prosecutor's office said.",
     "The names of the witnesses were kept secret until the trial."),
    ("No formal alliance between the two groups has been confirmed.",
     "The bombing campaign is pushing the two groups towards an alliance."),
    ("The singer is not dead, his agent said.", "A death hoax about the singer spread on social media."),
    ("The farm lies less than two kilometres from the border.", "The camp is about 30 kilometres from the farm."),
    ("No marcher had died as a result of police action, the inspector said.",
     "One of the marchers, a student, was killed on Saturday."),
    ("No clubs are looking to move to another city, the commissioner said.",
     "Rumours that the league is considering adding two clubs have been circulating."),
]


@pytest.mark.parametrize(("a", "b"), NEGATION_OUT_OF_CONTEXT)
def test_a_negation_that_denies_nothing_is_no_denial(a: str, b: str) -> None:
    assert contradicting(a, b) == []
    assert contradicting(b, a) == []


def test_a_denial_is_a_speech_act_about_the_same_predicate() -> None:
    # the same shape with a real denial does clash: the test above is not vacuous
    assert contradicting("The army did not shell the town.", "The army shelled the town on Tuesday.") == ["denial"]
    assert contradicting("The army did not shell the town.", "Police did not enter the town.") == []
    assert not reading_of("If they did not leave, the police would act.").denies


@pytest.mark.parametrize("sentence", [
    "The minister was dismissed by the president on Friday after the vote.",
    "The union rejected the offer on Monday and the strike went on.",
    "The court dismissed the case against the two journalists on Thursday.",
])
def test_non_speech_verbs_are_not_reporting_cues(sentence: str) -> None:
    (claim,) = extract_claims(Article(id="x", text=sentence, outlet="Wire Desk"))
    assert claim.speaker is None and claim.cue == ""


def test_a_claim_object_makes_rejecting_a_denial() -> None:
    (claim,) = extract_claims(Article(id="x", text="The ministry rejected the accusations as baseless on Monday.",
                                      outlet="Wire Desk"))
    assert claim.speaker == "ministry" and claim.cue == "rejected"


ACTOR_MISMATCH_ON_NON_ACTORS = [
    ("Her team launched the strike before dawn.", "Russian forces launched the strike before dawn."),
    ("The strike was launched at dawn.", "Ukrainian forces launched the strike at dawn."),
    ("If Russia attacked the plant, the fallout would reach Poland.", "Ukrainian forces attacked the plant."),
    ("Smith attacked the plan in parliament.", "John Smith attacked the plan in parliament."),
    ("Six shots fired in rapid succession are heard on the recording.", "The officer fired two shots from his car."),
    ("Brown was struck by at least six bullets, the autopsy found.", "The officer fired two shots from his car."),
    # from the FNC-1 corpus: the claim being looked into names the actor, not the officials looking into it
    ("Officials are investigating claims that Islamic State fighters seized a cache of airdropped weapons.",
     "Syrian government airstrikes hit a rebel-held town near the border."),
    ("The army is looking into reports that rebel fighters shelled the depot.", "Government troops shelled the depot."),
]


@pytest.mark.parametrize(("a", "b"), ACTOR_MISMATCH_ON_NON_ACTORS)
def test_pronouns_determiners_conditions_and_name_forms_are_not_other_actors(a: str, b: str) -> None:
    assert "actor-mismatch" not in contradicting(a, b)


DIFFERENT_QUANTITIES = [
    ("Twelve children were killed in the strike.", "At least 40 people were killed in the strike."),
    ("The 9/11 attacks changed the city.", "Two attacks took place in the city that year."),
    ("No civilians had been hurt, the governor said.", "Nine wounded servicemen were brought to the hospital."),
    ("The village lies less than two kilometres from the border.",
     "The base is about 30 kilometres from the village."),
    ("More than 30 people had been killed by noon.", "By the evening the toll stood at 50."),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_QUANTITIES)
def test_counts_of_different_things_are_not_a_number_clash(a: str, b: str) -> None:
    assert "number-mismatch" not in contradicting(a, b, similarity=0.7)


def test_distances_from_different_places_do_not_clash_however_similar_the_claims() -> None:
    assert "number-mismatch" not in contradicting("The farm lies less than two kilometres from the border.",
                                                  "The camp is about 30 kilometres from the farm.", similarity=0.9)
    assert "number-mismatch" in contradicting("The farm lies less than two kilometres from the border.",
                                              "The farm is about 30 kilometres from the border.", similarity=0.9)


def test_counts_in_words_do_clash_with_the_same_outcome() -> None:
    assert contradicting("Nobody was injured in the blast.", "At least five people were wounded in the blast.") \
        == ["number-mismatch"]
    assert contradicting("A handful of protesters were detained.", "Police detained 300 protesters.") \
        == ["number-mismatch"]


def test_two_halves_of_one_quote_belong_to_one_speaker() -> None:
    text = ("The union's chief negotiator, Dana Price, said: “One side will come back to the table tomorrow.\n\n"
            "“The other side won't, and everybody in this town knows it.”")
    claims = extract_claims(Article(id="x", text=text, outlet="Evening Bugle"))
    assert [c.speaker for c in claims] == ["Dana Price", "Dana Price"]  # one source: never paired with itself


def test_two_denials_of_the_same_thing_agree() -> None:
    assert contradicting("The army denied shelling the town.", "Reports that the army shelled the town are false.",
                         speaker_a="army", speaker_b="ministry") == []


def test_a_party_denying_its_role_agrees_with_blame_on_another() -> None:
    names = [s.name for s in compare("The Israeli military denied that it had struck the site.",
                                     "Officials said the evidence pointed to a rocket fired by Islamic Jihad.",
                                     "Israeli military", "officials", 0.6, True, False)]
    assert "denial" not in names and "actor-denial" not in names


@pytest.mark.parametrize("sentence", [
    "Despite the warnings, residents returned to their homes on Tuesday evening.",
    "Two of the injured were taken to hospital in the regional capital overnight.",
    "Rather than wait for buses, hundreds of families left the town on foot.",
])
def test_fragments_are_not_speakers(sentence: str) -> None:
    (claim,) = extract_claims(Article(id="x", text=sentence, outlet="Wire Desk"))
    assert claim.speaker is None


@pytest.mark.parametrize(("a", "b"), [
    ("The council received no complaint of fraud at the count.", "The council received 14 complaints, all about queues."),
    ("Every ballot box was escorted and none went missing.", "The challenger lost to the mayor by 1,412 votes."),
    ("You cannot cross their lines without telling them, the commander said.",
     "The fighters crossed the front line at night."),
])
def test_a_denial_of_another_kind_of_thing_or_a_rule_of_thumb_is_no_denial(a: str, b: str) -> None:
    assert contradicting(a, b) == []


@pytest.mark.parametrize(("a", "b"), [
    # from the fourth audit: a denial of another proposition, a habit against a past act, two denials
    ("A Pentagon official denied that the group's leader was dead.",
     "The airstrike killed an aide to the group's leader, officials said."),
    ("Security officials denied that Hassan's wife had been arrested.",
     "Police detained the wife of Omar Farouk at the border."),
    ("But we don't send invoices to private individuals, the ski centre said.",
     "The mother said she had no regrets about sending the invoice."),
    ("Online rumours of the actor's death have been revealed to be a hoax.",
     "His agents dismissed similar rumours in April."),
    ("Local sources said the volunteer was nowhere near the town.",
     "Kurdish sources denied the claims, saying the volunteer was not in the area."),
])
def test_fourth_audit_false_flags_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == []
    assert contradicting(b, a, similarity=0.7) == []


def test_a_passive_or_a_test_does_not_make_the_speaker_an_actor() -> None:
    from narratives.signals import actors

    assert actors("it had been destroyed in a follow-up airstrike.", "Central Command") == ()
    assert actors("We conducted DNA tests on her and the daughter.", "minister") == ()
    assert [a.party for a in actors("We shelled the bridge at dawn.", "Ukrainian army")] == ["Ukraine"]


def test_a_denial_of_how_it_happened_is_no_denial_that_it_happened() -> None:
    # from the fifth audit: both sides say the drop was no mistake
    assert contradicting("US claims that the weapons were mistakenly dropped to the militants were untrue, he added.",
                         "The US drops weapons for the militants on the excuse of not knowing their positions.") == []
    assert contradicting("Reports that the weapons were dropped to the militants are untrue.",
                         "The US dropped weapons to the militants near the town.") == ["denial"]


def test_the_one_who_calls_a_claim_false_is_not_what_is_denied() -> None:
    assert contradicting("Ten militants were caught at the border, a claim the department said was false.",
                         "The department was still working to improve its policies.") == []


def test_a_group_saying_it_liberated_a_town_names_itself_as_the_actor() -> None:
    from narratives.signals import actors

    assert [a.phrase for a in actors("it had completely liberated the border town.", "Liberty of Russia Legion")] \
        == ["Liberty of Russia Legion"]


@pytest.mark.parametrize(("a", "b"), [
    # from the 1,000-article audit: a refusal, a guess, one instrument named by two killings, a done act
    # against the present state, an intention
    ("The gunman refused to drop his weapon and fired at officers, a spokesman said.",
     "Officers fatally shot the gunman outside the library."),
    ("The video was probably staged, with the killing happening off camera.",
     "Analysts identified the militant who appeared in the video."),
    ("No militants were killed in the airstrikes, the group said.",
     "The aid worker had been killed by a missile strike on the building."),
    ("The surgeon is not currently performing procedures at the clinic.",
     "It was a routine endoscopy performed by the surgeon."),
    ("The sergeant has not been charged yet, a spokesman said.", "The army has decided to charge the sergeant."),
    # from the second 1,000-article audit (after8): an act of lying, a vague "no information", "take part",
    # "take down" and "taken over" (no happening), a reported mood, an indirect question
    ("The regional government has lied about the missing students several times in the past.",
     "The governor said the government is confident it has been negotiating with the right man."),
    ("There is no information on whether doctors in the city are equipped to treat the disease.",
     "The health agency is reaching out to officials in the region to gather more information."),
    ("So far the prince has not taken part in any of the raids.",
     "The photograph was used as proof that the prince was gearing up to fight in person."),
    ("There was anger online that the platform didn't immediately take down the video.",
     "The platform says it removes videos that break its rules when users flag them."),
    ("The visits to factories that the minister used to make have not been taken over by anyone else.",
     "His deputy would inspect sites before official visits."),
    ("The ministry did not say where the strikes took place.",
     "Militants said the strikes had not hit a single one of their fighters."),
    ("Who fired the first shots is still unclear.", "Police officers fired the first shots, witnesses said."),
    # from the after9 audit: a number in words with its multiplier, one of a group against the group's
    # size, advice that is not the act, "no good" as a negation
    ("Three hundred soldiers were killed in the town.", "The militants killed over 300 soldiers in the town."),
    ("He had met relatives of one of the 12 victims of the attack.", "He was questioning the family of one of the victims."),
    ("She has decided not to press charges against the driver.",
     "She was advised to press charges against the driver but does not see the point."),
    ("His girlfriend left after telling him he was not good at his job.", "He was told that he was no good at his job."),
])
def test_1000_article_audit_false_flags_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == []
    assert contradicting(b, a, similarity=0.7) == []


def test_take_place_is_still_a_happening_that_can_be_denied() -> None:
    assert contradicting("The meeting did not take place, the ministry said.",
                         "The meeting took place in Geneva on Tuesday.") == ["denial"]


def test_a_number_in_words_with_its_multiplier_is_counted_whole() -> None:
    assert contradicting("Three hundred soldiers were killed in the town.",
                         "Thirty soldiers were killed in the town.") == ["number-mismatch"]


@pytest.mark.parametrize(("a", "b"), [
    # "IS" read as the verb "is" lost the object: "bombed" then asserted an attack on anything
    ("Rebel leaders had not been targeted, a spokesman said.", "US jets bombed IS fighters around the dam."),
    # a rule, not a denial that it happened
    ("Residents cannot take the law into their own hands, police said.",
     "An angry crowd took the law into its own hands and beat the man."),
    # a negative narrowed in time: the recording held only the shots
    ("The phone recorded nothing before the shots began and nothing after.",
     "The phone recorded the sound of the gunfire."),
    # a belief the speaker held, not a fact asserted
    ("I assumed I wasn't a target, I assumed I was fine.", "The gunman had written about being targeted."),
    # a passive's subject is what the act was done to: the hikers are not the bodies
    ("The missing hikers were not found in the caves.", "Around 20 bodies were found in the caves this year."),
    ("The impact near the airport did not cause any injuries.",
     "The loud boom was caused by the impact of a small meteorite."),
    # a denial about one object does not deny the act on another
    ("The raids went on for an hour, not hitting any jihadi man thank God.",
     "Dozens of jets had bombed the group's training centres and weapons depots."),
])
def test_after9_audit_false_flags_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == []
    assert contradicting(b, a, similarity=0.7) == []


@pytest.mark.parametrize(("a", "b"), [
    ("IS fighters were not killed in the strike, the group said.", "The strike killed IS fighters near the dam."),
    ("He can't have stolen the car.", "He stole the car on Sunday."),
    ("The phone recorded nothing.", "The phone recorded the gunfire."),
    ("The hikers were not found in the caves.", "The hikers were found in the caves on Sunday."),
    ("The raids did not hit any fighters.", "The raids hit fighters near the dam."),
])
def test_the_same_denials_without_the_narrowing_still_count(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == ["denial"]


@pytest.mark.parametrize(("a", "b"), [
    # the other claim's acts have no doer: the name in it is a source or a victim, not a rival doer
    ("Officer Wilson fired two shots from inside his car.",
     "Autopsy reports ordered by the county found that Brown had been shot at least six times."),
    ("Egyptian jets bombed militant camps in Libya.",
     "Alhakim, who said a dozen doctors had been executed in Mosul, briefed the council."),
])
def test_a_name_beside_an_act_without_a_doer_is_no_rival_actor(a: str, b: str) -> None:
    assert "actor-mismatch" not in contradicting(a, b, similarity=0.5)


@pytest.mark.parametrize(("a", "b"), [
    # who someone is names the party even where the claim's other act has no doer ("had been detained")
    ("The attackers were nationals of Ukraine and two of them had been detained.",
     "The fighters were Russian citizens acting on their own."),
])
def test_identity_statements_and_pronoun_doers_still_name_actors(a: str, b: str) -> None:
    assert "actor-mismatch" in contradicting(a, b, similarity=0.5)


def test_a_pronoun_is_a_doer() -> None:
    # "it" is the group that speaks: the Legion says it did what Gladkov says Ukrainian saboteurs did
    assert "actor-mismatch" in contradicting("it had liberated the border village.",
                                             "a Ukrainian sabotage group had entered the border village.", 0.5,
                                             speaker_a="Freedom of Russia Legion", speaker_b="Governor Gladkov")


@pytest.mark.parametrize(("a", "b"), [
    # a clause under a negated verb is not asserted: no performing, so nothing for the clinic to deny
    ("The surgeon, who wasn't authorized to perform any procedures at the clinic, began a biopsy.",
     "Dr. Lane is not currently performing procedures at the clinic."),
    # a denial narrowed by a relative clause denies only that
    ("The suggestion that travellers who have ties to the cartel were detained at the border is false.",
     "Some of those detained at the border might be smugglers."),
    # a hedge
    ("The new footage seemingly does not show the first two shots.", "The footage shows as many as 11 shots."),
    # a plan is not a deed
    ("The broadcaster did not blur the minister's face.",
     "The alleged decision by the broadcaster to blur the minister's face drew criticism."),
    # one group under two of its news names
    ("The crime perpetrated by terrorist Daesh in killing 300 soldiers.", "ISIS killed over 300 soldiers in the town."),
    # one time, given to the second
    ("The recording was created at 12:02 p.m.", "The video was created at 12:02:14 p.m. that day."),
])
def test_after10_audit_false_flags_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == []
    assert contradicting(b, a, similarity=0.7) == []


def test_an_unnarrowed_denial_of_the_same_detentions_still_counts() -> None:
    assert contradicting("Reports that travellers were detained at the border are false.",
                         "At least ten travellers were detained at the border.") == ["denial"]


@pytest.mark.parametrize(("a", "b", "speaker_a"), [
    # from the after12 audit: a thing said *not* to be false is called genuine
    ("He insists that the clip was not staged.", "The clip has been watched more than two million times.", None),
    ("The minister said the report is not fake.", "The report was published by the ministry on Monday.", None),
    # a made thing called fake was still made and shown: calling the letter forged denies what it says
    ("The letter was a fabrication, the embassy said.", "A local paper printed the letter on its front page.", None),
    # a bare "denies claim" names no deed, so it denies no part in the other claim's deed
    ("ISIS fighter denies claim and says selling antiquities would bring in little money",
     "ISIS fighters captured most of the valley last week.", "ISIS fighter"),
])
def test_after12_audit_false_flags_give_no_contradicting_signal(a: str, b: str, speaker_a: str | None) -> None:
    assert contradicting(a, b, similarity=0.7, speaker_a=speaker_a) == []
    assert contradicting(b, a, similarity=0.7, speaker_b=speaker_a) == []


@pytest.mark.parametrize(("a", "b", "speaker_a", "expected"), [
    # something that is not an artefact, called fake, never happened as told
    ("Critics say the operation was a fake and she never had it.", "She said she paid $20,000 for the operation.",
     None, "denial"),
    ("The glow-in-the-dark sweets proved to be a myth.", "The glow-in-the-dark sweets are on sale in three sizes.",
     None, "denial"),
    # a denial of claims naming the denier's own side is still a denial of its role
    ("The ministry denied claims that its forces shelled the hospital.",
     "Ukrainian artillery shelled the hospital on Monday.", "Ukrainian army", "actor-denial"),
])
def test_the_same_falsity_and_role_denials_still_count(a: str, b: str, speaker_a: str | None, expected: str) -> None:
    assert expected in contradicting(a, b, similarity=0.7, speaker_a=speaker_a)


@pytest.mark.parametrize(("a", "b", "speaker_a"), [
    # from the after12 audit: two parties' deeds in one broad event, told by acts with different targets
    ("American drones hit the two vehicles with missiles near the coast.",
     "Al-Shabaab was responsible for twin bombings in Nairobi in 2011 that killed 60 people.", None),
    ("It launched an earlier failed raid to rescue the journalist.",
     "An operation by Yemen's armed forces on Saturday freed a British hostage.", "Pentagon"),
])
def test_different_deeds_of_two_parties_are_no_actor_clash(a: str, b: str, speaker_a: str | None) -> None:
    assert contradicting(a, b, similarity=0.7, speaker_a=speaker_a) == []


@pytest.mark.parametrize(("a", "b"), [
    # from the after12 audit: a count added to another, a part of a total, and counts over other periods
    ("Another four people died when gunmen fired on a second bus near the stadium.",
     "Officials say four pupils were among eight people killed in the attacks on Friday."),
    ("About 40 bodies were found in shallow graves around the town alone this year.",
     "A local paper reported that 25 bodies had been found."),
    ("In 2019: 61 bodies found in graves near the capital.", "Investigators said 25 bodies had been found."),
    ("The coalition said its jets carried out 14 air strikes around the town since Monday.",
     "Our correspondent said there had been around six air strikes."),
    ("Over the past five months, the group has killed four foreign hostages.",
     "The group said the two hostages were killed in an air strike."),
])
def test_counts_of_parts_additions_and_other_periods_are_no_number_clash(a: str, b: str) -> None:
    assert "number-mismatch" not in contradicting(a, b, similarity=0.7)
    assert "number-mismatch" not in contradicting(b, a, similarity=0.7)


def test_the_same_counts_without_part_or_period_still_clash() -> None:
    assert "number-mismatch" in contradicting("Four people died when gunmen fired on the bus.",
                                              "Officials say eight people were killed when gunmen fired on the bus.")
    assert "number-mismatch" in contradicting("In 2019, 61 bodies were found in graves near the capital.",
                                              "In 2019, 25 bodies were found in graves near the capital.")


@pytest.mark.parametrize(("a", "b"), [
    # from the after12 audit: both sides call it false; a title-case headline's "Denies" is still a denial
    ("The singer was the victim of a celebrity death hoax this week.",
     "The singer's agent told a magazine that the news of his alleged death was a hoax."),
    ("Also read: City Clinic Denies Performing Risky Throat Surgery",
     "The clinic denies that the throat surgery was performed at the clinic."),
])
def test_two_claims_that_both_call_it_false_agree(a: str, b: str) -> None:
    assert contradicting(a, b, similarity=0.7) == []
    assert contradicting(b, a, similarity=0.7) == []


def test_a_title_case_headline_denial_still_meets_the_assertion() -> None:
    assert "denial" in contradicting("City Clinic Denies Performing Risky Throat Surgery",
                                     "Doctors at the clinic performed the risky throat surgery on Friday.")


def test_denying_ones_own_deed_is_no_denial_that_the_deed_happened() -> None:
    # from the after12 audit: the police deny their part, the other claim says attacks happened, by nobody named
    assert contradicting("The police have denied attacking anyone.",
                         "The bus was among those ambushed in what officials described as three attacks.") == []
    # a denial that names what it was done to still meets the same thing done by nobody named
    assert contradicting("Police deny firing a single rubber bullet all day.",
                         "He had been struck by a rubber bullet fired at close range.") == ["denial"]
    # against a claim that names them as the doers it is still a denial
    assert contradicting("The police have denied attacking anyone.",
                         "Police attacked the students' buses on September 26.") == ["denial"]



# From the after13 audit (ninth session): a denial about someone else who died, a consequence only
# supposed, a headline naming another victim, an order rather than a deed, and an accusation of a
# different deed than the other claim's. Each gave a contradicting signal before the fix.
@pytest.mark.parametrize(("a", "b"), [
    ("Syrian officials denied that the ISIS commander was dead.",
     "An airstrike on the ISIS stronghold of Raqqa killed two members of the group, including a bodyguard of the "
     "ISIS commander."),
    ("If her death is confirmed, she would be the third aid worker to die while held by the militia.",
     "No militia fighters were killed in the shelling, the group said."),
    ("No rebel fighters were killed in the raid, the group said.",
     "Navy Diver's Death, Shown in Rebel Video, Spurs Government to Suspend Talks"),
    ("The sailors were directed to turn over their rifles before they were allowed to leave the port.",
     "The navy said no rifles were turned over to anyone, but were destroyed on the ship before the evacuation."),
])
def test_after13_audit_false_denials_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b) == []


@pytest.mark.parametrize(("a", "b"), [
    ("The envoy accused ISIS of crimes against humanity by targeting religious minorities.",
     "Jordanian jets bombed ISIS depots in Raqqa, including fuel stores and barracks."),
    ("The envoy accused ISIS of crimes against humanity by targeting religious minorities.",
     "The Sunni militants seized a third of the province and imposed their own courts."),
    ("Amnesty International accused the Nigerian army of war crimes, including summary killings, in its campaign "
     "against Boko Haram.", "Boko Haram fighters raided two farms on Sunday and set fire to a third."),
])
def test_an_accusation_of_another_deed_is_no_actor_clash(a: str, b: str) -> None:
    assert "actor-mismatch" not in contradicting(a, b)


def test_the_same_deeds_still_clash() -> None:
    # the deed of an accusation is the other claim's deed when its target stands in for it ("the structure")
    assert "actor-mismatch" in contradicting("Russian engineers had blown up the dam, the governor said.",
                                             "The ambassador accused Kyiv of deliberately attacking the structure.")
    # a death the other denies is still denied: the same person
    assert contradicting("Syrian officials denied that the ISIS commander was dead.",
                         "An airstrike on the ISIS stronghold of Raqqa killed the ISIS commander and his bodyguard.") \
        == ["denial"]
    # a deed done, not only ordered
    assert contradicting("The sailors turned over their rifles before they left the port.",
                         "The navy said no rifles were turned over to anyone.") == ["denial"]


# Also from the after13 audit: a negated clause about others than the ones counted, a deed prevented, a
# present need, and a count added to an earlier one or named as part of a total.
@pytest.mark.parametrize(("a", "b"), [
    ("Coast guards have stopped eight smugglers near the bay, including three in March.",
     "If they stop eight, there are dozens more that did not get stopped by the coast guard, the senator said."),
    ("The minister adopted the orphan to save him from turning into a vampire, as local lore demands.",
     "Vampires don't exist, of course."),
    ("Watchmakers don't set their own prices; dealers do.",
     "Watchmakers have to set a price and stick to it all year, Foskett said."),
    ("14 more police officers had been arrested, accused of letting the prisoners escape.",
     "So far more than 30 people have been detained, including 22 police officers."),
])
def test_after13_audit_others_prevented_needs_and_parts_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b) == []


def test_the_counts_and_deeds_themselves_still_clash() -> None:
    assert contradicting("Coast guards have stopped eight smugglers near the bay.",
                         "The coast guard did not stop any smugglers near the bay.") == ["denial"]
    assert contradicting("14 police officers had been arrested, accused of letting the prisoners escape.",
                         "So far 30 police officers have been arrested for the escape.") == ["number-mismatch"]


# Also from the after13 audit: a policy is no statement about a payment, and a denial about one group
# of people agrees with a claim about other ones.
@pytest.mark.parametrize(("a", "b"), [
    ("The rebels boasted that they had made millions from ransoms paid by European governments.",
     "Canada and Australia have a policy of not paying ransom to armed groups for kidnapped citizens."),
    ("Instead, the carrier employs women from other countries, including Kenya, as cabin crew.",
     "Omani women are not employed as cabin crew by the carrier, which instead hires women from other countries."),
    ("Omani women are not employed as cabin crew by the carrier.",
     "But the carrier does employ women of other nationalities as cabin crew."),
])
def test_after13_audit_policies_and_other_people_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b) == []


def test_the_same_people_and_payments_still_clash() -> None:
    assert contradicting("Omani women are not employed as cabin crew by the carrier.",
                         "The carrier employs Omani women as cabin crew.") == ["denial"]
    assert contradicting("European governments had paid ransoms to the rebels.",
                         "No European government has paid any ransom to the rebels.") == ["denial"]


# Also from the after13 audit: no proof is not a denial, and a slogan's "don't" denies nothing.
@pytest.mark.parametrize(("a", "b"), [
    ("There is no reliable proof that the hanging video is authentic.",
     "The militants released the graphic video of the hanging to social media as proof of their resolve."),
    ("the authenticity of the recording has yet to be verified, but what appears to be gunfire can be heard in the "
     "background of the call.",
     "A woman under a tent sold caps that read \"Hands up, don't shoot,\" the chant favoured by marchers, as the heat "
     "reached 35 Celsius at noon."),
])
def test_after13_audit_missing_proof_and_slogans_give_no_contradicting_signal(a: str, b: str) -> None:
    assert contradicting(a, b) == []


def test_a_plain_denial_of_the_shooting_still_counts() -> None:
    assert contradicting("Police did not shoot at the marchers.", "Police shot two marchers on Friday.") == ["denial"]


# Recall on the seeds' own kinds of denial (ninth session), with the look-alikes that must stay apart.
@pytest.mark.parametrize(("a", "b"), [
    ("was a recording of rebel commanders discussing a failed ambush.", "the recording had been faked."),
    ("He also denied that Millbrook had ever been evacuated.",
     "The mayor ordered the evacuation of Millbrook and two nearby hamlets."),
    ("Guards deny firing a single rubber bullet during the protest.",
     "The guards shot my daughter and now they call her a looter."),
])
def test_a_faked_recording_an_ordered_evacuation_and_a_denied_shooting_clash(a: str, b: str) -> None:
    assert contradicting(a, b) == ["denial"]


@pytest.mark.parametrize(("a", "b"), [
    ("The guards deny firing a single rubber bullet during the protest.", "Rioters shot at the guards from a rooftop."),
    ("He denied that the school had been evacuated.",
     "The mayor ordered the evacuation of Millbrook and two nearby hamlets."),
])
def test_someone_elses_shooting_and_another_places_evacuation_do_not(a: str, b: str) -> None:
    assert contradicting(a, b) == []


# From the FNC-1 flags of this change (actor links pair every two claims naming different doers): names
# that are no party, people something was done to, a hypothetical and an accusation of no deed.
@pytest.mark.parametrize(("a", "b"), [
    ("Now, in his telling, the helicopter he was travelling in was forced down after being hit by an RPG.",
     "Other soldiers have accused Williams of misleading viewers in his apology."),
    ("Police opened fire on about 100 students who had hijacked buses in the town.",
     "The gang's leader killed himself as he was about to be arrested during an operation by Mexican security forces."),
    ("The arrest could help free 27 members of the Lebanese security forces captured by Islamic militants in August.",
     "If confirmed, the shooting would be the first attack on foreigners carried out by Islamic State supporters."),
    ("The minister accused ISIS of being guilty of crimes of genocide.",
     "Egyptian warplanes bombed Islamic State targets in Libya, including weapon storage sites."),
])
def test_actor_clash_needs_two_parties_as_doers_of_one_deed(a: str, b: str) -> None:
    assert "actor-mismatch" not in contradicting(a, b, similarity=0.3)
