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

One event in other words (compare/_events.py, data/events.yaml): "Police did not arrest the
suspect" / "The suspect, who was taken into custody at the mall, ..."; "X remains in custody" /
"X was released". Any clause counts (a relative clause asserts what it says of its noun), with
the same patient, a compatible agent and the same mood.

Pass 1 asks, for the same verb, that a word the negation governs (the few words after the cue:
"did not arrest", "No tsunami warning was issued") be in the other sentence too; most
sentences with a negation in a story share no such word with its neighbour and need no parse.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import ClassVar

from claimdiff.models import Claim, Finding
from claimdiff.compare import PairContext
from claimdiff.claims.negation import NO_COMMENT
from claimdiff.compare._events import (charges_agree, route, family, family_stems, readings, shallow_aspects,
                                       shallow_families, states_now)
from claimdiff.compare._stance import shallow_stance, stance_clash
from claimdiff.compare._text import STOPWORDS, content_stems, is_fragment, stem, stem_overlap

MIN_OVERLAP = 0.6
MIN_SIMILARITY = 0.6
# pass 1 (shallow) is a trigger only: a few shared words and a negation on one side
TRIGGER_OVERLAP = 0.15
# with the verb's own arguments matched from the parse, the sentences may differ elsewhere (the
# engine's candidates are already at cosine >= 0.4; this floor is for lexical stand-ins)
MIN_ARG_SIMILARITY = 0.3
_CUE = re.compile(r"\b(?:not|never|no longer|no|nobody|nothing|none|neither|nor|cannot|den(?:y|ies|ied)|refused?)\b|n't\b",
                  re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
# "has not yet been found", "no arrests so far": a negation that a later report may lift
_NOT_YET = re.compile(r"\b(?:yet|so far|still|as of|until now|to date|pending|(?:has|have)(?:n't| not)(?: yet)? been)\b",
                      re.IGNORECASE)


# an implicative verb that negates its infinitive: "failed to reach", "declined to approve"
_IMPLIED = re.compile(r"\b(?:fail(?:s|ed|ing)?|declin(?:e|es|ed|ing)|refus(?:e|es|ed|ing)|neglect(?:s|ed|ing)?)\s+to\s+"
                      r"(?:be\s+)?(?P<verb>[a-z]+)", re.IGNORECASE)


def _implies(text: str) -> bool:
    return any(m.group("verb").lower() not in NO_COMMENT for m in _IMPLIED.finditer(text))


def _implied_negation(c: Claim, lemma: str) -> re.Match | None:
    """The claim negates `lemma` through an implicative verb ("failed to reach" for reach)."""
    want = stem(lemma)
    if lemma in NO_COMMENT:
        return None
    return next((m for m in _IMPLIED.finditer(c.text) if stem(m.group("verb")) == want
                 or m.group("verb").lower() == lemma), None)


# a charge or verdict named on the negated side is a partial negation: other charges may stand
_CHARGE_VERBS = frozenset({"charge", "indict", "accuse", "convict", "acquit", "sentence", "prosecute"})


def _names_charge(c: Claim, verb: str) -> bool:
    span = _verb_span(c.text, verb, _written(c, verb))
    return bool(span and re.match(r"[^.;]{0,60}?\b(?:with|of|on)\s+\w", c.text[span[1]:]))


@lru_cache(maxsize=65536)
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
            # the cue that governs the span from outside it: "failed to reach", "refused to resign"
            imp = _implied_negation(c, lemma)
            if imp is not None and imp.start() < s <= imp.end():
                s = imp.start()
            words = list(_WORD.finditer(c.text, s, e))
            if len(words) > 5:
                s = words[-5].start()
            return s, e
    m = _CUE.search(c.text)
    return m.span() if m else None


def _neg_at(c: Claim, span: tuple[int, int]) -> bool:
    return any(s <= span[0] < e for s, e in (c.parse.negated_spans if c.parse is not None else ()))


def _args(c: Claim, lemma: str):
    if c.parse is None:
        return None
    for (l, _, _), args in zip(c.parse.assertions, c.parse.assertion_args):
        if l == lemma:
            return args
    return None


# a modifier on one side only that makes it another thing: "a second suspect", "3 suspects"
_DISTINCT = frozenset({"second", "third", "fourth", "another", "other", "first", "new", "former", "next", "last",
                       "previous", "earlier", "later"})


# one person under two role nouns: "the driver" / "the motorist", "the gunman" / "the attacker"
_SAME_ROLE = {"motorist": "driver", "gunman": "attacker", "shooter": "attacker", "assailant": "attacker",
              "airline": "carrier", "service": "flight"}  # an airline's services are its flights


def _same_phrase(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    if _SAME_ROLE.get(x[0], x[0]) != _SAME_ROLE.get(y[0], y[0]):
        return False
    mx, my = set(x[1:]), set(y[1:])
    if mx and my and not (mx & my):
        return False  # "Russian troops" vs "US troops"
    return not any(w in _DISTINCT or w[:1].isdigit() for w in mx ^ my)


_DAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|"
                  r"(?:jan|febr)uary|march|april|june|july|august|(?:septem|octo|novem|decem)ber\b", re.IGNORECASE)


def _dates(c: Claim) -> set[str]:
    """The day and month words of a sentence: "on Monday" and "on Friday" are two events."""
    return {m.group(0).lower() for m in _DAY.finditer(c.text)}


# verbs whose meaning is in their complement ("was no Dan Quayle", "is not a hoax", "has the
# right"): their arguments do not make one event of two sentences
_LIGHT = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "seem", "become", "remain", "say"})


