"""build_stories: the grouping itself (see the package docstring for the rules)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import numpy as np

from claimdiff.models import Article, Story, short_hash
from claimdiff.settings import Settings
from claimdiff.stories.features import FEATURES_VERSION, story_features
from claimdiff.stories.labels import story_label

NEIGHBOURS = 32  # k of the article neighbour graph: candidate stories per article
ENTITY_WEIGHT = 0.25  # how much sharing the named entities of the title and lead moves the link
ENTITY_PIVOT = 0.2  # shared-entity score (mean Dice) at which the entity term is neutral
UNDATED_MARGIN = 0.05  # an undated article needs this much more to join a story




# proper names an article must share with a story for a country mismatch not to part them
SHARED_NAMES_OVER_COUNTRIES = 3


def _canonical_order(articles: Sequence[Article]) -> list[int]:
    return sorted(range(len(articles)), key=lambda i: (articles[i].date is None,
                                                       articles[i].date or dt.date.min, articles[i].id))


def _earlier_neighbours(x: np.ndarray, k: int, floor: float) -> list[np.ndarray]:
    """Per row i (canonical order), the rows j < i linked to it in the k-NN graph (either end)
    with cosine >= floor, most similar first (ties by row)."""
    from claimdiff.neighbours import knn

    n = len(x)
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * n
    if n < 2:
        return out
    nb = knn(x, k=min(k, n))
    rows = np.repeat(np.arange(n, dtype=np.int64), nb.ids.shape[1])
    cols = nb.ids.reshape(-1).astype(np.int64)
    sims = nb.sims.reshape(-1)
    ok = (cols >= 0) & (cols != rows) & (sims >= floor)
    rows, cols, sims = rows[ok], cols[ok], sims[ok]
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    key = hi * n + lo
    uniq = np.unique(key)
    hi, lo = uniq // n, uniq % n
    bounds = np.searchsorted(hi, np.arange(n + 1))
    for i in np.nonzero(bounds[1:] > bounds[:-1])[0].tolist():
        out[i] = lo[bounds[i]:bounds[i + 1]]
    return out


class _Stories:
    """Running state of the stories built so far: members, vector sums, entity counts."""

    def __init__(self, x: np.ndarray) -> None:
        self.x = x
        self.sums: dict[int, np.ndarray] = {}  # founder row -> sum of member vectors (only for stories of 2+)
        self.members: dict[int, list[int]] = {}
        self.entities: dict[int, Counter] = {}
        self.entity_total: dict[int, int] = {}  # sum over members of their entity-set sizes
        self.countries: dict[int, set[str]] = {}  # every country a member names
        self.periods: dict[int, set[str]] = {}  # every reporting period a member names
        self.names: dict[int, set[str]] = {}  # every proper name a member's title and lead name
        self.places: dict[int, set[str]] = {}  # every place (names.place_names) a member names
        self.initials: dict[int, set[str]] = {}  # every capitalised sentence-initial word of a member
        self.of: list[int] = [-1] * len(x)

    def found(self, i: int, ents: list[str], places: list[str], periods: list[str] = (),
              names: Sequence[str] = (), towns: Sequence[str] = (), initials: Sequence[str] = ()) -> None:
        self.members[i] = [i]
        self.initials[i] = set(initials)
        self.periods[i] = set(periods)
        self.names[i] = set(names)
        self.places[i] = set(towns)
        self.countries[i] = set(places)
        self.entities[i] = Counter(ents)
        self.entity_total[i] = len(ents)
        self.of[i] = i

    def join(self, s: int, i: int, ents: list[str], places: list[str], periods: list[str] = (),
             names: Sequence[str] = (), towns: Sequence[str] = (), initials: Sequence[str] = ()) -> None:
        self.names[s].update(names)
        self.initials[s].update(initials)
        self.places[s].update(towns)
        self.countries[s].update(places)
        self.periods[s].update(periods)
        if s not in self.sums:
            self.sums[s] = self.x[s].astype(np.float64)
        self.sums[s] = self.sums[s] + self.x[i]
        self.members[s].append(i)
        self.entities[s].update(ents)
        self.entity_total[s] += len(ents)
        self.of[i] = s

    def content(self, s: int, i: int) -> float:
        """Mean cosine of row i with the story's members (average linkage)."""
        if s not in self.sums:
            return float(self.x[s] @ self.x[i])
        return float(self.sums[s] @ self.x[i]) / len(self.members[s])

    def other_period(self, s: int, periods: list[str]) -> bool:
        """The article or the story names a reporting period, and they share none."""
        return (bool(periods) or bool(self.periods[s])) and self.periods[s].isdisjoint(periods)

    def other_countries(self, s: int, places: list[str], names: Sequence[str] = ()) -> bool:
        """The article names countries and the story does too, none of them the same, and they
        share fewer than SHARED_NAMES_OVER_COUNTRIES proper names: "trips to Hawaii and Italy" in
        one report and "a U.S. attorney" in another of the same indictment ("Hunter", "Margaret",
        "San Diego") do not make two stories."""
        if not (places and self.countries[s] and self.countries[s].isdisjoint(places)):
            return False
        return len(self.names[s].intersection(names)) < SHARED_NAMES_OVER_COUNTRIES

    def other_place(self, s: int, names: Sequence[str], towns: Sequence[str], initials: Sequence[str] = ()) -> bool:
        """The article and the story both name a place (a town, not a county, state or country),
        and they have no proper name at all in common (a name one side writes only first in a
        sentence counts): the same kind of event somewhere else."""
        return (bool(towns) and bool(self.places[s]) and self.names[s].isdisjoint(names)
                and self.names[s].isdisjoint(initials) and self.initials[s].isdisjoint(names))

    def shared_entities(self, s: int, ents: list[str]) -> float | None:
        """Mean Dice overlap of an entity set with the members' entity sets (estimated from the
        story's counts); None when either side names no entity (no evidence either way)."""
        size = len(self.members[s])
        mean_len = self.entity_total[s] / size
        if not ents or mean_len == 0:
            return None
        shared = sum(self.entities[s][e] for e in ents) / size
        return 2.0 * shared / (len(ents) + mean_len)


