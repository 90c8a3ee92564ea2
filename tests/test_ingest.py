"""ingest.read_inputs on small real inputs: every format, the seed layout, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from narratives.errors import InputError
from narratives.ingest import read_inputs
from narratives.types import Article, InputProblem, content_id

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "articles" / "000_06c27f291b6d8def.txt"

BAKHMUT_UA = (
    "Ukraine's deputy defence minister Hanna Maliar said on Monday that Ukrainian forces still held "
    "a small part of the south-western district of Bakhmut."
)
BAKHMUT_RU = (
    "Russia's defence ministry said on Saturday that Wagner fighters, backed by regular troops, "
    "had completed the capture of Bakhmut after months of fighting."
)
BELGOROD = (
    "The governor of Russia's Belgorod region, Vyacheslav Gladkov, said a Ukrainian sabotage group "
    "had entered the Graivoron district and was being repelled by local forces."
)


def write_jsonl(path: Path, *records: object) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def messages(problems: list[InputProblem]) -> list[str]:
    return [str(p) for p in problems]


# --- formats ---------------------------------------------------------------------------------


def test_jsonl_fields_defaults_and_extra(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        {
            "id": 17,
            "outlet": "Kyiv Independent",
            "title": "Ukraine says it still holds part of Bakhmut",
            "published": "2023-05-22T10:00:00Z",
            "url": "https://example.com/bakhmut",
            "text": BAKHMUT_UA,
            "author": "Olena Goncharova",
            "tags": ["war", "Bakhmut"],
        },
        {"text": BAKHMUT_RU},
    )
    articles, problems = read_inputs([str(path)])

    assert problems == []
    first, second = articles
    assert first == Article(
        id="17",
        text=BAKHMUT_UA,
        outlet="Kyiv Independent",
        title="Ukraine says it still holds part of Bakhmut",
        published="2023-05-22",
        url="https://example.com/bakhmut",
        source_file=str(path),
        extra={"author": "Olena Goncharova", "tags": ["war", "Bakhmut"]},
    )
    assert second.id == content_id(BAKHMUT_RU)
    assert (second.outlet, second.title, second.published, second.url, second.extra) == (
        "unknown outlet",
        "",
        None,
        "",
        {},
    )


def test_default_outlet_and_path_objects(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "wire.jsonl", {"text": BELGOROD})
    articles, _ = read_inputs([path], default_outlet="Reuters")
    assert articles[0].outlet == "Reuters"
    assert articles[0].source_file == str(path)


def test_published_forms(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "dates.jsonl",
        {"id": "a", "text": BAKHMUT_UA, "published": "2023-05-22"},
        {"id": "b", "text": BAKHMUT_UA, "published": "2023-05-22T23:30:00+03:00"},
        {"id": "c", "text": BAKHMUT_UA, "published": "2023-05-22 08:15:00"},
        {"id": "d", "text": BAKHMUT_UA, "published": None},
    )
    articles, problems = read_inputs([path])
    assert problems == []
    # the date as the outlet wrote it, not shifted to UTC
    assert [a.published for a in articles] == ["2023-05-22", "2023-05-22", "2023-05-22", None]


def test_text_newlines_normalised_and_paragraphs_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.jsonl"
    body = f"{BAKHMUT_UA}\r\n\r\n{BAKHMUT_RU}\r\n  \n"
    path.write_text(json.dumps({"text": body}) + "\r\n", encoding="utf-8")
    articles, problems = read_inputs([path])
    assert problems == []
    assert articles[0].text == f"{BAKHMUT_UA}\n\n{BAKHMUT_RU}"


def test_csv_with_quoted_multiline_cell(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,outlet,title,published,url,text,section\n"
        f'ua-1,Kyiv Independent,Bakhmut holds,2023-05-22,https://example.com/ua,"{BAKHMUT_UA}\n\n'
        'Fighting continued on the flanks.",war\n'
        f'ru-1,TASS,Bakhmut captured,2023-05-20T18:00:00Z,,"{BAKHMUT_RU}",war\n',
        encoding="utf-8",
    )
    articles, problems = read_inputs([path])
    assert problems == []
    assert [a.id for a in articles] == ["ua-1", "ru-1"]
    assert articles[0].text == f"{BAKHMUT_UA}\n\nFighting continued on the flanks."
    assert articles[0].extra == {"section": "war"}
    assert (articles[1].outlet, articles[1].published, articles[1].url) == ("TASS", "2023-05-20", "")


def test_txt_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "guardian.md"
    path.write_text(
        "---\n"
        "id: guardian-belgorod\n"
        "outlet: The Guardian\n"
        'title: "Russia says it repelled incursion in Belgorod"\n'
        "published: 2023-05-23\n"
        "desk: world\n"
        "---\n"
        "\n"
        f"{BELGOROD}\n"
        "\n"
        f"{BAKHMUT_RU}\n\n\n",
        encoding="utf-8",
    )
    articles, problems = read_inputs([path])
    assert problems == []
    (article,) = articles
    assert article.id == "guardian-belgorod"
    assert article.outlet == "The Guardian"
    assert article.title == "Russia says it repelled incursion in Belgorod"
    assert article.published == "2023-05-23"
    assert article.text == f"{BELGOROD}\n\n{BAKHMUT_RU}"
    assert article.extra == {"desk": "world"}


def test_plain_txt_without_header(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(f"{BAKHMUT_UA}\n\n{BAKHMUT_RU}\n", encoding="utf-8")
    (article,), problems = read_inputs([path])
    assert problems == []
    assert article.id == content_id(article.text)
    assert (article.title, article.published) == ("", None)
    assert article.text == f"{BAKHMUT_UA}\n\n{BAKHMUT_RU}"


def test_seed_layout() -> None:
    articles, problems = read_inputs([str(SEED)])
    assert problems == []
    (article,) = articles
    assert article.published == "2023-05-23"
    assert article.title.startswith("The Liberty of Russia Legion")
    assert article.text.startswith("Russian forces are battling a cross-border incursion")
    assert "date 2023-05-23" not in article.text
    assert "\n\n" in article.text  # paragraphs kept
    assert article.source_file == str(SEED)


def test_seed_layout_with_leading_space_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(f"\n date 2023-05-22 Bakhmut: both sides claim control\n\n{BAKHMUT_UA}\n", encoding="utf-8")
    (article,), problems = read_inputs([path])
    assert problems == []
    assert (article.published, article.title, article.text) == (
        "2023-05-22",
        "Bakhmut: both sides claim control",
        BAKHMUT_UA,
    )


HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Ukraine says it still holds part of Bakhmut | Example News</title>
  <meta property="og:site_name" content="Example News">
  <meta property="og:title" content="Ukraine says it still holds part of Bakhmut">
  <meta property="article:published_time" content="2023-05-22T10:00:00Z">
  <link rel="canonical" href="https://news.example.com/world/bakhmut">
</head>
<body>
  <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
  <li><a href="/subscribe">Subscribe to our morning briefing</a></li></ul></nav>
  <main>
    <article>
      <h1>Ukraine says it still holds part of Bakhmut</h1>
      <p>{BAKHMUT_UA}</p>
      <p>{BAKHMUT_RU}</p>
      <p>Independent verification of either claim was not possible, and both sides have
      repeatedly made claims about the battlefield that could not be confirmed.</p>
    </article>
  </main>
  <footer><p>Copyright 2023 Example News Ltd. All rights reserved. Cookie settings.</p></footer>
</body>
</html>
"""


