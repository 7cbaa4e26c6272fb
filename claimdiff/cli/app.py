"""Command line: parse, call the library, format, exit. Nothing else lives here.

Exit codes (like diff(1)): 0 done / nothing found, 1 `check` found new conflicts,
2 bad usage or bad input (a file was skipped, a path is missing, the model is wrong).
Data goes to stdout; progress, warnings and errors go to stderr.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import logging
import sqlite3
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from claimdiff import __version__
from claimdiff.errors import ClaimdiffError

app = typer.Typer(
    name="claimdiff",
    help="Put differing claims from different sources side by side: counts, dates, framings, negations.\n\n"
    "Examples:\n\n  claimdiff scan seeds/\n\n  claimdiff scan articles/ --format csv --output conflicts.csv\n\n"
    "  claimdiff compare '2,000 troops withdrawn' 'at least 2,500 troops withdrawn'",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
model_app = typer.Typer(help="The embedding model: verify and prepare it.", no_args_is_help=True,
                        context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(model_app, name="model")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def _err(msg: str) -> None:
    from claimdiff.read.normalise import one_line  # a name with a newline or NUL stays on its line

    typer.echo(one_line(msg), err=True)


class _WarningLines(logging.Handler):
    """Warnings of the readers (claimdiff.read logger) as `warning: PATH: what (fix)` on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        _err(f"warning: {record.getMessage()}")


def _show_read_warnings(ctx: typer.Context) -> None:
    """For the length of one command (removed when it ends, so a caller's later reads stay quiet)."""
    log = logging.getLogger("claimdiff.read")
    if not any(isinstance(h, _WarningLines) for h in log.handlers):
        handler = _WarningLines(logging.WARNING)
        log.addHandler(handler)
        ctx.call_on_close(lambda: log.removeHandler(handler))


def chosen_format(fmt: Format, csv: bool = False, json: bool = False, nl: bool = False,
                  table: bool = False) -> Format:
    """--format, or one of its shortcuts (--csv, --json, --nl, -t/--table) as sqlite-utils has them."""
    picked = [f for f, on in ((Format.csv, csv), (Format.json, json), (Format.jsonl, nl), (Format.table, table)) if on]
    if len(set(picked)) > 1 or (picked and fmt is not Format.table and picked[0] is not fmt):
        raise ClaimdiffError("give one output format: --format, --csv, --json, --nl or -t")
    return picked[0] if picked else fmt


def is_quiet(ctx: typer.Context, quiet: bool) -> bool:
    """--quiet after the command, or before it (`claimdiff -q scan ...`)."""
    return quiet or bool(ctx.find_root().params.get("quiet"))


def terminal_width(file) -> int | None:
    """The table's width: the terminal's (rich reads COLUMNS, then the tty), else 160 for a file or pipe."""
    import os

    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    return None if file.isatty() else 160


def check_engine(engine: str) -> str:
    from claimdiff.embedding.engines import KINDS

    if engine not in KINDS:
        raise ClaimdiffError(f"--engine {engine}: no such engine; use {', '.join(KINDS)}")
    return engine


# What each optional import is for, for the one-line error when it is missing.
_NEEDS = {"torch": "--engine fast (and stock) needs torch: pip install torch==2.13.0, or use --engine light",
          "sentence_transformers": "--engine stock needs sentence-transformers: pip install 'sentence-transformers>=5', "
                                   "or use --engine light",
          "transformers": "--engine stock needs transformers: pip install 'sentence-transformers>=5', "
                          "or use --engine light"}


