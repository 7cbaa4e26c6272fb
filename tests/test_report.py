"""claimdiff.output.report / claimdiff.output.chart: escaping, highlights, charts, self-containment."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimdiff.output import chart
from claimdiff.output import report
from claimdiff.models import ScanResult
from claimdiff.output.report import context, highlight, render_html

from . import report_fixtures as fx


class Collect(HTMLParser):
    """Start tags with their attributes, text, and the content of each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(html: str) -> Collect:
    p = Collect()
    p.feed(html)
    p.close()
    return p


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(fx.scan_result(), fx.VERDICTS, params={"threshold": 0.5, "model": "all-MiniLM-L6-v2"})


@pytest.fixture(scope="module")
def doc(html) -> Collect:
    return parse(html)


def test_is_a_complete_document(html):
    assert html.startswith("<!DOCTYPE html>\n<html")
    assert html.endswith("</body></html>\n")
    assert '<meta charset="utf-8">' in html


def test_header_counts_and_parameters(html):
    for n, what in ((4, "articles"), (10, "claims"), (2, "topics"), (4, "conflicts")):
        assert f'<div class="count-{what}"><b>{n}</b>{what}</div>' in html
    assert "<dt>threshold</dt><dd>0.5</dd>" in html and "<dt>model</dt><dd>all-MiniLM-L6-v2</dd>" in html
    assert "seeds/broken.pdf: not a text" in html


def test_article_script_is_text_and_never_a_script(html, doc):
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [t for t, _ in doc.tags].count("script") == 1
    assert doc.scripts == [report.JS]  # the only script is ours
    assert any("<script>alert(1)</script>" in t for t in doc.text)  # visible as text


def test_hostile_markup_is_escaped_everywhere(html, doc):
    assert not [t for t, _ in doc.tags if t in ("img", "iframe", "object", "embed", "link")]
    assert "onerror=" not in html.replace("onerror=&quot;", "")
    assert "<b>Evil</b>" not in html and "&lt;b&gt;Evil&lt;/b&gt; Press" in html
    assert "<b>ministry</b>" not in html
    # a path with <, & and quotes, shown as text
    assert "seeds/&lt;hostile&gt; &amp; &quot;quoted&quot;.txt" in html
    # attribute values parse back to the original strings (no attribute breaks out)
    sources = [json.loads(a["data-sources"]) for t, a in doc.tags if t == "article"]
    assert ["<b>Evil</b> Press / =cmd|' /C calc'!A0", "Strategic Council Online / Hassan Hanizadeh"] in sources
    options = [a["value"] for t, a in doc.tags if t == "option"]
    assert "<b>Evil</b> Press / =cmd|' /C calc'!A0" in options


def test_title_and_verdict_text_are_escaped():
    verdicts = {fx.CONFLICT_HOSTILE.id: ("<i>x</i>", "<script>alert(2)</script>")}
    html = render_html(fx.scan_result(), verdicts, title="<script>alert(3)</script> & co")
    assert "<title>&lt;script&gt;alert(3)&lt;/script&gt; &amp; co</title>" in html
    assert "alert(2)</script>" not in html and "&lt;script&gt;alert(2)" in html
    assert "<i>x</i>" not in html
    assert parse(html).scripts == [report.JS]


def test_tooltips_in_svg_are_escaped(html):
    svg = html[html.index("<svg") : html.index("</svg>")]
    titles = re.findall(r"<title>(.*?)</title>", svg, re.S)
    hostile = [t for t in titles if "Evil" in t]
    assert hostile and all("&lt;b&gt;Evil&lt;/b&gt;" in t and "<b>" not in t for t in hostile)
    assert any("=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)" in t for t in hostile)


def test_highlights_are_marked(html):
    assert "and <mark>2,000</mark> US troops" in html
    assert "<mark>At least 2,500</mark> US troops have been withdrawn" in html
    assert "as a <mark>bilateral security partnership</mark> with Baghdad" in html
    assert "as a <mark>withdrawal</mark> forced by" in html
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> officials <mark>deny</mark>" in html


def test_highlight_clips_sorts_and_merges_spans():
    assert highlight("a<b>c", ((1, 4),)) == "a<mark>&lt;b&gt;</mark>c"
    assert highlight("abcdef", ((3, 5), (0, 2), (1, 3), (4, 99), (-5, 0), (6, 6))) == "<mark>abcdef</mark>"
    assert highlight("abcdef", ((4, 5), (0, 1))) == "<mark>a</mark>bcd<mark>e</mark>f"
    assert highlight("x & y", ()) == "x &amp; y"


def test_context_is_cut_at_sentence_boundaries():
    sentences = [f"Sentence number {i} says something about troops." for i in range(40)]
    text = " ".join(sentences)
    target = sentences[20]
    start = text.index(target)
    before, here, after, cut_b, cut_a = context(text, start, start + len(target))
    assert here == target
    assert before and after and not cut_b and not cut_a
    assert before.startswith("Sentence number") and before.rstrip().endswith("troops.")
    assert after.endswith("troops.") and after.lstrip().startswith("Sentence number 21")
    assert 150 < len(before) <= 300 and 150 < len(after) <= 300
    # a short article: everything, nothing cut
    before, here, after, cut_b, cut_a = context(fx.TEXT_B, fx.C_B1.start, fx.C_B1.end)
    assert before == "US to cut troops in Iraq." and after.startswith("The Pentagon") and after.endswith("Iraq.")


