"""What keeps two counts apart, for the numeric comparator (compare/numeric.py).

Two figures of one story are compared only when they count one thing. Each guard here reads one
way news names a different thing in the same words: a place named only as another one ("in the
neighbouring county"), another incident ("in the second blast"), another scope ("worldwide" /
"domestic"), another document ("its own 600-page bill"), another person's prison term, another
day ("on Thursday" / "on Friday"), and the state of what is counted ("15 trapped miners"). A count
of none ("No one was killed") is said of every kind of person.
"""

from __future__ import annotations

import re

from claimdiff.compare._when import _WEEKDAY_RE
from claimdiff.models import Quantity

# verbs that say nothing of what a count is of ("is", "said", "includes")
_LIGHT_VERBS = frozenset("be have say tell report show put make get give include see mean".split())


def _tagged(q: Quantity, tag: str) -> str | None:
    """The value of a tagged modifier ("doc:indictment" -> "indictment"), or None."""
    return next((m[len(tag):] for m in q.modifiers if m.startswith(tag)), None)


# "in the neighbouring county", "elsewhere in the state", "in nearby towns": a place named only
# as another one than the story's
_OTHER_PLACE_RE = re.compile(
    r"\b(?:in|across|from|at)\s+(?:the\s+|a\s+)?(?:neighbou?ring|nearby|adjacent|surrounding|other|another)\s+"
    r"(?:county|counties|town|towns|city|cities|state|states|region|regions|district|districts|province|"
    r"provinces|area|areas|village|villages|country|countries|suburb|suburbs)\b|\belsewhere\b", re.IGNORECASE)


