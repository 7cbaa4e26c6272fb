"""Unicode tricks in numbers and fields, invalid UTF-8 bytes, and names that would split a line.

- Sentence text is normalised (NFKC, invisible characters removed, odd spaces made spaces,
  digits of any script made ASCII) before claims are read, and its offsets still point
  into the original article text. The class test: a conflict found with `3,000` is found
  with every way of writing `3,000` that a reader sees as `3,000`.
- A file that is UTF-8 but for a few bytes stays UTF-8, with one warning line naming the
  byte offset; legacy-encoded text is still detected.
- CSV cells are neutralised after anything invisible at their start.
- Names with newlines, NULs or bidirectional controls are escaped in every one-line output.
"""

from __future__ import annotations

import io
import json
import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimdiff.cli import app
from claimdiff.embedding.engines import load_embedder
from claimdiff.models import Article, short_hash
from claimdiff.output.export import conflict_rows, neutralise_cell, write_csv
from claimdiff.pipeline import scan
from claimdiff.read.decode import decode
from claimdiff.read.files import read_paths
from claimdiff.read.normalise import normalise, normalise_with_map, one_line
from claimdiff.read.sentences import split_sentences
from claimdiff.settings import Settings

from . import report_fixtures as fx

runner = CliRunner()

A = "Iraq drawdown\n\nThe United States withdrew {n} troops from Iraq in August, the Pentagon said on Monday.\n"
B = "Iraq drawdown\n\nThe United States withdrew at least 3,500 troops from Iraq in August, the Pentagon said on Monday.\n"

# every way of writing 3,000 that shows (or means) 3,000 to a reader
TRICKS = {
    "zero-width space after the comma": "3,\u200b000",
    "zero-width joiner inside": "3\u200d000",
    "zero-width non-joiner inside": "3\u200c000",
    "word joiner inside": "3\u2060000",
    "soft hyphen inside": "3,\u00ad000",
    "byte-order mark in front": "\ufeff3,000",
    "right-to-left override around": "\u202e3,000\u202c",
    "left-to-right isolate around": "\u20663,000\u2069",
    "left-to-right and right-to-left marks": "\u200e3,000\u200f",
    "variation selector inside": "3,\ufe0f000",
    "combining marks on digits": "3,0\u03010\u03010",
    "fullwidth digits and comma": "\uff13\uff0c\uff10\uff10\uff10",
    "mathematical bold digits": "\U0001d7d1,\U0001d7ce\U0001d7ce\U0001d7ce",
    "Arabic-Indic digits and separator": "\u0663\u066c\u0660\u0660\u0660",
    "Devanagari digits": "\u0969,\u0966\u0966\u0966",
    "no-break space as thousands separator": "3\u00a0000",
    "narrow no-break space as thousands separator": "3\u202f000",
    "thin space as thousands separator": "3\u2009000",
    "figure space as thousands separator": "3\u2007000",
}


def _conflicts(tmp_path, text_a: str) -> list[tuple[str, str]]:
    (tmp_path / "a.txt").write_text(text_a, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    r = scan([tmp_path], Settings(embedder="fake"), load_embedder("fake"))
    return [(c.kind, c.explanation) for c in r.conflicts]


def test_the_plain_number_gives_the_conflict(tmp_path):
    assert _conflicts(tmp_path, A.format(n="3,000")) == [("numeric", "3,000 vs at least 3,500 troops withdrawn (Iraq)")]


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_a_hidden_or_dressed_up_number_gives_the_same_conflict(tmp_path, trick):
    found = _conflicts(tmp_path, A.format(n=TRICKS[trick]))
    assert [k for k, _ in found] == ["numeric"], found
    assert "at least 3,500 troops withdrawn (Iraq)" in found[0][1]


@pytest.mark.parametrize("trick", sorted(TRICKS))
def test_offsets_point_into_the_original_text(trick):
    text = A.format(n=TRICKS[trick]).strip()
    a = Article(id=short_hash(text), path="x.txt", text=text)
    (s,) = [s for s in split_sentences(a) if "troops" in s.text]
    assert a.text[s.start:s.end].startswith("The United States") and a.text[s.start:s.end].endswith("Monday.")
    assert normalise(a.text[s.start:s.end]).strip() == s.text
    assert "3,000" in s.text or "3000" in s.text


def test_untouched_text_is_kept_as_written():
    for text in ["Plain ASCII, 2,000 troops.", "Café in Málaga: «30» — “quoted” … 10 km² and 1½ hours.",
                 "Ελληνικά и русский 日本語 عربى", "Emoji 👍🏽 and flags 🇫🇷 stay."]:
        assert normalise(text) == text.replace("\u00a0", " ")


def test_what_normalising_changes():
    assert normalise("ﬁnal ＡＢＣ") == "final ABC"  # NFKC
    assert normalise("a\u2028b\tc\u3000d\u1680e") == "a b c d e"  # odd spaces and separators
    assert normalise("\u2212 5 and 1\u20442") == "- 5 and 1/2"
    assert normalise("2\u00a0000-seat and 2\u00a0 000 and 20\u00a0000\u00a0000") == "2,000-seat and 2  000 and 20,000,000"
    assert normalise("in 2\u00a0hours") == "in 2 hours"  # not a digit group: a space


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 200), st.sampled_from(
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202a", "\u202b", "\u202c", "\u202d",
     "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\ufe0f", "\U000e0041"])),
    max_size=8))
