"""Numeric conflicts: two claims count the same thing in the same context with numbers
whose intervals cannot both be true.

Same thing means: the same unit class ("troops"), no clash of nationality or group
modifiers ("us" vs "iraqi"), the same count markers (an increment "2,500 more", a rate
"each", a total "in all", a remainder "now" / "left" are not plain counts), the same event
("withdraw"; a count with no event only matches a count with no event) and no clash of
place ("in Syria" vs "from Iraq"). Counts with no unit match only when the words right
around the number are the same in both claims.

Alignment: numbers that agree are set aside first; a remaining number is compared only
when it has exactly one counterpart on the other side and that counterpart has exactly
one on this side. "Had 9 dimes and got 7 dimes" vs "has 16 dimes" is not flagged.

Two passes (see conflicts.py). Without a parse (pass 1) the shallow reading above decides,
generously: it only picks the pairs worth parsing. With a parse (pass 2) the two quantities'
referents (claims/referent.py) must match as well (`same_referent`): the thing counted
("$1T in unspent funds" is not "a $3.5T budget"), the modifiers that change what is counted
("core" inflation, "new" spending, "global" growth), the event ("withdrawn" vs "replaced"),
the actor when both name one (McCain "cutting $800 billion" vs Obama "cut $716 billion" are
two acts, not one fact), and the reference period ("in April" vs "in July", "year on year"
vs "month on month"). A duration ("over three years", "a 10-year plan") is compared only
with a duration of the same event.

Figures a story has one value of (shallow reading, claims/quantity.py `_facets`): a storm's
sustained winds at landfall (not its gusts, not a later reading), the net revision of earlier
months in a jobs report ("revised down by a combined 258,000" / "a downward revision of
158,000"; a revised level, "revised down to 185,000", stays a count), one named candidate's
share of the vote (never the share of the vote counted), the new level of one named rate
under a change ("would cut the corporate tax rate to 15%" / "the corporate rate falls to
18%": the verbs differ, the level is one figure; the rate before it, "from 21%", is apart),
a count of customers without power. These compare even when the sentences run apart
(`one_value`), and `candidate_keys` pairs reports of a toll, a magnitude or depth, landfall
winds or a candidate's share in one story even under the cosine threshold.

Relation: a count that moves (a death toll, a count "so far", "at least N killed", a
revised estimate, a running total of troops withdrawn) reported higher by a later article
of the same story is an `update`; so is a later count of customers without power, lower or
higher, a candidate's share while the votes are counted, and a storm's winds read later;
two accounts of one revision are not; everything else is a `contradiction`.

Ages of one person ("Smith, 34," / "Smith, 35,") and tallies of one vote ("passed 220-207" /
"by a vote of 219 to 208") are compared too, when no count is (compare/_people.py).
"""

from __future__ import annotations

import math
import re
from typing import ClassVar

from claimdiff.claims.units import event_class, normalise_unit
from claimdiff.models import Claim, Finding, Quantity, Referent
from claimdiff.compare import PairContext
from claimdiff.compare._apart import (_CHANGING_FACETS, _LIGHT_VERBS, _OTHER_DOC_RE, _PERSON_UNITS, _incident, _other_instance,
                                      _other_country, _other_party, _other_population, _other_span,
                                      _other_winner, other_sum_kind,
                                      _none_of, _other_place, _same_state, _scene, _scope_words, _sentenced,
                                      _tagged, _weekdays)
from claimdiff.compare._convert import measure_role, dimension, in_units_of, shown, unit_name, widened
from claimdiff.compare._measures import (_NUMBER_ROSE_RE, _job_sector, _later, _serious, opposite_changes, signed,
                                         toll_of_record, two_maxima)
from claimdiff.compare._ordinal import ordinal_clash
from claimdiff.compare._people import age_finding, tally_finding
from claimdiff.compare._people import candidate_keys as people_keys
from claimdiff.compare._text import overlap

# nationality / group modifiers: a clash means different people
_GROUP_MODS = {
    "us", "iraqi", "syrian", "iranian", "turkish", "russian", "ukrainian", "uk", "french", "german",
    "chinese", "israeli", "palestinian", "afghan", "kurdish", "saudi", "nato", "coalition", "isis",
    "taliban", "canadian", "australian", "indian", "pakistani", "japanese", "korean", "european", "un",
    "foreign", "lebanese", "yemeni", "egyptian", "italian", "spanish", "polish", "dutch", "mexican",
}
_MARKERS = {"additional", "each", "total", "remaining"}
_PAST = {"withdraw": "withdrawn", "deploy": "deployed", "replace": "replaced", "kill": "killed",
         "injure": "injured", "arrest": "arrested", "evacuate": "evacuated", "displace": "displaced",
         "enter": "entered", "present": "present", "reduce": "cut", "infect": "infected",
         "vaccinate": "vaccinated", "spend": "spent", "allocate": "allocated", "pledge": "pledged",
         "raise": "raised", "increase": "increase", "decrease": "decrease", "layoff": "laid off",
         "hire": "hired", "vote": "votes", "win": "won", "lose": "lost", "sell": "sold", "buy": "bought",
         "fine": "in fines", "cancel": "cancelled", "sentence": "in prison", "destroy": "destroyed",
         "probation": "of supervised release or probation"}
_WORD = re.compile(r"[a-z]+")  # words only: a neighbouring number must not break the match


def _groups(q: Quantity) -> set[str]:
    return {m for m in q.modifiers if m in _GROUP_MODS}


def _markers(q: Quantity) -> set[str]:
    return {m for m in q.modifiers if m in _MARKERS}


# words of a bound or approximation ("more than", "at least", "about"): a neighbouring number's
# bound must not make two contexts differ ("$68.50 on 50 burgers" / "$68.50 on more than 50 burgers")
_BOUND_WORDS = frozenset("more less fewer than at least most about around nearly almost roughly some over under "
                         "up to approximately estimated an no not as many much".split())


def _context(text: str, q: Quantity, n: int = 2) -> tuple[tuple[str, ...], tuple[str, ...]]:
    left = [w for w in _WORD.findall(text[: q.start].lower()) if w not in _BOUND_WORDS][-n:]
    right = [w for w in _WORD.findall(text[q.end:].lower()) if w not in _BOUND_WORDS][:n]
    return tuple(left), tuple(right)


# changes that set a new level ("cut the rate to 15%", "the rate falls to 18%"): the level
# after the change is one figure whichever verb reports it
_LEVEL_EVENTS = frozenset({None, "reduce", "decrease", "increase", "raise"})


