"""One event or state in other words (claimdiff/data/events.yaml), for the negation comparator.

"Police did not arrest the suspect" / "The suspect, who was taken into custody at the mall,
faces five counts": the same event, named by a synonym, negated by one side and asserted by
the other in a relative clause. "The journalist remains in custody" / "The journalist was
released": one state, opposed. The parse gives every clause (`Parse.clauses`: lemma,
polarity, mood, agent, patient, complements, whether the patient is a person); the table says
which clauses name which event or state. Without a parse, `shallow_trigger` is a recall
trigger on the words alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from claimdiff.models import Claim


@dataclass(frozen=True)
class Term:
    lemma: str
    needs: frozenset[str]  # complements the clause must have: "into:custody", "prt:down", "comp:free"
    passive: bool = False


@dataclass(frozen=True)
class Family:
    name: str
    says: dict
    who: str  # "patient" or "subject"
    person: bool
    patients: frozenset[str]
    terms: dict  # aspect ("event", "plus", "minus") -> tuple[Term, ...]
    sequence: bool | str  # True: plus then minus is an update; "both": either order on different days
    words: re.Pattern  # shallow: any word of the family
    aspect_words: dict  # aspect -> re.Pattern of its words
    bodies: frozenset[str] = frozenset()  # objects that make the subject the patient ("passed the Senate")
    not_with: frozenset[str] = frozenset()  # complements that make it something else ("from:hospital")
    charges: frozenset[str] = frozenset()  # prepositions naming a verdict's charge ("of", "on")
    needs_state: bool = False  # one side must say how things stand now ("remains closed", "continues")
    label: str = ""  # the topic's title ("verdict: convicted or acquitted")
    refusal: bool = False  # "said she would not step down": a refusal, said as a fact of that day
    needs_agent: bool = False  # both sides name who acts, and the same one (a stance is its holder's)
    needs_route: bool = False  # both sides name where the service goes ("to Seravo"), and the same place


# irregular forms, for the shallow trigger
_FORMS = {"hold": "hold|holds|holding|held", "take": "take|takes|taking|took|taken", "free": "free|frees|freed|freeing",
          "set": "set|sets|setting", "go": "go|goes|going|went|gone", "quit": "quit|quits|quitting",
          "step": "step|steps|stepped|stepping", "walk": "walk|walks|walked|walking", "be": "is|was|are|were|be|been",
          "put": "put|puts|putting", "place": "place|places|placed|placing"}


def _term(text: str) -> Term:
    parts = text.split()
    return Term(lemma=parts[0], needs=frozenset(p for p in parts[1:] if p != "passive"), passive="passive" in parts)


def _word_forms(t: Term) -> list[str]:
    """What the shallow trigger looks for: the complement's object when there is one
    ("custody", "bars", "free"), else the verb's forms."""
    objs = [n.split(":", 1)[1] for n in t.needs if not n.startswith("prt:")]
    if objs:
        return [re.escape(o) + (r"\w*" if len(o) > 4 else "") for o in objs]
    if t.lemma in _FORMS:
        return [_FORMS[t.lemma]]
    # the verb's inflections only: "resign(s|ed|ing)", not "resignation"; "approve(d)", not "approval"
    if t.lemma.endswith("y"):
        return [re.escape(t.lemma[:-1]) + r"(?:y|ies|ied|ying)"]  # "ratify", "ratified"
    if t.lemma.endswith("e"):
        return [re.escape(t.lemma[:-1]) + r"(?:e|es|ed|ing)"]
    return [re.escape(t.lemma) + r"(?:s|es|ed|ing)?"]


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    data = yaml.safe_load(resources.files("claimdiff.data").joinpath("events.yaml").read_text(encoding="utf-8"))
    out = []
    for name, spec in data["families"].items():
        terms = {asp: tuple(_term(t) for t in spec.get(asp) or ()) for asp in ("event", "plus", "minus")}
        forms = sorted({f for ts in terms.values() for t in ts for f in _word_forms(t)})
        by_aspect = {asp: re.compile(r"\b(?:" + "|".join(sorted({f for t in ts for f in _word_forms(t)})) + r")\b", re.I)
                     for asp, ts in terms.items() if ts}
        out.append(Family(name=name, says=dict(spec.get("says") or {}), who=spec.get("who", "patient"),
                          person=bool(spec.get("person")), patients=frozenset(spec.get("patients") or ()),
                          terms=terms,
                          sequence="both" if spec.get("sequence") == "both" else bool(spec.get("sequence")),
                          words=re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.I), aspect_words=by_aspect,
                          bodies=frozenset(spec.get("bodies") or ()), not_with=frozenset(spec.get("not_with") or ()),
                          charges=frozenset(spec.get("charges") or ()), needs_state=bool(spec.get("needs_state")),
                          label=str(spec.get("label") or ""), refusal=bool(spec.get("refusal")),
                          needs_agent=bool(spec.get("needs_agent")), needs_route=bool(spec.get("needs_route"))))
    return tuple(out)


