"""Reviewer baseline: contradictions a person has looked at, so CI fails only on unreviewed ones.

A JSON file committed next to the articles, like a linter's baseline:

    [{"fingerprint": "3f0c…", "verdict": "false-positive", "reason": "different days",
      "a": {"source": "Vyacheslav Gladkov", "text": "…"}, "b": {"source": "Hromadske", "text": "…"}}]

The fingerprint hashes the two claims' normalised texts and sources, in either order, never a
row id or a pair id, so it survives a new store, re-extraction and reordering. Entries whose
fingerprint is no longer among the current contradictions are stale and reported.

    >>> baseline = Baseline.load(Path("articles/narratives-baseline.json"))
    >>> baseline.get(fingerprint_claims(claim_a, claim_b))
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from narratives.atomic import write_atomically
from narratives.errors import InputError
from narratives.types import Claim

VERDICTS = ("accepted", "false-positive")
DEFAULT_BASELINE = Path("narratives-baseline.json")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def normalise(text: str) -> str:
    """Case, spacing and curly quotes do not change a fingerprint."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def fingerprint(a_source: str, a_text: str, b_source: str, b_text: str) -> str:
    sides = sorted(f"{normalise(source)}\x1f{normalise(text)}" for source, text in
                   ((a_source, a_text), (b_source, b_text)))
    return hashlib.sha256("\x1e".join(sides).encode("utf-8")).hexdigest()[:16]


def fingerprint_claims(a: Claim, b: Claim) -> str:
    return fingerprint(a.source, a.text, b.source, b.text)


@dataclass(frozen=True, slots=True)
class Side:
    source: str
    text: str


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    fingerprint: str
    verdict: str  # "accepted" (a real contradiction, known) or "false-positive"
    reason: str
    a: Side
    b: Side

    @classmethod
    def for_claims(cls, a: Claim, b: Claim, verdict: str, reason: str) -> BaselineEntry:
        check_entry(verdict, reason)
        first, second = sorted((Side(a.source, a.text), Side(b.source, b.text)),
                               key=lambda s: (normalise(s.source), normalise(s.text)))
        return cls(fingerprint_claims(a, b), verdict, reason.strip(), first, second)

    def to_json(self) -> dict:
        return {"fingerprint": self.fingerprint, "verdict": self.verdict, "reason": self.reason,
                "a": {"source": self.a.source, "text": self.a.text},
                "b": {"source": self.b.source, "text": self.b.text}}


def check_entry(verdict: str, reason: str) -> None:
    if verdict not in VERDICTS:
        raise InputError(f"verdict {verdict!r} is not one of {list(VERDICTS)}")
    if not reason.strip():
        raise InputError("a baseline entry needs a reason: say why the finding is accepted or a false positive")


class Baseline:
    """Entries by fingerprint; `save` writes them sorted, so the file diffs cleanly in review."""

    def __init__(self, entries: dict[str, BaselineEntry] | None = None, path: Path | None = None):
        self.entries = dict(entries or {})
        self.path = path

    @classmethod
    def load(cls, path: Path, *, missing_ok: bool = False) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if missing_ok:
                return cls(path=path)
            raise InputError(f"baseline {path}: no such file; create it with `narratives baseline --add`") from None
        except json.JSONDecodeError as exc:
            raise InputError(f"baseline {path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
        if not isinstance(data, list):
            raise InputError(f"baseline {path}: expected a JSON list of entries, got {type(data).__name__}")
        entries = {}
        for number, item in enumerate(data, start=1):
            try:
                check_entry(item["verdict"], item["reason"])
                entry = BaselineEntry(str(item["fingerprint"]), item["verdict"], item["reason"],
                                      Side(item["a"]["source"], item["a"]["text"]),
                                      Side(item["b"]["source"], item["b"]["text"]))
            except (KeyError, TypeError, InputError) as exc:
                detail = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
                raise InputError(f"baseline {path}: entry {number}: {detail}; each entry needs fingerprint, "
                                 "verdict, reason, a {source, text} and b {source, text}") from None
            entries[entry.fingerprint] = entry
        return cls(entries, path)

    def save(self, path: Path | None = None) -> Path:
        path = path or self.path
        if path is None:
            raise ValueError("no path to save the baseline to")
        data = [self.entries[k].to_json() for k in sorted(self.entries)]
        return write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")

    def get(self, fingerprint_: str) -> BaselineEntry | None:
        return self.entries.get(fingerprint_)

    def add(self, entry: BaselineEntry) -> bool:
        """Add or replace; True when the fingerprint was new."""
        new = entry.fingerprint not in self.entries
        self.entries[entry.fingerprint] = entry
        return new

    def stale(self, current: set[str]) -> list[BaselineEntry]:
        """Entries whose fingerprint is not among the current contradictions' fingerprints."""
        return [self.entries[k] for k in sorted(self.entries) if k not in current]
