"""The committed baseline `.claimdiff-baseline.json`: conflicts a team has accepted as known.

Like detect-secrets' `.secrets.baseline`, it is written by a command (`claimdiff baseline
--update`), committed, and read by `check`, which fails only on conflicts that are neither
in it nor reviewed (`.claimdiff-reviews.json`, reviews.py). Entries are keyed by conflict id (a hash of the kind and
the two claim texts, never of positions or topics), so the file survives re-ingest,
re-clustering and a model upgrade; kind, explanation and the two claims are there for
people reading diffs of the file.

    {
      "entries": {"<conflict id>": {"claims": ["...", "..."], "explanation": "...", "kind": "framing"}},
      "generated_by": "claimdiff 0.1.0",
      "version": 1
    }
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from claimdiff import __version__
from claimdiff.errors import ConfigError
from claimdiff.models import Conflict

BASELINE_NAME = ".claimdiff-baseline.json"
VERSION = 1


def baseline_dict(conflicts: Iterable[Conflict]) -> dict:
    entries = {c.id: {"kind": c.kind, "explanation": c.explanation, "claims": sorted([c.a.text, c.b.text])}
               for c in conflicts}
    return {"version": VERSION, "generated_by": f"claimdiff {__version__}", "entries": entries}


def dumps(data: dict) -> str:
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str | Path, conflicts: Iterable[Conflict], keep: dict | None = None) -> int:
    """Write the baseline: these conflicts, plus the entries of `keep` (an earlier baseline's
    entries, for `baseline --update PATHS`, which adds and never drops)."""
    data = baseline_dict(conflicts)
    if keep:
        data["entries"] = {**keep, **data["entries"]}
    replace_text(Path(path), dumps(data), "the baseline")
    return len(data["entries"])


def replace_text(path: Path, text: str, what: str) -> None:
    """Write a committed file (baseline, reviews) whole or not at all: a temporary file beside
    it, then one rename; an error names the file and leaves the old one as it was."""
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise ConfigError(f"{path}: cannot write {what} ({e.strerror})") from e


def read_entries(path: str | Path, must_exist: bool = False) -> dict[str, dict]:
    """The baseline's entries by conflict id. An absent file is an empty baseline, unless
    `must_exist` (a path the user named: a typo must not pass every conflict as new)."""
    path = Path(path)
    if not path.exists():
        if must_exist:
            raise ConfigError(f"{path}: no such baseline file (check the path, or create it with "
                              "`claimdiff baseline --update`)")
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not a claimdiff baseline ({e}); regenerate it with `claimdiff baseline --update`") from e
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the baseline ({e.strerror})") from e
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), dict):
        raise ConfigError(f"{path}: unsupported baseline (want \"version\": {VERSION} and \"entries\"); "
                          "regenerate it with `claimdiff baseline --update`")
    return data["entries"]


def read_baseline(path: str | Path, must_exist: bool = False) -> set[str]:
    """Conflict ids in the baseline (see read_entries)."""
    return set(read_entries(path, must_exist))


def unreviewed(conflicts: Iterable[Conflict], baseline: set[str], verdicts: dict[str, tuple[str, str]]) -> list[Conflict]:
    """Conflicts that should stop a commit: neither in the baseline nor given a verdict
    (confirmed or dismissed: either way the team has seen it)."""
    return [c for c in conflicts if c.id not in baseline and c.id not in verdicts]
