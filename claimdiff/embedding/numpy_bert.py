"""Pure-numpy fp32 forward pass of the 6-layer BERT + mean pooling + L2 normalisation.

Imports only numpy, safetensors.numpy and tokenizers, so a short job (the pre-commit
check embeds ~50 sentences) starts and finishes well inside a second."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from claimdiff.embedding.packing import Chunk, pack

HIDDEN = 384
HEADS = 12
HEAD_DIM = HIDDEN // HEADS
LAYERS = 6
LN_EPS = 1e-12


def bert_weights(tensors: dict[str, np.ndarray]) -> dict:
    """Rearrange the checkpoint's tensors for `x @ W` (W stored (in, out), contiguous)
    with query/key/value fused into one (384, 1152) matrix."""
    # no copies: a transposed weight is a view BLAS reads as it is (saves ~60 ms of start-up)
    f32 = lambda a: np.asarray(a, dtype=np.float32)  # noqa: E731
    e = "embeddings."
    w = {
        "word": f32(tensors[e + "word_embeddings.weight"]),
        "pos": f32(tensors[e + "position_embeddings.weight"]),
        "type0": f32(tensors[e + "token_type_embeddings.weight"][0]),
        "ln_w": f32(tensors[e + "LayerNorm.weight"]),
        "ln_b": f32(tensors[e + "LayerNorm.bias"]),
        "layers": [],
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        a = p + "attention."
        t = lambda k: tensors[p + k]  # noqa: E731
        w["layers"].append({
            "qkv_w": f32(np.concatenate([tensors[a + f"self.{n}.weight"] for n in ("query", "key", "value")]).T),
            "qkv_b": f32(np.concatenate([tensors[a + f"self.{n}.bias"] for n in ("query", "key", "value")])),
            "o_w": f32(t("attention.output.dense.weight").T),
            "o_b": f32(t("attention.output.dense.bias")),
            "ln1_w": f32(t("attention.output.LayerNorm.weight")),
            "ln1_b": f32(t("attention.output.LayerNorm.bias")),
            "i_w": f32(t("intermediate.dense.weight").T),
            "i_b": f32(t("intermediate.dense.bias")),
            "out_w": f32(t("output.dense.weight").T),
            "out_b": f32(t("output.dense.bias")),
            "ln2_w": f32(t("output.LayerNorm.weight")),
            "ln2_b": f32(t("output.LayerNorm.bias")),
        })
    return w


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    x = x - mu
    var = np.einsum("ij,ij->i", x, x)[:, None] / x.shape[-1]
    x *= 1.0 / np.sqrt(var + LN_EPS)
    x *= w
    x += b
    return x


# erf by Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7, below fp32 noise at these
# magnitudes); numpy has no erf and scipy.special costs ~0.35 s to import.
_P = 0.3275911
_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def _gelu(x: np.ndarray, block: int = 256) -> np.ndarray:
    """Exact (erf) GELU as BERT uses it, 0.5 x (1 + erf(x / sqrt 2)), in place, in row
    blocks that stay in L2 cache (the elementwise passes are memory-bound)."""
    for i in range(0, x.shape[0], block):
        _gelu_block(x[i:i + block])
    return x


def _gelu_block(x: np.ndarray) -> None:
    z = np.abs(x)
    z *= np.float32(1 / np.sqrt(2))
    t = z * np.float32(_P)
    t += 1.0
    np.reciprocal(t, out=t)
    c = t * np.float32(_A[4])
    for a in (_A[3], _A[2], _A[1], _A[0]):
        c += np.float32(a)
        c *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    c *= z  # 1 - erf(|x| / sqrt 2)
    np.subtract(1.0, c, out=c)  # erf(|x| / sqrt 2)
    np.copysign(c, x, out=c)  # erf(x / sqrt 2), erf being odd
    c += 1.0
    c *= 0.5
    x *= c


def _attention(qkv: np.ndarray, groups: Sequence[tuple[int, int]]) -> np.ndarray:
    out = np.empty((qkv.shape[0], HIDDEN), dtype=np.float32)
    scale = np.float32(1.0 / np.sqrt(HEAD_DIM))
    off = 0
    for length, count in groups:
        rows = length * count
        q, k, v = qkv[off:off + rows].reshape(count, length, 3, HEADS, HEAD_DIM).transpose(2, 0, 3, 1, 4)
        s = np.matmul(q * scale, k.transpose(0, 1, 3, 2))  # (count, heads, L, L)
        s -= s.max(axis=-1, keepdims=True)
        np.exp(s, out=s)
        s /= s.sum(axis=-1, keepdims=True)
        ctx = np.matmul(s, v)  # (count, heads, L, d)
        out[off:off + rows] = ctx.transpose(0, 2, 1, 3).reshape(rows, HIDDEN)
        off += rows
    return out


def forward_chunk(w: dict, chunk: Chunk) -> np.ndarray:
    """Mean-pooled (not yet normalised) embeddings of one chunk, in chunk order."""
    x = w["word"][chunk.ids] + w["pos"][chunk.positions] + w["type0"]
    x = _layer_norm(x, w["ln_w"], w["ln_b"])
    for lw in w["layers"]:
        qkv = x @ lw["qkv_w"]
        qkv += lw["qkv_b"]
        a = _attention(qkv, chunk.groups) @ lw["o_w"]
        a += lw["o_b"]
        a += x
        x = _layer_norm(a, lw["ln1_w"], lw["ln1_b"])
        h = x @ lw["i_w"]
        h += lw["i_b"]
        _gelu(h)
        o = h @ lw["out_w"]
        o += lw["out_b"]
        o += x
        x = _layer_norm(o, lw["ln2_w"], lw["ln2_b"])
    pooled = np.empty((len(chunk.order), HIDDEN), dtype=np.float32)
    off = row = 0
    for length, count in chunk.groups:
        pooled[row:row + count] = x[off:off + length * count].reshape(count, length, HIDDEN).mean(axis=1)
        off += length * count
        row += count
    return pooled


def encode_ids(w: dict, token_ids: Sequence[Sequence[int]], max_tokens: int = 2048) -> np.ndarray:
    """Mean-pooled, L2-normalised float32 (n, 384) rows in input order."""
    out = np.zeros((len(token_ids), HIDDEN), dtype=np.float32)
    for chunk in pack(token_ids, max_tokens):
        out[chunk.order] = forward_chunk(w, chunk)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms
