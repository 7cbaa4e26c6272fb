"""Command line: parse, call the library, format, exit. Nothing else lives here.

Exit codes (like diff(1)): 0 done / nothing found, 1 `check` found new conflicts,
2 bad usage or bad input (a file was skipped, a path is missing, the model is wrong).
Data goes to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from . import __version__
from .errors import ClaimdiffError

app = typer.Typer(
    name="claimdiff",
    help="Put differing claims from different sources side by side: counts, dates, framings, negations.\n\n"
    "Examples:\n\n  claimdiff scan seeds/\n\n  claimdiff scan articles/ --format csv --output conflicts.csv\n\n"
    "  claimdiff compare '2,000 troops withdrawn' 'at least 2,500 troops withdrawn'",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
model_app = typer.Typer(help="The embedding model: verify and prepare it.", no_args_is_help=True)
app.add_typer(model_app, name="model")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def _err(msg: str) -> None:
    typer.echo(msg, err=True)


def handles_errors(fn):
    """Turn a ClaimdiffError into one line `Error: ...` on stderr and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ClaimdiffError as e:
            _err(f"Error: {e}")
            raise typer.Exit(e.exit_code) from None
        except KeyboardInterrupt:
            _err("Interrupted.")
            raise typer.Exit(130) from None

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimdiff {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """claimdiff: claim-versus-claim contradiction tracker."""


def progress_printer(quiet: bool):
    """A progress callback that draws on stderr (only on a terminal, never with --quiet)."""
    if quiet or not sys.stderr.isatty():
        return lambda stage, done, total: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    prog = Progress(TextColumn("{task.description:>10}"), BarColumn(), MofNCompleteColumn(),
                    console=Console(stderr=True), transient=True)
    tasks: dict[str, int] = {}
    prog.start()

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = prog.add_task(stage, total=total)
        prog.update(tasks[stage], completed=done, total=total)
        if stage == "conflicts":
            prog.stop()

    return update


def write_conflicts(conflicts, fmt: Format, output: Optional[Path], verdicts=None, bom: bool = False) -> None:
    from . import export

    if fmt is Format.table:
        from .render import conflicts_table

        conflicts_table(conflicts, output)
        return
    rows = export.conflict_rows(conflicts, verdicts)
    writer = {Format.csv: functools.partial(export.write_csv, bom=bom), Format.json: export.write_json,
              Format.jsonl: export.write_jsonl}[fmt]
    if output:
        try:
            with open(output, "w", encoding="utf-8", newline="") as f:
                writer(rows, f)
        except OSError as e:
            raise ClaimdiffError(f"{output}: cannot write ({e.strerror}); choose another --output path") from e
    else:
        writer(rows, sys.stdout)


def report_skipped(skipped, quiet_skips: bool) -> bool:
    """Print one line per skipped input; True when that should make the exit status 2."""
    for line in skipped:
        _err(f"skipped: {line}")
    return bool(skipped) and not quiet_skips


PATHS_ARG = typer.Argument(..., help="Article files or folders (.txt, .md, .html, .jsonl; NAME.meta.json beside a file gives its metadata).")
FORMAT_OPT = typer.Option(Format.table, "--format", "-f", help="table (for people), csv (spreadsheets), json or jsonl.")
OUTPUT_OPT = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")
QUIET_OPT = typer.Option(False, "--quiet", "-q", help="No progress bars.")


@app.command()
@handles_errors
def scan(
    paths: list[Path] = PATHS_ARG,
    fmt: Format = FORMAT_OPT,
    output: Optional[Path] = OUTPUT_OPT,
    kind: list[str] = typer.Option([], "--kind", "-k", help="Only these conflict kinds (repeat): numeric, temporal, framing, negation."),
    min_score: float = typer.Option(0.0, "--min-score", help="Hide conflicts scored below this (0-1)."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", help="Your own frame lexicon (YAML, same format as claimdiff/data/frames.yaml); its axes are added to the shipped ones."),
    engine: str = typer.Option("auto", "--engine", help="Embedding path: auto, fast, light, stock."),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 byte-order mark (Excel needs it)."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip unreadable files quietly: exit 0 even if some were skipped."),
    max_size: Optional[float] = typer.Option(None, "--max-size", min=0.001, metavar="MB",
                                             help="Skip files larger than this many megabytes (default 20)."),
    quiet: bool = QUIET_OPT,
) -> None:
    """Read articles and list the conflicts between claims of different sources.

    Example: claimdiff scan seeds/ --format csv --output conflicts.csv
    """
    from .embed import load_embedder
    from .pipeline import Settings, scan as run_scan

    settings = Settings(min_score=min_score, kinds=tuple(kind), lexicon=str(lexicon) if lexicon else None,
                        embedder=engine)
    if max_size is not None:
        settings = dataclasses.replace(settings, max_bytes=int(max_size * 1_000_000))
    if lexicon:
        from .claims import load_lexicon

        load_lexicon(str(lexicon))  # a bad lexicon fails before the model loads
    result = run_scan(paths, settings, load_embedder(engine), progress_printer(quiet))
    bad = report_skipped(result.skipped, skip_bad)
    write_conflicts(result.conflicts, fmt, output, bom=bom)
    if not quiet:
        _err(f"{len(result.articles)} articles, {len(result.claims)} claims, {len(result.topics)} topics, "
             f"{len(result.conflicts)} conflicts")
    if bad:
        raise typer.Exit(2)


@app.command()
@handles_errors
def embed(
    file: Path = typer.Argument(..., help="Text file, one sentence per line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .npy matrix (one float32 row per line)."),
    engine: str = typer.Option("auto", "--engine", help="Embedding path: auto, fast, light, stock."),
) -> None:
    """Embed sentences (one per line) with the same path as ingest; rows are L2-normalised float32.

    Example: claimdiff embed sentences.txt --output vectors.npy
    """
    from .embed import embed_file

    n = embed_file(file, output, kind=engine)
    _err(f"{n} sentences -> {output}")


@model_app.command("prepare")
@handles_errors
def model_prepare(force: bool = typer.Option(False, "--force", help="Rebuild generated artefacts.")) -> None:
    """Verify the packaged weights against models/manifest.json and build derived files."""
    from . import modelfiles

    prepare = getattr(modelfiles, "prepare", None)
    if prepare is None:
        d = modelfiles.verified_model_dir()
        _err(f"model verified: {d}")
        return
    summary = prepare(force=force)
    _err("model ready: " + ", ".join(f"{k}={v}" for k, v in summary.items()))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
