"""Claim-level contradiction signals for where NLI is weak on real cross-outlet news.

Three kinds, each explained in words for the reviewer:
- who did it: the two claims name different actors in the same role ("a Ukrainian sabotage group
  entered" vs "Russian citizens were behind the assault"), or one denies the actor the other names
  ("Ukraine had nothing to do with it" vs "an attempt by Ukraine");
- denial: one claim denies or calls false what the other asserts, on the same subject;
- numbers and dates: the same quantity ("people killed") or the day of the same thing differs.
Signals also report agreement (both name the same actor), which helps split sources into camps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from narratives.memo import remembering_cache
from narratives.propositions import (ACTS, OPPOSITES, Proposition, acts, class_of, denies, disagreement, opposed,
                                     propositions, same_deed, time_clash)
from narratives.times import MONTHS

# Reporting verbs that deny what follows them: "X denied that its forces fired".
DENIAL_CUES = frozenset({"denied", "denies", "deny", "denying", "rejected", "rejects", "rejecting", "dismissed",
                         "dismisses", "dismissing", "refuted", "refutes", "refuting", "disputed", "disputes",
                         "disputing", "rebuffed", "rebuffing", "rubbished", "contradicted", "contradicts",
                         "contradicting"})

# Nationality words and places that stand for a party in a conflict. An actor phrase maps to the
# first party it mentions; phrases naming no party keep their own head name.
PARTY_WORDS = {
    "ukraine": "Ukraine", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine",
    "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia", "kremlin": "Russia",
    "israel": "Israel", "israeli": "Israel", "israelis": "Israel", "idf": "Israel",
    "hamas": "Hamas", "islamic jihad": "Islamic Jihad", "hezbollah": "Hezbollah",
    # one group under its news names ("IS" alone is left out: it is also the verb)
    "islamic state": "Islamic State", "isis": "Islamic State", "isil": "Islamic State", "daesh": "Islamic State",
    "daash": "Islamic State",
    "palestinian": "Palestinians", "palestinians": "Palestinians",
    "united states": "United States", "u.s.": "United States", "us": "United States", "american": "United States",
    "americans": "United States", "washington": "United States", "pentagon": "United States",
    "britain": "United Kingdom", "british": "United Kingdom", "uk": "United Kingdom", "london": "United Kingdom",
    "anglo-saxons": "United Kingdom / United States",
    "china": "China", "chinese": "China", "beijing": "China", "iran": "Iran", "iranian": "Iran",
    "tehran": "Iran", "syria": "Syria", "syrian": "Syria", "turkey": "Turkey", "turkish": "Turkey",
    "india": "India", "indian": "India", "pakistan": "Pakistan", "pakistani": "Pakistan",
    "belarus": "Belarus", "belarusian": "Belarus", "poland": "Poland", "polish": "Poland",
    "germany": "Germany", "german": "Germany", "france": "France", "french": "France",
    "nato": "NATO", "saudi": "Saudi Arabia", "yemen": "Yemen", "houthi": "Houthis", "houthis": "Houthis",
    "azerbaijan": "Azerbaijan", "azerbaijani": "Azerbaijan", "armenia": "Armenia", "armenian": "Armenia",
    "sudan": "Sudan", "sudanese": "Sudan", "rsf": "RSF", "ethiopia": "Ethiopia", "ethiopian": "Ethiopia",
    "eritrea": "Eritrea", "eritrean": "Eritrea", "taliban": "Taliban", "afghan": "Afghanistan",
    "north korea": "North Korea", "north korean": "North Korea", "south korea": "South Korea",
    "georgia": "Georgia", "georgian": "Georgia", "lebanon": "Lebanon", "lebanese": "Lebanon",
    "egypt": "Egypt", "egyptian": "Egypt", "venezuela": "Venezuela", "venezuelan": "Venezuela",
}
_KNOWN_PARTIES = frozenset(p.lower() for party in PARTY_WORDS.values() for p in party.split(" / "))
_PARTY_LEMMAS = frozenset(w for word in PARTY_WORDS for w in word.split())
# Adjectives ("Russian") are not names of anything; event labels skip them.
NATIONALITY_ADJECTIVES = frozenset(w for w, party in PARTY_WORDS.items() if w != party.lower() and w.endswith(("ian", "ish", "ese", "eli", "can", "ans", "nch", "man", "ean", "ani", "udi")))
_PARTY_PATTERN = re.compile(
    r"(?<![\w.])(" + "|".join(sorted((re.escape(w) for w in PARTY_WORDS), key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
_AGENT_NOUNS = (
    r"(?:sabotage\s+groups?|saboteurs?|forces|troops|army|military|soldiers|fighters|militants|group|groups|"
    r"citizens|nationals|opposition\s+groups?|partisans|guerrillas?|special\s+services|intelligence|agents|"
    r"navy|divers|commandos|units?|missiles?|rockets?|drones?|strikes?|airstrikes?|shelling|artillery|"
    r"jets|warplanes|aircraft|battalions?|brigades?|regime|government|authorities|specialists|operatives|"
    r"personnel|servicemen|volunteers|mercenaries|officers|special\s+forces|navy\s+divers)"
)
_ACTION_VERBS = (
    r"(?:attacked|entered|crossed|invaded|launched|fired|shelled|struck|hit|bombed|destroyed|blew\s+up|"
    r"sabotaged|killed|carried\s+out|blown\s+up|demolished|breached|shot\s+down|downed|bombarded|mined|conducted|staged|mounted|raided|seized|captured|liberated|"
    r"was\s+responsible|were\s+responsible|was\s+behind|were\s+behind|is\s+responsible|are\s+responsible|"
    r"is\s+behind|are\s+behind|caused|planted|targeted|detonated|had\s+entered|have\s+entered|has\s+entered|"
    r"had\s+crossed|have\s+crossed|had\s+launched|had\s+fired|had\s+carried\s+out|had\s+destroyed|had\s+blown\s+up|had\s+mined|"
    r"wrecked|had\s+wrecked|damaged|had\s+damaged|planted|had\s+planted|took\s+part|had\s+taken\s+part|shot|opened\s+fire|"
    r"was\s+(?:probably\s+|likely\s+)?responsible|were\s+(?:probably\s+|likely\s+)?responsible)"
)
_QUOTE = r"[“”\"‘’']?"
# "a Ukrainian “sabotage group” had entered", "Russian citizens were behind the assault"
_SUBJECT_ACTOR = re.compile(
    rf"(?P<actor>(?:\b[A-Z][\w-]*\s+){{0,3}}?(?:\bpro-|\b)(?:[A-Z][\w.-]*)\s+(?:[a-z-]+\s+){{0,3}}{_QUOTE}{_AGENT_NOUNS}{_QUOTE})"
    # "a Ukrainian sabotage and reconnaissance group of about 20 fighters had crossed": its size is no verb
    rf"(?:\s+of\s+(?:about\s+|some\s+|around\s+|up\s+to\s+)?[\d,]+\s+[a-z]+)?"
    rf"(?:(?:,[^,]{{0,120}}){{1,3}},)?\s+(?:\w+\s+){{0,2}}?{_ACTION_VERBS}\b"
)
# "an attempt by Ukraine", "an attack carried out by Russian forces", "fired by Islamic Jihad"
_BY_ACTOR = re.compile(
    r"\b(?:attempt|attack|assault|strike|raid|incursion|operation|shelling|sabotage|bombing|blast|explosion|"
    r"provocation|act|carried\s+out|launched|fired|conducted|staged|organi[sz]ed|orchestrated|caused|"
    r"committed|perpetrated|destroyed|blown\s+up|mined|hit|struck)\s+by\s+"
    r"(?P<actor>(?:the\s+)?(?:[A-Z][\w.-]*|[a-z]+\s+[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*){0,3}(?:\s+" + _AGENT_NOUNS + r")?)"
)
# "accused Kyiv of deliberately attacking the structure", "blamed Russian forces for the strike"
_ACCUSED = re.compile(
    r"\b(?:accused|accuses|accusing|blamed|blames|blaming)\s+(?P<actor>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}"
    r"(?:\s+" + _AGENT_NOUNS + r")?)\s+(?:of|for)\b"
)
# Named subject with an action verb: "Ukraine shelled the dam", "Hamas fired the rocket"
_NAMED_SUBJECT = re.compile(rf"^(?:the\s+)?(?P<actor>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}})\s+(?:\w+\s+)?{_ACTION_VERBS}\b")
# Self-reported action: "it had completely liberated", "they had crossed the border"
_PASSIVE_SELF = re.compile(r"^(?:it|they|we)\s+(?:\w+\s+)?(?:had\s+been|has\s+been|have\s+been|was|were|is|are|got)\s+\w+(?:ed|en)\b",
                           re.IGNORECASE)
_SELF_ACTOR = re.compile(rf"^(?:it|they|we)\s+(?:\w+\s+){{0,2}}{_ACTION_VERBS}\b", re.IGNORECASE)
# "Ukraine had nothing to do with it", "Israel was not responsible", "Kyiv denied involvement"
_DENIED_ACTOR = re.compile(
    r"(?P<actor>\b[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}|\b(?:it|they|we))\s+"
    r"(?:(?:had|has|have)\s+(?:had\s+)?nothing\s+to\s+do\s+with|(?:had|has|have|played|plays)\s+no\s+(?:part|role)\s+in|(?:was|were|is|are)\s+not\s+(?:involved|responsible|behind)|"
    r"(?:did|does|do)\s+not\s+(?:carry\s+out|launch|fire|attack|strike|hit|destroy|blow\s+up|sabotage)|"
    r"(?:denied|denies|deny|rejected|rejects)\s+(?:any\s+)?(?:involvement|responsibility|role|carrying\s+out))"
)
# The speaker denies its own role: "denied that its forces had carried out", "rejected the accusation"
_DENIED_SELF = re.compile(
    rf"\b(?:denied|denies|deny|rejected|rejects|dismissed)\s+(?:that\s+)?(?:(?:it|they|we|its\s+\w+|their\s+\w+|our\s+\w+)"
    rf"\s+(?:\w+\s+){{0,2}}{_ACTION_VERBS}|(?:the\s+|any\s+)?(?:accusations?|allegations?|charges?|involvement|responsibility)"
    # "denies claims that its forces …", "claims of its involvement"; a bare "denies claim" may be any claim
    rf"|(?:the\s+|any\s+)?claims?\s+(?:that|of)\s+(?:it|they|we|its|their|our)\b)",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000,
}
# Counts in words that name a range, not a number: "several", "a handful of", "scores of".
_VAGUE = {"several": (3.0, 9.0), "handful": (2.0, 6.0), "few": (2.0, 6.0), "scores": (40.0, 400.0),
          "couple": (2.0, 3.0)}
_PARTITIVE = re.compile(r"\s+of\s+(?:the|its|his|her|their|our|those|these)\b", re.IGNORECASE)
_SCALE = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_QUANTITY = re.compile(
    r"(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|fewer\s+than|less\s+than|between)?\s*"
    r"(?:(?P<low>\d[\d,]*)\s*(?:and|to|-|–)\s*)?(?P<num>(?<![/\d])\d[\d,]*(?:\.\d+)?|\b(?:"
    + "|".join([*_NUMBER_WORDS, *_VAGUE]) + r"))(?:\s+(?P<scale>hundred|thousand|million|billion))?"
    r"\s+(?:(?:[a-z]+[- ]){0,2})(?P<noun>people|persons|civilians|dead|killed|deaths|wounded|injured|casualties|"
    r"victims|soldiers|troops|fighters|children|bodies|homes|houses|buildings|villages|settlements|towns|"
    r"operations|flights|ambulances|ballot\s+boxes|"
    r"drones|missiles|rockets|tanks|vehicles|incursions|attacks|strikes|residents|hostages|prisoners|refugees|"
    r"protesters|demonstrators|passengers|workers|officers|policemen|migrants|patients|students|journalists|"
    r"kilometres|kilometers|km|miles|metres|meters|tonnes|tons|dollars|euros)\b",
    re.IGNORECASE,
)
_NOUN_GROUPS = {
    "dead": "killed", "deaths": "killed", "killed": "killed", "bodies": "killed",
    "wounded": "injured", "injured": "injured", "casualties": "casualties",
    "persons": "people", "kilometers": "km", "kilometres": "km", "meters": "metres", "tons": "tonnes",
    "houses": "homes",
}
# What a count of people counts: "16,000 people lived in the flood zone" and "22,000 people were at
# risk" count different sets, and so do "30 killed" and "8 wounded". A count of people is compared
# only with a count of the same outcome; without one it is not compared at all.
_PEOPLE = frozenset({"people", "civilians", "residents", "children", "protesters", "demonstrators", "passengers",
                     "workers", "officers", "policemen", "migrants", "patients", "students", "journalists"})
# Counts of a part of a crowd ("12 children were killed") are compared only with the same part:
# they can be included in a larger count of people.
_PART_OF_PEOPLE = frozenset({"civilians", "residents", "children", "protesters", "demonstrators", "passengers",
                             "workers", "officers", "policemen", "migrants", "patients", "students", "journalists"})
_OUTCOME = re.compile(r"\b(killed|dead|died|deaths|wounded|injured|hurt|hospitali[sz]ed|(?:taken|rushed|admitted)\s+to\s+"
                      r"hospital|treated|evacuated|displaced|missing|"
                      r"arrested|detained|detain|arrest|evacuate|rescued|trapped|affected|lived|live|living|at risk|"
                      r"marched|protested|rallied|demonstrated|turned\s+out|took\s+part|joined\s+the\s+(?:march|protest|rally|"
                      r"demonstration|procession))\b", re.IGNORECASE)
_OUTCOME_GROUPS = {"dead": "killed", "died": "killed", "deaths": "killed", "wounded": "injured", "hurt": "injured",
                   "detain": "detained", "arrest": "detained", "hospitalised": "injured", "hospitalized": "injured",
                   "taken to hospital": "injured", "rushed to hospital": "injured", "admitted to hospital": "injured",
                   "treated": "injured", "arrested": "detained", "evacuate": "evacuated",
                   "live": "lived", "living": "lived", "marched": "crowd", "protested": "crowd", "rallied": "crowd",
                   "demonstrated": "crowd", "turned out": "crowd", "took part": "crowd", "joined the march": "crowd",
                   "joined the protest": "crowd", "joined the rally": "crowd", "joined the demonstration": "crowd",
                   "joined the procession": "crowd"}
_MONTHS = "|".join(MONTHS)
_DATE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTHS})|(?P<m2>{_MONTHS})\s+(?P<d2>\d{{1,2}})(?!\d))\b", re.IGNORECASE)


_PARTY_ALTERNATION = "|".join(sorted((re.escape(w) for w in PARTY_WORDS), key=len, reverse=True))
_MEMBERS = (r"(?:citizens|nationals|volunteers|mercenaries|servicemen|deserters|conscripts|soldiers|troops|"
            r"fighters|nationalists|partisans|veterans|recruits|special\s+forces|agents|saboteurs)")
_DOERS = (r"(?:fighters|attackers|men|raiders|saboteurs|gunmen|group|groups|unit|units|militants|soldiers|troops|"
          r"perpetrators|assailants|infiltrators|intruders|invaders|insurgents|commandos|volunteers|force|forces|"
          r"detachment|squad|team|crew|divers|those\s+responsible|people\s+behind\s+it)")
_MADE_OF_PARTY = re.compile(
    rf"\b(?:the\s+)?(?:\w+\s+){{0,2}}?{_DOERS}\b(?:[^.;]{{0,60}}?)\s(?:were|are|was|is|included|include|"
    rf"consisted\s+of|consist\s+of|(?:to|of)\s+being)\s+(?:all\s+|mostly\s+|largely\s+|mainly\s+|entirely\s+|made\s+up\s+of\s+|"
    rf"composed\s+of\s+|formed\s+of\s+)*(?P<actor>(?:(?:ethnic|former)\s+)?(?P<party>{_PARTY_ALTERNATION})\s+"
    rf"(?:\w+\s+)?{_MEMBERS}|{_MEMBERS}\s+(?:of|from)\s+(?:the\s+)?(?P<party2>{_PARTY_ALTERNATION})(?:\s+(?:army|military|armed\s+forces))?)",
    re.IGNORECASE,
)
# Who the doers are, in a speaker's words for them or for themselves: "describes them as Ukrainian Nazis",
# "branded the attackers Russian saboteurs", "we went in as Russians". Only a word for people who act
# follows the party ("as Ukrainian civilians" names victims, not doers).
_LABELS = (r"(?:nazis|terrorists|extremists|militants|radicals|nationalists|insurgents|guerrillas|commandos|"
           r"mercenaries|saboteurs|infiltrators|invaders|occupiers|agents|spies|provocateurs)")
_CALLED_PARTY = re.compile(
    rf"\b(?:describe[sd]?|describing|call(?:s|ed|ing)?|label(?:s|led|ed|ling)?|brand(?:s|ed|ing)?|dub(?:s|bed)?)\s+"
    rf"(?P<who>them|the\s+(?:\w+\s+)?{_DOERS})\s+(?:as\s+)?(?P<actor>(?P<party>{_PARTY_ALTERNATION})\s+"
    rf"(?:\w+\s+)?(?:{_MEMBERS}|{_LABELS}))\b"
    rf"|\bwe\s+(?:went|came|crossed|fought|acted)\s+(?:\w+\s+)?as\s+(?:all\s+)?"
    rf"(?P<actor2>(?P<party2>{'|'.join(w for w in PARTY_WORDS if w.endswith(('ans', 'elis')))})|"
    rf"(?P<party3>{_PARTY_ALTERNATION})\s+(?:\w+\s+)?{_MEMBERS})\b",
    re.IGNORECASE,
)
_NOT_AN_ACTOR_START = frozenset({"if", "when", "unless", "whether", "her", "his", "their", "its", "our", "my", "your",
                                 "this", "that", "these", "those", "despite", "after", "before", "while"})
_NOT_AN_ACTOR = frozenset({"the", "a", "an", "it", "they", "we", "he", "she", "one", "two", "u", "rather", "both",
                           "who", "what", "which", "whoever"})  # "who fired the shots is unclear"
_PASSIVE_AFTER = re.compile(r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|being|got)\s+(?!behind|responsible|"
                            r"probably|likely)\w+", re.IGNORECASE)
_HYPOTHETICAL_CLAIM = re.compile(r"\s*(?:if|unless|should)\b", re.IGNORECASE)
_CONDITION_BEFORE = re.compile(r"\b(?:if|unless|whether)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Actor:
    party: str  # "Ukraine", or the actor's own name when it maps to no party
    phrase: str  # the words in the claim, shown to the reviewer
    denied: bool = False


@dataclass(frozen=True, slots=True)
class Signal:
    name: str  # "actor-mismatch", "actor-denial", "denial", "number-mismatch", "time-mismatch", "date-mismatch", "framing",
    # "same-actor"
    reason: str  # one sentence for the reviewer
    contradicts: bool  # False: evidence of agreement
    # What is disputed and each side's position, for grouping flags into disputes: ("who did it",
    # "Ukraine", "Russia"), ("whether attack happened", "no", "yes"), ("how many guards killed", "two", "six").
    topic: str = ""
    position_a: str = ""
    position_b: str = ""


# Armed groups are parties of their own, whatever nationality word precedes them
# ("Palestinian Islamic Jihad" is Islamic Jihad, not "the Palestinians").
_ORGANISATION_PARTIES = frozenset({"Hamas", "Islamic Jihad", "Hezbollah", "Houthis", "Taliban", "RSF", "NATO",
                                   "Islamic State"})


def party_of(phrase: str) -> str:
    matches = [PARTY_WORDS[m.group(1).lower()] for m in _PARTY_PATTERN.finditer(phrase)]
    organisations = [m for m in matches if m in _ORGANISATION_PARTIES]
    if organisations or matches:
        return (organisations or matches)[0]
    words = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(" “”\"'"), flags=re.IGNORECASE)
    return words


@remembering_cache(maxsize=65536)
def _acts_have_doers(content: str, denial_frame: bool) -> bool:
    """Whether the actor a claim names can be the doer of its act: it says who someone is ("the attackers
    were nationals of Ukraine"), or states an act with a doer (a noun or a pronoun: "it had liberated the
    town"), or no act at all. A claim whose acts all lack a doer ("autopsy reports found that Brown had
    been shot six times", "doctors have been executed in Mosul") names its actors in other roles: a
    source, a victim, a place."""
    from narratives.parse import parse_one

    doc = parse_one(content)
    if any(t.dep_ == "attr" and t.head.lemma_ == "be" and t.pos_ in ("NOUN", "PROPN") for t in doc):
        return True
    if not any(p.predicate in ACTS and not p.hedged for p in propositions_of(content, denial_frame)):
        return True
    return any(class_of(t.lemma_) in ACTS and any(c.dep_ in ("nsubj", "agent") for c in t.children)
               for t in doc if t.pos_ in ("VERB", "AUX", "NOUN"))


@remembering_cache(maxsize=65536)
def actors(content: str, speaker: str | None = None, denied_by_frame: bool = False) -> tuple[Actor, ...]:
    """Who the claim says did it (or did not do it).

    `denied_by_frame`: the reporting verb was a denial ("X denied that its forces fired"), so
    every actor the proposition names is denied, not asserted.
    """
    content = _without_reported_clauses(content)
    content = re.sub(r"[“”\"]", "", content)  # quotes mark words as someone's, not who acted
    found: list[Actor] = []
    denied_spans = []
    for match in _DENIED_ACTOR.finditer(content):
        phrase = match.group("actor")
        if phrase.lower() in ("it", "they", "we"):
            # "#Ukraine is watching …, but it has nothing to do with it": the pronoun is the party
            # named earlier in the sentence; with none, the speaker talks about itself.
            earlier = list(_PARTY_PATTERN.finditer(content, 0, match.start()))
            if earlier:
                phrase = earlier[0].group(1)  # the clause's subject comes first
            elif speaker:
                phrase = speaker
            else:
                continue
        found.append(Actor(party_of(phrase), phrase, denied=True))
        denied_spans.append(match.span())
    for match in _MADE_OF_PARTY.finditer(content):
        # "the fighters were all Belarusian citizens": who they are names the actor's party
        found.append(Actor(party_of(match.group("party") or match.group("party2")), re.sub(r"\s+", " ", match.group("actor").strip())))
    for match in _CALLED_PARTY.finditer(content):
        party = match.group("party") or match.group("party2") or match.group("party3")
        if party.lower() in PARTY_WORDS:
            found.append(Actor(party_of(party), re.sub(r"\s+", " ", (match.group("actor") or match.group("actor2")).strip())))
    for pattern in (_SUBJECT_ACTOR, _BY_ACTOR, _NAMED_SUBJECT, _ACCUSED):
        for match in pattern.finditer(content):
            if any(s <= match.start() < e for s, e in denied_spans):
                continue
            phrase = re.sub(r"^(?:A|An)\s+(?=[A-Z])", "", match.group("actor").strip())  # "A Ukrainian group" at a start
            first = phrase.split()[0].lower() if phrase.split() else ""
            if first in _NOT_AN_ACTOR_START or _CONDITION_BEFORE.search(content[max(0, match.start() - 12):match.start()]):
                continue  # "If Russia attacked …" is hypothetical; "Her …", "The …" alone name nobody
            if phrase.lower() in _NOT_AN_ACTOR or phrase.lower() in _NUMBER_WORDS:
                continue  # "Six shots fired …": a count is not a party
            if pattern is _NAMED_SUBJECT and _PASSIVE_AFTER.match(content, match.end("actor")):
                continue  # "Brown was struck": the subject of a passive is who it happened to
            if pattern in (_SUBJECT_ACTOR, _NAMED_SUBJECT) and re.match(r"\s+by\b", content[match.end():]):
                continue  # "members of the Lebanese security forces captured by Islamic militants": who it happened to
            if _HYPOTHETICAL_CLAIM.match(content) and re.search(r"\b(?:would|could|might)\b", content[:match.start()]):
                continue  # "If confirmed, the shooting would be the first attack carried out by IS supporters"
            if not _PARTY_PATTERN.search(phrase) and pattern is _SUBJECT_ACTOR:
                continue
            found.append(Actor(party_of(phrase), re.sub(r"\s+", " ", phrase)))
    if speaker and _SELF_ACTOR.match(content) and not _PASSIVE_SELF.match(content) and any(
            p.predicate in ACTS and not p.hedged and not p.denied for p in propositions_of(content, False)):
        # "we shelled the bridge" names the speaker as the doer; "it had been destroyed" (a passive) and
        # "we conducted DNA tests" (no act of force) do not
        found.append(Actor(party_of(speaker), speaker))
    if speaker and _DENIED_SELF.search(content):
        found = [a for a in found if a.party != party_of(speaker)] + [Actor(party_of(speaker), speaker, denied=True)]
        denied_by_frame = False  # the denial is about the speaker's role, already recorded
    if denied_by_frame:
        found = [Actor(a.party, a.phrase, denied=True) for a in found]
    unique: dict[tuple[str, bool], Actor] = {}
    for actor in found:
        unique.setdefault((actor.party.lower(), actor.denied), actor)
    return tuple(unique.values())


_REPORTING_LEMMAS = frozenset({"say", "claim", "report", "allege", "tell", "write", "announce", "insist", "suggest"})


def _without_reported_clauses(content: str) -> str:
    """The claim without relative clauses that report someone else's claim: "Granitsa, the channel that first
    claimed the attackers were Belarusian citizens, deleted the post" names no actor of its own."""
    if not any(word in content for word in ("claim", "said", "says", "report", "alleg", "told", "insist", "rumo")):
        return content
    from narratives.parse import parse_one

    doc = parse_one(content)
    spans = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)) for t in doc
             if t.dep_ in ("relcl", "acl") and t.lemma_.lower() in _REPORTING_LEMMAS]
    # "officials are investigating claims that Islamic State fighters seized the weapons": the claim being
    # looked into names its actor, the speaker does not; "denied claims that Russian forces shelled" does (a denial)
    spans += [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)) for t in doc
              if t.dep_ == "acl" and t.head.lemma_.lower() in _CLAIM_WORDS and t.head.dep_ in ("dobj", "pobj")
              and _governing_verb(t.head).lemma_.lower() not in _DENYING_LEMMAS]
    spans = [span for span in spans if not any(o[0] <= span[0] and span[1] <= o[1] and o != span for o in spans)]
    for start, end in sorted(spans, reverse=True):
        content = content[:start] + content[end:]
    return content


