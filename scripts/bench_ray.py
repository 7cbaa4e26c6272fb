"""Measure `scan --ray` on a local Ray cluster against the single-machine scan.

    PYTHONPATH=. python scripts/bench_ray.py --articles 20000 --stories 4000 --engine fake --append BENCHMARKS.md

Generates a corpus (claimdiff/scaleout/corpus.py), scans it once with `pipeline.scan` and
once with `scaleout.ray_exec.run` on `ray.init(num_cpus=CPUS)`, checks that the two
ScanResults are identical (conflict ids and everything else), and prints (or appends) a
Markdown section: wall time per stage and throughput per embedding actor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimdiff.embedding.engines import load_embedder  # noqa: E402
from claimdiff.pipeline import scan  # noqa: E402
from claimdiff.scaleout.corpus import write_corpus  # noqa: E402
from claimdiff.settings import Settings  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--stories", type=int, default=4000)
    ap.add_argument("--differ", type=float, default=0.1, help="share of stories whose outlets disagree")
    ap.add_argument("--engine", default="fake")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--files-per-shard", type=int, default=500)
    ap.add_argument("--append", type=Path, help="append the section to this Markdown file")
    args = ap.parse_args(argv)

    import ray

    from claimdiff.scaleout.ray_exec import run

    settings = Settings(embedder=args.engine)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ray-"))
    folder = write_corpus(tmp / "articles", args.articles, args.stories, seed=1, differ=args.differ)
    load0 = os.getloadavg()[0]

    t = time.perf_counter()
    single = scan([folder], settings, load_embedder(args.engine))
    t_single = time.perf_counter() - t
    print(f"single: {t_single:.1f} s, {len(single.conflicts)} conflicts", file=sys.stderr)

    ray.init(num_cpus=args.cpus, include_dashboard=False, logging_level=logging.WARNING,
             runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).resolve().parents[1])}})
    t = time.perf_counter()
    out = run([folder], settings, work=tmp / "work", files_per_shard=args.files_per_shard)
    t_ray = time.perf_counter() - t
    ray.shutdown()
    load1 = os.getloadavg()[0]
    res, st = out.result, out.stats
    same_ids = [c.id for c in res.conflicts] == [c.id for c in single.conflicts]
    same_all = res == single
    print(f"ray: {t_ray:.1f} s, same ids {same_ids}, same result {same_all}", file=sys.stderr)

    sents = sum(w["sentences"] for w in st.workers.values())
    lines = [
        "",
        f"## Scale-out on Ray (`scan --ray`, {dt.date.today()})",
        "",
        f"`PYTHONPATH=. python scripts/bench_ray.py --articles {args.articles} --stories {args.stories} "
        f"--differ {args.differ} --engine {args.engine} --cpus {args.cpus}`: a generated corpus "
        f"(claimdiff/scaleout/corpus.py) of {len(single.articles):,} short articles read "
        f"({len(single.claims):,} claims, {len(single.stories):,} stories, {len(single.skipped)} skipped), "
        f"{sents:,} sentences embedded (claims and story texts), engine `{args.engine}`, on a local cluster "
        f"`ray.init(num_cpus={args.cpus})` of this 2-core machine (shared: load average {load0:.1f} before, "
        f"{load1:.1f} after), {st.shards} shards of {args.files_per_shard} files.",
        "",
        f"- Same conflict ids as the single-machine `scan`: **{'yes' if same_ids else 'NO'}** "
        f"({len(single.conflicts):,} rows); whole ScanResult identical: **{'yes' if same_all else 'NO'}**.",
        f"- Single-machine `pipeline.scan`: {t_single:.1f} s.",
        f"- `--ray`: {t_ray:.1f} s in all: plan {st.seconds.get('plan', 0):.1f} s, prepare (read, claims, "
        f"embed; {len(st.workers)} actors) {st.seconds.get('prepare', 0):.1f} s, load shards "
        f"{st.seconds.get('load', 0):.1f} s, stories (driver) {st.seconds.get('stories', 0):.1f} s, conflicts "
        f"({st.conflict_tasks} tasks) {st.seconds.get('conflicts', 0):.1f} s; the rest is starting actors and "
        "workers.",
        "",
        "| embedding actor | shards | articles | sentences | busy s | articles/s | sentences/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for i, (_, w) in enumerate(sorted(st.workers.items()), 1):
        s = max(w["seconds"], 1e-9)
        lines.append(f"| {i} | {w['shards']} | {w['articles']:,} | {w['sentences']:,} | {w['seconds']:.1f} | "
                     f"{w['articles'] / s:.0f} | {w['sentences'] / s:.0f} |")
    lines.append("")
    lines.append("Per actor, \"busy\" is the time inside its calls (reading files, claims, embedding, building "
                 "the Arrow table); with the fake engine that is mostly reading and claims.")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as f:
            f.write(text)
    return 0 if same_all else 1


if __name__ == "__main__":
    sys.exit(main())
