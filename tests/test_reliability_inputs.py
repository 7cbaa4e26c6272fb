"""Every kind of bad input through the real CLI: one `skipped:` line each, exact text,
no traceback, exit 2 (0 with --skip-bad), and the good files still read."""

import errno
import json
import os
import time

import pytest
from typer.testing import CliRunner

import claimdiff.read.files as ingest
import claimdiff.read.formats as formats
from claimdiff.cli import app
from claimdiff.read.files import read_paths
from claimdiff.read.normalise import normalise
from claimdiff.read.sentences import split_sentences

from . import badinputs

runner = CliRunner()


@pytest.fixture
def bad_folder(tmp_path, monkeypatch):
    f = badinputs.build(tmp_path / "in")
    real_open = os.open

    def guarded_open(file, *a, **k):
        if str(file) == str(f.unreadable):  # tests run as root: chmod 000 would not stop a read
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *a, **k)

    real_iter = ingest.iter_files

    def vanishing_iter(paths):
        for item in real_iter(paths):
            if str(item) == str(f.vanishing):
                f.vanishing.unlink()  # listed, then gone before it is read
            yield item

    monkeypatch.setattr(os, "open", guarded_open)
    monkeypatch.setattr(ingest, "iter_files", vanishing_iter)
    return f


@pytest.mark.parametrize("skip_bad", [False, True])
def test_every_bad_kind_is_one_line_and_the_rest_is_read(bad_folder, skip_bad):
    args = ["scan", str(bad_folder.root), "--format", "json", "--engine", "fake", "--quiet", "--max-size", "0.05"]
    r = runner.invoke(app, args + (["--skip-bad"] if skip_bad else []))
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output
    assert r.exit_code == (0 if skip_bad else 2), r.output
    assert r.stderr.splitlines() == ([f"warning: {line}" for line in bad_folder.expected_warnings]
                                     + [f"skipped: {line}" for line in bad_folder.expected_skips])
    json.loads(r.stdout)  # stdout stays clean data


def test_good_files_in_the_bad_folder_are_read(bad_folder):
    r = read_paths([bad_folder.root], max_bytes=50_000)
    paths = {a.path.split("#")[0] for a in r.articles}
    for name in bad_folder.readable:
        assert str(bad_folder.root / name) in paths, name
    by_name = {a.path.rsplit("/", 1)[-1]: a for a in r.articles}
    assert "Café owners in Málaga said “30” terraces" in by_name["b_cp1252.txt"].text
    assert "déclaré que 40 maisons étaient inondées à Genève" in by_name["b_latin1.md"].text
    assert by_name["m_utf16.txt"].text.startswith("Officials said 40 homes")
    assert by_name["m_utf16_nobom.txt"].text.startswith("Officials said 41 homes")
    assert "12 cranes were damaged" in by_name["o_broken.html"].text
    for a in r.articles:
        for s in split_sentences(a):
            assert normalise(a.text[s.start:s.end]).strip() == s.text


def test_missing_path_and_exit_code():
    r = runner.invoke(app, ["scan", "no/such/dir", "--engine", "fake", "--quiet", "--format", "csv"])
    assert r.exit_code == 2
    assert r.stderr.splitlines() == ["skipped: no/such/dir: no such file or directory (check the path)"]


def test_max_size_option_raises_the_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(("The council said 12 bridges were closed for repairs on Monday. " * 10 + "\n") * 40)
    args = ["scan", str(p), "--engine", "fake", "--quiet", "--format", "json"]
    r = runner.invoke(app, args + ["--max-size", "0.01"])
    assert r.exit_code == 2 and "over the 0.01 MB limit" in r.stderr
    r = runner.invoke(app, args + ["--max-size", "1"])
    assert r.exit_code == 0 and r.stderr == ""


def test_deeply_nested_html_is_bounded(tmp_path):
    p = tmp_path / "nested.html"
    p.write_text("<html><body>" + "<div>" * 10_000 + "<p>The mayor said 12 schools will reopen on Monday "
                 "after repairs.</p>" + "</div>" * 10_000 + "</body></html>")
    t = time.perf_counter()
    r = read_paths([p])
    elapsed = time.perf_counter() - t
    # trafilatura (lxml caps the tree depth) finds no text; the plain parser finds the sentence
    assert len(r.articles) + len(r.skipped) == 1, r
    assert elapsed < 30, elapsed  # measured ~1 s; this guards against a hang, not a speed target


def test_plain_html_fallback_handles_any_depth():
    html = "<div>" * 200_000 + "<p>Officials said 40 homes were flooded.</p>" + "<span>" * 1000
    text, meta = formats._plain_html_text("<title>T</title><script>x()</script>" + html)
    assert "Officials said 40 homes were flooded." in text and "x()" not in text and meta == {"title": "T"}


def test_utf32_and_bad_bom(tmp_path):
    (tmp_path / "u32.txt").write_bytes("Officials said 42 homes were flooded in the valley.\n".encode("utf-32"))
    (tmp_path / "badbom.txt").write_bytes(b"\xff\xfe" + b"A\x00" * 20 + b"\x00\xd8")  # lone surrogate at the end
    r = read_paths([tmp_path])
    assert [a.text for a in r.articles] == ["Officials said 42 homes were flooded in the valley."]
    assert r.skipped == [f"{tmp_path}/badbom.txt: starts with a utf-16-le byte-order mark but is not valid "
                         f"utf-16-le (byte 42) (re-save it as UTF-8)"]


def test_odd_metadata_types_do_not_crash(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": {"x": 1}, "text": "The port said 7 ships were held at anchor on Monday.",
                             "title": ["a", "b"], "publisher": 12, "date": {"y": 2020}, "url": True}) + "\n")
    (a,) = read_paths([p]).articles
    # the list title is ignored (the headline line is used instead), the number becomes text
    assert (a.title, a.publisher, a.date, a.url) == (a.text, "12", None, None)


def test_unlistable_folder_is_reported_not_silently_skipped(tmp_path, monkeypatch):
    import os

    (tmp_path / "ok.txt").write_text("The mayor said 12 schools will reopen on Monday after repairs.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("The council said 3 bridges were closed on Monday for repairs.\n")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = read_paths([tmp_path])
    assert len(r.articles) == 1
    assert r.skipped == [f"{locked}: cannot list folder (Permission denied) (check the file's permissions)"]


def test_html_falls_back_when_trafilatura_fails(tmp_path, monkeypatch):
    import sys
    import types

    def explode(*a, **k):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(sys.modules, "trafilatura", types.SimpleNamespace(bare_extraction=explode))
    p = tmp_path / "page.html"
    p.write_text("<html><head><title>Port news</title></head><body><nav>Home</nav>"
                 "<p>The port said 7 ships were held at anchor on Monday.</p></body></html>")
    (a,) = read_paths([p]).articles
    assert a.text == "The port said 7 ships were held at anchor on Monday." and a.title == "Port news"
