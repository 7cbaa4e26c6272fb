"""Topics: group claims by what they are about, with faiss neighbour search.

Clustering is greedy average linkage over a k-nearest-neighbour graph, which never
compares all pairs: each claim looks at its k neighbours only, so time and memory grow
with n*k. Edges are merged strongest first with deterministic tie-breaks; a topic's id
is a hash of its first claim by id, so it does not depend on input order.


Labels are the topic's most distinctive words (class-based TF-IDF, as in BERTopic).
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from claimdiff.models import Claim, Topic, short_hash
from claimdiff.neighbours import Neighbours, knn

_STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off
on once only or other our ours out over own same she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your said says say also one two new like even still may might must us
its it's s t last first year years time according however already since well made make many much way""".split())


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
