"""Article → Claim: split into sentences, keep check-worthy ones, attribute each to its source.

Attribution reads the reporting frame of English news: "X said (that) …", "according to X, …",
"X, citing Y, said …" (Y is the origin, X relays it), "“…,” he said", trailing ", X reported."
Pronouns and "the group"/"the governor" resolve to the last named speaker of the article, and
speaker names are canonicalised per article ("Governor Gladkov" → "Vyacheslav Gladkov", an
acronym defined in parentheses → its long form). Each claim keeps its character span and the
proposition without its reporting frame (`content`), which is what NLI compares.

Cost per article is bounded: extraction stops after `max_claims` claims, and a paragraph is
split by sentence segmentation in pieces of at most SEGMENT_CHARS (pysbd's time grows with the
square of the text it is given).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from narratives.signals import DENIAL_CUES, PARTY_WORDS
from narratives.types import Article, Claim, InputProblem, content_id

log = logging.getLogger(__name__)

# Reporting verbs that introduce a claim by their subject.
CUE_VERBS = (
    "said|says|say|told|tells|stated|states|claimed|claims|claim|reported|reports|wrote|writes|announced|"
    "announces|denied|denies|deny|described|describes|accused|accuses|added|adds|warned|warns|insisted|insists|"
    "suggested|suggests|posted|confirmed|confirms|alleged|alleges|argued|argues|noted|notes|tweeted|declared|"
    "declares|acknowledged|admitted|rejected|rejects|dismissed|dismisses|blamed|blames|called|calls|"
    "estimated|estimates|maintained|maintains|asserted|asserts|explained|explains|believes|believed"
)
_ADVERBS = r"(?:also|earlier|later|previously|separately|repeatedly|again|then|now|first|initially|reportedly|had|has|have|would|had\s+earlier)"
_CUE = re.compile(rf"\b(?:{_ADVERBS}\s+)*(?P<verb>{CUE_VERBS})\b")
_ACCORDING = re.compile(r"\baccording to (?P<who>[^,.;:]+)", re.IGNORECASE)
_CITING = re.compile(r"^(?P<relay>[^,]{2,120}?),\s+citing\s+(?P<origin>[^,]{2,120}),\s*(?P<rest>.*)$", re.DOTALL)
_TRAILING_REPORTER = re.compile(
    rf",\s*(?:the\s+)?(?P<who>[^,.;“”\"]{{2,80}}?)\s+(?P<verb>{CUE_VERBS})\.?\s*$"
)
_QUOTE_THEN_SPEAKER = re.compile(
    rf"^[“\"](?P<quote>.+?)[,.!?]?[”\"],?\s+(?P<who>[^,.;]{{1,60}}?)\s+(?P<verb>{CUE_VERBS})\b", re.DOTALL
)
_QUOTE_THEN_VERB = re.compile(
    r"^[“\"](?P<quote>.+?)[,.!?]?[”\"],?\s+(?P<verb>said|says|added|wrote|told\s+\w+)\s+(?P<who>[^,.;]{1,80}?)\s*[.,;]",
    re.DOTALL,
)
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
    r"reporters|activists|lawmakers|legislators|militants|rebels))(?:\s+(?:on|in|at|from)\s+[^,]*)?\s*$"
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
    name = re.sub(r"[“”\"«»]", "", raw).strip(" ,.;:-—–")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.IGNORECASE)
    tokens = name.split()
    while len(tokens) > 1:
        first, second = tokens[0].lower().strip("."), tokens[1].lower().strip(".")
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
        r"(?:a\s+|an\s+|the\s+|his\s+|her\s+|their\s+)?[\w‘’'-]+(?:\s+(?:post|statement|interview|video|address|night))?\s*,?\s*)*"
        r"(?:that\s+)?",
        re.IGNORECASE,
    )
    match = pattern.match(rest)
    return pos + (match.end() if match else 0)


def attribute(sentence: str) -> Attribution:
    """Find who a sentence reports and where its proposition is; speaker None means the outlet's voice."""
    n = len(sentence)
    via = None
    base = 0
    citing = _CITING.match(sentence)
    if citing:
        relay = _speaker_from_subject(citing.group("relay"))
        origin = _clean_name(_TRAILING_CLAUSE.sub("", citing.group("origin")))
        if not re.search(r"[A-Z]", origin):
            origin = ""  # "a single unnamed source": the relay is the only source we can name
        rest_start = citing.start("rest")
        cue = _CUE.match(sentence, rest_start)
        content_start = _strip_frame_start(sentence, cue.end()) if cue else rest_start
        return Attribution(origin or relay, relay if origin else None, "citing", content_start, n)

    inverted = _QUOTE_THEN_VERB.match(sentence)
    if inverted:  # “…,” said Israeli military spokesman Daniel Hagari.
        who = _speaker_from_subject(inverted.group("who"))
        if who:
            return Attribution(who, None, inverted.group("verb").split()[0], inverted.start("quote"), inverted.end("quote"))

    quoted = _QUOTE_THEN_SPEAKER.match(sentence)
    if quoted:
        who = _speaker_from_subject(quoted.group("who"))
        if who:
            return Attribution(who, None, quoted.group("verb"), quoted.start("quote"), quoted.end("quote"))

    according = _ACCORDING.search(sentence)
    if according:
        who = _clean_name(_TRAILING_CLAUSE.sub("", according.group("who")))
        if according.start() < 3:
            start = according.end()
            start += len(sentence[start:]) - len(sentence[start:].lstrip(" ,"))
            return Attribution(who, None, "according to", start, n)
        end = according.start()
        return Attribution(who, None, "according to", 0, len(sentence[:end].rstrip(" ,")))

    trailing = _TRAILING_REPORTER.search(sentence)
    end = n
    if trailing and _speaker_from_subject(trailing.group("who")):
        via = _speaker_from_subject(trailing.group("who"))
        end = trailing.start()

    for cue in _CUE.finditer(sentence, base, end):
        subject = sentence[base : cue.start()]
        if len(subject) > 200 or subject.count("“") > subject.count("”") or subject.count('"') % 2:
            continue  # the verb sits inside a quotation, not in the reporting frame
        who = _speaker_from_subject(subject)
        if who:
            start = _strip_frame_start(sentence, cue.end())
            if cue.group("verb") in ("told", "tells", "assured", "informed", "reminded"):
                # "told the same meeting that …": the addressee is not part of the claim
                addressee = re.match(r"\s*(?:[\w’'-]+\s+){0,6}?that\s+", sentence[cue.end():])
                if addressee:
                    start = cue.end() + addressee.end()
            if via == who:
                via = None
            return Attribution(who, via, cue.group("verb"), start, end)
        break
    if via and via != "<pronoun>":
        return Attribution(via, None, trailing.group("verb"), 0, end)
    if via == "<pronoun>":
        return Attribution("<pronoun>", None, trailing.group("verb"), 0, end)
    return Attribution(None, None, "", 0, n)


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
        self.last_speaker: str | None = None

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


