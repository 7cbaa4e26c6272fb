"""Positions given as ordinals: where someone finished, the floor a fire started on.

"Kenya's Mercy Jelimo finished second in the Boston Marathon" / "Mercy Jelimo faded badly to finish
fourth"; "The Greens came first in Sunday's regional election" / "The Greens finished a distant
third"; "the fire broke out on the fourth floor" / "The fire started in a flat on the eleventh
floor". An ordinal is no count (quantity.py reads none), so these are read here.

A finishing place needs the same named finisher on both sides (a capitalised word before the verb,
shared), one finishing place per sentence, and not one of another race ("who finished fourth in
Chicago last year"). A fire's floor needs a verb of starting ("broke
out", "started", "began") in the sentence and one floor per sentence; where someone lived or was
found is another floor.
"""

from __future__ import annotations

import re

_ORDS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
         "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ORD_NUM = {w: i for i, w in enumerate(_ORDS, 1)}
_ORD = r"(?P<ord>" + "|".join(_ORDS) + r"|\d{1,2}(?:st|nd|rd|th))"
_FINISH_RE = re.compile(r"\b(?P<verb>finish(?:ed|es|ing)?|came|comes|placed|ended|end(?:s|ing)?)\s+(?:up\s+)?(?:in\s+)?"
                        r"(?:a\s+|an\s+)?(?:\w+\s+)?" + _ORD + r"\b(?!\s+(?:half|quarter|round|time|day|week|leg))",
                        re.IGNORECASE)
# a medal is a place: "claimed the bronze medal" is third; "crossing the line in third place"
_MEDAL_RE = re.compile(r"\b(?:won|wins|win|claimed|claims|took|takes|earned|collected|captured|secured|picked up|"
                       r"settled for)\s+(?:the\s+|a\s+|her\s+|his\s+|their\s+)?(?:\w+\s+)?(?P<medal>gold|silver|bronze)"
                       r"(?:\s+medal)?\b", re.IGNORECASE)
_PLACE_RE = re.compile(r"\b(?:crossing|crossed|crosses)\s+the\s+(?:finish(?:ing)?\s+)?line\s+in\s+" + _ORD
                       + r"\s+place\b", re.IGNORECASE)
_MEDAL_PLACE = {"gold": 1, "silver": 2, "bronze": 3}
_NAME_RE = re.compile(r"\b[A-Z][a-z'’-]+\b")
_FLOOR_RE = re.compile(r"\b(?:on|from)\s+the\s+" + _ORD + r"[\s-]+floor\b", re.IGNORECASE)
_STARTED_RE = re.compile(r"\b(?:broke out|started|began|erupted|originated|ignited)\b", re.IGNORECASE)
_EARLIER_RE = re.compile(r"\b(?:last|previous)\s+(?:year|season|time|month)\b|\bin\s+(?:19|20)\d\d\b|\ba year ago\b",
                         re.IGNORECASE)
_NOT_NAMES = frozenset("The A An He She They It His Her Their In On At After But And When While".split())


def _ord(word: str) -> int:
    w = word.lower()
    return _ORD_NUM.get(w) or int(re.match(r"\d+", w).group(0))


def _finish(text: str) -> tuple[int, frozenset[str], tuple[int, int]] | None:
    found = [(_ord(m.group("ord")), m) for m in (*_FINISH_RE.finditer(text), *_PLACE_RE.finditer(text))] + \
            [(_MEDAL_PLACE[m.group("medal").lower()], m) for m in _MEDAL_RE.finditer(text)]
    if not found or len({place for place, _ in found}) != 1:
        return None  # no place, or two ("finished second ahead of X, who came fourth")
    place, m = min(found, key=lambda f: f[1].start())
    if re.search(r"\bwho\s+(?:\w+\s+)?$", text[max(0, m.start() - 20):m.start()]) or \
            _EARLIER_RE.search(text[m.end():m.end() + 50]):
        return None  # "Jelimo, who finished fourth in Chicago last year, ...": another race
    names = frozenset(n.group(0) for n in _NAME_RE.finditer(text, 0, m.start())) - _NOT_NAMES
    return (place, names, m.span()) if names else None


def _floor(text: str) -> tuple[int, tuple[int, int]] | None:
    found = list(_FLOOR_RE.finditer(text))
    if len(found) != 1 or not _STARTED_RE.search(text):
        return None
    return _ord(found[0].group("ord")), found[0].span()


def ordinal_clash(a: str, b: str) -> tuple[str, tuple[int, int], tuple[int, int]] | None:
    """(explanation, span a, span b) when the two sentences give one finisher two places, or a
    fire two floors it started on; None otherwise."""
    fa, fb = _finish(a), _finish(b)
    if fa and fb and fa[0] != fb[0] and fa[1] & fb[1]:
        who = sorted(fa[1] & fb[1], key=len)[-1]
        return (f"{who} finished {_ORDS[fa[0] - 1] if fa[0] <= 20 else fa[0]} vs "
                f"{_ORDS[fb[0] - 1] if fb[0] <= 20 else fb[0]}", fa[2], fb[2])
    la, lb = _floor(a), _floor(b)
    if la and lb and la[0] != lb[0]:
        return (f"started on the {_ORDS[la[0] - 1] if la[0] <= 20 else la[0]} vs the "
                f"{_ORDS[lb[0] - 1] if lb[0] <= 20 else lb[0]} floor", la[1], lb[1])
    return None
