"""The archive: the scan engine over stored articles plus new ones.

Nothing here decides a row. `ingest` and `check` call the same stages as `scan`
(`pipeline.prepare_articles`, `pipeline.group_stories`, `conflicts.find_conflicts`), so
for any articles, in any order or batching, the archive holds exactly the conflicts a scan
of all of them lists, and `check FILE` reports exactly the conflicts such a scan lists
that involve FILE.

What is kept per article (archive/store.py): its text, its kept claims, their vectors
(by sentence hash, so nothing is embedded twice) and its story vector and features.
What is derived: stories over all stored articles, and each story's conflicts. After new
articles are written, stories are recomputed (a pure function of the set of articles,
cheap next to embedding), and only the stories whose membership changed have their
conflicts recomputed.

Crash safety: each article is written in one transaction together with `meta.dirty = 1`;
the stories and conflicts are replaced in one transaction that clears it. A run killed in
between leaves the archive dirty, and the next writer finishes the recomputation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimdiff.archive.store import ENGINE_VERSION, Store, model_identity
from claimdiff.conflicts import Prepared, find_conflicts, fold, select
from claimdiff.embedding.engines import Embedder
from claimdiff.errors import ModelError, StoreError
from claimdiff.models import Article, Claim, Conflict, text_hash
from claimdiff.pipeline import Progress, _noop, group_stories, prepare_articles
from claimdiff.settings import Settings
from claimdiff.stories import story_text

BATCH_ARTICLES = 64  # articles embedded together, then written one transaction each


@dataclass
class IngestReport:
    added: int = 0
    known: int = 0  # articles already in the store: nothing done
    claims: int = 0
    embedded: int = 0  # sentences sent to the embedder
    stories: int = 0  # stories whose conflicts were (re)computed
    conflicts: int = 0  # conflicts in the archive after the run (all relations)
    skipped: list[str] = field(default_factory=list)


def _dim_for(kind: str) -> int:
    if kind == "fake":
        return 64
    from claimdiff.embedding.modelfiles import load_manifest

    return int(load_manifest()["dim"])


def load_light_embedder(kind: str) -> Embedder:
    """The embedder for `check`: the requested path, else "auto" when this build lacks it."""
    from claimdiff.embedding.engines import load_embedder

    try:
        return load_embedder(kind)
    except (ValueError, KeyError, NotImplementedError):
        return load_embedder("auto")


class _StoreCache:
    """Vectors by sentence hash from the store; new ones are written (ingest) or only
    remembered for this run (check). `user`: the user's embedding cache (embedding/cache.py),
    asked for what the store lacks and given what was embedded (not the archive: a check
    still writes nothing there)."""

    def __init__(self, store: Store, write: bool, user=None) -> None:
        self.store, self.write, self.user = store, write, user
        self.pending: dict[str, np.ndarray] = {}
        self.embedded = 0

    def get(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        got = self.store.vectors_for(list(hashes))
        got.update({h: self.pending[h] for h in hashes if h in self.pending and h not in got})
        if self.user is not None:
            left = [h for h in hashes if h not in got]
            found = self.user.get(left) if left else {}
            if found:
                got.update(found)
                if self.write:  # the archive keeps every vector its claims name (claims.text_hash)
                    with self.store.transaction():
                        self.store.put_vectors(found)
                else:
                    self.pending.update(found)
        return got

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        self.embedded += len(vectors)
        if self.user is not None:
            self.user.put(vectors)
        if self.write:
            with self.store.transaction():
                self.store.put_vectors(vectors)
        else:
            self.pending.update(vectors)


class _StoreParses:
    """The store's spaCy parses, as prepcache.cached_parser reads and writes them."""

    def __init__(self, store: Store, write: bool) -> None:
        self.store, self.write = store, write

    def get(self, keys: Sequence[str]) -> dict[str, bytes]:
        return self.store.parses_for(list(keys))

    def put(self, items: dict[str, bytes]) -> None:
        if self.write and items:
            from claimdiff.prepcache import code_version

            with self.store.transaction():
                self.store.put_parses(items, code_version())


