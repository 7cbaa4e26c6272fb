"""Run every bad-input class and every store fault, and write RELIABILITY.md.

    python scripts/reliability.py --output RELIABILITY.md [--model]

Each row: the class of input or fault, how many cases ran, what happened, and what was
lost (articles that should have been read but were not, or rows committed to the store
before a fault that are gone after it and the documented recovery). The same table is
printed on stdout. `--model` adds the real-model determinism check (three processes).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tests import badinputs, faults  # noqa: E402

Row = tuple[str, int, str, str]


def bad_inputs(tmp: Path) -> list[Row]:
    """The folder of every bad kind through `claimdiff scan` (in process, so a permission
    error and a file vanishing between listing and reading can be simulated)."""
    from typer.testing import CliRunner

    import claimdiff.read.files as ingest
    from claimdiff.cli import app

    f = badinputs.build(tmp / "bad")
    real_open, real_iter = os.open, ingest.iter_files

    def guarded_open(file, *a, **k):
        if str(file) == str(f.unreadable):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *a, **k)

    def vanishing_iter(paths):
        for item in real_iter(paths):
            if str(item) == str(f.vanishing):
                f.vanishing.unlink()
            yield item

    os.open, ingest.iter_files = guarded_open, vanishing_iter
    try:
        r = CliRunner().invoke(app, ["scan", str(f.root), "--format", "json", "--engine", "fake", "--quiet",
                                     "--max-size", "0.05"])
    finally:
        os.open, ingest.iter_files = real_open, real_iter
    if "Traceback" in r.output or (r.exception and not isinstance(r.exception, SystemExit)):
        return [("bad-input folder", len(f.kinds), f"CRASH: {r.exception!r}", "run aborted")]
    from claimdiff.read.files import read_paths
    from claimdiff.read.normalise import one_line

    lines = r.stderr.splitlines()
    read_back = {one_line(a.path.split("#")[0]) for a in read_paths([f.root], max_bytes=50_000).articles}
    rows: list[Row] = []
    groups: dict[str, list[str]] = {}
    for name, kind in f.kinds.items():
        groups.setdefault(kind, []).append(name)
    for kind, names in groups.items():
        outcomes = []
        lost = 0
        for name in names:
            shown = one_line(f.root / name)
            mine = [ln.split(": ", 2)[-1] for ln in lines if ln.startswith(f"skipped: {shown}:")]
            warned = [ln[len(f"warning: {shown}"):].split(": ", 1)[-1] for ln in lines
                      if ln.startswith(f"warning: {shown}:") or ln.startswith(f"warning: {shown}#")]
            if mine:
                outcomes.extend(f"skipped: {m}" for m in mine)
            if name in f.readable:
                outcomes.append("read" + "".join(f"; warning: {w}" for w in warned))
                lost += shown not in read_back
            if not mine and name not in f.readable:
                outcomes.append("walked once: no loop, no duplicate articles" if kind.startswith("symlink loop")
                                else "not read on its own (metadata)")
        rows.append((f"input: {kind}", len(names), "; ".join(dict.fromkeys(outcomes)), str(lost)))
    expected = [f"warning: {x}" for x in f.expected_warnings] + [f"skipped: {x}" for x in f.expected_skips]
    ok = lines == expected and r.exit_code == 2
    n_skip = sum(ln.startswith("skipped: ") for ln in lines)
    rows.append(("input: whole bad folder, one scan", len(f.kinds),
                 f"exit {r.exit_code}; {n_skip} skipped lines, {len(lines) - n_skip} warning lines, "
                 f"{'exactly as expected' if ok else 'DIFFERENT from expected'}; no traceback",
                 str(sum(one_line(f.root / n) not in read_back for n in f.readable))))
    return rows


def non_regular_files(tmp: Path) -> Row:
    """FIFO, socket and device links among good files through the real CLI processes of scan,
    ingest and check (a reader that opens a FIFO blocks forever: the timeout is the test)."""
    import socket

    root = tmp / "special"
    root.mkdir(parents=True)
    for i, name in enumerate(["a.txt", "b.md"]):
        (root / name).write_text(f"Bridge closures\n\nThe council said {3 + i} bridges were closed on Monday "
                                 "after the flood, officials confirmed.\n")
    os.mkfifo(root / "fifo.txt")
    os.symlink("/dev/zero", root / "zero.txt")
    os.symlink("/dev/null", root / "null.jsonl")
    os.mkfifo(root / "c.meta.json")
    (root / "c.txt").write_text("The mayor said 9 schools will reopen on Monday after the storm repairs.\n")
    here = os.getcwd()
    os.chdir(root)
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("sock.md")
    finally:
        os.chdir(here)
    store = tmp / "store"
    runs = [["scan", str(root), "--engine", "fake", "--format", "json"],
            ["scan", str(root), "--engine", "fake", "--format", "json", "--skip-bad"],
            ["ingest", str(root), "--store", str(store), "--engine", "fake", "--skip-bad"],
            ["check", str(root / "fifo.txt"), str(root / "a.txt"), "--store", str(store), "--engine", "fake",
             "--baseline", str(tmp / "b.json")]]
    outcomes, worst = [], 0.0
    for args in runs:
        t = time.perf_counter()
        try:
            p = subprocess.run([sys.executable, "-m", "claimdiff.cli", *args], cwd=REPO, env=faults.env(),
                               capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            outcomes.append(f"{args[0]}: HUNG (killed after 120 s)")
            continue
        worst = max(worst, time.perf_counter() - t)
        skips = [ln for ln in p.stderr.splitlines() if ln.startswith("skipped: ")]
        tb = "; TRACEBACK" if "Traceback" in p.stderr else ""
        outcomes.append(f"{args[0]}{' --skip-bad' if '--skip-bad' in args else ''}: exit {p.returncode}, "
                        f"{len(skips)} skipped lines{tb}")
    kinds = ("not a regular file (FIFO)", "not a regular file (socket)", "character device, through a symbolic link")
    return ("input: FIFO, socket, links to /dev/zero and /dev/null, FIFO sidecar (scan, ingest, check)", 5,
            "; ".join(outcomes) + f"; each says what it is ({', '.join(kinds)}); none opened; "
            f"slowest run {worst:.1f} s", "0")


def unicode_numbers(tmp: Path) -> Row:
    """Every way of writing 3,000 in tests/test_reliability_unicode.py: the same conflict as plain 3,000."""
    from claimdiff.embedding.engines import load_embedder
    from claimdiff.pipeline import scan
    from claimdiff.settings import Settings
    from tests.test_reliability_unicode import A, B, TRICKS

    found = 0
    for i, n in enumerate(TRICKS.values()):
        d = tmp / f"u{i}"
        d.mkdir(parents=True)
        (d / "a.txt").write_text(A.format(n=n), encoding="utf-8")
        (d / "b.txt").write_text(B, encoding="utf-8")
        r = scan([d], Settings(embedder="fake"), load_embedder("fake"))
        found += [c.kind for c in r.conflicts] == ["numeric"]
    return ("input: invisible characters and Unicode forms in numbers (zero-width, joiners, soft hyphen, BOM, "
            "bidi overrides/isolates/marks, variation selector, combining marks, fullwidth, math, Arabic-Indic, "
            "Devanagari, NBSP/thin/narrow/figure group spaces)", len(TRICKS),
            f"{found} of {len(TRICKS)} give the conflict plain 3,000 gives (3,000 vs at least 3,500 troops); "
            "offsets stay in the original text", f"{len(TRICKS) - found} conflicts missed")


def bad_utf8(tmp: Path, n: int = 60, seed: int = 7) -> Row:
    """UTF-8 articles with 1-5 random bytes spoiled, and the same articles in cp1252."""
    from claimdiff.read.files import read_paths

    rng = random.Random(seed)
    text = ("Le ministère a déclaré que {k} maisons étaient inondées à Genève lundi, selon la préfecture. "
            "Les élèves de l'école Sainte-Thérèse ont été évacués vers le gymnase municipal.\n")
    kept_utf8 = right_offset = legacy_ok = warnings_ok = 0
    for i in range(n):
        data = bytearray(text.format(k=10 + i).encode("utf-8"))
        spots = sorted(rng.sample([j for j, b in enumerate(data) if b < 0x80], rng.randint(1, 5)))
        for j in spots:
            data[j] = rng.choice([0x80, 0xBF, 0xC0, 0xFE, 0xFF, 0xE9])
        p = tmp / f"utf8_{i}.txt"
        p.write_bytes(bytes(data))
        legacy = tmp / f"cp1252_{i}.txt"
        legacy.write_bytes(text.format(k=10 + i).encode("cp1252"))
        r = read_paths([p, legacy])
        by = {a.path: a.text for a in r.articles}
        accents = sum(text.count(c) for c in "éèà")  # the spoiled bytes were ASCII: every accent must survive
        got = by.get(str(p), "")
        kept_utf8 += sum(got.count(c) for c in "éèà") == accents and "Ã" not in got and got.count("\ufffd") >= 1
        legacy_ok += "ministère" in by.get(str(legacy), "") and "\ufffd" not in by.get(str(legacy), "")
        mine = [w for w in r.warnings if w.startswith(f"{p}:")]
        warnings_ok += len(mine) == 1 and len(r.warnings) == 1
        right_offset += bool(mine) and f"first at byte {spots[0]})" in mine[0]
    return ("input: UTF-8 with 1-5 invalid bytes / the same text in cp1252", 2 * n,
            f"UTF-8 kept (no mojibake) {kept_utf8}/{n}, one warning line each {warnings_ok}/{n}, naming the first "
            f"bad byte {right_offset}/{n}; cp1252 detected, no U+FFFD, no warning {legacy_ok}/{n}",
            str((n - kept_utf8) + (n - legacy_ok)))


def dates(tmp: Path) -> Row:
    """Every good and bad date form of tests/test_reliability_dates.py, in front matter (unquoted and
    quoted), JSONL and a sidecar: each article read, each bad date one warning, none guessed."""
    from claimdiff.read.files import read_paths
    from tests.test_reliability_dates import BAD, GOOD

    body = "The council said {k} bridges were closed on Monday after the flood, officials confirmed.\n"
    forms = [*GOOD, *BAD]
    d = tmp / "dates"
    d.mkdir(parents=True)
    rows, k = [], 0
    for i, v in enumerate(forms):
        for how in ("unquoted", "quoted", "jsonl", "sidecar"):
            k += 1
            text = body.format(k=k)
            if how == "unquoted":
                (d / f"{i}_{how}.md").write_text(f"---\ndate: {v}\n---\n{text}", encoding="utf-8")
            elif how == "quoted":
                (d / f"{i}_{how}.md").write_text(f"---\ndate: {json.dumps(v)}\n---\n{text}", encoding="utf-8")
            elif how == "jsonl":
                rows.append(json.dumps({"id": f"{i}", "text": text, "date": v}))
            else:
                (d / f"{i}_{how}.txt").write_text(text, encoding="utf-8")
                (d / f"{i}_{how}.meta.json").write_text(json.dumps({"date": v}), encoding="utf-8")
    (d / "all.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = read_paths([d])
    dated = sum(a.date is not None for a in r.articles)

    def form(path: str) -> str:
        return forms[int(path.rsplit("#", 1)[-1] if "#" in path else Path(path).name.split("_", 1)[0])]

    wrong = sum(a.date is not None and a.date.isoformat() != GOOD.get(form(a.path)) for a in r.articles)
    total = len(forms) * 4
    return ("input: metadata dates (front matter unquoted and quoted, JSONL, sidecar): 9999-99-99, -1-01-01, "
            "20-01-01, 03/04/2020, 2020, 9999-12-31 ... and 15 good forms", total,
            f"{len(r.articles)} of {total} articles read; {dated} dated, {wrong} with a wrong (guessed) date; "
            f"{len(r.warnings)} warning lines for {len(BAD) * 4} bad dates; {len(r.skipped)} skipped",
            str(total - len(r.articles)))


def csv_prefixes() -> Row:
    from claimdiff.output.export import neutralise_cell
    from tests.test_reliability_unicode import INVISIBLE_LEADS, SIGNS

    cells = [lead + sign + "cmd|' /C calc'!A0" for lead in INVISIBLE_LEADS for sign in SIGNS]
    ok = sum(neutralise_cell(c) == "'" + c for c in cells)
    return ("output: CSV formula signs (= + - @, fullwidth and small forms) after invisible leads (ZWSP, BOM, "
            "bidi marks, soft hyphen, NBSP, ideographic space, line separator, control characters)", len(cells),
            f"{ok} of {len(cells)} neutralised with a leading '", str(len(cells) - ok))


def one_line_names(tmp: Path, n: int = 60, seed: int = 13) -> Row:
    """File names, JSONL ids and publishers with newlines, NULs, ESC and bidi controls: skip lines,
    warnings and the terminal table keep one line per record."""
    from typer.testing import CliRunner

    from claimdiff.cli import app

    rng = random.Random(seed)
    alphabet = ["a", "b", " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
                "\u202e", "\u2066", "\u200b", "\ufeff", "é"]
    d = tmp / "names"
    d.mkdir(parents=True)
    names = ["".join(rng.choice(alphabet) for _ in range(10)) for _ in range(n)]
    for i, name in enumerate(names):
        (d / f"{i}{name}.txt").write_bytes(b"")  # empty: one skip line each
    feed = [json.dumps({"id": f"{i}{name}\x00", "text": f"The council said {i + 3} bridges were closed on Monday "
                        "after the flood.", "date": "9999-99-99", "publisher": name}) for i, name in enumerate(names)]
    (d / "feed.jsonl").write_text("\n".join(feed) + "\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["scan", str(d), "--engine", "fake", "--quiet", "--format", "table"])
    lines = r.stderr.splitlines()
    skips = [ln for ln in lines if ln.startswith("skipped: ")]
    warns = [ln for ln in lines if ln.startswith("warning: ")]
    hidden = sum(ch in r.output for ch in "\x00\x1b\u202e\u2066\u2028\u2029\x85\x0b\x0c")
    ok = len(skips) == n and len(warns) == n and len(lines) == 2 * n
    return ("output: names with newlines, NULs, ESC, bidi controls (file names, JSONL ids, publishers)", 2 * n,
            f"{len(skips)} skip lines and {len(warns)} warning lines for {n} + {n} records "
            f"({'one line each' if ok else 'LINES SPLIT'}); {hidden} raw control characters in any output", "0")


def random_bytes(tmp: Path, n: int = 300, seed: int = 5) -> Row:
    from claimdiff.read.files import read_paths
    from claimdiff.read.normalise import normalise
    from claimdiff.read.sentences import split_sentences

    rng = random.Random(seed)
    exts = [".txt", ".md", ".html", ".htm", ".jsonl", ".bin"]
    arts = skips = crashes = bad_spans = 0
    for i in range(n):
        d = tmp / f"rb{i}"
        d.mkdir()
        size = rng.choice([0, 1, 7, 64, 512, 4096])
        kind = rng.random()
        if kind < 0.4:
            data = bytes(rng.getrandbits(8) for _ in range(size))
        elif kind < 0.7:
            data = "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x2FFF), 10, 0]))
                           for _ in range(size)).encode("utf-8", "surrogatepass")
        else:
            data = "".join(chr(rng.randrange(0x20, 0x17F)) for _ in range(size)).encode(
                rng.choice(["utf-16", "cp1252", "latin-1", "utf-8"]), "replace")
        (d / f"f{rng.choice(exts)}").write_bytes(data)
        try:
            r = read_paths([d])
        except Exception:  # noqa: BLE001 - counting crashes is the point here
            crashes += 1
            continue
        arts += len(r.articles)
        skips += len(r.skipped)
        for a in r.articles:
            bad_spans += sum(normalise(a.text[s.start:s.end]).strip() != s.text for s in split_sentences(a))
    return ("input: random bytes / text in random encodings", n,
            f"{arts} read, {skips} skipped with one line, {crashes} crashes, {bad_spans} bad sentence spans", "0")


def nested_html(tmp: Path) -> Row:
    from claimdiff.read.files import read_paths

    p = tmp / "nested.html"
    p.write_text("<html><body>" + "<div>" * 10_000 + "<p>The mayor said 12 schools will reopen on Monday.</p>"
                 + "</div>" * 10_000 + "</body></html>")
    t = time.perf_counter()
    r = read_paths([p])
    dt = time.perf_counter() - t
    what = "read" if r.articles else f"skipped: {r.skipped[0].split(': ', 1)[1]}"
    return ("input: HTML nested 10,000 divs deep", 1, f"{what} in {dt:.1f} s, no RecursionError", "0")


def big_file(tmp: Path) -> Row:
    from claimdiff.read.files import read_paths
    from claimdiff.read.sentences import split_sentences
    from tests.storehelp import synthetic_text

    p = tmp / "big50.txt"
    with open(p, "w") as f:
        n = 0
        while f.tell() < 50_000_000:
            f.write(synthetic_text(n))
            n += 1
    t = time.perf_counter()
    r = read_paths([p])
    skip_s = time.perf_counter() - t
    small = tmp / "big5.txt"
    with open(p) as src, open(small, "w") as dst:
        dst.write(src.read(5_000_000))
    t = time.perf_counter()
    (a,) = read_paths([small], max_bytes=10**8).articles
    split_sentences(a)
    per_mb = (time.perf_counter() - t) / 5
    return ("input: 50 MB article", 1,
            f"skipped in {skip_s:.2f} s ({r.skipped[0].split(': ', 1)[1]}); with --max-size 60, reading + sentence "
            f"splitting is linear at {per_mb:.1f} s/MB (~{per_mb * 50:.0f} s before embedding)", "0")


def determinism(tmp: Path, model: bool) -> list[Row]:
    def scan(args, seed):
        env = {**faults.env(), "PYTHONHASHSEED": str(seed)}
        return subprocess.run([sys.executable, "-m", "claimdiff.cli", "scan", *args, "--format", "json", "--quiet"],
                              cwd=REPO, env=env, capture_output=True, timeout=900).stdout
    rows = []
    folder = badinputs.build(tmp / "det").root
    outs = [scan(["seeds", "tests/data", str(folder), "--engine", "fake"], s) for s in (0, 1, 12345)]
    rows.append(("determinism: scan --engine fake, 3 processes, different PYTHONHASHSEED", 3,
                 "identical bytes" if len(set(outs)) == 1 else f"{len(set(outs))} different outputs", "-"))
    if model:
        outs = [scan(["seeds/", "--engine", "auto"], s) for s in (0, 1, 2)]
        rows.append(("determinism: scan seeds/ --engine auto (real model), 3 processes", 3,
                     "identical bytes" if len(set(outs)) == 1 and outs[0] else f"{len(set(outs))} different outputs",
                     "-"))
    return rows


def model_integrity(tmp: Path) -> Row:
    from tests.test_reliability_model import _fake_model_package, _scan_with

    outcomes = []
    for i, kw in enumerate([{"tamper": "model.safetensors"}, {"tamper": "tokenizer.json"},
                            {"drop": "model.safetensors", "add": "pytorch_model.bin"}]):
        r = _scan_with(_fake_model_package(tmp / f"m{i}", **kw))
        lines = r.stderr.strip().splitlines()
        good = r.returncode == 2 and len(lines) == 1 and lines[0].startswith("Error: ") and not r.stdout
        outcomes.append("one Error line, exit 2, no output" if good else f"exit {r.returncode}: {lines[-1:]}")
    return ("model: tampered weights / tokenizer, missing weights beside a pickle", 3,
            "; ".join(dict.fromkeys(outcomes)), "-")


def static_checks() -> Row:
    import ast

    from tests.test_reliability_source import _shell_problems, _sources, _sql_problems

    problems = []
    files = _sources()
    for p in files:
        src = p.read_text(encoding="utf-8")
        tree = ast.parse(src)
        problems += _sql_problems(src, tree, p) + _shell_problems(tree, p)
    return ("untrusted text: SQL / shell / pickle / eval (static, ast)", len(files),
            "no interpolation into SQL, no shell, no pickle" if not problems else "; ".join(problems), "-")


def store_faults(tmp: Path) -> list[Row]:
    rows = []
    for fn, kw in [(faults.fault_sigkill, {"cases": 4}), 
                   (faults.fault_corrupt_db, {}), (faults.fault_disk_full, {})]:
        r = fn(tmp / fn.__name__, **kw)
        outcome = r.outcome or (r.notes[0] if r.notes else "not run")
        if r.tracebacks:
            outcome += f"; {r.tracebacks} TRACEBACKS"
        lost = str(r.lost)
        if fn is faults.fault_corrupt_db:
            lost = (" / ".join(map(str, r.lost_by_case)) + " rows (per case; a damaged header page makes the "
                    "whole file unreadable, other pages cost only their rows)")
        if r.committed_at_kill:
            outcome += (f"; {min(r.committed_at_kill)}-{max(r.committed_at_kill)} of the incoming articles "
                        "were committed when killed, each whole")
        rows.append((f"store: {r.name}", r.cases, outcome, lost))
        for note in r.notes:
            print(f"  {r.name}: {note}", file=sys.stderr)
    return rows


def store_states(tmp: Path) -> Row:
    """Damaged store states: each refused with one Error line by ingest, conflicts and check; nothing changed."""
    import sqlite3

    from tests.storehelp import CLI, cli_env

    art = REPO / "tests" / "data" / "framing_withdrawal.txt"

    def snap(r):
        if r.is_dir():
            return {q.name: (q.read_bytes() if q.is_file() else "dir") for q in sorted(r.iterdir())}
        return r.read_bytes() if r.exists() else None

    def foreign(r):
        r.mkdir()
        con = sqlite3.connect(r / "claimdiff.db")
        con.execute("CREATE TABLE notes (x TEXT)")
        con.commit()
        con.close()

    states = {
        "empty claimdiff.db": lambda r: (r.mkdir(), (r / "claimdiff.db").write_bytes(b"")),
        "index but no database": lambda r: (r.mkdir(), (r / "index.faiss").write_bytes(b"\0" * 64)),
        "foreign SQLite file": foreign,
        "store path is a file": lambda r: r.write_text("x"),
        "database is a folder": lambda r: (r.mkdir(), (r / "claimdiff.db").mkdir()),
        "garbage database": lambda r: (r.mkdir(), (r / "claimdiff.db").write_bytes(b"junk" * 500)),
    }
    bad, changed, cases = [], 0, 0
    for name, make in states.items():
        root = tmp / name.replace(" ", "_")
        tmp.mkdir(parents=True, exist_ok=True)
        make(root)
        before = snap(root)
        for cmd in (["ingest", str(art), "--engine", "fake", "--quiet"], ["conflicts"],
                    ["check", str(art), "--engine", "fake"]):
            cases += 1
            r = subprocess.run(CLI + cmd + ["--store", str(root)], capture_output=True, text=True, env=cli_env(),
                               timeout=300)
            lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
            if not (r.returncode == 2 and len(lines) == 1 and lines[0].startswith("Error: ") and str(root) in r.stderr):
                bad.append(f"{name}/{cmd[0]}: exit {r.returncode}")
        changed += snap(root) != before
    outcome = ("each refused: one Error line naming the store and the fix, exit 2, no traceback"
               if not bad else "; ".join(bad))
    return ("store: damaged states (empty, foreign, garbage or folder database; index without database; "
            "store path a file)", cases, outcome, f"{changed} stores changed")


def concurrent_order(tmp: Path) -> Row:
    """Two ingests at once, in opposite orders, end with scan's conflicts (the one-engine invariant)."""
    from tests.storehelp import CLI, cli_env, write_articles

    a, b = tmp / "a", tmp / "b"
    write_articles(a, 0, 30)
    write_articles(b, 20, 30)
    data = REPO / "tests" / "data"
    extra = [str(data / n) for n in ("framing_withdrawal.txt", "framing_partnership.txt")]
    root = tmp / "store"
    procs = [subprocess.Popen(CLI + ["ingest", str(p), *extra, "--store", str(root), "--engine", "fake", "--quiet"],
                              env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) for p in (a, b)]
    codes = [p.wait(timeout=600) for p in procs]
    got = subprocess.run(CLI + ["conflicts", "--store", str(root), "--json", "--relation", "all"], capture_output=True,
                         text=True, env=cli_env()).stdout
    want = subprocess.run(CLI + ["scan", str(a), str(b), *extra, "--engine", "fake", "--json", "--relation", "all",
                                 "--quiet"], capture_output=True, text=True, env=cli_env()).stdout
    ids = lambda out: sorted(r["conflict_id"] for r in json.loads(out or "[]"))  # noqa: E731
    same = ids(got) == ids(want)
    return ("store: two ingests at once (overlapping folders) vs one scan of everything", 2,
            f"exit {codes}; conflict ids {'identical to scan' if same else 'DIFFER from scan'} "
            f"({len(ids(want))} conflicts)", "0" if same else "mismatch")


