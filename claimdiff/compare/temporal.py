"""Temporal conflicts: the same event given deadlines or periods that disagree.

"troops will leave within a year" vs "troops withdrawn over 3 years"; "the layoffs come
within six months" vs "the layoffs will be spread over three years"; "will take eight
years" vs "a three year period". Both claims must name the same event (an event word
such as withdraw / lay off in both), be about the same thing (what they say apart from
their time words overlaps, and ctx.similarity), agree on negation (from the parse when
there is one: what each sentence asserts), and each hold exactly one deadline or period
(several periods in one claim, "8 years ... 3 years", are ambiguous).
"""

from __future__ import annotations

from typing import ClassVar

from claimdiff.models import Claim, Finding, TimeExpr
from claimdiff.compare import PairContext
from claimdiff.compare._text import events, subject_stems

import re

MIN_SIMILARITY = 0.3
# the later report revises the timetable: "will now take eight years", "the deadline was pushed back"
_REVISED = re.compile(r"\b(?:now|revised|pushed back|delayed|postponed|extended|brought forward|moved up|"
                      r"new (?:timetable|timeline|deadline|schedule)|updated)\b", re.IGNORECASE)
MIN_OVERLAP = 0.15
_SLACK_DAYS = {"year": 366, "month": 31, "day": 1, None: 1}
_EVENT_NOUN = {"withdraw": "withdrawal", "deploy": "deployment", "layoff": "layoffs", "arrest": "arrests",
               "evacuate": "evacuation", "reduce": "reduction", "increase": "increase", "decrease": "decrease",
               "hire": "hiring", "vote": "vote", "spend": "spending", "vaccinate": "vaccinations",
               "replace": "replacement", "present": "presence", "kill": "killings", "sell": "sale", "buy": "purchase"}


def _timed(c: Claim) -> list[TimeExpr]:
    return [t for t in c.times if t.kind in ("deadline", "period")]


def _negated(c: Claim) -> bool:
    if c.parse is None:
        return c.negated
    return any(p == "-" for _, p, _ in c.parse.assertions)


def _disagree(ta: TimeExpr, tb: TimeExpr) -> float | None:
    """Relative size of the disagreement, or None when they agree or cannot be compared."""
    if ta.kind == "period" and tb.kind == "period" and ta.days and tb.days:
        r = abs(ta.days - tb.days) / max(ta.days, tb.days)
        return r if r > 0.15 else None
    if ta.date and tb.date:
        if ta.kind == "deadline" and tb.kind == "deadline" and ta.granularity == "year" and tb.granularity == "year":
            return min(1.0, abs(ta.date.year - tb.date.year) / 3) if ta.date.year != tb.date.year else None
        slack = max(_SLACK_DAYS[ta.granularity], _SLACK_DAYS[tb.granularity])
        for t in (ta, tb):
            if t.kind == "period" and t.days:
                slack = max(slack, 0.1 * t.days)
        gap = abs((ta.date - tb.date).days)
        return min(1.0, gap / 1095.0) if gap > slack else None
    return None


def _length(days: float) -> str:
    for unit, n in (("year", 365.25), ("month", 30.4375), ("week", 7.0), ("day", 1.0)):
        if days >= n * 0.95:
            k = round(days / n, 1)
            k_s = f"{k:g}"
            return f"{k_s} {unit}" + ("" if k == 1 else "s")
    return f"{days:g} days"


def _describe(t: TimeExpr) -> str:
    if t.kind == "period" and t.days:
        return f"{_length(t.days)} (“{t.text}”)"
    if t.date is not None:
        return f"a deadline of {t.date.isoformat()} (“{t.text}”)"
    return f"“{t.text}”"


class TemporalComparator:
    kind: ClassVar[str] = "temporal"

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        ta_all, tb_all = _timed(a), _timed(b)
        if len(ta_all) != 1 or len(tb_all) != 1 or _negated(a) != _negated(b):
            return None
        shared = events(a.text) & events(b.text)
        if not shared or ctx.similarity < MIN_SIMILARITY:
            return None
        wa, wb = subject_stems(a.text), subject_stems(b.text)
        if not wa or not wb or len(wa & wb) / len(wa | wb) < MIN_OVERLAP:
            return None
        ta, tb = ta_all[0], tb_all[0]
        size = _disagree(ta, tb)
        if size is None:
            return None
        ev = sorted(shared)[0]
        score = round(min(1.0, 0.5 + 0.3 * size + 0.2 * min(1.0, ctx.similarity)), 3)
        expl = f"the {_EVENT_NOUN.get(ev, ev)}: one gives {_describe(ta)}, the other {_describe(tb)}"
        relation = "contradiction"
        if ctx.same_story and ctx.date_a is not None and ctx.date_b is not None and ctx.date_a != ctx.date_b:
            later, early_t, later_t, d0, d1 = ((b, ta, tb, ctx.date_a, ctx.date_b) if ctx.date_a < ctx.date_b
                                               else (a, tb, ta, ctx.date_b, ctx.date_a))
            if _REVISED.search(later.text):
                relation = "update"
                expl = (f"the {_EVENT_NOUN.get(ev, ev)}: {_describe(early_t)} on {d0.isoformat()}, "
                        f"{_describe(later_t)} on {d1.isoformat()}: a later, revised timetable")
        return Finding(kind=self.kind, score=score, explanation=expl,
                       highlights_a=((ta.start, ta.end),), highlights_b=((tb.start, tb.end),), facet=f"time|{ev}",
                       relation=relation)
