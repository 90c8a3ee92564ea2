"""report.json → pandas DataFrames, for notebooks, and `narratives export` to CSV or Parquet.

One frame per kind of row: articles, events, claims, pairs (flags and agreements, one row per pair,
`relation` says which), camps (one row per source in a camp; unaligned sources with `camp` 0).
Frames are built from report.json's structure, so a RunResult (`frames_of(result)`) and a report
file on disk (`read_frames(path)`) give the same frames; `counts_of(frames)` gives back the counts
the report states, which is how a round trip is checked.

    >>> from narratives.frames import read_frames
    >>> frames = read_frames("reports/seeds/report.json")
    >>> flags = frames["pairs"].query("relation == 'contradiction'")
    >>> flags.groupby(["event_id", "kind"]).size()
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from narratives.errors import InputError, OutputError
from narratives.textfile import read_report

FRAMES = ("articles", "events", "claims", "pairs", "camps")
FORMATS = ("csv", "parquet")


def frames_of(result) -> dict[str, pd.DataFrame]:
    """The frames of a RunResult, as report.json would give them."""
    from narratives.report import strict, to_json

    return frames_from_report(strict(to_json(result)))


def read_frames(path: str | Path) -> dict[str, pd.DataFrame]:
    """The frames of a report.json on disk; a file that is not one is an InputError naming it."""
    return frames_from_report(read_report(Path(path)))


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    # the columns fixed even with no rows, so an empty report still gives frames a notebook can query
    return pd.DataFrame(rows, columns=columns)


def _scores(nli: dict | None, prefix: str) -> dict:
    nli = nli or {}
    return {f"{prefix}_{label}": nli.get(label) for label in ("entailment", "neutral", "contradiction")}


def frames_from_report(report: dict) -> dict[str, pd.DataFrame]:
    articles = _frame([{key: a.get(key) for key in ("id", "outlet", "title", "published", "url", "source_file")}
                       for a in report["articles"]], ["id", "outlet", "title", "published", "url", "source_file"])
    events = _frame([{"id": e["id"], "label": e["label"], "first_date": e.get("first_date"),
                      "last_date": e.get("last_date"), "articles": len(e["article_ids"]),
                      "claims": e.get("claim_count"), "keywords": "; ".join(e.get("keywords", []))}
                     for e in report["events"]],
                    ["id", "label", "first_date", "last_date", "articles", "claims", "keywords"])
    claim_columns = ["id", "event_id", "article_id", "speaker", "via", "outlet", "source", "cue", "text",
                     "content", "start", "end", "published"]
    claims = _frame([{**{key: c.get(key) for key in claim_columns if key not in ("start", "end")},
                      "start": c["span"][0], "end": c["span"][1]} for c in report["claims"]], claim_columns)
    pair_rows = []
    for relation, pairs in (("contradiction", report["contradictions"]), ("agreement", report["agreements"])):
        for p in pairs:
            pair_rows.append({
                "id": p["id"], "event_id": p["event_id"], "relation": relation, "kind": p.get("kind"),
                "score": p.get("score"), "similarity": p.get("similarity"), "a": p["a"]["claim_id"],
                "b": p["b"]["claim_id"], "a_source": p["a"]["source"], "b_source": p["b"]["source"],
                "same_article": p.get("same_article"), "signals": "; ".join(p.get("signals", [])),
                "reasons": " | ".join(p.get("reasons", [])),
                **_scores(p.get("nli", {}).get("a_to_b"), "a_to_b"), **_scores(p.get("nli", {}).get("b_to_a"), "b_to_a"),
            })
    pair_columns = ["id", "event_id", "relation", "kind", "score", "similarity", "a", "b", "a_source", "b_source",
                    "same_article", "signals", "reasons", *_scores(None, "a_to_b"), *_scores(None, "b_to_a")]
    camp_rows = []
    for narrative in report["narratives"]:
        for number, camp in enumerate(narrative["camps"], start=1):
            for source in camp["sources"]:
                camp_rows.append({"event_id": narrative["event_id"], "camp": number, "label": camp["label"],
                                  "source": source})
        for source in narrative.get("unaligned", []):
            camp_rows.append({"event_id": narrative["event_id"], "camp": 0, "label": "", "source": source})
    camps = _frame(camp_rows, ["event_id", "camp", "label", "source"])
    return {"articles": articles, "events": events, "claims": claims, "pairs": _frame(pair_rows, pair_columns),
            "camps": camps}


def counts_of(frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    """What the report's metadata counts, read back from the frames."""
    pairs = frames["pairs"]
    camps = frames["camps"]
    return {
        "articles": len(frames["articles"]),
        "events": len(frames["events"]),
        "claims": len(frames["claims"]),
        "contradictions": int((pairs["relation"] == "contradiction").sum()),
        "agreements": int((pairs["relation"] == "agreement").sum()),
        "camps": int(camps[camps["camp"] > 0][["event_id", "camp"]].drop_duplicates().shape[0]),
    }


def export(report: str | Path, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write each frame of a report.json to `out_dir` as <frame>.csv or <frame>.parquet, all or none."""
    from narratives.atomic import write_together

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {list(FORMATS)}")
    frames = read_frames(report)
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401  (pandas writes Parquet through it)
        except ImportError as exc:
            raise OutputError("Parquet needs pyarrow, which is not installed: pip install pyarrow "
                              "(or export --format csv)") from exc
    files: dict[str, str | bytes] = {}
    for name in FRAMES:
        if fmt == "csv":
            files[f"{name}.csv"] = frames[name].to_csv(index=False, lineterminator="\n")
        else:
            buffer = io.BytesIO()
            frames[name].to_parquet(buffer, index=False)
            files[f"{name}.parquet"] = buffer.getvalue()
    return write_together(Path(out_dir), files)
