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
from dataclasses import dataclass
from functools import lru_cache

# Reporting verbs that deny what follows them: "X denied that its forces fired".
DENIAL_CUES = frozenset({"denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses"})

# Nationality words and places that stand for a party in a conflict. An actor phrase maps to the
# first party it mentions; phrases naming no party keep their own head name.
PARTY_WORDS = {
    "ukraine": "Ukraine", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "kyiv": "Ukraine", "kiev": "Ukraine",
    "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia", "kremlin": "Russia",
    "israel": "Israel", "israeli": "Israel", "israelis": "Israel", "idf": "Israel",
    "hamas": "Hamas", "islamic jihad": "Islamic Jihad", "hezbollah": "Hezbollah",
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
# Adjectives ("Russian") are not names of anything; event labels skip them.
NATIONALITY_ADJECTIVES = frozenset(w for w, party in PARTY_WORDS.items() if w != party.lower() and w.endswith(("ian", "ish", "ese", "eli", "can", "ans", "nch", "man", "ean", "ani", "udi")))
_PARTY_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in PARTY_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_AGENT_NOUNS = (
    r"(?:sabotage\s+groups?|saboteurs?|forces|troops|army|military|soldiers|fighters|militants|group|groups|"
    r"citizens|nationals|opposition\s+groups?|partisans|guerrillas?|special\s+services|intelligence|agents|"
    r"navy|divers|commandos|units?|missiles?|rockets?|drones?|strikes?|airstrikes?|shelling|artillery|"
    r"jets|warplanes|aircraft|battalions?|brigades?|regime|government|authorities)"
)
_ACTION_VERBS = (
    r"(?:attacked|entered|crossed|invaded|launched|fired|shelled|struck|hit|bombed|destroyed|blew\s+up|"
    r"sabotaged|killed|carried\s+out|blown\s+up|demolished|breached|shot\s+down|downed|bombarded|mined|conducted|staged|mounted|raided|seized|captured|liberated|"
    r"was\s+responsible|were\s+responsible|was\s+behind|were\s+behind|is\s+responsible|are\s+responsible|"
    r"is\s+behind|are\s+behind|caused|planted|targeted|detonated|had\s+entered|have\s+entered|has\s+entered|"
    r"had\s+crossed|have\s+crossed|had\s+launched|had\s+fired|had\s+carried\s+out|had\s+destroyed|had\s+blown\s+up|had\s+mined)"
)
_QUOTE = r"[“”\"‘’']?"
# "a Ukrainian “sabotage group” had entered", "Russian citizens were behind the assault"
_SUBJECT_ACTOR = re.compile(
    rf"(?P<actor>(?:\b[A-Z][\w-]*\s+){{0,3}}?\b(?:[A-Z][\w.-]*)\s+(?:[a-z-]+\s+){{0,2}}{_QUOTE}{_AGENT_NOUNS}{_QUOTE})"
    rf"(?:(?:,[^,]{{0,120}}){{1,3}},)?\s+(?:\w+\s+){{0,2}}?{_ACTION_VERBS}\b"
)
# "an attempt by Ukraine", "an attack carried out by Russian forces", "fired by Islamic Jihad"
_BY_ACTOR = re.compile(
    r"\b(?:attempt|attack|assault|strike|raid|incursion|operation|shelling|sabotage|bombing|blast|explosion|"
    r"provocation|act|carried\s+out|launched|fired|conducted|staged|organi[sz]ed|orchestrated|caused|"
    r"committed|perpetrated|destroyed|blown\s+up|mined|hit|struck)\s+by\s+"
    r"(?P<actor>(?:the\s+)?(?:[A-Z][\w.-]*|[a-z]+\s+[A-Z][\w.-]*)(?:\s+[A-Z][\w.-]*){0,3}(?:\s+" + _AGENT_NOUNS + r")?)"
)
# Named subject with an action verb: "Ukraine shelled the dam", "Hamas fired the rocket"
_NAMED_SUBJECT = re.compile(rf"^(?:the\s+)?(?P<actor>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){{0,3}})\s+(?:\w+\s+)?{_ACTION_VERBS}\b")
# Self-reported action: "it had completely liberated", "they had crossed the border"
_SELF_ACTOR = re.compile(rf"^(?:it|they|we)\s+(?:\w+\s+){{0,2}}{_ACTION_VERBS}\b", re.IGNORECASE)
# "Ukraine had nothing to do with it", "Israel was not responsible", "Kyiv denied involvement"
_DENIED_ACTOR = re.compile(
    r"(?P<actor>\b[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}|\b(?:it|they|we))\s+"
    r"(?:(?:had|has|have)\s+(?:had\s+)?nothing\s+to\s+do\s+with|(?:was|were|is|are)\s+not\s+(?:involved|responsible|behind)|"
    r"(?:did|does|do)\s+not\s+(?:carry\s+out|launch|fire|attack|strike|hit|destroy|blow\s+up|sabotage)|"
    r"(?:denied|denies|deny|rejected|rejects)\s+(?:any\s+)?(?:involvement|responsibility|role|carrying\s+out))"
)
# The speaker denies its own role: "denied that its forces had carried out", "rejected the accusation"
_DENIED_SELF = re.compile(
    rf"\b(?:denied|denies|deny|rejected|rejects|dismissed)\s+(?:that\s+)?(?:(?:it|they|we|its\s+\w+|their\s+\w+|our\s+\w+)"
    rf"\s+(?:\w+\s+){{0,2}}{_ACTION_VERBS}|(?:the\s+|any\s+)?(?:accusations?|allegations?|charges?|claims?|involvement|responsibility))",
    re.IGNORECASE,
)
_DENIAL = re.compile(
    r"\b(?:nothing\s+to\s+do\s+with|(?:is|was|are|were)\s+(?:a\s+|an\s+)?(?:lie|lies|false|fake|untrue|fabricated|"
    r"fabrication|baseless|groundless|absurd|nonsense|propaganda|disinformation|provocation)|"
    r"denied|denies|deny|rejected\s+(?:the\s+)?(?:claim|accusation|allegation)s?|no\s+evidence|"
    r"not\s+(?:involved|responsible|true)|did\s+not|didn[’']t|never|called\s+(?:it|the\s+\w+)\s+(?:a\s+)?(?:lie|false|fake|absurd)|"
    r"utterly\s+false|false\s+claims?|fabricated|baseless|groundless)\b",
    re.IGNORECASE,
)

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000,
}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_QUANTITY = re.compile(
    r"(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|fewer\s+than|less\s+than|between)?\s*"
    r"(?:(?P<low>\d[\d,]*)\s*(?:and|to|-|–)\s*)?(?P<num>\d[\d,]*(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")(?:\s+(?P<scale>thousand|million|billion))?"
    r"\s+(?:(?:[a-z]+[- ]){0,2})(?P<noun>people|persons|civilians|dead|killed|deaths|wounded|injured|casualties|"
    r"victims|soldiers|troops|fighters|children|bodies|homes|houses|buildings|villages|settlements|towns|"
    r"drones|missiles|rockets|tanks|vehicles|incursions|attacks|strikes|residents|hostages|prisoners|refugees|"
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
_PEOPLE = frozenset({"people", "civilians", "residents", "children"})
# Counts of a part of a crowd ("12 children were killed") are compared only with the same part:
# they can be included in a larger count of people.
_PART_OF_PEOPLE = frozenset({"civilians", "residents", "children"})
_OUTCOME = re.compile(r"\b(killed|dead|died|deaths|wounded|injured|hurt|evacuated|displaced|missing|"
                      r"arrested|detained|rescued|trapped|affected|lived|live|living|at risk)\b", re.IGNORECASE)
