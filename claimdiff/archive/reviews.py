"""The committed review file `.claimdiff-reviews.json`: the team's verdicts on conflicts.

detect-secrets keeps each finding's audit (`is_secret`) in its committed baseline, so one
review serves the whole team. Here the verdicts live beside the baseline, in git, not in
the git-ignored store: a colleague's fresh clone passes `check` on what the team already
dismissed. Entries are keyed by conflict id (a hash of the kind and the two claims' text,
the id `scan`, `check` and `conflicts` print), so a verdict needs no store at all and
outlives re-ingest, re-clustering and a model upgrade. The file is written sorted, with a
schema version, so its diffs review well:

    {
      "reviews": {
        "<conflict id>": {"claims": ["...", "..."], "date": "2026-12-01", "kind": "numeric",
                          "note": "different provinces", "reviewer": "Dana Reyes",
                          "status": "dismissed"}
      },
      "version": 1
    }

`claims` and `kind` are for people reading the file; they are empty when the verdict was
given on a bare id that no store or baseline knew.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from claimdiff.archive.baseline import replace_text
from claimdiff.errors import ConfigError

REVIEWS_NAME = ".claimdiff-reviews.json"
VERSION = 1
STATUSES = ("confirmed", "dismissed")
ID_RE = re.compile(r"^[0-9a-f]{16}$")  # models.short_hash: 16 hex digits


@dataclass(frozen=True)
class Review:
    conflict_id: str
    status: str  # confirmed | dismissed
    note: str = ""
    reviewer: str = ""
    date: str = ""  # YYYY-MM-DD
    kind: str = ""
    claims: tuple[str, ...] = ()

    def entry(self) -> dict:
        return {"status": self.status, "note": self.note, "reviewer": self.reviewer, "date": self.date,
                "kind": self.kind, "claims": sorted(self.claims)}


def reviews_path_beside(baseline: str | Path) -> Path:
    """Where the review file lives: in the baseline's folder."""
    return Path(baseline).with_name(REVIEWS_NAME)


def read_reviews(path: str | Path) -> dict[str, Review]:
    """The verdicts in the file; an absent file holds none."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as e:
        raise ConfigError(f"{path}: cannot read the review file ({e.strerror})") from e
    fix = "restore it from git, or move it away and review again"
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not a claimdiff review file ({e}); {fix}") from e
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("reviews"), dict):
        raise ConfigError(f"{path}: unsupported review file (want \"version\": {VERSION} and \"reviews\"); {fix}")
    out = {}
    for cid, e in data["reviews"].items():
        if not isinstance(e, dict) or e.get("status") not in STATUSES:
            raise ConfigError(f"{path}: review {cid!r} has no status {' or '.join(STATUSES)}; {fix}")
        out[cid] = Review(cid, e["status"], str(e.get("note", "")), str(e.get("reviewer", "")),
                          str(e.get("date", "")), str(e.get("kind", "")), tuple(e.get("claims", ())))
    return out


def dumps(reviews: dict[str, Review]) -> str:
    data = {"version": VERSION, "reviews": {cid: r.entry() for cid, r in sorted(reviews.items())}}
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_reviews(path: str | Path, reviews: dict[str, Review]) -> None:
    replace_text(Path(path), dumps(reviews), "the review file")


def add_review(path: str | Path, review: Review) -> None:
    """Record (or replace) one verdict in the file."""
    reviews = read_reviews(path)
    reviews[review.conflict_id] = review
    write_reviews(path, reviews)


def verdicts(path: str | Path) -> dict[str, tuple[str, str]]:
    """{conflict id: (status, note)}, the shape the exporters and `check` use."""
    return {cid: (r.status, r.note) for cid, r in read_reviews(path).items()}


def default_reviewer() -> str:
    """CLAIMDIFF_REVIEWER, else the name git would write as the author (GIT_AUTHOR_NAME or
    user.name), else the login name."""
    name = os.environ.get("CLAIMDIFF_REVIEWER", "").strip()
    if name:
        return name
    try:
        r = subprocess.run(["git", "var", "GIT_AUTHOR_IDENT"], capture_output=True, text=True, timeout=5)
        if r.returncode == 0 and r.stdout.split("<")[0].strip():
            return r.stdout.split("<")[0].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def today() -> str:
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def team_verdicts(path: str | Path, store=None) -> dict[str, tuple[str, str]]:
    """The verdicts that count: the committed review file's, over any a store still holds
    from before verdicts moved into git (the file wins)."""
    out = dict(store.verdicts()) if store is not None else {}
    out.update(verdicts(path))
    return out
