"""Label a distillation pool with the teacher's probabilities (issue 10, step 3).

    python -m models.distill --teacher /tmp/teacher/release --out /tmp/distill/pool.jsonl
    python -m models.train_nli --distill /tmp/distill/pool.jsonl --init models/nli-minilm-l6 \
        --out /tmp/distill/student --work /tmp/distill/work

The student should learn what the teacher says about the pairs the pipeline actually scores, so
the pool is mostly those pairs:

1. candidate pairs of claims from the same event, as `narratives.pipeline` builds them, over the
   FNC-1 *training* bodies (`fnc1/train_bodies.csv`: unlabelled, never a reserved split; the
   competition bodies, half of which are the reserved FNC-1 test, are not read), both directions;
2. the same for the shipped seed articles (`seeds/`), if present;
3. a sample of the v2 training mix (models/nli_data.py), whose gold label is kept beside the
   teacher's probabilities, so the student also sees gold labels (`train_nli --distill-alpha`).

Each row of the JSON lines output: premise, hypothesis, teacher (entailment, neutral,
contradiction probabilities), label (gold or null), source. The pool is built deterministically,
so a rerun after an interruption skips the rows already written and labels the rest.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

from models.data_root import add_data_argument
from models.nli_data import LABELS, build_training_mix_v2

log = logging.getLogger("models.distill")
REPO = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_argument(parser)
    parser.add_argument("--teacher", required=True, help="3-way NLI model directory (or hub id) that labels the pool")
    parser.add_argument("--out", type=Path, required=True, help="JSON lines file to write (appended to on a rerun)")
    parser.add_argument("--bodies", type=int, default=1000, help="FNC-1 training bodies run through the pipeline")
    parser.add_argument("--pipeline-pairs", type=int, default=40000,
                        help="most pipeline pairs (directions) kept, sampled deterministically")
    parser.add_argument("--gold-pairs", type=int, default=20000, help="pairs sampled from the v2 gold mix")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="seed articles (skipped when absent)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    return parser.parse_args(argv)


def fnc1_training_articles(root: Path, limit: int):
    """The first `limit` FNC-1 training bodies by id, as Articles."""
    from models.news_pairs import _read_bodies
    from narratives.types import Article

    bodies = _read_bodies(root / "fnc1/train_bodies.csv")
    return [Article(id=f"fnc1-train-{body_id}", text=bodies[body_id], outlet="FNC-1 training bodies",
                    source_file="fnc1/train_bodies.csv") for body_id in sorted(bodies, key=int)[:limit]]


def pipeline_pairs(articles) -> list[tuple[str, str]]:
    """(premise, hypothesis) of every candidate pair the pipeline would judge, both directions."""
    from narratives.config import Settings
    from narratives.pairs import candidate_pairs
    from narratives.pipeline import cluster_events
    from narratives.signals import denial_links, names_an_actor, prepare_readings

    settings = Settings()
    claims, vectors, events, _ = cluster_events(articles, settings)
    prepare_readings(claims)
    candidates, _ = candidate_pairs(events, claims, vectors, neighbours=settings.neighbours,
                                    min_similarity=settings.pair_min_similarity,
                                    priority=[names_an_actor(c) for c in claims], linked=denial_links(claims))
    pairs = []
    for candidate in candidates:
        a, b = claims[candidate.a].proposition, claims[candidate.b].proposition
        pairs += [(a, b), (b, a)]
    return pairs


def build_pool(args: argparse.Namespace) -> list[dict]:
    """Every row to label, in a fixed order: pipeline pairs (FNC-1 training bodies, then seeds), then gold pairs."""
    from narratives.pipeline import read_articles

    rng = random.Random(args.seed)
    fnc = pipeline_pairs(fnc1_training_articles(args.data, args.bodies))
    seeds = pipeline_pairs(read_articles([args.seeds])[0]) if args.seeds.is_dir() else []
    log.info("pipeline pairs: %d from %d FNC-1 training bodies, %d from the seeds", len(fnc), args.bodies, len(seeds))
    if len(fnc) + len(seeds) > args.pipeline_pairs:
        fnc = rng.sample(fnc, max(0, args.pipeline_pairs - len(seeds)))
    rows = [{"premise": p, "hypothesis": h, "label": None, "source": "fnc1-train-pipeline"} for p, h in fnc]
    rows += [{"premise": p, "hypothesis": h, "label": None, "source": "seeds-pipeline"} for p, h in seeds]
    gold = build_training_mix_v2(args.data, seed=args.seed)[0] if args.gold_pairs > 0 else []
    for pair in rng.sample(gold, min(args.gold_pairs, len(gold))):
        rows.append({"premise": pair.premise, "hypothesis": pair.hypothesis, "label": pair.label,
                     "source": pair.source})
    return rows


class Teacher:
    """A 3-way NLI cross-encoder giving probabilities in LABELS order, whatever its own label order."""

    def __init__(self, name: str, max_length: int):
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(name)
        self.model = AutoModelForSequenceClassification.from_pretrained(name, torch_dtype=torch.float32).eval()
        id2label = {int(i): str(label).lower() for i, label in self.model.config.id2label.items()}
        if sorted(id2label.values()) != sorted(LABELS):
            raise SystemExit(f"error: {name} is not a 3-way NLI model (labels {sorted(id2label.values())})")
        self.order = [next(i for i, label in id2label.items() if label == name_) for name_ in LABELS]
        self.max_length = max_length

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        with self.torch.inference_mode():
            encoded = self.tokenizer([p for p, _ in pairs], [h for _, h in pairs], truncation=True,
                                     max_length=self.max_length, padding=True, return_tensors="pt")
            logits = self.model(**encoded).logits.float()
            return self.torch.softmax(logits, dim=-1)[:, self.order].numpy()


def label_pool(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(args.threads)
    rows = build_pool(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    done = _complete_rows(args.out)
    if done > len(rows):
        raise SystemExit(f"error: {args.out} has {done} rows, more than the pool's {len(rows)}: other arguments?")
    log.info("pool: %d rows, %d already labelled in %s", len(rows), done, args.out)
    teacher = Teacher(args.teacher, args.max_length)
    started, labelled = time.monotonic(), 0
    with args.out.open("a", encoding="utf-8") as out:
        for start in range(done, len(rows), args.batch_size):
            chunk = rows[start : start + args.batch_size]
            probabilities = teacher.probabilities([(r["premise"], r["hypothesis"]) for r in chunk])
            for row, p in zip(chunk, probabilities):
                out.write(json.dumps({**row, "teacher": [round(float(v), 5) for v in p]}, ensure_ascii=False) + "\n")
            out.flush()  # a kill loses at most the batch in flight; the rerun resumes after the last full line
            labelled += len(chunk)
            if (start // args.batch_size) % 50 == 0:
                rate = labelled / max(1e-9, time.monotonic() - started)
                log.info("labelled %d/%d (%.1f pairs/s)", start + len(chunk), len(rows), rate)
    log.info("pool complete: %s", args.out)
    return len(rows)


def _complete_rows(path: Path) -> int:
    """Rows fully written to `path`; a last line cut by a kill is removed, to be labelled again."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
        data = data[: data.rfind(b"\n") + 1]
    return data.count(b"\n")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    label_pool(parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
