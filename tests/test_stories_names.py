"""stories/names.py and the place veto; the lede's periods; stale stored features; BASIL's one rebuild."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from claimdiff.models import Article
from claimdiff.settings import Settings
from claimdiff.stories import FEATURES_VERSION, build_stories, reporting_periods, story_features
from claimdiff.stories.names import initial_words, place_names, proper_names
from claimdiff.stories.text import lede, lede_sentences

ROOT = Path(__file__).resolve().parent.parent
D0 = dt.date(2024, 3, 11)
S = Settings()


def art(aid: str, title: str, body: str, date: dt.date | None = D0) -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=f"{title}\n\n{body}", title=title, date=date)


def groups(of: dict[str, str]) -> list[list[str]]:
    by: dict[str, list[str]] = {}
    for a, s in sorted(of.items()):
        by.setdefault(s, []).append(a)
    return sorted(by.values())


# --- names ----------------------------------------------------------------------------------------

def test_proper_names_skip_sentence_starts_titles_weekdays_and_containers():
    text = "Rescuers in Pelham searched the river on Tuesday, Mayor Ana Ruiz said. Texas officials sent boats."
    assert proper_names(text) == ["ana", "pelham", "ruiz"]  # not Rescuers (a sentence's start), Tuesday, Mayor, Texas
    assert proper_names("Storm Batters Coastal Towns As Mayor Warns Of More Rain") == []  # title case says nothing
    assert proper_names("FBI agents searched the home.") == ["fbi"]  # an acronym first in a sentence is a name
    assert proper_names("The Whitfords' barn burned, said Sheriff Dale Ortiz's office.") == ["dale", "ortiz", "whitford"]
    assert initial_words("Chiquita merges with Fyffes. Firefighters said.") == ["chiquita", "firefighter"]
    assert proper_names("Rock Star Sued By Former Manager: He Was 'Rude In Court'") == []  # one title across a colon
    assert proper_names("Metro-North said service resumed.") == ["metro-north"]  # an inner capital: a name


def test_place_names_are_where_the_lede_says_it_happened():
    assert place_names("A fire destroyed a warehouse in Pelham on Tuesday.") == ["pelham"]
    assert place_names("The bus overturned near Old Fenwick late on Sunday.") == ["fenwick"]
    assert place_names("The Brackley city council voted 5 to 2 on Monday.") == ["brackley"]
    assert place_names("Workers at the Dunmore assembly plant walked out.") == ["dunmore"]
    # a county, a state, a country, an institution or an acronym is not a town
    assert place_names("Flooding closed roads in Butte County on Friday.") == []
    assert place_names("Wildfires burned in California and in Canada.") == []
    assert place_names("Lawmakers in Congress met at the FBI headquarters.") == []
    assert place_names("Gas prices rose 4 cents in Mass. this week.") == []  # an AP state abbreviation
    assert place_names("The singer shone in Harlan's new series.") == []  # a possessor, not a place
    # a headline's name is a place when the first sentence names it again
    assert place_names("Tornado strikes Greenfield. A tornado struck Greenfield late Sunday.",
                       "Tornado strikes Greenfield.", "A tornado struck Greenfield late Sunday.") == ["greenfield"]
    assert place_names("Senate backs Ortiz plan. The chamber voted 60 to 40.",
                       "Senate backs Ortiz plan.", "The chamber voted 60 to 40.") == []


def test_lede_is_title_and_first_sentence_and_skips_a_repeated_title():
    a = art("a", "Tornado strikes Greenfield", "A tornado struck Greenfield late Sunday. Later, a practice in Leeds said so.")
    assert lede(a) == "Tornado strikes Greenfield. A tornado struck Greenfield late Sunday."
    headline_only = Article(id="h", path="h.txt", text="Gas prices rise; drivers grumble", title="Gas prices rise; drivers grumble")
    assert lede_sentences(headline_only)[1] == ""  # a piece of the title is not a first sentence


# --- periods: only the lede's, and no deadlines -------------------------------------------------------

def test_reporting_periods_leave_deadlines_out():
    d = dt.date(2026, 1, 13)
    assert reporting_periods("Every adult will get a shot by the end of September.", d) == []
    assert reporting_periods("Sales for the month of December rose 3%.", d) == ["m2025-12"]


def test_story_features_read_periods_and_places_from_the_lede_only():
    a = art("a", "Shots reach 12 million", "Americans received 12 million doses so far, data showed on Monday. "
            "More than 600,000 shots a day were given last week, a nurse in Dayton said.", dt.date(2026, 1, 19))
    f = story_features([a])[0]
    assert f["v"] == FEATURES_VERSION and f["periods"] == [] and f["places"] == []  # "last week", "in Dayton": background
    assert "dayton" in f["names"]
    jobs = art("j", "Hiring slows", "Employers added 266,000 jobs in April, the Labor Department said.", dt.date(2021, 5, 7))
    assert story_features([jobs])[0]["periods"] == ["m2021-04"]


# --- the place veto ---------------------------------------------------------------------------------

def _same(n: int) -> np.ndarray:
    return np.stack([np.ones(8, np.float32) / np.sqrt(8)] * n)  # content alone would merge them all


def test_two_towns_with_no_name_in_common_are_two_stories():
    a = art("a", "Fire guts mill in Pelham", "A fire gutted a mill in Pelham on Tuesday, Chief Rosa Vint said.")
    b = art("b", "Fire guts mill in Carrow", "A fire gutted a mill in Carrow on Tuesday, Chief Abel Moss said.")
    _, of = build_stories([a, b], _same(2), story_features([a, b]), S)
    assert groups(of) == [["a"], ["b"]]
    _, of = build_stories([a, b], _same(2), [{}, {}], S)
    assert groups(of) == [["a", "b"]]  # content and dates alone merge them


def test_town_and_county_or_state_of_one_event_stay_one_story():
    town = art("t", "Mill fire in Pelham", "A fire gutted a mill in Pelham on Tuesday, officials said.")
    county = art("c", "Blaze destroys mill", "A blaze destroyed a mill in Hartley County on Tuesday, officials said.")
    state = art("s", "Mill burns", "A mill burned in Ohio on Tuesday, officials said.")
    _, of = build_stories([town, county, state], _same(3), story_features([town, county, state]), S)
    assert groups(of) == [["c", "s", "t"]]


def test_two_places_that_share_a_name_stay_one_story():
    a = art("a", "Flood hits Pelham", "Floods hit Pelham on Friday, Governor Mia Tran said.")
    b = art("b", "Flood hits Carrow", "Floods hit homes in Carrow on Friday. Tran sent the guard.")
    _, of = build_stories([a, b], _same(2), story_features([a, b]), S)
    assert groups(of) == [["a", "b"]]  # "Tran" in both: the same flood seen from two towns
    c = art("c", "Merger in Carrow", "Fyffes agreed to buy a rival in Carrow on Friday.")
    d = art("d", "Merger in Pelham", "A deal for Fyffes was signed in Pelham on Friday.")
    _, of = build_stories([c, d], _same(2), story_features([c, d]), S)
    assert groups(of) == [["c", "d"]]  # a name one side writes first in a sentence is still shared


def test_stale_stored_features_are_read_anew():
    a = art("a", "Fire guts mill in Pelham", "A fire gutted a mill in Pelham on Tuesday.")
    b = art("b", "Fire guts mill in Carrow", "A fire gutted a mill in Carrow on Tuesday.")
    old = [{"v": FEATURES_VERSION - 1, "countries": []}] * 2  # stored before the place veto existed
    assert build_stories([a, b], _same(2), old, S) == build_stories([a, b], _same(2), story_features([a, b]), S)


@pytest.mark.model
def test_two_towns_real_model():
    """Two reports of a fire in two towns, worded alike (the real model): two stories; three outlets
    on one fire, one naming the town, one the county, one the state: one story."""
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.stories import story_text

    arts = [art("p1", "Crews battle apartment fire in Linwood", "Firefighters battled a fire at an apartment block in "
                "Linwood early on Thursday, and 12 residents were taken to hospital."),
            art("p2", "Apartment fire in Linwood sends 12 to hospital", "An early-morning fire at a Linwood apartment "
                "complex sent 12 people to hospital on Thursday, fire officials said."),
            art("p3", "Twelve hurt in apartment blaze", "A blaze at an apartment building in Sutter County injured 12 "
                "residents on Thursday, the county fire marshal said."),
            art("p4", "Apartment fire injures 12 in California", "Twelve people were hurt when fire tore through an "
                "apartment building in California on Thursday."),
            art("o1", "Crews battle apartment fire in Marisco", "Firefighters battled a fire at an apartment block in "
                "Marisco early on Thursday, and 9 residents were taken to hospital.", D0 + dt.timedelta(days=1))]
    v = load_embedder("light").encode([story_text(a) for a in arts])
    _, of = build_stories(arts, v, story_features(arts), S)
    assert groups(of) == [["o1"], ["p1", "p2", "p3", "p4"]]


# --- BASIL: one rebuild, used by the evaluation and by the script's files -----------------------------

def _basil_rows(tmp: Path) -> Path:
    rows = [
        {"article_uuid": "u1", "cluster": "e1", "source": "fox", "sent_idx": 0, "is_title": True, "text": "Title one",
         "date": "2015-03-02"},
        {"article_uuid": "u1", "cluster": "e1", "source": "fox", "sent_idx": 2, "paragraph_idx": 1, "text": "Third.",
         "date": "2015-03-02"},
        {"article_uuid": "u1", "cluster": "e1", "source": "fox", "sent_idx": 1, "paragraph_idx": 0, "text": "Second.",
         "date": "2015-03-02"},
        {"article_uuid": "empty", "cluster": "e2", "source": "hpo", "sent_idx": 0, "is_title": True, "text": "Title two"},
        {"article_uuid": "empty", "cluster": "e2", "source": "hpo", "sent_idx": 1, "paragraph_idx": 0, "text": "A."},
        {"article_uuid": "empty", "cluster": "e2", "source": "hpo", "sent_idx": 2, "paragraph_idx": 0, "text": "B."},
    ]
    p = tmp / "basil_sentences.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return p


def test_basil_rebuild_is_the_one_the_script_writes(tmp_path):
    from claimdiff.eval_grouping import basil_articles, basil_rebuild

    src = _basil_rows(tmp_path)
    rebuilt = basil_rebuild(src)
    assert [(b.name, b.event, b.publisher, b.date) for b in rebuilt] == [
        ("hpo-event-e2", "e2", "HuffPost", None), ("fox-u1", "e1", "Fox News", dt.date(2015, 3, 2))]
    assert rebuilt[1].text == "Title one\n\nSecond.\n\nThird." and rebuilt[0].text == "Title two\n\nA. B."
    arts, events = basil_articles(src)
    assert [a.text for a in arts] == [b.text for b in rebuilt] and events == ["e2", "e1"]

    spec = importlib.util.spec_from_file_location("basil_script", ROOT / "scripts" / "basil_articles.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = tmp_path / "out"
    event_of = mod.write_articles(src, out)
    assert {Path(p).name: e for p, e in event_of.items()} == {"fox-u1.txt": "e1", "hpo-event-e2.txt": "e2"}
    assert (out / "fox-u1.txt").read_text(encoding="utf-8") == rebuilt[1].text + "\n"
    assert json.loads((out / "fox-u1.meta.json").read_text(encoding="utf-8")) == {
        "title": "Title one", "publisher": "Fox News", "date": "2015-03-02"}


def test_bench_generator_stories_are_not_merged(tmp_path):
    """scripts/bench_many.py's synthetic news: the same template headline in many invented towns,
    weeks apart. With the place veto no story holds two generated stories; without it many do."""
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.read.files import read_paths
    from claimdiff.stories import story_text

    spec = importlib.util.spec_from_file_location("bench_many", ROOT / "scripts" / "bench_many.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    path = tmp_path / "many.jsonl"
    mod.generate(600, path, seed=11)
    arts = read_paths([path]).articles
    truth = {a.id: a.path.rpartition("#")[2].split("-")[0] for a in arts}
    v = load_embedder("fake").encode([story_text(a) for a in arts])

    def mixed(features) -> int:
        stories, _ = build_stories(arts, v, features, S)
        return sum(1 for s in stories if len({truth[i] for i in s.article_ids}) > 1)

    feats = story_features(arts)
    assert mixed(feats) == 0
    result = build_stories(arts, v, feats, S)
    r = np.random.default_rng(5).permutation(len(arts))  # the place veto keeps the grouping a function of the set
    assert build_stories([arts[i] for i in r], v[r], [feats[i] for i in r], S) == result
    assert mixed([{k: x for k, x in f.items() if k not in ("names", "places", "initials")}
                  for f in story_features(arts)]) > 10
