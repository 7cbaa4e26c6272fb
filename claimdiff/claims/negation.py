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
    r"den(?:y|ies|ied|ying)|refus(?:e|es|ed|ing) to|fail(?:s|ed|ing)? to|declin(?:e|es|ed|ing) to|"
    r"no intention of|no plans? to|"
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



# --- from the parse -----------------------------------------------------------------
#
# Negation is attached to the verb it modifies. A clause head (a verb, or the copula of
# "it's immoral") is negated by its own `neg` dependent ("did not arrest", "never
# returned"), by a negative argument ("No troops were withdrawn", "has nothing"), by
# "no longer", and, for an infinitive complement, by its head ("is not going to leave",
# "refused to withdraw", "no plans to withdraw"). A subordinate clause keeps its own
# polarity: "Biden denied that his decision to withdraw went against the advice" negates
# neither "withdraw" nor "go". A denial ("X denied that ...", "dismissed reports that
# ...") reports X's denial: the denied clause is neither asserted nor negated.

_NEG_ARGS = frozenset({"nothing", "nobody", "none", "noone", "neither", "nowhere"})
_ARG_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "dative", "oprd", "expl"})
_SUBJ_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "pcomp", "csubj",
                          "csubjpass", "parataxis", "csubj"})
_DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "dispute", "refute", "rebut", "disavow"})
_NEGATIVE_VERBS = frozenset({"refuse", "fail", "decline", "cease", "neglect", "avoid", "forgo"})
_NOT_SCOPE = frozenset({"only", "just", "merely", "least", "even", "simply", "necessarily"})
_REPORTING = frozenset({"say", "tell", "state", "announce", "claim", "add", "insist", "note", "write",
                        "argue", "report", "explain", "declare", "stress", "assert", "tweet", "confirm",
                        "maintain", "contend", "suggest", "warn", "believe", "think", "acknowledge"})
_NEG_RAISING = frozenset({"think", "believe", "expect", "suppose", "seem", "appear", "imagine"})
_PARTIAL = frozenset({"entirely", "completely", "fully", "altogether", "totally", "wholly", "all"})
_UNRELATED = frozenset({"do"})  # "has nothing to do with the withdrawal": a mention, no stance


def _is_clause_head(t) -> bool:
    if t.dep_ in ("aux", "auxpass"):
        return False
    return t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT"


def _own_negation(t) -> bool:
    for c in t.children:
        if c.dep_ == "neg":
            nxt = c.doc[c.i + 1] if c.i + 1 < len(c.doc) else None
            if nxt is not None and nxt.lower_ in _NOT_SCOPE:
                continue  # "not only", "not just": no negation of the verb
            return True
        if c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
            return True  # "no longer"
        if c.dep_ == "advmod" and c.lower_ in ("never", "nowhere"):
            return True
        if c.dep_ in _ARG_DEPS:
            if c.lower_ in _NEG_ARGS and not _unrelated(c):
                return True
            if _has_no(c):
                return True  # "No troops were withdrawn", "has no troops"
    return False


def _has_no(noun) -> bool:
    """The noun phrase is quantified by "no": "no troops", and "No tsunami warning", where
    the parser hangs "No" on the compound."""
    def no(g) -> bool:  # a quoted "no" ('the lone "no" vote') negates nothing
        quoted = g.i > 0 and g.doc[g.i - 1].is_quote
        return g.dep_ == "det" and g.lower_ == "no" and not quoted
    return any(no(g) for g in noun.children) or any(
        no(g) for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i for g in c.children)


def _unrelated(noun) -> bool:
    """'nothing to do with X': X is mentioned, nothing is said about it."""
    return noun.lower_ == "nothing" and any(c.lemma_.lower() in _UNRELATED for c in noun.children)


def _clause_head(t):
    """The clause head governing token t (t itself when it heads a clause), and the
    dependency by which the path reaches it (to tell a subject from the rest)."""
    via = None
    cur = t
    while not _is_clause_head(cur):
        if cur.head.i == cur.i:
            return cur, via
        via = cur.dep_
        cur = cur.head
    return cur, via


