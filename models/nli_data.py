"""The NLI training mix: which shared data sets, how much of each, and the synthetic pairs.

Reserved evaluation splits (MultiNLI dev-matched, SNLI test, ANLI dev, SICK dev, ClaimDiff
test, FNC-1) are never read here; `narratives eval nli` reads them. Everything is
deterministic for a given seed: the same mix, row for row, on every machine.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

LABELS = ("entailment", "neutral", "contradiction")
MNLI_DEV_MATCHED_ROWS = 9815  # rows 0..9814 of mnli/dev.csv are the reserved dev-matched split
VALIDATION_ROWS = 1000  # tail of MNLI dev-mismatched kept out of training, used to pick checkpoints


@dataclass(frozen=True, slots=True)
class NLIPair:
    premise: str
    hypothesis: str
    label: str
    source: str


@dataclass(frozen=True, slots=True)
class MixPart:
    """One source of the mix: a CSV under the data root and the most rows taken from it."""

    name: str
    path: str
    cap: int | None = None  # None: take every row
    why: str = ""


# Order and caps are the recipe documented in models/nli-minilm-l6/README.md.
TRAINING_MIX: tuple[MixPart, ...] = (
    MixPart("lingnli", "lingnli/train_00.csv", None, "MNLI-style, balanced"),
    MixPart("bowman2020-base", "new_protocols_bowman2020/base_train_00.csv", None, "Wikipedia premises"),
    MixPart("bowman2020-contrast", "new_protocols_bowman2020/contrast_train_00.csv", None, "minimal contrasts"),
    MixPart("bowman2020-edit-other", "new_protocols_bowman2020/edit_other_train_00.csv", None, ""),
    MixPart("bowman2020-edit-premise", "new_protocols_bowman2020/edit_premise_train_00.csv", None, ""),
    MixPart("bowman2020-base-val", "new_protocols_bowman2020/base_val_00.csv", None, ""),
    MixPart("bowman2020-edit-other-val", "new_protocols_bowman2020/edit_other_val_00.csv", None, ""),
    MixPart("bowman2020-edit-premise-val", "new_protocols_bowman2020/edit_premise_val_00.csv", None, ""),
    MixPart("bowman2020-paragraph-val", "new_protocols_bowman2020/paragraph_val_00.csv", None, "multi-sentence premises"),
    MixPart("vania2020", "semi_automatic_nli_vania2020/train_00.csv", None, "news and Wikipedia"),
    MixPart("snli-dev", "felipessalvatore_nli_datasets/snli/dev.csv", None, "captions"),
    MixPart("sick-train", "felipessalvatore_nli_datasets/sick/train.csv", 5000, "short compositional"),
    MixPart("joci-train", "felipessalvatore_nli_datasets/joci/train.csv", 3000, "commonsense, noisy"),
    MixPart("cad-snli-train", "cad_snli_counterfactual/train_00.csv", None, "counterfactual edits"),
    MixPart("cad-snli-dev", "cad_snli_counterfactual/dev_00.csv", None, ""),
    MixPart("xnli-en-validation", "xnli_en/validation_00.csv", None, "MNLI-style"),
    MixPart("xnli-en-test", "xnli_en/test_00.csv", None, "MNLI-style"),
    MixPart("conjnli", "conjnli_adversarial/train_00.csv", 5000, "rule labels: small dose"),
    MixPart("breaking-nli", "breaking_nli/all_00.csv", 2500, "lexical swaps: small dose"),
    MixPart("syntactic-aug", "syntactic_augmentation_min2020/train_00.csv", 3000, "HANS-style"),
    MixPart("climate-fever", "climate_fever/all_00.csv", None, "claim vs evidence"),
    MixPart("semantic-fragments", "semantic_fragments/train_00.csv", 2000, "templated logic: small dose"),
)


def _read_csv(path: Path, source: str) -> list[NLIPair]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            NLIPair(row["premise"].strip(), row["hypothesis"].strip(), row["label"].strip().lower(), source)
            for row in csv.DictReader(handle)
            if row.get("label", "").strip().lower() in LABELS and row["premise"].strip() and row["hypothesis"].strip()
        ]


def mnli_mismatched(root: Path) -> list[NLIPair]:
    """MultiNLI dev-mismatched: the rows after the reserved dev-matched block."""
    rows = _read_csv(root / "felipessalvatore_nli_datasets/mnli/dev.csv", "mnli-dev-mismatched")
    return rows[MNLI_DEV_MATCHED_ROWS:]


def mnli_matched(root: Path) -> list[NLIPair]:
    """The reserved MultiNLI dev-matched rows, for evaluation only."""
    rows = _read_csv(root / "felipessalvatore_nli_datasets/mnli/dev.csv", "mnli-dev-matched")
    return rows[:MNLI_DEV_MATCHED_ROWS]


def _negation_pairs(root: Path) -> list[NLIPair]:
    """CANNOT WikiFactCheck (sentence, negated sentence): real claims with a negation edit."""
    pairs = []
    for path in sorted((root / "cannot_negation").glob("wikifactcheck_english_*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)
            for row in reader:
                if len(row) >= 2 and row[0].strip() and row[1].strip():
                    pairs.append(NLIPair(row[0].strip(), row[1].strip(), "contradiction", "cannot-negation"))
    return pairs


_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)")


def _changed_number(text: str, rng: random.Random) -> str | None:
    """Replace one number in a sentence by a clearly different one; None if there is none."""
    matches = [m for m in _NUMBER.finditer(text) if not (1000 <= int(m.group(1).replace(",", "")) <= 2100)]  # years
    if not matches:
        return None
    match = rng.choice(matches)
    value = int(match.group(1).replace(",", ""))
    new = value * rng.choice((2, 3, 5, 10)) + rng.randint(1, 9) if value < 10_000 else value // rng.choice((2, 4, 10))
    return text[: match.start()] + f"{new:,}" + text[match.end() :]


def synthetic_number_pairs(premises: list[str], rng: random.Random, limit: int) -> list[NLIPair]:
    """Contradictions made from real sentences by changing a quantity ("eight wounded" vs "30 wounded").

    Each changed sentence is paired with its original as a contradiction; news disputes are often
    about numbers, which crowd-written NLI data rarely exercises.
    """
    pairs: list[NLIPair] = []
    for premise in premises:
        changed = _changed_number(premise, rng)
        if changed and changed != premise:
            pairs.append(NLIPair(premise, changed, "contradiction", "synthetic-number"))
            if len(pairs) >= limit:
                break
    return pairs


def _sample(rows: list[NLIPair], cap: int | None, rng: random.Random) -> list[NLIPair]:
    if cap is None or len(rows) <= cap:
        return rows
    return rng.sample(rows, cap)


def build_training_mix(root: Path, seed: int = 13) -> tuple[list[NLIPair], list[NLIPair]]:
    """Return (train, validation) pairs; validation is the last rows of MNLI dev-mismatched."""
    rng = random.Random(seed)
    train: list[NLIPair] = []
    for part in TRAINING_MIX:
        train.extend(_sample(_read_csv(root / part.path, part.name), part.cap, rng))
    mismatched = mnli_mismatched(root)
    train.extend(mismatched[:-VALIDATION_ROWS])
    validation = mismatched[-VALIDATION_ROWS:]
    train.extend(_sample(_negation_pairs(root), 5000, rng))
    news_premises = sorted({p.premise for p in train if p.source in ("vania2020", "bowman2020-base", "lingnli")})
    rng.shuffle(news_premises)
    train.extend(synthetic_number_pairs(news_premises, rng, limit=3000))
    return train, validation


# v2: the whole pool, capped only where a set is noisy or templated, plus news-domain pairs.
_CAPPED_V2 = {"joci-train": 3000, "conjnli": 5000, "breaking-nli": 2500, "syntactic-aug": 3000,
              "semantic-fragments": 2000}
_MPE_IMAGE_ID = re.compile(r"\s*\d+jpg\d")
EXTRA_POOL_V2: tuple[MixPart, ...] = (
    MixPart("mpe-train", "felipessalvatore_nli_datasets/mpe/train.csv", None, "multiple premises"),
)


def build_training_mix_v2(root: Path, seed: int = 13, general_limit: int | None = None,
                          news_repeat: int = 1) -> tuple[list[NLIPair], list[NLIPair]]:
    """The v2 recipe: (train, validation).

    The general pool is every set of TRAINING_MIX with caps kept only for the noisy or templated
    sets, MNLI dev-mismatched except its validation tail, CANNOT negations and synthetic numbers.
    `general_limit` samples that many of it (continued training from v1 needs fewer passes over
    data the model has seen). News pairs (models/news_pairs.py: the "weakens" pairs of ClaimDiff-W
    train, synthetic edits of FNC-1 training-body sentences) are all kept and repeated
    `news_repeat` times.
    """
    from models.news_pairs import claimdiff_train, synthetic_news_pairs

    rng = random.Random(seed)
    general: list[NLIPair] = []
    for part in TRAINING_MIX + EXTRA_POOL_V2:
        path = root / part.path
        if not path.exists():
            continue
        rows = _read_csv(path, part.name)
        if part.name == "mpe-train":  # its premises are four captions glued to image ids ("4615316828jpg1Very young …")
            rows = [NLIPair(" ".join(_MPE_IMAGE_ID.sub(". ", p.premise).split()).lstrip(". "), p.hypothesis, p.label,
                            p.source) for p in rows]
        general.extend(_sample(rows, _CAPPED_V2.get(part.name), rng))
    mismatched = mnli_mismatched(root)
    general.extend(mismatched[:-VALIDATION_ROWS])
    validation = mismatched[-VALIDATION_ROWS:]
    general.extend(_negation_pairs(root))
    news_premises = sorted({p.premise for p in general if p.source in ("vania2020", "bowman2020-base", "lingnli")})
    rng.shuffle(news_premises)
    general.extend(synthetic_number_pairs(news_premises, rng, limit=3000))
    if general_limit is not None and general_limit < len(general):
        general = rng.sample(general, general_limit)
    # FNC-1's labelled training half is left out: read by hand, the closest body sentence carried
    # the mapped stance in 19 of 50 rows (for "disagree", 14%: it is mostly the sentence that
    # restates the claim), so as pairs those rows teach that restating a claim contradicts it.
    news = claimdiff_train(root) + synthetic_news_pairs(root, seed=seed)
    return general + news * news_repeat, validation
