"""Topics: group claims by what they are about, with faiss neighbour search.

Clustering is greedy average linkage over a k-nearest-neighbour graph, which never
compares all pairs: each claim looks at its k neighbours only, so time and memory grow
with n*k. Edges are merged strongest first with deterministic tie-breaks; a topic's id
is a hash of its first claim by id, so it does not depend on input order.

Past `exact_limit` vectors the neighbour search switches from an exact inner-product
index to an inverted-file self-join (`ivf_knn`): rows are split into cells of ~64 by
two-level k-means and each cell is compared with its nearest cells only, so the work
grows linearly with n. It is deterministic and independent of row order.

Labels are the topic's most distinctive words (class-based TF-IDF, as in BERTopic).
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .models import Claim, Topic, short_hash

_STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off
on once only or other our ours out over own same she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your said says say also one two new like even still may might must us
its it's s t last first year years time according however already since well made make many much way""".split())


@dataclass(frozen=True)
class Neighbours:
    """k nearest neighbours of every row: ids (n, k) and cosine similarities (n, k)."""

    ids: np.ndarray
    sims: np.ndarray


def knn(vectors: np.ndarray, k: int = 16, exact_limit: int = 20_000, seed: int = 0,
        list_size: int = 64, probes: int = 16) -> Neighbours:
    """k nearest neighbours (inner product) of every row, itself included.

    Up to `exact_limit` rows: exact (faiss IndexFlatIP). Past it: an inverted-file self-join
    (`ivf_knn`) whose cost grows linearly with n, deterministic and independent of row order.
    """
    import faiss

    n, d = vectors.shape
    k = max(1, min(k, n))
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    if n > exact_limit:
        return ivf_knn(x, k, list_size=list_size, probes=probes, seed=seed)
    index = faiss.IndexFlatIP(d)
    index.add(x)
    sims, ids = index.search(x, k)
    return Neighbours(ids=ids, sims=sims)


def _content_order(x: np.ndarray, seed: int) -> np.ndarray:
    """A pseudo-random permutation of the rows that depends on their content, not their order."""
    r = np.random.default_rng(seed).standard_normal(x.shape[1]).astype(np.float32)
    key = (x @ r).astype(np.float64) * 9973.0
    key -= np.floor(key)  # fractional part: scrambles the projection
    return np.lexsort((np.arange(len(x)), key))


def _kmeans(x: np.ndarray, n_centroids: int, seed: int, per_centroid: int = 32, niter: int = 10) -> np.ndarray:
    """Spherical k-means (numpy, deterministic) on a content-chosen sample of <= per_centroid rows per centroid."""
    n_centroids = max(1, min(n_centroids, len(x)))
    sample = x[_content_order(x, seed)[: per_centroid * n_centroids]]
    c = sample[:n_centroids].copy()  # the sample is in pseudo-random order: its head is a fair start
    for _ in range(niter):
        a = np.argmax(sample @ c.T, axis=1)
        new = np.zeros_like(c)
        _segment_sum(new, a, sample)
        norm = np.linalg.norm(new, axis=1, keepdims=True)
        empty = norm[:, 0] == 0
        new[~empty] /= norm[~empty]
        new[empty] = c[empty]  # an empty cell keeps its centroid
        c = new
    return c


def _segment_sum(out: np.ndarray, a: np.ndarray, x: np.ndarray) -> None:
    from scipy.sparse import csr_matrix

    m = csr_matrix((np.ones(len(a), dtype=np.float32), (a, np.arange(len(a)))), shape=(len(out), len(a)))
    out += m @ x


