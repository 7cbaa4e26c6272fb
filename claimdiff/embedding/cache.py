"""Embedding cache: a sentence is embedded once per model identity, ever.

Vectors are keyed by (model identity, hash of the sentence's text). `embed_texts` looks
every distinct text up in a `VectorCache` and embeds only the missing ones.

`DiskCache` keeps one SQLite file per model identity under the user's cache directory
(`$XDG_CACHE_HOME` or platformdirs' user cache dir)/claimdiff/vectors/<identity>/.
SQLite gives what the cache needs without a hand-made file format: each `put` is one
transaction (atomic under kill -9: a torn write is rolled back by the journal at the
next open), several processes may read and write at once (WAL, a busy timeout), and a
damaged file is detected at open or read (`sqlite3.DatabaseError`) and set aside and
rebuilt; if even that fails the cache turns itself off for the run. A cache is never
fatal: at worst it costs an embedding. Size: rows past `max_bytes` are evicted, least
recently used first ("used" is refreshed at most once an hour per row, so reads rarely
write).

Which vectors may be shared (`model_identity`): the identity is the sha256 of the
weights, the engine family (all-MiniLM-L6-v2 BERT, mean pooled) and a fidelity class.
The fp32 engines (fast, light, stock) agree at cosine min 0.9999999 (fp32 rounding
only): one class, "fp32". A bf16 engine shares the "fp32" class only when the
self-check `claimdiff model prepare` recorded for these very weights met the fidelity
bar (cosine to fp32 mean >= 0.999 and min >= 0.995 on the fixed sentences); otherwise
its vectors get a class of their own ("bf16") and are never mixed with fp32 ones.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from claimdiff.models import text_hash  # noqa: F401  (the one key of a sentence's vector)

# Part of every real engine's identity: bump it when a change to the engines' code changes
# their numbers beyond fp32 rounding, so that vectors of the old code are not reused.
ENGINE_VERSION = 1
DEFAULT_MAX_BYTES = 1 << 30  # 1 GiB: ~600k MiniLM vectors
_ROW_OVERHEAD = 80  # bytes per row beyond the vector (hash, timestamps, b-tree): for the size limit
_TOUCH_EVERY_S = 3600


def model_identity(embedder) -> str:
    """Weights hash + engine family + fidelity class: vectors with one identity are interchangeable.

    Embedders that know their own identity (the fake one, test doubles) say it with an
    `identity` attribute; the real engines are identified by the manifest's weight hash."""
    own = getattr(embedder, "identity", None)
    if own:
        return _safe(str(own))
    name = str(getattr(embedder, "name", type(embedder).__name__))
    try:
        from claimdiff.embedding.modelfiles import load_manifest

        m = load_manifest()
        sha = m["files"]["model.safetensors"]
    except Exception:  # noqa: BLE001 - an embedder without our model: key by its name only
        return _safe(f"{name}-{getattr(embedder, 'dim', 0)}")
    precision = getattr(embedder, "precision", "fp32")
    family = "minilm-l6-mean"
    cls = "fp32" if precision == "fp32" or shares_fp32_class(precision, sha) else precision
    return _safe(f"{family}-{sha[:16]}-{cls}-v{ENGINE_VERSION}")


def shares_fp32_class(precision: str, weights_sha256: str) -> bool:
    """True when prepare's recorded self-check for `precision` on these weights met the bar."""
    from claimdiff.embedding.precision import fidelity_record, meets_bar

    rec = fidelity_record(precision)
    return bool(rec) and rec.get("weights_sha256") == weights_sha256 and meets_bar(rec)


def _safe(s: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in s)[:120]


