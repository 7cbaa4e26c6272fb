"""Framing conflicts: two sources describe the same subject in opposed frames.

"withdrawal of US troops" against "a stable bilateral security partnership": each
claim's frames come from the lexicon (claims/frame.py); a negated frame word counts as
the opposed frame ("not looking for a military withdrawal" frames presence). A claim
that uses both frames of an axis is mixed and is not set against anything on that axis.

Without a parse (the engine's first pass) the shallow reading of negation decides and
the comparator is a permissive trigger; with one, negation is the verb-attached one
(`frame.hit_polarity`): a denied clause, a mere mention ("nothing to do with the
withdrawal") or a partial negation ("aren't leaving Iraq entirely") takes no side, and a
negated subordinate clause does not flip the main one.
"""

from __future__ import annotations

from typing import ClassVar

import re

from claimdiff.claims.frame import Lexicon, hit_polarity, load_lexicon, negation_cue_start
from claimdiff.models import Claim, FrameHit, Finding
from claimdiff.compare import PairContext
from claimdiff.compare._text import STOPWORDS, stem
from claimdiff.compare.negation import _dates, _same_phrase


# A claim in these moods supposes rather than asserts: "a US withdrawal could lead to ..."
SPECULATIVE = {"may", "might", "could", "would"}


def stances(claim: Claim, lexicon: Lexicon) -> dict[str, tuple[str, list[FrameHit], list[str]]]:
    """axis -> (frame, hits, quoted words) for axes on which the claim takes one side only."""
    by_axis: dict[str, dict[str, list]] = {}
    if claim.modality in SPECULATIVE:
        return {}
    for h in claim.frames:
        if h.irrealis:
            continue  # a demand or a question frames nothing as happening
        pol = hit_polarity(h, claim.text, claim.parse)
        if pol == "unasserted":
            continue
        frame = h.frame
        if pol == "-":
            opp = lexicon.opposite(h.axis, h.frame)
            if opp is None:
                continue
            frame = opp
        by_axis.setdefault(h.axis, {}).setdefault(frame, []).append((h, pol))
    out = {}
    for axis, frames in by_axis.items():
        if len(frames) != 1:
            continue  # mixed: "partnership and a withdrawal" frames both
        (frame, hits), = frames.items()
        words = [_quote(claim.text, h, pol) for h, pol in hits]
        out[axis] = (frame, [h for h, _ in hits], words)
    return out


def _quote(text: str, h: FrameHit, pol: str) -> str:
    """The words that carry the frame, with their negation: "will not easily leave Iraq"."""
    start = negation_cue_start(h, text) if pol == "-" else h.start
    if h.start - start > 40:
        return "not … " + text[h.start:h.end]
    return " ".join(text[start:h.end].split())


# Two sentences whose frame words are the main verbs of one and the same subject ("Gasoline
# prices fell 3.3%" / "Gasoline prices rose in January, adding to ...") are about one thing
# however much else each adds: the axis's similarity floor comes down to this one.
SAME_SUBJECT_SIMILARITY = 0.5
# the period a change is measured over: "from a year earlier" and "from December" are two changes
_PERIOD = re.compile(r"\b(?:year|annual(?:ly)?|month(?:ly)?|quarter(?:ly)?|week(?:ly)?|daily|12 months|"
                     r"from (?:a|the) (?:year|month)|over the (?:year|month))\b", re.IGNORECASE)


def frame_subject(claim: Claim, hits: list[FrameHit]) -> tuple[str, ...] | None:
    """The subject of the main verb that carries the frame ("prices" of "prices fell"): the
    patient of a passive; None when no frame word is a main verb or the subject is a pronoun."""
    if claim.parse is None:
        return None
    terms = {h.term.lower() for h in hits}
    for (_, p, written), (modal, agent, patient, passive) in zip(claim.parse.assertions, claim.parse.assertion_args):
        if written.lower() in terms and p == "+":
            subj = patient if passive else agent
            if subj and not subj[0].startswith("pron:"):
                return subj
    return None