def _governing_verb(token):
    """The verb a noun is the object of, through a preposition: "looking into reports" → looking."""
    head = token.head
    return head.head if head.dep_ == "prep" and head.pos_ == "ADP" else head


# Words whose presence in only one of two otherwise identical claims changes what it says.
_CHANGES_MEANING = frozenset({
    "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot", "false", "untrue",
    "true", "wrong", "fake", "lie", "lied", "lies", "myth", "hoax", "rumour", "rumours", "rumor", "rumors", "claim",
    "claims", "claimed", "allegation", "allegations", "alleged", "report", "reports", "reported", "unconfirmed",
    "deny", "denied", "denies", "denying", "reject", "rejected", "rejects", "dismiss", "dismissed", "dismisses",
    "refute", "refuted", "dispute", "disputed", "fabricated", "staged", "bogus", "baseless",
} | set(_NUMBER_WORDS))


def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("n't", " not")
    return re.findall(r"[a-z0-9]+", text)


def restates(text_a: str, text_b: str, share: float = 0.85) -> bool:
    """Whether two claims say the same words: one quoting the other, or one quote in two name forms
    ("that's Chris Bale" / "that's Christian Bale"). At least `share` of the shorter claim's words
    match in order, and what differs holds no negation, denial, falsity or number word. Such a pair
    can agree or not, but cannot contradict itself, however the NLI model scores it."""
    words_a, words_b = _words(text_a), _words(text_b)
    if not words_a or not words_b:
        return False
    matcher = SequenceMatcher(None, words_a, words_b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    if matched < share * min(len(words_a), len(words_b)):
        return False
    differing = {w for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
                 for w in words_a[i1:i2] + words_b[j1:j2]}
    return not any(w in _CHANGES_MEANING or w.isdigit() for w in differing)


def denial_links(claims) -> Callable[[Sequence[int]], list[tuple[int, int]]]:
    """For `pairs.candidate_pairs(linked=…)`: the pairs of an event's claims where one denies a proposition
    the other asserts (propositions.denies), found through an index of predicates, not by similarity."""

    def linked(members: Sequence[int]) -> list[tuple[int, int]]:
        denied: dict[str, list[tuple[int, Proposition]]] = {}
        asserted: dict[str, list[tuple[int, Proposition]]] = {}
        for i in members:
            claim = claims[i]
            for prop in propositions_of(claim.proposition, claim.cue in DENIAL_CUES):
                if prop.hedged:
                    continue
                if prop.denied:
                    denied.setdefault(prop.predicate, []).append((i, prop))
                else:
                    for key in {prop.predicate, *prop.heads}:
                        asserted.setdefault(key, []).append((i, prop))
        found = set()
        for predicate, denials in sorted(denied.items()):
            for i, denial in denials:
                for j, assertion in asserted.get(predicate, ()):
                    if i != j and denies(denial, assertion):
                        found.add((min(i, j), max(i, j)))
        for pair in sorted(OPPOSITES, key=sorted):
            first, second = sorted(pair)
            for i, one in asserted.get(first, ()):
                for j, other in asserted.get(second, ()):
                    if i != j and one.predicate == first and other.predicate == second and opposed(one, other):
                        found.add((min(i, j), max(i, j)))
        found.update(_zero_count_links(claims, members))
        return sorted(found)

    return linked


def actor_links(claims) -> Callable[[Sequence[int]], list[tuple[int, int]]]:
    """For `pairs.candidate_pairs(linked=…)`: the pairs of an event's claims that name different parties as
    the doer, or where one denies the role of a party the other names ("the attackers were nationals of
    Ukraine" / "we went in as Russians"): such accounts share few words, and an event with many claims
    naming one side would otherwise fill every claim's nearest neighbours with its own side."""

    def linked(members: Sequence[int]) -> list[tuple[int, int]]:
        named: list[tuple[int, frozenset[str], frozenset[str]]] = []
        for i in members:
            claim = claims[i]
            asserted, denied = _roles(actors(claim.proposition, claim.speaker, claim.cue in DENIAL_CUES))
            if asserted or denied:
                named.append((i, frozenset(asserted), frozenset(denied)))
        found_pairs = set()
        for k, (i, asserted_i, denied_i) in enumerate(named):
            for j, asserted_j, denied_j in named[k + 1:]:
                if (asserted_i and asserted_j and not asserted_i & asserted_j) or denied_i & asserted_j \
                        or denied_j & asserted_i:
                    found_pairs.add((min(i, j), max(i, j)))
        return sorted(found_pairs)

    return linked


# Bodies found ("28 bodies unearthed", "20 bodies had been discovered") are counted in one grave, one
# morgue or one day, not the toll of the event: on FNC-1 every such pair was a different count.
_BODIES = re.compile(r"\bbod(?:y|ies)\b", re.IGNORECASE)
# Counts of what happened to people; counts of things ("several villages", "two neighbouring villages") are
# paired only by their words, since what happened to each is often different.
_LINKED_OUTCOMES = frozenset({"killed", "injured", "detained", "evacuated", "displaced", "missing", "rescued",
                              "casualties", "crowd"})


def measure_links(claims) -> Callable[[Sequence[int]], list[tuple[int, int]]]:
    """For `pairs.candidate_pairs(linked=…)`: the pairs of an event's claims that put one happening at times
    that cannot both hold ("struck a border post before dawn on 14 April" / "the assault on the post began at
    about 22:00 on Saturday 13 April"), or count the same outcome of the same group, over the same period,
    in numbers that cannot both hold ("put the toll on the left bank at 59" / "the number of dead in that
    town alone ran into the hundreds"): the words around a time or a number are often all they share."""

    def linked(members: Sequence[int]) -> list[tuple[int, int]]:
        timed, counted = [], []
        for i in members:
            claim = claims[i]
            props = tuple(p for p in propositions_of(claim.proposition, claim.cue in DENIAL_CUES)
                          if p.when is not None and not p.hedged)
            if props:
                timed.append((i, props))
            content = claim.proposition
            counts = [(group, bounds) for group, bounds, words in _quantities(content)
                      if group.split()[-1] in _LINKED_OUTCOMES and bounds != (0.0, 0.0)
                      and not _partial_count(content, words) and not _BODIES.search(words)]
            if counts:
                counted.append((i, counts, _count_periods(content)))
        found = set()
        for k, (i, props_i) in enumerate(timed):
            for j, props_j in timed[k + 1:]:
                if time_clash(props_i, props_j) is not None:
                    found.add((min(i, j), max(i, j)))
        for k, (i, counts_i, period_i) in enumerate(counted):
            for j, counts_j, period_j in counted[k + 1:]:
                if period_i == period_j and any(
                        _counts_disagree(ga, ba, gb, bb)
                        for ga, ba in counts_i for gb, bb in counts_j):
                    found.add((min(i, j), max(i, j)))
        return sorted(found)

    return linked


def pair_links(claims) -> tuple[Callable[[Sequence[int]], list[tuple[int, int]]], ...]:
    """Every linker `pairs.candidate_pairs` is given: pairs the parse shows can clash, whatever their similarity."""
    return denial_links(claims), actor_links(claims), measure_links(claims)


def _zero_count_links(claims, members: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs where one claim counts none of an outcome and the other counts some of the same outcome.

    "Nobody was injured" denies "at least five workers were rushed to hospital" without sharing a
    word with it, so similarity alone never pairs them; a zero count is the outcome's denial.
    Other count clashes ("40 killed" / "50 killed") share their words and are paired by similarity.
    """
    zeros: dict[str, list[int]] = {}
    some: list[tuple[int, str, tuple[float, float]]] = []
    for i in members:
        for group, bounds, _words in _quantities(claims[i].proposition):
            if bounds == (0.0, 0.0):
                zeros.setdefault(group, []).append(i)
            elif bounds[0] > 0:
                some.append((i, group, bounds))
    found = set()
    for i, group, bounds in some:
        for zero_group, denying in zeros.items():
            if _same_count(zero_group, group, (0.0, 0.0), bounds):
                found.update((min(i, j), max(i, j)) for j in denying if j != i)
    return found


def names_an_actor(claim) -> bool:
    """Whether a Claim says who did (or did not do) something, or denies something: such claims are paired
    with each other, since a denial rarely shares the words of what it denies."""
    frame = claim.cue in DENIAL_CUES
    if actors(claim.proposition, claim.speaker, frame):
        return True
    return reading_of(claim.proposition, frame).denies or any(
        p.denied and not p.hedged for p in propositions_of(claim.proposition, frame))


def _quantities(content: str) -> list[tuple[str, tuple[float, float], str]]:
    """(noun group, (low, high) bounds, words) for each counted quantity in the claim."""
    result = []
    for match in _QUANTITY.finditer(content):
        raw = match.group("num").lower().replace(",", "")
        if raw in _VAGUE:
            value = _VAGUE[raw][0]
        else:
            value = float(_NUMBER_WORDS.get(raw, raw)) if raw in _NUMBER_WORDS or re.fullmatch(r"[\d.]+", raw) else None
        if value is None:
            continue
        if match.group("scale"):
            value *= _SCALE[match.group("scale").lower()]
        noun = match.group("noun").lower()
        group = _NOUN_GROUPS.get(noun, noun)
        # "40 civilians were killed" matches the outcome as its noun; who was counted is in between
        between = match.string[match.end("scale") if match.group("scale") else match.end("num"):match.start("noun")]
        if _PARTITIVE.match(between) and not _OUTCOME.search(content, match.end(), match.end() + 25):
            continue  # "one of the victims" counts one person, not the victims; "two of the soldiers were killed" counts
        part = next((w for w in between.lower().split() if w in _PART_OF_PEOPLE), None)
        if part and group in ("killed", "injured"):
            group = f"{part} {group}"
        if group in _PEOPLE:  # "eight people had been wounded": the outcome says what was counted
            outcome = _OUTCOME.search(content, match.end(), match.end() + 40)
            if not outcome:  # "police detained 300 protesters": the outcome comes first
                before = list(_OUTCOME.finditer(content, max(0, match.start() - 25), match.start()))
                outcome = before[-1] if before else None
            if not outcome:
                continue
            word = " ".join(outcome.group(1).lower().split())
            counted = _OUTCOME_GROUPS.get(word, word)
            group = f"{group} {counted}" if group in _PART_OF_PEOPLE else counted
        qual = " ".join((match.group("qual") or "").lower().split())
        if raw in _VAGUE:  # "several thousand" is thousands, not three to nine
            scale = _SCALE[match.group("scale").lower()] if match.group("scale") else 1
            result.append((group, (_VAGUE[raw][0] * scale, _VAGUE[raw][1] * scale), match.group(0).strip()))
            continue
        if match.group("low"):
            bounds = (float(match.group("low").replace(",", "")), value)
        elif qual in ("at least", "more than", "over"):
            bounds = (value, float("inf"))
        elif qual in ("up to", "fewer than", "less than"):
            bounds = (0.0, value)
        elif qual in ("nearly", "almost", "about", "around", "roughly", "some") or raw in ("dozens", "hundreds", "thousands"):
            bounds = (value * 0.5 if raw in ("dozens", "hundreds", "thousands") else value * 0.85, value * 1.15 if raw not in ("dozens", "hundreds", "thousands") else value * 50)
        else:
            bounds = (value, value)
        result.append((group, bounds, match.group(0).strip()))
    return result + _zero_counts(content) + _toll_counts(content) + _crowd_counts(content) + _shares(content) \
        + _side_losses(content) + _one_hurt(content)


# "police put the crowd at several thousand", "a crowd of 5,000"
_CROWD = re.compile(
    r"\bcrowds?\b[^.;]{0,30}?\b(?:at|of)\s+(?:(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|around|roughly|"
    r"some|up\s+to|fewer\s+than|less\s+than)\s+)?(?P<num>\d[\d,]*|several|a\s+few|tens\s+of|hundreds|thousands)"
    r"(?:\s+(?P<scale>thousand|million))?", re.IGNORECASE)


# A count that is one part of a larger one, or added to another: "another three people died", "three
# students were among six people killed", "30 bodies in Iguala alone", "36 fighters in all".
_PART_BEFORE = re.compile(r"\b(?:another|other|further|additional|more)\s+(?:\w+\s+)?$|\bincluding\s+$", re.IGNORECASE)
# "14 more police officers": an addition to a count told elsewhere
_PART_INSIDE = re.compile(r"^\S+\s+(?:more|other|further|additional)\b", re.IGNORECASE)
_PART_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:were|was|are)\s+among\b|^[^.;]{0,30}?\b(?:alone|in\s+all|in\s+total|"
                         r"so\s+far|to\s+date)\b", re.IGNORECASE)
# The period a count covers, where the claim names one: "in 2013", "this year", "since Wednesday",
# "over the past seven months". Counts over two periods (or one and none) are of different things.
_PERIOD = re.compile(r"\b(?:in|during|since|by|until)\s+(?:(?:early|late|mid-?)\s*)?((?:19|20)\d\d)\b|"
                     r"^((?:19|20)\d\d)\b|\b((?:this|last|past|previous)\s+(?:year|month|week|decade))\b|"
                     r"\b(since\s+(?:\w+\s+){0,3}?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
                     r"january|february|march|april|may|june|july|august|september|october|november|december|\d{4}))\b|"
                     r"\b(over\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?))\b", re.IGNORECASE)


def _partial_count(content: str, words: str) -> bool:
    at = content.find(words)
    if at < 0:
        return False
    return bool(_PART_BEFORE.search(content[max(0, at - 20):at]) or _PART_AFTER.search(content[at + len(words):])
                or _PART_INSIDE.search(words))


def _count_periods(content: str) -> frozenset[str]:
    return frozenset(" ".join(next(g for g in m.groups() if g).lower().split()) for m in _PERIOD.finditer(content))


def _crowd_counts(content: str) -> list[tuple[str, tuple[float, float], str]]:
    found = []
    for match in _CROWD.finditer(content):
        raw = " ".join(match.group("num").lower().split()).replace(",", "")
        scale = _SCALE[match.group("scale").lower()] if match.group("scale") else 1
        if raw.isdigit():
            low = high = float(raw) * scale
        else:
            low, high = {"several": (3.0, 9.0), "a few": (2.0, 6.0), "tens of": (20_000.0, 99_000.0),
                         "hundreds": (100.0, 999.0), "thousands": (1000.0, 9999.0)}[raw]
            low, high = low * scale, high * scale
        qual = " ".join((match.group("qual") or "").lower().split())
        if qual in ("at least", "more than", "over"):
            high = float("inf")
        elif qual in ("up to", "fewer than", "less than"):
            low = 0.0
        elif qual:
            low, high = low * 0.85, high * 1.15
        found.append(("crowd", (low, high), match.group(0).strip()))
    return found


# "more than 90 per cent of the nurses", "fewer than a third of the nurses": shares of the same whole
_FRACTIONS = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "two-thirds": 2 / 3,
              "a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75, "a fifth": 0.2, "a tenth": 0.1}
_SHARE = re.compile(
    r"(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|fewer\s+than|less\s+than)?"
    r"\s*(?:(?P<pct>\d+(?:\.\d+)?)\s*(?:per\s*cent|percent|%)|(?P<frac>" + "|".join(_FRACTIONS) + r"))"
    r"\s+of\s+(?:the\s+|all\s+|its\s+|their\s+)?(?:[a-z-]+\s+){0,2}?(?P<whole>[a-z]+s)\b", re.IGNORECASE)


def _shares(content: str) -> list[tuple[str, tuple[float, float], str]]:
    found = []
    for match in _SHARE.finditer(content):
        value = float(match.group("pct")) / 100 if match.group("pct") else _FRACTIONS[match.group("frac").lower()]
        qual = " ".join((match.group("qual") or "").lower().split())
        low, high = value, value
        if qual in ("at least", "more than", "over"):
            high = 1.0
        elif qual in ("up to", "fewer than", "less than"):
            low = 0.0
        elif qual:
            low, high = value - 0.05, value + 0.05
        found.append((f"share of {match.group('whole').lower()}", (low, high), match.group(0).strip()))
    return found


# "Nobody was injured", "no one was killed", "not a single civilian was hurt", "there were no casualties"
_ZERO = re.compile(
    r"\b(?:nobody|no\s+one|none|not\s+(?:a\s+single|one)(?:\s+(?:person|civilian|soldier|resident|one))?|"
    r"no\s+(?:people|civilians|residents|soldiers|one|person))\b(?!\s+(?:else|other)\b)[^.;]{0,30}?\b(?:was|were|had\s+been|has\s+been|"
    r"have\s+been|got|being)\s+(?:\w+\s+)?(?P<outcome>killed|dead|wounded|injured|hurt|evacuated|detained|arrested|missing)\b"
    r"|\bno\s+(?P<noun>casualties|injuries|deaths|fatalities|victims|dead|injured|wounded)\b",
    re.IGNORECASE,
)
_ZERO_GROUPS = {"injuries": ("injured",), "deaths": ("killed",), "fatalities": ("killed",), "dead": ("killed",),
                "victims": ("killed", "injured"), "casualties": ("killed", "injured", "casualties")}


def _same_count(group_a: str, group_b: str, bounds_a: tuple[float, float], bounds_b: tuple[float, float]) -> bool:
    """Whether two counts count the same thing; "nobody was injured" also rules out "five workers injured"."""
    if group_a == group_b:
        return True
    for zero, other, bounds in ((group_a, group_b, bounds_a), (group_b, group_a, bounds_b)):
        if bounds == (0.0, 0.0) and " " not in zero and other.endswith(" " + zero):
            return True
    return False


_MEASURES = frozenset({"km", "miles", "metres", "tonnes", "dollars", "euros"})


# One side's dead: "lost no fighters", "did not lose a single man", "without a single casualty" (none);
# "four of the attackers were killed", "killed two guards" (a count). Keyed by which side, so "lost no
# fighters" meets "four of the attackers were killed" but not "killed two border guards".
_SIDES = {"fighters": "fighters", "fighter": "fighters", "attackers": "fighters", "attacker": "fighters",
          "raiders": "fighters", "gunmen": "fighters", "militants": "fighters", "men": "fighters", "man": "fighters",
          "guards": "guards", "guard": "guards", "soldiers": "soldiers", "soldier": "soldiers", "troops": "soldiers",
          "conscripts": "soldiers"}
_SIDE_WORDS = "|".join(sorted(_SIDES, key=len, reverse=True))
_NO_LOSS = re.compile(
    rf"\b(?:(?:did\s+not|didn't|never|not)\s+(?:lose|lost)\s+(?:a\s+single|one|any)|(?:lost|lose|losing)\s+"
    rf"(?:no|not\s+(?:a\s+single|one|any)))\s+(?:\w+\s+)?(?P<side>{_SIDE_WORDS})\b"
    rf"|\bwithout\s+(?:a\s+single|any)\s+(?P<loss>casualty|casualties|loss|losses)\b", re.IGNORECASE)
# a count, in digits or words, with its scale: "300", "three hundred", "2,000"
_COUNT = rf"(?:\d[\d,]*|{'|'.join(_NUMBER_WORDS)})(?:\s+(?:hundred|thousand|million))?"
_FILLER = r"(?:(?!hundred\b|thousand\b|million\b)\w+\s+)?"  # one word between, never a scale
_SIDE_KILLED = re.compile(
    rf"\b(?P<num>{_COUNT})\s+(?:of\s+(?:the|its|their)\s+)?{_FILLER}(?P<side>{_SIDE_WORDS})\s+"
    rf"(?:were|had\s+been|have\s+been|was)\s+killed\b"
    rf"|\bkill(?:ed|ing)\s+(?P<num2>{_COUNT})\s+{_FILLER}(?P<side2>{_SIDE_WORDS})\b"
    rf"|\b(?P<num3>{_COUNT})\s+of\s+(?:its|their)\s+(?:own\s+)?dead\b"
    rf"|\blost\s+(?P<num4>{_COUNT})\s+{_FILLER}(?P<side4>{_SIDE_WORDS})\b", re.IGNORECASE)


def _count_value(words: str) -> float | None:
    """"300" → 300, "three hundred" → 300, "2,000" → 2000; None for what is no count."""
    number, _, scale = words.lower().replace(",", "").partition(" ")
    value = float(_NUMBER_WORDS[number]) if number in _NUMBER_WORDS else float(number) if number.isdigit() else None
    return None if value is None else value * _SCALE.get(scale.strip(), 1)


def _side_losses(content: str) -> list[tuple[str, tuple[float, float], str]]:
    found = []
    for match in _NO_LOSS.finditer(content):
        side = _SIDES[match.group("side").lower()] if match.group("side") else "fighters"
        found.append((f"{side} killed", (0.0, 0.0), match.group(0).strip()))
    for match in _SIDE_KILLED.finditer(content):
        value = _count_value(match.group("num") or match.group("num2") or match.group("num3") or match.group("num4"))
        side = match.group("side") or match.group("side2") or match.group("side4")
        if value is not None:  # "leaving four of its dead behind": the doers' own dead
            found.append((f"{_SIDES[side.lower()] if side else 'fighters'} killed", (value, value), match.group(0).strip()))
    return found


def _zero_counts(content: str) -> list[tuple[str, tuple[float, float], str]]:
    """Counts of none, for each outcome they deny."""
    found = []
    for match in _ZERO.finditer(content):
        if match.group("outcome"):
            word = match.group("outcome").lower()
            groups = (_OUTCOME_GROUPS.get(word, word),)
        else:
            groups = _ZERO_GROUPS.get(match.group("noun").lower(), (_NOUN_GROUPS.get(match.group("noun").lower(),
                                                                                  match.group("noun").lower()),))
        part = next((w for w in match.group(0).lower().split() if w in _PART_OF_PEOPLE), None)
        for group in groups:
            # "no civilians had been hurt" says nothing of soldiers
            found.append((f"{part} {group}" if part and group in ("killed", "injured") else group, (0.0, 0.0),
                          match.group(0).strip()))
    return found


# One person hurt, told of that person: "she was treated by paramedics in the car park", "a worker was taken to
# hospital". At least one injured: it clashes with "nobody was injured", not with "three were hurt".
_ONE_HURT = re.compile(
    r"^(?:she|he|(?:a|an|one)\s+(?:man|woman|boy|girl|child|worker|employee|officer|police\s+officer|firefighter|"
    r"resident|passenger|person|pedestrian|driver|student|guard|soldier|civilian))\s+(?:was|had\s+been|has\s+been)\s+"
    r"(?:(?:later|then|also|briefly|seriously|slightly|badly)\s+)?(?P<outcome>treated\s+by\s+paramedics|"
    r"treated\s+(?:in|at)\s+(?:a\s+|the\s+)?hospital|treated\s+for\s+(?:burns|injuries|wounds|cuts|a\s+broken|"
    r"smoke\s+inhalation)|(?:taken|rushed|admitted)\s+to\s+(?:a\s+|the\s+)?hospital|hospitali[sz]ed|injured|hurt|wounded)\b",
    re.IGNORECASE,
)


def _one_hurt(content: str) -> list[tuple[str, tuple[float, float], str]]:
    match = _ONE_HURT.match(content.strip())
    return [("injured", (1.0, float("inf")), match.group(0))] if match else []


# "put the toll at 50", "estimated the death toll at … a range of 100 to 300", "the number of dead ran into the hundreds"
_TOLL = re.compile(
    r"\b(?:death\s+)?toll\b[^.;]{0,50}?\bat\s+(?:(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|around|"
    r"roughly|some|up\s+to)\s+)?(?:the\s+(?:low|high)\s+end\s+of\s+)?(?:a\s+range\s+of\s+)?(?P<low>\d[\d,]*)"
    r"(?:\s*(?:to|-|–|and)\s*(?P<high>\d[\d,]*))?"
    r"|\bnumber\s+of\s+(?:dead|deaths|people\s+killed|victims|fatalities)\b[^.;]{0,40}?\b(?:ran|runs|run|was|is|stood|"
    r"stands|reached|climbed|rose)\s+(?:in)?to\s+the\s+(?P<vague>dozens|hundreds|thousands)",
    re.IGNORECASE,
)
_VAGUE_TOLLS = {"dozens": (24.0, 99.0), "hundreds": (100.0, 999.0), "thousands": (1000.0, 9999.0)}


def _toll_counts(content: str) -> list[tuple[str, tuple[float, float], str]]:
    found = []
    for match in _TOLL.finditer(content):
        if match.group("vague"):
            bounds = _VAGUE_TOLLS[match.group("vague").lower()]
        else:
            low = float(match.group("low").replace(",", ""))
            high = float(match.group("high").replace(",", "")) if match.group("high") else low
            qual = " ".join((match.group("qual") or "").lower().split())
            if qual in ("at least", "more than", "over"):
                high = float("inf")
            elif qual == "up to":
                low = 0.0
            elif qual:
                low, high = low * 0.85, high * 1.15
            bounds = (low, high)
        found.append(("killed", bounds, match.group(0).strip()))
    return found


def _compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two reported quantities could both be true ("at least 8" and "10" can)."""
    return a[0] <= b[1] and b[0] <= a[1]


def _counts_disagree(group_a: str, bounds_a: tuple[float, float], group_b: str, bounds_b: tuple[float, float]) -> bool:
    """Two counts of the same thing that cannot both be true (the claims' periods and parts are checked apart)."""
    return _same_count(group_a, group_b, bounds_a, bounds_b) and not _compatible(bounds_a, bounds_b)


_FROM = re.compile(r"\s+(?:away\s+)?(?:from|off|of|inside|outside|into|beyond)\s+(?:the\s+|a\s+)?([\w-]+)", re.IGNORECASE)


def _measured_from(content: str, words: str) -> str | None:
    """What a distance is measured from: "two kilometres from the border" → border; None if it does not say."""
    at = content.find(words)
    match = _FROM.match(content, at + len(words)) if at >= 0 else None
    return match.group(1).lower() if match else None


def _dates(content: str) -> set[tuple[str, int]]:
    out = set()
    for match in _DATE.finditer(content):
        month = (match.group("m1") or match.group("m2")).lower()
        out.add((month, int(match.group("d1") or match.group("d2"))))
    return out


def _parties(actor: Actor) -> list[str]:
    return [part.strip().lower() for part in actor.party.split(" / ")]


def _roles(found: tuple[Actor, ...]) -> tuple[dict[str, Actor], dict[str, Actor]]:
    """The actors a claim names as doers and those it denies, keyed by each party an actor stands for
    ("Anglo-Saxons" share the United States with "US Navy divers")."""
    return ({p: a for a in found if not a.denied for p in _parties(a)},
            {p: a for a in found if a.denied for p in _parties(a)})


# --- what a claim asserts or denies, read from its parse ---------------------------------------
#
# A denial is a speech act about a proposition: the speaker denies it ("X denied that …", "X
# rejected the accusations"), calls it false ("talk of a curfew is a lie", "reports of X are
# fake"), says it did not exist ("there was no evacuation order") or negates the main predicate
# ("the army did not shell the town"). A negation inside a condition ("if they did not leave"),
# a relative clause or a question denies nothing, and neither does "denied a request".

_FALSITY = frozenset({"lie", "lies", "false", "fake", "untrue", "fabricated", "fabrication", "baseless", "groundless",
                      "nonsense", "propaganda", "disinformation", "misinformation", "staged", "hoax", "myth", "fiction",
                      "absurd", "fantasy", "invention", "invented", "made-up", "fabricate", "stage", "invent",
                      "provocation", "slander", "libel", "rubbish", "falsehood", "fable", "unfounded", "bogus"})
_CLAIM_WORDS = frozenset({"talk", "report", "reports", "claim", "claims", "allegation", "allegations", "accusation",
                          "rumour", "rumours", "rumor", "story", "stories", "suggestion", "speculation", "news", "video",
                          "footage", "recording", "image", "images", "photo", "photos", "account", "statement",
                          "assertion", "charge", "idea", "notion", "version"})
_SPEECH_VERBS = frozenset({"say", "tell", "claim", "report", "write", "announce", "state", "confirm", "comment",
                           "suggest", "know", "think", "believe", "mention", "speak"})
_UNCERTAIN = frozenset({"unclear", "uncertain", "unknown", "possible", "likely", "unlikely", "doubtful", "unsure",
                        "possibly", "perhaps", "maybe", "reportedly", "allegedly", "apparently", "unconfirmed"})
_LABELLING = frozenset({"call", "describe", "brand", "label", "dismiss", "reject", "denounce", "dub"})
_CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest", "once", "until"})
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
_DENYING_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "dispute", "rubbish", "contradict"})
# Words too common to show that two claims are about the same thing.
_LIGHT = frozenset({"be", "have", "do", "say", "tell", "make", "take", "get", "go", "come", "give", "see", "know",
                    "think", "also", "not", "no", "there", "here", "it", "they", "that", "this", "which", "who",
                    "what", "time", "day", "people", "year", "way", "thing", "report", "claim", "talk", "lie",
                    "false", "fake", "nothing", "deny", "reject", "dismiss", "news", "story", "statement"})


