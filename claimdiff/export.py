"""Rows of conflicts -> csv / json / jsonl. (minimal; replaced by the export branch)"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import TextIO

from .models import Conflict

CSV_COLUMNS = ["conflict_id", "kind", "topic", "topic_label", "score", "explanation", "status", "note",
               "claim_a", "source_a", "date_a", "article_a", "claim_b", "source_b", "date_b", "article_b"]


def conflict_rows(conflicts: Iterable[Conflict], verdicts=None) -> Iterator[dict]:
    verdicts = verdicts or {}
    for c in conflicts:
        status, note = verdicts.get(c.id, ("new", ""))
        yield {"conflict_id": c.id, "kind": c.kind, "topic": c.topic_id, "topic_label": c.topic_label,
               "score": round(c.score, 3), "explanation": c.explanation, "status": status, "note": note,
               "claim_a": c.a.text, "source_a": c.a.source, "date_a": c.a.date.isoformat() if c.a.date else "",
               "article_a": c.a.article, "claim_b": c.b.text, "source_b": c.b.source,
               "date_b": c.b.date.isoformat() if c.b.date else "", "article_b": c.b.article}


def write_csv(rows: Iterable[dict], stream: TextIO, bom: bool = False) -> None:
    if bom:
        stream.write("\ufeff")
    w = csv.DictWriter(stream, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)


def write_json(rows: Iterable[dict], stream: TextIO) -> None:
    stream.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")


def write_jsonl(rows: Iterable[dict], stream: TextIO) -> None:
    for r in rows:
        stream.write(json.dumps(r, ensure_ascii=False) + "\n")
