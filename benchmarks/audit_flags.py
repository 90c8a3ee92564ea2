"""Precision audit: a seeded random sample of the pipeline's flags on the benchmark's FNC-1 corpus, for judging by hand.

Draw a sample (default models and settings, the first N FNC-1 bodies in body-id order, exactly
the corpus of benchmarks/run_benchmark.py):

    .venv/bin/python benchmarks/audit_flags.py --size 300 --sample 60 --label after-$(git rev-parse --short HEAD)

writes benchmarks/audit/<label>.jsonl: a header line ({"header": {...}}: corpus size, seed, commit,
models, counts), then one flagged contradiction per line with both claims, their context in the
article, the NLI scores of both directions, the combined score, the signals and the reasons, and
empty "judgement", "class" and "note" fields. Fill those in by hand (rubric: benchmarks/audit/README.md),
then summarise:

    .venv/bin/python benchmarks/audit_flags.py --summarise benchmarks/audit/<label>.jsonl

prints real / framing / false counts, precision with a Wilson 95% interval, and the false flags by
class, and writes the same next to the file as <label>.summary.md and <label>.summary.json.
The sample is deterministic: the flag ids are sorted, then `random.Random(seed).sample` draws K.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run_benchmark, next to this file

from models.data_root import add_data_argument, data_folder  # noqa: E402
from run_benchmark import REPO, _commit, fnc1_articles, say  # noqa: E402  (the benchmark's corpus, not a copy)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

AUDIT = REPO / "benchmarks" / "audit"
DEFAULT_SEED = 20261202
DEFAULT_SAMPLE = 60
CONTEXT_CHARS = 400  # article text kept on each side of a claim, for the judge

JUDGEMENTS = ("real", "framing", "false")
FALSE_CLASSES = (  # issue 9, "Precision on real news": the classes of false flags
    "negation out of context",
    "non-speech verb read as cue",
    "actor mismatch on non-actors",
    "same actor two name forms",
    "numbers of different quantities",
    "one speaker against himself",
    "agreement flagged",
    "junk speaker",
    "other",
)


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion (95% for the default z); (0, 1) when n is 0."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def sample_ids(flag_ids, k: int, seed: int = DEFAULT_SEED) -> list[str]:
    """K ids drawn at random from the sorted ids (all of them when there are fewer), in sorted order."""
    ordered = sorted(set(flag_ids))
    if k >= len(ordered):
        return ordered
    return sorted(random.Random(seed).sample(ordered, k))


def _context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> dict:
    """The claim's sentence with the article text around it, cut at whitespace."""
    before = text[max(0, start - chars):start]
    after = text[end:end + chars]
    if start - chars > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + chars < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return {"before": before, "after": after}


def flag_record(pair, claims: dict, articles: dict, events: dict) -> dict:
    """One flagged pair as an audit line: both sides, scores, signals, reasons, and blank judgement fields."""
    def side(claim_id: str) -> dict:
        c = claims[claim_id]
        return {"claim_id": c.id, "text": c.text, "content": c.content, "speaker": c.speaker, "via": c.via,
                "cue": c.cue, "outlet": c.outlet, "article_id": c.article_id, "span": [c.start, c.end],
                "context": _context(articles[c.article_id].text, c.start, c.end)}

    def scores(s) -> dict | None:
        return None if s is None else {"entailment": s.entailment, "neutral": s.neutral, "contradiction": s.contradiction}

    event = events[pair.event_id]
    return {
        "id": pair.id, "event_id": event.id, "event_label": event.label,
        "a": side(pair.a), "b": side(pair.b),
        "nli": {"a_to_b": scores(pair.a_to_b), "b_to_a": scores(pair.b_to_a)},
        "similarity": pair.similarity, "score": pair.contradiction_score,
        "signals": list(pair.signals), "reasons": list(pair.reasons),
        "judgement": "", "class": "", "note": "",
    }