def _cand(q: Quantity) -> str | None:
    """The candidate whose vote share this is ("Diaz had 52.1 percent" -> "diaz")."""
    return next((m[5:] for m in q.modifiers if m.startswith("cand:")), None)


def _months(q: Quantity) -> str | None:
    return _tagged(q, "months:")


def _rate_names(q: Quantity) -> set[str]:
    return {m[5:] for m in q.modifiers if m.startswith("rate:")}


def _both_levels(qa: Quantity, qb: Quantity) -> bool:
    return "level" in qa.modifiers and "level" in qb.modifiers and qa.event in _LEVEL_EVENTS \
        and qb.event in _LEVEL_EVENTS


def _named_rate(qa: Quantity, qb: Quantity) -> bool:
    """Both give the new level of one named rate ("the corporate tax rate" / "the corporate rate")."""
    na, nb = _rate_names(qa) - {""}, _rate_names(qb) - {""}
    if (na | nb) & _MEASURE_NAMES:
        return _both_levels(qa, qb) and na == nb  # "youth unemployment" is not unemployment
    return _both_levels(qa, qb) and bool(na & nb)


_MEASURE_NAMES = frozenset({"unemployment", "inflation"})


def one_value(qa: Quantity, qb: Quantity) -> bool:
    """A property the story has one value of, so that two reports of it compare however
    differently their sentences run: a quake's magnitude or depth, a storm's winds at
    landfall, the net revision of earlier months in one report, one candidate's share of the
    vote, the new level of one named rate."""
    if qa.unit in PROPERTY_UNITS or qa.unit == "revision":
        return True
    if _tagged(qa, "doc:") and _tagged(qa, "doc:") == _tagged(qb, "doc:"):
        return True  # "the 47-page indictment" / "a 48-page indictment": one document's length
    if qa.event in ("wind", "category") and "landfall" in qa.modifiers and "landfall" in qb.modifiers:
        return True
    if qa.event == "vote share" and _cand(qa) is not None and _cand(qa) == _cand(qb):
        return True
    return _named_rate(qa, qb)


# a whole that a named place is a part of: "7,000 jobs worldwide" / "4,500 jobs in Germany"
_WHOLE_SCOPES = frozenset({"worldwide", "nationwide", "statewide"})


_SITE_RE = re.compile(r"\b(?:at|in)\s+(?:its|the|their|a|one)\s+(?:[\w-]+\s+){0,3}?(?:plant|factory|hub|site|warehouse|"
                      r"store|branch|office|headquarters|mine|facility|centre|center|depot|works|mill|yard|campus)s?\b",
                      re.IGNORECASE)


def _site(q: Quantity, text: str) -> bool:
    """The figure is one site's: "will go at its Eastgate distribution hub", "at its plant in Kilby"."""
    return bool(_SITE_RE.search(text, q.end, min(len(text), q.end + 90)))


