"""What a claim asserts and what it denies, clause by clause, read from its dependency parse.

A claim often holds more than one proposition: "no protester had died and no rubber bullets had
been fired" denies two things; "none of its fighters has ever been captured, and it calls the
videos staged" denies a capture and the videos. Each clause becomes a Proposition: its predicate
(the verb, or for "be"/"have"/"go" and other light verbs the word that carries the meaning), the
nouns it is about (subject, object, prepositional objects), whether it is asserted, denied or
only hedged (a condition, a question, a modal, "unconfirmed"), and its time.

Two claims disagree on a predicate when one denies a proposition the other asserts: the same
predicate (or words news uses for the same act: "shelled" and "struck"), about at least one of
the same things. That, and not a negation word near a similar sentence, is a denial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from narratives.times import MONTHS, WEEKDAYS, When, clash, read_when

# Words news uses for the same act or state, so "no rubber bullets had been fired" meets "he was hit
# by a rubber bullet" and "none of its fighters has been captured" meets "two had been detained".
SAME_ACT = {
    **dict.fromkeys(("destroy", "wreck", "damage", "demolish", "breach", "blow", "collapse", "raze"), "destroy"),
    **dict.fromkeys(("shell", "strike", "bomb", "hit", "attack", "assault", "raid", "fire", "shoot", "shelling", "airstrike",
                     "bombing", "bombardment", "missile", "rocket", "target", "launch", "shot", "gunshot",
                     "gunfire"), "attack"),
    **dict.fromkeys(("kill", "die", "dead", "death", "fatality", "toll"), "kill"),
    **dict.fromkeys(("injure", "wound", "hurt", "injury", "casualty", "injured", "wounded"), "injure"),
    **dict.fromkeys(("explosion", "blast", "detonation", "explode", "detonate"), "explosion"),
    **dict.fromkeys(("evacuate", "evacuation", "flee"), "evacuate"),
    **dict.fromkeys(("arrest", "detain", "detention", "capture", "seize", "seizure", "captive"), "capture"),
    **dict.fromkeys(("curfew", "lockdown"), "curfew"),
    **dict.fromkeys(("lock", "padlock", "chain", "block", "padlocked", "chained", "locked", "blocked"), "lock"),
    **dict.fromkeys(("missing", "miss", "disappear", "vanish"), "missing"),  # not "lose": an election is lost
}

# Verbs whose meaning sits in their complement: "was a lie", "had a gunshot wound", "went missing".
_LIGHT_VERBS = frozenset({"be", "have", "get", "go", "become", "remain", "seem", "appear", "make", "take", "give",
                          "do", "keep", "stay", "carry", "conduct", "launch", "stage", "mount", "commit", "perpetrate",
                          "use"})
# Too common to show that two propositions are about the same thing.
_VAGUE_WORDS = frozenset({"be", "have", "do", "say", "tell", "make", "take", "get", "go", "come", "give", "see",
                          "know", "think", "thing", "time", "day", "way", "year", "people", "part", "one", "lot",
                          "report", "claim", "statement", "news", "story", "talk", "side", "point", "place", "use",
                          "case", "fact", "number", "area", "matter", "question", "issue", "plan", "want", "need",
                          "information", "detail", "comment", "word"})  # "there is no information on whether …"
_CLAIM_WORDS = frozenset({"talk", "report", "claim", "allegation", "accusation", "rumour", "rumor", "story",
                          "suggestion", "speculation", "news", "account", "assertion", "charge", "idea", "notion",
                          "version", "hoax", "myth"})
_FALSITY = frozenset({"lie", "false", "fake", "untrue", "fabricated", "fabrication", "baseless", "groundless",
                      "nonsense", "propaganda", "disinformation", "misinformation", "staged", "hoax", "myth",
                      "fiction", "invention", "invented", "made-up", "bogus", "unfounded", "falsehood", "fable",
                      "rubbish", "fabricate", "stage"})
_CLAIM_VERBS = frozenset({"claim", "say", "report", "allege", "suggest", "state", "assert", "purport", "tell"})
# Things that are made and shown, which stay real when what they show is called false.
_ARTEFACTS = frozenset({"video", "photo", "photograph", "picture", "image", "footage", "clip", "film", "recording",
                        "audio", "tape", "article", "document", "letter", "screenshot", "post", "tweet", "website",
                        "site", "page", "account", "profile", "map", "graphic", "headline", "message", "email",
                        "statement", "quote", "petition", "poster", "sign", "note", "certificate", "passport"})
_FALSITY_NOUNS = frozenset({"rumour", "rumor", "hoax", "myth", "speculation", "allegation", "claim", "lie"})
_ATTEMPTS = frozenset({"attempt", "effort", "bid", "try", "plan", "offer", "request", "call", "demand", "order",
                       "hope", "want", "threat", "threaten", "promise", "aim", "seek", "intend", "expect", "wish",
                       "decide", "agree", "vow", "pledge", "prepare", "refuse", "fail", "advise", "urge",
                       "encourage", "ask", "persuade", "invite", "pressure", "recommend"})
_BLAMING = frozenset({"blame", "accuse", "criticise", "criticize", "fault", "condemn", "praise", "thank", "fine",
                      "punish", "sue", "charge"})
_TRUE = frozenset({"true", "accurate", "correct", "right"})
_FAILING = frozenset({"unable", "fail", "refuse", "decline", "impossible"})
_DENYING = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "dispute", "rubbish", "contradict"})
# A headline in title case ("Clinic Denies Performing Throat Biopsy") leads the tagger to read the verb as a
# name; its surface form still says it is a denial.
_DENYING_FORMS = frozenset({"denies", "denied", "rejects", "rejected", "dismisses", "dismissed", "refutes", "refuted"})


def _is_denying(token) -> bool:
    if token.lemma_.lower() in _DENYING and token.pos_ == "VERB":
        return True
    return token.lower_ in _DENYING_FORMS and token.text[:1].isupper() and token.pos_ in ("PROPN", "NOUN", "VERB")


_LABELLING = frozenset({"call", "describe", "brand", "label", "dismiss", "denounce", "dub"})
_CONDITION_MARKS = frozenset({"if", "unless", "whether", "lest", "until", "once"})
# What is fired, not whom it hits: "fired a rubber bullet" and "shot my son" can be one shooting.
_MUNITIONS = frozenset({"bullet", "round", "shot", "shell", "missile", "rocket", "grenade", "gas", "cannon", "weapon",
                        "gun", "rifle", "projectile", "dart"})
# Verbs whose object names an event that they make happen: "ordered the evacuation", "carried out the raid".
_EXECUTING = frozenset({"order", "carry", "conduct", "complete", "launch", "stage", "organise", "organize", "mount"})
_EVIDENCE = frozenset({"proof", "evidence", "indication", "sign", "confirmation", "verification"})
_POLICIES = frozenset({"policy", "practice", "rule", "principle", "custom", "tradition", "habit", "commitment",
                       "pledge", "promise", "vow", "strategy", "doctrine"})
_PREVENTING = frozenset({"prevent", "stop", "keep", "bar", "ban", "deter", "discourage", "dissuade", "save", "spare"})
_OTHERS = frozenset({"more", "others", "another", "else"})
# Verbs that tell someone to do a thing, which says nothing of whether it was done.
_DIRECTIVES = frozenset({"direct", "order", "instruct", "tell", "ask", "urge", "command", "request", "advise", "encourage",
                         "invite", "expect", "want"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "may", "should", "must", "can"})
_SUPPOSING = frozenset({"assume", "suppose", "imagine"})
_EXCEPT_WORDS = frozenset({"else", "except", "but", "besides", "other", "after", "before", "beyond"})
_UNCERTAIN = frozenset({"unclear", "uncertain", "unknown", "possible", "possibly", "likely", "unlikely",
                        "doubtful", "unsure", "perhaps", "maybe", "reportedly", "allegedly", "apparently",
                        "seemingly", "supposedly", "purportedly", "ostensibly",
                        "unconfirmed", "unverified", "probably"})
# Confirming verbs: "no alliance has been confirmed" says a thing is not known, not that it is false.
_CONFIRMING = frozenset({"confirm", "verify", "prove", "establish", "determine", "announce", "identify", "disclose",
                         "reveal", "know"})
# "is not currently serving", "no longer", "any more": the present state only, no denial of the past.
_NOW_ONLY = frozenset({"currently", "presently", "longer", "anymore", "more"})
_NEGATIVE_SUBJECTS = frozenset({"none", "nobody", "nothing", "neither", "noone"})
_HAPPENING = frozenset({"happen", "occur", "exist", "take"})  # "take" only in "take place", not "take part"
# Nouns of feeling or belief: "anger that YouTube didn't take the video down" reports a mood, not a fact.
_ATTITUDE_NOUNS = frozenset({"anger", "fear", "concern", "worry", "hope", "outrage", "frustration", "belief",
                             "suspicion", "expectation", "speculation", "doubt", "impression", "feeling", "sense"})
# Verbs that say when or how an event ran, not what it was: "the assault began at 22:00", "the alarm
# went off", "the first alarm sounded": the event is their subject.
_ASPECTUAL = frozenset({"begin", "start", "commence", "erupt", "end", "finish", "resume", "sound", "ring"})
_ASPECTUAL_PARTICLES = {"go": "off", "break": "out", "kick": "off"}
_QUANTIFIERS = frozenset({"none", "all", "some", "many", "most", "each", "any", "several", "few", "both", "half"})
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "conj", "xcomp", "relcl", "acl", "advcl", "parataxis", "csubj", "pcomp"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "agent", "dative", "oprd", "acomp", "npadvmod"})


@dataclass(frozen=True, slots=True)
class Proposition:
    """One clause of a claim: its predicate, what it is about, and the claim's stance on it."""

    predicate: str  # class lemma of the verb or its complement: "attack", "curfew", "capture"
    arguments: frozenset[str]  # class lemmas of the nouns it is about: subject, object, prepositional objects
    denied: bool
    hedged: bool  # a condition, a question, a modal, an uncertainty: it neither asserts nor denies
    words: str  # the words that carry it, for the reviewer ("no rubber bullets had been fired")
    now_only: bool = False  # "not currently", "no longer": says nothing about the past
    past: bool = False  # the clause is in a past tense
    existence: bool = False  # about whether a thing exists or happened: "there was no curfew", "talk of a curfew is a lie"
    doers: frozenset[str] = frozenset()  # class lemmas of who does it: the active subject or the passive's agent
    heads: frozenset[str] = frozenset()  # the head nouns among the arguments, without modifiers
    cause: frozenset[str] = frozenset()  # "as a result of police action" → police, action: what the clause blames
    objects: frozenset[str] = frozenset()  # head nouns of the object: "will experience six days of darkness" → day
    object_kinds: frozenset[str] = frozenset()  # what kind of object: "no complaint of electoral fraud" → fraud, electoral
    subject: str = ""  # class lemma of the grammatical subject's head: "the rear fire exit was padlocked" → exit
    describes: bool = False  # a relative or participle clause describing a noun: "deserters who crossed the line"
    owners: dict = field(default_factory=dict, compare=False, hash=False)  # head → names that own it: wife → {baghdadi}
    manner: frozenset[str] = frozenset()  # "mistakenly", "deliberately": how or why, which a denial may be about
    when: When | None = None  # the clause's own time: "at 01:40 on Wednesday"
    patients: frozenset[str] = frozenset()  # what it is done to: the object or a passive's subject
    verb: str = ""  # the clause's own verb lemma ("fire", "hit"), where the predicate is a class ("attack")
    restrictions: frozenset[str] = frozenset()  # what a relative clause narrows its subject or object to
    # Made things the clause describes by what they show: "a recording of Hamas members discussing a rocket",
    # "footage showing the convoy" → recording, footage. Only these are denied by calling the thing fake.
    shown: frozenset[str] = frozenset()
    artefact: bool = False  # a made thing called fake or staged: "the recording had been fabricated"
    pronoun_doer: bool = False  # the doer is a pronoun: "it had killed a captive pilot" (someone named did it)
    places: frozenset[str] = frozenset()  # the claim's place names and place nouns: "the Graivoron district"
    # The denier denies its own deed: "the police denied attacking anyone" (the police are the doer)
    self_denial: bool = False
    # The deed someone is accused of: "accused Kyiv of deliberately attacking the structure" → attacking
    accused: bool = False
    # Heads said to be other ones: "employ women from other countries", "foreign workers" → woman, worker
    others: frozenset[str] = frozenset()