def model_fingerprint(model: str) -> str | None:
    """sha256 (first 16 hex digits) of a local model's weight file, so a retrained model is told apart."""
    import hashlib

    for name in ("model.safetensors", "pytorch_model.bin"):
        path = Path(model) / name
        if path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return f"{name} sha256:{digest.hexdigest()[:16]}"
    return None


def draw(size: int, k: int, seed: int, data: Path, quiet: bool) -> tuple[dict, list[dict]]:
    """Run the pipeline on the first `size` FNC-1 bodies; the header and the sampled flags' records."""
    from narratives.config import Settings
    from narratives.pipeline import analyse, progress_bars

    articles = fnc1_articles(data, size)
    settings = Settings()
    say(quiet, f"audit: {size} FNC-1 articles, default settings and models")
    started = time.perf_counter()
    result = analyse(articles, settings, progress=progress_bars(quiet))
    seconds = time.perf_counter() - started
    flags = {p.id: p for p in result.contradictions}
    chosen = sample_ids(flags, k, seed)
    say(quiet, f"audit: {len(flags)} flags in {seconds:.0f} s; sampled {len(chosen)} with seed {seed}")
    claims = {c.id: c for c in result.claims}
    by_id = {a.id: a for a in result.articles}
    events = {e.id: e for e in result.events}
    meta = result.metadata
    header = {
        "corpus": f"FNC-1 bodies (train + competition test), first {size} in body-id order",
        "size": size, "seed": seed, "sample": len(chosen), "requested_sample": k, "commit": _commit(),
        "nli_model": meta["settings"]["nli_model"], "nli_backend": settings.nli_backend,
        "nli_weights": model_fingerprint(settings.nli_model),
        "embed_model": meta["settings"]["embed_model"], "tool": meta["tool"],
        "settings": meta["settings"], "counts": meta["counts"], "flags": len(flags),
        "flags_per_signal": dict(sorted(Counter(s for p in flags.values() for s in p.signals).items())),
        "analyse_s": round(seconds, 1),
        "sampling": "random.Random(seed).sample(sorted(flag ids), K), listed in sorted order",
    }
    return header, [flag_record(flags[i], claims, by_id, events) for i in chosen]


def write_jsonl(path: Path, header: dict, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"header": header}, ensure_ascii=False)]
    lines += [json.dumps(r, ensure_ascii=False) for r in records]
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def read_jsonl(path: Path) -> tuple[dict, list[dict]]:
    header, records = {}, []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "header" in row:
            header = row["header"]
        else:
            records.append(row)
    return header, records


def summarise(header: dict, records: list[dict]) -> dict:
    """Counts, precision (strict: real; lenient: real + framing) with Wilson intervals, false flags by class."""
    problems = []
    for r in records:
        if r.get("judgement") not in JUDGEMENTS + ("",):
            problems.append(f"{r['id']}: judgement {r.get('judgement')!r} is not one of {JUDGEMENTS}")
        if r.get("judgement") == "false" and r.get("class") not in FALSE_CLASSES:
            problems.append(f"{r['id']}: false flag with class {r.get('class')!r}, not one of the listed classes")
    if problems:
        raise SystemExit("error: " + "\n       ".join(problems))
    counts = Counter(r["judgement"] for r in records if r.get("judgement"))
    judged = sum(counts.values())
    real, framing, false = (counts.get(j, 0) for j in JUDGEMENTS)

    def share(x: int) -> dict:
        low, high = wilson(x, judged)
        return {"value": round(x / judged, 4) if judged else None, "wilson95": [round(low, 4), round(high, 4)]}

    false_flags = [r for r in records if r.get("judgement") == "false"]
    classes = Counter(r["class"] for r in false_flags)
    return {
        "header": {k: header.get(k) for k in ("corpus", "size", "seed", "sample", "commit", "nli_model",
                                              "nli_backend", "nli_weights", "embed_model", "flags") if k in header},
        "sampled": len(records), "judged": judged, "unjudged": len(records) - judged,
        "real": real, "framing": framing, "false": false,
        "precision_real": share(real), "precision_real_or_framing": share(real + framing),
        "false_by_class": {c: classes[c] for c in FALSE_CLASSES},  # every class, zeros too: rows line up across audits
        # optional hand-filled fields: the concrete pattern behind a flag, and which side's speaker is wrong
        "by_pattern": {j: dict(Counter(r["pattern"] for r in records if r.get("judgement") == j
                                       and r.get("pattern")).most_common()) for j in JUDGEMENTS},
        "wrong_speaker": {j: sum(bool(r.get("wrong_speaker")) for r in records if r.get("judgement") == j)
                          for j in JUDGEMENTS},
        "signals_of_false": dict(sorted(Counter(s for r in false_flags for s in r["signals"]).items())),
        "signals_of_real": dict(sorted(Counter(s for r in records if r.get("judgement") == "real"
                                               for s in r["signals"]).items())),
    }


