"""One speaker reported as confirming a thing by one outlet and as denying it by another.

"Turkey's foreign ministry confirmed on Monday that officials had held secret talks with Armenian
counterparts in Vienna" / "The Turkish foreign ministry on Monday flatly denied that any talks with
Armenian officials had taken place in Vienna". A denial of X is not a claim of not-X (the
negation comparator never reads it so), but two reports that give one speaker opposite stances on
one proposition cannot both be right about what was said: that is a conflict of attribution.

Read from the parse: a clause with a confirming verb (`_CONFIRM`) on one side and one with "deny"
on the other, both asserted (no negation, modal or condition), with the same speaker (the agents'
head words agree and share a word that is not a pronoun), and what follows the verbs sharing at
least `MIN_SHARED` content stems besides the speaker's words, the denial adding at most one of its
own (else it denies something else). A sentence that both confirms and denies ("confirmed the
meeting but denied any deal") is left alone. (This replaces the framing table's old "confirmed vs
denied" axis, which set any two speakers against each other.)
"""

from __future__ import annotations

import re

from claimdiff.compare._text import content_stems
from claimdiff.models import Claim

_CONFIRM = frozenset({"confirm", "acknowledge", "admit"})
_DENY = frozenset({"deny"})
_PRONOUN = re.compile(r"^pron:")
MIN_SHARED = 3
_SHALLOW_CONFIRM = re.compile(r"\b(?:confirm(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)|admit(?:s|ted|ting)?)\b", re.I)
_SHALLOW_DENY = re.compile(r"\bden(?:y|ies|ied|ying)\b", re.I)
_REPORTING = frozenset({"confirm", "acknowledg", "admit", "deni", "deny", "said", "say", "monday", "tuesday",
                        "wednesday", "thursday", "friday", "saturday", "sunday", "flatly", "strongly"})


_LIGHT = frozenset({"take", "taken", "took", "place", "happen", "occur", "ever", "had", "have", "been"})


def shallow_stance(a: str, b: str) -> bool:
    """Pass 1: one sentence confirms, the other denies (and neither does both)."""
    ca, da = bool(_SHALLOW_CONFIRM.search(a)), bool(_SHALLOW_DENY.search(a))
    cb, db = bool(_SHALLOW_CONFIRM.search(b)), bool(_SHALLOW_DENY.search(b))
    return (ca and not da and db and not cb) or (da and not ca and cb and not db)


def _stances(c: Claim, verbs: frozenset[str]) -> list[tuple[tuple[str, ...], tuple[int, int]]]:
    return [(agent, span) for lemma, pol, mood, agent, patient, passive, comps, person, span in c.parse.clauses
            if lemma in verbs and pol == "+" and not mood and agent and not _PRONOUN.match(agent[0])]


def _after(c: Claim, span: tuple[int, int]) -> frozenset[str]:
    return frozenset(w for w in content_stems(c.text[span[1]:]) if w not in _REPORTING)


def stance_clash(a: Claim, b: Claim) -> tuple[tuple[int, int], tuple[int, int], str, str] | None:
    """(span a, span b, which side confirms: "a" or "b", the speaker's head word) when one
    speaker confirms on one side what it denies on the other; None otherwise."""
    if a.parse is None or b.parse is None or not shallow_stance(a.text, b.text):
        return None
    for conf, deny, side in ((a, b, "a"), (b, a, "b")):
        for agent_c, span_c in _stances(conf, _CONFIRM):
            for agent_d, span_d in _stances(deny, _DENY):
                if agent_c[0] != agent_d[0]:
                    continue  # "the ministry" is not "the opposition"
                speaker = content_stems(" ".join(agent_c + agent_d))
                said, denied = _after(conf, span_c) - speaker, _after(deny, span_d) - speaker
                # the denial is of what was confirmed: it adds at most one word of its own
                # ("denied that the arrested man had any links to terrorism" denies something else)
                if len(said & denied) >= MIN_SHARED and len(denied - said - _LIGHT) <= 1:
                    spans = (span_c, span_d) if side == "a" else (span_d, span_c)
                    return (*spans, side, agent_c[0])
    return None