def test_html_extraction(tmp_path: Path) -> None:
    path = tmp_path / "bakhmut.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    (article,), problems = read_inputs([path])
    assert problems == []
    assert BAKHMUT_UA in article.text
    assert BAKHMUT_RU in article.text
    assert "Subscribe to our morning briefing" not in article.text
    assert "All rights reserved" not in article.text
    assert "title:" not in article.text  # no metadata header written into the text
    assert article.title == "Ukraine says it still holds part of Bakhmut"
    assert article.published == "2023-05-22"
    assert article.outlet == "Example News"
    assert article.url == "https://news.example.com/world/bakhmut"


def test_html_without_article_text(tmp_path: Path) -> None:
    empty = tmp_path / "empty.htm"
    empty.write_text("<html><head><title>x</title></head><body><nav></nav></body></html>", encoding="utf-8")
    good = write_jsonl(tmp_path / "good.jsonl", {"text": BELGOROD})
    articles, problems = read_inputs([empty, good])
    assert messages(problems) == [f"{empty}: no article text found in the HTML; skipped"]
    assert [a.text for a in articles] == [BELGOROD]


def test_directory_walk(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    (root / "b").mkdir(parents=True)
    (root / ".cache").mkdir()
    (root / "a.txt").write_text(BAKHMUT_UA, encoding="utf-8")
    write_jsonl(root / "b" / "c.jsonl", {"id": "c1", "text": BAKHMUT_RU}, {"id": "c2", "text": BELGOROD})
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    (root / "b-side.md").write_text(BELGOROD, encoding="utf-8")
    (root / ".hidden.txt").write_text("draft that must not be read", encoding="utf-8")
    (root / ".cache" / "x.jsonl").write_text('{"text": "cached copy"}\n', encoding="utf-8")
    # a folder's README documents the folder and is not read as an article
    (root / "README.md").write_text("Wire copy collected for the Bakhmut review.", encoding="utf-8")

    articles, problems = read_inputs([str(root)])
    assert problems == []
    assert [Path(a.source_file).relative_to(root).as_posix() for a in articles] == [
        "a.txt",
        "b/c.jsonl",
        "b/c.jsonl",
        "b-side.md",
    ]
    assert all(a.source_file.startswith(str(root)) for a in articles)


def test_empty_directory_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    articles, problems = read_inputs([tmp_path / "empty"])
    assert articles == []
    assert len(problems) == 1 and problems[0].path == str(tmp_path / "empty")


def test_unsupported_file_named_explicitly(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    articles, problems = read_inputs([path])
    assert articles == []
    assert "unsupported file type '.pdf'" in str(problems[0])


# --- ids -------------------------------------------------------------------------------------


def test_duplicate_id_keeps_first(tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", {"id": "x1", "outlet": "TASS", "text": BAKHMUT_RU})
    second = write_jsonl(
        tmp_path / "b.jsonl",
        {"id": "y1", "text": BELGOROD},
        {"id": "x1", "outlet": "RIA", "text": BAKHMUT_UA},
    )
    articles, problems = read_inputs([first, second])
    assert [(a.id, a.outlet) for a in articles] == [("x1", "TASS"), ("y1", "unknown outlet")]
    assert messages(problems) == [f"{second}:2: duplicate id 'x1' (first seen at {first}:1); kept the first"]


def test_same_text_under_different_ids_is_kept(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "wire.jsonl",
        {"id": "ap-1", "outlet": "AP", "text": BELGOROD},
        {"id": "abc-1", "outlet": "ABC News", "text": BELGOROD},
    )
    articles, problems = read_inputs([path])
    assert problems == []
    assert [a.outlet for a in articles] == ["AP", "ABC News"]


def test_same_text_without_ids_is_a_duplicate(tmp_path: Path) -> None:
    # without ids the content hash is the id, so identical copies collapse to the first
    path = write_jsonl(tmp_path / "wire.jsonl", {"outlet": "AP", "text": BELGOROD}, {"outlet": "ABC", "text": BELGOROD})
    articles, problems = read_inputs([path])
    assert [a.outlet for a in articles] == ["AP"]
    assert problems[0].line == 2 and "duplicate id" in problems[0].message


# --- bad input -------------------------------------------------------------------------------


def test_bad_jsonl_lines_are_reported_and_skipped(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        {"id": "ok-1", "text": BAKHMUT_UA},
        '{"id": "broken", "text": "Russia said',
        "",
        '["not", "an", "object"]',
        {"id": "no-text", "outlet": "TASS"},
        {"id": "blank-text", "text": "   "},
        {"id": "ok-2", "text": BAKHMUT_RU},
    )
    articles, problems = read_inputs([str(path)])

    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert [(p.path, p.line) for p in problems] == [(str(path), 2), (str(path), 4), (str(path), 5), (str(path), 6)]
    assert str(problems[0]).startswith(f"{path}:2: not valid JSON (")
    assert str(problems[1]) == f"{path}:4: expected a JSON object per line, got list"
    missing = (
        "field 'text' is missing or empty; each line needs at least text (and ideally id, outlet, published)"
    )
    assert str(problems[2]) == f"{path}:5: {missing}"
    assert str(problems[3]) == f"{path}:6: {missing}"


def test_blank_jsonl_lines_are_silent(tmp_path: Path) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_text(f"\n{json.dumps({'text': BAKHMUT_UA})}\n   \n\n{json.dumps({'text': BAKHMUT_RU})}\n\n")
    articles, problems = read_inputs([path])
    assert problems == []
    assert len(articles) == 2


def test_unparseable_date_keeps_article_with_warning(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "dates.jsonl",
        {"id": "ok", "text": BAKHMUT_RU, "published": "2023-05-20"},
        {"id": "vague", "text": BAKHMUT_UA, "published": "yesterday"},
    )
    articles, problems = read_inputs([path])
    assert [(a.id, a.published) for a in articles] == [("ok", "2023-05-20"), ("vague", None)]
    assert messages(problems) == [
        f"{path}:2: published 'yesterday' is not an ISO date; kept the article without a date"
    ]


def test_unparseable_date_in_front_matter_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"---\noutlet: RIA Novosti\npublished: last Sunday\n---\n{BAKHMUT_RU}\n", encoding="utf-8")
    (article,), problems = read_inputs([path])
    assert article.published is None and article.outlet == "RIA Novosti"
    assert [(p.path, p.line) for p in problems] == [(str(path), 3)]
    assert "published 'last Sunday' is not an ISO date" in problems[0].message


def test_non_utf8_file_is_skipped(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Le ministère russe de la Défense a déclaré".encode("latin-1"))
    good = write_jsonl(tmp_path / "good.jsonl", {"text": BELGOROD})
    articles, problems = read_inputs([bad, good])
    assert [a.text for a in articles] == [BELGOROD]
    (problem,) = problems
    assert (problem.path, problem.line) == (str(bad), None)
    assert str(problem).startswith(f"{bad}: not UTF-8 text (byte 9)")  # the "è" of "ministère"


def test_non_utf8_byte_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom-latin1.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"text": "Défense"}\n'.encode("latin-1"))
    articles, problems = read_inputs([path])
    assert articles == []
    assert str(problems[0]).startswith(f"{path}: not UTF-8 text (byte 14)")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + f'id,text\nbom-1,"{BELGOROD}"\n'.encode("utf-8"))
    articles, problems = read_inputs([path])
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("bom-1", BELGOROD)]


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    missing = tmp_path / "nope.jsonl"
    good = write_jsonl(tmp_path / "good.jsonl", {"text": BAKHMUT_UA})
    articles, problems = read_inputs([empty, str(missing), good])
    assert [a.text for a in articles] == [BAKHMUT_UA]
    assert messages(problems) == [
        f"{empty}: empty file; nothing read",
        f"{missing}: no such file or directory; check the path",
    ]


