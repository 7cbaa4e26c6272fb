"""Read articles from files: .txt, .md, .html/.htm, .jsonl (one article per line).

Metadata (title, publisher, author, date, url) comes, in order of precedence, from
the JSONL fields / a front-matter block at the top of a .txt or .md file / a sidecar
file `NAME.meta.json` beside `NAME.txt`, then from the page itself (HTML metadata, a
byline or date line at the head of the text). Site chrome is stripped (boilerplate.py).

Bad input never raises out of `read_paths`: each unusable file becomes one line in
`skipped` naming the file, the reason and the fix, and the rest is read.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .boilerplate import clean_text
from .dates import parse_date
from .errors import InputError
from .models import Article, short_hash

EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}
META_SUFFIX = ".meta.json"
MAX_BYTES = 20 * 1024 * 1024
_META_KEYS = {"title", "publisher", "source", "author", "date", "url"}


@dataclass(frozen=True)
class ReadResult:
    articles: list[Article]
    skipped: list[str]  # one line each: "PATH: reason (fix)"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files under the given paths, sorted, each once; symlink loops are not followed twice."""
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if not p.exists():
            yield InputError(p, "no such file or directory", "check the path")
            continue
        if p.is_file():
            yield p
            continue
        for root, dirs, files in os.walk(p, followlinks=True):
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


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else the legacy encoding charset-normalizer detects."""
    if not data.strip():
        raise InputError(path, "empty file", "remove it or add the article text")
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file, not text", "give claimdiff .txt, .md, .html or .jsonl files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "cannot tell the text encoding", "save it as UTF-8")
    return str(best)


def _front_matter(text: str, path: Path) -> tuple[dict, str]:
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as e:
        raise InputError(path, f"front matter is not valid YAML ({str(e).splitlines()[0]})", "fix the block between the --- lines") from e
    if not isinstance(meta, dict):
        return {}, text
    body = text[end + 4:]
    return meta, body.lstrip("\n")


def _sidecar(path: Path) -> dict:
    side = path.with_name(path.stem + META_SUFFIX)
    if not side.is_file():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(side, f"metadata file is not valid JSON ({e})", "fix or remove the .meta.json file") from e
    if not isinstance(meta, dict):
        raise InputError(side, "metadata file must hold a JSON object", 'e.g. {"publisher": "...", "date": "2020-08-31"}')
    return meta


def _html_to_text(html: str) -> tuple[str, dict]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None:
        return "", {}
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    meta = {"title": d.get("title"), "author": d.get("author"), "date": d.get("date"),
            "publisher": d.get("sitename"), "url": d.get("url")}
    return d.get("text") or "", {k: v for k, v in meta.items() if v}


def make_article(path: str, text: str, meta: dict, raw_sha256: str) -> Article:
    cleaned = clean_text(text)
    if not cleaned.text.strip():
        raise InputError(path, "no article text left after removing site chrome", "check that the file holds an article")
    date = parse_date(meta.get("date"))
    date_source = "metadata" if date else ("text" if cleaned.date else "none")
    return Article(
        id=short_hash(cleaned.text),
        path=str(path),
        text=cleaned.text,
        title=meta.get("title") or cleaned.title,
        publisher=meta.get("publisher") or meta.get("source"),
        author=meta.get("author") or cleaned.author,
        date=date or cleaned.date,
        date_source=date_source,
        url=meta.get("url"),
        raw_sha256=raw_sha256,
    )


def _jsonl_articles(path: Path, text: str, raw_sha: str) -> Iterator[Article | InputError]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(path, f"line {n}: not valid JSON ({e.msg})", "one JSON object per line")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
            yield InputError(path, f'line {n}: needs a non-empty "text" field', '{"text": "...", "publisher": "...", "date": "YYYY-MM-DD"}')
            continue
        meta = {k: row[k] for k in _META_KEYS if row.get(k)}
        ident = str(row.get("id") or n)
        try:
            yield make_article(f"{path}#{ident}", row["text"], meta, raw_sha)
        except InputError as e:
            yield e


def read_file(path: Path, max_bytes: int = MAX_BYTES) -> Iterator[Article | InputError]:
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        yield InputError(path, f"unknown file type {ext or '(none)'}", "claimdiff reads .txt, .md, .html and .jsonl")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield InputError(path, f"file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit",
                             "split it, or raise the limit with --max-size")
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(path, f"cannot read ({e.strerror or e})", "check the file's permissions")
        return
    raw_sha = hashlib.sha256(data).hexdigest()
    try:
        text = decode(data, path)
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
        yield make_article(str(path), text, meta, raw_sha)
    except InputError as e:
        yield e


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> ReadResult:
    articles: dict[str, Article] = {}
    skipped: list[str] = []
    for item in iter_files(paths):
        if isinstance(item, InputError):
            skipped.append(str(item))
            continue
        for a in read_file(item, max_bytes):
            if isinstance(a, InputError):
                skipped.append(str(a))
            elif a.id not in articles:  # the same article twice is read once
                articles[a.id] = a
    return ReadResult(articles=list(articles.values()), skipped=skipped)
