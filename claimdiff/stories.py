"""Stories: articles of several outlets about one event, grouped before anything is compared.

(First version, by the engine: components of the article neighbour graph. The stories
work replaces it.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from claimdiff.models import Article, Story, short_hash
from claimdiff.neighbours import knn
from claimdiff.settings import Settings


def story_text(article: Article) -> str:
    lines = [ln.strip() for ln in article.text.split("\n") if ln.strip()]
    if article.title and lines and lines[0] == article.title.strip():
        lines = lines[1:]
    lead = " ".join(lines[:2])[:600]
    return f"{article.title or ''}. {lead}".strip(". ")


def story_features(articles: Sequence[Article]) -> list[dict]:
    return [{} for _ in articles]


def build_stories(articles: Sequence[Article], vectors: np.ndarray, features: Sequence[dict],
                  settings: Settings) -> tuple[tuple[Story, ...], dict[str, str]]:
    order = sorted(range(len(articles)), key=lambda i: articles[i].id)
    arts = [articles[i] for i in order]
    x = np.asarray(vectors, dtype=np.float32)[order] if len(order) else np.zeros((0, 1), np.float32)
    parent = list(range(len(arts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(arts) > 1:
        nb = knn(x, k=min(16, len(arts)))
        for i in range(len(arts)):
            for j, s in zip(nb.ids[i].tolist(), nb.sims[i].tolist()):
                if j < 0 or j == i or s < settings.story_threshold:
                    continue
                da, db = arts[i].date, arts[j].date
                if da and db and abs((da - db).days) > settings.story_window_days:
                    continue
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Article]] = {}
    for i, a in enumerate(arts):
        groups.setdefault(find(i), []).append(a)
    stories, story_of = [], {}
    for members in groups.values():
        founder = min(members, key=lambda a: (a.date is None, a.date.isoformat() if a.date else "", a.id))
        dates = sorted(a.date for a in members if a.date)
        sid = "s" + short_hash(founder.id, n=10)
        label = (founder.title or founder.text[:60]).strip()[:60]
        stories.append(Story(id=sid, label=label, article_ids=tuple(sorted(a.id for a in members)),
                             first_date=dates[0] if dates else None, last_date=dates[-1] if dates else None))
        for a in members:
            story_of[a.id] = sid
    stories.sort(key=lambda s: s.id)
    return tuple(stories), story_of
