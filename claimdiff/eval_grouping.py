"""How well `stories.build_stories` groups articles into events, measured on public data.

    python -m claimdiff.eval_grouping --eval-dir ../shared/eval     # prints a markdown table

Two corpora from the evaluation folder (never copied into the repository):

- BASIL (`basil_sentences.jsonl`): 100 events, each reported by Fox News, The New York Times
  and HuffPost; articles are rebuilt from their sentences (grouped by article_uuid, event and
  outlet, ordered by sent_idx, title first), with the article's date. `cluster` is the event.
- UCI News Aggregator (`uci_news_aggregator_slice.jsonl`): 6,366 headlines of 87 stories, one
  article per headline (title and text are the headline; date from the crawl timestamp, which
  spans about a day and a half, so dates cannot separate these stories). `cluster` is the story.

Each corpus is grouped several ways: content only (no date window), content and dates,
content, dates and countries, content, dates and spaCy's named entities, and the product's
default (what `scan` does: dates, the countries, reporting-period and place vetoes of
story_features, no NER), also with a 5-day window. Reported: adjusted Rand index (ARI), purity (share of
articles in a story whose majority event is theirs), inverse purity (the same with the roles
swapped: how whole each event is kept), and pair precision / recall over same-story article
pairs (pair precision is what the comparison stage feels: a pair of different events in one
story is a candidate for a false row). Embeddings come from the real model (`auto` engine).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from claimdiff.models import Article
from claimdiff.settings import Settings

PUBLISHERS = {"fox": "Fox News", "nyt": "The New York Times", "hpo": "HuffPost"}
NO_WINDOW = 10**6  # days: "content only" ignores dates


# --- corpora ------------------------------------------------------------------------------------

def _article(text: str, title: str | None, publisher: str | None, date: dt.date | None, path: str) -> Article:
    return Article(id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], path=path, text=text, title=title,
                   publisher=publisher, date=date, date_source="metadata" if date else "none")


@dataclasses.dataclass(frozen=True)
class BasilArticle:
    """One BASIL article rebuilt from its sentence rows."""

    name: str  # a file stem: "{outlet}-{article_uuid}", or "{outlet}-event-{event}" for the rows whose uuid is "empty"
    event: str  # BASIL's `cluster`: kept aside, never given to claimdiff
    source: str  # fox / nyt / hpo
    publisher: str
    title: str
    text: str  # the title, then the paragraphs, a blank line between each
    date: dt.date | None


def basil_rebuild(path: Path) -> list[BasilArticle]:
    """BASIL's 300 articles rebuilt from `basil_sentences.jsonl`, the one place that does it (the
    grouping evaluation, scripts/basil_articles.py's files and the whole-scan evaluation all read
    these): rows grouped by (article_uuid, event, outlet) (four HuffPost rows carry the uuid
    "empty": event and outlet keep them apart), ordered by `sent_idx` with the title row first,
    sentences of one `paragraph_idx` joined into a paragraph; the date of the article's first row."""
    rows: dict[tuple, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                rows[(r["article_uuid"], r["cluster"], r["source"])].append(r)
    out = []
    for (uuid, event, source), rs in sorted(rows.items()):
        rs.sort(key=lambda r: (not r.get("is_title"), r["sent_idx"]))
        title = next((r["text"] for r in rs if r.get("is_title")), rs[0].get("title", ""))
        paras: list[list[str]] = []
        last = object()
        for r in rs:
            if r.get("is_title"):
                continue
            if r.get("paragraph_idx") != last or not paras:
                paras.append([])
                last = r.get("paragraph_idx")
            paras[-1].append(r["text"])
        date = dt.date.fromisoformat(rs[0]["date"]) if rs[0].get("date") else None
        name = f"{source}-{uuid}" if uuid != "empty" else f"{source}-event-{event}"
        out.append(BasilArticle(name=name, event=event, source=source, publisher=PUBLISHERS.get(source, source),
                                title=title, text="\n\n".join([title] + [" ".join(p) for p in paras]), date=date))
    return out


def basil_articles(path: Path) -> tuple[list[Article], list[str]]:
    """BASIL's 300 articles (basil_rebuild) as claimdiff Articles, and the event of each."""
    rebuilt = basil_rebuild(path)
    arts = [_article(b.text, b.title, b.publisher, b.date, f"basil/{b.name}") for b in rebuilt]
    return arts, [b.event for b in rebuilt]


def uci_articles(path: Path) -> tuple[list[Article], list[str]]:
    """One article per UCI headline (duplicate headlines of one story count once), and its story."""
    arts, stories, seen = [], [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            text = " ".join(r["text"].split())
            key = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            if key in seen:
                continue
            seen.add(key)
            date = dt.datetime.fromtimestamp(r["timestamp_ms"] / 1000, tz=dt.timezone.utc).date()
            arts.append(_article(text, text, r.get("source"), date, f"uci/{r['id']}"))
            stories.append(r["cluster"])
    return arts, stories


# --- metrics ------------------------------------------------------------------------------------

def _contingency(truth: Sequence[str], pred: Sequence[str]) -> np.ndarray:
    _, t = np.unique(np.asarray(truth, dtype=object).astype(str), return_inverse=True)
    _, p = np.unique(np.asarray(pred, dtype=object).astype(str), return_inverse=True)
    m = np.zeros((t.max() + 1, p.max() + 1), dtype=np.int64)
    np.add.at(m, (t, p), 1)
    return m


def _pairs(x: np.ndarray) -> np.ndarray:
    return x * (x - 1) / 2.0


def grouping_scores(truth: Sequence[str], pred: Sequence[str]) -> dict:
    """ARI, purity, inverse purity, pair precision and recall of a grouping against the truth."""
    m = _contingency(truth, pred)
    n = m.sum()
    both = _pairs(m).sum()
    same_t = _pairs(m.sum(axis=1)).sum()
    same_p = _pairs(m.sum(axis=0)).sum()
    total = _pairs(np.array(n, dtype=np.float64))
    expected = same_t * same_p / total if total else 0.0
    top = (same_t + same_p) / 2.0
    ari = 1.0 if top == expected else (both - expected) / (top - expected)
    return {"ari": float(ari), "purity": float(m.max(axis=0).sum() / n), "inverse_purity": float(m.max(axis=1).sum() / n),
            "pair_precision": float(both / same_p) if same_p else 1.0,
            "pair_recall": float(both / same_t) if same_t else 1.0,
            "stories": int(m.shape[1]), "events": int(m.shape[0]), "articles": int(n)}


# --- the report ---------------------------------------------------------------------------------

PRODUCT = ("v", "countries", "periods", "names", "initials", "places")  # what story_features gives the product (no NER)
# (name, date window in days: None = no window, "default" = Settings' story_window_days, feature keys used)
VARIANTS = (("content only", None, ()), ("content + dates", "default", ()),
            ("content + dates + countries", "default", ("countries",)),
            ("content + dates + entities", "default", ("entities", "countries")),
            ("product default (countries, periods, places)", "default", PRODUCT),
            ("product features, 5-day window", 5, PRODUCT))


def _embed(articles: Sequence[Article], embedder) -> np.ndarray:
    from claimdiff.stories import story_text

    return embedder.encode([story_text(a) for a in articles])


def evaluate_corpus(articles: Sequence[Article], truth: Sequence[str], vectors: np.ndarray, features: Sequence[dict],
                    settings: Settings) -> list[dict]:
    from claimdiff.stories import build_stories

    out = []
    for name, window, keys in VARIANTS:
        days = NO_WINDOW if window is None else settings.story_window_days if window == "default" else window
        s = dataclasses.replace(settings, story_window_days=days)
        feats = [{k: f[k] for k in keys if k in f} for f in features]
        t = time.perf_counter()
        _, story_of = build_stories(articles, vectors, feats, s)
        secs = time.perf_counter() - t
        row = grouping_scores(truth, [story_of[a.id] for a in articles])
        out.append({"variant": name, **row, "seconds": round(secs, 3)})
    return out


def grouping_report(eval_dir: str | Path, settings: Settings | None = None, embedder=None) -> dict:
    """{"corpora": {name: [row per variant]}, "timings": {...}, "settings": {...}} for BASIL and UCI."""
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.stories import story_features

    settings = settings or Settings()
    eval_dir = Path(eval_dir)
    embedder = embedder or load_embedder("auto")
    corpora, timings = {}, {}
    for name, fname, loader in (("BASIL events", "basil_sentences.jsonl", basil_articles),
                                ("UCI stories", "uci_news_aggregator_slice.jsonl", uci_articles)):
        p = eval_dir / fname
        if not p.is_file():
            corpora[name] = f"not available: {p} not found"
            continue
        arts, truth = loader(p)
        t = time.perf_counter()
        vectors = _embed(arts, embedder)
        t_embed = time.perf_counter() - t
        t = time.perf_counter()
        feats = story_features(arts, ner=True)  # entities for the last variant; the others drop them
        t_ner = time.perf_counter() - t
        timings[name] = {"articles": len(arts), "embed_s": round(t_embed, 2), "entities_s": round(t_ner, 2)}
        corpora[name] = evaluate_corpus(arts, truth, vectors, feats, settings)
    return {"corpora": corpora, "timings": timings,
            "settings": {"story_threshold": settings.story_threshold, "story_window_days": settings.story_window_days}}


def to_markdown(report: dict) -> str:
    s = report["settings"]
    lines = ["## Story grouping (claimdiff.eval_grouping)", "",
             f"story_threshold {s['story_threshold']}, story_window_days {s['story_window_days']}; "
             "embeddings of title + lead from the real model.", "",
             "| corpus | grouping | ARI | purity | inverse purity | pair precision | pair recall | stories / events | build_stories s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, rows in report["corpora"].items():
        if isinstance(rows, str):
            lines.append(f"| {name} | {rows} | | | | | | | |")
            continue
        for r in rows:
            lines.append(f"| {name} | {r['variant']} | {r['ari']:.3f} | {r['purity']:.3f} | {r['inverse_purity']:.3f} | "
                         f"{r['pair_precision']:.3f} | {r['pair_recall']:.3f} | {r['stories']} / {r['events']} | {r['seconds']:.2f} |")
    if report["timings"]:
        lines += ["", "| corpus | articles | embed s | entities (spaCy NER) s |", "|---|---:|---:|---:|"]
        for name, t in report["timings"].items():
            lines.append(f"| {name} | {t['articles']} | {t['embed_s']} | {t['entities_s']} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Measure story grouping on BASIL events and UCI stories")
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parent.parent.parent / "shared" / "eval"),
                    help="folder with basil_sentences.jsonl and uci_news_aggregator_slice.jsonl")
    ap.add_argument("--json", action="store_true", help="print the report as JSON instead of markdown")
    a = ap.parse_args(argv)
    if not Path(a.eval_dir).is_dir():
        print(f"Error: {a.eval_dir} is not a folder; pass --eval-dir ../shared/eval", file=sys.stderr)
        return 2
    rep = grouping_report(a.eval_dir)
    print(json.dumps(rep, indent=2) if a.json else to_markdown(rep))
    return 0


if __name__ == "__main__":
    sys.exit(main())
