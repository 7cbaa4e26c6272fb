import json

from claimdiff.read.files import read_paths
from claimdiff.read.normalise import normalise
from claimdiff.read.sentences import split_sentences

from .conftest import DATA


def test_sidecar_and_front_matter_metadata():
    r = read_paths([f"{DATA}/numeric_conflict_a.txt", f"{DATA}/numeric_conflict_b.md"])
    assert r.skipped == []
    a, b = sorted(r.articles, key=lambda x: x.path)
    assert (a.publisher, a.author, a.date.isoformat(), a.date_source) == ("Labour Ministry Bulletin", "Press Office", "2023-03-03", "metadata")
    assert (b.publisher, b.author, b.title, b.date.isoformat()) == ("Coastal Courier", "Dana Reyes", "Harbor plant layoffs far larger than announced", "2023-03-10")
    assert "title:" not in b.text


def test_date_falls_back_to_text(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("Storm closes port\n\nJune 5, 2023\n\nThe port closed on Sunday after the storm damaged two cranes, officials said.\n")
    (a,) = read_paths([p]).articles
    assert a.date.isoformat() == "2023-06-05" and a.date_source == "text"


def test_jsonl_articles_and_bad_line_number(tmp_path):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": "x1", "text": "Officials said 40 homes were flooded in the valley on Monday.", "publisher": "Valley News", "date": "2022-02-01"}) + "\n"
                 + "{not json\n"
                 + json.dumps({"title": "no text"}) + "\n")
    r = read_paths([p])
    assert [a.path for a in r.articles] == [f"{p}#x1"]
    assert r.articles[0].publisher == "Valley News"
    assert len(r.skipped) == 2
    assert "line 2" in r.skipped[0] and "line 3" in r.skipped[1]


def test_bad_inputs_are_skipped_with_one_line_each(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "ok.txt").write_text("Good article\n\nThe mayor said 12 schools will reopen on Monday after repairs.\n")
    r = read_paths([tmp_path, tmp_path / "missing.txt"])
    assert len(r.articles) == 1
    reasons = "\n".join(r.skipped)
    assert len(r.skipped) == 4, reasons
    for name, why in [("empty.txt", "empty file"), ("bin.txt", "binary"), ("notes.docx", "unknown file type"), ("missing.txt", "no such file")]:
        assert any(name in s and why in s for s in r.skipped), (name, reasons)
    assert all("\n" not in s for s in r.skipped)


def test_legacy_encoding_is_read(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Café owners said 30 terraces were closed in Málaga after the ruling.\n".encode("cp1252"))
    (a,) = read_paths([p]).articles
    assert "Café" in a.text and "Málaga" in a.text


def test_same_article_twice_is_read_once(tmp_path):
    text = "Bridge opens\n\nThe new bridge opened to traffic on Monday, the council said.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text(text)
    assert len(read_paths([tmp_path]).articles) == 1


def test_sentence_offsets_point_into_the_article():
    (a,) = read_paths([f"{DATA}/numeric_conflict_a.txt"]).articles
    sents = split_sentences(a)
    assert len(sents) >= 3
    for s in sents:
        assert normalise(a.text[s.start:s.end]).strip() == s.text


def test_html_main_text_and_page_metadata():
    import trafilatura  # noqa: F401  (the real extractor must import: its deps are pinned)

    (a,) = read_paths([f"{DATA}/article_with_chrome.html"]).articles
    assert (a.publisher, a.author, a.date.isoformat()) == ("Coastal Courier", "Dana Reyes", "2023-03-10")
    assert "more than 3,000 workers" in a.text
    assert "Log in" not in a.text and "Great article" not in a.text and "©" not in a.text
