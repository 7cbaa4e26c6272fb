"""Archive commands: ingest, conflicts, topics, show, review, baseline, check.

Registered on the typer app of cli/app.py (both imported by cli/__init__.py); the same rules:
parse, call the library (store.py, archive.py, baseline.py), format, exit codes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from claimdiff.cli.app import (
    app,
    Format,
    FORMAT_OPT,
    OUTPUT_OPT,
    QUIET_OPT,
    STORE_OPT,
    PATHS_ARG,
    handles_errors,
    _err,
    write_conflicts,
    report_skipped,
    progress_printer,
    _open_store,
    ClaimdiffError,
)

BASELINE_OPT = typer.Option(Path(".claimdiff-baseline.json"), "--baseline", envvar="CLAIMDIFF_BASELINE",
                            help="The committed baseline of known conflicts.")


def _find_conflict(st, conflict_id: str):
    matches = [(c, found) for c, found in st.conflicts() if c.id.startswith(conflict_id)]
    if not matches:
        raise ClaimdiffError(f"no conflict {conflict_id!r} in {st.root} (list them with `claimdiff conflicts`)")
    if len(matches) > 1:
        raise ClaimdiffError(f"{conflict_id!r} matches {len(matches)} conflicts; give more of the id")
    return matches[0][0]


@app.command()
@handles_errors
def ingest(
    paths: list[Path] = PATHS_ARG,
    store: Path = STORE_OPT,
    engine: str = typer.Option("auto", "--engine", envvar="CLAIMDIFF_ENGINE", help="Embedding path: auto, fast, light, stock, fake."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip unreadable files quietly: exit 0 even if some were skipped."),
    quiet: bool = QUIET_OPT,
) -> None:
    """Add articles to the store; articles already there are skipped, sentences are embedded once.

    Example: claimdiff ingest articles/
    """
    from claimdiff.archive.incremental import Archive
    from claimdiff.read.files import read_paths
    from claimdiff.settings import Settings

    read = read_paths(paths)
    bad = report_skipped(read.skipped, skip_bad)
    with _open_store(store, create=True, writer=True) as st:
        rep = Archive(st, Settings(embedder=engine), engine, progress=progress_printer(quiet)).ingest(read.articles)
    if not quiet:
        _err(f"{rep.added} articles added ({rep.known} already there), {rep.claims} claims, "
             f"{rep.embedded} sentences embedded, {rep.stories} stories updated, {rep.conflicts} conflicts in the store")
    if bad:
        raise typer.Exit(2)


@app.command()
@handles_errors
def conflicts(
    store: Path = STORE_OPT,
    kind: list[str] = typer.Option([], "--kind", "-k", help="Only these kinds (repeat)."),
    topic: Optional[str] = typer.Option(None, "--topic", help="Only this topic id."),
    source: Optional[str] = typer.Option(None, "--source", help="Only conflicts where either side's source contains this (case-insensitive)."),
    since: Optional[str] = typer.Option(None, "--since", help="Only conflicts found on or after this date (YYYY-MM-DD)."),
    min_score: float = typer.Option(0.0, "--min-score", help="Hide conflicts scored below this (0-1)."),
    status: Optional[str] = typer.Option(None, "--status", help="new, confirmed or dismissed."),
    fmt: Format = FORMAT_OPT,
    output: Optional[Path] = OUTPUT_OPT,
) -> None:
    """List the conflicts in the store, with review status.

    Example: claimdiff conflicts --kind numeric --status new --format csv -o todo.csv
    """
    import datetime as dt

    if status not in (None, "new", "confirmed", "dismissed"):
        raise ClaimdiffError(f"--status {status}: use new, confirmed or dismissed")
    if since:
        try:
            dt.date.fromisoformat(since)
        except ValueError:
            raise ClaimdiffError(f"--since {since}: not a date; write it as YYYY-MM-DD") from None
    with _open_store(store) as st:
        verdicts = st.verdicts()
        rows = []
        for c, found in st.conflicts():
            if (kind and c.kind not in kind) or (topic and c.topic_id != topic) or c.score < min_score:
                continue
            if source and not any(source.lower() in s.source.lower() for s in (c.a, c.b)):
                continue
            if since and found[:10] < since:
                continue
            if status and verdicts.get(c.id, ("new", ""))[0] != status:
                continue
            rows.append(c)
    write_conflicts(rows, fmt, output, verdicts=verdicts)


@app.command()
@handles_errors
def topics(store: Path = STORE_OPT, fmt: Format = FORMAT_OPT, output: Optional[Path] = OUTPUT_OPT) -> None:
    """List the store's topics: id, label, size and sources.

    Example: claimdiff topics --format csv -o topics.csv
    """
    from claimdiff.output import export

    with _open_store(store) as st:
        rows = st.topic_rows()
    if fmt is Format.table:
        from rich.console import Console
        from rich.table import Table

        file = open(output, "w", encoding="utf-8") if output else sys.stdout
        table = Table()
        for col in ("topic", "label", "story", "size", "sources"):
            table.add_column(col)
        for r in rows:
            table.add_row(r["topic"], r["label"], r["story"], str(r["size"]), r["sources"])
        Console(file=file, width=None if file.isatty() else 160, highlight=False).print(table)
        if output:
            file.close()
        return
    cols = ("topic", "label", "story", "size", "sources")
    writer = {Format.csv: export.write_csv, Format.json: export.write_json, Format.jsonl: export.write_jsonl}[fmt]
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer(rows, out, columns=cols)  # the same writers as conflicts: CSV cells neutralised
    finally:
        if output:
            out.close()


@app.command()
@handles_errors
def show(conflict_id: str = typer.Argument(..., help="Conflict id (or a unique prefix of it)."),
         store: Path = STORE_OPT) -> None:
    """Show one conflict: both claims in context, with full provenance and review status.

    Example: claimdiff show 3f2a9c"""
    with _open_store(store) as st:
        c = _find_conflict(st, conflict_id)
        status, note = st.verdicts().get(c.id, ("new", ""))
        typer.echo(f"conflict {c.id}  {c.kind}  score {c.score:.2f}  status {status}" + (f" ({note})" if note else ""))
        typer.echo(f"  {c.explanation}")
        typer.echo(f"  topic {c.topic_id}: {c.topic_label}")
        for name, side in (("A", c.a), ("B", c.b)):
            row = st.db.execute("SELECT sentence_index FROM claims WHERE claim_id = ?", (side.claim_id,)).fetchone()
            idx = row[0] if row else -1
            ctx = {i: t for i, t in st.db.execute(
                "SELECT sentence_index, json_extract(json, '$.text') FROM claims WHERE article_id = ? "
                "AND sentence_index BETWEEN ? AND ?", (side.article_id, idx - 1, idx + 1))}
            typer.echo("")
            typer.echo(f"claim {name}: {side.text}")
            if idx - 1 in ctx:
                typer.echo(f"  before: {ctx[idx - 1]}")
            if idx + 1 in ctx:
                typer.echo(f"  after:  {ctx[idx + 1]}")
            typer.echo(f"  source: {side.source}")
            typer.echo(f"  date:   {side.date.isoformat() if side.date else 'undated'}")
            typer.echo(f"  title:  {side.title or ''}")
            typer.echo(f"  file:   {side.article} (chars {side.start}-{side.end}, sentence {idx})")
            if side.url:
                typer.echo(f"  url:    {side.url}")
            typer.echo(f"  ids:    article {side.article_id}, claim {side.claim_id}")


@app.command()
@handles_errors
def review(
    conflict_id: str = typer.Argument(..., help="Conflict id (or a unique prefix of it)."),
    confirm: bool = typer.Option(False, "--confirm", help="A real disagreement between the sources."),
    dismiss: bool = typer.Option(False, "--dismiss", help="Not a real disagreement; `check` stops flagging it."),
    note: str = typer.Option("", "--note", help="Why, for the next reader."),
    store: Path = STORE_OPT,
) -> None:
    """Record a verdict on a conflict. Verdicts are keyed by the two claims' text, so they survive re-ingest.

    Example: claimdiff review 3f2a9c --dismiss --note "different provinces"
    """
    if confirm == dismiss:
        raise ClaimdiffError("give exactly one of --confirm or --dismiss")
    with _open_store(store) as st:
        c = _find_conflict(st, conflict_id)
        st.set_verdict(c, "confirmed" if confirm else "dismissed", note)
    _err(f"{c.id}: {'confirmed' if confirm else 'dismissed'}")


@app.command()
@handles_errors
def baseline(
    update: bool = typer.Option(False, "--update", help="Write the store's current conflicts to the baseline file."),
    store: Path = STORE_OPT,
    baseline_file: Path = BASELINE_OPT,
) -> None:
    """Print (or with --update, write) the baseline of known conflicts that `check` accepts.

    Example: claimdiff baseline --update && git add .claimdiff-baseline.json
    """
    from claimdiff.archive.baseline import baseline_dict, dumps, write_baseline

    with _open_store(store) as st:
        found = [c for c, _ in st.conflicts()]
    if update:
        n = write_baseline(baseline_file, found)
        _err(f"{baseline_file}: {n} conflicts")
    else:
        typer.echo(dumps(baseline_dict(found)), nl=False)


@app.command()
@handles_errors
def check(
    files: list[Path] = typer.Argument(..., help="New or changed article files."),
    store: Path = STORE_OPT,
    baseline_file: Path = BASELINE_OPT,
    engine: str = typer.Option("light", "--engine", envvar="CLAIMDIFF_ENGINE", help="Embedding path (default light: no torch)."),
    fmt: Format = FORMAT_OPT,
    output: Optional[Path] = OUTPUT_OPT,
    show_all: bool = typer.Option(False, "--all", help="Also list conflicts already in the baseline or reviewed."),
    quiet: bool = QUIET_OPT,
) -> None:
    """Compare articles with the archive without adding them; exit 1 on a conflict that is neither
    in the baseline nor dismissed.

    Example: claimdiff check articles/2024-06-01-reuters.txt
    """
    from claimdiff.archive.incremental import Archive
    from claimdiff.archive.baseline import read_baseline, unreviewed
    from claimdiff.read.files import read_paths
    from claimdiff.settings import Settings

    known = read_baseline(baseline_file)
    read = read_paths(files)
    if report_skipped(read.skipped, False):
        raise typer.Exit(2)
    with _open_store(store) as st:
        verdicts = st.verdicts()
        found = Archive(st, Settings(embedder=engine), engine).check(read.articles)
    blocking = unreviewed(found, known, verdicts)
    status = {c.id: ("baseline", "") for c in found if c.id in known}
    status.update({k: v for k, v in verdicts.items()})
    write_conflicts(found if show_all else blocking, fmt, output, verdicts=status)
    if not quiet:
        _err(f"{len(read.articles)} articles checked: {len(found)} conflicts with the archive, "
             f"{len(blocking)} not in {baseline_file} and not dismissed")
    if blocking:
        raise typer.Exit(1)
