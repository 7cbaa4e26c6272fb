"""A folder holding one file of every bad-input kind, plus good articles in odd shapes.

Used by tests/test_reliability_inputs.py and scripts/reliability.py. `build(root)` writes
the folder and returns the `skipped:` lines a scan must print (one per bad file, in the
order they are met), the `warning:` lines (one per article read with a problem: bad bytes,
a date that is not a date), the names of files that must be read, and the paths that the
caller must make fail at read time (see `unreadable` and `vanishing`).

Files that are not regular files (a FIFO, a Unix socket, symbolic links to /dev/zero and
/dev/null) sit among the others: a reader that opens them blocks or reads forever, so a
scan of this folder that returns at all has passed the first half of their test."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path

GOOD = "The mayor said {n} schools will reopen on Monday after the storm repairs, officials confirmed."


@dataclass
class BadFolder:
    root: Path
    expected_skips: list[str] = field(default_factory=list)  # exact lines, without "skipped: "
    expected_warnings: list[str] = field(default_factory=list)  # exact lines, without "warning: "
    readable: list[str] = field(default_factory=list)  # file names that must become articles
    unreadable: Path | None = None  # open() must raise PermissionError for it
    vanishing: Path | None = None  # to be deleted between listing and reading
    kinds: dict[str, str] = field(default_factory=dict)  # name -> class of input, for the report


def build(root: Path, max_mb: float = 0.05) -> BadFolder:
    """Bad and odd inputs under `root`; scan them with `--max-size {max_mb}`."""
    root.mkdir(parents=True, exist_ok=True)
    f = BadFolder(root)

    def w(name: str, data: bytes | str, kind: str) -> Path:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        f.kinds[name] = kind
        return p

    def skip(name: str, reason: str) -> None:
        f.expected_skips.append(f"{root / name}: {reason}")

    def warn(name: str, reason: str) -> None:
        f.expected_warnings.append(f"{root / name}: {reason}")

    def special(name: str, kind: str, make) -> None:
        make(root / name)
        f.kinds[name] = kind

    # sorted walk order: files of a folder by name, then its subfolders
    w("a_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary")
    skip("a_binary.txt", "binary file, not text (give claimdiff .txt, .md, .html or .jsonl files)")
    w("b_cp1252.txt", ("Caf\u00e9 owners in M\u00e1laga said \u201c30\u201d terraces were closed \u2013 "
                       "the council disputed it.\n").encode("cp1252"), "legacy encoding (cp1252)")
    f.readable.append("b_cp1252.txt")
    w("b_latin1.md", "Le ministre a d\u00e9clar\u00e9 que 40 maisons \u00e9taient inond\u00e9es \u00e0 Gen\u00e8ve lundi.\n"
      .encode("latin-1"), "legacy encoding (Latin-1)")
    f.readable.append("b_latin1.md")
    w("c_empty.txt", b"", "empty")
    skip("c_empty.txt", "empty file (remove it or add the article text)")
    w("c_whitespace.md", b" \n\t\r\n  \n", "whitespace only")
    skip("c_whitespace.md", "empty file (remove it or add the article text)")
    w("d_broken_front.md", "---\ntitle: [unclosed\n---\n" + GOOD.format(n=3) + "\n", "bad front matter")
    skip("d_broken_front.md", "front matter is not valid YAML (while parsing a flow sequence) "
                              "(fix the block between the --- lines)")
    w("e_feed.jsonl", json.dumps({"id": "ok1", "text": GOOD.format(n=4)}) + "\n{not json\n"
      + json.dumps(["a list"]) + "\n" + "[" * 5_000 + "\n", "malformed JSONL")
    f.readable.append("e_feed.jsonl")
    skip("e_feed.jsonl", "line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2) "
                         "(one JSON object per line)")
    skip("e_feed.jsonl", 'line 3: needs a non-empty "text" field '
                         '({"text": "...", "publisher": "...", "date": "YYYY-MM-DD"})')
    skip("e_feed.jsonl", "line 4: JSON nested too deeply (one flat JSON object per line)")
    size = w("f_huge.txt", (GOOD.format(n=5) + "\n") * 600, "over --max-size").stat().st_size
    skip("f_huge.txt", f"file is {size / 1e6:.3g} MB, over the {max_mb:.3g} MB limit "
                       f"(split it, or raise the limit with --max-size {size // 1_000_000 + 1})")
    w("g_long_line.txt", "Officials said " + "very " * 1500 + "many homes flooded.", "extremely long line")
    f.readable.append("g_long_line.txt")
    f.unreadable = w("h_locked.txt", GOOD.format(n=6), "unreadable (permission)")
    skip("h_locked.txt", "cannot read (Permission denied) (check the file's permissions)")
    w("i_no_punctuation.txt", " ".join(["officials said forty homes were flooded in the valley"] * 40),
      "no sentence punctuation")
    f.readable.append("i_no_punctuation.txt")
    os.symlink("j_self_loop.txt", root / "j_self_loop.txt")
    f.kinds["j_self_loop.txt"] = "symlink loop (file)"
    skip("j_self_loop.txt", "cannot read (Too many levels of symbolic links) (a symbolic link points back at itself; fix the link)")
    w("k_notes.docx", b"PK\x03\x04", "unknown extension")
    skip("k_notes.docx", "unknown file type .docx (claimdiff reads .txt, .md, .html and .jsonl)")
    w("k_zREADME", b"read me", "no extension")
    skip("k_zREADME", "unknown file type (none) (claimdiff reads .txt, .md, .html and .jsonl)")
    w("l_sidecar.txt", GOOD.format(n=7), "bad sidecar metadata")
    del f.kinds["l_sidecar.txt"]  # its one line names the sidecar, which is what must be fixed
    w("l_sidecar.meta.json", "{nope", "bad sidecar metadata")
    skip("l_sidecar.meta.json", "metadata file is not valid JSON (Expecting property name enclosed in double quotes: "
                                "line 1 column 2 (char 1)) (fix or remove the .meta.json file)")
    w("m_utf16.txt", ("Officials said 40 homes were flooded in the valley on Monday.\n").encode("utf-16"),
      "UTF-16 with BOM (NUL bytes)")
    f.readable.append("m_utf16.txt")
    w("m_utf16_nobom.txt", ("Officials said 41 homes were flooded in the valley on Tuesday.\n").encode("utf-16-le"),
      "UTF-16 without BOM")
    f.readable.append("m_utf16_nobom.txt")
    w("n_chrome_only.html", "<html><head><title>Log in</title></head><body><script>alert(1)</script>"
      "<style>p {}</style></body></html>", "HTML without article text")
    skip("n_chrome_only.html", "no article text left after removing site chrome (check that the file holds an article)")
    w("o_broken.html", "<html><body><p>The harbour authority said <b>12 cranes were damaged <div>in the storm on"
      " Monday night.<p><<<>>&&#xZZ;", "broken HTML")
    f.readable.append("o_broken.html")
    f.vanishing = w("p_vanish.txt", GOOD.format(n=8), "file vanishes mid-run")
    skip("p_vanish.txt", "cannot read (No such file or directory) (it was moved or deleted while claimdiff ran; run again)")
    w("q_ok.txt", "Storm repairs\n\n" + GOOD.format(n=12) + "\n", "plain good article")
    f.readable.append("q_ok.txt")
    w("r_nul_in_utf8.txt", "Officials said 9 bridges were closed on Monday.\x00\n".encode("utf-8"), "stray NUL")
    # a NUL in the first 8 KiB of non-UTF-16 text is binary: skipped, not mangled
    skip("r_nul_in_utf8.txt", "binary file, not text (give claimdiff .txt, .md, .html or .jsonl files)")
    # not regular files: never opened, one line each saying what they are
    not_regular = "(claimdiff reads only regular files: save the article as a .txt, .md, .html or .jsonl file)"
    special("s_fifo.txt", "FIFO named like an article", os.mkfifo)
    skip("s_fifo.txt", f"not a regular file (FIFO) {not_regular}")
    special("s_null.jsonl", "symbolic link to /dev/null", lambda p: os.symlink("/dev/null", p))
    skip("s_null.jsonl", f"not a regular file (character device, through a symbolic link to /dev/null) {not_regular}")
    w("s_sidecar_fifo.txt", GOOD.format(n=14), "metadata file is a FIFO")
    del f.kinds["s_sidecar_fifo.txt"]  # its one line names the sidecar, which is what must be fixed
    special("s_sidecar_fifo.meta.json", "metadata file is a FIFO", os.mkfifo)
    skip("s_sidecar_fifo.meta.json", f"not a regular file (FIFO) {not_regular}")
    special("s_socket.md", "Unix socket named like an article", _unix_socket)
    skip("s_socket.md", f"not a regular file (socket) {not_regular}")
    special("s_zero.txt", "symbolic link to /dev/zero", lambda p: os.symlink("/dev/zero", p))
    skip("s_zero.txt", f"not a regular file (character device, through a symbolic link to /dev/zero) {not_regular}")
    # read, with one warning line each
    bad = "Caf\u00e9 owners in M\u00e1laga said 31 terraces were closed by the minist\u00e8re.\n".encode("utf-8")
    bad = bad.replace(b"31", b"3\xff1")
    w("t_bad_utf8.txt", bad, "UTF-8 with one invalid byte")
    f.readable.append("t_bad_utf8.txt")
    warn("t_bad_utf8.txt", f"1 byte is not valid UTF-8 (first at byte {bad.index(0xFF)}); read as UTF-8 with U+FFFD "
                           "in their place (re-save the file as UTF-8 to keep those characters)")
    date_fix = "(write it as YYYY-MM-DD, or remove it)"
    w("t_date_signed.md", '---\ndate: "-1-01-01"\n---\n' + GOOD.format(n=16) + "\n", "front matter date -1-01-01")
    f.readable.append("t_date_signed.md")
    warn("t_date_signed.md", f"date '-1-01-01' has a signed year; the article is read undated {date_fix}")
    w("t_date_unquoted.md", "---\ndate: 9999-99-99\npublisher: Valley News\n---\n" + GOOD.format(n=15) + "\n",
      "front matter date 9999-99-99 (unquoted)")
    f.readable.append("t_date_unquoted.md")
    warn("t_date_unquoted.md", "date '9999-99-99' is not a real date (month must be in 1..12); "
                               f"the article is read undated {date_fix}")
    w("t_dates.jsonl", json.dumps({"id": "short", "text": GOOD.format(n=17), "date": "20-01-01"}) + "\n"
      + json.dumps({"id": "line\nbreak\x00nul", "text": GOOD.format(n=18), "date": "03/04/2020",
                    "publisher": "Two\nLines\u202e News"}) + "\n", "JSONL: short and ambiguous dates, id with newline and NUL")
    f.readable.append("t_dates.jsonl")
    warn("t_dates.jsonl#short", f"date '20-01-01' has no four-digit year; the article is read undated {date_fix}")
    warn("t_dates.jsonl#line\\nbreak\\x00nul", "date '03/04/2020' is ambiguous (the day and the month could be "
                                               f"either way); the article is read undated {date_fix}")
    w("u_new\nline.txt", b"", "file name with a newline")
    skip("u_new\\nline.txt", "empty file (remove it or add the article text)")
    (root / "sub").mkdir()
    os.symlink("..", root / "sub" / "up")
    f.kinds["sub/up"] = "symlink loop (folder)"
    w("sub/folder.txt/inner.txt", GOOD.format(n=13) + " Inner.", "folder named like a file")
    f.readable.append("sub/folder.txt/inner.txt")
    return f


def _unix_socket(path: Path) -> None:
    """A Unix socket at `path` (bound from its folder: socket paths are limited to ~100 bytes)."""
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as s:
            s.bind(path.name)
    finally:
        os.chdir(here)
