"""pre-commit entry: `main(argv) -> int`, like the hooks of pre-commit-hooks.

What the hook does with the archive: nothing but read it. The archive (`.claimdiff/`,
git-ignored) is built from the repository's committed articles with `claimdiff ingest`
and kept current by running that again (by hand, in CI, or as a post-commit hook; it is
incremental). At commit time pre-commit passes the staged article files; the hook
compares them with the archive and with each other (`claimdiff check`), embedding only
their sentences the archive has not seen, with the "light" embedder (no torch), and
writes nothing. It fails (1) on a conflict that is neither in the committed
`.claimdiff-baseline.json` nor reviewed in the committed `.claimdiff-reviews.json`
(`claimdiff review ID --dismiss`), and its last line then says that next step; 2 on bad
input, a missing archive or a named baseline that does not exist. Options are those of
`claimdiff check`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from claimdiff.cli import app

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(["check", *args], prog_name="claimdiff")  # standalone: typer prints usage errors itself
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