def _same_subject(a: Claim, b: Claim, hits_a, hits_b) -> bool:
    sa, sb = frame_subject(a, hits_a), frame_subject(b, hits_b)
    if sa is None or sb is None or not _same_phrase(sa, sb):
        return False
    if set(sa[1:]) != set(sb[1:]):
        return False  # "Unemployment rose" / "Youth unemployment fell": a measure and a part of it
    da, db = _dates(a), _dates(b)
    if da and db and not (da & db):
        return False
    pa = {m.group(0).lower() for m in _PERIOD.finditer(a.text)}
    pb = {m.group(0).lower() for m in _PERIOD.finditer(b.text)}
    return pa == pb


# A truce holding against fighting in the same period: "A ceasefire ... largely held overnight" /
# "Government forces launched a new offensive overnight". Two such sentences are about one
# thing (the truce, that night) however differently worded, so the axis's similarity floor comes
# down to the engine's candidate threshold, when each names the same period in the clause of
# its own frame word and neither gives a place the other does not.
TRUCE_SIMILARITY = 0.4
_TRUCE = r"(?:cease-?fires?|truces?|armistice)"
_HELD = re.compile(
    rf"\b{_TRUCE}\b[^.;:!?]{{0,90}}?\b(?P<held>(?:(?:has|have|had)\s+)?(?:largely|mostly|broadly|generally|so far|"
    r"still|appears? to have|seems? to have)?\s*(?:held|holds|holding|been holding|been respected|been observed)|"
    r"remain(?:s|ed)? in (?:place|force|effect)|(?:was|is|were|are) (?:largely |mostly |broadly |generally )?"
    r"(?:respected|observed|holding))\b", re.IGNORECASE)
# a truce broken, in the same sentence: it does not say the truce held
_BROKEN = re.compile(r"\b(?:broken|broke|breach\w*|violat\w*|collaps\w*|shatter\w*|clashes|despite|except)\b",
                     re.IGNORECASE)
_SPELL = re.compile(r"\b(?:overnight|last night|tonight|this (?:morning|afternoon|evening)|today|yesterday|"
                    r"(?:on |since |late |early )?(?:mon|tues|wednes|thurs|fri|satur|sun)day(?: (?:night|morning|evening))?|"
                    r"(?:in the )?first (?:night|day|hours|24 hours|48 hours))\b", re.IGNORECASE)
_PLACE = re.compile(r"\b(?:in|across|around|near)\s+(?:the\s+)?(?P<p>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*|north|south|east|west|"
                    r"(?:north|south)(?:east|west)|elsewhere|parts of)", re.UNICODE)
_CLAUSE_END = re.compile(r"[,;:.!?()\u2014]| - | but | while | which | who | raising | as ")


def _clause_after(text: str, start: int) -> str:
    m = _CLAUSE_END.search(text, start)
    return text[start:m.start() if m else len(text)]


def _periods(text: str) -> set[str]:
    return {re.sub(r"^(?:on|since|late|early|in the) ", "", m.group(0).lower()) for m in _SPELL.finditer(text)}


def _places(text: str) -> set[str]:
    return {m.group("p").lower() for m in _PLACE.finditer(text)}


def truce_held(claim: Claim) -> tuple[int, int, str] | None:
    """(start, end, the period) when the claim says a truce held over a named period
    ("largely held overnight"); None when it also says it was broken, or the hold is
    negated or unasserted in the parse ("has not held", "hopes the truce holds")."""
    m = _HELD.search(claim.text)
    if m is None or _BROKEN.search(claim.text):
        return None
    s, e = m.span("held")
    clause = claim.text[s:e] + _clause_after(claim.text, e)
    per = _periods(clause)
    if len(per) != 1:
        return None
    if claim.parse is not None:
        spans = tuple(claim.parse.negated_spans) + tuple(claim.parse.unasserted_spans)
        if any(a <= i < b for a, b in spans for i in range(s, e)):
            return None
    return s, s + len(clause.rstrip()), next(iter(per))


def _truce_against_fighting(held: Claim, fight: Claim, hits: list[FrameHit]) -> bool:
    """`held` says the truce held over a period; `fight` presses the fighting in that period
    (its frame word's clause names it), and neither names a place the other does not."""
    t = truce_held(held)
    if t is None:
        return False
    for h in hits:
        lo = max(0, h.start - 60)
        before = re.split(r"[,;:.!?()\u2014]", fight.text[lo:h.start])[-1]
        clause = before + fight.text[h.start:h.end] + _clause_after(fight.text, h.end)
        if t[2] in _periods(clause):
            pa, pb = _places(held.text[t[0]:t[1]]), _places(clause)
            return not (pa and pb and not (pa & pb))
    return False