@dataclass(frozen=True, slots=True)
class Reading:
    """The stance of one claim: whether it denies, what it is about, and whether it is hedged."""

    denies: bool  # the claim denies a proposition (see above)
    denial: str  # the words that carry the denial, shown to the reviewer ("is a lie", "there was no")
    topic: frozenset[str]  # content lemmas of what is asserted or denied
    predicate: str  # the lemma of the main predicate of what is asserted or denied
    hedged: bool  # a condition, question or hypothetical: it neither asserts nor denies
    arguments: frozenset[str] = frozenset()  # who or what the denied predicate is about (subject, object)


# Words news uses for the same act, so "the dam was not destroyed by shelling" meets "strikes wrecked the dam".
_SAME_ACT = {
    **dict.fromkeys(("destroy", "wreck", "damage", "demolish", "breach", "blow", "collapse", "raze"), "destroy"),
    **dict.fromkeys(("shell", "strike", "bomb", "hit", "attack", "fire", "shoot", "shelling", "airstrike",
                     "bombing", "bombardment", "missile", "rocket", "target", "launch"), "attack"),
    **dict.fromkeys(("kill", "die", "dead", "death", "fatality", "toll"), "kill"),
    **dict.fromkeys(("injure", "wound", "hurt", "injury", "casualty"), "injure"),
    **dict.fromkeys(("explosion", "blast", "detonation", "explode", "detonate"), "explosion"),
    **dict.fromkeys(("evacuate", "evacuation", "flee", "leave"), "evacuate"),
    **dict.fromkeys(("arrest", "detain", "detention", "capture", "seize", "seizure"), "capture"),
    **dict.fromkeys(("curfew", "lockdown"), "curfew"),
}


