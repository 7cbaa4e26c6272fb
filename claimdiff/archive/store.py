"""The store: all of claimdiff's SQL (schema, migrations, reads and writes of the archive).

Layout of a store directory (default `./.claimdiff/`):

    claimdiff.db   SQLite, WAL mode, `PRAGMA user_version` = number of migrations applied
    lock           `fcntl.flock` target: one writer (ingest) at a time; others wait

SQLite is the only truth. What is expensive to compute is kept: the articles, their
sentences' vectors (`embeddings`, keyed by a hash of the text, so no sentence is
embedded twice) and each article's story vector and features. What the judgement
decides (claims, stories, conflicts) is derived from those and recomputed when the
engine's rules change (`meta.engine` != ENGINE_VERSION) or when a story's membership
changes; `meta.dirty` marks a write that was not yet followed by that recomputation
(a killed ingest), and the next writer finishes it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from claimdiff.errors import StoreError
from claimdiff.models import Article, Claim, Conflict, ScanResult, Story, short_hash, text_hash  # noqa: F401

DEFAULT_DIR = ".claimdiff"
DB_NAME = "claimdiff.db"
LOCK_NAME = "lock"

# Applied in order; `PRAGMA user_version` records how many have run. Never edit one
# that has shipped: append a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE articles (
        rowid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,           -- Article.id: hash of the cleaned text
        path TEXT NOT NULL,
        json TEXT NOT NULL,                -- the Article model
        added_at TEXT NOT NULL
    );
    CREATE TABLE embeddings (
        text_hash TEXT PRIMARY KEY,        -- short_hash(sentence text)
        vector BLOB NOT NULL               -- float32, L2-normalised
    );
    CREATE TABLE claims (
        rowid INTEGER PRIMARY KEY,         -- = FAISS id
        claim_id TEXT NOT NULL,            -- Claim.id (an article may repeat a sentence verbatim)
        article_id TEXT NOT NULL REFERENCES articles(id),
        sentence_index INTEGER NOT NULL,
        text_hash TEXT NOT NULL REFERENCES embeddings(text_hash),
        topic_id TEXT,                     -- NULL: a near-duplicate sentence of its article, not indexed
        json TEXT NOT NULL                 -- the Claim model
    );
    CREATE INDEX claims_article ON claims(article_id, sentence_index);
    CREATE INDEX claims_topic ON claims(topic_id);
    CREATE INDEX claims_claim ON claims(claim_id);
    CREATE TABLE topics (
        id TEXT PRIMARY KEY,               -- never changes once given
        label TEXT NOT NULL,
        size INTEGER NOT NULL,
        vsum BLOB NOT NULL,                -- float64 sum of member vectors (average linkage)
        created_at TEXT NOT NULL
    );
    CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,               -- Conflict.make_id: kind + the two claim texts
        kind TEXT NOT NULL,
        topic_id TEXT NOT NULL,
        score REAL NOT NULL,
        claim_a INTEGER NOT NULL REFERENCES claims(rowid),
        claim_b INTEGER NOT NULL REFERENCES claims(rowid),
        json TEXT NOT NULL,                -- the Conflict model
        found_at TEXT NOT NULL
    );
    CREATE TABLE verdicts (                -- keyed by content, so it outlives re-ingest and re-clustering
        conflict_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
        note TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        claim_a TEXT NOT NULL,
        claim_b TEXT NOT NULL,
        decided_at TEXT NOT NULL
    );
    """,
    # 2: stories; conflicts derived per story (no FAISS index: candidate pairs come from stories)
    """
    ALTER TABLE articles ADD COLUMN story_hash TEXT;    -- text_hash of stories.story_text(article)
    ALTER TABLE articles ADD COLUMN features TEXT NOT NULL DEFAULT '{}';
    ALTER TABLE articles ADD COLUMN story_id TEXT;
    ALTER TABLE claims ADD COLUMN kept INTEGER NOT NULL DEFAULT 1;
    DROP TABLE conflicts;
    DROP TABLE topics;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        json TEXT NOT NULL                 -- the Story model
    );
    CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,               -- Conflict.make_id: kind + the two claim ids (article + sentence)
        kind TEXT NOT NULL,
        relation TEXT NOT NULL,
        story_id TEXT NOT NULL,
        score REAL NOT NULL,
        article_a TEXT NOT NULL,
        article_b TEXT NOT NULL,
        json TEXT NOT NULL,                -- the Conflict model
        found_at TEXT NOT NULL
    );
    CREATE INDEX conflicts_story ON conflicts(story_id);
    CREATE INDEX articles_story ON articles(story_id);
    DELETE FROM meta WHERE key = 'engine';
    INSERT OR REPLACE INTO meta VALUES ('dirty', '1');
    """,
]

