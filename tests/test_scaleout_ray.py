"""`scan --ray` and `ingest --ray` are the same engine on another executor: on a local Ray
cluster (one for all these tests, 2 CPUs) scan gives exactly `pipeline.scan`'s ScanResult
(so the same conflict ids), with and without --across-stories, on the seeds with the real
model and on a generated corpus; ingest gives exactly the archive a plain ingest writes
(articles, claims, vectors, stories, conflicts); both resume from their Parquet shards; and
a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdiff.archive.incremental import Archive
from claimdiff.archive.store import Store
from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.errors import ClaimdiffError
from claimdiff.pipeline import scan
from claimdiff.read.files import read_paths
from claimdiff.scaleout.corpus import write_corpus
from claimdiff.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FAKE = Settings(embedder="fake", relations=("contradiction", "update"))


@pytest.fixture(scope="session")
def cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'claimdiff[ray]')")
    pytest.importorskip("pyarrow", reason="pyarrow is not installed (pip install 'claimdiff[ray]')")
    import logging

    # the kill hook below is defined here: workers get it by value, whatever their sys.path
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    ray.init(num_cpus=2, include_dashboard=False, object_store_memory=256 * 1024 * 1024,
             logging_level=logging.WARNING, runtime_env={"env_vars": {"PYTHONPATH": str(ROOT)}})
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """48 articles in 12 stories (some outlets disagree), and scan's result on it."""
    folder = write_corpus(tmp_path_factory.mktemp("gen") / "articles", 48, 12, seed=3, differ=0.6)
    (folder / "s000004o09.md").write_text("---\ntitle: a: b\n---\nNot read.\n")  # skipped, in scan's order
    return folder, scan([folder], FAKE, FakeEmbedder())


def _ids(result):
    return [c.id for c in result.conflicts]


def test_generated_corpus_same_result_and_resume(cluster, corpus, tmp_path):
    from claimdiff.scaleout.ray_exec import run

    folder, single = corpus
    assert len(single.conflicts) >= 5 and len(single.stories) >= 6 and single.skipped  # something to agree on
    assert {c.kind for c in single.conflicts} >= {"numeric", "negation"}
    work = tmp_path / "work"
    first = run([folder], FAKE, work=work, files_per_shard=7)
    assert first.stats.shards == 7 and first.stats.prepared_now == 7
    assert first.stats.conflict_tasks >= 2
    assert _ids(first.result) == _ids(single)
    assert first.result == single  # articles, claims, stories, topics, rows: all of it

    again = run([folder], FAKE, work=work, files_per_shard=7)  # everything is in the work folder
    assert again.stats.prepared_now == 0 and again.result == single

    shards = sorted(work.glob("prep-*.parquet"))
    assert len(shards) == 7
    shards[3].unlink()  # an interrupted run: one shard missing
    (work / ".stale.parquet.123.tmp").write_bytes(b"half a shard")  # a temporary file left behind
    resumed = run([folder], FAKE, work=work, files_per_shard=7)
    assert resumed.stats.prepared_now == 1 and resumed.result == single


def test_changed_file_is_prepared_again(cluster, tmp_path):
    from claimdiff.scaleout.ray_exec import run

    folder = write_corpus(tmp_path / "a", 12, 3, seed=5)
    work = tmp_path / "work"
    run([folder], FAKE, work=work, files_per_shard=4)
    victim = sorted(folder.iterdir())[5]
    victim.write_text(victim.read_text().replace("Officials in", "Police in", 1), encoding="utf-8")
    out = run([folder], FAKE, work=work, files_per_shard=4)
    assert out.stats.prepared_now == 1
    assert out.result == scan([folder], FAKE, FakeEmbedder())


class KillOnce:
    """A worker that dies (its whole process) the first time it reaches one of `targets`
    ((stage, index)); a marker file says it happened, so the retry goes through."""

    def __init__(self, folder: Path, targets) -> None:
        self.folder, self.targets = str(folder), set(targets)

    def __call__(self, stage: str, index: int) -> None:
        if (stage, index) in self.targets:
            marker = Path(self.folder) / f"killed-{stage}-{index}"
            if not marker.exists():
                marker.write_text(str(os.getpid()))
                os._exit(1)


