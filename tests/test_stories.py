"""stories.py: articles -> stories. Pure function of the set, stable founder ids, real-news traps."""

from __future__ import annotations

import datetime as dt
import json
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from claimdiff.models import Article, short_hash
from claimdiff.settings import Settings
from claimdiff.stories import (build_stories, countries, normalise_entity, story_features, story_label,
                               story_text)
from tests.conftest import DATA

GROUPING = os.path.join(DATA, "stories_grouping")
D0 = dt.date(2021, 5, 3)


def art(i: int | str, title: str = "", date: dt.date | None = D0, text: str = "") -> Article:
    aid = f"{i:04d}" if isinstance(i, int) else i
    title = title or f"Article {aid} about something"
    return Article(id=aid, path=f"{aid}.txt", text=text or f"{title}\n\nThe body of article {aid} says a thing.",
                   title=title, date=date)


def unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def groups(stories) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in stories}


# --- a pool for the properties: clusters with near ties, equal dates, undated articles, countries ------

def _pool(n_clusters: int = 6, per: int = 5, seed: int = 7):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n_clusters, 16)).astype(np.float32)
    arts, vecs, feats = [], [], []
    for c in range(n_clusters):
        day = D0 + dt.timedelta(days=int(rng.integers(0, 12)))
        for m in range(per):
            i = c * per + m
            v = centres[c] + 0.55 * rng.standard_normal(16).astype(np.float32)
            if m == per - 1:
                v = vecs[-1] * np.linalg.norm(vecs[-1])  # an exact tie: the same vector as its neighbour
            vecs.append(v / np.linalg.norm(v))
            date = None if i % 11 == 0 else day + dt.timedelta(days=int(rng.integers(0, 7)))
            arts.append(art(i, f"Cluster {c} headline words {m}", date))
            feats.append({"countries": [["us"], ["uk"], [], ["us", "iran"]][(c + m // 4) % 4]})
    return arts, np.stack(vecs), feats


POOL = _pool()
S = Settings()


def _run(idx: list[int]):
    arts, vecs, feats = POOL
    return build_stories([arts[i] for i in idx], vecs[idx], [feats[i] for i in idx], S)


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_stories_for_any_order_of_any_subset(data):
    n = len(POOL[0])
    subset = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True), label="subset")
    perm = data.draw(st.permutations(subset), label="order")
    stories_a, of_a = _run(sorted(subset))
    stories_b, of_b = _run(list(perm))
    assert of_a == of_b
    assert stories_a == stories_b  # ids, labels, member order and dates too
    assert sorted(of_a) == sorted(POOL[0][i].id for i in subset)  # every article in exactly one story
    assert sum(len(s.article_ids) for s in stories_a) == len(subset)


def test_the_pool_is_not_trivial():
    """The properties above are only worth something if the pool forms stories of several articles
    and leaves some apart (here: six clusters, some split by the window or by their countries)."""
    stories, _ = _run(list(range(len(POOL[0]))))
    sizes = sorted(len(s.article_ids) for s in stories)
    assert sizes[-1] >= 3 and 6 <= len(stories) < len(POOL[0])


@hsettings(max_examples=40, deadline=None)
@given(st.data())
def test_story_ids_stay_when_later_articles_arrive(data):
    arts, _, _ = POOL
    n = len(arts)
    subset = data.draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=n, unique=True))
    canon = sorted(subset, key=lambda i: (arts[i].date is None, arts[i].date or dt.date.min, arts[i].id))
    cut = data.draw(st.integers(1, len(canon) - 1))
    old, new = canon[:cut], canon[cut:]  # the new articles are all later, by (date, id), than the old ones
    _, before = _run(old)
    _, after = _run(old + new)
    for i in old:
        assert after[arts[i].id] == before[arts[i].id]


def test_id_comes_from_the_founding_article():
    a = art(1, "Dam breaks upstream of the valley", D0)
    b = art(2, "Dam breaks upstream of the valley, towns flooded", D0 + dt.timedelta(days=1))
    c = art(0, "Valley dam breaks", D0 + dt.timedelta(days=2))  # smallest id, but not the oldest
    v = np.stack([unit(1, 0.1, 0), unit(1, 0.12, 0), unit(1, 0.08, 0)])
    stories, of = build_stories([c, b, a], v[[2, 1, 0]], [{}] * 3, S)
    assert len(stories) == 1
    assert stories[0].id == short_hash("story", a.id) == of[c.id]
    assert stories[0].article_ids == (a.id, b.id, c.id)  # oldest first
    assert stories[0].first_date == D0 and stories[0].last_date == D0 + dt.timedelta(days=2)


