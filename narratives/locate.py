"""Where a claim sits in its input file: the line a CI annotation points at.

A claim's span is an offset into Article.text, which ingest took from a file: a text or markdown
body (verbatim after its header), one line of JSONL, a CSV record, or text extracted from HTML.
The line is found the same way for each: locate the article in the file, then count line breaks.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from narratives.types import Article, Claim, content_id


class Locator:
    """Caches each file's text and record index, since one report annotates many claims of few files."""

    def __init__(self):
        self._files: dict[str, str | None] = {}
        self._records: dict[str, dict[str, int]] = {}  # path → article id → line its record starts on

    def line(self, article: Article, claim: Claim) -> int | None:
        """1-based line of the claim's first character in article.source_file; None when it cannot be found."""
        path = article.source_file
        content = self._read(path)
        if content is None:
            return None
        suffix = Path(path).suffix.lower()
        if suffix in (".jsonl", ".csv"):
            if path not in self._records:
                self._records[path] = _jsonl_index(content) if suffix == ".jsonl" else _csv_index(content)
            start = self._records[path].get(article.id)
            if start is None:
                return None
            # a CSV cell keeps its line breaks; a JSONL line has none (they are escaped)
            return start + article.text.count("\n", 0, claim.start) if suffix == ".csv" else start
        offset = content.find(article.text)
        if offset >= 0:
            offset += claim.start
        else:  # HTML: the text was extracted, not copied; look for the sentence itself
            offset = content.find(claim.text[:80])
        return content.count("\n", 0, offset) + 1 if offset >= 0 else None

    def _read(self, path: str) -> str | None:
        if path not in self._files:
            try:
                raw = Path(path).read_bytes()
                # as ingest reads it: BOM dropped, newlines normalised, so offsets agree
                text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
                self._files[path] = text.replace("\r\n", "\n").replace("\r", "\n")
            except (OSError, UnicodeDecodeError, ValueError):  # ValueError: a NUL in a stored name
                self._files[path] = None  # moved or deleted since it was stored: annotate the file only
        return self._files[path]


def _article_id(record: object) -> str | None:
    """The id ingest gives a record: its own, or the content hash of its text."""
    if not isinstance(record, dict):
        return None
    given = str(record.get("id") or "").strip()
    text = record.get("text")
    if given:
        return given
    if isinstance(text, str) and text.strip():
        return content_id(text.replace("\r\n", "\n").replace("\r", "\n").rstrip())
    return None


def _jsonl_index(content: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for lineno, line in enumerate(content.split("\n"), start=1):
        if line.strip():
            try:
                article_id = _article_id(json.loads(line))
            except json.JSONDecodeError:
                continue
            if article_id is not None:
                index.setdefault(article_id, lineno)  # ingest keeps the first of duplicate ids
    return index


def _csv_index(content: str) -> dict[str, int]:
    index: dict[str, int] = {}
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error):
        return index
    while True:
        lineno = reader.line_num + 1  # the line the next record starts on
        try:
            row = next(reader)
        except (StopIteration, csv.Error):
            return index
        article_id = _article_id({name: cell for name, cell in zip(header, row) if name})
        if article_id is not None:
            index.setdefault(article_id, lineno)
