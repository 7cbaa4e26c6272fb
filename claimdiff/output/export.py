"""Conflicts as rows, and rows as CSV / JSON / JSONL text.

One row per conflict, with the columns in `CSV_COLUMNS` (the same order is the key order
of every JSON object). Rows are plain dicts of str / int / float / None, so a caller can
filter or add to them before writing.

Column meanings:

    conflict_id   stable id of the conflict (hash of the two claim texts, order-free)
    kind          comparator that found it: "numeric", "framing", ...
    relation      "contradiction" (both cannot hold for the same moment) or "update" (a later
                  report of a figure that moves: a toll, a count "so far")
    story         story id (articles of several outlets about one event); story_label: its label
    topic         topic id;  topic_label: its readable label
    score         0..1, rounded to 3 decimals
    explanation   one line saying what differs
    status        review status ("new" when the conflict has no verdict yet)
    note          review note ("" when none)
    then, for side a and side b (suffix _a / _b):
    claim         the claim sentence
    source        publisher / author, as an analyst names a source
    publisher, author, date (ISO 8601), title, url
    article       the article's path (or id) as the user gave it
    start, end    character offsets of the claim in the article's cleaned text

Escaping lives here. CSV cells are neutralised against spreadsheet formula injection
(OWASP "CSV injection"): a cell that begins with `=`, `+`, `-`, `@`, tab or carriage return
gets a single quote `'` in front, unless the whole cell is a plain number such as `-3`, `+7`
or `-2.5`, which is data. "Begins" is read after anything a reader cannot see: leading
whitespace of any kind, control characters and invisible format characters (zero-width
space, byte-order mark, bidirectional controls), so `"\u200b=cmd"` and `"\ufeff+1"` are
neutralised too; the sign itself may be any form that NFKC makes one of those (full-width
`＝`, small `﹦`...).
JSON and JSONL are written as they are: they are data formats, not spreadsheets.

Output is deterministic: rows are ordered by score (highest first), then topic, kind and
conflict id, and floats are rounded, so the same conflicts give byte-identical text.

Writing to a file: open it with `newline=""` (CSV) and `encoding="utf-8"`, e.g.
`open(path, "w", encoding="utf-8", newline="")`, so the `\\r\\n` record ends stay as written.
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from claimdiff.models import Conflict, Side

SIDE_FIELDS = (
    "claim",
    "source",
    "publisher",
    "author",
    "date",
    "article",
    "title",
    "url",
    "start",
    "end",
)

CSV_COLUMNS: tuple[str, ...] = (
    "conflict_id",
    "kind",
    "relation",
    "story",
    "story_label",
    "topic",
    "topic_label",
    "score",
    "explanation",
    "status",
    "note",
    *(f"{f}_a" for f in SIDE_FIELDS),
    *(f"{f}_b" for f in SIDE_FIELDS),
)

DEFAULT_STATUS = "new"
SCORE_DECIMALS = 3

# Verdicts: conflict_id -> (status, note), or any object with .status and .note.
Verdicts = Mapping[str, Any]

_FORMULA_SIGNS = frozenset("=+-@")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?%?")


def verdict_of(verdicts: Verdicts | None, conflict_id: str) -> tuple[str, str]:
    """(status, note) for a conflict: ("new", "") when it has no verdict."""
    if not verdicts or conflict_id not in verdicts:
        return DEFAULT_STATUS, ""
    v = verdicts[conflict_id]
    if isinstance(v, str):
        return v or DEFAULT_STATUS, ""
    if isinstance(v, tuple | list):
        status = v[0] if len(v) > 0 else None
        note = v[1] if len(v) > 1 else None
    else:
        status, note = getattr(v, "status", None), getattr(v, "note", None)
    return (str(status) if status else DEFAULT_STATUS), (str(note) if note else "")


def round_score(x: float) -> float | None:
    """The score as exported: rounded to SCORE_DECIMALS, None when not finite."""
    x = float(x)
    if not math.isfinite(x):
        return None
    return round(x, SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0


def _side(side: Side, suffix: str) -> dict[str, Any]:
    values = {
        "claim": side.text,
        "source": side.source,
        "publisher": side.publisher,
        "author": side.author,
        "date": side.date.isoformat() if side.date else None,
        "article": side.article,
        "title": side.title,
        "url": side.url,
        "start": side.start,
        "end": side.end,
    }
    return {f"{k}{suffix}": v for k, v in values.items()}


def sort_key(conflict: Conflict) -> tuple:
    """Highest score first, then topic, kind and id: independent of input order."""
    s = round_score(conflict.score)
    return (-(s if s is not None else -1.0), conflict.topic_id, conflict.kind, conflict.id)


def conflict_row(conflict: Conflict, verdicts: Verdicts | None = None) -> dict[str, Any]:
    """One conflict as a dict with the keys of `CSV_COLUMNS`, in that order."""
    status, note = verdict_of(verdicts, conflict.id)
    row: dict[str, Any] = {
        "conflict_id": conflict.id,
        "kind": conflict.kind,
        "relation": conflict.relation,
        "story": conflict.story_id,
        "story_label": conflict.story_label,
        "topic": conflict.topic_id,
        "topic_label": conflict.topic_label,
        "score": round_score(conflict.score),
        "explanation": conflict.explanation,
        "status": status,
        "note": note,
    }
    row.update(_side(conflict.a, "_a"))
    row.update(_side(conflict.b, "_b"))
    return {k: row[k] for k in CSV_COLUMNS}


def conflict_rows(
    conflicts: Iterable[Conflict], verdicts: Verdicts | None = None, *, sort: bool = True
) -> Iterator[dict[str, Any]]:
    """Rows for `conflicts`, ordered by `sort_key` unless `sort=False` (then as given)."""
    items = sorted(conflicts, key=sort_key) if sort else conflicts
    for c in items:
        yield conflict_row(c, verdicts)


def _invisible(ch: str) -> bool:
    """Whitespace, control and format characters: what a reader does not see at a cell's start."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Zs")