def table(rows: list[Row]) -> str:
    out = ["| class | cases | outcome | lost |", "|---|---:|---|---|"]
    for c, n, o, lost in rows:
        out.append(f"| {c} | {n} | {o.replace('|', '/')} | {lost} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--output", type=Path, help="write the markdown here (RELIABILITY.md)")
    ap.add_argument("--model", action="store_true", help="also check real-model determinism (slow)")
    ap.add_argument("--quick", action="store_true", help="skip the 50 MB file and the store faults")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows += bad_inputs(tmp / "in")
        rows.append(non_regular_files(tmp / "nonreg"))
        rows.append(unicode_numbers(tmp / "uni"))
        (tmp / "utf8").mkdir()
        rows.append(bad_utf8(tmp / "utf8"))
        rows.append(dates(tmp))
        rows.append(csv_prefixes())
        rows.append(one_line_names(tmp))
        (tmp / "rb").mkdir()
        rows.append(random_bytes(tmp / "rb"))
        rows.append(nested_html(tmp))
        if not args.quick:
            rows.append(big_file(tmp))
        rows += determinism(tmp, args.model)
        rows.append(model_integrity(tmp / "model"))
        rows.append(static_checks())
        if not args.quick:
            rows += store_faults(tmp / "store")
            rows.append(store_states(tmp / "states"))
            rows.append(concurrent_order(tmp / "concurrent"))
    cmd = "python scripts/reliability.py " + " ".join(argv if argv is not None else sys.argv[1:])
    body = table(rows)
    print(body)
    if args.output:
        args.output.write_text(DOC.format(cmd=cmd.strip(), table=body, secs=time.perf_counter() - t0), encoding="utf-8")
    crashed = any("CRASH" in o or "TRACEBACK" in o or (" crashes" in o and " 0 crashes" not in o) for _, _, o, _ in rows)
    return 1 if crashed else 0