_OUTCOME_GROUPS = {"dead": "killed", "died": "killed", "deaths": "killed", "wounded": "injured", "hurt": "injured",
                   "live": "lived", "living": "lived"}
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE = re.compile(rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTHS})|(?P<m2>{_MONTHS})\s+(?P<d2>\d{{1,2}})(?!\d))\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Actor:
    party: str  # "Ukraine", or the actor's own name when it maps to no party
    phrase: str  # the words in the claim, shown to the reviewer
    denied: bool = False


@dataclass(frozen=True, slots=True)
class Signal:
    name: str  # "actor-mismatch", "actor-denial", "denial", "number-mismatch", "date-mismatch", "same-actor"
    reason: str  # one sentence for the reviewer
    contradicts: bool  # False: evidence of agreement


# Armed groups are parties of their own, whatever nationality word precedes them
# ("Palestinian Islamic Jihad" is Islamic Jihad, not "the Palestinians").
_ORGANISATION_PARTIES = frozenset({"Hamas", "Islamic Jihad", "Hezbollah", "Houthis", "Taliban", "RSF", "NATO"})


def party_of(phrase: str) -> str:
    matches = [PARTY_WORDS[m.group(1).lower()] for m in _PARTY_PATTERN.finditer(phrase)]
    organisations = [m for m in matches if m in _ORGANISATION_PARTIES]
    if organisations or matches:
        return (organisations or matches)[0]
    words = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(" “”\"'"), flags=re.IGNORECASE)
    return words


