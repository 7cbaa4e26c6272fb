"""Which conflicts to show: validated filters and references to one conflict.

The CLI parses options and calls these; every bad value is a ClaimdiffError whose one line
names the valid values, so a typo (`--kind numerics`) is an error and never an empty,
successful listing.

A reference to one conflict is either a rank or an id prefix, and the two never mix:

- `#N`, or a plain number of 1 to 3 digits, is the row numbered #N in the listing
  (`claimdiff conflicts` order: score, then kind, then id), as the terminal panels number them;
- anything else is a conflict id or a prefix of one, at least 4 characters long.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from claimdiff.errors import ClaimdiffError
from claimdiff.models import Conflict

MIN_PREFIX = 4
STATUSES = ("new", "confirmed", "dismissed")
_RANK = re.compile(r"^#?(\d+)$")


def known_kinds() -> tuple[str, ...]:
    from claimdiff.compare import all_comparators

    return tuple(c.kind for c in all_comparators())


def check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    kinds = tuple(kinds)
    valid = known_kinds()
    for k in kinds:
        if k not in valid:
            raise ClaimdiffError(f"--kind {k}: no such kind; use {', '.join(valid)}")
    return kinds


RELATIONS = ("contradiction", "update")


def check_relation(relation: str) -> tuple[str, ...]:
    """`--relation contradiction|update|all` -> the relations to list."""
    if relation == "all":
        return RELATIONS
    if relation not in RELATIONS:
        raise ClaimdiffError(f"--relation {relation}: use contradiction (the default), update or all")
    return (relation,)


def check_min_score(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ClaimdiffError(f"--min-score {value:g}: scores run from 0 to 1; give a value in 0-1")
    return value


def check_status(status: str | None) -> str | None:
    if status is not None and status not in STATUSES:
        raise ClaimdiffError(f"--status {status}: use {', '.join(STATUSES)}")
    return status


def check_since(since: str | None) -> str | None:
    if since:
        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise ClaimdiffError(f"--since {since}: not a date; write it as YYYY-MM-DD") from None
    return since


def check_topic(topic: str | None, topic_ids: Sequence[str]) -> str | None:
    if topic is not None and topic not in topic_ids:
        shown = ", ".join(sorted(topic_ids)[:12]) + (", ..." if len(topic_ids) > 12 else "")
        raise ClaimdiffError(f"--topic {topic}: no such topic; use one of {shown or '(none: the store has no topics)'}"
                             " (`claimdiff topics` lists them)")
    return topic


def filter_conflicts(rows: Iterable[tuple[Conflict, str]], verdicts: dict[str, tuple[str, str]], *,
                     kinds: Sequence[str] = (), topic: str | None = None, source: str | None = None,
                     since: str | None = None, min_score: float = 0.0, status: str | None = None) -> list[Conflict]:
    """The conflicts (with when each was found) that pass every given filter, in order."""
    out = []
    for c, found in rows:
        if (kinds and c.kind not in kinds) or (topic and c.topic_id != topic) or c.score < min_score:
            continue
        if source and not any(source.lower() in s.source.lower() for s in (c.a, c.b)):
            continue
        if since and found[:10] < since:
            continue
        if status and verdicts.get(c.id, ("new", ""))[0] != status:
            continue
        out.append(c)
    return out


def parse_ref(ref: str) -> tuple[str, int | str]:
    """("rank", N) or ("id", prefix); a ClaimdiffError for what is neither."""
    ref = ref.strip()
    m = _RANK.match(ref)
    if m and (ref.startswith("#") or len(ref) < MIN_PREFIX):
        n = int(m.group(1))
        if n < 1:
            raise ClaimdiffError(f"{ref}: ranks start at #1 (the first row of `claimdiff conflicts`)")
        return "rank", n
    if len(ref) < MIN_PREFIX or not re.fullmatch(r"[0-9a-fA-F]+", ref):
        raise ClaimdiffError(f"{ref!r}: give a rank (#N, the row number in `claimdiff conflicts`) "
                             f"or a conflict id (or its first {MIN_PREFIX}+ characters)")
    return "id", ref.lower()


def resolve(ref: str, listing: Sequence[Conflict], where: str) -> tuple[Conflict, str]:
    """The one conflict `ref` names in `listing` and how it was read ("rank #3" or "id prefix 922516ea").
    `where` names the listing in messages."""
    how, value = parse_ref(ref)
    if how == "rank":
        if value > len(listing):
            raise ClaimdiffError(f"#{value}: {where} lists {len(listing)} conflicts; "
                                 "give a rank up to that, or an id")
        return listing[value - 1], f"rank #{value}"
    matches = [c for c in listing if c.id.startswith(value)]
    if not matches:
        raise ClaimdiffError(f"no conflict with id {value!r} in {where} (list them with `claimdiff conflicts`)")
    if len(matches) > 1:
        raise ClaimdiffError(f"id prefix {value!r} matches {len(matches)} conflicts in {where}; give more of the id")
    return matches[0], f"id prefix {value}" if value != matches[0].id else "id"