def class_of(lemma: str) -> str:
    lemma = lemma.lower()
    return SAME_ACT.get(lemma, lemma)


def _is_content_noun(token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and len(token.text) > 2 and token.lemma_.lower() not in _VAGUE_WORDS \
        and token.lower_ not in _QUANTIFIERS and token.lower_ not in _NEGATIVE_SUBJECTS


def _noun_lemmas(token, depth: int = 1) -> set[str]:
    """A noun with its compounds, modifiers, owner and one level of prepositional objects:
    "rubber bullets" → bullet, rubber; "the blast at the hospital" → explosion, hospital."""
    found = set()
    if depth and token.pos_ in ("NOUN", "PROPN"):
        found |= {lemma for p in token.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"
                  for lemma in _noun_lemmas(g, depth - 1)}
    if _is_content_noun(token):
        found.add(class_of(token.lemma_))
        # "rubber bullets", "the dam's sluice gates": modifiers and owners name the thing too
        found.update(class_of(c.lemma_) for c in token.children
                     if c.dep_ in ("compound", "amod", "poss") and c.pos_ in ("NOUN", "PROPN", "ADJ") and len(c.text) > 2
                     and c.lemma_.lower() not in _VAGUE_WORDS)
    return found


def _arguments(verb) -> frozenset[str]:
    found: set[str] = set()
    for child in verb.children:
        if child.dep_ == "agent":  # "struck by a rubber bullet"
            found |= {lemma for g in child.children if g.dep_ == "pobj" for lemma in _noun_lemmas(g)}
        elif child.dep_ in _ARGUMENT_DEPS:
            heads = [child, *(c for c in child.children if c.dep_ == "conj")]
            for head in heads:
                found |= _noun_lemmas(head)
                if head.pos_ == "NUM" or head.lower_ in _QUANTIFIERS:  # "two of them", "none of its fighters"
                    found |= {lemma for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                              for g in p.children if g.dep_ == "pobj" for lemma in _noun_lemmas(g)}
        elif child.dep_ == "prep":
            for g in child.children:
                if g.dep_ == "pobj":
                    found |= _noun_lemmas(g)
        elif child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("ADJ", "NOUN"):
            found |= _noun_lemmas(child)
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a rubber bullet fired at close range": the bullet was fired
        found |= _noun_lemmas(verb.head, depth=0)
    return frozenset(found)


_CAUSE_OPENINGS = ("as a result of", "because of", "due to", "owing to", "at the hands of", "caused by")


def _cause(verb) -> frozenset[str]:
    """Nouns of a causal phrase on the clause: "no protester had died as a result of police action"."""
    found: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("prep", "agent"):
            words = " ".join(t.lower_ for t in child.subtree)
            if words.startswith(_CAUSE_OPENINGS) or child.dep_ == "agent":
                found |= {class_of(t.lemma_) for t in child.subtree if _is_content_noun(t)} - {"result", "hand"}
    return frozenset(found)


def _objects(verb) -> frozenset[str]:
    # any noun, even a vague one: "will experience six days of darkness" and "will experience no problems"
    return _nouns_of([c for c in verb.children if c.dep_ == "dobj"])


def _patients(verb) -> frozenset[str]:
    """What the act is done to: the object, a passive's subject ("the missing students were not found"),
    or the noun a participle describes ("a rubber bullet fired at close range": the bullet was fired)."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        found.append(verb.head)
    return _nouns_of(found)


def _restrictions(verb) -> frozenset[str]:
    """What a relative clause narrows the subject or object to: "individuals who have ties to ISIL" → tie, isil.
    A denial so narrowed denies only that: not that anyone at all was apprehended."""
    found: set[str] = set()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.pos_ in ("NOUN", "PROPN"):
            for clause in child.children:
                if clause.dep_ in ("relcl", "acl") and clause.pos_ in ("VERB", "AUX"):
                    found |= {class_of(t.lemma_) for t in clause.subtree if _is_content_noun(t)}
    return frozenset(found)


def _shown(verb) -> frozenset[str]:
    """Artefacts among the clause's arguments described by their content: "released a recording of Hamas
    members discussing a rocket", "footage showing the convoy"; not "a website posted an article claiming …",
    which reports what the article claims."""
    found = set()
    for head in _argument_tokens(verb) + ([verb.head] if verb.dep_ == "acl" and verb.tag_ == "VBN" else []):
        if class_of(head.lemma_) not in _ARTEFACTS:
            continue
        for child in head.children:
            described = child.dep_ == "prep" and child.lower_ == "of" and any(
                g.dep_ == "pobj" and _is_content_noun(g) for g in child.children)
            described |= child.dep_ in ("acl", "relcl") and child.lemma_.lower() not in _CLAIM_VERBS
            if described:
                found.add(class_of(head.lemma_))
    return frozenset(found)


def _nouns_of(tokens) -> frozenset[str]:
    return frozenset(class_of(c.lemma_) for c in tokens
                     if c.pos_ in ("NOUN", "PROPN") and c.lower_ not in _NEGATIVE_SUBJECTS | _QUANTIFIERS | {"one"})


_MANNER = frozenset({"mistakenly", "accidentally", "deliberately", "intentionally", "knowingly", "unknowingly",
                     "inadvertently", "wrongly", "illegally", "legally", "secretly", "voluntarily", "unlawfully"})


def _manner(verb) -> frozenset[str]:
    return frozenset(c.lower_ for c in verb.children if c.dep_ == "advmod" and c.lower_ in _MANNER)


def _argument_tokens(verb) -> list:
    """The tokens heading a clause's subject, object and prepositional objects."""
    return [c for c in verb.children if c.dep_ in _ARGUMENT_DEPS] + [
        g for c in verb.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]


def _owners(verb) -> dict:
    """Proper names that say whose or which a head noun is: "al-Baghdadi's wife", "the wife of Anas Shirkas"."""
    found: dict[str, frozenset[str]] = {}
    heads = _argument_tokens(verb)
    for head in heads:
        if not _is_content_noun(head):
            continue
        names = {t.lemma_.lower() for c in head.children if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN"
                 for t in c.subtree if t.pos_ == "PROPN"}
        names |= {t.lemma_.lower() for p in head.children if p.dep_ == "prep" and p.lower_ == "of"
                  for g in p.children if g.dep_ == "pobj" and g.pos_ == "PROPN" for t in g.subtree if t.pos_ == "PROPN"}
        if names:
            found[class_of(head.lemma_)] = frozenset(names)
    return found


def _subject(verb) -> str:
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return _subject(verb.head)
    head = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and _is_content_noun(c)), None)
    return class_of(head.lemma_) if head is not None else ""


