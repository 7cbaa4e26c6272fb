"""Typed errors. Each message names the file (or thing) and says how to fix it; the
CLI prints them as one line `Error: ...` and exits 2."""

from __future__ import annotations


class ClaimdiffError(Exception):
    """Base class: a problem the user can fix. `str(err)` is the one-line message."""

    exit_code = 2


class InputError(ClaimdiffError):
    """An input file or path that cannot be used."""

    def __init__(self, path: str, reason: str, fix: str = "") -> None:
        self.path = str(path)
        self.reason = reason
        self.fix = fix
        msg = f"{self.path}: {reason}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class ModelError(ClaimdiffError):
    """The embedding model is missing or does not match models/manifest.json."""


class StoreError(ClaimdiffError):
    """The claimdiff store (SQLite + index) cannot be opened or written."""


class ConfigError(ClaimdiffError):
    """A configuration or lexicon file is invalid."""
