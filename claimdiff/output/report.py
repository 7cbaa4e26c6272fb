"""The HTML report: one self-contained, offline file (inline CSS, a small inline script,
inline SVG charts; nothing is fetched).

Layout: a header with the counts and the generation parameters; filters (kind, source)
that only appear when JavaScript runs (without it every conflict shows); then one section
per topic with its timeline chart(s) and its conflicts, each shown as two claims side by
side with the differing spans marked, their provenance and the surrounding text.

Every string that comes from an article, a path, a verdict or the caller is escaped with
`html.escape` (also inside attributes and SVG tooltips); the script reads its data from
escaped attributes and never writes HTML. Output is deterministic: nothing depends on the
clock unless the caller passes `generated`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from html import escape

from claimdiff.output import chart
from claimdiff.output import export
from claimdiff.models import Article, Conflict, ScanResult, Side

CONTEXT_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)")

CSS = """
:root{--a:#0072B2;--b:#D55E00;--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
 margin:0 auto;max-width:1200px;padding:16px 24px 48px}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;margin:1.6em 0 .3em;border-bottom:2px solid var(--line)}
.counts{display:flex;gap:24px;flex-wrap:wrap;margin:.5em 0}
.counts div{background:#f4f4f6;border-radius:6px;padding:6px 14px}.counts b{font-size:1.4em;display:block}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:.9em;color:var(--muted)}
dl.params dt{font-weight:600}dl.params dd{margin:0}
#filters{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:8px 0;z-index:2}
#filters fieldset{display:inline-block;border:1px solid var(--line);border-radius:6px;margin-right:12px}
.topic-meta,.muted{color:var(--muted);font-size:.9em}
.chart{overflow-x:auto;margin:8px 0}
article.conflict{border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:10px 14px}
.conflict>header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.kind{font-weight:700;text-transform:uppercase;font-size:.8em;background:#eef;padding:2px 8px;border-radius:10px}
.score{font-variant-numeric:tabular-nums}.status{font-size:.85em;border:1px solid var(--line);padding:1px 6px;border-radius:4px}
.cid{font-size:.8em;color:var(--muted)}.explanation{margin:.4em 0 .6em;font-weight:500}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:14px}
@media (max-width:760px){.sides{grid-template-columns:1fr}}
.side{border-top:4px solid var(--a);padding-top:4px;min-width:0}.side-b{border-top-color:var(--b)}
.side h3{font-size:.95em;margin:.2em 0}
blockquote.claim{margin:.3em 0;padding:.4em .6em;background:#fafafa;border-left:3px solid var(--line);
 white-space:pre-wrap;overflow-wrap:anywhere}
mark{background:#ffe066;padding:0 1px;border-radius:2px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 10px;font-size:.85em;margin:.3em 0}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
details summary{cursor:pointer;color:var(--muted);font-size:.9em}
.context{white-space:pre-wrap;font-size:.9em;background:#f7f7f9;padding:.5em;overflow-wrap:anywhere}
.context .here{background:#dbeafe;font-weight:600}
.note{font-size:.9em;border-left:3px solid #999;padding-left:8px}
[hidden]{display:none!important}
"""

JS = """
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('article.conflict'));
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name=kind]'));
  var select = form.querySelector('select[name=source]');
  var shown = document.getElementById('shown');
  function apply() {
    var kinds = {}, source = select.value, n = 0;
    boxes.forEach(function (b) { if (b.checked) kinds[b.value] = true; });
    rows.forEach(function (r) {
      var ok = kinds[r.getAttribute('data-kind')] === true &&
        (!source || JSON.parse(r.getAttribute('data-sources')).indexOf(source) >= 0);
      r.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + rows.length + ' conflicts shown';
  }
  // Filters can be preset from the address: report.html#kind=numeric,framing&source=...
  var preset = new URLSearchParams(location.hash.slice(1));
  if (preset.has('kind')) {
    var want = preset.get('kind').split(',');
    boxes.forEach(function (b) { b.checked = want.indexOf(b.value) >= 0; });
  }
  if (preset.has('source')) {
    var s = preset.get('source');
    Array.prototype.forEach.call(select.options, function (o) { if (o.value === s) select.value = s; });
  }
  form.addEventListener('change', apply);
  form.hidden = false;
  apply();
  document.documentElement.setAttribute('data-filters', 'ready');
})();
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def highlight(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """`text` escaped, with each span (clipped, sorted, overlaps merged) in `<mark>`."""
    merged: list[list[int]] = []
    for s, e in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, pos = [], 0
    for s, e in merged:
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def context(text: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> tuple[str, str, str, bool, bool]:
    """(before, claim, after, cut_before, cut_after): about `chars` characters of `text`
    either side of [start, end), cut at sentence boundaries where there is one."""
    lo, hi = max(0, start - chars), min(len(text), end + chars)
    cut_before = cut_after = False
    if lo > 0:
        m = _SENTENCE_END.search(text, lo, start)
        if m:
            lo = m.end()
        else:
            cut_before = True
    if hi < len(text):
        last = None
        for last in _SENTENCE_END.finditer(text, end, hi):
            pass
        if last:
            hi = last.end()
        else:
            cut_after = True
    return text[lo:start].strip(), text[start:end], text[end:hi].strip(), cut_before, cut_after


def _locate(side: Side, art: Article | None) -> tuple[int, int] | None:
    if art is None:
        return None
    if 0 <= side.start <= side.end <= len(art.text) and art.text[side.start : side.end] == side.text:
        return side.start, side.end
    i = art.text.find(side.text)
    return (i, i + len(side.text)) if i >= 0 and side.text else None


def _side_html(side: Side, letter: str, art: Article | None, colour: str | None) -> str:
    rows = [
        ("Source", _e(side.source)),
        ("Date", _e(side.date.isoformat()) if side.date else "undated"),
        ("Title", _e(side.title) if side.title else "—"),
        ("Article", f"<code>{_e(side.article)}</code>"),
    ]
    if side.url:
        rows.append(("URL", f"<code>{_e(side.url)}</code>"))
    meta = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    span = _locate(side, art)
    if span:
        before, here, after, cut_b, cut_a = context(art.text, *span)
        ctx = (
            "<details><summary>Surrounding text</summary><p class=\"context\">"
            f"{'…' if cut_b else ''}{escape(before)} <span class=\"here\">{escape(here)}</span> "
            f"{escape(after)}{'…' if cut_a else ''}</p></details>"
        )
    else:
        ctx = '<p class="muted">Surrounding text not available in this scan.</p>'
    # the source's chart colour (a constant from chart.PALETTE, never article text)
    style = f' style="border-top-color:{colour}"' if colour else ""
    return (
        f'<section class="side side-{letter}"{style}><h3>{letter.upper()} · {_e(side.source)}</h3>'
        f'<blockquote class="claim">{highlight(side.text, side.highlights)}</blockquote>'
        f'<dl class="meta">{meta}</dl>{ctx}</section>'
    )


def _conflict_html(c: Conflict, verdicts, articles: Mapping[str, Article], colours) -> str:
    status, note = export.verdict_of(verdicts, c.id)
    sources = json.dumps(sorted({c.a.source, c.b.source}))
    score = export.round_score(c.score)
    note_html = f'<p class="note"><b>Note:</b> {_e(note)}</p>' if note else ""
    return (
        f'<article class="conflict" id="c-{_e(c.id)}" data-kind="{_e(c.kind)}" data-sources="{_e(sources)}">'
        f'<header><span class="kind">{_e(c.kind)}</span>'
        f'<span class="score">score {"n/a" if score is None else f"{score:.3f}"}</span>'
        f'<span class="status">{_e(status)}</span><code class="cid">{_e(c.id)}</code></header>'
        f'<p class="explanation">{_e(c.explanation)}</p>'
        f'<div class="sides">{_side_html(c.a, "a", articles.get(c.a.article_id), colours.get(c.a.source))}'
        f'{_side_html(c.b, "b", articles.get(c.b.article_id), colours.get(c.b.source))}</div>{note_html}</article>'
    )


def _header(result: ScanResult, title: str, params, generated) -> str:
    counts = (
        ("articles", len(result.articles)),
        ("claims", len(result.claims)),
        ("topics", len(result.topics)),
        ("conflicts", len(result.conflicts)),
    )
    out = [f"<header><h1>{_e(title)}</h1><div class=\"counts\">"]
    out += [f'<div class="count-{k}"><b>{n:,}</b>{k}</div>' for k, n in counts]
    out.append("</div>")
    items = sorted((str(k), v) for k, v in (params or {}).items())
    if generated:
        items.insert(0, ("generated", generated))
    if items:
        out.append('<dl class="params">')
        out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items]
        out.append("</dl>")
    if result.skipped:
        out.append(f"<details><summary>{len(result.skipped)} input(s) skipped</summary><ul>")
        out += [f"<li>{_e(s)}</li>" for s in result.skipped]
        out.append("</ul></details>")
    out.append("</header>")
    return "".join(out)


def _filters(conflicts: tuple[Conflict, ...]) -> str:
    if not conflicts:
        return ""
    kinds: dict[str, int] = {}
    for c in conflicts:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    sources = sorted({s for c in conflicts for s in (c.a.source, c.b.source)})
    boxes = "".join(
        f'<label><input type="checkbox" name="kind" value="{_e(k)}" checked> {_e(k)} ({n})</label> '
        for k, n in sorted(kinds.items())
    )
    options = "".join(f'<option value="{_e(s)}">{_e(s)}</option>' for s in sources)
    return (
        '<form id="filters" hidden><fieldset><legend>Kind</legend>'
        f"{boxes}</fieldset><fieldset><legend>Source</legend>"
        f'<select name="source"><option value="">all sources</option>{options}</select></fieldset>'
        '<output id="shown"></output></form>'
    )


def render_html(
    result: ScanResult,
    verdicts: export.Verdicts | None = None,
    title: str = "claimdiff report",
    *,
    params: Mapping[str, object] | None = None,
    generated: str | None = None,
) -> str:
    """The whole report as one HTML document. `verdicts`: conflict_id -> (status, note);
    `params`: generation parameters to list in the header (e.g. thresholds, model);
    `generated`: a timestamp string to show (omitted by default, for reproducible output)."""
    articles = {a.id: a for a in result.articles}
    claims = {c.id: c for c in result.claims}
    colours = chart.source_colours(
        [a.source for a in result.articles] + [s.source for c in result.conflicts for s in (c.a, c.b)]
    )
    by_topic: dict[str, list[Conflict]] = {}
    for c in sorted(result.conflicts, key=export.sort_key):
        by_topic.setdefault(c.topic_id, []).append(c)

    body = [_header(result, title, params, generated), _filters(result.conflicts)]
    # topics with conflicts first (most first); the rest are listed, folded, at the end
    ordered = sorted(result.topics, key=lambda t: (-len(by_topic.get(t.id, [])), -len(t.claim_ids), t.id))
    with_conflicts = [t for t in ordered if by_topic.get(t.id)]
    quiet_topics = [t for t in ordered if not by_topic.get(t.id)]
    if with_conflicts:
        body.append("<nav><h2>Topics with conflicts</h2><ol>")
        body += [
            f'<li><a href="#topic-{_e(t.id)}">{_e(t.label)}</a> '
            f'<span class="muted">({len(t.claim_ids)} claims, {len(by_topic.get(t.id, []))} conflicts)</span></li>'
            for t in with_conflicts
        ]
        body.append("</ol></nav>")
    for t in with_conflicts:
        body.append(
            f'<section class="topic" id="topic-{_e(t.id)}"><h2>{_e(t.label)}</h2>'
            f'<p class="topic-meta">topic <code>{_e(t.id)}</code> · {len(t.claim_ids)} claims · '
            f"{len(by_topic.get(t.id, []))} conflicts</p>"
        )
        # a timeline only of numbers that share one referent, from two articles or more
        charts = chart.topic_charts(t, claims, articles)
        for ch in charts:
            body.append(
                f'<figure class="chart">{chart.timeline_svg(ch.points, ch.unit, colours)}'
                f"<figcaption class=\"muted\">{_e(ch.label)} by article date: dot = value as "
                "written (hollow = approximate), bar = interval, arrow = open-ended bound.</figcaption></figure>"
            )
        if not charts:
            body.append('<p class="muted">No number that two articles give for the same thing: nothing to chart.</p>')
        body += [_conflict_html(c, verdicts, articles, colours) for c in by_topic.pop(t.id, [])]
        body.append("</section>")
    if quiet_topics:
        body.append(f'<details class="quiet-topics"><summary>{len(quiet_topics)} topics without conflicts</summary><ol>')
        body += [f'<li id="topic-{_e(t.id)}">{_e(t.label)} <span class="muted">({len(t.claim_ids)} claims)</span></li>'
                 for t in quiet_topics]
        body.append("</ol></details>")
    rest = [c for cs in by_topic.values() for c in cs]
    if rest:
        body.append('<section class="topic" id="topic-other"><h2>Conflicts outside the listed topics</h2>')
        body += [_conflict_html(c, verdicts, articles, colours) for c in sorted(rest, key=export.sort_key)]
        body.append("</section>")
    if not result.conflicts:
        body.append('<p class="muted">No conflicts found.</p>')

    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="claimdiff"><title>{_e(title)}</title>'
        f"<style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{JS}</script>\n</body></html>\n"
    )
