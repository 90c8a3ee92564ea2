"""Files → Article: JSONL, CSV, plain text / markdown (with optional front matter) and HTML.

Bad input never stops a batch: each unreadable file, line or field becomes an
InputProblem naming the file and line, and the rest of the batch goes on. Only regular files
up to a size limit are opened (a FIFO, a device or a link to one never is), and directory walks
skip what the tool itself wrote, so a run never reads its own reports.

    >>> articles, problems = read_inputs(["seeds/", "extra/wire.jsonl"])
    >>> for problem in problems:
    ...     print(problem)          # "extra/wire.jsonl:7: not valid JSON (...)"
"""

from __future__ import annotations

import csv
import json
import logging
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from narratives.errors import InputError, NarrativesError
from narratives.types import Article, InputProblem, content_id

logger = logging.getLogger(__name__)

SUFFIXES: tuple[str, ...] = (".jsonl", ".csv", ".txt", ".md", ".html", ".htm")
KNOWN_FIELDS: tuple[str, ...] = ("id", "outlet", "title", "published", "url", "text")

DEFAULT_MAX_FILE_BYTES = 20_000_000  # Settings.max_file_mb
MAX_JSON_DEPTH = 100  # deeper records are refused: the report writer and the store recurse per level
# What the tool writes into an output directory (report.py, ci_output.py), and the first line of
# each markdown or HTML file among them (narratives/templates): directory walks never read these back.
OUTPUT_FILES: tuple[str, ...] = ("report.md", "report.json", "report.html", "new.md")
OWN_HEADINGS: dict[str, str] = {
    "report.md": "# Contradictions and competing narratives", "new.md": "# What is new",
    "report.html": "<!DOCTYPE html><!-- narratives report.html: contradictions and competing narratives -->",
}

_SUFFIX_LIST = ", ".join(SUFFIXES)
_UTF8_BOM = b"\xef\xbb\xbf"
# The seed layout: "date 2023-05-23 Title" on the first non-empty line, the body below.
_SEED_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:\s+(.*?))?\s*$")
_FRONT_MATTER_FENCE = re.compile(r"^---\s*$")
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s?(.*)$")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")


