"""Measures and their guards, for the numeric comparator (numeric.py): an economy that grew against
one that shrank (signed changes), two estimates of one maximum, the toll a sentence gives as the
toll, a later report that the number itself rose, a sector's jobs, the seriously injured. Each is a
small pure function of the quantities and their sentences.
"""

from __future__ import annotations

import math
import re

from claimdiff.compare import PairContext
from claimdiff.compare._apart import _tagged
from claimdiff.models import Claim, Quantity

def opposite_changes(qa: Quantity, qb: Quantity) -> bool:
    """A rise against a fall of one measure in percent: "The economy grew 0.3%" / "GDP contracted
    0.2 per cent" (not levels: "fell to 3.8%" is a level, see `_both_levels`)."""
    if not ({qa.event, qb.event} == {"increase", "decrease"} and qa.unit == qb.unit
            and qa.unit in ("percent", "percentage point") and "level" not in qa.modifiers + qb.modifiers
            and "prior" not in qa.modifiers + qb.modifiers):
        return False
    # only a measure named on both sides (quantity.py tags an economy's output, and a sector's
    # apart): shares and prices rise and fall firm by firm, so they are not read this way
    ma, mb = _tagged(qa, "measure:"), _tagged(qb, "measure:")
    return bool(ma) and ma == mb


def signed(q: Quantity) -> Quantity:
    """A change as a signed interval: a fall of 0.2% is [-0.2, -0.2]."""
    if q.event != "decrease":
        return q
    return q.model_copy(update={"low": -q.high, "high": -q.low, "low_open": q.high_open, "high_open": q.low_open,
                                "value": -q.value})


def _serious(q: Quantity, text: str) -> bool:
    """The count is of the seriously hurt: "Two people were seriously injured" (not "... injured, two seriously")."""
    return bool(_SERIOUS_RE.search(re.split(r"[,;.]", text[q.end:q.end + 40])[0]))


_SERIOUS_RE = re.compile(r"\b(?:seriously|critically|severely|gravely|in (?:a )?(?:critical|serious) condition|"
                         r"life-threatening)\b", re.IGNORECASE)
_SECTOR_RE = re.compile(r"\b(health ?care|manufactur\w*|retail\w*|construction|leisure|hospitality|government|"
                        r"public[- ]sector|private[- ]sector|private payrolls?|federal|financ\w*|mining|farm\w*|"
                        r"transport\w*|education\w*|tech\w*|professional|restaurants?|factor(?:y|ies))\b", re.IGNORECASE)


def _job_sector(q: Quantity, text: str) -> str:
    """The sector a job count is of, named in its clause before the figure or right after it."""
    m = _SECTOR_RE.search(text[max(0, q.start - 150):q.start]) or _SECTOR_RE.search(text[q.end:q.end + 25])
    return m.group(1).lower().replace(" ", "")[:6] if m else ""


_MEASURE_UNITS = frozenset("percent percentage point km mile metre cm mm inch foot km/h mph knot kg ton litre gallon "
                           "degree hour minute second day week month year magnitude".split())
_MAXIMUM_RE = re.compile(r"^(?:up to|as many as|as much as)\b", re.IGNORECASE)


def two_maxima(a: Quantity, b: Quantity) -> bool:
    """Two estimates of one maximum that differ: "up to 1.6 million women" / "as many as 1.5
    million women" (the class a lawsuit covers). Both intervals hold everything below, so they
    never disjoin, but the figures say different things. Bounds that only cap ("fewer than 50")
    are not estimates, and a measure's maximum varies from place to place ("up to 20cm of snow",
    "up to 30cm on higher ground"): only counts compare."""
    if a.unit in _MEASURE_UNITS or b.unit in _MEASURE_UNITS:
        return False
    return bool(_MAXIMUM_RE.match(a.text) and _MAXIMUM_RE.match(b.text)) and a.low == b.low == -math.inf \
        and abs(a.high - b.high) > 0.02 * max(abs(a.high), abs(b.high))


_TOLL_OF_RECORD_RE = re.compile(r"\b(?:death toll|toll|number of (?:dead|deaths|people killed|fatalities))\b[^.;]{0,60}?"
                                r"\b(?:rose|risen|rises|climbed|reached|stood|stands|is|was|hit|jumped)\s+(?:at\s+|to\s+)?$",
                                re.IGNORECASE)


def toll_of_record(q: Quantity, text: str) -> bool:
    """The figure a sentence gives as the toll itself: "the death toll ... rose to seven"."""
    return bool(_TOLL_OF_RECORD_RE.search(text[max(0, q.start - 90):q.start]))


# ... or the later report says the number itself rose: "The number of states joining the settlement
# rose to 44", "Estimates of insured losses rose to $3.5 billion"
_NUMBER_ROSE_RE = re.compile(r"\b(?:number|estimates?|tally|count|total)\s+of\b[^.;]{0,80}?\b(?:rose|risen|climbed|grew|"
                             r"increased|jumped|reached|swelled)\b", re.IGNORECASE)


def _later(a: Claim, b: Claim, ctx: PairContext) -> Claim:
    return b if ctx.date_a and ctx.date_b and ctx.date_b > ctx.date_a else a if ctx.date_a and ctx.date_b else b