def _object_kinds(verb) -> frozenset[str]:
    found: set[str] = set()
    for c in verb.children:
        if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN"):
            found |= _noun_lemmas(c) - {class_of(c.lemma_)}
            found |= {lemma for d in c.children if d.dep_ in ("acl", "relcl") for lemma in _arguments(d)}
    return frozenset(found)


def _head_nouns(verb) -> frozenset[str]:
    """The head nouns of a clause's subject, object and prepositional objects, without their modifiers."""
    heads = _argument_tokens(verb) + ([verb.head] if verb.dep_ == "acl" and verb.tag_ == "VBN" else [])
    return frozenset(class_of(h.lemma_) for h in heads if _is_content_noun(h))


def _denier(verb):
    """The subject of the denying verb whose own deed a subjectless clause is: "the police denied attacking
    anyone", "the clinic denies performing the biopsy" → police, clinic."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children) or verb.tag_ not in ("VBG", "VB"):
        return None
    head = verb.head.head if verb.head.dep_ == "prep" else verb.head
    if verb.head.i == verb.i or not _is_denying(head):
        return None
    return next((c for c in head.children if c.dep_ == "nsubj"), None)


def _doers(verb) -> frozenset[str]:
    found: set[str] = set()
    if (denier := _denier(verb)) is not None:
        return frozenset(_noun_lemmas(denier))
    if verb.dep_ == "relcl":  # "Dorian Johnson, who did witness the shooting": the noun the clause is about
        found |= _noun_lemmas(verb.head, depth=0)
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return _doers(verb.head)  # "Joshua was nowhere near and couldn't have seen it": Joshua's
    for child in verb.children:
        if child.dep_ == "nsubj":
            found |= _noun_lemmas(child)
        elif child.dep_ == "agent":
            found |= {lemma for g in child.children if g.dep_ == "pobj" for lemma in _noun_lemmas(g)}
    return frozenset(found)


_PLACE_NOUNS = frozenset({"town", "city", "village", "region", "district", "territory", "area", "border", "frontier",
                          "province", "country", "oblast", "state", "capital", "outskirt", "suburb", "neighbourhood",
                          "neighborhood", "countryside", "coast", "island", "valley"})
_PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "into", "outside", "around", "across", "inside", "toward", "towards"})


def _places(doc) -> frozenset[str]:
    """Place names and place nouns of a claim, read from the parse rather than the entity tagger (which
    tags "Graivoron" a person and "Belgorod" a nationality): a name beside a place noun ("the Graivoron
    district", "the border town of Kozinka"), or after a preposition of place ("bombings in Kampala")."""
    found = {class_of(t.lemma_) for t in doc if t.lemma_.lower() in _PLACE_NOUNS}
    for t in doc:
        if t.pos_ != "PROPN":
            continue
        near_place_noun = t.dep_ in ("compound", "amod") and t.head.lemma_.lower() in _PLACE_NOUNS or (
            t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in _PLACE_NOUNS)
        after_place_word = t.dep_ == "pobj" and t.head.lower_ in _PLACE_PREPOSITIONS
        if near_place_noun or after_place_word or t.ent_type_ in ("GPE", "LOC", "FAC") and t.dep_ != "nsubj":
            found.add(class_of(t.lemma_))
    return frozenset(found)


def _pronoun_doer(verb) -> bool:
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return _pronoun_doer(verb.head)
    return any(c.dep_ == "nsubj" and c.pos_ == "PRON" and c.tag_ not in ("WDT", "WP") and c.lower_ not in _NEGATIVE_SUBJECTS
               for c in verb.children)  # not "bombings that killed 70 people": a description


def _predicate(verb):
    """The token that carries a clause's meaning: the verb, or the complement of a light verb."""
    if verb.lemma_.lower() in _LIGHT_VERBS:
        for child in verb.children:
            if child.dep_ in ("attr", "acomp", "dobj", "oprd") and child.pos_ in ("NOUN", "ADJ", "VERB", "PROPN"):
                return child
        for child in verb.children:  # "went missing", "got hurt" (a clause after "is that …" is read on its own)
            if child.dep_ == "xcomp" and child.pos_ in ("ADJ", "VERB"):
                return child
        if verb.lemma_.lower() == "be":  # "was nowhere near Kobani", "was not in the area": where someone was
            place = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "inside")), None)
            if place is not None and not any(c.dep_ in ("attr", "acomp") for c in verb.children):
                return place
        for child in verb.children:  # "no tear gas was used": what was used
            if child.dep_ == "nsubjpass" and _is_content_noun(child):
                return child
    return verb