def _polarities(doc) -> dict[int, str]:
    """Token index of every clause head -> '+', '-', 'denied' (reported as denied) or
    'mention' ('nothing to do with ...')."""
    pol: dict[int, str] = {}

    def visit(t) -> str:
        if t.i in pol:
            return pol[t.i]
        p = "-" if _own_negation(t) else "+"
        if t.dep_ != "ROOT" and t.head.i != t.i:
            h = t.head
            hh, via = (h, t.dep_) if _is_clause_head(h) else _clause_head(h)
            hp = visit(hh) if _is_clause_head(hh) else "+"
            hl = hh.lemma_.lower()
            noun_no = h.i != hh.i and (_has_no(h) or h.lower_ in _NEG_ARGS)
            if t.dep_ in ("ccomp", "xcomp", "pcomp", "acl") and hl in _DENIAL_VERBS and hp == "+":
                p = "denied"
            elif h.i != hh.i and _unrelated(h) or (hp == "mention" and t.dep_ not in ("advcl", "conj")):
                p = "mention"
            elif via in _SUBJ_DEPS:
                pass  # "his decision to withdraw went ...": the subject is presupposed
            elif t.dep_ == "xcomp" or (t.dep_ in ("acl", "pcomp") and h.i != hh.i and h.pos_ in ("NOUN", "ADP")):
                # an infinitive or "of -ing" complement shares its head's polarity:
                # "is not going to leave", "refused to withdraw", "no plans to withdraw"
                inherited = hp
                if noun_no:
                    inherited = "-"
                if hl in _NEGATIVE_VERBS and t.dep_ == "xcomp":
                    inherited = "-" if hp == "+" else "+" if hp == "-" else hp
                if inherited in ("denied", "mention"):
                    p = inherited
                elif inherited == "-":
                    p = "+" if p == "-" else "-"
            elif hp == "denied" and t.dep_ == "conj":
                p = "denied"
        pol[t.i] = p
        return p

    for t in doc:
        if _is_clause_head(t):
            visit(t)
    return pol


def _spans(doc, idx: list[int]) -> tuple[tuple[int, int], ...]:
    """Character spans of the given tokens, adjacent tokens merged."""
    out: list[list[int]] = []
    last = None
    for i in sorted(idx):
        t = doc[i]
        s, e = t.idx, t.idx + len(t.text)
        if out and last == i - 1:
            out[-1][1] = e
        else:
            out.append([s, e])
        last = i
    return tuple((s, e) for s, e in out)


def token_scopes(doc) -> dict[int, str]:
    """Token index -> the polarity it is read under: its clause's polarity ('+', '-',
    'denied', 'mention'), except that a clause's subject is presupposed ('+'): "the
    withdrawal has not affected security" does not deny a withdrawal."""
    pol = _polarities(doc)
    out = {}
    for t in doc:
        head, via = _clause_head(t)
        p = pol.get(head.i, "+")
        if t.i != head.i and via in _SUBJ_DEPS and p == "-" and not _neg_subject(head):
            p = "+"
        out[t.i] = p
    return out


def _neg_subject(head) -> bool:
    """The clause is negated through its subject ("No troops were withdrawn")."""
    return any(c.dep_ in _SUBJ_DEPS and (c.lower_ in _NEG_ARGS or _has_no(c)) for c in head.children)


def _main_heads(doc, pol: dict[int, str]) -> list[tuple[object, str]]:
    """(verb token, polarity) of what each sentence of the doc asserts: its root and the
    root's conjuncts; a reporting verb ("Police said they did not arrest") hands over
    to the clause it reports."""
    out = []
    for root in (t for t in doc if t.dep_ == "ROOT"):
        heads = [root] + [c for c in root.children if c.dep_ == "conj" and _is_clause_head(c)]
        for h in heads:
            lemma = h.lemma_.lower()
            p = pol.get(h.i, "+")
            comp = [c for c in h.children if c.dep_ == "ccomp"]
            comp += [g for c in comp for g in c.children if g.dep_ == "conj" and _is_clause_head(g)]
            if lemma in _REPORTING and comp and (p == "+" or (p == "-" and lemma in _NEG_RAISING)):
                # "I don't think it's O.K." asserts what "I think it's not O.K." does
                flip = {"+": "-", "-": "+"} if p == "-" else {}
                comp = [_implicated(c) or c for c in comp]  # "officials said talks failed to reach a deal"
                out.extend((c, flip.get(pol.get(c.i, "+"), pol.get(c.i, "+"))) for c in comp)
                continue
            inner = _implicated(h)
            if inner is not None:
                # "failed to reach a deal", "refused to step down", "managed to escape": what the
                # sentence asserts is whether the complement happened (its inherited polarity)
                out.append((inner, pol.get(inner.i, "+")))
                continue
            out.append((h, "denial" if lemma in _DENIAL_VERBS and p == "+" else p))
    return out


