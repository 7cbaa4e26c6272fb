"""Embedders: turn sentences into L2-normalised float32 vectors.

`Embedder` is the protocol every stage uses. `FakeEmbedder` is a deterministic,
dependency-free stand-in for tests (hashed bag of words, so overlapping sentences get
similar vectors). `StockEmbedder` is plain sentence-transformers fp32 `encode`, the
reference every faster path is measured against.

The real-model engines (`claimdiff.embedding`) never import sentence_transformers or
transformers: they tokenise with `tokenizers`, read the verified safetensors weights
and run a hand-written BERT forward on packed (unpadded) tokens:

- `FastEmbedder` ("fast", what "auto" gives): torch, fp32 or bf16 (`precision`), CPU or
  CUDA (`device`). "auto" precision is bf16 only where the CPU has bf16 arithmetic and
  prepare's recorded self-check and timing say it is faithful and faster.
- `LightEmbedder` ("light"): pure numpy fp32, no torch import, for short jobs.

Both embed each distinct sentence once per call (duplicates are copied); in fp32 they
agree with stock `encode` at cosine 1.000000 (fp32 rounding only).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from claimdiff.errors import ConfigError


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:  # (n, dim) float32, rows L2-normalised
        ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return v / n


class FakeEmbedder:
    """Hashed bag of words and bigrams: cheap, deterministic, similar for overlapping text."""

    name = "fake"
    precision = "fp32"
    device = "cpu"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.identity = f"fake-{dim}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            words = re.findall(r"[a-z]+", t.lower())
            grams = words + [a + " " + b for a, b in zip(words, words[1:])]
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return _normalise(out)


class StockEmbedder:
    """sentence-transformers `encode` on the verified packaged weights: fp32 (the reference),
    or with precision "bf16" under `torch.autocast` (the one-line peer the bench compares with)."""

    def __init__(self, batch_size: int = 64, precision: str = "fp32", device: str = "cpu") -> None:
        from claimdiff.embedding.modelfiles import load_manifest, verified_model_dir

        if precision not in ("fp32", "bf16"):
            raise ValueError(f"precision {precision!r}: choose fp32 or bf16")
        d = verified_model_dir()  # every file sentence-transformers reads, checked first
        from sentence_transformers import SentenceTransformer  # heavy: ~8 s
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # its "Loading weights" bar is noise on an analyst's stderr
        self._model = SentenceTransformer(str(d), device=device, local_files_only=True)
        self.dim = int(load_manifest()["dim"])
        self.precision = precision
        self.device = device
        self.name = f"stock-{precision}" + ("" if device == "cpu" else f"-{device}")
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        import contextlib

        import torch

        ctx = (torch.autocast(self.device.split(":")[0], dtype=torch.bfloat16) if self.precision == "bf16"
               else contextlib.nullcontext())
        with ctx:
            v = self._model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                                   normalize_embeddings=True, show_progress_bar=False)
        return _normalise(np.asarray(v, dtype=np.float32))


class _PackedEmbedder:
    """Shared by the hand-written engines: tokenise, embed each distinct sentence once,
    return rows in input order."""

    name = "packed"
    dim = 384

    def __init__(self) -> None:
        from claimdiff.embedding.packing import load_tokenizer
        from claimdiff.embedding.modelfiles import check_model_files, load_manifest, read_model_file

        # the files these engines embody in code (pooling, modules, configs): checked like the rest
        check_model_files(skip=("model.safetensors", "tokenizer.json"))
        m = load_manifest()
        self.dim = int(m["dim"])
        self._tok = load_tokenizer(read_model_file("tokenizer.json"), int(m["max_seq_length"]))

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        raise NotImplementedError

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of sentences, not one string (wrap it in a list)")
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        unique: dict[str, int] = {}
        rows = np.fromiter((unique.setdefault(t, len(unique)) for t in texts), dtype=np.int64, count=len(texts))
        ids = [e.ids for e in self._tok.encode_batch(list(unique))]
        vecs = self._encode_ids(ids)
        return np.ascontiguousarray(vecs[rows], dtype=np.float32)


class LightEmbedder(_PackedEmbedder):
    """Pure-numpy fp32 engine: imports numpy, tokenizers and safetensors only (no torch),
    so a whole process embedding ~50 sentences takes well under a second."""

    name = "light-numpy-fp32"
    precision = "fp32"
    device = "cpu"

    def __init__(self, max_tokens: int = 2048) -> None:
        super().__init__()
        from claimdiff.embedding import numpy_bert
        from claimdiff.embedding.modelfiles import load_weights

        self._bert = numpy_bert
        self._w = numpy_bert.bert_weights(load_weights(views=True))
        self.max_tokens = max_tokens

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        if sum(len(x) for x in ids) > SMALL_JOB_TOKENS:
            return self._bert.encode_ids(self._w, ids, self.max_tokens)
        with _one_blas_thread():
            return self._bert.encode_ids(self._w, ids, self.max_tokens)


# A job this small (a check's new article: a few hundred word pieces) runs its GEMMs on one
# BLAS thread: OpenBLAS's second thread costs more than it gives on matrices of a few dozen
# rows, and on a loaded machine waiting for it dominated (4 sentences: 0.5-0.7 s on two threads,
# 0.08-0.10 s on one, load average 5). Each output element is the same dot product either way.
SMALL_JOB_TOKENS = 4096


class _one_blas_thread:
    def __enter__(self):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:  # not installed: the BLAS keeps its own thread count
            self._limit = None
            return self
        self._limit = threadpool_limits(limits=1, user_api="blas")
        return self

    def __exit__(self, *exc):
        if self._limit is not None:
            self._limit.restore_original_limits()
        return False


class FastEmbedder(_PackedEmbedder):
    """torch engine on packed tokens (MKL/oneDNN GEMMs, one fused attention call per layer
    and chunk); fp32, or bf16 GEMMs with fp32 accumulation and fp32 norms (see torch_bert);
    on the CPU or a CUDA device. ~1.3 s to import torch."""

    def __init__(self, max_tokens: int = 4096, threads: int | None = None, precision: str = "fp32",
                 device: str = "cpu") -> None:
        super().__init__()
        from claimdiff.embedding.torch_bert import TorchBert  # imports torch
        from claimdiff.embedding.modelfiles import load_weights

        self._bert = TorchBert(load_weights(), threads=threads or default_threads(), precision=precision,
                               device=device)
        self.precision = precision
        self.device = device
        self.name = f"fast-torch-{precision}" + ("" if device == "cpu" else f"-{device}")
        self.max_tokens = max_tokens

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        return self._bert.encode_ids(ids, self.max_tokens)


def default_threads() -> int | None:
    """The CPUs this process may run on (cgroup/affinity limits included), when torch's
    default (physical cores of the machine) is more than that; None keeps torch's."""
    import os

    import torch

    try:
        allowed = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    return allowed if 0 < allowed < torch.get_num_threads() else None