def _negated(verb) -> bool:
    if any((c.dep_ == "neg" or c.lower_ in ("never", "nor", "n't", "n’t", "not", "nowhere"))
           and not (c.i + 1 < len(c.doc) and c.nbor(1).lower_ == "only") for c in verb.children):
        return True  # but "not only marks the anniversary" asserts it
    if any(c.lower_ == "longer" and c.i > 0 and c.nbor(-1).lower_ == "no" for c in verb.children):
        return True  # "no longer running"
    if any(t.lower_ == "nor" for t in verb.doc[verb.left_edge.i: verb.i]) or verb.dep_ == "conj" and any(
            c.dep_ == "cc" and c.lower_ == "nor" and c.i < verb.i for c in verb.head.children):
        return True  # "nor is he serving", "… nor was it"
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "expl"):
            if child.lower_ in _NEGATIVE_SUBJECTS or child.lower_ == "no":
                return True
            if any(d.dep_ == "det" and d.lower_ == "no" for d in child.children):
                return True
            if child.lower_ == "one" and any(d.lower_ == "no" for d in child.children):  # "no one"
                return True
            if any(d.dep_ == "advmod" and d.lower_ == "not" for d in child.children):  # "not a single bullet"
                return True
    return False


def _negated_complement(verb) -> bool:
    """"he was no good in bed": the negation sits on the light verb's complement, not on the verb."""
    if verb.lemma_.lower() not in _LIGHT_VERBS:
        return False
    return any(c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ" and any(
        d.lower_ in ("no", "not", "never") and d.dep_ in ("neg", "advmod", "det") for d in c.children)
        for c in verb.children)


def _hedged(verb, negated: bool) -> bool:
    doc = verb.doc
    if len(doc) and doc[-1].text == "?":
        return True
    if verb.dep_ in ("ROOT", "ccomp") and verb.left_edge.tag_ in ("WRB", "WP") and verb.left_edge.head.i == verb.i \
            and verb.left_edge.dep_ != "nsubj":
        return True  # "(it did not say) where the attacks occurred": an indirect question asserts nothing
    for node in [verb, *verb.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in node.children):
            return True
        if node.dep_ in ("acl", "ccomp", "relcl") and node.head.lemma_.lower() in _CLAIM_WORDS | _FALSITY_NOUNS | _ATTITUDE_NOUNS:
            return True  # "reports that shots were fired", "rumours that the league is adding teams": reported
        if node.dep_ == "advcl" and not any(c.dep_ == "mark" for c in node.children) and node.tag_ == "VBG":
            continue  # "…, killing eight people": a participle states a result
        if node.i != verb.i and node.lemma_.lower() in _UNCERTAIN | _SUPPOSING:
            return True  # "I assumed I wasn't a target": a belief the speaker held, not a fact asserted
        if node.dep_ == "advcl" and any(c.lower_ in ("so", "lest") or c.lower_ == "order" and c.dep_ == "mark"
                                        for c in node.children):
            return True  # "so as not to be targeted", "so that the men won't have to sit": a purpose
        if node.dep_ in ("pcomp", "pobj") and any(a.lemma_.lower() in _BLAMING for a in node.ancestors):
            return True  # "blamed parents for not educating their children": an accusation, not a denial
        if node.dep_ == "pcomp" and node.head.lower_ == "from" and node.head.head.lemma_.lower() in _PREVENTING:
            return True  # "to prevent him from turning into a werewolf": it did not happen, nor is that denied
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in ("have", "need") and node.head.tag_ in ("VBP", "VBZ") \
                and any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children):
            return True  # "they have to set a price": a need, said of the present, not a deed
        if node.dep_ == "pcomp" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in _POLICIES:
            return True  # "a policy of not paying ransom": a rule, not a statement about a payment
        if node.dep_ in ("acl", "xcomp") and node.head.lemma_.lower() in _ATTEMPTS:
            return True  # "attempts to speak with her have failed": the act was only tried
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in _DIRECTIVES \
                and any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children):
            return True  # "Marines were directed to turn over their weapons": told to, not said to have done it
    if verb.dep_ == "relcl" and verb.left_edge.i > 0 and verb.doc[verb.left_edge.i - 1].lower_ in _OTHERS:
        return True  # "dozens more that did not get caught": about others than the ones the other claim counts
    node = verb
    if verb.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children) \
            and verb.head.dep_ in ("attr", "dobj", "nsubj", "nsubjpass") and any(
                c.dep_ == "aux" and (c.lower_ in _HYPOTHETICAL or c.lemma_ == "will") for c in verb.head.head.children):
        return True  # "she would be the third aid worker to die": only if she is, has anyone died
    while node.dep_ == "xcomp" and node.head.i != node.i:
        node = node.head
        if _negated(node) and node.lemma_.lower() not in _FAILING:
            return True  # "the ENT, who wasn't authorized to perform any procedures": no performing asserted
        if any(c.dep_ == "aux" and (c.lower_ in _HYPOTHETICAL or c.lemma_ == "will") for c in node.children):
            return True  # "she would be the fourth American to die": only if, so no death asserted
    if verb.dep_ == "acl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return True  # "the alleged decision to blur her face": a plan or a purpose, not a deed
    if verb.lemma_.lower() in ("have", "need") and verb.tag_ in ("VBP", "VBZ") and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children) for c in verb.children):
        return True  # "watchmakers have to set a price": a need, said of the present, not a deed
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    for child in verb.children:
        # "could not have been destroyed from outside" denies; "will never die", "would not marry" only predict
        if child.dep_ == "aux" and (child.lower_ in _HYPOTHETICAL or child.lemma_ == "will") and (
                not negated or child.lower_ not in ("could", "can", "couldn't", "cannot")):
            return True
        if negated and child.dep_ == "aux" and child.lemma_ == "can" and child.lower_ != "could" and not perfect:
            return True  # "people cannot take the law into their own hands": a rule, not a denial that they did
        if child.lemma_.lower() in _UNCERTAIN and child.dep_ in ("advmod", "acomp"):
            return True
    if verb.dep_ == "ROOT" and verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
        return True  # "please do not message": an imperative asserts nothing
    if verb.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children) and any(
            c.dep_ == "aux" and c.lower_ in ("do", "don't") for c in verb.children) and verb.dep_ in ("ROOT", "ccomp", "conj"):
        return True  # "Hands up, don't shoot": a negative imperative, a plea or a slogan, denies nothing
    if negated and any(c.dep_ == "nsubj" and c.lower_ == "you" for c in verb.children):
        return True  # "you cannot cross their lines without …": a rule of thumb, not a denial of a fact
    if negated and verb.lemma_.lower() in _CONFIRMING:
        return True  # "no formal alliance has been confirmed": not known, not false
    if negated and _restricted_negative(verb):
        return True  # "it captured nothing before the shots began": a limit, not a denial that it captured
    return False


