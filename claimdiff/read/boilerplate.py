"""Strip site chrome from scraped article text.

Scraped pages arrive with navigation, log-in prompts, "LATEST CONTENT" teaser lists,
comment forms and repeated blocks around the article. The rules live in
claimdiff/data/boilerplate.yaml; this module applies them line by line:

- a *tail marker* line (comments, related links, teaser lists) ends the article once
  some body text has been seen;
- *drop lines* (log-in prompts, image alt text, story ids, lone numbers) are removed;
- a line repeated verbatim (a title shown twice, a teaser block printed twice) is kept
  once;
- date lines and bylines at the head are read as metadata and removed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from claimdiff.read.dates import _MONTHS, find_date
from claimdiff.read.normalise import normalise


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None
    date: dt.date | None
    author: str | None


@dataclass(frozen=True)
class _Rules:
    tail: re.Pattern[str]
    drop: re.Pattern[str]
    prefix: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = yaml.safe_load(resources.files("claimdiff.data").joinpath("boilerplate.yaml").read_text("utf-8"))

    def alt(items: list[str]) -> re.Pattern[str]:
        return re.compile(r"^(?:" + "|".join(f"(?:{i})" for i in items) + r")$", re.IGNORECASE)

    prefixes = "|".join(re.escape(p) for p in data["strip_prefixes"])
    return _Rules(tail=alt(data["tail_markers"]), drop=alt(data["drop_lines"]),
                  prefix=re.compile(rf"^(?:{prefixes})\s*(?=\S)", re.IGNORECASE))


_BYLINE = re.compile(r"^(?i:by)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})(?P<rest>.*)$")
# "Name Surname - Researcher on ..." closing a lede paragraph (common on think-tank sites)
_TRAILING_AUTHOR = re.compile(
    r"(?:(?<=[.!?”\"])|^)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,4})\s+[–—-]\s*"
    r"(?P<role>(?:Researcher|Expert|Analyst|Professor|Editor|Correspondent|Senior|Former)\b[^.!?]{0,80})$"
)
_DATE_START = re.compile(rf"\s+(?={_MONTHS}\s+\d|\d{{1,4}}[/.-]\d)", re.IGNORECASE)
_PROSE_END = re.compile(r"[.!?”\"’)]\s*$")


def _is_prose(line: str) -> bool:
    return len(line.split()) >= 8 and bool(_PROSE_END.search(line))


def _norm(line: str) -> str:
    """The key under which a repeated line is found: invisible characters and case do not count."""
    return " ".join(normalise(line).lower().split())


# a whitespace run becomes one space, except a non-breaking, thin or narrow space between digit
# groups ("2\u202f000"): it is a thousands separator, which read/normalise.py turns into ","
_SPACE_RUN = re.compile(r"(?P<keep>(?<=\d)[\u00a0\u2007-\u200a\u202f](?=\d{3}(?!\d)))|\s+")


def _collapse(line: str) -> str:
    if line.isascii():
        return " ".join(line.split())
    return _SPACE_RUN.sub(lambda m: m.group() if m.group("keep") else " ", line).strip()


def clean_text(raw: str) -> Cleaned:
    rules = _rules()
    kept: list[str] = []
    seen: set[str] = set()
    title: str | None = None
    date: dt.date | None = None
    author: str | None = None
    body_chars = 0
    for line in raw.splitlines():
        line = rules.prefix.sub("", line.strip())
        line = _collapse(line)
        if not line:
            continue
        key = _norm(line)
        plain = line if line.isascii() else normalise(line)  # rules see "Comments", however it is written
        if rules.tail.match(plain) and body_chars > 0:
            break
        if rules.drop.match(plain) or key in seen:
            continue
        seen.add(key)
        head = body_chars == 0
        if head:
            m = _TRAILING_AUTHOR.search(line)
            if m and _is_prose(line[: m.start()]):
                author = author or m.group("name")
                line = line[: m.start()].rstrip()
        if head and title is None and len(line.split()) <= 25 and not find_date(line):
            title = line  # the first real line of a page is its headline
            kept.append(line)
            continue
        if head and not _is_prose(line):
            m = _BYLINE.match(line)
            if m:
                # "By Ken Hanly  Oct 5, 2020 in Politics": the name stops where a date begins
                name = _DATE_START.split(line[m.start("name"):], maxsplit=1)[0]
                author = author or " ".join(name.split()[:4]) or None
                date = date or find_date(line)
                continue
            d = find_date(line)
            # a line that is mostly a date (and maybe categories) is metadata
            if d and len(re.sub(r"[^A-Za-z]", "", line)) < 40:
                date = date or d
                continue
        if _is_prose(line):
            body_chars += len(line)
        kept.append(line)
    return Cleaned(text="\n\n".join(kept), title=title, date=date, author=author)
