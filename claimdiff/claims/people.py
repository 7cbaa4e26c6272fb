"""Two figures news reports about people and votes, read from the sentence text.

Ages: "a 34-year-old man", "the 37-year-old suspect", "a woman aged 62", "John Smith, 34,".
Outlets get ages wrong often, and an age that differs between two reports of one person
is a disagreement an analyst checks. Each age comes with who holds it: a proper name
(from an apposition "Smith, 34,"), or a person noun ("man", "suspect", "mother").

Tallies: "passed 220-207", "by a vote of 219 to 208", "won 3-1". A tally is a pair of
counts; the two numbers are kept as (larger, smaller), so "220-207" and "207-220" agree.

Why by hand: spaCy's NER gives PERSON spans but not the apposition age, and no library
reads tallies; both are small closed patterns. Regular expressions only (no parse), so
the comparators can use them in both passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- ages

# person nouns an age is given for, by class: two nouns of different classes are two
# people ("the 34-year-old suspect" and "his 62-year-old mother")
_PERSON_CLASS = {
    **{w: "male" for w in "man boy businessman".split()},
    **{w: "female" for w in "woman girl businesswoman".split()},
    # relatives: a class each ("his mother" is never "the woman" the story is about)
    **{w: f"relative:{w}" for w in "father son husband brother grandfather mother daughter wife sister "
                                   "grandmother uncle aunt nephew niece cousin".split()},
    **{w: "suspect" for w in "suspect accused defendant attacker assailant shooter gunman killer "
                              "perpetrator offender".split()},
    **{w: "victim" for w in "victim".split()},
    **{w: "driver" for w in "driver motorist".split()},
    **{w: "pilot" for w in "pilot".split()},
    **{w: "person" for w in "person".split()},
    # roles: a class each ("a 28-year-old student" and "a 34-year-old officer" are two people)
    **{w: "role:teen" for w in "teen teenager youth".split()},
    **{w: f"role:{w}" for w in "resident student worker employee officer soldier star actor actress singer musician "
                               "rapper player footballer athlete author writer artist director presenter "
                               "comedian model chef politician lawmaker senator congressman congresswoman "
                               "candidate journalist reporter doctor nurse teacher priest pastor".split()},
}
_GENDER = {"male": "m", "female": "f"}
_AGE_NOUN = re.compile(r"\b(?P<age>\d{1,3})[- ]year[- ]old(?:s)?(?:\s+(?:former|retired|local|unemployed|married|"
                       r"single|disabled|homeless|off-duty|veteran|part-time|self-employed|british|american|"
                       r"french|german|irish|scottish|welsh|australian|canadian))?(?:\s+(?P<noun>[a-z]+))?", re.IGNORECASE)
_AGED = re.compile(r"\b(?P<noun>[a-z]+)\s*,?\s+(?:aged|at\s+the\s+age\s+of)\s+(?P<age>\d{1,3})\b", re.IGNORECASE)
# "The student who died at the scene was 24 years old": the age of the clause's subject
_YEARS_OLD = re.compile(r"\b(?:was|is|were|are)\s+(?P<age>\d{1,3})\s+years?\s+old\b", re.IGNORECASE)
# the sentence's opening name, which an "aged 81" or "at the age of 97" later in its clause is of:
# "Marguerite Olsen, who built ..., died on Monday at the age of 97"
_OPENING_NAME = re.compile(r"^(?:[A-Za-z]+\s+){0,3}?(?P<name>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2})\b(?!\s+[A-Z])")
# "John Smith, 34, of Leeds" / "Smith, 34, was" : one to three capitalised words, then ", N,"
_APPOS = re.compile(r"(?P<name>(?:[A-Z][a-z'\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'\-]+|[A-Z]\.)){0,2}),\s+"
                    r"(?:who\s+is\s+|who\s+was\s+|aged\s+)?"  # "Whitcomb, who is 74," / "Smith, aged 34,"
                    r"(?P<age>\d{1,3})(?=\s*(?:,|\.|;|\)|\s+(?:of|from|and|was|is|who|has|had|were|are)\b))")
# capitalised words that are not names (sentence openers, titles, places used as heads)
_NOT_NAME = frozenset("The A An He She It They We On In At By For And But Police Officials Authorities Monday "
                      "Tuesday Wednesday Thursday Friday Saturday Sunday Mr Mrs Ms Dr "
                      # titles before a name ("Mayor Ellen Kraus, 61,"): not a first name
                      "Mayor President Senator Sen Rep Representative Governor Gov Judge Justice Minister Prime "
                      "Chancellor General Gen Chief Councillor Councilman Councilwoman Prince Princess King Queen "
                      "Sir Lord Lady Dame Professor Prof Coach Captain Capt Sheriff Detective Sgt Sergeant Lt "
                      "Officer Constable Rev Father Sister Pope Bishop Ambassador Secretary Commissioner".split())
# "the 48-year-old mayor, Ellen Kraus,": an age, its noun, then the person's name in apposition
_NAME_AFTER = re.compile(r",\s+(?P<name>(?:[A-Z][a-z'\-]+\s+){0,2}[A-Z][a-z'\-]+)\s*(?=,|\.|;|\s+(?:was|is|who|has|had)\b)")


_PERSON_NOUN_RE = re.compile(r"\b(?:" + "|".join(_PERSON_CLASS) + r")s?\b", re.IGNORECASE)
# "Dario Fenn, a 21-year-old winger": the name before the age / "17-year-old winger Dario Fenn": after its noun
_NAME_BEFORE = re.compile(r"(?P<name>(?:[A-Z][a-z'\-]+\s+){1,2}[A-Z][a-z'\-]+),\s+(?:a|an)\s+$")
_NAME_NEXT = re.compile(r"\s+(?P<name>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){1,2})\b")


@dataclass(frozen=True)
class Age:
    years: int
    holder: str  # a surname ("smith") or a person class ("male", "suspect"); "" when unknown
    named: bool  # holder is a name
    start: int
    end: int
    first: str = ""  # the first name, when the apposition gives one ("tom" of "Tom Reyes, 27,")


_ROLE_APPOS = re.compile(r"\b(suspect|gunman|attacker|shooter|accused|defendant|victim|driver|pilot)\s*,\s*(?:a|an)\s+$",
                         re.IGNORECASE)


def _holder(noun: str | None) -> str:
    return _PERSON_CLASS.get((noun or "").lower().rstrip("s"), "") if noun else ""


def read_ages(text: str) -> list[Age]:
    out: list[Age] = []
    taken: list[tuple[int, int]] = []
    for m in _APPOS.finditer(text):
        words = [w for w in m.group("name").split() if w not in _NOT_NAME]
        age = int(m.group("age"))
        if not words or not 0 < age < 120:
            continue
        first = words[0].lower() if len(words) > 1 and not words[0].endswith(".") else ""
        out.append(Age(age, words[-1].lower().strip("'"), True, m.start("age"), m.end("age"), first))
        taken.append((m.start(), m.end()))
    for rx in (_AGE_NOUN, _AGED, _YEARS_OLD):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            age = int(m.group("age"))
            if not 0 < age < 120:
                continue
            noun = m.groupdict().get("noun")
            if rx is _AGE_NOUN and noun and not _holder(noun) and (
                    nxt := re.match(r"\s+(?:[a-z-]+\s+)?([a-z]+)\b", text[m.end():])) and _holder(nxt.group(1)):
                noun = nxt.group(1)  # "a 19-year-old university student", "a 40-year-old father of two"
            if rx is _YEARS_OLD:
                noun = next((w for w in re.findall(r"[a-z]+", text[:m.start()].lower()) if _holder(w)), None)
                if noun is None:
                    continue  # "The building, which is 40 years old": no person
            after = _NAME_AFTER.match(text, m.end()) if noun and rx is _AGE_NOUN else None
            if rx is _AGE_NOUN and after is None:
                near = _NAME_BEFORE.search(text[max(0, m.start() - 60):m.start()]) or (
                    _NAME_NEXT.match(text, m.end()) if noun else None)
                if near and len([w for w in near.group("name").split() if w not in _NOT_NAME]) >= 2:
                    after = near  # a first name and a surname, not "In Leeds, a 34-year-old man"
            # "a 20-year-old law" / "a 10-year-old policy": an age only when the noun is a person (or
            # absent, or a name follows it: "the 48-year-old mayor, Ellen Kraus,")
            # ("aged 81" names an age whatever comes before it: "died at his home in Dublin aged 81")
            if rx is _AGE_NOUN and noun and not after and not _holder(noun) and noun.lower() not in ("was", "is", "who", "had", "has", "and", "from",
                                                                   "of", "in", "at", "on", "said", "told"):
                continue
            words = [w for w in after.group("name").split() if w not in _NOT_NAME] if after else []
            if not words and rx is not _AGE_NOUN and not _holder(noun) and (op := _OPENING_NAME.match(text)) \
                    and not _PERSON_NOUN_RE.search(text[op.end():m.start()]) \
                    and not _APPOS.search(text[:m.start()]) and not _AGE_NOUN.search(text[:m.start()]):
                words = [w for w in op.group("name").split() if w not in _NOT_NAME]  # "X ... died aged 89"
                words = words if len(words) >= 2 else []
            if words:
                first = words[0].lower() if len(words) > 1 else ""
                out.append(Age(age, words[-1].lower().strip("'"), True, m.start("age"), m.end("age"), first))
            else:
                appos = _ROLE_APPOS.search(text[max(0, m.start() - 30):m.start()])
                holder = _holder(appos.group(1)) if appos else _holder(noun)  # "The suspect, a 34-year-old former employee,"
                out.append(Age(age, holder, False, m.start("age"), m.end("age")))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda a: a.start)


def same_person(a: Age, b: Age) -> bool:
    """Could the two ages be of one person? Names must match; person classes must not clash
    (a man is compatible with "the suspect", not with "his mother" or "the woman")."""
    if a.named or b.named:
        # one surname, and no two different first names ("Tom Reyes" and his father "Luis Reyes")
        return a.named and b.named and a.holder == b.holder and (not a.first or not b.first or a.first == b.first)
    if not a.holder or not b.holder or a.holder == b.holder:
        return True
    if a.holder.startswith("relative:") or b.holder.startswith("relative:"):
        return False
    if "person" in (a.holder, b.holder):
        return True  # "the person" may be anyone of the story
    if {a.holder, b.holder} - {"victim"} and "victim" in (a.holder, b.holder) \
            and all(h == "victim" or h.startswith("role:") for h in (a.holder, b.holder)):
        return True  # "the victim, a 19-year-old student" / "the student who died": one person
    ga, gb = _GENDER.get(a.holder), _GENDER.get(b.holder)
    if ga and gb:
        return ga == gb
    return bool(ga or gb)  # "the man" and "the suspect"; two different roles are two people


# ---------------------------------------------------------------- tallies

_TALLY_WORDS = re.compile(r"\b(?:vote[sd]?|voting|passed|approved|adopted|rejected|defeated|confirmed|"
                          r"margin|tally|won|beat|lost|defeat|victory|win|score|ruled|split|decision)\b",
                          re.IGNORECASE)
_TALLY = re.compile(r"(?<![\w.,$-])(?P<x>\d{1,3})\s?(?:-|–|—|\bto\b|\s+votes\s+to\b)\s?(?P<y>\d{1,3})"
                    r"(?![\w%-]|[.,]\d|\s?(?:percent|%|per ?cent|years?|months?|weeks?|days?|hours?|miles?|km)\b)")
_BODIES = ("house", "senate", "committee", "council", "court", "board", "assembly", "parliament", "panel",
           "commons", "lords", "jury")
_PASS = frozenset("passed approved adopted confirmed won beat victory win voted ruled".split())
_FAIL = frozenset("rejected defeated lost defeat failed fails blocked".split())


@dataclass(frozen=True)
class Tally:
    high: int
    low: int
    bodies: frozenset[str]
    outcome: str  # "pass", "fail" or ""
    start: int
    end: int

    @property
    def total(self) -> int:
        return self.high + self.low


def read_tallies(text: str) -> list[Tally]:
    """Vote tallies and scores; only where the sentence speaks of a vote or a result."""
    if not _TALLY_WORDS.search(text):
        return []
    low = text.lower()
    words = set(re.findall(r"[a-z]+", low))
    bodies = frozenset(b for b in _BODIES if b in words)
    outcome = "pass" if words & _PASS else ("fail" if words & _FAIL else "")
    out = []
    for m in _TALLY.finditer(text):
        x, y = int(m.group("x")), int(m.group("y"))
        between = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"\b(?:aged?|ages|between|from|years?|children|kids|grades?|kindergarten)\s*$", between):
            continue  # "ages 12 to 16", "from 5 to 10", "between 12 and 16"
        if m.group(0).strip().lower().count("to") and "votes" not in m.group(0).lower() and not re.search(
                r"\bvote of\s*$|\bby\s*$|\bvoted\s*$|\b(?:" + "|".join(_BODIES) + r")\s*$", between):
            continue  # "219 to 208" only after "vote of" / "by" / "voted" / a body ("approved by the House 218 to 214")
        out.append(Tally(max(x, y), min(x, y), bodies, outcome, m.start(), m.end()))
    return out