def same_arguments(a: Claim, b: Claim, verb: str) -> bool:
    """The verb has the same modal and the same agent and patient in both parsed claims:
    each role given on both sides has the same head word and no modifiers that set the
    two apart, and at least one of them is a noun, not a pronoun ("him"/"him" alone says
    nothing of who). A role given on one side only ("Police arrested the suspect" / "The
    suspect was not arrested") does not count against it when that side is passive. Different dates ("on Monday"
    / "on Tuesday") are different events."""
    xa, xb = _args(a, verb), _args(b, verb)
    if verb in _LIGHT or xa is None or xb is None or xa[0] != xb[0]:
        return False
    if bool(xa[1]) != bool(xb[1]) and not (xa[3] if not xa[1] else xb[3]):
        return False  # an active verb without its subject: the parse did not find who
    nouns = 0
    for ra, rb in ((xa[1], xb[1]), (xa[2], xb[2])):
        if not ra or not rb:
            continue
        if not _same_phrase(ra, rb):
            return False
        nouns += not ra[0].startswith("pron:")
    da, db = _event_dates(a), _event_dates(b)
    if da and db and not (da & db):
        return False
    return nouns > 0


_REPORTING_LEMMAS = frozenset("say tell announce report add state write confirm note insist".split())


def _event_dates(c: Claim) -> set[str]:
    """`_dates`, less the days of the telling: "Dunn has not yet accepted the resignation, his
    spokesman said on Thursday" dates the spokesman's words, not an acceptance."""
    told = {obj for lemma, *_, comps, _p, _s in (c.parse.clauses if c.parse is not None else ()) if lemma in _REPORTING_LEMMAS
            for prep, _, obj in (x.partition(":") for x in comps) if prep in ("on", "in")}
    return {d for d in _dates(c) if d not in told}


# after a negation cue, the words it governs: up to the clause's end, at most this many
_GOVERNED_WORDS = 5
_CLAUSE_STOP = re.compile(r"[,;:.!?()\u2014\u2013\"“”]|\b(?:but|and|because|while|who|which|that|when|after|before)\b",
                          re.IGNORECASE)
_NEG_DETERMINERS = frozenset({"no", "nobody", "nothing", "none", "neither", "nor"})


_SKIP = STOPWORDS | frozenset("yet been be being ever even always really actually necessarily immediately "
                               "publicly formally officially currently directly to".split())