def summary_markdown(s: dict) -> str:
    h = s["header"]

    def shown(p: dict) -> str:
        if p["value"] is None:
            return "n/a"
        return f"{p['value']:.2f} (Wilson 95% {p['wilson95'][0]:.2f}–{p['wilson95'][1]:.2f})"

    drawn = "all of them" if h.get("flags") == s["sampled"] else f"{s['sampled']} sampled (seed {h.get('seed', '?')})"
    lines = [f"Corpus: {h.get('corpus', '?')}; {h.get('flags', '?')} flags, {drawn}; commit {h.get('commit', '?')}; "
             f"NLI {h.get('nli_model', '?')} ({h.get('nli_weights') or 'weights not recorded'}); "
             f"embeddings {h.get('embed_model', '?')}.", "",
             "| judged | real | framing | false | precision (real) | precision (real + framing) |",
             "|---:|---:|---:|---:|---|---|",
             f"| {s['judged']} | {s['real']} | {s['framing']} | {s['false']} | {shown(s['precision_real'])} | "
             f"{shown(s['precision_real_or_framing'])} |", "",
             "| false-flag class | flags |", "|---|---:|"]
    lines += [f"| {c} | {n} |" for c, n in s["false_by_class"].items()]
    if s["by_pattern"]["false"]:
        lines += ["", "| pattern behind the false flags | flags |", "|---|---:|"]
        lines += [f"| {p} | {n} |" for p, n in s["by_pattern"]["false"].items()]
    if any(s["wrong_speaker"].values()):
        lines += ["", "Flags with a wrong or missed speaker on at least one side: "
                  + ", ".join(f"{n} of the {j}" for j, n in s["wrong_speaker"].items() if s[j]) + "."]
    if s["unjudged"]:
        lines += ["", f"{s['unjudged']} sampled flags are not judged yet."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--size", type=int, default=300, help="FNC-1 articles (default: %(default)s)")
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE, help="flags drawn (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sampling seed (default: %(default)s)")
    parser.add_argument("--label", help="output name: benchmarks/audit/LABEL.jsonl (default: sample-<commit>)")
    add_data_argument(parser, required=False)  # --summarise reads no data
    parser.add_argument("--out", type=Path, default=AUDIT, help="where the sample goes (default: %(default)s)")
    parser.add_argument("--summarise", type=Path, metavar="FILE", help="instead: summarise a judged sample")
    parser.add_argument("--quiet", action="store_true", help="no progress bars on stderr")
    args = parser.parse_args(argv)

    if args.summarise:
        header, records = read_jsonl(args.summarise)
        summary = summarise(header, records)
        text = summary_markdown(summary)
        stem = args.summarise.with_suffix("")
        Path(f"{stem}.summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        Path(f"{stem}.summary.md").write_text(text, encoding="utf-8")
        print(text, end="")
        return

    header, records = draw(args.size, args.sample, args.seed, data_folder(args.data), args.quiet)
    label = args.label or f"sample-{header['commit'].split()[0]}"
    path = write_jsonl(args.out / f"{label}.jsonl", header, records)
    print(f"{path}: {len(records)} of {header['flags']} flags (seed {args.seed}, {args.size} articles, "
          f"commit {header['commit']})")


if __name__ == "__main__":
    main()
