"""Which precision `auto` takes: the CPU's ISA and the self-check `claimdiff model prepare`
recorded. Read by the engines (engines.resolve_precision) and written by prepare.py, so it
sits below both: neither imports the other for it.
"""

from __future__ import annotations

import json
from functools import lru_cache

from claimdiff.embedding.modelfiles import generated_dir, load_manifest

BAR_MEAN = 0.999
BAR_MIN = 0.995


def cpu_isa() -> dict:
    """The CPU's model name and the flags that decide bf16 speed (Linux /proc/cpuinfo)."""
    model, flags = "", set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("model name") and not model:
                    model = line.split(":", 1)[1].strip()
                elif line.startswith("flags") and not flags:
                    flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    if not model:
        import platform

        model = platform.processor() or platform.machine()
    want = ("amx_bf16", "amx_tile", "amx_int8", "avx512_bf16", "avx512_vnni", "avx512f", "avx2")
    return {"model": model, "flags": [f for f in want if f in flags]}


def has_bf16_arithmetic(isa: dict | None = None) -> bool:
    flags = (isa or cpu_isa())["flags"]
    return "amx_bf16" in flags or "avx512_bf16" in flags


def meets_bar(rec: dict) -> bool:
    try:
        return float(rec["cos_mean"]) >= BAR_MEAN and float(rec["cos_min"]) >= BAR_MIN
    except (KeyError, TypeError, ValueError):
        return False


def _generated() -> dict:
    try:
        return json.loads((generated_dir() / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def fidelity_record(precision: str) -> dict:
    """What prepare recorded for `precision` against fp32 ({} when nothing was)."""
    rec = _generated().get("precision", {}).get(precision)
    return rec if isinstance(rec, dict) else {}


@lru_cache(maxsize=None)
def bf16_recommended(device: str = "cpu") -> bool:
    """Whether precision "auto" should take bf16 (see engines.resolve_precision)."""
    rec = fidelity_record("bf16")
    weights = load_manifest()["files"].get("model.safetensors")
    if not rec or rec.get("weights_sha256") != weights or not meets_bar(rec):
        return False
    if device.startswith("cuda"):
        import torch

        return bool(torch.cuda.is_bf16_supported())
    isa = cpu_isa()
    if not has_bf16_arithmetic(isa):
        return False
    if rec.get("cpu") == isa and rec.get("bf16_s") and rec.get("fp32_s"):
        return float(rec["bf16_s"]) < float(rec["fp32_s"])  # measured here: the faster one
    return True  # not measured on this CPU: its ISA says bf16 is native
