"""One escaping function per kind of output, for every string that comes from input.

Article ids, file names, outlets, titles, speakers, reasons and baseline entries are written by
whoever wrote the input, and they reach four kinds of output:

    md_text(value)                markdown inline text; also safe inside a table cell
    md_code(value, cell=False)    a markdown code span (an id, a file:line problem); cell=True in a table
    terminal(value)               a field of one line on stdout/stderr; terminal_line(line) for the whole line
    gh_data(value), gh_property(value)   the message and the properties of a GitHub workflow command

All of them first make the value one line without control characters (`one_line`): runs of white
space, line breaks included, become one space, and any other control character (NUL, ESC, DEL, the
C1 range, bidirectional overrides) is shown as its `\\xNN`/`\\uNNNN` escape, so it is visible and
can do nothing. A line break is what lets a value start a markdown block or a line of its own, and
a GitHub Actions runner reads any stdout/stderr line that starts with `::` (after leading spaces),
or that contains `##[` anywhere, as a workflow command.

    >>> md_text("x\\n<script>")
    'x \\\\<script\\\\>'
    >>> terminal_line("::error::" + terminal("a\\nb"))
    ': :error::a b'
"""

from __future__ import annotations

import re
import unicodedata

# Bidirectional embeddings, overrides and isolates: they reorder what a terminal or a viewer
# shows ("Trojan Source"), so a line could read differently from what it is.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_BACKTICKS = re.compile(r"`+")


def _visible(char: str) -> str:
    if unicodedata.category(char) == "Cc" or char in _BIDI:
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def one_line(value: object) -> str:
    """`str(value)` as one line: white space runs folded to one space, other control characters made visible."""
    folded = " ".join(str(value).split())  # str.split breaks on \n, \r, \t, \v, \f, \x1c-\x1f, \x85, \u2028, …
    return "".join(_visible(c) for c in folded) if not folded.isprintable() else folded


# --- markdown ----------------------------------------------------------------------------------


def md_text(value: object) -> str:
    """Markdown-safe inline text: special characters escaped, one line, HTML and links neutralised.

    Every `|` is escaped, so the same text is safe in a table cell and outside one.
    """
    text = _MD_SPECIAL.sub(r"\\\1", one_line(value))
    text = text.replace("&", "&amp;")  # no entity (&lt;, &#60;) can spell a character the escapes removed
    text = re.sub(r"^(\d+)\.(?=\s|$)", r"\1\\.", text)  # "1." would start a list; "1\." is the escape CommonMark reads
    return re.sub(r"^([-=]{3,}|-\s)", r"\\\1", text)  # a rule, a setext underline, a list item


def md_code(value: object, *, cell: bool = False) -> str:
    """A code span showing `value` verbatim on one line; `cell=True` inside a table row.

    A code span shows backslashes literally, so it cannot be escaped like text: the fence is one
    backtick longer than the longest run inside. In a table, GitHub and markdown-it split the row
    on every `|` not preceded by a backslash, even inside code, and drop that backslash again.
    """
    text = one_line(value)
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(text)), default=0))
    if not text or text.startswith("`") or text.endswith("`"):
        text = f" {text} "  # one space each side is stripped again, and keeps a backtick off the fence
    if cell:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


# --- terminal and CI -----------------------------------------------------------------------------


def terminal(value: object) -> str:
    """A field of a line printed to stdout or stderr: one line, nothing a CI runner reads as a command."""
    return _no_legacy_command(one_line(value))


def terminal_line(line: str) -> str:
    """A whole line for stdout or stderr: it cannot start a workflow command, whatever its fields hold.

    Its fields went through `terminal` first; this breaks a `::` that a field put at the start
    (a file name `::error::x.jsonl`, or `:` before the line's own `:1:`). The line's own spacing stays.
    """
    line = _no_legacy_command("".join(_visible(c) for c in line))
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + ": :" + stripped[2:]
    return line


def _no_legacy_command(text: str) -> str:
    while "##[" in text:  # the runner's older syntax, `##[error]…`, is found anywhere in a line
        text = text.replace("##[", "# #[")
    return text


def gh_data(value: object) -> str:
    """The message of a GitHub workflow command (after the second `::`)."""
    return terminal(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(value: object) -> str:
    """A property value of a GitHub workflow command (`file=…`, `title=…`)."""
    return gh_data(value).replace(":", "%3A").replace(",", "%2C")
