"""Quantities: counts and amounts with the thing counted, read as intervals.

`read_quantities(text)` finds numbers written with digits ("2,000", "2.5 million", "$62,500",
"20 %") or words ("three", "a dozen", "two million"), skips numbers that are not amounts
(years, dates, ordinals, times of day, IDs and codes, numbers inside names such as COVID-19
or F-16, list markers), and reads around each one:

- the bound or approximation in front or behind it ("at least", "more than", "up to",
  "about", "nearly", "or more") -> an interval [low, high] with open ends; "nearly $1T"
  includes $1T itself, and a round figure stands for what rounds to it ("$3.5 trillion",
  "20 million", "250,000": numbers.rounding_halfwidth), so compatible roundings never clash;
  vague plurals ("millions of") are floors reaching up to the next scale;
- the thing counted after it ("American troops" -> unit "troops", modifiers ("us",));
  soldiers / troops / forces / servicemen / personnel are one class "troops" because news
  uses them interchangeably for the same people; Marines, advisers, fighters stay apart;
- the place ("from Iraq") and the action the count belongs to ("the withdrawal of 2,000"
  -> "withdraw"; "2,500 troops have been withdrawn" -> "withdraw").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from claimdiff.models import Quantity
from claimdiff.claims.numbers import (_DIGIT_RE, _DIGITS, _SCALES, _VAGUE, _VAGUE_RE, _WORDNUM_RE, _to_float,
                                      rounding_halfwidth, rounding_upper, words_to_number)
from claimdiff.claims.facet_words import (_BASES, _CHARGING_DOC_RE, _CROWD_AT_RE, _DISEASE_CASES, _DISEASE_RE,
                                          _DOCUMENTS, _EVENT_NOUNS, _GDP_RE, _MARGIN_BY_RE, _MARGIN_OF_RE,
                                          _MONEY_SIGNS, _MOVED_UP_RE, _NUMBER_OF_RE, _OF_GDP_RE, _PART_OF_RE,
                                          _PAYMENT_VERBS, _PAY_RE, _PEOPLE_EVENTS, _PRICES_RE, _ROLE_NOUNS,
                                          _SECTOR_PRICES_RE, _SECTOR_RE, _SHARE_OF_GDP_RE, _SUM_KINDS,
                                          _SUM_TOTALS_RE, _TURNOUT_RE, _VOTERS_CAST_RE, _countries,
                                          _country_of, _runs_to)
from claimdiff.claims.units import _EVENT_RE, _IRREGULAR, _STEM_EVENT, _UNIT_CLASS, NATIONALITIES, normalise_unit, singular

# ---------------------------------------------------------------- lexicons

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_MONTH_RE = re.compile(rf"^(?:{_MONTHS})\.?$", re.IGNORECASE)

# Bounds written before the number: (pattern, kind). Longest first.
_PRE_BOUNDS = [
    ("no fewer than", "ge"), ("no less than", "ge"), ("not less than", "ge"), ("not fewer than", "ge"),
    ("at least", "ge"), ("a minimum of", "ge"), ("minimum of", "ge"),
    ("no more than", "le"), ("not more than", "le"), ("at most", "le"), ("a maximum of", "le"),
    ("maximum of", "le"), ("up to", "le"), ("as many as", "le"), ("as much as", "le"),
    ("more than", "gt"), ("greater than", "gt"), ("higher than", "gt"), ("in excess of", "gt"),
    ("upwards of", "gt"), ("over", "gt"), ("above", "gt"), ("exceeding", "gt"), ("beyond", "gt"),
    ("less than", "lt"), ("fewer than", "lt"), ("lower than", "lt"), ("under", "lt"), ("below", "lt"),
    ("just under", "near"), ("nearly", "near"), ("almost", "near"), ("close to", "near"),
    ("approximately", "approx"), ("approx.", "approx"), ("roughly", "approx"), ("about", "approx"),
    ("around", "approx"), ("an estimated", "approx"), ("estimated", "approx"), ("some", "approx"),
    ("circa", "approx"), ("~", "approx"), ("just over", "approx"),
]
_PRE_BOUND_RE = re.compile(
    r"(?:^|(?<=[\s(\"“]))(?P<b>" + "|".join(re.escape(b) for b, _ in _PRE_BOUNDS) + r")\s*$", re.IGNORECASE)
_PRE_KIND = {b: k for b, k in _PRE_BOUNDS}
_POST_BOUND_RE = re.compile(r"^\s*(?:(?P<ge>or more|or greater|or above|plus|\+)|(?P<le>or less|or fewer|or under)|"
                            r"(?P<approx>or so|-odd|odd))\b", re.IGNORECASE)
_RANGE_RE = re.compile(rf"^\s*(?:-|–|—|to)\s*(?P<cur>\$|€|£)?(?P<num>{_DIGITS})(?:\s?(?P<scale>hundred|thousand|million|billion|bn|mn|[kKmM])\b)?")
_BETWEEN_RE = re.compile(r"\bbetween\s*$", re.IGNORECASE)
_AND_NUM_RE = re.compile(rf"^\s*and\s*(?:\$|€|£)?(?P<num>{_DIGITS})(?:\s?(?P<scale>hundred|thousand|million|billion|bn|mn|[kKmM])\b)?")

# Words before a number that mark it as an identifier, code or name rather than an amount.
_ID_CUES = re.compile(
    r"(?:\b(?:code|id|no\.?|nos\.?|number|resolution|article|section|chapter|page|pages|paragraph|para|"
    r"room|flight|route|highway|platform|decree|law|act|amendment|bill|case|file|ref|reference|item|"
    r"clause|version|v|vol|volume|issue|edition|phase|level|grade|class|model|unit|apartment|"
    r"suite|box|lot|block|gate|channel|episode|season|week|day|year|years|year's|tier|covid|"
    r"figure|table|fig\.?|ext\.?|tel\.?|phone|fax|zip|postcode|po|p\.?o\.? box)|#|№)\s*:?\s*$",
    re.IGNORECASE,
)
_NOT_ID_BEFORE_NUMBER_OF = re.compile(r"\bnumber\s*$", re.IGNORECASE)

_NATIONALITIES = NATIONALITIES
# Markers that change what a count means: "2,500 more soldiers" is an increment, "each pot has
# 32 flowers" a rate, "91 books in all" a total, "6 kittens now" / "45 left" a remainder.
_ADDITIONAL = {"more", "additional", "extra", "further", "another", "fresh", "new"}
_SKIP_ADJ = {
    "criminal", "felony", "federal", "misdemeanor", "misdemeanour", "separate",  # "12 criminal counts"
    "military", "combat", "armed", "active", "active-duty", "senior", "junior", "young", "old", "small",
    "large", "big", "different", "matched", "full", "other", "such", "regular", "elite", "special",
    "local", "international", "civilian", "unarmed", "heavily", "well", "trained", "female", "male",
    "registered", "eligible", "confirmed", "reported", "total", "remaining", "whole", "entire",
    "identical", "separate", "consecutive", "straight", "successive", "equal", "red", "blue", "green",
    "white", "black", "yellow", "empty", "same", "of",
    # kinds of worker: "2,000 seasonal workers", "500 temporary staff" count workers
    "seasonal", "temporary", "permanent", "part-time", "full-time", "casual", "skilled", "unskilled",
}
_STOP = {
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "from", "for", "with", "by",
    "as", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "will", "would",
    "can", "could", "may", "might", "should", "must", "that", "which", "who", "whom", "this", "these",
    "those", "it", "its", "their", "his", "her", "they", "he", "she", "we", "you", "i", "than", "then",
    "if", "so", "not", "no", "during", "after", "before", "while", "when", "where", "each", "per",
    "into", "out", "over", "under", "about", "between", "among", "through", "up", "down", "more",
    "less", "times", "time", "percent", "per cent", "did", "do", "does", "now", "only", "all", "both",
    "left", "what", "how", "why", "there", "here", "just", "also", "still", "already", "than",
}

_CLAUSE_BREAK = re.compile(r"[;:()\[\]\"“”]|,\s|\.\s|\s(?:and|but|while|whereas|although|which|who|where|when|"
                           r"as part of|because|after|before|since|while)\s", re.IGNORECASE)
_PLACE_RE = re.compile(r"\b(?:in|from|to|into|out of|inside|across|near|throughout|within)\s+(?:the\s+)?"
                       r"(?P<p>(?:[A-Z][\w'.-]+)(?:\s+(?:[A-Z][\w'.-]+|of|al-[\w-]+)){0,3})")
_TITLES = re.compile(r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|President|Senator|Governor|Secretary|"
                     r"Minister|Prime|King|Queen|Prince|Pope|Judge|Justice)\b\.?")
_TOKEN_RE = re.compile(r"[A-Za-z][\w'.-]*[\w]|[A-Za-z]|%|¢")


@dataclass
class _Num:
    start: int
    end: int
    value: float
    cur: str | None = None  # unit given by a currency sign
    half: float = 0.0  # rounding below: "$3.5 trillion" may be 3.45T
    up: float = 0.0  # ... and above: up to 3.6T



# ---------------------------------------------------------------- exclusion tests

def _is_excluded(text: str, s: int, e: int, raw: str, value: float, has_cur: bool) -> bool:
    before = text[max(0, s - 40):s]
    after = text[e:e + 25]
    prev_char = text[s - 1] if s > 0 else " "
    next_char = text[e] if e < len(text) else " "
    # inside words/names: COVID-19, F-16, G7, A4, 3D, B-52
    if prev_char.isalpha() or (prev_char in "-/" and s > 1 and text[s - 2].isalnum()):
        return True
    if next_char.isalpha() and not re.match(r"(?:km|kg|cm|mm|m|k|bn|mn|tn|mln|bln|mph|kph|kmph|ft|ml|lb|s)\b", after, re.I) \
            and not (has_cur and re.match(r"[bBtT]\b", after)):  # "$579B", "$1T"
        return True
    if re.match(r"\s?-\s?[A-Za-z]", after) and not re.match(r"\s?-\s?(?:year|month|week|day|hour|minute|mile|km|"
                                                          r"kilomet|metre|meter|foot|feet|strong|odd|member|person|"
                                                          r"man|seat|point|percent|page|word|count)", after, re.I):
        return True
    # ordinals: 9th, 9 th, 21st, 3 rd
    if re.match(r"\s?(?:st|nd|rd|th)\b", after, re.I):
        return True
    # ages: "a 28-year-old student", "aged 81" are read as ages of people (claims/people.py), not
    # as counts of years ("Carlos is 8 years old" stays a figure of years: no person noun to hold it)
    if re.match(r"\s?-\s?years?-olds?\b", after, re.I) or re.search(r"\baged\s*$", before, re.I):
        return True
    # times of day: 10:30, 5 pm, 5 a.m., 5 o'clock
    if re.match(r"\s?(?:[ap]\.m\.|[ap]m\b|o'clock\b|GMT\b|UTC\b|hrs\b(?=\s*[A-Z]))", after, re.I) or re.match(r":\d", after) \
            or re.search(r"\d:$", before):
        return True
    # dates: December 31, 31 December, 12/31/2021, 2021-12-31
    prev_word = re.search(r"([A-Za-z]+)\.?\s*$", before)
    if prev_word and _MONTH_RE.match(prev_word.group(1)) and value < 32 and not has_cur:
        return True
    if re.match(rf"\s*(?:of\s+)?(?:{_MONTHS})\b", after, re.I) and value < 32 and "." not in raw:
        return True
    if re.match(r"[/.-]\d", after) and not re.match(r"-\d", after) or re.search(r"\d[/]$", before):
        return True
    if re.match(r"-\d{1,2}-\d", after) or re.search(r"\d{4}-$", before):
        return True
    # years: four digits in 1900-2100 standing alone
    if re.fullmatch(r"\d{4}", raw) and 1900 <= value <= 2100 and not has_cur \
            and not re.match(r"\s*(?:%|percent|per cent)", after, re.I):
        return True
    # IDs, codes and names before the number
    # ("item 0 of the plan" is a label too; only "number ... of" may still be a count)
    if _ID_CUES.search(before) and not (re.match(r"\s*of\b", after) and _NOT_ID_BEFORE_NUMBER_OF.search(before)):
        return True
    pw = re.search(r"(\S+)\s*$", before)
    if pw and not has_cur:
        w = pw.group(1)
        start_of_sentence = before[: pw.start()].strip() == "" or re.search(r"[.!?:]\s*$", before[: pw.start()])
        if re.fullmatch(r"[A-Z][A-Za-z]+", w) and not start_of_sentence and w.lower() not in _NATIONALITIES \
                and w.lower() not in _PRE_KIND and not _MONTH_RE.match(w) and w.lower() not in _STOP \
                and not re.match(r"\s+[a-z]", after):
            return True  # "Resolution 2334", "Apollo 11", "Boeing 737"
    # an age in apposition: "Marchetti, 24, scored 31 goals"
    if re.search(r"[A-Z][\w'.-]*,\s*$", before) and re.match(r"\s*,", after) and re.fullmatch(r"\d{1,3}", raw) \
            and value < 120 and not has_cur:
        return True
    # phone-like and long digit IDs
    if re.search(r"\+\s*$", before) or re.match(r"[\s-]\d{3,}[\s-]\d{3,}", after):
        return True
    if re.fullmatch(r"\d{7,}", raw) and not has_cur:
        return True
    # list markers: "1. ", "2) " at the start of the text or a line
    if re.search(r"(?:^|\n|[.!?]\s)\s*\(?$", before) and re.match(r"[.)](?:\s|$)", after):
        return True
    return False


# ---------------------------------------------------------------- context readers

# an inset after the counted noun, which does not end its clause: ", including the driver,"
_INSET_RE = re.compile(r",\s+(?:including|among them|most of them|many of them|all of them|both of them|mostly)\b"
                       r"[^,;:.]{0,60},\s", re.IGNORECASE)


def _clause_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    left = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, s):
        left = m.end()
    m = _CLAUSE_BREAK.search(text, e)
    if m and (inset := _INSET_RE.match(text, m.start())):
        m = _CLAUSE_BREAK.search(text, inset.end())  # "Two people, including the driver, were killed"
    right = m.start() if m else len(text)
    return left, right


# "went down 12 miles from shore", "sat down", "turned up 40 minutes late": a verb's particle, not a change
_PHRASAL_BEFORE_RE = re.compile(r"\b(?:\w+ed|went|go|goes|going|gone|came|come|comes|coming|sat|sit|broke|break|shut|"
                                r"set|put|got|get|gets|ran|run|turned|took|take|sank|sink|fell|fall|stood|stand|"
                                r"wound|step|stepped|cut|let)\s*$", re.IGNORECASE)
_UP_DOWN_RE = re.compile(r"\b(up|down)\s+(?:(?:by|another|a further|nearly|almost|about|some|just)\s+)?$", re.IGNORECASE)


def _read_event(text: str, s: int, e: int, unit_end: int) -> str | None:
    left, right = _clause_bounds(text, s, unit_end)
    best: tuple[int, str] | None = None
    money = text[s:e].lstrip()[:1] in _MONEY_SIGNS
    if money and (m := _SUM_TOTALS_RE.search(text[max(0, s - 120):s])):
        return _STEM_EVENT.get(m.group(1).lower(), None) or ("allocate" if m.group(1).lower() == "budget" else None)
    if (m := _UP_DOWN_RE.search(text[max(0, s - 12):s])) and not money \
            and not _PHRASAL_BEFORE_RE.search(text[max(0, s - 40):max(0, s - 12) + m.start()]):
        return "increase" if m.group(1).lower() == "up" else "decrease"  # "Gas prices up 3.4 cents", "Dow down 0.07%"
    for m in _EVENT_RE.finditer(text, left, right):
        stem = m.group("w").lower()
        ev = _STEM_EVENT.get(stem)
        if ev is None:
            continue
        if s <= m.start() < unit_end:
            if money and m.start() >= e and ev in _SUM_KINDS:
                return ev  # "a €740,000 penalty", "a $5m settlement": the noun says what the sum is
            if ev in ("sentence", "probation"):
                return ev  # "to eight years in prison for embezzling donations": a prison term
            continue
        if m.end() <= s:
            dist = len(text[m.end():s].split())
            if dist > 6:
                continue
        else:
            inset = _INSET_RE.match(text, unit_end)
            dist = len(text[inset.end() if inset and inset.end() <= m.start() else unit_end:m.start()].split())
            if dist > 5:
                continue
        if best is None or dist < best[0] or (ev in _SUM_KINDS and best[1] in _PAYMENT_VERBS):
            best = (dist, ev)  # "ordered to pay $12 million in damages": damages, not a payment
    return best[1] if best else None


_WEEKDAY_START = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)


def _read_place(text: str, s: int, unit_end: int) -> str | None:
    left, right = _clause_bounds(text, s, unit_end)
    for m in _PLACE_RE.finditer(text, unit_end, right):
        if len(text[unit_end:m.start()].split()) > 6:
            break
        p = m.group("p")
        if _MONTH_RE.match(p.split()[0]) or _TITLES.match(p) or _WEEKDAY_START.match(p):
            continue  # "in May", "from Mrs. Clinton's account": a month or a person, not a place
        if re.match(r"\s*\d", text[m.end():]) and re.search(r"(?:'s|’s|s')$", p):
            continue  # "52.1 percent to Morales's 47.9 percent": whose figure, not a place
        return p.lower().rstrip(".")
    return None


_DEMONYM_RE = re.compile(r"[A-Z][a-z]+(?:ian|an|ese|ish|i|ic)")


def _read_unit(text: str, e: int) -> tuple[str | None, str | None, list[str], int]:
    """unit, unit_text, modifiers, end offset of the unit phrase."""
    mods: list[str] = []
    pos = e
    unit_start = None
    unit = None
    m = re.match(r"\s*(%|¢|per\s?cent\b|percentage[\s-]points?\b)", text[pos:], re.IGNORECASE)
    if m:
        return normalise_unit(re.sub(r"[\s-]+", " ", m.group(1)).replace("points", "point")), m.group(1), mods, pos + m.end()
    m = re.match(r"\s*(basis[\s-]points?|bps?\b)", text[pos:], re.IGNORECASE)
    if m:
        return "basis point", m.group(1), mods, pos + m.end()
    m = re.match(r"[\s-]*(points?)\b", text[pos:], re.IGNORECASE)
    if m and _POINT_FRACTION_RE.search(text[max(0, pos - 40):pos + m.end()]):
        return "percentage point", m.group(1), mods, pos + m.end()  # "half a point", "a quarter-point"
    # "-year", "-strong" compounds
    m = re.match(r"-(year|month|week|day|hour|minute|mile|km|kilomet\w*|metre|meter|foot|feet)s?\b", text[pos:], re.I)
    if m:
        return normalise_unit(m.group(1)), m.group(1), mods, pos + m.end()
    # "the 47-page indictment", "the 35-word oath": a document's length, named by its noun
    m = re.match(r"-(page|word|count)\s+(?:([a-z]+)\s+)?([a-z]+)\b", text[pos:], re.I)
    if m:
        doc = next((w for w in (m.group(2), m.group(3)) if w and singular(w.lower()) in _DOCUMENTS), None)
        if doc is None:
            return None, None, mods, e  # "a 10-page" of something not a document
        return m.group(1).lower(), m.group(1), [*mods, "doc:" + singular(doc.lower())], pos + (m.end() if doc == m.group(3) else m.end(2))
    # "93 of his pennies", "2,500 of the troops"
    m = re.match(r"\s+of\s+(?:the|his|her|their|its|these|those|our|my|your)\s+", text[pos:], re.IGNORECASE)
    if m:
        pos += m.end()
    steps = 0
    while steps < 4:
        m = re.match(r"\s*([A-Za-z][\w'.-]*[A-Za-z]|[A-Za-z])", text[pos:])
        if not m:
            break
        w = m.group(1)
        lw = w.lower().rstrip(".")
        lw_nopos = re.sub(r"'s$", "", lw)
        if lw_nopos in _NATIONALITIES or lw_nopos.replace(".", "") in ("us", "usa"):
            mods.append(_NATIONALITIES.get(lw_nopos, "us"))
        elif _DEMONYM_RE.fullmatch(w) and re.match(r"\s+[a-z]", text[pos + m.end():]):
            mods.append(lw)  # "500 Kenyan soldiers", "300 Nigerian troops": whose, not what
        elif lw in _ADDITIONAL:
            mods.append("additional")
        elif lw in ("total",):
            mods.append("total")
        elif lw in ("remaining",):
            mods.append("remaining")
        elif lw in _SKIP_ADJ and lw != "of":
            pass
        elif re.fullmatch(r"[A-Z][A-Z]{1,6}", w) and lw not in _UNIT_CLASS:
            mods.append(lw)  # ISIS, NATO, ANC
        elif lw in _STOP and lw not in _UNIT_CLASS:
            break
        else:
            unit_start = pos + m.start(1)
            unit = lw
            pos += m.end()
            # "service members", "percentage points"
            m2 = re.match(r"\s+(members?|points?)\b", text[pos:], re.I)
            if m2 and unit in ("service", "percentage"):
                unit = unit + " " + singular(m2.group(1))
                pos += m2.end()
            # "22 square miles", "57 sq km": an area, not a count of squares
            m5 = re.match(r"[\s-]+(miles?|mi|kilomet(?:re|er)s?|km|feet|foot|ft|met(?:re|er)s?|m)\b", text[pos:], re.I)
            if m5 and unit in ("square", "sq", "sq."):
                unit = "square " + normalise_unit(singular(m5.group(1).lower()))
                pos += m5.end()
                return unit, text[unit_start:pos], mods, pos
            break
        pos += m.end()
        steps += 1
    if unit is None or unit in ("one", "ones", "them", "it", "those", "these"):
        return None, None, mods, e  # "4 old ones", "16 of them": elliptical, the thing is elsewhere
    if unit.endswith(("ed", "ing")) and unit not in _UNIT_CLASS and len(unit) > 4 and \
            (m4 := re.match(r"\s+([a-z]+)\b", text[pos:])) and m4.group(1) not in _STOP and \
            (m4.group(1).endswith("s") or m4.group(1) in _IRREGULAR) and not m4.group(1).endswith("ss"):
        # "15 trapped miners", "200 stranded passengers": a participle before the noun counted
        mods.append("state:" + unit)
        unit_start, unit = pos + m4.start(1), m4.group(1)
        pos += m4.end()
    if unit.endswith(("ed", "ing", "ly")) and unit not in _UNIT_CLASS and len(unit) > 4:
        return None, None, mods, e  # "6 joined him", "4 working" are verbs, not units
    if unit in ("km", "kilometres", "kilometers", "mi", "miles") and (m3 := re.match(r"\s?(?:/|per\s+)h(?:our|r)?\b",
                                                                                    text[pos:], re.I)):
        pos += m3.end()  # "160 km/h", "100 km per hour": a speed, not a distance
        return ("km/h" if unit.startswith("k") else "mph"), text[unit_start:pos], mods, pos
    return normalise_unit(unit), text[unit_start:pos], mods, pos


# ---------------------------------------------------------------- main reader

# fractions of a percentage point, as rate decisions are reported
_FRACTIONS = {"half": 0.5, "quarter": 0.25, "three-quarters": 0.75, "three-quarter": 0.75}
_POINT_FRACTION_RE = re.compile(
    r"\b(?:(?P<f>half)\s+an?\s+|(?:an?\s+)?(?P<g>quarter|three[- ]quarters?)(?:\s+of\s+an?)?[\s-]+)"
    r"(?P<unit>(?:percentage[\s-]+)?points?)\b", re.IGNORECASE)


def _find_numbers(text: str) -> list[_Num]:
    found: list[_Num] = []
    for m in _DIGIT_RE.finditer(text):
        num = m.group("num")
        cur = m.group("cur")
        s = m.start("cur") if cur else m.start("num")
        e = m.end()
        has_cur = bool(cur)
        if _is_excluded(text, m.start("num"), m.end("num"), num, float(num.replace(",", "")), has_cur):
            continue
        scale = m.group("scale")
        if scale and scale in "mMbBtT" and len(scale) == 1 and not has_cur:
            # "5 m" is metres, "3 t" tonnes, "3 M" ambiguous: a scale only after a currency sign
            e = m.end("num")
            scale = None
        v = _to_float(num, scale)
        half, up = rounding_halfwidth(num, scale), rounding_upper(num, scale)
        c = None
        if cur:
            cs = cur.strip().lower().rstrip(".")
            c = {"$": "usd", "us$": "usd", "usd": "usd", "€": "eur", "eur": "eur", "£": "gbp", "¥": "jpy",
                 "rs": "inr"}.get(cs)
        found.append(_Num(s, e, v, c, half, up))
    for m in _POINT_FRACTION_RE.finditer(text):
        # "half a percentage point", "a quarter of a point", "a quarter-point": the number ends
        # where the unit begins, so that the unit reader reads "percentage point"
        v = _FRACTIONS[(m.group("f") or m.group("g")).lower().replace(" ", "-")]
        found.append(_Num(m.start(), m.start("unit"), v))
    for m in _WORDNUM_RE.finditer(text):
        if any(n.start <= m.start() < n.end or m.start() <= n.start < m.end() for n in found):
            continue
        v = words_to_number(m.group(0))
        if v is None:
            continue
        w = m.group(0).lower()
        if w in ("one",) and not re.match(r"\s+(?:of\s+the\s+)?[a-z]", text[m.end():]):
            continue
        if w in _SCALES:
            continue  # a bare "million" belongs to a digit before it, or is vague
        if re.match(r"[\s-]+(?:thirds?|quarters?|halves|fifths?|sixths?|tenths?)\b", text[m.end():], re.I):
            continue  # "two-thirds of the increase" is a share, not a count of two
        # "one of", "one another", "the one" are not counts
        if w == "one" and re.match(r"\s+(?:of|another|day|side|hand|way)\b", text[m.end():], re.I):
            continue
        if w == "one" and re.search(r"\bno[\s-]$", text[max(0, m.start() - 3):m.start()], re.I):
            continue  # "no one" is nobody (a count of none, read below), never a count of one
        w_scale = next((sc for sc in ("trillion", "billion", "million", "thousand") if w.endswith(sc)), None)
        found.append(_Num(m.start(), m.end(), v, None, rounding_halfwidth("1", w_scale) if w_scale else 0.0,
                          rounding_upper("1", w_scale) if w_scale else 0.0))
    found.sort(key=lambda n: n.start)
    return found


# "2.9 million people have now received both doses": a running count, not a remainder
_RUNNING_NOW = r"\s*(?:[a-z]+\s+){0,2}?(?:ha(?:ve|s|d)\s+now|now\s+(?:ha(?:ve|s|d)\s+)?[a-z]+ed)\b"
# the subject of a toll: "the death toll ... rose to 19", "the number of people killed ... rose to 38"
_TOLL_RE = re.compile(r"\b(?:(?P<death>death)\s+toll|(?P<ptoll>toll)|number\s+of\s+(?:people|those|persons|victims)\s+"
                      r"(?P<part>killed|dead|injured|wounded|hurt|arrested|evacuated|displaced|infected))\b[^,;:]{0,80}?"
                      r"\b(?:rose|risen|rises|climbed|climbs|jumped|reached|reaches|stood|stands|increased|hit|was|is)"
                      r"(?:\s+at|\s+to)?\s*$", re.IGNORECASE)
_PART_EVENT = {"killed": "kill", "dead": "kill", "injured": "injure", "wounded": "injure", "hurt": "injure",
               "arrested": "arrest", "evacuated": "evacuate", "displaced": "displace", "infected": "infect"}
_JOB_EVENTS = frozenset({"reduce", "lose", "layoff"})


def _count_class(text: str, s: int, end: int, unit: str | None, ev: str | None) -> tuple[str | None, str | None]:
    """What a count counts, where news says it several ways:
    "31 deaths" and "12 people were killed" are one toll, and so is "the death toll rose to 19";
    "cut 12,000 jobs", "eliminate 12,000 jobs" and "15,000 workers will lose their jobs" are one
    job cut; "a magnitude 7.1 quake" and "revised the magnitude to 6.9" are one magnitude."""
    if unit in ("death", "fatality"):  # not "casualty": casualties count the injured too
        return "people", "kill"
    if unit in _EVENT_NOUNS and ev in (None, _EVENT_NOUNS[unit]):
        return "people", _EVENT_NOUNS[unit]  # "made 23 arrests" / "nine fans were arrested"
    if unit in ("people", None) and ev in (None, "protest") and _CROWD_AT_RE.search(text[max(0, s - 100):s]):
        return "people", "protest"  # "Police estimated the crowd at the Warsaw march at around 15,000 people"
    if unit is None and ev in ("kill", "injure") and re.search(r"\b(?:killed|kills|killing|injured|injuring|wounded|wounding)\s+"
                                                            r"(?:at least\s+|about\s+|some\s+|nearly\s+|more than\s+)?$",
                                                            text[max(0, s - 30):s], re.I) \
            and not re.match(r"\s*(?:of|in|per|percent|%)\b", text[end:], re.I):
        return "people", ev  # "Malatya quake killed 84": 84 people
    if unit is None and ev in ("kill", "injure") and re.search(r"\b(?:people|persons|victims)\b[^.;]{0,60}$", text[:s], re.I) \
            and re.match(r"\s+(?:were|was|are|have been|had been)?\s*(?:\w+ly\s+)?(?:killed|dead|died|wounded|injured|hurt)\b",
                         text[end:], re.I):
        return "people", ev  # "Two people were killed and five were wounded": five people
    if unit in _ROLE_NOUNS and ev in _PEOPLE_EVENTS and not _PART_OF_RE.match(text[end:]):
        return "people", ev  # "Eleven passengers died" / "Seventeen people were killed": the people of the event
    if unit is None and (m := _NUMBER_OF_RE.search(text[max(0, s - 120):s])):
        noun = m.group("noun").lower()
        if noun in ("dead", "deaths", "fatalities"):
            return "people", "kill"  # "the number of dead ... rose to nine"
        if m.group("part") is None and normalise_unit(noun) in _EVENT_NOUNS:
            return "people", _EVENT_NOUNS[normalise_unit(noun)]  # "the number of arrests ... rose to 47"
        if m.group("part") is None:
            unit = normalise_unit(noun)  # "the number of confirmed measles cases rose to 131"
            disease = _DISEASE_CASES(unit, text)
            return ("people" if disease == "infect" else unit), disease or (ev if ev not in ("increase", "decrease") else None)
    if unit == "case" and ev is None:
        ev = _DISEASE_CASES(unit, text)
    if unit == "case" and ev == "infect" and _DISEASE_RE.search(text):
        return "people", "infect"  # "83 cases of salmonella" / "sickened 38 people": the people infected
    if unit is None:
        m = _TOLL_RE.search(text[max(0, s - 120):s])
        if m:
            if m.group("part"):
                return "people", _PART_EVENT[m.group("part").lower()]
            if m.group("death") or re.search(r"\b(?:killed|dead|deaths?)\b", m.group(0), re.I):
                return "people", "kill"
        if re.search(r"\bmagnitude(?:\s+of\s+(?:the\s+)?(?:earth)?quake)?\s+(?:(?:was\s+)?(?:revised|raised|lowered|"
                     r"downgraded|upgraded)\s+)?(?:to\s+|at\s+)?(?:-\s*)?$", text[max(0, s - 60):s], re.I):
            return "magnitude", None
    if unit in ("earthquake", "quake", "magnitude") and re.search(r"\bmagnitude[\s-]*$", text[max(0, s - 15):s], re.I):
        return "magnitude", None
    if unit in ("km", "mile", "metre", "foot") and (
            re.search(r"\bdepth\s+of\s+(?:about\s+|around\s+|roughly\s+|some\s+)?$", text[max(0, s - 30):s], re.I)
            or re.match(r"\s*(?:deep|below the surface|underground)\b", text[end:], re.I)):
        return ("km deep" if unit == "km" else unit + " deep"), None  # the depth of a quake, a mine, a dive
    if unit in ("year", "month", "day", "week") and ev == "arrest":
        return unit, "sentence"  # "jailed the adviser for five years": a prison term, not an arrest count
    if unit in ("worker", "employee", "staff", "staffer", "people") and ev == "layoff":
        return "job", "layoff"
    if unit in ("worker", "employee", "staff", "staffer") and ev == "hire":
        return "worker", "hire"  # "hire 2,000 seasonal workers" / "take on 500 temporary staff"
    if unit == "job" and ev in _JOB_EVENTS:
        return "job", "layoff"
    if unit == "job" and re.match(r"\s+(?:will|would|are to|are set to|is to|to)\s+go\b", text[end:], re.I):
        return "job", "layoff"  # "About 1,200 positions will go at the factory"
    if unit == "seat" and ev is None and re.search(r"\b(?:secured|secures|took|takes|captured|claimed|gained|holds|held|won|"
                                                  r"winning|wins)\b[^.;]{0,40}$", text[max(0, s - 50):s], re.I):
        return "seat", "win"  # "secured an outright majority with 164 of parliament's 300 seats"
    if unit in ("passenger", "people") and re.search(r"\b(?:carrying|carried|had)\s+(?:about\s+|some\s+|more than\s+)?$|"
                                                    r"\b(?:were|was)\s+$", text[max(0, s - 25):s], re.I) \
            and re.search(r"\b(?:on board|aboard|passengers and crew)\b", text[s:end + 30], re.I):
        return "people", "aboard"  # "carrying 212 passengers and crew" / "There were 87 people aboard"
    return unit, ev


# ---------------------------------------------------------------- facets of one story's figures
# Patterns for figures that news reports as one property of an event, so that two reports of it
# compare however differently their sentences run (numeric.py): a storm's wind speed, the net
# revision of earlier months in a jobs report, a count of customers without power, a candidate's
# share of the vote, a rate's new level under a plan.

_LANDFALL_RE = re.compile(r"\b(?:made|makes|making|make)\s+landfall|\blandfall\b|\b(?:came|comes|coming|come|slammed|"
                          r"roared|crashed|moved|swept|barrel(?:l)?ed)\s+ashore\b|\b(?:struck|hit|slammed|lashed)\s+"
                          r"(?:the\s+)?(?:\w+\s+)?(?:coast|coastline|shore)\b", re.IGNORECASE)
_STORM_RE = re.compile(r"\b(?:hurricane|storm|typhoon|cyclone)s?\b", re.IGNORECASE)


def _landfall_at(text: str) -> str | None:
    """Where the storm came ashore ("made landfall in Cuba"), not when ("on Tuesday")."""
    return next((m.group("p") for m in _LANDFALL_AT_RE.finditer(text)
                 if not _MONTH_RE.match(m.group("p")) and not _WEEKDAY_RE.match(m.group("p"))), None)


def _first_number(t: str) -> float | None:
    m = re.search(r"\d+", t)
    return float(m.group(0)) if m else None


# a later reading: "after making landfall", "weakened", "inland": winds that have changed since
_AFTER_LANDFALL_RE = re.compile(r"\b(?:after|since|following)\s+(?:making\s+|its\s+|it\s+made\s+)?landfall|"
                                r"\b(?:after|since)\s+(?:it\s+)?(?:came|coming|moved|moving)\s+ashore|"
                                r"\bweaken\w*|\bdowngrad\w*|\binland\b|\bdissipat\w*|\bstrengthen\w*|\bintensif\w*",
                                re.IGNORECASE)
_MONTH_NAME_RE = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in _MONTHS.split("|")) + r")\b")  # not "may"
_LANDFALL_AT_RE = re.compile(r"\b(?:landfall|ashore|struck|hit)\s+(?:\w+\s+){0,2}?(?:in|on|near|at|over|along)\s+"
                             r"(?:the\s+)?(?P<p>[A-Z][\w'-]+)")
_WEEKDAY_RE = re.compile(r"^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:today|tonight|yesterday)$", re.I)
_WIND_UNITS = frozenset({"mph", "km/h", "knot"})
# the net revision of earlier figures ("revised May and June down by a combined 258,000",
# "a downward revision of 158,000", "Revisions subtracted 258,000 jobs"); "revised down TO
# 185,000" is the revised level, not the revision, and stays a count of jobs
_REVISION_RES = (
    re.compile(r"\brevisions?\s+of\s+(?:a\s+(?:combined|net|total)\s+)?$", re.I),
    re.compile(r"\brevis(?:ed|ing|ions?)\b[^,;:.!?]{0,60}?\b(?:down|up|downward|upward|lower|higher)?\s*by\s+"
               r"(?:a\s+(?:combined|net|total)\s+)?$", re.I),
    re.compile(r"\brevisions?\b[^,;:.!?]{0,50}?\b(?:subtract|add|shav|knock|cut|lower|rais|reduc|remov|took|take|"
               r"trim|lift|boost)\w*\s+(?:off\s+)?(?:a\s+(?:combined|net|total)\s+)?$", re.I),
)
_OUTAGE_AFTER_RE = re.compile(r"^[^.;:]{0,40}?\b(?:without\s+(?:power|electricity)|lost\s+(?:power|electricity)|"
                              r"in\s+the\s+dark)\b", re.I)
_OUTAGE_BEFORE_RE = re.compile(r"\b(?:power\s+(?:outages?|cuts?)\s+(?:affecting|for|hit(?:ting)?)|without\s+"
                               r"(?:power|electricity)|(?:knocked|cut|shut)\s+(?:out\s+|off\s+)?(?:power|electricity)\s+"
                               r"(?:to|for))\s+(?:\w+\s+){0,2}$", re.I)
_OUTAGE_UNITS = frozenset({"customer", "home", "household", "business", "resident", "people", "account", "meter"})
_VOTE_WORDS_RE = re.compile(r"\b(?:votes?|voters|ballots?|counted|count|precincts?|race|election|primary|"
                            r"runoff|electorate)\b", re.I)
_SHARE_VERB_RE = re.compile(r"\b(?P<name>[A-Z][\w'-]*[a-z])\s+(?:(?:had|has|have)\s+(?=won|taken|received|got|gotten|"
                            r"garnered|captured|secured|drawn)|(?:had|has)\s+been\s+)?"
                            r"(?:had|has|won|wins|took|takes|taken|received|receives|got|gets|"
                            r"garnered|captured|secured|drew|led\s+with|leads\s+with|(?:was|is)\s+leading\s+with|"
                            r"(?:was|is|stood|stands)\s+at)\s+$")
_SHARE_POSS_RE = re.compile(r"\b(?P<name>[A-Z][\w-]*[a-z])(?:'s|’s|')\s+$")
_SHARE_FOR_RE = re.compile(r"^\s*(?:percent|per cent|%)?\s*(?:of\s+the\s+vote\s+)?for\s+(?P<name>[A-Z][\w'-]*[a-z])\b")
_COUNTED_RE = re.compile(r"^\s*(?:percent|per cent|%)?\s*of\s+(?:the\s+|all\s+)?(?:expected\s+|estimated\s+|ballots\s+"
                         r"|votes\s+)?(?:votes?|ballots|precincts|the\s+count)\b[^.;,]{0,25}?\b(?:counted|tallied|"
                         r"reporting|in|processed|reported)\b", re.I)
# a poll's share is one poll's reading, not the result ("Diaz had 48 percent in a CNN poll")
_POLL_RE = re.compile(r"\b(?:poll|polls|polling|polled|pollsters?|survey(?:s|ed)?)\b(?!\s+(?:closed|close|opened))", re.I)
_NOT_NAMES = frozenset("the a an it he she they we i this that these those there his her their its our with "
                       "about some nearly almost roughly around".split())
_CHANGE_TO_RE = re.compile(r"\b(?:cut|cuts|cutting|reduc\w*|lower|lowers|lowered|lowering|rais\w*|increas\w*|fall|falls|"
                           r"fell|fallen|falling|rise|rises|rose|risen|rising|drop\w*|climb\w*|slash\w*|trim\w*|lift\w*|"
                           r"boost\w*|bring\w*|brought|push\w*|declin\w*|jump\w*|decreas\w*|hik\w*|set|sets|setting|"
                           r"eas(?:e|es|ed|ing)|slow\w*|cool\w*|accelerat\w*|quicken\w*|edg\w*|tick\w*|"
                           r"pick\w*\s+up|spik\w*|surg\w*|soar\w*|slid|slide|slides|sliding|dipp?\w*)\b"
                           r"[^,;:.!?]{0,60}?\bto\s+(?:(?:a|the)\s+(?:new\s+)?(?:rate|level)\s+of\s+)?$|"
                           r"\b(?:held|holds|holding|remained|remains|stayed|stays|stood|stands|steady|unchanged|kept)\s+"
                           r"(?:[\w-]+\s+){0,3}?(?:steady\s+|unchanged\s+|flat\s+)?at\s+$", re.I)  # "held steady at 3.7%": the level
_IRREGULAR_PAST = frozenset("held kept left stood took put hit set cut".split())  # "held interest rates at"
_RATE_SKIP = frozenset("tax new current top lower higher s annual annualised annualized yearly headline consumer "
                       "price prices cpi".split())  # "Hungary's annual inflation rate" is the inflation rate
_POLICY_WORDS = frozenset("benchmark key policy base main official interest bank lending refinancing".split())


# measures news names without the word "rate" ("Unemployment rose to 4.1%"), and their other names
_MEASURES = {"unemployment": "unemployment", "jobless": "unemployment", "joblessness": "unemployment",
             "inflation": "inflation"}
_MEASURE_RE = re.compile(r"\b(unemployment|joblessness|inflation)\b(?![^,;:.!?]*\brates?\b)", re.I)


def _rate_name(window: str) -> list[str]:
    """The words naming the last rate in `window`: "... cut the corporate tax rate to " ->
    ["corporate"]; [""] for a rate with no name ("the rate falls to"); [] for no rate. A
    measure named without "rate" is one too: "Unemployment rose to " and "The jobless rate
    fell to " -> ["unemployment"]."""
    ms = list(re.finditer(r"\brates?\b", window, re.I))
    if not ms:
        mm = list(_MEASURE_RE.finditer(window))
        if not mm:
            return []
        name = [_MEASURES[mm[-1].group(1).lower()]]
        for w in reversed(re.findall(r"[A-Za-z][\w-]*", window[:mm[-1].start()])[-2:]):
            lw = w.lower()
            if lw in _STOP:
                break
            if lw not in _RATE_SKIP:
                c = _country_of(w)  # "Polish inflation" is "inflation in Poland"
                name.insert(0, f"in:{c}" if c else lw)  # "youth unemployment", "US inflation", "Polish annual inflation"
                break
        return name + _rate_place(window[mm[-1].end():])
    words = re.findall(r"[A-Za-z][\w-]*", window[:ms[-1].start()])[-3:]
    name: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if lw not in _POLICY_WORDS and (lw in _STOP or _CHANGE_TO_RE.match(lw + " to ") or lw.endswith(("ed", "ing"))
                                        or lw in _IRREGULAR_PAST):
            break  # ("lending", "refinancing" name a rate: "lifted the key lending rate to")
        name.insert(0, lw)
    names = [_MEASURES.get(w, w) for w in name if w not in _RATE_SKIP]
    if names and set(names) <= _POLICY_WORDS:
        names = ["policy"]  # a central bank's "benchmark rate", "key interest rate", "main rate": one rate
    names = [f"in:{_country_of(w)}" if _country_of(w) else w for w in names]
    place = _rate_place(window[ms[-1].end():])
    if not place and not any(n.startswith("in:") for n in names):
        owner = re.search(r"\b([A-Z][\w-]+)(?:'s|’s)\s+(?:[\w-]+\s+){0,3}$", window[:ms[-1].start()])
        if owner and _country_of(owner.group(1)):
            place = ["in:" + _country_of(owner.group(1))]  # "Hungary's annual inflation rate"
    return (names or [""]) + place