class EngineChoiceError(ConfigError, ValueError):
    """An unknown or impossible engine / precision / device choice (one `Error:` line in the CLI)."""


KINDS = ("auto", "fast", "light", "stock", "fake")
PRECISIONS = ("auto", "fp32", "bf16")
DEVICES = ("auto", "cpu", "cuda")


def resolve_device(device: str = "auto") -> str:
    """"auto": "cuda" when torch is installed and sees a GPU, else "cpu"."""
    if device not in DEVICES and not device.startswith("cuda:"):
        raise EngineChoiceError(f"unknown device {device!r}: choose one of {', '.join(DEVICES)}")
    if device == "cpu":
        return "cpu"
    import importlib.util

    if importlib.util.find_spec("torch") is None:
        if device == "auto":
            return "cpu"
        raise EngineChoiceError("device cuda needs torch (with CUDA); it is not installed")
    import torch

    if torch.cuda.is_available():
        return "cuda" if device == "auto" else device
    if device == "auto":
        return "cpu"
    raise EngineChoiceError(f"device {device}: torch sees no CUDA GPU here (torch {torch.__version__}); use --device cpu")


def resolve_precision(precision: str = "auto", device: str = "cpu") -> str:
    """"auto": bf16 where it is both faithful and faster, else fp32.

    On a CPU: bf16 when the CPU has bf16 arithmetic (amx_bf16 or avx512_bf16), the
    self-check `claimdiff model prepare` recorded for these weights met the fidelity bar,
    and, if prepare measured both precisions on this same CPU, bf16 was the faster. On
    a GPU: bf16 when it supports bf16 and the recorded self-check passed. Otherwise fp32
    (also when prepare has not run: no record, no bf16)."""
    if precision not in PRECISIONS:
        raise EngineChoiceError(f"unknown precision {precision!r}: choose one of {', '.join(PRECISIONS)}")
    if precision != "auto":
        return precision
    from claimdiff.embedding.precision import bf16_recommended

    return "bf16" if bf16_recommended(device) else "fp32"


