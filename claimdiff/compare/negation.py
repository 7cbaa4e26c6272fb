"""Negation conflicts: one claim asserts what the other denies.

"US troops have left Iraq" vs "US troops have not left Iraq". Precision over recall:
the claims must be near-identical apart from the negation (content-word overlap and
ctx.similarity both high), have the same modality, and neither may carry a number that
the other lacks (that is the numeric comparator's business).
"""

from __future__ import annotations

import re
from typing import ClassVar

from claimdiff.models import Claim, Finding
from claimdiff.compare import PairContext
from claimdiff.compare._text import content_words, overlap
from claimdiff.compare.numeric import date_note

MIN_OVERLAP = 0.6
MIN_SIMILARITY = 0.6
_CUE = re.compile(r"\b(?:not|never|no longer|no|nobody|nothing|none|neither|nor|cannot|den(?:y|ies|ied)|refused?)\b|n't\b",
                  re.IGNORECASE)


class NegationComparator:
    kind: ClassVar[str] = "negation"

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        if a.negated == b.negated:
            return None
        if (a.modality or "") != (b.modality or ""):
            return None
        ov = overlap(a.text, b.text)
        if ov < MIN_OVERLAP or ctx.similarity < MIN_SIMILARITY:
            return None
        # the negated side may not add content beyond one or two words
        neg, pos = (a, b) if a.negated else (b, a)
        if len(content_words(neg.text) - content_words(pos.text)) > 2 or \
                len(content_words(pos.text) - content_words(neg.text)) > 2:
            return None
        m = _CUE.search(neg.text)
        hl = ((m.start(), m.end()),) if m else ()
        score = round(min(1.0, 0.5 * ov + 0.5 * ctx.similarity), 3)
        which = "A" if a.negated else "B"
        return Finding(kind=self.kind, score=score,
                       explanation=f"{which} negates what the other asserts ('{m.group(0) if m else 'not'}'){date_note(ctx)}",
                       highlights_a=hl if a.negated else (), highlights_b=hl if b.negated else (), facet="negation")