def _rate_place(after: str) -> list[str]:
    """Where the rate is measured, when named right after it: "inflation in Germany" -> ["in:germany"]."""
    m = re.match(r"\s+(?:in|for|across)\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", after)
    return ["in:" + (_country_of(m.group(1)) or m.group(1).lower())] if m else []


_PRIOR_PEAK_RE = re.compile(r"\bfrom\s+(?:a|the|its)\s+(?:peak|high|record|maximum|height)\s+of\s+$|"
                            r"\b(?:up|down|higher|lower|rising|falling|climbing|dropping)\s+from\s+(?:about\s+|around\s+)?$",
                            re.I)  # "61 percent ..., up from 52 percent last year": the value before


def _facets(text: str, s: int, e: int, end: int, unit: str | None, ev: str | None
            ) -> tuple[str | None, str | None, list[str]]:
    """(unit, event, extra modifiers) for the figures above; unchanged for any other."""
    before, after = text[:s], text[end:]
    left, right = _clause_bounds(text, s, end)
    mods: list[str] = []
    if _PRIOR_PEAK_RE.search(before):
        mods.append("prior")  # "down from a peak of more than 400,000": an earlier value
    if re.search(r"\bcategory[\s-]*$", before, re.I) and _STORM_RE.search(text) and 1 <= int(_first_number(text[s:e]) or 0) <= 5:
        # "as a Category 4 storm": a storm's strength on its scale, one value at landfall
        if _LANDFALL_RE.search(text) and not _AFTER_LANDFALL_RE.search(text):
            mods.append("landfall")
            at = _landfall_at(text)
            if at:
                mods.append("at:" + at.lower())  # two landfalls: Cuba, then Louisiana
        return "category", "category", mods
    if unit in _WIND_UNITS and (re.search(r"\b(?:winds?|gusts?)\b(?:\s+\w+){0,4}\s+(?:of|at|to|near|up to|reaching|topping)?"
                                          r"\s*$", before, re.I) or re.match(r"\s*(?:sustained\s+)?(?:winds?|gusts?)\b",
                                                                               after, re.I)):
        near = before[-40:] + " " + after[:15]
        ev = "gust" if re.search(r"\bgusts?\b", near, re.I) else "wind"
        if ev == "wind" and _LANDFALL_RE.search(text) and not _AFTER_LANDFALL_RE.search(text):
            mods.append("landfall")  # one value per storm: its winds as it came ashore
            at = _landfall_at(text)
            if at:
                mods.append("at:" + at.lower())  # a storm may come ashore twice (Cuba, then Florida)
        return unit, ev, mods
    if unit in (None, "job") and any(rx.search(text[max(left - 80, 0):s]) for rx in _REVISION_RES):
        # the months revised, when named: "May's figure" and "June's" are two revisions
        months = sorted({m.group(0).lower()[:3] for m in _MONTH_NAME_RE.finditer(text)})
        return "revision", "revise", [*mods, *(["months:" + "+".join(months)] if months else [])]
    if unit in _OUTAGE_UNITS and (_OUTAGE_AFTER_RE.match(after) or _OUTAGE_BEFORE_RE.search(before[-80:])):
        return unit, "outage", mods
    if unit == "percent":
        if _COUNTED_RE.match(text[e:]):
            return unit, "counted", mods  # "with 85 percent of the expected vote counted": the count's progress
        name = None
        for m in (_SHARE_VERB_RE.search(before), _SHARE_POSS_RE.search(before), _SHARE_FOR_RE.match(text[e:])):
            if m and m.group("name").lower() not in _NOT_NAMES and not _MONTH_RE.match(m.group("name")) \
                    and not _TITLES.fullmatch(m.group("name")):
                name = m.group("name")
                break
        # a poll near the figure makes it a poll's ("61% in an Ipsos poll"); one named further on
        # ("a narrower win than opinion polls had suggested") does not
        if name is not None and _VOTE_WORDS_RE.search(text) and not _POLL_RE.search(text[max(0, s - 100):e + 40]):
            return unit, "vote share", [*mods, "cand:" + re.sub(r"(?:'s|’s|')$", "", name.lower())]
        if _CHANGE_TO_RE.search(text[max(left, s - 120):s]):
            mods.append("level")  # "cut the corporate tax rate to 15%", "the rate falls to 18%": the new level
            mods.extend("rate:" + w for w in _rate_name(text[max(left, s - 120):s]))
        elif re.search(r"\bfrom\s+$", before) and re.search(r"\bto\s+[$€£]?\d", text[max(left, s - 80):s]):
            mods.append("prior")  # "... to 15% from 21%": the rate before the change
    return unit, ev, mods


