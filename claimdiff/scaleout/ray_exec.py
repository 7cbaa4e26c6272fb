"""`claimdiff scan --ray`: the scan engine on a Ray cluster. Another executor, the same stages.

Nothing here decides a row. Every judgement is the single-machine code, called on a worker:

1. plan (driver): `read.files.iter_files` lists the inputs in scan's order; consecutive
   files make a shard, named by a hash of its files (path, size, mtime) and of the settings
   that change what is prepared, so a rerun over the same work folder skips shards already done.
2. prepare (actor pool; each actor holds one `load_embedder(settings.embedder)`): read the
   shard's files (`read.files.read_paths`), then `pipeline.prepare_articles` on them: claims,
   vectors, near-duplicate mask, story vector and features. The actor returns an Arrow table;
   the driver writes it as `prep-NNNNNN-HASH.parquet` atomically (temporary file, fsync,
   rename). Ray restarts an actor that dies and retries its call (max_restarts,
   max_task_retries), and a shard is written once, by the driver, when its call returns.
3. stories (driver): the shards are read back, articles deduplicated as `read_paths` does
   (first file wins), then `pipeline.result_of`, which calls `pipeline.group_stories`:
   one vector per article, small.
4. conflicts (tasks): `result_of` hands `find_conflicts` to this executor, which runs it on
   groups of whole stories, one task each (max_retries), with just those stories' Prepared
   articles. What `find_conflicts` returns for a story depends only on that story's articles,
   and no row key spans two stories, so the concatenation re-sorted by find_conflicts' own
   key (stable, in story order) is exactly its result over everything; `select`,
   `topics_of` and the ScanResult are `result_of`'s, as in `pipeline.analyse`.

5. `--across-stories`: `result_of` computes the cross-story candidates with the
   single-machine `pipeline.cross_story_pairs` (one knn over every claim vector, on the
   driver, which holds them all anyway) and hands them to this executor too: they are cut
   by unordered article pair, and a task runs `find_conflicts` once per pair with just the
   two articles and their stories (so no within-story pair is made twice) and those
   candidates. A cross row's key (kind, article pair, facet) spans two stories, so it can
   never meet a within-story row, and all candidates of one article pair go to one call:
   the concatenation, re-sorted, is find_conflicts' result over everything.

`ingest` (`claimdiff ingest --ray`): steps 1-2 as above, each actor skipping the articles
the archive already holds (their ids are listed in the shard, so a shard reused against an
archive that lacks one is prepared again), then the driver stores the prepared articles
through the archive's own write path (`archive.incremental.ingest_prepared`: the writes and
the `refresh` of `Archive.ingest`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from claimdiff.conflicts import Prepared, find_conflicts
from claimdiff.errors import ClaimdiffError, InputError
from claimdiff.models import Article, Claim, Conflict, ScanResult, Story, short_hash
from claimdiff.pipeline import Progress, _noop, result_of
from claimdiff.settings import Settings

INSTALL_HINT = "pip install 'claimdiff[ray]'"
FORMAT = "2"  # of the prepared shards; part of every shard's name
FILES_PER_SHARD = 64
RETRIES = 3  # restarts of a dead actor, retries of a call or task whose worker died
Hook = Callable[[str, int], None]  # (stage, shard or group index), called on the worker first (tests)


def _ray():
    try:
        import pyarrow  # noqa: F401
        import ray
    except ImportError:
        raise ClaimdiffError(f"--ray needs Ray and pyarrow, which this install lacks: {INSTALL_HINT}") from None
    return ray


def require_ray() -> None:
    """Raise the one-line install hint when Ray or pyarrow is missing."""
    _ray()


_ADDRESS = re.compile(r"^(auto|ray://\S+|[\w.\-]+:\d+)$")


def _connect(ray, address: str | None) -> bool:
    """Join or start a cluster; True when this call started it (and so shuts it down)."""
    if ray.is_initialized():
        return False
    kw = dict(logging_level=logging.WARNING, include_dashboard=False)
    if address in (None, "", "local"):
        ray.init(**kw)
    elif _ADDRESS.match(address):
        try:
            ray.init(address=address, **kw)
        except (ConnectionError, RuntimeError) as e:
            raise ClaimdiffError(f"--ray {address}: cannot join the cluster ({e}); start it with `ray start "
                                 "--head` or give its address (auto, ray://HOST:PORT)") from None
    else:
        raise ClaimdiffError(f"--ray {address!r}: not a cluster address (auto, ray://HOST:PORT or HOST:PORT); "
                             "give it with --ray-address")
    return True


# ---- shards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    index: int
    items: tuple[tuple[str, str], ...]  # ("file", path) or ("skip", the line read_paths would print)
    key: str

    @property
    def name(self) -> str:
        return f"prep-{self.index:06d}-{self.key}.parquet"


def _fingerprint(settings: Settings) -> str:
    """What makes a prepared shard differ, besides its files."""
    lex = ""
    if settings.lexicon:
        try:
            lex = hashlib.sha256(Path(settings.lexicon).read_bytes()).hexdigest()
        except OSError:
            lex = "unreadable"
    return short_hash(FORMAT, settings.embedder, repr(sorted(embedder_options(settings).items())),
                      str(settings.lexicon), lex, repr(settings.duplicate_threshold), str(settings.max_bytes))


def plan_shards(paths: Sequence[str | Path], settings: Settings, files_per_shard: int = FILES_PER_SHARD) -> list[Shard]:
    """Consecutive runs of scan's file list (same order, same skips)."""
    from claimdiff.read.files import iter_files

    items, sigs = [], []
    for it in iter_files(paths):
        if isinstance(it, InputError):
            items.append(("skip", str(it)))
            sigs.append("skip\x1f" + str(it))
            continue
        try:
            st = it.stat()
            sig = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            sig = "?"
        items.append(("file", str(it)))
        sigs.append(f"file\x1f{it}\x1f{sig}")
    fp = _fingerprint(settings)
    out = []
    for n, i in enumerate(range(0, len(items), files_per_shard)):
        out.append(Shard(n, tuple(items[i:i + files_per_shard]),
                         short_hash(fp, *sigs[i:i + files_per_shard], n=16)))
    return out


