"""`claimdiff check` latency of an older claimdiff and this one, in one interleaved loop.

    git archive COMMIT | tar -x -C /tmp/base          # the older tree, e.g. main before the caches
    python scripts/bench_check_compare.py --base /tmp/base [--runs 5]

Each tree gets its own store (`claimdiff ingest seeds/`, default engine) and its own empty
XDG_CACHE_HOME in a temporary folder. Variants: the older tree's check of the conflicting and of
the quiet article (scripts/bench_check.py's two), and this tree's first check (`--no-cache`) and
repeated check of each. Every run is a whole `python -m claimdiff.cli check FILE --store STORE
--engine light --quiet` process started in another folder (so `python -m` imports the tree named by
PYTHONPATH, not the current folder); median of `--runs` after one warm-up round, variants
interleaved so a shared machine's load falls on all alike; wall time and the child's CPU time
(user + sys). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

from bench_check import CONFLICTING, QUIET  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path, required=True, help="the older claimdiff tree (a git archive of it)")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimdiff-check-compare-"))
    code = {"base": a.base.resolve(), "new": REPO}

    def env(which: str) -> dict:
        e = {k: v for k, v in os.environ.items() if k != "CLAIMDIFF_BASELINE"}
        e.update(PYTHONPATH=str(code[which]), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                 TOKENIZERS_PARALLELISM="false", XDG_CACHE_HOME=str(work / f"xdg_{which}"))
        return e

    try:
        (work / "conf.txt").write_text(CONFLICTING, encoding="utf-8")
        (work / "quiet.txt").write_text(QUIET, encoding="utf-8")
        for which in code:
            subprocess.run([sys.executable, "-m", "claimdiff.cli", "ingest", str(REPO / "seeds"), "--store",
                            str(work / f"store_{which}"), "--quiet"], env=env(which), check=True,
                           capture_output=True, cwd=work)

        def cmd(which, f, extra=()):
            return [sys.executable, "-m", "claimdiff.cli", "check", str(work / f), "--store",
                    str(work / f"store_{which}"), "--engine", "light", "--quiet", *extra]

        variants = {"before: conflicting": ("base", cmd("base", "conf.txt")),
                    "before: quiet": ("base", cmd("base", "quiet.txt")),
                    "after: conflicting, first check (`--no-cache`)": ("new", cmd("new", "conf.txt", ["--no-cache"])),
                    "after: conflicting, checked again": ("new", cmd("new", "conf.txt")),
                    "after: quiet, first check (`--no-cache`)": ("new", cmd("new", "quiet.txt", ["--no-cache"])),
                    "after: quiet, checked again": ("new", cmd("new", "quiet.txt"))}
        res: dict[str, tuple[list, list, int]] = {k: ([], [], 0) for k in variants}
        for i in range(a.runs + 1):
            for k, (which, c) in variants.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                r = subprocess.run(c, env=env(which), capture_output=True, text=True, cwd=work)
                dt = time.perf_counter() - t
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                if r.returncode not in (0, 1):
                    raise SystemExit(f"{k}: exit {r.returncode}: {r.stderr[-600:]}")
                w, cpu, _ = res[k]
                if i:
                    w.append(dt)
                    cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
                res[k] = (w, cpu, r.returncode)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end; "
          f"median of {a.runs} runs after one warm-up, interleaved\n")
    print("| check | exit | wall s, median | min | max | CPU s (user+sys), median |")
    print("|---|---:|---:|---:|---:|---:|")
    for k, (w, cpu, rc) in res.items():
        print(f"| {k} | {rc} | **{statistics.median(w):.2f}** | {min(w):.2f} | {max(w):.2f} | "
              f"{statistics.median(cpu):.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