def _restricted_negative(verb) -> bool:
    """A negative subject or object narrowed by what it excludes or when: "nothing else", "no one but
    the guards", "captured nothing before the shots began and nothing after"."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child.lower_ in _NEGATIVE_SUBJECTS:
            if any(d.lower_ in _EXCEPT_WORDS for d in child.subtree if d.i != child.i):
                return True
            if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("before", "after", "until", "since")
                                             for m in c.children) for c in verb.children):
                return True
    return False


def _past(verb) -> bool:
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True  # "a routine endoscopy performed by Dr. Cohen": done
    # a non-finite clause takes its time from the verb it depends on: "finished performing" is past, and so is
    # "had no regrets about sending the invoice"
    while (verb.tag_ in ("VBG", "VB", "TO") or verb.pos_ not in ("VERB", "AUX")) and not any(
            c.dep_ in ("aux", "auxpass") for c in verb.children) and verb.head.i != verb.i:
        verb = verb.head
    if verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.lemma_ == "have" for c in verb.children))


def _habitual(verb) -> bool:
    """"we don't send invoices", "the police do not use rubber bullets": a habit or a rule, said of the present."""
    return any(c.dep_ == "aux" and c.lower_ in ("do", "does") for c in verb.children) and verb.tag_ == "VB"


def _now_only(verb) -> bool:
    return any(t.lower_ in _NOW_ONLY and (t.lower_ not in ("longer", "more") or t.nbor(-1).lower_ in ("no", "any"))
               for t in verb.children if t.i > 0 or t.lower_ not in ("longer", "more")) or any(
        t.dep_ == "advmod" and t.lower_ in ("anymore", "currently", "presently") for t in verb.subtree)


def _clause_heads(doc):
    for token in doc:
        if token.dep_ in _CLAUSE_DEPS and token.pos_ in ("VERB", "AUX") or (token.dep_ == "ROOT"):
            if token.dep_ == "conj" and token.head.pos_ not in ("VERB", "AUX"):
                continue
            yield token


def _denied_by_ancestor(verb) -> bool:
    """Whether a clause is the object of a denying verb: "denied that its forces fired", "denies firing"."""
    for node in verb.ancestors:
        if _is_denying(node) and not _negated(node) and not _neither_nor(node):
            return True
        # "it wasn't true that the car had been stolen", "it is false that …"
        said_true = [c for c in node.children if c.dep_ == "acomp"] + [node]
        if any(t.lower_ in _TRUE for t in said_true) and _negated(node) \
                or any(t.lower_ in ("false", "untrue", "wrong") for t in said_true):
            return True
        if node.lemma_.lower() in _FAILING and verb.dep_ == "xcomp" and verb.head.i == node.i:
            return True  # "was unable to feel anything", "failed to reach the town" (not "refused …, and fired")
        # "dismissed claims that the airline plans to segregate passengers": through the claim word
        if node.dep_ not in ("ccomp", "xcomp", "conj", "pcomp", "pobj", "prep") and not (
                node.dep_ in ("acl", "ccomp", "relcl") and node.head.lemma_.lower() in _CLAIM_WORDS | _FALSITY_NOUNS
                and node.head.dep_ == "dobj"):
            if node.lemma_.lower() in _CLAIM_WORDS | _FALSITY_NOUNS and node.dep_ == "dobj":
                continue
            break
    return False


def _neither_nor(token) -> bool:
    """"neither confirmed nor denied": no denial."""
    return any(t.lower_ in ("neither", "nor") for t in token.doc[max(0, token.i - 4): token.i])


def propositions(doc, denial_frame: bool = False) -> tuple[Proposition, ...]:
    """Every clause of a parsed claim as a Proposition, in order.

    `denial_frame`: the claim was reported with a denying verb ("X denied that …"), so its top-level
    clauses are denied.
    """
    found: list[Proposition] = []
    places = _places(doc)
    for verb in _clause_heads(doc):
        lemma = verb.lemma_.lower()
        if lemma in _DENYING or _is_denying(verb) or lemma in _LABELLING and any(_falsity_word(t) for t in verb.subtree):
            continue  # the speech act itself; what it denies is read below
        negated = _negated(verb) or _negated_complement(verb)
        denied = negated != (_denied_by_ancestor(verb) or (denial_frame and verb.dep_ in ("ROOT", "conj")
                                                           and not any(a.dep_ == "relcl" for a in verb.ancestors)))
        head = _predicate(verb)
        predicate = "location" if head.dep_ == "prep" else class_of(head.lemma_)
        arguments = _arguments(verb) | (_arguments(head) if head.i != verb.i and head.dep_ != "prep" else frozenset())
        existence = False
        evidence_only = False
        if lemma == "be" and any(c.dep_ == "expl" for c in verb.children):
            # "there was no evacuation order": what (does not) exist is the predicate
            attr = next((c for c in verb.children if c.dep_ in ("attr", "nsubj")), None)
            if attr is not None and attr.pos_ in ("NOUN", "PROPN"):
                predicate, arguments = class_of(attr.lemma_), frozenset(_noun_lemmas(attr) - {class_of(attr.lemma_)})
                existence = True
                # "there is no reliable proof that the execution is authentic": not known, not false
                evidence_only = attr.lemma_.lower() in _EVIDENCE
        aspectual = (lemma in _ASPECTUAL or any(c.dep_ == "prt" and c.lower_ == _ASPECTUAL_PARTICLES.get(lemma)
                                                for c in verb.children)) and not any(c.dep_ == "dobj" for c in verb.children)
        happening = lemma in _HAPPENING and (lemma != "take" or any(c.dep_ == "dobj" and c.lower_ == "place"
                                                                    for c in verb.children))
        if happening or aspectual:  # "the blast did not happen", "the assault began at 22:00": the blast, the assault
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and _is_content_noun(c)), None)
            if subject is not None:
                predicate, existence = class_of(subject.lemma_), happening
                arguments = frozenset(_noun_lemmas(subject) - {predicate}) | (arguments - _noun_lemmas(subject))
        if predicate in _VAGUE_WORDS or predicate in _FALSITY or predicate in _TRUE or predicate == "stag":  # spaCy: staged → stag
            continue
        words = " ".join(t.text for t in doc[verb.left_edge.i: verb.right_edge.i + 1])
        objects, patients, doers = _objects(verb), _patients(verb), _doers(verb)
        heads = _head_nouns(verb) | (_head_nouns(head) if head.i != verb.i else frozenset())
        if verb.pos_ in ("NOUN", "PROPN"):  # a headline's noun phrase: "Jordanian Pilot's Death, Shown in …"
            whose = [c for c in verb.children if c.dep_ == "poss" and _is_content_noun(c)] + [
                g for c in verb.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            arguments |= frozenset(_noun_lemmas(verb)) - {predicate}
            heads |= _nouns_of(whose)
            patients |= _nouns_of(whose)
        if head.lemma_.lower() in _UNDERGONE and not any(c.dep_ == "dobj" for c in verb.children):
            # "the ISIS leader was dead", "two fishermen died": the subject undergoes it, nobody named does it
            patients, doers = patients | _nouns_of([c for c in verb.children if c.dep_ == "nsubj"]), frozenset()
        if negated and not arguments and (stray := _stray_object(verb)):
            arguments, objects, patients = frozenset(stray), frozenset(stray[:1]), frozenset(stray[:1])
        found.append(Proposition(predicate, arguments - {predicate}, denied, _hedged(verb, negated) or evidence_only,
                                 _short(words),
                                 _now_only(verb) or (negated and _habitual(verb)), _past(verb), existence, doers,
                                 heads,
                                 _cause(verb), objects, _object_kinds(verb), _subject(verb),
                                 verb.dep_ in ("relcl", "acl"), _owners(verb), _manner(verb), read_when(_own_words(verb)),
                                 patients, verb.lemma_.lower(), _restrictions(verb), _shown(verb),
                                 pronoun_doer=_pronoun_doer(verb), places=places,
                                 self_denial=_denier(verb) is not None, accused=_accused(verb), others=_others(verb)))
    found.extend(_called_false(doc))
    return tuple(found)


# Predicates whose subject undergoes them: "X died", "X was dead", "X went missing", "X drowned".
_UNDERGONE = frozenset({"die", "dead", "perish", "drown", "missing", "disappear", "vanish", "alive", "survive"})


def _others(verb) -> frozenset[str]:
    """Argument heads marked as other ones than the usual: "women from other countries", "foreign pilots"."""
    def other(token) -> bool:
        return any(c.dep_ == "amod" and c.lower_ in ("other", "foreign") for c in token.children)

    def from_others(token) -> bool:  # "women from other countries", "of other nationalities"
        return any(p.dep_ == "prep" and p.lower_ in ("from", "of") and any(g.dep_ == "pobj" and other(g) for g in p.children)
                   for p in token.children)
    found = {class_of(h.lemma_) for h in _argument_tokens(verb) if _is_content_noun(h) and (other(h) or from_others(h))}
    if from_others(verb):  # the parser often hangs "from other countries" on the verb: it says whom it was done to
        found |= _patients(verb)
    return frozenset(found)


def _accused(verb) -> bool:
    """"accused Kyiv of deliberately attacking the structure": the clause is the deed of an accusation."""
    return verb.dep_ in ("pcomp", "pobj") and any(a.lemma_.lower() in _BLAMING for a in verb.ancestors)


def _stray_object(verb) -> list[str]:
    """The object of "not hitting any jihadi man" where the parser hung it elsewhere ("man" under a later
    verb): the noun after "any" right behind the verb, head first. Without it the denial would name no
    argument and so deny every attack of the event."""
    doc = verb.doc
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].lower_ != "any":
        return []
    nouns = []
    for token in doc[verb.i + 2: verb.i + 6]:
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            break
        nouns.append(token)
    heads = [t for t in nouns if _is_content_noun(t)]
    if not heads:
        return []
    return [class_of(heads[-1].lemma_)] + [class_of(t.lemma_) for t in nouns if t.i != heads[-1].i and len(t.text) > 2]


def _own_words(verb) -> str:
    """A clause's words without the clauses inside it: the time of "the alarm sounded at 01:40 and the
    workers were out within six minutes" is the alarm's, and "…, killing two guards" has none of its own."""
    inner = {t.i for c in verb.children if c.dep_ in _CLAUSE_DEPS and c.pos_ in ("VERB", "AUX") for t in c.subtree}
    return "".join(t.text_with_ws for t in verb.subtree if t.i not in inner).strip()


