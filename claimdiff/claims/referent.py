"""A quantity's referent from the parse: what is counted, by which event, who, when.

"2,000 US troops were withdrawn from Iraq in August": the number's head noun is
"troops" (lemma "troop", modifier "us"), the verb governing that noun is "withdraw",
and "in August" is its reference period.

How each part is read (spaCy's dependency parse, en_core_web_sm):

- **anchor**: the token of the quantity's span whose head lies outside the span ("troops"
  in "2,500 US troops", "T" in "$1T", "%" in "6.2%").
- **noun** (the thing counted or measured): the anchor itself when it is a noun ("troops",
  "budget" in "a $3.5 trillion budget"); for an amount (money, percent) that stands alone, the
  noun it modifies, the noun its own "in / of / for" phrase names ("$1T in unspent funds" ->
  "fund"), the noun it is "of" ("growth of 6%" -> "growth"), or, after a verb of being or
  change, the verb's subject ("inflation rose 6.2%", "the budget is $3.5 trillion"). When
  none is found the noun is the unit ("dollar", "percent").
- **modifiers**: the noun's adjectives and compounds ("core", "new", "unspent", "us").
- **verb**: the nearest event on the way up from the anchor: a verb, or a noun that names an
  event ("the withdrawal of 2,000 troops", "a cutoff of assistance to 7.5 million people").
- **subject**: who does it, only when it is a name (a proper noun or a named entity:
  "obama", "mccain", "the labor department"); an "xcomp" verb ("proposed cutting $800
  billion") takes its parent's subject. Common-noun subjects ("employers", "the plan") are
  left empty: outlets name the same actor in different words.
- **period**: the reference period attached to the verb or the noun ("in April", "over the
  next decade", "this year"), or written anywhere in the clause as a rate or a running total
  ("year on year", "month on month", "so far", "to date").
"""

from __future__ import annotations

import re

from claimdiff.claims.units import NATIONALITIES, event_class, singular
from claimdiff.models import Quantity, Referent

_PERIOD_PREPS = frozenset({"in", "over", "during", "since", "through", "throughout", "for", "by", "within",
                           "between", "from", "until", "till", "before", "after", "as"})
_TIME_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday year years month months "
    "week weeks day days decade decades quarter quarters century period fiscal today yesterday tonight "
    "weekend spring summer autumn fall winter".split())
# amounts whose token is a number, a scale, a currency sign or a percent sign
_AMOUNT_WORDS = frozenset("% percent per cent pct hundred thousand million billion trillion k m b t bn mn tn "
                          "$ € £ ¥ usd eur dollar dollars euro euros pound pounds".split())
# after these verbs the subject is what the amount measures ("inflation rose 6.2%")
_MEASURE_VERBS = frozenset(
    "be rise fall increase decrease grow climb jump drop decline slip surge soar plunge hit reach stand total top "
    "exceed amount come ease slow accelerate shrink expand gain lose average remain stay edge tick cost".split())
_RATE_RE = re.compile(r"\b(?:year[- ]on[- ]year|year[- ]over[- ]year|month[- ]on[- ]month|month[- ]over[- ]month|"
                      r"quarter[- ]on[- ]quarter|week[- ]on[- ]week|annuali[sz]ed|on an annual basis|"
                      r"so far|to date|thus far|as of [A-Z]?\w+)\b", re.IGNORECASE)
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_COUNTRY = {"united states": "us", "america": "us", "u.s.": "us", "united kingdom": "uk", "britain": "uk",
            "great britain": "uk"}
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})


def _span_tokens(doc, start: int, end: int):
    return [t for t in doc if t.idx < end and t.idx + len(t) > start]


def _anchor(tokens):
    """The token of the span whose head lies outside it (the last such)."""
    ids = {t.i for t in tokens}
    outside = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return (outside or tokens)[-1]


def _is_amount(tok) -> bool:
    return tok.like_num or tok.pos_ == "NUM" or tok.lower_ in _AMOUNT_WORDS or tok.pos_ == "SYM"


