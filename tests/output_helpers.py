"""Shared by test_escape.py and test_output_escaping.py: how markdown and CI runners read what the tool writes."""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt

MARKDOWN = MarkdownIt("commonmark").enable("table")  # CommonMark with GFM tables, as GitHub renders report.md


def runner_command(line: str) -> tuple[str, dict[str, str], str] | None:
    """(command, properties, data) where the GitHub Actions runner reads `line` as a workflow command, else None.

    Ported from actions/runner ActionCommand.TryParseV2 and TryParse, taking any name as registered:
    `::name k=v,…::data` after leading white space, or the older `##[name k=v;…]data` anywhere in the line.
    """
    def unescape(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
        for escaped, char in pairs:
            text = text.replace(escaped, char)
        return text

    data_pairs = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
    stripped = line.lstrip()
    if stripped.startswith("::") and (end := stripped.find("::", 2)) >= 0:
        name, _, props = stripped[2:end].partition(" ")
        properties = {}
        for prop in filter(None, props.strip().split(",")):
            key, eq, value = prop.partition("=")
            if eq and key and value:
                properties[key] = unescape(value, (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","),
                                                   ("%25", "%")))
        return name, properties, unescape(stripped[end + 2:], data_pairs)
    if (start := line.find("##[")) >= 0 and (close := line.find("]", start)) >= 0:
        name = line[start + 3:close].partition(" ")[0]
        return name, {}, unescape(line[close + 1:], data_pairs)
    return None


def controls(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) == "Cc" or c in "\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
            "\u2066\u2067\u2068\u2069"]
