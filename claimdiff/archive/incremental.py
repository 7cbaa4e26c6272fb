"""Incremental work against the store: `ingest` adds articles, `check` compares without writing.

Per article, in order:

1. claims are read exactly as `scan` reads them (`pipeline.extract_claims`);
2. vectors come from the store by a hash of the sentence text; only unseen sentences
   are embedded (the embedder is loaded lazily, so a run with nothing new never loads it);
3. near-duplicate sentences of one article count once (`pipeline.drop_duplicates`);
4. each kept claim searches the FAISS index for its `Settings.neighbours` nearest claims;
5. topics stay stable: a claim joins the candidate topic (the topics of its neighbours and
   of the article's earlier claims) with the highest mean cosine to its members
   (`v · sum / size`, the average-linkage test `scan` uses to merge), when that is at
   least `Settings.topic_threshold`; otherwise it opens a new topic named, as in
   `topics.build_topics`, by a hash of its text. Existing topic ids never change;
6. conflicts are found by `pipeline.find_conflicts` over the new claims and their
   neighbours, with the same comparators, thresholds and tie-breaks as `scan`;
7. `ingest` writes the article, its claims, vectors, topic updates and conflicts in one
   transaction (all of an article or none), then adds its vectors to the index.
   The index file is saved at the end (and every `SAVE_EVERY` articles); a run killed
   before that leaves SQLite ahead of the file, and the next open rebuilds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimdiff.embedding.engines import Embedder
from claimdiff.errors import ModelError
from claimdiff.models import Article, Claim, Conflict, short_hash
from claimdiff.settings import Settings
from claimdiff.pipeline import Progress, _noop, drop_duplicates, extract_claims, find_conflicts
from claimdiff.archive.store import Store, model_identity, now, text_hash
from claimdiff.neighbours import Neighbours, knn
from claimdiff.topics import label_topics

SAVE_EVERY = 200
TEMP_ID_BASE = 1 << 62  # ids of claims checked but not stored (never collide with SQLite rowids)


@dataclass
class IngestReport:
    added: int = 0
    known: int = 0  # articles already in the store: nothing done
    claims: int = 0
    embedded: int = 0  # sentences sent to the embedder
    new_topics: int = 0
    conflicts: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Delta:
    """Everything one article adds; written in one transaction or dropped."""

    article: Article
    claims: list[Claim]
    hashes: list[str]
    vectors: np.ndarray
    new_vectors: dict[str, np.ndarray]  # text_hash -> vector embedded in this run
    kept: list[int]
    topic_of: dict[int, str]  # claim index -> topic id (kept claims only)
    topics: dict[str, tuple[np.ndarray, int, str | None]]  # touched topics: sum, size, label if new
    conflicts: list[Conflict]
    rowid_of: dict[str, int]  # claim id -> rowid, for neighbours already in the store


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


class Archive:
    def __init__(self, store: Store, settings: Settings = Settings(), kind: str = "auto",
                 embedder: Embedder | None = None, progress: Progress = _noop) -> None:
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
        self.index = store.load_index(self.dim)
        self._topics: dict[str, tuple[np.ndarray, int]] = {}
        self._labels: dict[str, str] = {}
        self._articles: dict[str, Article] = {}
        self._pending: dict[int, tuple[Claim, str]] = {}  # check mode: temp id -> (claim, topic)
        self._pending_vectors: dict[str, np.ndarray] = {}
        self._next_temp = TEMP_ID_BASE
        self.embedded = 0

    # -- helpers --------------------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_light_embedder(self.kind)
            if self._embedder.dim != self.dim:
                raise ModelError(f"embedder {self._embedder.name} gives {self._embedder.dim} dimensions, "
                                 f"the store holds {self.dim}")
        return self._embedder

    def _article(self, article_id: str) -> Article:
        if article_id not in self._articles:
            self._articles[article_id] = self.store.article(article_id)
        return self._articles[article_id]

    def _topic(self, tid: str) -> tuple[np.ndarray, int]:
        if tid not in self._topics:
            state = self.store.topic_state(tid)
            if state is None:
                raise KeyError(tid)
            self._topics[tid] = state
        return self._topics[tid]

    def _topic_exists(self, tid: str) -> bool:
        return tid in self._topics or self.store.topic_state(tid) is not None

    def _vectors(self, claims: list[Claim], hashes: list[str]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        uniq = list(dict.fromkeys(hashes))
        known = self.store.vectors_for(uniq)
        known.update({h: self._pending_vectors[h] for h in uniq if h in self._pending_vectors})
        missing = [h for h in uniq if h not in known]
        new: dict[str, np.ndarray] = {}
        if missing:
            text = {h: c.text for h, c in zip(hashes, claims)}
            for i in range(0, len(missing), self.settings.batch):
                chunk = missing[i:i + self.settings.batch]
                vecs = self.embedder.encode([text[h] for h in chunk])
                self.embedded += len(chunk)
                new.update({h: np.asarray(v, dtype=np.float32) for h, v in zip(chunk, vecs)})
            known.update(new)
        out = np.vstack([known[h] for h in hashes]).astype(np.float32) if hashes else np.zeros((0, self.dim), np.float32)
        return out, new

    # -- one article ------------------------------------------------------------------------
    def analyse(self, article: Article, exclude_paths: frozenset[str] = frozenset()) -> _Delta:
        s = self.settings
        claims = extract_claims([article], s.lexicon)
        hashes = [text_hash(c.text) for c in claims]
        vectors, new_vectors = self._vectors(claims, hashes)
        if claims:
            keep = drop_duplicates(claims, vectors, knn(vectors, k=s.neighbours), s.duplicate_threshold)
        else:
            keep = np.zeros(0, dtype=bool)
        kept = [i for i in range(len(claims)) if keep[i]]
        x = vectors[kept]
        k = min(s.neighbours, self.index.ntotal)
        if k and len(kept):
            sims, ids = self.index.search(x, k)
        else:
            sims, ids = np.zeros((len(kept), 0), np.float32), np.zeros((len(kept), 0), np.int64)

        # neighbours: stored or pending claims of other articles
        stored = self.store.claims_by_rowid(sorted({int(j) for j in ids.reshape(-1) if 0 <= j < TEMP_ID_BASE}))
        nbr: dict[int, tuple[Claim, str]] = {}
        for j in {int(j) for j in ids.reshape(-1) if j >= 0}:
            c, tid = self._pending[j] if j >= TEMP_ID_BASE else stored[j]
            if c.article_id == article.id:
                continue
            if j < TEMP_ID_BASE and exclude_paths and _norm(self._article(c.article_id).path) in exclude_paths:
                continue  # check: the archived version of a file being checked
            nbr[j] = (c, tid)

        # topics: join the closest candidate by mean cosine, or open a new one
        touched: dict[str, tuple[np.ndarray, int, str | None]] = {}
        topic_of: dict[int, str] = {}
        for r, i in enumerate(kept):
            v = x[r].astype(np.float64)
            cands = {nbr[int(j)][1] for j in ids[r] if int(j) in nbr} | set(topic_of.values())
            best, best_score = None, -2.0
            for tid in sorted(cands):
                vsum, size = touched[tid][:2] if tid in touched else self._topic(tid)
                score = float(v @ vsum) / size
                if score > best_score:
                    best, best_score = tid, score
            if best is not None and best_score >= s.topic_threshold:
                vsum, size, label = touched[best] if best in touched else (*self._topic(best), None)
                touched[best] = (vsum + v, size + 1, label)
                topic_of[i] = best
            else:
                tid = "t" + short_hash(claims[i].text, n=8)
                if tid in touched or self._topic_exists(tid):
                    tid = "t" + short_hash(claims[i].text, article.id, n=8)
                touched[tid] = (v.copy(), 1, label_topics([[claims[i].text]])[0])
                topic_of[i] = tid

        # conflicts: the new claims against their neighbours, through scan's own function
        local = [claims[i] for i in kept]
        local_topic = {claims[i].id: topic_of[i] for i in kept}
        pos: dict[int, int] = {}
        for j, (c, tid) in sorted(nbr.items()):
            pos[j] = len(local)
            local.append(c)
            local_topic.setdefault(c.id, tid)
        width = max(1, ids.shape[1])
        nb_ids = np.full((len(local), width), -1, dtype=np.int64)
        nb_sims = np.zeros((len(local), width), dtype=np.float32)
        for r in range(len(kept)):
            for col, (j, sim) in enumerate(zip(ids[r], sims[r])):
                if int(j) in pos:
                    nb_ids[r, col], nb_sims[r, col] = pos[int(j)], sim
        labels = {tid: (t[2] if t[2] is not None else self._label(tid)) for tid, t in touched.items()}
        for c, tid in nbr.values():
            labels.setdefault(tid, self._label(tid))
        arts = [article] + [self._article(a) for a in sorted({c.article_id for c, _ in nbr.values()})]
        conflicts = find_conflicts(arts, local, np.zeros((len(local), 0)), local_topic, labels,
                                   Neighbours(nb_ids, nb_sims), s) if local else []
        rowid_of = {c.id: j for j, (c, _) in nbr.items() if j < TEMP_ID_BASE}
        return _Delta(article, claims, hashes, vectors, new_vectors, kept, topic_of, touched, conflicts, rowid_of)

    def _label(self, tid: str) -> str:
        if tid not in self._labels:
            row = self.store.db.execute("SELECT label FROM topics WHERE id = ?", (tid,)).fetchone()
            self._labels[tid] = row[0] if row else "(no label)"
        return self._labels[tid]

    def _remember(self, d: _Delta, ids: list[int]) -> None:
        """After a commit (or, in check mode, instead of one): the index and caches see the article."""
        if d.kept:
            self.index.add_with_ids(d.vectors[d.kept], np.asarray(ids, dtype=np.int64))
        for tid, (vsum, size, label) in d.topics.items():
            self._topics[tid] = (vsum, size)
            if label is not None:
                self._labels[tid] = label
        self._articles[d.article.id] = d.article

    # -- ingest --------------------------------------------------------------------------------
    def commit(self, d: _Delta) -> None:
        db = self.store.db
        with self.store.transaction():
            db.execute("INSERT INTO articles (id, path, json, added_at) VALUES (?, ?, ?, ?)",
                       (d.article.id, d.article.path, d.article.model_dump_json(), now()))
            db.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?)",
                           [(h, v.astype(np.float32).tobytes()) for h, v in d.new_vectors.items()])
            rowid_of = dict(d.rowid_of)
            kept_ids = []
            for i, (c, h) in enumerate(zip(d.claims, d.hashes)):
                cur = db.execute("INSERT INTO claims (claim_id, article_id, sentence_index, text_hash, topic_id, json) "
                                 "VALUES (?, ?, ?, ?, ?, ?)",
                                 (c.id, c.article_id, c.sentence_index, h, d.topic_of.get(i), c.model_dump_json()))
                if i in d.topic_of:
                    rowid_of[c.id] = cur.lastrowid
                    kept_ids.append(cur.lastrowid)
            stamp = now()
            for tid, (vsum, size, label) in d.topics.items():
                if label is not None:
                    db.execute("INSERT INTO topics VALUES (?, ?, ?, ?, ?)",
                               (tid, label, size, vsum.astype(np.float64).tobytes(), stamp))
                else:
                    db.execute("UPDATE topics SET size = ?, vsum = ? WHERE id = ?",
                               (size, vsum.astype(np.float64).tobytes(), tid))
            db.executemany("INSERT OR IGNORE INTO conflicts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(c.id, c.kind, c.topic_id, c.score, rowid_of[c.a.claim_id], rowid_of[c.b.claim_id],
                             c.model_dump_json(), stamp) for c in d.conflicts])
        self._remember(d, kept_ids)

    def ingest(self, articles: Sequence[Article]) -> IngestReport:
        rep = IngestReport()
        todo = []
        seen: set[str] = set()
        for a in sorted(articles, key=lambda a: (a.path, a.id)):
            if a.id in seen or self.store.has_article(a.id):
                rep.known += 1
            else:
                todo.append(a)
            seen.add(a.id)
        for n, a in enumerate(todo, 1):
            d = self.analyse(a)
            self.commit(d)
            rep.added += 1
            rep.claims += len(d.claims)
            rep.new_topics += sum(1 for t in d.topics.values() if t[2] is not None)
            rep.conflicts += len(d.conflicts)
            self.progress("ingest", n, len(todo))
            if n % SAVE_EVERY == 0:
                self.store.save_index(self.index)
        if todo:
            self.relabel()
            self.store.save_index(self.index)
        rep.embedded = self.embedded
        return rep

    def relabel(self) -> None:
        """Labels (c-TF-IDF over all topics) follow their members; ids never change."""
        groups: dict[str, list[str]] = {}
        for tid, txt in self.store.db.execute(
                "SELECT topic_id, json_extract(json, '$.text') FROM claims WHERE topic_id IS NOT NULL ORDER BY rowid"):
            groups.setdefault(tid, []).append(txt)
        tids = sorted(groups)
        labels = label_topics([groups[t] for t in tids])
        with self.store.transaction():
            self.store.db.executemany("UPDATE topics SET label = ? WHERE id = ?", list(zip(labels, tids)))
        self._labels = dict(zip(tids, labels))

    # -- check ---------------------------------------------------------------------------------
    def check(self, articles: Sequence[Article]) -> list[Conflict]:
        """Conflicts the given articles bring, against the store and each other; nothing is written.

        A file already in the archive under the same path is compared as its new version:
        the archived version of that path is left out of its neighbours."""
        paths = frozenset(_norm(a.path) for a in articles)
        found: dict[str, Conflict] = {}
        for a in sorted(articles, key=lambda a: (a.path, a.id)):
            d = self.analyse(a, exclude_paths=paths)
            for c in d.conflicts:
                found.setdefault(c.id, c)
            ids = list(range(self._next_temp, self._next_temp + len(d.kept)))
            self._next_temp += len(d.kept)
            for tid_id, i in zip(ids, d.kept):
                self._pending[tid_id] = (d.claims[i], d.topic_of[i])
            self._pending_vectors.update(d.new_vectors)
            self._remember(d, ids)
        return sorted(found.values(), key=lambda c: (-c.score, c.kind, c.id))


def _norm(path: str) -> str:
    return str(Path(path))
