"""Compare two texts directly (no clustering): the comparators on one pair of claims.

`compare_texts` reads each text as one claim and runs every comparator on the pair, with
lexical cosine similarity standing in for the embedding similarity; `iter_pairs_file`
does the same for each line of a JSONL file `{"id","text_a","text_b"[,"date_a","date_b"]}`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from claimdiff.claims import read_claim
from claimdiff.compare import PairContext, compare_claims
from claimdiff.read.dates import parse_date
from claimdiff.errors import InputError
from claimdiff.models import Article, Frozen, Sentence, short_hash

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class PairResult(Frozen):
    id: str | None = None
    conflict: bool
    kind: str | None = None
    score: float = 0.0
    explanation: str = ""
    relation: str | None = None  # "contradiction" or "update" (a later report of a moving figure)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def lexical_similarity(a: str, b: str) -> float:
    """Cosine of the two texts' word-count vectors, in [0, 1]."""
    ca, cb = Counter(tokens(a)), Counter(tokens(b))
    if not ca or not cb:
        return 0.0
    dot = sum(v * cb[k] for k, v in ca.items())
    return dot / (math.sqrt(sum(v * v for v in ca.values())) * math.sqrt(sum(v * v for v in cb.values())))


def _claim(text: str, date: dt.date | None, side: str):
    aid = short_hash(side, text)
    art = Article(id=aid, path=f"<{side}>", text=text, date=date)
    return read_claim(Sentence(article_id=aid, index=0, text=text, start=0, end=len(text)), art)


def compare_texts(text_a: str, text_b: str, date_a: dt.date | None = None, date_b: dt.date | None = None,
                  id: str | None = None) -> PairResult:
    from claimdiff.claims.syntax import parse_claims

    ca, cb = parse_claims([_claim(text_a, date_a, "a"), _claim(text_b, date_b, "b")])
    ctx = PairContext(similarity=lexical_similarity(text_a, text_b), similarity_source="lexical",
                      date_a=date_a, date_b=date_b)
    findings = compare_claims(ca, cb, ctx)
    if not findings:
        return PairResult(id=id, conflict=False)
    best = max(findings, key=lambda f: (f.score, f.kind))
    return PairResult(id=id, conflict=True, kind=best.kind, score=best.score, explanation=best.explanation,
                      relation=best.relation)


def _date_field(path: str, n: int, row: dict, key: str) -> dt.date | None:
    v = row.get(key)
    if v in (None, ""):
        return None
    d = parse_date(v)
    if d is None:
        raise InputError(path, f"line {n}: {key} {v!r} is not a date", "write dates as YYYY-MM-DD")
    return d


def iter_pairs_file(path: str | Path) -> Iterator[PairResult]:
    """One PairResult per non-empty line of a JSONL file, in input order."""
    p = str(path)
    fix = 'each line must be a JSON object {"id": ..., "text_a": "...", "text_b": "..."}'
    try:
        fh = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError(p, f"cannot read pairs file ({e.strerror})", "pass an existing JSONL file") from e
    with fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(p, f"line {n}: not valid JSON ({e.msg})", fix) from e
            if not isinstance(row, dict):
                raise InputError(p, f"line {n}: expected a JSON object", fix)
            for key in ("text_a", "text_b"):
                if not isinstance(row.get(key), str):
                    raise InputError(p, f"line {n}: missing or non-text {key}", fix)
            rid = row.get("id")
            yield compare_texts(row["text_a"], row["text_b"], _date_field(p, n, row, "date_a"),
                                _date_field(p, n, row, "date_b"), id=None if rid is None else str(rid))
