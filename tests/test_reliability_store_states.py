"""Damaged store states (issue 13, items 2 and 6): each is refused with one `Error:` line that
names the store and the fix, exit 2, no traceback, and nothing already there is overwritten."""

import os
import sqlite3
import subprocess

import pytest

from .conftest import DATA
from .storehelp import CLI, cli_env

W = f"{DATA}/framing_withdrawal.txt"


def _run(*args, cwd):
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=cli_env(), cwd=cwd, timeout=300)


def _one_error(r):
    lines = [ln for ln in r.stderr.strip().splitlines() if ln]
    return r.returncode == 2 and len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in r.stderr


def _snapshot(root):
    return {p: (root / p).read_bytes() if (root / p).is_file() else "dir"
            for p in sorted(os.listdir(root))} if root.is_dir() else root.read_bytes()


def _states(tmp_path):
    def empty_db(r):
        r.mkdir(); (r / "claimdiff.db").write_bytes(b"")

    def index_without_db(r):
        r.mkdir(); (r / "index.faiss").write_bytes(b"\x00" * 64)

    def foreign_sqlite(r):
        r.mkdir()
        con = sqlite3.connect(r / "claimdiff.db")
        con.execute("CREATE TABLE notes (x TEXT)")
        con.commit()
        con.close()

    def store_is_a_file(r):
        r.write_text("not a folder")

    def db_is_a_folder(r):
        r.mkdir(); (r / "claimdiff.db").mkdir()

    def garbage_db(r):
        r.mkdir(); (r / "claimdiff.db").write_bytes(b"this is not sqlite" * 100)

    return [empty_db, index_without_db, foreign_sqlite, store_is_a_file, db_is_a_folder, garbage_db]


@pytest.mark.parametrize("state", _states(None), ids=lambda f: f.__name__)
def test_damaged_store_is_refused_and_left_as_it_was(tmp_path, state):
    root = tmp_path / "store"
    state(root)
    before = _snapshot(root)
    for args in (["ingest", W, "--store", str(root), "--engine", "fake", "--quiet"],
                 ["conflicts", "--store", str(root)],
                 ["check", W, "--store", str(root), "--engine", "fake"]):
        r = _run(*args, cwd=tmp_path)
        assert _one_error(r), (state.__name__, args[0], r.returncode, r.stderr)
        assert str(root) in r.stderr
    assert _snapshot(root) == before


def test_lock_that_is_a_folder(tmp_path):
    root = tmp_path / "store"
    assert _run("ingest", W, "--store", str(root), "--engine", "fake", "--quiet", cwd=tmp_path).returncode == 0
    (root / "lock").unlink()
    (root / "lock").mkdir()
    r = _run("ingest", W, "--store", str(root), "--engine", "fake", "--quiet", cwd=tmp_path)
    assert _one_error(r) and "lock" in r.stderr


def test_read_only_database_says_read_only_not_damaged(tmp_path):
    root = tmp_path / "store"
    assert _run("ingest", W, "--store", str(root), "--engine", "fake", "--quiet", cwd=tmp_path).returncode == 0
    db = root / "claimdiff.db"
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not available here (needs root and a filesystem that supports it)")
    try:
        r = _run("ingest", f"{DATA}/framing_partnership.txt", "--store", str(root), "--engine", "fake", "--quiet",
                 cwd=tmp_path)
        assert _one_error(r), r.stderr
        assert "read-only" in r.stderr and "damaged" not in r.stderr
    finally:
        subprocess.run(["chattr", "-i", str(db)], capture_output=True)