def _assign(x: np.ndarray, centroids: np.ndarray, block: int = 16384) -> np.ndarray:
    parts = _pmap(lambda i: np.argmax(x[i:i + block] @ centroids.T, axis=1), range(0, len(x), block))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _pmap(fn, items) -> list:
    """map over a thread pool (numpy releases the GIL in its kernels); results in input order."""
    from concurrent.futures import ThreadPoolExecutor

    items = list(items)
    workers = min(len(items), os.cpu_count() or 1)
    if workers <= 1:
        return [fn(i) for i in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items, chunksize=max(1, len(items) // (8 * workers))))


@dataclass(frozen=True)
class Partition:
    centroids: np.ndarray  # (nlist, d) fine centroids
    cell: np.ndarray  # (n,) fine cell of each row
    group: np.ndarray  # (nlist,) coarse group of each fine cell
    coarse: np.ndarray  # (n_coarse, d) coarse centroids


def partition(x: np.ndarray, list_size: int = 64, seed: int = 0) -> Partition:
    """Split rows into ~n/list_size cells by two-level spherical k-means.

    sqrt(nlist) coarse groups are split into fine cells in proportion to their size, so
    training and assignment cost O(n * sqrt(n / list_size) * d) with a small constant, not
    O(n^2 / list_size * d) as one flat k-means would. Samples are chosen by content, so the
    result does not depend on row order.
    """
    n, d = x.shape
    nlist = max(1, n // list_size)
    n_coarse = max(1, int(round(np.sqrt(nlist))))
    coarse = _kmeans(x, n_coarse, seed)
    top = _assign(x, coarse)
    order = np.argsort(top, kind="stable")
    bounds = np.searchsorted(top[order], np.arange(len(coarse) + 1))

    def split(g: int) -> tuple[np.ndarray, np.ndarray]:
        members = order[bounds[g]:bounds[g + 1]]
        if len(members) == 0:
            return np.zeros((0, d), dtype=np.float32), np.zeros(0, dtype=np.int64)
        xs = x[members]
        fine = _kmeans(xs, int(round(len(members) / list_size)) or 1, seed + 7 * g, per_centroid=16, niter=8)
        return fine, np.argmax(xs @ fine.T, axis=1)

    parts = _pmap(split, range(len(coarse)))
    cell = np.empty(n, dtype=np.int64)
    offset = 0
    for g, (fine, local) in enumerate(parts):
        cell[order[bounds[g]:bounds[g + 1]]] = local + offset
        offset += len(fine)
    group = np.repeat(np.arange(len(coarse)), [len(f) for f, _ in parts])
    return Partition(np.concatenate([f for f, _ in parts]), cell, group, coarse)


def _top(s: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row of the similarity block s (columns named by ids): the k best (ids, sims), strongest first, ties by id."""
    k = min(k, s.shape[1])
    top = np.argpartition(-s, k - 1, axis=1)[:, :k] if k < s.shape[1] else np.tile(np.arange(k), (len(s), 1))
    ts, ti = np.take_along_axis(s, top, axis=1), ids[top]
    o = np.lexsort((ti, -ts), axis=1)
    return np.take_along_axis(ti, o, axis=1), np.take_along_axis(ts, o, axis=1)


def _nearest_cells(centroids: np.ndarray, p: int, exact_limit: int = 20_000, block: int = 512) -> np.ndarray:
    """The p cells whose centroids are nearest each cell's (itself first), ties by cell index.

    Exact (blocks of centroids against all, in parallel) up to exact_limit cells: ~n^2/list_size^2
    work, a few seconds at 1M rows. Past it, the same self-join one level up, so it stays linear.
    """
    m = len(centroids)
    if m > exact_limit:
        return ivf_knn(centroids, p).ids
    out = np.empty((m, p), dtype=np.int64)
    cells = np.arange(m)

    def one(i: int) -> None:
        out[i:i + block] = _top(centroids[i:i + block] @ centroids.T, cells, p)[0]

    _pmap(one, range(0, m, block))
    return out


def refine(x: np.ndarray, centroids: np.ndarray, cell: np.ndarray, near: np.ndarray, seed: int = 0,
           iters: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """A few k-means rounds over all rows, each row choosing among the cells near its own.

    Two-level k-means splits groups that a flat k-means would keep whole (a row lands in a
    coarse group that is not its topic's); moving rows to the best of the `near` cells of
    their cell and re-centring fixes most of that at n * p * d per round (linear)."""
    from scipy.sparse import csr_matrix

    n = len(x)
    perm = _content_order(x, seed)  # sums in content order: the same floats whatever the row order
    for _ in range(iters):
        order = np.argsort(cell, kind="stable")
        bounds = np.searchsorted(cell[order], np.arange(len(centroids) + 1))
        new = cell.copy()

        def one(c: int) -> None:
            r = order[bounds[c]:bounds[c + 1]]
            if len(r):
                new[r] = near[c][np.argmax(x[r] @ centroids[near[c]].T, axis=1)]

        _pmap(one, range(len(centroids)))
        cell = new
        m = csr_matrix((np.ones(n, dtype=np.float32), (cell[perm], perm)), shape=(len(centroids), n))
        sums = m @ x
        norm = np.linalg.norm(sums, axis=1, keepdims=True)
        full = norm[:, 0] > 0
        centroids = centroids.copy()
        centroids[full] = sums[full] / norm[full]  # an emptied cell keeps its centroid
    return np.ascontiguousarray(centroids, dtype=np.float32), cell


def ivf_knn(x: np.ndarray, k: int, list_size: int = 64, probes: int = 16, seed: int = 0,
            refine_iter: int = 3) -> Neighbours:
    """Approximate k-NN of every row by an inverted-file self-join.

    Rows are partitioned into cells of ~`list_size` (`partition`); the rows of each cell are
    compared (one BLAS product) with the rows of the `probes` cells whose centroids are
    nearest to their own. Work is n * probes * list_size * d: linear in n for fixed settings
    (an IVF index with nlist ~ sqrt(n) and a fixed nprobe grows as n^1.5). Deterministic and
    independent of row order (ties broken by row index).
    """
    with _one_blas_thread():
        n, d = x.shape
        part = partition(x, list_size, seed)
        nlist = len(part.centroids)
        p = min(probes, nlist)
        centroids, cell = refine(x, part.centroids, part.cell, _nearest_cells(part.centroids, p), seed, refine_iter)
        near = _nearest_cells(centroids, p)
        order = np.argsort(cell, kind="stable")  # rows of each cell, in index order
        bounds = np.searchsorted(cell[order], np.arange(nlist + 1))
        xs = x[order]  # rows grouped by cell: each cell is one contiguous block
        ids = np.full((n, k), -1, dtype=np.int64)
        sims = np.full((n, k), -np.inf, dtype=np.float32)

        def join(c: int) -> None:  # writes the rows of cell c only: safe to run cells in parallel
            if bounds[c] == bounds[c + 1]:
                return
            cells = [o for o in near[c] if o >= 0]
            pos = np.concatenate([np.arange(bounds[o], bounds[o + 1]) for o in cells])
            block = np.concatenate([xs[bounds[o]:bounds[o + 1]] for o in cells])
            q = order[bounds[c]:bounds[c + 1]]
            top_ids, top_sims = _top(xs[bounds[c]:bounds[c + 1]] @ block.T, order[pos], k)
            ids[q, :top_ids.shape[1]] = top_ids
            sims[q, :top_ids.shape[1]] = top_sims

        _pmap(join, range(nlist))
    return Neighbours(ids=ids, sims=sims)


class _one_blas_thread:
    """BLAS on one thread inside (we parallelise over cells ourselves; nested threads thrash)."""

    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # optional: only speed depends on it
            self._limit = None
            return self
        self._limit = threadpool_limits(1, user_api="blas")
        return self

    def __exit__(self, *exc):
        if self._limit is not None:
            self._limit.restore_original_limits()


def undirected_edges(nb: Neighbours, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (lo, hi, sim) of the neighbour graph with sim >= threshold, each pair once (its
    highest similarity), strongest first, ties by (lo, hi). Vectorised: O(n*k*log(n*k))."""
    n, k = nb.ids.shape
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = nb.ids.reshape(-1).astype(np.int64)
    sims = nb.sims.reshape(-1)
    ok = (cols >= 0) & (cols != rows) & (sims >= threshold)
    rows, cols, sims = rows[ok], cols[ok], sims[ok]
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    del rows, cols
    key = lo * n + hi
    first = np.lexsort((-sims, key))  # per pair, its highest similarity first
    key_s = key[first]
    uniq = np.ones(len(first), dtype=bool)
    uniq[1:] = key_s[1:] != key_s[:-1]
    first = first[uniq]
    lo, hi, sims = lo[first], hi[first], sims[first]
    order = np.lexsort((hi, lo, -sims))  # strongest first, ties by (lo, hi): deterministic
    return lo[order], hi[order], sims[order]


def merge_clusters(nb: Neighbours, vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster index per row, by greedy average linkage over the neighbour graph.

    Edges (i, j) of the k-NN graph with cosine >= threshold are taken strongest first
    (ties by index; a pair found from both ends counts once, at its higher similarity); the
    two clusters they join are merged only when their members are on average within
    `threshold` of each other (average linkage, computed from running sums of the member
    vectors). That keeps single-linkage chaining from growing one giant topic, and costs
    O(n*k*log(n*k)) time and O(n*(k+d)) memory.
    """
    n = nb.ids.shape[0]
    lo, hi, _ = undirected_edges(nb, threshold)
    parent = list(range(n))
    sizes = [1] * n
    sums = np.array(vectors, dtype=np.float64, copy=True)
    row = list(sums)  # views: indexing a list is cheaper than indexing a 2-D array
    dot = np.dot
    for a, b in zip(lo.tolist(), hi.tolist()):
        while parent[a] != a:  # find, with path halving
            parent[a] = a = parent[parent[a]]
        while parent[b] != b:
            parent[b] = b = parent[parent[b]]
        if a == b:
            continue
        # mean cosine over all cross pairs (average linkage), from the running sums
        if float(dot(row[a], row[b])) / float(sizes[a] * sizes[b]) < threshold:
            continue
        keep, gone = (a, b) if a < b else (b, a)
        parent[gone] = keep
        row[keep] += row[gone]
        sizes[keep] += sizes[gone]
    roots = np.empty(n, dtype=np.int64)
    for i in range(n):
        r = i
        while parent[r] != r:
            r = parent[r]
        roots[i] = r
    _, label = np.unique(roots, return_inverse=True)
    return label


def _words(text: str) -> list[str]:
    toks = [t for t in re.findall(r"[A-Za-z][A-Za-z'-]+", text.lower()) if t not in _STOP and len(t) > 2]
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]


def label_topics(groups: list[list[str]], n_words: int = 3) -> list[str]:
    """c-TF-IDF: words frequent in this group and rare across groups."""
    counts = [Counter(w for text in g for w in _words(text)) for g in groups]
    df = Counter(w for c in counts for w in c)
    avg = sum(sum(c.values()) for c in counts) / max(1, len(counts))
    labels = []
    for c in counts:
        scored = sorted(((tf * math.log(1 + avg / df[w]), w) for w, tf in c.items()), key=lambda x: (-x[0], x[1]))
        chosen: list[str] = []
        for _, w in scored:
            if any(w in x or x in w for x in chosen):
                continue
            chosen.append(w)
            if len(chosen) == n_words:
                break
        labels.append(" · ".join(chosen) if chosen else "(no label)")
    return labels


def build_topics(claims: list[Claim], vectors: np.ndarray, threshold: float = 0.55, k: int = 16,
                 nb: Neighbours | None = None) -> tuple[list[Topic], dict[str, str]]:
    """Topics sorted by id, and claim id -> topic id."""
    if not claims:
        return [], {}
    nb = nb or knn(vectors, k=k)
    keys = [c.id for c in claims]
    label = merge_clusters(nb, vectors, threshold)
    members: dict[int, list[int]] = {}
    for i, lab in enumerate(label):
        members.setdefault(int(lab), []).append(i)
    groups = list(members.values())
    names = label_topics([[claims[i].text for i in g] for g in groups])
    topics = []
    of: dict[str, str] = {}
    for g, name in zip(groups, names):
        first = min(g, key=lambda i: keys[i])
        tid = "t" + short_hash(claims[first].text, n=8)
        topics.append(Topic(id=tid, label=name, claim_ids=tuple(sorted(keys[i] for i in g))))
        for i in g:
            of[keys[i]] = tid
    topics.sort(key=lambda t: t.id)
    return topics, of
