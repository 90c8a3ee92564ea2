"""escape: each output kind's function, checked by how its reader reads the result.

Markdown is parsed with markdown-it-py (CommonMark plus GFM tables); terminal lines and GitHub
workflow commands are read by `runner_command`, a port of the GitHub Actions runner's parser.
"""

from __future__ import annotations

import pytest

from narratives.escape import gh_data, gh_property, md_code, md_text, one_line, terminal, terminal_line
from tests.output_helpers import MARKDOWN, controls, runner_command

CONTROLS = "\x00\x07\x08\x1b\x7f\x85\x9b\u202e\u2066"  # NUL, BEL, BS, ESC, DEL, NEL, CSI, RLO, LRI
BREAKS = "\n\r\t\v\f\x1c\u2028\u2029"


@pytest.mark.parametrize("escape", [md_text, md_code, terminal, one_line, gh_data, gh_property])
def test_no_control_character_or_line_break_passes(escape) -> None:
    value = f"a{CONTROLS}b{BREAKS}c"
    escaped = escape(value)
    assert controls(escaped) == [] and "\n" not in escaped
    assert "\\x1b" in one_line(value) and "\\u202e" in one_line(value)  # shown, not dropped: a reviewer sees them


def test_one_line_folds_white_space_and_keeps_plain_text_as_it_is() -> None:
    assert one_line("  Peskov said\n\n  that\t it was   false  ") == "Peskov said that it was false"
    assert one_line("Київ — “so”") == "Київ — “so”"


@pytest.mark.parametrize("text", ["id`with`ticks", "``double``", "`", "a | b", "a \\| b", "<b>x</b>", "[x](y)", "",
                                  "ends with `", "x\n# heading\n<script>"])
@pytest.mark.parametrize("cell", [False, True])
def test_a_code_span_shows_any_text_verbatim_in_a_table_cell_and_outside(text: str, cell: bool) -> None:
    code = md_code(text, cell=cell)
    source = f"| h | i |\n|---|---|\n| {code} | z |\n" if cell else f"- {code}\n"
    tokens = MARKDOWN.parse(source)
    inline = [t for t in tokens if t.type == "inline"][2 if cell else 0]
    assert [c.type for c in inline.children] == ["code_inline"]
    assert inline.children[0].content == (one_line(text) or "  ")
    if cell:
        assert sum(t.type == "td_open" for t in tokens) == 2


@pytest.mark.parametrize("line, expected", [
    ("::error::x", ": :error::x"),
    ("   ::warning file=a::x", "   : :warning file=a::x"),
    ("a ##[error]x", "a # #[error]x"),
    ("###[error]x", "## #[error]x"),
    ("ok: no command :: here", "ok: no command :: here"),
])
def test_terminal_line_starts_no_workflow_command(line: str, expected: str) -> None:
    assert terminal_line(line) == expected
    assert runner_command(terminal_line(line)) is None


def test_a_field_that_ends_in_a_colon_cannot_make_the_line_start_with_two() -> None:
    path = ":"  # a file named ":" then the line's own ":1:" would give "::1: …"
    line = terminal_line(f"{terminal(path)}:1: new contradiction ::warning::x")
    assert not line.startswith("::") and runner_command(line) is None


def test_terminal_keeps_a_field_on_its_line() -> None:
    outlet = "Peskov\n::error file=x::owned\r\n##[warning]y"
    line = terminal_line(f"wire.jsonl:1: {terminal(outlet)}")
    assert "\n" not in line and runner_command(line) is None


@pytest.mark.parametrize("value", ["plain", "a:b,c=d", "100%", "x\n::error::y", "%0A%25", "##[error]z"])
def test_workflow_command_properties_and_data_read_back_as_one_line(value: str) -> None:
    line = f"::warning file={gh_property(value)},title=narratives::{gh_data(value)}"
    command, properties, data = runner_command(line)
    assert command == "warning"
    assert properties == {"file": terminal(value), "title": "narratives"}
    assert data == terminal(value) and controls(data) == []