def _visible_start(value: str) -> str:
    """`value` from its first visible character on."""
    i = 0
    while i < len(value) and _invisible(value[i]):
        i += 1
    return value[i:]


def neutralise_cell(value: str) -> str:
    """`value`, with a leading `'` if a spreadsheet could read it as a formula."""
    if not value:
        return value
    if value[0] in "\t\r":
        return "'" + value
    rest = _visible_start(value)
    if not rest:
        return value
    sign = unicodedata.normalize("NFKC", rest[0])[:1]
    if sign in _FORMULA_SIGNS and not _PLAIN_NUMBER.fullmatch(unicodedata.normalize("NFKC", rest)):
        return "'" + value
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return neutralise_cell(str(value))


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    stream: TextIO,
    *,
    bom: bool = False,
    columns: tuple[str, ...] = CSV_COLUMNS,
) -> int:
    """Write a header and `rows` as RFC 4180 CSV (`\\r\\n` record ends, minimal quoting).

    `bom=True` starts the text with U+FEFF so Excel reads it as UTF-8. Keys not in
    `columns` are ignored; missing keys give empty cells. Returns the number of rows."""
    if bom:
        stream.write("\ufeff")
    w = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    n = 0
    for row in rows:
        w.writerow([_cell(row.get(k)) for k in columns])
        n += 1
    return n


def _ordered(row: Mapping[str, Any], columns: tuple[str, ...]) -> dict[str, Any]:
    out = {k: row.get(k) for k in columns}
    for k, v in out.items():
        if isinstance(v, float) and not math.isfinite(v):
            out[k] = None
    return out


def write_json(
    rows: Iterable[Mapping[str, Any]], stream: TextIO, *, columns: tuple[str, ...] = CSV_COLUMNS
) -> int:
    """Write `rows` as one JSON array (indent 2, UTF-8 text, keys in `columns` order,
    trailing newline). Returns the number of rows."""
    n = 0
    stream.write("[")
    for row in rows:
        text = json.dumps(_ordered(row, columns), ensure_ascii=False, indent=2, allow_nan=False)
        stream.write(("," if n else "") + "\n  " + text.replace("\n", "\n  "))
        n += 1
    stream.write("\n]\n" if n else "]\n")
    return n


def write_jsonl(
    rows: Iterable[Mapping[str, Any]], stream: TextIO, *, columns: tuple[str, ...] = CSV_COLUMNS
) -> int:
    """Write `rows` as JSON Lines: one compact object per line, keys in `columns` order.
    Returns the number of rows."""
    n = 0
    for row in rows:
        stream.write(json.dumps(_ordered(row, columns), ensure_ascii=False, allow_nan=False))
        stream.write("\n")
        n += 1
    return n
