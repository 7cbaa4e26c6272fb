"""Terminal output (rich): each conflict as a panel, its two claims side by side with
the differing values highlighted, source, date and file under each; the title says the
kind, score, relation (contradiction or update) and explanation, the footer the story and
topic.

Every name and field shown (path, publisher, author, labels, explanation) goes through
`one_line`, so a newline, NUL or bidirectional control in a file name, a JSONL id or a
publisher is shown escaped (`\\n`) and cannot split a line of the panel or reorder it.
Rich markup in article text is never interpreted: everything is a `Text`, not markup."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimdiff.models import Conflict, Side
from claimdiff.read.normalise import one_line


def _side_text(label: str, s: Side) -> Text:
    when = s.date.isoformat() if s.date else "undated"
    t = Text(f"{label} · {one_line(s.source)}, {when}\n", style="bold")
    # sentence text is normalised (read/normalise.py); a hidden character that still got in (an
    # older store) becomes U+FFFD one for one, so the highlight offsets stay right
    body = Text("".join(c if one_line(c) == c else "\ufffd" for c in s.text))
    for start, end in s.highlights:
        body.stylize("bold black on yellow", start, end)
    t.append_text(body)
    t.append(f"\n{one_line(s.article)}", style="dim")
    return t


def conflict_panel(n: int, c: Conflict) -> Panel:
    grid = Table.grid(expand=True, padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(_side_text("A", c.a), _side_text("B", c.b))
    # the explanation opens the body, where it wraps: a panel title is cut at the panel's width
    body = Table.grid(expand=True)
    body.add_row(Text(one_line(c.explanation), style="bold cyan"))
    body.add_row(grid)
    title = Text(f" #{n} {one_line(c.kind)} {c.relation} {c.score:.2f} ", style="bold")
    story = f"story: {one_line(c.story_label)} · " if c.story_label else ""
    footer = Text(f" {story}topic: {one_line(c.topic_label)} · id {c.id} ", style="dim")
    return Panel(body, title=title, title_align="left", subtitle=footer, subtitle_align="right")


def conflicts_table(conflicts: Sequence[Conflict], output: Path | None = None) -> None:
    file = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        cols = os.environ.get("COLUMNS", "")  # the terminal's width, also when piped (COLUMNS=120 claimdiff ...)
        width = int(cols) if cols.isdigit() and int(cols) > 0 else (None if file.isatty() else 160)
        console = Console(file=file, width=width, soft_wrap=False, highlight=False)
        if not conflicts:
            console.print("No conflicts found.")
            return
        for n, c in enumerate(conflicts, 1):
            console.print(conflict_panel(n, c))
    finally:
        if output:
            file.close()