def _is_time(tok) -> bool:
    return tok.lower_ in _TIME_WORDS or tok.ent_type_ in ("DATE", "TIME")


def _noun_phrase_mods(noun) -> tuple[str, ...]:
    mods = set()
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod") and not _is_amount(c) and not _is_time(c) \
                and c.pos_ not in ("PRON", "DET", "PUNCT"):  # "its 29 votes": a pronoun names nothing
            mods.add(c.lower_)
            mods.update(g.lower_ for g in c.children if g.dep_ in ("compound", "amod") and not _is_amount(g))
    # nationalities read one way: "American", "U.S." and "US" troops are the same troops
    return tuple(sorted({NATIONALITIES.get(m.rstrip("'s"), NATIONALITIES.get(m, m)) for m in mods if m}))


def _thing(anchor, span_ids, money: bool = False):
    """The noun the quantity counts or measures."""
    if anchor.pos_ in ("NOUN", "PROPN") and not _is_amount(anchor) and not _is_time(anchor):
        while anchor.dep_ == "compound" and anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i != anchor.i:
            anchor = anchor.head  # "a $48 million stadium deal": the deal, a stadium one
        return anchor
    if anchor.dep_ in ("nummod", "compound", "nmod", "amod", "quantmod") and anchor.head.pos_ in ("NOUN", "PROPN") \
            and not _is_time(anchor.head):
        return anchor.head
    for c in anchor.children:  # "$1T in unspent funds", "$5 billion for the wall" (money only:
        # "62% in the capital" is a place, and "62% of voters" the base, not the thing)
        if money and c.dep_ == "prep" and c.lower_ in ("in", "of", "for", "on") and c.i not in span_ids:
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ == "NOUN" and not _is_time(pobj):
                return pobj
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ in ("NOUN", "PROPN"):
        return anchor.head.head  # "growth of 6%", "a budget of $62,500"
    verb = anchor.head
    if anchor.dep_ == "pobj" and verb.lower_ in ("by", "to") and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "rose by 6%", "climbed to 6.2%"
    if anchor.dep_ in ("attr", "dobj", "npadvmod", "acomp", "oprd", "pobj", "compound", "nummod", "advmod") \
            and verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in _MEASURE_VERBS:
        v = verb
        for _ in range(3):  # "the economy is forecast to grow 6.4%": the subject of the parent verb
            subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None or v.dep_ != "xcomp":
                break
            v = v.head
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    return None


def _event_on_path(start, noun=None):
    """(event word token, governing verb token) on the way up from `start`."""
    event = verb = None
    tok = start
    for _ in range(12):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") and not (tok.pos_ == "AUX" and tok.dep_ != "ROOT"):
            verb = tok
            if event is None:
                event = tok
            break
        if event is None and tok.pos_ == "NOUN" and (noun is None or tok.i != noun.i) and event_class(tok.lower_) is not None:
            event = tok  # "the withdrawal of 2,000 troops"
    return event, verb