def test_a_path_holding_a_nul_character_is_a_problem(tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", {"text": BAKHMUT_UA})
    articles, problems = read_inputs([f"{tmp_path}/bad\x00.jsonl", good])
    assert [a.text for a in articles] == [BAKHMUT_UA]
    assert [p.message for p in problems] == ["not a valid path (it holds a NUL character); skipped"]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "headlines.csv"
    path.write_text("id,outlet,title\n1,TASS,Bakhmut captured\n2,Kyiv Independent,Bakhmut holds\n", encoding="utf-8")
    good = write_jsonl(tmp_path / "good.jsonl", {"text": BAKHMUT_UA})
    articles, problems = read_inputs([path, good])
    assert [a.text for a in articles] == [BAKHMUT_UA]
    (problem,) = problems
    assert (problem.path, problem.line) == (str(path), 1)
    assert "no 'text' column" in problem.message


def test_csv_row_problems_name_the_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,outlet,published,text\n"
        f'ua-1,Kyiv Independent,2023-05-22,"{BAKHMUT_UA}\n\nMore fighting was reported."\n'
        "ru-0,TASS,2023-05-20,\n"
        "\n"
        f'ru-1,TASS,soon,"{BAKHMUT_RU}"\n',
        encoding="utf-8",
    )
    articles, problems = read_inputs([path])
    assert [(a.id, a.published) for a in articles] == [("ua-1", "2023-05-22"), ("ru-1", None)]
    assert [(p.path, p.line) for p in problems] == [(str(path), 5), (str(path), 7)]
    assert "field 'text' is missing or empty" in problems[0].message
    assert "published 'soon' is not an ISO date" in problems[1].message


