"""Article → Claim: split into sentences, keep check-worthy ones, attribute each to its source.

Attribution reads the reporting frame of English news: "X said (that) …", "according to X, …",
"X, citing Y, said …" (Y is the origin, X relays it), "“…,” he said", trailing ", X reported."
Pronouns and "the group"/"the governor" resolve to the last named speaker of the article, and
speaker names are canonicalised per article ("Governor Gladkov" → "Vyacheslav Gladkov", an
acronym defined in parentheses → its long form). Each claim keeps its character span and the
proposition without its reporting frame (`content`), which is what NLI compares.

Cost per article is bounded: extraction stops after `max_claims` claims (only that many sentences
are parsed), and a paragraph is split by sentence segmentation in pieces of at most SEGMENT_CHARS
(pysbd's time grows with the square of the text it is given).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from narratives.signals import DENIAL_CUES, PARTY_WORDS
from narratives.types import Article, Claim, InputProblem, content_id

log = logging.getLogger(__name__)

_ACCORDING = re.compile(r"\b(?:according to|in the (?:version|account) (?:told|given) by) (?P<who>[^,.;:]+)",
                        re.IGNORECASE)
_CITING = re.compile(r"^(?P<relay>[^,]{2,120}?),\s+citing\s+(?P<origin>[^,]{2,120}),\s*(?P<rest>.*)$", re.DOTALL)
# "Okno, the independent outlet, reported in May, citing a nurse, that …": the frame before the citing
_CITING_AFTER_VERB = re.compile(
    r"^(?P<relay>[^,]{2,80}(?:,[^,]{2,80},)?)\s+(?P<verb>said|says|reported|reports|wrote|writes|claimed|claims|"
    r"added)\b[^,]{0,40},\s+citing\s+(?P<origin>[^,]{2,120}),\s*(?:that\s+)?(?P<rest>.*)$", re.DOTALL)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_ANAPHORS = re.compile(
    r"^(?:the|this|that)\s+(?:group|agency|ministry|governor|spokesman|spokeswoman|spokesperson|official|"
    r"president|minister|army|military|channel|organisation|organization|company|adviser|advisor|office|"
    r"outlet|broadcaster|newspaper|statement|authorities|police|department)$",
    re.IGNORECASE,
)
# Capitalised words that start sentences or clauses without naming anyone.
_FUNCTION_WORDS = {
    "a", "an", "the", "in", "on", "at", "after", "before", "during", "early", "late", "when", "while", "but",
    "and", "or", "as", "since", "this", "that", "these", "those", "his", "her", "their", "its", "our", "some",
    "other", "another", "many", "several", "both", "local", "officials", "earlier", "later", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "meanwhile", "however", "also",
    "according", "speaking", "writing", "separately", "still", "yet", "then", "there", "here", "if", "although",
}
_TITLES = {
    "governor", "president", "prime", "minister", "spokesperson", "spokesman", "spokeswoman", "mr", "mrs", "ms",
    "dr", "gen", "general", "colonel", "col", "lt", "lieutenant", "sen", "senator", "rep", "representative",
    "mayor", "chancellor", "secretary", "chief", "commander", "adviser", "advisor", "deputy", "foreign",
    "defence", "defense", "interior", "king", "queen", "prince", "sheikh", "ambassador", "judge", "justice",
    "head", "director", "ceo", "chairman", "chair", "sir", "lord", "pope", "rear", "vice", "admiral", "major",
    "captain", "capt", "sgt", "sergeant", "spokesman", "journalist", "reporter", "analyst", "professor", "prof",
}
# "Russia's defence ministry", "the Israeli military", "Ukrainian officials": an owner and what speaks for it
_ORG_SPEAKER = re.compile(
    r"(?P<owner>(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?P<poss>[’']s)?\s+(?P<noun>(?:[a-z-]+\s+){0,2}"
    r"(?:ministry|military|army|government|officials|authorities|police|forces|media|intelligence|prosecutors|"
    r"spokesman|spokeswoman|spokesperson|office|embassy|mission|command|service|services|agency|council|"
    r"parliament|court|troops|sources|diplomats|investigators|leadership|administration|presidency|cabinet|"
    r"community|channels?|analysts|experts|researchers|witnesses|residents|observers|monitors|journalists|"
    r"reporters|activists|lawmakers|legislators|militants|rebels|leaders))(?:\s+(?:on|in|at|from)\s+[^,]*)?\s*$"
)
_LEADING_PREPOSITIONS = frozenset({"at", "in", "on", "from", "after", "before", "during", "speaking", "outside",
                                   "inside", "near", "to", "with", "for", "by", "via", "through", "since"})
# Institutions whose name already says what they are: "RIA Novosti news agency" → "RIA Novosti".
_INSTITUTION_NOUNS = ("agency", "service", "services", "channel", "channels", "office", "command", "council",
                      "ministry", "court", "parliament", "cabinet", "presidency", "administration", "embassy", "mission")
_PLACES_AS_OWNERS = frozenset({"gaza", "west bank", "crimea", "donetsk", "luhansk", "kherson", "belgorod", "taiwan",
                                "hong kong", "kosovo", "tigray", "darfur", "kashmir", "xinjiang", "tibet"})
_TRAILING_CLAUSE = re.compile(r"\s+(?:who|which|that|in|on|at)\s+.*$")

_NAME_TOKEN = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*|of|de|von|van|al-\w+|bin|for|and)"
_PROPER = re.compile(rf"(?:(?:[A-Z]\.){{2,}}|[A-Z][\w’'-]*)(?:\s+{_NAME_TOKEN})*")
_AUXILIARY = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|published|showed|shows)\b")
_ACRONYM_DEF = re.compile(r"(?P<long>(?:[A-Z][\w’'-]*\s+)(?:(?:of|the|for|and)\s+|[A-Z][\w’'-]*\s+){0,6}[A-Z][\w’'-]*)\s+\((?P<short>[A-Z]{2,6})\)")
_POSSESSIVE = re.compile(r"[’']s\b")

# Lines that are furniture, not claims.
_BOILERPLATE = re.compile(
    r"^(?:read more|related|recommended|advertisement|subscribe|sign up|follow us|share this|click here|"
    r"watch:|listen:|photo:|image:|video:|copyright|©)",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://\S+|pic\.twitter\.com/\S+|\bt\.co/\S+|www\.\S+)")
_TWEET_SIGNOFF = re.compile(
    r"\s*(?:[—–-]{1,2})\s*(?P<name>[^—–\n(]{1,80}?)\s*\(@(?P<handle>\w{1,30})\)\s*"
    r"(?P<date>[A-Z][a-z]+\s+\d{1,2},\s+\d{4})\s*$"
)
MIN_WORDS = 6
SEGMENT_CHARS = 3000  # longest text handed to the sentence segmenter at once
# The end of a sentence, with closing quotes or brackets: where a long paragraph is cut for pysbd.
_SENTENCE_END = re.compile(r"[.!?][”\"’')\]]*\s+")


@dataclass(frozen=True, slots=True)
class Attribution:
    speaker: str | None
    via: str | None
    cue: str
    content_start: int  # offsets of the proposition inside the sentence
    content_end: int


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        yield match.start(), match.end()


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """[start, end) cut in pieces of at most SEGMENT_CHARS, at a sentence end where there is one."""
    while end - start > SEGMENT_CHARS:
        window = text[start : start + SEGMENT_CHARS]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window, SEGMENT_CHARS // 2)), default=0)
        if not cut:
            cut = window.rfind(" ", SEGMENT_CHARS // 2) + 1 or SEGMENT_CHARS
        yield start, start + cut
        start += cut
    yield start, end


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    for piece_start, piece_end in _pieces(text, start, end):
        for span in _segmenter().segment(text[piece_start:piece_end]):
            s, e = piece_start + span.start, piece_start + span.end
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                yield s, e


def is_check_worthy(sentence: str) -> bool:
    """Drop furniture (READ MORE, links, hashtags-only) and fragments too short to assert anything."""
    if _BOILERPLATE.match(sentence.strip()):
        return False
    words = _URL.sub(" ", sentence)
    words = re.sub(r"[#@]\w+", " ", words)
    if len(re.findall(r"[A-Za-z\u0400-\u04FF]{2,}", words)) < MIN_WORDS:
        return False
    return not sentence.strip().endswith("?")


def _clean_name(raw: str) -> str:
    name = re.sub(r"[“”\"«»]", "", raw)
    name = re.sub(r"\s*\((?![A-Z]{2,6}\))[^)]*(?:\)|$)", "", name)  # "Bleeding Cool (who are often reliable …)"
    name = name.strip(" ,.;:-—–")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    tokens = name.split()
    while len(tokens) > 1:
        first, second = tokens[0].lower().strip("."), tokens[1].lower().strip(".")
        if second in ("for", "of", "at", "to", "from", "in", "with", "on"):
            break  # "spokesman for the army" is a description, not a title before a name
        if first in _TITLES or (first in PARTY_WORDS and second in _TITLES):
            tokens = tokens[1:]  # "Russian President Vladimir Putin" → "Vladimir Putin"
        else:
            break
    name = " ".join(tokens)
    name = re.sub(r"\s+sources?$", "", name, flags=re.IGNORECASE)
    return name.strip()


def proper_names(text: str) -> list[str]:
    """Capitalised name sequences in order ("Vyacheslav Gladkov", "Liberty of Russia Legion"), titles stripped."""
    names = []
    for part in _POSSESSIVE.split(text):
        for match in _PROPER.finditer(re.sub(r"[“”\"«»]", "", part)):
            tokens = match.group(0).split()
            while tokens and tokens[0].lower().strip(".") in _FUNCTION_WORDS:
                tokens = tokens[1:]
            while tokens and tokens[-1] in ("of", "for", "and", "de", "von", "van", "bin"):
                tokens = tokens[:-1]
            if tokens:
                name = _clean_name(" ".join(tokens))
                if name and name.lower() not in _FUNCTION_WORDS and name.lower() not in _TITLES:
                    names.append(name)
    return names


def _is_whole_name(segment: str) -> str | None:
    """The name if a comma-separated segment is nothing but a (titled) name: "Mykhailo Podolyak"."""
    names = proper_names(segment)
    if len(names) != 1:
        return None
    words = re.sub(r"[“”\"]", "", segment).split()
    if words and words[0].lower() in _LEADING_PREPOSITIONS:
        return None  # "At the UN Security Council": where it was said, not who said it
    for word in words:
        bare = word.lower().strip(".")
        if not word[:1].isupper() and bare not in _TITLES | {"the", "a", "an", "of", "de", "von", "van", "bin"}:
            return None  # "the Israeli military": a lowercase noun makes it an organisation phrase
    return names[0]


def _speaker_from_subject(subject: str) -> str | None:
    """The speaker inside a reporting verb's subject, or None when the subject is not a reporter.

    "The governor of X, Vyacheslav Gladkov" and "Anton Gerashchenko, an adviser to Y" both give
    the segment that is only a name; otherwise the last name of the subject.
    """
    subject = re.sub(r",\s*(?:which|who|whose|where)\b[^,]*(?:,|$)", ",", subject)
    subject = re.sub(r"\s+(?:who|which|that)\s+.*$", "", subject)
    subject = re.sub(r"\b(?:with|in|on|at|from)\s+(?:more|less|over)\b.*$", "", subject)
    words = subject.strip(" ,–—-").split()
    if not words or _AUXILIARY.search(subject) or re.search(r"[–—]\s*$", subject.strip(" ,")):
        return None  # a clause with its own verb, or a participle after a dash: not a reporting frame
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return "<pronoun>"
    if _ANAPHORS.match(" ".join(words[-2:])) or _ANAPHORS.match(" ".join(words[-3:])):
        return "<pronoun>"
    whole = [name for name in map(_is_whole_name, subject.split(",")) if name]
    if whole:
        return whole[-1]
    segments = [seg for seg in subject.split(",") if seg.strip()]
    organisation = _ORG_SPEAKER.search(segments[-1]) if segments else None
    if organisation:
        owner = _clean_name(organisation.group("owner"))
        names_a_party = any(token in PARTY_WORDS for token in re.split(r"[\s-]+", owner.lower()))
        institution = organisation.group("noun").split()[-1] in _INSTITUTION_NOUNS
        if owner and institution and not names_a_party and not organisation.group("poss") \
                and owner.lower() not in _PLACES_AS_OWNERS:
            return owner  # "RIA Novosti news agency", "FSB security service": the name says it all
        if owner:
            return f"{owner}{'’s' if organisation.group('poss') else ''} {organisation.group('noun')}"
    names = proper_names(subject)
    return names[-1] if names else None


def _strip_frame_start(sentence: str, pos: int) -> int:
    """Skip time/place adverbials and 'that' between a reporting verb and its proposition."""
    rest = sentence[pos:]
    pattern = re.compile(
        r"^\s*(?:(?:on|in|late on|early on|late|earlier|later|via|through)\s+"
        r"(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?[\w‘’'-]+(?:\s+(?:post|statement|interview|video|address|night)\b)?"
        # "in a video posted on Sunday that …": the participle and its date belong to the frame too
        r"(?:\s+(?:posted|published|released|broadcast|aired|issued|shared|uploaded)"
        r"(?:\s+(?:on|in|late\s+on|early\s+on)\s+[\w‘’'-]+)?)?\s*,?\s*)*"
        r"(?:that\s+)?",
        re.IGNORECASE,
    )
    match = pattern.match(rest)
    return pos + (match.end() if match else 0)


# Verbs whose subject reports what follows. A verb counts only where the parse shows it frames
# speech: a clausal complement, a quotation, a colon, or (for the denying and accusing verbs) a
# claim as its object. "The minister was dismissed by the president" and "the union rejected the
# offer" frame nothing.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "claim", "report", "write", "announce", "state", "add", "warn", "insist", "suggest", "post",
    "confirm", "allege", "argue", "note", "tweet", "declare", "acknowledge", "admit", "explain", "estimate",
    "maintain", "assert", "believe", "stress", "reiterate", "predict", "vow", "pledge", "promise", "concede",
    "testify", "conclude", "recall", "contend", "assure", "inform", "remind", "complain", "reveal", "think", "fear", "hint", "boast", "brag", "joke", "quip", "shout", "scream", "yell",
    "whisper", "blog", "comment", "respond", "reply", "answer", "retort", "counter", "exclaim", "emphasise",
    "emphasize", "caution", "urge", "predict", "forecast",
})
DENYING_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebuff", "dispute", "rubbish", "contradict"})
ACCUSING_LEMMAS = frozenset({"accuse", "blame"})
# ("condemned the attack as a war crime" labels it; "condemned the attack" alone reports no claim)
DESCRIBING_LEMMAS = frozenset({"describe", "call", "brand", "label", "dub", "characterise", "characterize", "condemn",
                               "denounce"})
# What a denial can have as its object: "denied the accusations", not "rejected the offer".
CLAIM_NOUNS = frozenset({
    "accusation", "allegation", "claim", "report", "charge", "involvement", "responsibility", "suggestion",
    "assertion", "rumour", "rumor", "story", "account", "version", "notion", "idea", "speculation", "role",
    "link", "assessment", "finding", "statement", "narrative", "theory", "conclusion", "characterisation",
    "characterization", "interpretation", "figure", "number", "toll", "existence", "presence", "participation",
})
# "put the toll at 50", "gave a figure of 471": a figure given is a claim made.
FIGURE_NOUNS = frozenset({"toll", "figure", "number", "estimate", "count", "tally", "crowd", "turnout", "damage",
                          "losses", "cost"})
# "A report by X, seen by Y, says …": documents speak for their authors.
DOCUMENT_NOUNS = frozenset({"report", "statement", "document", "study", "assessment", "analysis", "letter",
                            "memo", "dossier", "investigation", "review", "audit", "survey", "communique",
                            "communiqué", "post", "video", "message"})
# Verbs whose frame is part of what is claimed: an accusation or a label.
JUDGING_CUES = frozenset({"accused", "accuses", "accusing", "accuse", "blamed", "blames", "blaming", "blame", "called",
                          "calls", "calling", "described", "describes", "describing", "branded", "brands", "branding",
                          "labelled", "labeled", "labelling", "dubbed", "dubbing", "condemned", "condemns",
                          "condemning", "denounced", "denounces", "denouncing"})
# Heads of a body's name: "White Eagle militia", "UN monitoring mission", "Wagner group".
GROUP_HEADS = frozenset({"militia", "group", "battalion", "brigade", "legion", "corps", "union", "movement", "party",
                         "front", "faction", "gang", "cartel", "network", "mission", "campaign", "committee",
                         "coalition", "alliance", "regiment", "unit", "collective", "association", "federation"})
# Words by which "the group" finds its antecedent: armed or organised groups before institutions.
ARMED_GROUP_WORDS = frozenset({"militia", "group", "battalion", "brigade", "legion", "corps", "fighters", "rebels",
                               "militants", "faction", "gang", "cartel", "regiment", "unit", "movement", "front",
                               "volunteers", "insurgents", "guerrillas", "partisans"})
_OPENING_QUOTES = "“\"‘«"
_CLOSING_QUOTES = "”\"’»"


def _inside_quotes(doc) -> list[bool]:
    """Per token: whether it sits inside a quotation (“…” or "…")."""
    inside, flags = False, []
    for token in doc:
        text = token.text
        if text in ("“", "«"):
            flags.append(False)
            inside = True
            continue
        if text in ("”", "»"):
            flags.append(False)
            inside = False
            continue
        if text == '"':
            flags.append(False)
            inside = not inside
            continue
        flags.append(inside)
    return flags


def _subject_of(verb):
    """The verb's subject token: its own, or a coordinated verb's ("Gladkov said … and added …"), or the
    main verb's for a participle ("Prewett hit back, saying …")."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        # "The RVC was founded by X and announced that …": the subject both verbs share, passive or not
        shared = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
        return shared if shared is not None else _subject_of(verb.head)
    if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    return None