def test_context_without_boundaries_is_marked_as_cut():
    text = "x" * 1000
    before, here, after, cut_b, cut_a = context(text, 500, 510)
    assert cut_b and cut_a and len(before) == 300 and len(after) == 300


def test_each_side_shows_provenance_and_surrounding_text(html):
    numeric = html[html.index(f'id="c-{fx.CONFLICT_NUMERIC.id}"') :]
    numeric = numeric[: numeric.index("</article>")]
    for s in ("2020-08-31", "2020-10-05", "Strategic Council Online / Hassan Hanizadeh",
              "Digital Journal / Ken Hanly", "US to cut troops in Iraq",
              "seeds/digital_journal_2020-10-05.txt", "<details><summary>Surrounding text</summary>",
              "The Pentagon describes the arrangement", "troops withdrawn: 2,000 vs at least 2,500",
              '<span class="kind">numeric</span>', "score 0.867", '<span class="status">confirmed</span>',
              "Both cite officials"):
        assert s in numeric, s
    assert numeric.index('class="side side-a"') < numeric.index('class="side side-b"')


def test_chart_per_topic_with_axes_legend_and_open_bounds(html):
    assert html.count('<svg class="timeline"') == 1  # one unit (troops) in one topic
    svg = html[html.index("<svg") : html.index("</svg>")]
    for date in ("2020-08-31", "2020-09-15", "2020-10-05"):
        assert f">{date}</text>" in svg
    assert ">article date</text>" in svg and ">troops</text>" in svg
    legend = svg[svg.index('<g class="legend"') :]
    assert "Digital Journal / Ken Hanly" in legend and "Strategic Council Online / Hassan Hanizadeh" in legend
    # one referent, US troops withdrawn from Iraq: 2,000, at least 2,500, 1,500 (the undated 2,200 skipped);
    # the troops that remain ("fewer than 3,000", "about 3,000", "up to 4,000") name no event: not on it
    assert svg.count('<g class="pt"') == 3
    assert "2,200" not in svg and "Undated wire copy" not in svg
    assert "Fewer than 3,000" not in svg and "About 3,000" not in svg and "Up to 4,000" not in svg
    assert svg.count('class="open"') == 1  # at least 2,500 (up)
    assert "troops · withdraw · us · iraq by article date" in html
    # the second topic has no conflicts: listed, folded, at the end, without a chart
    assert "1 topics without conflicts" in html and "Strategic dialogue" in html


def test_chart_colours_are_one_per_source():
    colours = chart.source_colours(["b", "a", "b", "c"])
    assert list(colours) == ["a", "b", "c"] and len(set(colours.values())) == 3