def test_invisible_characters_never_change_what_is_read(text, inserts):
    """Property: inserting format characters anywhere does not change the normalised text."""
    dressed = text
    for pos, ch in sorted(inserts, reverse=True):
        dressed = dressed[:pos] + ch + dressed[pos:]
    assert normalise(dressed) == normalise(text)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(max_size=300))
def test_normalised_text_is_clean_and_mapped(text):
    out, starts, ends = normalise_with_map(text)
    assert len(out) == len(starts) == len(ends)
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends))
    assert starts == sorted(starts)
    assert not [c for c in out if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert not [c for c in out if unicodedata.category(c) == "Zs" and c != " "]
    assert not [c for c in out if unicodedata.category(c) == "Nd" and not c.isascii()]
    assert normalise(out) == out  # idempotent


# ---- invalid UTF-8 ----------------------------------------------------------------------

FRENCH = "Le ministère a déclaré que 40 maisons étaient inondées à Genève, selon la préfecture.\n"


def test_a_few_bad_bytes_stay_utf8_with_one_warning(tmp_path):
    data = FRENCH.encode("utf-8")
    data = data[:20] + b"\xe9" + data[20:40] + b"\x80\x80" + data[40:]
    (tmp_path / "f.txt").write_bytes(data)
    r = read_paths([tmp_path])
    (a,) = r.articles
    assert "ministère" in a.text and "Genève" in a.text and "Ã" not in a.text  # no mojibake
    assert a.text.count("\ufffd") == 3
    assert r.warnings == [f"{tmp_path / 'f.txt'}: 3 bytes are not valid UTF-8 (first at byte 20); read as UTF-8 "
                          "with U+FFFD in their place (re-save the file as UTF-8 to keep those characters)"]
    assert r.skipped == []


def test_legacy_text_is_still_detected_without_a_warning(tmp_path):
    for enc in ("cp1252", "latin-1"):
        (tmp_path / f"{enc}.txt").write_bytes(FRENCH.replace("40", "4" + str(len(enc))).encode(enc))
    r = read_paths([tmp_path])
    assert sorted("Genève" in a.text and "ministère" in a.text for a in r.articles) == [True, True]
    assert r.warnings == [] and r.skipped == []


def test_ascii_with_one_legacy_byte_is_legacy():
    """No valid multi-byte UTF-8 at all: one cp1252 "é" is read as "é", not U+FFFD."""
    text, warning = decode(b"The caf\xe9 owners said 30 terraces were closed.", None)
    assert "café" in text and warning is None


def test_the_share_rule_at_its_boundary():
    utf8 = "é".encode("utf-8")
    # 3 valid multi-byte characters, 3 bad bytes: UTF-8 (ties go to UTF-8)
    text, warning = decode(b"Officials said " + utf8 * 3 + b" " + b"\xff" * 3 + b" homes flooded.", None)
    assert text.count("é") == 3 and warning and warning.startswith("3 bytes are not valid UTF-8")
    # 2 valid, 3 bad: not UTF-8, detected as a legacy encoding (no warning)
    text, warning = decode(b"Officials said " + utf8 * 2 + b" " + b"\xe8" * 3 + b" homes flooded.", None)
    assert warning is None and "\ufffd" not in text


def test_a_character_cut_off_at_the_end_is_utf8(tmp_path):
    data = "Officials said 40 homes were flooded in the valley on Monday \u2014".encode("utf-8")[:-1]
    (tmp_path / "cut.txt").write_bytes(data)
    r = read_paths([tmp_path])
    assert r.articles[0].text.endswith("Monday \ufffd")  # the two bytes left of "—" are one U+FFFD
    assert r.warnings == [f"{tmp_path / 'cut.txt'}: 2 bytes are not valid UTF-8 (at the end: a cut-off character); "
                          "read as UTF-8 with U+FFFD in their place (re-save the file as UTF-8 to keep those characters)"]


def test_a_utf8_byte_order_mark_means_utf8(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + b"Officials said 40 homes were flooded \xe9\xe8 on Monday.")
    r = read_paths([tmp_path])
    assert r.articles[0].text == "Officials said 40 homes were flooded \ufffd\ufffd on Monday."
    assert r.warnings and "2 bytes are not valid UTF-8 (first at byte 40)" in r.warnings[0]


def test_bad_utf8_in_jsonl_warns_once_and_reads_every_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": f"Officials in Genève said {40 + i} homes were flooded on Monday."},
                        ensure_ascii=False) for i in range(3)]
    p.write_bytes("\n".join(lines).encode("utf-8").replace(b"41", b"4\xff1"))
    r = read_paths([p])
    assert len(r.articles) == 3 and len(r.warnings) == 1 and r.warnings[0].startswith(f"{p}: 1 byte is not valid")


