"""BASIL scanned cold and warm through the disk vector cache, as whole processes.

    python scripts/bench_scan_cache.py [--engine auto] [--runs 2] [--no-profile]

The 300 BASIL articles are rebuilt (scripts/basil_articles.py's writer) into a temporary
folder, and `python -m claimdiff.cli scan DIR --format json --quiet` runs in a child
process with `XDG_CACHE_HOME` pointing at a fresh temporary folder:

- cold: an empty cache folder (each cold run gets its own);
- warm: the same folder again (nothing should be embedded);
- warm + 1: one new article added to the folder (only its sentences should be embedded).

Embedded sentences of a whole process are counted as the rows the cache gained (a run that
embeds a sentence stores it); the in-process profile of a warm scan counts the sentences
actually sent to the model. Conflict ids of the three must match (warm + 1 may only add
rows that involve the new article). Peak RSS is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from basil_articles import find_source, write_articles  # noqa: E402

# A new article of a BASIL-like event whose sentences are not in BASIL: a fresh story, so
# it is embedded (and only it) on the warm + 1 run.
NEW_ARTICLE = """Harbor authority approves new ferry terminal after two-year review

The regional harbor authority voted 7 to 2 on Tuesday to approve a new ferry terminal on the city's east waterfront.
The project is expected to cost about $84 million and to open in the spring of 2029, officials said.
Supporters said the terminal would cut commuting times for thousands of island residents.
Opponents warned that construction could disturb a wetland that shelters migrating birds.
The authority's chair said an environmental monitor would be hired before any work begins.
"""


def _env(cache_home: Path) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
            "XDG_CACHE_HOME": str(cache_home)}


def cache_rows(cache_home: Path) -> int:
    """Rows in every vectors.sqlite3 under cache_home/claimdiff (0 when there is none yet)."""
    n = 0
    for db in sorted((cache_home / "claimdiff").rglob("vectors.sqlite3")):
        with sqlite3.connect(db) as c:
            n += c.execute("SELECT count(*) FROM vec").fetchone()[0]
    return n


def scan_process(folder: Path, cache_home: Path, engine: str, out: Path) -> dict:
    cmd = [sys.executable, "-m", "claimdiff.cli", "scan", str(folder), "--engine", engine, "--format", "json",
           "--quiet", "--output", str(out)]
    rows_before = cache_rows(cache_home)
    t = time.perf_counter()
    # a fresh process measured by wait4: its own peak RSS, not the max over all children
    proc = subprocess.Popen(cmd, env=_env(cache_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    stdout, stderr = proc.stdout.read(), proc.stderr.read()
    proc.stdout.close(), proc.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    if rc not in (0, 1):
        raise SystemExit(f"scan failed (exit {rc}): {' | '.join(stderr.strip().splitlines()[-4:])}")
    ids = sorted({r["conflict_id"] for r in json.loads(out.read_text(encoding="utf-8"))})
    rows = json.loads(out.read_text(encoding="utf-8"))
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_gib": usage.ru_maxrss / 2**20, "ids": ids,
            "rows": rows, "raw": out.read_bytes(),
            "embedded": cache_rows(cache_home) - rows_before}


def profile_warm(folder: Path, cache_home: Path, engine: str, top: int = 15) -> tuple[str, int, float]:
    """cProfile of a warm scan in this process (same cache folder): (table, sentences embedded, s)."""
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.pipeline import scan
    from claimdiff.settings import Settings

    embedder = load_embedder(engine)
    sent = [0]
    orig = embedder.encode

    def counting(texts):
        sent[0] += len(texts)
        return orig(texts)

    embedder.encode = counting
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    scan([folder], Settings(embedder=engine), embedder)
    prof.disable()
    took = time.perf_counter() - t
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).strip_dirs().sort_stats("cumulative").print_stats(top)
    lines = buf.getvalue().splitlines()
    start = next((i for i, ln in enumerate(lines) if ln.strip().startswith("ncalls")), 0)
    return "\n".join(ln.rstrip() for ln in lines[start:] if ln.strip()), sent[0], took


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", default="auto")
    ap.add_argument("--runs", type=int, default=2, help="whole-process runs of each of cold, warm, warm + 1")
    ap.add_argument("--src", type=Path, default=None)
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--vectors-from", type=Path, default=None,
                    help="a cache home (XDG_CACHE_HOME) whose claimdiff/vectors/ is copied into each cold run's "
                         "folder: 'cold' then means a cold prepared cache with every vector cached (the first scan "
                         "after a claimdiff upgrade), not a cold embedding (minutes on 2 loaded cores)")
    a = ap.parse_args(argv)
    src = a.src or find_source()
    if src is None:
        print("## BASIL scan, cold and warm embedding cache\n\nnot available: basil_sentences.jsonl not found\n")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="claimdiff-scan-cache-"))
    try:
        folder = tmp / "articles"
        n_articles = len(write_articles(src, folder))
        out = tmp / "out.json"
        cold, warm, plus = [], [], []
        cache_home = None
        for i in range(a.runs):  # each cold run: its own empty cache folder; the last one is kept for warm
            cache_home = tmp / f"cache{i}"
            cache_home.mkdir()
            if a.vectors_from is not None:
                shutil.copytree(a.vectors_from / "claimdiff" / "vectors", cache_home / "claimdiff" / "vectors")
            cold.append(scan_process(folder, cache_home, a.engine, out))
            print(f"[scan-cache] cold {i + 1}: {cold[-1]['wall']:.1f} s", file=sys.stderr, flush=True)
        for i in range(a.runs):
            warm.append(scan_process(folder, cache_home, a.engine, out))
            print(f"[scan-cache] warm {i + 1}: {warm[-1]['wall']:.1f} s", file=sys.stderr, flush=True)
        new = folder / "zz-new-harbor-ferry.txt"
        for i in range(a.runs):
            # the new article's cached vectors are removed again between runs by using a copy of
            # the warm cache folder: each warm + 1 run finds BASIL cached and the new article not
            home = tmp / f"plus{i}"
            shutil.copytree(cache_home, home)
            new.write_text(NEW_ARTICLE, encoding="utf-8")
            (folder / "zz-new-harbor-ferry.meta.json").write_text(
                json.dumps({"publisher": "Harbor Daily", "date": "2026-11-30", "title": NEW_ARTICLE.splitlines()[0]}))
            plus.append(scan_process(folder, home, a.engine, out))
            print(f"[scan-cache] warm + 1: {plus[-1]['wall']:.1f} s", file=sys.stderr, flush=True)
        from claimdiff.read.files import read_paths
        from claimdiff.read.sentences import split_sentences

        new_sentences = len({s.text for art in read_paths([new]).articles for s in split_sentences(art)})
        prof_text = embedded_prof = prof_s = None
        if not a.no_profile:
            (folder / "zz-new-harbor-ferry.txt").unlink()
            (folder / "zz-new-harbor-ferry.meta.json").unlink()
            prof_text, embedded_prof, prof_s = profile_warm(folder, cache_home, a.engine)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    base_ids = cold[0]["ids"]
    same_cold = all(r["ids"] == base_ids for r in cold)
    same_warm = all(r["ids"] == base_ids for r in warm)
    new_name = "zz-new-harbor-ferry"
    plus_old = [sorted({r["conflict_id"] for r in p["rows"]
                        if new_name not in json.dumps(r)}) for p in plus]
    plus_new = [sum(1 for r in p["rows"] if new_name in json.dumps(r)) for p in plus]
    same_plus = all(ids == base_ids for ids in plus_old)
    same_bytes = all(r["raw"] == cold[0]["raw"] for r in cold + warm)

    cold_label = ("cold prepared cache, vectors cached (copied)" if a.vectors_from is not None
                  else "cold (empty cache)")

    def med(rs, key):
        return statistics.median(r[key] for r in rs)

    def runs(rs):
        return ", ".join(f"{r['wall']:.1f}" for r in rs)

    lines = [
        "## BASIL scan, cold and warm embedding cache", "",
        f"Command: `python scripts/bench_scan_cache.py --engine {a.engine} --runs {a.runs}"
        f"{' --vectors-from CACHE_HOME' if a.vectors_from is not None else ''}` "
        f"(each figure a whole process: `python -m claimdiff.cli scan DIR --engine {a.engine} --format json --quiet` "
        f"on the {n_articles} rebuilt BASIL articles, `XDG_CACHE_HOME` a fresh temporary folder)", "",
        "| scan | runs | wall s, median | runs (s) | CPU s (user+sys), median | peak RSS GiB, max | sentences embedded (cache rows added) | conflicts |",
        "|---|---:|---:|---|---:|---:|---|---:|",
        f"| {cold_label} | {len(cold)} | {med(cold, 'wall'):.1f} | {runs(cold)} | {med(cold, 'cpu'):.1f} | "
        f"{max(r['peak_gib'] for r in cold):.2f} | {', '.join(str(r['embedded']) for r in cold)} | {len(base_ids)} |",
        f"| warm (same folder again) | {len(warm)} | {med(warm, 'wall'):.1f} | {runs(warm)} | {med(warm, 'cpu'):.1f} | "
        f"{max(r['peak_gib'] for r in warm):.2f} | {', '.join(str(r['embedded']) for r in warm)} | {len(warm[0]['ids'])} |",
        f"| warm + 1 new article | {len(plus)} | {med(plus, 'wall'):.1f} | {runs(plus)} | {med(plus, 'cpu'):.1f} | "
        f"{max(r['peak_gib'] for r in plus):.2f} | {', '.join(str(r['embedded']) for r in plus)} "
        f"(the new article: {new_sentences} distinct sentences + its title-and-lead story text) | {len(plus[0]['rows'])} |", "",
        f"Warm / cold wall time: {med(warm, 'wall') / med(cold, 'wall'):.2f}x "
        f"({med(cold, 'wall') / med(warm, 'wall'):.1f}x faster). Conflict ids: cold runs identical: "
        f"{'yes' if same_cold else 'NO'}; warm = cold: {'yes' if same_warm else 'NO'}; warm + 1 = cold on the "
        f"BASIL rows: {'yes' if same_plus else 'NO'} (rows involving the new article: "
        f"{', '.join(map(str, plus_new))}). JSON output of every cold and warm run byte-identical: "
        f"{'yes' if same_bytes else 'NO'}. {os.cpu_count()} CPUs shared with other work, load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end.", ""]
    if prof_text is not None:
        lines += [f"Profile of a warm scan in one process (cProfile, top 15 by cumulative time; "
                  f"{prof_s:.1f} s under the profiler; sentences sent to the model: {embedded_prof}):", "",
                  "```", prof_text, "```", ""]
    print("\n".join(lines))
    return 0 if (same_cold and same_warm and same_plus and same_bytes) else 1


if __name__ == "__main__":
    sys.exit(main())
