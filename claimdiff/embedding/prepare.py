"""`claimdiff model prepare`: verify the packaged weights and self-check the engines.

Kept apart from `modelfiles` (which only finds and verifies files) so that the engines
can import `modelfiles` without a cycle.
"""

from __future__ import annotations

from claimdiff.errors import ModelError
from claimdiff.embedding.modelfiles import (GENERATED_MANIFEST_VERSION, _hash_and_stamp, generated_dir,
                                            load_manifest)


SELF_CHECK_SENTENCES = (
    "The unemployment rate fell to 3.9 percent in April, the Labor Department said.",
    "Officials denied that any agreement had been reached.",
    "",
    "Senate Republicans blocked the bill on Tuesday by a vote of 52 to 47.",
)


def prepare(force: bool = False) -> dict:
    """Verify the packaged weights and check that the hand-written engines reproduce them.

    The fast (torch) and light (numpy) engines need no derived artefact: both read the
    verified safetensors directly (an int8 or bf16 copy was measured and rejected, see
    models/README.md). What prepare records in models/generated/manifest.json is the
    weights' hashes and a self-check: the engines' embeddings of a few fixed sentences
    and their agreement (cosine). Quick and idempotent: when the recorded hashes match
    the manifest it only re-verifies the weights; `force` reruns the self-check.
    """
    import json

    m = load_manifest()
    out = generated_dir()
    gm_path = out / "manifest.json"
    weights = {name: want for name, want in m["files"].items()}
    previous = None
    if gm_path.is_file() and not force:
        try:
            previous = json.loads(gm_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            previous = None
    for name in weights:  # full sha256 of every file; raises ModelError on any mismatch
        _hash_and_stamp(name)
    if (previous and previous.get("manifest_version") == GENERATED_MANIFEST_VERSION
            and previous.get("model_files") == weights):
        return {"status": "up to date", "model": m["name"], "generated": str(gm_path),
                "self_check": previous.get("self_check", {})}

    from claimdiff.embedding.engines import load_embedder

    vecs = {}
    for kind in ("light", "fast"):
        try:
            vecs[kind] = load_embedder(kind).encode(list(SELF_CHECK_SENTENCES))
        except ImportError:  # torch absent: the light engine alone is fine
            continue
    check: dict = {}
    if len(vecs) == 2:
        cos = (vecs["light"] * vecs["fast"]).sum(axis=1)
        check = {"light_vs_fast_min_cosine": round(float(cos.min()), 6)}
        if cos.min() < 0.999:
            raise ModelError(
                f"self-check failed: light and fast engines disagree (min cosine {cos.min():.4f}); "
                "the engines' code or the weights are broken: do not embed with them"
            )
    out.mkdir(parents=True, exist_ok=True)
    record = {"manifest_version": GENERATED_MANIFEST_VERSION, "model": m["name"],
              "model_files": weights, "artefacts": {}, "self_check": check}
    tmp = gm_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    tmp.replace(gm_path)
    return {"status": "prepared", "model": m["name"], "generated": str(gm_path), "self_check": check}