def extract_claims(article: Article, *, max_claims: int | None = None,
                   advance: Callable[[int], None] | None = None) -> list[Claim]:
    """Split one article into check-worthy claims attributed to their speakers.

    With `max_claims`, extraction stops once it has that many. `advance(n)` is told each time
    n more characters of the text have been read, len(article.text) in all.
    """
    text = article.text
    resolver = SpeakerResolver(text)
    claims: list[Claim] = []
    previous_paragraph: list[int] = []  # indexes into claims
    read = 0  # characters reported to `advance`
    for para_start, para_end in _paragraphs(text):
        if max_claims is not None and len(claims) >= max_claims:
            break
        if advance is not None:
            advance(para_start - read)
            read = para_start
        paragraph_speaker = None
        signoff = _TWEET_SIGNOFF.search(text, para_start, para_end)
        if signoff and signoff.end() == para_end:
            # An embedded post: its text belongs to the account that posted it, not the outlet.
            paragraph_speaker = resolver.handle_owner(signoff.group("name"), signoff.group("handle"))
            para_end = signoff.start()
            if not is_check_worthy(text[para_start:para_end]):
                # The sign-off stands alone; the post's text is the paragraph before it.
                for index in previous_paragraph:
                    if not claims[index].cue:
                        claims[index] = replace(claims[index], speaker=paragraph_speaker, cue="posted")
                previous_paragraph = []
                continue
        previous_paragraph = []
        for start, end in _sentences(text, para_start, para_end):
            if max_claims is not None and len(claims) >= max_claims:
                break
            sentence = text[start:end]
            if not is_check_worthy(sentence):
                continue
            attribution = attribute(sentence)
            speaker, via = attribution.speaker, attribution.via
            if speaker == "<pronoun>":
                speaker = resolver.last_speaker
            elif speaker:
                speaker = resolver.canonical(speaker)
            if via == "<pronoun>":
                via = None
            elif via:
                via = resolver.canonical(via)
            if paragraph_speaker and not attribution.cue:
                speaker = paragraph_speaker
            if speaker:
                resolver.last_speaker = speaker
            content = sentence[attribution.content_start : attribution.content_end].strip(" ,“”\"")
            if len(content.split()) < 3 or attribution.cue in DENIAL_CUES:
                content = sentence  # a denial's frame is its meaning: "X denied that it struck the site"
            previous_paragraph.append(len(claims))
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
                cue=attribution.cue if attribution.cue or not paragraph_speaker else "posted",
                published=article.published,
            ))
    if advance is not None:
        advance(len(text) - read)
    return claims


def extract_bounded(articles: Iterable[Article], max_claims: int,
                    advance: Callable[[int], None] | None = None) -> tuple[list[Claim], list[InputProblem]]:
    """The first `max_claims` claims of each article, and a notice for each article that had more."""
    claims: list[Claim] = []
    notices: list[InputProblem] = []
    for article in articles:
        found = extract_claims(article, max_claims=max_claims + 1, advance=advance)  # one more: was it cut?
        if len(found) > max_claims:
            notices.append(InputProblem(
                article.source_file or article.id, None,
                f"article {article.id!r} has more than {max_claims} claims; only its first {max_claims} are "
                "compared (setting max_claims_per_article)"))
            log.warning("%s", notices[-1])
            found = found[:max_claims]
        claims.extend(found)
    return claims, notices


def extract_all(articles: Iterable[Article], max_claims: int | None = None,
                advance: Callable[[int], None] | None = None) -> tuple[list[Claim], list[InputProblem]]:
    """Claims of many articles, with speakers canonicalised across articles too; and the cap notices."""
    if max_claims is None:
        extracted = [c for article in articles for c in extract_claims(article, advance=advance)]
        notices: list[InputProblem] = []
    else:
        extracted, notices = extract_bounded(articles, max_claims, advance)
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
        if claim.speaker and len(claim.speaker.split()) == 1:
            options = full_by_surname.get(claim.speaker.lower(), set())
            if len(options) == 1:
                claim = replace(claim, speaker=next(iter(options)))
        result.append(claim)
    return result
