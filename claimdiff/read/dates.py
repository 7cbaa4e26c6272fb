"""Find and parse publication dates written in article text (python-dateutil)."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dparser

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<d>(?:19|20)\d\d[/.-](?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01]))\b"),
    re.compile(rf"\b(?P<d>{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d\d)\b", re.IGNORECASE),
]


def parse_date(value: object) -> dt.date | None:
    """A date from metadata: a date, a datetime, or a string such as 2020-08-31."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None  # lists, mappings: not a date
    s = str(value).strip()[:100]
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return dparser.parse(s, default=dt.datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError, TypeError):
        return None


def find_date(text: str) -> dt.date | None:
    """The first full calendar date written in `text` (day, month and year), else None."""
    best: tuple[int, dt.date] | None = None
    for pat in _DATE_PATTERNS:
        for m in pat.finditer(text):
            try:
                d = dparser.parse(m.group("d").replace(".", " ") if not m.group("d")[0].isdigit() else m.group("d"),
                                  default=dt.datetime(1900, 1, 1)).date()
            except (ValueError, OverflowError, TypeError):
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), d)
            break
    return best[1] if best else None