def test_worker_killed_mid_run_loses_and_duplicates_nothing(cluster, corpus, tmp_path):
    from claimdiff.scaleout.ray_exec import run

    folder, single = corpus
    marks = tmp_path / "marks"
    marks.mkdir()
    out = run([folder], FAKE, work=tmp_path / "work", files_per_shard=7,
              hook=KillOnce(marks, [("prepare", 2), ("conflicts", 1)]))
    assert sorted(p.name for p in marks.iterdir()) == ["killed-conflicts-1", "killed-prepare-2"]
    ids = _ids(out.result)
    assert len(ids) == len(set(ids))
    assert ids == _ids(single) and out.result == single
    assert sum(w["shards"] for w in out.stats.workers.values()) == 7  # each shard prepared once


@pytest.mark.model
def test_seeds_same_conflict_ids_as_scan_real_model(cluster, tmp_path):
    from claimdiff.scaleout.ray_exec import run

    # no disk cache: the user's cache may hold vectors another precision wrote (equal within the
    # fidelity bar, not bit for bit); the ids are the contract, and the stories with them
    settings = Settings(relations=("contradiction", "update"), cache=False)
    single = scan([SEEDS], settings)
    out = run([SEEDS], settings, work=tmp_path / "work", files_per_shard=2)  # three shards, two actors
    assert out.stats.shards == 3
    assert single.conflicts and _ids(out.result) == _ids(single)
    assert out.result.stories == single.stories


def test_without_ray_one_clear_error(monkeypatch):
    from claimdiff.scaleout import ray_exec

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(ClaimdiffError, match=r"pip install 'claimdiff\[ray\]'"):
        ray_exec.run([SEEDS], FAKE)


def test_across_stories_same_result_as_scan(cluster, corpus, tmp_path):
    from claimdiff.scaleout.ray_exec import run

    folder, within = corpus
    wide = dataclasses.replace(FAKE, across_stories=True)
    single = scan([folder], wide, FakeEmbedder())
    # rows across stories, the folded ones counted too (conflicts.fold lists one row per disagreement)
    cross = [c for c in (*single.conflicts, *single.repeated) if c.a.article_id not in
             next(s.article_ids for s in single.stories if c.b.article_id in s.article_ids)]
    assert len(cross) >= 20 and len(single.conflicts) > len(within.conflicts)  # rows only the wide view has
    marks = tmp_path / "marks"
    marks.mkdir()
    out = run([folder], wide, work=tmp_path / "work", files_per_shard=7, hook=KillOnce(marks, [("cross", 2)]))
    assert (marks / "killed-cross-2").exists() and out.stats.cross_tasks >= 4
    assert _ids(out.result) == _ids(single) and out.result == single


# ---- ingest --ray -------------------------------------------------------------------------


def _plain_ingest(paths, root: Path, settings=FAKE, kind="fake"):
    with Store(root, create=True, writer=True) as st:
        return Archive(st, settings, kind).ingest(read_paths(paths).articles)


def _ray_ingest(paths, root: Path, settings=FAKE, kind="fake", **kw):
    from claimdiff.scaleout.ray_exec import ingest

    with Store(root, create=True, writer=True) as st:
        return ingest(paths, Archive(st, settings, kind), **kw)


def _archive(root: Path) -> dict:
    """What the archive holds, as every command reads it (timestamps and row numbers aside)."""
    with Store(root) as st:
        inputs = st.story_inputs()
        claims = st.kept_claims([a.id for a, *_ in inputs])
        hashes = sorted({h for cl in claims.values() for _, h in cl} | {h for _, h, _, _ in inputs})
        vecs = st.vectors_for(hashes)
        return {
            "articles": [(a, h, f, sid) for a, h, f, sid in inputs],
            "claims": {k: [(c, h) for c, h in v] for k, v in sorted(claims.items())},
            "vectors": {h: vecs[h].tobytes() for h in hashes},
            "stories": st.db.execute("SELECT id, json FROM stories ORDER BY id").fetchall(),
            "conflicts": [c for c, _ in st.conflicts(None)],
        }