def load_embedder(kind: str = "auto", precision: str = "auto", device: str = "auto") -> Embedder:
    """kind: "auto" (fastest faithful path for bulk work: "fast" when torch is importable,
    else "light"), "fast" (torch), "light" (numpy fp32, no torch), "stock"
    (sentence-transformers, the reference) or "fake" (tests only).

    precision: "fp32", "bf16" or "auto" (see resolve_precision; stock's auto is fp32, the
    reference). device: "cpu", "cuda" or "auto" (cuda when torch sees a GPU); the light
    engine is numpy fp32 on the CPU only."""
    if kind not in KINDS:
        raise EngineChoiceError(f"unknown embedder kind {kind!r}: choose one of {', '.join(KINDS)}")
    if precision not in PRECISIONS:
        raise EngineChoiceError(f"unknown precision {precision!r}: choose one of {', '.join(PRECISIONS)}")
    if kind == "fake":
        return FakeEmbedder()
    if kind == "auto":
        import importlib.util

        kind = "fast" if importlib.util.find_spec("torch") is not None else "light"
    if kind == "light":
        if precision == "bf16" or device.startswith("cuda"):
            raise EngineChoiceError("the light engine is numpy fp32 on the CPU: use --engine fast for bf16 or cuda")
        return LightEmbedder()
    dev = resolve_device(device)
    if kind == "stock":
        return StockEmbedder(precision="fp32" if precision == "auto" else precision, device=dev)
    return FastEmbedder(precision=resolve_precision(precision, dev), device=dev)


class LazyEmbedder:
    """A real engine that is loaded at its first `encode`: a scan whose every sentence is in
    the cache never imports torch or reads the weights. `identity` (embedding/cache.py's
    model identity) is known without loading: callers built it only where it is certain."""

    def __init__(self, kind: str, precision: str, device: str, dim: int, identity: str) -> None:
        self.kind, self._precision, self._device = kind, precision, device
        self.dim = dim
        self.identity = identity
        self._inner: Embedder | None = None

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = load_embedder(self.kind, precision=self._precision, device=self._device)
        return self._inner

    @property
    def name(self) -> str:
        return self.inner.name if self._inner is not None else f"{self.kind} (not loaded)"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.encode(texts)


