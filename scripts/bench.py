"""`make bench`: speed and scale figures -> BENCHMARKS.md (and the same on stdout).

    python scripts/bench.py --output BENCHMARKS.md
    python scripts/bench.py --quick --output BENCHMARKS.md     # smaller sizes, fewer repeats

Sections, each run as its own process (so each one's peak memory is its own) with its command:
the machine; (1) embedding, scripts/bench_embed.py; (2) BASIL whole scan, scripts/basil_articles.py;
(3) scaling 10k/100k/1M, scripts/bench_scale.py; (4) the store's check, scripts/bench_check.py.
A script that is not there yet gives a line saying so instead of a failure.

(5) a BASIL scan cold, warm and warm + 1 new article through the disk vector cache (a fresh
cache folder), scripts/bench_scan_cache.py; (6) 100,000 short articles as one JSONL (`--engine
fake`) and 10,000 with the real model, time and peak memory, scripts/bench_many.py (`--quick`:
20,000 and 2,000). The output file is rewritten after every section (a run cut short keeps
what it did), and a "Ray" section already in it is carried over verbatim.
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
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = [("CPU", model), ("SIMD flags (avx2/fma/avx512*/amx*)", " ".join(wanted) or "none"),
            ("cores (nproc)", str(os.cpu_count())), ("memory", mem),
            ("python", platform.python_version()), ("numpy", _version("numpy")), ("faiss", _version("faiss")),
            ("torch", _version("torch")), ("OS", platform.platform()),
            ("load average (1, 5, 15 min) at the start", load)]
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


def carried_sections(path: Path | None) -> list[str]:
    """Sections of the existing output file that this script does not generate and must keep
    verbatim (another engineer's "Ray" section): every "## " section whose heading names Ray."""
    if path is None or not path.is_file():
        return []
    import re

    text = path.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^## [^\n]*\bRay\b[^\n]*\n.*?(?=^## |^_Total benchmark time|\Z)", text, re.M | re.S):
        out.append(m.group(0).rstrip() + "\n")
    return out


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
    carried = carried_sections(a.output)

    def add(section: str) -> None:  # written after every section, so a run cut short keeps what it did
        parts.append(section)
        if a.output:
            a.output.write_text("\n".join(parts + carried + ["_(benchmark run in progress or stopped: sections "
                                                             "after this line were not run)_\n"]), encoding="utf-8")

    embed_md = tmp / "bench_embed.md"
    # --quick: 500 sentences, one round, no small job (the full 3,000 x 3 takes an hour on a loaded 2-core box)
    add(run_section("Embedding: fast path vs stock", "bench_embed.py", ["--output", str(embed_md)]
                    + (["--n", "500", "--small", "0", "--runs", "1"] if a.quick else []), 1500, written=embed_md))
    add(run_section("BASIL whole scan", "basil_articles.py", ["--engine", a.engine], 1500))
    scale_args = ["--quick", "--repeats", "2", "--recall"] if a.quick else ["--repeats", "3", "--big-repeats", "2", "--recall"]  # one 1M run swung 10.8x-15x
    add(run_section("Scaling: topics and candidate pairs", "bench_scale.py", scale_args, 2400))
    add(run_section("Store: claimdiff check", "bench_check.py", ["--runs", "7"], 1500))
    add(run_section("BASIL scan, cold and warm embedding cache", "bench_scan_cache.py",
                    ["--engine", a.engine, "--runs", "1" if a.quick else "2"], 1500))
    add(run_section("Many short articles (one JSONL)", "bench_many.py", ["--quick"] if a.quick else [], 2400))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    parts.append(f"_Total benchmark time: {time.perf_counter() - started:.0f} s; load average (1, 5, 15 min) "
                 f"at the end: {load}._\n")
    text = "\n".join(parts + carried)
    print(text)
    if a.output:
        a.output.write_text(text, encoding="utf-8")
        _log(f"[bench] wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
