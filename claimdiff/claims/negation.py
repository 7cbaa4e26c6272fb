"""Negation and modality. (stub)"""
from __future__ import annotations


def read_negation(text: str) -> tuple[bool, str | None]:
    return False, None
