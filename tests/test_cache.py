"""The embedding cache: only missing sentences are embedded, order and values are kept, a damaged
or concurrently written cache is never fatal, the size limit evicts least recently used rows."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import time

import numpy as np
import pytest

from claimdiff.embedding import cache as vc
from claimdiff.embedding.cache import (CachedEmbedder, DiskCache, MemoryCache, embed_texts, model_identity,
                                       open_cache, text_hash)
from claimdiff.embedding.engines import FakeEmbedder

from .conftest import REPO, SEEDS


class Counting:
    """A FakeEmbedder that records every sentence it is asked to embed."""

    name = "counting"
    precision = "fp32"

    def __init__(self) -> None:
        self.inner = FakeEmbedder()
        self.dim = self.inner.dim
        self.identity = "counting-64"
        self.seen: list[str] = []

    def encode(self, texts):
        self.seen.extend(texts)
        return self.inner.encode(texts)


TEXTS = ["The toll rose to 40.", "Officials denied it.", "The toll rose to 40.", "", "Prices rose 3%.",
         "A second, different sentence about prices."]


def test_text_hash_is_stable_and_distinguishes():
    assert text_hash("a") == text_hash("a") and len(text_hash("a")) == 32
    assert len({text_hash(t) for t in ("a", "a ", "A", "", "\u00e9", "e\u0301")}) == 6
    assert text_hash("\ud800") != text_hash("")  # a lone surrogate neither crashes nor collides


def test_embed_texts_embeds_only_what_is_missing_and_keeps_order(tmp_path):
    e = Counting()
    c = DiskCache(model_identity(e), e.dim, tmp_path)
    first = embed_texts(TEXTS, e, c, batch=2)
    assert first.shape == (len(TEXTS), e.dim) and first.dtype == np.float32
    assert np.allclose(first, FakeEmbedder().encode(TEXTS))
    assert sorted(e.seen) == sorted(set(TEXTS))  # each distinct text once
    e.seen.clear()
    again = embed_texts(list(reversed(TEXTS)) + ["One new sentence."], e, c)
    assert e.seen == ["One new sentence."]
    assert np.array_equal(again[:-1], first[::-1])
    assert embed_texts([], e, c).shape == (0, e.dim)
    with pytest.raises(TypeError):
        embed_texts("one string", e, c)


def test_embed_texts_without_cache_and_progress():
    e, calls = Counting(), []
    v = embed_texts(TEXTS, e, None, batch=2, progress=lambda *a: calls.append(a))
    assert np.allclose(v, FakeEmbedder().encode(TEXTS))
    assert calls[0] == ("embed", 0, 5) and calls[-1] == ("embed", 5, 5)


def test_cache_is_per_identity(tmp_path):
    a, b = Counting(), Counting()
    b.identity = "other-model"
    embed_texts(TEXTS, a, DiskCache(model_identity(a), a.dim, tmp_path))
    embed_texts(TEXTS, b, DiskCache(model_identity(b), b.dim, tmp_path))
    assert len(b.seen) == len(set(TEXTS))  # nothing borrowed from another model's vectors
    dirs = sorted(p.name for p in (tmp_path / "claimdiff" / "vectors").iterdir())
    assert dirs == ["counting-64", "other-model"]


def test_real_engine_identity_names_weights_family_and_class():
    class Pretend:
        name, dim, precision = "fast-torch-fp32", 384, "fp32"

    from claimdiff.embedding.modelfiles import load_manifest

    ident = model_identity(Pretend())
    assert load_manifest()["files"]["model.safetensors"][:16] in ident and ident.endswith(f"fp32-v{vc.ENGINE_VERSION}")


def test_bf16_shares_fp32_vectors_only_when_the_recorded_self_check_met_the_bar(monkeypatch):
    from claimdiff.embedding import precision as prepare  # where the fidelity record is read
    from claimdiff.embedding.modelfiles import load_manifest

    class Pretend:
        name, dim, precision = "fast-torch-bf16", 384, "bf16"

    sha = load_manifest()["files"]["model.safetensors"]
    good = {"weights_sha256": sha, "cos_mean": 0.99998, "cos_min": 0.9999}
    monkeypatch.setattr(prepare, "fidelity_record", lambda p: good)
    assert "-fp32-" in model_identity(Pretend())
    for bad in ({**good, "cos_min": 0.99}, {**good, "cos_mean": 0.998}, {**good, "weights_sha256": "0" * 64}, {}):
        monkeypatch.setattr(prepare, "fidelity_record", lambda p, bad=bad: bad)
        assert "-bf16-" in model_identity(Pretend()), bad


def test_damaged_cache_file_is_set_aside_and_rebuilt(tmp_path):
    e = Counting()
    c = DiskCache(model_identity(e), e.dim, tmp_path, warn=lambda m: None)
    embed_texts(TEXTS, e, c)
    c.close()
    c.path.write_bytes(b"this is not a database" * 100)
    for p in c.dir.glob("vectors.sqlite3-*"):
        p.unlink()
    warnings = []
    c2 = DiskCache(model_identity(e), e.dim, tmp_path, warn=warnings.append)
    e.seen.clear()
    v = embed_texts(TEXTS, e, c2)
    assert np.allclose(v, FakeEmbedder().encode(TEXTS))
    assert len(e.seen) == len(set(TEXTS)) and len(c2) == len(set(TEXTS))
    assert len(warnings) == 1 and "damaged" in warnings[0]
    assert any(p.name.startswith("vectors.sqlite3.damaged-") for p in c2.dir.iterdir())


def test_damaged_rows_are_embedded_again(tmp_path):
    e = Counting()
    c = DiskCache(model_identity(e), e.dim, tmp_path)
    embed_texts(TEXTS, e, c)
    db = sqlite3.connect(c.path)
    db.execute("UPDATE vec SET v = ? WHERE h = ?", (b"\x00" * 7, text_hash(TEXTS[0])))
    db.execute("UPDATE vec SET v = ? WHERE h = ?", (np.full(e.dim, np.nan, np.float32).tobytes(), text_hash(TEXTS[1])))
    db.commit()
    db.close()
    e.seen.clear()
    assert np.allclose(embed_texts(TEXTS, e, c), FakeEmbedder().encode(TEXTS))
    assert sorted(e.seen) == sorted(TEXTS[:2])


def test_unwritable_cache_folder_is_not_fatal(tmp_path):
    (tmp_path / "claimdiff").write_text("a file where the folder should be")
    e, warnings = Counting(), []
    c = DiskCache(model_identity(e), e.dim, tmp_path, warn=warnings.append)
    assert np.allclose(embed_texts(TEXTS, e, c), FakeEmbedder().encode(TEXTS))
    assert len(warnings) == 1 and "without a cache" in warnings[0]


def test_size_limit_evicts_least_recently_used(tmp_path, monkeypatch):
    e = Counting()
    row = e.dim * 4 + vc._ROW_OVERHEAD
    c = DiskCache(model_identity(e), e.dim, tmp_path, max_bytes=10 * row)
    clock = [1_000_000]
    monkeypatch.setattr(vc.time, "time", lambda: clock[0])
    old = [f"old sentence {i}" for i in range(5)]
    embed_texts(old, e, c)
    clock[0] += 2 * vc._TOUCH_EVERY_S
    c.get([text_hash(old[0])])  # used again: now the most recent of the old ones
    clock[0] += 2 * vc._TOUCH_EVERY_S
    embed_texts([f"new sentence {i}" for i in range(8)], e, c)
    assert len(c) <= 10
    kept = c.get([text_hash(t) for t in old])
    assert text_hash(old[0]) in kept and text_hash(old[1]) not in kept


def _writer(root, identity, dim, start, n):
    e = FakeEmbedder(dim)
    c = DiskCache(identity, dim, root)
    for i in range(start, start + n, 10):
        texts = [f"sentence {j}" for j in range(i, i + 10)]
        c.put({text_hash(t): v for t, v in zip(texts, e.encode(texts))})


def test_concurrent_writers_lose_nothing(tmp_path):
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), "fake-64", 64, k * 200, 200)) for k in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    c = DiskCache("fake-64", 64, tmp_path)
    texts = [f"sentence {j}" for j in range(600)]
    got = c.get([text_hash(t) for t in texts])
    assert len(got) == 600
    want = FakeEmbedder().encode(texts)
    assert all(np.array_equal(got[text_hash(t)], want[i]) for i, t in enumerate(texts))


KILLED_WRITER = """
import sys, numpy as np
from claimdiff.embedding.cache import DiskCache, text_hash
c = DiskCache("fake-64", 64, sys.argv[1])
i = 0
while True:
    texts = [f"s{i}-{j}" for j in range(50)]
    v = np.random.default_rng(i).standard_normal((50, 64)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    c.put({text_hash(t): r for t, r in zip(texts, v)})
    i += 1
    if i == 3:
        print("ready", flush=True)
"""


def test_kill_9_mid_write_leaves_a_usable_cache(tmp_path):
    p = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                         env={**os.environ, "PYTHONPATH": REPO})
    assert p.stdout.readline().strip() == b"ready"
    time.sleep(0.3)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    c = DiskCache("fake-64", 64, tmp_path, warn=lambda m: pytest.fail(m))
    n = len(c)
    assert n >= 150 and n % 50 == 0  # whole batches only: each put is one transaction
    got = c.get([text_hash(f"s0-{j}") for j in range(50)])
    assert len(got) == 50 and all(abs(float(v @ v) - 1) < 1e-5 for v in got.values())


def test_cached_embedder_is_a_drop_in_and_counts(tmp_path):
    e = FakeEmbedder()
    ce = CachedEmbedder(e, DiskCache(model_identity(e), e.dim, tmp_path))
    assert np.allclose(ce.encode(TEXTS), e.encode(TEXTS)) and ce.embedded == len(set(TEXTS))
    assert np.allclose(ce.encode(TEXTS[:2]), e.encode(TEXTS[:2])) and ce.embedded == len(set(TEXTS))
    assert model_identity(ce) == model_identity(e)


def test_open_cache_respects_settings(tmp_path):
    from claimdiff.settings import Settings

    e = FakeEmbedder()
    assert open_cache(e, enabled=False) is None
    assert open_cache(e) is None  # the fake embedder never writes into the user's cache folder
    assert isinstance(open_cache(e, cache_dir=tmp_path), DiskCache)
    s = Settings(cache_dir=str(tmp_path))
    assert vc.cached_embedder(e, s).__class__ is CachedEmbedder
    assert vc.cached_embedder(e, Settings(cache=False, cache_dir=str(tmp_path))) is e


def test_user_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert vc.user_cache_dir() == tmp_path
    c = DiskCache("x", 4)
    assert c.dir == tmp_path / "claimdiff" / "vectors" / "x"


def test_rescan_embeds_nothing(tmp_path):
    """A second scan of unchanged seeds sends no sentence to the embedder; the conflicts are the same."""
    from claimdiff.pipeline import scan
    from claimdiff.settings import Settings

    s = Settings(cache_dir=str(tmp_path))
    first = vc.cached_embedder(FakeEmbedder(), s)
    r1 = scan([SEEDS], s, first)
    assert first.embedded > 0
    second = vc.cached_embedder(FakeEmbedder(), s)
    r2 = scan([SEEDS], s, second)
    assert second.embedded == 0
    assert [c.id for c in r1.conflicts] == [c.id for c in r2.conflicts]


def test_memory_cache_round_trip():
    m = MemoryCache()
    m.put({"a": np.ones(3, np.float32)})
    assert list(m.get(["a", "b"])) == ["a"]
