import os
import signal
import subprocess
import time

import pytest

from claimdiff.archive.incremental import Archive
from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.errors import StoreError
from claimdiff.read.files import read_paths
from claimdiff.archive.store import ENGINE_VERSION, MIGRATIONS, Store

from .conftest import DATA
from .storehelp import CLI, CountingEmbedder, cli_env, write_articles

W, P, U = f"{DATA}/framing_withdrawal.txt", f"{DATA}/framing_partnership.txt", f"{DATA}/unrelated_numbers.txt"


def ingest(root, paths, embedder=None):
    with Store(root, create=True, writer=True) as st:
        return Archive(st, kind="fake", embedder=embedder or FakeEmbedder()).ingest(read_paths(paths).articles)


def test_schema_versioned_and_wal(tmp_path):
    ingest(tmp_path / "s", [W])
    with Store(tmp_path / "s") as st:
        assert st.schema_version == len(MIGRATIONS)
        assert st.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        st.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(tmp_path / "s")


def test_reingest_is_a_noop_and_no_sentence_is_embedded_twice(tmp_path):
    e = CountingEmbedder()
    rep = ingest(tmp_path / "s", [W, U], e)
    assert rep.added == 2 and e.sentences == rep.embedded > rep.claims > 0  # claims + story texts
    with Store(tmp_path / "s") as st:
        before = st.counts()
    e2 = CountingEmbedder()
    rep2 = ingest(tmp_path / "s", [W, U], e2)
    assert (rep2.added, rep2.known, e2.calls) == (0, 2, 0)
    with Store(tmp_path / "s") as st:
        assert st.counts() == before
    # a new article repeating a known sentence: only its unseen sentences are embedded
    text = open(W, encoding="utf-8").read() + "\nA brand new closing sentence about river ferries.\n"
    (tmp_path / "copy.txt").write_text(text, encoding="utf-8")
    e3 = CountingEmbedder()
    ingest(tmp_path / "s", [tmp_path / "copy.txt"], e3)
    assert e3.sentences == 2  # the new sentence, and the story text (title + lead) that now includes it


def test_stories_follow_the_articles_as_they_arrive(tmp_path):
    from claimdiff.pipeline import analyse
    from claimdiff.settings import Settings

    arts = write_articles(tmp_path / "a", 0, 12)
    ingest(tmp_path / "s", arts[:8] + [W])
    rep = ingest(tmp_path / "s", arts[8:] + [P])
    assert rep.added == 5
    scan = analyse(read_paths(arts + [W, P]).articles, Settings(), FakeEmbedder())
    with Store(tmp_path / "s") as st:
        assert sorted(st.stories(), key=lambda x: x.id) == sorted(scan.stories, key=lambda x: x.id)
        # the framing pair is one story and its conflict was found incrementally
        assert [c.kind for c, _ in st.conflicts()] == ["framing"]
        assert st.engine_state() == (ENGINE_VERSION, False)


def test_incremental_finds_what_scan_finds(tmp_path):
    from claimdiff.pipeline import analyse
    from claimdiff.settings import Settings

    scan = analyse(read_paths([W, P, U]).articles, Settings(), FakeEmbedder())
    for order in ([W, P, U], [U, P, W]):
        root = tmp_path / ("s" + str(len(os.listdir(tmp_path))))
        for p in order:
            ingest(root, [p])
        with Store(root) as st:
            assert [c.id for c, _ in st.conflicts()] == [c.id for c in scan.conflicts]


def test_verdicts_survive_reingest_into_fresh_store(tmp_path):
    ingest(tmp_path / "s1", [W, P, U])
    with Store(tmp_path / "s1") as st:
        (c, _), = st.conflicts()
        st.set_verdict(c, "dismissed", "same policy, two words")
    for p in [U, P, W]:  # another order, another store
        ingest(tmp_path / "s2", [p])
    with Store(tmp_path / "s2", writer=True) as st:
        assert st.import_verdicts(tmp_path / "s1") == 1
        (c2, _), = st.conflicts()
        assert st.verdicts()[c2.id] == ("dismissed", "same policy, two words")


def test_interrupted_or_older_store_is_brought_up_to_date(tmp_path):
    """A store marked dirty (an ingest killed between writing articles and recomputing stories)
    or written by an older engine: check refuses with the fix, ingest with no new file repairs it."""
    from claimdiff.pipeline import analyse
    from claimdiff.settings import Settings

    root = tmp_path / "s"
    ingest(root, [W, P, U])
    want = [c.id for c in analyse(read_paths([W, P, U]).articles, Settings(), FakeEmbedder()).conflicts]
    for damage in ({"dirty": "1"}, {"engine": "0"}):
        with Store(root, writer=True) as st:
            with st.transaction():  # what a kill between writing articles and refreshing stories leaves
                st.db.execute("DELETE FROM conflicts")
                st.db.execute("DELETE FROM stories")
                st.db.execute("UPDATE articles SET story_id = NULL")
                st.set_meta(**damage)
        with Store(root) as st, pytest.raises(StoreError, match="run `claimdiff ingest`"):
            Archive(st, kind="fake", embedder=FakeEmbedder()).check(read_paths([W]).articles)
        e = CountingEmbedder()
        rep = ingest(root, [], e)
        assert rep.added == 0 and e.calls == 0  # vectors are reused, nothing embedded again
        with Store(root) as st:
            assert [c.id for c, _ in st.conflicts()] == want
            assert st.engine_state() == (ENGINE_VERSION, False)


def test_refuses_vectors_of_another_model(tmp_path):
    ingest(tmp_path / "s", [W])
    with Store(tmp_path / "s", writer=True) as st, pytest.raises(StoreError, match="model fake-64"):
        Archive(st, kind="fake", embedder=FakeEmbedder(dim=32))
    with Store(tmp_path / "s", writer=True) as st, pytest.raises(StoreError, match="another --store"):
        Archive(st, kind="auto")


def _ingest_proc(root, folder):
    return subprocess.Popen(CLI + ["ingest", str(folder), "--store", str(root), "--engine", "fake", "--quiet"],
                            env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _consistent(root):
    """Opens, and every stored article is whole: all its sentences, each with its vector."""
    with Store(root) as st:
        arts = st.articles()
        for a in arts:
            n = st.db.execute("SELECT count(*) FROM claims WHERE article_id = ?", (a.id,)).fetchone()[0]
            want = 9 if "a0" in a.path else n  # synthetic: title + 8 sentences
            assert n == want, (a.path, n)
        orphans = st.db.execute("SELECT count(*) FROM claims c LEFT JOIN embeddings e ON e.text_hash = c.text_hash "
                                "WHERE e.text_hash IS NULL").fetchone()[0]
        assert orphans == 0
        return {a.path for a in arts}


@pytest.mark.parametrize("delay", [0.8, 1.6, 2.4])
def test_sigkill_half_way_leaves_a_usable_store(tmp_path, delay):
    folder = tmp_path / "arts"
    write_articles(folder, 0, 120)
    root = tmp_path / "s"
    ingest(root, [W])  # something committed before the killed run
    p = _ingest_proc(root, folder)
    time.sleep(delay)
    p.send_signal(signal.SIGKILL)
    p.wait()
    paths = _consistent(root)
    assert W in paths
    # the next ingest finishes the job and loses nothing
    r = _ingest_proc(root, folder)
    assert r.wait(timeout=120) == 0, r.stderr.read()
    assert len(_consistent(root)) == 121
    with Store(root) as st:
        assert st.engine_state() == (ENGINE_VERSION, False)


def test_two_ingests_at_once_lose_nothing(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_articles(a, 0, 40)
    write_articles(b, 30, 40)  # overlapping: 30..39 in both
    root = tmp_path / "s"
    procs = [_ingest_proc(root, a), _ingest_proc(root, b)]
    for p in procs:
        assert p.wait(timeout=180) == 0, p.stderr.read()
    assert len(_consistent(root)) == 70
    with Store(root) as st:
        assert st.db.execute("SELECT count(*) FROM articles").fetchone()[0] == 70
        stored = sorted(c.id for c, _ in st.conflicts(None))
    # whoever won the lock first, the archive ends with exactly what one scan of everything lists
    from claimdiff.pipeline import analyse
    from claimdiff.settings import Settings

    scan = analyse(read_paths([a, b]).articles, Settings(relations=("contradiction", "update")), FakeEmbedder())
    assert stored == sorted(c.id for c in scan.conflicts)


def test_an_article_repeating_a_sentence_verbatim(tmp_path):
    (tmp_path / "rep.txt").write_text("Title here\n\nThe bridge opened today. The bridge opened today. Heavy rain fell across the valley.\n",
                                      encoding="utf-8")
    rep = ingest(tmp_path / "s", [tmp_path / "rep.txt"])
    assert rep.added == 1
    with Store(tmp_path / "s") as st:
        texts = [c.text for c in st.kept_claims(st.article_ids())[st.article_ids()[0]] for c in [c[0]]]
        assert texts.count("The bridge opened today.") == 1 and "Heavy rain fell across the valley." in texts


def test_claims_with_open_bounds_are_read_back(tmp_path):
    # "more than 3,000" is stored with high = inf; the next ingest reads it back as a neighbour
    b, a = f"{DATA}/numeric_conflict_b.md", f"{DATA}/numeric_conflict_a.txt"
    ingest(tmp_path / "s", [b])
    ingest(tmp_path / "s", [a])
    with Store(tmp_path / "s") as st:
        claims = [c for cl in st.kept_claims(st.article_ids()).values() for c, _ in cl]
    assert any(q.high == float("inf") for c in claims for q in c.quantities)