class VectorCache(Protocol):
    def get(self, hashes: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put(self, vectors: dict[str, np.ndarray]) -> None: ...


class MemoryCache:
    """A dict: for tests and for one process that embeds the same texts several times."""

    def __init__(self) -> None:
        self.data: dict[str, np.ndarray] = {}

    def get(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        return {h: self.data[h] for h in hashes if h in self.data}

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        self.data.update({h: np.asarray(v, dtype=np.float32) for h, v in vectors.items()})


def user_cache_dir() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg)
    try:
        import platformdirs

        return Path(platformdirs.user_cache_dir())
    except ImportError:
        return Path.home() / ".cache"


def _warn(msg: str) -> None:
    print(f"warning: embedding cache: {msg}", file=sys.stderr)


class DiskCache:
    """Vectors of one model identity in <root>/claimdiff/vectors/<identity>/vectors.sqlite3."""

    # the folder under <root>/claimdiff/, the file, and the table: a subclass (prepcache.BlobCache)
    # keeps other values with the same damage handling
    _KIND = "vectors"
    _FILE = "vectors.sqlite3"
    _SCHEMA = ("CREATE TABLE IF NOT EXISTS vec (h TEXT PRIMARY KEY, v BLOB NOT NULL, used INTEGER NOT NULL) WITHOUT ROWID",
               "CREATE INDEX IF NOT EXISTS vec_used ON vec(used)")
    _PROBE = "SELECT count(*) FROM vec WHERE h = ''"

    def __init__(self, identity: str, dim: int, root: str | Path | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, warn: Callable[[str], None] = _warn) -> None:
        self.identity = _safe(identity)
        self.dim = int(dim)
        self.max_bytes = int(max_bytes)
        self.dir = Path(root) if root else user_cache_dir()
        self.dir = self.dir / "claimdiff" / self._KIND / self.identity
        self.path = self.dir / self._FILE
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self._off = False

    @classmethod
    def for_embedder(cls, embedder, root: str | Path | None = None, **kw) -> "DiskCache":
        return cls(model_identity(embedder), int(embedder.dim), root, **kw)

    # -- connection, and what to do when the file is damaged --

    def _connect(self) -> sqlite3.Connection | None:
        if self._off:
            return None
        if self._db is not None:
            return self._db
        attempt, locked = 0, 0
        while attempt < 2:
            db = None
            try:
                self.dir.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                for stmt in self._SCHEMA:
                    db.execute(stmt)
                db.execute(self._PROBE).fetchone()
                self._db = db
                return db
            except sqlite3.DatabaseError as e:
                if db is not None:
                    db.close()
                if isinstance(e, sqlite3.OperationalError) and "locked" in str(e) and locked < 20:
                    # processes creating the file at once: switching to WAL takes a lock the busy
                    # timeout does not wait for; wait and try again rather than go uncached
                    locked += 1
                    time.sleep(0.05 * locked)
                    continue
                if attempt == 0 and self._set_aside(e):
                    attempt += 1
                    continue
                return self._disable(f"{self.path}: {e}")
            except OSError as e:
                return self._disable(f"{self.dir}: {e.strerror or e}")
        return None

    def _set_aside(self, err: Exception) -> bool:
        """Move a damaged database away (never fatal, never silent) so it is rebuilt."""
        if isinstance(err, sqlite3.OperationalError) and "locked" in str(err):
            return False
        self._warn(f"{self.path}: damaged ({err}); starting a new cache")
        try:
            for suffix in ("", "-wal", "-shm"):
                p = Path(str(self.path) + suffix)
                if p.exists():
                    p.replace(p.with_name(p.name + f".damaged-{os.getpid()}"))
            return True
        except OSError:
            return False

    _OFF_MESSAGE = "embedding without a cache this run"

    def _disable(self, why: str) -> None:
        self._warn(f"{why}; {self._OFF_MESSAGE}")
        self._off = True
        self.close()
        return None

    def _retry_once(self, fn):
        """Run fn(db); a damaged file found on the way is set aside and fn tried on a new one."""
        db = self._connect()
        if db is None:
            return None
        try:
            return fn(db)
        except sqlite3.OperationalError as e:  # busy past the timeout, disk full, read-only: skip
            self._warn(f"{self.path}: {e}; continuing without it for this batch")
            return None
        except sqlite3.DatabaseError as e:
            self.close()
            if not self._set_aside(e):
                return self._disable(f"{self.path}: {e}")
            db = self._connect()
            if db is None:
                return None
            try:
                return fn(db)
            except sqlite3.DatabaseError as e2:
                return self._disable(f"{self.path}: {e2}")

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    # -- the protocol --

    def get(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        hashes = list(dict.fromkeys(hashes))
        if not hashes:
            return {}

        def read(db: sqlite3.Connection) -> dict[str, np.ndarray]:
            found: dict[str, np.ndarray] = {}
            stale: list[str] = []
            now = int(time.time())
            want = self.dim * 4
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                q = f"SELECT h, v, used FROM vec WHERE h IN ({','.join('?' * len(chunk))})"
                for h, blob, used in db.execute(q, chunk):
                    if not isinstance(blob, bytes) or len(blob) != want:
                        continue  # damaged row: embedded again and overwritten
                    v = np.frombuffer(blob, dtype=np.float32)
                    sq = float(v @ v) if np.isfinite(v).all() else -1.0
                    if not (abs(sq - 1.0) <= 1e-3 or 0.0 <= sq <= 1e-12):  # unit rows (zero for no text)
                        continue
                    found[h] = v
                    if now - used > _TOUCH_EVERY_S:
                        stale.append(h)
            if stale:
                with _transaction(db):
                    db.executemany("UPDATE vec SET used = ? WHERE h = ?", [(now, h) for h in stale])
            return found

        return self._retry_once(read) or {}

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        if not vectors:
            return
        now = int(time.time())
        rows = []
        for h, v in vectors.items():
            a = np.ascontiguousarray(v, dtype=np.float32).reshape(-1)
            if a.shape[0] != self.dim:
                raise ValueError(f"vector of {a.shape[0]} dims for a cache of {self.dim}")
            rows.append((h, a.tobytes(), now))

        def write(db: sqlite3.Connection) -> None:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO vec (h, v, used) VALUES (?, ?, ?)", rows)
                self._evict(db)

        self._retry_once(write)

    def __len__(self) -> int:
        r = self._retry_once(lambda db: db.execute("SELECT count(*) FROM vec").fetchone()[0])
        return int(r or 0)

    def _evict(self, db: sqlite3.Connection) -> None:
        limit = max(1, self.max_bytes // (self.dim * 4 + _ROW_OVERHEAD))
        n = db.execute("SELECT count(*) FROM vec").fetchone()[0]
        if n > limit:  # drop the least recently used, down to 90% so eviction is not every put
            drop = n - int(limit * 0.9)
            db.execute("DELETE FROM vec WHERE h IN (SELECT h FROM vec ORDER BY used, h LIMIT ?)", (drop,))


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        return False


def open_cache(embedder, enabled: bool = True, cache_dir: str | Path | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> DiskCache | None:
    """The disk cache for this embedder, or None (disabled, or the fake embedder of tests
    when no explicit folder is given: tests must not write into the user's cache)."""
    if not enabled:
        return None
    if cache_dir is None and getattr(embedder, "name", "") == "fake":
        return None
    return DiskCache.for_embedder(embedder, cache_dir, max_bytes=max_bytes)


def embed_texts(texts: Sequence[str], embedder, cache: VectorCache | None = None, batch: int = 256,
                progress=None) -> np.ndarray:
    """(len(texts), dim) float32 rows, L2-normalised, in the order of `texts`.

    Each distinct text is looked up in `cache` and only the missing ones are embedded
    (in batches of `batch`, each batch stored as soon as it is done, so an interrupted
    run keeps what it finished). `progress(stage, done, total)` is told "embed" with the
    number of distinct texts done, cached ones included."""
    if isinstance(texts, str):
        raise TypeError("embed_texts() takes a sequence of sentences, not one string (wrap it in a list)")
    texts = list(texts)
    dim = int(embedder.dim)
    if not texts:
        return np.zeros((0, dim), dtype=np.float32)
    index: dict[str, int] = {}
    rows = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    unique = list(index)
    keys = [text_hash(t) for t in unique]
    out = np.zeros((len(unique), dim), dtype=np.float32)
    have = cache.get(keys) if cache is not None else {}
    missing = []
    for i, k in enumerate(keys):
        v = have.get(k)
        if v is not None and v.shape == (dim,):
            out[i] = v
        else:
            missing.append(i)
    done = len(unique) - len(missing)
    if progress is not None:
        progress("embed", done, len(unique))
    for s in range(0, len(missing), max(1, batch)):
        part = missing[s:s + batch]
        vecs = np.asarray(embedder.encode([unique[i] for i in part]), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        vecs = vecs / norms
        out[part] = vecs
        if cache is not None:
            cache.put({keys[i]: vecs[j] for j, i in enumerate(part)})
        done += len(part)
        if progress is not None:
            progress("embed", done, len(unique))
    return out[rows]


class CachedEmbedder:
    """An Embedder whose `encode` goes through `embed_texts` with a cache: a drop-in for any
    stage that calls `encode` (the scan pipeline's batches), so that sentences embedded by
    an earlier run are not embedded again."""

    def __init__(self, embedder, cache: VectorCache) -> None:
        self.inner = embedder
        self.cache = cache
        self.name = getattr(embedder, "name", "embedder")
        self.dim = int(embedder.dim)
        self.precision = getattr(embedder, "precision", "fp32")
        self.device = getattr(embedder, "device", "cpu")
        self.identity = model_identity(embedder)
        self.embedded = 0  # sentences actually sent to the inner embedder (for tests and the bench)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        inner = self.inner
        counter = self

        class _Counting:
            dim = self.dim

            def encode(self, t):  # noqa: N805 - a tiny adapter
                counter.embedded += len(t)
                return inner.encode(t)

        return embed_texts(texts, _Counting(), self.cache, batch=max(1, len(texts)))


def cached_embedder(embedder, settings=None):
    """`embedder` behind the disk cache that `settings` asks for (cache, cache_dir), or as it is."""
    enabled = True if settings is None else bool(getattr(settings, "cache", True))
    cache_dir = None if settings is None else getattr(settings, "cache_dir", None)
    cache = open_cache(embedder, enabled, cache_dir)
    return embedder if cache is None else CachedEmbedder(embedder, cache)
