"""Claims: read each sentence for the facets a comparison needs.

One module per facet: quantity.py (counts and amounts as intervals), time.py (dates,
deadlines, periods resolved against the publication date), negation.py (negation,
modality), attribution.py (who says it), frame.py (framing words from the lexicon).
"""

from __future__ import annotations

from claimdiff.models import Article, Claim, Sentence, short_hash
from claimdiff.claims.attribution import read_attribution
from claimdiff.claims.frame import Lexicon, load_lexicon, read_frames
from claimdiff.claims.negation import read_negation
from claimdiff.claims.quantity import read_quantities
from claimdiff.claims.time import read_times


def claim_id(article_id: str, text: str) -> str:
    return short_hash(article_id, " ".join(text.split()))


def read_claim(sentence: Sentence, article: Article, lexicon: Lexicon | None = None) -> Claim:
    text = sentence.text
    negated, modality = read_negation(text)
    return Claim(
        id=claim_id(article.id, text),
        article_id=article.id,
        sentence_index=sentence.index,
        text=text,
        start=sentence.start,
        end=sentence.end,
        quantities=read_quantities(text),
        times=read_times(text, article.date),
        frames=read_frames(text, lexicon or load_lexicon()),
        negated=negated,
        modality=modality,
        attribution=read_attribution(text),
    )


__all__ = ["read_claim", "claim_id", "Lexicon", "load_lexicon"]