def test_a_lone_article_is_a_story_of_one():
    a = art(5, "Harbor plant to lay off 300 workers", D0)
    stories, of = build_stories([a], unit(1, 0, 0)[None], [{}], S)
    assert len(stories) == 1 and stories[0].article_ids == (a.id,)
    assert of == {a.id: stories[0].id}
    assert stories[0].label == "Harbor plant to lay off 300 workers"
    assert build_stories([], np.zeros((0, 3), np.float32), [], S) == ((), {})


def test_inputs_must_match_one_to_one():
    with pytest.raises(ValueError, match="must match"):
        build_stories([art(1)], np.zeros((2, 3), np.float32), [{}], S)


def test_the_same_article_twice_counts_once():
    a, b = art(1, "Ferry sinks off the coast"), art(2, "Ferry sinks off the coast, dozens rescued")
    v = np.stack([unit(1, 0.1, 0), unit(1, 0.1, 0), unit(1, 0.12, 0)])
    stories, of = build_stories([a, a, b], v, [{}] * 3, S)
    assert len(stories) == 1 and stories[0].article_ids == (a.id, b.id) and len(of) == 2


def test_a_story_spans_at_most_the_window():
    v = np.stack([unit(1, 0.1, 0)] * 3)
    w = S.story_window_days
    a, b = art(1, date=D0), art(2, date=D0 + dt.timedelta(days=w))
    late = art(3, date=D0 + dt.timedelta(days=w + 1))  # alike in every word, but after the window of the founder
    stories, of = build_stories([a, b, late], v, [{}] * 3, S)
    assert of[a.id] == of[b.id] != of[late.id]


def test_below_the_threshold_articles_stay_apart():
    t = S.story_threshold
    a, b = art(1), art(2)
    below = np.stack([unit(1, 0), unit(t - 0.02, np.sqrt(1 - (t - 0.02) ** 2))])
    above = np.stack([unit(1, 0), unit(t + 0.02, np.sqrt(1 - (t + 0.02) ** 2))])
    assert len(build_stories([a, b], below, [{}] * 2, S)[0]) == 2
    assert len(build_stories([a, b], above, [{}] * 2, S)[0]) == 1


def test_an_article_about_another_country_does_not_join():
    a, b = art(1), art(2)
    v = np.stack([unit(1, 0.1, 0), unit(1, 0.12, 0)])
    assert len(build_stories([a, b], v, [{"countries": ["us"]}, {"countries": ["uk"]}], S)[0]) == 2
    assert len(build_stories([a, b], v, [{"countries": ["us"]}, {"countries": ["uk", "us"]}], S)[0]) == 1
    assert len(build_stories([a, b], v, [{"countries": ["us"]}, {"countries": []}], S)[0]) == 1


def test_undated_articles():
    dated = [art(1, date=D0), art(2, date=D0 + dt.timedelta(days=1))]
    close = art("u-close", date=None)  # nearly the same words as the dated story: it joins it
    loose = art("u-loose", date=None)  # alike, but not enough for an article that cannot be placed in time
    other = art("u-other", date=None)  # about something else: a story of its own
    t = S.story_threshold
    c = t + 0.02  # enough for a dated article, not for an undated one (UNDATED_MARGIN)
    v = np.stack([unit(1, 0, 0), unit(1, 0.05, 0), unit(1, 0.03, 0), unit(c, np.sqrt(1 - c * c), 0),
                  unit(0, 0, 1)])
    stories, of = build_stories(dated + [close, loose, other], v, [{}] * 5, S)
    assert of[close.id] == of[dated[0].id] == of[dated[1].id]
    assert of[loose.id] != of[dated[0].id] and of[other.id] not in (of[dated[0].id], of[loose.id])
    s = next(s for s in stories if s.id == of[close.id])
    assert s.id == short_hash("story", dated[0].id)  # an undated member never founds a dated story
    assert s.article_ids[-1] == close.id and s.last_date == dated[1].date
    lone = next(s for s in stories if s.id == of[other.id])
    assert lone.first_date is None and lone.last_date is None
    # only undated articles: grouped by content alone
    u = [art("x1", date=None), art("x2", date=None)]
    assert len(build_stories(u, np.stack([unit(1, 0, 0), unit(1, 0.05, 0)]), [{}] * 2, S)[0]) == 1