@lru_cache(maxsize=65536)
def actors(content: str, speaker: str | None = None, denied_by_frame: bool = False) -> tuple[Actor, ...]:
    """Who the claim says did it (or did not do it).

    `denied_by_frame`: the reporting verb was a denial ("X denied that its forces fired"), so
    every actor the proposition names is denied, not asserted.
    """
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
    for pattern in (_SUBJECT_ACTOR, _BY_ACTOR, _NAMED_SUBJECT):
        for match in pattern.finditer(content):
            if any(s <= match.start() < e for s, e in denied_spans):
                continue
            phrase = match.group("actor").strip()
            if not _PARTY_PATTERN.search(phrase) and pattern is not _BY_ACTOR and pattern is not _NAMED_SUBJECT:
                continue
            found.append(Actor(party_of(phrase), re.sub(r"\s+", " ", phrase)))
    if speaker and _SELF_ACTOR.match(content):
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


def names_an_actor(claim) -> bool:
    """Whether a Claim says who did (or did not do) something: such claims are paired with each other."""
    return bool(actors(claim.proposition, claim.speaker, claim.cue in DENIAL_CUES))


def _quantities(content: str) -> list[tuple[str, tuple[float, float], str]]:
    """(noun group, (low, high) bounds, words) for each counted quantity in the claim."""
    result = []
    for match in _QUANTITY.finditer(content):
        raw = match.group("num").lower().replace(",", "")
        value = float(_NUMBER_WORDS.get(raw, raw)) if raw in _NUMBER_WORDS or re.fullmatch(r"[\d.]+", raw) else None
        if value is None:
            continue
        if match.group("scale"):
            value *= _SCALE[match.group("scale").lower()]
        noun = match.group("noun").lower()
        group = _NOUN_GROUPS.get(noun, noun)
        # "40 civilians were killed" matches the outcome as its noun; who was counted is in between
        between = match.string[match.end("scale") if match.group("scale") else match.end("num"):match.start("noun")]
        part = next((w for w in between.lower().split() if w in _PART_OF_PEOPLE), None)
        if part and group in ("killed", "injured"):
            group = f"{part} {group}"
        if group in _PEOPLE:  # "eight people had been wounded": the outcome says what was counted
            outcome = _OUTCOME.search(content, match.end(), match.end() + 40)
            if not outcome:
                continue
            word = " ".join(outcome.group(1).lower().split())
            counted = _OUTCOME_GROUPS.get(word, word)
            group = f"{group} {counted}" if group in _PART_OF_PEOPLE else counted
        qual = " ".join((match.group("qual") or "").lower().split())
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
    return result


