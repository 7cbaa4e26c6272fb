"""The time of day a one-time event happened, given differently by two reports (the temporal comparator).

"The train derailed at 7:42 a.m." / "The train derailed shortly after 9 a.m.": a derailment, an
explosion, a quake, a crash happen at one moment, so two clock times for it that cannot meet are
a contradiction. A clock time is an interval, as reporters round: an exact minute is within 5
minutes, an hour ("9 a.m."), noon or midnight within 15, "about 9 a.m." within 30, "shortly after
9 a.m." the half hour after it, "before 9 a.m." the half hour before.

A sentence is read when it gives one clock time only (so "9 a.m. local time (0600 GMT)" and "the
fire started at 2 a.m. and was contained by 6 a.m." are left alone) and the time is a complement
of a one-time event's clause (`_when._ONCE`, and "strike", "hit", "break out"), asserted, with
its participants; two such clauses are one event as `_when._one_event` says (the same head for
each role both name, and a word in common: "the quake" is not "the aftershock").
"""

from __future__ import annotations

import re

from claimdiff.compare._when import _CLASSES_EXTRA, _PRONOUN, _classes, _event_class, _one_event
from claimdiff.models import Claim

_CLOCK_RE = re.compile(
    r"(?P<mod>\b(?:shortly|just|soon|minutes|a few minutes)\s+(?:after|before)|\b(?:after|before|around|about|"
    r"approximately|roughly|near|nearly|some time after)\b)?\s*(?:at\s+(?:about|around)?\s*)?"
    r"(?:\b(?P<h>\d{1,2})(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\s*"
    r"(?=(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT|local time|hours|hrs)\b)|\b(?P<word>noon|midday|midnight)\b)",
    re.IGNORECASE)
_TIME_OBJECTS = frozenset({"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "noon", "midday", "midnight", "gmt", "utc",
                           "time", "hours", "o'clock"})
_TIME_PREPS = frozenset({"at", "around", "about", "after", "before", "near", "by"})


def clock_span(text: str) -> tuple[tuple[int, int], str, tuple[int, int]] | None:
    """((earliest, latest) in minutes after midnight, as written, (start, end)) of the one clock
    time the sentence gives; None when it gives none or several."""
    found = list(_CLOCK_RE.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    if m.group("word"):
        t = 0 if m.group("word").lower() == "midnight" else 12 * 60
        exact = False
    elif m.group("h24"):
        t, exact = int(m.group("h24")) * 60 + int(m.group("m24")), True
    else:
        h = int(m.group("h"))
        if not 1 <= h <= 12:
            return None
        pm = m.group("ap").lower().startswith("p")
        t = (h % 12 + (12 if pm else 0)) * 60 + int(m.group("m") or 0)
        exact = m.group("m") is not None
    mod = " ".join((m.group("mod") or "").lower().split())
    if mod.endswith("after"):
        lo, hi = t, t + 30
    elif mod.endswith("before") or mod == "by":
        lo, hi = t - 30, t
    elif mod in ("around", "about", "approximately", "roughly", "near", "nearly"):
        lo, hi = t - 30, t + 30
    else:
        d = 5 if exact else 15
        lo, hi = t - d, t + d
    start = m.start("mod") if m.group("mod") else m.start()
    written = text[start:m.end()].strip()
    return (lo, hi), written, (start + (len(text[start:m.end()]) - len(text[start:m.end()].lstrip())), m.end())


def _disjoint(x: tuple[int, int], y: tuple[int, int]) -> bool:
    """Cannot meet, on a 24-hour clock (11:50 p.m. and "shortly after midnight" meet)."""
    return all(x[1] < y[0] + s or y[1] + s < x[0] for s in (-1440, 0, 1440))


_QUAKES = frozenset({"earthquake", "quake", "tremor", "temblor"})
_QUAKE_BEFORE_RE = re.compile(r"\b(?:earthquake|quake|tremor|temblor)\s+$", re.IGNORECASE)


def clock_events(c: Claim) -> list[tuple]:
    """(event class, (participant words, agent, patient), interval, as written, verb span, time span)."""
    if c.parse is None:
        return []
    span = clock_span(c.text)
    if span is None:
        return []
    interval, written, tspan = span
    out = []
    for lemma, pol, mood, agent, patient, passive, comps, person, vspan in c.parse.clauses:
        ev = _event_class(lemma, comps, patient, c.text, vspan) or _CLASSES_EXTRA.get(lemma)
        if lemma == "break" and "prt:out" in comps:
            ev = "start"  # "the fire broke out at 2 a.m."
        if ev is None or pol != "+" or mood:
            continue
        if not any(prep in _TIME_PREPS and (obj in _TIME_OBJECTS or re.fullmatch(r"\d{1,2}([:.]\d\d)?", obj))
                   for prep, _, obj in (x.partition(":") for x in comps)):
            continue
        if ev == "landfall":
            who = frozenset(w for w in agent if not _PRONOUN.match(w))  # the storm
            if who:
                out.append((ev, (who, agent, ()), interval, written, vspan, tspan))
            continue
        if ev == "strike" and (set(agent) & _QUAKES or _QUAKE_BEFORE_RE.search(c.text[max(0, vspan[0] - 30):vspan[0]])):
            agent = ("earthquake",)  # "the magnitude 5.8 tremor hit": the parse may head it on "magnitude"
        who = frozenset(w for w in (*agent, *patient) if not _PRONOUN.match(w))
        if who:
            out.append((ev, (who, agent, patient), interval, written, vspan, tspan))
    return out


def clock_clash(a: Claim, b: Claim):
    """(event, agent's head in a, as written a, spans a, as written b, spans b) when the two claims time one
    one-time event to clock times that cannot meet; None otherwise."""
    for ea, wa, ia, na, va, ta in clock_events(a):
        for eb, wb, ib, nb, vb, tb in clock_events(b):
            if ea == eb and _one_event(wa, wb) and _disjoint(ia, ib):
                agent = wa[1][0] if wa[1] and not _PRONOUN.match(wa[1][0]) else ""
                return ea, agent, na, (va, ta), nb, (vb, tb)
    return None


def shallow_clocks(a: Claim, b: Claim) -> bool:
    """Pass 1: both sentences give one clock time and a verb of one class."""
    if clock_span(a.text) is None or clock_span(b.text) is None:
        return False
    return bool(_classes(a.text) & _classes(b.text))
