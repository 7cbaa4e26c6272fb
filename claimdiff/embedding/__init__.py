"""Hand-written forward passes of the embedding model (a 6-layer BERT, mean pooled).

Both engines read the verified safetensors weights and the `tokenizers` tokenizer
directly; neither imports sentence_transformers or transformers.

- `numpy_bert`: pure numpy fp32 ("light"): no torch import, ~0.5 s to start.
- `torch_bert`: torch fp32 on MKL ("fast"): pays ~1.3 s for `import torch`, then
  runs the linear layers on ~2x the FLOP rate of numpy's OpenBLAS.

Shared by both (`packing`): sentences are sorted by token count and packed into
chunks of at most `max_tokens` tokens with no padding at all. The linear layers,
layer norms and GELU see one (tokens, 384) matrix per chunk; attention runs per
group of sentences that have exactly the same length, so it needs no mask and every
valid token's result is mathematically what the padded, masked reference computes.
"""
