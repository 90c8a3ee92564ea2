"""Plain data passed between pipeline stages: Article → Claim → Event → ScoredPair → Narrative.

Ids are derived from content, so the same input gives the same ids on every run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from narratives.escape import terminal, terminal_line


def content_id(*parts: str, length: int = 16) -> str:
    """Stable short id: the hex sha256 of the parts joined by a separator that text cannot contain."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(frozen=True, slots=True)
class Article:
    id: str  # the input's own id, or a content hash of the text when it has none
    text: str
    outlet: str = "unknown outlet"
    title: str = ""
    published: str | None = None  # ISO date YYYY-MM-DD, or None when the input gives none
    url: str = ""
    source_file: str = ""  # where it was read from, for error messages and the report
    extra: dict[str, Any] = field(default_factory=dict)  # unknown input fields, kept as given


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A piece of input that was skipped; the rest of the batch goes on."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        """`path:line: message` as one line that starts no CI command: it is printed, and names files from input."""
        where = f"{terminal(self.path)}:{self.line}" if self.line is not None else terminal(self.path)
        return terminal_line(f"{where}: {terminal(self.message)}")


@dataclass(frozen=True, slots=True)
class Claim:
    id: str  # content_id(article_id, start, end)
    article_id: str
    text: str
    start: int  # character span in Article.text
    end: int
    speaker: str | None  # canonical speaker/agency the claim is attributed to; None: the outlet's own voice
    outlet: str
    content: str = ""  # the proposition without its reporting frame ("X said that …"): what NLI compares
    via: str | None = None  # who relays it inside the sentence ("Hromadske, citing intelligence sources")
    cue: str = ""  # the words that carried the attribution ("said", "according to", "citing")
    published: str | None = None

    @property
    def source(self) -> str:
        """Who the claim belongs to: the quoted speaker, or the outlet when nobody is quoted."""
        return self.speaker or self.outlet

    @property
    def proposition(self) -> str:
        """What is embedded and what NLI compares: the content without its reporting frame, or the sentence."""
        return self.content or self.text


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    label: str
    article_ids: tuple[str, ...]
    claim_ids: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class NLIScores:
    entailment: float
    neutral: float
    contradiction: float


# Which signal says what is disputed, most specific first.
FLAG_KINDS = (
    ("actor", ("actor-mismatch", "actor-denial")),
    ("event-denial", ("denial",)),
    ("quantity", ("number-mismatch",)),
    ("time", ("time-mismatch", "date-mismatch")),
    ("framing", ("framing",)),
)


@dataclass(frozen=True, slots=True)
class ScoredPair:
    """Two claims from different sources in one event, scored A→B and B→A where that can change the relation."""

    id: str  # content_id of the two claim ids, order-free
    event_id: str
    a: str  # claim id
    b: str
    similarity: float
    a_to_b: NLIScores | None  # premise a, hypothesis b; None: not scored, NLI could not change the relation
    b_to_a: NLIScores | None  # None: not scored, it could not change the relation (judge.reverse_needed)
    signals: tuple[str, ...] = ()  # claim-level signals that fired, e.g. "negation", "number-mismatch"
    reasons: tuple[str, ...] = ()  # one sentence per signal, for the reviewer
    contradiction_score: float = 0.0  # combined score compared with the threshold
    relation: str = "neutral"  # "contradiction", "agreement" or "neutral"
    dispute: tuple[str, ...] = ()  # (what is disputed, A's position, B's position), from the signal of its kind

    @property
    def kind(self) -> str:
        """The predicate two claims disagree on: actor, event-denial, quantity, time, framing (loaded labels for the
        same doers), or other (NLI alone)."""
        for kind, names in FLAG_KINDS:
            if any(name in self.signals for name in names):
                return kind
        return "other"


@dataclass(frozen=True, slots=True)
class Camp:
    label: str
    sources: tuple[str, ...]
    claim_ids: tuple[str, ...]  # most representative first


@dataclass(frozen=True, slots=True)
class Narrative:
    event_id: str
    camps: tuple[Camp, ...]
    unaligned: tuple[str, ...] = ()  # sources with no edge to any camp


@dataclass(frozen=True, slots=True)
class RunResult:
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    pairs: tuple[ScoredPair, ...]  # every scored candidate pair
    narratives: tuple[Narrative, ...]
    problems: tuple[InputProblem, ...]
    metadata: dict[str, Any]  # inputs, models, thresholds, counts

    @property
    def contradictions(self) -> tuple[ScoredPair, ...]:
        return tuple(p for p in self.pairs if p.relation == "contradiction")


def run_counts(articles: int, claims: int, events: int, pairs: tuple[ScoredPair, ...] | list[ScoredPair],
               problems: int, cross_source_pairs: int, within_article_pairs: int,
               claim_article: dict[str, str]) -> dict[str, int]:
    """The counts of a run as report.json's metadata holds them (the pipeline and the store build the same)."""
    flags = [p for p in pairs if p.relation == "contradiction"]
    return {
        "articles": articles,
        "claims": claims,
        "events": events,
        "cross_source_pairs": cross_source_pairs,
        "within_article_pairs": within_article_pairs,
        "scored_pairs": len(pairs),
        "nli_scored": sum(p.a_to_b is not None for p in pairs),
        "scored_both_ways": sum(p.b_to_a is not None for p in pairs),
        "contradictions": len(flags),
        "within_article_contradictions": sum(claim_article[p.a] == claim_article[p.b] for p in flags),
        "agreements": sum(p.relation == "agreement" for p in pairs),
        "input_problems": problems,
    }
