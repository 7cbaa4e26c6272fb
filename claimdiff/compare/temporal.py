"""Temporal conflicts: the same event given deadlines or periods that disagree.

"troops will leave within a year" vs "troops withdrawn over 3 years"; "the layoffs come
within six months" vs "the layoffs will be spread over three years"; "will take eight
years" vs "a three year period". Both claims must name the same event (an event word
such as withdraw / lay off in both), be about the same thing (what they say apart from
their time words overlaps, and ctx.similarity), agree on negation (from the parse when
there is one: what each sentence asserts), and each hold exactly one deadline or period
(several periods in one claim, "8 years ... 3 years", are ambiguous).

Two deadlines for one target group ("a first dose to all over-50s by mid-April" / "every
adult over 50 will be offered a first dose by the end of May") are of the same target when
the sentences name the same age group and share a few words of what is done.

Candidate keys (`candidate_keys`): the length of a signed contract and of a truce are one
value per story, so two such claims of one story are compared even when their wording is
far apart ("signed a five-year contract running until June 2031" / "agreed a four-year deal").
"""

from __future__ import annotations

from typing import ClassVar

from claimdiff.models import Claim, Finding, TimeExpr
from claimdiff.compare import PairContext
from claimdiff.compare._text import age_groups, events, subject_stems
from claimdiff.compare._clock import clock_clash, shallow_clocks
from claimdiff.compare._when import calendar_clash, day_clash, once_keys, shallow_days

import re

MIN_SIMILARITY = 0.3
# a time anchored to the same event word in both ("a 30-day truce" / "the truce will last 60 days")
# is evidence enough that they are about one thing; the pair still has to be a candidate
MIN_ANCHORED_SIMILARITY = 0.05
# the later report revises the timetable: "will now take eight years", "the deadline was pushed back"
# under the engine's candidate threshold a pair is there by a candidate key: it must be the keyed length
KEYED_SIMILARITY = 0.4
_REVISED = re.compile(r"\b(?:now|revised|pushed back|delayed|postponed|extended|brought forward|moved up|"
                      r"new (?:timetable|timeline|deadline|schedule)|updated)\b", re.IGNORECASE)
MIN_OVERLAP = 0.15
# two deadlines with no event word in common: the rest of the sentences must be much the same
MIN_DEADLINE_OVERLAP = 0.3
_DEADLINE_SLACK_DAYS = 10
_SLACK_DAYS = {"year": 366, "month": 31, "day": 1, None: 1}
_EVENT_NOUN = {"withdraw": "withdrawal", "deploy": "deployment", "layoff": "layoffs", "arrest": "arrests",
               "evacuate": "evacuation", "reduce": "reduction", "increase": "increase", "decrease": "decrease",
               "hire": "hiring", "vote": "vote", "spend": "spending", "sign": "signing", "verdict": "verdict",
               "charge": "charges", "indictment": "indictment", "sentencing": "sentencing",
               "resign": "resignation", "die": "death", "elect": "election", "swear": "swearing-in",
               "rule": "ruling", "publish": "publication", "marry": "wedding", "explode": "explosion",
               "derail": "derailment", "collapse": "collapse", "start": "start", "launch": "launch", "land": "landing", "crash": "crash", "vaccinate": "vaccinations",
               "replace": "replacement", "present": "presence", "kill": "killings", "sell": "sale", "buy": "purchase"}


# What a time expression is the time of: the event word next to it, in the same clause.
# Durations: how long a thing runs ("a 30-day truce", "the truce will last 60 days",
# "after deliberating for three days", "two days of deliberations", "a four-year deal").
_DURATION_EVENTS = {
    "truce": r"truce|cease-?fire|armistice",
    "contract": r"contract|deal|lease|loan spell",
    "deliberations": r"deliberat\w*",
    "trial": r"trial",
    "strike": r"strike|walkout",
    "cuts": r"(?:job\s+)?cuts|reductions|layoffs|job losses",
    "talks": r"talks|negotiations",
    "closure": r"closure|shutdown|lockdown",
    "suspension": r"suspension|ban",
    "term": r"term in office|mandate",
    # things that run for hours
    "standoff": r"stand-?off|siege|hostage (?:crisis|situation)",
    "outage": r"outage|blackout|power cut",
    "search": r"search|manhunt|rescue operation",
    "debate": r"debate|filibuster|speech",
    "surgery": r"surgery",
    "delay": r"delay",
    "meeting": r"meeting",
    # an extension of powers, a deadline, a visa: "a 90-day extension" / "prolong ... for a further six months"
    "extension": r"extension|extend(?:ed|s|ing)?|prolong(?:ed|s|ing)?|renew(?:ed|s|ing)?|renewal",
}
# Dates: when a scheduled thing happens ("Sentencing is set for June 21", "the report is due on Sept. 5").
_DATE_EVENTS = {
    "sentencing": r"sentencing|be sentenced",
    "hearing": r"hearing|(?:oral )?arguments",
    "trial": r"trial",
    "report": r"report|release",
    "vote": r"vote|referendum|ballot|runoff",
    "talks": r"talks|negotiations",
    "meeting": r"meeting|summit",
    "launch": r"launch|opening|reopening",
    "ruling": r"ruling|verdict|decision",
}
_DUR_RE = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in _DURATION_EVENTS.items()}
_DATE_RE = {k: re.compile(rf"\b(?:{v})\b", re.I) for k, v in _DATE_EVENTS.items()}
# a date is of a scheduled event: "scheduled for", "set for", "due on", "will ... on"
_SCHEDULED = re.compile(r"\b(?:scheduled|set|due|slated|expected|planned|will|would|is to|are to|postponed|"
                        r"rescheduled|moved|delayed|pushed back)\b", re.I)
