"""The day a one-time event happened, given differently by two reports (the temporal comparator).

"On Wednesday, the House voted 396-9 on a bill that reaffirmed the motto" / "The House resolution
on the national motto passed Tuesday": both published on Wednesday 2 November, so one says the vote
was on 2 November and the other on 1 November. A vote on one bill, a verdict, a resignation, a
signing happen once: two days for it cannot both be right. Events that recur (a protest, a
statement, fighting) are not read here.

A clause of the parse (`Parse.clauses`) is an event on a day when its verb is one of `_ONCE`, it
is asserted (polarity "+", no modal or condition) and it carries one weekday ("on Tuesday",
"passed Tuesday"). The weekday is resolved against the article's date: the latest such day on or
before publication ("on Tuesday" in a Wednesday paper is the day before). Two such clauses are one
event when their verbs are of one class and their participants (agent and patient, with their
modifiers) share a word that is not a pronoun. Each sentence must name one weekday only and no
"next", "last" or "this" before it (a weekday of another week), and no calendar date.

A calendar day ("signed the bill on March 10" / "was signed into law on March 3") needs no
publication date: `calendar_days` reads the month and day as written, from a sentence with one
such day, no weekday, and no "second bill", "another vote" (another of the same kind).
"""

from __future__ import annotations

import datetime as dt
import re

from claimdiff.models import Claim

# one-time events, by class (two verbs of one class are one event: "voted" / "passed")
_ONCE = {
    **{v: "vote" for v in ("vote", "pass", "approve", "adopt", "reject", "ratify")},
    **{v: "sign" for v in ("sign", "veto")},
    # a verdict, a sentencing, a charge and an indictment are each their own day
    **{v: "verdict" for v in ("convict", "acquit")},
    **{v: "sentencing" for v in ("sentence",)},
    **{v: "charge" for v in ("charge",)},
    **{v: "indictment" for v in ("indict",)},
    **{v: "arrest" for v in ("arrest", "detain")},
    **{v: "resign" for v in ("resign", "quit")},
    **{v: "die" for v in ("die",)},
    **{v: "elect" for v in ("elect",)},
    **{v: "swear" for v in ("swear",)},
    **{v: "rule" for v in ("rule",)},
    **{v: "publish" for v in ("publish",)},
    **{v: "launch" for v in ("launch",)},
    **{v: "land" for v in ("land",)},
    **{v: "crash" for v in ("crash",)},
    **{v: "marry" for v in ("marry", "wed")},
    **{v: "explode" for v in ("explode",)},
    **{v: "derail" for v in ("derail",)},
    **{v: "collapse" for v in ("collapse",)},
    # a thing begins once: "the trial began on May 4" / "the trial opened on May 11"
    **{v: "start" for v in ("begin", "start", "open")},
}
# ... and events of one moment that only a clock time dates (compare/_clock.py): "the quake struck at 3:14 a.m."
_CLASSES_EXTRA = {"strike": "strike", "hit": "strike", "crest": "crest"}  # a river crests once a flood
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_OTHER_WEEK = re.compile(r"\b(?:next|last|this|coming|following|previous|every|each|on|since)\s+(?:(?:past|coming)\s+)?"
                         r"(?:mon|tues|wednes|thurs|fri|satur|sun)days\b|\b(?:next|last|this|coming|following|previous|"
                         r"every|each|until|by|from|since)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_CALENDAR = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+"
                       r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:yesterday|today|tonight|"
                       r"tomorrow|overnight)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"^pron:")
_WEEKDAY_NAMES_CAP = frozenset(d.title() for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                                   "sunday"))
_MEASURE_NOUNS = frozenset("bill resolution measure law legislation amendment motion budget package treaty deal plan "
                           "proposal nomination ordinance referendum".split())


# a weekday that only names the calendar day after it: "on Tuesday, June 10", "on Friday 18 April"
_WEEKDAY_OF_DATE = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
                              r"sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|"
                              r"apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)", re.IGNORECASE)
_WEEKDAY_PART_RE = re.compile(r"\bon\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+(morning|afternoon|evening|night)\b",
                              re.IGNORECASE)
_WEEKDAY_AFTER_RE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?(?:late|early)\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
                               re.IGNORECASE)
# one thing under two names: "signed the border agreement" / "the border accord was signed"
_SAME_HEAD = {"accord": "agreement", "pact": "agreement", "deal": "agreement", "treaty": "agreement",
              "paper": "study",  # "the study was published" / "a paper published on Monday"
              "quake": "earthquake", "tremor": "earthquake", "temblor": "earthquake"}


def _event_class(lemma: str, comps, patient, text: str, span) -> str | None:
    """The one-time event a clause names: its verb's class (`_ONCE`), or a storm's landfall
    ("made landfall", "came ashore"); "passed away" is a death, not a vote."""
    if lemma == "pass" and "prt:away" in comps:
        return "die"
    if (lemma == "make" and "landfall" in patient) or re.match(r"\s+ashore\b", text[span[1]:]):
        return "landfall"  # "made landfall", "came ashore", "roared ashore"
    return _ONCE.get(lemma)


