"""`claimdiff model prepare`: verify the model files and self-check the engines.

Kept apart from `modelfiles` (which only finds and verifies files) so that the engines
can import `modelfiles` without a cycle.

What prepare records in models/generated/manifest.json:

- `model_files`: the sha256 of every file it verified (the manifest's);
- `self_check`: the light and fast fp32 engines agree on the fixed sentences;
- `precision.bf16`: the fast engine in bf16 against fp32 on the same fixed sentences
  (cosine mean and min, the bar: mean >= 0.999 and min >= 0.995), on which CPU (model
  name and its bf16/AMX flags), and, where torch can run bf16, the time of one batch in
  each precision, so that "auto" picks bf16 only where it is both faithful and faster.
"""

from __future__ import annotations

import json
import time

from claimdiff.errors import ModelError
from claimdiff.embedding.precision import (BAR_MEAN, BAR_MIN, _generated, bf16_recommended, cpu_isa,  # noqa: F401
                                            fidelity_record, has_bf16_arithmetic, meets_bar)  # (re-exported)
from claimdiff.embedding.modelfiles import (GENERATED_MANIFEST_VERSION, _hash_and_stamp, generated_dir,
                                            load_manifest)

# The fidelity bar a faster path must meet against fp32 (and fp32 against stock).

# Fixed sentences for the self-checks: news prose of different lengths and kinds
# (figures, quotes, names, negation, a headline, an empty line, a long sentence).
SELF_CHECK_SENTENCES = (
    "The unemployment rate fell to 3.9 percent in April, the Labor Department said.",
    "Officials denied that any agreement had been reached.",
    "",
    "Senate Republicans blocked the bill on Tuesday by a vote of 52 to 47.",
    "At least 14 people were killed when the bridge collapsed early Sunday, police said.",
    "\"We will not negotiate under threat,\" the minister told reporters in Brussels.",
    "The company reported a quarterly loss of $1.2 billion, wider than analysts had expected.",
    "Prices rose 0.4% in March, the fastest pace since 2011.",
    "Storm knocks out power to 200,000 homes",
    "The governor signed the measure into law despite protests from teachers' unions.",
    "No.",
    "Rescue teams were still searching for survivors on Monday night.",
    "The central bank left interest rates unchanged and said inflation would ease next year.",
    "About 2,500 troops will remain in the country until the end of the year, a spokesman said.",
    "Critics say the plan would add $4 trillion to the national debt over a decade; its supporters "
    "dispute that figure, citing the Congressional Budget Office's latest estimate and arguing that "
    "growth will offset most of the cost, while independent economists remain divided on the question.",
    "The court ruled 6-3 that the agency had exceeded its authority.",
    "Turnout was lower than in the last election, according to preliminary figures.",
    "He did not say when the talks would resume.",
    "Wildfires have burned more than 1.5 million acres across the state this year.",
    "The mayor's office declined to comment.",
    "Shares of the carmaker fell 8 percent in early trading after it cut its forecast.",
    "Thousands marched through the capital on Saturday to demand the government's resignation.",
    "The vaccine was 94.1% effective at preventing illness in a trial of 30,000 volunteers.",
    "Neither side has claimed responsibility for the attack.",
)


def check_precision(precision: str = "bf16", time_it: bool = True) -> dict:
    """The fast engine in `precision` against fp32 on the fixed sentences, and (time_it)
    one ~1,600-token batch timed in both (best of two, interleaved)."""
    import numpy as np

    from claimdiff.embedding.engines import FastEmbedder

    texts = list(SELF_CHECK_SENTENCES)
    ref_e = FastEmbedder(precision="fp32", device="cpu")
    low_e = FastEmbedder(precision=precision, device="cpu")
    cos = (ref_e.encode(texts) * low_e.encode(texts)).sum(axis=1)
    isa = cpu_isa()
    rec = {"weights_sha256": load_manifest()["files"]["model.safetensors"],
           "cos_mean": round(float(cos.mean()), 6), "cos_min": round(float(cos.min()), 6),
           "sentences": len(texts), "bar": {"mean": BAR_MEAN, "min": BAR_MIN}, "cpu": isa}
    rec["passed"] = meets_bar(rec)
    if time_it:
        ids = [e.ids for e in ref_e._tok.encode_batch(texts)] * 4  # ~1,600 tokens: one chunk
        best = {"fp32": float("inf"), precision: float("inf")}
        for _ in range(2):
            for name, e in (("fp32", ref_e), (precision, low_e)):
                t0 = time.perf_counter()
                e._encode_ids(ids)
                best[name] = min(best[name], time.perf_counter() - t0)
        rec["fp32_s"] = round(best["fp32"], 4)
        rec[f"{precision}_s"] = round(best[precision], 4)
        rec["tokens"] = int(sum(map(len, ids)))
    return rec


def prepare(force: bool = False) -> dict:
    """Verify the model files and check that the hand-written engines reproduce them.

    The fast (torch) and light (numpy) engines need no derived artefact: both read the
    verified safetensors directly. Quick and idempotent: when the recorded hashes match
    the manifest and the CPU is the one recorded, it only re-verifies the files;
    `force` reruns the self-checks.
    """
    import importlib.util

    m = load_manifest()
    out = generated_dir()
    gm_path = out / "manifest.json"
    weights = {name: want for name, want in m["files"].items()}
    previous = None if force else (_generated() or None)
    for name in weights:  # full sha256 of every file; raises ModelError on any mismatch
        _hash_and_stamp(name)
    has_torch = importlib.util.find_spec("torch") is not None
    if (previous and previous.get("manifest_version") == GENERATED_MANIFEST_VERSION
            and previous.get("model_files") == weights
            and (not has_torch or previous.get("precision", {}).get("bf16", {}).get("cpu") == cpu_isa())):
        return {"status": "up to date", "model": m["name"], "generated": str(gm_path),
                "self_check": previous.get("self_check", {}), "precision": _summary(previous)}

    from claimdiff.embedding.engines import load_embedder

    vecs = {}
    for kind in ("light", "fast"):
        try:
            vecs[kind] = load_embedder(kind, precision="fp32", device="cpu").encode(list(SELF_CHECK_SENTENCES))
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
    precision: dict = {}
    if has_torch:
        precision["bf16"] = check_precision("bf16", time_it=True)
    out.mkdir(parents=True, exist_ok=True)
    record = {"manifest_version": GENERATED_MANIFEST_VERSION, "model": m["name"],
              "model_files": weights, "artefacts": {}, "self_check": check, "precision": precision}
    tmp = gm_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    tmp.replace(gm_path)
    bf16_recommended.cache_clear()
    return {"status": "prepared", "model": m["name"], "generated": str(gm_path), "self_check": check,
            "precision": _summary(record)}


def _summary(record: dict) -> str:
    rec = record.get("precision", {}).get("bf16")
    if not rec:
        return "fp32 (no torch: bf16 not checked)"
    bf16_recommended.cache_clear()
    verdict = "auto=bf16" if bf16_recommended("cpu") else "auto=fp32"
    speed = (f", batch fp32 {rec['fp32_s']:.3f}s bf16 {rec['bf16_s']:.3f}s" if rec.get("bf16_s") else "")
    return (f"{verdict} (bf16 vs fp32 cosine mean {rec['cos_mean']:.6f} min {rec['cos_min']:.6f}"
            f"{speed}; cpu flags {','.join(rec['cpu']['flags']) or 'none'})")