_CLAUSE_END = re.compile(r"[,;:()\u2014]| - | and | but | while | which | who ")
_WINDOW = 60  # characters either side, within the clause


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - _WINDOW)
    left = text[lo:start]
    cuts = [m.end() for m in _CLAUSE_END.finditer(left)]
    lo = lo + cuts[-1] if cuts else lo
    hi = min(len(text), end + _WINDOW)
    m = _CLAUSE_END.search(text, end, hi)
    return lo, (m.start() if m else hi)


def _anchor(text: str, t: TimeExpr, table: dict[str, re.Pattern]) -> str | None:
    """The event the time expression belongs to: the nearest event word of the table in its clause."""
    lo, hi = _clause(text, t.start, t.end)
    if not re.search(r"[A-Za-z]{3}", text[lo:t.start]) and lo > 0:
        # the clause is the bare predicate: "The walkout, which ended on Monday, lasted 12 days":
        # its subject is the sentence's head, before the first comma
        head = _CLAUSE_END.search(text)
        lo, hi = 0, head.start() if head else lo
        if not re.search(r"\b(?:last(?:s|ed)?|took|will take|ran|run)\s*$", text[:t.start].rstrip()[-12:] + " ", re.I) \
                and not re.match(r"(?:last|took|take|ran|run)", t.text, re.I):
            return None
    best: tuple[int, str] | None = None
    for fam, rx in table.items():
        for m in rx.finditer(text, lo, hi):
            d = t.start - m.end() if m.end() <= t.start else m.start() - t.end if m.start() >= t.end else 0
            if best is None or d < best[0]:
                best = (d, fam)
    return best[1] if best else None


def _anchored(c: Claim) -> dict[tuple[str, str], list[TimeExpr]]:
    """(what, event) -> the claim's time expressions of that event: ("len", "truce"), ("date", "sentencing")."""
    out: dict[tuple[str, str], list[TimeExpr]] = {}
    for t in c.times:
        if t.kind in ("duration", "period") and t.days:
            fam = _anchor(c.text, t, _DUR_RE)
            if fam:
                out.setdefault(("len", fam), []).append(t)
        elif t.kind == "date" and t.granularity == "day" and t.date is not None:
            lo, hi = _clause(c.text, t.start, t.end)
            if not _SCHEDULED.search(c.text[max(0, lo - 40):hi]):
                continue
            fam = _anchor(c.text, t, _DATE_RE)
            if fam:
                out.setdefault(("date", fam), []).append(t)
    return out


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
        if ta.kind == "deadline" and tb.kind == "deadline" and "year" not in (ta.granularity, tb.granularity):
            # "by the end of May" is a day, give or take: "by mid-April" / "by the end of May" differ
            slack = _DEADLINE_SLACK_DAYS
        for t in (ta, tb):
            if t.kind in ("period", "duration") and t.days:
                slack = max(slack, 0.1 * t.days)
        gap = abs((ta.date - tb.date).days)
        return min(1.0, gap / 1095.0) if gap > slack else None
    return None