def read_inputs(
    paths: Sequence[str | Path], *, default_outlet: str = "unknown outlet",
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, outputs: Sequence[str | Path] = (),
) -> tuple[list[Article], list[InputProblem]]:
    """Read every article in `paths` (files or directories); return the articles and the problems met.

    Order is deterministic: paths as given, files sorted within a directory, then line order.
    A second article with an id already seen is skipped and reported; the same text under
    different ids is kept, since different outlets can carry the same wire copy.

    Only regular files of at most `max_file_bytes` are read; anything else is a problem. A walk
    never reads the directories in `outputs` (this run's output directories; where one is the
    directory given, only the files the tool writes there), nor a `report.md`, `report.html` or
    `new.md` that the tool wrote elsewhere, recognised by its first line.

    >>> articles, problems = read_inputs(["news.jsonl", "pages/"], default_outlet="wire")
    >>> print(problems[0])
    news.jsonl:3: field 'text' is missing or empty; each line needs at least text (...)

    Raises InputError only when `paths` is empty; unreadable content is returned as problems.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]  # a lone str is a Sequence of characters; read it as one path
    if not paths:
        raise InputError(f"no input paths given; pass one or more files or directories ({_SUFFIX_LIST})")

    batch = _Batch(default_outlet=default_outlet, max_file_bytes=max_file_bytes,
                   outputs={os.path.realpath(folder) for folder in outputs})
    for given in paths:
        for file_path, explicit in _expand(os.fspath(given), batch):
            _read_file(file_path, explicit, batch)

    logger.info("read %d articles from %d paths; %d problems", len(batch.articles), len(paths), len(batch.problems))
    return batch.articles, batch.problems


@dataclass
class _Batch:
    """What one read_inputs call has collected so far."""

    default_outlet: str
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    outputs: set[str] = field(default_factory=set)  # real paths of this run's output directories
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)
    first_seen: dict[str, str] = field(default_factory=dict)  # article id -> "path:line" that brought it

    def problem(self, path: str, line: int | None, message: str) -> None:
        problem = InputProblem(path=path, line=line, message=message)
        logger.debug("input problem: %s", problem)
        self.problems.append(problem)

    def add(self, article: Article, line: int | None) -> None:
        where = f"{article.source_file}:{line}" if line is not None else article.source_file
        if article.id in self.first_seen:
            self.problem(
                article.source_file,
                line,
                f"duplicate id {article.id!r} (first seen at {self.first_seen[article.id]}); kept the first",
            )
            return
        self.first_seen[article.id] = where
        self.articles.append(article)


# --- paths -----------------------------------------------------------------------------------


def _expand(given: str, batch: _Batch) -> Iterator[tuple[str, bool]]:
    """Yield (file path, named explicitly) for one given path; missing paths become problems."""
    try:
        is_dir = stat.S_ISDIR(os.stat(given).st_mode)  # a named link counts as what it points to
    except FileNotFoundError:
        batch.problem(given, None, _missing(given))
        return
    except OSError as error:
        batch.problem(given, None, f"cannot read it ({error.strerror or error}); skipped")
        return
    except ValueError:  # os.stat refuses a path holding a NUL character
        batch.problem(given, None, "not a valid path (it holds a NUL character); skipped")
        return
    if not is_dir:
        yield given, True  # _read_bytes refuses what is not a regular file, before opening it
        return
    found = False
    for path in _walk(given, batch):
        found = True
        yield path, False
    if not found:
        batch.problem(given, None, f"directory has no input files ({_SUFFIX_LIST}); nothing read")


def _missing(path: str) -> str:
    if os.path.islink(path):
        return f"a symbolic link to {os.readlink(path)!r}, which does not exist; skipped"
    return "no such file or directory; check the path"


def _is_readme(name: str) -> bool:
    return os.path.splitext(name)[0].lower() in ("readme", "license", "changelog", "contributing")


def _walk(root: str, batch: _Batch) -> list[str]:
    """Input files under `root`, recursively, hidden files and folders skipped, in sorted order.

    Symbolic links to folders are reported, not followed: a link cannot loop or lead the walk out
    of the tree. Links to files are read when they point to a regular file (_read_bytes checks).
    """
    found: list[tuple[tuple[str, ...], str]] = []

    def unlistable(error: OSError) -> None:
        batch.problem(error.filename or root, None, f"cannot list the directory ({error.strerror or error}); skipped")

    for folder, dirs, files in os.walk(root, onerror=unlistable):
        # hidden folders (.git, .venv, editor state) hold no articles and can be huge
        dirs[:] = [d for d in sorted(dirs) if not d.startswith(".") and _walk_into(os.path.join(folder, d), batch)]
        rel = Path(folder).relative_to(root).parts
        written_here = os.path.realpath(folder) in batch.outputs
        for name in files:
            # A folder's README documents the folder; it is not an article.
            if name.startswith(".") or not name.lower().endswith(SUFFIXES) or _is_readme(name):
                continue
            if written_here and name in OUTPUT_FILES:
                logger.info("skipped %s: this run writes it", os.path.join(folder, name))
                continue
            found.append(((*rel, name), os.path.join(folder, name)))
    # sort by path components so "a/b.txt" and "a-c.txt" order the same on every platform
    return [path for _, path in sorted(found)]


def _walk_into(folder: str, batch: _Batch) -> bool:
    """Whether a walk descends into a subfolder: not a link, not this run's output directory."""
    if os.path.islink(folder):
        batch.problem(folder, None, "a symbolic link to a directory; not followed (so links cannot loop or leave "
                                    "the tree): name it, or its target, on the command line to read it")
        return False
    if os.path.realpath(folder) in batch.outputs:
        logger.info("skipped %s: this run's output directory", folder)
        return False
    return True


