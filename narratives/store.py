"""SQLite store for incremental runs: articles, claims, embeddings, events, NLI scores, judged pairs.

Everything is keyed by content: an article by its id and the sha256 of its text, an embedding by
(model, sha256 of the text), an NLI score by (model, sha256 of premise, sha256 of hypothesis), so
nothing is computed twice and a new model recomputes only what it must. The two caches are
committed as they fill; everything else a run learns is written in one transaction at its end, so
a killed run leaves the store as it was plus cached work, and a rerun finishes the job.

    >>> with run_lock(".narratives/store.sqlite"), Store.open(".narratives/store.sqlite") as store:
    ...     print(store.article_hashes())  # one run at a time; a second one fails fast
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from narratives import __version__
from narratives.errors import StoreError
from narratives.types import Article, Camp, Claim, Narrative, NLIScores, ScoredPair

DEFAULT_STORE = Path(".narratives") / "store.sqlite"

# Numbered, append-only: a released migration is never edited, a new one is added instead.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("m001_initial", """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE articles (
            id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, text_sha TEXT NOT NULL, event_key INTEGER NOT NULL,
            text TEXT NOT NULL, outlet TEXT NOT NULL, title TEXT NOT NULL, published TEXT, url TEXT NOT NULL,
            source_file TEXT NOT NULL, extra TEXT NOT NULL, vector BLOB NOT NULL);
        CREATE INDEX articles_event ON articles (event_key);
        CREATE TABLE claims (
            id TEXT PRIMARY KEY, article_id TEXT NOT NULL, ord INTEGER NOT NULL, text TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker TEXT, outlet TEXT NOT NULL,
            content TEXT NOT NULL, via TEXT, cue TEXT NOT NULL, published TEXT, says_who INTEGER NOT NULL);
        CREATE INDEX claims_article ON claims (article_id, ord);
        CREATE TABLE events (key INTEGER PRIMARY KEY, centroid BLOB NOT NULL, size INTEGER NOT NULL);
        CREATE TABLE embeddings (model TEXT NOT NULL, sha TEXT NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY (model, sha)) WITHOUT ROWID;
        CREATE TABLE nli_scores (model TEXT NOT NULL, premise TEXT NOT NULL, hypothesis TEXT NOT NULL,
            entailment REAL NOT NULL, neutral REAL NOT NULL, contradiction REAL NOT NULL,
            PRIMARY KEY (model, premise, hypothesis)) WITHOUT ROWID
    """),
    # Judged pairs and camps per event, so events no new article touches are not judged again;
    # `state` records the settings they were judged with, and a v1 store (state NULL) is rejudged
    # once from its cached NLI scores.
    ("m002_judged_pairs", """
        ALTER TABLE events ADD COLUMN state TEXT;
        ALTER TABLE events ADD COLUMN narrative TEXT;
        CREATE TABLE pairs (
            a TEXT NOT NULL, b TEXT NOT NULL, id TEXT NOT NULL, event_key INTEGER NOT NULL,
            similarity REAL NOT NULL, relation TEXT NOT NULL, judgement TEXT NOT NULL, PRIMARY KEY (a, b));
        CREATE INDEX pairs_event ON pairs (event_key)
    """),
    # From 0.2 a judged pair may hold no B→A scores (`"b_to_a": null`, skipped where they cannot
    # change the relation), which 0.1 cannot read: the version bump makes 0.1 refuse the store.
    # The judging rules changed too, so every event is judged again once, from cached scores.
    ("m003_optional_reverse_scores", """
        UPDATE events SET state = NULL
    """),
    # From 0.4 a pair with no contradiction signal and a similarity below nli_min_similarity is not
    # scored at all (`"a_to_b": null`), which 0.3 cannot read: the bump makes 0.3 refuse the store.
    ("m004_optional_forward_scores", """
        UPDATE events SET state = NULL
    """),
)
SCHEMA_VERSION = len(MIGRATIONS)


def text_key(text: str) -> str:
    """Content key of a text for the caches: sha256 hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _blob(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=np.float32).tobytes()


