"""Comparators: one module per kind of disagreement, each with a stable `kind` id.

Like detect-secrets plugins, a comparator is any class in this package (or registered
under the entry-point group `claimdiff.comparators`) that declares

    kind: ClassVar[str]
    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None

`compare` sees two claims from different articles in the same topic; it returns a
Finding only when the claims disagree on what it knows about, and None otherwise.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from typing import ClassVar, Protocol, runtime_checkable

from claimdiff.models import Claim, Finding


@dataclass(frozen=True)
class PairContext:
    """What a comparator may know beyond the two claims."""

    similarity: float = 1.0  # cosine of the two claims' embeddings (1.0 when unknown)
    similarity_source: str = "embedding"  # or "lexical" (`compare` without a model)
    date_a: object = None  # publication dates (datetime.date | None)
    date_b: object = None
    same_story: bool = True  # both claims belong to one story (False only with --across-stories)


@runtime_checkable
class Comparator(Protocol):
    kind: ClassVar[str]

    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None: ...


@lru_cache(maxsize=1)
def all_comparators() -> tuple[Comparator, ...]:
    """Every comparator in this package plus entry-point plugins, sorted by kind."""
    found: dict[str, Comparator] = {}
    for mod in pkgutil.iter_modules(__path__):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module.__name__ and isinstance(getattr(obj, "kind", None), str) \
                    and callable(getattr(obj, "compare", None)):
                found[obj.kind] = obj()
    for ep in entry_points(group="claimdiff.comparators"):
        obj = ep.load()
        found[obj.kind] = obj()
    return tuple(found[k] for k in sorted(found))


def compare_claims(a: Claim, b: Claim, ctx: PairContext,
                   comparators: tuple[Comparator, ...] | None = None) -> list[Finding]:
    out = []
    for c in comparators if comparators is not None else all_comparators():
        f = c.compare(a, b, ctx)
        if f is not None:
            out.append(f)
    return out
