"""store.Store: migrations, refusal of foreign or newer files, the run lock, transactions, the two caches."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest

from narratives.errors import StoreError
from narratives.store import MIGRATIONS, SCHEMA_VERSION, Store, run_lock, text_key
from narratives.store_cache import StoredEncoder, StoredScores
from narratives.types import Article
from tests.conftest import REPO
from tests.store_helpers import OverlapNLI, dump, seed_batches


def test_a_new_store_has_every_migration_recorded_by_number_and_name(tmp_path):
    with Store.open(tmp_path / "s.sqlite") as store:
        assert store.version == SCHEMA_VERSION
        rows = store.db.execute("SELECT version, name FROM schema_version ORDER BY version").fetchall()
    assert rows == [(i, name) for i, (name, _) in enumerate(MIGRATIONS, start=1)]
    assert [name for name, _ in MIGRATIONS][:2] == ["m001_initial", "m002_judged_pairs"]


def test_a_v1_store_with_content_migrates_and_reuses_its_cached_scores(tmp_path, encoder):
    """A v1 store (no judged pairs) is migrated, then judged again from its cached NLI scores only."""
    from narratives.config import Settings
    from narratives.incremental import check
    from narratives.report import render_json, render_markdown

    old, _new = seed_batches(tmp_path / "in")
    current = tmp_path / "current.sqlite"
    reference = check([old], current, Settings(), encoder=encoder, nli=OverlapNLI())
    v1 = tmp_path / "v1.sqlite"
    Store.open(v1, target_version=1).close()
    with sqlite3.connect(v1) as db:  # copy what a v1 store held: every m001 table, with m001 columns only
        db.execute("ATTACH DATABASE ? AS cur", (str(current),))
        for table in ("meta", "articles", "claims", "embeddings", "nli_scores"):
            db.execute(f"INSERT INTO main.{table} SELECT * FROM cur.{table}")
        db.execute("INSERT INTO main.events SELECT key, centroid, size FROM cur.events")
    with Store.open(v1) as store:
        assert store.version == SCHEMA_VERSION
        assert {e.state for e in store.events()} == {None}
    nli = OverlapNLI()
    again = check([old], v1, Settings(), encoder=encoder, nli=nli)
    assert again.new_articles == () and nli.calls == 0 and again.scored_pairs == 0
    assert render_markdown(again.result) == render_markdown(reference.result)
    assert render_json(again.result) == render_json(reference.result)
    assert dump(v1) == dump(current)


def test_a_v2_store_is_judged_again_once_after_migrating(tmp_path, encoder):
    """v3 allows pairs without B→A scores, v4 without any scores; each marks every event for judging again."""
    from narratives.config import Settings
    from narratives.incremental import check

    old, _new = seed_batches(tmp_path / "in")
    path = tmp_path / "v2.sqlite"
    Store.open(path, target_version=2).close()
    with sqlite3.connect(path) as db:  # a v2 store with one judged event, as 0.1 left it
        db.execute("INSERT INTO events (key, centroid, size, state, narrative) VALUES (1, x'0000803f', 1, 'judged', '{}')")
    with Store.open(path) as store:
        assert store.version == SCHEMA_VERSION == 4
        assert [e.state for e in store.events()] == [None]
    outcome = check([old], tmp_path / "fresh.sqlite", Settings(), encoder=encoder, nli=OverlapNLI())
    assert any(p.b_to_a is None for p in outcome.result.pairs)  # what a v2 reader could not load
    assert any(p.a_to_b is None for p in outcome.result.pairs)  # what a v3 reader could not load
    with Store.open(tmp_path / "fresh.sqlite") as store:  # and they come back from the store as they went in
        stored = {p.id: p for _key, p in store.pairs()}
    assert {p.id: (p.a_to_b, p.b_to_a) for p in outcome.result.pairs} == {
        i: (p.a_to_b, p.b_to_a) for i, p in stored.items()}


def test_a_store_from_a_newer_version_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version (version, name) VALUES (?, 'm099_from_the_future')", (99,))
    with pytest.raises(StoreError, match=r"schema version 99, newer than narratives .* upgrade narratives"):
        Store.open(path)


def test_files_that_are_not_narratives_stores_are_refused(tmp_path):
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="not a narratives store"):
        Store.open(foreign)
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_text("this is not a database, it is a long enough line of text to have a header\n" * 20)
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(garbage)


def test_a_second_run_on_a_held_store_fails_at_once_naming_the_holder(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store.open(path) as first, Store.open(path) as second:
        with first.exclusive():
            started = time.perf_counter()
            with pytest.raises(StoreError, match=rf"store .*s\.sqlite is in use by another run \(pid {os.getpid()}\)"):
                with second.exclusive():
                    pass
            assert time.perf_counter() - started < 1.0
        with second.exclusive():  # released with the first holder
            pass


def test_the_lock_of_a_killed_run_is_released(tmp_path):
    path = tmp_path / "s.sqlite"
    Store.open(path).close()
    script = ("import sys, time\nfrom narratives.store import Store\nstore = Store.open(sys.argv[1])\n"
              "with store.exclusive():\n    print('held', flush=True)\n    time.sleep(60)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with Store.open(path) as store, pytest.raises(StoreError, match=f"pid {holder.pid}"):
            with store.exclusive():
                pass
    finally:
        holder.kill()
        holder.wait()
    with Store.open(path) as store, store.exclusive():
        pass


@pytest.mark.parametrize("link", ["file", "folder"])
def test_the_same_store_through_a_symlink_is_one_store_for_the_lock(tmp_path, link):
    real = tmp_path / "real" / "s.sqlite"
    Store.open(real).close()
    if link == "file":
        alias = tmp_path / "alias.sqlite"
        alias.symlink_to(real)
    else:
        (tmp_path / "linked").symlink_to(real.parent, target_is_directory=True)
        alias = tmp_path / "linked" / "s.sqlite"
    with run_lock(real):
        started = time.perf_counter()
        with pytest.raises(StoreError, match=rf"store .*{alias.name} \(that is .*real.s\.sqlite\) is in use by "
                                             rf"another run \(pid {os.getpid()}\)"):
            with run_lock(alias):
                pass
        assert time.perf_counter() - started < 1.0
    with run_lock(alias):  # released with the first holder
        pass


def test_a_symlink_planted_as_the_lock_file_is_refused_and_its_target_kept(tmp_path):
    victim = tmp_path / "notes.txt"
    victim.write_text("a reviewer's notes\n")
    (tmp_path / "s.sqlite.lock").symlink_to(victim)
    with pytest.raises(StoreError, match=r"lock file .*s\.sqlite\.lock of store .*: it is a symbolic link"):
        with run_lock(tmp_path / "s.sqlite"):
            pass
    assert victim.read_text() == "a reviewer's notes\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files: run as a user to test this")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_fails_before_the_run_naming_it(tmp_path, what):
    path = tmp_path / "stores" / "s.sqlite"
    Store.open(path).close()
    (path if what == "file" else path.parent).chmod(0o555)
    try:
        with pytest.raises(StoreError, match=rf"store .*s\.sqlite is read-only: .*{'s.sqlite' if what == 'file' else 'stores'} "
                                             "is not writable"):
            with run_lock(path):
                pass
    finally:
        (path if what == "file" else path.parent).chmod(0o755)


def _damage_table(path, table: str) -> None:
    """Overwrite the first page of one table with noise, as a bad disk sector or a partial copy would."""
    with sqlite3.connect(path) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        (root,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))


def test_a_store_damaged_or_read_only_midway_is_an_error_naming_it(tmp_path, encoder):
    from narratives.config import Settings
    from narratives.incremental import check

    old, new = seed_batches(tmp_path / "in")
    damaged = tmp_path / "damaged.sqlite"
    check([old], damaged, Settings(), encoder=encoder, nli=OverlapNLI())
    _damage_table(damaged, "articles")  # opens fine; the first read of the articles fails
    with pytest.raises(StoreError, match=r"\[N400\] store .*damaged\.sqlite is damaged \(database disk image is "
                                         r"malformed\); remove it and rerun"):
        check([new], damaged, Settings(), encoder=encoder, nli=OverlapNLI())

    # A read-only connection gives SQLite's own read-only error on the first write, as a file on a
    # read-only mount would, whoever runs the test.
    with pytest.raises(StoreError, match=r"store .*read-only\.sqlite is read-only \(attempt to write a readonly "
                                         r"database\); make it and its folder writable"):
        with Store.open(tmp_path / "read-only.sqlite") as store:
            store.db.execute("PRAGMA query_only = ON")
            check([new], store, Settings(), encoder=encoder, nli=OverlapNLI())


def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    article = Article(id="a1", text="The governor said eight people were wounded.", outlet="Wire Desk")
    with Store.open(tmp_path / "s.sqlite") as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_article(article, 0, 1, np.ones(4, dtype=np.float32))
            raise RuntimeError("killed midway")
        assert store.article_hashes() == {}
        with store.transaction():
            store.add_article(article, 0, 1, np.ones(4, dtype=np.float32))
        assert store.article_hashes() == {"a1": text_key(article.text)}


class CountingEncoder:
    model_id = "test/counting"

    def __init__(self):
        self.texts: list[str] = []

    def encode_batch(self, texts):
        self.texts.extend(texts)
        return np.array([[len(t), 1.0, 0.0] for t in texts], dtype=np.float32)


def test_each_text_is_embedded_once_per_model_across_runs(tmp_path):
    path = tmp_path / "s.sqlite"
    model = CountingEncoder()
    with Store.open(path) as store:
        first = StoredEncoder(model, store).encode_batch(["b", "a", "b"])
    with Store.open(path) as store:
        encoder = StoredEncoder(model, store)
        second = encoder.encode_batch(["a", "c"])
    assert sorted(model.texts) == ["a", "b", "c"] and encoder.computed == 1
    np.testing.assert_array_equal(first[1], second[0])


def test_scores_are_cached_per_model_so_a_new_model_scores_only_what_it_is_asked(tmp_path):
    pairs = [("Kyiv blew up the dam.", "Russia blew up the dam."), ("Nobody was hurt.", "Eight people were hurt.")]
    with Store.open(tmp_path / "s.sqlite") as store:
        first = StoredScores(OverlapNLI("model-a"), store)
        rows = first.predict(pairs)
        again = StoredScores(OverlapNLI("model-a"), store)
        np.testing.assert_array_equal(again.predict(pairs[::-1]), rows[::-1])
        assert len(first.computed) == 2 and again.computed == set()
        other = StoredScores(OverlapNLI("model-b"), store)
        other.predict(pairs[:1])
        assert other.computed == {(text_key(pairs[0][0]), text_key(pairs[0][1]))}
        assert store.db.execute("SELECT count(*) FROM nli_scores").fetchone()[0] == 3


def test_a_model_retrained_in_place_is_a_new_model_for_the_cache(tmp_path):
    """The bundled model keeps its id when retrained or recalibrated; its cached scores must not survive that."""
    folder = tmp_path / "nli-minilm-l6"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"weights, first training")
    nli = OverlapNLI("narratives/nli-minilm-l6 (bundled)")
    nli.model_name = str(folder)  # where TransformersNLI keeps its path
    pairs = [("Kyiv blew up the dam.", "Russia blew up the dam.")]
    with Store.open(tmp_path / "s.sqlite") as store:
        StoredScores(nli, store).predict(pairs)
        same = StoredScores(nli, store)
        same.predict(pairs)
        (folder / "calibration.json").write_text('{"temperature": 1.5}\n')
        recalibrated = StoredScores(nli, store)
        recalibrated.predict(pairs)
    assert same.computed == set() and len(recalibrated.computed) == 1
    assert same.model_key != recalibrated.model_key and same.model_key.startswith(nli.model_id)
