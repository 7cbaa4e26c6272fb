"""The store: SQLite (schema + migrations) and a FAISS index that shares SQLite's claim row ids.

Layout of a store directory (default `./.claimdiff/`):

    claimdiff.db   SQLite, WAL mode, `PRAGMA user_version` = number of migrations applied
    index.faiss    IndexIDMap2(IndexFlatIP): one vector per kept claim, id = claims.rowid
    lock           `fcntl.flock` target: one writer (ingest) at a time; others wait

SQLite is the truth. Vectors live in SQLite too (`embeddings`, keyed by a hash of the
sentence text, so no sentence is embedded twice); the index file is a cache of them.
On open the index is checked against SQLite (count and ids) and rebuilt from the
stored vectors when it is missing, truncated, corrupt or out of step (a killed ingest
commits articles to SQLite before it saves the index). A reader (`check`) rebuilds
in memory only and never writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from claimdiff.errors import StoreError
from claimdiff.models import Article, Claim, Conflict, ScanResult, Topic, short_hash

DEFAULT_DIR = ".claimdiff"
DB_NAME = "claimdiff.db"
INDEX_NAME = "index.faiss"
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
]


def text_hash(text: str) -> str:
    return short_hash(text.strip(), n=24)


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
        db = self.root / DB_NAME
        if not db.exists():
            if not create:
                raise StoreError(f"{self.root}: no claimdiff store here (build one with `claimdiff ingest ARTICLES "
                                 f"--store {self.root}`)")
            self.root.mkdir(parents=True, exist_ok=True)
        self._lock_file = None
        if writer:
            self._lock_file = open(self.root / LOCK_NAME, "a+")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)  # a second ingest waits here
        try:
            self.db = sqlite3.connect(db, timeout=60, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"{db}: cannot open ({e}); is it a claimdiff store?") from e
        self.db.row_factory = sqlite3.Row
        try:
            self.db.execute("PRAGMA busy_timeout = 60000")
            if writer or create:
                self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{db}: not a readable claimdiff database ({e}); move it away and re-ingest") from e
        self.index = None

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
        self.db.close()
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

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
                for t in ("articles", "claims", "embeddings", "topics", "conflicts", "verdicts")}

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

    def claims_by_rowid(self, rowids: list[int]) -> dict[int, tuple[Claim, str | None]]:
        out: dict[int, tuple[Claim, str | None]] = {}
        for i in range(0, len(rowids), 500):
            chunk = [int(r) for r in rowids[i:i + 500]]
            q = f"SELECT rowid, json, topic_id FROM claims WHERE rowid IN ({','.join('?' * len(chunk))})"
            for rid, js, tid in self.db.execute(q, chunk):
                out[rid] = (Claim.model_validate_json(js), tid)
        return out

    def topic_state(self, topic_id: str) -> tuple[np.ndarray, int] | None:
        row = self.db.execute("SELECT vsum, size FROM topics WHERE id = ?", (topic_id,)).fetchone()
        if row is None:
            return None
        return np.frombuffer(row[0], dtype=np.float64).copy(), int(row[1])

    def topic_labels(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT id, label FROM topics"))

    def conflicts(self) -> list[tuple[Conflict, str]]:
        """Every stored conflict (labels as of now) with when it was found."""
        labels = self.topic_labels()
        out = []
        for js, found in self.db.execute("SELECT json, found_at FROM conflicts"):
            c = Conflict.model_validate_json(js)
            if c.topic_id in labels and labels[c.topic_id] != c.topic_label:
                c = c.model_copy(update={"topic_label": labels[c.topic_id]})
            out.append((c, found))
        out.sort(key=lambda x: (-x[0].score, x[0].kind, x[0].id))
        return out

    def scan_result(self) -> ScanResult:
        """The whole archive as one ScanResult (for the HTML report)."""
        claims, members = [], {}
        for js, tid in self.db.execute("SELECT json, topic_id FROM claims ORDER BY rowid"):
            c = Claim.model_validate_json(js)
            claims.append(c)
            if tid:
                members.setdefault(tid, []).append(c.id)
        topics = tuple(Topic(id=tid, label=label, claim_ids=tuple(sorted(members.get(tid, ()))))
                       for tid, label in self.db.execute("SELECT id, label FROM topics ORDER BY id"))
        return ScanResult(articles=tuple(sorted(self.articles(), key=lambda a: (a.path, a.id))),
                          claims=tuple(claims), topics=topics,
                          conflicts=tuple(c for c, _ in self.conflicts()))

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

    # -- the FAISS index -------------------------------------------------------------------------
    def indexed_rowids(self) -> np.ndarray:
        rows = self.db.execute("SELECT rowid FROM claims WHERE topic_id IS NOT NULL ORDER BY rowid").fetchall()
        return np.array(rows, dtype=np.int64).reshape(-1)

    def load_index(self, dim: int):
        """The index, checked against SQLite; rebuilt from stored vectors when it disagrees.

        A writer saves the rebuilt index; a reader keeps it in memory only."""
        import faiss

        path = self.root / INDEX_NAME
        # count, sum and max of the ids SQLite says are indexed, computed in SQLite: a missing,
        # extra or stale id changes them, and no 23k-row list is built in Python on every open
        n, total, top = self.db.execute("SELECT count(*), coalesce(sum(rowid), 0), coalesce(max(rowid), 0) "
                                        "FROM claims WHERE topic_id IS NOT NULL").fetchone()
        index = None
        if path.exists():
            try:
                index = faiss.read_index(str(path))
                have = faiss.vector_to_array(index.id_map).astype(np.int64)
                if index.d != dim or index.ntotal != n or int(have.sum()) != total \
                        or (int(have.max()) if len(have) else 0) != top:
                    index = None
            except (RuntimeError, AttributeError):
                index = None  # truncated or corrupt: rebuild below
        if index is None:
            index = self._rebuild_index(dim)
            if self.writer:
                self.save_index(index)
        self.index = index
        return index

    def _rebuild_index(self, dim: int):
        import faiss

        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        ids, vecs = [], []
        for rid, blob in self.db.execute("SELECT c.rowid, e.vector FROM claims c JOIN embeddings e "
                                         "ON e.text_hash = c.text_hash WHERE c.topic_id IS NOT NULL ORDER BY c.rowid"):
            ids.append(rid)
            vecs.append(np.frombuffer(blob, dtype=np.float32))
        if ids:
            x = np.vstack(vecs).astype(np.float32)
            if x.shape[1] != dim:
                raise StoreError(f"{self.root}: stored vectors have {x.shape[1]} dimensions, the model {dim}; "
                                 "use the model the store was built with, or another --store")
            index.add_with_ids(x, np.asarray(ids, dtype=np.int64))
        return index

    def save_index(self, index) -> None:
        """Write to a temporary file and rename: a reader sees the old index or the new one."""
        import faiss

        path = self.root / INDEX_NAME
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        faiss.write_index(index, str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)


def _statements(script: str) -> list[str]:
    """Split a migration into statements (no semicolons inside our DDL strings)."""
    out = []
    for part in script.split(";"):
        lines = [ln.split("--")[0] for ln in part.splitlines()]
        stmt = "\n".join(lines).strip()
        if stmt:
            out.append(stmt)
    return out