def same_thing(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Do the two quantities count the same thing in the same context?"""
    if qa.unit != qb.unit and not ((_none_of(qa) and qb.unit in _PERSON_UNITS) or
                                   (_none_of(qb) and qa.unit in _PERSON_UNITS)):
        return False
    if _none_of(qa) and _none_of(qb):
        return False  # none and none: nothing to set apart
    if (_none_of(qa) or _none_of(qb)) and _scene(ta) and _scene(tb) and _scene(ta) != _scene(tb):
        return False  # "No arrests have been made in the killing" / "arrested two protesters at a march"
    if _other_place(qa, ta, qb, tb):
        return False
    wa = _scope_words(ta[max(0, qa.start - 70):qa.end + 50])
    wb = _scope_words(tb[max(0, qb.start - 70):qb.end + 50])
    if wa and wb and wa != wb:
        return False  # "$120m worldwide" / "$45m at the domestic box office": two scopes of one figure
    if (wa & _WHOLE_SCOPES and qb.place and not qa.place) or (wb & _WHOLE_SCOPES and qa.place and not qb.place):
        return False  # "4,500 jobs in Germany" / "7,000 jobs worldwide", "in the capital" / "nationwide": a part of the whole
    if (wa & _WHOLE_SCOPES and _site(qb, tb) and not _site(qa, ta)) or (wb & _WHOLE_SCOPES and _site(qa, ta) and not _site(qb, tb)):
        return False  # "250 jobs nationwide" / "Forty of the jobs ... will go at its Eastgate distribution hub"
    if qa.event == qb.event and (_other_party(qa, ta, qb, tb) or _other_winner(qa, ta, qb, tb)
                                 or _other_population(qa, ta, qb, tb)):
        return False  # punitive vs compensatory damages; a fine on the bank vs one on its chief executive
    ba, bb = _tagged(qa, "basis:") or "", _tagged(qb, "basis:") or ""
    if ba != bb and {ba, bb} - {"", "quarter"}:
        return False  # "grew 0.3% in the quarter" / "0.5% from a year earlier": two bases of one change
    if qa.unit == "job" and _job_sector(qa, ta) != _job_sector(qb, tb):
        return False  # "Health care employers added 51,000 jobs" is a part of "Employers created 180,000 jobs"
    if _other_span(qa, ta, qb, tb):
        return False  # "fell 4 percent on Wednesday" / "down about 30 percent this year"
    if _other_country(qa, ta, qb, tb):
        return False  # "Kenya will send 1,500 troops" / "500 Nigerian soldiers": two countries' forces
    if other_sum_kind(qa, ta, qb, tb):
        return False  # "$2M in pot taxes" / "weed sales hit $14 million": two sums
    if _other_instance(qa, ta, qb, tb):
        return False  # "the watchdog's new £6m fine" / "fined £2m ... last year": two fines
    if _incident(qa, ta) != _incident(qb, tb):
        return False  # "killed in the first blast" / "in the second blast": two incidents
    da, db = _weekdays(ta), _weekdays(tb)
    if da and db and not (da & db) and qa.event not in _TOLL_EVENTS | _CHANGING_FACETS \
            and not (_RUNNING_RE.search(ta) or _RUNNING_RE.search(tb)):
        return False  # "cancelled 450 flights on Thursday" / "300 flights on Friday": two days' counts
    if qa.event == "sentence" and (not _sentenced(ta) or _sentenced(ta) != _sentenced(tb)):
        return False  # a prison term is one person's: "the ringleader" / "two of the defendants"
    if _tagged(qa, "doc:") != _tagged(qb, "doc:"):
        return False  # a 10-page memo is not the 47-page indictment
    if _tagged(qa, "doc:") and (_OTHER_DOC_RE.search(ta[max(0, qa.start - 30):qa.end + 20]) or
                                _OTHER_DOC_RE.search(tb[max(0, qb.start - 30):qb.end + 20])):
        return False  # "its own 600-page bill", "a separate 20-page filing", "the Senate version"
    sa, sb = _tagged(qa, "state:"), _tagged(qb, "state:")
    if sa and sb and sa != sb:
        return False  # "12 rescued miners" / "15 trapped miners"
    if qa.event == "counted" or qb.event == "counted":
        return False  # "with 85% of the vote counted": the count's progress, the context of a figure
    if ("prior" in qa.modifiers) != ("prior" in qb.modifiers):
        return False  # "from 21%", "down from a peak of 400,000": the value before the change
    if ("part" in qa.modifiers) != ("part" in qb.modifiers):
        return False  # "two seriously" is a part of "Eleven people were injured"
    if qa.event == "injure" and _serious(qa, ta) != _serious(qb, tb):
        return False  # "Two people were seriously injured" counts a part of the injured
    if _cand(qa) != _cand(qb):
        return False
    if ("landfall" in qa.modifiers) != ("landfall" in qb.modifiers):
        return False  # winds as the storm came ashore vs a later reading
    if qa.event == "category" and "landfall" not in qa.modifiers:
        return False  # a storm's category changes as it moves: only its category at landfall is one value
    at_a, at_b = _tagged(qa, "at:"), _tagged(qb, "at:")
    if at_a and at_b and at_a != at_b:
        return False  # two landfalls of one storm
    mo_a, mo_b = _months(qa), _months(qb)
    if mo_a and mo_b and mo_a != mo_b:
        return False  # May's revision is not June's
    ra, rb = _rate_names(qa) - {""}, _rate_names(qb) - {""}
    if ra and rb and (not (ra & rb) or ((ra | rb) & _MEASURE_NAMES and ra != rb)):
        return False  # the corporate rate is not the top individual rate, youth unemployment not unemployment
    if qa.unit is None:
        ca, cb = _context(ta, qa), _context(tb, qb)
        if not ((ca[0] or ca[1]) and ca == cb):  # a sentence may open with the number: "9,000 were ..."
            return False
    ga, gb = _groups(qa), _groups(qb)
    if ga and gb and not (ga & gb):
        return False
    ma, mb = _markers(qa), _markers(qb)
    if qa.unit == "revision":
        # a net revision is the sum over the months revised: "a combined 258,000" is no other figure
        ma, mb = ma - {"total"}, mb - {"total"}
    if qa.event == "outage" and qb.event == "outage":
        # "still without power" is the same count at a later moment (an update, see _relation)
        ma, mb = ma - {"remaining"}, mb - {"remaining"}
    if ma != mb:
        return False
    if qa.event != qb.event and not _both_levels(qa, qb) and not opposite_changes(qa, qb):
        return False
    if qa.place and qb.place and qa.place != qb.place:
        return False
    if qa.event in ("increase", "decrease") and bool(qa.place) != bool(qb.place) and qa.unit == "cent":
        return False  # "Gas up 2 cents in Rhode Island" / "Gas prices up 3.4 cents": a state's move, the nation's
    return same_referent(qa, qb)


def intervals_disjoint(a: Quantity, b: Quantity) -> bool:
    """True when no value lies in both intervals (open ends respected). Symmetric."""
    lo, hi = (a, b) if a.low < b.low or (a.low == b.low and not a.low_open) else (b, a)
    if hi.low < lo.high:
        return False
    if hi.low > lo.high:
        return True
    return lo.high_open or hi.low_open  # touching at one point


def _same_interval(a: Quantity, b: Quantity) -> bool:
    return (a.low, a.high, a.low_open, a.high_open) == (b.low, b.high, b.low_open, b.high_open)


def _gap(a: Quantity, b: Quantity) -> float:
    """Relative distance between the intervals (0 when touching)."""
    g = max(a.low - b.high, b.low - a.high, 0.0)
    scale = max(abs(x) for x in (a.value, b.value, 1e-9))
    return g / scale if math.isfinite(g) else 1.0


def number_phrase(q: Quantity) -> str:
    """'at least 2,500 US troops' -> 'at least 2,500'."""
    t = q.text
    if q.unit_text and q.unit_text in t:
        i = t.rindex(q.unit_text)
        t = t[:i] + t[i + len(q.unit_text):]
    words = t.split()
    # drop trailing modifiers such as "US", "more"
    while len(words) > 1 and not any(ch.isdigit() for ch in words[-1]) and not re.fullmatch(
            r"%|¢|percent|dozen|hundred|thousand|million|billion|trillion|more|less|fewer|plus|so|odd|[a-z]+teen|[a-z]+ty|"
            r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve", words[-1].lower()):
        words.pop()
    if len(words) > 1 and words[-1].lower() == "more" and q.unit_text:
        words.pop()
    for i, w in enumerate(words):  # "At least 40" at a sentence start -> "at least 40"
        if any(ch.isdigit() for ch in w) or w.startswith(("$", "€", "£")):
            break
        words[i] = w.lower()
    return " ".join(words)


def _loosely_same(qa: Quantity, qb: Quantity) -> bool:
    """Could these two be counts of the same thing, reading generously (for ambiguity only)?
    A count with no unit may be elliptical ("9 pizzas at lunch and 6 at dinner")."""
    if ("prior" in qa.modifiers) != ("prior" in qb.modifiers) or "counted" in (qa.event, qb.event):
        return False  # the value before a change, the share of the vote counted: named as such
    if "part" in qa.modifiers or "part" in qb.modifiers:
        return False  # "two seriously": a part of the count beside it
    if _cand(qa) is not None and _cand(qb) is not None and _cand(qa) != _cand(qb):
        return False  # "Diaz had 52.1 percent to Morales's 47.9 percent"
    if (_none_of(qa) and qb.unit in _PERSON_UNITS) or (_none_of(qb) and qa.unit in _PERSON_UNITS):
        return True
    if qa.event and qb.event and qa.event != qb.event and not _both_levels(qa, qb) and not opposite_changes(qa, qb):
        return False  # "four people were killed and nine wounded": the nine are no count of the dead
    if _asked_for(qa) != _asked_for(qb):
        return False  # "awarded $1.2m, far less than the $30m they had sought": a demand is not the award
    return qa.unit == qb.unit or qa.unit is None or qb.unit is None or \
        (dimension(qa.unit) is not None and dimension(qa.unit) == dimension(qb.unit))  # "26.2 miles" / "10 km"


# verbs of an amount wanted, not one that happened: "the $30m they had sought"
_ASKING_VERBS = frozenset("seek demand request ask want claim propose expect forecast target need require".split())


def _asked_for(q: Quantity) -> bool:
    return bool(q.referent and q.referent.verb in _ASKING_VERBS)


def align(a: Claim, b: Claim) -> list[tuple[Quantity, Quantity]]:
    """Pairs of quantities that count the same thing and differ, where alignment is clear."""
    qa_all, qb_all = list(a.quantities), list(b.quantities)
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, qa in enumerate(qa_all):
        for j, qb in enumerate(qb_all):
            if j in used_b:
                continue
            if same_thing(qa, a.text, qb, b.text) and _same_interval(qa, qb):
                used_a.add(i)
                used_b.add(j)
                break
    pairs = []
    for i, qa in enumerate(qa_all):
        if i in used_a:
            continue
        cands = [j for j, qb in enumerate(qb_all) if j not in used_b and same_thing(qa, a.text, qb, b.text)]
        tolls = [j for j in cands if toll_of_record(qb_all[j], b.text)]
        if len(tolls) == 1 and qa.event in _TOLL_EVENTS:
            # "The death toll rose to seven after rescuers recovered the bodies of three people":
            # the toll is the figure the sentence gives as the toll
            pairs.append((qa, qb_all[tolls[0]]))
            continue
        if len(cands) != 1:
            continue
        j = cands[0]
        qb = qb_all[j]
        # ambiguity: another unmatched number on either side that may count the same thing
        if sum(1 for k, q in enumerate(qa_all) if k not in used_a and _loosely_same(q, qb)) != 1:
            continue
        if sum(1 for k, q in enumerate(qb_all) if k not in used_b and _loosely_same(qa, q)) != 1:
            continue
        pairs.append((qa, qb_all[j]))
    return pairs


def date_note(ctx: PairContext) -> str:
    """"; reported 2020-08-31 vs 2020-10-05" when both dates are known and differ, else "".
    (The row carries both dates; this only helps a one-line reader. No guess about updates:
    the numeric comparator says "update" itself, with its reason.)"""
    if not ctx.date_a or not ctx.date_b or ctx.date_a == ctx.date_b:
        return ""
    return f"; reported {ctx.date_a.isoformat()} vs {ctx.date_b.isoformat()}"


# ---------------------------------------------------------------- referents (pass 2)

_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})
# nouns news uses for the same people ("7.5 million people" / "9 million Americans")
_NOUN_CLASS = {"american": "people", "person": "people", "individual": "people", "resident": "people",
               "citizen": "people", "recipient": "people", "beneficiary": "people", "dollar": "usd",
               "payroll": "job", "position": "job",
               "tune": "",  # "to the tune of $3.5 billion": the sum itself
               # one economy's output, however named ("the economy grew", "gross domestic product contracted")
               "economy": "gdp", "gdp": "gdp", "product": "gdp", "output": "gdp",
               }
# the unit itself, when the parse found no other thing: "$800 billion", "6.2%"
_BARE = frozenset({"usd", "eur", "pound", "gbp", "inr", "percent", "cent", "percentage point", ""})
# modifiers that change what is counted: present on one side only, two different things
# (increments, "2,500 more soldiers", are the shallow reading's "additional" marker)
# words that name a whole budget however it is called ("the proposed budget", "a spending plan")
_CHANGE_NOUNS = frozenset("increase rise cut fall hike drop decline reduction jump gain".split())
_BUDGET_WORDS = frozenset("proposed new annual total overall state city federal final draft revised spending budget "
                          "general fund operating record two-year biennial governor president mayor government "
                          "administration council county".split())  # whose budget it is names no part
_SCOPE_MODS = frozenset(
    "core headline underlying net gross new unspent remaining annual annualized "
    "annualised monthly weekly quarterly daily global world worldwide federal average median real nominal "
    "discretionary mandatory cumulative initial continuing domestic international overseas".split())
_MONTHS = {m[:3]: m for m in ("january february march april may june july august september october "
                               "november december").split()}
_RATES = [(re.compile(r"year[- ]on[- ]year|year[- ]over[- ]year|annual|from a year (?:earlier|ago)|"
                      r"over the (?:past )?(?:12 months|year)", re.I), "year-on-year"),
          (re.compile(r"month[- ]on[- ]month|month[- ]over[- ]month|from the previous month|monthly|"
                      r"\b(?:in|for) (?:the month|jan\w*|feb\w*|march|april|may|june|july|aug\w*|sep\w*|oct\w*|"
                      r"nov\w*|dec\w*) alone\b|"
                      r"from (?:a|the) month (?:earlier|before)", re.I), "month-on-month"),
          (re.compile(r"quarter[- ]on[- ]quarter|from the previous quarter", re.I), "quarter-on-quarter"),
          (re.compile(r"so far|to date|thus far|as of", re.I), "running total")]
_RELATIVE = re.compile(r"\b(?:this|last|next|past|previous|coming|current)\s+(?:(?:\d+|two|three|four|five|six|"
                       r"seven|eight|nine|ten|few)\s+)?(year|month|week|decade|quarter|day)s?\b", re.I)


def _referent_class(r: Referent) -> str:
    """`_noun_class` of the referent's noun; "a spending plan" is a budget."""
    if r.noun == "plan" and "spending" in r.modifiers:
        return "budget"
    return _noun_class(r.noun)


def _noun_class(noun: str) -> str:
    n = normalise_unit(noun) if noun else ""
    return _NOUN_CLASS.get(n, n)


def period_keys(period: str) -> dict[str, str]:
    """What a reference period pins down, by kind: {"month": "april", "year": "2021",
    "rate": "year-on-year", "span": "next decade"}. Kinds absent on one side never clash."""
    keys: dict[str, str] = {}
    low = period.lower()
    months = sorted({_MONTHS[w[:3]] for w in re.findall(r"[a-z]+", low)
                     if w[:3] in _MONTHS and (len(w) == 3 or w == _MONTHS[w[:3]] or w in ("sept",))})
    if months:
        keys["month"] = ",".join(months)
    years = sorted(set(re.findall(r"\b(?:19|20)\d\d\b", low)))
    if years:
        keys["year"] = ",".join(years)
    for rx, name in _RATES:
        if rx.search(low):
            keys["rate"] = name
            break
    rel = _RELATIVE.search(low)
    if rel:
        keys["span"] = " ".join(rel.group(0).split())
    day = re.search(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", low)
    if day:
        keys["day"] = day.group(1)  # "on Thursday" / "on Friday": two days' counts
    q = re.search(r"\b(first|second|third|fourth|q[1-4])\s+quarter\b|\bq[1-4]\b", low)
    if q:
        keys["quarter"] = q.group(0)
    return keys


def _periods_clash(pa: str, pb: str) -> bool:
    ka, kb = period_keys(pa), period_keys(pb)
    if ka.get("rate") == "running total" or kb.get("rate") == "running total":
        ka.pop("rate", None) if ka.get("rate") == "running total" else None
        kb.pop("rate", None) if kb.get("rate") == "running total" else None
    if ("day" in ka and "span" in kb and "day" not in kb) or ("day" in kb and "span" in ka and "day" not in ka):
        return True  # "fell 4 percent on Wednesday" / "down about 30 percent this year": a day's move, a year's
    return any(k in kb and ka[k] != kb[k] for k in ka)


_JOB_EVENTS = frozenset({"reduce", "lose", "layoff"})


def _verb_event(verb: str, q: Quantity) -> str | None:
    """The event of the referent's verb, read with what the count is of: for jobs, "cut",
    "eliminate" and "lose" are one job cut; a toll that "rose to 38" is still a count of the killed."""
    ev = event_class(verb)
    if q.unit == "job" and ev in _JOB_EVENTS:
        return "layoff"
    if ev in ("increase", "decrease") and q.event not in (None, "increase", "decrease"):
        return q.event
    return ev


def _events_clash(ra: Referent, rb: Referent, qa: Quantity | None = None, qb: Quantity | None = None) -> bool:
    if not ra.verb or not rb.verb or ra.verb == rb.verb:
        return False
    if ra.verb in _LIGHT_VERBS or rb.verb in _LIGHT_VERBS:
        return False
    if qa is not None and qb is not None:
        ea, eb = _verb_event(ra.verb, qa), _verb_event(rb.verb, qb)
    else:
        ea, eb = event_class(ra.verb), event_class(rb.verb)
    return ea is not None and eb is not None and ea != eb


def _subjects_clash(ra: Referent, rb: Referent) -> bool:
    """Two named actors, neither a fuller form of the other: "Obama" / "President Obama" are one,
    "the Bank of England" / "the European Central Bank", "John Smith" / "Jane Smith" two."""
    if not ra.subject or not rb.subject:
        return False
    sa, sb = set(ra.subject.split()), set(rb.subject.split())
    return not (sa <= sb or sb <= sa)


def _describes_plan(r: Referent, levels: bool) -> bool:
    """A clause in the simple present or the future that gives a new level ("the corporate
    rate falls to 18%", "the rate will fall to 18%") describes what a plan does, as "the bill
    would cut the rate to 15%" does. A past or perfect one ("Congress cut the rate to 21% in
    2017", "Obama has cut $716 billion") reports a fact, never a proposal; and an amount in
    the present ("Obama cuts $716 billion") may be a headline's past, so only levels count."""
    return levels and not r.negated and r.tense in ("present", "future")


def _is_duration(q: Quantity) -> bool:
    return q.unit in _TIME_UNITS and not re.search(r"\b(?:old|of age|age[sd]?)\b", q.text.lower())


def same_referent(qa: Quantity, qb: Quantity) -> bool:
    """With a parse: do the two quantities count the same thing, in the same event, by the
    same actor, over the same period? (True when either has no referent.)"""
    ra, rb = qa.referent, qb.referent
    if ra is None or rb is None:
        return True
    if _tagged(qa, "doc:") and _tagged(qa, "doc:") == _tagged(qb, "doc:"):
        # a document's length is the document's, whoever the sentence's actor ("administered the
        # 38-word oath" / "took the 35-word oath")
        if ra.verb and ra.verb == rb.verb and _subjects_clash(ra, rb):
            return False  # "The House passed a 900-page bill" / "The Senate passed a 600-page bill"
        return ra.hypothetical == rb.hypothetical and ra.negated == rb.negated
    na, nb = _referent_class(ra), _referent_class(rb)
    if {ra.noun, rb.noun} & _CHANGE_NOUNS and na != nb:
        # "a 9.99% council tax increase": the change names no thing; its modifiers do ("council tax
        # bills will rise by 4.99 per cent"). Without them ("a 40% drop in operating profit") it is
        # not set against another noun
        mods_a = set(ra.modifiers) if ra.noun in _CHANGE_NOUNS else set(ra.modifiers) | {ra.noun}
        mods_b = set(rb.modifiers) if rb.noun in _CHANGE_NOUNS else set(rb.modifiers) | {rb.noun}
        if not (mods_a & mods_b) - {"", "annual", "new"}:
            return False
        na = nb
    if (qa.unit in _BARE or qa.unit is None) and na != nb and na not in _BARE and nb not in _BARE \
            and not _named_rate(qa, qb):
        # an amount (money, a percentage, a bare number) measures the noun the parse finds:
        # "$1T in unspent funds" vs "a $3.5T budget" (a part is not a total). A count
        # ("2,000 troops") is a count of its unit, which the shallow reading already matched.
        return False
    ma, mb = set(ra.modifiers) & _SCOPE_MODS, set(rb.modifiers) & _SCOPE_MODS
    if _both_levels(qa, qb):
        ma, mb = ma - {"new"}, mb - {"new"}  # "will drop to a new rate of 5.8%": the new level itself
    if ma != mb:
        return False  # core vs headline inflation, new vs all spending, global vs US growth
    if qa.event == qb.event == "allocate" and (set(ra.modifiers) ^ set(rb.modifiers)) - _BUDGET_WORDS:
        return False  # "the schools budget" is a part of "the budget"
    # a vote share's candidate is read from the figure itself ("to Lindqvist's 45.1 percent",
    # where the parse's subject is the other candidate's, "Okafor had"); a margin's winner from the
    # names before it (_apart._other_winner: "her margin over Reyl rising to" has Reyl for subject)
    same_cand = _cand(qa) is not None and _cand(qa) == _cand(qb)
    if (_events_clash(ra, rb, qa, qb) and not _both_levels(qa, qb) and not opposite_changes(qa, qb)) \
            or (_subjects_clash(ra, rb) and not same_cand and qa.event != "margin") \
            or _periods_clash(ra.period, rb.period):
        return False
    fact = ra if rb.hypothetical else rb
    if ra.hypothetical != rb.hypothetical and not _describes_plan(fact, _both_levels(qa, qb)) \
            and not (fact.tense == "future" and not fact.negated):  # "will cut 4,500 jobs" / "plans to shed 7,000"
        return False  # "his plan would cut $800 billion" is a proposal, "Obama has cut $716 billion" a fact
    if ra.negated != rb.negated:
        return False  # "did not withdraw 2,000" is not a count of what was withdrawn
    if _is_duration(qa) or _is_duration(qb):
        # "over three years" and "a 10-year war" are durations, not counts: only the span
        # of one and the same event compares ("lasted 20 years" vs "a three year pullout" does not)
        # a prison term: "sentenced to 12 years" / "jailed for five years" is one term
        return bool(ra.verb) and (ra.verb == rb.verb or qa.event == qb.event and qa.event in ("sentence", "probation"))
    return True


# ---------------------------------------------------------------- update or contradiction

_MOVING_EVENTS = frozenset({"kill", "injure", "infect", "vaccinate", "displace", "evacuate", "arrest", "withdraw",
                            "deploy", "enter", "destroy"})
_RUNNING_RE = re.compile(r"\b(?:so far|to date|thus far|death toll|toll|at least|already|as of|cumulative|"
                         r"in total|a total of|(?:has|have) (?:now )?(?:risen|climbed|grown|reached|topped)|"
                         r"rose to|climbed to|jumped to|risen to|now stands|(?:has|have) now|latest|revised|updated|estimates?)\b",
                         re.IGNORECASE)
_RISEN_RE = re.compile(r"\b(?:rose|risen|rises|climbed|climbs|jumped|increased|grew|grown)\s+to\b|"
                       r"\b(?:has|have)\s+(?:now\s+)?(?:reached|topped|passed)\b|\bnow stands at\b", re.IGNORECASE)
_REVISED_RE = re.compile(r"\b(?:revised|revision|updated|new estimate|latest estimate|re-?estimated)\b", re.IGNORECASE)


def moving_count(q: Quantity, text: str) -> bool:
    """A figure that grows as a story goes on: a toll, a count so far, a running total."""
    ev = q.event or (event_class(q.referent.verb) if q.referent and q.referent.verb else None)
    return ev in _MOVING_EVENTS or bool(_RUNNING_RE.search(text))


def _rising_floors(qa: Quantity, qb: Quantity) -> bool:
    """Two floors of one moving count ("at least 40 killed", then "at least 120 killed"):
    they do not contradict each other, but the later one is news."""
    return qa.high == math.inf and qb.high == math.inf and qa.value != qb.value and \
        math.isfinite(qa.low) and math.isfinite(qb.low)


def _floor_outgrown(qe: Quantity, ql: Quantity) -> bool:
    """A floor, then a figure above it ("at least 23 killed", then "rose to 38"; "at least 40",
    then "at least 120"): they do not contradict each other, but the later one is news. A vague
    later figure ("scores injured") is no news beside the floor."""
    return qe.high == math.inf and math.isfinite(qe.low) and ql.low > qe.low and not ql.approx


def _by_date(qa: Quantity, qb: Quantity, ctx: PairContext) -> tuple[Quantity, Quantity]:
    """(earlier, later): by the reports' dates; on one day (or undated), the lower figure first
    (`_relation` calls the higher one later only when its report says the count has risen)."""
    if not ctx.date_a or not ctx.date_b or ctx.date_a == ctx.date_b:
        return (qa, qb) if qa.value <= qb.value else (qb, qa)
    return (qa, qb) if ctx.date_a <= ctx.date_b else (qb, qa)


_FACET_LABEL = {"wind": "winds", "gust": "gusts", "outage": "without power", "revise": "", "vote share": "of the vote",
                "category": "storm"}


def _thing_label(q: Quantity) -> str:
    """What the count is of, for the explanation: the unit, else the parse's noun phrase."""
    if q.unit == "revision":
        return "net revision of earlier figures"
    if q.unit == "category":
        return ""  # "Category 4 vs Category 2 storm at landfall"
    if _tagged(q, "doc:"):
        return f"{q.unit}s in the {_tagged(q, 'doc:')}"  # "47 vs 48 pages in the indictment"
    if q.event == "vote share" and _cand(q):
        return f"for {_cand(q).title()}"
    names = sorted(_rate_names(q) - {""})
    if names and "level" in q.modifiers:
        places = [n[3:].title() if len(n) > 5 else n[3:].upper() for n in names if n.startswith("in:")]
        words = [n for n in names if not n.startswith("in:")]
        return " ".join(words) + " rate" + (f" in {places[0]}" if places else "") + " (its new level)"
    if q.event == "outage" and q.unit_text:
        return q.unit_text.lower()  # "customers", "homes and businesses"
    if q.unit and _tagged(q, "state:"):
        return f"{_tagged(q, 'state:')} {q.unit_text.split()[-1].lower() if q.unit_text else q.unit}"  # "trapped miners"
    if q.unit in _TIME_UNITS:
        return q.unit + "s"  # "10 vs 25 years in prison"
    if q.unit:
        return q.unit
    r = q.referent
    if r is not None and r.noun and r.noun not in _BARE:
        return " ".join([*r.modifiers, r.noun])
    return "(same count)"


_MARGIN_MOVED_RE = re.compile(r"\b(?:narrowed|narrowing|widened|widening|rising|rose|grew|shrank|shrinking)\s+to\b", re.I)
_COUNT_PROGRESS_RE = re.compile(r"\b(?:counted|tallied|reporting|partial (?:results|returns|count)|early (?:results|"
                                r"returns)|still being counted|results so far|unofficial)\b", re.IGNORECASE)


def _shown(q: Quantity) -> str:
    """The number phrase, with its percent sign where the label does not say "percent"."""
    if _none_of(q):
        return q.text.lower()  # "no one", "no injuries"
    if q.unit == "category":
        return f"Category {q.value:g}"
    if _tagged(q, "doc:"):
        return f"{q.value:g}"
    if q.unit == "percentage point" and re.search(r"\b(?:half|quarters?|basis|bps?)\b", q.text, re.I):
        return q.text[0].lower() + q.text[1:]  # "half a percentage point", "25 basis points": the words are the figure
    t = number_phrase(q)
    pct = q.unit == "percent" and (_thing_label(q) != "percent" or "level" in q.modifiers)
    return t + "%" if pct and not t.endswith("%") else t


def _event_label(q: Quantity) -> str:
    if q.event in _FACET_LABEL:
        label = _FACET_LABEL[q.event]
        if q.event == "vote share":
            return "" if _cand(q) else label
        return label + (" at landfall" if "landfall" in q.modifiers else "")
    if "level" in q.modifiers and _rate_names(q) - {""}:
        return ""
    return _PAST.get(q.event or "", q.event or "")


def _relation(a: Claim, qa: Quantity, b: Claim, qb: Quantity, ctx: PairContext) -> tuple[str, str]:
    """("update", reason) or ("contradiction", "")."""
    if ctx.same_story and (not ctx.date_a or not ctx.date_b or ctx.date_a == ctx.date_b):
        # one day's reports (or undated ones): the higher figure is a later one when its own words
        # say the count has moved ("the toll rose to 20" / "12 people were killed")
        (lo_c, lo_q), (hi_c, hi_q) = sorted(((a, qa), (b, qb)), key=lambda x: x[1].value)
        if qa.event == "margin" and (_COUNT_PROGRESS_RE.search(a.text) or _COUNT_PROGRESS_RE.search(b.text)
                                     or _MARGIN_MOVED_RE.search(a.text) or _MARGIN_MOVED_RE.search(b.text)):
            return "update", "a count that moved as the votes were counted"
        if hi_q.value > lo_q.value and moving_count(hi_q, hi_c.text) and _RISEN_RE.search(hi_c.text) \
                and not _RISEN_RE.search(lo_c.text) and "level" not in hi_q.modifiers:  # a rate's level is no count
            return "update", "a higher figure that its report says has risen"
    if not ctx.same_story or not ctx.date_a or not ctx.date_b or ctx.date_a == ctx.date_b:
        return "contradiction", ""
    if qa.unit == "revision":
        return "contradiction", ""  # two accounts of one report's revision, not a figure that moves
    (e, qe, de), (l, ql, dl) = sorted(((a, qa, ctx.date_a), (b, qb, ctx.date_b)), key=lambda x: x[2])
    if qa.event == "outage":
        if ql.high <= qe.low:
            return "update", "a later, lower count: power restored to some in between"
        return "update", "a later, higher count: more outages reported"
    if qa.event in ("vote share", "margin") and (_COUNT_PROGRESS_RE.search(a.text) or _COUNT_PROGRESS_RE.search(b.text)):
        return "update", "a later count: the votes were still being counted"
    if qa.event in ("wind", "gust") and "landfall" not in qa.modifiers:
        return "update", "a later reading: a storm's winds change as it moves"
    if not (moving_count(qa, a.text) or moving_count(qb, b.text)):
        return "contradiction", ""
    if ql.low >= qe.high or (ql.high > qe.high and ql.low >= qe.low) or (_rising_floors(qe, ql) and ql.value > qe.value):
        return "update", "a later, higher figure"
    if _floor_outgrown(qe, ql):
        return "update", "a later figure above the earlier floor"
    if _REVISED_RE.search(l.text):
        return "update", "a later, revised figure"
    return "contradiction", ""


# Without a stated event ("withdrawn", "killed"), a unit alone ("$", "seats", "percent")
# does not make two counts the same thing: "$5 billion for the wall" and "$8 billion in
# moved funds" are different sums. Then the sentences themselves must say nearly the same:
# embedding cosine (lexical cosine in `compare`) or content-word overlap past a floor.
CONTEXTLESS_MIN_SIMILARITY = 0.8
CONTEXTLESS_MIN_OVERLAP = 0.5
# Even with the same event, two sentences this far apart in meaning are about different
# money, votes or people ("$5 billion for the wall" vs "$8 billion moved from other funds").
# Embedding cosine only: word-count cosine (`compare` without a model) runs much lower.
MIN_SIMILARITY = 0.6
# Units that name one property of the story's event (an earthquake's magnitude, its depth):
# a story has one of each, so two reports of it compare however differently the sentences
# run ("a magnitude 7.1 earthquake struck ..., killing ..." / "USGS revised the magnitude to 6.9").
PROPERTY_UNITS = frozenset({"magnitude", "km deep", "mile deep"})
# Tolls (people killed, injured): a later, higher toll of the same story is an update however
# the two sentences are phrased ("At least 12 people were killed" / "officials confirmed 31 deaths").
_TOLL_EVENTS = frozenset({"kill", "injure"})
# ... and so is a later, higher running total that both reports call one ("so far", "to date").
_SO_FAR_RE = re.compile(r"\b(?:so far|to date|thus far)\b", re.IGNORECASE)
# A finishing place or a fire's floor: the sentences must be about one thing at least this much.
MIN_ORDINAL_SIMILARITY = 0.3
# Counts published more than a year apart describe different moments, not one fact.
MAX_DAYS_APART = 365


# "Three people were killed in an airstrike": a toll of one incident within the story, not its toll
_SUB_EVENT_RE = re.compile(r"^[^.;]{0,60}?\b(?:killed|died|dead|injured|wounded|hurt|killing|injuring|wounding)\s+"
                           r"(?:\w+\s+){0,2}?(?:in|during|by)\s+(?:a|an|another|one|two|three|separate|each)\b",
                           re.IGNORECASE)


def _one_measure(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """A physical measure (a length, area, speed, volume) of the same kind on both sides (an
    extent and an extent, a distance from and a distance from) of things `same_thing` has found
    to be one: "carved a path of about 25 miles" / "travelled roughly 15 kilometres", "burned
    12,000 hectares" / "consumed about 4,000 acres". A story's sentences word a measure in many
    ways; unlike a bare count or a sum, a measure in such units is rarely two things at once."""
    ra = measure_role(qa, ta)
    return ra is not None and ra == measure_role(qb, tb)


class NumericComparator:
    kind: ClassVar[str] = "numeric"

    def candidate_keys(self, claim: Claim) -> frozenset[str]:
        """Keys of the properties a story has one value of, read from the shallow claim: a toll
        ("toll:kill", people killed; "toll:injure"), a quake's magnitude or depth, a storm's
        winds at landfall, one candidate's share of the vote, a document's length, an election's
        turnout and a winner's margin, the economy's growth, a named rate's new level. Two claims of one story that share
        a key are compared however far apart their wording is; the comparison itself still
        decides (a toll only as an update)."""
        keys: set[str] = set()
        for q in claim.quantities:
            if set(q.modifiers) & {"each", "additional", "prior"}:
                continue  # a rate, an increment, an earlier value: not the story's figure
            if q.unit == "people" and q.event in _TOLL_EVENTS:
                if not _SUB_EVENT_RE.search(claim.text[q.start:]):
                    keys.add(f"toll:{q.event}")
            elif q.unit in PROPERTY_UNITS:
                keys.add(f"property:{dimension(q.unit) or q.unit}")  # a quake's depth in km or in miles
            elif q.event in ("wind", "category") and "landfall" in q.modifiers:
                keys.add(f"landfall {q.event}:{q.unit}")
            elif q.event == "vote share" and _cand(q):
                keys.add(f"vote share:{_cand(q)}")
            elif _tagged(q, "doc:"):
                keys.add(f"length:{q.unit}:{_tagged(q, 'doc:')}")
            elif q.event in ("turnout", "margin"):
                keys.add(q.event)  # one election's turnout, one winner's margin
            elif _tagged(q, "measure:"):
                keys.add(f"change:{_tagged(q, 'measure:')}")  # the economy's growth in the period reported
            elif "level" in q.modifiers and (_rate_names(q) - {""}):
                keys.add("level:" + ",".join(sorted(_rate_names(q) - {""})))  # a rate's new level
        return frozenset(keys) | people_keys(claim)

    def _ordinal(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        """A finishing place or a fire's floor given two ways (compare/_ordinal.py)."""
        if ctx.similarity < MIN_ORDINAL_SIMILARITY:
            return None
        hit = ordinal_clash(a.text, b.text)
        if hit is None:
            return None
        expl, sa, sb = hit
        return Finding(kind=self.kind, score=round(min(1.0, 0.6 + 0.4 * ctx.similarity), 3), explanation=expl,
                       highlights_a=(sa,), highlights_b=(sb,), facet="ordinal|position|-", relation="contradiction")

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        low_sim = ctx.similarity_source == "embedding" and ctx.similarity < MIN_SIMILARITY
        if ctx.date_a and ctx.date_b and abs((ctx.date_a - ctx.date_b).days) > MAX_DAYS_APART:
            return None
        best: tuple[float, Quantity, Quantity] | None = None
        b_conv, originals = in_units_of(a, b)  # "20 miles" / "about 80 kilometres": one measure, two units
        converted = {id(q): originals[i] for i, q in enumerate(b_conv.quantities) if i in originals}
        for qa, qb in align(a, b_conv):
            update = _relation(a, qa, b, qb, ctx)[0] == "update"
            running = update and (bool(_SO_FAR_RE.search(a.text) and _SO_FAR_RE.search(b.text)) or (
                qa.unit is not None and qa.unit == qb.unit and bool(_NUMBER_ROSE_RE.search(_later(a, b, ctx).text))))
            prop = one_value(qa, qb)
            if low_sim and not (prop or running or (
                    update and qa.unit == "people" and qa.event in _TOLL_EVENTS)):
                continue
            sa, sb = (signed(qa), signed(qb)) if opposite_changes(qa, qb) else (qa, qb)
            if id(qb) in converted:
                sa = widened(qa)  # both sides as rounded as written
            if not intervals_disjoint(sa, sb) and not (update and _floor_outgrown(*_by_date(qa, qb, ctx))) \
                    and not two_maxima(qa, qb):
                continue
            if qa.event is None and not prop and not running and not _same_state(qa, qb) \
                    and not _one_measure(qa, a.text, qb, b.text) \
                    and ctx.similarity < CONTEXTLESS_MIN_SIMILARITY \
                    and overlap(a.text, b.text) < CONTEXTLESS_MIN_OVERLAP:
                continue
            gap = _gap(qa, qb)
            score = 0.55 + 0.35 * min(1.0, gap * 2) + (0.1 if qa.event else 0.0)
            if qa.unit is None:
                score -= 0.15
            if qa.approx or qb.approx:
                score -= 0.05
            score = max(0.0, min(1.0, score))
            if best is None or score > best[0]:
                best = (score, qa, qb)
        if best is None:
            # ages of one person, tallies of one vote (compare/_people.py); `compare` (lexical
            # similarity) has no cosine to gate on
            sim = ctx.similarity if ctx.similarity_source == "embedding" else 1.0
            return age_finding(a, b, sim, self.kind) or tally_finding(a, b, sim, self.kind) \
                or self._ordinal(a, b, ctx)
        score, qa, qb = best
        groups = sorted(_groups(qa) | _groups(qb))
        label = _thing_label(qb if _tagged(qb, "state:") and not _tagged(qa, "state:") else qa)
        if label and all(label in _shown(q) for q in (qa, qb)):
            label = ""  # "half a percentage point vs 25 basis points": the figures name their unit
        thing = " ".join(x for x in (" ".join(g.upper() if g in ("us", "uk", "un", "nato", "isis") else g.title()
                                               for g in groups),
                                     label, _event_label(qa)) if x)
        if qa.place or qb.place:
            thing += f" ({(qa.place or qb.place).title()})"
        relation, reason = _relation(a, qa, b, qb, ctx)
        if relation == "update" and (not ctx.date_a or not ctx.date_b or ctx.date_a == ctx.date_b):
            qe, ql = _by_date(qa, qb, ctx)
            when = f" (both reported on {ctx.date_a.isoformat()})" if ctx.date_a and ctx.date_a == ctx.date_b else ""
            expl = f"{_shown(qe)} vs {_shown(ql)} {thing}{when}: {reason}"
        elif relation == "update":
            (qe, de), (ql, dl) = sorted(((qa, ctx.date_a), (qb, ctx.date_b)), key=lambda x: x[1])
            ne, nl = _shown(qe), _shown(ql)
            expl = f"{ne} vs {nl} {thing}; {ne} reported on {de.isoformat()}, {nl} on {dl.isoformat()}: {reason}"
        elif id(qb) in converted:
            ob = converted[id(qb)]
            expl = (f"{qa.text} vs {ob.text} (about {shown(qb.value)} {unit_name(qa.unit)})"
                    f"{' ' + _event_label(qa) if _event_label(qa) else ''}{date_note(ctx)}")
        else:
            if opposite_changes(qa, qb):  # one says the economy grew, the other that it shrank
                said = {q.event: _shown(q) if _shown(q).endswith("%") else _shown(q) + "%" for q in (qa, qb)}
                expl = (f"the economy grew {said['increase']} in one report and shrank {said['decrease']} "
                        f"in the other{date_note(ctx)}")
            else:
                expl = f"{_shown(qa)} vs {_shown(qb)} {thing}{date_note(ctx)}"
        facet = f"{qa.unit or '-'}|{qa.event or '-'}|{','.join(groups) or '-'}"
        if _tagged(qa, "doc:"):
            facet = f"{qa.unit}|length:{_tagged(qa, 'doc:')}|-"  # a document's length: its own topic
        return Finding(kind=self.kind, score=round(score, 3), explanation=expl, relation=relation,
                       highlights_a=((qa.start, qa.end),), highlights_b=((qb.start, qb.end),), facet=facet)