def _content_lemmas(tokens) -> frozenset[str]:
    found = set()
    for t in tokens:
        lemma = t.lemma_.lower()
        if t.pos_ not in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") or len(t.text) <= 2 or lemma in _LIGHT:
            continue
        found.add(lemma if lemma == "fire" and t.pos_ == "NOUN" else _SAME_ACT.get(lemma, lemma))  # a fire burns
    return frozenset(found)


def _under_condition(token) -> bool:
    """Whether a token sits in a condition, or in a clause that only describes something."""
    for node in [token, *token.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in node.children):
            return True
        if node.dep_ in ("relcl", "acl", "advcl", "csubj", "pcomp"):
            return True
    return False


def read_claim(doc, denial_frame: bool = False) -> Reading:
    """A claim's Reading from the parse of its proposition (`denial_frame`: reported with a denying verb)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return Reading(False, "", frozenset(), "", False)
    text_end = doc[-1].text if len(doc) else ""
    question = text_end == "?"
    topic = _content_lemmas(doc)
    # 1. a denying verb with a claim or a clause as its object: "denied that …", "rejected the accusation"
    for token in doc:
        if token.lemma_.lower() in _DENYING_LEMMAS and token.pos_ == "VERB" and not _under_condition(token) \
                and token.dep_ in ("ROOT", "ccomp", "conj") and not any(
                    c.dep_ in ("neg", "preconj") or c.lower_ in ("neither", "nor") for c in token.children) \
                and not any(t.lower_ in ("neither", "nor") for t in doc[max(0, token.i - 3):token.i]):
            # "neither confirmed nor denied", "did not deny": no denial
            objects = [c for c in token.children if c.dep_ in ("ccomp", "dobj", "xcomp", "prep")]
            claim_object = [c for c in objects if c.dep_ == "ccomp" or c.tag_ == "VBG"
                            or c.lemma_.lower() in _CLAIM_WORDS | {"involvement", "responsibility", "role", "link",
                                                                  "accusation", "allegation", "charge"}]
            if claim_object or denial_frame:
                denied = [t for c in claim_object for t in c.subtree] or list(token.subtree)
                head = claim_object[0] if claim_object else token
                if head.dep_ == "ccomp" or head.tag_ == "VBG":  # "denied that its forces fired", "denied firing"
                    return Reading(True, token.text, _content_lemmas(denied), _predicate_lemma(head), False,
                                   _arguments(head))
                about = next((g for c in claim_object if c.dep_ == "dobj" for p in c.children
                              if p.dep_ == "prep" and p.lower_ in ("of", "about") for g in p.children
                              if g.dep_ == "pobj"), None)
                if about is not None:  # "denied reports of Ebola cases in Mosul": what is denied is the cases
                    return Reading(True, token.text, _content_lemmas(about.subtree), _predicate_lemma(about), False)
                # "denied the accusations": what is denied is the other claim itself
                return Reading(True, token.text, frozenset(), "", False)
    if denial_frame:
        return Reading(True, "denied", frozenset(), "", False)
    negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in root.children)
    # "could have" hedges; "could not have been destroyed from outside" denies; "it is unclear whether …"
    # and "reports say …, but it is not known" assert nothing
    hedged = question or any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL_MARKS for c in root.children) or (
        any(c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL_AUX and (not negated or c.lower_ in ("may", "might"))
            for c in root.children)) or any(
        t.lemma_.lower() in _UNCERTAIN and t.head.i == root.i for t in doc) or any(
        t.lower_ == "whether" and t.dep_ == "mark" for t in doc)
    # 2. calling it false: "talk of a curfew is a lie", "the video was staged", "reports … are fake"
    for token in doc:
        if (token.lower_ in _FALSITY or token.lemma_.lower() in _FALSITY) and (token.pos_ != "VERB" or token.tag_ == "VBN"):
            holder = token.head if token.dep_ in ("attr", "acomp", "oprd", "amod") else token
            labeller = next((a for a in token.ancestors if a.pos_ == "VERB"), None)
            if labeller is not None and labeller.lemma_.lower() in _LABELLING and not _under_condition(labeller):
                # "called the story utterly false", "dismissed that as false claims": the object is what is denied
                target = next((c for c in labeller.children if c.dep_ == "dobj"), None)
                about = [t for t in target.subtree if t.lower_ not in _CLAIM_WORDS and t.pos_ != "PRON"] \
                    if target is not None else []
                return Reading(True, f"{labeller.text} … {token.text}", _content_lemmas(about), "", hedged)
            if token.dep_ == "amod" and token.head.lower_ in _CLAIM_WORDS:  # "false claims that …", "fake news"
                return Reading(True, f"{token.text} {token.head.text}", topic, _predicate_lemma(root), hedged)
            if token.dep_ in ("attr", "acomp", "oprd") or (token.dep_ in ("ROOT", "ccomp") and token.tag_ == "VBN"):
                subject = next((c for c in (holder.children if token.dep_ != "ROOT" else token.children)
                                if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and not _under_condition(holder):
                    about = [t for t in subject.subtree if t.lower_ not in _CLAIM_WORDS]
                    words = " ".join(t.text for t in doc[min(subject.right_edge.i + 1, token.i): token.i + 1])
                    head = next((t for t in about if t.pos_ in ("NOUN", "PROPN")), None)
                    if head is None:  # "that is a lie", "the reports are fake": the other claim itself
                        return Reading(True, words, frozenset(), "", hedged)
                    return Reading(True, words, _content_lemmas(about), _predicate_lemma(head), hedged)
    # 3. "there was no evacuation order", "no order was given"
    for token in doc:
        if token.lower_ == "no" and token.dep_ == "det" and not _under_condition(token.head):
            noun = token.head
            if noun.dep_ in ("attr", "nsubj", "nsubjpass", "dobj") and (
                    noun.head.lemma_ == "be" and any(c.lower_ == "there" for c in noun.head.children)
                    or noun.dep_ in ("nsubj", "nsubjpass") and noun.head.dep_ == "ROOT"):
                return Reading(True, f"no {noun.text}", _content_lemmas(noun.subtree), _predicate_lemma(noun), hedged)
    # 4. the main predicate negated: "the army did not shell the town", "X never happened"
    negation = next((c for c in root.children if c.dep_ == "neg" or c.lower_ == "never"), None)
    nothing = any(t.lower_ == "nothing" and t.head == root and root.lemma_ == "have" for t in doc)
    # "he never said that …" negates a speech act, not what the other claim asserts
    if (negation is not None or nothing) and not hedged and root.lemma_.lower() not in _SPEECH_VERBS:
        words = "nothing to do with" if nothing else f"{negation.text} {root.text}"
        predicate = _copula_predicate(root)
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if predicate.i != root.i and subject is not None and subject.lower_ in ("i", "you"):
            # "I'm not a historian, but …" describes the speaker; denials of a role are actor-denials
            return Reading(False, "", topic, _predicate_lemma(predicate), hedged)
        if root.lemma_.lower() in ("happen", "occur", "exist", "take"):  # "the blast did not happen": the blast
            subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):
                return Reading(True, words, topic, _predicate_lemma(subject), False)
        return Reading(True, words, topic, _predicate_lemma(predicate), False,
                       _arguments(root) - {_predicate_lemma(predicate)})
    # "City hall responded to the reports of a curfew" reports a report; it does not assert a curfew
    reported = _content_lemmas(t for claim_word in doc if claim_word.lower_ in _CLAIM_WORDS
                               for prep in claim_word.children if prep.dep_ == "prep" and prep.lower_ in ("of", "about")
                               for t in prep.subtree)
    return Reading(False, "", topic - reported, _predicate_lemma(root), hedged)


def _arguments(predicate) -> frozenset[str]:
    """Content lemmas of a predicate's subject and object: "the army did not shell the town" → army, town."""
    tokens = [t for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "agent", "prep")
              for t in c.subtree if t.pos_ in ("NOUN", "PROPN")]
    return _content_lemmas(tokens)


