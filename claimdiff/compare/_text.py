"""Shared helpers for comparators: content words, event words."""

from __future__ import annotations

import re
from functools import lru_cache

from claimdiff.claims.units import _EVENT_RE, _STEM_EVENT

_WORD = re.compile(r"[a-z][a-z'-]+")
STOPWORDS = frozenset(
    "a an the and or but of in on at to from for with by as is are was were be been being have has had will "
    "would can could may might should must that which who whom this these those it its their his her they he "
    "she we you i than then if so not no never n't did do does also still already just only very more most "
    "said says say about over into out up down there here what when where why how all any some such".split())
NEGATION_WORDS = frozenset("not no never n't nor neither nobody nothing none longer cannot denied denies deny".split())


def content_words(text: str) -> set[str]:
    return {w.strip("'") for w in _WORD.findall(text.lower())} - STOPWORDS - NEGATION_WORDS


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of content words."""
    wa, wb = content_words(a), content_words(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def events(text: str) -> set[str]:
    return {_STEM_EVENT[m.group("w").lower()] for m in _EVENT_RE.finditer(text) if m.group("w").lower() in _STEM_EVENT}


_SUFFIX = re.compile(r"(?:ies|ied|ying|ing|ed|es|s)$")
_CONTRACTIONS = {"n't": " not", "'s": " is", "'re": " are", "'ve": " have", "'ll": " will", "'m": " am", "'d": " would"}
_CONTRACTION_RE = re.compile(r"n't\b|'(?:s|re|ve|ll|m|d)\b")


def stem(word: str) -> str:
    """A crude stem, enough to match "arrested" with "arrest" and "leaving" with "leaves"."""
    w = word.lower().strip("'")
    if len(w) > 4:
        w = _SUFFIX.sub("", w)
        if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
            w = w[:-1]  # "stopped" -> "stopp" -> "stop"
        w = w.rstrip("e")
    return w


@lru_cache(maxsize=65536)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(text))


def stem_overlap(a: str, b: str) -> float:
    """Jaccard overlap of content-word stems: "Police arrested the suspect" and "Police
    did not arrest the suspect" share all three."""
    wa, wb = content_stems(a), content_stems(b)
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lower-case words with contractions spelled out and typographic quotes made plain,
    to tell whether one rendering of a quote is a fragment of another."""
    t = text.replace("\u2019", "'").replace("\u2018", "'").lower()
    t = _CONTRACTION_RE.sub(lambda m: _CONTRACTIONS[m.group(0)], t)
    return " ".join(re.findall(r"[a-z0-9]+", t))


def is_fragment(a: str, b: str) -> bool:
    """One text is the other's words, or a run of them: two renderings of one quote
    ("I think it's immoral." within "I don't think it's O.K. I think it's immoral.")."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    short, long_ = (na, nb) if len(na) <= len(nb) else (nb, na)
    return f" {short} " in f" {long_} "


_TIME_WORDS = frozenset(
    "within over period next coming during course day days week weeks month months year years decade decades "
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty "
    "few several couple end middle start beginning close mid early late deadline timetable timeline schedule "
    "spread take takes taken taking took last lasts lasted january february march april june july august "
    "september october november december".split())


def subject_stems(text: str) -> set[str]:
    """What a sentence is about, without its time words: content stems, plus the event
    ids of its event words, so "the withdrawal" and "troops withdrawn" share "withdraw"
    and "lay off 400 workers" and "the layoffs" share "layoff"."""
    words = {w for w in content_words(text) if w not in _TIME_WORDS}
    return {stem(w) for w in words} | {f"event:{e}" for e in events(text)}


# --- age groups: who a target or a rule is for ---------------------------------------
#
# "all over-50s", "everyone over 50", "adults aged 65 and over", "people over the age of 80",
# "under-18s": a group of people by age, not a count ("over 50 people died" is a count, and
# is not read: a bare "over N" counts as an age only after a word for people).
_PEOPLE = (r"(?:people|persons|adults?|everyone|everybody|anyone|anybody|those|residents|citizens|patients|men|"
           r"women|workers|children|teenagers|americans|britons|all)")
_AGE_GROUP_RES = (
    re.compile(r"\b(?P<dir>over|under)-(?P<n>\d{2})s\b", re.I),
    re.compile(rf"\b{_PEOPLE}\s+(?P<dir>over|above|older than|under|below|younger than)\s+(?:the\s+age\s+of\s+)?"
               rf"(?P<n>\d{{2}})\b(?!\s*(?:%|percent|per cent|million|billion|thousand|[a-z]+s\b(?<!years)))", re.I),
    re.compile(r"\b(?:aged\s+)?(?P<n>\d{2})\s+(?:and|or)\s+(?P<dir>over|older|above|up|under|younger)\b(?!\s*\d)", re.I),
    re.compile(r"\b(?P<dir>over|under)\s+the\s+age\s+of\s+(?P<n>\d{2})\b", re.I),
)
_UP = frozenset({"over", "above", "older than", "older", "up"})


def age_groups(text: str) -> frozenset[str]:
    """Age groups a sentence names, as "50+" (over 50) or "18-" (under 18)."""
    out = set()
    for rx in _AGE_GROUP_RES:
        for m in rx.finditer(text):
            d = " ".join(m.group("dir").lower().split())
            out.add(f"{m.group('n')}{'+' if d in _UP else '-'}")
    return frozenset(out)
