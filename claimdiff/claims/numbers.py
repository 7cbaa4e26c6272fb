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
_SCALE_ABBR = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000,
               "b": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000, "t": 1_000_000_000_000}

_NUMWORD = r"(?:" + "|".join(sorted(list(_UNITS_W) + list(_SCALES), key=len, reverse=True)) + r")"
_WORDNUM_RE = re.compile(
    rf"\b(?:a\s+dozen|dozen|half\s+a\s+(?:million|billion)|{_NUMWORD}(?:(?:\s+|-|\s+and\s+){_NUMWORD})*)\b",
    re.IGNORECASE,
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# Scales in any case ("$3.5 Trillion" in a headline) and abbreviation ("$1T", "$579B", "266K",
# "$2bn"); quantity.py reads a lone "m"/"b"/"t" as a scale only after a currency sign.
_SCALE_WORDS = r"hundred|thousand|million|billion|trillion|bn|mn|tn|mln|bln|k|m|b|t"
_DIGIT_RE = re.compile(
    rf"(?P<cur>US\$|\$|€|£|¥|\bRs\.?\s?|\bUSD\s?|\bEUR\s?)?(?P<num>{_DIGITS})"
    rf"(?:\s?(?P<scale>(?i:{_SCALE_WORDS}))\b)?"
)
_VAGUE_RE = re.compile(r"\b(dozens|scores|hundreds|thousands|tens of thousands|hundreds of thousands|"
                       r"tens of millions|hundreds of millions|millions|billions|trillions)\s+of\b", re.IGNORECASE)
# A vague plural names a floor, not a ceiling: "millions of people" is said of 2 million and
# of 40 million alike, so it reaches up to the next named scale (where a writer would say
# "billions"). "hundreds" and "dozens" stay below a thousand.
_VAGUE = {"dozens": (24, 999), "scores": (40, 999), "hundreds": (200, 1999), "thousands": (2000, 999_999),
          "tens of thousands": (20_000, 999_999), "hundreds of thousands": (200_000, 1_999_999),
          "millions": (2e6, 999e6), "tens of millions": (2e7, 999e6), "hundreds of millions": (2e8, 1.999e9),
          "billions": (2e9, 999e9), "trillions": (2e12, 999e12)}


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



def scale_factor(scale: str | None) -> float:
    if not scale:
        return 1.0
    s = scale.lower()
    return float(_SCALES.get(s) or _SCALE_ABBR.get(s, 1))


def _to_float(num: str, scale: str | None) -> float:
    return float(num.replace(",", "")) * scale_factor(scale)


def rounding_halfwidth(num: str, scale: str | None) -> float:
    """How far a written figure may lie from the amount it reports. News rounds: "$3.5
    trillion" stands for anything from 3.45T up to 3.55T, "20 million" for 19.5M-21M,
    "250,000" for 245,000-260,000 (half a unit of the last written or non-zero digit below;
    above, a whole unit for a round figure, since writers truncate as often as they round, and
    half a unit for one written to a decimal: see `rounding_upper`), at most 5% either
    way ("$1T" is [0.95T, 1.05T]). Other figures ("943,000" keeps its precision, "4,215",
    "6 friends", "120000") are taken as exact."""
    digits = num.replace(",", "")
    f = scale_factor(scale)
    if f >= 1000:
        decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
        unit = f * 10 ** -decimals
    elif "," in num and "." not in num and re.fullmatch(r"\d{1,3}(?:,\d{3})*,000", num) and float(digits) >= 10_000:
        stripped = digits.rstrip("0")
        unit = float(10 ** (len(digits) - len(stripped)))  # "250,000": the ten-thousands
    else:
        return 0.0
    return min(0.5 * unit, 0.05 * float(digits or 0) * f)


def rounding_upper(num: str, scale: str | None) -> float:
    """The room above a rounded figure: a whole unit of its last digit, capped at 5%, for a
    round figure ("20 million" may be 20.9M written down); half a unit, for one written to a
    decimal ("$3.5 billion": writers who give a decimal round it)."""
    half = rounding_halfwidth(num, scale)
    if not half:
        return 0.0
    if "." in num:
        return half
    return min(2 * half, 0.05 * _to_float(num, scale))
