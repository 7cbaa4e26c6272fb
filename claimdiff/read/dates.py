"""Publication dates: read from metadata (strictly) and found in article text.

Metadata dates (`read_date`) are read only when the form says which day it is:

- year first, four digits: `2020-08-31`, `2020/8/31`, `2020.08.31`, `20200831`, with or
  without a time (`2020-08-31T10:00:00Z`, `2020-08-31 10:00`): the date as written;
- year last, four digits, with a month name or digits that can only be read one way:
  `31 August 2020`, `Aug 31, 2020`, `Mon, 31 Aug 2020 10:00:00 GMT`, `31/08/2020`,
  `08/31/2020`; `03/04/2020` could be 3 April or 4 March, and is not guessed;
- a whole number of seconds (10 digits) or milliseconds (13 digits) since 1970 (UTC),
  as JSON feeds write them.

Anything else gives no date and a reason: not a real date (`9999-99-99`, `2020-02-30`), a
two-digit or signed year (`20-01-01`, `-1-01-01`), a day and month that could be either
way, no day (`August 2020`, `2020`), or a year outside 1500-2199 (`9999-12-31`, the
"no date" of many databases). The caller warns and reads the article undated; nothing is
guessed.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from dateutil import parser as dparser

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = [
    re.compile(r"\b(?P<d>(?:19|20)\d\d[/.-](?:0?[1-9]|1[0-2])[/.-](?:0?[1-9]|[12]\d|3[01]))\b"),
    re.compile(rf"\b(?P<d>{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)\b", re.IGNORECASE),
    re.compile(rf"\b(?P<d>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d\d)\b", re.IGNORECASE),
]

FIRST_YEAR, LAST_YEAR = 1500, 2199  # a publication date outside these is a placeholder or a typo
_TIME = r"(?:[T\s].*)?"
_YEAR_FIRST = re.compile(rf"(?P<y>\d{{4}})(?P<s>[-/.])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_TIME}", re.ASCII)
_COMPACT = re.compile(rf"(?P<y>\d{{4}})(?P<m>\d\d)(?P<d>\d\d)(?:T.*)?", re.ASCII)
_YEAR_LAST = re.compile(rf"(?P<a>\d{{1,2}})(?P<s>[-/.])(?P<b>\d{{1,2}})(?P=s)(?P<y>\d{{4}}){_TIME}", re.ASCII)
_SHORT_YEAR = re.compile(rf"[-+]?\d{{1,3}}[-/.]\d{{1,2}}[-/.]\d{{1,3}}{_TIME}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}{_TIME}", re.ASCII)
_SIGNED = re.compile(r"[-+−]\s*\d", re.ASCII)
_MONTH_WORD = re.compile(rf"\b{_MONTHS}(?![a-z])", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)", re.ASCII)


def _real(y: int, m: int, d: int) -> tuple[dt.date | None, str | None]:
    try:
        day = dt.date(y, m, d)
    except ValueError as e:
        return None, f"is not a real date ({e})"
    return _plausible(day)


def _plausible(day: dt.date) -> tuple[dt.date | None, str | None]:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, f"has the year {day.year}, outside {FIRST_YEAR}-{LAST_YEAR}"
    return day, None


def _epoch(x: float) -> tuple[dt.date | None, str | None] | None:
    """Seconds (10 digits) or milliseconds (13 digits) since 1970, else None."""
    digits = len(str(int(abs(x))))
    if x <= 0 or digits not in (9, 10, 12, 13):
        return None
    secs = x / 1000 if digits >= 12 else x
    try:
        return _plausible(dt.datetime.fromtimestamp(secs, dt.timezone.utc).date())
    except (OverflowError, OSError, ValueError):
        return None


def _from_string(s: str) -> tuple[dt.date | None, str | None]:
    if m := _YEAR_FIRST.fullmatch(s) or _COMPACT.fullmatch(s):
        return _real(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _YEAR_LAST.fullmatch(s):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if a > 12 >= b:
            return _real(y, b, a)  # 31/08/2020
        if b > 12 >= a or a == b:
            return _real(y, a, b)  # 08/31/2020, 05/05/2020
        if a > 12 and b > 12:
            return None, "is not a real date (no month)"
        return None, "is ambiguous (the day and the month could be either way)"
    if _SIGNED.match(s):
        return None, "has a signed year"
    if _SHORT_YEAR.fullmatch(s):
        return None, "has no four-digit year"
    if s.isascii() and s.isdigit():
        if len(s) == 4:
            return None, "is a year, not a full date"
        got = _epoch(int(s))
        return got if got else (None, "is not a date")
    if not _FOUR_DIGITS.search(s):
        return None, "has no four-digit year"
    # month names and the like: dateutil, but only if it did not fill anything in itself
    try:
        one = dparser.parse(s, default=dt.datetime(1904, 1, 1))
        two = dparser.parse(s, default=dt.datetime(1908, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None, "is not a date"
    if one.date() != two.date():
        return None, "is not a full date (day, month and year)"
    if not _MONTH_WORD.search(s) and not _YEAR_FIRST.search(s):
        return None, "is not a date"
    return _plausible(one.date())


def read_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None), (None, None) when there is no value, or (None, why it is not a date)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, dt.datetime):
        return _plausible(value.date())
    if isinstance(value, dt.date):
        return _plausible(value)
    if isinstance(value, bool):
        return None, "is not a date"
    if isinstance(value, int):
        return _from_string(str(value)) if value >= 0 else (None, "has a signed year")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            got = _epoch(value) if math.isfinite(value) else None
            return got if got else (None, "is not a date")
        return read_date(int(value))
    if not isinstance(value, str):
        return None, "is not a date"  # lists, mappings
    from claimdiff.read.normalise import normalise_field

    s = normalise_field(value)[:100]
    if not s:
        return None, None
    return _from_string(s)


def parse_date(value: object) -> dt.date | None:
    """A date from metadata, or None (see `read_date` for the forms read and why not)."""
    return read_date(value)[0]


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
