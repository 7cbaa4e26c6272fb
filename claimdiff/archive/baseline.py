"""The committed baseline `.claimdiff-baseline.json`: conflicts a team has accepted as known.

Like detect-secrets' `.secrets.baseline`, it is written by a command (`claimdiff baseline
--update`), committed, and read by `check`, which fails only on conflicts that are neither
in it nor dismissed in the store. Entries are keyed by conflict id (a hash of the kind and
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


def write_baseline(path: str | Path, conflicts: Iterable[Conflict]) -> int:
    data = baseline_dict(conflicts)
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(dumps(data), encoding="utf-8")
    os.replace(tmp, path)
    return len(data["entries"])


def read_baseline(path: str | Path) -> set[str]:
    """Conflict ids in the baseline; an absent file is an empty baseline."""
    path = Path(path)
    if not path.exists():
        return set()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not a claimdiff baseline ({e}); regenerate it with `claimdiff baseline --update`") from e
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), dict):
        raise ConfigError(f"{path}: unsupported baseline (want \"version\": {VERSION} and \"entries\"); "
                          "regenerate it with `claimdiff baseline --update`")
    return set(data["entries"])


def unreviewed(conflicts: Iterable[Conflict], baseline: set[str], verdicts: dict[str, tuple[str, str]]) -> list[Conflict]:
    """Conflicts that should stop a commit: not in the baseline and not dismissed."""
    return [c for c in conflicts if c.id not in baseline and verdicts.get(c.id, ("new", ""))[0] != "dismissed"]