DOC = """# Reliability

Generated by `{cmd}` (`make reliability`) in {secs:.0f} s. Do not edit by hand.

What claimdiff does with every kind of bad input and with faults under the store. *lost* counts
articles that should have been read and were not (inputs), or rows committed to the store before
the fault that are gone after it and the documented recovery (re-running the same ingest).

{table}

## How each class is produced

- **Inputs** (`tests/badinputs.py`): one folder holding one file of each kind, scanned once by
  `claimdiff scan --engine fake --max-size 0.05`. Every bad file gives exactly one stderr line
  `skipped: PATH: reason (fix)`, every article read with a problem (bad bytes, a date that is not a
  date) one line `warning: PATH: what (fix)`; the others are read; the exit status is 2 (0 with
  `--skip-bad`). Tests run as root, so "permission denied" is simulated by refusing `os.open()` for
  that file, and a file vanishing mid-run is deleted between listing and reading. Tested line by line
  in `tests/test_reliability_inputs.py`; random inputs in `tests/test_fuzz_readers.py` (hypothesis).
- **Files that are not regular files** (`tests/test_reliability_special_files.py`): a FIFO, a Unix
  socket, symbolic links to /dev/zero, /dev/null and a FIFO, and a FIFO in place of NAME.meta.json,
  through `scan`, `scan --skip-bad`, `ingest` and `check` as real processes with a timeout (a reader
  that opens a FIFO blocks forever). claimdiff stats first and opens only regular files, with
  O_NONBLOCK, checking the opened file again (a file swapped for a FIFO after the stat is tested).
- **Unicode in numbers and fields** (`tests/test_reliability_unicode.py`): sentence text is read after
  NFKC, with format characters (Cf) and other default-ignorable code points removed, odd spaces made
  spaces, digits of any script made ASCII and typographic digit-group spaces made commas
  (`claimdiff/read/normalise.py`); sentence offsets still point into the original article text. The
  row counts the ways of writing 3,000 that give the same conflict as plain 3,000 (fake embedder).
- **Invalid UTF-8**: the rule is "UTF-8 when at least as many characters decode as valid multi-byte
  UTF-8 as there are invalid bytes (or the only invalid bytes are a character cut off at the end, or
  the file starts with a UTF-8 byte-order mark)"; otherwise the legacy encoding is detected. Random
  ASCII positions of a French article are spoiled; the same article in cp1252 must still be detected.
- **Dates** (`tests/test_reliability_dates.py`): every form, good and bad, in front matter (unquoted,
  which YAML would read as a timestamp, and quoted), in JSONL and in a sidecar. Nothing is guessed:
  two-digit and signed years, day/month orders that could be either way, dates without a day, and
  years outside 1500-2199 give one warning and an undated article.
- **One-line outputs**: random file names, JSONL ids and publishers made of newlines, CR, NUL, ESC,
  line separators and bidi controls; every skip and warning stays one line (`\\n`, `\\x00`,
  `\\u202e` escapes), and no raw control character reaches any output.
- **CSV**: every formula sign (and its fullwidth and small forms) after every kind of invisible lead.
- **Store faults** (`tests/faults.py`, `tests/test_reliability_store.py`): a store built by the real
  CLI in a subprocess; SIGKILL after a random delay (seeded), the index file cut/emptied/deleted/
  garbled, one 4 KiB database page overwritten with random bytes, and a full disk (an 8 MiB tmpfs
  filled to 48 KiB free). Committed rows are read with plain `sqlite3` before and after.
- **Model integrity** (`tests/test_reliability_model.py`): a copy of the pinned model package put
  ahead of the real one on `PYTHONPATH`, with one byte of a weight file flipped, or the
  safetensors weights replaced by a pickle. `torch.load` / `pickle.load(s)` are monkeypatched to
  raise while the real model loads (`@pytest.mark.model`).
- **Untrusted text** (`tests/test_reliability_source.py`): an `ast` walk over `claimdiff/`. HTML and
  CSV escaping of article text in reports and exports is tested by the export/report suite
  (`tests/test_export.py`, `tests/test_report.py`), not repeated here.

## Limits that are decisions

- Files over 20 MB are skipped with a message naming `--max-size`: reading is linear, but a 50 MB
  article is ~0.5 M sentences to embed (minutes on CPU) and usually a dump, not an article.
- HTML goes through trafilatura when it can be imported; pages it cannot parse (and installs where
  it cannot be imported: trafilatura 2.3 needs `lxml_html_clean` with lxml >= 5.2, which
  requirements.lock does not pin) fall back to a non-recursive standard-library parser that keeps
  the text of block elements and drops script, style, nav, header, footer, aside and form.
- A damaged database page cannot be repaired: the rows on it are unreadable. claimdiff refuses the
  store in one line (exit 2) when SQLite notices; SQLite only notices when it reads that page, so a
  damaged page that no command touches goes unnoticed until it is read. Keep backups of `.claimdiff/`.
"""

if __name__ == "__main__":
    sys.exit(main())
