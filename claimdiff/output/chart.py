"""Inline SVG timelines of a topic's numeric claims, for the HTML report.

A chart is drawn only for numbers that share one referent (topic_charts): the same thing
counted in the same event, at least two articles, one number per article.

x = the article's date, y = the quantity: a dot at the value as written and, when the
claim is an interval [low, high], a bar between the bounds with caps. An open-ended bound
("at least 2,500": high = inf) is drawn as an arrow at the edge of the plot. One colour per
source, a legend under the plot, and a `<title>` tooltip per point. Every piece of text
from an article is escaped here; the output is deterministic (fixed float formatting).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from claimdiff.models import Article, Claim, Quantity, Topic

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#B8A800")

WIDTH, PLOT_H = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 78, 24, 16, 44
LEGEND_ROW = 18


@dataclass(frozen=True)
class Point:
    date: dt.date
    source: str
    value: float
    low: float
    high: float
    approx: bool
    text: str  # the quantity as written
    claim: str  # the claim sentence
    article: str = ""  # the article's id


@dataclass(frozen=True)
class Chart:
    """One timeline: every point counts the same thing (one referent)."""

    unit: str  # the thing counted, normalised ("troops")
    event: str  # what happened to it ("withdraw")
    qualifiers: tuple[str, ...]  # modifiers and place that the points name ("us", "iraq")
    points: tuple[Point, ...]

    @property
    def label(self) -> str:
        return " · ".join([self.unit, self.event, *self.qualifiers])


# Durations and periods ("over 3 years", "within a year") are time claims, read and compared
# by the temporal comparator; on a chart of counts they would stand for nothing counted.
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})


def _split(items: list, key) -> list[tuple[str, list]]:
    """Split items by an optional attribute. An item that leaves it unspecified joins the one
    value the others name; when they name several, it could be any of them and is dropped."""
    named = sorted({key(i) for i in items if key(i)})
    if len(named) <= 1:
        return [(named[0] if named else "", items)]
    return [(v, [i for i in items if key(i) == v]) for v in named]


def topic_charts(topic: Topic, claims: Mapping[str, Claim], articles: Mapping[str, Article]) -> list[Chart]:
    """The charts worth drawing for a topic: one per referent that at least two articles give
    a dated number for.

    Numbers share a referent when they count the same thing (unit) in the same event
    ("withdraw"), with no clash of modifiers ("us" vs "iraqi") or place; a number without a
    stated event names no referent and is left out, and so are durations (TIME_UNITS). Each
    article must give the referent one number: two different numbers from one article (2 and
    12 bases) are two referents the reader cannot tell apart, so that group is not drawn."""
    groups: dict[tuple[str, str], list[tuple[Point, Quantity]]] = {}
    for cid in topic.claim_ids:
        c = claims.get(cid)
        art = articles.get(c.article_id) if c else None
        if c is None or art is None or art.date is None:
            continue
        for q in c.quantities:
            if not math.isfinite(q.value) and not (math.isfinite(q.low) or math.isfinite(q.high)):
                continue
            if not q.unit or not q.event or q.unit in TIME_UNITS:
                continue
            pt = Point(art.date, art.source, q.value, q.low, q.high, q.approx, q.text, c.text, art.id)
            groups.setdefault((q.unit, q.event), []).append((pt, q))
    out = []
    for (unit, event), items in sorted(groups.items()):
        for mods, by_mods in _split(items, lambda i: ",".join(i[1].modifiers)):
            for place, both in _split(by_mods, lambda i: i[1].place or ""):
                pts = [pt for pt, _ in both]
                values: dict[str, set[float]] = {}
                for pt in pts:
                    values.setdefault(pt.article, set()).add(pt.value)
                if len(values) < 2 or any(len(v) > 1 for v in values.values()):
                    continue
                pts.sort(key=lambda p: (p.date, p.source, p.value, p.low, p.high, p.text, p.claim))
                quals = tuple(x for x in (*mods.split(","), place) if x)
                out.append(Chart(unit, event, quals, tuple(pts)))
    return out


def source_colours(sources: Iterable[str]) -> dict[str, str]:
    return {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(sorted(set(sources)))}


def fmt_num(v: float) -> str:
    if not math.isfinite(v):
        return "∞" if v > 0 else "−∞"
    if v == int(v):
        return f"{int(v):,}"
    return f"{v:,.6g}" if abs(v) >= 1000 else f"{v:.6g}"


def _f(x: float) -> str:
    return f"{x:.1f}"


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    ticks, t = [], first
    while t <= hi + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _interval_text(p: Point) -> str:
    if p.low == p.high:
        return fmt_num(p.low)
    return f"[{fmt_num(p.low)}, {fmt_num(p.high)}]"


def timeline_svg(points: Sequence[Point], unit: str, colours: Mapping[str, str]) -> str:
    """One chart: `points` (all of one unit) against their articles' dates."""
    if not points:
        return ""
    sources = sorted({p.source for p in points})
    height = TOP + PLOT_H + BOTTOM + LEGEND_ROW * len(sources) + 8
    x0, x1, y_top, y_bot = LEFT, WIDTH - RIGHT, TOP, TOP + PLOT_H

    days = [p.date.toordinal() for p in points]
    dmin, dmax = min(days), max(days)
    pad = max(1.0, (dmax - dmin) * 0.06)
    xmin, xmax = dmin - pad, dmax + pad

    finite = [v for p in points for v in (p.value, p.low, p.high) if math.isfinite(v)]
    vmin, vmax = min(finite), max(finite)
    lo = min(0.0, vmin)
    hi = vmax * 1.08 if vmax > 0 else vmax + 1.0
    if hi <= lo:
        hi = lo + 1.0
    yticks = _nice_ticks(lo, hi)
    lo, hi = yticks[0], yticks[-1]

    def sx(day: float) -> float:
        return x0 + (day - xmin) / (xmax - xmin) * (x1 - x0)

    def sy(v: float) -> float:
        if v == math.inf:
            return y_top
        if v == -math.inf:
            return y_bot
        return y_bot - (v - lo) / (hi - lo) * (y_bot - y_top)

    label = escape(f"Timeline of {unit or 'quantities'} by source and article date")
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{label}">',
        f"<title>{label}</title>",
        '<g class="grid" stroke="#ddd" stroke-width="1">',
    ]
    for t in yticks:
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{_f(sy(t))}" y2="{_f(sy(t))}"/>')
    out.append("</g>")
    out.append('<g class="axes" stroke="#444" stroke-width="1" fill="none">')
    out.append(f'<line x1="{x0}" x2="{x1}" y1="{y_bot}" y2="{y_bot}"/>')
    out.append(f'<line x1="{x0}" x2="{x0}" y1="{y_top}" y2="{y_bot}"/>')
    out.append("</g>")
    out.append('<g class="ylabels" font-size="11" text-anchor="end" fill="#333">')
    for t in yticks:
        out.append(f'<text x="{x0 - 6}" y="{_f(sy(t) + 4)}">{escape(fmt_num(t))}</text>')
    out.append("</g>")
    out.append('<g class="xlabels" font-size="11" text-anchor="middle" fill="#333">')
    last_x = -1e9
    for day in sorted(set(days)):
        x = sx(day)
        out.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{y_bot}" y2="{y_bot + 4}" stroke="#444"/>')
        if x - last_x >= 72:
            out.append(f'<text x="{_f(x)}" y="{y_bot + 17}">{dt.date.fromordinal(day).isoformat()}</text>')
            last_x = x
    out.append("</g>")
    out.append(
        f'<text class="axis-title" x="{_f((x0 + x1) / 2)}" y="{y_bot + 34}" font-size="11" '
        'text-anchor="middle" fill="#333">article date</text>'
    )
    out.append(
        f'<text class="axis-title" x="14" y="{_f((y_top + y_bot) / 2)}" font-size="11" '
        f'text-anchor="middle" fill="#333" transform="rotate(-90 14 {_f((y_top + y_bot) / 2)})">'
        f"{escape(unit or 'value')}</text>"
    )

    by_day: dict[int, list[Point]] = {}
    for p in points:
        by_day.setdefault(p.date.toordinal(), []).append(p)
    out.append('<g class="points">')
    for day, group in sorted(by_day.items()):
        for k, p in enumerate(group):
            x = sx(day) + (k - (len(group) - 1) / 2) * 9
            out.append(_point_svg(p, x, sy, colours.get(p.source, PALETTE[0])))
    out.append("</g>")

    out.append('<g class="legend" font-size="12" fill="#222">')
    for i, s in enumerate(sources):
        y = y_bot + BOTTOM + 4 + i * LEGEND_ROW
        out.append(
            f'<rect x="{x0}" y="{y}" width="12" height="12" fill="{colours.get(s, PALETTE[0])}"/>'
            f'<text x="{x0 + 18}" y="{y + 10}">{escape(s)}</text>'
        )
    out.append("</g></svg>")
    return "\n".join(out)


