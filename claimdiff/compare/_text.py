"""Shared helpers for comparators: content words, event words."""

from __future__ import annotations

import re

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
