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

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from narratives.atomic import write_atomically
from narratives.errors import InputError
from narratives.textfile import read_json
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
    # The entry as the file had it: fields narratives does not know (a ticket, a reviewer's
    # name) are written back unchanged, also when `baseline --add` updates the entry.
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_claims(cls, a: Claim, b: Claim, verdict: str, reason: str) -> BaselineEntry:
        check_entry(verdict, reason)
        first, second = sorted((Side(a.source, a.text), Side(b.source, b.text)),
                               key=lambda s: (normalise(s.source), normalise(s.text)))
        return cls(fingerprint_claims(a, b), verdict, reason.strip(), first, second)

    @classmethod
    def from_json(cls, item: object) -> BaselineEntry:
        """One entry of the file; InputError says which field is missing or of the wrong type."""
        if not isinstance(item, dict):
            raise InputError(f"expected an object, not {_json_type(item)}")
        fingerprint_, verdict, reason = (_text(item, key) for key in ("fingerprint", "verdict", "reason"))
        check_entry(verdict, reason)
        return cls(fingerprint_, verdict, reason, _side(item, "a"), _side(item, "b"), extra=item)

    def keeping(self, old: BaselineEntry) -> BaselineEntry:
        """This entry with the unknown fields of `old`, the entry it replaces."""
        extra = dict(old.extra)
        if (old.a, old.b) == (self.b, self.a):  # written by hand with the sides the other way round
            extra["a"], extra["b"] = old.extra.get("b"), old.extra.get("a")
        return dataclasses.replace(self, extra=extra)

    def to_json(self) -> dict:
        known = {"fingerprint": self.fingerprint, "verdict": self.verdict, "reason": self.reason,
                 "a": _with_extra({"source": self.a.source, "text": self.a.text}, self.extra.get("a")),
                 "b": _with_extra({"source": self.b.source, "text": self.b.text}, self.extra.get("b"))}
        return _with_extra(known, self.extra)


def _with_extra(known: dict, extra: object) -> dict:
    """`known`, then the fields of `extra` it does not have, in their order."""
    if not isinstance(extra, dict):
        return known
    return known | {key: value for key, value in extra.items() if key not in known}


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false", int: "a number",
             float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _text(item: dict, key: str, within: str = "") -> str:
    if key not in item:
        raise InputError(f"missing field '{within}{key}'")
    if not isinstance(item[key], str):
        raise InputError(f"field '{within}{key}' must be text, not {_json_type(item[key])}")
    return item[key]


def _side(item: dict, key: str) -> Side:
    if key not in item:
        raise InputError(f"missing field '{key}'")
    if not isinstance(item[key], dict):
        raise InputError(f"field '{key}' must be an object {{source, text}}, not {_json_type(item[key])}")
    return Side(_text(item[key], "source", f"{key}."), _text(item[key], "text", f"{key}."))


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
    def load(cls, path: Path, *, missing_ok: bool = False, what: str = "baseline",
             check_fingerprints: bool = False) -> Baseline:
        """The entries of a baseline file, or of a verdicts file downloaded from report.html (`what`).

        `check_fingerprints`: each entry's fingerprint must be the one of its two claims, so an entry
        whose texts were edited cannot suppress a different contradiction. Off for the baseline itself,
        where a reviewer may shorten the texts by hand (the fingerprint is what matches).
        """
        try:
            data = read_json(path, what=what)
        except FileNotFoundError:
            if missing_ok:
                return cls(path=path)
            hint = "create it with `narratives baseline --add`" if what == "baseline" else "check the path"
            raise InputError(f"{what} {path}: no such file; {hint}") from None
        if not isinstance(data, list):
            raise InputError(f"{what} {path}: expected a JSON list of entries, not {_json_type(data)}")
        entries = {}
        for number, item in enumerate(data, start=1):
            try:
                entry = BaselineEntry.from_json(item)
                if check_fingerprints and entry.fingerprint != (own := fingerprint(
                        entry.a.source, entry.a.text, entry.b.source, entry.b.text)):
                    raise InputError(f"fingerprint {entry.fingerprint!r} is not the one of its claims a and b "
                                     f"({own}): were their texts edited?")
            except InputError as exc:
                raise InputError(f"{what} {path}: entry {number}: {exc.args[0]}; each entry needs fingerprint, "
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
        """Add, or replace keeping the old entry's unknown fields; True when the fingerprint was new."""
        old = self.entries.get(entry.fingerprint)
        self.entries[entry.fingerprint] = entry if old is None else entry.keeping(old)
        return old is None

    def merge(self, other: Baseline) -> tuple[int, int]:
        """Add or replace every entry of `other` (`add`, in fingerprint order); returns (added, updated)."""
        added = sum(self.add(other.entries[key]) for key in sorted(other.entries))
        return added, len(other.entries) - added

    def stale(self, current: set[str]) -> list[BaselineEntry]:
        """Entries whose fingerprint is not among the current contradictions' fingerprints."""
        return [self.entries[k] for k in sorted(self.entries) if k not in current]
