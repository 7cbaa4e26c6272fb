"""Read articles from files: .txt, .md, .html/.htm, .jsonl (one article per line).

Metadata (title, publisher, author, date, url) comes, in order of precedence, from
the JSONL fields / a front-matter block at the top of a .txt or .md file / a sidecar
file `NAME.meta.json` beside `NAME.txt`, then from the page itself (HTML metadata, a
byline or date line at the head of the text). Site chrome is stripped (boilerplate.py).

Bytes become text in decode.py, front matter and HTML in formats.py.

Bad input never raises out of `read_paths`: each unusable file becomes one line in
`skipped` naming the file, the reason and the fix, and the rest is read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path


from claimdiff.read.boilerplate import clean_text
from claimdiff.read.decode import _CONTROL, decode
from claimdiff.read.formats import _front_matter, _html_to_text
from claimdiff.read.dates import read_date
from claimdiff.read.normalise import normalise_field, one_line
from claimdiff.errors import InputError
from claimdiff.models import Article, short_hash

log = logging.getLogger("claimdiff.read")
log.addHandler(logging.NullHandler())  # a library: the caller decides where warnings go (the CLI: stderr)

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
META_SUFFIX = ".meta.json"
MAX_BYTES = 20_000_000  # decimal megabytes, like --max-size
_META_KEYS = {"title", "publisher", "source", "author", "date", "url"}


@dataclass(frozen=True)
class ReadResult:
    articles: list[Article]
    skipped: list[str]  # one line each: "PATH: reason (fix)"
    warnings: list[str] = field(default_factory=list)  # one line each, for articles that were read


@dataclass(frozen=True)
class ReadWarning:
    """Something about an article that was read anyway: "PATH: what (what to do)"."""

    path: str
    reason: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason} ({self.fix})"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files under the given paths, sorted, each once; symlink loops are not followed twice.

    A folder that cannot be listed becomes an InputError (os.walk would skip it silently)."""
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if not p.exists():
            if p.is_symlink():
                yield InputError(p, "broken or looping symbolic link", "point the link at a real file")
            else:
                yield InputError(p, "no such file or directory", "check the path")
            continue
        if not p.is_dir():
            yield p
            continue
        errors: list[OSError] = []
        for root, dirs, files in os.walk(p, followlinks=True, onerror=errors.append):
            yield from (_os_error(Path(e.filename or root), e, "cannot list folder") for e in errors)
            errors.clear()
            real = os.path.realpath(root)
            if real in seen:
                dirs[:] = []
                continue
            seen.add(real)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.endswith(META_SUFFIX):
                    continue
                yield Path(root) / name
        yield from (_os_error(Path(e.filename or p), e, "cannot list folder") for e in errors)


_OS_FIXES = {
    errno.ENOENT: "it was moved or deleted while claimdiff ran; run again",
    errno.EACCES: "check the file's permissions",
    errno.EPERM: "check the file's permissions",
    errno.EISDIR: "it is a folder with a file's name; give the folder itself",
    errno.ELOOP: "a symbolic link points back at itself; fix the link",
}


def _os_error(path: Path, e: OSError, what: str = "cannot read") -> InputError:
    reason = f"{what} ({e.strerror or e.__class__.__name__})"
    return InputError(path, reason, _OS_FIXES.get(e.errno or 0, "check that the file is readable"))


def _sidecar(path: Path) -> dict:
    side = path.with_name(path.stem + META_SUFFIX)
    if not os.path.lexists(side):
        return {}
    data = _read_regular(side, MAX_BYTES)
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise InputError(side, f"metadata file is not valid JSON ({e})", "fix or remove the .meta.json file") from e
    if not isinstance(meta, dict):
        raise InputError(side, "metadata file must hold a JSON object", 'e.g. {"publisher": "...", "date": "2020-08-31"}')
    return meta


