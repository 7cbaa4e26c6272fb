"""Negation and modality of a sentence's main predicate.

`read_negation(text) -> (negated, modality)`. Negated: a negation cue governs a verb or
the claim ("did not withdraw", "no longer", "never", "denied", "no intention of",
"no troops were"). Idioms that do not negate the claim ("not only", "no doubt",
"no matter", "nothing but") are ignored. Modality: the first modal or plan word
("will", "may", "might", "could", "would", "plans to", "expected to"). Simple on purpose:
the negation comparator also demands near-identical wording.
"""

from __future__ import annotations

import re

_IDIOMS = re.compile(
    r"\b(?:not only|no doubt|no matter|nothing but|not least|no less than|no fewer than|no more than|"
    r"not more than|not less than|not fewer than|none other than|no sooner|not to mention|not just|"
    r"if not|whether or not|or not)\b",
    re.IGNORECASE,
)
_NEG = re.compile(
    r"\b(?:not|never|no longer|nobody|nothing|none|neither|nor|cannot|can't|won't|wouldn't|didn't|doesn't|"
    r"don't|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|shouldn't|couldn't|mustn't|"
    r"den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing) to|no intention of|no plans? to|"
    r"rul(?:e|ed|es) out|reject(?:s|ed)?)\b|\bno\s+(?!doubt|matter|one\b)[a-z]+|n't\b",
    re.IGNORECASE,
)
_MODAL = re.compile(
    r"\b(?P<m>will|won't|would|wouldn't|may|might|could|couldn't|can|cannot|can't|should|must|shall|"
    r"plans? to|planning to|planned to|intends? to|intended to|expect(?:s|ed)? to|is expected to|"
    r"are expected to|(?:is|are) set to|(?:is|are) going to|(?:is|are) likely to|likely to|aims? to|"
    r"hopes? to|wants? to|promised to|pledged to|vowed to|threatened to)\b",
    re.IGNORECASE,
)
_NORMAL = {"won't": "will", "wouldn't": "would", "couldn't": "could", "cannot": "can", "can't": "can"}


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"})
# "respect, not a spot at a bar": a contrast after a pause negates no predicate
_CONTRAST = re.compile(r"[,;:\u2014\u2013]\s*(?:and\s+|but\s+)?not\b|\brather than\b|\binstead of\b", re.IGNORECASE)


def read_negation(text: str) -> tuple[bool, str | None]:
    text = text.translate(_APOSTROPHES)  # "can’t" and "can't" are the same word
    clean = _CONTRAST.sub(" ", _IDIOMS.sub(" ", text))
    negated = bool(_NEG.search(clean))
    m = _MODAL.search(text)
    modality = None
    if m:
        w = " ".join(m.group("m").lower().split())
        w = re.sub(r"^(?:is|are) ", "", w)
        w = re.sub(r"^(plan|intend|expect|aim|hope|want)(?:s|ed|ing)? to$", r"\1s to", w)
        w = w.replace("expects to", "expected to").replace("planings to", "plans to").replace("plannings to", "plans to")
        modality = _NORMAL.get(w, w)
    return negated, modality


_NEG_DEPS = frozenset({"neg"})
_DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "dispute", "refute"})


def read_parse_negation(doc) -> dict:
    """Negation from the parse: which verbs carry a `neg` dependent, whether the main verb
    does, and whether the main verb reports a denial (a denial of X is not a claim of not-X)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    negated = sorted({t.head.lemma_.lower() for t in doc if t.dep_ in _NEG_DEPS})
    root_negated = bool(root is not None and any(c.dep_ in _NEG_DEPS for c in root.children))
    return {"root": root.lemma_.lower() if root is not None else "", "root_negated": root_negated,
            "negated_verbs": tuple(negated),
            "denial": bool(root is not None and root.lemma_.lower() in _DENIAL_VERBS)}