def _read_file(path: str, explicit: bool, batch: _Batch) -> None:
    """Read one file into the batch, by suffix; whatever goes wrong in it is that file's problem."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        if explicit:
            batch.problem(path, None, f"unsupported file type {suffix or '(none)'!r}; use one of {_SUFFIX_LIST}")
        return

    content = _read_text(path, batch)
    if content is None:
        return
    if not content.strip():
        batch.problem(path, None, "empty file; nothing read")
        return
    heading = OWN_HEADINGS.get(os.path.basename(path))
    if not explicit and heading is not None and content.startswith(heading + "\n"):
        logger.info("skipped %s: a report this tool wrote", path)
        return

    try:
        if suffix == ".jsonl":
            _read_jsonl(path, content, batch)
        elif suffix == ".csv":
            _read_csv(path, content, batch)
        elif suffix in (".txt", ".md"):
            _read_text_file(path, content, batch)
        else:
            _read_html(path, content, batch)
    except NarrativesError:
        raise  # a missing dependency, not bad input
    except Exception as error:  # noqa: BLE001 - one file's bad content must not stop the batch
        logger.debug("reading %s failed", path, exc_info=True)
        batch.problem(path, None, f"cannot read this file ({_reason(error)}); the rest of it was skipped")


def _reason(error: BaseException) -> str:
    """What went wrong with one record, in the reader's words rather than the parser's."""
    if isinstance(error, RecursionError):
        return "nested too deeply to read"
    if isinstance(error, ValueError) and "integer string conversion" in str(error):
        return "a number over 4300 digits long"
    return f"{type(error).__name__}: {error}"


_NOT_REGULAR = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def _regular(info: os.stat_result, path: str, batch: _Batch) -> bool:
    """Whether a file may be read: regular and within the size limit; else a problem says why not."""
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _NOT_REGULAR if test(info.st_mode)), "not a regular file")
        link = " (through a symbolic link)" if os.path.islink(path) else ""
        batch.problem(path, None, f"{kind}{link}, not a regular file; skipped")
        return False
    if info.st_size > batch.max_file_bytes:
        batch.problem(path, None, f"file is {_megabytes(info.st_size)}, over the {_megabytes(batch.max_file_bytes)} "
                                  "limit (setting max_file_mb); skipped")
        return False
    return True


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.3g} MB" if size >= 1_000_000 else f"{size:,} bytes"


def _read_bytes(path: str, batch: _Batch) -> bytes | None:
    """The file's bytes, or None (and a problem) when it is not a regular file within the size limit.

    It is checked before opening (opening a device can block or act) and again on the open file
    (it may have been swapped since); O_NONBLOCK keeps even a FIFO swapped in from blocking the open.
    """
    try:
        if not _regular(os.stat(path), path, batch):
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                             | getattr(os, "O_BINARY", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not _regular(os.fstat(handle.fileno()), path, batch):
                return None
            raw = handle.read(batch.max_file_bytes + 1)  # a file growing while it is read stops at the limit
    except FileNotFoundError:
        batch.problem(path, None, _missing(path))
        return None
    except OSError as error:
        batch.problem(path, None, f"cannot read the file ({error.strerror or error})")
        return None
    if len(raw) > batch.max_file_bytes:
        batch.problem(path, None, f"file grew past the {_megabytes(batch.max_file_bytes)} limit while it was read "
                                  "(setting max_file_mb); skipped")
        return None
    return raw


def _read_text(path: str, batch: _Batch) -> str | None:
    """The file's text with newlines normalised to \\n, or None (and a problem) when unreadable."""
    raw = _read_bytes(path, batch)
    if raw is None:
        return None
    offset = 0
    if raw.startswith(_UTF8_BOM):  # utf-8-sig: editors on Windows write a BOM
        raw, offset = raw[len(_UTF8_BOM) :], len(_UTF8_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        batch.problem(path, None, f"not UTF-8 text (byte {error.start + offset}); save it as UTF-8 and run again")
        return None
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- formats ---------------------------------------------------------------------------------


def _read_jsonl(path: str, content: str, batch: _Batch) -> None:
    """One JSON object per line; blank lines are skipped silently, a bad line is that line's problem."""
    # split on \n only: str.splitlines would also split on U+2028, which JSON strings may hold raw
    for lineno, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            batch.problem(path, lineno, f"not valid JSON ({error.msg}, column {error.colno})")
            continue
        except (ValueError, RecursionError) as error:  # a 5,000-digit number; nesting deeper than the parser's stack
            batch.problem(path, lineno, f"cannot read this line ({_reason(error)}); skipped")
            continue
        if not isinstance(record, dict):
            batch.problem(path, lineno, f"expected a JSON object per line, got {type(record).__name__}")
            continue
        if _deeper_than(record, MAX_JSON_DEPTH):
            batch.problem(path, lineno, f"the object is nested more than {MAX_JSON_DEPTH} levels deep; skipped")
            continue
        _add_record(record, path, lineno, batch)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether JSON `value` nests containers more than `limit` deep (iterative: no recursion to exhaust)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                stack.append((child, depth + 1))
    return False


def _add_record(record: Mapping[str, Any], path: str, lineno: int, batch: _Batch) -> None:
    """One line's record into the batch; anything that goes wrong is that line's problem."""
    try:
        article = _article_from_record(record, path, lineno, batch, line_format=True)
    except Exception as error:  # noqa: BLE001 - one record must not stop the batch
        logger.debug("%s:%d: record failed", path, lineno, exc_info=True)
        batch.problem(path, lineno, f"cannot read this record ({_reason(error)}); skipped")
        return
    if article is not None:
        batch.add(article, lineno)


def _read_csv(path: str, content: str, batch: _Batch) -> None:
    """A header row naming the columns, then one article per record (quoted cells may span lines).

    Quoting is read strictly: a record whose quote is never closed, or closes mid-cell, would
    otherwise swallow the rows after it. Such a record is reported and skipped, and reading goes
    on from the line after the one it starts on, so the rows it swallowed come back.
    """
    # A cell is at most the whole file, which the size limit bounds; the csv module stops at
    # 128 KiB by default. The limit is process-wide, so it is only ever raised.
    csv.field_size_limit(max(csv.field_size_limit(), len(content) + 1))
    # split on \n only: the csv reader ends a record at the end of each piece it is given
    lines = [line + "\n" for line in content.split("\n")]
    if lines[-1] == "\n":
        lines.pop()
    records = _csv_records(lines)
    header = next(records, None)
    if header is None or isinstance(header[2], csv.Error):
        error = header[2] if header is not None else "no header row"
        batch.problem(path, 1, f"not valid CSV ({error}); nothing read")
        return
    columns = [name.strip() for name in header[2]]
    if "text" not in columns:
        shown = ", ".join(repr(c) for c in columns)
        batch.problem(path, 1, f"no 'text' column (columns: {shown}); the header needs at least text")
        return

    for first, last, row in records:
        # a record may span several physical lines; report the line it starts on
        if isinstance(row, csv.Error):
            where = "" if last == first else f" on line {last}"
            reason = ("a quote opened in it is never closed" if "unexpected end of data" in str(row)
                      else f"malformed quoting: {row}{where}")
            batch.problem(path, first, f"not valid CSV ({reason}); skipped this record and read on from line "
                                       f"{first + 1}")
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            batch.problem(
                path,
                first,
                f"row has {len(row)} cells but the header has {len(columns)}; "
                "kept the article, dropped the extra cells",
            )
        merged = _row_inside(lines, first, last, row, len(columns))
        if merged is not None:
            batch.problem(path, first, f"a quoted cell runs from here to line {last}, and line {merged} inside it "
                                       "reads as a row of its own: if a quote was left open, rows were merged; "
                                       "kept as one article")
        # short rows: the missing cells are absent fields, not empty strings; a blank header
        # name (a trailing comma) names no field
        record = {name: cell for name, cell in zip(columns, row) if name}
        _add_record(record, path, first, batch)


def _csv_records(lines: list[str]) -> Iterator[tuple[int, int, list[str] | csv.Error]]:
    """(first line, last line, cells or the error) per CSV record, lines counted from 1.

    After a malformed record, reading starts again on the line after the one it started on.
    """
    start = 0  # index of the line the current reader began with
    while start < len(lines):
        reader = csv.reader((lines[i] for i in range(start, len(lines))), strict=True)
        consumed = 0
        try:
            for row in reader:
                yield start + consumed + 1, start + reader.line_num, row
                consumed = reader.line_num
            return
        except csv.Error as error:
            yield start + consumed + 1, start + reader.line_num, error
            start += consumed + 1


_NUMBERS, _LETTERS = re.compile(r"\d+"), re.compile(r"[^\W\d_]+")


def _shape(cell: str) -> str:
    """A cell's outline: "c17" and "c2" are both "a9", "ua-1" is "a-9"; what ids in one file share."""
    return _LETTERS.sub("a", _NUMBERS.sub("9", cell.strip()))


def _row_inside(lines: list[str], first: int, last: int, row: list[str], width: int) -> int | None:
    """A line inside a multi-line record that reads as a row of its own, like the record's own row.

    An unclosed quote that a stray quote further down closes again merges the rows between into
    one valid record. Such a line has the header's number of cells and a first cell shaped like
    the record's own (an id like "c2" under "c1"); a paragraph of an article rarely has both.
    """
    if last == first or not row or not row[0].strip():
        return None
    for number in range(first + 1, last + 1):
        cells = next(csv.reader([lines[number - 1]]), [])
        if len(cells) == width and cells[0].strip() and _shape(cells[0]) == _shape(row[0]):
            return number
    return None


def _read_text_file(path: str, content: str, batch: _Batch) -> None:
    """Plain text or markdown: front matter between `---` lines, or the seed layout, or just a body."""
    lines = content.split("\n")
    record: dict[str, Any] = {}
    field_lines: dict[str, int] = {}
    body_start = 0  # index into lines

    closing = _front_matter_end(lines)
    if closing is not None:
        for index in range(1, closing):
            line = lines[index]
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = _FRONT_MATTER_LINE.match(line.strip())
            if match is None:
                batch.problem(path, index + 1, "front matter line is not 'key: value'; ignored")
                continue
            key, value = match.group(1), _unquote(match.group(2).strip())
            record[key] = value
            field_lines[key] = index + 1
        body_start = closing + 1
    else:
        if lines and _FRONT_MATTER_FENCE.match(lines[0]) and len(lines) > 1 and _FRONT_MATTER_LINE.match(lines[1]):
            batch.problem(path, 1, "front matter opened with '---' is never closed; read the whole file as text")
        seed = _seed_header(lines)
        if seed is not None:
            index, published, title = seed
            record["published"], record["title"] = published, title
            field_lines["published"] = index + 1
            body_start = index + 1

    body = _LEADING_BLANK_LINES.sub("", "\n".join(lines[body_start:]))
    if body.strip() or "text" not in record:
        record["text"] = body
    article = _article_from_record(record, path, None, batch, line_format=False, field_lines=field_lines)
    if article is not None:
        batch.add(article, None)


def _front_matter_end(lines: list[str]) -> int | None:
    """Index of the closing `---` when the file opens with front matter, else None."""
    if not lines or not _FRONT_MATTER_FENCE.match(lines[0]):
        return None
    for index in range(1, len(lines)):
        if _FRONT_MATTER_FENCE.match(lines[index]):
            return index
    return None


def _seed_header(lines: list[str]) -> tuple[int, str, str] | None:
    """(line index, date, title) when the first non-empty line is `date YYYY-MM-DD Title`."""
    for index, line in enumerate(lines):
        if line.strip():
            match = _SEED_HEADER.match(line)
            if match is None:
                return None
            return index, match.group(1), match.group(2) or ""
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _read_html(path: str, content: str, batch: _Batch) -> None:
    """Main text of a web page via trafilatura, with its title, date, site name and canonical url."""
    try:
        import trafilatura  # heavy import, only needed when a batch holds HTML
    except ImportError as error:
        raise InputError(f"{path}: reading HTML needs trafilatura; `pip install trafilatura`") from error

    # with_metadata=True here fills the metadata fields; extract(..., with_metadata=True) would
    # instead write a metadata header into the text, which must stay the page's own words
    document = trafilatura.bare_extraction(content, include_comments=False, with_metadata=True)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        batch.problem(path, None, "no article text found in the HTML; skipped")
        return
    record: dict[str, Any] = {"text": text}
    for key, attribute in (("title", "title"), ("published", "date"), ("outlet", "sitename"), ("url", "url")):
        value = getattr(document, attribute, None)
        if value:
            record[key] = value
    article = _article_from_record(record, path, None, batch, line_format=False)
    if article is not None:
        batch.add(article, None)


# --- records ---------------------------------------------------------------------------------


def _article_from_record(
    record: Mapping[str, Any],
    path: str,
    line: int | None,
    batch: _Batch,
    *,
    line_format: bool,
    field_lines: Mapping[str, int] | None = None,
) -> Article | None:
    """Build an Article from input fields, or report why not; unknown fields go to `extra`."""
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        batch.problem(path, line, f"field 'text' must be a string, got {type(text).__name__}; skipped")
        return None
    text = _normalise_newlines(text or "").rstrip()
    if not text.strip():
        if line_format:
            batch.problem(
                path,
                line,
                "field 'text' is missing or empty; each line needs at least text (and ideally id, outlet, published)",
            )
        else:
            batch.problem(path, line, "no article text; the file has nothing after its header")
        return None

    given_id = _field(record, "id")
    published_line = (field_lines or {}).get("published", line)
    return Article(
        id=given_id or content_id(text),
        text=text,
        outlet=_field(record, "outlet") or batch.default_outlet,
        title=_field(record, "title"),
        published=_published(record.get("published"), path, published_line, batch),
        url=_field(record, "url"),
        source_file=path,
        extra={key: value for key, value in record.items() if key not in KNOWN_FIELDS},
    )


def _field(record: Mapping[str, Any], key: str) -> str:
    """A metadata field as a stripped string; absent, null and blank all mean ''."""
    value = record.get(key)
    if value is None:
        return ""
    return str(value).strip()


def _published(value: Any, path: str, line: int | None, batch: _Batch) -> str | None:
    """`YYYY-MM-DD` from an ISO date or datetime; anything else is a warning and None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        stamp = value.strip()
        if stamp[-1:] in ("Z", "z"):  # fromisoformat reads "Z" only from Python 3.11 on
            stamp = stamp[:-1] + "+00:00"
        try:
            # the date as the outlet wrote it: a timezone-aware datetime is not shifted to UTC
            return datetime.fromisoformat(stamp).date().isoformat()
        except ValueError:
            pass
    batch.problem(path, line, f"published {value!r} is not an ISO date; kept the article without a date")
    return None
