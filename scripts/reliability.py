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
    lines = r.stderr.splitlines()
    rows: list[Row] = []
    groups: dict[str, list[str]] = {}
    for name, kind in f.kinds.items():
        groups.setdefault(kind, []).append(name)
    for kind, names in groups.items():
        outcomes = []
        for name in names:
            mine = [ln.split(": ", 2)[-1] for ln in lines if ln.startswith(f"skipped: {f.root / name}:")]
            if mine:
                outcomes.extend(f"skipped: {m}" for m in mine)
            if name in f.readable:
                outcomes.append("read")
            if not mine and name not in f.readable:
                outcomes.append("walked once: no loop, no duplicate articles" if kind.startswith("symlink")
                                else "not read on its own (metadata)")
        rows.append((f"input: {kind}", len(names), "; ".join(dict.fromkeys(outcomes)), "0"))
    expected = [f"skipped: {x}" for x in f.expected_skips]
    ok = lines == expected and r.exit_code == 2
    rows.append(("input: whole bad folder, one scan", len(f.kinds),
                 f"exit {r.exit_code}; {len(lines)} skipped lines, "
                 f"{'exactly as expected' if ok else 'DIFFERENT from expected'}; no traceback", "0"))
    return rows


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
  `skipped: PATH: reason (fix)`; the others are read; the exit status is 2 (0 with `--skip-bad`).
  Tests run as root, so "permission denied" is simulated by refusing `open()` for that file, and a
  file vanishing mid-run is deleted between listing and reading. Tested line by line in
  `tests/test_reliability_inputs.py`; random inputs in `tests/test_fuzz_readers.py` (hypothesis).
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