def _copula_predicate(root):
    """The attribute of "X is (not) Y", the predicate of a copula; otherwise the root itself."""
    if root.lemma_.lower() in ("be", "have"):
        return next((c for c in root.children if c.dep_ in ("attr", "acomp", "dobj")), root)
    return root


def _predicate_lemma(token) -> str:
    if token is None:
        return ""
    lemma = token.lemma_.lower()
    return _SAME_ACT.get(lemma, lemma)


@remembering_cache(maxsize=65536)
def reading_of(content: str, denial_frame: bool = False) -> Reading:
    from narratives.parse import parse_one

    return read_claim(parse_one(content), denial_frame)


def prepare_readings(claims, chunk: int = 512) -> None:
    """Read many claims' propositions through batched parses (nlp.pipe), so that `reading_of` and
    `actors` find them cached instead of parsing one proposition at a time."""
    from narratives.parse import parse

    claims = list(claims)
    items = [(c.proposition, c.cue in DENIAL_CUES) for c in claims]
    for start in range(0, len(items), chunk):
        part = items[start:start + chunk]
        parse(sorted({content for content, frame in part if not reading_of.known(content, frame)}))
        for claim, (content, frame) in zip(claims[start:start + chunk], part):
            reading_of(content, frame)
            propositions_of(content, frame)
            actors(content, claim.speaker, frame)


