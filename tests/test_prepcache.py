"""The prepared cache (claimdiff/prepcache.py): a warm scan gives exactly the cold scan's result
while deriving nothing again; a code change, a damaged entry or a damaged file gives a miss
(recomputed), never a traceback; --no-cache keeps nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zlib

import pytest

from claimdiff import prepcache
from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.settings import Settings

from .conftest import REPO, SEEDS

BOTH = ("contradiction", "update")


def _scan(tmp_path, embedder=None, **kw):
    from claimdiff.pipeline import scan

    s = Settings(cache_dir=str(tmp_path / "cache"), relations=BOTH, **kw)
    return scan([SEEDS], s, embedder or FakeEmbedder())


def _rows(result) -> str:
    from claimdiff.output.export import conflict_rows, write_json
    import io

    buf = io.StringIO()
    write_json(conflict_rows(result.conflicts), buf)
    return buf.getvalue()


class _Count:
    """Counts calls of a function while passing them through."""

    def __init__(self, fn):
        self.fn, self.calls = fn, 0

    def __call__(self, *a, **kw):
        self.calls += 1
        return self.fn(*a, **kw)


def _spy(monkeypatch):
    import claimdiff.claims.syntax as syntax
    import claimdiff.conflicts as conflicts
    import claimdiff.pipeline as pipeline
    import claimdiff.read.files as files

    spies = {"read": _Count(files.read_file), "claims": _Count(pipeline.article_claims),
             "find": _Count(conflicts.find_conflicts), "parse": _Count(syntax.parse_claims)}
    monkeypatch.setattr(files, "read_file", spies["read"])
    monkeypatch.setattr(pipeline, "article_claims", spies["claims"])
    monkeypatch.setattr(conflicts, "find_conflicts", spies["find"])
    monkeypatch.setattr(syntax, "parse_claims", spies["parse"])
    return spies


def _entries(tmp_path) -> sqlite3.Connection:
    return sqlite3.connect(next((tmp_path / "cache" / "claimdiff" / "prepared").rglob("prepared.sqlite3")))


def test_warm_scan_equals_cold_and_derives_nothing(tmp_path, monkeypatch):
    cold = _scan(tmp_path)
    spies = _spy(monkeypatch)
    warm = _scan(tmp_path)
    assert warm == cold and _rows(warm) == _rows(cold)
    assert {k: s.calls for k, s in spies.items()} == {"read": 0, "claims": 0, "find": 0, "parse": 0}
    uncached = _scan(tmp_path, cache=False)
    assert uncached == cold


def test_code_change_invalidates_every_entry(tmp_path, monkeypatch):
    cold = _scan(tmp_path)
    monkeypatch.setattr(prepcache, "code_version", lambda: "another-claimdiff")
    spies = _spy(monkeypatch)
    again = _scan(tmp_path)
    assert again == cold
    assert spies["read"].calls > 0 and spies["claims"].calls > 0 and spies["find"].calls > 0


def test_code_version_hashes_the_package_sources(tmp_path, monkeypatch):
    v = prepcache.code_version()
    assert len(v) == 32 and v == prepcache.code_version()
    fake_pkg = tmp_path / "claimdiff"
    fake_pkg.mkdir()
    (fake_pkg / "prepcache.py").write_text("x = 1\n")
    monkeypatch.setattr(prepcache, "__file__", str(fake_pkg / "prepcache.py"))
    prepcache.code_version.cache_clear()
    try:
        one = prepcache.code_version()
        (fake_pkg / "rules.py").write_text("THRESHOLD = 0.5\n")
        prepcache.code_version.cache_clear()
        two = prepcache.code_version()
        (fake_pkg / "rules.py").write_text("THRESHOLD = 0.6\n")
        prepcache.code_version.cache_clear()
        three = prepcache.code_version()
    finally:
        monkeypatch.undo()
        prepcache.code_version.cache_clear()
    assert len({v, one, two, three}) == 4


@pytest.mark.parametrize("damage", ["garbage", "bad-json", "wrong-shape", "truncated"])
def test_damaged_entries_are_recomputed(tmp_path, monkeypatch, damage):
    cold = _scan(tmp_path)
    db = _entries(tmp_path)
    rows = db.execute("SELECT k, v FROM blob").fetchall()
    assert rows and {k[:2] for k, _ in rows} >= {"f:", "a:", "s:"}
    for k, v in rows:
        bad = {"garbage": b"\x00not zlib", "bad-json": zlib.compress(b"{not json"),
               "wrong-shape": zlib.compress(json.dumps({"x": [1, 2]}).encode()),
               "truncated": v[: len(v) // 2]}[damage]
        db.execute("UPDATE blob SET v = ? WHERE k = ?", (bad, k))
    db.commit()
    db.close()
    spies = _spy(monkeypatch)
    again = _scan(tmp_path)
    assert again == cold and _rows(again) == _rows(cold)
    assert spies["read"].calls > 0 and spies["claims"].calls > 0
    spies2 = _spy(monkeypatch)
    third = _scan(tmp_path)  # the recomputed entries were written back
    assert third == cold and spies2["claims"].calls == 0 and spies2["read"].calls == 0


def test_damaged_cache_file_is_set_aside(tmp_path, capsys):
    cold = _scan(tmp_path)
    path = next((tmp_path / "cache" / "claimdiff" / "prepared").rglob("prepared.sqlite3"))
    for extra in ("-wal", "-shm"):
        p = path.with_name(path.name + extra)
        if p.exists():
            p.unlink()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\x13" * 200 + data[300: len(data) // 2])
    again = _scan(tmp_path)
    assert again == cold
    assert "prepared cache" in capsys.readouterr().err


def test_unwritable_cache_folder_is_not_fatal(tmp_path, capsys):
    (tmp_path / "cache").write_text("a file where the cache folder should be")
    result = _scan(tmp_path)
    assert result.articles
    assert "warning" in capsys.readouterr().err


def test_one_changed_file_is_read_again_alone(tmp_path, monkeypatch):
    import shutil

    from claimdiff.pipeline import scan

    src = tmp_path / "arts"
    shutil.copytree(SEEDS, src)
    s = Settings(cache_dir=str(tmp_path / "cache"), relations=BOTH)
    scan([src], s, FakeEmbedder())
    victim = sorted(p for p in src.iterdir() if p.suffix == ".txt")[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\nA wholly new closing sentence was added today.\n",
                      encoding="utf-8")
    spies = _spy(monkeypatch)
    warm = scan([src], s, FakeEmbedder())
    monkeypatch.undo()
    fresh = scan([src], Settings(relations=BOTH, cache=False), FakeEmbedder())
    assert warm == fresh
    assert spies["read"].calls == 1 and spies["claims"].calls == 1


def test_no_cache_keeps_nothing(tmp_path):
    assert prepcache.open_blobs(Settings(cache=False, cache_dir=str(tmp_path))) is None
    assert prepcache.open_blobs(Settings(), FakeEmbedder()) is None  # tests' fake engine: never the user's folder
    _scan(tmp_path, cache=False)
    assert not (tmp_path / "cache").exists()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"), PYTHONPATH=REPO)
    r = subprocess.run([sys.executable, "-m", "claimdiff.cli", "scan", SEEDS, "--engine", "fake", "--no-cache",
                        "--quiet", "--format", "json"], env=env, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    assert not (tmp_path / "xdg" / "claimdiff" / "prepared").exists()


def test_blob_cache_evicts_least_recently_used(tmp_path):
    c = prepcache.BlobCache(tmp_path, max_bytes=10_000)
    for i in range(30):
        c.put({f"k{i}": bytes(1000)})
    assert len(c) <= 10
    assert "k29" in c.get(["k29"]) and not c.get(["k0"])


def test_cached_parser_round_trip_and_no_second_parse(tmp_path):
    from claimdiff.models import Parse, Referent

    from claimdiff.read.files import read_paths
    from claimdiff.pipeline import article_claims

    claims = article_claims(read_paths([SEEDS]).articles[0])[:6]
    assert any(c.quantities for c in claims)

    def fake_parse(cs):  # a stand-in for spaCy: a parse and a referent that depend on the text
        out = []
        for c in cs:
            q = tuple(x.model_copy(update={"referent": Referent(noun=c.text.split()[0].lower())}) for x in c.quantities)
            out.append(c.model_copy(update={"parse": Parse(root=c.text.split()[-1], assertions=(("say", "+", "said"),)),
                                            "quantities": q}))
        return out

    calls = _Count(fake_parse)
    blobs = prepcache.BlobCache(tmp_path)
    first = prepcache.cached_parser([blobs], [blobs], parse=calls)(claims)
    second = prepcache.cached_parser([blobs], [blobs], parse=calls)(claims)
    assert calls.calls == 1
    assert first == second == fake_parse(claims)


@pytest.mark.model
def test_real_model_warm_scan_equals_cold_and_parses_nothing(tmp_path, monkeypatch, real_embedder):
    cold = _scan(tmp_path, real_embedder)
    assert cold.conflicts
    spies = _spy(monkeypatch)
    warm = _scan(tmp_path, real_embedder)
    assert warm == cold and _rows(warm) == _rows(cold)
    assert spies["parse"].calls == 0 and spies["find"].calls == 0
    monkeypatch.undo()
    # a cached spaCy parse is the parse: the rows, recomputed from cached parses only, are the same
    db = _entries(tmp_path)
    db.execute("DELETE FROM blob WHERE k LIKE 's:%'")
    db.commit()
    db.close()
    spies = _spy(monkeypatch)
    again = _scan(tmp_path, real_embedder)
    assert again == cold and spies["find"].calls == 1 and spies["parse"].calls == 0


@pytest.mark.model
def test_check_keeps_parses_and_needs_no_spacy_the_second_time(tmp_path):
    """ingest keeps the parses it makes in the archive; a check parses only what neither the
    archive nor the user's cache holds, so a repeated check does not import spaCy; every check
    lists the same rows, with or without the caches."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"), PYTHONPATH=REPO)
    env.pop("CLAIMDIFF_BASELINE", None)
    store = tmp_path / "store"
    cli = [sys.executable, "-m", "claimdiff.cli"]
    subprocess.run(cli + ["ingest", SEEDS, "--store", str(store), "--quiet"], env=env, check=True,
                   capture_output=True)
    from claimdiff.archive.store import Store

    with Store(store) as st:
        n = st.db.execute("SELECT count(*) FROM parses").fetchone()[0]
    assert n > 0
    new = tmp_path / "new.txt"
    new.write_text("Iraq says 3,000 US troops have left\n\nOctober 6, 2020\n\n"
                   "Iraqi officials said on Monday that 3,000 US troops have been withdrawn from Iraq so far this year.\n"
                   "The United States will keep its forces in Iraq under a long-term security partnership, the prime "
                   "minister said.\n", encoding="utf-8")
    args = ["check", str(new), "--store", str(store), "--quiet", "--format", "json"]
    runs = []
    for extra in (["--no-cache"], [], [], ["--no-cache"]):
        r = subprocess.run([sys.executable, "-X", "importtime", "-m", "claimdiff.cli", *args, *extra], env=env,
                           capture_output=True, text=True, cwd=tmp_path)
        assert r.returncode == 1, r.stderr[-2000:]
        spacy = any(line.rstrip().endswith("| spacy") for line in r.stderr.splitlines())
        runs.append((sorted(row["conflict_id"] for row in json.loads(r.stdout)), spacy))
    assert runs[0][0] and all(ids == runs[0][0] for ids, _ in runs)
    assert [s for _, s in runs] == [True, True, False, True]  # the second cached run: no spaCy


