from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.read.files import read_paths
from claimdiff.models import Conflict
from claimdiff.pipeline import analyse
from claimdiff.settings import Settings

from .conftest import DATA

FILES = [f"{DATA}/framing_withdrawal.txt", f"{DATA}/framing_partnership.txt", f"{DATA}/unrelated_numbers.txt"]


def run(paths=FILES, **kw):
    return analyse(read_paths(paths).articles, Settings(**kw), FakeEmbedder())


def test_framing_conflict_between_sources_with_provenance():
    r = run()
    framing = [c for c in r.conflicts if c.kind == "framing"]
    assert len(framing) == 1, r.conflicts
    c = framing[0]
    assert c.a.article.endswith("framing_withdrawal.txt") and c.b.article.endswith("framing_partnership.txt")
    assert c.a.date.isoformat() == "2023-05-02" and c.b.date.isoformat() == "2023-05-09"  # older on the left
    assert "withdrawal" in c.explanation and "security partnership" in c.explanation
    assert c.topic_id and c.topic_label


def test_never_pairs_claims_of_one_article():
    r = run()
    assert all(c.a.article_id != c.b.article_id for c in r.conflicts)


def test_conflict_id_is_order_free_and_stable():
    assert Conflict.make_id("x one", "y two", "numeric") == Conflict.make_id("y two ", "x one", "numeric")
    assert Conflict.make_id("x one", "y two", "numeric") != Conflict.make_id("x one", "y two", "framing")
    r1, r2 = run(), run(list(reversed(FILES)))
    assert [c.id for c in r1.conflicts] == [c.id for c in r2.conflicts]
    assert [t.id for t in r1.topics] == [t.id for t in r2.topics]


def test_kind_filter_and_min_score():
    assert run(kinds=("numeric",)).conflicts == ()
    assert run(min_score=1.01).conflicts == ()


def test_a_title_before_a_name_does_not_end_a_sentence():
    from claimdiff.models import Article
    from claimdiff.read.sentences import split_sentences

    text = "It was signed by Gov. Andrew Cuomo on Monday. He met Rep. Nancy Pelosi, D-Calif., on Tuesday."
    assert [s.text for s in split_sentences(Article(id="x", path="x", text=text))] == [
        "It was signed by Gov. Andrew Cuomo on Monday.", "He met Rep. Nancy Pelosi, D-Calif., on Tuesday."]