# "declined to comment", "refused to say": what a source would not say, not whether anything happened
NO_COMMENT = frozenset("comment say discuss elaborate respond answer speculate confirm specify detail identify "
                       "disclose name give provide reveal release explain address".split())
# implicative verbs whose infinitive says whether it happened: "failed to reach" is "did not reach"
_IMPLICATIVE_HEADS = frozenset({"refuse", "fail", "decline", "neglect", "manage"})


def _implicated(h):
    """The infinitive complement of an implicative head ("failed to reach a deal" -> reach),
    or None: a verb with its own "to", and no subject of its own."""
    if h.lemma_.lower() not in _IMPLICATIVE_HEADS or h.pos_ not in ("VERB", "AUX"):
        return None
    for c in h.children:
        if c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT:
            return None  # "declined to comment": a newsroom formula, not a claim about the story
        if c.dep_ == "xcomp" and c.pos_ == "VERB" and any(g.dep_ == "aux" and g.tag_ == "TO" for g in c.children) \
                and not any(g.dep_ in _SUBJ_DEPS for g in c.children):
            return c
    return None


def _head_arguments(h):
    """`_arguments` of an asserted head; an implicated infinitive takes its controller's
    subject ("Negotiators failed to reach a deal": the negotiators reach)."""
    modal, agent, patient, passive = _arguments(h)
    if h.dep_ == "xcomp" and not agent and getattr(_implicated(h.head), "i", None) == h.i:
        hm, hagent, _, _ = _arguments(h.head)
        modal, agent = modal or hm, hagent
    return modal, agent, patient, passive


def main_predicates(doc, pol: dict[int, str] | None = None) -> tuple[tuple[str, str, str], ...]:
    """(lemma, polarity, the verb as written) of what each sentence of the doc asserts
    (`_main_heads`)."""
    pol = pol if pol is not None else _polarities(doc)
    return tuple((h.lemma_.lower(), p, h.text) for h, p in _main_heads(doc, pol))


# --- who did what to whom ------------------------------------------------------------
#
# A negation conflict is one verb with the same arguments, asserted by one sentence and
# negated by the other, whatever else each sentence adds ("Police arrested the suspect,
# a 24-year-old man, at the scene" / "Police did not arrest the suspect, who ran ...").
# For each asserted verb: its own modal ("would", "may": "" when none), the words of its
# agent (subject; the "by" phrase of a passive) and of its patient (object; the subject
# of a passive; the subject and verb of a small clause: "ordered him detained"), and
# whether it is passive (a passive may leave its agent out).

_MODALS = frozenset({"will", "would", "may", "might", "could", "can", "should", "must", "shall", "wo", "ca"})
_PHRASE_DEPS = frozenset({"compound", "amod", "nummod", "poss", "nmod", "appos"})


def _phrase_words(noun) -> tuple[str, ...]:
    """The noun's lemma first, then its modifiers' ("suspect"; "warning", "tsunami");
    a pronoun is written "pron:him"; a relative pronoun stands for the noun it refers to."""
    if noun.lower_ in ("who", "which", "that") and noun.head.dep_ == "relcl":
        noun = noun.head.head
    if noun.pos_ == "PRON":
        return (f"pron:{noun.lower_}",)
    words = ["executive", "chief"] if noun.lemma_.lower() == "ceo" else [noun.lemma_.lower()]  # "CEO" / "chief executive"
    for c in noun.children:
        if c.dep_ in _PHRASE_DEPS and c.i < noun.i and c.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            words.append(c.lemma_.lower())
            words.extend(g.lemma_.lower() for g in c.children if g.dep_ == "compound" and g.pos_ in ("NOUN", "PROPN"))
    return tuple(words)


