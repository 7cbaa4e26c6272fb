"""Ages and vote tallies, for the numeric comparator (claims/people.py reads them).

- An age conflicts with an age of the same person: the same surname ("Smith, 34," /
  "John Smith, 37,"), or, without names, the only age in each sentence, for holders that
  cannot be two people (a man and "the suspect", not "the suspect" and "his mother"), in
  sentences about the same act (embedding cosine and shared content words).
- A tally conflicts with the only tally of the other sentence when both count one vote: no
  clash of bodies (House vs Senate), of outcome (passed vs rejected), and about the same
  number of voters in all (a committee's 12-10 is not the floor's 220-207). A procedural
  vote and the final one of one bill are told apart by the cosine floor.
"""

from __future__ import annotations

import re

from claimdiff.claims.people import Age, Tally, read_ages, read_tallies, same_person
from claimdiff.compare._text import stem_overlap
from claimdiff.models import Claim, Finding

AGE_MIN_SIMILARITY = 0.55  # unnamed holders only: same act
AGE_MIN_OVERLAP = 0.15
TALLY_MIN_SIMILARITY = 0.55
TALLY_TOTAL_SLACK = 0.05  # the two tallies' totals within 5% (absentees, a late vote)
# ... within 15% when one side's count is the same ("312 votes to 261" / "312 votes to 216": one
# figure mistyped or misheard, the other the same)
TALLY_SAME_SIDE_SLACK = 0.15

_LABEL = {"male": "the man", "female": "the woman", "suspect": "the suspect", "victim": "the victim",
          "driver": "the driver", "pilot": "the pilot", "person": "the person"}


def _label(a: Age, b: Age) -> str:
    for x in (a, b):
        if x.named:
            return x.holder.title()
    for h in (a.holder, b.holder):
        if h in ("suspect", "victim", "driver", "pilot"):
            return _LABEL[h]
    h = a.holder or b.holder
    return _LABEL.get(h, "the " + h.split(":")[-1] if h else "the person")


def _age_pairs(aa: list[Age], ab: list[Age], similarity: float, a: Claim, b: Claim) -> list[tuple[Age, Age]]:
    named = [(x, y) for x in aa if x.named for y in ab if y.named and same_person(x, y)]
    if named:
        return named
    ua, ub = [x for x in aa if not x.named], [y for y in ab if not y.named]
    if len(aa) != 1 or len(ab) != 1 or len(ua) != 1 or len(ub) != 1:
        return []
    x, y = ua[0], ub[0]
    if not same_person(x, y):
        return []
    if similarity < AGE_MIN_SIMILARITY or stem_overlap(a.text, b.text) < AGE_MIN_OVERLAP:
        return []
    if a.parse is not None and b.parse is not None and not (_acts(a) & _acts(b)) \
            and not (x.holder == y.holder == "suspect" or {x.holder, y.holder} <= {"suspect", "male"}
                     and "suspect" in (x.holder, y.holder) and _SUSPECT_RE.search(a.text) and _SUSPECT_RE.search(b.text)):
        return []  # "a 34-year-old man was arrested" / "a 41-year-old man died": two men (the story's suspect is one)
    return [(x, y)]


_LIGHT = frozenset("be have say tell report do make get".split())
_SUSPECT_RE = re.compile(r"\b(?:suspect|gunman|attacker|shooter|accused)\b", re.IGNORECASE)


def _acts(c: Claim) -> set[str]:
    """What the sentence says happened: its asserted verbs (the parse), light verbs aside."""
    acts = {lemma for lemma, pol, _ in c.parse.assertions if pol == "+"} - _LIGHT
    return acts or ({c.parse.root} - _LIGHT)


def age_finding(a: Claim, b: Claim, similarity: float, kind: str) -> Finding | None:
    aa, ab = read_ages(a.text), read_ages(b.text)
    if not aa or not ab:
        return None
    for x, y in _age_pairs(aa, ab, similarity, a, b):
        if x.years != y.years:
            who = _label(x, y)
            score = 0.85 if x.named else 0.75
            return Finding(kind=kind, score=score, explanation=f"{who} is {x.years} in one report, {y.years} in the other",
                           highlights_a=((x.start, x.end),), highlights_b=((y.start, y.end),),
                           facet=f"age|{x.holder if x.named else 'person'}")
    return None


def _one_vote(x: Tally, y: Tally) -> bool:
    if x.bodies and y.bodies and not (x.bodies & y.bodies):
        return False
    if x.outcome and y.outcome and x.outcome != y.outcome:
        return False
    slack = TALLY_SAME_SIDE_SLACK if (x.high == y.high or x.low == y.low) else TALLY_TOTAL_SLACK
    return abs(x.total - y.total) <= max(2, slack * max(x.total, y.total))


def tally_finding(a: Claim, b: Claim, similarity: float, kind: str) -> Finding | None:
    ta, tb = read_tallies(a.text), read_tallies(b.text)
    if len(ta) != 1 or len(tb) != 1 or similarity < TALLY_MIN_SIMILARITY:
        return None
    x, y = ta[0], tb[0]
    if (x.high, x.low) == (y.high, y.low) or not _one_vote(x, y):
        return None
    body = sorted(x.bodies & y.bodies or x.bodies | y.bodies)
    where = f" ({', '.join(w.title() for w in body)})" if body else ""
    return Finding(kind=kind, score=0.8, explanation=f"{x.high}-{x.low} vs {y.high}-{y.low}{where}",
                   highlights_a=((x.start, x.end),), highlights_b=((y.start, y.end),),
                   facet=f"tally|{','.join(body) or '-'}")


def candidate_keys(claim: Claim) -> frozenset[str]:
    """Named people's ages: one person has one age in a story, however differently two
    outlets word the sentence around it."""
    return frozenset(f"age:{x.holder}" for x in read_ages(claim.text) if x.named)
