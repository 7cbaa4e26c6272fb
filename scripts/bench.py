"""`make bench`: speed and scale figures -> BENCHMARKS.md (and the same on stdout).

    python scripts/bench.py --output BENCHMARKS.md
    python scripts/bench.py --quick --output BENCHMARKS.md     # smaller sizes, fewer repeats

Sections, each run as its own process (so each one's peak memory is its own) with its command:
the machine; (1) embedding, scripts/bench_embed.py; (2) BASIL whole scan, scripts/basil_articles.py;
(3) scaling 10k/100k/1M, scripts/bench_scale.py; (4) the store's check, scripts/bench_check.py.
A script that is not there yet gives a line saying so instead of a failure.

Hooks for what needs the one-engine pipeline (being wired now: `embed_texts` into scan and
the archive): (5) a BASIL scan cold and warm (a fresh cache folder, then the same scan
again: the warm one should embed nothing), scripts/bench_scan_cache.py; (6) 100,000 short
articles as one JSONL, time and peak memory, scripts/bench_many.py. Until those scripts
exist their sections say "not available yet".
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _version(module: str) -> str:
    try:
        out = subprocess.run([sys.executable, "-c", f"import {module} as m; print(m.__version__)"],
                             capture_output=True, text=True, timeout=120)
        return out.stdout.strip() or "not installed"
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def machine() -> str:
    model, flags = platform.processor() or "unknown", ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in lscpu.splitlines():
            key, _, val = line.partition(":")
            if key.strip() == "Model name":
                model = val.strip()
            if key.strip() == "Flags":
                flags = val
    except OSError:
        pass
    wanted = sorted({f for f in flags.split() if f.startswith(("avx512", "amx")) or f in ("avx2", "fma")})
    mem = "unknown"
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    rows = [("CPU", model), ("SIMD flags (avx2/fma/avx512*/amx*)", " ".join(wanted) or "none"),
            ("cores (nproc)", str(os.cpu_count())), ("memory", mem),
            ("python", platform.python_version()), ("numpy", _version("numpy")), ("faiss", _version("faiss")),
            ("torch", _version("torch")), ("OS", platform.platform())]
    return "\n".join(["## Machine", "", "| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]) + "\n"


def run_section(title: str, script: str, args: list[str], timeout: int, written: Path | None = None) -> str:
    path = SCRIPTS / script
    shown = ["OUT.md" if written is not None and x == str(written) else x for x in args]
    command = f"python scripts/{script} {' '.join(shown)}".strip()
    if not path.is_file():
        return f"## {title}\n\n`scripts/{script}`: not available yet.\n"
    _log(f"[bench] {command}")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    t = time.perf_counter()
    try:
        res = subprocess.run([sys.executable, str(path), *args], cwd=ROOT, capture_output=True, text=True,
                             env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"## {title}\n\nCommand: `{command}`\n\ntimed out after {timeout} s.\n"
    took = time.perf_counter() - t
    _log(f"[bench]   done in {took:.0f} s (exit {res.returncode})")
    body = res.stdout.strip()
    if written is not None and written.is_file() and written.read_text(encoding="utf-8").strip():
        body = written.read_text(encoding="utf-8").strip()  # the script's own --output file, when it wrote one
    if res.returncode != 0:
        tail = "\n".join(res.stderr.strip().splitlines()[-8:])
        return f"## {title}\n\nCommand: `{command}`\n\nfailed (exit {res.returncode}):\n\n```\n{tail}\n```\n"
    if not body.startswith("#"):  # a script that prints plain figures: wrap it
        body = f"## {title}\n\nCommand: `{command}`\n\n```\n{body}\n```"
    elif "Command:" not in body:
        head, _, rest = body.partition("\n")
        body = f"{head}\n\nCommand: `{command}`\n{rest}"
    return body + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, default=None, help="write the markdown here too (BENCHMARKS.md)")
    ap.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats (a few minutes)")
    ap.add_argument("--engine", default="auto", help="embedding path for the BASIL scan")
    a = ap.parse_args(argv)
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="claimdiff-bench-"))
    parts = ["# Benchmarks", "",
             f"Generated by `python scripts/bench.py{' --quick' if a.quick else ''} --output BENCHMARKS.md` "
             "(`make bench`). Wall times on a shared machine are noisy: compare ratios measured in one run.", "",
             machine()]
    embed_md = tmp / "bench_embed.md"
    parts.append(run_section("Embedding: fast path vs stock", "bench_embed.py", ["--output", str(embed_md)] + (["--runs", "1"] if a.quick else []), 1500,
                             written=embed_md))
    parts.append(run_section("BASIL whole scan", "basil_articles.py", ["--engine", a.engine], 1500))
    scale_args = ["--quick", "--repeats", "2", "--recall"] if a.quick else ["--repeats", "3", "--big-repeats", "2", "--recall"]  # one 1M run swung 10.8x-15x
    parts.append(run_section("Scaling: topics and candidate pairs", "bench_scale.py", scale_args, 2400))
    parts.append(run_section("Store: claimdiff check", "bench_check.py", ["--runs", "3"] if a.quick else [], 1500))
    # hooks (see the docstring): run when the scripts exist
    parts.append(run_section("BASIL scan, cold and warm embedding cache", "bench_scan_cache.py",
                             ["--engine", a.engine], 1500))
    parts.append(run_section("100,000 short articles (one JSONL)", "bench_many.py",
                             ["--n", "20000" if a.quick else "100000"], 2400))
    parts.append(f"_Total benchmark time: {time.perf_counter() - started:.0f} s._\n")
    text = "\n".join(parts)
    print(text)
    if a.output:
        a.output.write_text(text, encoding="utf-8")
        _log(f"[bench] wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
