"""Time `claimdiff check` of one new article against a 1,000-article archive, as a whole process.

The archive is built once and cached (default: $TMPDIR/claimdiff-bench-check-<engine>):
articles rebuilt from ../shared/eval/basil_sentences.jsonl (sentences grouped by
`article_uuid`, in `sent_idx` order; read in place, never copied into the repo), padded to
1,000 with synthetic articles. The checked article is a new one that contradicts an
archived article (so `check` exits 1 and prints a conflict). Prints a markdown section.

    python scripts/bench_check.py [--engine light] [--runs 7] [--work DIR] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = next((p for p in (REPO.parent / "shared", REPO.parent.parent / "shared", Path("/work/shared"))
             if (p / "eval" / "basil_sentences.jsonl").exists()), REPO.parent / "shared") / "eval" / "basil_sentences.jsonl"
N_ARTICLES = 1000


def build_articles(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[dict]] = {}
    if EVAL.exists():
        with open(EVAL, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                groups.setdefault((row["article_uuid"], row["cluster"], row["source"]), []).append(row)  # "empty" uuids: keep events apart
    n = 0
    for uuid, rows in sorted(groups.items()):
        rows.sort(key=lambda r: r["sent_idx"])
        title = next((r["text"] for r in rows if r.get("is_title")), rows[0]["text"])
        body = " ".join(r["text"] for r in rows if not r.get("is_title"))
        meta = {"publisher": rows[0]["source"], "date": rows[0]["date"], "title": title}
        (folder / f"basil_{n:04d}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        (folder / f"basil_{n:04d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        n += 1
    sys.path.insert(0, str(REPO))
    from tests.storehelp import synthetic_text

    basil = n
    while n < N_ARTICLES:
        (folder / f"synthetic_{n:04d}.txt").write_text(synthetic_text(n, sentences=20), encoding="utf-8")
        n += 1
    (folder / "zz_withdrawal.txt").write_text((REPO / "tests/data/framing_withdrawal.txt").read_text(), encoding="utf-8")
    return basil


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--engine", default="light", help="check's embedder (light: no torch); fake for a model-free run")
    ap.add_argument("--ingest-engine", default=None, help="embedder for building the archive (default: auto, or fake)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--output", type=Path, default=None)
    a = ap.parse_args()
    ingest_engine = a.ingest_engine or ("fake" if a.engine == "fake" else "auto")
    work = a.work or Path(tempfile.gettempdir()) / f"claimdiff-bench-check-{ingest_engine}"
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    cli = [sys.executable, "-m", "claimdiff.cli"]
    store, arts = work / "store", work / "articles"
    if not (work / "built").exists():
        basil = build_articles(arts)
        t = time.perf_counter()
        subprocess.run(cli + ["ingest", str(arts), "--store", str(store), "--engine", ingest_engine, "--quiet"],
                       env=env, check=True)
        (work / "built").write_text(json.dumps({"basil": basil, "ingest_s": round(time.perf_counter() - t, 1)}))
    info = json.loads((work / "built").read_text())
    new = work / "new_partnership.txt"
    new.write_text((REPO / "tests/data/framing_partnership.txt").read_text(), encoding="utf-8")
    cmd = cli + ["check", str(new), "--store", str(store), "--engine", a.engine, "--baseline",
                 str(work / "none.json"), "--quiet"]
    times, rc = [], None
    for i in range(a.runs + 1):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        dt = time.perf_counter() - t
        rc = r.returncode
        if rc not in (0, 1):
            sys.stderr.write(r.stderr)
            return 2
        if i:  # the first run warms the page cache
            times.append(dt)
    counts = subprocess.run([sys.executable, "-c", f"from claimdiff.archive.store import Store; print(Store({str(store)!r}).counts())"],
                            env=env, capture_output=True, text=True).stdout.strip()
    text = f"""## `claimdiff check`: one new article against a 1,000-article archive

Command: `python scripts/bench_check.py --engine {a.engine} --runs {a.runs}`

- archive: {N_ARTICLES} articles ({info['basil']} rebuilt from basil_sentences.jsonl, the rest synthetic),
  built with `--engine {ingest_engine}` in {info['ingest_s']} s; store counts: {counts}
- checked: one new article (3 sentences, one framing conflict with the archive); exit status {rc}
- whole-process wall time over {a.runs} runs (after one warm-up): median **{statistics.median(times):.2f} s**,
  min {min(times):.2f} s, max {max(times):.2f} s ({os.cpu_count()} CPUs)
"""
    print(text)
    if a.output:
        with open(a.output, "a", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