def readings(claims) -> list[tuple[str, tuple, object]]:
    """`prepare_readings`, and what it found as (function, arguments, value): for `remember_readings` in
    another process. The Ray engine's claim workers send them to the driver (engine_ray.py)."""
    claims = list(claims)
    prepare_readings(claims)
    found: dict[tuple[str, tuple], object] = {}
    for claim in claims:
        content, frame = claim.proposition, claim.cue in DENIAL_CUES
        for name, args in (("reading_of", (content, frame)), ("propositions_of", (content, frame)),
                           ("propositions_of", (content, False)),  # what `actors` reads
                           ("actors", (content, claim.speaker, frame))):
            if (name, args) not in found:
                found[name, args] = _REMEMBERING[name](*args)
    return [(name, args, value) for (name, args), value in found.items()]


def remember_readings(found) -> None:
    """Readings computed by `readings` elsewhere, into this process's caches; computing them again would
    give the same values (they depend only on their arguments and the parse)."""
    for name, args, value in found:
        _REMEMBERING[name].remember(args, value)


def _same_topic(denial: Reading, other: Reading) -> bool:
    """Whether what one claim denies is what the other asserts: the same predicate, about the same thing.

    "The army did not shell the town" denies "the army shelled the town on Tuesday" (predicate and an
    argument shared), not "the police did not enter the town" nor "the meteorite may have disintegrated".
    """
    if not denial.predicate and not denial.topic:
        return True  # "dismissed that as false", "called the story fiction": what is denied is the other claim
    if not other.topic or denial.predicate not in other.topic or denial.predicate in _LIGHT:
        return False
    if denial.arguments:
        return bool(denial.arguments & other.topic)
    return True