_PARTICIPLE_CUES = frozenset({"stating", "saying", "showing", "claiming", "concluding", "suggesting", "finding"})
_CITING_LEMMAS = frozenset({"cite", "quote", "obtain", "publish", "release", "leak", "see", "reference"})


_ISSUING_LEMMAS = frozenset({"release", "issue", "publish", "send", "post", "put"})


def _issuer_of_statement(verb):
    """For a participle frame ("…, saying/denying that …") inside a sentence whose main verb issues a document
    ("The clinic released a statement last week saying …"), the issuer's token, or None."""
    if verb.tag_ != "VBG":
        return None
    for token in reversed(verb.doc[:verb.i]):
        head = token.head
        if token.lemma_.lower() in DOCUMENT_NOUNS and token.dep_ == "dobj" and head.lemma_.lower() in _ISSUING_LEMMAS \
                and verb in head.subtree:
            return next((c for c in head.children if c.dep_ == "nsubj"), None)
    return None


def _cited_author(verb):
    """For a participle frame with no subject of its own ("…, stating that …"), the author of the document
    the sentence cites before it ("cites an internal memo from the regional border service"), or None."""
    if verb.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    for token in reversed(verb.doc[:verb.i]):
        if token.lemma_.lower() in DOCUMENT_NOUNS and token.dep_ == "dobj" and token.head.lemma_.lower() in _CITING_LEMMAS:
            return next((g for c in token.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
                         for g in c.children if g.dep_ == "pobj"), None)
    return None


