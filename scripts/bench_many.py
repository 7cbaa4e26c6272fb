"""Many short articles as ONE JSONL file, scanned as a whole process: time and peak memory.

    python scripts/bench_many.py [--n 100000] [--real 10000] [--quick]

The articles are synthetic news (2-4 sentences each) in stories of 3-8 articles (about
n / 5.5 stories: 100,000 articles -> ~18,000 stories), each story one event (a fire, a flood,
a strike, a vote, ...) in one invented place, on one date, reported by several outlets a day
or two apart; in about one story in ten one outlet reports a different figure (a planted
numeric difference). They are written to a temporary folder as one .jsonl file (never into
the repository) and scanned with

    python -m claimdiff.cli scan FILE.jsonl --engine fake --format json --quiet

`--engine fake` (hashed bag of words, no model) for the full size: this measures the engine
around the embedder (reading, claims, stories, neighbours, comparators, spaCy for flagged
pairs), not the embedding. `--real N` then scans the first N articles with the real engine
(`--engine auto`, no cache: `--no-cache`). Peak memory is the child's own ru_maxrss (wait4).
`--quick`: n = 20,000 and real = 2,000. 100,000 articles make a 31 MB file, over scan's 20 MB
default for one file, so `--max-size` is raised to the file's size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_GIB = 24.0

SYL = ["bar", "cel", "dor", "fen", "gal", "har", "ist", "jor", "kel", "lum", "mar", "nor", "ost", "pel", "quin",
       "ros", "sal", "tor", "ulm", "ven", "wes", "yar", "zel", "ath", "bri", "cor", "dun", "elm", "fal", "gry"]
OUTLETS = ["Daily Ledger", "Morning Post", "City Herald", "Evening Star", "Coast Times", "Valley News",
           "Metro Wire", "Northern Echo", "Capital Journal", "Harbor Gazette", "Plains Tribune", "River Courier"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# event kind -> (title, sentences); {n} is the story's figure (the one an outlet may report differently)
EVENTS = {
    "fire": ("Fire destroys warehouse in {place}", [
        "A fire destroyed a warehouse in {place} on {day}, officials said.",
        "Firefighters said {n} people were treated for smoke inhalation.",
        "The blaze started shortly after midnight near the {street} rail yard.",
        "The cause of the fire is under investigation, the fire chief said.",
        "About {m} firefighters worked through the night to contain the flames."]),
    "flood": ("Flooding forces evacuations in {place}", [
        "Heavy rain flooded low-lying streets in {place} on {day}.",
        "Authorities said {n} homes were evacuated as the river rose.",
        "The {street} bridge was closed to traffic until further notice.",
        "Forecasters expect more rain through the weekend.",
        "Emergency crews handed out {m} sandbags at the community center."]),
    "strike": ("Workers strike at {place} plant", [
        "Workers at the {place} assembly plant walked off the job on {day}.",
        "The union said {n} members joined the strike.",
        "The company said talks over wages would resume next week.",
        "Picket lines formed at the {street} gate before dawn.",
        "The plant produces about {m} vehicles a day, according to the company."]),
    "vote": ("{place} council approves budget", [
        "The {place} city council approved next year's budget on {day}.",
        "The vote was {n} to {k}, with one member absent.",
        "The budget includes new funding for road repairs on {street} Avenue.",
        "Critics said the plan would raise property taxes.",
        "The budget totals about ${m} million, officials said."]),
    "quake": ("Earthquake shakes {place}", [
        "An earthquake shook {place} and surrounding towns on {day}.",
        "The quake had a magnitude of {n}.{k}, the geological survey said.",
        "Residents reported cracked walls along {street} Road.",
        "No serious injuries were reported, police said.",
        "About {m} aftershocks were recorded in the following hours."]),
    "crash": ("Bus crash near {place} injures passengers", [
        "A bus carrying commuters overturned near {place} on {day}.",
        "Officials said {n} passengers were taken to hospital.",
        "The crash closed the {street} highway for several hours.",
        "The driver was questioned by police, who did not release a name.",
        "The bus was carrying about {m} people at the time."]),
}


QUOTES = ["{who}, a spokesperson for {place}, said the situation was under control.",
          "\"We are doing everything we can,\" said {who} of the {place} district office.",
          "{who} told reporters in {place} that more details would follow.",
          "Local officials led by {who} met in {place} to discuss the response."]


def place(rng: random.Random) -> str:
    return "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()


def generate(n: int, path: Path, seed: int = 7) -> dict:
    """Write n articles as one JSONL file; returns counts."""
    rng = random.Random(seed)
    stories = planted = written = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < n:
            stories += 1
            kind = rng.choice(sorted(EVENTS))
            title, sents = EVENTS[kind]
            fields = {"place": place(rng), "street": place(rng), "day": rng.choice(WEEKDAYS),
                      "n": rng.randint(3, 90), "k": rng.randint(1, 9), "m": rng.randint(100, 900)}
            size = min(rng.randint(3, 8), n - written)
            odd = rng.randrange(size) if rng.random() < 0.1 and size > 1 else -1
            planted += odd >= 0
            year, month, dom = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 26)
            fields["who"] = f"{place(rng)} {place(rng)}"  # the story's named official
            for j, outlet in enumerate(rng.sample(OUTLETS, size)):
                f_ = dict(fields)
                if j == odd:
                    f_["n"] = fields["n"] + rng.randint(2, 9)  # the planted difference
                k = rng.randint(2, 4)
                body = [sents[0]] + rng.sample(sents[1:], k - 1)
                if j == odd and sents[1] not in body:
                    body[-1] = sents[1]
                if k >= 3:  # one quote in place of a sentence that is not the figure
                    spots = [i for i in range(1, k) if body[i] is not sents[1]]
                    body[rng.choice(spots)] = rng.choice(QUOTES)
                text = " ".join(s.format(**f_) for s in body)
                row = {"id": f"s{stories}-{j}", "title": title.format(**f_), "publisher": outlet,
                       "date": f"{year}-{month:02d}-{dom + rng.randint(0, 2):02d}", "text": text}
                f.write(json.dumps(row) + "\n")
                written += 1
    return {"articles": written, "stories": stories, "planted": planted, "bytes": path.stat().st_size}


def scan(path: Path, engine: str, out: Path, extra: list[str]) -> dict:
    mb = path.stat().st_size / 1e6  # one file over scan's 20 MB default: raise the limit for it
    cmd = [sys.executable, "-m", "claimdiff.cli", "scan", str(path), "--engine", engine, "--format", "json",
           "--quiet", "--output", str(out), "--max-size", str(int(mb) + 2), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.stderr.close()
    rc = os.waitstatus_to_exitcode(status)
    rows = json.loads(out.read_text(encoding="utf-8")) if rc in (0, 1) and out.is_file() else []
    if os.environ.get("BENCH_MANY_KEEP"):
        shutil.copy(out, os.environ["BENCH_MANY_KEEP"])
    def story(r: dict, side: str) -> str:  # the generated story of a row's article: "...jsonl#s12-3" -> "s12"
        return str(r.get(f"article_{side}", "")).rpartition("#")[2].split("-")[0]

    same = sum(1 for r in rows if story(r, "a") == story(r, "b"))
    return {"rc": rc, "wall": wall, "peak_gib": usage.ru_maxrss / 2**20, "rows": len(rows), "same": same,
            "numeric": sum(1 for r in rows if r.get("kind") == "numeric"),
            "err": " | ".join(err.strip().splitlines()[-3:])}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="articles for the --engine fake run (default 100,000)")
    ap.add_argument("--real", type=int, default=None, help="articles for the real-engine run (default 10,000; 0 skips)")
    ap.add_argument("--quick", action="store_true", help="n = 20,000, real = 2,000")
    a = ap.parse_args(argv)
    n = a.n if a.n is not None else (20_000 if a.quick else 100_000)
    real = a.real if a.real is not None else (2_000 if a.quick else 10_000)
    tmp = Path(tempfile.mkdtemp(prefix="claimdiff-many-"))
    try:
        big = tmp / "many.jsonl"
        info = generate(n, big)
        print(f"[many] {info['articles']:,} articles written ({info['bytes'] / 2**20:.1f} MiB)", file=sys.stderr, flush=True)
        runs = [("fake", info, scan(big, "fake", tmp / "out.json", []))]
        print(f"[many] fake: {runs[-1][2]['wall']:.0f} s", file=sys.stderr, flush=True)
        if real:
            small = tmp / "real.jsonl"
            small_info = generate(real, small)
            runs.append(("auto", small_info, scan(small, "auto", tmp / "out_real.json", ["--no-cache"])))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    lines = ["## Many short articles (one JSONL), whole process", "",
             f"Command: `python scripts/bench_many.py --n {n} --real {real}` (synthetic articles, 2-4 sentences each, "
             "in stories of 3-8 articles a day or two apart; about one story in ten has one outlet reporting a different "
             "figure; each row one `python -m claimdiff.cli scan FILE.jsonl --engine E --format json --quiet --max-size MB`). "
             "`--engine fake` is a hashed bag of words, no model: that row measures the engine around the embedder, "
             "not embedding. The `auto` row is the real model (`--no-cache`).", "",
             "| engine | articles | stories | planted differences | JSONL MiB | exit | wall s | peak RSS GiB | rows | numeric rows | rows within one generated story | rows across generated stories |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    ok = True
    for engine, inf, r in runs:
        lines.append(f"| {engine} | {inf['articles']:,} | {inf['stories']:,} | {inf['planted']:,} | {inf['bytes'] / 2**20:.1f} | "
                     f"{r['rc']} | {r['wall']:.1f} | {r['peak_gib']:.2f} | {r['rows']:,} | {r['numeric']:,} | {r['same']:,} | "
                     f"{r['rows'] - r['same']:,} |")
        if r["rc"] not in (0, 1):
            ok = False
            lines.append(f"\n{engine} failed: `{r['err']}`\n")
        if r["peak_gib"] > LIMIT_GIB:
            ok = False
    lines += ["", "Rows across generated stories pair two different events (a flood in one invented town and "
              "another flood elsewhere weeks later, told in the same template words): false pairings by "
              "construction, from stories merged by the grouping (the generator's places are invented "
              "names that story_features does not know as places).", "",
              f"Memory limit for the issue: {LIMIT_GIB:.0f} GiB; "
              f"{'every run stayed within it' if all(r['peak_gib'] <= LIMIT_GIB for _, _, r in runs) else 'EXCEEDED'}.", ""]
    print("\n".join(lines))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
