"""`scan --ray` is the same engine on another executor: on a local Ray cluster (one for all
these tests, 2 CPUs) it gives exactly `pipeline.scan`'s ScanResult (so the same conflict
ids), on the seeds with the real model and on a generated corpus; it resumes from its
Parquet shards; and a worker killed mid-run loses and duplicates nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.errors import ClaimdiffError
from claimdiff.pipeline import scan
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


def test_across_stories_is_refused_clearly():
    from claimdiff.scaleout import ray_exec

    with pytest.raises(ClaimdiffError, match="--across-stories is not supported with --ray"):
        ray_exec.run([SEEDS], Settings(across_stories=True))


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