def _arguments(h) -> tuple[str, tuple[str, ...], tuple[str, ...], bool]:
    modal = next((c.lower_ for c in h.children if c.dep_ == "aux" and c.lower_ in _MODALS), "")
    modal = {"wo": "will", "ca": "can"}.get(modal, modal)
    agent: tuple[str, ...] = ()
    patient: tuple[str, ...] = ()
    for c in h.children:
        if c.dep_ == "nsubj" and not agent:
            agent = _phrase_words(c)
        elif c.dep_ == "agent":
            pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                agent = _phrase_words(pobj)
        elif c.dep_ in ("dobj", "nsubjpass", "attr") and not patient:
            patient = _phrase_words(c)
        elif c.dep_ in ("ccomp", "xcomp", "oprd") and not patient and c.pos_ == "VERB":
            subj = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:  # "ordered him detained"
                patient = _phrase_words(subj) + (c.lemma_.lower(),)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in h.children)
    return modal, agent, patient, passive


# --- every clause, for event synonyms ------------------------------------------------
#
# "Police did not arrest the suspect" / "The suspect, who was taken into custody at the mall,
# faces five counts": the event is in a relative clause, and named by other words. Each clause
# head is read with its polarity (as `_polarities`), its mood (its own modal, or "if" under a
# condition: "if he is arrested"), its agent and patient (a relative pronoun stands for its
# noun; a participle's noun is its patient: "the man arrested on Friday"; a conjunct without a
# subject takes its first conjunct's), its complements ("into:custody", "prt:down", "comp:free")
# and whether the patient is a person (the comparator's tables decide what the words mean).

_CONDITION_MARKS = frozenset({"if", "unless", "whether", "lest"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "i", "me", "we", "us", "you",
                              "who", "whom", "anyone", "anybody", "someone", "somebody", "nobody", "everyone"})
_PERSON_NOUNS = frozenset(
    "suspect man woman boy girl person people teenager teen youth child children student journalist reporter "
    "activist motorist cyclist pedestrian passenger protester protestor demonstrator hostage prisoner detainee captive inmate driver gunman attacker "
    "assailant shooter defendant accused officer soldier worker resident citizen national leader lawyer "
    "opposition member minister official politician candidate dissident blogger tourist american briton "
    "father mother son daughter husband wife brother sister migrant refugee fugitive captain player "
    "mayor president governor chairman chairwoman chair chief ceo director secretary senator lawmaker legislator "
    "premier king queen judge prosecutor coach manager commissioner speaker representative congressman "
    "congresswoman spokesman spokeswoman ambassador general commander priest bishop executive founder".split())
_COMP_DEPS = frozenset({"acomp", "oprd"})
_PARTICLES = frozenset({"down", "up", "off", "out", "in", "away", "aside"})
# an infinitive after these says whether it happened ("refused to resign", "was forced to resign")
_IMPLICATIVE = frozenset({"refuse", "fail", "decline", "manage", "force", "compel", "oblige", "neglect", "forget",
                          "remember", "dare", "bother", "get"})
# verbs whose clause complement is asked for, not done
_DIRECTIVE = frozenset({"order", "ask", "urge", "demand", "want", "call", "seek", "plan", "try", "hope", "expect",
                        "request", "push", "press", "wish", "threaten", "vow", "promise", "pledge", "intend", "aim",
                        "move", "decide", "attempt", "need", "propose", "recommend"})


_WEEKDAY_NAMES = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))


def _is_person(noun) -> bool:
    if noun is None:
        return False
    if noun.lower_ in ("who", "whom", "that") and noun.head.dep_ == "relcl":
        noun = noun.head.head
    if noun.pos_ == "PRON":
        return noun.lower_ in _PERSON_PRONOUNS
    if noun.ent_type_ in ("PERSON", "NORP") or noun.lemma_.lower() in _PERSON_NOUNS:
        return True
    # a name the recogniser did not label ("Akin stepped down"), but not a place or a body
    return noun.pos_ == "PROPN" and noun.ent_type_ in ("", "PERSON")


