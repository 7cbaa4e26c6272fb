"""Bytes to text: byte-order marks, UTF-16 without a mark, legacy 8-bit encodings, and
UTF-8 with a few bad bytes (kept, with one warning). Anything that is not prose (control
characters, NULs) is refused with an InputError that names the fix.
"""

from __future__ import annotations

import re
from pathlib import Path

from claimdiff.errors import InputError

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
)
# single-byte Latin guesses of charset-normalizer that are really Windows-1252 / Latin-1
# in analysts' scrapes (it often says cp1250 for French or German text and garbles it)
_LATIN_GUESSES = {
    "cp1250", "cp1252", "latin_1", "iso8859_15", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1254", "cp1257", "mac_roman",
    "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437", "cp858", "ascii",
}
# C0/C1 control characters other than tab, newline, carriage return and form feed
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BINARY = "binary file, not text", "give claimdiff .txt, .md, .html or .jsonl files"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark: NULs in every other byte."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.6 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.6 and z_odd < 0.05:
        return "utf-16-be"
    return None


def _legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for bytes that are not UTF-8, or None when no encoding fits."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else None
    if guess is None or guess in _LATIN_GUESSES:
        for enc in ("cp1252", "latin-1"):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    if best is None:
        return None
    return str(best), guess


def _mostly_utf8(data: bytes, skip: int = 0) -> tuple[str, str | None] | None:
    """(text, warning) when `data[skip:]` is UTF-8, allowing for a few bad bytes; None when it
    is not UTF-8 at all. `skip` is the length of a UTF-8 byte-order mark: the mark declares
    UTF-8, so then the text is always read as UTF-8.

    The rule: bytes that are not valid UTF-8 are replaced (U+FFFD, Python's "replace") when
    at least as many characters decode as valid multi-byte UTF-8 as there are bad bytes, or
    when the only bad bytes are a sequence cut off at the very end. Text in a legacy code
    page has accents that are all invalid UTF-8 (a cp1252 "é" is one bad byte) and next to
    no valid multi-byte sequences, so it goes to encoding detection instead."""
    body = data[skip:]
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as e:
        first, cut_off = e.start + skip, e.reason == "unexpected end of data"
    esc = body.decode("utf-8", "surrogateescape")  # each bad byte -> one lone surrogate
    bad = len(_BAD_BYTE.findall(esc))
    non_ascii = len(esc) - len(esc.encode("ascii", "ignore"))
    if not skip and not cut_off and non_ascii - bad < bad:
        return None
    what = "1 byte is" if bad == 1 else f"{bad} bytes are"
    where = "at the end: a cut-off character" if cut_off else f"first at byte {first}"
    return body.decode("utf-8", "replace"), f"{what} not valid UTF-8 ({where}); read as UTF-8 with U+FFFD in their place"


_BAD_BYTE = re.compile("[\udc80-\udcff]")


def decode(data: bytes, path: Path) -> tuple[str, str | None]:
    """Bytes -> (text, warning or None). A byte-order mark decides (UTF-8/16/32); else UTF-8
    is tried first (a few bad bytes become U+FFFD, with a warning: see `_mostly_utf8`), then
    UTF-16 without a mark, then the legacy encoding charset-normalizer detects, with
    Windows-1252 preferred among the Latin single-byte code pages.

    Raises InputError for empty, binary (NUL bytes, control characters) or undecodable
    data. Stray control characters in real text are removed; line ends are kept."""
    if not data.strip():
        raise InputError(path, "empty file", "remove it or add the article text")
    text: str | None = None
    warning: str | None = None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            if enc == "utf-8":
                text, warning = _mostly_utf8(data, skip=len(bom))  # type: ignore[misc]
                break
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {enc} byte-order mark but is not valid {enc} "
                                       f"(byte {e.start + len(bom)})", "re-save it as UTF-8") from e
            break
    if text is None:
        head = data[:8192]
        enc16 = _utf16_without_bom(head) if b"\x00" in head else None
        if enc16:
            try:
                text = data.decode(enc16)
            except UnicodeDecodeError:
                raise InputError(path, *_BINARY) from None
        elif b"\x00" in head:
            raise InputError(path, *_BINARY)
    if text is None:
        got = _mostly_utf8(data)
        if got is not None:
            text, warning = got
        else:
            found = _legacy(data)
            if found is None:
                raise InputError(path, "cannot tell the text encoding", "save it as UTF-8") from None
            text = found[0]
    if not text.strip():
        raise InputError(path, "empty file", "remove it or add the article text")
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 100):  # more than 1% control characters: not prose
        raise InputError(path, *_BINARY)
    return _CONTROL.sub("", text), warning