def _meta_text(value: object) -> str | None:
    """A metadata field as one line of normalised text (read/normalise.py: no control or
    invisible characters, NFKC); lists, mappings and blanks are ignored."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float)):
        s = normalise_field(_CONTROL.sub(" ", str(value)))
        return s[:1000] or None
    return None


_DATE_FIX = "write it as YYYY-MM-DD, or remove it"


def make_article(path: str, text: str, meta: dict, raw_sha256: str,
                 warnings: list[ReadWarning] | None = None) -> Article:
    """The Article for one document. A metadata date that is not a date is not used: one
    ReadWarning goes to `warnings` and the article is read with the date its text shows,
    else undated."""
    raw_date = meta.get("date")
    meta = {k: _meta_text(v) for k, v in meta.items() if k != "date"}
    cleaned = clean_text(_CONTROL.sub("", text))
    if not cleaned.text.strip():
        raise InputError(path, "no article text left after removing site chrome", "check that the file holds an article")
    date, problem = read_date(raw_date)
    if problem and warnings is not None:
        shown = raw_date if isinstance(raw_date, str) else repr(raw_date)
        then = (f"the date in the text ({cleaned.date.isoformat()}) is used" if cleaned.date
                else "the article is read undated")
        warnings.append(ReadWarning(str(path), f"date {shown[:60]!r} {problem}; {then}", _DATE_FIX))
    date_source = "metadata" if date else ("text" if cleaned.date else "none")
    title = meta.get("title") or (normalise_field(cleaned.title) if cleaned.title else None)
    author = meta.get("author") or (normalise_field(cleaned.author) if cleaned.author else None)
    return Article(
        id=short_hash(cleaned.text),
        path=str(path),
        text=cleaned.text,
        title=title or None,
        publisher=meta.get("publisher") or meta.get("source"),
        author=author or None,
        date=date or cleaned.date,
        date_source=date_source,
        url=meta.get("url"),
        raw_sha256=raw_sha256,
    )


_MAX_ID = 200  # characters of a JSONL id kept in the article's path


def _jsonl_articles(path: Path, text: str, raw_sha: str) -> Iterator[Article | InputError | ReadWarning]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(path, f"line {n}: not valid JSON ({e.msg} at column {e.colno})", "one JSON object per line")
            continue
        except RecursionError:
            yield InputError(path, f"line {n}: JSON nested too deeply", "one flat JSON object per line")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            yield InputError(path, f'line {n}: needs a non-empty "text" field', '{"text": "...", "publisher": "...", "date": "YYYY-MM-DD"}')
            continue
        meta = {k: row[k] for k in _META_KEYS if k in row}
        ident = row.get("id")
        ident = one_line(ident if isinstance(ident, str) and ident.strip() else (ident or n))  # no newline, NUL
        if len(ident) > _MAX_ID:
            ident = ident[:_MAX_ID] + "…"
        warnings: list[ReadWarning] = []
        try:
            article = make_article(f"{path}#{ident}", row["text"], meta, raw_sha, warnings)
        except InputError as e:
            yield e
            continue
        yield from warnings
        yield article


_NOT_REGULAR_FIX = "claimdiff reads only regular files: save the article as a .txt, .md, .html or .jsonl file"


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "not a file"


def _not_regular(path: Path, mode: int) -> InputError:
    kind = _file_kind(mode)
    if os.path.islink(path):
        kind += f", through a symbolic link to {os.path.realpath(path)}"
    return InputError(path, f"not a regular file ({kind})", _NOT_REGULAR_FIX)


def _read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file, at most `max_bytes`. Anything else (a FIFO, a socket, a
    device, directly or through a symbolic link) is refused without being read: stat first,
    then open with O_NONBLOCK (a FIFO swapped in after the stat cannot block the open) and
    check the opened file again."""
    try:
        st = os.stat(path)
    except OSError as e:
        if e.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(path, f"broken symbolic link (to {os.readlink(path)})",
                             "point the link at a real file, or remove it") from None
        raise _os_error(path, e) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise _os_error(path, e) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st.st_mode)
        if st.st_size > max_bytes:
            raise InputError(path, f"file is {st.st_size / 1e6:.3g} MB, over the {max_bytes / 1e6:.3g} MB limit",
                             f"split it, or raise the limit with --max-size {st.st_size // 1_000_000 + 1}")
        chunks: list[bytes] = []
        got = 0
        while got <= max_bytes:  # a file that grows while read is still bounded
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as e:
        raise _os_error(path, e) from None
    finally:
        os.close(fd)
    if got > max_bytes:
        raise InputError(path, f"file grew past the {max_bytes / 1e6:.3g} MB limit while read",
                         "run again once it is complete")
    return b"".join(chunks)


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError | ReadWarning]:
    """The articles of one file (one, or one per JSONL line), the InputError of each that
    cannot be read, and a ReadWarning for each that was read with a problem."""
    ext = path.suffix.lower()
    try:
        data = _read_regular(path, max_bytes) if ext in EXTENSIONS else None
    except InputError as e:
        yield e
        return
    if data is None:
        try:  # an odd name that is not a regular file is still said to be what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        yield (_not_regular(path, mode) if not stat.S_ISREG(mode) else
               InputError(path, f"unknown file type {ext or '(none)'}", "claimdiff reads .txt, .md, .html and .jsonl"))
        return
    raw_sha = hashlib.sha256(data).hexdigest()
    try:
        text, problem = decode(data, path)
        if problem:
            yield ReadWarning(str(path), problem, "re-save the file as UTF-8 to keep those characters")
        if ext == ".jsonl":
            yield from _jsonl_articles(path, text, raw_sha)
            return
        meta = _sidecar(path)
        if ext in {".html", ".htm"}:
            text, page_meta = _html_to_text(text)
            meta = {**page_meta, **meta}
        else:
            fm, text = _front_matter(text, path)
            meta = {**meta, **{k: v for k, v in fm.items() if k in _META_KEYS}}
        warnings: list[ReadWarning] = []
        article = make_article(str(path), text, meta, raw_sha, warnings)
        yield from warnings
        yield article
    except InputError as e:
        yield e


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> ReadResult:
    """Every article under `paths`. Each input that cannot be read is one line in `skipped`,
    each article read with a problem (bad bytes, a date that is not a date) one line in
    `warnings`, also logged on the "claimdiff.read" logger as it is found. Both are one
    line each: newlines, NULs and invisible characters in names are escaped (`\\n`)."""
    articles: dict[str, Article] = {}
    skipped: list[str] = []
    warnings: list[str] = []
    for item in iter_files(paths):
        if isinstance(item, InputError):
            skipped.append(one_line(item))
            continue
        for a in read_file(item, max_bytes):
            if isinstance(a, InputError):
                skipped.append(one_line(a))
            elif isinstance(a, ReadWarning):
                warnings.append(one_line(a))
                log.warning("%s", warnings[-1])
            elif a.id not in articles:  # the same article twice is read once
                articles[a.id] = a
    return ReadResult(articles=list(articles.values()), skipped=skipped, warnings=warnings)
