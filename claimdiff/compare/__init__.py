"""Comparators: one module per kind of disagreement, each with a stable `kind` id.

Like detect-secrets plugins, a comparator is any class in this package (or registered
under the entry-point group `claimdiff.comparators`) that declares

    kind: ClassVar[str]
    def compare(self, a: Claim, b: Claim, ctx: PairContext) -> Finding | None

`compare` sees two claims from different articles of one story; it returns a
Finding only when the claims disagree on what it knows about, and None otherwise.

A comparator may also define

    def candidate_keys(self, claim: Claim) -> frozenset[str]

for claims that state a property a story has one value of (a death toll, a quake's
magnitude, a contract's length). Two claims of different articles of one story that share
a key are compared even when their embedding cosine is under `Settings.pair_threshold`:
reports of one toll are often worded far apart ("At least 12 people were killed" / "the
death toll rose to 19"). The keys see the shallow reading (no parse) and must be narrow.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import entry_points
from typing import ClassVar, Protocol, runtime_checkable

from claimdiff.errors import ConfigError
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
def comparator_classes() -> tuple[type, ...]:
    """Every comparator class in this package plus entry-point plugins, sorted by kind.

    A plugin whose kind is already taken (by a built-in or another plugin) is an error,
    never a silent replacement: conflict ids and baselines depend on the kind."""
    found: dict[str, type] = {}
    for mod in pkgutil.iter_modules(__path__):
        if mod.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if obj.__module__ == module.__name__ and isinstance(getattr(obj, "kind", None), str) \
                    and callable(getattr(obj, "compare", None)):
                found[obj.kind] = obj
    for ep in entry_points(group="claimdiff.comparators"):
        try:
            obj = ep.load()
        except Exception as e:  # a broken plugin must say which one it is
            raise ConfigError(f"comparator plugin {ep.name!r} ({ep.value}) failed to load: {e}; "
                              "fix or uninstall the plugin") from e
        kind = getattr(obj, "kind", None)
        if not isinstance(kind, str) or not callable(getattr(obj, "compare", None)):
            raise ConfigError(f"comparator plugin {ep.name!r} ({ep.value}) has no `kind` and `compare`; "
                              "see claimdiff/compare/__init__.py for the protocol")
        if kind in found:
            raise ConfigError(f"comparator plugin {ep.name!r} ({ep.value}) claims kind {kind!r}, which "
                              f"{found[kind].__module__}.{found[kind].__name__} already has; give the plugin "
                              "a kind of its own")
        found[kind] = obj
    return tuple(found[k] for k in sorted(found))


def kinds() -> tuple[str, ...]:
    return tuple(c.kind for c in comparator_classes())


def comparators_for(settings=None) -> tuple[Comparator, ...]:
    """The comparators of a run, each configured the same generic way: a class with a
    `from_settings(settings)` classmethod builds itself from the run's Settings; any
    other is built with no arguments."""
    out = []
    for cls in comparator_classes():
        make = getattr(cls, "from_settings", None)
        out.append(make(settings) if settings is not None and callable(make) else cls())
    return tuple(out)


@lru_cache(maxsize=1)
def all_comparators() -> tuple[Comparator, ...]:
    """Every comparator with its default configuration."""
    return comparators_for(None)


def candidate_keys(claim: Claim, comparators: tuple[Comparator, ...]) -> frozenset[str]:
    """The union of the comparators' keys for one claim, each prefixed by its kind."""
    out: set[str] = set()
    for c in comparators:
        keys = getattr(c, "candidate_keys", None)
        if keys is not None:
            out.update(f"{c.kind}:{k}" for k in keys(claim))
    return frozenset(out)


def compare_claims(a: Claim, b: Claim, ctx: PairContext,
                   comparators: tuple[Comparator, ...] | None = None) -> list[Finding]:
    out = []
    for c in comparators if comparators is not None else all_comparators():
        f = c.compare(a, b, ctx)
        if f is not None:
            out.append(f)
    return out
