"""torch fp32 forward pass of the 6-layer BERT on packed tokens (no padding).

Same computation as `numpy_bert`, on torch's MKL GEMMs (about twice the FLOP rate of
numpy's OpenBLAS on this CPU) and fused scaled-dot-product attention. Weights come
from the same verified safetensors bytes, converted with `torch.from_numpy`."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
import torch.nn.functional as F

from claimdiff.embedding.numpy_bert import HEAD_DIM, HEADS, HIDDEN, LAYERS, LN_EPS
from claimdiff.embedding.packing import pack


class TorchBert:
    def __init__(self, tensors: dict[str, np.ndarray], threads: int | None = None) -> None:
        if threads:
            torch.set_num_threads(threads)
        t = lambda k: torch.from_numpy(np.ascontiguousarray(tensors[k], dtype=np.float32))  # noqa: E731
        e = "embeddings."
        self.word = t(e + "word_embeddings.weight")
        self.pos = t(e + "position_embeddings.weight")
        self.type0 = t(e + "token_type_embeddings.weight")[0].clone()
        self.ln = (t(e + "LayerNorm.weight"), t(e + "LayerNorm.bias"))
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            s = p + "attention.self."
            self.layers.append((
                torch.cat([t(s + f"{n}.weight") for n in ("query", "key", "value")]).contiguous(),
                torch.cat([t(s + f"{n}.bias") for n in ("query", "key", "value")]).contiguous(),
                t(p + "attention.output.dense.weight"), t(p + "attention.output.dense.bias"),
                t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias"),
                t(p + "intermediate.dense.weight"), t(p + "intermediate.dense.bias"),
                t(p + "output.dense.weight"), t(p + "output.dense.bias"),
                t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias"),
            ))

    def _attention(self, qkv: torch.Tensor, groups) -> torch.Tensor:
        outs = []
        off = 0
        for length, count in groups:
            rows = length * count
            q, k, v = qkv[off:off + rows].view(count, length, 3, HEADS, HEAD_DIM).permute(2, 0, 3, 1, 4)
            ctx = F.scaled_dot_product_attention(q, k, v)  # (count, heads, L, d)
            outs.append(ctx.transpose(1, 2).reshape(rows, HIDDEN))
            off += rows
        return outs[0] if len(outs) == 1 else torch.cat(outs)

    def forward_chunk(self, ids: np.ndarray, positions: np.ndarray, groups) -> torch.Tensor:
        ids_t = torch.from_numpy(ids)
        x = self.word[ids_t] + self.pos[torch.from_numpy(positions)] + self.type0
        x = F.layer_norm(x, (HIDDEN,), *self.ln, eps=LN_EPS)
        for qkv_w, qkv_b, o_w, o_b, l1w, l1b, i_w, i_b, out_w, out_b, l2w, l2b in self.layers:
            ctx = self._attention(F.linear(x, qkv_w, qkv_b), groups)
            x = F.layer_norm(F.linear(ctx, o_w, o_b) + x, (HIDDEN,), l1w, l1b, eps=LN_EPS)
            h = F.gelu(F.linear(x, i_w, i_b))
            x = F.layer_norm(F.linear(h, out_w, out_b) + x, (HIDDEN,), l2w, l2b, eps=LN_EPS)
        pooled = []
        off = 0
        for length, count in groups:
            pooled.append(x[off:off + length * count].view(count, length, HIDDEN).mean(dim=1))
            off += length * count
        return torch.cat(pooled)

    @torch.inference_mode()
    def encode_ids(self, token_ids: Sequence[Sequence[int]], max_tokens: int = 4096) -> np.ndarray:
        out = torch.zeros((len(token_ids), HIDDEN), dtype=torch.float32)
        for chunk in pack(token_ids, max_tokens):
            out[torch.from_numpy(chunk.order)] = self.forward_chunk(chunk.ids, chunk.positions, chunk.groups)
        return F.normalize(out, dim=1).numpy()
