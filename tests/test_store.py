import os
import signal
import subprocess
import time

import numpy as np
import pytest

from claimdiff.archive.incremental import Archive
from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.errors import StoreError
from claimdiff.read.files import read_paths
from claimdiff.archive.store import INDEX_NAME, MIGRATIONS, Store

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
    assert rep.added == 2 and e.sentences == rep.claims > 0
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
    assert e3.sentences == 1


def test_topic_ids_stable_when_articles_arrive(tmp_path):
    arts = write_articles(tmp_path / "a", 0, 12)
    ingest(tmp_path / "s", arts[:8] + [W])
    with Store(tmp_path / "s") as st:
        old = dict(st.db.execute("SELECT claim_id, topic_id FROM claims"))
        old_topics = {r[0] for r in st.db.execute("SELECT id FROM topics")}
    rep = ingest(tmp_path / "s", arts[8:] + [P])
    assert rep.added == 5
    with Store(tmp_path / "s") as st:
        now = dict(st.db.execute("SELECT claim_id, topic_id FROM claims"))
        topics = {r[0] for r in st.db.execute("SELECT id FROM topics")}
        assert {k: now[k] for k in old} == old and old_topics <= topics
        joined = st.db.execute("SELECT count(*) FROM claims c JOIN articles a ON a.id = c.article_id "
                               "WHERE a.path LIKE '%%a0008.txt' AND c.topic_id IN (%s)"
                               % ",".join("?" * len(old_topics)), sorted(old_topics)).fetchone()[0]
        assert joined > 0  # new claims join existing topics, not only open new ones
        # the framing pair shares a topic and its conflict was found incrementally
        assert [c.kind for c, _ in st.conflicts()] == ["framing"]


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


def test_index_rebuilt_when_missing_truncated_or_out_of_step(tmp_path):
    root = tmp_path / "s"
    ingest(root, [W, P, U])
    with Store(root) as st:
        want = st.indexed_rowids()
    idx = root / INDEX_NAME
    for damage in ("truncate", "garbage", "delete"):
        if damage == "truncate":
            idx.write_bytes(idx.read_bytes()[:50])
        elif damage == "garbage":
            idx.write_bytes(b"not an index" * 10)
        else:
            idx.unlink()
        with Store(root) as st:  # a reader rebuilds in memory and writes nothing
            index = st.load_index(64)
            assert index.ntotal == len(want)
        if damage == "delete":
            assert not idx.exists()
        with Store(root, writer=True) as st:
            st.load_index(64)
        import faiss

        saved = faiss.read_index(str(idx))  # keep a reference: id_map lives inside it
        got = np.sort(faiss.vector_to_array(saved.id_map))
        assert np.array_equal(got, want)


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
    """Opens, and every stored article is whole: all its sentences, and an index matching SQLite."""
    with Store(root) as st:
        arts = st.articles()
        for a in arts:
            n = st.db.execute("SELECT count(*) FROM claims WHERE article_id = ?", (a.id,)).fetchone()[0]
            want = 9 if "a0" in a.path else n  # synthetic: title + 8 sentences
            assert n == want, (a.path, n)
        index = st.load_index(64)
        assert index.ntotal == len(st.indexed_rowids())
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


def test_an_article_repeating_a_sentence_verbatim(tmp_path):
    (tmp_path / "rep.txt").write_text("Title here\n\nThe bridge opened today. The bridge opened today. Rain fell.\n",
                                      encoding="utf-8")
    rep = ingest(tmp_path / "s", [tmp_path / "rep.txt"])
    assert rep.added == 1
    with Store(tmp_path / "s") as st:
        assert st.db.execute("SELECT count(*) FROM claims WHERE topic_id IS NULL").fetchone()[0] == 1


def test_claims_with_open_bounds_are_read_back(tmp_path):
    # "more than 3,000" is stored with high = inf; the next ingest reads it back as a neighbour
    b, a = f"{DATA}/numeric_conflict_b.md", f"{DATA}/numeric_conflict_a.txt"
    ingest(tmp_path / "s", [b])
    ingest(tmp_path / "s", [a])
    with Store(tmp_path / "s") as st:
        rows = st.db.execute("SELECT rowid FROM claims").fetchall()
        claims = st.claims_by_rowid(sorted(r[0] for r in rows))
    assert any(q.high == float("inf") for c, _ in claims.values() for q in c.quantities)


def test_index_with_a_stale_id_is_rebuilt(tmp_path):
    import faiss

    ingest(tmp_path / "s", [W, P])
    path = tmp_path / "s" / INDEX_NAME
    index = faiss.read_index(str(path))
    ids = faiss.vector_to_array(index.id_map).astype(np.int64)
    vecs = np.vstack([index.reconstruct(int(i)) for i in ids])
    stale = faiss.IndexIDMap2(faiss.IndexFlatIP(index.d))
    ids2 = ids.copy()
    ids2[0] = ids.max() + 1000  # same count, one id SQLite does not have
    stale.add_with_ids(vecs, ids2)
    faiss.write_index(stale, str(path))
    with Store(tmp_path / "s") as st:
        got = st.load_index(index.d)
        assert sorted(faiss.vector_to_array(got.id_map).tolist()) == sorted(ids.tolist())