def test_ingest_same_archive_as_plain_ingest(cluster, corpus, tmp_path):
    folder, single = corpus
    plain = _plain_ingest([folder], tmp_path / "plain")
    marks = tmp_path / "marks"
    marks.mkdir()
    out = _ray_ingest([folder], tmp_path / "ray", work=tmp_path / "work", files_per_shard=7,
                      hook=KillOnce(marks, [("prepare", 4), ("conflicts", 2)]))  # a worker dies in each stage
    assert sorted(p.name for p in marks.iterdir()) == ["killed-conflicts-2", "killed-prepare-4"]
    assert sum(w["shards"] for w in out.stats.workers.values()) == 7
    rep = out.report
    assert (rep.added, rep.known, rep.claims, rep.stories, rep.conflicts) == \
        (plain.added, 0, plain.claims, plain.stories, plain.conflicts)
    assert rep.skipped == list(single.skipped) and out.stats.prepared_now == 7
    want = _archive(tmp_path / "plain")
    assert len(want["conflicts"]) >= 5 and len(want["stories"]) >= 6
    got = _archive(tmp_path / "ray")
    assert [c.id for c in got["conflicts"]] == [c.id for c in want["conflicts"]]
    assert got == want

    # again into the same archive, from the same shards: nothing added, nothing changed
    again = _ray_ingest([folder], tmp_path / "ray", work=tmp_path / "work", files_per_shard=7)
    assert (again.report.added, again.report.known, again.stats.prepared_now) == (0, plain.added, 0)
    # and with fresh shards: the workers leave out every article the archive holds
    fresh = _ray_ingest([folder], tmp_path / "ray", work=tmp_path / "work2", files_per_shard=7)
    assert fresh.report.added == 0 and fresh.report.known == plain.added
    assert sum(w["articles"] for w in fresh.stats.workers.values()) == 0
    assert _archive(tmp_path / "ray") == want


def test_ingest_into_a_partial_archive_and_shards_of_another(cluster, tmp_path):
    """Half the corpus ingested plainly, then all of it on Ray: the archive of one plain
    ingest of all. The shards that left out the known half are prepared again when reused
    by a scan (or an archive without those articles)."""
    from claimdiff.scaleout.ray_exec import run

    folder = write_corpus(tmp_path / "all", 40, 10, seed=11, differ=0.6)
    half = tmp_path / "half"
    half.mkdir()
    for f in sorted(folder.iterdir())[::2]:
        (half / f.name).write_bytes(f.read_bytes())
    _plain_ingest([half], tmp_path / "plain")
    _plain_ingest([folder], tmp_path / "plain")
    want = _archive(tmp_path / "plain")
    assert want["conflicts"]

    _plain_ingest([half], tmp_path / "mixed")
    work = tmp_path / "work"
    out = _ray_ingest([folder], tmp_path / "mixed", work=work, files_per_shard=6)
    assert out.report.known == 20 and out.report.added == 20
    assert sum(w["articles"] for w in out.stats.workers.values()) == 20  # the known half is not embedded
    assert _archive(tmp_path / "mixed") == want

    again = run([folder], FAKE, work=work, files_per_shard=6)  # a scan needs every article
    assert again.stats.prepared_now == again.stats.shards == 7
    assert again.result == scan([folder], FAKE, FakeEmbedder())
    other = _ray_ingest([folder], tmp_path / "empty", work=work, files_per_shard=6)
    assert other.report.added == 40 and other.stats.prepared_now == 0  # those shards are whole now
    _plain_ingest([folder], tmp_path / "plain-all")
    assert _archive(tmp_path / "empty") == _archive(tmp_path / "plain-all")


@pytest.mark.model
def test_ingest_seeds_same_conflict_ids_real_model(cluster, tmp_path):
    settings = Settings()
    _plain_ingest([SEEDS], tmp_path / "plain", settings, "auto")
    _ray_ingest([SEEDS], tmp_path / "ray", settings, "auto", work=tmp_path / "work", files_per_shard=2)
    want, got = _archive(tmp_path / "plain"), _archive(tmp_path / "ray")
    assert want["conflicts"] and [c.id for c in got["conflicts"]] == [c.id for c in want["conflicts"]]
    assert got["stories"] == want["stories"] and got["claims"] == want["claims"]


def test_ingest_without_ray_one_clear_line(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from claimdiff.cli import app

    monkeypatch.setitem(sys.modules, "ray", None)
    res = CliRunner().invoke(app, ["ingest", str(SEEDS), "--ray", "--engine", "fake",
                                   "--store", str(tmp_path / "store")])
    assert res.exit_code == 2, res.output  # a ClaimdiffError
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and "pip install 'claimdiff[ray]'" in lines[0], res.output
    assert not (tmp_path / "store").exists()  # refused before the archive is created


def test_bad_address_is_refused_clearly(cluster, monkeypatch):
    from claimdiff.scaleout import ray_exec

    monkeypatch.setattr(cluster, "is_initialized", lambda: False)
    with pytest.raises(ClaimdiffError, match="not a cluster address"):
        ray_exec.run([SEEDS], FAKE, address="seeds/")


def test_default_install_never_imports_ray():
    code = ("import sys, claimdiff.cli.app, claimdiff.pipeline, claimdiff.archive.incremental; "
            "from claimdiff.cli import app; "
            "assert 'ray' not in sys.modules and 'pyarrow' not in sys.modules, 'ray imported'")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT)
