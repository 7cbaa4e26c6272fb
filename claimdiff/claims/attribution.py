"""Attribution: who says it. (stub)"""
from __future__ import annotations


def read_attribution(text: str) -> str | None:
    return None