def _agent_of(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


def _frames_speech(verb, doc) -> str | None:
    """The kind of reporting frame a verb opens, or None when it reports nothing."""
    lemma = verb.lemma_.lower()
    children = list(verb.children)
    deps = {c.dep_ for c in children}
    # "claimed to have captured" reports; "told families to leave" and "urged them to stay" order
    has_clause = bool(deps & {"ccomp", "parataxis"}) or (
        lemma not in ("tell", "urge", "warn", "remind", "advise", "ask") and "xcomp" in deps and any(
            c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in children))
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    colon = after is not None and after.text == ":"
    near_quote = any(t.text in _OPENING_QUOTES + _CLOSING_QUOTES for t in doc[max(0, verb.i - 4): verb.i + 8])
    # a verb that is itself the complement of an earlier clause: "…, the governor said."
    subject = _subject_of(verb)
    left = subject.left_edge.i if subject is not None and subject.i < verb.i else verb.i
    trailing = verb.dep_ in ("ccomp", "parataxis", "conj", "advcl") and verb.i > verb.head.i and left > 0 and (
        doc[left - 1].text == "," or doc[left - 1].text in _CLOSING_QUOTES)
    trailing = trailing or _parenthetical(verb, doc)
    if lemma in DENYING_LEMMAS:
        objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
        if "ccomp" in deps or any(c.lemma_.lower() in CLAIM_NOUNS for c in objects) or any(
                c.dep_ == "prep" and c.lower_ == "as" for c in children) or any(
                c.dep_ in ("xcomp", "pcomp") and c.tag_ == "VBG" for c in children) or colon or (
                trailing and not objects):
            return "denial"
        return None
    if lemma in ACCUSING_LEMMAS:
        if "dobj" in deps or has_clause:  # "accused Kyiv of …", "blamed “hardcore troublemakers”"
            return "accusation"
        return None
    if lemma in DESCRIBING_LEMMAS:
        objects = [c for c in children if c.dep_ == "dobj"]
        if "dobj" in deps and (any(c.dep_ == "prep" and c.lower_ == "as" for c in children + [
                g for o in objects for g in o.children])
                               or deps & {"oprd", "xcomp", "ccomp"} or near_quote):
            return "description"  # "described the action as …", "branded talk of locked doors “a lie”"
        return None
    if lemma in ("put", "give", "place", "raise", "lower") and any(
            c.dep_ == "dobj" and c.lemma_.lower() in FIGURE_NOUNS for c in children):
        return "speech"  # "put the toll at 50", "gave a figure of 471 dead"
    if lemma in SPEECH_LEMMAS:
        if verb.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in children):
            if lemma == "claim" and any(c.dep_ == "nsubjpass" and c.pos_ in ("NOUN", "PROPN") for c in children):
                return None  # "The attack was claimed by a group …": responsibility claimed, the outlet reporting it
            return "passive" if _agent_of(verb) is not None else None
        if has_clause or colon or trailing:
            return "speech"
        if lemma == "tell" and any(c.dep_ in ("dobj", "dative") for c in children) and not (
                "xcomp" in deps and not has_clause) and any(t.pos_ in ("VERB", "AUX") for t in doc[verb.i + 2:]):
            return "speech"  # "told Northlight there was no curfew"; not "told families to leave"
        if near_quote and _subject_of(verb) is not None:
            return "speech"
        if lemma in ("say", "report", "claim", "write", "post", "tweet", "announce") and _subject_of(verb) is not None \
                and verb.dep_ == "ROOT" and not any(c.dep_ == "dobj" and c.lower_ in _REFLEXIVES for c in children):
            return "speech"  # "X said so", "the ministry reported three deaths"; not "the group announced itself"
    return None


def _parenthetical(verb, doc) -> bool:
    """A frame set off by commas inside what it reports: "If the police fired, she said, the inquiry will
    show it", "The men in the videos, it says, are conscripts"."""
    if verb.dep_ != "parataxis" or verb.i > verb.head.i:
        return False
    subject = _subject_of(verb)
    if subject is None or subject.i > verb.i:
        return False
    left, right = subject.left_edge.i, verb.i + 1
    while right < len(doc) and doc[right].head.i == verb.i and doc[right].dep_ in ("prt", "advmod", "npadvmod"):
        right += 1
    return left > 0 and doc[left - 1].text == "," and right < len(doc) and doc[right].text == ","


_REFLEXIVES = frozenset({"itself", "himself", "herself", "themselves", "themself", "ourselves", "myself"})


def _borrows_subject(verb) -> bool:
    """A participle whose subject is its clause's: "…, accusing its crew of smuggling"."""
    return verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)


def _reports_clause(verb, doc) -> bool:
    """Whether a speech verb has a proposition of its own: a clause, "to …", a colon or a quotation after it.
    "Members had warned managers about the door" reports an event, not what they said."""
    children = list(verb.children)
    if any(c.dep_ in ("ccomp", "parataxis") for c in children):
        return True
    if any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children) for c in children):
        return True
    return verb.i + 1 < len(doc) and doc[verb.i + 1].text in (":",) + tuple(_OPENING_QUOTES)


def _introduces_quote(verb, doc) -> bool:
    """A verb, with its particle or adverb, followed by a colon and a quotation."""
    i = verb.i + 1
    while i < len(doc) and doc[i].dep_ in ("prt", "advmod") and doc[i].head.i == verb.i:
        i += 1
    return i + 1 < len(doc) and doc[i].text == ":" and doc[i + 1].text in _OPENING_QUOTES


def _span_text(doc, tokens) -> str:
    tokens = sorted(tokens, key=lambda t: t.i)
    return doc.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)] if tokens else ""


_PERSON_NOUNS = frozenset({
    "member", "staffer", "employee", "insider", "governor", "president", "minister", "spokesman", "spokeswoman", "spokesperson", "official", "mayor",
    "adviser", "advisor", "commander", "general", "chief", "head", "director", "ambassador", "secretary",
    "chancellor", "senator", "lawmaker", "leader", "witness", "resident", "doctor", "nurse", "journalist",
    "reporter", "correspondent", "analyst", "expert", "professor", "soldier", "officer", "man", "woman",
    "mother", "father", "survivor", "activist", "lawyer", "prosecutor", "judge", "chairman", "chairwoman",
    "ceo", "owner", "manager", "worker", "driver", "captain", "pilot", "source", "aide", "deputy",
})


def _kind_of(subject) -> str:
    """"person" or "group": what a pronoun must agree with to refer back to this subject."""
    if subject is None:
        return "group"
    if subject.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in subject.subtree):
        return "person"
    if subject.ent_type_ == "ORG" or any(t.ent_type_ == "ORG" for t in subject.subtree):
        return "org"
    if subject.ent_type_ in ("NORP", "GPE"):
        return "group"
    lemma = subject.lemma_.lower()
    if subject.tag_ in ("NN", "NNP") and lemma in _PERSON_NOUNS:
        return "person"
    return "group"


# Possessed nouns that name people around someone: "his family say", "her lawyer said".
_RELATION_NOUNS = frozenset({"family", "lawyer", "lawyers", "mother", "father", "wife", "husband", "son", "daughter",
                             "relatives", "parents", "brother", "sister", "spokesman", "spokeswoman", "spokesperson",
                             "office", "campaign", "team", "aides", "aide", "attorney", "friends", "colleagues"})
_NOT_A_SOURCE = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "one", "two", "some",
                           "many", "most", "others", "all", "both", "none", "sometimes", "rather", "despite"})


def _marker(kind: str, word: str, fallback: str = "") -> str:
    return f"<{kind}:{word}|{fallback}>"


def _np_tokens(subject) -> list:
    """A subject's words without the clauses and lists that only describe it."""
    dropped = set()
    for child in subject.children:
        if child.dep_ in ("relcl", "acl") or (child.dep_ == "prep" and child.lower_ in ("including", "like", "such")):
            dropped |= set(child.subtree)
        if child.dep_ == "appos" and subject.pos_ == "PROPN" and child.i > subject.i:
            dropped |= set(child.subtree)  # "the Conflict Evidence Unit (CEU), a London-based group": the name is enough
        if child.text in ("(", ")") or (child.dep_ == "appos" and child.text.isupper() and len(child.text) <= 6):
            dropped |= set(child.subtree)
        if child.dep_ == "punct" and child.i > subject.i:
            dropped.add(child)
    words = [t for t in subject.subtree if t not in dropped]
    while words and words[-1].is_punct:
        words.pop()
    return words


# Words that introduce the name someone goes by: "who uses the call sign Taiga", "the nom de guerre Sokol".
_ALIAS_WORDS = frozenset({"sign", "callsign", "name", "nickname", "pseudonym", "alias", "guerre", "codename",
                          "moniker", "handle", "nom", "de"})


def _alias(subject) -> str | None:
    """The name a described speaker goes by: "Its commander, who uses the call sign “Taiga”, said …"."""
    for clause in subject.children:
        if clause.dep_ not in ("relcl", "acl"):
            continue
        tokens = list(clause.subtree)
        cue = next((t for t in tokens if t.pos_ in ("NOUN", "PROPN") and t.lower_ in _ALIAS_WORDS - {"nom", "de"}
                    and (t.lower_ != "name" or t.dep_ in ("dobj", "pobj"))), None)
        if cue is None:
            continue
        named = [t for t in tokens if t.i > cue.i and t.pos_ == "PROPN" and t.lower_ not in _ALIAS_WORDS]
        if named:
            run = [named[0]]
            for token in named[1:]:
                if token.i != run[-1].i + 1:
                    break
                run.append(token)
            return " ".join(t.text for t in run)
    return None


