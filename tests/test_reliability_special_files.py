"""Only regular files are articles. A FIFO, a socket or a device named like an article
(directly, or through a symbolic link) gets one `skipped:` line saying what it is and is
never opened for reading, in `scan`, `ingest` and `check`, with `--skip-bad` too, and the
good files beside it are read.

Each test runs under a SIGALRM deadline: a reader that opens a FIFO blocks in open(2), one
that reads /dev/zero reads until the size limit, and either fails here instead of hanging
the suite."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claimdiff.read.files as files
from claimdiff.cli import app
from claimdiff.read.files import read_paths

runner = CliRunner()
GOOD = ("Bridge closures\n\nThe council said {n} bridges were closed on Monday after the flood, "
        "officials confirmed.\n")
FIX = "(claimdiff reads only regular files: save the article as a .txt, .md, .html or .jsonl file)"


class Hung(BaseException):
    """Not an OSError (TimeoutError is one, and readers catch OSError) and not an Exception."""


@contextmanager
def deadline(seconds: int):
    def expired(signum, frame):
        raise Hung(f"still running after {seconds} s: a non-regular file was opened or read")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _socket(path: Path) -> None:
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(path.name)
    finally:
        os.chdir(here)


KINDS = {  # name -> (how to make it, the words of its skip line)
    "pipe.txt": (os.mkfifo, "FIFO"),
    "sock.md": (_socket, "socket"),
    "zero.txt": (lambda p: os.symlink("/dev/zero", p), "character device, through a symbolic link to /dev/zero"),
    "null.html": (lambda p: os.symlink("/dev/null", p), "character device, through a symbolic link to /dev/null"),
    "random.jsonl": (lambda p: os.symlink("/dev/urandom", p), "character device, through a symbolic link to /dev/urandom"),
    "pipe_link.txt": (lambda p: (os.mkfifo(p.with_name("real_pipe")), os.symlink("real_pipe", p)),
                      f"FIFO, through a symbolic link to {{root}}/real_pipe"),
}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a_good.txt").write_text(GOOD.format(n=3))
    (root / "b_good.md").write_text(GOOD.format(n=5).replace("council", "mayor"))
    expected = []
    for name in sorted(KINDS):
        make, what = KINDS[name]
        make(root / name)
        expected.append(f"skipped: {root / name}: not a regular file ({what.format(root=root)}) {FIX}")
    # real_pipe itself has no article extension: it is said to be a FIFO too, not an unknown type
    expected.append(f"skipped: {root / 'real_pipe'}: not a regular file (FIFO) {FIX}")
    return root, sorted(expected)


def _stderr_lines(r) -> list[str]:
    return sorted(ln for ln in r.stderr.splitlines() if ln.startswith("skipped: "))


@pytest.mark.parametrize("skip_bad", [False, True])
def test_scan_skips_every_non_regular_file_and_reads_the_rest(folder, skip_bad):
    root, expected = folder
    with deadline(60):
        r = runner.invoke(app, ["scan", str(root), "--engine", "fake", "--format", "json"]
                          + (["--skip-bad"] if skip_bad else []))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert r.exit_code == (0 if skip_bad else 2), r.output
    assert _stderr_lines(r) == expected
    assert "2 articles" in r.stderr  # both good files were read
    json.loads(r.stdout)


def test_ingest_and_check_skip_them_too(folder, tmp_path):
    root, expected = folder
    store = tmp_path / "store"
    with deadline(90):
        r = runner.invoke(app, ["ingest", str(root), "--store", str(store), "--engine", "fake", "--skip-bad"])
        assert r.exit_code == 0, r.output
        assert _stderr_lines(r) == expected
        assert "2 articles added" in r.stderr
        r = runner.invoke(app, ["check", str(root / "pipe.txt"), str(root / "zero.txt"), str(root / "a_good.txt"),
                                "--store", str(store), "--engine", "fake"])
    assert r.exit_code == 2, r.output  # check refuses a bad input rather than passing a commit
    assert _stderr_lines(r) == sorted(ln for ln in expected if "/pipe.txt:" in ln or "/zero.txt:" in ln)


def test_a_non_regular_file_is_never_opened(folder, monkeypatch):
    """Stat first: nothing that is not a regular file reaches open(2)."""
    root, _ = folder
    opened: list[str] = []
    real_open = os.open

    def spy(path, flags, *a, **k):
        opened.append(str(path))
        return real_open(path, flags, *a, **k)

    monkeypatch.setattr(os, "open", spy)
    with deadline(30):
        r = read_paths([root])
    assert sorted(Path(p).name for p in opened) == ["a_good.txt", "b_good.md"]
    assert len(r.articles) == 2 and len(r.skipped) == len(KINDS) + 1


def test_a_file_swapped_for_a_fifo_after_the_stat_does_not_block(tmp_path, monkeypatch):
    """The race: a regular file at stat time, a FIFO at open time. O_NONBLOCK keeps open(2)
    from waiting for a writer, and the opened file is checked again."""
    p = tmp_path / "swap.txt"
    p.write_text(GOOD.format(n=7))
    real_stat = os.stat

    def stat_then_swap(path, *a, **k):
        st = real_stat(path, *a, **k)
        if str(path) == str(p) and stat.S_ISREG(st.st_mode):
            p.unlink()
            os.mkfifo(p)
        return st

    monkeypatch.setattr(os, "stat", stat_then_swap)
    with deadline(30):
        r = read_paths([p])
    assert r.articles == []
    assert r.skipped == [f"{p}: not a regular file (FIFO) {FIX}"]


def test_a_device_given_by_name_is_said_to_be_one():
    with deadline(30):
        r = read_paths(["/dev/null", "/dev/zero"])
    assert r.skipped == [f"/dev/null: not a regular file (character device) {FIX}",
                         f"/dev/zero: not a regular file (character device) {FIX}"]


def test_a_sidecar_that_is_a_fifo_skips_its_article_with_one_line(tmp_path):
    (tmp_path / "x.txt").write_text(GOOD.format(n=9))
    os.mkfifo(tmp_path / "x.meta.json")
    (tmp_path / "y.txt").write_text(GOOD.format(n=11).replace("council", "mayor"))
    with deadline(30):
        r = read_paths([tmp_path])
    assert [Path(a.path).name for a in r.articles] == ["y.txt"]
    assert r.skipped == [f"{tmp_path / 'x.meta.json'}: not a regular file (FIFO) {FIX}"]


def test_broken_link_in_a_folder_names_the_fix(tmp_path):
    os.symlink("gone.txt", tmp_path / "link.txt")
    r = read_paths([tmp_path])
    assert r.skipped == [f"{tmp_path / 'link.txt'}: broken symbolic link (to gone.txt) "
                         "(point the link at a real file, or remove it)"]


def test_reading_stops_at_the_limit_even_if_the_size_lies(tmp_path, monkeypatch):
    """A regular file whose fstat size is stale (it grows while read) is still bounded."""
    p = tmp_path / "grows.txt"
    p.write_text(GOOD.format(n=4) * 100)
    real_fstat = os.fstat

    def small(fd):
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 10,
                               st.st_atime, st.st_mtime, st.st_ctime))

    monkeypatch.setattr(files.os, "fstat", small)
    r = read_paths([p], max_bytes=1000)
    assert r.skipped == [f"{p}: file grew past the 0.001 MB limit while read (run again once it is complete)"]
