"""What every command shares: one-line output, one-line errors with exit code 2, logging, --quiet.

cli.py (run, eval) and cli_store.py (check, baseline) both build on it; neither imports the other's
internals.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import wraps
from typing import Annotated

import click
import typer

from narratives.errors import Interrupted, NarrativesError, UnexpectedError
from narratives.escape import terminal, terminal_line

def echo(line: str, *, err: bool = False) -> None:
    """Print a line of tool text and `terminal(…)` fields; whatever the fields hold, it starts no CI command."""
    typer.echo(terminal_line(line), err=err)


def fail_cleanly(command: Callable, interrupted: str = "interrupted") -> Callable:
    """Every failure becomes one line `error: [Nxxx] …` on stderr and exit code 2: never a traceback, never 1.

    `check` gives exit code 1 the meaning "new findings", so not even a bug or Ctrl-C may end in it;
    `interrupted` is the message for Ctrl-C.
    """
    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.ClickException, click.Abort):
            raise  # exit codes and usage errors, already decided
        except NarrativesError as exc:
            error = exc
        except KeyboardInterrupt:
            error = Interrupted(interrupted)
        except Exception as exc:  # a bug, not a finding
            error = UnexpectedError(f"unexpected {type(exc).__name__}: {exc}")
        echo(f"error: {terminal(error)}", err=True)  # one line, whatever the message holds
        raise typer.Exit(2)
    return wrapper


class OneLineFormatter(logging.Formatter):
    """Log records on stderr as one line each: messages quote input (problems name files), tracebacks stay."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return terminal_line(terminal(super().formatMessage(record)))


def setup_logging(quiet: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, handlers=[handler])


Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries (for CI).")]