def _speaker_name(subject, doc) -> tuple[str | None, str | None]:
    """(speaker, via) for a frame's subject token: a name, a discourse marker, or None (not a reporter).

    Markers, resolved by the article's discourse: "<pronoun:they|>", "<anaphor:directorate|security
    directorate>" (the fallback is used when nothing earlier matches), "<possessive:his|family>".
    """
    if subject.pos_ == "PRON":
        return _marker("pronoun", subject.lower_), None
    lemma = subject.lemma_.lower()
    if lemma in _NOT_A_SOURCE or subject.ent_type_ in ("CARDINAL", "DATE", "TIME", "QUANTITY", "PERCENT"):
        return None, None
    alias = _alias(subject) if subject.pos_ == "NOUN" else None
    if alias:
        return alias, None
    for child in subject.children:  # "a group calling itself the Kalinov Brigade"
        if child.dep_ == "acl" and child.lemma_ in ("call", "know", "name", "style"):
            named = next((g for g in child.subtree if g.dep_ in ("oprd", "attr", "dobj", "pobj") and g.pos_ == "PROPN"
                          and g.i != child.i), None)
            if named is not None:
                return _name_of(named, doc, _np_tokens(named)), None
    if lemma in DOCUMENT_NOUNS:  # "a report by the UN mission, seen by Reuters", "an analysis published by X"
        author = next((g for c in subject.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                       for g in c.children if g.dep_ == "pobj"), None)
        if author is None:
            author = next((g for c in subject.children if c.dep_ == "acl" and c.lemma_ in (
                "publish", "release", "issue", "commission", "prepare", "write", "produce", "compile")
                for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
        if author is not None:
            seen = next((g for t in author.subtree if t.dep_ == "acl" and t.lemma_ in ("see", "obtain", "review")
                         for a in t.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"), None)
            via = _name_of(seen, doc, _np_tokens(seen)) if seen is not None else None
            return _name_of(author, doc, _np_tokens(author)), via
        owner = next((c for c in subject.children if c.dep_ == "poss"), None)
        if owner is not None and owner.pos_ != "PRON":  # "the ministry's statement said"
            return _name_of(owner, doc, [t for t in owner.subtree if t.dep_ != "case"]), None
        modifiers = [c for c in subject.lefts if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("NOUN", "PROPN")]
        if modifiers:  # "a police statement said": the police said it
            head = modifiers[-1]
            if head.pos_ == "PROPN":
                return _span_text(doc, modifiers), None
            return _marker("anaphor", head.lemma_.lower(), _span_text(doc, modifiers)), None
    appos = next((c for c in subject.children if c.dep_ == "appos" and (c.ent_type_ == "PERSON" or (
        c.pos_ == "PROPN" and subject.pos_ == "NOUN"))), None)
    if appos is not None and subject.pos_ == "NOUN":
        # "Its chief spokesman, Rear Admiral Daniel Hagari, said", "A Corvell spokeswoman, Fiona Marsh, said"
        return _name_of(appos, doc, _np_tokens(appos)), None
    owner = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
    if owner is not None:  # "his family say", "their union claims", "our correspondent reports"
        if lemma in _RELATION_NOUNS:
            return _marker("possessive", owner.lower_, subject.text), None
        return _marker("anaphor", lemma, _span_text(doc, [t for t in _np_tokens(subject) if t.i != owner.i])), None
    words = _np_tokens(subject)
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    names_someone = any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP", "GPE", "PERSON") for t in words)
    if subject.pos_ == "NOUN" and not names_someone and determiner is not None \
            and determiner.lower_ in ("the", "this", "that", "these", "those"):
        # "the directorate", "the force", "the company": someone named before
        rest = [t for t in words if t.i != determiner.i]
        return _marker("anaphor", lemma, _span_text(doc, rest)), None
    poss_noun = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "NOUN"), None)
    if subject.pos_ == "NOUN" and not names_someone and poss_noun is not None and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in poss_noun.children) and not (
            lemma in _PERSON_NOUNS and subject.tag_ == "NN"):
        # "the council's elections office said": the council, named before; "the ship's managers say": managers
        # named before (a ship says nothing); "the mission's spokesman" is one person, a speaker of their own
        owner = poss_noun.lemma_.lower()
        body = owner in _BODY_SYNONYMS or owner in _ORG_DESCRIPTORS or owner in _INSTITUTION_NOUNS
        word = f"{owner}+{lemma}" if body else f"{lemma}+{owner}"
        return _marker("anaphor", word, _span_text(doc, words).removeprefix("the ").removeprefix("The ")), None
    if subject.pos_ == "NOUN" and not names_someone and subject.tag_ in ("NN", "NNS"):
        # an unnamed source described by what it is: "hospital staff", "independent analysts"; capitals at the
        # start of a sentence name nobody
        rest = [t for t in words if determiner is None or t.i != determiner.i]
        return _span_text(doc, rest) or None, None
    poss_noun = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "NOUN"), None)
    if poss_noun is not None and not any(t.pos_ == "PROPN" for t in poss_noun.subtree):
        # "the council's elections office said": the council, named before
        return _marker("anaphor", poss_noun.lemma_.lower(), _span_text(doc, words).removeprefix("the ")
                       .removeprefix("The ")), None
    described = _described_by_its_head(subject, doc, words)
    if described:
        return described, None
    name = _name_of(subject, doc, words)
    if name is None and subject.pos_ == "NOUN" and subject.tag_ in ("NN", "NNS"):
        # an unnamed source described by what it is: "a doctor at the district hospital", "independent analysts"
        rest = [t for t in words if determiner is None or t.i != determiner.i]
        name = _span_text(doc, rest) or None
    return name, None


_MEDIA_HEADS = frozenset({"agency", "channel", "broadcaster", "newspaper", "outlet", "station", "network", "site",
                          "website", "tabloid", "daily", "weekly", "magazine", "blog", "account", "service"})
_PLATFORMS = frozenset({"Telegram", "Facebook", "Twitter", "X", "YouTube", "TikTok", "Instagram", "VK", "WhatsApp"})


_QUANTIFIERS = frozenset({"several", "many", "some", "few", "numerous", "various", "other", "two", "three", "four"})


def _described_by_its_head(subject, doc, words) -> str | None:
    """A source described by a common noun, with names only after it: "a Catholic priest in America", "Members
    of Parliament from Diwaniyah Province", "Sources close to the production being filmed in metro Detroit".
    The head and what it is "of" speak, with the place they are in when it is a name ("Officials in Kyiv"); the
    last name in the phrase ("America", "Detroit") is only where they are. None where a name comes first, or
    after a comma (which may set off the speaker's name: "The governor of the region, Vyacheslav Gladkov")."""
    if subject.pos_ != "NOUN" or subject.tag_ not in ("NN", "NNS") or subject.ent_type_:
        return None
    names = [t for t in words if t.pos_ == "PROPN"]
    if not names or any(t.i < subject.i for t in names) or any(t.text in ",(" for t in words):
        return None
    preps = [c for c in subject.rights if c.dep_ == "prep" and c in words]
    of_object = next((g for g in preps[0].children if g.dep_ == "pobj"), None) \
        if preps and preps[0].lower_ == "of" else None
    of_words = set(of_object.subtree) if of_object is not None else set()
    if any(t.ent_type_ in ("PERSON", "ORG") and t not in of_words for t in names):
        return None  # "bosses at Corvell Polymers": the company speaks through its bosses
    left = [t for c in subject.lefts if c.dep_ in ("amod", "compound", "nmod") and c.lower_ not in _QUANTIFIERS
            for t in c.subtree]  # "Russian-installed authorities", not "several"
    phrase = [*left, subject]
    if of_object is not None:
        phrase += [preps[0], *(t for c in of_object.lefts if c.dep_ in ("amod", "compound", "nmod") for t in c.subtree),
                   of_object]
        preps = preps[1:]
    if preps and preps[0].lower_ in ("in", "from", "at") and (place := next(
            (g for g in preps[0].children if g.dep_ == "pobj" and g.pos_ == "PROPN"
             and g.ent_type_ in ("GPE", "LOC", "FAC", "")), None)):
        phrase += [preps[0], *place.subtree]  # "Investigators in Sweden and Denmark"
    return " ".join(t.text for t in sorted(set(phrase), key=lambda t: t.i)).replace(" - ", "-")


def _name_of(head, doc, words) -> str | None:
    """The name a noun phrase gives its speaker; `words` are the phrase's tokens."""
    if head.pos_ == "NOUN":
        # "the White Eagle militia", "the UN monitoring mission", "Telegram channels": a named body is its whole name
        contiguous, j = [head], head.i - 1
        while j >= 0 and doc[j].dep_ in ("compound", "amod", "nmod") and doc[j].head.i <= head.i:
            contiguous.insert(0, doc[j])
            j -= 1
        if any(t.pos_ == "PROPN" for t in contiguous) and not any(t.dep_ == "poss" for t in head.children):
            if head.lemma_.lower() in _MEDIA_HEADS:
                # "the state-run RIA Novosti news agency" is RIA Novosti; the “Open Belgorod” Telegram channel is
                # Open Belgorod; a channel named only by its platform keeps its noun ("Telegram channel")
                named = [t for t in contiguous if t.pos_ == "PROPN" and t.text not in _PLATFORMS]
                if named:
                    return _span_text(doc, named)
                j = contiguous[0].i - 1
                if j > 0 and doc[j].text in _CLOSING_QUOTES:
                    opening = next((k for k in range(j - 1, max(-1, j - 8), -1) if doc[k].text in _OPENING_QUOTES), None)
                    if opening is not None and opening + 1 < j:
                        return _span_text(doc, list(doc[opening + 1: j]))
            return _span_text(doc, contiguous)
    return _speaker_from_subject(_span_text(doc, words))