def test_front_matter_without_body(tmp_path: Path) -> None:
    path = tmp_path / "stub.md"
    path.write_text("---\ntitle: Bakhmut\n---\n\n", encoding="utf-8")
    articles, problems = read_inputs([path])
    assert articles == []
    assert problems[0].path == str(path) and "no article text" in problems[0].message


def test_no_paths_raises() -> None:
    with pytest.raises(InputError, match="no input paths"):
        read_inputs([])


# --- determinism -----------------------------------------------------------------------------


def test_deterministic_order_and_ids(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    root.mkdir()
    for name, text in (("z.txt", BAKHMUT_UA), ("m.txt", BAKHMUT_RU), ("a.txt", BELGOROD)):
        (root / name).write_text(text, encoding="utf-8")
    wire = write_jsonl(tmp_path / "wire.jsonl", {"text": BAKHMUT_RU + " Wagner chief Yevgeny Prigozhin agreed."})

    first = read_inputs([wire, root])
    second = read_inputs([wire, root])
    assert first == second
    names = [Path(a.source_file).name for a in first[0]]
    assert names == ["wire.jsonl", "a.txt", "m.txt", "z.txt"]


# --- hostile files: reads that never end, oversized files, links --------------------------------


def read_in_child(*paths: Path, seconds: int = 30, memory: int = 1 << 30) -> tuple[list[str], list[str]]:
    """read_inputs in a child process limited in time and memory: a read that never ends fails the
    test (TimeoutExpired, MemoryError) instead of hanging the suite or eating the machine's memory."""
    import resource
    import subprocess
    import sys

    code = ("import json, sys\nfrom narratives.ingest import read_inputs\narticles, problems = read_inputs(sys.argv[1:])\n"
            "print(json.dumps([[a.id for a in articles], [str(p) for p in problems]]))")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    done = subprocess.run([sys.executable, "-c", code, *map(str, paths)], cwd=REPO, capture_output=True, text=True,
                          timeout=seconds, preexec_fn=limit)
    assert done.returncode == 0, done.stderr[-2000:]
    ids, problems = json.loads(done.stdout)
    return ids, problems


def test_a_fifo_in_a_directory_or_named_is_reported_and_never_opened(tmp_path: Path) -> None:
    import os

    root = tmp_path / "inbox"
    root.mkdir()
    write_jsonl(root / "a.jsonl", {"id": "a1", "text": BAKHMUT_UA})
    os.mkfifo(root / "pipe.jsonl")  # nothing ever writes to it: opening it for reading waits forever
    ids, problems = read_in_child(root, root / "pipe.jsonl")
    assert ids == ["a1"]
    assert problems == [f"{root / 'pipe.jsonl'}: a FIFO (named pipe), not a regular file; skipped"] * 2


def test_a_link_to_dev_zero_is_reported_and_never_read(tmp_path: Path) -> None:
    root = tmp_path / "inbox"
    root.mkdir()
    write_jsonl(root / "a.jsonl", {"id": "a1", "text": BAKHMUT_UA})
    (root / "zero.txt").symlink_to("/dev/zero")  # read to the end, it fills the memory
    ids, problems = read_in_child(root)
    assert ids == ["a1"]
    assert problems == [f"{root / 'zero.txt'}: a character device (through a symbolic link), not a regular file; "
                        "skipped"]


def test_files_over_the_size_limit_are_reported_with_their_path_and_skipped(tmp_path: Path) -> None:
    from narratives.config import Settings
    from narratives.pipeline import read_articles

    root = tmp_path / "inbox"
    root.mkdir()
    small = write_jsonl(root / "small.jsonl", {"id": "s", "text": BAKHMUT_UA})
    big = write_jsonl(root / "big.jsonl", *({"id": f"b{i}", "text": BAKHMUT_RU} for i in range(20)))
    limit = small.stat().st_size + 1
    for given in ([root], [small, big]):  # walked or named, the same rule
        articles, problems = read_inputs(given, max_file_bytes=limit)
        assert [a.id for a in articles] == ["s"]
        assert messages(problems) == [f"{big}: file is {big.stat().st_size:,} bytes, over the {limit:,} bytes limit "
                                      "(setting max_file_mb); skipped"]
    # the setting is what the pipeline reads with; 20 MB by default
    assert Settings().max_file_bytes == 20_000_000
    articles, problems = read_articles([root], Settings(max_file_mb=limit / 1e6))
    assert [a.id for a in articles] == ["s"] and [p.path for p in problems] == [str(big)]


def test_links_to_files_are_read_links_to_folders_reported_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_jsonl(elsewhere / "far.jsonl", {"id": "far", "text": BELGOROD})
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    write_jsonl(root / "sub" / "near.jsonl", {"id": "near", "text": BAKHMUT_UA})
    (root / "far.jsonl").symlink_to(elsewhere / "far.jsonl")  # a link to a regular file is read
    (root / "other").symlink_to(elsewhere, target_is_directory=True)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)  # followed, it would never end
    (root / "gone.txt").symlink_to(tmp_path / "deleted.txt")

    articles, problems = read_inputs([root])
    assert sorted(a.id for a in articles) == ["far", "near"]
    not_followed = ("a symbolic link to a directory; not followed (so links cannot loop or leave the tree): "
                    "name it, or its target, on the command line to read it")
    assert messages(problems) == [
        f"{root / 'other'}: {not_followed}",
        f"{root / 'sub' / 'loop'}: {not_followed}",
        f"{root / 'gone.txt'}: a symbolic link to {str(tmp_path / 'deleted.txt')!r}, which does not exist; skipped",
    ]
    # named on the command line, a linked folder is read
    articles, problems = read_inputs([root / "other"])
    assert [a.id for a in articles] == ["far"] and problems == []


