"""One base error; each subclass says what went wrong and how to fix it.

The CLI turns any NarrativesError into a one-line message and exit code 2; any other exception
becomes an UnexpectedError first, so every failure has a code.
"""

from __future__ import annotations


class NarrativesError(Exception):
    """Base of every error the tool raises on purpose."""

    code = "N000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class InputError(NarrativesError):
    """Input that cannot be read at all (a whole file, or the command line's paths)."""

    code = "N100"


class ModelError(NarrativesError):
    """A model that cannot be loaded or does not fit (no contradiction label, unsafe weights)."""

    code = "N200"


class ConfigError(NarrativesError):
    """A setting with a value the tool cannot use."""

    code = "N300"


class OutputError(NarrativesError):
    """A report that cannot be written (missing permissions, a file where a folder should be)."""

    code = "N500"


class StoreError(NarrativesError):
    """The persistent store is locked, corrupt, or from a newer version."""

    code = "N400"


class Interrupted(NarrativesError):
    """Stopped by Ctrl-C or a signal before the command finished."""

    code = "N800"


class UnexpectedError(NarrativesError):
    """An exception the tool did not expect: a bug, reported by the exception's type and message."""

    code = "N900"