def _user_caches(settings: Settings, kind: str, embedder: Embedder | None):
    """(the user's vector cache for this engine, the prepared cache) as `scan` uses them, or
    None each (--no-cache, the fake engine of tests without a cache folder)."""
    if not settings.cache or (settings.cache_dir is None and (kind == "fake" or getattr(embedder, "name", "") == "fake")):
        return None, None
    from claimdiff.embedding.cache import DiskCache
    from claimdiff.embedding.engines import LazyEmbedder, lazy_embedder
    from claimdiff.prepcache import open_blobs

    e = embedder
    if e is None:
        e = lazy_embedder(kind if kind in ("light", "fast", "stock", "auto") else "auto")
        if not isinstance(e, LazyEmbedder):  # identity unknown without loading: no user vectors
            e = None
    vectors = DiskCache.for_embedder(e, settings.cache_dir) if e is not None else None
    return vectors, open_blobs(settings, e)


class _LazyEmbedder:
    """Loads the real embedder only when a sentence is missing from the store."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.dim = archive.dim

    def encode(self, texts):
        return self.archive.embedder.encode(texts)


class Archive:
    def __init__(self, store: Store, settings: Settings = Settings(), kind: str = "auto",
                 embedder: Embedder | None = None, progress: Progress = _noop) -> None:
        if settings.across_stories:
            raise StoreError(f"{store.root}: the archive compares claims within stories only; "
                             "use `claimdiff scan --across-stories` for the wider view")
        self.store = store
        self.settings = settings
        self.kind = kind
        self._embedder = embedder
        self.progress = progress
        if embedder is not None:
            self.dim = embedder.dim
            model = f"fake-{embedder.dim}" if embedder.name == "fake" else model_identity(kind, embedder.dim)
        else:
            self.dim = _dim_for(kind)
            model = model_identity(kind, self.dim)
        store.check_model(kind, model, self.dim)
        user_vectors, self.blobs = _user_caches(settings, kind, embedder)
        self.cache = _StoreCache(store, write=store.writer, user=user_vectors)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_light_embedder(self.kind)
            if self._embedder.dim != self.dim:
                raise ModelError(f"embedder {self._embedder.name} gives {self._embedder.dim} dimensions, "
                                 f"the store holds {self.dim}")
        return self._embedder

    # -- stored articles as the engine sees them ---------------------------------------------
    def _prepared(self, rows: list[tuple[Article, str | None, dict]], need_claims: set[str]) -> dict[str, Prepared]:
        """Prepared articles from the store; claims and their vectors only for `need_claims`."""
        claims = self.store.kept_claims(sorted(need_claims))
        hashes = {h for _, h, _ in rows if h} | {h for cl in claims.values() for _, h in cl}
        vecs = self.store.vectors_for(sorted(hashes))
        out: dict[str, Prepared] = {}
        empty = np.zeros((0, self.dim), np.float32)
        for art, sh, feats in rows:
            if sh is None or sh not in vecs:
                raise StoreError(f"{self.store.root}: article {art.path} has no story vector; "
                                 "run `claimdiff ingest` to bring the store up to date")
            cl = claims.get(art.id, [])
            v = np.vstack([vecs[h] for _, h in cl]).astype(np.float32) if cl else empty
            out[art.id] = Prepared(article=art, claims=[c for c, _ in cl], vectors=v,
                                   story_vector=vecs[sh], features=feats)
        return out

    def _stale(self) -> bool:
        engine, dirty = self.store.engine_state()
        return engine != ENGINE_VERSION or dirty

    # -- ingest ------------------------------------------------------------------------------------
    def ingest(self, articles: Sequence[Article]) -> IngestReport:
        rep = IngestReport()
        todo: list[Article] = []
        seen: set[str] = set()
        for a in sorted(articles, key=lambda a: (a.path, a.id)):
            if a.id in seen or self.store.has_article(a.id):
                rep.known += 1
            else:
                todo.append(a)
            seen.add(a.id)
        if self.store.meta("engine") not in (None, ENGINE_VERSION) and self.store.article_ids():
            self._reread_claims()
        lazy = _LazyEmbedder(self)
        for start in range(0, len(todo), BATCH_ARTICLES):
            batch = todo[start:start + BATCH_ARTICLES]
            prepared = prepare_articles(batch, self.settings, lazy, self.cache)
            for a in batch:
                p = prepared[a.id]
                with self.store.transaction():
                    self.store.add_article(a, [(c, text_hash(c.text), True) for c in p.claims],
                                           text_hash(story_text(a)), p.features)
                    self.store.set_meta(dirty="1")
                rep.added += 1
                rep.claims += len(p.claims)
                self.progress("ingest", rep.added, len(todo))
        if todo or self._stale():
            rep.stories = self.refresh()
        rep.embedded = self.cache.embedded
        rep.conflicts = self.store.counts()["conflicts"]
        return rep

    def _reread_claims(self) -> None:
        """The engine's rules changed: read every stored article's claims anew (vectors are
        reused by sentence hash; only sentences never seen are embedded)."""
        rows = self.store.story_inputs()
        lazy = _LazyEmbedder(self)
        for start in range(0, len(rows), BATCH_ARTICLES):
            chunk = [r[0] for r in rows[start:start + BATCH_ARTICLES]]
            prepared = prepare_articles(chunk, self.settings, lazy, self.cache)
            with self.store.transaction():
                for a in chunk:
                    p = prepared[a.id]
                    self.store.replace_claims(a.id, [(c, text_hash(c.text), True) for c in p.claims])
                    self.store.set_story_inputs(a.id, text_hash(story_text(a)), p.features)
                self.store.set_meta(dirty="1")

    def refresh(self, conflicts_of=find_conflicts) -> int:
        """Recompute stories over every stored article, and the conflicts of each story whose
        membership changed (all of them when the engine's version changed). One transaction.
        `conflicts_of` executes `find_conflicts` (same result): `ingest --ray` runs it on Ray."""
        rows = self.store.story_inputs()
        full = self.store.meta("engine") != ENGINE_VERSION
        lite = self._prepared([(a, h, f) for a, h, f, _ in rows], set())
        stories, story_of = group_stories(lite, self.settings)
        old_members: dict[str, set[str]] = {}
        for a, _, _, sid in rows:
            if sid is not None:
                old_members.setdefault(sid, set()).add(a.id)
        changed = [s for s in stories if full or old_members.get(s.id) != set(s.article_ids)]
        live = {s.id for s in stories}
        dropped = {sid for sid in old_members if sid not in live} | {s.id for s in changed}
        need = {aid for s in changed for aid in s.article_ids}
        prepared = self._prepared([(a, h, f) for a, h, f, _ in rows if a.id in need], need)
        # the store's and the user's kept parses serve the local path; Ray's tasks parse on
        # their workers (a store connection does not travel)
        parser = self._parser() if conflicts_of is find_conflicts else None
        conflicts = conflicts_of(prepared, changed, self.settings, parser=parser) if changed else []
        with self.store.transaction():
            self.store.replace_stories(changed, {a: story_of[a] for a in need}, dropped, conflicts)
            self.store.set_meta(engine=ENGINE_VERSION, dirty="0")
        return len(changed)

    # -- check ---------------------------------------------------------------------------------
    def check(self, articles: Sequence[Article]) -> list[Conflict]:
        """Conflicts the given articles bring, against the store and each other; nothing is
        written. A file already archived under the same path is compared as its new version:
        the archived version of that path is left out."""
        if self._stale():
            raise StoreError(f"{self.store.root}: the store was written by an earlier claimdiff or an "
                             "interrupted ingest; run `claimdiff ingest` (with no new files it only "
                             "brings the store up to date), then check again")
        paths = {_norm(a.path) for a in articles}
        new = {a.id: a for a in sorted(articles, key=lambda a: (a.path, a.id))}
        rows = [(a, h, f) for a, h, f, _ in self.store.story_inputs()
                if a.id not in new and _norm(a.path) not in paths]
        fresh = prepare_articles(list(new.values()), self.settings, _LazyEmbedder(self), self.cache,
                                 reads=self._reads())
        lite = self._prepared(rows, set())
        lite.update(fresh)
        stories, _ = group_stories(lite, self.settings)
        touched = [s for s in stories if any(a in new for a in s.article_ids)]
        if not any(len(s.article_ids) > 1 for s in touched):  # no story pairs a new article with another:
            return []  # find_conflicts would find no candidate pair (its rows come from within stories)
        need = {aid for s in touched for aid in s.article_ids if aid not in new}
        prepared = self._prepared([r for r in rows if r[0].id in need], need)
        prepared.update(fresh)
        found = self._conflicts_of()(prepared, touched, self.settings, only_articles=frozenset(new),
                                     parser=self._parser())
        return fold(select(found, self.settings))[0]

    # -- what is kept so that it is not derived again ----------------------------------------
    def _parser(self):
        """spaCy parses from the store (ingest keeps every parse it makes there), then the
        user's prepared cache; spaCy parses only the rest, and is loaded only then."""
        from claimdiff.prepcache import cached_parser

        stored = _StoreParses(self.store, write=self.store.writer)
        return cached_parser([stored, self.blobs], [stored, self.blobs])

    def _conflicts_of(self):
        """find_conflicts, or (with the user's prepared cache) the rows of a story whose members,
        vectors and checked articles are unchanged since an earlier check, read back."""
        if self.blobs is None:
            return find_conflicts
        from claimdiff.prepcache import cached_conflicts

        return cached_conflicts(self.blobs)

    def _reads(self):
        if self.blobs is None:
            return None
        from claimdiff.prepcache import ReadCache

        return ReadCache(self.blobs)


def ingest_prepared(archive: Archive, prepared: Sequence[Prepared], embedded: int = 0,
                    conflicts_of=find_conflicts, seconds: dict | None = None) -> IngestReport:
    """`Archive.ingest` for articles prepared elsewhere (`claimdiff ingest --ray`, which runs
    `prepare_articles` on Ray workers: scaleout/ray_exec.py): the same order, the same rows
    written (each article, its kept claims and the vectors they and its story text need, in
    one transaction with `dirty`), then the same `refresh`. A sentence the store already
    holds keeps its stored vector (INSERT OR IGNORE), as the plain path reuses it.
    `embedded`: the sentences the workers embedded, for the report. `conflicts_of`: as in
    `Archive.refresh`. `seconds`, when given, gets the wall time of "write" and "refresh"."""
    import time

    t0 = time.perf_counter()
    store = archive.store
    rep = IngestReport()
    todo: list[Prepared] = []
    seen: set[str] = set()
    for p in sorted(prepared, key=lambda p: (p.article.path, p.article.id)):
        if p.article.id in seen or store.has_article(p.article.id):
            rep.known += 1
        else:
            todo.append(p)
        seen.add(p.article.id)
    if store.meta("engine") not in (None, ENGINE_VERSION) and store.article_ids():
        archive._reread_claims()
    for p in todo:
        a = p.article
        story_hash = text_hash(story_text(a))
        vectors = {text_hash(c.text): v for c, v in zip(p.claims, p.vectors)}
        vectors.setdefault(story_hash, p.story_vector)
        with store.transaction():
            store.put_vectors(vectors)
            store.add_article(a, [(c, text_hash(c.text), True) for c in p.claims], story_hash, p.features)
            store.set_meta(dirty="1")
        rep.added += 1
        rep.claims += len(p.claims)
        archive.progress("ingest", rep.added, len(todo))
    t1 = time.perf_counter()
    if todo or archive._stale():
        rep.stories = archive.refresh(conflicts_of)
    if seconds is not None:
        seconds.update(write=t1 - t0, refresh=time.perf_counter() - t1)
    rep.embedded = embedded + archive.cache.embedded
    rep.conflicts = store.counts()["conflicts"]
    return rep


def _norm(path: str) -> str:
    return str(Path(path))


__all__ = ["Archive", "IngestReport", "ingest_prepared", "load_light_embedder", "Claim"]