def _other_place(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """One count has a named place and the other sentence says its count is from somewhere else
    ("evacuated in Marlow" / "evacuated in the neighbouring county")."""
    return bool((qa.place and not qb.place and _OTHER_PLACE_RE.search(tb))
                or (qb.place and not qa.place and _OTHER_PLACE_RE.search(ta)))


# "No one was killed" (a count of none, quantity.py) is said of every kind of person
_PERSON_UNITS = frozenset(
    "people troops marines civilians militants fighters advisers man woman child boy girl officer soldier suspect "
    "protester demonstrator student worker employee resident passenger pupil victim miner migrant prisoner "
    "hostage journalist police firefighter".split())
# which incident of the story a count is of: "killed in the second blast", "in a separate attack"
_INCIDENT_RE = re.compile(r"^[^.;]{0,60}?\b(?:in|during|by|at|from|for|over)\s+(?:the|a|an)\s+(first|second|third|fourth|"
                          r"earlier|later|latest|other|separate|subsequent|previous|initial|new)\s+(?!(?:less|more|fewer|than|few|"
                          r"one|two|three|quarter|half|year|month|week|day|period|round|term)s?\b)[a-z]+", re.IGNORECASE)
# (a period is no incident: "grew 0.3% in the second quarter"; periods are the referent's, numeric.py)


def _state_stem(q: Quantity) -> str:
    """What befell the things counted, as a stem: the participle before them ("15 trapped
    miners") or the verb of which they are the subject or object ("Twelve miners were trapped")."""
    from claimdiff.compare._text import stem

    st = _tagged(q, "state:")
    if st:
        return stem(st)
    r = q.referent
    return stem(r.verb) if r is not None and r.verb and r.verb not in _LIGHT_VERBS else ""


def _same_state(qa: Quantity, qb: Quantity) -> bool:
    """Both count things in one state, and at least one says so with a participle: "Twelve
    miners were trapped" / "15 trapped miners" is one count with no event word of the table."""
    sa, sb = _state_stem(qa), _state_stem(qb)
    return bool(sa) and sa == sb and bool(_tagged(qa, "state:") or _tagged(qb, "state:"))


_SCENE_RE = re.compile(r"\b(?:in|at|during|after|near|from|over)\s+(?:the|a|an|this|that)\s+(?:[\w-]+\s+){0,2}?"
                       r"(killing|killings|shooting|attack|blast|explosion|crash|march|protest|rally|raid|fire|riot|clashes|"
                       r"collision|storm|bombing|stabbing|murder|incident|derailment|strike|game|match|concert|demonstration)\b",
                       re.IGNORECASE)


def _scene(text: str) -> str:
    """The incident a sentence names ("in the killing", "at a march"), for counts of none."""
    m = _SCENE_RE.search(text)
    return m.group(1).lower() if m else ""


# figures that move from day to day and are compared as updates (outages, winds, a count in progress)
_CHANGING_FACETS = frozenset({"outage", "wind", "gust", "vote share", "margin"})


def _weekdays(text: str) -> set[str]:
    return {m.group(1).lower() for m in _WEEKDAY_RE.finditer(text)}


_SENTENCED_RE = re.compile(r"^(?:[A-Z][\w'-]+\s+)*([A-Z][\w'-]+),[^.;]{0,120}?,\s+(?:was|were)\s+(?:sentenced|jailed|imprisoned)\b|"
                           r"\b([a-z-]+)\s+(?:was|were|has been|had been|is|are)\s+(?:\w+ly\s+)?"
                           r"(?:sentenced|jailed|imprisoned)\b|\b(?:sentenced|jailed|imprisoned)\s+(?:the\s+)?"
                           r"(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+(?:for|to|of)\b", re.IGNORECASE)


def _sentenced(text: str) -> str:
    """Who the prison term is of: the head word before "was sentenced", or after "jailed"."""
    m = _SENTENCED_RE.search(text)
    who = next(g for g in m.groups() if g).lower() if m else ""  # "Aldo Fenwick, the founder ..., was sentenced"
    return who.removeprefix("ex-")  # "the former treasurer of ..." / "the food bank's ex-treasurer"


_OTHER_DOC_RE = re.compile(r"\b(?:its|their|his|her) own\b|\b(?:separate|rival|competing|alternative|earlier|revised|"
                           r"new|previous|second|draft)\s+(?:[\w-]+\s+)?(?:[\w-]+\s+)?(?:version|bill|report|plan|"
                           r"proposal|filing|indictment|draft)\b|\bversion\b", re.IGNORECASE)


_SCOPE_RE = re.compile(r"\b(worldwide|global(?:ly)?|domestic(?:ally)?(?!\s+product)|international(?:ly)?|overseas|abroad|"
                       r"north american?|nationwide|nationally|statewide|citywide|"
                       r"in the (?:capital|city|region|province|county|district|north|south|east|west)|"
                       r"in the (?:town|village|city|district) of|"
                       r"across (?:the )?(?:country|nation|(?-i:[A-Z][a-z]+)))\b", re.IGNORECASE)
_SCOPE_NORM = {"globally": "worldwide", "global": "worldwide", "domestically": "domestic", "internationally": "international",
               "north america": "north american", "nationally": "nationwide", "abroad": "overseas"}


def _scope_words(text: str) -> frozenset[str]:
    """The scope a figure is given for, in words: worldwide, domestic, nationwide."""
    return frozenset("local" if m.group(1).lower().startswith("in the ") else
                     "nationwide" if m.group(1).lower().startswith("across ") else
                     _SCOPE_NORM.get(m.group(1).lower(), m.group(1).lower())
                     for m in _SCOPE_RE.finditer(text))  # "in the capital": a part; "across England": the whole


def _none_of(q: Quantity) -> bool:
    return "none" in q.modifiers


def _incident(q: Quantity, text: str) -> str | None:
    m = _INCIDENT_RE.match(text[q.end:])
    return m.group(1).lower() if m else None


# which instance of a repeated thing a figure is: "the watchdog's new £6m fine" is not the
# penalty "imposed last year"; "a fresh 500-strong deployment" is not the earlier one
_NEW_RE = re.compile(r"\b(?:new|fresh|latest|second|another|further)\s+(?:[\w-]+\s+){0,1}$", re.IGNORECASE)
_EARLIER_RE = re.compile(r"\b(?:last|previous|prior)\s+(?:year|month|week|time|season)\b|\bearlier\s+(?:this|that|in)\b|"
                         r"\ba year (?:earlier|ago|before)\b|\bin (?:19|20)\d\d\b|\bprevious(?:ly)?\b", re.IGNORECASE)


_THIS_RE = re.compile(r"\bthis (?:year|month|week|season|quarter)\b|\bcurrent (?:year|budget|fiscal year)\b", re.IGNORECASE)


# "The blaze came less than six weeks after nine people died in a tower block fire in Halvorsen":
# the count of an earlier event, named as the one this came after
_AFTER_EARLIER_RE = re.compile(r"\b(?:days?|weeks?|months?|years?)\s+(?:after|since)\s+$|\bcame\s+(?:just\s+)?after\s+$",
                               re.IGNORECASE)


def _instance(q: Quantity, text: str) -> str | None:
    """"new" for a figure its sentence calls a new one, "earlier" for one its own clause dates
    to before (last year, previously), else None."""
    if _NEW_RE.search(text[max(0, q.start - 25):q.start]) or _THIS_RE.search(text[max(0, q.start - 40):q.end + 30]):
        return "new"
    if _EARLIER_RE.search(text[q.end:q.end + 45]) or _EARLIER_RE.search(text[max(0, q.start - 30):q.start]) \
            or _AFTER_EARLIER_RE.search(text[max(0, q.start - 40):q.start]):
        return "earlier"
    return None


# a count of an event its sentence dates to a year: "the deadliest fire since 1998, when 11 people died"
_YEAR_WHEN_RE = re.compile(r"\b(?:in|since|of)\s+((?:19|20)\d\d),?\s+when\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)


# the last (or previous) one of the kind, dated to a year: "the last major outbreak, in 1999,"
_LAST_YEAR_RE = re.compile(r"\b(?:last|previous|prior|earlier)\s+(?:[\w-]+\s+){0,2}?[\w-]+,?\s+in\s+((?:19|20)\d\d)\b",
                           re.IGNORECASE)


def _other_instance(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    if (_AFTER_EARLIER_RE.search(ta[max(0, qa.start - 40):qa.start]) is None) != \
            (_AFTER_EARLIER_RE.search(tb[max(0, qb.start - 40):qb.start]) is None):
        return True  # one count is of the event the story's came after
    for q, t, other in ((qa, ta, tb), (qb, tb, ta)):
        m = _YEAR_WHEN_RE.search(t[max(0, q.start - 60):q.start])
        if m and m.group(1) not in other:
            return True  # that year's event, not the one the other sentence counts
        m = _LAST_YEAR_RE.search(t[max(0, q.start - 60):q.start])
        if m and m.group(1) not in other:
            return True  # "The county's last significant outbreak, in 1999, infected 11 people"
    return {_instance(qa, ta), _instance(qb, tb)} == {"new", "earlier"}


# kinds of damages a court awards separately: "$12m in compensatory damages" / "$30m in punitive damages"
_DAMAGES_KIND_RE = re.compile(r"\b(compensatory|punitive|exemplary|aggravated|general|special|economic|non-economic)"
                              r"\s+damages\b", re.IGNORECASE)


def _damages_kind(q: Quantity, text: str) -> str:
    m = _DAMAGES_KIND_RE.search(text[q.end:q.end + 40])
    return m.group(1).lower() if m else ""


# who is fined: "fined the bank £40m" / "fined the bank's former chief executive £400,000",
# "The bank was fined £40m"
_FINED_OBJ_RE = re.compile(r"\bfined\s+(?:the\s+|a\s+|an\s+)?((?:[\w'’.-]+\s+){0,5}?)(?:[$€£¥]|\d|over\b|for\b)",
                           re.IGNORECASE)
_FINED_SUBJ_RE = re.compile(r"([\w'’-]+)\s+(?:was|were|has been|have been|had been|is|are|will be)\s+(?:\w+ly\s+)?"
                            r"(?:fined|hit with|ordered to pay)\b", re.IGNORECASE)


def _fined_party(text: str) -> str:
    m = _FINED_SUBJ_RE.search(text)
    if m:
        return m.group(1).lower()
    m = _FINED_OBJ_RE.search(text)
    if m and m.group(1).strip():
        return m.group(1).split()[-1].lower().removesuffix("'s").removesuffix("’s")
    return ""


def _other_party(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Two sums of one kind that are not one sum: damages of another kind, a fine on another party."""
    if qa.event == "award" and _damages_kind(qa, ta) != _damages_kind(qb, tb):
        return True
    if qa.event == "sign":
        oa, ob = _SIGNED_RE.search(ta), _SIGNED_RE.search(tb)
        return bool(oa and ob and oa.group(1).lower() != ob.group(1).lower())  # a letter is not the petition
    if qa.event == "fine":
        # a firm and one of its people (the words for the firm vary: "the budget carrier" / "the airline")
        pa, pb = _fined_party(ta), _fined_party(tb)
        return bool(pa and pb and (pa in _OFFICERS) != (pb in _OFFICERS))
    return False


_SIGNED_RE = re.compile(r"\b(petition|letter|pledge|declaration|appeal|bill)\b", re.IGNORECASE)
_OFFICERS = frozenset("executive chief boss director manager founder chairman chairwoman chair president officer "
                      "employee employees trader traders banker bankers partner partners owner owners individual "
                      "individuals ceo cfo executives directors managers".split())


_CAPS_RE = re.compile(r"\b[A-Z][a-z'’-]+\b")
_NOT_NAMES = frozenset("The A An He She They It His Her Their In On At After With But And When While Labour's".split())


def _other_winner(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Two margins of two contests: the capitalised words before each figure (the winner, the
    seat) share none ("Labour held Hastings by 312 votes" / "The Conservatives held Bexhill")."""
    if qa.event != "margin":
        return False
    na = {w.rstrip("'’s") for w in _CAPS_RE.findall(ta[:qa.start])} - _NOT_NAMES
    nb = {w.rstrip("'’s") for w in _CAPS_RE.findall(tb[:qb.start])} - _NOT_NAMES
    return bool(na and nb and not (na & nb))


# whose share a poll's figure is: "61 percent of Californians", "Among Republican voters, 71%"
_POP_AFTER_RE = re.compile(r"\s+of\s+((?:[\w'’-]+\s+){0,2}?(?:voters|americans|adults|respondents|people|britons|"
                           r"residents|[a-z]+ans|[a-z]+ers|members|workers|parents|women|men|democrats|republicans|"
                           r"conservatives|liberals|independents))\b(?:\s+(overall|nationwide))?", re.IGNORECASE)
_POP_BEFORE_RE = re.compile(r"\bamong\s+((?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s*,?\s*(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def _population(q: Quantity, text: str) -> str:
    m = _POP_AFTER_RE.match(text[q.end:])
    if m:
        return " ".join(w for w in (m.group(1) or "").lower().split()) + (f" {m.group(2).lower()}" if m.group(2) else "")
    m = _POP_BEFORE_RE.search(text[max(0, q.start - 60):q.start])
    return m.group(1).lower() if m else ""


_ELECTORATE = frozenset({"voters", "eligible voters", "registered voters", "the electorate", "electorate"})
_POLLSTER_RE = re.compile(r"\b([A-Z][\w&'’-]+)(?:\s+(?:University|College|Research|Institute|Group))?\s+(?:poll|survey)\b")
_RIVAL_RE = re.compile(r"\b(?:rival|competing|alternative|opposing|separate|second|other)\b", re.IGNORECASE)


def _other_population(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Shares of two populations ("Among Republican voters, 71%" / "44% of Americans overall"),
    or of two things supported ("support the bill" / "support the rival bill")."""
    if qa.unit != "percent" or qa.event not in ("support", "vote", "turnout"):
        return False
    pa, pb = _population(qa, ta), _population(qb, tb)
    if qa.event == "turnout":  # a turnout is of the electorate unless a part is named
        pa, pb = ("" if p in _ELECTORATE else p for p in (pa, pb))
    if pa != pb:
        return qa.event in ("support", "turnout")  # "turnout among voters under 25" is a part
    pa, pb = _POLLSTER_RE.search(ta), _POLLSTER_RE.search(tb)
    if pa and pb and pa.group(1).lower() != pb.group(1).lower():
        return True  # "a Quinnipiac poll" / "a Marist survey": two polls
    ra, rb = _RIVAL_RE.search(ta[qa.end:qa.end + 60]), _RIVAL_RE.search(tb[qb.end:qb.end + 60])
    return bool(ra) != bool(rb)


def _other_country(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Counts of people of two countries: "Kenya will send 1,500 troops" / "500 Nigerian soldiers
    will be deployed" (countries named around each figure, none in common)."""
    from claimdiff.stories.countries import countries

    if qa.unit not in _PERSON_UNITS:
        return False
    ca = set(countries(ta[max(0, qa.start - 80):qa.end + 40]))
    cb = set(countries(tb[max(0, qb.start - 80):qb.end + 40]))
    return bool(ca and cb and not (ca & cb))


# the span a change is over, read near the figure: a day's move ("fell 4 percent on Wednesday") is not a
# year's ("down about 30 percent this year")
_DAY_SPAN_RE = re.compile(r"\b(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\btoday\b|\bin (?:early|late) trading\b|"
                          r"\bpremarket\b|\bintraday\b", re.IGNORECASE)
_LONG_SPAN_RE = re.compile(r"\bthis year\b|\bso far this year\b|\byear to date\b|\bsince (?:january|the start of the year)\b|"
                           r"\bover the (?:past|last) (?:year|12 months|decade|month|week)\b|\bthis month\b|\bthis week\b",
                           re.IGNORECASE)


# a span written with its length: "over the past week", "in 2 weeks", "in a month", "the past week"
_SPAN_LEN_RE = re.compile(r"\b(?:over|in|during|for|within)?\s*(?:the\s+)?(?:past|last|previous|latest)?\s*"
                          r"(?P<n>a|an|one|two|three|four|five|six|\d{1,2})?\s*(?P<unit>day|week|fortnight|month|quarter|year)s?\b",
                          re.IGNORECASE)
_SPAN_N = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_SPAN_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 90, "year": 360}


def _span_days(q: Quantity, text: str) -> int | None:
    """The length of the span a change is measured over, written just after it ("rise 1.6 cents over
    last week" 7, "increases 10 cents in 2 weeks" 14); None when none is written there."""
    after = text[q.end:q.end + 40]
    m = re.match(r"[^,;.]{0,15}?\b(?:over|in|during|for|within|the)\s+", after, re.IGNORECASE)
    if not m:
        return None
    m2 = _SPAN_LEN_RE.search(after, m.start(0), m.end(0) + 25)
    if not m2 or not m2.group("unit"):
        return None
    n = m2.group("n")
    k = int(n) if n and n.isdigit() else _SPAN_N.get((n or "a").lower(), 1)
    return k * _SPAN_DAYS[m2.group("unit").lower()]


def _change_span(q: Quantity, text: str) -> str:
    window = text[max(0, q.start - 50):q.end + 50]
    if _LONG_SPAN_RE.search(window):
        return "long"
    return "day" if _DAY_SPAN_RE.search(window) else ""


_QUARTER_RE = re.compile(r"\bQ[1-4]\b|\b(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter\b|\bquarterly\b|"
                         r"\bin the quarter\b", re.IGNORECASE)
_YEAR_SPAN_RE = re.compile(r"\b(?:in|for|during)\s+(?:fiscal\s+)?(?:19|20)\d\d\b|\bfull[\s-]year\b|\bfor the year\b|"
                           r"\bannual\b|\bFY\s?\d{2,4}\b|\b(?:19|20)\d\d\s+(?:net\s+)?(?:sales?|revenues?|profits?|earnings)\b",
                           re.IGNORECASE)
# a market's move: "Dow Jones down 0.07%" at one hour is not a contradiction of "down 0.05%" at another
_MARKET_RE = re.compile(r"\b(?:Dow|S&P|Nasdaq|FTSE|DAX|CAC|Nikkei|Hang Seng|index|indexes|indices|stocks?|shares?|"
                        r"futures|bonds?|yields?|the (?:dollar|euro|pound|yen)|oil prices?|crude)\b", re.IGNORECASE)
_CLOSED_RE = re.compile(r"\b(?:closed|close|closing|ended|finished|settled|at the close)\b", re.IGNORECASE)


def _period_of(text: str) -> str:
    if _QUARTER_RE.search(text):
        return "quarter"  # "Q4'FY14": a quarter of a year
    return "year" if _YEAR_SPAN_RE.search(text) else ""


def _other_span(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    if qa.event not in ("increase", "decrease"):
        return False
    pa, pb = _period_of(ta), _period_of(tb)
    if pa and pb and pa != pb:
        return True  # "Q4 net sales climbs 6%" / "2013 net sales increase 10 percent": a quarter, a year
    if _MARKET_RE.search(ta) and _MARKET_RE.search(tb) and not (_CLOSED_RE.search(ta) or _CLOSED_RE.search(tb)) \
            and not (_weekdays(ta) or _weekdays(tb)):
        return True  # two moments of a market's day, unless one gives the close or the day's move
    da, db = _span_days(qa, ta), _span_days(qb, tb)
    if da and db and abs(da - db) > 0.1 * max(da, db):
        return True  # "up 1.6 cents over last week" / "up 10 cents in 2 weeks": two spans
    if (da is None) != (db is None) and qa.unit not in ("percent", "percentage point"):
        return True  # "up 3.4 cents" / "up 10 cents in two weeks": the span of one is not said
    if qa.unit not in ("percent", "percentage point"):
        return False
    sa, sb = _change_span(qa, ta), _change_span(qb, tb)
    return bool(sa and sb and sa != sb)


# what a sum is, named next to it: "$2M in pot taxes" is not "$14 million in sales", nor "$3.5M in taxes
# and fees"; a sentence that names none ("Colorado made $4.1m") says too little to set against one that does
_MONEY = frozenset({"usd", "eur", "gbp", "pound", "inr", "jpy"})
_SUM_KIND_RE = re.compile(r"\b(tax(?:es)?|fees?|revenues?|sales|profits?|loss(?:es)?|earnings|income|fines?|"
                          r"damages|dividends?|bonus(?:es)?|donations?|grants?|loans?|debts?)\b", re.IGNORECASE)


_EVENT_KIND = {"award": "damage", "fine": "fine", "sell": "sale", "revenue": "revenue"}


_KIND = _SUM_KIND_RE.pattern[2:-2]
# the sum's own noun: "$2M in recreational pot taxes", "$2 million from first month of marijuana taxes",
# "$3.5M tax revenue"; or its subject just before the verb: "Weed Sales In Colorado Hit $14 Million",
# "Pot Tax Nets $2 Million" (not "the tax bill would add $2.4 trillion": the tax names the bill)
_KIND_AFTER_RE = re.compile(r"\s*(?:(?:in|of)\s+(?:[\w'’.-]+\s+){0,4}?)?" + _KIND
                            + r"(?P<more>(?:\s+(?:and\s+)?" + _KIND.replace("(", "(?:", 1) + r")*)\b", re.IGNORECASE)
# where a sum comes from is not what it is: "rakes in $2 million from January's marijuana sales"
_KIND_FROM_RE = re.compile(r"\s*from\s+(?:[\w'’.-]+\s+){0,4}?" + _KIND + r"\b", re.IGNORECASE)
_KIND_BEFORE_RE = re.compile(_KIND + r"\s+(?:in\s+[A-Z][\w-]*\s+)?(?:[\w-]+\s+)?(?:[$€£]\s*)?$", re.IGNORECASE)


def _kind_word(word: str) -> str:
    """One kind word in one form: "Taxes" -> "tax", "sales" -> "sale", "losses" -> "loss"."""
    w = word.lower()
    return w[:-2] if w.endswith(("xes", "sses", "ses")) and w[:-2] in ("tax", "loss", "bonus") else w.rstrip("s")


def _sum_kinds(q: Quantity, text: str) -> frozenset[str]:
    found = []
    m = _KIND_FROM_RE.match(text, q.end)
    if m:
        return frozenset({"from:" + _kind_word(m.group(1))})  # "$2 million from pot sales"
    m = _KIND_AFTER_RE.match(text, q.end)
    if m:
        more = m.group("more").split()
        if not more:
            found.append(m.group(1))
        elif "and" in (w.lower() for w in more):
            found += [m.group(1)] + [w for w in more if w.lower() != "and"]  # "taxes and fees": both
        else:
            found.append(more[-1])  # "pot sales tax", "tax revenue": the last noun is the sum's
    m = _KIND_BEFORE_RE.search(text[max(0, q.start - 40):q.start])
    if m:
        found.append(m.group(1))
    kinds = {_kind_word(w) for w in found}
    if not kinds and q.event in _EVENT_KIND:
        kinds.add(_EVENT_KIND[q.event])  # "Jurors awarded the families $1.2m": damages
    return frozenset(kinds)


def other_sum_kind(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Two sums of money named as different things (taxes / sales, taxes / taxes and fees), or one
    named and the other not."""
    if qa.unit not in _MONEY or qb.unit not in _MONEY:
        return False
    ka, kb = _sum_kinds(qa, ta), _sum_kinds(qb, tb)
    return (bool(ka) or bool(kb)) and ka != kb