# --- one bad record, not a lost batch ----------------------------------------------------------


def test_a_record_nested_too_deep_or_holding_a_huge_number_is_that_lines_problem(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000  # past the parser's recursion limit
    deepish = "[" * 150 + "]" * 150  # parses, but the report writer and the store recurse per level
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        {"id": "ok-1", "text": BAKHMUT_UA},
        f'{{"id": "deep", "text": "x", "extra": {deep}}}',
        f'{{"id": "number", "text": "x", "count": {"7" * 5000}}}',
        f'{{"id": "deepish", "text": "x", "extra": {deepish}}}',
        {"id": "ok-2", "text": BAKHMUT_RU},
    )
    articles, problems = read_inputs([path])
    assert [a.id for a in articles] == ["ok-1", "ok-2"]
    assert messages(problems) == [
        f"{path}:2: cannot read this line (nested too deeply to read); skipped",
        f"{path}:3: cannot read this line (a number over 4300 digits long); skipped",
        f"{path}:4: the object is nested more than 100 levels deep; skipped",
    ]


def test_anything_raised_while_reading_one_record_or_file_is_its_problem(tmp_path: Path, monkeypatch) -> None:
    from narratives import ingest

    real = ingest._article_from_record

    def fails_on_bad(record, *args, **kwargs):
        if record.get("id") == "bad":
            raise RuntimeError("a bug met by one record")
        return real(record, *args, **kwargs)

    def html_fails(path, content, batch):
        raise MemoryError("page too large for the parser")

    monkeypatch.setattr(ingest, "_article_from_record", fails_on_bad)
    monkeypatch.setattr(ingest, "_read_html", html_fails)
    lines = write_jsonl(tmp_path / "a.jsonl", {"id": "ok-1", "text": BAKHMUT_UA}, {"id": "bad", "text": "x"},
                        {"id": "ok-2", "text": BAKHMUT_RU})
    table = tmp_path / "b.csv"
    table.write_text(f'id,text\nbad,x\nok-3,"{BELGOROD}"\n', encoding="utf-8")
    page = tmp_path / "c.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    articles, problems = read_inputs([lines, table, page])
    assert [a.id for a in articles] == ["ok-1", "ok-2", "ok-3"]
    assert messages(problems) == [
        f"{lines}:2: cannot read this record (RuntimeError: a bug met by one record); skipped",
        f"{table}:2: cannot read this record (RuntimeError: a bug met by one record); skipped",
        f"{page}: cannot read this file (MemoryError: page too large for the parser); the rest of it was skipped",
    ]