def _compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two reported quantities could both be true ("at least 8" and "10" can)."""
    return a[0] <= b[1] and b[0] <= a[1]


def _dates(content: str) -> set[tuple[str, int]]:
    out = set()
    for match in _DATE.finditer(content):
        month = (match.group("m1") or match.group("m2")).lower()
        out.add((month, int(match.group("d1") or match.group("d2"))))
    return out


def _parties(actor: Actor) -> list[str]:
    return [part.strip().lower() for part in actor.party.split(" / ")]


def compare(content_a: str, content_b: str, speaker_a: str | None = None, speaker_b: str | None = None,
            similarity: float = 0.0, denial_frame_a: bool = False, denial_frame_b: bool = False) -> list[Signal]:
    """Signals between two claims about the same event; deterministic order.

    `denial_frame_*`: the claim was reported with a denial verb ("X denied that …").
    """
    signals: list[Signal] = []
    actors_a, actors_b = actors(content_a, speaker_a, denial_frame_a), actors(content_b, speaker_b, denial_frame_b)
    # Keyed by each party an actor stands for: "Anglo-Saxons" share the United States with "US Navy divers".
    asserted_a = {p: a for a in actors_a if not a.denied for p in _parties(a)}
    asserted_b = {p: a for a in actors_b if not a.denied for p in _parties(a)}
    denied_a = {p: a for a in actors_a if a.denied for p in _parties(a)}
    denied_b = {p: a for a in actors_b if a.denied for p in _parties(a)}
    for denied, asserted, who_denies in ((denied_a, asserted_b, "A"), (denied_b, asserted_a, "B")):
        for party in sorted(set(denied) & set(asserted)):
            other = "B" if who_denies == "A" else "A"
            signals.append(Signal(
                "actor-denial",
                f"{who_denies} denies that {denied[party].phrase} was involved; {other} names "
                f"“{asserted[party].phrase}” as the actor",
                True,
            ))
    if asserted_a and asserted_b and not set(asserted_a) & set(asserted_b):
        pa, pb = sorted(asserted_a)[0], sorted(asserted_b)[0]
        signals.append(Signal(
            "actor-mismatch",
            f"different actors in the same role: A names “{asserted_a[pa].phrase}” ({asserted_a[pa].party}), "
            f"B names “{asserted_b[pb].phrase}” ({asserted_b[pb].party})",
            True,
        ))
    shared = sorted(set(asserted_a) & set(asserted_b))
    if shared:
        signals.append(Signal("same-actor", f"both name {asserted_a[shared[0]].party} as the actor", False))
    elif (denied_a and asserted_b and not set(denied_a) & set(asserted_b)) or (
            denied_b and asserted_a and not set(denied_b) & set(asserted_a)):
        signals.append(Signal("same-actor", "one denies a party's role and the other blames a different party", False))

    if not any(s.name == "actor-denial" for s in signals):
        denial_a, denial_b = _DENIAL.search(content_a), _DENIAL.search(content_b)
        denial_a = denial_a or (_DENIAL.search("denied") if denial_frame_a else None)
        denial_b = denial_b or (_DENIAL.search("denied") if denial_frame_b else None)
        if bool(denial_a) != bool(denial_b) and similarity >= 0.5:
            which, match = ("A", denial_a) if denial_a else ("B", denial_b)
            signals.append(Signal("denial", f"{which} denies or rejects (“{match.group(0)}”) what the other asserts", True))

    quantities_b = _quantities(content_b)
    for group, bounds_a, words_a in _quantities(content_a):
        for group_b, bounds_b, words_b in quantities_b:
            if group == group_b and not _compatible(bounds_a, bounds_b):
                signals.append(Signal("number-mismatch", f"numbers disagree: “{words_a}” vs “{words_b}”", True))
                break
        else:
            continue
        break

    dates_a, dates_b = _dates(content_a), _dates(content_b)
    if similarity >= 0.6 and len(dates_a) == 1 and len(dates_b) == 1 and dates_a != dates_b:
        (ma, da), (mb, db) = next(iter(dates_a)), next(iter(dates_b))
        signals.append(Signal("date-mismatch", f"dates disagree: {da} {ma.title()} vs {db} {mb.title()}", True))
    return signals
