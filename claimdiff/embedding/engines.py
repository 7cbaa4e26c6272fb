"""Embedders: turn sentences into L2-normalised float32 vectors.

`Embedder` is the protocol every stage uses. `FakeEmbedder` is a deterministic,
dependency-free stand-in for tests (hashed bag of words, so overlapping sentences get
similar vectors). `StockEmbedder` is plain sentence-transformers fp32 `encode`, the
reference every faster path is measured against.

The real-model engines (`claimdiff.embedding`) never import sentence_transformers or
transformers: they tokenise with `tokenizers`, read the verified safetensors weights
and run a hand-written fp32 BERT forward on packed (unpadded) tokens:

- `FastEmbedder` ("fast", what "auto" gives): torch fp32 on MKL.
- `LightEmbedder` ("light"): pure numpy, no torch import, for short jobs.

Both embed each distinct sentence once per call (duplicates are copied) and agree with
stock `encode` at cosine 1.000000 (fp32 rounding only).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np


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

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

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
    """sentence-transformers fp32 `encode` on the verified packaged weights."""

    def __init__(self, batch_size: int = 64) -> None:
        from claimdiff.embedding.modelfiles import load_manifest, verified_model_dir

        d = verified_model_dir()
        from sentence_transformers import SentenceTransformer  # heavy: ~8 s
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # its "Loading weights" bar is noise on an analyst's stderr
        self._model = SentenceTransformer(str(d), device="cpu", local_files_only=True)
        self.dim = int(load_manifest()["dim"])
        self.name = "stock-fp32"
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = self._model.encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True,
                               normalize_embeddings=True, show_progress_bar=False)
        return _normalise(v)



class _PackedEmbedder:
    """Shared by the hand-written engines: tokenise, embed each distinct sentence once,
    return rows in input order."""

    name = "packed"
    dim = 384

    def __init__(self) -> None:
        from claimdiff.embedding.packing import load_tokenizer
        from claimdiff.embedding.modelfiles import load_manifest, read_model_file

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

    def __init__(self, max_tokens: int = 2048) -> None:
        super().__init__()
        from claimdiff.embedding import numpy_bert
        from claimdiff.embedding.modelfiles import load_weights

        self._bert = numpy_bert
        self._w = numpy_bert.bert_weights(load_weights())
        self.max_tokens = max_tokens

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        return self._bert.encode_ids(self._w, ids, self.max_tokens)


class FastEmbedder(_PackedEmbedder):
    """torch fp32 engine on packed tokens (MKL GEMMs, fused attention); ~1.3 s to import
    torch, then the fastest faithful path on this CPU."""

    name = "fast-torch-fp32"

    def __init__(self, max_tokens: int = 4096, threads: int | None = None) -> None:
        super().__init__()
        from claimdiff.embedding.torch_bert import TorchBert  # imports torch
        from claimdiff.embedding.modelfiles import load_weights

        self._bert = TorchBert(load_weights(), threads=threads)
        self.max_tokens = max_tokens

    def _encode_ids(self, ids: list[list[int]]) -> np.ndarray:
        return self._bert.encode_ids(ids, self.max_tokens)


KINDS = ("auto", "fast", "light", "stock", "fake")


def load_embedder(kind: str = "auto") -> Embedder:
    """kind: "auto" (fastest faithful path for bulk work: "fast" when torch is importable,
    else "light"), "fast" (torch fp32), "light" (numpy fp32, no torch), "stock"
    (sentence-transformers fp32, the reference) or "fake" (tests only)."""
    if kind == "fake":
        return FakeEmbedder()
    if kind == "stock":
        return StockEmbedder()
    if kind == "light":
        return LightEmbedder()
    if kind == "fast":
        return FastEmbedder()
    if kind == "auto":
        import importlib.util

        return FastEmbedder() if importlib.util.find_spec("torch") is not None else LightEmbedder()
    raise ValueError(f"unknown embedder kind {kind!r}: choose one of {', '.join(KINDS)}")


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
               timings: dict | None = None) -> int:
    """Embed each line of `path` and `np.save` a float32 (lines, dim) array to `output`
    (row i = line i; empty lines are embedded as the empty string, like stock `encode`
    does). kind "auto" takes the light engine for files under AUTO_LIGHT_BELOW lines.
    Returns the number of rows written. `timings`, if given, receives the engine's name
    and the seconds spent loading it and encoding (for the bench)."""
    import time

    lines = read_lines(path)
    if kind == "auto" and len(lines) < AUTO_LIGHT_BELOW:
        kind = "light"
    if lines:
        t0 = time.perf_counter()
        e = load_embedder(kind)
        t1 = time.perf_counter()
        vecs = e.encode(lines)
        if timings is not None:
            timings.update(engine=e.name, load_s=t1 - t0, encode_s=time.perf_counter() - t1)
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
    a = ap.parse_args(argv)
    n = embed_file(a.file, a.output, a.engine)
    print(f"{n} rows -> {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
