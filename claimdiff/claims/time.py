"""Time expressions resolved against the publication date. (stub)"""
from __future__ import annotations

import datetime as dt

from ..models import TimeExpr


def read_times(text: str, published: dt.date | None) -> tuple[TimeExpr, ...]:
    return ()
