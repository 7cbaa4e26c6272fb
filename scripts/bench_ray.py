"""Measure `scan --ray` (or, with --ingest, `ingest --ray`) on a local Ray cluster against the single-machine path.

    PYTHONPATH=. python scripts/bench_ray.py --articles 20000 --stories 4000 --engine fake --append BENCHMARKS.md
    PYTHONPATH=. python scripts/bench_ray.py --ingest --articles 20000 --stories 4000 --engine fake

With --ingest: a plain `Archive.ingest` of the corpus into one store and
`scaleout.ray_exec.ingest` into another, and the two archives compared (articles, kept
claims, their vectors, stories, conflicts).

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


def _emit(lines: list[str], append: str | None) -> None:
    """Print the section, and append it to `append` (BENCHMARKS.md) when given."""
    text = "\n".join(lines) + "\n"
    print(text)
    if append:
        with open(append, "a", encoding="utf-8") as f:
            f.write(text)


def actor_table(st) -> list[str]:
    """One row per embedding actor: its shards, articles, sentences, busy seconds and rates."""
    rows = ["| embedding actor | shards | articles | sentences | busy s | articles/s | sentences/s |",
            "|---|---:|---:|---:|---:|---:|---:|"]
    for i, (_, w) in enumerate(sorted(st.workers.items()), 1):
        s = max(w["seconds"], 1e-9)
        rows.append(f"| {i} | {w['shards']} | {w['articles']:,} | {w['sentences']:,} | {w['seconds']:.1f} | "
                    f"{w['articles'] / s:.0f} | {w['sentences'] / s:.0f} |")
    return rows


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--stories", type=int, default=4000)
    ap.add_argument("--differ", type=float, default=0.1, help="share of stories whose outlets disagree")
    ap.add_argument("--engine", default="fake")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--files-per-shard", type=int, default=500)
    ap.add_argument("--append", type=Path, help="append the section to this Markdown file")
    ap.add_argument("--ingest", action="store_true", help="the archive's bulk ingest instead of scan")
    args = ap.parse_args(argv)
    if args.ingest:
        return bench_ingest(args)

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
    ]
    lines += actor_table(st)
    lines.append("")
    lines.append("Per actor, \"busy\" is the time inside its calls (reading files, claims, embedding, building "
                 "the Arrow table); with the fake engine that is mostly reading and claims.")
    _emit(lines, args.append)
    return 0 if same_all else 1


def archive_state(root: Path) -> dict:
    """What an archive holds as the commands read it (timestamps and row numbers aside)."""
    from claimdiff.archive.store import Store

    with Store(root) as st:
        inputs = st.story_inputs()
        claims = st.kept_claims([a.id for a, *_ in inputs])
        hashes = sorted({h for cl in claims.values() for _, h in cl} | {h for _, h, _, _ in inputs})
        vecs = st.vectors_for(hashes)
        return {"articles": inputs, "claims": dict(sorted(claims.items())),
                "vectors": {h: vecs[h].tobytes() for h in hashes},
                "stories": st.db.execute("SELECT id, json FROM stories ORDER BY id").fetchall(),
                "conflicts": [c for c, _ in st.conflicts(None)]}


def bench_ingest(args) -> int:
    import ray

    from claimdiff.archive.incremental import Archive
    from claimdiff.archive.store import Store
    from claimdiff.read.files import read_paths
    from claimdiff.scaleout.ray_exec import ingest

    settings = Settings(embedder=args.engine)
    tmp = Path(tempfile.mkdtemp(prefix="bench-ray-ingest-"))
    folder = write_corpus(tmp / "articles", args.articles, args.stories, seed=1, differ=args.differ)
    load0 = os.getloadavg()[0]

    t = time.perf_counter()
    read = read_paths([folder])
    t_read = time.perf_counter() - t
    with Store(tmp / "plain", create=True, writer=True) as st:
        plain = Archive(st, settings, args.engine).ingest(read.articles)
    t_plain = time.perf_counter() - t
    print(f"plain ingest: {t_plain:.1f} s, {plain}", file=sys.stderr)

    ray.init(num_cpus=args.cpus, include_dashboard=False, logging_level=logging.WARNING,
             runtime_env={"env_vars": {"PYTHONPATH": str(Path(__file__).resolve().parents[1])}})
    t = time.perf_counter()
    with Store(tmp / "ray", create=True, writer=True) as st:
        out = ingest([folder], Archive(st, settings, args.engine), work=tmp / "work",
                     files_per_shard=args.files_per_shard)
    t_ray = time.perf_counter() - t
    ray.shutdown()
    load1 = os.getloadavg()[0]
    rep, st = out.report, out.stats
    want, got = archive_state(tmp / "plain"), archive_state(tmp / "ray")
    same_ids = [c.id for c in got["conflicts"]] == [c.id for c in want["conflicts"]]
    same_stories = got["stories"] == want["stories"]
    same_all = got == want
    print(f"ray ingest: {t_ray:.1f} s, same ids {same_ids}, same stories {same_stories}, same archive {same_all}",
          file=sys.stderr)

    sents = sum(w["sentences"] for w in st.workers.values())
    lines = [
        "",
        f"## Bulk ingest on Ray (`ingest --ray`, {dt.date.today()})",
        "",
        f"`PYTHONPATH=. python scripts/bench_ray.py --ingest --articles {args.articles} --stories {args.stories} "
        f"--differ {args.differ} --engine {args.engine} --cpus {args.cpus}`: a generated corpus "
        f"(claimdiff/scaleout/corpus.py) of {len(read.articles):,} short articles ({plain.claims:,} claims, "
        f"{len(want['stories']):,} stories) ingested into an empty archive, engine `{args.engine}`, once with "
        f"the plain `Archive.ingest` and once with `scaleout.ray_exec.ingest` on a local cluster "
        f"`ray.init(num_cpus={args.cpus})` of this 2-core machine (shared: load average {load0:.1f} before, "
        f"{load1:.1f} after), {st.shards} shards of {args.files_per_shard} files.",
        "",
        f"- Same conflict ids as the plain ingest: **{'yes' if same_ids else 'NO'}** ({len(want['conflicts']):,} "
        f"conflicts, both relations); same stories: **{'yes' if same_stories else 'NO'}** "
        f"({len(want['stories']):,}); whole archive identical (articles, kept claims, their vectors, stories, "
        f"conflicts): **{'yes' if same_all else 'NO'}**.",
        f"- Plain ingest: {t_plain:.1f} s ({t_read:.1f} s reading, the rest claims, embedding ({plain.embedded:,} "
        f"sentences), writing and the stories and conflicts of the refresh).",
        f"- `--ray`: {t_ray:.1f} s in all: plan {st.seconds.get('plan', 0):.1f} s, prepare (read, claims, embed; "
        f"{len(st.workers)} actors) {st.seconds.get('prepare', 0):.1f} s, load shards {st.seconds.get('load', 0):.1f} s, "
        f"store {st.seconds.get('store', 0):.1f} s (the archive's own path on the driver: writing articles, claims "
        f"and vectors {st.seconds.get('write', 0):.1f} s, then the refresh {st.seconds.get('refresh', 0):.1f} s, "
        f"whose conflicts ran as {st.conflict_tasks} Ray tasks in {st.seconds.get('conflicts', 0):.1f} s); the "
        "rest is starting the cluster's workers.",
        "",
    ]
    lines += actor_table(st)
    lines.append("")
    lines.append(f"{sents:,} sentences embedded by the actors. Writing is the single-machine archive's (one SQLite "
                 "transaction per article, on the driver): with the prepare stage and the conflicts spread over many "
                 "workers it is what is left on one machine.")
    _emit(lines, args.append)
    return 0 if same_all else 1


if __name__ == "__main__":
    sys.exit(main())