def handles_errors(fn):
    """Turn a ClaimdiffError into one line `Error: ...` on stderr and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ClaimdiffError as e:
            _err(f"Error: {e}")
            raise typer.Exit(e.exit_code) from None
        except sqlite3.Error as e:  # the store's database failed under a command: disk full, damaged file
            _err(f"Error: {_store_failure(e)}")
            raise typer.Exit(2) from None
        except ModuleNotFoundError as e:
            top = (e.name or "").split(".")[0]
            if top not in _NEEDS:
                raise
            _err(f"Error: {_NEEDS[top]}")
            raise typer.Exit(2) from None
        except OSError as e:
            if e.errno in (errno.ENOSPC, errno.EDQUOT):
                _err(f"Error: {e.filename or 'output'}: disk full ({e.strerror}); free some space and run again "
                     "(what was committed before is kept)")
            elif e.filename:  # a path the user gave: a folder where a file was wanted, no permission, ...
                _err(f"Error: {e.filename}: {e.strerror or e}")
            else:
                raise
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            _err("Interrupted.")
            raise typer.Exit(130) from None

    return wrapper


def _store_failure(e: sqlite3.Error) -> str:
    msg = str(e) or e.__class__.__name__
    if "full" in msg:
        fix = "free some disk space and run again; what was committed before is kept"
    elif "locked" in msg or "busy" in msg:
        fix = "another claimdiff is writing the store; wait for it and run again"
    elif "readonly" in msg or "read-only" in msg or "permission" in msg.lower():
        fix = "the store is read-only: make claimdiff.db and its folder writable (chmod u+w, chattr -i); nothing was lost"
    else:
        fix = "the store file is damaged: move the store folder away and re-ingest the articles"
    return f"store database failed: {msg} ({fix})"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimdiff {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(ctx: typer.Context,
          version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          quiet: bool = typer.Option(False, "--quiet", "-q",
                                     help="No progress bars or summaries, for any command (also after it).")) -> None:
    """claimdiff: claim-versus-claim contradiction tracker."""
    _show_read_warnings(ctx)


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
    if fmt is Format.table:
        if not conflicts:  # what render.conflicts_table prints for none, without importing rich
            if output:
                try:
                    Path(output).write_text("No conflicts found.\n", encoding="utf-8")
                except OSError as e:
                    raise ClaimdiffError(f"{output}: cannot write ({e.strerror}); choose another --output path") from e
            else:
                print("No conflicts found.")
            return
        from claimdiff.output.render import conflicts_table

        conflicts_table(conflicts, output)
        return
    from claimdiff.output import export

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


def run_scan(paths, kind, min_score, lexicon, engine, quiet, max_size=None, precision="auto", device="auto",
             cache=True, relation="contradiction", across_stories=False, ray=None, ray_work=None):
    """The scan behind `scan` and `report`: bad options and a bad lexicon fail before the model loads.
    `ray`: a cluster address ("local" starts one) to run it on Ray (scaleout/ray_exec.py)."""
    from claimdiff.embedding.engines import lazy_embedder
    from claimdiff.pipeline import scan
    from claimdiff.selection import check_kinds, check_min_score, check_relation
    from claimdiff.settings import Settings

    check_kinds(kind)
    check_min_score(min_score)
    check_engine(engine)
    relations = check_relation(relation)

    settings = Settings(min_score=min_score, kinds=tuple(kind), lexicon=str(lexicon) if lexicon else None,
                        embedder=engine, precision=precision, device=device, cache=cache, relations=relations,
                        across_stories=across_stories)
    if max_size is not None:
        settings = dataclasses.replace(settings, max_bytes=int(max_size * 1_000_000))
    if lexicon:
        from claimdiff.claims import load_lexicon

        load_lexicon(str(lexicon))
    if ray is not None:
        from claimdiff.scaleout.ray_exec import scan as ray_scan

        return ray_scan(paths, settings, address=ray, work=ray_work, progress=progress_printer(quiet))
    return scan(paths, settings, lazy_embedder(engine, precision=precision, device=device), progress_printer(quiet))


PRECISION_OPT = typer.Option("auto", "--precision", help="Embedding arithmetic: fp32, bf16, auto (bf16 where `claimdiff model prepare` found it faithful and faster on this CPU).")
DEVICE_OPT = typer.Option("auto", "--device", help="Embedding device: cpu, cuda, auto (cuda when torch sees a GPU).")
NO_CACHE_OPT = typer.Option(False, "--no-cache", help="Derive everything again (vectors, readings, parses, rows) instead of reusing the user's caches.")


def no_articles(read, paths) -> None:
    """Reading found nothing at all to work on (no file was even skipped, which names itself): say so."""
    if not read.articles and not read.skipped:
        raise ClaimdiffError(f"no articles in {' '.join(str(p) for p in paths)} "
                             "(claimdiff reads .txt, .md, .html, .htm and .jsonl files)")


RELATION_OPT = typer.Option("contradiction", "--relation", "-r",
                            help="Which rows: contradiction (the two cannot both hold; default), update (a later "
                                 "report of a figure that moves) or all.")
PATHS_ARG = typer.Argument(..., help="Article files or folders (.txt, .md, .html, .jsonl; NAME.meta.json beside a file gives its metadata).")
FORMAT_OPT = typer.Option(Format.table, "--format", "-f",
                          help="table (for people; -t), csv (spreadsheets; --csv), json (--json) or jsonl (--nl).")
CSV_OPT = typer.Option(False, "--csv", help="Shortcut for --format csv.")
JSON_OPT = typer.Option(False, "--json", help="Shortcut for --format json.")
NL_OPT = typer.Option(False, "--nl", help="Shortcut for --format jsonl (newline-delimited JSON).")
TABLE_OPT = typer.Option(False, "--table", "-t", help="Shortcut for --format table.")
OUTPUT_OPT = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout.")
QUIET_OPT = typer.Option(False, "--quiet", "-q", help="No progress bars or summary (also before the command).")
REVIEWS_OPT = typer.Option(None, "--reviews", envvar="CLAIMDIFF_REVIEWS",
                           help="The committed review file (default: .claimdiff-reviews.json beside the baseline).")
STORE_OPT = typer.Option(Path(".claimdiff"), "--store", envvar="CLAIMDIFF_STORE",
                         help="The store directory (SQLite: articles, vectors, stories, conflicts). Env: CLAIMDIFF_STORE.")


@app.command()
@handles_errors
def scan(
    ctx: typer.Context,
    paths: list[Path] = PATHS_ARG,
    fmt: Format = FORMAT_OPT,
    as_csv: bool = CSV_OPT,
    as_json: bool = JSON_OPT,
    as_nl: bool = NL_OPT,
    as_table: bool = TABLE_OPT,
    output: Optional[Path] = OUTPUT_OPT,
    kind: list[str] = typer.Option([], "--kind", "-k", help="Only these conflict kinds (repeat): numeric, temporal, framing, negation."),
    min_score: float = typer.Option(0.0, "--min-score", help="Hide conflicts scored below this (0-1)."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", help="Your own frame lexicon (YAML, same format as claimdiff/data/frames.yaml); its axes are added to the shipped ones."),
    engine: str = typer.Option("auto", "--engine", help="Embedding path: auto, fast, light, stock."),
    bom: bool = typer.Option(False, "--bom", help="CSV: start with a UTF-8 byte-order mark (Excel needs it)."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip unreadable files quietly: exit 0 even if some were skipped."),
    max_size: Optional[float] = typer.Option(None, "--max-size", min=0.001, metavar="MB",
                                             help="Skip files larger than this many megabytes (default 20)."),
    precision: str = PRECISION_OPT,
    device: str = DEVICE_OPT,
    no_cache: bool = NO_CACHE_OPT,
    relation: str = RELATION_OPT,
    across_stories: bool = typer.Option(False, "--across-stories",
                                        help="Also compare claims of different stories (off by default: articles "
                                             "about different events that look alike drown the real rows)."),
    quiet: bool = QUIET_OPT,
    ray: bool = typer.Option(False, "--ray", help="Run on Ray (pip install 'claimdiff[ray]'): a local cluster, or the one of --ray-address / RAY_ADDRESS."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", metavar="ADDRESS",
                                              help="With --ray (implies it): join this cluster: auto, ray://HOST:PORT or HOST:PORT."),
    ray_work: Optional[Path] = typer.Option(None, "--ray-work", metavar="DIR",
                                            help="With --ray: keep the prepared Parquet shards here, so a rerun resumes (default: a temporary folder)."),
) -> None:
    """Read articles, group them into stories, and list the conflicts between claims of different sources.

    Example: claimdiff scan seeds/ --format csv --output conflicts.csv
    """
    quiet = is_quiet(ctx, quiet)
    fmt = chosen_format(fmt, as_csv, as_json, as_nl, as_table)
    address = ray_address or ("local" if ray or ray_work else None)
    result = run_scan(paths, kind, min_score, lexicon, engine, quiet, max_size, precision, device, not no_cache,
                      relation, across_stories, address, ray_work)
    bad = report_skipped(result.skipped, skip_bad)
    no_articles(result, paths)
    write_conflicts(result.conflicts, fmt, output, bom=bom)
    if not quiet:
        more = "".join(f"; {n} {r}{'s' if n > 1 else ''} not listed (--relation {r} or all)"
                       for r, n in result.not_listed)
        _err(f"{len(result.articles)} articles in {len(result.stories)} stories, {len(result.claims)} claims, "
             f"{len(result.topics)} topics, {len(result.conflicts)} conflicts{more}")
    if bad:
        raise typer.Exit(2)


def _open_store(store: Path, **kw):
    from claimdiff.archive.store import Store

    return Store(store, **kw)


@app.command()
@handles_errors
def report(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(None, help="Article files or folders; none: report the store's archive."),
    html: Path = typer.Option(..., "--html", help="Where to write the report (one self-contained HTML file)."),
    store: Path = STORE_OPT,
    kind: list[str] = typer.Option([], "--kind", "-k", help="Only these conflict kinds (repeat)."),
    min_score: float = typer.Option(0.0, "--min-score", help="Hide conflicts scored below this (0-1)."),
    lexicon: Optional[Path] = typer.Option(None, "--lexicon", help="Your own frame lexicon (YAML)."),
    engine: str = typer.Option("auto", "--engine", help="Embedding path: auto, fast, light, stock."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Exit 0 even if some files were skipped."),
    reviews: Optional[Path] = REVIEWS_OPT,
    quiet: bool = QUIET_OPT,
) -> None:
    """Write an offline HTML report: topics, conflicts side by side, timelines, filters.

    Examples: claimdiff report seeds/ --html report.html
              claimdiff report --store .claimdiff --html archive.html   (with review status)
    """
    quiet = is_quiet(ctx, quiet)
    from claimdiff.output.report import render_html

    bad = False
    verdicts = None
    if paths:
        result = run_scan(paths, kind, min_score, lexicon, engine, quiet)
        bad = report_skipped(result.skipped, skip_bad)
        no_articles(result, paths)
        source = " ".join(str(p) for p in paths)
    else:
        from claimdiff.archive.reviews import REVIEWS_NAME, team_verdicts
        from claimdiff.selection import check_kinds, check_min_score, filter_conflicts

        check_kinds(kind)
        check_min_score(min_score)
        with _open_store(store) as st:
            result = st.scan_result()
            verdicts = team_verdicts(reviews or Path(REVIEWS_NAME), st)
        keep = filter_conflicts(((c, "") for c in result.conflicts), verdicts, kinds=kind, min_score=min_score)
        result = result.model_copy(update={"conflicts": tuple(keep)})
        source = f"store {store}"
    params = {"source": source, "kinds": ", ".join(kind) or "all", "min score": str(min_score)}
    try:
        html.write_text(render_html(result, verdicts, params=params), encoding="utf-8")
    except OSError as e:
        raise ClaimdiffError(f"{html}: cannot write ({e.strerror}); choose another --html path") from e
    if not quiet:
        _err(f"{len(result.conflicts)} conflicts in {len(result.topics)} topics -> {html}")
    if bad:
        raise typer.Exit(2)


@app.command()
@handles_errors
def embed(
    file: Path = typer.Argument(..., help="Text file, one sentence per line."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the .npy matrix (one float32 row per line)."),
    engine: str = typer.Option("auto", "--engine", help="Embedding path: auto, fast, light, stock."),
    precision: str = PRECISION_OPT,
    device: str = DEVICE_OPT,
    no_cache: bool = NO_CACHE_OPT,
) -> None:
    """Embed sentences (one per line) with the same path as ingest; rows are L2-normalised float32.

    Example: claimdiff embed sentences.txt --output vectors.npy
    """
    from claimdiff.embedding.engines import embed_file

    check_engine(engine)
    if file.is_dir():
        raise ClaimdiffError(f"{file}: is a folder; give a text file with one sentence per line")
    n = embed_file(file, output, kind=engine, precision=precision, device=device, cache=not no_cache)
    _err(f"{n} sentences -> {output}")


@model_app.command("prepare")
@handles_errors
def model_prepare(force: bool = typer.Option(False, "--force", help="Rebuild generated artefacts.")) -> None:
    """Verify the packaged weights against models/manifest.json and build derived files."""
    from claimdiff.embedding.prepare import prepare

    summary = prepare(force=force)
    _err("model ready: " + ", ".join(f"{k}={v}" for k, v in summary.items()))


PAIR_COLUMNS = ["id", "conflict", "kind", "relation", "score", "explanation"]


def write_pair_results(results, fmt: Format, output: Optional[Path]) -> int:
    """Write PairResults as they come (a pairs file streams); returns how many conflict."""
    import csv
    import json

    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    n_conflicts = 0
    try:
        if fmt is Format.table:
            from rich.console import Console
            from rich.table import Table

            table = Table(expand=True)
            for col in PAIR_COLUMNS:
                table.add_column(col, ratio=4 if col == "explanation" else 1)
            for r in results:
                n_conflicts += r.conflict
                table.add_row(r.id or "", "yes" if r.conflict else "no", r.kind or "", r.relation or "", f"{r.score:.2f}",
                              r.explanation)
            Console(file=out, width=terminal_width(out), soft_wrap=False, highlight=False).print(table)
        elif fmt is Format.csv:
            w = csv.DictWriter(out, fieldnames=PAIR_COLUMNS, lineterminator="\r\n")
            w.writeheader()
            for r in results:
                n_conflicts += r.conflict
                w.writerow(r.model_dump())
        elif fmt is Format.json:
            rows = [r.model_dump() for r in results]
            n_conflicts = sum(r["conflict"] for r in rows)
            out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        else:
            for r in results:
                n_conflicts += r.conflict
                out.write(json.dumps(r.model_dump(), ensure_ascii=False) + "\n")
    except OSError as e:
        raise ClaimdiffError(f"{output}: cannot write ({e.strerror}); choose another --output path") from e
    finally:
        if output:
            out.close()
    return n_conflicts


@app.command()
@handles_errors
def compare(
    text_a: Optional[str] = typer.Argument(None, help="First claim (a sentence or short text)."),
    text_b: Optional[str] = typer.Argument(None, help="Second claim."),
    pairs: Optional[Path] = typer.Option(None, "--pairs", "-p", help='JSONL file, one {"id","text_a","text_b"} per line (optional "date_a", "date_b" as YYYY-MM-DD).'),
    date_a: Optional[str] = typer.Option(None, "--date-a", help="Publication date of TEXT_A (YYYY-MM-DD)."),
    date_b: Optional[str] = typer.Option(None, "--date-b", help="Publication date of TEXT_B (YYYY-MM-DD)."),
    fmt: Format = FORMAT_OPT,
    as_csv: bool = CSV_OPT,
    as_json: bool = JSON_OPT,
    as_nl: bool = NL_OPT,
    as_table: bool = TABLE_OPT,
    output: Optional[Path] = OUTPUT_OPT,
) -> None:
    """Compare two claims directly (no clustering, no model): counts, deadlines, negation.

    Example: claimdiff compare '2,000 troops withdrawn' 'at least 2,500 troops withdrawn'

    Example: claimdiff compare --pairs pairs.jsonl --format csv --output results.csv
    """
    from claimdiff.read.dates import parse_date
    from claimdiff.errors import InputError
    from claimdiff.pairs import compare_texts, iter_pairs_file

    fmt = chosen_format(fmt, as_csv, as_json, as_nl, as_table)
    if pairs is not None:
        if text_a is not None or text_b is not None:
            raise ClaimdiffError("give either TEXT_A TEXT_B or --pairs FILE, not both")
        results = iter_pairs_file(pairs)
    else:
        if text_a is None or text_b is None:
            raise ClaimdiffError("give two texts (claimdiff compare TEXT_A TEXT_B) or --pairs FILE.jsonl")
        dates = []
        for name, v in (("--date-a", date_a), ("--date-b", date_b)):
            d = parse_date(v) if v else None
            if v and d is None:
                raise InputError(name, f"{v!r} is not a date", "write it as YYYY-MM-DD")
            dates.append(d)
        results = iter([compare_texts(text_a, text_b, dates[0], dates[1])])
    write_pair_results(results, fmt, output)


def main() -> None:
    app()

