"""Time `claimdiff check` of one short article against an archive of the seeds, as whole processes.

    python scripts/bench_check.py [--engine light] [--runs 7] [--output FILE]

The archive: `claimdiff ingest seeds/ --store TMP` (the five seed articles, `--engine auto`)
into a temporary store. Two short new articles are checked against it, each as a fresh
`python -m claimdiff.cli check FILE --store TMP --engine light --quiet` process, median of
`--runs` runs after one warm-up run:

- a conflicting one (a different troop-withdrawal figure and a "keeps forces" framing for the
  seeds' withdrawal: `check` finds candidate pairs, so it pays for spaCy parsing, exit 1);
- a quiet one (farming news: no candidate pair, exit 0).

Prints a markdown section: both medians, and where the time goes (`-X importtime` top
imports and a cProfile of one in-process check, top 12 by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 0.5

CONFLICTING = """Iraq says 3,000 US troops have left

October 6, 2020

Iraqi officials said on Monday that 3,000 US troops have been withdrawn from Iraq so far this year.
The United States will keep its forces in Iraq under a long-term security partnership, the prime minister said.
"""

QUIET = """Valley farmers expect a strong harvest

October 6, 2020

Farmers in the river valley expect a strong wheat harvest after a wet spring, the growers' cooperative said.
Prices at the regional grain market rose slightly on Monday.
"""


CACHE_HOME: Path | None = None  # the benchmark's own XDG_CACHE_HOME (a temporary folder), set in main


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CLAIMDIFF_BASELINE"}  # no baseline: every row counts
    env = dict(env, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    if CACHE_HOME is not None:
        env["XDG_CACHE_HOME"] = str(CACHE_HOME)
    return env


def time_checks(cmds: dict[str, list[str]], runs: int) -> dict[str, tuple[list[float], int, str, list[float]]]:
    """Each command `runs` times after one warm-up, the commands interleaved run by run (so a
    shared machine's load falls on all of them alike): name -> (times, exit, stdout, CPU times)."""
    import resource

    times: dict[str, list[float]] = {n: [] for n in cmds}
    cpus: dict[str, list[float]] = {n: [] for n in cmds}
    last: dict[str, tuple[int, str]] = {}
    for i in range(runs + 1):
        for name, cmd in cmds.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            r = subprocess.run(cmd, env=_env(), capture_output=True, text=True, cwd=tempfile.gettempdir())
            dt = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            if r.returncode not in (0, 1):
                raise SystemExit(f"check failed (exit {r.returncode}): {r.stderr.strip()[-600:]}")
            last[name] = (r.returncode, r.stdout)
            if i:  # the first round warms the page cache (and, with the cache on, the user's cache)
                times[name].append(dt)
                cpus[name].append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {n: (times[n], *last[n], cpus[n]) for n in cmds}


def import_top(cmd_args: list[str], n: int = 8) -> list[tuple[float, str]]:
    """The largest cumulative imports of one check process (`python -X importtime`)."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "claimdiff.cli", *cmd_args], env=_env(),
                       capture_output=True, text=True)
    rows = []
    for line in r.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m and len(m.group(3)) <= 2:  # top-level imports only (one level of indentation)
            rows.append((int(m.group(2)) / 1e6, m.group(4)))
    return sorted(rows, reverse=True)[:n]


# the frames worth naming: claimdiff's own work below the CLI, spaCy's load and parse, the embedder
_PROFILE_RX = r"claimdiff/(?!cli/)|spacy/(__init__|language)|load_nlp|encode"


def profile_check(cmd_args: list[str], top: int = 12) -> str:
    code = ("import cProfile, pstats, io, sys\n"
            f"_RX = {_PROFILE_RX!r}\n"
            "from claimdiff.cli import main\n"
            f"sys.argv = ['claimdiff'] + {cmd_args!r}\n"
            "p = cProfile.Profile(); p.enable()\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "p.disable(); s = io.StringIO()\n"
            f"pstats.Stats(p, stream=s).sort_stats('cumulative').print_stats(_RX, {top})\n"
            "sys.stderr.write('@@PROFILE@@' + s.getvalue())\n")
    r = subprocess.run([sys.executable, "-c", code], env=_env(), capture_output=True, text=True)
    text = r.stderr.split("@@PROFILE@@", 1)[-1]
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
    head = next((ln.strip() for ln in lines if "function calls" in ln), "")
    site = re.compile(r"\S*/(site-packages|lib/python3\.\d+)/")
    return "\n".join([head] + [site.sub("", ln.replace(str(REPO) + "/", "")).rstrip() for ln in lines[start:] if ln.strip()])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="light", help="check's embedder (light: no torch)")
    ap.add_argument("--ingest-engine", default="auto", help="embedder for building the seeds' archive")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--output", type=Path, default=None)
    a = ap.parse_args()
    cli = [sys.executable, "-m", "claimdiff.cli"]
    work = Path(tempfile.mkdtemp(prefix="claimdiff-bench-check-"))
    global CACHE_HOME
    CACHE_HOME = work / "cache-home"  # the ingest fills it as a user's scan or ingest would
    try:
        store = work / "store"
        t = time.perf_counter()
        subprocess.run(cli + ["ingest", str(REPO / "seeds"), "--store", str(store), "--engine", a.ingest_engine,
                              "--quiet"], env=_env(), check=True, capture_output=True)
        ingest_s = time.perf_counter() - t
        args = {}
        for name, text in (("conflicting", CONFLICTING), ("quiet", QUIET)):
            f = work / f"new_{name}.txt"
            f.write_text(text, encoding="utf-8")
            args[name] = ["check", str(f), "--store", str(store), "--engine", a.engine, "--quiet"]
            args[name + "-first"] = args[name] + ["--no-cache"]
        timed = time_checks({n: cli + v for n, v in args.items()}, a.runs)
        results = {n: {"times": timed[n][0], "rc": timed[n][1], "args": args[n], "cpu": timed[n][3]} for n in args}
        imports = prof = None
        if not a.no_profile:
            imports = import_top(results["conflicting-first"]["args"])
            prof = {n: profile_check(results[n]["args"]) for n in ("conflicting-first", "quiet-first")}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def line(name: str, what: str) -> str:
        r = results[name]
        med = statistics.median(r["times"])
        return (f"| {what} | {r['rc']} | {len(r['times'])} | **{med:.2f}** | {min(r['times']):.2f} | {max(r['times']):.2f} | "
                f"{statistics.median(r['cpu']):.2f} | {'yes' if med <= TARGET_S else 'no'} |")

    text = [f"## `claimdiff check`: one short article against the seeds' archive", "",
            f"Command: `python scripts/bench_check.py --engine {a.engine} --runs {a.runs}` (archive: "
            f"`claimdiff ingest seeds/ --engine {a.ingest_engine}` into a temporary store, {ingest_s:.1f} s; each run a "
            f"whole `python -m claimdiff.cli check FILE --store STORE --engine {a.engine} --quiet` process; "
            f"median over {a.runs} runs after one warm-up, the two articles' runs interleaved; {os.cpu_count()} CPUs, load average "
            f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end)", "",
            f"| checked article | exit | runs | median s | min s | max s | CPU s (user+sys), median | <= {TARGET_S} s |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            line("conflicting-first", "conflicting (3,000 troops withdrawn; 'keeps its forces'), first check "
                                      "(`--no-cache`: its sentences embedded and parsed, spaCy loaded)"),
            line("conflicting", "conflicting, checked again (its vectors and parses in the user's cache)"),
            line("quiet-first", "quiet (farm news: no story shared with the archive), first check (`--no-cache`)"),
            line("quiet", "quiet, checked again"), "",
            "First check: `--no-cache`, so nothing of the new article comes from an earlier run (the archive's own "
            "vectors and spaCy parses, kept by ingest, are used). Checked again: the user's cache "
            "(`XDG_CACHE_HOME`, a fresh temporary folder filled by the ingest and the warm-up run) holds the new "
            "article's reading, vectors and parses, as when a pre-commit hook checks the same staged file again.", ""]
    if imports:
        text += ["Largest top-level imports of one first conflicting check (`python -X importtime`, cumulative s): "
                 + ", ".join(f"{m} {s:.2f}" for s, m in imports) + ".", ""]
    for name, p in (prof or {}).items():
        text += [f"cProfile of one {name} check in one process (claimdiff's and spaCy's frames, top 12 by "
                 "cumulative time; imports at module level are not inside these frames):", "", "```", p, "```", ""]
    out = "\n".join(text)
    print(out)
    if a.output:
        with open(a.output, "a", encoding="utf-8") as f:
            f.write(out + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
