"""The written suite's scorer (claimdiff/eval_suite.py) and its answer key (tests/data/stories)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from claimdiff.eval_suite import load_key, render_markdown, row_matches, suite_report
from claimdiff.models import Article, Conflict, ScanResult, Side, Story
from claimdiff.read.files import read_paths

STORIES = Path(__file__).parent / "data" / "stories"
KEY = STORIES / "expected.yaml"


# --- the answer key cannot silently rot -------------------------------------------------------

@pytest.fixture(scope="module")
def key() -> dict:
    return load_key(KEY)


@pytest.fixture(scope="module")
def texts() -> dict[str, Article]:
    read = read_paths([STORIES])
    # the key itself is the only file the reader skips
    assert [s for s in read.skipped if not s.startswith(str(KEY))] == []
    return {Path(a.path).relative_to(STORIES).as_posix(): a for a in read.articles}


def test_every_story_file_is_in_the_key_once(key, texts):
    listed = [f for files in key["stories"].values() for f in files]
    assert sorted(listed) == sorted(texts), "expected.yaml's stories must name every article file exactly once"
    assert len(key["stories"]) >= 12
    for story, files in key["stories"].items():
        assert len(files) >= 3, story
        assert all(f.startswith(story + "/") for f in files), story
        arts = [texts[f] for f in files]
        assert len({a.publisher for a in arts}) == len(arts), f"{story}: one outlet per file"
        assert all(a.date and a.author and a.url and a.title for a in arts), story


@pytest.mark.parametrize("section", ["conflicts", "must_not_flag"])
def test_each_substring_occurs_exactly_once_in_its_file(key, texts, section):
    for e in key[section]:
        for side in ("a", "b"):
            spec = e[side]
            assert spec["file"] in texts, f"{e['id']}: no file {spec['file']}"
            n = texts[spec["file"]].text.count(spec["text"])
            assert n == 1, f"{e['id']}.{side}: {spec['text']!r} occurs {n} times in {spec['file']}"


def test_key_entries_are_well_formed(key):
    ids = [e["id"] for e in key["conflicts"] + key["must_not_flag"]]
    assert len(ids) == len(set(ids)), "ids must be unique"
    story_of = {f: s for s, files in key["stories"].items() for f in files}
    kinds = set()
    for e in key["conflicts"]:
        assert e["relation"] in ("contradiction", "update"), e["id"]
        assert story_of[e["a"]["file"]] == story_of[e["b"]["file"]] == e["story"], e["id"]
        assert e["a"]["file"] != e["b"]["file"], e["id"]
        kinds.add(e["kind"])
    assert kinds >= {"numeric", "temporal", "framing", "negation"}
    assert any(e["relation"] == "update" for e in key["conflicts"])
    for e in key["must_not_flag"]:
        assert e["type"] in ("trap", "agree"), e["id"]
        assert e["a"]["file"] != e["b"]["file"], e["id"]
    types = {e.get("trap") for e in key["must_not_flag"] if e["type"] == "trap"}
    assert {"different-story", "part-vs-total", "core-vs-headline", "yoy-vs-mom", "denial",
            "quote-rendering", "negated-subordinate", "n-years", "different-actors", "scale-case"} <= types


# --- the scorer on a synthetic scan -------------------------------------------------------------

SMALL_KEY = {
    "stories": {"s1": ["s1/a.md", "s1/b.md"], "s2": ["s2/c.md"]},
    "conflicts": [
        {"id": "p-found", "story": "s1", "kind": "numeric", "relation": "contradiction",
         "a": {"file": "s1/a.md", "text": "12 people"}, "b": {"file": "s1/b.md", "text": "15 people"}},
        {"id": "p-update", "story": "s1", "kind": "numeric", "relation": "update",
         "a": {"file": "s1/a.md", "text": "toll of 20"}, "b": {"file": "s1/b.md", "text": "toll rose to 31"}},
        {"id": "p-missed", "story": "s1", "kind": "temporal", "relation": "contradiction",
         "a": {"file": "s1/a.md", "text": "within six months"}, "b": {"file": "s1/b.md", "text": "over three years"}},
    ],
    "must_not_flag": [
        {"id": "t-core", "type": "trap", "trap": "core-vs-headline",
         "a": {"file": "s1/a.md", "text": "Core prices"}, "b": {"file": "s1/b.md", "text": "Prices rose"}},
        {"id": "g-agree", "type": "agree",
         "a": {"file": "s1/a.md", "text": "about 400"}, "b": {"file": "s1/b.md", "text": "roughly 410"}},
    ],
}


def _side(path: str, text: str) -> Side:
    return Side(claim_id=text[:8], text=text, article_id=path, article=path, start=0, end=len(text),
                date=dt.date(2026, 1, 1))


def _row(kind: str, relation: str, a: tuple[str, str], b: tuple[str, str]) -> Conflict:
    return Conflict(id=Conflict.make_id(a[1], b[1], kind), kind=kind, relation=relation, topic_id="t",
                    topic_label="t", score=0.9, explanation="x", a=_side(*a), b=_side(*b))


def _result(rows, stories=()) -> ScanResult:
    arts = tuple(Article(id=p, path=p, text="x") for p in ("data/s1/a.md", "data/s1/b.md", "data/s2/c.md"))
    return ScanResult(articles=arts, claims=(), topics=(), conflicts=tuple(rows), stories=tuple(stories))


@pytest.fixture()
def small_key(tmp_path) -> Path:
    p = tmp_path / "expected.yaml"
    p.write_text(yaml.safe_dump(SMALL_KEY), encoding="utf-8")
    return p


def test_scorer_counts_found_missed_traps_updates_and_false_rows(small_key):
    A, B, C = "data/s1/a.md", "data/s1/b.md", "data/s2/c.md"
    found = _row("numeric", "contradiction", (B, "Later, 15 people were hurt."), (A, "In all, 12 people were hurt."))
    update_as_contra = _row("numeric", "contradiction", (A, "A toll of 20 dead."), (B, "The toll rose to 31."))
    trap = _row("numeric", "contradiction", (A, "Core prices rose 3.8%."), (B, "Prices rose 3.1%."))
    cross = _row("numeric", "contradiction", (A, "In all, 12 people were hurt."), (C, "Some 90 people were hurt."))
    # right substrings, wrong file: not a match
    wrong_file = _row("numeric", "contradiction", (C, "So 12 people were hurt."), (B, "Later, 15 people were hurt."))
    rep = suite_report(_result([found, update_as_contra, trap, cross, wrong_file]), small_key)

    assert rep["planted"]["n"] == 3 and rep["planted"]["found"] == 2
    assert rep["planted"]["missed"] == ["p-missed"]
    assert rep["planted"]["recall"] == pytest.approx(2 / 3)
    assert rep["updates"] == {"n": 1, "found": 1, "labelled_update": 0, "mislabelled": ["p-update"]}
    assert rep["traps"]["flagged"] == 1 and rep["traps"]["flagged_entries"][0]["id"] == "t-core"
    assert rep["agreeing"]["flagged"] == 0
    assert rep["rows"]["n"] == 5 and rep["rows"]["right"] == 2
    assert {r["id"] for r in rep["rows"]["false"]} == {trap.id, cross.id, wrong_file.id}
    assert rep["rows"]["precision"] == pytest.approx(2 / 5)
    assert {r["id"] for r in rep["cross_story"]["rows"]} == {cross.id, wrong_file.id}
    assert rep["grouping"] is None  # no stories in the result
    md = render_markdown(rep)
    assert "2/3" in md and "p-missed" in md and trap.id in md


def test_scorer_update_labelled_right_and_agreeing_pair_flagged(small_key):
    A, B = "data/s1/a.md", "data/s1/b.md"
    upd = _row("numeric", "update", (A, "A toll of 20 dead."), (B, "The toll rose to 31."))
    agree = _row("numeric", "contradiction", (A, "It was about 400 homes."), (B, "It was roughly 410 homes."))
    rep = suite_report(_result([upd, agree]), small_key)
    assert rep["updates"]["labelled_update"] == 1 and rep["updates"]["mislabelled"] == []
    assert rep["agreeing"]["flagged"] == 1
    assert rep["rows"]["precision"] == pytest.approx(0.5)
    assert rep["cross_story"]["n"] == 0


def test_agreeing_pair_not_flagged_by_a_planted_conflict_of_the_same_sentences(small_key):
    # the two sentences agree on one point ("about 400" / "roughly 410") and differ on a planted one
    A, B = "data/s1/a.md", "data/s1/b.md"
    both = _row("numeric", "contradiction", (A, "It was about 400 homes; 12 people hurt."), (B, "It was roughly 410 homes; 15 people hurt."))
    rep = suite_report(_result([both]), small_key)
    assert rep["planted"]["found"] == 1 and rep["rows"]["right"] == 1
    assert rep["agreeing"]["flagged"] == 0
    # ... while a row on those sentences that is no planted conflict still flags it
    rep = suite_report(_result([_row("numeric", "contradiction", (A, "It was about 400 homes."), (B, "It was roughly 410 homes."))]),
                       small_key)
    assert rep["agreeing"]["flagged"] == 1


def test_scorer_reads_story_grouping(small_key):
    s_right = Story(id="x", label="x", article_ids=("data/s1/a.md", "data/s1/b.md"))
    s_other = Story(id="y", label="y", article_ids=("data/s2/c.md",))
    g = suite_report(_result([], [s_right, s_other]), small_key)["grouping"]
    assert g["exact"] == 2 and g["pair_precision"] == 1.0 and g["pair_recall"] == 1.0
    merged = Story(id="z", label="z", article_ids=("data/s1/a.md", "data/s1/b.md", "data/s2/c.md"))
    g = suite_report(_result([], [merged]), small_key)["grouping"]
    assert g["exact"] == 0 and g["pair_precision"] == pytest.approx(1 / 3) and g["pair_recall"] == 1.0


def test_row_matches_needs_both_sides():
    e = SMALL_KEY["conflicts"][0]
    one_side = _row("numeric", "contradiction", ("x/s1/a.md", "12 people"), ("x/s1/b.md", "20 people"))
    assert not row_matches(one_side, e)
    both = _row("numeric", "contradiction", ("x/s1/b.md", "15 people"), ("x/s1/a.md", "12 people"))
    assert row_matches(both, e)


def test_a_folded_row_finds_its_planted_conflict_for_the_row_that_stands_for_it(small_key):
    A, B = "data/s1/a.md", "data/s1/b.md"
    shown = _row("numeric", "contradiction", (A, "Some 12 were hurt, one said."), (B, "Fifteen were hurt, said another."))
    dup = _row("numeric", "contradiction", (B, "Later, 15 people were hurt."), (A, "In all, 12 people were hurt."))
    shown = shown.model_copy(update={"repeats": 1, "also": (dup.id,)})
    res = _result([shown]).model_copy(update={"repeated": (dup,)})
    rep = suite_report(res, small_key)
    assert rep["planted"]["found"] == 1 and rep["rows"]["right"] == 1 and rep["rows"]["n"] == 1
    assert suite_report(_result([shown]), small_key)["planted"]["found"] == 0  # the listed row alone matches nothing
