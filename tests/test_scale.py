"""The scalable paths (approximate neighbours, vectorised pairing) against their exact references.

Small sizes only; speed is measured by scripts/bench_scale.py, never here.
"""

import numpy as np

from claimdiff.models import Claim
from claimdiff.neighbours import ivf_knn, knn
from claimdiff.topics import build_topics, merge_clusters


def _blobs(centers=30, n_per=40, dim=32, spread=0.15, seed=0):
    rng = np.random.default_rng(seed)
    c = rng.normal(size=(centers, dim))
    x = np.concatenate([c[k] + spread * rng.normal(size=(n_per, dim)) for k in range(centers)])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32), np.repeat(np.arange(centers), n_per)


def _same_partition(a, b):
    """Two labelings describe the same grouping (labels may be renumbered)."""
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def _approx(x, k=10):
    return knn(x, k=k, exact_limit=0, list_size=16, probes=8)  # forces the inverted-file self-join


def test_approximate_path_gives_the_exact_clusters_on_separated_groups():
    x, truth = _blobs()
    exact, approx = knn(x, k=10), _approx(x)
    assert approx.ids.shape == exact.ids.shape == (len(x), 10)
    assert (approx.ids[:, 0] == np.arange(len(x))).all()  # every row is its own nearest neighbour
    lab_exact, lab_approx = merge_clusters(exact, x, 0.6), merge_clusters(approx, x, 0.6)
    assert _same_partition(lab_exact, lab_approx)
    assert _same_partition(lab_exact, truth)
    # where both found a neighbour, the similarity is the same number
    both = approx.ids == exact.ids
    assert both.mean() > 0.95
    assert np.allclose(approx.sims[both], exact.sims[both], atol=1e-5)


def test_approximate_neighbours_are_sorted_and_real():
    x, _ = _blobs(centers=12, n_per=25, seed=3)
    nb = _approx(x, k=8)
    assert (np.diff(nb.sims, axis=1) <= 1e-6).all()
    assert ((nb.ids >= 0) & (nb.ids < len(x))).all()
    got = np.einsum("ij,ikj->ik", x, x[nb.ids])
    assert np.allclose(got, nb.sims, atol=1e-5)


def test_approximate_path_is_deterministic_and_order_free():
    x, _ = _blobs(seed=2)
    a, b = _approx(x), _approx(x)
    assert (a.ids == b.ids).all() and (a.sims == b.sims).all()
    perm = np.random.default_rng(7).permutation(len(x))
    c = _approx(x[perm])
    # the same neighbours, renamed by the permutation (compared as sets: equal-similarity ties may swap)
    assert all(set(perm[c.ids[i]]) == set(a.ids[perm[i]]) for i in range(len(x)))
    lab, lab_p = merge_clusters(a, x, 0.6), merge_clusters(c, x[perm], 0.6)
    assert _same_partition(lab[perm], lab_p)


def test_topics_from_the_approximate_path_are_order_free():
    x, truth = _blobs(centers=6, n_per=30, seed=4)
    claims = [Claim(id=f"c{i:04d}", article_id=f"a{i % 7}", sentence_index=i, text=f"topic{truth[i]} words {i}",
                    start=0, end=10) for i in range(len(x))]
    t1, of1 = build_topics(claims, x, threshold=0.6, nb=_approx(x))
    perm = np.random.default_rng(5).permutation(len(x))
    t2, of2 = build_topics([claims[i] for i in perm], x[perm], threshold=0.6, nb=_approx(x[perm]))
    assert [t.id for t in t1] == [t.id for t in t2] and of1 == of2
    assert len(t1) == 6


def _reference_pairs(nb, article, topic, threshold, keep):
    """The original loop of find_conflicts: the pairs it would compare, in its order."""
    seen, out = set(), []
    for i in range(len(article)):
        if not keep[i]:
            continue
        for j, s in zip(nb.ids[i], nb.sims[i]):
            j = int(j)
            if j < 0 or j == i or s < threshold or not keep[j]:
                continue
            pair = (min(i, j), max(i, j))
            if pair in seen:
                continue
            seen.add(pair)
            if article[pair[0]] != article[pair[1]] and topic[pair[0]] == topic[pair[1]]:
                out.append((pair[0], pair[1], float(s)))
    return out


def test_ivf_knn_handles_fewer_rows_than_k():
    x, _ = _blobs(centers=1, n_per=5, seed=9)
    nb = ivf_knn(x, k=8, list_size=2, probes=2)
    assert nb.ids.shape == (5, 8)
    assert (nb.ids[:, 0] == np.arange(5)).all()


def test_nearest_cells_past_the_exact_limit_use_the_self_join():
    from claimdiff.neighbours import _nearest_cells

    x, _ = _blobs(centers=20, n_per=30, seed=10)
    exact, approx = _nearest_cells(x, 6), _nearest_cells(x, 6, exact_limit=100)
    assert (approx[:, 0] == np.arange(len(x))).all()
    overlap = np.mean([len(set(a) & set(b)) / 6 for a, b in zip(exact, approx)])
    assert overlap > 0.9, overlap


def test_identical_rows_do_not_make_one_giant_cell():
    """100,000 short articles crashed here: k-means put (nearly) identical rows in one cell and its
    self-join asked for an n x n block (37 GiB). Cells are capped; memory stays small."""
    import tracemalloc

    from claimdiff.neighbours import cap_cells, partition

    rng = np.random.default_rng(1)
    other, _ = _blobs(centers=20, n_per=50, dim=32)
    same = np.repeat(other[:1], 12_000, axis=0)  # one sentence repeated by many articles
    x = np.concatenate([same, other[rng.permutation(len(other))]])
    part = partition(x, list_size=16)
    cent, cell = cap_cells(x, part.centroids, part.cell, max_size=64)
    sizes = np.bincount(cell)
    assert sizes.max() <= 64 and sizes.sum() == len(x) and len(cent) == len(sizes)
    tracemalloc.start()
    nb = ivf_knn(x, 10, list_size=16, probes=8)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # uncapped: one 12,000 x 12,000+ float32 product (> 576 MB); capped: well under 100 MB
    assert peak < 100 * 2**20, peak / 2**20
    found = nb.ids >= 0
    assert np.isfinite(nb.sims[found]).all() and found[:12_000].all()
    # (a few rows of the small groups get 8 or 9 of their 10: the same on the uncapped code)
    assert found.all(axis=1).mean() > 0.99
    assert np.allclose(nb.sims[:12_000], 1.0, atol=1e-5)  # a copy's neighbours are copies
    assert (nb.ids[:12_000] < 12_000).all()
    # the separated groups still find their own members
    rest = nb.ids[12_000:]
    assert (rest[:, 0] == np.arange(12_000, len(x))).mean() > 0.95
