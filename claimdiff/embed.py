"""Embedders: turn sentences into L2-normalised float32 vectors.

`Embedder` is the protocol every stage uses. `FakeEmbedder` is a deterministic,
dependency-free stand-in for tests (hashed bag of words, so overlapping sentences get
similar vectors). `StockEmbedder` is plain sentence-transformers fp32 `encode`, the
reference every faster path is measured against.
"""

from __future__ import annotations

import hashlib
import re
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
        from .modelfiles import load_manifest, verified_model_dir

        d = verified_model_dir()
        from sentence_transformers import SentenceTransformer  # heavy: ~8 s

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


def load_embedder(kind: str = "auto") -> Embedder:
    """kind: "auto" (the fastest faithful path available), "stock", or "fake"."""
    if kind == "fake":
        return FakeEmbedder()
    return StockEmbedder()
