"""A generated news corpus for the scale-out tests and benchmark: N short articles in M
stories, several outlets per story, with planted differences (a figure reported as
different numbers, a fact reported and denied). Deterministic for a seed; no model needed.

Each story has its own invented place and people (pseudo-words), so stories stay apart
under any embedder, and its articles are dated within a few days while stories are spread
over years (stories.py only links articles published close together)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

_SYL = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zu", "ba", "di", "fe", "go", "hi", "ju", "pa", "qui",
        "ro", "si", "tu", "ve", "wa", "xi", "yo", "bre", "dra", "gli", "pro", "sta", "tri", "mon", "val"]
_EVENTS = [
    ("workers were laid off at the {p} {x} plant", "Layoffs at the {p} {x} plant"),
    ("people were evacuated from the {p} flood zone near {x}", "Flood evacuation in {p} near {x}"),
    ("troops were withdrawn from the {p} garrison at {x}", "Troop withdrawal from {p} at {x}"),
    ("homes lost power after the storm hit {p} and {x}", "Power cuts in {p} and {x} after the storm"),
    ("passengers were stranded at {p} airport after the {x} strike", "Stranded at {p} airport: the {x} strike"),
    ("students were moved out of the {p} campus after the {x} fire", "Fire at the {p} campus of {x}"),
]
_FILLER = ["Officials gave few other details on {d}.", "Local radio in {p} carried the announcement live.",
           "The {x} governor is expected to speak later this week.",
           "Residents of {p} said they had heard nothing from the authorities.",
           "A spokesperson for {x} declined to comment further."]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(_SYL) for _ in range(n)).capitalize()


def generate(n_articles: int, n_stories: int, seed: int = 0, differ: float = 0.5) -> list[tuple[str, str]]:
    """(file name, Markdown text) for n_articles articles in n_stories stories; in about
    `differ` of the stories the outlets disagree on the figure, in about half as many on
    whether there was a curfew (the rest agree: pairs to compare that make no row)."""
    rng = random.Random(seed)
    per = [n_articles // n_stories + (1 if s < n_articles % n_stories else 0) for s in range(n_stories)]
    files = []
    start = dt.date(2000, 1, 1)
    for s, k in enumerate(per):
        p, x = _word(rng) + " " + _word(rng, 2), _word(rng)
        outlets = [f"The {_word(rng, 2)} {_word(rng, 2)}" for _ in range(max(1, k))]  # no digits: no rows
        what, title = _EVENTS[rng.randrange(len(_EVENTS))]
        day = start + dt.timedelta(days=9 * s)  # 9 days apart: stories.py's 60-day window spans a few
        figures = rng.sample([800, 1200, 1500, 2000, 2500, 3000, 4500], 2)
        split_figure, split_curfew = rng.random() < differ, rng.random() < differ / 2
        curfew = rng.random() < 0.5
        for o in range(k):
            n = figures[o % 2] if split_figure else figures[0]
            neg = (o % 3 == 1) if split_curfew else curfew
            d = _DAYS[rng.randrange(len(_DAYS))]
            lines = [f"Officials in {p} said {n:,} {what.format(p=p, x=x)} this week.",
                     ("No curfew was imposed in " if neg else "A curfew was imposed in ") + f"{p} on {d}.",
                     rng.choice(_FILLER).format(p=p, x=x, d=d), f"{outlets[o % len(outlets)]} reported from {p}."]
            date = day + dt.timedelta(days=rng.randrange(4))
            files.append((f"s{s:06d}o{o:02d}.md",
                          f"---\ntitle: \"{title.format(p=p, x=x)}\"\npublisher: Outlet {o}\ndate: {date}\n---\n"
                          + "\n\n".join(lines) + "\n"))
    return files


def write_corpus(folder: str | Path, n_articles: int, n_stories: int, seed: int = 0, differ: float = 0.5) -> Path:
    """Write the corpus as Markdown files under `folder` (created); returns the folder."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for name, text in generate(n_articles, n_stories, seed, differ):
        (root / name).write_text(text, encoding="utf-8")
    return root
