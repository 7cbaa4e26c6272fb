"""Framing conflicts: two sources describe the same subject in opposed frames.

"withdrawal of US troops" against "a stable bilateral security partnership": each
claim's frames come from the lexicon (claims/frame.py); a negated frame word counts as
the opposed frame ("not looking for a military withdrawal" frames presence). A claim
that uses both frames of an axis is mixed and is not set against anything on that axis.
"""

from __future__ import annotations

from typing import ClassVar

from claimdiff.claims.frame import Lexicon, load_lexicon
from claimdiff.models import Claim, Finding
from claimdiff.compare import PairContext


# A claim in these moods supposes rather than asserts: "a US withdrawal could lead to ..."
SPECULATIVE = {"may", "might", "could", "would"}


def stances(claim: Claim, lexicon: Lexicon) -> dict[str, tuple[str, list[tuple[int, int]], list[str]]]:
    """axis -> (frame, spans, terms) for axes on which the claim takes one side only."""
    by_axis: dict[str, dict[str, list]] = {}
    if claim.modality in SPECULATIVE:
        return {}
    for h in claim.frames:
        if h.irrealis:
            continue  # a demand or a question frames nothing as happening
        frame = h.frame
        if h.negated:
            opp = lexicon.opposite(h.axis, h.frame)
            if opp is None:
                continue
            frame = opp
        by_axis.setdefault(h.axis, {}).setdefault(frame, []).append(h)
    out = {}
    for axis, frames in by_axis.items():
        if len(frames) != 1:
            continue  # mixed: "partnership instead of withdrawal" frames both
        (frame, hits), = frames.items()
        terms = [("not " if h.negated else "") + h.term.lower() for h in hits]
        out[axis] = (frame, [(h.start, h.end) for h in hits], terms)
    return out


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
            (fa, spans_a, terms_a), (fb, spans_b, terms_b) = sa[axis], sb[axis]
            ax = self.lexicon.axis(axis)
            if fa == fb or ax is None or ctx.similarity < ax.min_similarity:
                continue
            # how alike the two sentences are, above the axis's floor, sets the score; a
            # specific frame ("bilateral security partnership") says more than a generic
            # one ("withdrawal"), so longer lexicon terms add to it
            span = max(1e-6, 1.0 - ax.min_similarity)
            specific = sum(max(len(t.removeprefix("not ").split()) for t in terms) - 1 for terms in (terms_a, terms_b))
            score = round(min(1.0, 0.5 + 0.5 * (ctx.similarity - ax.min_similarity) / span + 0.05 * specific), 3)
            expl = f"{fa} ({', '.join(dict.fromkeys(terms_a))}) vs {fb} ({', '.join(dict.fromkeys(terms_b))})"
            f = Finding(kind=self.kind, score=score, explanation=expl, highlights_a=tuple(spans_a),
                        highlights_b=tuple(spans_b), facet=f"{axis}|{'/'.join(sorted((fa, fb)))}")
            if best is None or f.score > best.score:
                best = f
        return best
