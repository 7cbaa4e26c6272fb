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

`--across-stories` is not supported here (a clear error): its candidate pairs come from one
neighbour graph over every claim, which this executor does not shard yet (ARCHITECTURE.md,
"Scale-out on Ray", says how it would: a faiss IVF index trained on a sample).
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
                             "put --ray after the paths, or write --ray=local")
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


def shard_table(articles: Sequence[Article], prepared: dict[str, Prepared], skipped: Sequence[str], dim: int):
    """One row per article: article and claims as JSON, claim vectors as a list of
    fixed-size float32 lists, story vector, features as JSON (as the archive's store keeps them)."""
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
                                          "claimdiff.skipped": json.dumps(list(skipped))})


def write_atomic(table, path: Path) -> None:
    import pyarrow.parquet as pq

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_shard(path: Path) -> tuple[list[Prepared], list[str]]:
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
    return out, json.loads(meta["claimdiff.skipped"])


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


class Preparer:
    """One embedding actor: one embedder, many shards."""

    def __init__(self, settings: Settings, hook: Hook | None = None) -> None:
        from claimdiff.embedding.engines import load_embedder

        self.settings, self.hook = settings, hook
        self.embedder = load_embedder(settings.embedder, **embedder_options(settings))

    def prepare(self, shard: Shard) -> dict:
        from claimdiff.pipeline import prepare_articles

        if self.hook is not None:
            self.hook("prepare", shard.index)
        t0 = time.perf_counter()
        articles, skipped = read_shard(shard, self.settings.max_bytes)
        counting = _Counting(self.embedder)
        prepared = prepare_articles(articles, self.settings, counting)
        table = shard_table(articles, prepared, skipped, self.embedder.dim)
        return {"shard": shard.index, "table": table, "articles": len(articles), "sentences": counting.sentences,
                "seconds": time.perf_counter() - t0, "worker": f"{os.uname().nodename}:{os.getpid()}"}


def conflicts_task(prepared: dict[str, Prepared], stories: Sequence[Story], settings: Settings, parser,
                   hook: Hook | None, index: int) -> list[Conflict]:
    if hook is not None:
        hook("conflicts", index)
    return find_conflicts(prepared, stories, settings, parser=parser)


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
    if not live:
        return []
    target = sum(cost) / max(1, n_groups)
    groups, cur, acc = [], [], 0.0
    for s, c in zip(live, cost):
        cur.append(s)
        acc += c
        if acc >= target:
            groups.append(cur)
            cur, acc = [], 0.0
    if cur:
        groups.append(cur)
    return groups


# ---- driver ---------------------------------------------------------------------------


@dataclass
class RunStats:
    shards: int = 0
    prepared_now: int = 0  # shards prepared in this run (the others were in the work folder)
    articles: int = 0
    conflict_tasks: int = 0
    workers: dict[str, dict] = field(default_factory=dict)  # per embedding actor: articles, sentences, seconds
    seconds: dict[str, float] = field(default_factory=dict)  # per stage, wall clock
    cpus: float = 0.0


@dataclass
class RayRun:
    result: ScanResult
    stats: RunStats
    work: Path


def run(paths: Sequence[str | Path], settings: Settings = Settings(), *, address: str | None = None,
        work: str | Path | None = None, files_per_shard: int = FILES_PER_SHARD, actors: int | None = None,
        progress: Progress = _noop, hook: Hook | None = None, parser=None) -> RayRun:
    """Scan `paths` on a Ray cluster (started locally when `address` is None and none is
    running). `work`: the folder of prepared shards (kept, so a rerun resumes); None: a
    temporary folder, removed at the end."""
    if settings.across_stories:
        raise ClaimdiffError("--across-stories is not supported with --ray (its neighbour graph spans every "
                             "claim and is not sharded yet); scan without --ray")
    ray = _ray()
    temp = work is None
    root = Path(tempfile.mkdtemp(prefix="claimdiff-ray-")) if temp else Path(work)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ClaimdiffError(f"--ray-work {root}: cannot create the folder ({e.strerror})") from None
    started = False
    try:
        started = _connect(ray, address)
        result, stats = _run(ray, paths, settings, root, files_per_shard, actors, progress, hook, parser)
        return RayRun(result, stats, root)
    finally:
        if started:
            ray.shutdown()
        if temp:
            shutil.rmtree(root, ignore_errors=True)


def scan(paths: Sequence[str | Path], settings: Settings = Settings(), *, address: str | None = None,
         work: str | Path | None = None, progress: Progress = _noop) -> ScanResult:
    """`pipeline.scan` on Ray: the same ScanResult."""
    return run(paths, settings, address=address, work=work, progress=progress).result


def _run(ray, paths, settings, root: Path, files_per_shard, actors, progress, hook,
         parser) -> tuple[ScanResult, RunStats]:
    stats = RunStats()
    t0 = time.perf_counter()
    stats.cpus = float(ray.cluster_resources().get("CPU", 1))
    shards = plan_shards(paths, settings, files_per_shard)
    stats.shards = len(shards)
    todo = [s for s in shards if not (root / s.name).exists()]
    stats.prepared_now = len(todo)
    stats.seconds["plan"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    if todo:
        from ray.util import ActorPool

        n = max(1, min(actors or int(stats.cpus), len(todo)))
        cls = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(Preparer)
        pool = ActorPool([cls.remote(settings, hook) for _ in range(n)])
        done = 0
        for out in pool.map_unordered(lambda a, s: a.prepare.remote(s), todo):
            write_atomic(out.pop("table"), root / shards[out["shard"]].name)
            w = stats.workers.setdefault(out.pop("worker"), {"articles": 0, "sentences": 0, "seconds": 0.0,
                                                              "shards": 0})
            w["articles"] += out["articles"]
            w["sentences"] += out["sentences"]
            w["seconds"] += out["seconds"]
            w["shards"] += 1
            done += 1
            progress("embed", done, len(todo))
        del pool
    stats.seconds["prepare"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    prepared: dict[str, Prepared] = {}
    articles: list[Article] = []
    skipped: list[str] = []
    for s in shards:
        rows, sk = load_shard(root / s.name)
        skipped.extend(sk)
        for p in rows:  # the same article twice is read once: the first file wins, as in read_paths
            if p.article.id not in prepared:
                prepared[p.article.id] = p
                articles.append(p.article)
    stats.articles = len(articles)
    stats.seconds["load"] = time.perf_counter() - t2

    timing = {}

    def conflicts_of(prepared, stories, settings, parser=None, cross_pairs=()):
        assert not cross_pairs
        t3 = time.perf_counter()
        timing["stories"] = t3 - t_stories
        groups = story_groups(prepared, stories, n_groups=4 * max(1, int(stats.cpus)))
        stats.conflict_tasks = len(groups)
        task = ray.remote(num_cpus=1, max_retries=RETRIES)(conflicts_task)
        refs = [task.remote({a: prepared[a] for s in g for a in s.article_ids if a in prepared}, g, settings,
                            parser, hook, i) for i, g in enumerate(groups)]
        pending, n_done = list(refs), 0
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            n_done += len(ready)
            progress("compare", n_done, len(refs))
        rows = [c for r in ray.get(refs) for c in r]  # story order; the sort below is stable
        timing["conflicts"] = time.perf_counter() - t3
        return sorted(rows, key=lambda c: (-c.score, c.kind, c.id))

    t_stories = time.perf_counter()
    result = result_of(articles, prepared, settings, progress, skipped, parser=parser, conflicts_of=conflicts_of)
    stats.seconds.update(timing)
    stats.seconds["total"] = time.perf_counter() - t0
    return result, stats