# --- CSV rows merged by quoting ----------------------------------------------------------------


def test_csv_quote_never_closed_is_reported_and_the_rows_it_swallowed_come_back(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(f'id,text\nc1,"{BAKHMUT_UA}\nc2,{BELGOROD.replace(",", "")}\n', encoding="utf-8")
    articles, problems = read_inputs([path])
    assert [a.id for a in articles] == ["c2"]
    assert messages(problems) == [
        f"{path}:2: not valid CSV (a quote opened in it is never closed); skipped this record and read on from line 3"
    ]


def test_csv_quote_closed_in_the_middle_of_a_cell_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,outlet,text\n"
        f'c1,TASS,"{BAKHMUT_RU}\n'  # never closed: the quote that opens c2's text closes it instead
        f'c2,Kyiv Independent,"{BAKHMUT_UA}"\n'
        f'c3,Guardian,"{BELGOROD}"\n',
        encoding="utf-8",
    )
    articles, problems = read_inputs([path])
    assert [(a.id, a.text) for a in articles] == [("c2", BAKHMUT_UA), ("c3", BELGOROD)]
    assert messages(problems) == [
        f"{path}:2: not valid CSV (malformed quoting: ',' expected after '\"' on line 3); skipped this record and "
        "read on from line 3"
    ]