@dataclass(frozen=True, slots=True)
class _Frame:
    verb: object  # spaCy Token
    kind: str  # "speech", "denial", "accusation", "description", "passive"
    speaker: str | None
    via: str | None
    left: int  # first character of the frame (subject or verb) in the sentence
    trailing: bool  # the frame follows what it reports: "…, the governor said."
    subject_i: int  # token index of the frame's subject
    parenthetical: bool = False  # set off by commas inside what it reports: "…, she said, …"


def _frames(doc) -> list[_Frame]:
    quoted = _inside_quotes(doc)
    frames = []
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX") or quoted[verb.i]:
            continue
        kind = _frames_speech(verb, doc)
        if kind is None and verb.dep_ not in ("relcl", "acl") and _introduces_quote(verb, doc):
            kind = "speech"  # "Prewett hit back: “…”", "She went further: “…”"
        if kind is None or verb.dep_ == "relcl":
            continue  # "Granitsa, the channel that first claimed …": a description, not the sentence's frame
        subject = _agent_of(verb) if kind == "passive" else _subject_of(verb)
        if subject is None or quoted[subject.i]:
            continue
        speaker, via = _speaker_name(subject, doc)
        issuer = _issuer_of_statement(verb)
        if issuer is not None:
            # "DHS released a statement to The New Republic and ABC News denying that …": the parser may give
            # "denying" a subject of its own inside the statement's phrase; the statement's issuer says it
            speaker, via = _speaker_name(issuer, doc)
        author_token = _cited_author(verb) if kind == "speech" else None
        if author_token is not None and speaker:
            # "It also cites an internal memo from the border service, …, stating that six guards were killed":
            # the memo's author says it; the subject of "cites" relays it
            author, _ = _speaker_name(author_token, doc)
            if author:
                speaker, via = author, speaker
        if not speaker:
            continue
        left = min(subject.left_edge.idx, verb.idx) if kind != "passive" else verb.idx
        before = doc.text[:left].rstrip()
        subject_tokens = set(subject.subtree)
        after = [t for t in doc[verb.i + 1:] if not t.is_punct and t not in subject_tokens]
        # "…, the governor said (on Tuesday)." ends the sentence: what it reports came before it
        trailing = bool(before) and before[-1] in ",:" + _CLOSING_QUOTES and len(after) <= 6 and not any(
            c.dep_ in ("ccomp", "xcomp", "dobj", "attr", "oprd") and c.i > verb.i for c in verb.children)
        frames.append(_Frame(verb, kind, speaker, via, left, trailing, subject.i, _parenthetical(verb, doc)))
    return frames


EVIDENCE_NOUNS = frozenset({"certificate", "data", "figure", "figures", "record", "records", "image", "images",
                            "footage", "document", "documents", "evidence", "photo", "photos", "video", "videos",
                            "recording", "log", "logs", "statistics", "study", "survey", "poll", "law", "rule",
                            "rules", "regulation", "regulations", "precedent", "example", "reasons", "concerns",
                            "messages", "message", "emails", "letters", "reports", "posts", "testimony", "accounts"})
_UNNAMED_SOURCE = re.compile(r"(?:(?:an?|the|one|two|several|single|unnamed|anonymous|unidentified|senior|"
                             r"informed|official|local|its|their|own)\s*)*(?:sources?)?", re.IGNORECASE)


