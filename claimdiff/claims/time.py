"""Time expressions resolved against the publication date.

- dates: "December 31, 2021", "31 December 2021", "2021-12-31" (day); "January 2020"
  (month); "on December 29" (day, in the year of publication);
- deadlines: "by the end of 2021", "before the end of the year", "by December 31, 2021",
  "by mid-2022", "by next year" (kind "deadline", `date` = the last day allowed);
- periods: "within a year", "over three years", "over a period of 8 years", "in the next
  six months", "a three-year period" (kind "period", `days`, `start_date` = publication,
  `date` = publication + days when the publication date is known);
- periods also: "will take eight years", "lasted three months", "ended after 14 hours" (how long it
  runs); hours and minutes are fractions of a day;
- durations: "for two years" (kind "duration", `days`).
Relative day names ("last weekend", "on Thursday") are skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil import parser as dparser

from claimdiff.models import TimeExpr
from claimdiff.claims.numbers import words_to_number

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_M = rf"(?:{_MONTHS})\.?"
_Y = r"(?:19|20)\d\d"
_NUMW = (r"(?:\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
         r"fifteen|twenty|thirty|forty|fifty|sixty|a few|several|a couple of)")
_UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25, "decade": 3652.5}

_DATE_RES = [
    (re.compile(rf"\b(?P<d>{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_Y})\b", re.I), "day"),
    (re.compile(rf"\b(?P<d>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M},?\s+{_Y})\b", re.I), "day"),
    (re.compile(rf"\b(?P<d>{_Y}-\d\d-\d\d)\b"), "day"),
    (re.compile(rf"\b(?P<d>{_M},?\s+{_Y})\b", re.I), "month"),
    # a day without a year, after a preposition or a verb of scheduling ("set November 3 as the date")
    (re.compile(rf"\b(?:on|since|until|from|by|before|after|as of|for|to|set|sets|begins?|starts?|opens?|ends?|"
                rf"began|started|opened|ended|held|scheduled|slated|due|expected)\s+(?:the\s+)?"
                rf"(?P<d>{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?|"
                rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_M})\b(?!,?\s+{_Y})", re.I), "day_noyear"),
]
_DEADLINE_CUE = re.compile(r"\b(?:by|before|until|till|no later than|not later than|deadline(?:\s+(?:of|is|was))?|"
                           r"ahead of|prior to)\s+(?:the\s+)?$", re.I)
_END_OF = re.compile(
    rf"\b(?P<cue>by|before|until|till|no later than|at|through)\s+(?:the\s+)?(?P<which>end|middle|start|beginning|close)\s+of\s+"
    rf"(?:the\s+)?(?P<what>{_Y}|(?:this|the|next|current|coming)\s+year|year|{_M}(?:\s+{_Y})?)", re.I)
_MID = re.compile(rf"\b(?P<cue>by|before|until)\s+(?P<which>mid|early|late|end)[- ](?P<what>{_Y})\b", re.I)
# "by mid-April", "by late March 2024": a month part as the deadline
_MID_MONTH = re.compile(rf"\b(?P<cue>by|before|until|no later than)\s+(?P<which>mid|early|late|end)[- ]"
                        rf"(?P<m>{_M})(?:,?\s+(?P<y>{_Y}))?\b", re.I)
_BY_YEAR = re.compile(rf"\b(?P<cue>by|before|until|no later than)\s+(?P<what>{_Y}|next year|this year)\b", re.I)
_PERIOD = re.compile(
    rf"\b(?P<cue>within|(?:over\s+)?a\s+period\s+of|over|in the next|in the coming|during the next|for|over the next|over the course of|in)\s+"
    rf"(?:a\s+period\s+of\s+|the\s+(?:next|coming)\s+|(?:a\s+further|another|an\s+additional|an\s+extra)\s+)?"
    rf"(?P<n>{_NUMW})[\s-]+(?P<unit>minute|hour|day|week|month|year|decade)s?\b", re.I)  # "for a further six months"
# "will take eight years", "could take up to a decade", "lasted three months": how long it runs
_TAKES = re.compile(
    rf"\b(?P<cue>tak(?:e|es|en|ing)|took|last(?:s|ed|ing)?)\s+(?:(?:about|around|roughly|some|up to|at least|"
    rf"nearly|almost|more than|less than|another|only|just)\s+)?(?P<n>{_NUMW})[\s-]+(?P<unit>minute|hour|day|week|month|year|decade)s?\b",
    re.I)
# "the standoff ended after 14 hours": how long it ran, said at its end
_ENDED_AFTER = re.compile(
    rf"\b(?P<cue>(?:ended|ending|ends|concluded|was over|finished|came to an end)\s+(?:only\s+)?after)\s+"
    rf"(?:(?:about|around|roughly|some|nearly|almost|more than|less than|just over|just under)\s+)?"
    rf"(?P<n>{_NUMW})[\s-]+(?P<unit>minute|hour|day|week|month|year|decade)s?\b", re.I)
_N_YEAR_PERIOD = re.compile(
    rf"\b(?P<n>{_NUMW})[\s-]+(?P<unit>minute|hour|day|week|month|year|decade)s?[\s-]+(?:long\s+)?(?:period|timetable|timeline|"
    rf"deadline|window|plan|withdrawal|pullout|drawdown|schedule)\b", re.I)

# "a 30-day truce", "a five-year contract": how long the thing the compound names runs
_N_UNIT_NOUN = re.compile(
    rf"\b(?P<n>{_NUMW})-(?P<unit>minute|hour|day|week|month|year|decade)-?(?:long\s+)?(?=\s*(?P<noun>[a-z]+))", re.I)
# "a week-long truce", "a month-long strike"
_UNIT_LONG = re.compile(r"\b(?:(?P<n>a|one)\s+)?(?P<unit>hour|day|week|month|year)-long\b", re.I)
# "two days of deliberations", "three years of talks"
_N_UNITS_OF = re.compile(
    rf"\b(?P<n>{_NUMW})\s+(?P<unit>minute|hour|day|week|month|year|decade)s?\s+of\s+(?=(?P<noun>[a-z]+))", re.I)


def _num(s: str) -> float | None:
    s = s.lower().strip()
    if s in ("a", "an"):
        return 1.0
    if s == "a few":
        return 3.0
    if s == "several":
        return 4.0
    if s == "a couple of":
        return 2.0
    try:
        return float(s)
    except ValueError:
        return words_to_number(s)


def _parse(s: str, default: dt.date) -> dt.date | None:
    try:
        return dparser.parse(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", s).replace(" of ", " "),
                             default=dt.datetime(default.year, default.month, 1)).date()
    except (ValueError, OverflowError):
        return None


def _month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def _year_of(what: str, published: dt.date | None) -> int | None:
    w = what.lower()
    if re.fullmatch(_Y, w):
        return int(w)
    if published is None:
        return None
    return published.year + (1 if w.startswith("next") else 0)


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def read_times(text: str, published: dt.date | None) -> tuple[TimeExpr, ...]:
    out: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []

    def add(t: TimeExpr) -> None:
        out.append(t)
        taken.append((t.start, t.end))

    # deadlines first: "by the end of 2021", "before the end of the year"
    for m in _END_OF.finditer(text):
        what, which = m.group("what"), m.group("which").lower()
        mm = re.match(rf"({_M})(?:\s+({_Y}))?$", what, re.I)
        if mm:
            y = int(mm.group(2)) if mm.group(2) else (published.year if published else None)
            if y is None:
                continue
            d0 = _parse(f"{mm.group(1)} 1 {y}", dt.date(y, 1, 1))
            if d0 is None:
                continue
            d = _month_end(y, d0.month) if which in ("end", "close") else d0.replace(day=15 if which == "middle" else 1)
            gran = "month"
        else:
            y = _year_of(what, published)
            if y is None:
                continue
            d = {"end": dt.date(y, 12, 31), "close": dt.date(y, 12, 31), "middle": dt.date(y, 6, 30),
                 "start": dt.date(y, 1, 1), "beginning": dt.date(y, 1, 1)}[which]
            gran = "year" if which in ("end", "close") else "month"
        kind = "deadline" if m.group("cue").lower() != "at" else "date"
        add(TimeExpr(text=m.group(0), start=m.start(), end=m.end(), kind=kind, date=d, granularity=gran))
    for m in _MID.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        y = int(m.group("what"))
        d = {"mid": dt.date(y, 6, 30), "early": dt.date(y, 4, 30), "late": dt.date(y, 12, 31),
             "end": dt.date(y, 12, 31)}[m.group("which").lower()]
        add(TimeExpr(text=m.group(0), start=m.start(), end=m.end(), kind="deadline", date=d, granularity="month"))
    for m in _MID_MONTH.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        y = int(m.group("y")) if m.group("y") else (published.year if published else None)
        if y is None:
            continue
        d0 = _parse(f"{m.group('m')} 1 {y}", dt.date(y, 1, 1))
        if d0 is None:
            continue
        which = m.group("which").lower()
        d = {"mid": d0.replace(day=15), "early": d0.replace(day=10), "late": _month_end(y, d0.month),
             "end": _month_end(y, d0.month)}[which]
        add(TimeExpr(text=m.group(0), start=m.start(), end=m.end(), kind="deadline", date=d, granularity="month"))
    # dates (a cue before them makes them deadlines)
    for pat, gran in _DATE_RES:
        for m in pat.finditer(text):
            s, e = m.start("d"), m.end("d")
            if _overlaps(taken, s, e):
                continue
            if gran == "day_noyear":
                if published is None:
                    continue
                d = _parse(m.group("d") + f" {published.year}", published)
                g = "day"
            else:
                d = _parse(m.group("d"), published or dt.date(2000, 1, 1))
                g = gran
            if d is None:
                continue
            if g == "month":
                d = d.replace(day=1)
            cue = _DEADLINE_CUE.search(text[max(0, s - 25):s])
            kind = "date"
            if cue:
                kind = "deadline"
                s = s - (len(text[max(0, s - 25):s]) - cue.start())
                if g == "month":
                    d = _month_end(d.year, d.month)
            add(TimeExpr(text=text[s:e], start=s, end=e, kind=kind, date=d, granularity=g))
    for m in _BY_YEAR.finditer(text):
        if _overlaps(taken, m.start(), m.end()):
            continue
        y = _year_of(m.group("what"), published)
        if y is None:
            continue
        d = dt.date(y, 12, 31) if m.group("cue").lower() != "before" else dt.date(y - 1, 12, 31)
        add(TimeExpr(text=m.group(0), start=m.start(), end=m.end(), kind="deadline", date=d, granularity="year"))
    # periods and durations
    for pat in (_PERIOD, _TAKES, _ENDED_AFTER, _N_YEAR_PERIOD):
        for m in pat.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            n = _num(m.group("n"))
            if n is None or n <= 0:
                continue
            days = n * _UNIT_DAYS[m.group("unit").lower()]
            cue = (m.groupdict().get("cue") or "").lower()
            kind = "duration" if cue in ("for",) else "period"
            if cue == "in" and not re.search(r"\b(?:within|next|coming)\b", m.group(0), re.I):
                kind = "period"
            end = published + dt.timedelta(days=round(days)) if (published and kind == "period") else None
            add(TimeExpr(text=m.group(0), start=m.start(), end=m.end(), kind=kind, date=end,
                         start_date=published if kind == "period" else None, days=days,
                         granularity="year" if m.group("unit").lower() in ("year", "decade") else
                         "month" if m.group("unit").lower() == "month" else "day"))
    # "a 30-day truce", "two days of deliberations": durations of the thing named
    for pat in (_N_UNIT_NOUN, _N_UNITS_OF, _UNIT_LONG):
        for m in pat.finditer(text):
            if _overlaps(taken, m.start(), m.end()) or (m.groupdict().get("noun") or "").lower() in ("old", "olds"):
                continue
            n = _num(m.group("n")) if m.group("n") else 1.0
            if n is None or n <= 0:
                continue
            unit = m.group("unit").lower()
            add(TimeExpr(text=m.group(0).rstrip(), start=m.start(), end=m.start() + len(m.group(0).rstrip()),
                         kind="duration", days=n * _UNIT_DAYS[unit],
                         granularity="year" if unit in ("year", "decade") else "month" if unit == "month" else "day"))
    out.sort(key=lambda t: t.start)
    return tuple(out)
