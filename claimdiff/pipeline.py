"""The batch driver: articles -> claims -> vectors -> stories -> conflicts.

`scan` is this engine over a batch of files; the archive (archive/incremental.py) is the
same engine over stored articles plus new ones: both call `prepare_articles`,
`stories.build_stories` and `conflicts.find_conflicts`, and nothing else decides a row.

No printing, no exits, no argv: every function returns models. Progress, if wanted,
goes through the `progress(stage, done, total)` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
import numpy as np

from claimdiff.claims import load_lexicon, read_claim
from claimdiff.conflicts import Prepared, find_conflicts, fold, select, topics_of
from claimdiff.embedding.cache import VectorCache, embed_texts, open_cache
from claimdiff.embedding.engines import Embedder, lazy_embedder
from claimdiff.models import Article, Claim, ScanResult
from claimdiff.read.files import read_paths
from claimdiff.read.sentences import split_sentences
from claimdiff.settings import Settings
from claimdiff.stories import build_stories, story_features, story_text

Progress = Callable[[str, int, int], None]


def _noop(stage: str, done: int, total: int) -> None:
    pass


def article_claims(article: Article, lexicon=None) -> list[Claim]:
    """Every sentence of the article, read shallowly (claims/)."""
    return [read_claim(s, article, lexicon) for s in split_sentences(article)]


def extract_claims(articles: Sequence[Article], lexicon_path: str | None = None,
                   progress: Progress = _noop) -> list[Claim]:
    lexicon = load_lexicon(lexicon_path)
    claims: list[Claim] = []
    for n, a in enumerate(articles, 1):
        claims.extend(article_claims(a, lexicon))
        progress("claims", n, len(articles))
    return claims


def keep_mask(vectors: np.ndarray, threshold: float) -> np.ndarray:
    """Which sentences of one article to keep: a sentence the article repeats (nearly)
    verbatim counts once; the first occurrence stays."""
    n = len(vectors)
    keep = np.ones(n, dtype=bool)
    if n < 2:
        return keep
    upper = np.triu(vectors @ vectors.T >= threshold, 1)  # [i, j]: j > i repeats i
    if not upper.any():  # most articles repeat nothing: no row to walk
        return keep
    for i in range(n):
        if keep[i]:
            keep[np.nonzero(upper[i])[0]] = False
    return keep


def prepare_articles(articles: Sequence[Article], settings: Settings, embedder: Embedder,
                     cache: VectorCache | None = None, progress: Progress = _noop,
                     reads=None) -> dict[str, Prepared]:
    """Each article's kept claims, their vectors, its story vector and features: a pure
    function of each article (and the model), so it can be stored and reused. `reads`: a
    prepcache.ReadCache of earlier runs' shallow readings (claims, story text, features)."""
    hits = reads.get(articles, settings.lexicon) if reads is not None else {}
    lexicon = load_lexicon(settings.lexicon) if len(hits) < len(articles) else None  # (a bad one raises here)
    per_article, stexts = [], []
    for n, a in enumerate(articles, 1):
        hit = hits.get(n - 1)
        per_article.append(hit[0] if hit else article_claims(a, lexicon))
        stexts.append(hit[1] if hit else story_text(a))
        progress("claims", n, len(articles))
    missed = [k for k in range(len(articles)) if k not in hits]
    features: list = [hits[k][2] if k in hits else None for k in range(len(articles))]
    for k, f in zip(missed, story_features([articles[k] for k in missed]) if missed else ()):
        features[k] = f
    if reads is not None and missed:
        reads.put((articles[k], settings.lexicon, per_article[k], stexts[k], features[k]) for k in missed)
    texts = [c.text for cl in per_article for c in cl] + stexts
    vecs = embed_texts(texts, embedder, cache, settings.batch, progress)
    out: dict[str, Prepared] = {}
    row = 0
    n_claims = sum(len(cl) for cl in per_article)
    for k, (a, cl) in enumerate(zip(articles, per_article)):
        v = vecs[row:row + len(cl)]
        row += len(cl)
        keep = keep_mask(v, settings.duplicate_threshold)
        out[a.id] = Prepared(article=a, claims=[c for c, kp in zip(cl, keep) if kp], vectors=v[keep],
                             story_vector=vecs[n_claims + k], features=features[k])
    return out


def group_stories(prepared: dict[str, Prepared], settings: Settings):
    """Stories over every prepared article (a pure function of the set)."""
    ids = sorted(prepared)
    arts = [prepared[i].article for i in ids]
    dim = next(iter(prepared.values())).story_vector.shape[0] if prepared else 1
    vecs = np.vstack([prepared[i].story_vector for i in ids]) if ids else np.zeros((0, dim), np.float32)
    return build_stories(arts, vecs, [prepared[i].features for i in ids], settings)


