"""Numbers as written: digits with separators and scales ("2.5 million", "$62,500") and
number words ("three", "a dozen", "two million", "dozens of"). Used by quantity.py."""

from __future__ import annotations

import re

# ---------------------------------------------------------------- number words

_UNITS_W = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
               "tn": 1_000_000_000_000}

_NUMWORD = r"(?:" + "|".join(sorted(list(_UNITS_W) + list(_SCALES), key=len, reverse=True)) + r")"
_WORDNUM_RE = re.compile(
    rf"\b(?:a\s+dozen|dozen|half\s+a\s+(?:million|billion)|{_NUMWORD}(?:(?:\s+|-|\s+and\s+){_NUMWORD})*)\b",
    re.IGNORECASE,
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_DIGIT_RE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|\bRs\.?\s?|\bUSD\s?|\bEUR\s?)?(?P<num>{_DIGITS})"
    rf"(?:\s?(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|tn|[kKmMbB])\b)?"
)
_VAGUE_RE = re.compile(r"\b(dozens|scores|hundreds|thousands|tens of thousands|hundreds of thousands|millions|billions)\s+of\b",
                       re.IGNORECASE)
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
          "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
          "millions": (2e6, 9.99e6), "billions": (2e9, 9.99e9)}


def words_to_number(s: str) -> float | None:
    """'two million' -> 2e6, 'twenty-five' -> 25, 'a dozen' -> 12; None if not a number."""
    s = s.lower().replace("-", " ")
    toks = [t for t in s.split() if t != "and"]
    if not toks:
        return None
    if toks[:2] == ["a", "dozen"] or toks == ["dozen"]:
        return 12.0
    if toks[:2] == ["half", "a"] and len(toks) == 3 and toks[2] in _SCALES:
        return _SCALES[toks[2]] / 2
    total, cur = 0, 0
    seen = False
    for t in toks:
        if t in _UNITS_W:
            cur += _UNITS_W[t]
            seen = True
        elif t == "hundred":
            cur = (cur or 1) * 100
            seen = True
        elif t in _SCALES:
            total += (cur or 1) * _SCALES[t]
            cur = 0
            seen = True
        else:
            return None
    return float(total + cur) if seen else None



def _to_float(num: str, scale: str | None) -> float:
    v = float(num.replace(",", ""))
    if scale:
        s = scale.lower()
        v *= _SCALES.get(s) or _SCALE_ABBR.get(s, 1)
    return v
