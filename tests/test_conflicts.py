"""conflicts.py and the engine's per-article stages: candidate pairs, duplicates, rows."""

import numpy as np

from claimdiff.conflicts import Prepared, find_conflicts, story_pairs
from claimdiff.models import Article, Story
from claimdiff.pipeline import article_claims, keep_mask
from claimdiff.settings import Settings


def _unit(rows):
    x = np.asarray(rows, dtype=np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_story_pairs_match_the_reference_loop_and_never_pair_one_article():
    rng = np.random.default_rng(3)
    members = []
    for a in range(4):
        v = _unit(rng.standard_normal((7, 8)))
        members.append(Prepared(article=Article(id=f"a{a}", path=f"a{a}", text=""), claims=[None] * 7, vectors=v,
                                story_vector=v[0], features={}))
    got = {(a, i, b, j) for a, i, b, j, _ in story_pairs(members, 0.2)}
    want = {(a, i, b, j) for a in range(4) for b in range(a + 1, 4) for i in range(7) for j in range(7)
            if float(members[a].vectors[i] @ members[b].vectors[j]) >= 0.2}
    assert got == want and got  # every pair above the threshold, none within one article


def test_keep_mask_keeps_the_first_of_near_duplicates():
    x = _unit([[1, 0, 0], [1, 0.01, 0], [0, 1, 0], [0.999, 0.02, 0], [0, 0, 1]])
    assert keep_mask(x, 0.93).tolist() == [True, False, True, False, True]
    assert keep_mask(x[:1], 0.93).tolist() == [True]


def _prepared(aid, text, date=None):
    art = Article(id=aid, path=f"{aid}.txt", text=text, date=date, publisher=aid.upper())
    claims = article_claims(art)
    v = np.ones((len(claims), 4), dtype=np.float32) / 2.0  # every pair of claims alike
    return Prepared(article=art, claims=claims, vectors=v, story_vector=v[0], features={})


def test_rows_come_only_from_one_story_and_one_per_article_pair_and_facet():
    p = {a: _prepared(a, t) for a, t in [
        ("x", "Officials said 2,000 workers were laid off at the Tarvel plant.\n\n"
              "Officials said 2,000 workers lost their jobs at the Tarvel plant."),
        ("y", "Officials said 2,500 workers were laid off at the Tarvel plant."),
        ("z", "Officials said 9,000 workers were laid off at the Tarvel plant.")]}
    one = Story(id="s1", label="layoffs", article_ids=("x", "y"))
    other = Story(id="s2", label="other", article_ids=("z",))
    rows = find_conflicts(p, [one, other], Settings())
    assert rows and all({r.a.article_id, r.b.article_id} == {"x", "y"} for r in rows)
    assert len({(r.kind, r.a.article_id, r.b.article_id) for r in rows}) == len(rows)
    assert all(r.story_id == "s1" and r.story_label == "layoffs" for r in rows)
    # only_articles: just the pairs that involve them
    assert find_conflicts(p, [one], Settings(), only_articles=frozenset({"z"})) == []


def test_candidate_keys_pair_claims_under_the_cosine_threshold_within_a_story_only():
    rng = np.random.default_rng(5)
    members = []
    for a in range(3):
        v = _unit(rng.standard_normal((4, 16)))
        members.append(Prepared(article=Article(id=f"a{a}", path=f"a{a}", text=""),
                                claims=[f"c{a}{i}" for i in range(4)], vectors=v, story_vector=v[0], features={}))
    keyed = {"c01": frozenset({"numeric:toll"}), "c12": frozenset({"numeric:toll"}), "c23": frozenset({"x"}),
             "c00": frozenset({"numeric:toll"})}
    got = {(a, i, b, j) for a, i, b, j, _ in story_pairs(members, 1.01, lambda c: keyed.get(c, frozenset()))}
    # threshold above any cosine: only keyed pairs, never within one article (c00 and c01 share a key)
    assert got == {(0, 0, 1, 2), (0, 1, 1, 2)}
    sims = {(a, i, b, j): s for a, i, b, j, s in story_pairs(members, 1.01, lambda c: keyed.get(c, frozenset()))}
    assert abs(sims[(0, 0, 1, 2)] - float(members[0].vectors[0] @ members[1].vectors[2])) < 1e-6


def test_topic_labels_read_as_a_table_of_contents():
    from claimdiff.conflicts import topic_label

    assert topic_label("numeric", "troops|withdraw|us") == "US troops withdrawn: count"
    assert topic_label("numeric", "job|layoff|-") == "jobs laid off: count"
    assert topic_label("numeric", "usd|reduce|-") == "cuts: amount"
    assert topic_label("numeric", "percent|vote|-") == "vote share"
    assert topic_label("numeric", "-|-|-") == "figures"
    assert topic_label("numeric", "age|smith") == "Smith's age"
    assert topic_label("temporal", "time|withdraw") == "withdrawal: timing"
    assert topic_label("framing", "military_posture|presence/withdrawal") == "military posture: presence or withdrawal"
    assert topic_label("negation", "negation|arrest") == "arrest: did it happen"


def test_topic_label_of_a_documents_length_and_an_event_family():
    from claimdiff.conflicts import topic_label

    assert topic_label("numeric", "page|length:indictment|-") == "indictment: length in pages"
    assert topic_label("negation", "negation|verdict") == "verdict: convicted or acquitted"
