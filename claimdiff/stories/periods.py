"""Reporting periods a lede names ("266,000 jobs in April", "claims fell last week"), resolved
against the publication date: what tells next month's statistical release from this one."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_PERIOD_RE = re.compile(
    r"\b(?:(?P<prep>in|for|during|month\s+of)\s+(?P<month>" + _MONTH_RE + r")(?:\s+(?P<year>(?:19|20)\d\d))?(?!\s*\d)"
    r"|(?P<poss>" + _MONTH_RE + r")(?:'s|’s)"
    r"|(?P<last>last|past)\s+(?P<unit>week|month|quarter)\b"
    r"|weeks?\s+end(?:ed|ing)\s+(?:on\s+)?(?P<wmonth>" + _MONTH_RE + r")\.?\s+(?P<wday>\d{1,2})\b"
    r"|(?P<qn>first|second|third|fourth)[- ]quarter)")


def reporting_periods(text: str, published: dt.date | None) -> list[str]:
    """The reporting periods a title and lead name, resolved against the publication date:
    "266,000 jobs in April" -> ["m2021-04"], "claims fell last week" -> ["w2021-18"]. Statistical
    releases (jobs reports, weekly claims, monthly inflation) read almost the same every time;
    the period they report on is what tells them apart. Undated articles resolve nothing relative."""
    out = set()
    for m in _PERIOD_RE.finditer(text):
        month = m.group("month") or m.group("poss")
        if month:
            mi = _MONTHS.index(month.lower()) + 1
            year = int(m.group("year")) if m.group("year") else None
            if year is None and published is not None:  # the latest such month not after publication
                year = published.year if mi <= published.month else published.year - 1
            if year is not None:
                out.add(f"m{year}-{mi:02d}")
        elif m.group("last") and published is not None:
            back = True  # "last week", "past month": the period before the one published in
            unit = m.group("unit").lower()
            if unit == "week":
                d = published - dt.timedelta(days=7 if back else 0)
                y, w, _ = d.isocalendar()
                out.add(f"w{y}-{w:02d}")
            elif unit == "month":
                y, mo = (published.year, published.month - 1) if back else (published.year, published.month)
                if mo == 0:
                    y, mo = y - 1, 12
                out.add(f"m{y}-{mo:02d}")
            else:
                q = (published.month - 1) // 3 + 1 - (1 if back else 0)
                y = published.year - (1 if q == 0 else 0)
                out.add(f"q{y}-{q if q else 4}")
        elif m.group("wmonth") and published is not None:
            mi = _MONTHS.index(m.group("wmonth").lower()) + 1
            y = published.year if mi <= published.month else published.year - 1
            try:
                d = dt.date(y, mi, int(m.group("wday")))
            except ValueError:
                continue
            iy, iw, _ = d.isocalendar()
            out.add(f"w{iy}-{iw:02d}")
        elif m.group("qn") and published is not None:
            q = ["first", "second", "third", "fourth"].index(m.group("qn").lower()) + 1
            y = published.year if q <= (published.month - 1) // 3 + 1 else published.year - 1
            out.add(f"q{y}-{q}")
    return sorted(out)
