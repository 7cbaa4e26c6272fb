"""Negation conflicts: one claim asserts what the other denies.

"Police arrested the suspect." vs "Police did not arrest the suspect." Precision over
recall: the claims must be near-identical apart from the negation (content-word overlap
and ctx.similarity both high), have the same modality, and neither may carry content the
other lacks beyond a word or two (a number is the numeric comparator's business).

Without a parse (the engine's first pass) the shallow reading (`Claim.negated` on either
side) is a permissive trigger. With one, the polarity is that of what each sentence asserts
(`Parse.assertions`: the main verbs, a reporting verb handing over to its clause): the
same verb must be asserted by one and negated by the other. A negated subordinate clause
does not negate the main claim, a denial ("X denied that ...") is not a claim of not-X,
and a sentence that asserts and negates the same verb ("I don't think it's O.K. I think
it's immoral.") is set against nothing. One rendering of a quote that is a fragment of
the other is never a conflict.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from claimdiff.models import Claim, Finding
from claimdiff.compare import PairContext
from claimdiff.compare._text import content_stems, is_fragment, stem, stem_overlap

MIN_OVERLAP = 0.6
MIN_SIMILARITY = 0.6
_CUE = re.compile(r"\b(?:not|never|no longer|no|nobody|nothing|none|neither|nor|cannot|den(?:y|ies|ied)|refused?)\b|n't\b",
                  re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# "has not yet been found", "no arrests so far": a negation that a later report may lift
_NOT_YET = re.compile(r"\b(?:yet|so far|still|as of|until now|to date|pending|(?:has|have)(?:n't| not)(?: yet)? been)\b",
                      re.IGNORECASE)


def _cues(text: str) -> Counter:
    return Counter(m.group(0).lower().replace("’", "'") for m in _CUE.finditer(text.replace("’", "'")))


def _polarity(c: Claim) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for lemma, p, _ in c.parse.assertions if c.parse is not None else ():
        out.setdefault(lemma, set()).add(p)
    return out


def _written(c: Claim, lemma: str) -> str:
    return next((w for l, _, w in c.parse.assertions if l == lemma), lemma) if c.parse is not None else lemma


def opposed_verb(a: Claim, b: Claim) -> tuple[str, bool] | None:
    """(verb, a_is_negated) when one parsed claim asserts a verb the other negates, each
    with one polarity only; None otherwise."""
    pa, pb = _polarity(a), _polarity(b)
    for lemma in sorted(set(pa) & set(pb)):
        if len(pa[lemma]) == 1 and len(pb[lemma]) == 1 and {*pa[lemma], *pb[lemma]} == {"+", "-"}:
            return lemma, "-" in pa[lemma]
    return None


def _verb_span(text: str, lemma: str, written: str = "") -> tuple[int, int] | None:
    want = stem(lemma)
    for m in _WORD.finditer(text):
        if stem(m.group(0)) == want or m.group(0).lower() in (lemma, written.lower()):
            return m.span()
    return None


def _neg_span(c: Claim, lemma: str) -> tuple[int, int] | None:
    """The negated words of `lemma`'s clause, at most five words: "did not arrest"."""
    verb = _verb_span(c.text, lemma, _written(c, lemma))
    spans = c.parse.negated_spans if c.parse is not None else ()
    for s, e in spans:
        if verb is not None and s <= verb[0] < e:
            e = verb[1]
            words = list(_WORD.finditer(c.text, s, e))
            if len(words) > 5:
                s = words[-5].start()
            return s, e
    m = _CUE.search(c.text)
    return m.span() if m else None


class NegationComparator:
    kind: ClassVar[str] = "negation"

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        parsed = a.parse is not None and b.parse is not None
        if parsed:
            found = opposed_verb(a, b)
            if found is None:
                return None
            verb, a_neg = found
        else:
            # pass 1 is a trigger: a negation on either side may turn out, once parsed, to sit
            # on a different verb ("the rebels who did not surrender were arrested")
            if not (a.negated or b.negated):
                return None
            verb, a_neg = "", a.negated and not b.negated
        if (a.modality or "") != (b.modality or ""):
            return None
        if _cues(a.text) == _cues(b.text):
            return None  # the same negation words on both sides: a parse that differs is no denial

        if is_fragment(a.text, b.text):
            return None  # one rendering of a quote within the other
        if parsed and a.parse.quote and b.parse.quote and is_fragment(a.parse.quote, b.parse.quote):
            return None
        ov = stem_overlap(a.text, b.text)
        if ov < MIN_OVERLAP or ctx.similarity < MIN_SIMILARITY:
            return None
        # the negated side may not add content beyond one or two words
        neg, pos = (a, b) if a_neg else (b, a)
        sn, sp = content_stems(neg.text), content_stems(pos.text)
        if len(sn - sp) > 2 or len(sp - sn) > 2:
            return None
        hn = _neg_span(neg, verb) if parsed else (_CUE.search(neg.text).span() if _CUE.search(neg.text) else None)
        hp = _verb_span(pos.text, verb, _written(pos, verb)) if parsed else None
        score = round(min(1.0, 0.5 * ov + 0.5 * ctx.similarity), 3)
        neg_words = " ".join(neg.text[hn[0]:hn[1]].split()) if hn else "not"
        pos_words = " ".join(pos.text[hp[0]:hp[1]].split()) if hp else ""
        if pos_words:
            pair = (f"“{pos_words}”", f"“{neg_words}”") if not a_neg else (f"“{neg_words}”", f"“{pos_words}”")
            expl = f"one says it happened, the other that it did not: {pair[0]} vs {pair[1]}"
        else:
            expl = f"one negates what the other asserts (“{neg_words}”)"
        relation = "contradiction"
        dn, dp = (ctx.date_a, ctx.date_b) if a_neg else (ctx.date_b, ctx.date_a)
        if ctx.same_story and dn is not None and dp is not None and dn < dp and _NOT_YET.search(neg.text):
            # "the suspect has not been found" (earlier) vs "police found the suspect" (later)
            relation = "update"
            expl = (f"not yet on {dn.isoformat()} (“{neg_words}”), done by {dp.isoformat()} "
                    f"(“{pos_words or verb}”): a later report")
        hl_n = (hn,) if hn else ()
        hl_p = (hp,) if hp else ()
        return Finding(kind=self.kind, score=score, explanation=expl,
                       highlights_a=hl_n if a_neg else hl_p, highlights_b=hl_p if a_neg else hl_n,
                       facet=f"negation|{verb}" if verb else "negation", relation=relation)