def test_the_warning_reaches_stderr_once_with_quiet_too(tmp_path):
    data = FRENCH.encode("utf-8").replace(b"40", b"4\xff0")
    (tmp_path / "f.txt").write_bytes(data)
    r = runner.invoke(app, ["scan", str(tmp_path), "--engine", "fake", "--quiet", "--format", "json"])
    assert r.exit_code == 0, r.output  # a warning is not a skip: the article was read
    at = data.index(0xFF)
    assert r.stderr.splitlines() == [f"warning: {tmp_path / 'f.txt'}: 1 byte is not valid UTF-8 (first at byte {at}); "
                                     "read as UTF-8 with U+FFFD in their place (re-save the file as UTF-8 to keep "
                                     "those characters)"]


# ---- CSV formula prefixes after invisible characters --------------------------------------

INVISIBLE_LEADS = ["\u200b", "\ufeff", "\u200e", "\u202e", "\u2066", "\u00ad", "\u2060", " ", "\u00a0", "\u3000",
                   "\u2028", "\x0b", "\x1c", "\n", " \u200b\ufeff "]
SIGNS = ["=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b"]


@pytest.mark.parametrize("lead", INVISIBLE_LEADS, ids=[ascii(x) for x in INVISIBLE_LEADS])
@pytest.mark.parametrize("sign", SIGNS, ids=[ascii(x) for x in SIGNS])
def test_formula_after_invisible_characters_is_neutralised(lead, sign):
    cell = lead + sign + "cmd|' /C calc'!A0"
    assert neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["\u200b-3", "\ufeff+7", " -2.5", "\u200e-12%", "\uff0d\uff13"])
def test_a_plain_number_after_invisible_characters_is_data(cell):
    assert neutralise_cell(cell) == cell


def test_csv_cells_from_every_field_are_neutralised_after_invisible_characters():
    payload = "\u200b\ufeff=HYPERLINK(\"http://x\",\"y\")"
    c = fx.CONFLICT_NUMERIC
    c = c.model_copy(update={"a": c.a.model_copy(update={"publisher": payload, "text": payload}),
                             "story_label": payload, "topic_label": payload, "explanation": payload})
    s = io.StringIO()
    write_csv(conflict_rows([c]), s)
    row = next(iter(__import__("csv").DictReader(io.StringIO(s.getvalue(), newline=""))))
    for col in ("publisher_a", "claim_a", "story_label", "topic_label", "explanation"):
        assert row[col] == "'" + payload, col


# ---- relation and story in every output ----------------------------------------------------

def test_relation_and_story_in_rows_and_panel():
    from rich.console import Console

    from claimdiff.output.render import conflict_panel

    c = fx.CONFLICT_NUMERIC.model_copy(update={"relation": "update", "story_id": "s-0007",
                                               "story_label": "US troops leave Iraq"})
    (row,) = conflict_rows([c])
    assert (row["relation"], row["story"], row["story_label"]) == ("update", "s-0007", "US troops leave Iraq")
    assert list(row)[:5] == ["conflict_id", "kind", "relation", "story", "story_label"]
    out = io.StringIO()
    Console(file=out, width=200, highlight=False).print(conflict_panel(1, c))
    text = out.getvalue()
    assert "update" in text and "story: US troops leave Iraq" in text
    (row,) = conflict_rows([fx.CONFLICT_NUMERIC])
    assert (row["relation"], row["story"], row["story_label"]) == ("contradiction", "", "")