def lazy_embedder(kind: str = "auto", precision: str = "auto", device: str = "auto"):
    """`load_embedder`'s engine, loaded only when a sentence must be embedded, where the
    cache identity of its vectors is certain without loading it: fp32, or bf16 whose
    recorded self-check shares the fp32 class (then fp32 and bf16 are one identity, so the
    device need not be known). Otherwise (bad choices included) the engine is loaded now."""
    if kind not in KINDS or precision not in PRECISIONS or kind == "fake" \
            or device not in ("auto", "cpu") or (kind == "light" and precision == "bf16"):
        return load_embedder(kind, precision=precision, device=device)
    if kind == "auto":
        import importlib.util

        kind = "fast" if importlib.util.find_spec("torch") is not None else "light"
    from claimdiff.embedding.cache import ENGINE_VERSION, _safe, shares_fp32_class
    from claimdiff.embedding.modelfiles import load_manifest

    try:
        m = load_manifest()
        sha, dim = m["files"]["model.safetensors"], int(m["dim"])
    except Exception:  # noqa: BLE001 - let the real loader say what is wrong
        return load_embedder(kind, precision=precision, device=device)
    possible = {"fp32"} if kind in ("light", "stock") and precision != "bf16" else \
        ({"fp32", "bf16"} if precision == "auto" else {precision})
    classes = {"fp32" if p == "fp32" or shares_fp32_class(p, sha) else p for p in possible}
    if len(classes) != 1:
        return load_embedder(kind, precision=precision, device=device)
    identity = _safe(f"minilm-l6-mean-{sha[:16]}-{classes.pop()}-v{ENGINE_VERSION}")
    return LazyEmbedder(kind, precision, device, dim, identity)


# Below this many sentences a whole `embed_file` process is quicker without torch:
# importing torch (~1.3 s) costs more than numpy's slower GEMMs on a small file.
AUTO_LIGHT_BELOW = 300


def read_lines(path: str | Path) -> list[str]:
    """One sentence per line (UTF-8). Only "\n" separates lines (a trailing "\r" is
    dropped); a final newline does not start an extra line. Empty lines stay, as
    empty strings, so row i of the output is always line i of the input."""
    from claimdiff.errors import InputError

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError(str(p), "no such file", "check the path") from e
    except UnicodeDecodeError as e:
        raise InputError(str(p), f"not UTF-8 text (byte {e.start})", "convert it to UTF-8 first") from e
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def embed_file(path: str | Path, output: str | Path, kind: str = "auto",
               timings: dict | None = None, precision: str = "auto", device: str = "auto",
               cache=False) -> int:
    """Embed each line of `path` and `np.save` a float32 (lines, dim) array to `output`
    (row i = line i; empty lines are embedded as the empty string, like stock `encode`
    does). kind "auto" takes the light engine for files under AUTO_LIGHT_BELOW lines.
    Returns the number of rows written. `timings`, if given, receives the engine's name
    and the seconds spent loading it and encoding (for the bench). `cache` (a
    VectorCache, see embedding.cache, or True for the user's disk cache of this model):
    only lines it lacks are embedded."""
    import time

    lines = read_lines(path)
    if kind == "auto" and len(lines) < AUTO_LIGHT_BELOW and precision != "bf16" \
            and not device.startswith("cuda"):
        kind = "light"
    if lines:
        t0 = time.perf_counter()
        e = load_embedder(kind, precision=precision, device=device)
        t1 = time.perf_counter()
        if cache is not False and cache is not None:
            from claimdiff.embedding.cache import embed_texts, open_cache

            vecs = embed_texts(lines, e, open_cache(e) if cache is True else cache)
        else:
            vecs = e.encode(lines)
        if timings is not None:
            timings.update(engine=e.name, precision=getattr(e, "precision", "fp32"), load_s=t1 - t0,
                           encode_s=time.perf_counter() - t1)
    else:  # nothing to embed: don't pay for loading a model
        vecs = np.zeros((0, FakeEmbedder().dim if kind == "fake" else 384), dtype=np.float32)
    with open(output, "wb") as f:
        np.save(f, vecs.astype(np.float32, copy=False))
    return int(vecs.shape[0])


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m claimdiff.embedding.engines FILE OUTPUT.npy [--engine KIND]` (for scripts and the bench)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m claimdiff.embedding.engines", description=main.__doc__)
    ap.add_argument("file")
    ap.add_argument("output")
    ap.add_argument("--engine", default="auto", choices=KINDS)
    ap.add_argument("--precision", default="auto", choices=PRECISIONS)
    ap.add_argument("--device", default="auto")
    a = ap.parse_args(argv)
    n = embed_file(a.file, a.output, a.engine, precision=a.precision, device=a.device)
    print(f"{n} rows -> {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
