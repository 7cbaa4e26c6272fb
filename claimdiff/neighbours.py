"""Neighbour search: the k nearest claims (or articles) of every row, exact or inverted-file.

Up to `exact_limit` vectors the search is exact (faiss IndexFlatIP). Past it, an
inverted-file self-join (`ivf_knn`): rows are split into cells of ~64 by two-level
k-means and each cell is compared with its nearest cells only, so the work grows
linearly with n. It is deterministic and independent of row order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np


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
    n, d = vectors.shape
    k = max(1, min(k, n))
    x = np.ascontiguousarray(vectors, dtype=np.float32)
    if n > exact_limit:
        return ivf_knn(x, k, list_size=list_size, probes=probes, seed=seed)
    if n <= NUMPY_LIMIT:
        return _numpy_knn(x, k)
    import faiss  # 0.1 s to import: worth it only past NUMPY_LIMIT rows

    index = faiss.IndexFlatIP(d)
    index.add(x)
    sims, ids = index.search(x, k)
    return Neighbours(ids=ids, sims=sims)


# Up to this many rows the exact search is one numpy product (a `check` against a small
# archive does not pay faiss's import); ties are broken by row, as faiss's flat index does.
NUMPY_LIMIT = 2048


def _numpy_knn(x: np.ndarray, k: int) -> Neighbours:
    sims = x @ x.T
    order = np.lexsort((np.broadcast_to(np.arange(len(x)), sims.shape), -sims), axis=1)[:, :k]
    return Neighbours(ids=order.astype(np.int64), sims=np.take_along_axis(sims, order, axis=1))


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
        # identical centroids (k-means on many identical rows) would only make the assignment
        # n x n/list_size: keep the first of each (cap_cells splits the cell they leave)
        _, first = np.unique(fine, axis=0, return_index=True)
        if len(first) < len(fine):
            fine = fine[np.sort(first)]
        local = np.concatenate([np.argmax(xs[i:i + 16384] @ fine.T, axis=1) for i in range(0, len(xs), 16384)])
        return fine, local

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


def cap_cells(x: np.ndarray, centroids: np.ndarray, cell: np.ndarray, max_size: int,
              seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Split every cell of more than `max_size` rows, so that no join block grows with n.

    k-means cannot split rows that are (nearly) identical: 100,000 copies of one short
    article's sentences land in one cell, and joining that cell with itself is an n x n
    product (37 GiB at 100k). An oversized cell is cut into ceil(size / max_size) pieces of
    equal size along its direction of greatest spread (a few power iterations), so rows
    that differ at all stay with their like; ties (identical rows) go in content order, so
    the cut does not depend on row order. Each piece gets the normalised mean of its rows
    as centroid."""
    sizes = np.bincount(cell, minlength=len(centroids))
    big = np.flatnonzero(sizes > max_size)
    if len(big) == 0:
        return centroids, cell
    cell = cell.copy()
    centroids = centroids.copy()
    rank = np.empty(len(x), dtype=np.int64)
    rank[_content_order(x, seed)] = np.arange(len(x))
    order = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[order], np.arange(len(centroids) + 1))
    added: list[np.ndarray] = []
    r = np.random.default_rng(seed).standard_normal(x.shape[1]).astype(np.float32)
    for c in big.tolist():
        rows = order[bounds[c]:bounds[c + 1]]
        xc = x[rows] - x[rows].mean(axis=0)
        v = r.copy()
        for _ in range(8):  # power iteration: the top principal direction of the cell
            w = xc.T @ (xc @ v)
            nw = float(np.linalg.norm(w))
            if nw == 0:  # all rows identical: any cut is as good
                break
            v = w / nw
        proj = np.round(xc @ v, 6)  # rounded: float noise must not decide between equal rows
        rows = rows[np.lexsort((rank[rows], proj))]
        for j, members in enumerate(np.array_split(rows, -(-len(rows) // max_size))):
            cell[members] = c if j == 0 else len(centroids) + len(added)
            m = x[members].sum(axis=0)
            norm = float(np.linalg.norm(m))
            cen = (m / norm if norm > 0 else centroids[c]).astype(np.float32)
            if j == 0:
                centroids[c] = cen
            else:
                added.append(cen)
    if added:
        centroids = np.concatenate([centroids, np.stack(added)])
    return np.ascontiguousarray(centroids, dtype=np.float32), cell


def ivf_knn(x: np.ndarray, k: int, list_size: int = 64, probes: int = 16, seed: int = 0,
            refine_iter: int = 3, max_cell: int | None = None) -> Neighbours:
    """Approximate k-NN of every row by an inverted-file self-join.

    Rows are partitioned into cells of ~`list_size` (`partition`); the rows of each cell are
    compared (one BLAS product) with the rows of the `probes` cells whose centroids are
    nearest to their own. Work is n * probes * list_size * d: linear in n for fixed settings
    (an IVF index with nlist ~ sqrt(n) and a fixed nprobe grows as n^1.5). Deterministic and
    independent of row order (ties broken by row index). No cell holds more than
    `max_cell` rows (default 4 x list_size; see cap_cells), so memory stays
    n * probes * max_cell floats at most, whatever the input (many identical rows too).
    """
    max_cell = max_cell or 4 * list_size
    with _one_blas_thread():
        n, d = x.shape
        part = partition(x, list_size, seed)
        p = min(probes, len(part.centroids))
        centroids, cell = refine(x, part.centroids, part.cell, _nearest_cells(part.centroids, p), seed, refine_iter)
        centroids, cell = cap_cells(x, centroids, cell, max_cell, seed)
        nlist = len(centroids)
        p = min(probes, nlist)
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
