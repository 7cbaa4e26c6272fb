"""Wire the stages: articles -> sentences -> claims -> vectors -> topics -> conflicts.

No printing, no exits, no argv: every function returns models. Progress, if wanted,
goes through the `progress(stage, done, total)` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np

from claimdiff.claims import load_lexicon, read_claim
from claimdiff.compare import PairContext, all_comparators, compare_claims
from claimdiff.compare.framing import FramingComparator
from claimdiff.embedding.engines import Embedder, load_embedder
from claimdiff.read.files import read_paths
from claimdiff.settings import Settings
from claimdiff.models import Article, Claim, Conflict, Finding, ScanResult, Side
from claimdiff.read.sentences import split_sentences
from claimdiff.neighbours import Neighbours, knn
from claimdiff.topics import build_topics

Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    pass


def extract_claims(articles: Sequence[Article], lexicon_path: str | None = None,
                   progress: Progress = _noop) -> list[Claim]:
    lexicon = load_lexicon(lexicon_path)
    claims: list[Claim] = []
    for n, a in enumerate(articles, 1):
        for s in split_sentences(a):
            claims.append(read_claim(s, a, lexicon))
        progress("claims", n, len(articles))
    return claims


def embed_claims(claims: Sequence[Claim], embedder: Embedder, batch: int = 256,
                 progress: Progress = _noop) -> np.ndarray:
    out = np.zeros((len(claims), embedder.dim), dtype=np.float32)
    for i in range(0, len(claims), batch):
        chunk = claims[i:i + batch]
        out[i:i + len(chunk)] = embedder.encode([c.text for c in chunk])
        progress("embed", i + len(chunk), len(claims))
    return out


def _directed_edges(nb: Neighbours, threshold: float, keep: np.ndarray | None = None):
    """Edges (i, j, sim) of the neighbour lists in reading order (row i, then neighbour rank),
    j a real other row, sim >= threshold, both ends kept. Vectorised over all n*k entries."""
    n, k = nb.ids.shape
    rows = np.repeat(np.arange(n, dtype=np.int64), k)
    cols = nb.ids.reshape(-1).astype(np.int64)
    sims = nb.sims.reshape(-1)
    ok = (cols >= 0) & (cols != rows) & (sims >= threshold)
    if keep is not None:
        ok &= keep[rows] & keep[np.maximum(cols, 0)]
    return rows[ok], cols[ok], sims[ok]


def _codes(values: Sequence[str]) -> np.ndarray:
    return np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)[1]


def drop_duplicates(claims: list[Claim], vectors: np.ndarray, nb: Neighbours,
                    threshold: float) -> np.ndarray:
    """Mask of claims to keep: a sentence an article repeats (nearly) verbatim counts once.

    Claims are visited in index order; a kept claim drops its later neighbours of the same
    article within `threshold`. Only the few same-article near-duplicate edges reach the loop.
    """
    keep = np.ones(len(claims), dtype=bool)
    if not claims:
        return keep
    art = _codes([c.article_id for c in claims])
    i, j, _ = _directed_edges(nb, threshold)
    m = (j > i) & (art[i] == art[j])
    for a, b in zip(i[m].tolist(), j[m].tolist()):  # in order of a: the same sweep as visiting every claim
        if keep[a]:
            keep[b] = False
    return keep


def candidate_pairs(nb: Neighbours, article: np.ndarray, topic: np.ndarray, threshold: float,
                    keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of claims worth comparing: (lo, hi, similarity) arrays, lo < hi.

    A pair is two neighbours (k-NN graph) with similarity >= threshold, both kept, of different
    articles (`article` codes) and the same topic (`topic` codes). Each pair once, with the
    similarity of its first appearance in reading order (row, then neighbour rank), in that
    order. Vectorised: O(n*k*log(n*k)) time, O(n*k) memory, never all pairs.
    """
    n = nb.ids.shape[0]
    i, j, sim = _directed_edges(nb, threshold, keep)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    _, first = np.unique(lo * n + hi, return_index=True)  # first appearance of each pair
    first.sort()  # back to reading order
    lo, hi, sim = lo[first], hi[first], sim[first]
    ok = (article[lo] != article[hi]) & (topic[lo] == topic[hi])
    return lo[ok], hi[ok], sim[ok]


