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
"""

from __future__ import annotations

import math
import re
from typing import ClassVar

from claimdiff.models import Claim, Finding, Quantity
from claimdiff.compare import PairContext
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
         "hire": "hired", "vote": "votes", "win": "won", "lose": "lost", "sell": "sold", "buy": "bought"}
_WORD = re.compile(r"[a-z]+")  # words only: a neighbouring number must not break the match


def _groups(q: Quantity) -> set[str]:
    return {m for m in q.modifiers if m in _GROUP_MODS}


def _markers(q: Quantity) -> set[str]:
    return {m for m in q.modifiers if m in _MARKERS}


def _context(text: str, q: Quantity, n: int = 2) -> tuple[tuple[str, ...], tuple[str, ...]]:
    left = _WORD.findall(text[: q.start].lower())[-n:]
    right = _WORD.findall(text[q.end:].lower())[:n]
    return tuple(left), tuple(right)


def same_thing(qa: Quantity, ta: str, qb: Quantity, tb: str) -> bool:
    """Do the two quantities count the same thing in the same context?"""
    if qa.unit != qb.unit:
        return False
    if qa.unit is None:
        ca, cb = _context(ta, qa), _context(tb, qb)
        if not (ca[0] and ca == cb):
            return False
    ga, gb = _groups(qa), _groups(qb)
    if ga and gb and not (ga & gb):
        return False
    if _markers(qa) != _markers(qb):
        return False
    if qa.event != qb.event:
        return False
    if qa.place and qb.place and qa.place != qb.place:
        return False
    return True


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
    return qa.unit == qb.unit or qa.unit is None or qb.unit is None


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
    if ctx.date_a == ctx.date_b:
        return ""
    fa = ctx.date_a.isoformat() if ctx.date_a else "unknown date"
    fb = ctx.date_b.isoformat() if ctx.date_b else "unknown date"
    return f"; reported {fa} vs {fb} (may be an update)"


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
# Counts published more than a year apart describe different moments, not one fact.
MAX_DAYS_APART = 365


class NumericComparator:
    kind: ClassVar[str] = "numeric"

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        if ctx.similarity_source == "embedding" and ctx.similarity < MIN_SIMILARITY:
            return None
        if ctx.date_a and ctx.date_b and abs((ctx.date_a - ctx.date_b).days) > MAX_DAYS_APART:
            return None
        best: tuple[float, Quantity, Quantity] | None = None
        for qa, qb in align(a, b):
            if not intervals_disjoint(qa, qb):
                continue
            if qa.event is None and ctx.similarity < CONTEXTLESS_MIN_SIMILARITY \
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
            return None
        score, qa, qb = best
        groups = sorted(_groups(qa) | _groups(qb))
        thing = " ".join(x for x in (" ".join(g.upper() if g in ("us", "uk", "un", "nato", "isis") else g.title()
                                               for g in groups),
                                     qa.unit or "(same count)", _PAST.get(qa.event or "", qa.event or "")) if x)
        if qa.place or qb.place:
            thing += f" ({(qa.place or qb.place).title()})"
        expl = f"{number_phrase(qa)} vs {number_phrase(qb)} {thing}{date_note(ctx)}"
        facet = f"{qa.unit or '-'}|{qa.event or '-'}|{','.join(groups) or '-'}"
        return Finding(kind=self.kind, score=round(score, 3), explanation=expl,
                       highlights_a=((qa.start, qa.end),), highlights_b=((qb.start, qb.end),), facet=facet)