def _unify_name_forms(*tables: dict[str, Actor]) -> list[dict[str, Actor]]:
    """Key "smith" and "john smith" alike: one actor under a short and a full name is one actor."""
    keys = {k for table in tables for k in table}
    full = {}
    for key in keys:
        longer = [other for other in keys if other.endswith(" " + key)]
        if " " not in key and len(longer) == 1:  # "smith" beside "john smith" and "jane smith" stays ambiguous
            full[key] = longer[0]
    return [{full.get(k, k): v for k, v in table.items()} for table in tables]


@remembering_cache(maxsize=65536)
def propositions_of(content: str, denial_frame: bool = False) -> tuple[Proposition, ...]:
    from narratives.parse import parse_one

    return propositions(parse_one(content), denial_frame)


def _denial_signal(content_a: str, content_b: str, similarity: float, frame_a: bool, frame_b: bool) -> Signal | None:
    """One claim denies a proposition the other asserts: the same predicate about the same thing.

    Read clause by clause (narratives/propositions.py). A denial of the other claim as a whole
    ("rejected the accusations", "dismissed that as false"), which names no predicate, counts only
    between claims similar enough (≥ 0.5) to be about the same thing.
    """
    found = disagreement(propositions_of(content_a, frame_a), propositions_of(content_b, frame_b))
    if found is not None:
        which, denied, asserted = found
        about = f" ({', '.join(sorted(denied.arguments & asserted.arguments)[:3])})" \
            if denied.arguments & asserted.arguments else ""
        other = "B" if which == "A" else "A"
        if not denied.denied:  # two states that exclude each other
            return Signal("denial", f"A says “{denied.predicate}” (“{denied.words}”), B says “{asserted.predicate}” "
                                    f"(“{asserted.words}”){about}: the two cannot both hold", True,
                          f"{denied.predicate} or {asserted.predicate}{about}", denied.predicate, asserted.predicate)
        yes_no = ("no", "yes") if which == "A" else ("yes", "no")
        return Signal("denial", f"{which} denies (“{denied.words}”) what {other} asserts (“{asserted.words}”): "
                                f"the predicate “{denied.predicate}”{about}", True,
                      f"whether “{denied.predicate}”{about} happened", *yes_no)
    if similarity < 0.6:
        return None
    props = {"A": propositions_of(content_a, frame_a), "B": propositions_of(content_b, frame_b)}
    reading_a, reading_b = reading_of(content_a, frame_a), reading_of(content_b, frame_b)
    for which, denial, other in (("A", reading_a, reading_b), ("B", reading_b, reading_a)):
        other_props = props["B" if which == "A" else "A"]
        # a denial of the other claim itself ("rejected the accusations", "that is a lie"), which names no
        # predicate of its own, against a claim that asserts something; two denials agree
        if denial.denies and not denial.predicate and not denial.topic and not denial.hedged \
                and _denies_a_claim_word(content_a if which == "A" else content_b) \
                and not any(p.denied for p in props[which]) and not other.denies and not other.hedged \
                and not any(p.denied for p in other_props) and any(not p.denied and not p.hedged for p in other_props) \
                and not _talks_about_claims(content_b if which == "A" else content_a):
            return Signal("denial", f"{which} denies (“{denial.denial}”) the other claim as a whole", True,
                          "whether the other claim is true", *(("no", "yes") if which == "A" else ("yes", "no")))
    return None


def _talks_about_claims(content: str) -> bool:
    """"rumours of his death spread", "reports said …": a claim about claims asserts nothing itself."""
    return any(word in content.lower() for word in ("rumor", "rumour", "hoax", "report", "claim", "allegation", "speculation"))


def _denies_a_claim_word(content: str) -> bool:
    """"rejected the accusations", "dismissed it", "that is a lie": the text itself denies a claim named
    only by a word (a frame alone, as in "neither confirmed nor denied the rumour", is not enough)."""
    from narratives.parse import parse_one

    for token in parse_one(content):
        if token.lemma_.lower() in _DENYING_LEMMAS and token.pos_ == "VERB" and not any(
                c.dep_ == "neg" for c in token.children) and not any(
                t.lower_ in ("neither", "nor") for t in token.doc[max(0, token.i - 4):token.i]):
            if any(c.dep_ == "dobj" and (c.lemma_.lower() in _CLAIM_WORDS or c.pos_ == "PRON") for c in token.children):
                return True
        if token.lower_ in ("lie", "false", "untrue", "fake") and token.dep_ in ("attr", "acomp") and any(
                c.dep_ == "nsubj" and c.pos_ == "PRON" for c in token.head.children):
            return True  # "that is a lie"
    return False


# Loaded names for the people who did it. Two sources naming the same doers with labels that lean opposite ways
# ("saboteurs" / "an armed guerrilla movement", "rioters" / "protesters") frame the event, whatever the facts.
_HOSTILE_LABELS = frozenset({"terrorist", "saboteur", "nazi", "fascist", "bandit", "mercenary", "thug", "rioter",
                             "troublemaker", "hooligan", "looter", "extremist", "occupier", "invader", "junta"})
_SYMPATHETIC_LABELS = frozenset({"volunteer", "partisan", "guerrilla", "liberator", "patriot", "hero", "defender",
                                 "protester", "demonstrator", "marcher", "activist", "resistance", "opposition"})
# "a sabotage group", "armed opposition groups": the label is the modifier of a word for a group
_LABELLED_GROUPS = {"sabotage": "hostile", "terrorist": "hostile", "opposition": "sympathetic",
                    "guerrilla": "sympathetic", "resistance": "sympathetic", "volunteer": "sympathetic",
                    "partisan": "sympathetic"}
_HARMS = ACTS | {"kill", "injure", "beat", "arrest", "detain"}
_GROUP_NOUNS = frozenset({"group", "groups", "unit", "units", "movement", "cell", "force", "forces", "fighter",
                          "fighters", "battalion", "brigade", "squad", "formation"})