def _length(days: float) -> str:
    if days < 1:  # hours and minutes: "14 hours", "90 minutes"
        hours = days * 24
        if hours >= 1 and abs(hours - round(hours)) < 1e-6:
            return f"{round(hours)} hour" + ("" if round(hours) == 1 else "s")
        return f"{round(days * 1440):g} minutes"
    if days < 60 and days == int(days):
        return f"{int(days / 7)} weeks" if days % 7 == 0 and days > 7 else f"{days:g} day" + ("" if days == 1 else "s")
    for unit, n in (("year", 365.25), ("month", 30.4375), ("week", 7.0), ("day", 1.0)):
        if days >= n * 0.95:
            k = round(days / n, 1)
            k_s = f"{k:g}"
            return f"{k_s} {unit}" + ("" if k == 1 else "s")
    return f"{days:g} days"


def _describe(t: TimeExpr) -> str:
    if t.kind in ("period", "duration") and t.days:
        return f"{_length(t.days)} (“{t.text}”)"
    if t.date is not None and t.kind == "date":
        return f"the date {t.date.isoformat()} (“{t.text}”)"
    if t.date is not None:
        return f"a deadline of {t.date.isoformat()} (“{t.text}”)"
    return f"“{t.text}”"


def _anchored_pair(a: Claim, b: Claim) -> tuple[str, TimeExpr, TimeExpr, float] | None:
    """The one length or date both claims give for the same event, when they disagree."""
    ka, kb = _anchored(a), _anchored(b)
    for key in sorted(set(ka) & set(kb)):
        if len(ka[key]) != 1 or len(kb[key]) != 1:
            continue  # "a 30-day truce ... after 60 days": ambiguous
        ta, tb = ka[key][0], kb[key][0]
        if key[0] == "len":
            r = abs(ta.days - tb.days) / max(ta.days, tb.days)
            if r > 0.15:
                return key[1], ta, tb, r
        elif ta.date != tb.date:
            return key[1], ta, tb, min(1.0, abs((ta.date - tb.date).days) / 30.0)
    return None


# stages of a scheduled event, each with its own date: a trial's jury selection is not its opening
_STAGE_RE = re.compile(r"\b(jury selection|opening (?:statements|arguments)|closing arguments|deliberations|"
                       r"pre-?trial|preliminary|first round|second round|final round|runoff|early voting|"
                       r"registration|deadline|appeal|retrial)\b", re.I)


def _stages(text: str) -> frozenset[str]:
    return frozenset(m.group(1).lower() for m in _STAGE_RE.finditer(text))


def _noun(ev: str) -> str:
    return {"be sentenced": "sentencing"}.get(ev, ev)


# events that are a change of a quantity: their periods are measurement windows unless they look ahead
_CHANGE_EVENTS = frozenset({"increase", "decrease", "reduce", "raise", "rise", "fall", "cut"})
_AHEAD = re.compile(r"\b(?:within|next|coming|take|takes|will)\b", re.I)
# a contract's length is one value per story only for the contract a party signs or agrees
_SIGNED = re.compile(r"\b(?:sign(?:s|ed|ing)?|agree(?:s|d)?|pen(?:s|ned)?|ink(?:s|ed)?|(?:has|have) committed|"
                     r"extend(?:s|ed)?|put pen to paper)\b", re.I)
# lengths a story has one value of: the contract signed, the truce agreed
_KEYED = frozenset({"contract", "truce"})


def _keys(c: Claim) -> frozenset[str]:
    out = set()
    for (what, fam), ts in _anchored(c).items():
        if what != "len" or fam not in _KEYED or len(ts) != 1:
            continue
        if fam == "contract" and not _SIGNED.search(c.text):
            continue  # "the club's kit deal runs for ten years": not the contract of the story's signing
        out.add(f"len:{fam}")
    return frozenset(out)


