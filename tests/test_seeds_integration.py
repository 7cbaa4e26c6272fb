"""End to end on the seed articles with the real model (marked `model`)."""

import re

import pytest

from claimdiff.pipeline import scan
from claimdiff.settings import Settings

from .conftest import SEEDS

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def result(real_embedder):
    return scan([SEEDS], Settings(relations=("contradiction", "update")), real_embedder)


def test_reads_all_seeds_with_metadata(result):
    assert len(result.articles) == 5 and result.skipped == ()
    assert all(a.publisher and a.date for a in result.articles)


def test_troop_count_conflict(result):
    hits = [c for c in result.conflicts if c.kind == "numeric"
            and {"2,000", "2,500"} <= set(re.findall(r"\d,\d{3}", c.a.text + " " + c.b.text))
            and "troops" in c.a.text and "troops" in c.b.text]
    assert hits, [c.explanation for c in result.conflicts]
    c = hits[0]
    assert "2,000" in c.explanation and "2,500" in c.explanation
    # "have been withdrawn already" is a running total reported later: an update, said in plain words
    assert c.relation == "update" and "a later, higher figure" in c.explanation
    assert (c.a.date.isoformat(), c.b.date.isoformat()) == ("2020-08-31", "2020-10-05")
    assert c.a.publisher == "Strategic Council Online" and c.b.publisher == "Digital Journal"


def test_withdrawal_vs_partnership_framing(result):
    hits = [c for c in result.conflicts if c.kind == "framing" and "withdrawal" in c.explanation
            and "partnership" in c.explanation]
    assert hits, [c.explanation for c in result.conflicts]
    assert all(c.a.date and c.b.date and c.a.source and c.b.source for c in hits)


def test_every_row_is_worth_reading(result):
    rows = result.conflicts
    assert 0 < len(rows) < 40
    for c in rows:
        assert c.a.article_id != c.b.article_id
        both = c.a.text + " || " + c.b.text
        # chrome never becomes a claim
        assert not re.search(r"LATEST CONTENT|Submit a Comment|Log in|Últimas", both)
        if c.kind == "numeric":
            # unrelated numbers are never paired
            assert not ("Marines" in c.a.text) ^ ("Marines" in c.b.text), c.explanation
            assert "ISIS fighters" not in both, c.explanation
            assert not re.search(r"\b(19|20)\d\d\b", c.explanation.split(";")[0]), c.explanation


def test_seed_report_shows_the_troop_pair_chart_and_escapes_articles(tmp_path, real_embedder):
    import shutil

    from claimdiff.output.report import render_html

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    # a scraped page whose title carries markup and whose sentence contradicts a seed (so it is shown)
    (folder / "zz_hostile.txt").write_text(
        "<script>alert(1)</script> Prospects of the US troop pullout from Iraq\n\nSeptember 10, 2020\n\n"
        "The Iraqi Prime Minister has called on Donald Trump to withdraw US troops from Iraq.\n\n"
        "In other words, the withdrawal of 3,000 "
        "American troops will be a prelude to the complete withdrawal of these forces from Iraq.\n", encoding="utf-8")
    result = scan([folder], Settings(relations=("contradiction", "update")), real_embedder)
    page = render_html(result)
    numeric = [c for c in result.conflicts if c.kind == "numeric" and "2,000" in c.explanation]
    assert numeric and numeric[0].id in page
    assert "<mark>2,000 American troops</mark>" in page and re.search(r"<mark>[^<]*2,500[^<]*troops</mark>", page)
    assert '<svg class="timeline"' in page and ">troops</text>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_scan_ingest_in_any_order_and_check_agree_on_the_seeds(tmp_path, real_embedder):
    """The one-engine invariant with the real model: scan, ingest one file at a time in file
    order and in reverse, and check of each seed against an archive of the other four."""
    import os

    from claimdiff.archive.incremental import Archive
    from claimdiff.archive.store import Store
    from claimdiff.read.files import read_paths

    every = Settings(relations=("contradiction", "update"))
    files = sorted(os.path.join(SEEDS, f) for f in os.listdir(SEEDS) if f.endswith(".txt"))
    arts = {p: read_paths([p]).articles[0] for p in files}
    want = sorted(c.id for c in scan([SEEDS], every, real_embedder).conflicts)
    assert want
    for name, order in (("forward", files), ("reverse", files[::-1])):
        for p in order:
            with Store(tmp_path / name, create=True, writer=True) as st:
                Archive(st, every, embedder=real_embedder).ingest([arts[p]])
        with Store(tmp_path / name) as st:
            assert sorted(c.id for c, _ in st.conflicts(None)) == want, name
    for p in files:
        root = tmp_path / ("without-" + os.path.basename(p))
        with Store(root, create=True, writer=True) as st:
            Archive(st, every, embedder=real_embedder).ingest([arts[q] for q in files if q != p])
        with Store(root) as st:
            got = Archive(st, every, embedder=real_embedder).check([arts[p]])
        mine = [c for c in scan([SEEDS], every, real_embedder).conflicts if arts[p].id in (c.a.article_id, c.b.article_id)]
        assert sorted(c.id for c in got) == sorted(c.id for c in mine), p
