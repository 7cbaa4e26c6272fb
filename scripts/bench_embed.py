#!/usr/bin/env python
"""Whole-process embedding benchmark: claimdiff's engines vs stock sentence-transformers.

Each measurement is a fresh `python -c` process (interpreter start + imports + model
load + encode + np.save), timed by wall clock from here; runs of the different
commands are interleaved so that background load hits them alike, and medians are
reported. The sentences are the first N non-title rows of the BASIL file, in file
order, written to a temporary file (never into the repository). Fidelity is the
cosine between each engine's rows and stock `encode`'s rows of the same sentences.

Paths, side by side in one run: stock sentence-transformers fp32; stock under
`torch.autocast("cpu", dtype=torch.bfloat16)` (the one-line peer); claimdiff's fast
engine in fp32; claimdiff bf16 (only where the CPU has bf16 arithmetic: avx512_bf16 or
amx_bf16); claimdiff `auto` (what `claimdiff embed` does by default). No cache is used.

    python scripts/bench_embed.py [--n 3000] [--runs 3] [--small 50] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DEFAULT_BASIL = REPO.parent / "shared" / "eval" / "basil_sentences.jsonl"
if not DEFAULT_BASIL.is_file():
    DEFAULT_BASIL = Path("/work/shared/eval/basil_sentences.jsonl")

CLAIMDIFF_CHILD = """
import json, sys, time
t0 = time.perf_counter()
from claimdiff.embedding.engines import embed_file
t = {{}}
n = embed_file({src!r}, {out!r}, kind={kind!r}, timings=t, precision={precision!r}, device="cpu")
t["inproc_s"] = time.perf_counter() - t0
print(json.dumps(t), file=sys.stderr)
"""

# Stock sentence-transformers with its default encode settings (batch_size=32), fp32,
# on the same verified weights; L2-normalised like every claimdiff path.
STOCK_CHILD = """
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from claimdiff.embedding.engines import read_lines
from claimdiff.embedding.modelfiles import verified_model_dir
lines = read_lines({src!r})
d = verified_model_dir()
from sentence_transformers import SentenceTransformer
m = SentenceTransformer(str(d), device="cpu", local_files_only=True)
t1 = time.perf_counter()
import contextlib, torch
with (torch.autocast("cpu", dtype=torch.bfloat16) if {autocast!r} else contextlib.nullcontext()):
    v = m.encode(lines, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
t2 = time.perf_counter()
np.save({out!r}, np.asarray(v, dtype=np.float32))
print(json.dumps({{"engine": {name!r}, "load_s": t1 - t0, "encode_s": t2 - t1,
                  "inproc_s": time.perf_counter() - t0}}), file=sys.stderr)
"""


def basil_sentences(path: Path, n: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if not r.get("is_title"):
                out.append(r["text"].replace("\n", " "))
                if len(out) == n:
                    break
    return out


def machine() -> str:
    model = "unknown CPU"
    flags: set[str] = set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model == "unknown CPU":
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    isa = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8") if f in flags]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{model}, nproc {os.cpu_count()}, ISA: {' '.join(isa) or 'n/a'}; "
            f"Python {platform.python_version()}; 1-min load average at start {load:.2f}")


def run_child(code: str, env: dict) -> tuple[float, dict]:
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"child failed ({r.returncode}):\n{r.stderr[-3000:]}")
    info = json.loads(r.stderr.strip().splitlines()[-1])
    return wall, info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--basil", type=Path, default=DEFAULT_BASIL)
    ap.add_argument("--n", type=int, default=3000, help="sentences for the bulk job")
    ap.add_argument("--small", type=int, default=50, help="sentences for the small (pre-commit sized) job; 0 skips it")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--paths", default="stock-fp32,stock-bf16-autocast,claimdiff-fp32,claimdiff-bf16,claimdiff-auto",
                    help="which paths to time, comma-separated (claimdiff-bf16 is left out where the CPU has no bf16)")
    ap.add_argument("--output", type=Path, help="also write the markdown section here")
    a = ap.parse_args(argv)

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    sys.path.insert(0, str(REPO))
    from claimdiff.embedding.engines import AUTO_LIGHT_BELOW
    from claimdiff.embedding.prepare import has_bf16_arithmetic, prepare

    prep = prepare()  # steady state, as after `make model`: weights verified, stamps written
    mach = machine()
    paths = [k.strip() for k in a.paths.split(",") if k.strip()]
    if not has_bf16_arithmetic():
        paths = [k for k in paths if k != "claimdiff-bf16"]
    sections = []
    with tempfile.TemporaryDirectory(prefix="claimdiff-bench-") as tmp:
        jobs = [("bulk", a.n)] + ([("small", a.small)] if a.small else [])
        for job, n in jobs:
            texts = basil_sentences(a.basil, n)
            src = os.path.join(tmp, f"{job}.txt")
            Path(src).write_text("\n".join(texts) + "\n", encoding="utf-8")
            out = lambda k: os.path.join(tmp, f"{job}-{k}.npy")  # noqa: E731
            child = {
                "stock-fp32": STOCK_CHILD.format(src=src, out=out("stock-fp32"), autocast=False, name="stock-fp32"),
                "stock-bf16-autocast": STOCK_CHILD.format(src=src, out=out("stock-bf16-autocast"), autocast=True,
                                                          name="stock-bf16-autocast"),
                "claimdiff-fp32": CLAIMDIFF_CHILD.format(src=src, out=out("claimdiff-fp32"), kind="fast",
                                                         precision="fp32"),
                "claimdiff-bf16": CLAIMDIFF_CHILD.format(src=src, out=out("claimdiff-bf16"), kind="fast",
                                                         precision="bf16"),
                "claimdiff-auto": CLAIMDIFF_CHILD.format(src=src, out=out("claimdiff-auto"), kind="auto",
                                                         precision="auto"),
            }
            wanted = paths if job == "bulk" else ["stock-fp32", "claimdiff-auto"]
            cmds = {"stock-fp32": child["stock-fp32"], **{k: child[k] for k in wanted if k in child}}
            walls: dict[str, list[float]] = {k: [] for k in cmds}
            infos: dict[str, list[dict]] = {k: [] for k in cmds}
            for r in range(a.runs):
                for k, code in cmds.items():
                    w, info = run_child(code, env)
                    walls[k].append(w)
                    infos[k].append(info)
                    print(f"[{job} {len(texts)}] run {r + 1}/{a.runs} {k:20s} {w:7.2f} s  {info}", file=sys.stderr)
            ref = np.load(out("stock-fp32"))
            rows = []
            stock_med = statistics.median(walls["stock-fp32"])
            for k in cmds:
                v = np.load(out(k))
                cos = (v * ref).sum(axis=1)
                med = statistics.median(walls[k])
                enc = statistics.median(i["encode_s"] for i in infos[k])
                load = statistics.median(i["load_s"] for i in infos[k])
                rows.append(
                    f"| {k} (`{infos[k][-1]['engine']}`) | {med:.2f} | "
                    f"{', '.join(f'{w:.2f}' for w in walls[k])} | {load:.2f} | {enc:.2f} | "
                    f"{len(texts) / enc:.0f} | {stock_med / med:.2f}x | {cos.mean():.6f} | {cos.min():.6f} |")
            sections.append("\n".join([
                f"### {job}: {len(texts)} BASIL sentences ({'first non-title rows in file order'})",
                "",
                "| path | whole process, median (s) | runs (s) | start+load in process (s) | encode (s) "
                "| encode sentences/s | speed-up vs stock (whole process) | cosine to stock, mean | min |",
                "|---|---|---|---|---|---|---|---|---|",
                *rows,
            ]))
    cmd = "python scripts/bench_embed.py " + " ".join(argv if argv is not None else sys.argv[1:])
    md = "\n".join([
        "## Embedding: claimdiff engines vs stock sentence-transformers (whole process)",
        "",
        f"Command: `{cmd.strip()}`  ",
        f"Machine: {mach}  ",
        f"Model: {prep['model']} (weights verified by sha256; `prepare`: {prep['status']})",
        "",
        "Each figure is a fresh `python -c` process: interpreter start, imports, model load "
        "(incl. verification), encode, `np.save`; wall time measured from outside; runs of the "
        "paths interleaved; medians. \"start+load\" and \"encode\" are the child's own timings "
        "(medians). Stock is `SentenceTransformer(...).encode(normalize_embeddings=True)` with "
        "default settings (batch 32, fp32); `stock-bf16-autocast` is the same under "
        "`torch.autocast(\"cpu\", dtype=torch.bfloat16)`. `claimdiff-fp32`/`-bf16` are the fast "
        "(torch) engine in that precision; `auto` picks the light (numpy) engine for files "
        f"under {AUTO_LIGHT_BELOW} lines and the fast one above, in the precision prepare chose "
        f"({prep.get('precision', 'n/a')}). No embedding cache is used here.",
        "",
        *[s + "\n" for s in sections],
    ])
    print(md)
    if a.output:
        a.output.write_text(md + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