# --- features and labels ------------------------------------------------------------------------

def test_countries_read_as_news_writes_them():
    assert countries("U.S. begins mass vaccination campaign") == ["us"]
    assert countries("Britain's NHS hails V-Day as first Britons get the shot") == ["uk"]
    assert countries("Talks between the United States and Iran resume in Vienna") == ["iran", "us"]
    assert countries("North Korea fires a missile toward Japan") == ["japan", "north korea"]
    assert countries("let us know what you think; turkey recipes for the holidays") == []


def test_entity_keys():
    assert normalise_entity("the U.S.", "GPE") == "us"
    assert normalise_entity("Michael Steele", "PERSON") == normalise_entity("Steele's", "PERSON") == "steele"
    assert normalise_entity("Britain", "GPE") == "uk"
    assert normalise_entity("the Labor Department", "ORG") == "labor department"


def test_story_features_are_json_and_per_article():
    arts = [art(1, "U.S. employers add 266,000 jobs in April"), art(2, "Britain starts vaccinations")]
    f = story_features(arts)
    assert json.loads(json.dumps(f)) == f
    assert [x["countries"] for x in f] == [["us"], ["uk"]]
    assert story_features(arts[::-1]) == f[::-1] and story_features([]) == []


def test_story_text_is_title_and_lead():
    a = art(1, "Harbor plant to cut 300 jobs",
            text="Harbor plant to cut 300 jobs\n\nThe plant will close its second line in June. " + "More words. " * 5
            + "\n\n" + "Later paragraph with many words in it. " * 40)
    t = story_text(a)
    assert t.startswith("Harbor plant to cut 300 jobs. The plant will close its second line in June.")
    assert t.count("Harbor plant to cut 300 jobs") == 1 and len(t.split()) <= 80
    untitled = a.model_copy(update={"title": None})
    assert story_text(untitled).startswith("Harbor plant to cut 300 jobs The plant")


def test_label_is_the_most_typical_headline():
    members = [art(1, "'Healing is coming': shots go into arms"),
               art(2, "U.S. begins mass vaccination campaign with Pfizer shots"),
               art(3, "First Americans receive Pfizer vaccination as U.S. campaign begins")]
    assert story_label(members) == "U.S. begins mass vaccination campaign with Pfizer shots"
    long = art(4, "One two three four five six seven eight nine ten eleven twelve")
    assert story_label([long]) == "One two three four five six seven eight nine ten …"


# --- measured on articles written for it (real model) ---------------------------------------------

@pytest.fixture(scope="module")
def grouping(request):
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.read.files import read_paths

    res = read_paths([GROUPING])
    assert not res.skipped, res.skipped
    arts = res.articles
    vecs = load_embedder("light").encode([story_text(a) for a in arts])
    return arts, vecs, story_features(arts)


def _names(arts, of):
    by: dict[str, set[str]] = {}
    for a in arts:
        by.setdefault(of[a.id], set()).add(os.path.basename(a.path).rsplit(".", 1)[0])
    return sorted(sorted(g) for g in by.values())


@pytest.mark.model
def test_real_news_stories(grouping):
    arts, vecs, feats = grouping
    stories, of = build_stories(arts, vecs, feats, S)
    assert _names(arts, of) == [
        ["claims_may13_courier"], ["claims_may20_courier"],  # next week's report, worded the same: apart
        ["jobs_april_courier", "jobs_april_herald", "jobs_april_ledger"],  # three outlets, one event
        ["jobs_july_courier", "jobs_july_ledger"],  # the July report is not the April one
        ["undated_note"],
        ["vaccine_uk_courier", "vaccine_uk_ledger"],  # the UK rollout is not the US one
        ["vaccine_us_courier", "vaccine_us_herald", "vaccine_us_ledger"],
    ]


@pytest.mark.model
def test_same_week_rollouts_in_two_countries_stay_apart(grouping):
    """Put the UK rollout on the US rollout's dates: only the countries tell them apart (the text is
    as alike as two outlets' reports of one event), and without that rule they would merge."""
    arts, vecs, feats = grouping
    idx = [i for i, a in enumerate(arts) if "vaccine_" in a.path]
    moved = [arts[i].model_copy(update={"date": dt.date(2020, 12, 14)}) for i in idx]
    _, of = build_stories(moved, vecs[idx], [feats[i] for i in idx], S)
    assert _names(moved, of) == [["vaccine_uk_courier", "vaccine_uk_ledger"],
                                 ["vaccine_us_courier", "vaccine_us_herald", "vaccine_us_ledger"]]
    _, merged = build_stories(moved, vecs[idx], [{} for _ in idx], S)
    uk = {merged[a.id] for a in moved if "_uk_" in a.path}
    us = {merged[a.id] for a in moved if "_us_" in a.path}
    assert uk & us  # content and dates alone put the two countries' rollouts in one story


