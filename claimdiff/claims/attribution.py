"""Attribution: who a sentence says is making the claim.

"according to Politico" -> "Politico"; "Kadhimi claimed" -> "Kadhimi"; "the Pentagon says"
-> "the Pentagon"; "he said" -> "he"; '"...," said Kadhimi' -> "Kadhimi". None when the
sentence attributes the claim to nobody.
"""

from __future__ import annotations

import re

_VERBS = (r"(?:said|says|say|claimed|claims|claim|announced|announces|confirmed|confirms|told|stated|states|"
          r"reported|reports|noted|notes|added|argued|argues|insisted|insists|denied|denies|declared|declares|"
          r"asserted|asserts|wrote|writes|tweeted|explained|explains|warned|warns|believes|believe|"
          r"alleged|alleges|estimated|estimates|acknowledged|admitted|stressed|emphasized|emphasised|"
          r"pointed out|revealed|disclosed|suggested|suggests)")
_NAME = r"(?:[A-Z][\w'’.-]*|al-[\w-]+|bin|de|van|von)"
_ACCORDING = re.compile(rf"\baccording to\s+(?P<who>(?:the\s+)?(?:{_NAME}\s*)+|(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:officials?|sources?|reports?|statement))",)
_BEFORE = re.compile(rf"(?P<who>(?:\b[Tt]he\s+)?{_NAME}(?:\s+{_NAME}){{0,4}}|\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Oo]fficials|"
                     rf"[Ss]ources|[Ee]xperts|[Aa]nalysts)),?\s+(?:also\s+|has\s+|had\s+|have\s+|later\s+|then\s+)?{_VERBS}\b")
_AFTER = re.compile(rf"[,\"”]\s*{_VERBS}\s+(?P<who>(?:the\s+)?{_NAME}(?:\s+{_NAME}){{0,4}})")
_NOT_SOURCE = {"The", "It", "This", "That", "There", "In", "On", "As", "But", "However", "And", "A"}


def _clean(who: str) -> str | None:
    w = who.strip().rstrip(",.")
    w = re.sub(r"\s+", " ", w)
    if not w or w in _NOT_SOURCE:
        return None
    return w


def read_attribution(text: str) -> str | None:
    m = _ACCORDING.search(text)
    if m:
        return _clean(m.group("who"))
    m = _AFTER.search(text)
    if m:
        return _clean(m.group("who"))
    for m in _BEFORE.finditer(text):
        who = _clean(m.group("who"))
        if who:
            return who
    return None


_SAY = frozenset({"say", "tell", "state", "announce", "claim", "add", "insist", "note", "write", "argue",
                  "report", "explain", "declare", "assert", "tweet", "warn", "confirm", "deny", "allege",
                  "estimate", "acknowledge", "admit", "stress", "emphasize", "emphasise", "reveal", "disclose",
                  "suggest", "contend", "maintain", "predict", "testify", "concede", "boast", "complain"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you", "who", "that", "this", "which", "one",
                       "someone", "anyone", "everyone", "some", "others", "many"})
_NAME_DEPS = frozenset({"compound", "flat", "amod", "nmod", "poss", "case"})
_QUOTES = (("\u201c", "\u201d"), ('"', '"'), ("\u2018", "\u2019"))


def _name(head) -> str | None:
    """The speaker as an analyst names them: a proper name with its compounds ("Mustafa
    Kadhimi", not the apposition after it), or a noun with its modifiers ("Iraqi
    officials", "the Pentagon"); None for a pronoun, which names nobody to compare."""
    if head.lower_ in _PRONOUNS or head.pos_ == "PRON":
        return None
    keep = [c for c in head.children if c.dep_ in _NAME_DEPS and c.i < head.i and c.pos_ != "PRON"
            and not (c.dep_ == "poss" and c.pos_ == "PRON")]
    words = []
    for c in keep:
        words.extend(t for t in c.subtree if t.i < head.i and t.dep_ != "punct")
    det = [c for c in head.children if c.dep_ == "det" and c.lower_ == "the"]
    toks = sorted({t.i: t for t in [*det, *words, head]}.values(), key=lambda t: t.i)
    name = " ".join(t.text for t in toks).replace(" 's", "'s").strip(" ,")
    return name or None


def _depth(t) -> int:
    d = 0
    while t.head.i != t.i:
        t, d = t.head, d + 1
    return d


def read_parse_attribution(doc) -> tuple[str | None, str | None]:
    """(speaker, quoted words) from the parse. The speaker is the source named by
    "according to X" or the subject of the outermost reporting verb ("Kadhimi claimed
    that ...", '"...," said Joe Biden', "Iraqi officials told reporters"); the name is
    kept as written without its apposition, a pronoun gives None. The quote is the text
    between the first pair of quotation marks."""
    speaker = None
    for t in doc:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            pobj = next((c for c in doc[t.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                speaker = _name(pobj)
                break
    if speaker is None:
        verbs = sorted((t for t in doc if t.lemma_.lower() in _SAY and t.pos_ == "VERB"), key=_depth)
        for v in verbs:
            # the subject nearest the verb: in "About 300 homes burned, Bass said." the small
            # model hangs both "homes" and "Bass" on "said"
            subj = min((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")),
                       key=lambda c: abs(c.i - v.i), default=None)
            if subj is not None:
                speaker = _name(subj)
                break
    text = doc.text
    quote = None
    for o, c in _QUOTES:
        i = text.find(o)
        j = text.find(c, i + 1) if i >= 0 else -1
        if i >= 0 and j > i + 1:
            quote = text[i + 1:j].strip().rstrip(",") or None
            break
    return speaker, quote


def same_speaker(a: str | None, b: str | None) -> bool:
    """Two attributions name the same source: "Joe Biden" and "Biden", "the Pentagon"
    and "Pentagon". Case and a leading "the" are ignored; a name matches the last words
    of a longer one (a title or first name before it)."""
    if not a or not b:
        return False
    wa = [w for w in a.lower().replace("’", "'").split() if w != "the"]
    wb = [w for w in b.lower().replace("’", "'").split() if w != "the"]
    if not wa or not wb:
        return False
    if wa == wb:
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return long_[-len(short):] == short  # "Schumer", "Chuck Schumer", "Senate Majority Leader Chuck Schumer"