def link_score(content: float, shared: float | None, use_entities: bool = True) -> float:
    """How strongly an article belongs to a story: its mean cosine with the members, moved up or
    down by how many named entities they share (ENTITY_WEIGHT * (shared - ENTITY_PIVOT))."""
    if not use_entities or shared is None:
        return content
    return content + ENTITY_WEIGHT * (shared - ENTITY_PIVOT)


def _current(article: Article, f: dict | None) -> dict:
    """The article's features; stored ones of an older FEATURES_VERSION are read anew (they are a
    pure function of the article), so an archive built before a rule changed groups like a scan.
    A dict without "v" is a caller's choice of features (eval_grouping) and is used as given."""
    if not f:
        return {}
    if "v" in f and f["v"] != FEATURES_VERSION:
        return story_features([article])[0]
    return f


def build_stories(articles: Sequence[Article], vectors: np.ndarray, features: Sequence[dict],
                  settings: Settings) -> tuple[tuple[Story, ...], dict[str, str]]:
    """(stories, article_id -> story_id). Every article is in exactly one story.

    `vectors[i]` is the L2-normalised embedding of `story_text(articles[i])`; `features[i]` is
    `story_features` of it (a feature dict without "entities", or an empty one, means content and
    dates only). The result depends on the set of articles only, not on their order."""
    if len(articles) != len(vectors) or len(articles) != len(features):
        raise ValueError(f"build_stories: {len(articles)} articles, {len(vectors)} vectors, "
                         f"{len(features)} feature dicts: they must match one to one")
    first: dict[str, int] = {}
    for i, a in enumerate(articles):  # the same article twice (same id, same text) counts once
        first.setdefault(a.id, i)
    idx = list(first.values())
    arts = [articles[i] for i in idx]
    order = _canonical_order(arts)
    arts = [arts[i] for i in order]
    rows = [idx[i] for i in order]
    x = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[rows]) if rows else np.zeros((0, 1), np.float32)
    feats = [_current(arts[k], features[r]) for k, r in enumerate(rows)]
    ents = [list(dict.fromkeys(f["entities"])) if f.get("entities") else [] for f in feats]
    places = [f.get("countries") or [] for f in feats]
    periods = [f.get("periods") or [] for f in feats]
    names = [f.get("names") or [] for f in feats]
    towns = [f.get("places") or [] for f in feats]
    initials = [f.get("initials") or [] for f in feats]

    threshold = settings.story_threshold
    window = settings.story_window_days
    core = settings.story_core_days
    use_entities = any(ents)
    floor = threshold - (ENTITY_WEIGHT * (1.0 - ENTITY_PIVOT) if use_entities else 0.0)
    earlier = _earlier_neighbours(x, NEIGHBOURS, floor)
    st = _Stories(x)
    for i, a in enumerate(arts):
        best, best_score = -1, -np.inf
        need = threshold + (UNDATED_MARGIN if a.date is None else 0.0)
        for s in sorted({st.of[j] for j in earlier[i].tolist()}):  # founders in canonical order: older first
            fd = arts[s].date
            if a.date is not None and fd is not None and (a.date - fd).days > window:
                continue
            if (a.date is None or fd is None or (a.date - fd).days > core) and st.other_period(s, periods[i]):
                continue  # past the first days, a report on another period is another story
            if st.other_countries(s, places[i], names[i]):  # the same kind of event in another country
                continue
            if st.other_place(s, names[i], towns[i], initials[i]):  # ... or in another town
                continue
            score = link_score(st.content(s, i), st.shared_entities(s, ents[i]), use_entities)
            if score > best_score:  # strict: a tie goes to the older story
                best, best_score = s, score
        if best >= 0 and best_score >= need:
            st.join(best, i, ents[i], places[i], periods[i], names[i], towns[i], initials[i])
        else:
            st.found(i, ents[i], places[i], periods[i], names[i], towns[i], initials[i])

    stories = []
    story_of: dict[str, str] = {}
    for s in sorted(st.members):
        members = [arts[m] for m in st.members[s]]
        sid = short_hash("story", arts[s].id)
        dates = [m.date for m in members if m.date is not None]
        stories.append(Story(id=sid, label=story_label(members), article_ids=tuple(m.id for m in members),
                             first_date=min(dates) if dates else None, last_date=max(dates) if dates else None))
        for m in members:
            story_of[m.id] = sid
    return tuple(stories), story_of
