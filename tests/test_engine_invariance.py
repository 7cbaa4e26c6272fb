"""One engine: for any articles and any ingest order or batching, the archive holds exactly
scan's conflicts, and `check FILE` against an archive of the other files reports exactly
scan's conflicts that involve FILE. Generated corpora, random orders (hypothesis), fake
embedder; tests/test_seeds_integration.py does it once with the real model on the seeds."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from claimdiff.archive.incremental import Archive
from claimdiff.archive.store import Store
from claimdiff.conflicts import fold
from claimdiff.embedding.engines import FakeEmbedder
from claimdiff.pipeline import analyse
from claimdiff.read.files import read_paths
from claimdiff.settings import Settings

PLACES = ["Tarvel", "Osmund", "Brekka", "Quillon", "Maravet", "Sundrell"]
THINGS = [("workers were laid off at the {p} car plant", "layoffs at the {p} car plant"),
          ("people were evacuated from the {p} flood zone", "flood evacuation in {p}"),
          ("troops were withdrawn from the {p} garrison", "troop withdrawal from {p}"),
          ("homes lost power after the {p} storm", "power cuts after the {p} storm")]
FILLER = ["Officials gave few other details on Tuesday.", "Local radio carried the announcement live.",
          "The regional governor is expected to speak later this week.",
          "Residents said they had heard nothing from the authorities."]


@st.composite
def corpora(draw):
    n_stories = draw(st.integers(2, 4))
    files = []
    for s in range(n_stories):
        place = PLACES[draw(st.integers(0, len(PLACES) - 1))] + str(s)
        what, title = THINGS[draw(st.integers(0, len(THINGS) - 1))]
        day = dt.date(2021, 1, 1) + dt.timedelta(days=40 * s)
        for o in range(draw(st.integers(1, 3))):
            n = draw(st.sampled_from([1200, 1500, 2000, 2500]))
            neg = draw(st.booleans())
            lines = [f"{title.format(p=place).capitalize()}",
                     f"Officials said {n:,} {what.format(p=place)} this week.",
                     ("No curfew was imposed in " if neg else "A curfew was imposed in ") + f"{place} on Monday.",
                     FILLER[(s + o) % len(FILLER)], FILLER[(s + 2 * o + 1) % len(FILLER)]]
            date = day + dt.timedelta(days=o)
            files.append((f"s{s}o{o}.md", f"---\ntitle: {lines[0]}\npublisher: Outlet {o}\ndate: {date}\n---\n"
                          + "\n\n".join(lines[1:]) + "\n"))
    return files


def _write(tmp, files):
    tmp.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files:
        (tmp / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp / name))
    return paths


def _ids(conflicts):
    return sorted(c.id for c in conflicts)


SETTINGS = Settings(relations=("contradiction", "update"))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=corpora(), data=st.data())
def test_archive_and_check_agree_with_scan(tmp_path_factory, files, data):
    tmp = tmp_path_factory.mktemp("corpus")
    paths = _write(tmp / "articles", files)
    arts = {a.path: a for a in read_paths(paths).articles}
    scan = analyse(list(arts.values()), SETTINGS, FakeEmbedder())

    # ingest in a random order and random batches
    order = data.draw(st.permutations(paths))
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=3)))
    batches = [order[i:j] for i, j in zip([0] + cuts, cuts + [len(order)]) if order[i:j]]
    root = tmp / "store"
    for b in batches:
        with Store(root, create=True, writer=True) as s:
            Archive(s, SETTINGS, kind="fake", embedder=FakeEmbedder()).ingest([arts[p] for p in b])
    with Store(root) as s:
        # the store keeps every row; it lists them as scan does, one row per disagreement (conflicts.fold)
        assert _ids(c for c, _ in s.conflicts(None)) == _ids((*scan.conflicts, *scan.repeated))
        assert _ids(c for c, _ in s.listed(None)) == _ids(scan.conflicts)
        assert sorted(s.stories(), key=lambda x: x.id) == sorted(scan.stories, key=lambda x: x.id)

    # check each file against an archive of the others
    target = data.draw(st.sampled_from(paths))
    others = tmp / "others"
    with Store(others, create=True, writer=True) as s:
        Archive(s, SETTINGS, kind="fake", embedder=FakeEmbedder()).ingest([arts[p] for p in paths if p != target])
    with Store(others) as s:
        got = Archive(s, SETTINGS, kind="fake", embedder=FakeEmbedder()).check([arts[target]])
    aid = arts[target].id
    mine = [c for c in (*scan.conflicts, *scan.repeated) if aid in (c.a.article_id, c.b.article_id)]
    assert _ids(got) == _ids(fold(mine)[0])  # the new article's rows, folded among themselves


def test_generated_corpus_has_conflicts_to_compare(tmp_path):
    """The invariance test above is only worth something if its corpora produce rows."""
    files = [(f"s0o{o}.md", f"---\ntitle: Layoffs at the Tarvel car plant\npublisher: Outlet {o}\n"
                            f"date: 2021-01-0{o + 1}\n---\nOfficials said {n:,} workers were laid off at the "
                            f"Tarvel car plant this week.\n\nOfficials gave few other details on Tuesday.\n")
             for o, n in enumerate([1200, 2500])]
    paths = _write(tmp_path, files)
    scan = analyse(read_paths(paths).articles, SETTINGS, FakeEmbedder())
    assert [c.kind for c in scan.conflicts] == ["numeric"]