def _side(claim: Claim, article: Article, highlights: tuple) -> Side:
    return Side(claim_id=claim.id, text=claim.text, article_id=article.id, article=article.path,
                title=article.title, publisher=article.publisher, author=article.author, date=article.date,
                url=article.url, start=claim.start, end=claim.end, highlights=tuple(highlights))


def _position(claim: Claim, article: Article) -> tuple:
    """Sort key of a conflict side: dated before undated, older first, then path and offset."""
    return (article.date is None, article.date.isoformat() if article.date else "", article.path, claim.start)


def find_conflicts(articles: Sequence[Article], claims: list[Claim], vectors: np.ndarray,
                   topic_of: dict[str, str], topic_labels: dict[str, str], nb: Neighbours,
                   settings: Settings, keep: np.ndarray | None = None) -> list[Conflict]:
    arts = {a.id: a for a in articles}
    comparators = tuple(c for c in all_comparators() if not settings.kinds or c.kind in settings.kinds)
    if settings.lexicon:
        comparators = tuple(FramingComparator(load_lexicon(settings.lexicon)) if c.kind == "framing" else c
                            for c in comparators)
    best: dict[tuple, Conflict] = {}
    art = _codes([c.article_id for c in claims])
    top = _codes([topic_of[c.id] for c in claims])
    los, his, sims = candidate_pairs(nb, art, top, settings.pair_threshold, keep)
    for lo, hi, sim in zip(los.tolist(), his.tolist(), sims.tolist()):
        a, b = claims[lo], claims[hi]
        if _position(b, arts[b.article_id]) < _position(a, arts[a.article_id]):
            a, b = b, a
        aa, ab = arts[a.article_id], arts[b.article_id]
        ctx = PairContext(similarity=float(sim), date_a=aa.date, date_b=ab.date)
        for f in compare_claims(a, b, ctx, comparators):
            if f.score < settings.min_score:
                continue
            c = _conflict(f, a, b, aa, ab, topic_of[a.id], topic_labels[topic_of[a.id]])
            key = (f.kind, aa.id, ab.id, f.facet)
            old = best.get(key)
            if old is None or (c.score, old.id) > (old.score, c.id):
                best[key] = c
    return sorted(best.values(), key=lambda c: (-c.score, c.kind, c.id))


def _conflict(f: Finding, a: Claim, b: Claim, aa: Article, ab: Article, topic_id: str, label: str) -> Conflict:
    return Conflict(id=Conflict.make_id(a.text, b.text, f.kind), kind=f.kind, topic_id=topic_id, topic_label=label,
                    score=round(f.score, 3), explanation=f.explanation,
                    a=_side(a, aa, f.highlights_a), b=_side(b, ab, f.highlights_b))


def analyse(articles: Sequence[Article], settings: Settings, embedder: Embedder,
            progress: Progress = _noop, skipped: Iterable[str] = ()) -> ScanResult:
    articles = sorted(articles, key=lambda a: (a.path, a.id))
    claims = extract_claims(articles, settings.lexicon, progress)
    vectors = embed_claims(claims, embedder, settings.batch, progress)
    nb = knn(vectors, k=settings.neighbours) if claims else Neighbours(np.zeros((0, 1), int), np.zeros((0, 1)))
    keep = drop_duplicates(claims, vectors, nb, settings.duplicate_threshold)
    topics, topic_of = build_topics(claims, vectors, settings.topic_threshold, nb=nb) if claims else ([], {})
    labels = {t.id: t.label for t in topics}
    conflicts = find_conflicts(articles, claims, vectors, topic_of, labels, nb, settings, keep) if claims else []
    progress("conflicts", 1, 1)
    return ScanResult(articles=tuple(articles), claims=tuple(claims), topics=tuple(topics),
                      conflicts=tuple(conflicts), skipped=tuple(skipped))


def scan(paths: Sequence[str | Path], settings: Settings = Settings(), embedder: Embedder | None = None,
         progress: Progress = _noop) -> ScanResult:
    read = read_paths(paths, settings.max_bytes)
    if embedder is None:
        embedder = load_embedder(settings.embedder)
    return analyse(read.articles, settings, embedder, progress, read.skipped)
