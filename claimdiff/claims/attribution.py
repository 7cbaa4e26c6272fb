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


_SAY = frozenset({"say", "tell", "state", "announce", "claim", "add", "insist", "note", "write", "argue"})


def read_parse_attribution(doc) -> tuple[str | None, str | None]:
    """(speaker, quoted words) from the parse: the subject of a reporting verb, and the
    text between quotation marks when the sentence quotes someone."""
    speaker = None
    for t in doc:
        if t.lemma_.lower() in _SAY and t.pos_ == "VERB":
            subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                speaker = " ".join(w.text for w in subj.subtree)
                break
    text = doc.text
    quote = None
    for o, c in (("\u201c", "\u201d"), ('"', '"')):
        i = text.find(o)
        j = text.find(c, i + 1) if i >= 0 else -1
        if i >= 0 and j > i:
            quote = text[i + 1:j].strip()
            break
    return speaker, quote