# The judgement's version: bump when claims or comparators change what they read or flag,
# so that stored claims and conflicts are recomputed from the stored articles.
ENGINE_VERSION = "5"


def model_identity(kind: str, dim: int | None = None) -> str:
    """What the vectors depend on: the model weights, not the code path (light/fast/stock agree)."""
    if kind == "fake":
        return f"fake-{dim or 64}"
    from claimdiff.embedding.modelfiles import load_manifest

    m = load_manifest()
    return short_hash(m["name"], *(f"{k}={v}" for k, v in sorted(m["files"].items())), n=24)


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


class Store:
    """One open store. `writer=True` takes the lock file (ingest); readers never block writers."""

    def __init__(self, root: str | Path = DEFAULT_DIR, *, create: bool = False, writer: bool = False) -> None:
        self.root = Path(root)
        self.writer = writer
        self.db = None
        self._lock_file = None
        db = self.root / DB_NAME
        where = f"--store {self.root}"
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root}: is a file, not a store folder; move it away, or give another {where[:7]} DIR")
        if db.exists() or db.is_symlink():
            if not db.is_file():
                raise StoreError(f"{db}: is not a regular file; move it away (claimdiff.db must be the store's "
                                 "SQLite file)")
            if db.stat().st_size == 0 and writer and (self.root / LOCK_NAME).is_file():
                self._lock()  # another ingest may be creating it right now: it holds the lock until it is whole
            if db.stat().st_size == 0:
                self._unlock()
                raise StoreError(f"{db}: is empty (0 bytes), not a claimdiff database; nothing was changed: restore "
                                 f"it from a backup, or move the folder away and re-ingest the articles")
        else:
            if not create:
                raise StoreError(f"{self.root}: no claimdiff store here (build one with `claimdiff ingest ARTICLES "
                                 f"{where}`)")
            leftovers = sorted(p.name for p in self.root.iterdir()) if self.root.is_dir() else []
            # the lock, and a database another ingest is creating right now, are not leftovers
            leftovers = [n for n in leftovers if n != LOCK_NAME and not n.startswith(DB_NAME)]
            if leftovers:
                raise StoreError(f"{self.root}: has no {DB_NAME} but holds {', '.join(leftovers[:3])}: a damaged or "
                                 f"foreign store; nothing was changed: move the folder away, or give another --store")
            try:
                self.root.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{self.root}: cannot create the store folder ({e.strerror}); "
                                 "give a writable --store DIR") from e
            if writer:
                self._lock()  # held while the new file is created, so no other ingest reads it half made
        try:
            self.db = sqlite3.connect(db, timeout=60, isolation_level=None)
        except sqlite3.Error as e:
            self._unlock()
            raise StoreError(f"{db}: cannot open ({e}); is it a claimdiff store?") from e
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA busy_timeout = 60000")
            self._refuse_foreign(db)
            if writer:
                self._lock()  # only once the file is known to be ours: nothing is added beside a foreign one
            if writer or create:
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            self.close()
            if "readonly" in str(e) or "read-only" in str(e):
                raise StoreError(f"{db}: is read-only ({e}); make it writable (chmod u+w, chattr -i) to ingest, "
                                 "or only read it (conflicts, check)") from e
            raise StoreError(f"{db}: not a readable claimdiff database ({e}); move it away and re-ingest") from e
        except StoreError:
            self.close()
            raise
        self.index = None

    def _schema_snapshot(self) -> tuple[int, set[str]]:
        """The schema version and the tables, read in one read transaction: two separate reads
        may straddle another ingest's commit of the first migration (version 0, tables there)."""
        self.db.execute("BEGIN")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            self.db.execute("COMMIT")
        return version, tables

    def _refuse_foreign(self, db: Path) -> None:
        """An SQLite file that is not a claimdiff store (tables but no schema version of ours)."""
        version, tables = self._schema_snapshot()
        if ((version == 0 and tables) or (version and "articles" not in tables)) and self.writer \
                and (self.root / LOCK_NAME).is_file():
            self._lock()  # another ingest may be creating it right now: it holds the lock until it is whole
            version, tables = self._schema_snapshot()
        if version == 0 and tables:
            raise StoreError(f"{db}: an SQLite database, but not a claimdiff store (tables: "
                             f"{', '.join(sorted(tables)[:3])}); nothing was changed: give another --store")
        if version and "articles" not in tables:
            raise StoreError(f"{db}: schema v{version} without its tables: not a claimdiff store, or damaged; "
                             "move it away and re-ingest")

    def _lock(self) -> None:
        if self._lock_file is not None:
            return
        lock = self.root / LOCK_NAME
        if lock.exists() and not lock.is_file():
            raise StoreError(f"{lock}: is not a regular file; remove it (claimdiff uses it as its lock file)")
        try:
            self._lock_file = open(lock, "a+")
        except OSError as e:
            raise StoreError(f"{lock}: cannot open the lock file ({e.strerror}); make the store folder "
                             "writable") from e
        fcntl.flock(self._lock_file, fcntl.LOCK_EX)  # a second ingest waits here

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(f"{self.root}: store schema v{version} is newer than this claimdiff "
                             f"(v{len(MIGRATIONS)}); upgrade claimdiff")
        for n in range(version, len(MIGRATIONS)):
            with self.transaction():
                for stmt in _statements(MIGRATIONS[n]):
                    self.db.execute(stmt)
                self.db.execute(f"PRAGMA user_version = {n + 1}")

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT: all of it or nothing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        self._unlock()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- meta / model identity --------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def check_model(self, kind: str, model: str, dim: int) -> None:
        """Refuse to mix vectors of two models; record the model on first use."""
        have = self.meta("model")
        if have is None:
            if self.writer:
                with self.transaction():
                    self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                                        [("model", model), ("dim", str(dim)), ("embedder", kind)])
            return
        if have != model:
            raise StoreError(f"{self.root}: its vectors come from model {have} ({self.meta('embedder')}), this run "
                             f"uses {model} ({kind}); use the same --engine model, or another --store")

    # -- reads ---------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "claims", "embeddings", "stories", "conflicts", "verdicts")}

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT json FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise StoreError(f"article {article_id} is not in {self.root}")
        return Article.model_validate_json(row[0])

    def articles(self) -> list[Article]:
        return [Article.model_validate_json(r[0]) for r in self.db.execute("SELECT json FROM articles ORDER BY rowid")]

    def vectors_for(self, hashes: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            q = f"SELECT text_hash, vector FROM embeddings WHERE text_hash IN ({','.join('?' * len(chunk))})"
            for h, blob in self.db.execute(q, chunk):
                out[h] = np.frombuffer(blob, dtype=np.float32)
        return out

    def listed(self, relations: tuple[str, ...] | None = ("contradiction",)) -> list[tuple[Conflict, str]]:
        """The stored conflicts as `scan` lists them: one disagreement of a story, one row
        (conflicts.fold); each with when it was first found."""
        from claimdiff.conflicts import fold

        rows = self.conflicts(relations)
        found = {c.id: f for c, f in rows}
        return [(c, found[c.id]) for c in fold([c for c, _ in rows])[0]]

    def conflicts(self, relations: tuple[str, ...] | None = ("contradiction",)) -> list[tuple[Conflict, str]]:
        """Stored conflicts (of the given relations; None: all) with when each was first found."""
        out = []
        for js, found, rel in self.db.execute("SELECT json, found_at, relation FROM conflicts"):
            if relations is None or rel in relations:
                out.append((Conflict.model_validate_json(js), found))
        out.sort(key=lambda x: (-x[0].score, x[0].kind, x[0].id))
        return out

    def topic_rows(self, relations: tuple[str, ...] | None = ("contradiction",)) -> list[dict]:
        """Display topics of the stored conflicts: id, label, story, claims, sources; largest first."""
        arts = {a.id: a for a in self.articles()}
        groups: dict[str, dict] = {}
        for c, _ in self.conflicts(relations):
            g = groups.setdefault(c.topic_id, {"topic": c.topic_id, "label": c.topic_label, "story": c.story_label,
                                               "claims": set(), "sources": set()})
            g["claims"].update((c.a.claim_id, c.b.claim_id))
            g["sources"].update(arts[s.article_id].source for s in (c.a, c.b) if s.article_id in arts)
        rows = [{"topic": g["topic"], "label": g["label"], "story": g["story"], "size": len(g["claims"]),
                 "sources": "; ".join(sorted(g["sources"]))} for g in groups.values()]
        return sorted(rows, key=lambda r: (-r["size"], r["topic"]))

    def stories(self) -> list[Story]:
        return [Story.model_validate_json(r[0]) for r in self.db.execute("SELECT json FROM stories ORDER BY id")]

    def scan_result(self, relations: tuple[str, ...] | None = ("contradiction",)) -> ScanResult:
        """The whole archive as one ScanResult (for the HTML report)."""
        from claimdiff.conflicts import topics_of

        claims = tuple(Claim.model_validate_json(js) for (js,) in
                       self.db.execute("SELECT json FROM claims WHERE kept = 1 ORDER BY rowid"))
        rows = tuple(c for c, _ in self.listed(relations))
        return ScanResult(articles=tuple(sorted(self.articles(), key=lambda a: (a.path, a.id))),
                          claims=claims, topics=topics_of(rows), conflicts=rows, stories=tuple(self.stories()))

    def verdicts(self) -> dict[str, tuple[str, str]]:
        return {cid: (status, note) for cid, status, note in
                self.db.execute("SELECT conflict_id, status, note FROM verdicts")}

    def set_verdict(self, c: Conflict, status: str, note: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (c.id, status, note, c.kind, c.a.text, c.b.text, now()))

    def import_verdicts(self, other: str | Path) -> int:
        """Copy the verdicts of another store (e.g. the one this store was rebuilt from); ours win."""
        src = Path(other) / DB_NAME
        if not src.exists():
            raise StoreError(f"{other}: no claimdiff store to import verdicts from")
        with self.transaction():
            before = self.db.total_changes
            rows = sqlite3.connect(src).execute("SELECT conflict_id, status, note, kind, claim_a, claim_b, decided_at "
                                                "FROM verdicts").fetchall()
            self.db.executemany("INSERT OR IGNORE INTO verdicts VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            return self.db.total_changes - before

    # -- the engine's state -------------------------------------------------------------------
    def engine_state(self) -> tuple[str | None, bool]:
        """(engine version the derived rows were made by, whether a write awaits recomputation)."""
        return self.meta("engine"), self.meta("dirty") == "1"

    def set_meta(self, **values: str) -> None:
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(values.items()))

    def article_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY id")]

    def story_inputs(self) -> list[tuple[Article, str | None, dict, str | None]]:
        """(article, story_hash, features, stored story id) of every article, by id."""
        import json

        return [(Article.model_validate_json(js), h, json.loads(f), sid) for js, h, f, sid in
                self.db.execute("SELECT json, story_hash, features, story_id FROM articles ORDER BY id")]

    def kept_claims(self, article_ids: list[str]) -> dict[str, list[tuple[Claim, str]]]:
        """article id -> its kept claims (sentence order) with their text hashes."""
        out: dict[str, list[tuple[Claim, str]]] = {a: [] for a in article_ids}
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i:i + 500]
            q = (f"SELECT article_id, json, text_hash FROM claims WHERE kept = 1 AND article_id IN "
                 f"({','.join('?' * len(chunk))}) ORDER BY article_id, sentence_index, rowid")
            for aid, js, h in self.db.execute(q, chunk):
                out[aid].append((Claim.model_validate_json(js), h))
        return out

    # -- spaCy parses of stored sentences (prepcache.parse_key -> prepcache.encode_parse bytes) --
    # Not a migration: the table is made by the first writer that has a parse to keep, so a store
    # without it reads as one with no parses yet. Rows of another code version are dropped then.
    def parses_for(self, keys: list[str]) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        try:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                q = f"SELECT k, v FROM parses WHERE k IN ({','.join('?' * len(chunk))})"
                out.update((k, v) for k, v in self.db.execute(q, chunk) if isinstance(v, bytes))
        except sqlite3.OperationalError:  # no parses table yet
            return {}
        return out

    def put_parses(self, items: dict[str, bytes], version: str) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS parses (k TEXT PRIMARY KEY, ver TEXT NOT NULL, v BLOB NOT NULL)")
        self.db.execute("DELETE FROM parses WHERE ver != ?", (version,))
        self.db.executemany("INSERT OR REPLACE INTO parses (k, ver, v) VALUES (?, ?, ?)",
                            [(k, version, v) for k, v in sorted(items.items())])

    def put_vectors(self, vectors: dict[str, np.ndarray]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?)",
                            [(h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in sorted(vectors.items())])

    def add_article(self, article: Article, claims: list[tuple[Claim, str, bool]], story_hash: str,
                    features: dict) -> None:
        """One article with its claims (claim, text hash, kept); call inside a transaction."""
        import json

        self.db.execute("INSERT INTO articles (id, path, json, added_at, story_hash, features) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (article.id, article.path, article.model_dump_json(), now(), story_hash,
                         json.dumps(features, sort_keys=True)))
        self.db.executemany("INSERT INTO claims (claim_id, article_id, sentence_index, text_hash, topic_id, json, kept) "
                            "VALUES (?, ?, ?, ?, NULL, ?, ?)",
                            [(c.id, c.article_id, c.sentence_index, h, c.model_dump_json(), int(kept))
                             for c, h, kept in claims])

    def replace_claims(self, article_id: str, claims: list[tuple[Claim, str, bool]]) -> None:
        """An article's claims read anew (the engine's rules changed); inside a transaction."""
        self.db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
        self.db.executemany("INSERT INTO claims (claim_id, article_id, sentence_index, text_hash, topic_id, json, kept) "
                            "VALUES (?, ?, ?, ?, NULL, ?, ?)",
                            [(c.id, c.article_id, c.sentence_index, h, c.model_dump_json(), int(kept))
                             for c, h, kept in claims])

    def set_story_inputs(self, article_id: str, story_hash: str, features: dict) -> None:
        import json

        self.db.execute("UPDATE articles SET story_hash = ?, features = ? WHERE id = ?",
                        (story_hash, json.dumps(features, sort_keys=True), article_id))

    def replace_stories(self, stories: list[Story], story_of: dict[str, str], dropped: set[str],
                        conflicts: list[Conflict]) -> None:
        """New or changed stories with their conflicts; `dropped`: story ids that no longer
        exist or whose rows are recomputed. A conflict keeps its first found_at. In a transaction."""
        ids = sorted(dropped | {s.id for s in stories})
        found: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            found.update(self.db.execute(
                f"SELECT id, found_at FROM conflicts WHERE story_id IN ({','.join('?' * len(chunk))})", chunk))
            self.db.execute(f"DELETE FROM conflicts WHERE story_id IN ({','.join('?' * len(chunk))})", chunk)
            self.db.execute(f"DELETE FROM stories WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        self.db.executemany("INSERT INTO stories VALUES (?, ?)", [(s.id, s.model_dump_json()) for s in stories])
        self.db.executemany("UPDATE articles SET story_id = ? WHERE id = ?",
                            [(sid, aid) for aid, sid in sorted(story_of.items())])
        stamp = now()
        self.db.executemany("INSERT OR REPLACE INTO conflicts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(c.id, c.kind, c.relation, c.story_id, c.score, c.a.article_id, c.b.article_id,
                              c.model_dump_json(), found.get(c.id, stamp)) for c in conflicts])

    # -- read-only views for the CLI (`show`): the SQL stays here --------------------------------
    def claim_context(self, article_id: str, claim_id: str) -> tuple[int, str | None, str | None]:
        """(sentence index, the sentence before, the one after) of a stored claim; index -1 if unknown."""
        row = self.db.execute("SELECT sentence_index FROM claims WHERE claim_id = ? AND article_id = ?",
                              (claim_id, article_id)).fetchone()
        if row is None:
            row = self.db.execute("SELECT sentence_index FROM claims WHERE claim_id = ?", (claim_id,)).fetchone()
        idx = row[0] if row else -1
        ctx = {i: t for i, t in self.db.execute(
            "SELECT sentence_index, json_extract(json, '$.text') FROM claims WHERE article_id = ? "
            "AND sentence_index BETWEEN ? AND ?", (article_id, idx - 1, idx + 1))}
        return idx, (ctx.get(idx - 1) if idx >= 0 else None), (ctx.get(idx + 1) if idx >= 0 else None)


def _statements(script: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our DDL strings)."""
    out = []
    for part in script.split(";"):
        lines = [ln.split("--")[0] for ln in part.splitlines()]
        stmt = "\n".join(lines).strip()
        if stmt:
            out.append(stmt)
    return out