@pytest.mark.model
def test_real_news_stories_do_not_depend_on_order(grouping):
    arts, vecs, feats = grouping
    stories, of = build_stories(arts, vecs, feats, S)
    r = np.random.default_rng(3).permutation(len(arts))
    assert build_stories([arts[i] for i in r], vecs[r], [feats[i] for i in r], S) == (stories, of)


# --- the evaluation's metrics -------------------------------------------------------------------

def test_grouping_scores_match_scikit_learn():
    from claimdiff.eval_grouping import grouping_scores

    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    for _ in range(20):
        t = rng.integers(0, 6, 40).astype(str).tolist()
        p = rng.integers(0, 9, 40).astype(str).tolist()
        assert grouping_scores(t, p)["ari"] == pytest.approx(sk.adjusted_rand_score(t, p), abs=1e-12)
    r = grouping_scores(["a", "a", "b", "b"], ["x", "x", "x", "y"])
    assert r["purity"] == 0.75 and r["inverse_purity"] == 0.75
    one = grouping_scores(["a", "a", "b", "b"], ["x", "x", "x", "x"])  # everything in one story
    assert one["purity"] == 0.5 and one["inverse_purity"] == 1.0 and one["ari"] == 0.0
    assert r["pair_precision"] == pytest.approx(1 / 3) and r["pair_recall"] == 0.5
    assert grouping_scores(["a", "a", "b"], ["x", "x", "y"])["ari"] == 1.0


def test_reporting_periods_resolve_against_the_publication_date():
    from claimdiff.stories import reporting_periods

    d = dt.date(2021, 5, 7)
    assert reporting_periods("Employers added 266,000 jobs in April, the Labor Department said.", d) == ["m2021-04"]
    assert reporting_periods("Claims fell to 473,000 last week.", dt.date(2021, 5, 13)) == ["w2021-18"]
    assert reporting_periods("Claims fell in the week ended May 15.", dt.date(2021, 5, 20)) == ["w2021-19"]
    assert reporting_periods("Inflation in December ran hot.", dt.date(2022, 1, 12)) == ["m2021-12"]
    assert reporting_periods("GDP grew in the first quarter.", d) == ["q2021-1"]
    assert reporting_periods("On December 31, 2021 the mission ended; over last weekend troops left.", d) == []
    assert reporting_periods("Claims fell last week.", None) == []  # undated: nothing relative resolves


def test_a_developing_story_spans_weeks_but_another_period_opens_a_new_story():
    """Past the first days an alike article joins only if it does not report on another period:
    a withdrawal reported again five weeks later is one story; a jobs report for another month is not."""
    v = np.stack([unit(1, 0.1, 0)] * 4)
    first = art(1, date=D0)
    later = art(2, date=D0 + dt.timedelta(days=35))
    f = [{"periods": []}, {"periods": []}]
    _, of = build_stories([first, later], v[:2], f, S)
    assert of[first.id] == of[later.id]
    april, may = art(3, date=D0), art(4, date=D0 + dt.timedelta(days=28))
    _, of = build_stories([april, may], v[:2], [{"periods": ["m2021-04"]}, {"periods": ["m2021-05"]}], S)
    assert of[april.id] != of[may.id]
    # within the first days the period is not asked: two outlets' first reports of one release
    same_week = art(5, date=D0 + dt.timedelta(days=2))
    _, of = build_stories([april, same_week], v[:2], [{"periods": ["m2021-04"]}, {"periods": []}], S)
    assert of[april.id] == of[same_week.id]


def test_shared_names_outweigh_a_country_named_in_passing():
    # one report of an indictment names "Italy" (a trip), another "U.S." (an attorney): with three
    # proper names in common ("Hunter", "Margaret", "San Diego") they are one story; without, two
    from claimdiff.stories.grouping import _Stories

    st_ = _Stories(np.eye(2, dtype=np.float32))
    st_.found(0, [], ["us"], [], ["hunter", "margaret", "san", "diego"], [], [])
    assert not st_.other_countries(0, ["italy"], ["hunter", "margaret", "diego"])
    assert st_.other_countries(0, ["italy"], ["rome", "hunter"])
