"""Fuzzing the readers: whatever bytes a JSONL, CSV, TXT/MD or HTML file holds, reading it gives
articles or problems, never an exception, and every problem names the file and a line in it."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from narratives.ingest import KNOWN_FIELDS, read_inputs
from narratives.types import Article, InputProblem

FUZZ = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to the parsers: quotes, separators, line ends of every kind, a BOM, NUL.
SPECIAL = ',"\'\n\r\t;:-#<>/\\{}[]\u2028\u0085\ufeff\x00 '
text = st.text(alphabet=st.one_of(st.sampled_from(SPECIAL), st.characters()), max_size=200)
words = st.text(alphabet=st.sampled_from(string.ascii_letters + " .,\"'\n"), max_size=300)
field_names = st.one_of(st.sampled_from(KNOWN_FIELDS), text)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | text | words,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(field_names, inner, max_size=4),
    max_leaves=12,
)


def _encodings(strings):
    """Text as UTF-8 (most often), UTF-8 with a BOM, or Latin-1 where it can be."""
    def encode(value: str, how: int) -> bytes:
        if how == 1:
            return b"\xef\xbb\xbf" + value.encode("utf-8", "surrogatepass")
        if how == 2:
            return value.encode("latin-1", "replace")
        return value.encode("utf-8", "surrogatepass")
    return st.builds(encode, strings, st.sampled_from([0, 0, 0, 1, 2]))


# Values the JSON parser itself fails on: nesting past its recursion limit, integers past 4300 digits.
json_bombs = st.one_of(
    st.integers(1, 3000).map(lambda depth: '{"text": "x", "a": ' + "[" * depth + "]" * depth + "}"),
    st.integers(4000, 6000).map(lambda digits: '{"text": "x", "n": ' + "9" * digits + "}"),
)
jsonl = st.lists(
    st.one_of(st.builds(json.dumps, st.dictionaries(field_names, json_values, max_size=6)),
              st.builds(json.dumps, json_values), text, json_bombs),
    max_size=8,
).map("\n".join)
csv_cells = st.lists(st.one_of(words, text, st.builds(lambda w: f'"{w}"', words), st.just('"')), max_size=6)
csv_files = st.builds(
    lambda header, rows, sep: sep.join([",".join(header), *(",".join(row) for row in rows)]),
    st.lists(st.one_of(st.sampled_from(KNOWN_FIELDS), words), min_size=1, max_size=6),
    st.lists(csv_cells, max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
front_matter = st.builds(
    lambda pairs, body, closed: "---\n" + "".join(f"{k}: {v}\n" for k, v in pairs) + ("---\n" if closed else "") + body,
    st.lists(st.tuples(field_names, words), max_size=5), words, st.booleans(),
)
seed_layout = st.builds(lambda date, title, body: f"date {date} {title}\n\n{body}",
                        st.one_of(st.dates().map(str), text), words, words)
html = st.builds(
    lambda title, paragraphs, junk: f"<html><head><title>{title}</title></head><body><article>"
                                    + "".join(f"<p>{p}</p>" for p in paragraphs) + f"</article>{junk}</body></html>",
    words, st.lists(words, max_size=5), text,
)

FILES = st.one_of(
    st.tuples(st.just(".jsonl"), _encodings(jsonl)),
    st.tuples(st.just(".csv"), _encodings(csv_files)),
    st.tuples(st.sampled_from([".txt", ".md"]), _encodings(st.one_of(front_matter, seed_layout, words, text))),
    st.tuples(st.sampled_from([".html", ".htm"]), _encodings(st.one_of(html, text))),
    st.tuples(st.sampled_from([".jsonl", ".csv", ".txt", ".md", ".html"]), st.binary(max_size=600)),
)


@FUZZ
@given(FILES)
def test_any_file_gives_articles_or_problems_that_name_it(file: tuple[str, bytes]) -> None:
    suffix, content = file
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(content)
        articles, problems = read_inputs([path])
    lines = max(1, content.count(b"\n") + content.count(b"\r") + 1)
    for article in articles:
        assert isinstance(article, Article) and article.text.strip() and article.source_file == str(path)
        assert article.id and article.outlet
    for problem in problems:
        assert isinstance(problem, InputProblem) and problem.path == str(path) and problem.message
        assert problem.line is None or 1 <= problem.line <= lines
