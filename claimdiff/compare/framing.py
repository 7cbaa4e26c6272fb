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

from claimdiff.claims.frame import Lexicon, hit_polarity, load_lexicon, negation_cue_start
from claimdiff.models import Claim, FrameHit, Finding
from claimdiff.compare import PairContext


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
            if fa == fb or ax is None or ctx.similarity < ax.min_similarity:
                continue
            # how alike the two sentences are, above the axis's floor, sets the score; a
            # specific frame ("bilateral security partnership") says more than a generic
            # one ("withdrawal"), so longer lexicon terms add to it
            span = max(1e-6, 1.0 - ax.min_similarity)
            specific = sum(max(len(h.term.split()) for h in hits) - 1 for hits in (hits_a, hits_b))
            score = round(min(1.0, 0.5 + 0.5 * (ctx.similarity - ax.min_similarity) / span + 0.05 * specific), 3)
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