_LANDFALL_RE = re.compile(r"\bmad(?:e|es|ing)\s+(?:a\s+)?landfall\b|\b\w+\s+ashore\b", re.IGNORECASE)


def once_keys(text: str) -> frozenset[str]:
    """Candidate keys (shallow) of one-time events a story has one of, dated or timed in the
    sentence: a storm's landfall ("came ashore near Gulfport late Wednesday")."""
    if _LANDFALL_RE.search(text) and (_WEEKDAY_RE.search(text) or re.search(r"\d\s*[ap]\.?m\b|\bnoon\b|\bmidnight\b|"
                                                                         r"\bdawn\b", text, re.I)) \
            and not _ANOTHER_RE.search(text):
        return frozenset({"once:landfall"})
    return frozenset()


def resolve(weekday: str, published: dt.date) -> dt.date:
    """The latest `weekday` on or before the publication date."""
    back = (published.weekday() - _WEEKDAYS.index(weekday)) % 7
    return published - dt.timedelta(days=back)


def event_days(c: Claim, published: dt.date | None) -> list[tuple]:
    """(event class, (participant words, agent, patient), resolved day, weekday, verb span) of each one-time event
    the claim dates by a weekday."""
    if c.parse is None or published is None:
        return []
    days = [m.group(0).lower() for m in _WEEKDAY_RE.finditer(c.text)]
    if len(set(days)) != 1 or _OTHER_WEEK.search(c.text) or _CALENDAR.search(c.text) or _ANOTHER_RE.search(c.text):
        return []
    out = []
    for lemma, pol, mood, agent, patient, passive, comps, person, span in c.parse.clauses:
        ev = _event_class(lemma, comps, patient, c.text, span)
        if ev is None or pol != "+" or mood:
            continue
        day = next((obj for prep, _, obj in (x.partition(":") for x in comps)
                    if obj in _WEEKDAYS and prep in ("on", "when")), None)
        if day is None and (m := _WEEKDAY_PART_RE.search(c.text)) and f"on:{m.group(2).lower()}" in comps:
            day = m.group(1).lower()  # "made landfall on Thursday morning": the parse hangs "on" on the morning
        if day is None and (m := _WEEKDAY_AFTER_RE.match(c.text, span[1])):
            day = m.group(1).lower()  # "came ashore late Wednesday evening", "voted early Tuesday"
        if day is None:
            continue
        if ev == "vote" and agent and agent[0] in _MEASURE_NOUNS and not patient:
            agent, patient = (), agent  # "The House resolution passed Tuesday": what passed, not who voted
        who = frozenset(w for w in (*agent, *patient) if not _PRONOUN.match(w))
        if ev == "publish" and _journal(c.text):
            patient = (*patient, "in:" + _journal(c.text))  # two journals, two papers
        if ev == "landfall":
            agent, patient = agent, (_landfall_place(c.text),) if _landfall_place(c.text) else ()
            who = who - {"landfall"}  # the storm, and where it came ashore (two landfalls, two places)
        if who:
            out.append((ev, (who, agent, patient), resolve(day, published), day, span))
    return out


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_DAY_RE = re.compile(r"\b(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d1>\d{1,2})\b|"
                           r"\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                           r"nov|dec)[a-z]*\b", re.IGNORECASE)


# another of the same kind: "signed a second bill on March 12", "a separate vote"
_ANOTHER_RE = re.compile(r"\b(?:second|third|another|separate|other|new|earlier|later|previous)\s+(?:[\w-]+\s+)?"
                         r"(?:bill|vote|trial|law|measure|order|case|hearing|round|attempt|deal|landfall|paper|study|report)s?\b",
                         re.IGNORECASE)
# where a paper came out: "in the journal Palaeontology Letters", "in Nature"
_JOURNAL_RE = re.compile(r"\bin\s+(?:the\s+)?(?:journal\s+)?(?-i:((?:[A-Z][\w-]*\s*){1,4}))", re.IGNORECASE)


def _journal(text: str) -> str:
    m = _JOURNAL_RE.search(text)
    return m.group(1).strip().lower() if m else ""
# where a storm came ashore: "near the fishing town of Carraway", "close to Carraway", "in Louisiana"
_ASHORE_AT_RE = re.compile(r"\b(?:near|close to|at|in|over|on)\s+(?:the\s+)?(?:[a-z]+\s+){0,3}?(?:of\s+)?"
                           r"(?-i:([A-Z][a-z]+))", re.IGNORECASE)


def _landfall_place(text: str) -> str:
    m = _ASHORE_AT_RE.search(text)
    return m.group(1).lower() if m and m.group(1) not in _WEEKDAY_NAMES_CAP else ""