def read_shard(shard: Shard, max_bytes: int) -> tuple[list[Article], list[str]]:
    """The shard's articles and skip lines, as `read_paths` gives them for these files."""
    from claimdiff.read.files import read_paths

    articles: list[Article] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for kind, value in shard.items:
        if kind == "skip":
            skipped.append(value)
            continue
        r = read_paths([value], max_bytes)
        skipped.extend(r.skipped)
        for a in r.articles:
            if a.id not in seen:
                seen.add(a.id)
                articles.append(a)
    return articles, skipped


def shard_table(articles: Sequence[Article], prepared: dict[str, Prepared], skipped: Sequence[str], dim: int,
                known: Sequence[str] = ()):
    """One row per article: article and claims as JSON, claim vectors as a list of
    fixed-size float32 lists, story vector, features as JSON (as the archive's store keeps them).
    `known`: ids of the shard's articles left out because the archive holds them (ingest)."""
    import pyarrow as pa

    rows = [prepared[a.id] for a in articles]
    counts = np.array([len(p.claims) for p in rows], dtype=np.int32)
    flat = np.concatenate([p.vectors.reshape(-1) for p in rows]).astype(np.float32) if rows \
        else np.zeros(0, np.float32)
    claim_vecs = pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.float32()), dim)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32), pa.int32())
    story = np.concatenate([p.story_vector.reshape(-1) for p in rows]).astype(np.float32) if rows \
        else np.zeros(0, np.float32)
    table = pa.table({
        "article_id": pa.array([a.id for a in articles], pa.string()),
        "path": pa.array([a.path for a in articles], pa.string()),
        "article_json": pa.array([p.article.model_dump_json() for p in rows], pa.string()),
        "claims_json": pa.array(["[" + ",".join(c.model_dump_json() for c in p.claims) + "]" for p in rows],
                                pa.string()),
        "vectors": pa.ListArray.from_arrays(offsets, claim_vecs),
        "story_vector": pa.FixedSizeListArray.from_arrays(pa.array(story, pa.float32()), dim),
        "features_json": pa.array([json.dumps(p.features, sort_keys=True) for p in rows], pa.string()),
    })
    return table.replace_schema_metadata({"claimdiff.format": FORMAT, "claimdiff.dim": str(dim),
                                          "claimdiff.skipped": json.dumps(list(skipped)),
                                          "claimdiff.known": json.dumps(sorted(known))})