@lru_cache(maxsize=65536)
def _governed(text: str) -> frozenset[str]:
    """Stems of the verbs a negation cue of `text` may govern: the first word after "not",
    "never", "no longer" or "refused to" (auxiliaries and adverbs skipped: "has not yet been
    found"); for "no", "nothing", "nobody", the words after it to the clause's end (at most
    five: "No tsunami warning was issued") and the verb before it ("found no evidence"). A
    denial governs nothing: it reports what someone denies."""
    t = text.replace("’", "'")
    out: set[str] = set()
    for m in _CUE.finditer(t):
        cue = m.group(0).lower()
        if cue.startswith("den"):
            continue
        stop = _CLAUSE_STOP.search(t, m.end())
        words = [w for w in _WORD.findall(t, m.end(), stop.start() if stop else len(t))
                 if w.lower() not in _SKIP and not (w.lower().endswith("ly") and len(w) > 4)]
        before = _WORD.findall(t, max(0, m.start() - 30), m.start())[-1:]
        if cue == "no":
            # "took no action" (the verb before), "No tsunami warning was issued" (the verb after
            # the noun phrase's auxiliary)
            raw = _WORD.findall(t, m.end(), stop.start() if stop else len(t))[:_GOVERNED_WORDS + 1]
            aux = next((k for k, w in enumerate(raw) if w.lower() in _AUX), None)
            got = before + (raw[aux + 1:aux + 2] if aux is not None else [])
        elif cue in _NEG_DETERMINERS:
            got = before + words[:1]  # "found nothing", "nobody was hurt", "nothing happened"
        else:
            got = words[:1]
        out.update(stem(w) for w in got if w.lower() not in STOPWORDS)
    out.update(stem(m.group("verb")) for m in _IMPLIED.finditer(t)
               if m.group("verb").lower() not in NO_COMMENT)  # "failed to reach": reach
    return frozenset(out)


_NAME_WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z'’-]{2,}\b")


def _shared_names(a: str, b: str) -> bool:
    """A capitalised word inside both sentences (not the first word): "Abena Oduro conceded" /
    "Abena Oduro has not conceded"."""
    na = {m.group(0) for m in _NAME_WORD.finditer(a)}
    return bool(na & {m.group(0) for m in _NAME_WORD.finditer(b)})


def shallow_same_verb(a: Claim, b: Claim) -> bool:
    """Pass 1's reading of "one verb, negated on one side": a word a negation governs on one
    side is among the other side's words."""
    ga, gb = _governed(a.text), _governed(b.text)
    # the other side must assert it: a word both sides negate ("never questioned" / "don't question") is no denial
    return bool((ga - gb) & content_stems(b.text) or (gb - ga) & content_stems(a.text))


_AUX = frozenset("was were been being is are be has have had did do does will would can could may might".split())


_PARTICLE_WORDS = frozenset({"down", "up", "out", "off", "aside", "away", "free", "in"})


def _who(words: tuple[str, ...], text: str) -> str:
    """Who it happens to, in plain words: a name as written ("Akin"), else "the suspect"."""
    if not words or words[0].startswith("pron:"):
        return "they"
    m = re.search(rf"\b{re.escape(words[0])}\b", text, re.IGNORECASE)
    # capitalised inside the sentence, or a bare singular noun opening it ("Akin stepped down"): a name
    if m and m.group(0)[:1].isupper() and (m.start() > 0 or not m.group(0).lower().endswith("s")):
        return m.group(0)
    return "the " + " ".join(reversed(words[1:2])) + (" " if len(words) > 1 else "") + words[0]


def _quote_clause(c: Claim, span: tuple[int, int], negated: bool) -> str:
    """The verb with what follows it (at most four words), and its negation before it."""
    s, e = span
    after = list(_WORD.finditer(c.text, e, min(len(c.text), e + 40)))[:3]
    stop = _CLAUSE_STOP.search(c.text, e)
    after = [m for m in after if stop is None or m.end() <= stop.start()]
    while after and after[-1].group(0).lower() in STOPWORDS and after[-1].group(0).lower() not in _PARTICLE_WORDS:
        after.pop()
    if after:
        e = after[-1].end()
    before = list(_WORD.finditer(c.text, max(0, s - 40), s))
    while before and (before[-1].group(0).lower() in _AUX or (negated and _CUE.fullmatch(before[-1].group(0)))
                      or (negated and before[-1].group(0).lower() == "to" and len(before) > 1
                          and _CUE.fullmatch(before[-2].group(0)))):
        s = before.pop().start()
    return " ".join(c.text[s:e].split())