@remembering_cache(maxsize=65536)
def framing_labels(content: str, speaker: str | None = None) -> tuple[tuple[str, str, bool], ...]:
    """(leaning, words, marked) of each loaded label the claim gives to people who act in it.

    Leaning is "hostile" or "sympathetic"; marked: the claim sets the label off as one (`_marked`).

    Only common nouns in the role of doers or of what they are called (subject, "described as X", "blamed
    X", "a group of X", "by X"); a label for the people something happened to ("tear gas fired at
    protesters", "no protester died") or a proper name ("Russian Volunteer Corps") frames nobody.
    """
    from narratives.parse import parse_one

    found = []
    for token in parse_one(content):
        lemma = token.lemma_.lower().removesuffix("s") if token.pos_ == "PROPN" else token.lemma_.lower()
        if token.pos_ == "PROPN" and (lemma not in _HOSTILE_LABELS | _SYMPATHETIC_LABELS or token.head.pos_ == "PROPN"
                                      and token.head is not token or any(c.pos_ == "PROPN" for c in token.children)):
            continue  # "Nazis" is a label; "the Russian Volunteer Corps" is a name
        if token.pos_ not in ("NOUN", "ADJ", "PROPN"):
            continue
        head = token
        if lemma in _LABELLED_GROUPS and token.dep_ in ("compound", "amod", "nmod") \
                and token.head.lower_ in _GROUP_NOUNS:
            leaning, head = _LABELLED_GROUPS[lemma], token.head
        elif lemma in _HOSTILE_LABELS and token.pos_ != "ADJ":
            leaning = "hostile"
        elif lemma in _SYMPATHETIC_LABELS and token.pos_ != "ADJ":
            leaning = "sympathetic"
        else:
            continue
        role = head  # "dozens of protesters were wounded": the role is the count's
        while role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head is not role.head:
            role = role.head.head
        if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in (*head.children, *role.children)):
            continue  # "no protester had died"
        if role.dep_ in ("nsubjpass", "dobj") and class_of(role.head.lemma_) in _HARMS or role.dep_ == "nsubj" \
                and class_of(role.head.lemma_) in ("kill", "injure"):
            continue  # "protesters were wounded", "police beat the demonstrators", "two heroes died"
        if role.dep_ == "pobj" and role.head.lower_ in ("at", "on", "against", "to") \
                and class_of(role.head.head.lemma_) in _HARMS:
            continue  # "fired tear gas at protesters"
        if _someone_elses_label(role, speaker):
            continue  # "now they are calling him a rioter": the speaker reports the police's word, not hers
        phrase = [t for t in head.subtree if t.i <= head.i and t.dep_ in ("compound", "amod", "nmod")
                  or t.i == head.i or t.i == token.i]
        found.append((leaning, " ".join(t.text for t in phrase), _marked(token, phrase, role)))
    return tuple(found)


def _marked(word, phrase, role) -> bool:
    """Whether the claim gives the label as a label: in quotation marks of its own ("drive out the “saboteurs”",
    "a Ukrainian “sabotage group”") or as what the speaker calls them ("we call them partisans"), not as a
    plain description. `word` is the loaded word, `phrase` the label it belongs to."""
    doc = word.doc
    first, last = min(t.i for t in phrase), max(t.i for t in phrase)
    opening = next((k for k in range(word.i - 1, max(-1, first - 5), -1) if doc[k].text in _OPENING_QUOTE_MARKS),
                   None)
    closing = next((k for k in range(word.i + 1, min(len(doc), last + 5)) if doc[k].text in _CLOSING_QUOTE_MARKS),
                   None)
    if opening is not None and closing is not None and closing - opening <= 10:
        return True
    verb = role.head.head if role.dep_ == "pobj" and role.head.lower_ == "as" else role.head
    return role.dep_ in ("oprd", "pobj", "dobj", "attr") and verb.lemma_.lower() in _LABELLING_VERBS


def _someone_elses_label(role, speaker: str | None) -> bool:
    """Whether the label is what someone other than the speaker calls them: the subject of "call", "describe"
    … is neither first person nor a word of the speaker's name ("the channel now describes them as …" is
    Granitsa's own label when Granitsa, the channel, is the speaker)."""
    verb = role.head.head if role.dep_ == "pobj" and role.head.lower_ == "as" else role.head
    if verb.lemma_.lower() not in _LABELLING_VERBS:
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("i", "we"):
        return False
    return not (speaker and subject.pos_ != "PRON" and subject.lemma_.lower() in speaker.lower())


_OPENING_QUOTE_MARKS = frozenset({"“", '"', "‘", "«", "``"})
_CLOSING_QUOTE_MARKS = frozenset({"”", '"', "’", "»", "''"})
_LABELLING_VERBS = frozenset({"call", "describe", "brand", "label", "dub", "term", "denounce", "portray", "paint"})


def _framing_signal(content_a: str, content_b: str, speaker_a: str | None, speaker_b: str | None) -> Signal | None:
    """The two claims label those involved with words that lean opposite ways, each claim one way only."""
    labels_a, labels_b = framing_labels(content_a, speaker_a), framing_labels(content_b, speaker_b)
    leanings_a, leanings_b = {label[0] for label in labels_a}, {label[0] for label in labels_b}
    if len(leanings_a) != 1 or len(leanings_b) != 1 or leanings_a == leanings_b:
        return None
    (leaning_a, words_a, _), (leaning_b, words_b, _) = labels_a[0], labels_b[0]
    # A label set off as one ("the “saboteurs”", "we call them partisans") is a side's word for the doers; two
    # plain descriptions ("a guerrilla movement that avoided conventional warfare", "the extremists") are
    # mostly of different people on real news (FNC-1), so they mark the pair's kind but add no weight.
    marked = any(label[2] for label in labels_a + labels_b)
    return Signal("framing", f"loaded labels: A calls those involved “{words_a}” ({leaning_a}), B “{words_b}” "
                             f"({leaning_b})" + ("" if marked else "; neither is set off as a label"),
                  marked, "what to call them", words_a, words_b)


def compare(content_a: str, content_b: str, speaker_a: str | None = None, speaker_b: str | None = None,
            similarity: float = 0.0, denial_frame_a: bool = False, denial_frame_b: bool = False) -> list[Signal]:
    """Signals between two claims about the same event; deterministic order.

    `denial_frame_*`: the claim was reported with a denial verb ("X denied that …").
    """
    signals: list[Signal] = []
    actors_a, actors_b = actors(content_a, speaker_a, denial_frame_a), actors(content_b, speaker_b, denial_frame_b)
    (asserted_a, denied_a), (asserted_b, denied_b) = _roles(actors_a), _roles(actors_b)
    asserted_a, asserted_b, denied_a, denied_b = _unify_name_forms(asserted_a, asserted_b, denied_a, denied_b)
    for denied, asserted, who_denies in ((denied_a, asserted_b, "A"), (denied_b, asserted_a, "B")):
        for party in sorted(set(denied) & set(asserted)):
            other = "B" if who_denies == "A" else "A"
            positions = (f"not {denied[party].party}", asserted[party].party)
            signals.append(Signal(
                "actor-denial",
                f"{who_denies} denies that {denied[party].phrase} was involved; {other} names "
                f"“{asserted[party].phrase}” as the actor",
                True, "who did it", *(positions if who_denies == "A" else positions[::-1]),
            ))
    deeds_a = acts(propositions_of(content_a, denial_frame_a), _PARTY_LEMMAS) if asserted_a else []
    deeds_b = acts(propositions_of(content_b, denial_frame_b), _PARTY_LEMMAS) if asserted_b else []
    if asserted_a and asserted_b and not set(asserted_a) & set(asserted_b) and _acts_have_doers(
            content_a, denial_frame_a) and _acts_have_doers(content_b, denial_frame_b) and same_deed(deeds_a, deeds_b) \
            and _KNOWN_PARTIES & set(asserted_a) and _KNOWN_PARTIES & set(asserted_b):
        pa, pb = sorted(asserted_a)[0], sorted(asserted_b)[0]
        signals.append(Signal(
            "actor-mismatch",
            f"different actors in the same role: A names “{asserted_a[pa].phrase}” ({asserted_a[pa].party}), "
            f"B names “{asserted_b[pb].phrase}” ({asserted_b[pb].party})",
            True, "who did it", asserted_a[pa].party, asserted_b[pb].party,
        ))
    shared = sorted(set(asserted_a) & set(asserted_b))
    if shared:
        signals.append(Signal("same-actor", f"both name {asserted_a[shared[0]].party} as the actor", False))
    elif (denied_a and asserted_b and not set(denied_a) & set(asserted_b)) or (
            denied_b and asserted_a and not set(denied_b) & set(asserted_a)):
        signals.append(Signal("same-actor", "one denies a party's role and the other blames a different party", False))

    quantities_b = _quantities(content_b)
    for group, bounds_a, words_a in _quantities(content_a):
        for group_b, bounds_b, words_b in quantities_b:
            if group in _MEASURES and (similarity < 0.75 or _measured_from(content_a, words_a)
                                       != _measured_from(content_b, words_b)):
                continue  # "two kilometres from the border" and "30 km from the village" measure different things
            if _counts_disagree(group, bounds_a, group_b, bounds_b) \
                    and not _partial_count(content_a, words_a) and not _partial_count(content_b, words_b) \
                    and _count_periods(content_a) == _count_periods(content_b):
                signals.append(Signal("number-mismatch", f"numbers disagree: “{words_a}” vs “{words_b}”", True,
                                      f"how many ({group})", words_a, words_b))
                break
        else:
            continue
        break

    # A party denying its own role while the other blames someone else agree (the "same-actor" case above);
    # "nobody was injured" against "five were wounded" is already the number clash, not a second piece of evidence.
    if not any(s.name in ("actor-denial", "same-actor", "number-mismatch") for s in signals):
        denial = _denial_signal(content_a, content_b, similarity, denial_frame_a, denial_frame_b)
        if denial is not None:
            signals.append(denial)

    framing = _framing_signal(content_a, content_b, speaker_a, speaker_b)
    if framing is not None:
        signals.append(framing)

    timed = time_clash(propositions_of(content_a, denial_frame_a), propositions_of(content_b, denial_frame_b))
    if timed is not None:
        first, second = timed
        signals.append(Signal("time-mismatch", f"times disagree on one happening (“{first.words}”): "
                                               f"“{first.when.words}” vs “{second.when.words}”", True,
                              f"when “{first.predicate}” happened", first.when.words, second.when.words))
        return signals  # the dates below would be the same evidence again
    dates_a, dates_b = _dates(content_a), _dates(content_b)
    if similarity >= 0.6 and len(dates_a) == 1 and len(dates_b) == 1 and dates_a != dates_b:
        (ma, da), (mb, db) = next(iter(dates_a)), next(iter(dates_b))
        signals.append(Signal("date-mismatch", f"dates disagree: {da} {ma.title()} vs {db} {mb.title()}", True,
                              "the date", f"{da} {ma.title()}", f"{db} {mb.title()}"))
    return signals


_REMEMBERING = {"reading_of": reading_of, "propositions_of": propositions_of, "actors": actors}
