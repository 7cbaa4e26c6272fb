"""Fault injection for the store, shared by tests/test_reliability_store.py and scripts/reliability.py.

Each `fault_*` function runs one class of fault against a real store built by the real CLI
(`claimdiff ingest --engine fake` in a subprocess) and returns a `FaultResult`: how many
cases ran, what happened, and how many rows that were committed *before* the fault are
gone afterwards (the goal is 0), after the documented recovery (re-running the ingest).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "claimdiff.cli"]
TABLES = {"articles": "id", "claims": "claim_id", "conflicts": "id", "verdicts": "conflict_id"}


@dataclass
class FaultResult:
    name: str
    cases: int = 0
    outcomes: list[str] = field(default_factory=list)
    lost: int = 0  # committed rows missing after the fault and the documented recovery
    lost_by_case: list[int] = field(default_factory=list)
    committed_at_kill: list[int] = field(default_factory=list)
    tracebacks: int = 0  # a Python traceback reached the user
    notes: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        seen: dict[str, int] = {}
        for o in self.outcomes:
            seen[o] = seen.get(o, 0) + 1
        return "; ".join(f"{o} ({n})" if n > 1 else o for o, n in seen.items())


def env() -> dict:
    e = dict(os.environ)
    e.update(PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return e


def write_articles(folder: Path, start: int, count: int) -> None:
    sys.path.insert(0, str(REPO))
    from tests.storehelp import write_articles as w

    w(str(folder), start, count)


def run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, env=env(), capture_output=True, text=True, timeout=300, cwd=REPO, **kw)


def ingest(root: Path, folder: Path) -> subprocess.CompletedProcess:
    return run(["ingest", str(folder), "--store", str(root), "--engine", "fake", "--quiet"])


def snapshot(root: Path) -> dict[str, set[str]]:
    """Keys of every committed row that SQLite can still read, table by table (no claimdiff code);
    a table SQLite cannot read counts as empty."""
    out: dict[str, set[str]] = {}
    try:
        db = sqlite3.connect(root / "claimdiff.db")
    except sqlite3.Error:
        return {t: set() for t in TABLES}
    try:
        for t, k in TABLES.items():
            try:
                out[t] = {r[0] for r in db.execute(f"SELECT {k} FROM {t}")}  # constants, not input
            except sqlite3.DatabaseError:
                out[t] = set()
        return out
    finally:
        db.close()


def integrity(root: Path) -> str:
    db = sqlite3.connect(root / "claimdiff.db")
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


def missing(before: dict[str, set[str]], after: dict[str, set[str]]) -> int:
    return sum(len(before[t] - after.get(t, set())) for t in before)


def _one_error_line(p: subprocess.CompletedProcess) -> bool:
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    return len(lines) == 1 and lines[0].startswith("Error: ")


def _traceback(p: subprocess.CompletedProcess | None, text: str = "") -> bool:
    return "Traceback (most recent call last)" in ((p.stderr if p else "") + text)


def base_store(tmp: Path, n: int = 12) -> tuple[Path, dict[str, set[str]]]:
    """A store with `n` committed articles and one review verdict; returns it and its snapshot."""
    folder, root = tmp / "committed", tmp / "store"
    write_articles(folder, 0, n)
    r = ingest(root, folder)
    assert r.returncode == 0, r.stderr
    sys.path.insert(0, str(REPO))
    from claimdiff.archive.store import Store

    with Store(root, writer=True) as st:
        cs = st.conflicts()
        if cs:
            st.set_verdict(cs[0][0], "confirmed", "checked by hand")
    return root, snapshot(root)


def fault_sigkill(tmp: Path, cases: int = 4, seed: int = 7, batch: int = 120) -> FaultResult:
    """SIGKILL an ingest at random moments; then re-run it. Nothing committed before may go,
    and the finished store must equal one built without the kill."""
    res = FaultResult("SIGKILL during ingest (random moment)")
    rng = random.Random(seed)
    for i in range(cases):
        case = tmp / f"kill{i}"
        root, before = base_store(case)
        folder = case / "incoming"
        write_articles(folder, 1000, batch)
        p = subprocess.Popen(CLI + ["ingest", str(folder), "--store", str(root), "--engine", "fake", "--quiet"],
                             env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
        delay = rng.uniform(0.3, 3.5)
        time.sleep(delay)
        finished_first = p.poll() is not None
        p.send_signal(signal.SIGKILL)
        p.communicate()
        ok = integrity(root) == "ok"
        mid = snapshot(root)
        lost_now = missing(before, mid)
        r = ingest(root, folder)  # recovery: run the same ingest again
        after = snapshot(root)
        ref = case / "reference"
        ingest(ref, case / "committed")
        ingest(ref, folder)
        same = {t: len(v) for t, v in after.items() if t != "verdicts"} == \
               {t: len(v) for t, v in snapshot(ref).items() if t != "verdicts"}
        res.cases += 1
        res.lost += max(lost_now, missing(before, after))
        res.tracebacks += _traceback(r)
        kept = len(mid["articles"]) - len(before["articles"])
        if finished_first:
            res.outcomes.append("ingest finished before the kill")
        elif ok and r.returncode == 0 and same:
            res.outcomes.append("store consistent; re-run completes it")
        else:
            res.outcomes.append(f"integrity={ok} rerun={r.returncode} same_as_clean={same}")
        res.committed_at_kill.append(kept)
        res.notes.append(f"kill at {delay:.2f}s: {kept} of {batch} new articles were already committed")
    return res


def fault_corrupt_db(tmp: Path, seed: int = 3) -> FaultResult:
    """Bytes overwritten in the middle of claimdiff.db (a damaged disk block): claimdiff must say so
    in one line and exit 2, never crash or silently serve partial data. What is lost is what the
    damaged page held; the store cannot repair it (re-ingest the articles into a new store)."""
    res = FaultResult("corrupted SQLite page")
    rng = random.Random(seed)
    for where in ("middle", "header", "random"):
        root, before = base_store(tmp / where, n=30)
        db = root / "claimdiff.db"
        size = db.stat().st_size
        page = 4096
        off = {"middle": (size // 2) // page * page, "header": 0,
               "random": rng.randrange(1, max(2, size // page)) * page}[where]
        with open(db, "r+b") as f:
            f.seek(off)
            f.write(bytes(rng.getrandbits(8) for _ in range(min(page, size - off))))
        cmds = {"conflicts": run(["conflicts", "--store", str(root), "--format", "json"])}
        extra = tmp / where / "more"
        write_articles(extra, 700, 2)
        cmds["ingest"] = ingest(root, extra)
        res.cases += 1
        res.tracebacks += sum(_traceback(p) for p in cmds.values())
        parts = []
        for name, p in cmds.items():
            if p.returncode == 0:
                parts.append(f"{name}: exit 0")
            elif p.returncode == 2 and _one_error_line(p):
                parts.append(f"{name}: one Error line, exit 2")
            else:
                parts.append(f"{name}: exit {p.returncode}" + (" with traceback" if _traceback(p) else ""))
        after = snapshot(root)
        res.lost += missing(before, after)
        res.lost_by_case.append(missing(before, after))
        try:
            check = integrity(root)[:60]
        except sqlite3.DatabaseError as e:
            check = str(e)
        res.notes.append(f"{where}: page at byte {off}: {missing(before, after)} of "
                         f"{sum(len(v) for v in before.values())} rows unreadable; integrity_check: {check}")
        res.outcomes.append(" | ".join(parts))
    return res


def fault_disk_full(tmp: Path, size: str = "8M") -> FaultResult:
    """The store's disk fills up during an ingest (a small tmpfs; needs root). Ingest must stop with
    one Error line and exit 2; what was committed stays; after freeing space a re-run completes."""
    res = FaultResult("disk full during ingest (tmpfs)")
    mnt = tmp / "tmpfs"
    mnt.mkdir(parents=True)
    m = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mnt)], capture_output=True, text=True)
    if m.returncode != 0:
        res.notes.append(f"skipped: cannot mount a tmpfs here ({m.stderr.strip()})")
        return res
    try:
        root = mnt / "store"
        first = tmp / "committed"
        write_articles(first, 0, 12)
        r = ingest(root, first)
        if r.returncode != 0:
            res.notes.append(f"first ingest failed: {r.stderr.strip()}")
            return res
        before = snapshot(root)
        filler = mnt / "filler"
        with open(filler, "wb", buffering=0) as f:  # fill the disk, leaving a few KiB (unbuffered: close cannot fail)
            try:
                while True:
                    f.write(b"\0" * 65536)
                    f.flush()
            except OSError:
                pass
        free = shutil.disk_usage(mnt).free
        filler_size = filler.stat().st_size
        os.truncate(filler, max(0, filler_size - 48 * 1024))
        big = tmp / "incoming"
        write_articles(big, 2000, 150)
        full = ingest(root, big)
        res.cases += 1
        res.tracebacks += _traceback(full)
        outcome = ("one Error line, exit 2" if full.returncode == 2 and _one_error_line(full)
                   else f"exit {full.returncode}: {full.stderr.strip().splitlines()[-1:] if full.stderr.strip() else ''}")
        filler.unlink()  # free the space, then the documented recovery: run it again
        ok = integrity(root) == "ok"
        again = ingest(root, big)
        after = snapshot(root)
        res.lost += missing(before, after)
        res.tracebacks += _traceback(again)
        res.outcomes.append(f"{outcome}; integrity {'ok' if ok else 'FAILED'}; "
                            f"re-run after freeing space: exit {again.returncode}")
        res.notes.append(f"disk-full ingest stderr: {full.stderr.strip()[-300:]!r} (free before: {free} B)")
        res.notes.append(f"re-run stderr: {again.stderr.strip()[-600:]!r}")
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
    return res
