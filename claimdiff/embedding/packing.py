"""Tokenising and packing sentences for the hand-written BERT forward passes (no torch)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

MAX_SEQ_LENGTH = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2


def load_tokenizer(tokenizer_json: bytes, max_length: int = MAX_SEQ_LENGTH):
    """The model's fast tokenizer set up as sentence-transformers uses it: no padding,
    truncation to `max_length` tokens (including [CLS] and [SEP])."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
    tok.no_padding()
    tok.enable_truncation(max_length)
    return tok


@dataclass(frozen=True)
class Chunk:
    """Sentences packed end to end: `ids`/`positions` have one entry per token.

    `groups` lists (length, count) in row order: `count` sentences of exactly `length`
    tokens each. `order` gives, for each packed sentence, its index in the input."""

    ids: np.ndarray  # int64 (tokens,)
    positions: np.ndarray  # int64 (tokens,)
    groups: tuple[tuple[int, int], ...]
    order: np.ndarray  # int64 (sentences,)


def pack(token_ids: Sequence[Sequence[int]], max_tokens: int) -> list[Chunk]:
    """Sort sentences by length (longest first) and cut them into chunks of at most
    `max_tokens` tokens (a single longer sentence gets a chunk of its own)."""
    lengths = np.fromiter((len(t) for t in token_ids), dtype=np.int64, count=len(token_ids))
    order = np.argsort(-lengths, kind="stable")
    chunks: list[Chunk] = []
    cur: list[int] = []
    cur_tokens = 0

    def flush() -> None:
        if not cur:
            return
        ids = np.fromiter((i for j in cur for i in token_ids[j]), dtype=np.int64)
        lens = lengths[cur]
        positions = np.concatenate([np.arange(n, dtype=np.int64) for n in lens])
        groups: list[tuple[int, int]] = []
        for n in lens.tolist():
            if groups and groups[-1][0] == n:
                groups[-1] = (n, groups[-1][1] + 1)
            else:
                groups.append((n, 1))
        chunks.append(Chunk(ids, positions, tuple(groups), np.asarray(cur, dtype=np.int64)))

    for j in order.tolist():
        n = int(lengths[j])
        if cur and cur_tokens + n > max_tokens:
            flush()
            cur, cur_tokens = [], 0
        cur.append(j)
        cur_tokens += n
    flush()
    return chunks