def write_atomic(table, path: Path) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_shard(path: Path) -> tuple[list[Prepared], list[str], list[str]]:
    """The shard's Prepared articles, skip lines and the ids it left out as known."""
    import pyarrow.parquet as pq
    from pydantic import TypeAdapter

    t = pq.read_table(path)
    meta = {k.decode(): v.decode() for k, v in (t.schema.metadata or {}).items()}
    dim = int(meta["claimdiff.dim"])
    claims_of = TypeAdapter(list[Claim])
    vec = t.column("vectors").combine_chunks()
    offsets = vec.offsets.to_numpy()
    offsets = offsets - offsets[0] if len(offsets) else offsets
    flat = np.asarray(vec.flatten().flatten().to_numpy(zero_copy_only=False), dtype=np.float32).reshape(-1, dim)
    story = np.asarray(t.column("story_vector").combine_chunks().flatten().to_numpy(zero_copy_only=False),
                       dtype=np.float32).reshape(-1, dim)
    arts, claims, feats = (t.column(c).to_pylist() for c in ("article_json", "claims_json", "features_json"))
    out = []
    for r in range(t.num_rows):
        out.append(Prepared(article=Article.model_validate_json(arts[r]), claims=claims_of.validate_json(claims[r]),
                            vectors=flat[offsets[r]:offsets[r + 1]].copy(), story_vector=story[r].copy(),
                            features=json.loads(feats[r])))
    return out, json.loads(meta["claimdiff.skipped"]), json.loads(meta.get("claimdiff.known", "[]"))


# ---- workers --------------------------------------------------------------------------


class _Counting:
    """The actor's embedder, counting the sentences it is sent."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.dim, self.sentences = inner, inner.name, inner.dim, 0

    def encode(self, texts):
        self.sentences += len(texts)
        return self.inner.encode(texts)


def embedder_options(settings: Settings) -> dict:
    """The embedder knobs scan passes to `load_embedder` besides the kind (precision and
    device where this build's Settings has them), so every actor embeds as scan does."""
    return {k: getattr(settings, k) for k in ("precision", "device") if hasattr(settings, k)}


def _known_array(known) -> np.ndarray | None:
    """Article ids (ASCII hex) as one sorted array of bytes (16 bytes an id: 160 MB for 10 M
    articles): one copy in Ray's object store, read without copying by every call (a Python
    set would be unpickled call by call)."""
    return np.array(sorted(k.encode("ascii") for k in known), dtype=bytes) if known else None


def _is_known(article_id: str, known: np.ndarray | None) -> bool:
    if known is None or not len(known):
        return False
    key = article_id.encode("ascii", "replace")
    i = int(np.searchsorted(known, key))
    return i < len(known) and known[i] == key


class Preparer:
    """One embedding actor: one embedder, many shards."""

    def __init__(self, settings: Settings, hook: Hook | None = None) -> None:
        from claimdiff.embedding.engines import load_embedder

        self.settings, self.hook = settings, hook
        self.embedder = load_embedder(settings.embedder, **embedder_options(settings))

    def prepare(self, shard: Shard, known: np.ndarray | None = None) -> dict:
        """`known`: sorted article ids not to prepare (those the archive holds, for ingest);
        the shard lists the ones it left out."""
        from claimdiff.pipeline import prepare_articles

        if self.hook is not None:
            self.hook("prepare", shard.index)
        t0 = time.perf_counter()
        articles, skipped = read_shard(shard, self.settings.max_bytes)
        held = {a.id for a in articles if _is_known(a.id, known)}
        articles = [a for a in articles if a.id not in held]
        counting = _Counting(self.embedder)
        prepared = prepare_articles(articles, self.settings, counting)
        table = shard_table(articles, prepared, skipped, self.embedder.dim, held)
        return {"shard": shard.index, "table": table, "articles": len(articles), "sentences": counting.sentences,
                "seconds": time.perf_counter() - t0, "worker": f"{os.uname().nodename}:{os.getpid()}"}


def conflicts_task(prepared: dict[str, Prepared], stories: Sequence[Story], settings: Settings, parser,
                   hook: Hook | None, index: int) -> list[Conflict]:
    if hook is not None:
        hook("conflicts", index)
    return find_conflicts(prepared, stories, settings, parser=parser)


class _MemoParser:
    """A parser that parses each claim once across the calls of one task."""

    def __init__(self, inner) -> None:
        self.inner, self.done = inner, {}

    def __call__(self, claims):
        todo = [c for c in claims if c.id not in self.done]
        if todo:
            for c, parsed in zip(todo, self.inner(todo)):
                self.done[c.id] = parsed
        return [self.done[c.id] for c in claims]


CrossGroup = tuple[tuple[str, str], list[tuple[str, int, str, int, float]]]


def cross_task(prepared: dict[str, Prepared], story_by_article: dict[str, Story], groups: Sequence[CrossGroup],
               settings: Settings, parser, hook: Hook | None, index: int) -> list[Conflict]:
    """`--across-stories` candidates of some article pairs: `find_conflicts` once per pair, with
    just the two articles (each alone in its story there, so no within-story pair is made) and
    the pair's candidates."""
    from claimdiff.conflicts import _default_parser

    if hook is not None:
        hook("cross", index)
    memo = _MemoParser(parser or _default_parser)
    out: list[Conflict] = []
    for (x, y), pairs in groups:
        stories = [story_by_article[a] for a in (x, y) if a in story_by_article]
        out.extend(find_conflicts({x: prepared[x], y: prepared[y]}, stories, settings, parser=memo,
                                  cross_pairs=pairs))
    return out


def cross_groups(cross_pairs, n_groups: int) -> list[list[CrossGroup]]:
    """The candidates by unordered article pair (first seen first), cut into about `n_groups`
    groups of similar size (candidates)."""
    by_pair: dict[tuple[str, str], list] = {}
    for cand in cross_pairs:
        aa, _, ab, _, _ = cand
        by_pair.setdefault((min(aa, ab), max(aa, ab)), []).append(cand)
    if not by_pair:
        return []
    items = list(by_pair.items())
    return _cut(items, [len(c) for _, c in items], n_groups)


def _cut(items: list, costs: list, n_groups: int) -> list[list]:
    """Consecutive items cut into about `n_groups` groups of similar total cost."""
    target = sum(costs) / max(1, n_groups)
    groups, cur, acc = [], [], 0.0
    for item, c in zip(items, costs):
        cur.append(item)
        acc += c
        if acc >= target:
            groups.append(cur)
            cur, acc = [], 0.0
    if cur:
        groups.append(cur)
    return groups


def story_groups(prepared: dict[str, Prepared], stories: Sequence[Story], n_groups: int) -> list[list[Story]]:
    """Consecutive stories (with two or more articles: the others make no pairs) cut into
    about `n_groups` groups of similar work (claim pairs)."""
    live, cost = [], []
    for s in stories:
        sizes = [len(prepared[a].claims) for a in s.article_ids if a in prepared]
        if len(sizes) >= 2:
            live.append(s)
            tot = sum(sizes)
            cost.append((tot * tot - sum(x * x for x in sizes)) // 2 + 1)
    return _cut(live, cost, n_groups)


# ---- driver ---------------------------------------------------------------------------


@dataclass
class RunStats:
    shards: int = 0
    prepared_now: int = 0  # shards prepared in this run (the others were in the work folder)
    articles: int = 0
    conflict_tasks: int = 0
    cross_tasks: int = 0  # --across-stories: tasks of cross-story candidates
    known: int = 0  # ingest: articles the archive already held (not prepared)
    workers: dict[str, dict] = field(default_factory=dict)  # per embedding actor: articles, sentences, seconds
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, wall clock
    cpus: float = 0.0


@dataclass
class RayRun:
    result: ScanResult
    stats: RunStats
    work: Path


@dataclass
class RayIngest:
    report: object  # archive.incremental.IngestReport
    stats: RunStats
    work: Path
    articles: int = 0  # articles read (new and known)
    skipped: tuple[str, ...] = ()


class _Session:
    """The work folder (a temporary one when None, removed at the end) and the cluster
    (joined, or started here and shut down at the end)."""

    def __init__(self, address: str | None, work: str | Path | None) -> None:
        self.ray = _ray()
        self.temp = work is None
        self.root = Path(tempfile.mkdtemp(prefix="claimdiff-ray-")) if self.temp else Path(work)
        self.address, self.started = address, False

    def __enter__(self):
        try:
            try:
                self.root.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise ClaimdiffError(f"--ray-work {self.root}: cannot create the folder ({e.strerror})") from None
            self.started = _connect(self.ray, self.address)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.started:
            self.ray.shutdown()
        if self.temp:
            shutil.rmtree(self.root, ignore_errors=True)


def run(paths: Sequence[str | Path], settings: Settings = Settings(), *, address: str | None = None,
        work: str | Path | None = None, files_per_shard: int = FILES_PER_SHARD, actors: int | None = None,
        progress: Progress = _noop, hook: Hook | None = None, parser=None) -> RayRun:
    """Scan `paths` on a Ray cluster (started locally when `address` is None and none is
    running). `work`: the folder of prepared shards (kept, so a rerun resumes); None: a
    temporary folder, removed at the end."""
    with _Session(address, work) as ses:
        result, stats = _run(ses.ray, paths, settings, ses.root, files_per_shard, actors, progress, hook, parser)
        return RayRun(result, stats, ses.root)


def scan(paths: Sequence[str | Path], settings: Settings = Settings(), *, address: str | None = None,
         work: str | Path | None = None, progress: Progress = _noop) -> ScanResult:
    """`pipeline.scan` on Ray: the same ScanResult."""
    return run(paths, settings, address=address, work=work, progress=progress).result


def ingest(paths: Sequence[str | Path], archive, *, address: str | None = None, work: str | Path | None = None,
           files_per_shard: int = FILES_PER_SHARD, actors: int | None = None, progress: Progress = _noop,
           hook: Hook | None = None) -> RayIngest:
    """`Archive.ingest` of the files under `paths` with reading, claims and embedding on Ray
    and the writes through the archive's own path (`incremental.ingest_prepared`): the same
    archive (articles, claims, stories, conflicts) as a plain ingest. The archive's settings
    are the actors'; its store stays on this machine."""
    from claimdiff.archive.incremental import ingest_prepared

    with _Session(address, work) as ses:
        stats = RunStats()
        t0 = time.perf_counter()
        known = frozenset(archive.store.article_ids())
        articles, prepared, skipped, known_seen = _prepare_all(ses.ray, paths, archive.settings, ses.root,
                                                               files_per_shard, actors, progress, hook, stats,
                                                               known)
        t1 = time.perf_counter()
        rep = ingest_prepared(archive, [prepared[a.id] for a in articles],
                              embedded=sum(w["sentences"] for w in stats.workers.values()),
                              conflicts_of=_conflicts_executor(ses.ray, stats, progress, hook),
                              seconds=stats.seconds)
        stats.seconds.pop("conflicts_start", None)
        rep.known += len(known_seen - set(prepared))
        rep.skipped = list(skipped)
        stats.known = rep.known
        stats.seconds["store"] = time.perf_counter() - t1
        stats.seconds["total"] = time.perf_counter() - t0
        return RayIngest(rep, stats, ses.root, len(articles) + len(known_seen - set(prepared)),
                         tuple(skipped))


def _prepare_shards(ray, shards: Sequence[Shard], root: Path, settings: Settings, actors, progress, hook,
                    stats: RunStats, known: frozenset[str]) -> None:
    from ray.util import ActorPool

    n = max(1, min(actors or int(stats.cpus), len(shards)))
    cls = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(Preparer)
    arr = _known_array(known)
    known_ref = ray.put(arr) if arr is not None else None  # once in the object store
    pool = ActorPool([cls.remote(settings, hook) for _ in range(n)])
    done = 0
    by_index = {s.index: s for s in shards}
    for out in pool.map_unordered(lambda a, s: a.prepare.remote(s, known_ref), list(shards)):
        write_atomic(out.pop("table"), root / by_index[out["shard"]].name)
        w = stats.workers.setdefault(out.pop("worker"), {"articles": 0, "sentences": 0, "seconds": 0.0,
                                                          "shards": 0})
        w["articles"] += out["articles"]
        w["sentences"] += out["sentences"]
        w["seconds"] += out["seconds"]
        w["shards"] += 1
        done += 1
        progress("embed", done, len(shards))
    del pool


def _prepare_all(ray, paths, settings: Settings, root: Path, files_per_shard, actors, progress, hook,
                 stats: RunStats, known: frozenset[str] = frozenset()):
    """Plan, prepare the shards not in the work folder, read them all back: (articles in
    scan's order, deduplicated as read_paths does; Prepared by id; skip lines; ids left out
    as known). A shard that left out an article as known that `known` lacks (another
    archive, or a scan after an ingest) is prepared again."""
    t0 = time.perf_counter()
    stats.cpus = float(ray.cluster_resources().get("CPU", 1))
    shards = plan_shards(paths, settings, files_per_shard)
    stats.shards = len(shards)
    todo = [s for s in shards if not (root / s.name).exists()]
    stats.seconds["plan"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    if todo:
        _prepare_shards(ray, todo, root, settings, actors, progress, hook, stats, known)
    stats.prepared_now = len(todo)
    stats.seconds["prepare"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    loaded = {}
    stale = []
    for s in shards:
        rows, sk, kn = load_shard(root / s.name)
        if not known.issuperset(kn):
            stale.append(s)
        loaded[s.index] = (rows, sk, kn)
    if stale:
        for s in stale:
            (root / s.name).unlink(missing_ok=True)
        t3 = time.perf_counter()
        _prepare_shards(ray, stale, root, settings, actors, progress, hook, stats, known)
        stats.prepared_now += len(stale)
        stats.seconds["prepare"] += time.perf_counter() - t3
        for s in stale:
            loaded[s.index] = load_shard(root / s.name)
    prepared: dict[str, Prepared] = {}
    articles: list[Article] = []
    skipped: list[str] = []
    known_seen: set[str] = set()
    for s in shards:
        rows, sk, kn = loaded[s.index]
        skipped.extend(sk)
        known_seen.update(kn)
        for p in rows:  # the same article twice is read once: the first file wins, as in read_paths
            if p.article.id not in prepared:
                prepared[p.article.id] = p
                articles.append(p.article)
    stats.articles = len(articles)
    stats.seconds["load"] = time.perf_counter() - t2
    return articles, prepared, skipped, known_seen


def _conflicts_executor(ray, stats: RunStats, progress: Progress, hook: Hook | None):
    """`find_conflicts` (same signature, same result) on Ray tasks: groups of whole stories,
    then the cross-story candidates by article pair (module docstring, steps 4-5)."""

    def conflicts_of(prepared, stories, settings, only_articles=None, parser=None, cross_pairs=()):
        assert only_articles is None  # check's filter: not run here
        t3 = time.perf_counter()
        stats.seconds["conflicts_start"] = t3
        n = 4 * max(1, int(stats.cpus))
        groups = story_groups(prepared, stories, n_groups=n)
        stats.conflict_tasks = len(groups)
        task = ray.remote(num_cpus=1, max_retries=RETRIES)(conflicts_task)
        refs = [task.remote({a: prepared[a] for s in g for a in s.article_ids if a in prepared}, g, settings,
                            parser, hook, i) for i, g in enumerate(groups)]
        if cross_pairs:
            by_article = {a: s for s in stories for a in s.article_ids}
            xgroups = cross_groups(cross_pairs, n_groups=n)
            stats.cross_tasks = len(xgroups)
            xtask = ray.remote(num_cpus=1, max_retries=RETRIES)(cross_task)
            for i, g in enumerate(xgroups):
                ids = {a for (x, y), _ in g for a in (x, y)}
                refs.append(xtask.remote({a: prepared[a] for a in ids},
                                         {a: by_article[a] for a in ids if a in by_article}, g, settings, parser,
                                         hook, i))
        pending, n_done = list(refs), 0
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            n_done += len(ready)
            progress("compare", n_done, len(refs))
        rows = [c for r in ray.get(refs) for c in r]  # story order, then the cross pairs; the sort is stable
        stats.seconds["conflicts"] = time.perf_counter() - t3
        return sorted(rows, key=lambda c: (-c.score, c.kind, c.id))

    return conflicts_of


def _run(ray, paths, settings, root: Path, files_per_shard, actors, progress, hook,
         parser) -> tuple[ScanResult, RunStats]:
    stats = RunStats()
    t0 = time.perf_counter()
    articles, prepared, skipped, _ = _prepare_all(ray, paths, settings, root, files_per_shard, actors, progress,
                                                  hook, stats)
    conflicts_of = _conflicts_executor(ray, stats, progress, hook)
    t_stories = time.perf_counter()
    result = result_of(articles, prepared, settings, progress, skipped, parser=parser, conflicts_of=conflicts_of)
    stats.seconds["stories"] = stats.seconds.pop("conflicts_start", time.perf_counter()) - t_stories
    stats.seconds["total"] = time.perf_counter() - t0
    return result, stats
