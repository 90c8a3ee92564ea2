"""The tool's own files (settings, the baseline, gold files, report.json): read as UTF-8, with errors that name them.

    >>> data = read_json(Path("narratives-baseline.json"), what="baseline")
    >>> report = read_report(Path("reports/seeds/report.json"))
"""

from __future__ import annotations

import json
from pathlib import Path

from narratives.errors import InputError, NarrativesError


def read_text(path: Path, *, what: str = "", error: type[NarrativesError] = InputError) -> str:
    """The file's text; FileNotFoundError is left to the caller, which knows whether a missing file is fine."""
    where = f"{what} {path}".strip()
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise error(f"{where}: cannot read it ({exc.strerror})") from None


def read_json(path: Path, *, what: str = "", error: type[NarrativesError] = InputError) -> object:
    """The file's JSON value; not JSON, or nested too deeply for Python, is `error` naming the file and line."""
    where = f"{what} {path}".strip()
    try:
        return json.loads(read_text(path, what=what, error=error))
    except json.JSONDecodeError as exc:
        raise error(f"{where}:{exc.lineno}: not valid JSON ({exc.msg})") from exc
    except RecursionError:
        raise error(f"{where}: nested too deeply to be read") from None


# What every report.json has, and what the readers of one (frames.py, html_report.py) rely on.
REPORT_LISTS = ("articles", "events", "claims", "contradictions", "agreements", "narratives")


def read_report(path: Path) -> dict:
    """A report.json written by `run` or `check`; missing, not JSON or not a report is an InputError naming it."""
    path = Path(path)
    try:
        report = json.loads(read_text(path))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{path}: not a narratives report.json ({exc})") from exc
    missing = [key for key in REPORT_LISTS if not isinstance(report, dict) or not isinstance(report.get(key), list)]
    if missing:
        raise InputError(f"{path}: not a narratives report.json (no list {', '.join(missing)})")
    return report