def test_ingest_takes_vectors_from_the_user_cache_into_the_archive(tmp_path):
    """Vectors found in the user's cache (an earlier scan) are written into the archive with the
    claims that name them; the archive then lists what a scan lists."""
    from claimdiff.archive.incremental import Archive
    from claimdiff.archive.store import Store
    from claimdiff.read.files import read_paths

    s = Settings(cache_dir=str(tmp_path / "cache"), relations=BOTH)
    scanned = _scan(tmp_path)  # fills the user's vector cache (fake engine, named folder)
    with Store(tmp_path / "store", create=True, writer=True) as st:
        arch = Archive(st, s, "fake", FakeEmbedder())
        rep = arch.ingest(read_paths([SEEDS]).articles)
        assert rep.embedded == 0 and rep.added == 5
        missing = st.db.execute("SELECT count(*) FROM claims WHERE text_hash NOT IN "
                                "(SELECT text_hash FROM embeddings)").fetchone()[0]
        assert missing == 0
        assert sorted(c.id for c, _ in st.conflicts(BOTH)) == sorted(c.id for c in scanned.conflicts)


def test_keep_mask_is_the_greedy_first_occurrence_rule():
    """keep_mask's shortcut (nothing repeated: nothing to walk) keeps the rule: a sentence within
    the threshold of an earlier kept one is dropped, the first occurrence stays."""
    import numpy as np

    from claimdiff.pipeline import keep_mask

    def reference(v, t):
        keep = [True] * len(v)
        for j in range(len(v)):
            keep[j] = not any(keep[i] and float(v[i] @ v[j]) >= t for i in range(j))
        return np.array(keep, dtype=bool)

    rng = np.random.default_rng(7)
    for trial in range(200):
        n = int(rng.integers(0, 12))
        v = rng.normal(size=(n, 16)).astype(np.float32)
        for _ in range(int(rng.integers(0, 4))):  # planted near-repeats
            if n > 1:
                i, j = rng.integers(0, n, 2)
                v[j] = v[i] + rng.normal(0, 0.05, 16).astype(np.float32)
        v /= np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        for t in (0.5, 0.93):
            got, want = keep_mask(v, t), reference(v, t)
            # the reference sums in another order: compare only where no cosine sits on the threshold
            sims = v @ v.T
            if not np.any(np.isclose(sims, t, atol=1e-5)):
                assert np.array_equal(got, want), (trial, t)


@pytest.mark.model
def test_light_engine_small_job_on_one_blas_thread_gives_the_same_vectors(monkeypatch):
    import numpy as np

    from claimdiff.embedding import engines

    e = engines.LightEmbedder()
    texts = ["Iraqi officials said 3,000 US troops have been withdrawn.", "Prices rose slightly on Monday.",
             "The United States will keep its forces in Iraq, the prime minister said."]
    small = e.encode(texts)
    monkeypatch.setattr(engines, "SMALL_JOB_TOKENS", -1)  # every job on the BLAS's own threads
    assert np.array_equal(small, e.encode(texts))