def _citing(doc) -> tuple[str | None, object | None]:
    """The origin named by "citing X" and its token, or (None, None)."""
    for token in doc:
        if token.lower_ == "citing" and token.dep_ in ("advcl", "xcomp", "conj", "prep", "acl", "pcomp", "ccomp"):
            cited = next((c for c in token.children if c.dep_ in ("dobj", "pobj")), None)
            if cited is not None and cited.lemma_.lower() in EVIDENCE_NOUNS:
                return None, None  # "citing the contractor's inspection certificate": evidence, not a source
            if cited is not None:
                dropped = {t for c in cited.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
                name = _clean_name(_TRAILING_CLAUSE.sub("", _span_text(doc, [t for t in cited.subtree if t not in dropped])))
                return (None if _UNNAMED_SOURCE.fullmatch(name) else name), token
    return None, None


def attribute(sentence: str, doc=None) -> Attribution:
    """Find who a sentence reports and where its proposition is; speaker None means the outlet's voice.

    `doc` is the sentence's spaCy parse (parsed here when not given). Speakers may be pronoun
    markers ("<pronoun:they>", "<anaphor:group>") that the article's discourse resolves.
    """
    if doc is None:
        from narratives.parse import parse_one

        doc = parse_one(sentence)
    n = len(sentence)
    citing = _CITING.match(sentence)
    if citing:  # "X, citing Y, said …": Y is the origin, X relays it
        relay = _speaker_from_subject(citing.group("relay"))
        origin = _clean_name(_TRAILING_CLAUSE.sub("", citing.group("origin")))
        if _UNNAMED_SOURCE.fullmatch(origin):
            origin = ""  # "a single unnamed source": the relay is the only source we can name
        rest_start = citing.start("rest")
        cue = re.match(r"\s*(?:\w+\s+){0,2}?(?P<verb>said|says|reported|reports|wrote|writes|claimed|claims|added)\b",
                       sentence[rest_start:])
        content_start = _strip_frame_start(sentence, rest_start + cue.end()) if cue else rest_start
        if relay or origin:
            return Attribution(origin or relay, relay if origin else None, "citing", content_start, n)

    according = _ACCORDING.search(sentence)
    if according and not _inside_quotes(doc)[min(len(doc) - 1, next(
            (t.i for t in doc if t.idx >= according.start()), len(doc) - 1))]:
        who = _clean_name(_TRAILING_CLAUSE.sub("", according.group("who")))
        if according.start() < 3:
            start = according.end()
            start += len(sentence[start:]) - len(sentence[start:].lstrip(" ,"))
            inner = next((f for f in _frames(doc) if f.verb.idx >= start and not f.trailing), None)
            if inner is not None and inner.speaker:
                # "According to the Herald, the official said …": the official's claim, relayed by the Herald
                return Attribution(inner.speaker, who, inner.verb.lower_,
                                   _strip_frame_start(sentence, inner.verb.idx + len(inner.verb.text)), n)
            return Attribution(who, None, "according to", start, n)
        return Attribution(who, None, "according to", 0, len(sentence[:according.start()].rstrip(" ,")))

    frames = _frames(doc)
    citing = None if frames else _CITING_AFTER_VERB.match(sentence)
    if citing:  # a frame the parser missed: "Okno, the independent outlet, reported in May, citing X, that …"
        relay = _speaker_from_subject(citing.group("relay"))
        origin = _clean_name(_TRAILING_CLAUSE.sub("", citing.group("origin")))
        if _UNNAMED_SOURCE.fullmatch(origin):
            origin = ""
        if relay and not relay.startswith("<"):
            return Attribution(origin or relay, relay if origin else None, "citing", citing.start("rest"), n)
    if not frames:
        return Attribution(None, None, "", 0, n)
    leading = [f for f in frames if not f.trailing]
    trailing = [f for f in frames if f.trailing]
    if trailing:
        # "Forces seized the tanker, accusing its crew of smuggling, the Guard said": a participle that takes its
        # subject from a clause the trailing frame reports is part of what is reported
        leading = [f for f in leading if not _borrows_subject(f.verb)]
    main = leading[0] if leading else trailing[-1]
    via = main.via
    inner = next((f for f in leading[1:] if f.verb.i > main.verb.i and f.verb.dep_ == "ccomp"
                  and f.verb.head.i == main.verb.i and f.left <= main.verb.idx + len(main.verb.text) + 40
                  and (f.kind != "speech" or _reports_clause(f.verb, doc))), None)
    if inner is not None and inner.speaker != main.speaker:
        # "a US official said the Pentagon assessed that …": the Pentagon's claim, relayed by the official
        main, via = inner, main.speaker
    end = n
    if leading and trailing and trailing[-1].speaker != main.speaker:
        via = via or trailing[-1].speaker  # "Peskov said …, RIA Novosti reported."
        end = len(sentence[:trailing[-1].left].rstrip(" ,"))
    origin, citing_token = _citing(doc)
    if origin and citing_token is not None and citing_token.i > main.verb.i:
        # "RIA Novosti reported that …, citing the defence ministry."
        via, speaker = main.speaker, origin
        end = min(end, len(sentence[:citing_token.idx].rstrip(" ,")))
    else:
        speaker = main.speaker
    cue = main.verb.lower_
    if main.kind == "passive" or main.parenthetical:
        return Attribution(speaker, via, cue, 0, n)
    if main.trailing:
        content_end = len(sentence[:main.left].rstrip(" ,:"))
        return Attribution(speaker, via, cue, 0, content_end)
    verb_end = main.verb.idx + len(main.verb.text)
    particle = next((c for c in main.verb.children if c.dep_ == "prt" and c.i == main.verb.i + 1), None)
    if particle is not None:
        verb_end = particle.idx + len(particle.text)
    if main.verb.i < main.subject_i and any(t.text in _CLOSING_QUOTES for t in doc[: main.verb.i]):
        # “…,” said X: the proposition is the quotation before the frame
        quote_end = max(t.idx for t in doc[: main.verb.i] if t.text in _CLOSING_QUOTES)
        return Attribution(speaker, via, cue, 0, quote_end)
    start = _strip_frame_start(sentence, verb_end)
    if main.verb.lemma_ in ("tell", "assure", "inform", "remind", "warn"):
        # "told the same meeting that …", "told reporters the …": the addressee is not part of the claim
        addressee = next((c for c in main.verb.children if c.dep_ in ("dobj", "dative") and c.i > main.verb.i), None)
        if addressee is not None:
            last = addressee.right_edge if addressee.right_edge.dep_ != "relcl" else addressee
            if any(c.dep_ == "relcl" for c in addressee.children):
                last = max((t for t in addressee.subtree if t.i < next(c for c in addressee.children
                                                                      if c.dep_ == "relcl").left_edge.i),
                           key=lambda t: t.i)
            start = _strip_frame_start(sentence, last.idx + len(last.text))
    if sentence[start:start + 1] == ":":
        start += 1
    if via == speaker:
        via = None
    return Attribution(speaker, via, cue, start, end)


class SpeakerResolver:
    """Per-article canonical names: surnames and acronyms map to the fullest form seen in the article."""

    def __init__(self, article_text: str):
        self.full_names: list[str] = []
        self.acronyms: dict[str, str] = {}
        for match in _ACRONYM_DEF.finditer(article_text):
            long = _clean_name(match.group("long"))
            self.acronyms[match.group("short")] = long
        for name in proper_names(article_text):
            if len(name.split()) >= 2:
                self.full_names.append(name)

    def canonical(self, name: str) -> str:
        name = _clean_name(name)
        if name in self.acronyms:
            return self.acronyms[name]
        lower = name.lower()
        for full in self.full_names:  # earliest full mention wins: that is how articles introduce people
            tokens = full.split()
            if len(name.split()) == 1 and tokens[-1].lower() == lower and len(tokens) <= 4:
                return full
        if lower.startswith("the "):
            return name[4:]
        return name

    def handle_owner(self, display_name: str, handle: str) -> str:
        """Match a tweet's @handle to a speaker named in the article (transliterated names differ)."""
        handle_words = {w.lower() for w in re.split(r"[_\d]+", handle) if len(w) >= 3}
        for full in self.full_names:
            if any(token.lower() in handle_words for token in full.split()):
                return full
        for short, long in self.acronyms.items():
            if short.lower() in handle_words:
                return long
        return _clean_name(display_name)


# Generic words for a body, matched against how each antecedent was introduced.
_BODY_SYNONYMS = {"force": {"police", "force"}, "company": {"company", "firm", "operator", "owner", "owners", "ltd",
                                                            "plc", "inc", "corporation", "corp", "llc", "manufacturer"},
                  "firm": {"company", "firm"}, "operator": {"operator", "company", "managers", "manager"},
                  "managers": {"managers", "manager", "operator", "company", "owner", "owners"},
                  "channel": {"channel", "telegram"}, "broadcaster": {"broadcaster", "channel", "television", "tv"},
                  "agency": {"agency", "news"}, "organisers": {"organisers", "organizers", "coalition", "campaign"},
                  "council": {"council", "borough"}, "authorities": {"authorities", "government", "administration"}}
_ORG_WORDS = frozenset({"company", "firm", "operator", "managers", "owner", "owners", "organisers", "organizers",
                        "organiser", "organizer", "campaigners", "coalition", "channel", "outlet"})
_FEMALE = frozenset({"she", "her", "hers", "herself", "mrs", "ms", "miss", "woman", "mother", "wife", "daughter"})
_MALE = frozenset({"he", "him", "his", "himself", "mr", "man", "father", "husband", "son"})


def _stems(words) -> set[str]:
    """Crude stems, so "the organisers" meets a coalition that "organised the march"."""
    return {w[:6] if len(w) > 6 else w for w in words}


@dataclass(slots=True)
class _Mention:
    name: str
    kind: str  # "person", "org" (a named organisation) or "group" (a party, a crowd, an armed group)
    words: frozenset[str]  # the words it was introduced with ("regional", "security", "directorate")
    gender: str = ""  # "f", "m" or "" for a person, from titles and the pronouns near the name
    sentence: int = 0  # the sentence that mentioned it
    subject: bool = False  # as that sentence's subject (a speaker or the subject of narration)


def _pick(candidates) -> _Mention | None:
    """The newest candidate, or the subject of the same sentence when that sentence named several: a
    pronoun or "the group" refers to what the sentence before was about, not to a name in its objects."""
    first = None
    for mention in candidates:
        if first is None:
            first = mention
        elif mention.sentence != first.sentence:
            break
        if mention.subject:
            return mention
    return first


@dataclass(slots=True)
class _Discourse:
    """What the article has been about so far: the antecedents a pronoun or "the group" can take.

    Both the speakers of reported speech and the named subjects of narration enter it, newest
    last, so "They wrote: …" after two sentences about a militia goes to the militia, not to the
    official quoted before them, and "He said" skips a woman quoted in between.
    """

    mentions: list[_Mention]
    last_speaker: str | None = None
    last_quoted: str | None = None  # speaker of the latest claim with a quotation (or a colon) in it
    sentence: int = 0  # the sentence being read
    # what the article calls each name anywhere ("Kallistos Maritime, a company based in Athens"): a name is
    # the same kind of thing throughout an article, whatever the sentence at hand shows of it
    descriptions: dict[str, frozenset[str]] = field(default_factory=dict)
    older: list[_Mention] = field(default_factory=list)  # a live blog's older posts, further down the page

    def add(self, name: str | None, kind: str, words: str = "", sentence: str = "", subject: bool = False) -> None:
        if not name or name.startswith("<"):
            return
        known = next((m for m in reversed(self.mentions) if m.name == name), None)
        described = self.descriptions.get(name, frozenset())
        vocabulary = frozenset(re.findall(r"[a-z]+", (words + " " + name).lower())) | described
        kind = _described_kind(described, known.kind if known else kind)
        gender = known.gender if known else ""
        if kind == "person" and not gender:
            gender = _gender_near(name, words, sentence)
        self.mentions.append(_Mention(name, kind, vocabulary | (known.words if known else frozenset()), gender,
                                      self.sentence, subject))

    def learn_gender(self, name: str | None, pronoun: str) -> None:
        """"She said" resolved to a person whose gender the text had not shown: now it has."""
        gender = {"she": "f", "her": "f", "he": "m", "him": "m"}.get(pronoun, "")
        if name and gender:
            for mention in self.mentions:
                if mention.name == name and mention.kind == "person" and not mention.gender:
                    mention.gender = gender

    def resolve(self, marker: str) -> str | None:
        if ":" not in marker:  # "<pronoun>" from the string rules: the last speaker
            return self.last_speaker
        kind, rest = marker.strip("<>").split(":", 1)
        word, _, fallback = rest.partition("|")
        if kind == "pronoun":
            return self._pronoun(word)
        if kind == "possessive":  # "his family" → "Jonas Fell's family"
            owner = self._pronoun({"his": "he", "her": "she", "their": "they", "its": "it", "our": "we"}.get(word, word))
            return f"{owner}'s {fallback}" if owner else fallback or None
        return self._anaphor(word, fallback)

    def _pronoun(self, word: str) -> str | None:
        if word in ("i", "we"):
            return self.last_quoted or self.last_speaker
        if word in ("he", "she", "him", "her"):
            other = "m" if word in ("she", "her") else "f"
            found = _pick(m for m in reversed(self.mentions) if m.kind == "person" and m.gender != other)
            # a person the text has shown to be a woman (a man) wins over a newer one whose gender it never showed,
            # when she was named in the last few sentences
            known = _pick(m for m in reversed(self.mentions) if m.kind == "person" and m.gender == (
                "f" if other == "m" else "m") and m.sentence >= self.sentence - _GENDER_WINDOW)
            if found is not None and not found.gender and known is not None:
                found = known
            if found is not None:
                self.learn_gender(found.name, word)
                return found.name
            return self.last_speaker
        found = _pick(m for m in reversed(self.mentions) if m.kind in ("org", "group"))  # it, they: a body
        return found.name if found is not None else self.last_speaker

    def _introduced_with(self, word: str, mentions) -> str | None:
        """The first of `mentions` introduced with `word` or a word for the same kind of body."""
        synonyms = _BODY_SYNONYMS.get(word) or _BODY_SYNONYMS.get(word + "s") or set()
        if word in _GENERIC_BODIES:  # "the group" is any named body: a brigade, a coalition, a union
            synonyms = synonyms | GROUP_HEADS | ARMED_GROUP_WORDS
        elif word in _MEMBERSHIP_BODIES:  # "the union" is the alliance, the federation or the association named
            synonyms = synonyms | _MEMBERSHIP_BODIES
        wanted = _stems(synonyms | {word, word + "s"})
        # "the governor" looks among people first, "the police" or "the council" among bodies, the newest of
        # either kind first ("the police" is no police chief)
        tiers = (("person",), ("org", "group")) if word in _PERSON_NOUNS else (("org", "group"),)
        mentions = list(mentions)
        for tier in tiers:
            found = _pick(m for m in mentions if m.kind in tier and _stems(m.words) & wanted)
            if found is not None:
                return found.name
        return None

    def _anaphor(self, word: str, fallback: str) -> str | None:
        # "the governor", "the directorate", "the force": the latest mention introduced with that word; for
        # "the ship's managers" the managers first, then the ship ("manager+ship")
        words = word.split("+")
        for each in words:
            found = self._introduced_with(each, reversed(self.mentions))
            if found:
                return found
        for each in words:  # a live blog: an older post, further down the page, may have introduced it
            found = self._introduced_with(each, self.older) if self.older else None
            if found:
                return found
        word = words[0]
        if word in _PERSON_NOUNS:
            return fallback or word  # an official named only by title ("the mayor said")
        if word in ARMED_GROUP_WORDS:
            for mention in reversed(self.mentions):
                if mention.words & ARMED_GROUP_WORDS:
                    return mention.name
        if word in _ORG_WORDS or word in ARMED_GROUP_WORDS or word in GROUP_HEADS:
            # "the group", "the organisers": the latest organisation or group
            found = _pick(m for m in reversed(self.mentions) if m.kind in ("org", "group"))
            if found is not None:
                return found.name
        return fallback or self.last_speaker


_GENDER_WINDOW = 4  # sentences back in which a person of the pronoun's gender beats one of unknown gender

# Nouns for any organised body: "the group" can refer back to a brigade, a coalition or a union.
_GENERIC_BODIES = frozenset({"group", "organisation", "organization", "body", "outfit"})
# Bodies of members that news calls by one another's names: "the union" for an alliance of nurses.
_MEMBERSHIP_BODIES = frozenset({"union", "alliance", "coalition", "federation", "association", "league",
                                "confederation", "guild", "syndicate"})
# What an apposition calls an organisation ("Kallistos Maritime, the Athens-based company"), or a person.
_ORG_DESCRIPTORS = GROUP_HEADS | _ORG_WORDS | _GENERIC_BODIES | frozenset({
    "agency", "ministry", "department", "authority", "service", "broadcaster", "newspaper", "network", "charity",
    "institute", "bank", "airline", "manufacturer", "operator", "contractor", "insurer", "regulator", "watchdog",
    "body", "which"})


def _described_kind(described: frozenset[str], kind: str) -> str:
    """A name's kind, corrected by what the article calls it: "a company" is no person, "who" is no company."""
    org = bool(described & _ORG_DESCRIPTORS)
    person = bool(described & (_PERSON_NOUNS | {"who"}))
    if org and not person:
        return "org" if kind == "person" else kind
    if person and not org:
        return "person"
    return kind


def _descriptions(doc, resolver: "SpeakerResolver") -> list[tuple[str, str]]:
    """(name, word) for what a sentence calls a named entity: its apposition ("Kallistos Maritime, a company
    based in Athens", "the ship-tracking firm SeaLedger"), and "who"/"which" for its relative clause."""
    found = []
    for entity in doc.ents:
        if entity.label_ not in ("ORG", "PERSON", "NORP", "GPE", "FAC"):
            continue
        root = entity.root
        words = [c.lemma_.lower() for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            words.append(root.head.lemma_.lower())
        for child in root.children:
            if child.dep_ == "relcl" and child.left_edge.lower_ in ("who", "which") and child.left_edge.i > root.i:
                words.append(child.left_edge.lower_)
        if words:
            name = resolver.canonical(entity.text)
            found.extend((name, w) for w in words)
    return found


def _gender_near(name: str, words: str, sentence: str) -> str:
    """'f' or 'm' from a title in the name's phrase or the pronouns of the sentence that names the person."""
    phrase = set(re.findall(r"[a-z]+", words.lower()))
    if phrase & _FEMALE:
        return "f"
    if phrase & _MALE:
        return "m"
    around = set(re.findall(r"[a-z]+", sentence.lower()))
    female, male = bool(around & _FEMALE), bool(around & _MALE)
    return "f" if female and not male else "m" if male and not female else ""


def _sentence_antecedent(marker: str, doc, resolver: SpeakerResolver) -> str | None:
    """A pronoun inside a clause refers to its own sentence's named subject first: "Israel released what it
    said was a recording", "The RVC published video which showed what the group said was …"."""
    if not (marker.startswith("<pronoun:it") or marker.startswith("<pronoun:they")
            or marker.startswith("<anaphor:group") or marker.startswith("<anaphor:organisation")):
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = _subject_of(root) if root is not None else None
    if subject is None or subject.pos_ == "PRON" or root.lemma_.lower() in SPEECH_LEMMAS | DENYING_LEMMAS:
        return None
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("ORG", "NORP", "GPE") for t in subject.subtree):
        return None
    if _kind_of(subject) == "person":
        return None
    name, _ = _speaker_name(subject, doc)
    return resolver.canonical(name) if name and not name.startswith("<") else None


def _entity_mentions(doc, resolver: SpeakerResolver) -> list[tuple[str, str, str, str, int]]:
    """(name, kind, its phrase, the words before it, where it ends) for each organisation and person a sentence
    names."""
    found = []
    for entity in doc.ents:
        if entity.label_ in ("ORG", "PERSON"):
            head = entity.root
            words = _span_text(doc, list(head.head.subtree)) if head.dep_ in ("appos", "compound") else ""
            i = entity.start
            while i > 0 and entity.start - i < 4 and (doc[i - 1].pos_ in ("NOUN", "ADJ") or doc[i - 1].text == "-"
                                                     or doc[i - 1].tag_ == "VBG"):
                i -= 1  # "the analytics firm Tallyline", however the parser attaches the name
            if i < entity.start:
                words = f"{words} {doc[i:entity.start].text}"
            found.append((resolver.canonical(entity.text), "person" if entity.label_ == "PERSON" else "org", words,
                          doc.text[max(0, entity.start_char - 40): entity.start_char], entity.end_char))
    return found


def _same_sentence_antecedent(marker: str, doc, named: list[tuple[str, str, str, str, int]]) -> str | None:
    """"Data from the ship-tracking firm SeaLedger showed …, the firm said": the body the sentence itself named
    with that word before its frame."""
    if not marker.startswith("<anaphor:"):
        return None
    frame = next((f for f in _frames(doc) if f.speaker == marker), None)
    if frame is None:
        return None
    word = marker[9:].split("|")[0].split("+")[0]
    for name, kind, words, _, end in reversed(named):
        if end <= frame.left and kind != "person" and word in re.findall(r"[a-z]+", words.lower()):
            return name
    return None


def _narration_subject(doc) -> tuple[str | None, str, str]:
    """The named subject of an unattributed sentence, as a discourse antecedent ("The Legion posted …", "The
    RVC was founded last August")."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = _subject_of(root) if root is not None else None
    if subject is None and root is not None:
        subject = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.pos_ == "PRON":
        return None, "group", ""
    names_someone = any(t.pos_ == "PROPN" or t.ent_type_ in ("NORP", "ORG", "GPE", "PERSON") for t in subject.subtree)
    if not names_someone:
        return None, "group", ""
    name, _ = _speaker_name(subject, doc)
    if not name or name.startswith("<"):
        return None, "group", ""
    return name, _kind_of(subject), _span_text(doc, list(subject.subtree))


_TIMESTAMP = re.compile(r"(?:\d{1,2}:\d{2}|\d{1,2}\.\d{2}(?=\s*(?:GMT|BST|CET|CEST|EST|EDT|PST|UTC|local)\b))"
                        r"(?:\s*(?:GMT|BST|CET|CEST|EST|EDT|PST|UTC|local)\b)?\s+(?=[A-Z“\"‘])")


def _opens_with_quote(text: str) -> bool:
    return text[:1] in _OPENING_QUOTES


def _has_quote(text: str) -> bool:
    return any(q in text for q in "“”\"«»")


def extract_claims(article: Article, *, max_claims: int | None = None,
                   advance: Callable[[int], None] | None = None) -> list[Claim]:
    """Split one article into check-worthy claims attributed to their speakers.

    With `max_claims`, extraction stops once it has that many. `advance(n)` is told each time
    n more characters of the text have been read, len(article.text) in all.
    """
    sentences = _check_worthy_sentences(article, max_claims)
    return extract_from_sentences(article, sentences, max_claims=max_claims, advance=advance)


def _check_worthy_sentences(article: Article, limit: int | None = None) -> list[tuple[int, int, int, bool]]:
    """(paragraph start, sentence start, end, paragraph opens with a quote) of the article's check-worthy
    sentences; with `limit`, a few more than that many (a sign-off can drop one), then it stops."""
    text = article.text
    found: list[tuple[int, int, int, bool]] = []
    for para_start, para_end in _paragraphs(text):
        if limit is not None and len(found) > limit + 4:
            break
        paragraph = text[para_start:para_end].lstrip()
        stamp = _TIMESTAMP.match(paragraph)
        paragraph = paragraph[stamp.end():] if stamp else paragraph
        for start, end in _sentences(text, para_start, para_end):
            stamp = _TIMESTAMP.match(text, start, end)
            if stamp:  # a live blog's "18:30 " is when it was posted, not part of the claim
                start = stamp.end()
            if is_check_worthy(text[start:end]):
                found.append((para_start, start, end, _opens_with_quote(paragraph)))
    return found


def extract_from_sentences(article: Article, sentences: list[tuple[int, int, int, bool]], docs=None, *,
                           max_claims: int | None = None, advance: Callable[[int], None] | None = None) -> list[Claim]:
    """Attribute an article's sentences (from `_check_worthy_sentences`); `docs` are their parses."""
    from narratives.parse import parse

    text = article.text
    resolver = SpeakerResolver(text)
    worthy = sentences  # already check-worthy (`_check_worthy_sentences`)
    if docs is None:
        docs = parse([text[s:e] for _, s, e, _ in worthy])
    descriptions: dict[str, set[str]] = {}
    for doc in docs:
        for name, word in _descriptions(doc, resolver):
            descriptions.setdefault(name, set()).add(word)
    discourse = _Discourse([], descriptions={k: frozenset(v) for k, v in descriptions.items()})
    named = [_entity_mentions(doc, resolver) for doc in docs]
    claims: list[Claim] = []
    paragraphs: dict[int, list[int]] = {}  # paragraph start → indexes into claims
    signoffs: dict[int, tuple[str, int]] = {}
    for para_start, para_end in _paragraphs(text):
        signoff = _TWEET_SIGNOFF.search(text, para_start, para_end)
        if signoff and signoff.end() == para_end:
            signoffs[para_start] = (resolver.handle_owner(signoff.group("name"), signoff.group("handle")),
                                    signoff.start())
    paragraph_order = [p for p, _ in _paragraphs(text)]
    previous_paragraph_start = None
    continuing_quote: str | None = None  # speaker whose quotation this paragraph continues
    read = 0  # characters reported to `advance`
    if _newest_first(text):
        # a live blog runs newest first: what a description in a post refers to ("the ship's managers") may be
        # introduced by an older post, further down the page
        discourse.older = [_Mention(name, _described_kind(discourse.descriptions.get(name, frozenset()), kind),
                                    frozenset(re.findall(r"[a-z]+", (words + " " + name).lower()))
                                    | discourse.descriptions.get(name, frozenset()), sentence=i)
                           for i, found in enumerate(named) for name, kind, words, _, _ in found]
    older = discourse.older
    for index, ((para_start, start, end, para_quoted), doc) in enumerate(zip(worthy, docs)):
        if max_claims is not None and len(claims) >= max_claims:
            break
        discourse.sentence = index
        discourse.older = [m for m in older if m.sentence > index]
        if advance is not None:
            advance(end - read)
            read = end
        poster, signoff_at = signoffs.get(para_start, (None, None))
        if signoff_at is not None:
            if not is_check_worthy(text[para_start:signoff_at]):
                # The sign-off stands alone; the post's text is the paragraph before it.
                continue
            if start >= signoff_at:
                continue
            end = min(end, signoff_at)
            while end > start and text[end - 1].isspace():
                end -= 1
        if para_start != previous_paragraph_start:
            # A paragraph that opens with a quotation and names nobody continues the last quote.
            continuing_quote = discourse.last_quoted if para_quoted else None
            previous_paragraph_start = para_start
        sentence = text[start:end]
        attribution = attribute(sentence, doc)
        speaker, via, cue = attribution.speaker, attribution.via, attribution.cue
        if speaker and speaker.startswith("<"):
            marker = speaker
            speaker = _same_sentence_antecedent(marker, doc, named[index]) or _sentence_antecedent(
                marker, doc, resolver) or discourse.resolve(marker)
            if marker.startswith("<pronoun:"):
                discourse.learn_gender(speaker, marker[9:].split("|")[0])
        elif speaker:
            speaker = resolver.canonical(speaker)
        if via and via.startswith("<"):
            # a relay named by a pronoun ("It also cites a memo from X, stating …"): resolved like a speaker
            via = (_sentence_antecedent(via, doc, resolver) or discourse.resolve(via)) if cue in _PARTICIPLE_CUES else None
        elif via:
            via = resolver.canonical(via)
        if poster and not cue:
            speaker, cue = poster, "posted"
        elif not cue and continuing_quote and (_opens_with_quote(sentence) or _has_quote(sentence)
                                               or claims and claims[-1].speaker == continuing_quote):
            speaker, cue = continuing_quote, "quote"
        elif not cue and _opens_with_quote(sentence) and claims and paragraphs.get(para_start) \
                and claims[-1].speaker and _has_quote(claims[-1].text):
            speaker, cue = claims[-1].speaker, "quote"  # “…,” X said. “…”: the quote goes on
        if speaker:
            discourse.last_speaker = speaker
            frames = _frames(doc) if cue not in ("according to", "citing", "posted", "quote") else []
            # the frame whose speaker the claim took ("CNN reported that a staff member told …": the staff member)
            frame = next((f for f in frames if f.speaker == attribution.speaker), frames[0] if frames else None)
            subject = _subject_of(frame.verb) if frame is not None else None
            if subject is not None and subject.pos_ != "PRON":
                kind, words = _kind_of(subject), _span_text(doc, list(subject.subtree))
            else:
                person = any(e.label_ == "PERSON" and (e.text in speaker or speaker in e.text) for e in doc.ents)
                kind, words = ("person" if person else "group"), ""
            discourse.add(speaker, kind, words, sentence, subject=True)
            if _has_quote(sentence) or sentence.rstrip().endswith(":"):
                discourse.last_quoted = speaker
        else:
            for name, kind, words, before, _ in named[index]:  # "Data from the ship-tracking firm SeaLedger showed …"
                discourse.add(name, kind, words + " " + before, sentence)
            name, kind, words = _narration_subject(doc)
            discourse.add(resolver.canonical(name) if name else None, kind, words, sentence, subject=True)
        content = sentence[attribution.content_start: min(attribution.content_end, len(sentence))].strip(" ,“”\"")
        if len(content.split()) < 3 or cue in DENIAL_CUES or cue in JUDGING_CUES:
            # a denial's or an accusation's frame is its meaning: "X denied that it struck the site",
            # "X accused Kyiv of attacking the dam", "X called the story fiction"
            content = sentence
        paragraphs.setdefault(para_start, []).append(len(claims))
        claims.append(Claim(
            id=content_id(article.id, str(start), str(end)),
            article_id=article.id,
            text=sentence,
            start=start,
            end=end,
            speaker=speaker,
            outlet=article.outlet,
            content=_URL.sub("", content).strip(),
            via=via if via != speaker else None,
            cue=cue,
            published=article.published,
        ))
    # A sign-off standing alone gives the paragraph before it to the account that posted it.
    for para_start, (poster, signoff_at) in signoffs.items():
        if is_check_worthy(text[para_start:signoff_at]):
            continue
        index = paragraph_order.index(para_start)
        earlier = next((p for p in reversed(paragraph_order[:index]) if p in paragraphs), None)
        if earlier is not None:
            for i in paragraphs[earlier]:
                if not claims[i].cue:
                    claims[i] = replace(claims[i], speaker=poster, cue="posted")
    if advance is not None:
        advance(len(text) - read)
    return claims


def _minutes(stamp: str) -> int:
    hours, minutes = re.match(r"(\d{1,2})[:.](\d{2})", stamp).groups()
    return int(hours) * 60 + int(minutes)


def _newest_first(text: str) -> bool:
    """Whether the article is a live blog whose timestamped posts run newest first."""
    times = []
    for para_start, para_end in _paragraphs(text):
        stamp = _TIMESTAMP.match(text[para_start:para_end].lstrip())
        if stamp:
            times.append(_minutes(stamp.group(0)))
    return len(times) >= 2 and times[0] > times[-1] and all(a >= b for a, b in zip(times, times[1:]))


def extract_bounded(articles: Iterable[Article], max_claims: int | None,
                    advance: Callable[[int], None] | None = None, chunk: int = 32,
                    ) -> tuple[list[Claim], list[InputProblem]]:
    """The first `max_claims` claims of each article (all of them with None), and a notice for each article
    that had more.

    Articles are parsed in chunks through one `nlp.pipe` call each, so the parser batches work
    while memory holds only a chunk's parses; `advance(n)` is told the characters read.
    """
    from narratives.parse import parse

    articles = list(articles)
    claims: list[Claim] = []
    notices: list[InputProblem] = []
    limit = None if max_claims is None else max_claims + 1  # one more: was it cut?
    for first in range(0, len(articles), chunk):
        group = articles[first:first + chunk]
        sentences = [_check_worthy_sentences(a, limit) for a in group]
        docs = parse([a.text[s:e] for a, found in zip(group, sentences) for _, s, e, _ in found])
        offset = 0
        for article, found in zip(group, sentences):
            extracted = extract_from_sentences(article, found, docs[offset:offset + len(found)], max_claims=limit,
                                               advance=advance)
            offset += len(found)
            if max_claims is not None and len(extracted) > max_claims:
                notices.append(InputProblem(
                    article.source_file or article.id, None,
                    f"article {article.id!r} has more than {max_claims} claims; only its first {max_claims} are "
                    "compared (setting max_claims_per_article)"))
                log.warning("%s", notices[-1])
                extracted = extracted[:max_claims]
            claims.extend(extracted)
    return claims, notices


def extract_all(articles: Iterable[Article], max_claims: int | None = None,
                advance: Callable[[int], None] | None = None, extract: Callable | None = None,
                ) -> tuple[list[Claim], list[InputProblem]]:
    """Claims of many articles, with speakers canonicalised across articles too; and the cap notices.

    `extract` does the per-article part with extract_bounded's arguments and result (an engine
    may run it on other machines, engine.py); the cross-article surname step runs here.
    """
    extracted, notices = (extract or extract_bounded)(articles, max_claims, advance)
    return resolve_surnames(extracted, full_names(extracted)), notices


def full_names(claims: Iterable[Claim]) -> set[str]:
    """Multi-word speaker and relay names: what a lone surname elsewhere can resolve to."""
    return {name for claim in claims for name in (claim.speaker, claim.via) if name and len(name.split()) >= 2}


def resolve_surnames(claims: Iterable[Claim], names: set[str]) -> list[Claim]:
    """A surname alone in one article ("Peskov") joins the one full name another article used."""
    full_by_surname: dict[str, set[str]] = {}
    for name in names:
        full_by_surname.setdefault(name.split()[-1].lower(), set()).add(name)
    result = []
    for claim in claims:
        if claim.speaker and len(claim.speaker.split()) == 1 and claim.speaker[:1].isupper():
            options = full_by_surname.get(claim.speaker.lower(), set())
            if len(options) == 1:
                claim = replace(claim, speaker=next(iter(options)))
        result.append(claim)
    return result