def _falsity_word(token) -> bool:
    """"a lie", "fake", "fabricated", "staged"; not the verb of "the village lies two kilometres away",
    nor an act of lying: in "the government has lied about the girls" the government lied, it is not a lie."""
    if token.lemma_.lower() not in _FALSITY and token.lower_ not in _FALSITY:
        return False
    if token.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children) and not any(
            c.dep_ == "auxpass" for c in token.children):
        return False  # an active perfect: "has lied", "had fabricated the figures" (its subject did it)
    return token.pos_ != "VERB" or token.tag_ == "VBN"


def _called_false(doc) -> list[Proposition]:
    """What a claim calls false: "talk of a curfew is a lie", "reports that shots were fired are fake",
    "calls the confession videos staged", "dismissed the story of an injured sailor as fabricated"."""
    found = []
    for token in doc:
        if not _falsity_word(token) or _hedged_falsity(token):
            continue
        if _negated(token) or token.dep_ in ("attr", "acomp", "oprd") and _negated(token.head):
            continue  # "he maintains that the video was not staged", "the report is not fake": called genuine
        if token.dep_ in ("attr", "acomp", "oprd", "ROOT", "ccomp", "xcomp", "conj"):
            verb = token.head if token.dep_ in ("attr", "acomp", "oprd") else token
            # "called the report a fabrication": what is called false is the object, not the caller
            subjects = [c for c in verb.children if c.dep_ in (("dobj",) if verb.lemma_.lower() in _LABELLING
                                                               else ("nsubj", "nsubjpass", "dobj"))]
            if verb.lemma_.lower() in _LABELLING | {"be"} | _LIGHT_VERBS or token.dep_ in ("ccomp", "xcomp"):
                subjects += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            # "calls the videos staged": the labelling verb's object
            for ancestor in token.ancestors:
                if ancestor.lemma_.lower() in _LABELLING:
                    subjects += [c for c in ancestor.children if c.dep_ == "dobj"]
                    break
            if not subjects and verb.dep_ == "xcomp":  # "rumours … have been revealed to be a hoax"
                subjects = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            for subject in subjects:
                found.extend(_what_a_claim_word_says(subject, token.text))
    return found


def _hedged_falsity(token) -> bool:
    """"the video was probably staged": a guess, not a denial."""
    holders = [token, token.head]
    return any(c.lemma_.lower() in _UNCERTAIN or (c.dep_ == "aux" and c.lower_ in _HYPOTHETICAL)
               for h in holders for c in h.children) or token.doc[-1].text == "?"


def _what_a_claim_word_says(subject, falsity: str) -> list[Proposition]:
    """The proposition inside "talk of a curfew", "reports that shots were fired", "the confession videos"."""
    words = f"{' '.join(t.text for t in subject.subtree)} … {falsity}"
    out = []
    if subject.lemma_.lower() in _CLAIM_WORDS or subject.pos_ in ("NOUN", "PROPN"):
        for child in subject.children:
            if child.dep_ in ("acl", "ccomp", "relcl") and child.pos_ in ("VERB", "AUX"):
                inner = _predicate(child)
                out.append(Proposition(class_of(inner.lemma_), _arguments(child) - {class_of(inner.lemma_)}, True,
                                       False, _short(words), existence=True, restrictions=_restrictions(child)))
            if child.dep_ == "prep" and child.lower_ in ("of", "about"):
                for noun in child.children:
                    if noun.dep_ == "pobj" and _is_content_noun(noun):
                        predicate = class_of(noun.lemma_)
                        out.append(Proposition(predicate, frozenset(_noun_lemmas(noun) - {predicate}), True, False,
                                               _short(words), existence=True))
        if not out and subject.lemma_.lower() not in _CLAIM_WORDS and _is_content_noun(subject):
            predicate = class_of(subject.lemma_)  # "the confession videos are staged": the videos
            # A fake surgery or a mythical product never existed as told; a fake video or article was still
            # made, posted and watched, so calling it false denies what it shows, not that it was posted.
            out.append(Proposition(predicate, frozenset(_noun_lemmas(subject) - {predicate}), True, False,
                                   _short(words), existence=predicate not in _ARTEFACTS,
                                   artefact=predicate in _ARTEFACTS))
    return out