def _vector(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


@dataclass(frozen=True, slots=True)
class StoredEvent:
    key: int
    centroid: np.ndarray  # mean of the member articles' vectors (not normalised: its dot is the mean cosine)
    size: int
    state: str | None  # settings key its pairs were judged with; None: never judged
    first_date: str | None = None  # earliest and latest publication date of its members
    last_date: str | None = None
    all_dated: bool = False  # every member has a date (so the day limit applies to all of them)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    article: Article
    event_key: int
    vector: np.ndarray


def migrate(db: sqlite3.Connection, path: Path | str, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations after the database's version up to `target`, each in its own transaction."""
    for version in range(_version(db, path) + 1, target + 1):
        db.execute("BEGIN IMMEDIATE")  # two processes opening a new store: one migrates, one waits
        try:
            current = _version(db, path)
            if current < version:
                name, script = MIGRATIONS[version - 1]
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", (version, name))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
    return _version(db, path)


def _version(db: sqlite3.Connection, path: Path | str) -> int:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        if tables:
            raise StoreError(f"{path} is an SQLite database but not a narratives store (tables {sorted(tables)}); "
                             "pass another --store")
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        return 0
    return db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


@contextmanager
def run_lock(path: str | Path) -> Iterator[None]:
    """Hold the store at `path` for one run; a second run fails at once instead of waiting or interleaving.

    The lock is an flock on `<store>.lock` beside the resolved store file, which needs no database:
    a run takes it before it opens (and perhaps migrates) the store, and the same store reached
    through a symlink or another relative path is the same lock.
    """
    import errno
    import fcntl

    path = Path(path)
    target = path.resolve()
    shown = path if target == path.absolute() else f"{path} (that is {target})"
    lock = target.with_name(target.name + ".lock")
    for needed in (target, target.parent):
        if needed.exists() and not os.access(needed, os.W_OK):  # fail now, not after the analysis
            raise StoreError(f"store {shown} is read-only: {needed} is not writable; make it writable, or pass "
                             "another --store")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # O_NOFOLLOW: a symlink planted as the lock file must not get another file truncated
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        why = "it is a symbolic link; remove it" if exc.errno == errno.ELOOP else exc.strerror
        raise StoreError(f"cannot open the lock file {lock} of store {shown}: {why}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreError(f"store {shown} is in use by another run (pid {pid}); wait for it to "
                             "finish, or give this run its own --store") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # the kernel drops the lock with the descriptor, also when the process is killed


def store_error(path: Path | str, exc: sqlite3.Error) -> StoreError:
    """What an SQLite error means for the store at `path`, and what to do about it."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_READONLY"):
        return StoreError(f"store {path} is read-only ({exc}); make it and its folder writable, or pass another "
                          "--store")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return StoreError(f"store {path} is in use by another process that is writing to it ({exc}); retry when "
                          "it has finished")
    if name.startswith("SQLITE_FULL"):
        return StoreError(f"store {path}: the disk is full ({exc}); free some space and rerun")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR", "SQLITE_PERM", "SQLITE_AUTH")):
        return StoreError(f"cannot read or write store {path} ({exc}); check the file and its folder")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT")):
        return StoreError(f"store {path} is damaged ({exc}); remove it and rerun to rebuild it")
    return StoreError(f"store {path}: {exc} ({name or type(exc).__name__}); if another program changed it, remove "
                      "it and rerun to rebuild it")


class Store:
    """One SQLite file; open with `Store.open(path)`, write inside `exclusive()` and `transaction()`."""

    def __init__(self, path: Path, db: sqlite3.Connection):
        self.path = path
        self.db = db

    @classmethod
    def open(cls, path: str | Path = DEFAULT_STORE, *, target_version: int = SCHEMA_VERSION) -> Store:
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit, so a cache write never joins a run's
            # transaction by accident.
            db = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            db.execute("PRAGMA schema_version").fetchone()  # fails here when the file is not a database
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {path}: {exc}; pass another --store or remove the file") from exc
        except OSError as exc:
            raise StoreError(f"cannot create store {path}: {exc}") from exc
        try:
            version = migrate(db, path, target_version)
        except sqlite3.Error as exc:
            db.close()
            raise store_error(path, exc) from exc
        except StoreError:
            db.close()
            raise
        if version > SCHEMA_VERSION:
            db.close()
            raise StoreError(f"store {path} has schema version {version}, newer than narratives {__version__} "
                             f"knows (up to {SCHEMA_VERSION}); upgrade narratives or pass another --store")
        return cls(path, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, _type, exc, _traceback) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.ProgrammingError):
            raise store_error(self.path, exc) from exc  # the store's problem, by name, not a bare SQLite message

    @property
    def version(self) -> int:
        return _version(self.db, self.path)

    def exclusive(self):
        """Hold the store for one run (see run_lock)."""
        return run_lock(self.path)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:  # KeyboardInterrupt too: never leave half a run behind
            if self.db.in_transaction:  # SQLite has rolled back itself after some errors (a full disk)
                self.db.execute("ROLLBACK")
            raise

    # --- meta ----------------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def bind_embed_model(self, model_id: str) -> None:
        """Events are built from one model's vectors; mixing models would compare unrelated spaces."""
        bound = self.meta("embed_model")
        if bound is None:
            with self.transaction():
                self.db.execute("INSERT INTO meta (key, value) VALUES ('embed_model', ?)", (model_id,))
        elif bound != model_id:
            raise StoreError(f"store {self.path} was built with embedding model {bound!r}, not {model_id!r}; "
                             f"pass --embed-model {bound!r}, or a new --store for the other model")

    # --- caches: committed as they fill -----------------------------------------------------------

    def embeddings(self, model: str, keys: Iterable[str]) -> dict[str, np.ndarray]:
        rows = self.db.execute("SELECT sha, vector FROM embeddings WHERE model = ? AND sha IN "
                               "(SELECT value FROM json_each(?))", (model, json.dumps(sorted(set(keys)))))
        return {sha: _vector(blob) for sha, blob in rows}

    def put_embeddings(self, model: str, items: Sequence[tuple[str, np.ndarray]]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO embeddings (model, sha, vector) VALUES (?, ?, ?)",
                                [(model, sha, _blob(v)) for sha, v in items])

    def scores(self, model: str, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], np.ndarray]:
        wanted = set(keys)
        rows = self.db.execute(
            "SELECT premise, hypothesis, entailment, neutral, contradiction FROM nli_scores "
            "WHERE model = ? AND premise IN (SELECT value FROM json_each(?))",
            (model, json.dumps(sorted({p for p, _ in wanted}))))
        return {(p, h): np.array(row, dtype=np.float32) for p, h, *row in rows if (p, h) in wanted}

    def put_scores(self, model: str, items: Sequence[tuple[tuple[str, str], np.ndarray]]) -> None:
        with self.transaction():
            self.db.executemany(
                "INSERT OR IGNORE INTO nli_scores (model, premise, hypothesis, entailment, neutral, contradiction) "
                "VALUES (?, ?, ?, ?, ?, ?)", [(model, p, h, *map(float, row)) for (p, h), row in items])

    # --- articles and claims ---------------------------------------------------------------------

    def article_hashes(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, text_sha FROM articles"))

    def articles(self, *, event_keys: Iterable[int] | None = None, ids: Iterable[str] | None = None
                 ) -> list[StoredArticle]:
        """Stored articles in ingestion order: all, those of some events, or some ids."""
        query = ("SELECT id, text, outlet, title, published, url, source_file, extra, event_key, vector "
                 "FROM articles")
        if event_keys is not None:
            rows = self._in(query, "event_key", event_keys, "ORDER BY seq")
        elif ids is not None:
            rows = self._in(query, "id", ids, "ORDER BY seq")
        else:
            rows = self.db.execute(query + " ORDER BY seq")
        return [StoredArticle(Article(id=i, text=text, outlet=outlet, title=title, published=published, url=url,
                                      source_file=source, extra=json.loads(extra)), key, _vector(vector))
                for i, text, outlet, title, published, url, source, extra, key, vector in rows]

    def claims(self, *, article_ids: Iterable[str] | None = None) -> list[tuple[Claim, bool]]:
        """(claim, says who did it) in article order, then the claims' order in their article."""
        query = ("SELECT c.id, c.article_id, c.text, c.start, c.\"end\", c.speaker, c.outlet, c.content, c.via, "
                 "c.cue, c.published, c.says_who FROM claims c JOIN articles a ON a.id = c.article_id")
        order = "ORDER BY a.seq, c.ord"
        rows = (self._in(query, "c.article_id", article_ids, order) if article_ids is not None
                else self.db.execute(f"{query} {order}"))
        return [(Claim(id=i, article_id=a, text=t, start=s, end=e, speaker=sp, outlet=o, content=co, via=v, cue=cu,
                       published=p), bool(who)) for i, a, t, s, e, sp, o, co, v, cu, p, who in rows]

    def full_names(self, *, except_articles: Iterable[str] = ()) -> set[str]:
        """Every speaker or relay named with two or more words (to resolve a lone surname)."""
        skip = set(except_articles)
        names = set()
        for article_id, speaker, via in self.db.execute("SELECT article_id, speaker, via FROM claims"):
            if article_id not in skip:
                names.update(n for n in (speaker, via) if n and len(n.split()) >= 2)
        return names

    def next_seq(self) -> int:
        return self.db.execute("SELECT coalesce(max(seq), -1) + 1 FROM articles").fetchone()[0]

    # --- events, pairs, camps -------------------------------------------------------------------

    def events(self) -> list[StoredEvent]:
        rows = self.db.execute(
            "SELECT e.key, e.centroid, e.size, e.state, min(a.published), max(a.published), count(a.published) "
            "FROM events e LEFT JOIN articles a ON a.event_key = e.key GROUP BY e.key ORDER BY e.key")
        return [StoredEvent(key, _vector(centroid).astype(np.float64), size, state, first, last, dated == size)
                for key, centroid, size, state, first, last, dated in rows]

    def next_event_key(self) -> int:
        return self.db.execute("SELECT coalesce(max(key), 0) + 1 FROM events").fetchone()[0]

    def pairs(self, *, event_keys: Iterable[int] | None = None) -> list[tuple[int, ScoredPair]]:
        """(event key, judged pair); the pair's event_id is left empty: event ids are derived at report time."""
        query = "SELECT event_key, id, a, b, similarity, judgement FROM pairs"
        rows = (self._in(query, "event_key", event_keys, "ORDER BY a, b") if event_keys is not None
                else self.db.execute(query + " ORDER BY a, b"))
        return [(key, _pair(i, a, b, similarity, json.loads(judgement)))
                for key, i, a, b, similarity, judgement in rows]

    def contradiction_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM pairs WHERE relation = 'contradiction'")}

    def narratives(self) -> dict[int, Narrative]:
        """Camps per event key (event_id left empty, as for pairs)."""
        return {key: _narrative(json.loads(text)) for key, text in self.db.execute(
            "SELECT key, narrative FROM events WHERE narrative IS NOT NULL")}

    # --- writes of one run (call inside transaction()) ---------------------------------------------

    def remove_articles(self, ids: Sequence[str]) -> None:
        """Drop articles (a new version replaces them) and their claims; their events are rewritten by the caller."""
        listed = json.dumps(sorted(set(ids)))
        self.db.execute("DELETE FROM claims WHERE article_id IN (SELECT value FROM json_each(?))", (listed,))
        self.db.execute("DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,))

    def add_article(self, article: Article, seq: int, event_key: int, vector: np.ndarray) -> None:
        self.db.execute(
            "INSERT INTO articles (id, seq, text_sha, event_key, text, outlet, title, published, url, source_file, "
            "extra, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, seq, text_key(article.text), event_key, article.text, article.outlet, article.title,
             article.published, article.url, article.source_file,
             json.dumps(article.extra, sort_keys=True, ensure_ascii=False), _blob(vector)))

    def add_claims(self, claims: Sequence[tuple[Claim, bool]]) -> None:
        order: dict[str, int] = {}
        rows = []
        for claim, says_who in claims:
            ord_ = order[claim.article_id] = order.get(claim.article_id, -1) + 1
            rows.append((claim.id, claim.article_id, ord_, claim.text, claim.start, claim.end, claim.speaker,
                         claim.outlet, claim.content, claim.via, claim.cue, claim.published, int(says_who)))
        self.db.executemany(
            "INSERT INTO claims (id, article_id, ord, text, start, \"end\", speaker, outlet, content, via, cue, "
            "published, says_who) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def put_event(self, key: int, state: str, narrative: Narrative, pairs: Sequence[ScoredPair]) -> None:
        """Write one event's centroid (from its stored members), camps and full set of judged pairs."""
        vectors = [_vector(v) for (v,) in self.db.execute("SELECT vector FROM articles WHERE event_key = ?", (key,))]
        self.db.execute("DELETE FROM pairs WHERE event_key = ?", (key,))
        if not vectors:
            self.db.execute("DELETE FROM events WHERE key = ?", (key,))
            return
        centroid = np.mean(np.stack(vectors).astype(np.float64), axis=0)
        self.db.execute(
            "INSERT INTO events (key, centroid, size, state, narrative) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET centroid = excluded.centroid, size = excluded.size, "
            "state = excluded.state, narrative = excluded.narrative",
            (key, _blob(centroid), len(vectors), state, json.dumps(_narrative_json(narrative), ensure_ascii=False)))
        self.db.executemany(
            "INSERT INTO pairs (a, b, id, event_key, similarity, relation, judgement) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(p.a, p.b, p.id, key, p.similarity, p.relation, json.dumps(_pair_json(p), ensure_ascii=False))
             for p in pairs])

    def _in(self, query: str, column: str, values: Iterable, order: str) -> list[tuple]:
        # One JSON array parameter instead of one "?" per value: no bound-parameter limit, one global order.
        return self.db.execute(f"{query} WHERE {column} IN (SELECT value FROM json_each(?)) {order}",
                               (json.dumps(sorted(set(values))),)).fetchall()


def _pair_json(pair: ScoredPair) -> dict:
    def scores(row: NLIScores | None) -> list[float] | None:
        return None if row is None else [row.entailment, row.neutral, row.contradiction]

    return {"a_to_b": scores(pair.a_to_b), "b_to_a": scores(pair.b_to_a),
            "signals": list(pair.signals), "reasons": list(pair.reasons), "score": pair.contradiction_score,
            "relation": pair.relation, "dispute": list(pair.dispute)}


def _pair(pair_id: str, a: str, b: str, similarity: float, data: dict) -> ScoredPair:
    return ScoredPair(id=pair_id, event_id="", a=a, b=b, similarity=similarity, a_to_b=NLIScores(*data["a_to_b"]) if data["a_to_b"] else None,
                      b_to_a=NLIScores(*data["b_to_a"]) if data["b_to_a"] else None, signals=tuple(data["signals"]),
                      reasons=tuple(data["reasons"]), contradiction_score=data["score"], relation=data["relation"],
                      dispute=tuple(data.get("dispute", ())))  # none in judgements of 0.3, which are judged again


def _narrative_json(narrative: Narrative) -> dict:
    return {"camps": [{"label": c.label, "sources": list(c.sources), "claim_ids": list(c.claim_ids)}
                      for c in narrative.camps], "unaligned": list(narrative.unaligned)}


def _narrative(data: dict) -> Narrative:
    return Narrative("", tuple(Camp(c["label"], tuple(c["sources"]), tuple(c["claim_ids"])) for c in data["camps"]),
                     tuple(data["unaligned"]))