def test_csv_rows_merged_into_one_valid_record_are_flagged(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        "id,text,outlet\n"
        f'c1,"{BAKHMUT_RU},TASS\n'  # the quote left open here ...
        f'c2,{BAKHMUT_UA.replace(",", "")}",Kyiv Independent\n'  # ... a stray one closes: valid CSV, one record
        f'c3,"{BELGOROD}",Guardian\n',
        encoding="utf-8",
    )
    articles, problems = read_inputs([path])
    assert [a.id for a in articles] == ["c1", "c3"]
    assert messages(problems) == [
        f"{path}:2: a quoted cell runs from here to line 3, and line 3 inside it reads as a row of its own: if a "
        "quote was left open, rows were merged; kept as one article"
    ]


def test_csv_cell_longer_than_the_csv_modules_default_limit_is_read(tmp_path: Path) -> None:
    long_text = " ".join([BAKHMUT_UA] * 1500)  # about 200 KB; the csv module stops at 128 KiB by default
    path = tmp_path / "long.csv"
    path.write_text(f'id,text\nlong,"{long_text}"\nshort,"{BELGOROD}"\n', encoding="utf-8")
    articles, problems = read_inputs([path])
    assert problems == []
    assert [(a.id, len(a.text)) for a in articles] == [("long", len(long_text)), ("short", len(BELGOROD))]


# --- the tool never reads what it wrote ----------------------------------------------------------


def test_walks_skip_the_output_directory_and_the_reports_the_tool_wrote(tmp_path: Path) -> None:
    from narratives.ingest import OWN_HEADINGS

    root = tmp_path / "inbox"
    for folder in ("out", "old-reports", "notes"):
        (root / folder).mkdir(parents=True)
    (root / "a.txt").write_text(BAKHMUT_UA, encoding="utf-8")
    (root / "out" / "b.txt").write_text(BELGOROD, encoding="utf-8")  # inside the output directory: not read
    (root / "report.md").write_text(BAKHMUT_RU, encoding="utf-8")  # what this run writes into the folder given
    for name, heading in OWN_HEADINGS.items():  # the tool's reports from an earlier run elsewhere
        (root / "old-reports" / name).write_text(f"{heading}\n\n{BAKHMUT_RU}\n", encoding="utf-8")
    (root / "notes" / "report.md").write_text(f"# Field report\n\n{BELGOROD}\n", encoding="utf-8")  # a person's

    articles, problems = read_inputs([root], outputs=[root / "out", root])
    assert problems == []
    assert [Path(a.source_file).relative_to(root).as_posix() for a in articles] == ["a.txt", "notes/report.md"]
    # the output directory named as input, or the folder holding it walked without `outputs`: its articles are read
    assert [a.text for a in read_inputs([root / "out"], outputs=[root / "out"])[0]] == [BELGOROD]
    assert len(read_inputs([root])[0]) == 4  # a.txt, out/b.txt, report.md, notes/report.md
    # named on the command line, a report is read: that is asking for it
    assert len(read_inputs([root / "old-reports" / "report.md"])[0]) == 1


def test_own_headings_are_the_first_lines_of_the_templates() -> None:
    from narratives.ingest import OUTPUT_FILES, OWN_HEADINGS

    templates = REPO / "narratives" / "templates"
    for name, heading in OWN_HEADINGS.items():
        assert (templates / f"{name}.j2").read_text(encoding="utf-8").split("\n")[0] == heading
    assert set(OWN_HEADINGS) < set(OUTPUT_FILES)