def calendar_days(c: Claim) -> list[tuple]:
    """(event class, (participant words, agent, patient), (month, day), as written, verb span) of each
    one-time event the claim dates by one calendar day ("signed the bill on March 10"). The day is
    read as written (month and day), so no publication date is needed; a sentence with two dates
    or a weekday besides is left alone."""
    own_weekday = _WEEKDAY_OF_DATE.search(c.text)
    weekdays = {m.group(0).lower() for m in _WEEKDAY_RE.finditer(c.text)}
    if c.parse is None or (weekdays and not (own_weekday and len(weekdays) == 1)) or _OTHER_WEEK.search(c.text) \
            or _ANOTHER_RE.search(c.text):
        return []
    found = list(_MONTH_DAY_RE.finditer(c.text))
    if len(found) != 1 or len([t for t in c.times if t.kind == "date"]) > 1:
        return []
    m = found[0]
    month = next(i for i, name in enumerate(_MONTHS, 1) if name.startswith((m.group("m1") or m.group("m2")).lower()))
    day = (month, int(m.group("d1") or m.group("d2")))
    out = []
    for lemma, pol, mood, agent, patient, passive, comps, person, span in c.parse.clauses:
        ev = _event_class(lemma, comps, patient, c.text, span)
        if ev is None or pol != "+" or mood:
            continue
        if not any(prep == "on" and (obj[:3] in {x[:3] for x in _MONTHS} or obj.isdigit()
                                     or (own_weekday and obj in _WEEKDAYS))  # "on Tuesday, June 10"
                   for prep, _, obj in (x.partition(":") for x in comps)):
            continue
        if ev == "vote" and agent and agent[0] in _MEASURE_NOUNS and not patient:
            agent, patient = (), agent
        if lemma == "open" and "fire" in patient:
            continue  # "opened fire" begins nothing that happens once
        who = frozenset(w for w in (*agent, *patient) if not _PRONOUN.match(w))
        if who:
            out.append((ev, (who, agent, patient), day, m.group(0), span))
    return out


def calendar_clash(a: Claim, b: Claim):
    """As `day_clash`, for one-time events dated by calendar days that differ."""
    for ea, wa, da, na, sa in calendar_days(a):
        for eb, wb, db, nb, sb in calendar_days(b):
            if ea == eb and _one_event(wa, wb) and da != db:
                return ea, da, na, sa, db, nb, sb
    return None


def _one_event(x, y) -> bool:
    """Same participants: each role named on both sides has the same head ("the House" is not
    "the Senate"), and the two share a word ("the House voted" / "the House resolution passed")."""
    (wx, ax, px), (wy, ay, py) = x, y
    for rx, ry in ((ax, ay), (px, py)):
        if rx and ry and not _PRONOUN.match(rx[0]) and not _PRONOUN.match(ry[0]) \
                and _SAME_HEAD.get(rx[0], rx[0]) != _SAME_HEAD.get(ry[0], ry[0]):
            return False
    vx, vy = {w for w in px if w.startswith("in:")}, {w for w in py if w.startswith("in:")}
    if vx and vy and not (vx & vy):
        return False  # published in two journals
    if wx & wy:
        return True
    nx, ny = {_SAME_HEAD.get(w, w) for w in wx}, {_SAME_HEAD.get(w, w) for w in wy}
    # one thing under two names ("the study" / "a paper") unless each says more and none of it is
    # shared ("the border agreement" / "the trade deal")
    return bool(nx & ny) and not ((nx - ny) and (ny - nx))


def day_clash(a: Claim, b: Claim, date_a: dt.date | None, date_b: dt.date | None):
    """(event, day a, weekday a, span a, day b, weekday b, span b) when the two claims date one
    one-time event to different days; None otherwise."""
    for ea, wa, da, na, sa in event_days(a, date_a):
        for eb, wb, db, nb, sb in event_days(b, date_b):
            if ea == eb and _one_event(wa, wb) and da != db:
                return ea, da, na, sa, db, nb, sb
    return None


def _forms(lemma: str) -> set[str]:
    base = lemma[:-1] if lemma.endswith("e") else lemma
    out = {lemma, lemma + "s", base + "ed", base + "ing", lemma + "d"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ied", lemma[:-1] + "ies"}
    return out | {"died", "dies", "dying"} if lemma == "die" else out


_FORM_CLASS = {f: ev for v, ev in {**_ONCE, **_CLASSES_EXTRA}.items() for f in _forms(v)} | \
    {"struck": "strike", "broke": "start", "breaks": "start", "break": "start"}


def _classes(text: str) -> set[str]:
    found = {_FORM_CLASS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _FORM_CLASS}
    return found | {"landfall"} if _LANDFALL_RE.search(text) else found  # "made landfall", "came ashore"


def shallow_days(a: Claim, b: Claim, weekdays: bool = True) -> bool:
    """Pass 1: both sentences name a weekday (or both a calendar day) and a verb of one class of `_ONCE` ("voted" /
    "passed"); whether the days differ once resolved is decided on the parse (pass 2)."""
    if not ((weekdays and _WEEKDAY_RE.search(a.text) and _WEEKDAY_RE.search(b.text)) or
            (_MONTH_DAY_RE.search(a.text) and _MONTH_DAY_RE.search(b.text))):
        return False
    return bool(_classes(a.text) & _classes(b.text))