def _point_svg(p: Point, x: float, sy, colour: str) -> str:
    tip = escape(
        f"{p.source}, {p.date.isoformat()}: {p.text} = {_interval_text(p)}"
        f"{' (approx.)' if p.approx else ''}\n{p.claim}"
    )
    parts = [f'<g class="pt" data-source="{escape(p.source)}"><title>{tip}</title>']
    if p.low != p.high:
        ya, yb = sy(p.low), sy(p.high)
        parts.append(
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_f(ya)}" y2="{_f(yb)}" stroke="{colour}" stroke-width="2"/>'
        )
        for bound, yv, direction in ((p.low, ya, -1), (p.high, yb, 1)):
            if math.isfinite(bound):
                parts.append(
                    f'<line x1="{_f(x - 5)}" x2="{_f(x + 5)}" y1="{_f(yv)}" y2="{_f(yv)}" '
                    f'stroke="{colour}" stroke-width="2"/>'
                )
            else:  # open end: an arrow head pointing off the plot
                tip_y, base_y = yv, yv + direction * 8
                parts.append(
                    f'<polygon class="open" points="{_f(x)},{_f(tip_y)} {_f(x - 5)},{_f(base_y)} '
                    f'{_f(x + 5)},{_f(base_y)}" fill="{colour}"/>'
                )
    if math.isfinite(p.value):
        fill = "#fff" if p.approx else colour
        parts.append(
            f'<circle cx="{_f(x)}" cy="{_f(sy(p.value))}" r="4.5" fill="{fill}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    parts.append("</g>")
    return "".join(parts)
