"""Terminal output (rich): each conflict as a panel, its two claims side by side with
the differing values highlighted, source, date and file under each; the title says the
kind, score, relation (contradiction or update) and explanation, the footer the story and
topic.

Every name and field shown (path, publisher, author, labels, explanation) goes through
`one_line`, so a newline, NUL or bidirectional control in a file name, a JSONL id or a
publisher is shown escaped (`\\n`) and cannot split a line of the panel or reorder it.
Rich markup in article text is never interpreted: everything is a `Text`, not markup."""

from __future__ import annotations

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
    title = Text(f" #{n} {one_line(c.kind)} {c.score:.2f} {c.relation} ", style="bold")
    title.append(one_line(c.explanation) + " ", style="bold cyan")
    story = f"story {c.story_id}: {one_line(c.story_label)} · " if c.story_id or c.story_label else ""
    footer = Text(f" {story}topic {c.topic_id}: {one_line(c.topic_label)} · id {c.id} ", style="dim")
    return Panel(grid, title=title, title_align="left", subtitle=footer, subtitle_align="right")


def conflicts_table(conflicts: Sequence[Conflict], output: Path | None = None) -> None:
    file = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        width = None if file.isatty() else 160
        console = Console(file=file, width=width, soft_wrap=False, highlight=False)
        if not conflicts:
            console.print("No conflicts found.")
            return
        for n, c in enumerate(conflicts, 1):
            console.print(conflict_panel(n, c))
    finally:
        if output:
            file.close()