def _other_arguments(a: Claim, b: Claim, verb: str) -> bool:
    """The verb's agent (or patient) is a noun on both sides, and not the same one."""
    xa, xb = _args(a, verb), _args(b, verb)
    if xa is None or xb is None:
        return False
    for ra, rb in ((xa[1], xb[1]), (xa[2], xb[2])):
        if ra and rb and not ra[0].startswith("pron:") and not rb[0].startswith("pron:") and ra[0] != rb[0]:
            return True
    return False


# what a named person does once, which outlets report as done or not done: "Brandt conceded early
# Wednesday" / "Mayor Gregory Brandt refused to concede on Wednesday"
_PERSONAL_ACT_RE = re.compile(
    r"\b(?P<name>[A-Z][a-z'’-]+)\s+(?:(?:has|had|did|does|have)\s+)?(?:(?:not|never)\s+)?(?:yet\s+)?"
    r"(?:(?:refused|declined|failed)\s+to\s+)?(?P<act>conced(?:e|es|ed|ing)|resign(?:s|ed|ing)?|"
    r"step(?:s|ped|ping)?\s+down|plead(?:s|ed|ing)?|pled)\b")
_ACT_CLASS = {"conc": "concede", "resi": "resign", "step": "resign", "plea": "plead", "pled": "plead"}


_IMPERATIVE = re.compile(r"^\W*(?:don[’']t|do not|please don[’']t)\s+['‘\"“]?[a-z]", re.IGNORECASE)


