#!/usr/bin/env python
"""Whole-process embedding benchmark: claimdiff's engines vs stock sentence-transformers.

Each measurement is a fresh `python -c` process (interpreter start + imports + model
load + encode + np.save), timed by wall clock from here; runs of the different
commands are interleaved so that background load hits them alike, and medians are
reported. The sentences are the first N non-title rows of the BASIL file, in file
order, written to a temporary file (never into the repository). Fidelity is the
cosine between each engine's rows and stock `encode`'s rows of the same sentences.

    python scripts/bench_embed.py [--n 3000] [--runs 3] [--engines auto,light] [--output FILE]
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
n = embed_file({src!r}, {out!r}, kind={kind!r}, timings=t)
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
v = m.encode(lines, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
t2 = time.perf_counter()
np.save({out!r}, v.astype(np.float32))
print(json.dumps({{"engine": "stock-fp32", "load_s": t1 - t0, "encode_s": t2 - t1,
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
    ap.add_argument("--engines", default="auto,light", help="claimdiff kinds to time, comma-separated")
    ap.add_argument("--output", type=Path, help="also write the markdown section here")
    a = ap.parse_args(argv)

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false",
               PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    sys.path.insert(0, str(REPO))
    from claimdiff.embedding.engines import AUTO_LIGHT_BELOW
    from claimdiff.embedding.modelfiles import prepare

    prep = prepare()  # steady state, as after `make model`: weights verified, stamps written
    mach = machine()
    engines = [k.strip() for k in a.engines.split(",") if k.strip()]
    sections = []
    with tempfile.TemporaryDirectory(prefix="claimdiff-bench-") as tmp:
        jobs = [("bulk", a.n)] + ([("small", a.small)] if a.small else [])
        for job, n in jobs:
            texts = basil_sentences(a.basil, n)
            src = os.path.join(tmp, f"{job}.txt")
            Path(src).write_text("\n".join(texts) + "\n", encoding="utf-8")
            cmds = {"stock": STOCK_CHILD.format(src=src, out=os.path.join(tmp, f"{job}-stock.npy"))}
            for k in engines:
                cmds[k] = CLAIMDIFF_CHILD.format(src=src, out=os.path.join(tmp, f"{job}-{k}.npy"), kind=k)
            walls: dict[str, list[float]] = {k: [] for k in cmds}
            infos: dict[str, list[dict]] = {k: [] for k in cmds}
            for r in range(a.runs):
                for k, code in cmds.items():
                    w, info = run_child(code, env)
                    walls[k].append(w)
                    infos[k].append(info)
                    print(f"[{job} {len(texts)}] run {r + 1}/{a.runs} {k:6s} {w:7.2f} s  {info}", file=sys.stderr)
            ref = np.load(os.path.join(tmp, f"{job}-stock.npy"))
            rows = []
            stock_med = statistics.median(walls["stock"])
            for k in cmds:
                v = np.load(os.path.join(tmp, f"{job}-{k}.npy"))
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
        "default settings (batch 32, fp32). `auto` picks the light (numpy) engine for files "
        f"under {AUTO_LIGHT_BELOW} lines and the fast (torch) one above.",
        "",
        *[s + "\n" for s in sections],
    ])
    print(md)
    if a.output:
        a.output.write_text(md + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
