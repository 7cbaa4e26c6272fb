"""Unicode hygiene for text that claims are read from, and for names shown on one line.

`normalise_with_map(text)` gives the text a claim reader should see, and for every
character of it the span of the original text it came from, so sentence offsets stay
offsets into `Article.text`:

- Unicode NFKC, grapheme by grapheme: fullwidth and mathematical digits become ASCII
  (`２，０００` -> `2,000`), ligatures are split, compatibility spaces become spaces. Kept as
  written: superscripts, subscripts and vulgar fractions (NFKC would turn `10²` into `102`
  and `1½` into `11⁄2`, a different number) and `…` (NFKC makes it three full stops, which
  only changes sentence splitting);
- every decimal digit of any script becomes its ASCII digit (`٢٠٠٠` -> `2000`), the Arabic
  thousands and decimal separators become `,` and `.`; the minus sign U+2212 becomes `-`;
- invisible characters are removed: format characters (Unicode category Cf: zero-width
  space, joiners, word joiner, soft hyphen, byte-order mark, every bidirectional
  embedding, override, isolate and mark) and the other default-ignorable code points
  (variation selectors, combining grapheme joiner, Hangul fillers);
- combining marks on a digit are removed (`2\u0301000` -> `2000`);
- every other space, line or paragraph separator and control character becomes one
  ASCII space; a non-breaking, thin, narrow or figure space between a digit and a group
  of exactly three digits is a thousands separator and becomes `,` (`2\u202f000` -> `2,000`).

`one_line(s)` escapes what would split or hide part of a one-line message (a skip line, a
warning, an error, a table cell): control characters, line and paragraph separators and
format characters become `\\n`, `\\x00`, `\\u202e`... It does not double backslashes, so it
can be applied twice with the same result.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import regex

_GRAPHEME = regex.compile(r"\X", regex.DOTALL)
# ASCII printable text needs no work (the common case: a fast path)
_PLAIN = re.compile(r"[\x20-\x7e]*")
# spaces that typesetters put between digit groups (not the ordinary space: "2 000-seat" is ambiguous)
_GROUP_SPACES = frozenset("\u00a0\u2007\u2008\u2009\u200a\u202f")
_KEEP_AS_WRITTEN = frozenset("\u2026")
_DIGITS = frozenset("0123456789")
_EXTRA_MAP = {"\u2212": "-", "\u066c": ",", "\u066b": ".", "\u2044": "/"}
# default-ignorable code points that are not Cf (Unicode DerivedCoreProperties)
_IGNORABLE_RANGES = ((0x034F, 0x034F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFFA0, 0xFFA0), (0xE0000, 0xE0FFF))


def _ignorable(ch: str) -> bool:
    if unicodedata.category(ch) == "Cf":
        return True
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _IGNORABLE_RANGES)


@lru_cache(maxsize=65536)
def _norm_char(ch: str) -> str:
    """One code point, normalised on its own (NFKC unless kept as written)."""
    if ch in _EXTRA_MAP:
        return _EXTRA_MAP[ch]
    if _ignorable(ch):
        return ""
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    if cat in ("Zs", "Zl", "Zp", "Cc"):
        return " "
    if ch in _KEEP_AS_WRITTEN or unicodedata.decomposition(ch).startswith(("<super>", "<sub>", "<fraction>")):
        return ch
    out = unicodedata.normalize("NFKC", ch)
    return "".join(_norm_char(c) if c != ch else c for c in out) if out != ch else ch


@lru_cache(maxsize=65536)
def _norm_cluster(g: str) -> str:
    """One grapheme cluster (a base character and its marks) normalised."""
    if len(g) == 1:
        return _norm_char(g)
    kept = "".join(c for c in g if not _ignorable(c))
    if not kept:
        return ""
    if any(unicodedata.decomposition(c).startswith(("<super>", "<sub>", "<fraction>")) for c in kept):
        out = kept
    else:
        out = unicodedata.normalize("NFKC", kept)
    out = "".join(_norm_char(c) for c in out)
    if out[:1].isascii() and out[:1].isdigit():  # marks on a digit hide it: "2\u0301000"
        out = out[0] + "".join(c for c in out[1:] if not unicodedata.category(c).startswith("M"))
    return out


def normalise_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """(normalised text, starts, ends): character i of the normalised text came from
    `text[starts[i]:ends[i]]`."""
    if _PLAIN.fullmatch(text):
        idx = list(range(len(text)))
        return text, idx, [i + 1 for i in idx]
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    group_spaces: list[int] = []
    for m in _GRAPHEME.finditer(text):
        g = m.group()
        if g in _GROUP_SPACES:
            group_spaces.append(len(chars))
        for c in _norm_cluster(g):
            chars.append(c)
            starts.append(m.start())
            ends.append(m.end())
    n = len(chars)
    for i in group_spaces:  # "2\u202f000" is 2,000; the space stays a space elsewhere
        if (chars[i] == " " and 0 < i and chars[i - 1] in _DIGITS and i + 3 < n
                and all(chars[j] in _DIGITS for j in range(i + 1, i + 4))
                and (i + 4 == n or chars[i + 4] not in _DIGITS)):
            chars[i] = ","
    return "".join(chars), starts, ends


def normalise(text: str) -> str:
    """The normalised text alone (see the module docstring)."""
    return normalise_with_map(text)[0]


def normalise_field(value: str) -> str:
    """A metadata field (publisher, author, title) normalised and on one line."""
    return " ".join(normalise(value).split())


_ESCAPE = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str) -> str:
    if ch in _ESCAPE:
        return _ESCAPE[ch]
    o = ord(ch)
    return f"\\x{o:02x}" if o < 0x100 else (f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}")


_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def one_line(s: object) -> str:
    """`s` as text safe for one line: control, format and line-separator characters escaped."""
    text = str(s)
    if _PLAIN.fullmatch(text):
        return text
    return "".join(_escape_char(c) if unicodedata.category(c) in _HIDDEN_CATEGORIES else c for c in text)