@dataclass(frozen=True)
class Reading:
    family: str
    aspect: str  # "event" or "state"
    value: bool  # event: it happened; state: plus holds
    mood: str
    who: tuple[str, ...]
    agent: tuple[str, ...]
    span: tuple[int, int]
    term: str
    comps: tuple[str, ...] = ()
    lemma: str = ""
    refused: bool = False  # "would not step down", read as a fact of the day it was said


def readings(c: Claim) -> list[Reading]:
    """What the parsed claim says of each family: one reading per matching clause."""
    if c.parse is None:
        return []
    out = []
    # "Paula Greaves said on Friday she would not step down": he or she is the reporting clause's
    # named speaker (the nearest a sentence's own parse can resolve a pronoun)
    speaker = next((agent for lemma, _, _, agent, *_ in c.parse.clauses
                    if lemma in _REPORTING and agent and not agent[0].startswith("pron:")), ())
    for lemma, pol, mood, agent, patient, passive, comps, person, span in c.parse.clauses:
        if pol not in ("+", "-"):
            continue  # denied, a mere mention, a partial negation: no stance
        if agent and agent[0] in ("pron:she", "pron:he") and speaker:
            agent = speaker
        for fam in families():
            for asp, terms in fam.terms.items():
                for t in terms:
                    if t.lemma != lemma or not t.needs <= set(comps) or (t.passive and not passive):
                        continue
                    if fam.who == "subject":
                        who = agent
                    else:
                        who = patient or (agent if not passive and not patient else ())
                        if who and who[0] in fam.bodies and agent:
                            who = agent  # "The bill passed the House": the bill is what passed
                    if set(comps) & fam.not_with:
                        continue  # "released from hospital": no custody
                    if fam.bodies and not agent:
                        # "was defeated in the Senate", "was approved by the council": the body that voted
                        agent = next(((obj,) for prep, _, obj in (x.partition(":") for x in comps)
                                      if prep in ("in", "by") and obj in fam.bodies), agent)
                    if not who or (fam.person and not person):
                        continue
                    if fam.patients and who[0] not in fam.patients:
                        continue
                    refused = fam.refusal and pol == "-" and mood in ("would", "will")
                    if refused:
                        mood = ""  # "she would not step down" / "she resigned": one day, two accounts
                    positive = pol == "+"
                    value = positive if asp in ("event", "plus") else not positive
                    out.append(Reading(family=fam.name, aspect="event" if asp == "event" else "state", value=value,
                                       mood=mood, who=who, agent=() if fam.who == "subject" or who == agent else agent,
                                       span=span, term=asp, comps=tuple(comps), lemma=lemma, refused=refused))
                    break
    return out


_REPORTING = frozenset({"say", "tell", "announce", "insist", "declare", "state", "vow", "write", "add"})

_ALL_CHARGES = re.compile(r"\b(?:all|every|each of the)\s+(?:\w+\s+){0,2}?(?:charges?|counts?)\b", re.IGNORECASE)
_GENERAL_CHARGES = frozenset({"charge", "count", "charges", "counts"})
_CHARGE_STOP = frozenset("a an the one two three four five six seven eight nine ten all both of on his her their "
                         "its first second third multiple several".split())