# ---- names with newlines, NULs, bidirectional controls -------------------------------------

@pytest.mark.parametrize("name", ["a\nb", "a\rb", "a\x00b", "a\x1bb", "a\u2028b", "a\u202eb", "a\tb", "a\x85b"])
def test_one_line_escapes_and_is_idempotent(name):
    out = one_line(name)
    assert len(out.splitlines()) == 1 and out.startswith("a") and out.endswith("b") and len(out) > 3
    assert one_line(out) == out
    assert not [c for c in out if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]


def test_file_name_with_newline_stays_on_its_line_in_skips_and_the_table(tmp_path, monkeypatch):
    bad = tmp_path / "evil\nskipped: fake.txt"
    bad.write_bytes(b"")
    good_a = tmp_path / "ok\x1b[31m\nred.txt"
    good_a.write_text(A.format(n="3,000"))
    (tmp_path / "b\u202etxt.md").write_text(B)
    monkeypatch.chdir(tmp_path)  # short relative paths: a panel column does not wrap them
    r = runner.invoke(app, ["scan", ".", "--engine", "fake", "--quiet"])
    err = r.stderr.splitlines()
    assert err == ["skipped: evil\\nskipped: fake.txt: empty file (remove it or add the article text)"]
    out = r.stdout
    assert "ok\\x1b[31m\\nred.txt" in out and "\x1b" not in out
    assert "b\\u202etxt.md" in out and "\u202e" not in out
    assert r.exit_code == 2


def test_jsonl_ids_and_publishers_with_newlines_and_nuls(tmp_path, monkeypatch):
    p = tmp_path / "feed.jsonl"
    p.write_text(json.dumps({"id": "x\ny\x00z\u202e", "text": A.format(n="3,000"), "publisher": "Two\nLines\x00\u202e",
                             "author": "A\u2028B", "title": "T\r\nU"}) + "\n"
                 + json.dumps({"id": "q" * 500, "text": B, "date": "2020-13-01"}) + "\n")
    r = read_paths([p])
    a, b = r.articles
    assert a.path == f"{p}#x\\ny\\x00z\\u202e" and len(one_line(a.path).splitlines()) == 1
    assert (a.publisher, a.author, a.title) == ("Two Lines", "A B", "T U")
    assert b.path == f"{p}#{'q' * 200}…"
    assert r.warnings == [f"{p}#{'q' * 200}…: date '2020-13-01' is not a real date (month must be in 1..12); "
                          "the article is read undated (write it as YYYY-MM-DD, or remove it)"]
    monkeypatch.chdir(tmp_path)
    s = runner.invoke(app, ["scan", "feed.jsonl", "--engine", "fake", "--quiet", "--format", "table"])
    assert s.exit_code == 0, s.output
    panel_lines = s.stdout.splitlines()
    assert any("feed.jsonl#x\\ny\\x00z\\u202e" in ln for ln in panel_lines), s.stdout
    assert any("Two Lines" in ln for ln in panel_lines) and "\x00" not in s.stdout and "\u202e" not in s.stdout


def test_error_lines_are_escaped(tmp_path):
    r = runner.invoke(app, ["compare", "--pairs", str(tmp_path / "no\nsuch\x01.jsonl")])  # argv cannot hold NUL
    assert r.exit_code == 2
    (line,) = r.stderr.splitlines()
    assert line.startswith("Error: ") and "no\\nsuch\\x01.jsonl: cannot read pairs file" in line


def test_random_names_never_split_a_line(tmp_path):
    rng = random.Random(13)
    alphabet = ["a", "b", ".", " ", "\n", "\r", "\t", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
                "\u202e", "\u200b", "\ufeff", "é", "日"]
    for i in range(40):
        name = "".join(rng.choice(alphabet) for _ in range(12)).replace("/", "")
        p = tmp_path / f"{i}{name}.docx"
        p.write_bytes(b"x")
    r = read_paths([tmp_path])
    assert len(r.skipped) == 40
    for line in r.skipped:
        assert len(line.splitlines()) == 1 and "\x1b" not in line and "\u202e" not in line