class TemporalComparator:
    kind: ClassVar[str] = "temporal"

    def candidate_keys(self, claim: Claim) -> frozenset[str]:
        """The length of the contract signed or of the truce, a storm's landfall: one value per story."""
        return _keys(claim) | once_keys(claim.text)

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        if _negated(a) != _negated(b):
            return None
        day = self._event_day(a, b, ctx)
        if day is not None:
            return day
        hit = self._event_times(a, b) if ctx.similarity >= MIN_SIMILARITY else None
        if hit is None and ctx.similarity >= MIN_ANCHORED_SIMILARITY:
            hit = _anchored_pair(a, b)
            if hit is not None and ctx.similarity_source == "embedding" and ctx.similarity < KEYED_SIMILARITY \
                    and f"len:{hit[0]}" not in (_keys(a) & _keys(b)):
                hit = None  # under the engine's candidate threshold: only a keyed length (a contract, a truce)
        if hit is None:
            return None
        ev, ta, tb, size = hit
        if ta.kind in ("date", "deadline") and _stages(a.text) != _stages(b.text):
            return None  # "jury selection ... on 3 October" / "the trial will begin on 14 October": two stages
        return self._finding(a, b, ctx, ev, ta, tb, size)

    def _event_day(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        """One one-time event (a vote, a verdict, a resignation) on two different days
        (compare/_when.py): "On Wednesday, the House voted" / "The House resolution passed Tuesday"."""
        if ctx.similarity < MIN_SIMILARITY:
            return None
        if a.parse is None or b.parse is None:
            # pass 1: a weekday needs both publication dates to be resolved, a calendar day does not
            if not (shallow_days(a, b, weekdays=ctx.date_a is not None and ctx.date_b is not None)
                    or shallow_clocks(a, b)):
                return None
            return Finding(kind=self.kind, score=0.5, explanation="one event on two different days",
                           facet="time|day", relation="contradiction")
        if (cal := calendar_clash(a, b)) is not None:
            ev, _, na, sa, _, nb, sb = cal
            return Finding(kind=self.kind, score=round(min(1.0, 0.6 + 0.4 * ctx.similarity), 3),
                           explanation=f"one dates the {_EVENT_NOUN.get(ev, ev)} to {na}, the other to {nb}",
                           highlights_a=(sa,), highlights_b=(sb,), facet=f"time|{ev}|day", relation="contradiction")
        if (clock := clock_clash(a, b)) is not None:
            ev, who, na, sa, nb, sb = clock
            noun = who if ev == "strike" and who else _EVENT_NOUN.get(ev, ev)  # "the quake struck": the quake
            return Finding(kind=self.kind, score=round(min(1.0, 0.6 + 0.4 * ctx.similarity), 3),
                           explanation=f"one times the {noun} {na}, the other {nb}",
                           highlights_a=sa, highlights_b=sb, facet=f"time|{ev}|clock", relation="contradiction")
        if ctx.date_a is None or ctx.date_b is None:
            return None
        clash = day_clash(a, b, ctx.date_a, ctx.date_b)
        if clash is None:
            return None
        ev, da, na, sa, db, nb, sb = clash
        noun = _EVENT_NOUN.get(ev, ev)
        expl = (f"one dates the {noun} to {na.title()} ({da.isoformat()}), the other to {nb.title()} "
                f"({db.isoformat()}), each read against its own publication date")
        score = round(min(1.0, 0.6 + 0.4 * ctx.similarity), 3)
        return Finding(kind=self.kind, score=score, explanation=expl, highlights_a=(sa,), highlights_b=(sb,),
                       facet=f"time|{ev}|day", relation="contradiction")

    @staticmethod
    def _event_times(a: Claim, b: Claim) -> tuple[str, TimeExpr, TimeExpr, float] | None:
        """One deadline or period each, for an event both name (or, for two deadlines, one
        clearly the same subject: "every adult ... by the end of June" / "... by the end of September")."""
        ta_all, tb_all = _timed(a), _timed(b)
        if len(ta_all) != 1 or len(tb_all) != 1:
            return None
        ta, tb = ta_all[0], tb_all[0]
        ga, gb = age_groups(a.text), age_groups(b.text)
        if ga and gb and not (ga & gb):
            return None  # "all over-65s by March" / "everyone over 40 by April": two targets
        shared = events(a.text) & events(b.text)
        wa, wb = subject_stems(a.text), subject_stems(b.text)
        ov = len(wa & wb) / len(wa | wb) if wa and wb else 0.0
        if shared:
            if ov < MIN_OVERLAP:
                return None
            ev = sorted(shared)[0]
            if set(shared) <= _CHANGE_EVENTS and not all(_AHEAD.search(t.text) for t in (ta, tb)):
                # "prices rise 19 cents in a month" / "increases 10 cents in 2 weeks": two windows a
                # change is measured over, not two timetables for it
                return None
        elif ta.kind == "deadline" and tb.kind == "deadline" and ov >= MIN_DEADLINE_OVERLAP:
            ev = "deadline"
        elif ta.kind == "deadline" and tb.kind == "deadline" and ov >= MIN_OVERLAP \
                and len(groups := ga & gb) == 1:
            # one target group ("over-50s" / "every adult over 50"), what is done in common words
            (g,) = groups
            ev = f"deadline for people {'over' if g.endswith('+') else 'under'} {g[:-1]}"
        else:
            return None
        size = _disagree(ta, tb)
        return None if size is None else (ev, ta, tb, size)

    def _finding(self, a: Claim, b: Claim, ctx: PairContext, ev: str, ta: TimeExpr, tb: TimeExpr,
                 size: float) -> Finding:
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