def _charge_words(fam: Family, r: Reading, text: str) -> frozenset[str]:
    """What the verdict is on: the objects of its charge prepositions ("acquitted of murder"),
    or, when the parser hung the phrase on the defendant ("convicted Smith of fraud"), the
    words of an "of"/"on" phrase within a few words after the verb."""
    named = {c.split(":", 1)[1] for c in r.comps if c.split(":", 1)[0] in fam.charges}
    if not named:
        preps = "|".join(sorted(fam.charges))
        m = re.match(rf"[^.;]{{0,40}}?\b(?:{preps})\s+((?:[\w-]+\s+){{0,3}}?[\w-]+)", text[r.span[1]:])
        if m:
            named = {w.lower() for w in m.group(1).split()} - _CHARGE_STOP
            named = {w[:-1] if w.endswith("s") and w[:-1] in _GENERAL_CHARGES else w for w in named}
    return frozenset(named)


def charges_agree(fam: Family, x: Reading, text_x: str, y: Reading, text_y: str) -> bool:
    """Two verdicts are on one charge: neither names one, both name the same specific one
    ("of fraud"), or one is on all charges ("acquitted of all charges"). "Acquitted of murder"
    / "convicted of manslaughter", or counts by number ("on two counts"), may both hold."""
    if not fam.charges:
        return True
    if _ALL_CHARGES.search(text_x) or _ALL_CHARGES.search(text_y):
        return True
    cx, cy = _charge_words(fam, x, text_x), _charge_words(fam, y, text_y)
    if not cx and not cy:
        return True
    shared = cx & cy
    return bool(shared) and not shared <= _GENERAL_CHARGES


_STATIVE = frozenset({"remain", "stay", "be"})
_STANDING_RE = re.compile(r"[^.;]{0,60}?\b(?:until further notice|as (?:scheduled|normal|usual)|normally)\b", re.IGNORECASE)
_PRESENT_AUX = re.compile(r"\b(?:is|are|'s|'re|remains?|stays?)\s+(?:\w+\s+)?$", re.IGNORECASE)


def states_now(r: Reading, text: str) -> bool:
    """The reading says how things stand, not only what happened: a stative verb ("remains
    closed", "was still shut") or a verb in the present ("the strike continues", "talks are
    continuing"). Two past events ("opened", "closed"; "continued", "ended") may follow each other."""
    if r.lemma in _STATIVE:
        return True
    if _STANDING_RE.match(text, r.span[1]):
        return True  # "were operating as scheduled", "cancelled all flights ... until further notice"
    word = text[r.span[0]:r.span[1]].lower()
    if word.endswith("ing"):
        return bool(_PRESENT_AUX.search(text[:r.span[0]]))
    return not word.endswith(("ed", "en")) and word.endswith("s") or word in ("continue", "persist", "go")


_ROUTE_RE = re.compile(r"\b(?:flights?|services?|trains?|ferr(?:y|ies)|sailings?|departures?|routes?)\s+"
                       r"(?:(?:to|from|between)\s+)(?-i:([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))", re.IGNORECASE)


def route(text: str) -> str:
    """Where a service the sentence names goes: "all flights to Seravo" -> "seravo"."""
    m = _ROUTE_RE.search(text)
    return m.group(1).lower() if m else ""


def family(name: str) -> Family:
    return next(f for f in families() if f.name == name)


@lru_cache(maxsize=65536)
def shallow_families(text: str) -> frozenset[str]:
    return frozenset(f.name for f in families() if f.words.search(text))


@lru_cache(maxsize=65536)
def shallow_aspects(text: str, name: str) -> frozenset[str]:
    return frozenset(asp for asp, rx in family(name).aspect_words.items() if rx.search(text))


@lru_cache(maxsize=65536)
def family_stems(text: str) -> frozenset[str]:
    """Stems of the words of `text` that belong to some family (left out of the overlap)."""
    from claimdiff.compare._text import stem

    return frozenset(stem(m.group(0)) for f in families() for m in f.words.finditer(text))