_W = re.compile(r"[A-Za-z][\w'’-]*")


def _before_words(c: Claim, hits: list[FrameHit]) -> set[str]:
    """Stems of the content words in the three words before each frame word, in its clause."""
    out = set()
    for h in hits:
        left = re.split(r"[,;:.!?()\u2014\"“”]", c.text[max(0, h.start - 60):h.start])[-1]
        out |= {stem(w) for w in _W.findall(left)[-3:] if w.lower() not in STOPWORDS}
    return out


def _near_subject(a: Claim, hits_a: list[FrameHit], b: Claim, hits_b: list[FrameHit]) -> bool:
    return bool(_before_words(a, hits_a) & _before_words(b, hits_b))


class FramingComparator:
    kind: ClassVar[str] = "framing"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()

    @classmethod
    def from_settings(cls, settings) -> "FramingComparator":
        """The run's lexicon: the built-in axes plus `Settings.lexicon`, if given."""
        return cls(load_lexicon(settings.lexicon))

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        sa, sb = stances(a, self.lexicon), stances(b, self.lexicon)
        best: Finding | None = None
        for axis in sorted(set(sa) & set(sb)):
            (fa, hits_a, words_a), (fb, hits_b, words_b) = sa[axis], sb[axis]
            ax = self.lexicon.axis(axis)
            if fa == fb or ax is None:
                continue
            floor = ax.min_similarity
            truce = None
            if ctx.similarity < floor and {fa, fb} == {"ceasefire", "offensive"} and (
                    _truce_against_fighting(a, b, hits_b) if fa == "ceasefire" else _truce_against_fighting(b, a, hits_a)):
                floor = min(floor, TRUCE_SIMILARITY)
                truce = truce_held(a if fa == "ceasefire" else b)
            if a.parse is None or b.parse is None:
                # pass 1 is a trigger: the parse decides whether the subject is one; the words
                # just before the frame words must share one ("Gasoline prices rose" / "Gasoline
                # prices fell"), else no parse could find one subject
                if ctx.similarity < floor and truce is None and not _near_subject(a, hits_a, b, hits_b):
                    continue
                floor = min(floor, SAME_SUBJECT_SIMILARITY)
            elif ctx.similarity < floor and _same_subject(a, b, hits_a, hits_b):
                floor = min(floor, SAME_SUBJECT_SIMILARITY)
            if ctx.similarity < floor:
                continue
            # how alike the two sentences are, above the axis's floor, sets the score; a
            # specific frame ("bilateral security partnership") says more than a generic
            # one ("withdrawal"), so longer lexicon terms add to it
            span = max(1e-6, 1.0 - floor)
            specific = sum(max(len(h.term.split()) for h in hits) - 1 for hits in (hits_a, hits_b))
            score = round(min(1.0, 0.5 + 0.5 * (ctx.similarity - floor) / span + 0.05 * specific), 3)
            if truce is not None:  # the truce's words with its hold: "ceasefire … largely held overnight"
                held_claim, held_words = (a, words_a) if fa == "ceasefire" else (b, words_b)
                held_words[:] = [f"{held_words[0]} … {' '.join(held_claim.text[truce[0]:truce[1]].split())}"]
            qa = ", ".join(f"“{w}”" for w in dict.fromkeys(words_a))
            qb = ", ".join(f"“{w}”" for w in dict.fromkeys(words_b))
            expl = f"one says {ax.says(fa)} ({qa}), the other that {ax.says(fb)} ({qb})"
            f = Finding(kind=self.kind, score=score, explanation=expl,
                        highlights_a=tuple((h.start, h.end) for h in hits_a),
                        highlights_b=tuple((h.start, h.end) for h in hits_b),
                        facet=f"{axis}|{'/'.join(sorted((fa, fb)))}", relation="contradiction")
            if best is None or f.score > best.score:
                best = f
        return best