_ELLIPSIS_EVENTS = frozenset({"kill", "injure", "arrest", "evacuate"})
_TRUNCATED_RE = re.compile(r"\s*(?:\.\.\.|…)\s*$")
_CUT_SCALE_RE = re.compile(r"^\S{0,4}\d[\d.,]*\s(?:milli|millio|billi|billio|trilli|trillio)$", re.IGNORECASE)  # "$2 millio"


def read_quantities(text: str) -> tuple[Quantity, ...]:
    out: list[Quantity] = []
    nums = _find_numbers(text)
    consumed: set[int] = set()
    for i, n in enumerate(nums):
        if n.start in consumed:
            continue
        s, e, v = n.start, n.end, n.value
        low, high = v - n.half, v + n.up
        ranged = False
        low_open = approx = False
        # a figure written to a decimal ("$3.5 billion") stands for [3.45, 3.55): what rounds to
        # it, so "$3.5 billion" and "$3.6 billion" do not meet
        high_open = bool(n.half) and n.up == n.half
        # ranges: "2,000-3,000", "2 to 3", "between 2 and 3"
        between = _BETWEEN_RE.search(text[:s])
        rm = (_AND_NUM_RE if between else _RANGE_RE).match(text[e:])
        if rm:
            v2 = _to_float(rm.group("num"), rm.group("scale"))
            if n.value >= 1000 and v2 < 1000 and not rm.group("scale") and "," not in rm.group("num"):
                v2 = None  # "2,000 to 3" is not a range
            if v2 is not None and v2 > v and (between or not re.search(r"\bfrom\s*$", text[:s], re.I)):
                if rm.group("scale") and not re.search(r"\d\s?(?:hundred|thousand|million|billion|bn|mn|[kKmM])", text[s:e]):
                    mult = _to_float("1", rm.group("scale"))
                    v *= mult
                    low = v
                low, high, ranged = v, v2, True
                for j in nums[i + 1:]:
                    if j.start < e + rm.end():
                        consumed.add(j.start)
                e = e + rm.end()
                if between:
                    s = between.start()
        bm = _PRE_BOUND_RE.search(text[:s])
        kind = None
        if bm and bm.group("b").lower() == "up to" and _MOVED_UP_RE.search(text[:bm.start("b")]):
            bm = None  # "the unemployment rate ticked up to 3.8 percent": a new level, not a bound
        if bm and not (between and rm):
            kind = _PRE_KIND[bm.group("b").lower()]
            # "over 3 years" after "within/for" is a period, not a bound: still a bound in count terms
            s = bm.start("b")
        pm = _POST_BOUND_RE.match(text[e:])
        post = None
        if pm:
            post = "ge" if pm.group("ge") else "le" if pm.group("le") else "approx"
        unit, unit_text, mods, unit_end = _read_unit(text, (e + pm.end()) if pm else e)
        if n.cur:
            unit, unit_text = n.cur, unit_text if unit and unit != "usd" else None
            if unit_text is None:
                unit = n.cur
        bp = 1.0
        if unit == "basis point":
            unit, bp = "percentage point", 0.01  # "25 basis points" is a quarter of a percentage point
            v, low, high = v * bp, low * bp, high * bp
        end = max(unit_end, e + (pm.end() if pm else 0))
        if not pm and unit and (pm2 := _POST_BOUND_RE.match(text[end:])):  # "2,000 troops or more"
            post = "ge" if pm2.group("ge") else "le" if pm2.group("le") else "approx"
            end += pm2.end()
        if kind == "ge" or post == "ge":  # an explicit bound is the figure itself, not its rounding
            low, high = (low if ranged else v), math.inf
        elif kind == "gt":
            low, high, low_open = (low if ranged else v), math.inf, True
        elif kind == "le" or post == "le":
            low, high = -math.inf, (high if ranged else v)
        elif kind == "lt":
            low, high, high_open = -math.inf, (high if ranged else v), True
        elif kind == "near":
            # "nearly $1T", "almost 65%": just below the figure, and news rounds, so the
            # figure itself is in ("almost 65%" and "65 percent" agree)
            low, approx = v - 0.1 * abs(v), True
        elif kind == "approx" or post == "approx":
            low, high, approx = min(low, high) - 0.05 * abs(low), high + 0.05 * abs(high), True
        # context markers: each / total / now
        cl_left, cl_right = _clause_bounds(text, s, end)
        pre = text[max(cl_left, s - 30):s].lower()
        post_ctx = text[end:min(cl_right, end + 30)].lower()
        if re.search(r"\b(?:each|every|per|apiece|a piece)\b", pre) or \
                re.match(r"\s*(?:[a-z]+\s+){0,3}?(?:each|every|apiece|a piece|per|annually|yearly|weekly)\b", post_ctx) or \
                re.match(r"\s*(?:a|an|per)\s+(?:day|week|month|year|hour|minute|second|night|person|head)\b", post_ctx) or \
                re.match(r"\s*(?:/\s*|a\s+|per\s+)(?:share|shr)\b", text[end:end + 12], re.I):
            mods.append("each")  # "$65 a share", "$65/share": a price per share, not the deal's value
        if re.search(r"\b(?:in all|in total|altogether|combined|total of|a total|in sum)\b", pre + " " + post_ctx):
            mods.append("total")
        if re.match(r"\s*(?:\w+\s+)?(?:needed|required|necessary)\b", post_ctx):
            mods.append("prior")  # "the 123,000 needed to qualify": a threshold, not a count (kept apart like a prior value)
        if re.match(r"\s*(?:of them\b|seriously|critically|were children|are children)", post_ctx):
            mods.append("part")  # "Eleven people were injured, two seriously": a part of the count
        if re.search(r"\b(?:now|left|remaining|remain|still)\b", post_ctx[:25]) and not re.match(
                _RUNNING_NOW, post_ctx) or re.search(r"\bnow\b", pre[-12:]):
            mods.append("remaining")
        ev = _read_event(text, s, e, end)
        if ev == "salary" and "each" not in mods and not _PAY_RE.search(text[cl_left:cl_right]):
            ev = None  # "earned $30 million from book sales in 2014": income over a period, not a salary
        if unit == "percent" and (mm := re.search(r"\b(?:closed|ended|finished|traded|opened|was|were|is|are)\s+"
                                                   r"(down|up|lower|higher)\s*$", text[max(0, s - 30):s], re.I)):
            ev = "decrease" if mm.group(1).lower() in ("down", "lower") else "increase"  # "shares closed down 6.2%"
        unit, ev = _count_class(text, s, end, unit, ev)
        unit, ev, facet_mods = _facets(text, s, e, end, unit, ev)
        mods.extend(facet_mods)
        if unit in ("vote", None) and (_MARGIN_BY_RE.search(text[max(0, s - 60):s]) or
                                       _MARGIN_OF_RE.search(text[max(0, s - 80):s])):
            unit, ev = "vote", "margin"  # "led by about 6,100 votes", "her final margin ... rising to 8,412 votes"
        if unit in ("page", "word") and (doc := _runs_to(text[max(0, s - 90):s])):
            mods.append("doc:" + doc)  # "The inspector general's report, released on Tuesday, runs to 312 pages"
        if unit == "count" and not any(x.startswith("doc:") for x in mods) and _CHARGING_DOC_RE.search(text[max(0, s - 90):s]):
            # "The indictment unsealed against him lays out 12 criminal counts": the indictment's counts
            mods.append("doc:" + singular(_CHARGING_DOC_RE.search(text[max(0, s - 90):s]).group(1).lower()))
        if unit == "percent" and (_TURNOUT_RE.search(text[cl_left:s]) or _VOTERS_CAST_RE.match(text[end:])):
            ev = "turnout"  # "Turnout ... reached 71%" / "46 per cent of eligible voters cast ballots"
        if unit == "percent" and ev in ("increase", "decrease") and _GDP_RE.search(text[cl_left:s]):
            # "The economy grew 0.3%", "gross domestic product contracted 0.2 per cent": the change of
            # one economy's output; a sector's ("manufacturing output") is another measure
            sector = _SECTOR_RE.search(text[cl_left:s])
            mods.append("measure:gdp" + (f":{sector.group(0).lower()}" if sector else ""))
        if unit == "percent" and ev == "increase" and _PRICES_RE.search(text[cl_left:s]) and \
                _BASES[0][0].search(text) and "level" not in mods and not _SECTOR_PRICES_RE.search(text[cl_left:s]):
            # "Consumer prices rose 3.4 per cent year on year": the inflation rate itself ("annual
            # inflation eased to 3.1%"); food or energy prices are a part
            mods.extend(("level", "rate:inflation", *(f"rate:in:{c}" for c in _countries(text[cl_left:s]))))
            ev = None
        if unit == "percent" and ev in (None, "allocate") and _OF_GDP_RE.match(text[end:]):
            # "a deficit of 4.2% of GDP", "the deficit will come in at 2.4 per cent of gross domestic product"
            what = _SHARE_OF_GDP_RE.search(text[cl_left:s])
            if what:
                ev = "of gdp:" + what.group(1).lower()
        if unit in ("percent", "percentage point") and ev in ("increase", "decrease"):
            # what a change is measured against: "from a year earlier" is not "from the previous quarter"
            basis = next((name for rx, name in _BASES if rx.search(text)), "")
            if basis:
                mods.append("basis:" + basis)
        place = _read_place(text, s, end)
        out.append(Quantity(
            text=text[s:end], start=s, end=end, value=n.value * bp, low=low, high=high,
            low_open=low_open, high_open=high_open, approx=approx, unit=unit, unit_text=unit_text,
            modifiers=tuple(dict.fromkeys(mods)), place=place, event=ev,
        ))
    # vague amounts: "hundreds of people", "thousands of troops"
    for m in _VAGUE_RE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        lo, hi = _VAGUE[m.group(1).lower()]
        unit, unit_text, mods, unit_end = _read_unit(text, m.end())
        end = max(unit_end, m.end())
        unit, ev, facet_mods = _facets(text, m.start(), m.end(), end, unit, _read_event(text, m.start(), m.end(), end))
        out.append(Quantity(text=text[m.start():end], start=m.start(), end=end, value=float(lo), low=float(lo),
                            high=float(hi), approx=True, unit=unit, unit_text=unit_text,
                            modifiers=tuple(dict.fromkeys(mods + facet_mods)), place=_read_place(text, m.start(), end),
                            event=ev))
    # none at all: "No one was killed", "no injuries were reported", "No arrests have been made"
    for m in _ZERO_RE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        word = (m.group("v") or m.group("v2") or m.group("n")).lower()
        ev = next((e for stem, e in _ZERO_EVENTS if word.startswith(stem)), None)
        if ev is None:
            continue
        shown = m.group("head") or m.group("head2") or f"{m.group('head3')} {m.group('n')}"
        out.append(Quantity(text=shown, start=m.start(), end=m.end(), value=0.0, low=0.0,
                            high=0.0, unit="people", event=ev, modifiers=("none",),
                            place=_read_place(text, m.start(), m.end())))
    out.sort(key=lambda q: q.start)
    # a headline cut off after the figure ("could raise $250 ..."): its scale may be cut off with it
    out = [q for q in out if not _TRUNCATED_RE.match(text, q.end)
           and not (q.text[:1] in _MONEY_SIGNS and _CUT_SCALE_RE.search(q.text))]
    # "Two people were killed and five were wounded": a bare figure of a people event, after a count of
    # people in the same sentence, counts people
    for i, q in enumerate(out):
        if q.unit is None and q.event in _ELLIPSIS_EVENTS and any(p.unit == "people" for p in out[:i]) \
                and re.match(r"\s+(?:others?\s+)?(?:were|was|had been|have been)\s+", text[q.end:]):
            out[i] = q.model_copy(update={"unit": "people"})
    return tuple(out)


# A count of none: who was killed, hurt or arrested, said of no one. Not "no one else" (others
# were), not "no one was seriously hurt" (some were, lightly), not "no Americans were killed"
# (others may have been: left to the counts that name them).
_ZERO_RE = re.compile(
    r"\b(?P<head>no one|no-one|nobody)\s+(?:was|were|has been|have been|had been|is|got)\s+(?:immediately\s+)?"
    r"(?P<v>killed|hurt|injured|wounded|arrested|detained)\b"
    r"|\b(?P<head2>no one|no-one|nobody)\s+(?P<v2>died)\b"
    r"|\b(?:there\s+(?:were|have been|was)\s+)?(?P<head3>no)\s+(?:immediate\s+)?(?:reports? of\s+)?"
    r"(?P<n>deaths|fatalities|injuries|arrests)\b(?:\s+(?:were|have been|had been|was)\s+(?:immediately\s+)?"
    r"(?:reported|made|confirmed))?",
    re.IGNORECASE)
_ZERO_EVENTS = (("kill", "kill"), ("died", "kill"), ("death", "kill"), ("fatalit", "kill"), ("hurt", "injure"),
                ("injur", "injure"), ("wound", "injure"), ("arrest", "arrest"), ("detain", "arrest"))
