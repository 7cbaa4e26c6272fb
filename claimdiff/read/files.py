"""Read articles from files: .txt, .md, .html/.htm, .jsonl (one article per line).

Metadata (title, publisher, author, date, url) comes, in order of precedence, from
the JSONL fields / a front-matter block at the top of a .txt or .md file / a sidecar
file `NAME.meta.json` beside `NAME.txt`, then from the page itself (HTML metadata, a
byline or date line at the head of the text). Site chrome is stripped (boilerplate.py).

Bad input never raises out of `read_paths`: each unusable file becomes one line in
`skipped` naming the file, the reason and the fix, and the rest is read.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from claimdiff.read.boilerplate import clean_text
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


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# single-byte Latin guesses of charset-normalizer that are really Windows-1252 / Latin-1
# in analysts' scrapes (it often says cp1250 for French or German text and garbles it)
_LATIN_GUESSES = {
    "cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1254", "cp1257", "mac_roman",
    "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437", "cp858", "ascii",
}
# C0/C1 control characters other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BINARY = "binary file, not text", "give claimdiff .txt, .md, .html or .jsonl files"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: NULs in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.6 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.6 and z_odd < 0.05:
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes that are not UTF-8, or None when no encoding fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _LATIN_GUESSES:
        for enc in ("cp1252", "latin-1"):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    if best is None:
        return None
    return str(best), guess


def _mostly_utf8(data: bytes, skip: int = 0) -> tuple[str, str | None] | None:
    """(text, warning) when `data[skip:]` is UTF-8, allowing for a few bad bytes; None when it
    is not UTF-8 at all. `skip` is the length of a UTF-8 byte-order mark: the mark declares
    UTF-8, so then the text is always read as UTF-8.

    The rule: bytes that are not valid UTF-8 are replaced (U+FFFD, Python's "replace") when
    at least as many characters decode as valid multi-byte UTF-8 as there are bad bytes, or
    when the only bad bytes are a sequence cut off at the very end. Text in a legacy code
    page has accents that are all invalid UTF-8 (a cp1252 "é" is one bad byte) and next to
    no valid multi-byte sequences, so it goes to encoding detection instead."""
    body = data[skip:]
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as e:
        first, cut_off = e.start + skip, e.reason == "unexpected end of data"
    esc = body.decode("utf-8", "surrogateescape")  # each bad byte -> one lone surrogate
    bad = len(_BAD_BYTE.findall(esc))
    non_ascii = len(esc) - len(esc.encode("ascii", "ignore"))
    if not skip and not cut_off and non_ascii - bad < bad:
        return None
    what = "1 byte is" if bad == 1 else f"{bad} bytes are"
    where = "at the end: a cut-off character" if cut_off else f"first at byte {first}"
    return body.decode("utf-8", "replace"), f"{what} not valid UTF-8 ({where}); read as UTF-8 with U+FFFD in their place"


_BAD_BYTE = re.compile("[\udc80-\udcff]")


def decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Bytes -> (text, warning or None). A byte-order mark decides (UTF-8/16/32); else UTF-8
    is tried first (a few bad bytes become U+FFFD, with a warning: see `_mostly_utf8`), then
    UTF-16 without a mark, then the legacy encoding charset-normalizer detects, with
    Windows-1252 preferred among the Latin single-byte code pages.

    Raises InputError for empty, binary (NUL bytes, control characters) or undecodable
    data. Stray control characters in real text are removed; line ends are kept."""
    if not data.strip():
        raise InputError(path, "empty file", "remove it or add the article text")
    text: str | None = None
    warning: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8":
                text, warning = _mostly_utf8(data, skip=len(bom))  # type: ignore[misc]
                break
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {enc} byte-order mark but is not valid {enc} "
                                       f"(byte {e.start + len(bom)})", "re-save it as UTF-8") from e
            break
    if text is None:
        head = data[:8192]
        enc16 = _utf16_without_bom(head) if b"\x00" in head else None
        if enc16:
            try:
                text = data.decode(enc16)
            except UnicodeDecodeError:
                raise InputError(path, *_BINARY) from None
        elif b"\x00" in head:
            raise InputError(path, *_BINARY)
    if text is None:
        got = _mostly_utf8(data)
        if got is not None:
            text, warning = got
        else:
            found = _legacy(data)
            if found is None:
                raise InputError(path, "cannot tell the text encoding", "save it as UTF-8") from None
            text = found[0]
    if not text.strip():
        raise InputError(path, "empty file", "remove it or add the article text")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 100):  # more than 1% control characters: not prose
        raise InputError(path, *_BINARY)
    return _CONTROL.sub("", text), warning


class _FrontMatterLoader(yaml.SafeLoader):
    """yaml's SafeLoader without implicit timestamps: `date: 2020-08-31` stays the text it is,
    so a date that is not a real date (`date: 9999-99-99`) is one warning, not a YAML error
    that loses the article, and every date is read by the one strict reader (dates.py)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.load(text[3:end], Loader=_FrontMatterLoader) or {}  # a SafeLoader, see the class
    except yaml.YAMLError as e:
        first = (str(e).splitlines() or [e.__class__.__name__])[0]
        raise InputError(path, f"front matter is not valid YAML ({first})", "fix the block between the --- lines") from e
    except (RecursionError, ValueError, OverflowError) as e:  # deep nesting, impossible dates like 2020-02-30
        raise InputError(path, f"front matter cannot be read ({e.__class__.__name__})", "fix the block between the --- lines") from e
    if not isinstance(meta, dict):
        return {}, text
    body = text[end + 4:]
    return meta, body.lstrip("\n")


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


def _html_to_text(html: str) -> tuple[str, dict]:
    """Article text and page metadata (trafilatura). Pages trafilatura cannot handle
    (nesting past the recursion limit, parser errors) and installs where it cannot be
    imported fall back to a plain, non-recursive text extraction."""
    try:
        import trafilatura
    except ImportError:  # e.g. lxml>=5.2 without lxml_html_clean (needed by jusText)
        return _plain_html_text(html)
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except (RecursionError, ValueError, TypeError, MemoryError, AttributeError):
        return _plain_html_text(html)
    if doc is None:
        return "", {}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {"title": d.get("title"), "author": d.get("author"), "date": d.get("date"),
            "publisher": d.get("sitename"), "url": d.get("url")}
    return d.get("text") or "", {k: v for k, v in meta.items() if v}


_SKIP_TAGS = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
              "button", "select", "svg", "iframe"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
               "blockquote", "pre", "dd", "dt", "figcaption", "main", "table", "ul", "ol", "hr", "title"}


def _plain_html_text(html: str) -> tuple[str, dict]:
    """Text of an HTML page by the standard library's streaming parser: no recursion,
    so any nesting depth and any broken markup give text in linear time."""
    from html.parser import HTMLParser

    out: list[str] = []
    title: list[str] = []
    state = {"skip": 0, "title": False}

    class _P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag in _SKIP_TAGS:
                state["skip"] += 1
            elif tag == "title":
                state["title"] = True
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_startendtag(self, tag, attrs):
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_endtag(self, tag):
            if tag in _SKIP_TAGS and state["skip"]:
                state["skip"] -= 1
            elif tag == "title":
                state["title"] = False
            if tag in _BLOCK_TAGS:
                out.append("\n")

        def handle_data(self, data):
            if state["title"]:
                title.append(data)
            elif not state["skip"]:
                out.append(data)

    parser = _P(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    meta = {"title": " ".join("".join(title).split())} if "".join(title).strip() else {}
    return "".join(out), meta


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