def _short(words: str, limit: int = 80) -> str:
    words = " ".join(words.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def denies(denial: Proposition, assertion: Proposition) -> bool:
    """Whether `denial` denies what `assertion` asserts: the same predicate about the same thing, at the same time.

    The same predicate with no shared argument counts only where one side names no argument at all
    ("none went missing" against "two ballot boxes went missing"). A nominal denial ("talk of a
    curfew is a lie", "there was no curfew") meets a clause that has the noun as its predicate or
    as one of its arguments ("a curfew has been imposed").
    """
    if not denial.denied or denial.hedged or assertion.denied or assertion.hedged:
        return False
    if assertion.arguments & _FALSITY_NOUNS or denial.predicate in assertion.arguments & _FALSITY_NOUNS \
            or _CALLED_FALSE.search(assertion.words):
        return False  # "Axl Rose death hoax spreads", "was the victim of a death hoax" assert no death
    if denial.now_only and assertion.past and not assertion.now_only:
        return False  # "is not currently serving" vs "finished the procedure": now vs then
    if denial.restrictions and not denial.restrictions & (assertion.arguments | assertion.restrictions):
        return False  # "that individuals who have ties to ISIL were apprehended is false" vs "some apprehended …"
    if denial.manner and not denial.manner & assertion.manner:
        return False  # "claims that the weapons were mistakenly dropped are untrue" denies the mistake, not the drop
    if denial.cause and not denial.cause & (assertion.arguments | assertion.doers | assertion.cause):
        return False  # "nobody died as a result of police action" denies the cause, which the other does not name
    if denial.doers and assertion.doers and not denial.doers & assertion.doers and not denial.self_denial:
        # "Joshua could not have seen it" vs "Johnson, who did see it": two people (a denier's own name and
        # the other claim's description of it differ too often: "Edelman denied sending" / "a professor sent")
        return False
    if denial.self_denial and not denial.arguments and not assertion.doers and not assertion.pronoun_doer:
        # "the police denied attacking anyone" vs "three attacks that night": someone else may have; but
        # "police deny firing a single rubber bullet" still meets "struck by a rubber bullet fired at close range"
        return False
    # a made thing called fake, against a claim that says what it shows: "the recording had been fabricated" /
    # "Israel released a recording of Hamas members discussing a rocket" (not "the clip was watched 2m times")
    if denial.artefact and denial.predicate in assertion.shown:
        return True
    # an event denied that the other says was ordered or carried out, in a noun: "denied that Zarechye had
    # ever been evacuated" / "Orekhov ordered the evacuation of Zarechye"
    if assertion.verb in _EXECUTING and denial.predicate in assertion.objects and denial.arguments \
            and denial.arguments <= assertion.arguments | assertion.object_kinds and not denial.self_denial:
        return True
    if denial.predicate == assertion.predicate:
        shared = denial.heads & assertion.heads - ACTS  # "killed in the airstrikes" / "by a missile strike": not a participant
        if not denial.existence and denial.heads and assertion.heads and not shared \
                and not denial.doers & assertion.doers and not denial.cause & (assertion.heads | assertion.doers):
            return False  # "the ISIS leader was not killed" vs "an aide to the ISIS leader was killed": the aide
        for head in shared:
            mine, theirs = denial.owners.get(head), assertion.owners.get(head)
            if mine and theirs and not mine & theirs:
                return False  # "Baghdadi's wife" and "the wife of Anas Shirkas" are two people
            if (head in denial.others) != (head in assertion.others):
                return False  # "Saudi women are not employed" vs "employs women from other countries"
        if denial.objects and assertion.objects and not denial.objects & assertion.objects \
                and not (denial.objects | assertion.objects) & _MUNITIONS:
            return False  # "will not experience any problems" vs "will experience six days of darkness"
        if denial.verb == assertion.verb and denial.patients and assertion.patients \
                and not denial.patients & assertion.patients:
            # "the missing students were not found in mass graves" vs "30 bodies were found in mass graves";
            # only for the same verb: "no rubber bullets were fired" does deny "a student was hit by a bullet"
            return False
        if denial.object_kinds and assertion.object_kinds and not denial.object_kinds & assertion.object_kinds:
            return False  # "no complaint of fraud" vs "14 complaints, all about queues"
        if denial.self_denial and denial.doers & assertion.doers and denial.objects & _MUNITIONS:
            # "police deny firing a single rubber bullet" vs "the police shot my son": their own shooting
            return True
        if not denial.arguments or not assertion.arguments:
            # "none went missing" vs "two ballot boxes went missing": an event, whatever it happened to;
            # "she is captured" vs "Gill Rosenberg was not captured": a pronoun names no argument;
            # "the meeting did not take place" vs "the meeting took place in Geneva": whether it happened
            return denial.predicate in EVENTS or (denial.existence and assertion.existence)
        return bool(denial.arguments & assertion.arguments)
    # a thing said not to exist that the other names in an act: "there was no curfew" / "a curfew was imposed"
    # ("there was no curfew in force tonight" / "a curfew was slapped on the old town")
    if denial.existence and denial.predicate in assertion.heads:
        return True
    # an event denied outright that the other claim's own words presuppose: "reports that shots were fired are
    # fake" / "he had a gunshot wound to his forearm"
    # ("has responded to the reports of gunfire" presupposes only the reports; "it could not have been
    # destroyed by shelling" denies one cause of the destruction, not that it happened)
    # (a party denying its own deed meets only a claim that names it as the doer: "city police opened fire")
    return not denial.arguments and (not denial.self_denial or bool(denial.doers & assertion.doers)) \
        and denial.predicate in EVENTS \
        and denial.predicate in assertion.arguments \
        and not _ABOUT_CLAIMS.search(assertion.words) and not re.search(r"\bby\b", denial.words)


_CALLED_FALSE = re.compile(r"\b(?:hoax(?:es)?|myths?|rumou?rs?|fake|false|fabricated|bogus)\b", re.IGNORECASE)
_ABOUT_CLAIMS = re.compile(r"\b(?:" + "|".join(sorted(_CLAIM_WORDS)) + r")s?\s+(?:of|that|about)\b", re.IGNORECASE)


# Acts whose doer is disputed ("who blew up the dam"); a claim naming a doer of one of these acts is
# compared for actors only with a claim about the same act or the same target.
ACTS = frozenset(set(SAME_ACT.values()) | {"enter", "cross", "invade", "raid", "plant", "mine", "sabotage", "incursion",
                                           "assault", "operation", "drop", "cut", "set", "break", "burn", "torch",
                                           "storm", "occupy", "take", "infiltrate", "abduct", "kidnap", "execute",
                                           "behead", "hack", "poison", "sink", "down", "intercept", "liberate",
                                           "retake", "recapture", "free", "control", "hold"} - {"lock", "missing"})
# Events whose denial needs no shared argument to meet their assertion: "none went missing".
EVENTS = frozenset(set(SAME_ACT.values()) | {"sink", "crash", "collapse", "flood", "burn", "shoot", "steal"})
# Words for the doers, not the target: "forces", "group", "troops".
DOER_WORDS = frozenset({"force", "troop", "army", "military", "soldier", "fighter", "militant", "group", "unit",
                        "sabotage", "citizen", "national", "volunteer", "government", "regime", "authority", "agent",
                        "service", "intelligence", "navy", "diver", "officer", "official", "man", "gunman", "people",
                        "member", "brigade", "battalion", "commando", "mercenary", "attacker", "state", "command",
                        "ministry", "police", "pro", "side", "jet", "warplane", "aircraft", "drone"})
_TIME_WORDS = frozenset({"night", "morning", "evening", "afternoon", "dawn", "week", "month", "hour", "minute",
                         "overnight", "today", "yesterday", "follow", "repeated", *WEEKDAYS, *MONTHS})


def acts(props: tuple[Proposition, ...], party_words: frozenset[str]) -> list[tuple[str, frozenset[str], frozenset[str]]]:
    """(act, targets, the targets that are places) of the acts a claim says someone named (or a pronoun)
    did: "government airstrikes hit a rebel-held town" → (attack, {town, rebel}, {town}). Acts with no
    doer ("two of them had been detained", "who had fled") are left out: they are not what the claim
    says the actor did."""
    found = []
    accused_clause = any(p.accused for p in props)
    if accused_clause and not all(p.accused for p in props) and not acts(tuple(p for p in props if p.accused),
                                                                           party_words):
        accused_clause = False  # "accused ISIS of being guilty of crimes of genocide": no act in the clause, the
        # accusation is the deed
    for p in props:
        if not p.accused and (p.hedged or p.describes or not (p.doers or p.pronoun_doer)):
            continue  # (an accused deed has no subject of its own: the accused is its doer)
        if p.predicate in ACTS:
            act = p.predicate
        elif p.verb in _NOMINAL_ACT_VERBS and p.arguments & ACTS:
            # "carried out a wave of air strikes against IS targets", "was responsible for twin bombings in
            # Kampala": the act is a noun
            act = sorted(p.arguments & ACTS)[0]
        elif p.verb in _BLAMING and not accused_clause:
            # "accused the Nigerian military of war crimes, including extrajudicial killings": the deed is a
            # noun; one of no disputed kind ("crimes of genocide") is a deed of its own
            act = sorted(p.arguments & ACTS)[0] if p.arguments & ACTS else "accusation"
        else:
            continue
        targets = frozenset(a for a in p.arguments - p.doers if a not in ACTS and a not in DOER_WORDS
                            and a not in _TIME_WORDS and a not in party_words and a not in _STAND_IN_TARGETS)
        if not targets and p.arguments & _STAND_IN_TARGETS:
            targets = frozenset({STAND_IN})
        found.append((act, targets, targets & p.places))
    return found


STAND_IN = "<a target named elsewhere>"
# Nouns that stand in for a target named elsewhere ("attacking the structure" for the dam): no target of their own.
_STAND_IN_TARGETS = frozenset({"structure", "facility", "building", "site", "installation", "object", "target",
                               "place", "location", "property", "premise"})
# Verbs whose object or complement names the act: "carried out strikes", "was responsible for the bombings".
_NOMINAL_ACT_VERBS = frozenset({"be", "carry", "conduct", "launch", "stage", "mount", "commit", "perpetrate", "claim"})


def same_deed(acts_a, acts_b) -> bool:
    """Whether two claims can be about one deed: either names no act (an identity statement, "the fighters
    were Russian citizens"), or they share an act and a target (or one names no target), or they share a target.

    "Syrian government airstrikes hit a rebel-held town" and "US forces conducted airstrikes near Kobani"
    are two deeds, so their different actors are no clash.
    """
    if not acts_a or not acts_b:
        return True
    for act_a, targets_a, places_a in acts_a:
        for act_b, targets_b, places_b in acts_b:
            if targets_a & targets_b or STAND_IN in targets_a | targets_b:
                return True  # (“deliberately attacking the structure” may be the dam the other blew up)
            if _INCURSION.get(act_a, act_a) == _INCURSION.get(act_b, act_b) and (not targets_a or not targets_b):
                return True
            if act_a in _OPERATIONS and act_b in _OPERATIONS and targets_a == places_a and targets_b == places_b \
                    and (places_a | places_b) & _WIDE_AREAS:
                # "had liberated the border town of Kozinka" / "had entered Russian territory in the Graivoron
                # district": one raid told by the places it reached, where one is a wide area that may hold the
                # other (which holds which is world knowledge the parse lacks); two towns are two places
                return True
    return False


# Acts of one armed operation, told by the places it reached.
_OPERATIONS = frozenset({"attack", "cross", "enter", "infiltrate", "invade", "incursion", "raid", "assault", "storm",
                         "liberate", "capture", "occupy", "retake", "recapture", "seize", "take", "control", "hold"})
_WIDE_AREAS = frozenset({"region", "district", "territory", "province", "oblast", "country", "area", "countryside"})


# One deed told two ways: "a sabotage group crossed the frontier" and "its fighters carried out the attack".
_INCURSION = dict.fromkeys(("attack", "cross", "enter", "infiltrate", "invade", "incursion", "raid", "assault", "storm"),
                           "attack")


# States that exclude each other: asserting one of a thing denies the other ("every fire exit was open" /
# "the rear exit was padlocked shut", "the emergency department remained open" / "was closed to ambulances").
OPPOSITES = frozenset({frozenset(p) for p in (
    ("open", "lock"), ("open", "close"), ("open", "shut"), ("alive", "kill"), ("intact", "destroy"),
    ("peaceful", "violent"), ("empty", "full"), ("safe", "steal"), ("safe", "missing"), ("present", "absent"),
)})


def opposed(first: Proposition, second: Proposition) -> bool:
    """Two assertions of states that exclude each other, about the same head noun, at the same time."""
    if first.denied or second.denied or first.hedged or second.hedged:
        return False
    if frozenset((first.predicate, second.predicate)) not in OPPOSITES:
        return False
    if first.now_only != second.now_only and (first.past or second.past):
        return False
    return bool(first.subject) and first.subject == second.subject


def same_happening(first: Proposition, second: Proposition) -> bool:
    """Two asserted clauses about one happening: the same predicate about a shared thing (or one naming none).

    "Armed men attacked a border post" and "the assault on the post began at 22:00" (attack, post);
    "the alarm went off" and "the first alarm sounded" (alarm).
    """
    if first.denied or second.denied or first.hedged or second.hedged or first.predicate != second.predicate:
        return False
    if first.describes or second.describes:
        return False  # "the men who attacked at dawn": a description, not the claim's own statement
    things_a = (first.arguments | first.heads) - _TIME_WORDS - {first.predicate}
    things_b = (second.arguments | second.heads) - _TIME_WORDS - {second.predicate}
    return not things_a or not things_b or bool(things_a & things_b)


def time_clash(props_a: tuple[Proposition, ...], props_b: tuple[Proposition, ...]):
    """The first (A's clause, B's clause) that put one happening at times that cannot both hold; else None."""
    for first in props_a:
        if first.when is None:
            continue
        for second in props_b:
            if second.when is not None and same_happening(first, second) and clash(first.when, second.when):
                return first, second
    return None


def disagreement(props_a: tuple[Proposition, ...], props_b: tuple[Proposition, ...]):
    """The first (which, denial, assertion) where one claim denies a proposition the other asserts, or
    asserts a state that excludes the other's (`opposed`); else None."""
    for which, denials, assertions in (("A", props_a, props_b), ("B", props_b, props_a)):
        for denial in denials:
            for assertion in assertions:
                if denies(denial, assertion):
                    return which, denial, assertion
    for first in props_a:
        for second in props_b:
            if opposed(first, second):
                return "A", first, second
    return None
