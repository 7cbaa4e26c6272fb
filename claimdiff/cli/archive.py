"""Archive commands: ingest, conflicts, topics, show, review, baseline, check.

Registered on the typer app of cli/app.py (both imported by cli/__init__.py); the same rules:
parse, call the library (archive/store.py, incremental.py, baseline.py, reviews.py,
selection.py), format, exit codes. No SQL and no filtering here.

A conflict is referred to by rank (`#3`, or `3`: the row numbered #3 in `claimdiff conflicts`)
or by id (or its first 4+ characters), as selection.py says; `show` prints which it read.
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
    CSV_OPT,
    JSON_OPT,
    NL_OPT,
    TABLE_OPT,
    REVIEWS_OPT,
    RELATION_OPT,
    chosen_format,
    no_articles,
    check_engine,
    is_quiet,
    terminal_width,
    OUTPUT_OPT,
    QUIET_OPT,
    NO_CACHE_OPT,
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

BASELINE_OPT = typer.Option(None, "--baseline", envvar="CLAIMDIFF_BASELINE",
                            help="The committed baseline of known conflicts (default .claimdiff-baseline.json; "
                                 "a path given here must exist).")
DEFAULT_BASELINE = Path(".claimdiff-baseline.json")
ID_ARG = typer.Argument(..., metavar="ID", help="The conflict id as `scan`, `check` or `conflicts` printed it "
                                                "(or its first 4+ characters, if the store, baseline or review file has it).")
REF_ARG = typer.Argument(..., metavar="CONFLICT",
                         help="A rank (#3, or 3: row #3 of `claimdiff conflicts`) or a conflict id (or its first 4+ characters).")


def _baseline_path(baseline_file: Optional[Path]) -> tuple[Path, bool]:
    """The baseline file and whether it must exist (it must when the user named it)."""
    return (baseline_file, True) if baseline_file is not None else (DEFAULT_BASELINE, False)


def _reviews_path(reviews: Optional[Path], baseline_file: Optional[Path]) -> Path:
    from claimdiff.archive.reviews import reviews_path_beside

    return reviews if reviews is not None else reviews_path_beside(_baseline_path(baseline_file)[0])


@app.command()
@handles_errors
def ingest(
    ctx: typer.Context,
    paths: list[Path] = PATHS_ARG,
    store: Path = STORE_OPT,
    engine: str = typer.Option("auto", "--engine", envvar="CLAIMDIFF_ENGINE", help="Embedding path: auto, fast, light, stock, fake."),
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip unreadable files quietly: exit 0 even if some were skipped."),
    quiet: bool = QUIET_OPT,
    ray: bool = typer.Option(False, "--ray", help="Read, embed and compare on Ray (pip install 'claimdiff[ray]'), storing into this archive: a local cluster, or the one of --ray-address / RAY_ADDRESS."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", metavar="ADDRESS",
                                              help="With --ray (implies it): join this cluster: auto, ray://HOST:PORT or HOST:PORT."),
    ray_work: Optional[Path] = typer.Option(None, "--ray-work", metavar="DIR",
                                            help="With --ray: keep the prepared Parquet shards here, so a rerun resumes (default: a temporary folder)."),
) -> None:
    """Add articles to the store; articles already there are skipped, sentences are embedded once.

    Example: claimdiff ingest articles/
    """
    quiet = is_quiet(ctx, quiet)
    from claimdiff.archive.incremental import Archive
    from claimdiff.read.files import read_paths
    from claimdiff.settings import Settings

    check_engine(engine)
    if ray_address or ray or ray_work:
        _ingest_on_ray(paths, store, engine, skip_bad, quiet, ray_address or "local", ray_work)
        return
    read = read_paths(paths)
    bad = report_skipped(read.skipped, skip_bad)
    no_articles(read, paths)
    with _open_store(store, create=True, writer=True) as st:
        rep = Archive(st, Settings(embedder=engine), engine, progress=progress_printer(quiet)).ingest(read.articles)
    if not quiet:
        _err(f"{rep.added} articles added ({rep.known} already there), {rep.claims} claims, "
             f"{rep.embedded} sentences embedded, {rep.stories} stories updated, {rep.conflicts} conflicts in the store")
    if bad:
        raise typer.Exit(2)


def _ingest_on_ray(paths, store, engine, skip_bad, quiet, address, work) -> None:
    """`ingest --ray` (scaleout/ray_exec.py): the same archive as a plain ingest."""
    from types import SimpleNamespace

    from claimdiff.archive.incremental import Archive
    from claimdiff.read.files import iter_files
    from claimdiff.scaleout import ray_exec
    from claimdiff.settings import Settings

    ray_exec.require_ray()  # before the store is created
    no_articles(SimpleNamespace(articles=(), skipped=()) if next(iter(iter_files(paths)), None) is None
                else SimpleNamespace(articles=(1,), skipped=()), paths)
    with _open_store(store, create=True, writer=True) as st:
        archive = Archive(st, Settings(embedder=engine), engine, progress=progress_printer(quiet))
        out = ray_exec.ingest(paths, archive, address=address, work=work, progress=progress_printer(quiet))
    rep = out.report
    bad = report_skipped(out.skipped, skip_bad)
    if not quiet:
        _err(f"{rep.added} articles added ({rep.known} already there), {rep.claims} claims, "
             f"{rep.embedded} sentences embedded on {len(out.stats.workers)} Ray workers, {rep.stories} stories "
             f"updated, {rep.conflicts} conflicts in the store")
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
    relation: str = RELATION_OPT,
    reviews: Optional[Path] = REVIEWS_OPT,
    fmt: Format = FORMAT_OPT,
    as_csv: bool = CSV_OPT,
    as_json: bool = JSON_OPT,
    as_nl: bool = NL_OPT,
    as_table: bool = TABLE_OPT,
    output: Optional[Path] = OUTPUT_OPT,
) -> None:
    """List the conflicts in the store, with review status. Rows are numbered as `show #N` reads them.

    Example: claimdiff conflicts --kind numeric --status new --format csv -o todo.csv
    """
    from claimdiff.archive.reviews import team_verdicts
    from claimdiff import selection as sel

    fmt = chosen_format(fmt, as_csv, as_json, as_nl, as_table)
    sel.check_kinds(kind)
    sel.check_min_score(min_score)
    sel.check_status(status)
    sel.check_since(since)
    relations = sel.check_relation(relation)
    with _open_store(store) as st:
        sel.check_topic(topic, [r["topic"] for r in st.topic_rows(None)])
        verdicts = team_verdicts(_reviews_path(reviews, None), st)
        rows = sel.filter_conflicts(st.listed(relations), verdicts, kinds=kind, topic=topic, source=source, since=since,
                                    min_score=min_score, status=status)
    write_conflicts(rows, fmt, output, verdicts=verdicts)


@app.command()
@handles_errors
def topics(store: Path = STORE_OPT, fmt: Format = FORMAT_OPT, as_csv: bool = CSV_OPT, as_json: bool = JSON_OPT,
           as_nl: bool = NL_OPT, as_table: bool = TABLE_OPT, output: Optional[Path] = OUTPUT_OPT) -> None:
    """List the store's topics: id, label, size and sources.

    Example: claimdiff topics --format csv -o topics.csv
    """
    from claimdiff.output import export

    fmt = chosen_format(fmt, as_csv, as_json, as_nl, as_table)
    with _open_store(store) as st:
        rows = st.topic_rows()
    cols = ("topic", "label", "story", "size", "sources")
    out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt is Format.table:
            from rich.console import Console
            from rich.table import Table

            table = Table()
            for col in cols:
                table.add_column(col)
            for r in rows:
                table.add_row(r["topic"], r["label"], r["story"], str(r["size"]), r["sources"])
            Console(file=out, width=terminal_width(out), highlight=False).print(table)
        else:
            writer = {Format.csv: export.write_csv, Format.json: export.write_json, Format.jsonl: export.write_jsonl}[fmt]
            writer(rows, out, columns=cols)  # the same writers as conflicts: CSV cells neutralised
    finally:
        if output:
            out.close()


@app.command()
@handles_errors
def show(conflict: str = REF_ARG, store: Path = STORE_OPT, reviews: Optional[Path] = REVIEWS_OPT) -> None:
    """Show one conflict: both claims in context, with full provenance and review status.

    Examples: claimdiff show '#1'   (the first row of `claimdiff conflicts`)
              claimdiff show 3f2a9c (an id, or its first 4+ characters)"""
    from claimdiff.archive.reviews import team_verdicts
    from claimdiff.selection import resolve

    with _open_store(store) as st:
        listing = [c for c, _ in st.listed()]
        shown = {x.id for x in listing}
        # a rank is a row of the listing; an id may also name a row folded into one (conflicts.fold)
        pool = listing if conflict.strip().startswith("#") else \
            listing + [c for c, _ in st.conflicts() if c.id not in shown]
        c, how = resolve(conflict, pool, f"the store {st.root}")
        status, note = team_verdicts(_reviews_path(reviews, None), st).get(c.id, ("new", ""))
        where = f"#{listing.index(c) + 1} of {len(listing)}" if c in listing else "folded into a listed row"
        typer.echo(f"conflict {where}  id {c.id}  ({conflict!r} read as {how})")
        typer.echo(f"  {c.kind}  score {c.score:.2f}  status {status}" + (f" ({note})" if note else ""))
        typer.echo(f"  {c.explanation}")
        typer.echo(f"  topic {c.topic_id}: {c.topic_label}")
        for name, side in (("A", c.a), ("B", c.b)):
            idx, before, after = st.claim_context(side.article_id, side.claim_id)
            typer.echo("")
            typer.echo(f"claim {name}: {side.text}")
            if before is not None:
                typer.echo(f"  before: {before}")
            if after is not None:
                typer.echo(f"  after:  {after}")
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
    conflict: str = ID_ARG,
    confirm: bool = typer.Option(False, "--confirm", help="A real disagreement between the sources (`check` passes it too: it has been seen)."),
    dismiss: bool = typer.Option(False, "--dismiss", help="Not a real disagreement; `check` stops flagging it."),
    note: str = typer.Option("", "--note", help="Why, for the next reader."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who decided (default: CLAIMDIFF_REVIEWER, else git user.name)."),
    store: Path = STORE_OPT,
    baseline_file: Optional[Path] = BASELINE_OPT,
    reviews: Optional[Path] = REVIEWS_OPT,
) -> None:
    """Record a verdict in the committed review file (.claimdiff-reviews.json beside the baseline).

    Works on any id that `scan`, `check` or `conflicts` printed, ingested or not; commit the
    file so the whole team shares the verdict.

    Example: claimdiff review 3f2a9c0d11e2b7a4 --dismiss --note "different provinces" && git add .claimdiff-reviews.json
    """
    from claimdiff.archive.baseline import read_entries
    from claimdiff.archive.reviews import ID_RE, Review, add_review, default_reviewer, read_reviews, today
    from claimdiff.archive.store import DB_NAME
    from claimdiff.selection import parse_ref, resolve

    if confirm == dismiss:
        raise ClaimdiffError("give exactly one of --confirm or --dismiss")
    path = _reviews_path(reviews, baseline_file)
    base_path, must = _baseline_path(baseline_file)
    how, value = parse_ref(conflict)
    if how == "rank":  # a verdict is written to git: never on a row number, which differs between listings
        raise ClaimdiffError(f"{conflict}: review takes a conflict id, not a rank (row numbers differ between "
                             f"`scan`, `check` and `conflicts`); `claimdiff show '#{value}'` prints that row's id")
    kind, claims, cid = "", (), None
    if (store / DB_NAME).exists():  # the store, when there is one, knows the claims
        with _open_store(store) as st:
            listing = [c for c, _ in st.conflicts()]
        if any(c.id.startswith(value) for c in listing):
            c, _ = resolve(conflict, listing, f"the store {store}")
            cid, kind, claims = c.id, c.kind, (c.a.text, c.b.text)
    if cid is None:  # not in the store: the baseline or the review file may know it; else a full id
        known = {k: (e.get("kind", ""), tuple(e.get("claims", ()))) for k, e in read_entries(base_path, must).items()}
        known.update({k: (r.kind, r.claims) for k, r in read_reviews(path).items() if k not in known})
        hits = [k for k in known if k.startswith(value)]
        if len(hits) > 1:
            raise ClaimdiffError(f"id prefix {value!r} matches {len(hits)} conflicts; give more of the id")
        if hits:
            cid = hits[0]
            kind, claims = known[cid]
        elif ID_RE.match(value):
            cid = value
        else:
            raise ClaimdiffError(f"no conflict with id {value!r} in {store}, {base_path} or {path}; "
                                 "give the whole 16-character id that `check` or `scan` printed")
    status = "confirmed" if confirm else "dismissed"
    add_review(path, Review(cid, status, note, reviewer if reviewer is not None else default_reviewer(), today(),
                            kind, tuple(claims)))
    _err(f"{cid}: {status} in {path} (commit it: git add {path})")


@app.command()
@handles_errors
def baseline(
    paths: Optional[list[Path]] = typer.Argument(None, help="With --update: also accept the conflicts these files would add (as `check` finds them)."),
    update: bool = typer.Option(False, "--update", help="Write the store's current conflicts (and those of PATHS) to the baseline file."),
    store: Path = STORE_OPT,
    baseline_file: Optional[Path] = BASELINE_OPT,
    engine: str = typer.Option("light", "--engine", envvar="CLAIMDIFF_ENGINE", help="Embedding path for PATHS (default light: no torch)."),
) -> None:
    """Print (or with --update, write) the baseline of known conflicts that `check` accepts.

    --update alone rewrites the file from the store; --update PATHS adds what those files
    would bring to what the file holds, without ingesting them (drops nothing).

    Examples: claimdiff baseline --update && git add .claimdiff-baseline.json
              claimdiff baseline --update articles/new-story.txt
    """
    from claimdiff.archive.baseline import baseline_dict, dumps, read_entries, write_baseline

    path = baseline_file or DEFAULT_BASELINE
    if paths and not update:
        raise ClaimdiffError("PATHS go with --update (claimdiff baseline --update PATHS)")
    with _open_store(store) as st:
        found = [c for c, _ in st.conflicts(None)]  # contradictions and updates: what check blocks on
        if paths:
            found += _check_articles(st, paths, engine)[0]
    if update:
        keep = read_entries(path) if paths else None
        n = write_baseline(path, found, keep=keep)
        _err(f"{path}: {n} conflicts (commit it: git add {path})")
    else:
        typer.echo(dumps(baseline_dict(found)), nl=False)


def _check_articles(st, files, engine, relations=("contradiction", "update"), cache=True):
    """What `check` finds for these files against the open store (nothing written): by default
    contradictions and updates alike, since nothing new should enter the archive unreviewed."""
    from claimdiff.archive.incremental import Archive
    from claimdiff.read.files import read_paths
    from claimdiff.settings import Settings

    check_engine(engine)
    read = read_paths(files)
    if report_skipped(read.skipped, False):
        raise typer.Exit(2)
    no_articles(read, files)
    settings = Settings(embedder=engine, relations=tuple(relations), cache=cache)
    return Archive(st, settings, engine).check(read.articles), read


@app.command()
@handles_errors
def check(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="New or changed article files."),
    store: Path = STORE_OPT,
    baseline_file: Optional[Path] = BASELINE_OPT,
    reviews: Optional[Path] = REVIEWS_OPT,
    engine: str = typer.Option("light", "--engine", envvar="CLAIMDIFF_ENGINE", help="Embedding path (default light: no torch)."),
    fmt: Format = FORMAT_OPT,
    as_csv: bool = CSV_OPT,
    as_json: bool = JSON_OPT,
    as_nl: bool = NL_OPT,
    as_table: bool = TABLE_OPT,
    output: Optional[Path] = OUTPUT_OPT,
    show_all: bool = typer.Option(False, "--all", help="Also list conflicts already in the baseline or reviewed."),
    relation: str = typer.Option("all", "--relation", "-r",
                                 help="Which rows block: all (default: contradictions and updates, nothing new "
                                      "enters unreviewed), contradiction or update."),
    quiet: bool = QUIET_OPT,
    no_cache: bool = NO_CACHE_OPT,
) -> None:
    """Compare articles with the archive without adding them; exit 1 on a conflict (a contradiction
    or an update) that is neither in the baseline nor reviewed (.claimdiff-reviews.json).

    Example: claimdiff check articles/2024-06-01-reuters.txt
    """
    quiet = is_quiet(ctx, quiet)
    from claimdiff import selection as sel
    from claimdiff.archive.baseline import read_baseline, unreviewed
    from claimdiff.archive.reviews import team_verdicts

    fmt = chosen_format(fmt, as_csv, as_json, as_nl, as_table)
    base_path, must = _baseline_path(baseline_file)
    known = read_baseline(base_path, must_exist=must)
    with _open_store(store) as st:
        verdicts = team_verdicts(_reviews_path(reviews, baseline_file), st)
        found, read = _check_articles(st, files, engine, sel.check_relation(relation), cache=not no_cache)
    blocking = unreviewed(found, known, verdicts)
    status = {c.id: ("baseline", "") for c in found if c.id in known}
    status.update(verdicts)
    write_conflicts(found if show_all else blocking, fmt, output, verdicts=status)
    sys.stdout.flush()  # the next step must be the last line, also when stdout and stderr share a pipe
    if not quiet:
        _err(f"{len(read.articles)} articles checked: {len(found)} conflicts with the archive, "
             f"{len(blocking)} not in {base_path} and not reviewed")
    if blocking:
        checked = {a.path for a in read.articles}
        where = sorted({s.article for c in blocking for s in (c.a, c.b) if s.article in checked}) or \
            [str(f) for f in files]
        more = f" (and likewise for the other {len(blocking) - 1})" if len(blocking) > 1 else ""
        _err(f"Next: `claimdiff review {blocking[0].id} --dismiss --note WHY` if it is not a real "
             f"disagreement{more}, or `claimdiff baseline --update {' '.join(where)}` to accept it as known; "
             f"then commit {_reviews_path(reviews, baseline_file)} or {base_path}")
        raise typer.Exit(1)
