"""Rebuild BASIL's 300 articles from ../shared/eval/basil_sentences.jsonl and benchmark a whole scan.

    python scripts/basil_articles.py                  # scan benchmark + cross-event precision check
    python scripts/basil_articles.py --write DIR      # only write the articles (.txt + .meta.json) into DIR

The articles are rebuilt by claimdiff.eval_grouping.basil_rebuild (rows grouped by `article_uuid`,
event and outlet, ordered by `sent_idx`, title row first, a blank line between paragraphs);
metadata: publisher (fox/nyt/hpo -> readable name), date, title. The event (`cluster`)
is not given to claimdiff: it is kept aside to check the conflicts. BASIL reports every event in
three outlets, so a conflict between articles of different events is a false pairing by construction.

The scan runs as a separate process (`claimdiff scan DIR --engine auto --format json`), timed by
wall clock, with peak memory from the child's ru_maxrss. The articles go to a temporary folder,
never into the repository (the data has no licence statement).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python scripts/basil_articles.py`: this checkout's claimdiff
    sys.path.insert(0, str(ROOT))
DEFAULT_SRC = ROOT.parent.parent / "shared" / "eval" / "basil_sentences.jsonl"


def find_source() -> Path | None:
    for p in (Path(os.environ.get("CLAIMDIFF_EVAL_DIR", "")) / "basil_sentences.jsonl", ROOT.parent / "shared" / "eval" /
              "basil_sentences.jsonl", DEFAULT_SRC, Path("/work/shared/eval/basil_sentences.jsonl")):
        if p.is_file():
            return p
    return None


def write_articles(src: Path, dest: Path) -> dict[str, str]:
    """Write one NAME.txt + NAME.meta.json per BASIL article into dest; returns file path -> event.
    The articles are claimdiff.eval_grouping.basil_rebuild's (the one rebuild of BASIL)."""
    from claimdiff.eval_grouping import basil_rebuild

    dest.mkdir(parents=True, exist_ok=True)
    event_of: dict[str, str] = {}
    for b in basil_rebuild(src):
        path = dest / f"{b.name}.txt"
        path.write_text(b.text + "\n", encoding="utf-8")
        meta = {"title": b.title, "publisher": b.publisher, "date": b.date.isoformat() if b.date else None}
        (dest / f"{b.name}.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        event_of[str(path)] = b.event
    return event_of


def _scan(folder: Path, out: Path, engine: str) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run a whole `claimdiff scan` in a child process: (result, wall s, child peak GiB)."""
    code = "import sys; from claimdiff.cli import main; sys.argv = ['claimdiff'] + sys.argv[1:]; main()"
    cmd = [sys.executable, "-c", code, "scan", str(folder), "--engine", engine, "--format", "json",
           "--output", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return res, wall, max(peak, before) / 2**20


def _side_article(row: dict, side: str) -> str:
    if f"article_{side}" in row:
        return row[f"article_{side}"]
    return row[side]["article"]


def precision(conflicts: list[dict], event_of: dict[str, str]) -> dict:
    by_name = {Path(p).name: e for p, e in event_of.items()}
    same = cross = 0
    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in conflicts:
        ea, eb = (by_name[Path(_side_article(c, s)).name] for s in ("a", "b"))
        k = 0 if ea == eb else 1
        per_kind[c.get("kind", "?")][k] += 1
        same, cross = same + (k == 0), cross + (k == 1)
    return {"same_event": same, "cross_event": cross, "per_kind": dict(per_kind)}


def benchmark(engine: str = "auto", src: Path | None = None) -> str:
    src = src or find_source()
    if src is None:
        return "## BASIL whole scan\n\nnot available: basil_sentences.jsonl not found (../shared/eval/)\n"
    with tempfile.TemporaryDirectory(prefix="claimdiff-basil-") as tmp:
        folder = Path(tmp) / "articles"
        event_of = write_articles(src, folder)
        sentences = sum(1 for line in open(src, encoding="utf-8") if line.strip())
        out = Path(tmp) / "conflicts.json"
        used = engine
        res, wall, peak = _scan(folder, out, engine)
        note = ""
        if res.returncode not in (0, 1) and engine == "auto":
            note = f" (`--engine auto` failed, exit {res.returncode}: {res.stderr.strip().splitlines()[-1:]}; fell back to stock)"
            used = "stock"
            res, wall, peak = _scan(folder, out, used)
        if res.returncode not in (0, 1):
            return (f"## BASIL whole scan\n\nfailed (exit {res.returncode}): "
                    f"{' | '.join(res.stderr.strip().splitlines()[-3:])}\n")
        conflicts = json.loads(out.read_text(encoding="utf-8"))
        summary = next((ln for ln in reversed(res.stderr.splitlines()) if " claims, " in ln), "")
    p = precision(conflicts, event_of)
    total = p["same_event"] + p["cross_event"]
    kinds = ", ".join(f"{k}: {v[0]} same / {v[1]} cross" for k, v in sorted(p["per_kind"].items()))
    return "\n".join([
        "## BASIL whole scan (300 articles, 100 events x 3 outlets)", "",
        f"Command: `python scripts/basil_articles.py --engine {engine}` (runs `claimdiff scan DIR --engine {used} "
        "--format json` in a child process on the rebuilt articles)" + note, "",
        "| articles | sentence rows | wall s (whole process, model load included) | sentences/s | peak GiB (child) |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(event_of)} | {sentences:,} | {wall:.1f} | {sentences / wall:.0f} | {peak:.2f} |", "",
        f"claimdiff's summary: {summary}" if summary else "", "",
        f"Precision check: {total} conflicts; {p['same_event']} pair articles of the same BASIL event, "
        f"{p['cross_event']} pair different events (false pairings by construction)"
        + (f", {100 * p['cross_event'] / total:.1f}%" if total else "") + f". Per kind: {kinds or '-'}.", ""])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=None, help="basil_sentences.jsonl (default: ../shared/eval/)")
    ap.add_argument("--engine", default="auto", help="embedding path (auto; falls back to stock if auto fails)")
    ap.add_argument("--write", type=Path, default=None, help="only write the articles into this folder")
    a = ap.parse_args(argv)
    if a.write:
        src = a.src or find_source()
        if src is None:
            print("Error: basil_sentences.jsonl not found; pass --src", file=sys.stderr)
            return 2
        n = len(write_articles(src, a.write))
        print(f"{n} articles written to {a.write}", file=sys.stderr)
        return 0
    print(benchmark(a.engine, a.src))
    return 0


if __name__ == "__main__":
    sys.exit(main())
