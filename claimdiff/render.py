"""Terminal tables (rich): both claims side by side with source and date."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import Conflict, Side


def _side_text(s: Side) -> Text:
    t = Text(s.text)
    for start, end in s.highlights:
        t.stylize("bold yellow", start, end)
    when = s.date.isoformat() if s.date else "undated"
    t.append(f"\n— {s.source}, {when}", style="dim")
    t.append(f"\n  {s.article}", style="dim")
    return t


def conflicts_table(conflicts: Sequence[Conflict], output: Path | None = None) -> None:
    file = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        width = None if file.isatty() else 160
        console = Console(file=file, width=width, soft_wrap=False, highlight=False)
        if not conflicts:
            console.print("No conflicts found.")
            return
        table = Table(show_lines=True, expand=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("kind / score / topic", ratio=1)
        table.add_column("claim A", ratio=3)
        table.add_column("claim B", ratio=3)
        for n, c in enumerate(conflicts, 1):
            head = Text(f"{c.kind}  {c.score:.2f}\n", style="bold")
            head.append(c.explanation + "\n")
            head.append(f"topic {c.topic_id}: {c.topic_label}\n", style="dim")
            head.append(f"id {c.id}", style="dim")
            table.add_row(str(n), head, _side_text(c.a), _side_text(c.b))
        console.print(table)
    finally:
        if output:
            file.close()