def _subject_token(h):
    return next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _conditional(t) -> bool:
    """The clause is under "if", "unless", "whether": a mark of its own (the parser may hang
    it anywhere left of the verb within the clause)."""
    return any(w.lower_ in _CONDITION_MARKS and w.i < t.i and _clause_head(w)[0].i == t.i for w in t.subtree) or \
        any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in t.children)


def _mood(t, modal: str) -> str:
    """What the clause is said under: its own modal; "if" under a condition (its own or a
    governing clause's); the governing verb of an infinitive or a clause that is asked for
    ("urged him to step down", "ordered him detained", "expected to approve"), except a verb
    that tells whether it happened ("refused to step down", "was forced to resign"); the
    governing clause's modal for a clause that is its subject ("To pass the bill would ...")."""
    if modal:
        return modal
    cur = t
    while True:
        if _conditional(cur):
            return "if"
        if cur.head.i == cur.i:
            return ""
        head = cur.head
        hl = head.lemma_.lower()
        infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in cur.children)
        if cur.dep_ in ("csubj", "csubjpass", "conj"):
            # "To pass the bill would ...", "must stop holding ... and end the shutdown": the head's modal
            hm = next((c.lower_ for c in head.children if c.dep_ == "aux" and c.lower_ in _MODALS), "")
            if hm:
                return {"wo": "will", "ca": "can"}.get(hm, hm)
        elif (cur.dep_ in ("ccomp", "xcomp") and hl in _DIRECTIVE) or (infinitive and hl not in _IMPLICATIVE):
            return f"to:{hl}"  # "ordered him detained", "urged police to arrest him", "expected to approve"
        if not _is_clause_head(cur) and cur.dep_ not in ("relcl", "acl", "conj", "advcl", "ccomp", "xcomp", "csubj",
                                                         "csubjpass", "pcomp", "parataxis"):
            return ""
        if cur.dep_ in ("relcl", "acl", "conj", "advcl", "ccomp", "xcomp", "parataxis", "pcomp"):
            cur = head if _is_clause_head(head) else _clause_head(head)[0]
            if cur.i == head.i or _is_clause_head(cur):
                continue
        return ""