def _name(tok) -> str:
    """The subject's text when it names someone, else ""."""
    if tok.pos_ == "PRON":
        return ""
    proper = tok.pos_ == "PROPN" or tok.ent_type_ in _NAME_LABELS
    if not proper:
        return ""
    words = sorted([c for c in tok.children if c.dep_ == "compound" and c.pos_ in ("PROPN", "NOUN")] + [tok],
                   key=lambda w: w.i)
    nxt = tok.doc[words[-1].i + 1] if words[-1].i + 1 < len(tok.doc) else None
    if all(w.text.isupper() for w in words) and nxt is not None and nxt.text in ("(", "-", "—", "–"):
        return ""  # a dateline ("NEW ORLEANS (Reuters) -"), not the actor
    name = " ".join(w.lower_ for w in words)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((g for g in of.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None) if of is not None else None
    if obj is not None:
        name += " of " + " ".join(w.lower_ for w in sorted(
            [c for c in obj.children if c.dep_ == "compound"] + [obj], key=lambda w: w.i))  # "the Bank of England"
    # one country, one name: "the United States", "U.S.", "Americans" are the same actor
    return _COUNTRY.get(name, NATIONALITIES.get(name, name))


_REPORTED_PRONOUNS = frozenset({"it", "he", "she", "they"})
_REPORTING_VERBS = frozenset({"say", "tell", "announce", "confirm", "report", "state", "add", "insist", "warn"})


def _subject(verb, noun, span_ids) -> str:
    v = verb
    for _ in range(4):
        if v is None:
            return ""
        for c in v.children:
            if c.dep_ in _SUBJECT_DEPS and c.i not in span_ids and (noun is None or c.i != noun.i):
                if c.lower_ in _REPORTED_PRONOUNS and v.dep_ == "ccomp" and v.head.lemma_ in _REPORTING_VERBS:
                    # "Sorensen Motors said on Tuesday it would lay off 500 workers": the company
                    return next((_name(g) for g in v.head.children if g.dep_ in _SUBJECT_DEPS), "")
                return _name(c)
            if c.dep_ == "agent":  # passive: "cut by Obama"
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return _name(pobj)
        if v.dep_ in ("xcomp", "conj") and v.head.i != v.i:
            v = v.head
            continue
        if v.dep_ == "pcomp" and v.head.dep_ == "prep":  # "targeted McCain for cutting $800 billion"
            h = v.head.head  # "McCain for cutting" (the parser may hang "for" on the noun itself)
            obj = h if h.pos_ in ("PROPN", "NOUN") else next((c for c in h.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return _name(obj)
        return ""
    return ""


# auxiliaries and governing verbs that make the act a plan or a supposition, not a fact
_HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should"})
_PLAN_VERBS = frozenset("propose plan want seek aim intend hope call urge threaten consider offer "
                        "promise pledge vow expect forecast project".split())


_SPEECH_VERBS = frozenset("say tell announce report state confirm disclose unveil add "
                          "estimate project forecast predict calculate find".split())


def _reported_will(v) -> bool:
    """Only "would" (no could/might/should), in a clause reported by a speech verb."""
    auxes = {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass") and c.lower_ in _HYPOTHETICAL_AUX}
    if auxes != {"would"}:
        return False
    if v.dep_ == "ccomp" and v.head.lemma_.lower() in _SPEECH_VERBS:
        return True
    # "..., according to the Congressional Budget Office": the same report, attributed
    return any(c.lower_ == "according" for c in v.children)


def _conditional(v) -> bool:
    """The verb or a clause under it opens with "if" / "unless" ("would cut 3,000 jobs if approved")."""
    return any(t.lower_ in ("if", "unless") and t.dep_ in ("mark", "advmod", "prep") for t in v.subtree)


def _hypothetical(verb) -> bool:
    """"His plan would cut Medicare by $800 billion", "McCain proposed cutting $800 billion":
    a proposal or a supposition. ("will" is a statement about the future and stays a claim.)"""
    v = verb
    for _ in range(3):
        if v is None:
            return False
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _HYPOTHETICAL_AUX for c in v.children):
            # "Vantor said it would cut 12,000 jobs": reported speech shifts "will" to "would";
            # the report of an announced act is a claim, not a supposition ("if" still is one)
            if not (_reported_will(v) and not _conditional(v)):
                return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in v.children):
            return True
        if v.dep_ in ("xcomp", "ccomp") and v.head.i != v.i:
            if v.dep_ == "xcomp" and v.head.lemma_.lower() in _PLAN_VERBS:
                return True
            v = v.head
            continue
        return False
    return False


def _tense(verb) -> str:
    """"past" (also the perfect: "has cut"), "present" ("falls", "is cut"), "future" ("will
    cut") of the governing verb; "" when the parse does not say (a bare infinitive, a modal)."""
    if verb is None:
        return ""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    low = {a.lower_ for a in auxes}
    if low & {"will", "'ll", "shall"}:
        return "future"
    if low & _HYPOTHETICAL_AUX or any(a.lower_ == "to" for a in auxes):
        return ""
    if any(a.lemma_.lower() == "have" for a in auxes) or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if any(a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "present"
    if auxes:
        return ""
    return {"VBD": "past", "VBZ": "present", "VBP": "present"}.get(verb.tag_, "")


def _period(heads, doc, span_ids) -> str:
    """Every reference period attached to the verb, the noun or the amount, and a rate or
    running-total phrase anywhere in the sentence, joined: "in October, year on year"."""
    parts: list[str] = []
    seen: set[int] = set()
    for h in heads:
        if h is None:
            continue
        for c in h.children:
            if c.i in span_ids or c.i in seen:
                continue
            sub = [t for t in c.subtree if t.i not in span_ids]
            if (c.dep_ == "prep" and c.lower_ in _PERIOD_PREPS
                    and any(_is_time(t) or (t.like_num and len(t.text) == 4 and t.text.isdigit()) for t in sub[1:])) \
                    or (c.dep_ in ("npadvmod", "advmod") and _is_time(c)):
                seen.add(c.i)
                parts.append(" ".join(t.text for t in sub))
    rate = _RATE_RE.search(doc.text)
    if rate:
        r = rate.group(0)
        parts = [p for p in parts if p.lower() not in r.lower()]
        if not any(r.lower() in p.lower() for p in parts):
            parts.append(r)
    return ", ".join(parts)


def _referent(doc, q: Quantity) -> Referent | None:
    tokens = _span_tokens(doc, q.start, q.end)
    if not tokens:
        return None
    span_ids = {t.i for t in tokens}
    anchor = _anchor(tokens)
    if anchor.dep_ in ("compound", "nummod") and _is_time(anchor.head):
        anchor = anchor.head  # "4.5% year on year": the parser hangs the amount on "year"
    noun = _thing(anchor, span_ids, money=q.unit in ("usd", "eur", "gbp", "pound", "inr", "jpy"))
    if noun is not None:
        # the lemmatiser reads "doses" as "dos": plural nouns are made singular by rule
        noun_lemma = singular(noun.lower_) if noun.tag_ in ("NNS", "NNPS") else noun.lemma_.lower()
        mods = _noun_phrase_mods(noun)
    else:
        noun_lemma = {"usd": "dollar", "eur": "euro", "gbp": "pound"}.get(q.unit or "", q.unit or "")
        mods = ()
    event, verb = _event_on_path(anchor, noun)
    if event is None and noun is not None and noun.i not in span_ids:
        event, verb = _event_on_path(noun, noun)  # "inflation, at 6.2%, ...": the noun's own verb
    ev = ""
    if event is not None:
        ev = "cut off" if event.lower_ == "cutoff" else event.lemma_.lower()
        part = next((c for c in event.children if c.dep_ == "prt"), None)
        if part is not None:
            ev = f"{ev} {part.lower_}"  # "pull out", "lay off"
    negated = verb is not None and any(c.dep_ == "neg" for c in verb.children)
    subject = _subject(verb, noun, span_ids) if verb is not None else ""
    period = _period((verb, noun, anchor, event), doc, span_ids)
    return Referent(noun=noun_lemma, modifiers=mods, verb=ev, subject=subject, period=period, negated=negated,
                    hypothetical=_hypothetical(verb), tense=_tense(verb))


# events of people the parse may find where the shallow reading does not ("Two people, including
# the driver, were killed": the verb is past the comma that ends the shallow clause)
_PARSED_PEOPLE_EVENTS = frozenset({"kill", "injure", "arrest", "evacuate", "displace", "infect"})


def read_referents(doc, quantities: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    from claimdiff.claims.units import event_class

    out = []
    for q in quantities:
        r = _referent(doc, q)
        if r is None:
            out.append(q)
            continue
        update = {"referent": r}
        if q.event is None and q.unit == "people" and r.verb and event_class(r.verb) in _PARSED_PEOPLE_EVENTS \
                and not r.negated and not r.hypothetical:
            update["event"] = event_class(r.verb)
        out.append(q.model_copy(update=update))
    return tuple(out)