class NegationComparator:
    kind: ClassVar[str] = "negation"

    def candidate_keys(self, claim: Claim) -> frozenset[str]:
        """A named person's one-time act (conceding, resigning, a plea): two reports of whether
        it happened are compared however differently the sentences run."""
        return frozenset(f"act:{_ACT_CLASS[m.group('act')[:4].lower()]}:{m.group('name').lower()}"
                         for m in _PERSONAL_ACT_RE.finditer(claim.text)
                         if m.group("name") not in ("The", "He", "She", "They", "It", "Police", "Officials"))

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        if _IMPERATIVE.match(a.text) or _IMPERATIVE.match(b.text):
            return None  # "Don't 'ban bossy,' Sheryl Sandberg": a plea, not an account of what happened
        f = self._same_verb(a, b, ctx)
        f = f if f is not None else self._synonym(a, b, ctx)
        return f if f is not None else self._stance(a, b, ctx)

    def _stance(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        """One speaker confirms on one side what it denies on the other (compare/_stance.py)."""
        if ctx.similarity < MIN_ARG_SIMILARITY or not shallow_stance(a.text, b.text):
            return None
        if a.parse is None or b.parse is None:
            return Finding(kind=self.kind, score=0.5, explanation="one speaker confirms what it denies",
                           facet="negation|stance", relation="contradiction")
        hit = stance_clash(a, b)
        if hit is None:
            return None
        sa, sb, side, who = hit
        conf, deny = (a, b) if side == "a" else (b, a)
        sc, sd = (sa, sb) if side == "a" else (sb, sa)
        expl = (f"one report says the {who} {conf.text[sc[0]:sc[1]].lower()} it, the other that the {who} "
                f"{deny.text[sd[0]:sd[1]].lower()} it")
        return Finding(kind=self.kind, score=round(min(1.0, 0.6 + 0.4 * ctx.similarity), 3), explanation=expl,
                       highlights_a=(sa,), highlights_b=(sb,), facet="negation|stance", relation="contradiction")

    def _synonym(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        """One event or state of the table in other words: negated by one side (or its
        opposite state asserted) and asserted by the other."""
        if ctx.similarity < MIN_ARG_SIMILARITY:
            return None
        if a.parse is None or b.parse is None:
            fams = shallow_families(a.text) & shallow_families(b.text)
            if not fams or is_fragment(a.text, b.text):
                return None
            cues_differ = _cues(a.text) != _cues(b.text)
            ga, gb = (_governed(a.text), _governed(b.text)) if cues_differ else (frozenset(), frozenset())
            wa, wb = family_stems(a.text), family_stems(b.text)
            shared = (content_stems(a.text) & content_stems(b.text)) - wa - wb
            hit = None
            for name in sorted(fams):
                fam = family(name)
                xa, xb = shallow_aspects(a.text, name), shallow_aspects(b.text, name)
                # a negation on one side governs a word of the family, and the other names the
                # same aspect; or one side's state and the other's opposed state
                negated = (ga & wa and xa & xb) or (gb & wb and xa & xb)
                opposed = (("plus" in xa and "minus" in xb) or ("minus" in xa and "plus" in xb)) and \
                    not {"plus", "minus"} <= xa and not {"plus", "minus"} <= xb
                if (negated or opposed) and (not fam.patients or shared & {stem(p) for p in fam.patients}):
                    hit = fam
                    break
            # who it happens to is named on both sides: a word in common besides the table's
            if hit is None or not shared:
                return None
            return Finding(kind=self.kind, score=0.5, explanation=f"one negates what the other asserts ({hit.name})",
                           facet=f"negation|{hit.name}", relation="contradiction")
        if is_fragment(a.text, b.text) or (a.parse.quote and b.parse.quote and is_fragment(a.parse.quote, b.parse.quote)):
            return None
        ra, rb = readings(a), readings(b)
        da, db = _dates(a), _dates(b)
        if da and db and not (da & db):
            return None
        for x in ra:
            for y in rb:
                if x.family != y.family or x.aspect != y.aspect or x.value == y.value or x.mood != y.mood:
                    continue
                # a side that says both ("was arrested ... has not been arrested") is set against nothing
                if any(r.family == x.family and r.aspect == x.aspect and r.value != x.value for r in ra) or \
                        any(r.family == y.family and r.aspect == y.aspect and r.value != y.value for r in rb):
                    continue
                if not _same_phrase(x.who, y.who) or x.who[0].startswith("pron:"):
                    continue
                if x.agent and y.agent and not _same_phrase(x.agent, y.agent):
                    continue
                fam = family(x.family)
                if fam.needs_agent and (not (x.agent and y.agent) or x.agent[0].startswith("pron:")):
                    continue  # a stance without its holder on both sides
                if fam.needs_route and not (route(a.text) and route(a.text) == route(b.text)):
                    continue  # "flights to Seravo" / "its domestic flights": two services
                if (x.refused or y.refused) and not (da and db):
                    continue  # "said he would not step down" / "resigned": a day on each side, the same one
                    # (without it, a refusal and a resignation may follow each other)
                if not charges_agree(fam, x, a.text, y, b.text):
                    continue  # "acquitted of murder" / "convicted of manslaughter": a split verdict
                if fam.needs_state and not (states_now(x, a.text) or states_now(y, b.text)):
                    continue  # "the school opened" / "the school closed": two events, one after the other
                return self._synonym_finding(a, b, ctx, x, y)
        return None

    def _synonym_finding(self, a: Claim, b: Claim, ctx: PairContext, x, y) -> Finding:
        fam = family(x.family)
        qa = _quote_clause(a, x.span, negated=_neg_at(a, x.span))
        qb = _quote_clause(b, y.span, negated=_neg_at(b, y.span))
        who = _who(x.who, a.text)
        relation = "contradiction"
        if x.aspect == "event":
            expl = (f"one says {who} {fam.says.get('event', 'did')} (“{qa if x.value else qb}”), "
                    f"the other that {who} {fam.says.get('no_event', 'did not')} (“{qb if x.value else qa}”)")
            neg_claim, pos_claim, dn, dp = (b, a, ctx.date_b, ctx.date_a) if x.value else (a, b, ctx.date_a, ctx.date_b)
            if ctx.same_story and dn is not None and dp is not None and dn < dp and _NOT_YET.search(neg_claim.text):
                relation = "update"
        else:
            plus, minus = fam.says.get("plus", "so"), fam.says.get("minus", "not")
            sa, sb = (plus, minus) if x.value else (minus, plus)
            if fam.says.get("form") == "act":  # "one says the man pleaded guilty, the other that he pleaded not guilty"
                expl = f"one says {who} {sa} (“{qa}”), the other that {who} {sb} (“{qb}”)"
            elif fam.says.get("form") == "stance":  # "one says Veli is for the ceasefire proposal, the other against"
                holder = _who(x.agent, a.text)
                expl = f"one says {holder} {sa} {who} (“{qa}”), the other that {holder} {sb} it (“{qb}”)"
            else:
                expl = f"one says {who} is {sa} (“{qa}”), the other {sb} (“{qb}”)"
            held_date, freed_date = (ctx.date_a, ctx.date_b) if x.value else (ctx.date_b, ctx.date_a)
            if fam.sequence and ctx.same_story and held_date is not None and freed_date is not None \
                    and (held_date < freed_date or (fam.sequence == "both" and held_date != freed_date)):
                relation = "update"
                (s1, d1), (s2, d2) = sorted(((plus, held_date), (minus, freed_date)), key=lambda t: t[1])
                expl += f": {s1} on {d1.isoformat()}, {s2} by {d2.isoformat()}, a later report"
        score = round(min(1.0, 0.5 * 0.8 + 0.5 * ctx.similarity), 3)
        return Finding(kind=self.kind, score=score, explanation=expl, highlights_a=(x.span,), highlights_b=(y.span,),
                       facet=f"negation|{x.family}", relation=relation)

    def _same_verb(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None:
        parsed = a.parse is not None and b.parse is not None
        if parsed:
            found = opposed_verb(a, b)
            if found is None:
                return None
            verb, a_neg = found
        else:
            # pass 1 is a trigger: a negation on either side may turn out, once parsed, to sit
            # on a different verb ("the rebels who did not surrender were arrested")
            implied = _implies(a.text) != _implies(b.text)  # "failed to reach" / "reached"
            if not (a.negated or b.negated) or (_cues(a.text) == _cues(b.text) and not implied) \
                    or not shallow_same_verb(a, b):
                return None
            verb, a_neg = "", a.negated and not b.negated
        implied = False if parsed else implied
        # the verb with its own agent and patient on both sides: the rest of each sentence
        # (a clause, an apposition, a dateline) may differ; the verb's own modal stands in
        # for the sentence's ("citing the risk that he would flee" modalises no order)
        by_args = parsed and same_arguments(a, b, verb)
        if not by_args and parsed and (a.modality or "") != (b.modality or ""):
            return None
        implied_here = _implied_negation(a if a_neg else b, verb) if parsed else implied
        if _cues(a.text) == _cues(b.text) and not implied_here:
            return None  # the same negation words on both sides: a parse that differs is no denial

        if is_fragment(a.text, b.text):
            return None  # one rendering of a quote within the other
        if parsed and a.parse.quote and b.parse.quote and is_fragment(a.parse.quote, b.parse.quote):
            return None
        ov = stem_overlap(a.text, b.text)
        neg, pos = (a, b) if a_neg else (b, a)
        if parsed and verb in _CHARGE_VERBS and _names_charge(neg, verb):
            return None  # "does not charge Stone with conspiring" / "Stone was charged with seven counts"
        if not parsed:
            if ov < TRIGGER_OVERLAP and not (ctx.similarity >= MIN_ARG_SIMILARITY and _shared_names(a.text, b.text)):
                return None  # (a name on both sides may be the verb's argument: pass 2 reads it)
        elif by_args:
            if ctx.similarity < MIN_ARG_SIMILARITY:
                return None
        else:
            if ov < MIN_OVERLAP or ctx.similarity < MIN_SIMILARITY:
                return None
            if parsed and _other_arguments(a, b, verb):
                return None  # "The Senate did not pass the bill" / "The House passed the bill"
            # the negated side may not add content beyond one or two words
            sn, sp = content_stems(neg.text), content_stems(pos.text)
            if len(sn - sp) > 2 or len(sp - sn) > 2:
                return None
        hn = _neg_span(neg, verb) if parsed else (_CUE.search(neg.text).span() if _CUE.search(neg.text) else None)
        hp = _verb_span(pos.text, verb, _written(pos, verb)) if parsed else None
        score = round(min(1.0, 0.5 * max(ov, 0.8 if by_args else 0.0) + 0.5 * ctx.similarity), 3)
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
