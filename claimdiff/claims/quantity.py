"""Quantities: counts and amounts with the thing counted, read as intervals. (stub)"""
from __future__ import annotations

from ..models import Quantity


def read_quantities(text: str) -> tuple[Quantity, ...]:
    return ()