def read_clauses(doc, pol: dict[int, str] | None = None, partial: frozenset[int] = frozenset()) -> tuple:
    """One record per clause head (see models.Parse.clauses)."""
    pol = pol if pol is not None else _polarities(doc)
    out = []
    for t in doc:
        if not _is_clause_head(t) or t.pos_ not in ("VERB", "AUX"):
            continue
        p = "partial" if t.i in partial else pol.get(t.i, "+")
        modal, agent, patient, passive = _arguments(t)
        patient_tok = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")), None)
        bare = not any(c.dep_ in ("aux", "auxpass") for c in t.children)
        subj_for_person = None
        if t.tag_ == "VBN" and bare and t.dep_ in ("ccomp", "xcomp", "oprd") and agent and not patient:
            # a small clause: "ordered him detained"
            patient, agent, passive = agent, (), True
            patient_tok = _subject_token(t)
        elif t.dep_ == "acl" and not agent and not patient:
            # a participle on its noun: "the man arrested on Friday" (a passive), "a truce holding"
            if t.tag_ == "VBN":
                patient, passive, patient_tok = _phrase_words(t.head), True, t.head
            else:
                agent = _phrase_words(t.head)
        elif t.dep_ == "xcomp" and not agent and not any(c.dep_ in _SUBJ_DEPS for c in t.children):
            # control: "refused to step down" (its subject), "urged Akin to step aside" (its object)
            ctl = next((c for c in t.head.children if c.dep_ == "dobj"), None) or _subject_token(t.head)
            if ctl is not None:
                if passive:
                    if not patient:
                        patient, patient_tok = _phrase_words(ctl), ctl
                else:
                    agent = _phrase_words(ctl)
                    if patient_tok is None and not patient:
                        subj_for_person = ctl
        elif t.dep_ == "conj" and not agent and not patient:
            # "who ran from the mall and was being sought": the first conjunct's subject
            subj = _subject_token(t.head)
            if subj is not None:
                if passive:
                    patient, patient_tok = _phrase_words(subj), subj
                else:
                    agent = _phrase_words(subj)
        if patient_tok is None and patient and t.dep_ in ("ccomp", "xcomp", "oprd"):
            patient_tok = _subject_token(t)
        small = next((c for c in t.children if c.dep_ in ("ccomp", "oprd", "xcomp") and c.pos_ == "ADJ"
                      and _subject_token(c) is not None), None)
        if small is not None and not patient:
            # "found the former chief executive guilty": the adjective's subject is the patient
            patient_tok = _subject_token(small)
            patient = _phrase_words(patient_tok)
        mood = _mood(t, modal)
        comps = []
        for c in t.children:
            if c.dep_ == "prep":
                comps.extend(f"{c.lower_}:{g.lemma_.lower()}" for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES):
                comps.append(f"prt:{c.lower_}")
            elif c.dep_ in _COMP_DEPS:
                neg = any(g.dep_ == "neg" for g in c.children)  # "pleaded not guilty"
                comps.append(f"comp:{'not-' if neg else ''}{c.lemma_.lower()}")
            elif c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
                comps.append("xcomp")  # "continues to shape": a clause complement, not the verb alone
            elif c.dep_ in ("npadvmod", "tmod") and c.lemma_.lower() in _WEEKDAY_NAMES:
                comps.append(f"when:{c.lemma_.lower()}")  # "passed Tuesday": a bare weekday
            elif small is not None and c.i == small.i:
                comps.append(f"comp:{c.lemma_.lower()}")
                comps.extend(f"{g.lower_}:{x.lemma_.lower()}" for g in c.children if g.dep_ == "prep"
                             for x in g.children if x.dep_ == "pobj")  # "guilty on all four counts"
        about = patient_tok if patient_tok is not None else (_subject_token(t) or subj_for_person)
        out.append((t.lemma_.lower(), p, mood, agent, patient, passive, tuple(comps), _is_person(about),
                    (t.idx, t.idx + len(t.text))))
    return tuple(out)


def read_parse_negation(doc) -> dict:
    """Negation from the parse, as models.Parse fields: the main verb and whether it is
    negated, every negated verb, whether the main verb reports a denial, the polarity of
    what each sentence asserts (`assertions`), and the character spans read under a
    negation (`negated_spans`) or under a denial or a mere mention (`unasserted_spans`)."""
    pol = _polarities(doc)
    scopes = token_scopes(doc)
    # "aren't leaving Iraq entirely", "not all troops left": a partial negation is no
    # claim of the opposite, so its words are read as unasserted, not as negated
    partial = {i for i, p in pol.items() if p == "-" and any(
        c.lower_ in _PARTIAL and c.dep_ in ("advmod", "det", "predet", "nsubj", "dobj") or
        any(g.lower_ in _PARTIAL and g.dep_ in ("det", "predet") for g in c.children if c.dep_ in _ARG_DEPS)
        for c in doc[i].children)}
    for t in doc:
        if scopes.get(t.i) == "-" and _clause_head(t)[0].i in partial:
            scopes[t.i] = "partial"
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    heads = _main_heads(doc, pol)
    negated = sorted({doc[i].lemma_.lower() for i, p in pol.items() if p == "-"})
    return {"root": root.lemma_.lower() if root is not None else "",
            "root_negated": bool(root is not None and pol.get(root.i) == "-"),
            "negated_verbs": tuple(negated),
            "denial": bool(root is not None and root.lemma_.lower() in _DENIAL_VERBS and pol.get(root.i) == "+"),
            "assertions": tuple((h.lemma_.lower(), p, h.text) for h, p in heads),
            "assertion_args": tuple(_head_arguments(h) for h, _ in heads),
            "clauses": read_clauses(doc, pol, frozenset(partial)),
            "negated_spans": _spans(doc, [i for i, p in scopes.items() if p == "-"]),
            "unasserted_spans": _spans(doc, [i for i, p in scopes.items() if p in ("denied", "mention", "partial")])}