def test_self_contained_no_external_resources(html, doc):
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<link" not in html.lower() and "@import" not in html and "url(" not in html
    hrefs = [a.get("href") for _, a in doc.tags if "href" in a]
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert not [a for _, a in doc.tags if "src" in a]


def test_filters_are_hidden_until_script_runs(html, doc):
    assert '<form id="filters" hidden>' in html
    kinds = sorted(a["value"] for t, a in doc.tags if t == "input" and a.get("name") == "kind")
    assert kinds == ["framing", "negation", "numeric"]
    rows = [a for t, a in doc.tags if t == "article" and "conflict" in (a.get("class") or "")]
    assert len(rows) == 4 and not any("hidden" in a for a in rows)


def test_output_is_deterministic():
    r = fx.scan_result()
    shuffled = r.model_copy(update={"conflicts": tuple(reversed(r.conflicts)),
                                    "articles": tuple(reversed(r.articles))})
    first = render_html(r, fx.VERDICTS)
    assert render_html(r, fx.VERDICTS) == first
    assert render_html(shuffled, fx.VERDICTS) == first
    assert "generated" not in first
    assert "<dt>generated</dt><dd>2026-01-02 03:04 UTC</dd>" in render_html(r, generated="2026-01-02 03:04 UTC")


def test_empty_result_renders():
    html = render_html(ScanResult(articles=(), claims=(), topics=(), conflicts=()))
    assert "No conflicts found." in html and "<svg" not in html and 'id="filters"' not in html


def test_side_with_unknown_article_has_no_context():
    r = fx.scan_result()
    only_b = r.model_copy(update={"articles": (fx.ART_B,)})
    html = render_html(only_b)
    assert "Surrounding text not available in this scan." in html


def test_modules_stay_small():
    for mod in (report, chart):
        assert len(Path(mod.__file__).read_text(encoding="utf-8").splitlines()) < 400


def _pt(day: int, source: str, value: float, low: float | None = None, high: float | None = None):
    import datetime as dt

    low = value if low is None else low
    high = value if high is None else high
    return chart.Point(dt.date(2021, 1, day), source, value, low, high, False, f"{value} x", "claim")


@pytest.mark.parametrize(
    "points",
    [
        [_pt(1, "a", 5)],  # one point, one date
        [_pt(1, "a", 0), _pt(1, "b", 0)],  # all zero, same date
        [_pt(1, "a", -40), _pt(9, "b", -3.5)],  # negative values
        [_pt(1, "a", 2.5, 2.0, 3.0), _pt(2, "b", 1e9)],  # tiny and huge
        [_pt(1, "a", 10, float("-inf"), float("inf"))],  # both bounds open
        [_pt(d, f"s{d}", d) for d in range(1, 12)],  # more sources than colours
    ],
)
def test_timeline_handles_edge_cases(points):
    colours = chart.source_colours(p.source for p in points)
    svg = chart.timeline_svg(points, "troops", colours)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<g class="pt"') == len(points)
    assert "nan" not in svg.lower().replace("nano", "") and "inf" not in svg
    numbers = [float(n) for n in re.findall(r'(?:x|y|x1|x2|y1|y2|cx|cy)="(-?[\d.]+)"', svg)]
    assert numbers and all(-1 <= n <= 1000 for n in numbers)  # everything inside the drawing


def test_one_chart_per_unit():
    troops = fx.C_A1.quantities[0]
    pct = troops.model_copy(update={"unit": "percent", "text": "40 percent", "value": 40, "low": 40, "high": 40})
    # a chart needs two dated values of its unit: give two claims a percentage
    changed = {c.id: c.model_copy(update={"quantities": (pct,)}) for c in (fx.C_B2, fx.C_C2)}
    r = fx.scan_result()
    r = r.model_copy(update={"claims": tuple(changed.get(c.id, c) for c in r.claims)})
    html = render_html(r)
    assert html.count('<svg class="timeline"') == 2
    assert ">percent</text>" in html and ">troops</text>" in html


def _with_quantities(changes):
    """fx.scan_result() with some claims' quantities replaced: {claim: (Quantity, ...)}."""
    r = fx.scan_result()
    by_id = {c.id: q for c, q in changes.items()}
    return r.model_copy(update={"claims": tuple(c.model_copy(update={"quantities": by_id[c.id]}) if c.id in by_id
                                                else c for c in r.claims)})


def _charts(result):
    claims = {c.id: c for c in result.claims}
    arts = {a.id: a for a in result.articles}
    return chart.topic_charts(fx.TOPIC_TROOPS, claims, arts)


def _q(base, **kw):
    return base.model_copy(update=kw)


def test_two_numbers_from_one_article_are_not_one_referent():
    # "withdrew from two bases" and "had 12 bases": one source, one article, one unit and event
    base = fx.C_A1.quantities[0]
    two = _q(base, unit="base", event="present", modifiers=(), place=None, text="two bases", value=2, low=2, high=2)
    twelve = _q(two, text="12 military bases", value=12, low=12, high=12)
    r = _with_quantities({fx.C_A2: (two,), fx.C_A3: (twelve,)})
    assert [c.unit for c in _charts(r)] == ["troops"]
    # the same count from a second article makes it one referent again
    r = _with_quantities({fx.C_A2: (two,), fx.C_B2: (two,)})
    (bases,) = [c for c in _charts(r) if c.unit == "base"]
    assert sorted(p.source for p in bases.points) == ["Digital Journal / Ken Hanly", "Strategic Council Online / Hassan Hanizadeh"]


def test_durations_are_never_charted():
    base = fx.C_A1.quantities[0]
    years = [_q(base, unit="year", event="withdraw", modifiers=(), place=None, text=t, value=v, low=v, high=v)
             for t, v in (("over 3 years", 3), ("8 years", 8))]
    r = _with_quantities({fx.C_A2: (years[0],), fx.C_B2: (years[1],)})
    assert [c.unit for c in _charts(r)] == ["troops"]
    html = render_html(r)
    assert html.count('<svg class="timeline"') == 1 and "over 3 years" not in html.split("<svg")[1].split("</svg>")[0]


def test_clashing_modifiers_are_two_referents_and_unnamed_ones_join_the_only_one():
    us = fx.C_A1.quantities[0]  # us, iraq, withdraw
    plain = _q(us, modifiers=(), place=None, text="2,100 troops", value=2100, low=2100, high=2100)
    r = _with_quantities({fx.C_B1: (plain,)})  # "2,100 troops withdrawn": no nationality, no place
    (ch,) = _charts(r)
    assert sorted(p.value for p in ch.points) == [1500, 2000, 2100] and ch.qualifiers == ("us", "iraq")
    iraqi = _q(us, modifiers=("iraqi",), text="2,100 Iraqi troops", value=2100, low=2100, high=2100)
    iraqi_c = _q(iraqi, text="900 Iraqi troops", value=900, low=900, high=900)
    r = _with_quantities({fx.C_B1: (iraqi,), fx.C_C1: (iraqi_c,)})
    # us: only article A is left (C's 1,500 became Iraqi): no chart; iraqi: B and C
    (ch,) = _charts(r)
    assert ch.qualifiers == ("iraqi", "iraq") and sorted(p.value for p in ch.points) == [900, 2100]
