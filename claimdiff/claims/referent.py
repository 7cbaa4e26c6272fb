"""A quantity's referent from the parse: what is counted, by which event, who, when.

"2,000 US troops were withdrawn from Iraq in August": the number's head noun is
"troops" (lemma "troop", modifier "us"), the verb governing that noun is "withdraw",
and "in August" is its reference period.
"""

from __future__ import annotations

from claimdiff.models import Quantity, Referent

_PERIOD_PREPS = frozenset({"in", "over", "during", "since", "through", "for", "by", "within"})


def _token_at(doc, start: int, end: int):
    """The token of the number inside the quantity's span [start, end)."""
    span = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    return (nums or span or [None])[-1] if span else None


def _referent(tok) -> Referent:
    noun = tok.head if tok.dep_ in ("nummod", "quantmod", "compound", "amod") else tok
    while noun.dep_ in ("nummod", "quantmod", "compound") and noun.head is not noun:
        noun = noun.head
    mods = tuple(sorted({c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")
                         and not c.like_num}))
    verb = noun
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb:
        verb = verb.head
    subject = ""
    negated = False
    if verb.pos_ in ("VERB", "AUX"):
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != noun.i), None)
        subject = subj.lower_ if subj is not None else ""
        negated = any(c.dep_ == "neg" for c in verb.children)
    period = ""
    for c in verb.children if verb.pos_ in ("VERB", "AUX") else ():
        if c.dep_ == "prep" and c.lower_ in _PERIOD_PREPS:
            if any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree):
                period = " ".join(t.text for t in c.subtree)
                break
    return Referent(noun=noun.lemma_.lower(), modifiers=mods, verb=verb.lemma_.lower() if verb.pos_ in ("VERB", "AUX") else "",
                    subject=subject, period=period, negated=negated)


def read_referents(doc, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    out = []
    for q in quantities:
        tok = _token_at(doc, q.start, q.end)
        out.append(q.model_copy(update={"referent": _referent(tok)}) if tok is not None else q)
    return tuple(out)