def cross_story_pairs(prepared: dict[str, Prepared], story_of: dict[str, str], settings: Settings):
    """--across-stories: pairs of claims of different stories among each claim's k nearest."""
    from claimdiff.neighbours import knn

    rows = [(aid, i) for aid in sorted(prepared) for i in range(len(prepared[aid].claims))]
    if len(rows) < 2:
        return []
    x = np.vstack([prepared[aid].vectors for aid in sorted(prepared) if len(prepared[aid].vectors)])
    nb = knn(x, k=settings.neighbours)
    out, seen = [], set()
    for r in range(len(rows)):
        for j, s in zip(nb.ids[r].tolist(), nb.sims[r].tolist()):
            if j < 0 or s < settings.pair_threshold:
                continue
            aa, ab = rows[r][0], rows[j][0]
            if aa == ab or story_of[aa] == story_of[ab]:
                continue
            key = (min(rows[r], rows[j]), max(rows[r], rows[j]))
            if key not in seen:
                seen.add(key)
                out.append((*key[0], *key[1], float(s)))
    return out


def analyse(articles: Sequence[Article], settings: Settings, embedder: Embedder,
            progress: Progress = _noop, skipped: Iterable[str] = (), cache: VectorCache | None = None,
            parser=None, blobs=None) -> ScanResult:
    """`blobs`: a prepcache.BlobCache; each article's reading, each parse and each story's rows
    found there are not derived again (an explicit `parser` bypasses the parse and rows cache)."""
    articles = sorted(articles, key=lambda a: (a.path, a.id))
    reads = conflicts_of = None
    if blobs is not None:
        from claimdiff.prepcache import ReadCache, cached_conflicts, cached_parser

        reads = ReadCache(blobs)
        if parser is None:
            parser = cached_parser([blobs], [blobs])
            conflicts_of = cached_conflicts(blobs)
    prepared = prepare_articles(articles, settings, embedder, cache, progress, reads=reads)
    return result_of(articles, prepared, settings, progress, skipped, parser,
                     conflicts_of=conflicts_of or find_conflicts)


def result_of(articles: Sequence[Article], prepared: dict[str, Prepared], settings: Settings,
              progress: Progress = _noop, skipped: Iterable[str] = (), parser=None,
              conflicts_of: Callable[..., list] = find_conflicts) -> ScanResult:
    """Stories, rows and the ScanResult from the articles' Prepared state. `conflicts_of`
    executes `find_conflicts` (same signature, same result): the Ray executor
    (scaleout/ray_exec.py) runs it story by story on its workers."""
    articles = sorted(articles, key=lambda a: (a.path, a.id))
    stories, story_of = group_stories(prepared, settings)
    cross = cross_story_pairs(prepared, story_of, settings) if settings.across_stories else ()
    found = conflicts_of(prepared, stories, settings, parser=parser, cross_pairs=cross)
    rows, repeated = fold(select(found, settings))
    progress("conflicts", 1, 1)
    claims = tuple(c for a in articles for c in prepared[a.id].claims)
    listed = {c.id for c in rows}
    hidden = {r: sum(1 for c in found if c.relation == r and c.id not in listed and c.relation not in settings.relations)
              for r in ("contradiction", "update")}
    return ScanResult(articles=tuple(articles), claims=claims, topics=topics_of(rows),
                      conflicts=tuple(rows), skipped=tuple(skipped), stories=stories,
                      not_listed=tuple((r, n) for r, n in hidden.items() if n), repeated=tuple(repeated))


class _named:
    def __init__(self, name: str) -> None:
        self.name = name


def scan(paths: Sequence[str | Path], settings: Settings = Settings(), embedder: Embedder | None = None,
         progress: Progress = _noop, cache: VectorCache | None = None) -> ScanResult:
    """The engine over files. `cache`: where sentence vectors are looked up first; None: the
    user's disk cache for this model when `settings.cache` (see embedding/cache.py)."""
    blobs = None
    if settings.cache:  # the prepared cache follows the embedding cache's rules (--no-cache; tests' fake engine)
        from claimdiff.prepcache import open_blobs, read_paths_cached

        blobs = open_blobs(settings, embedder if embedder is not None else _named(settings.embedder))
    read = read_paths(paths, settings.max_bytes) if blobs is None else read_paths_cached(paths, settings.max_bytes, blobs)
    if embedder is None:  # loaded at the first sentence the cache lacks (a warm re-scan loads no model)
        embedder = lazy_embedder(settings.embedder, precision=settings.precision, device=settings.device)
    if cache is None:
        cache = open_cache(embedder, settings.cache, settings.cache_dir)
    return analyse(read.articles, settings, embedder, progress, read.skipped, cache, blobs=blobs)
