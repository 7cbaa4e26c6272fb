"""claimdiff.output.export: rows, CSV (RFC 4180, formula neutralising, BOM), JSON, JSONL."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimdiff.output.export import CSV_COLUMNS, conflict_rows, neutralise_cell, write_csv, write_json, write_jsonl

from . import report_fixtures as fx

REQUIRED = (
    "conflict_id kind relation story story_label topic topic_label score explanation status note "
    "claim_a source_a publisher_a author_a date_a article_a title_a url_a start_a end_a "
    "claim_b source_b publisher_b author_b date_b article_b title_b url_b start_b end_b"
).split()


def csv_text(conflicts=fx.CONFLICTS, verdicts=None, **kw) -> str:
    s = io.StringIO()
    write_csv(conflict_rows(conflicts, verdicts), s, **kw)
    return s.getvalue()


def read_back(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def with_text(conflict, text: str, field: str = "text"):
    """`conflict` with side a's claim text (or another Side field) replaced."""
    return conflict.model_copy(update={"a": conflict.a.model_copy(update={field: text})})


def test_columns_are_the_documented_ones_in_order():
    assert list(CSV_COLUMNS) == REQUIRED
    rows = list(conflict_rows(fx.CONFLICTS))
    assert all(list(r) == REQUIRED for r in rows)


def test_row_values_come_from_the_conflict():
    (row,) = conflict_rows([fx.CONFLICT_NUMERIC])
    c = fx.CONFLICT_NUMERIC
    assert row["conflict_id"] == c.id
    assert row["topic"] == "t-0001" and row["topic_label"] == "US troops withdrawn from Iraq"
    assert row["score"] == 0.867  # 0.8666666 rounded to 3 decimals
    assert row["status"] == "new" and row["note"] == ""
    assert row["source_a"] == "Strategic Council Online / Hassan Hanizadeh"
    assert row["publisher_b"] == "Digital Journal" and row["author_b"] == "Ken Hanly"
    assert row["date_a"] == "2020-08-31" and row["date_b"] == "2020-10-05"
    assert row["article_a"] == "seeds/strategic_council_2020-08-31.txt"
    assert row["claim_b"].startswith("At least 2,500 US troops")
    assert fx.TEXT_A[row["start_a"] : row["end_a"]] == row["claim_a"]


def test_verdicts_fill_status_and_note():
    rows = {r["conflict_id"]: r for r in conflict_rows(fx.CONFLICTS, fx.VERDICTS)}
    assert rows[fx.CONFLICT_NUMERIC.id]["status"] == "confirmed"
    assert rows[fx.CONFLICT_NUMERIC.id]["note"].startswith("Both cite officials")
    assert rows[fx.CONFLICT_HOSTILE.id]["status"] == "new"


def test_rows_are_ordered_by_score_whatever_the_input_order():
    forward = [r["conflict_id"] for r in conflict_rows(fx.CONFLICTS)]
    backward = [r["conflict_id"] for r in conflict_rows(reversed(fx.CONFLICTS))]
    assert forward == backward
    scores = [r["score"] for r in conflict_rows(fx.CONFLICTS)]
    assert scores == sorted(scores, reverse=True)


def test_csv_reads_back_with_the_csv_module():
    text = csv_text(verdicts=fx.VERDICTS)
    rows = read_back(text)
    assert len(rows) == len(fx.CONFLICTS)
    assert list(rows[0]) == REQUIRED
    numeric = next(r for r in rows if r["conflict_id"] == fx.CONFLICT_NUMERIC.id)
    assert numeric["score"] == "0.867"
    assert numeric["start_a"] == str(fx.CONFLICT_NUMERIC.a.start)
    assert numeric["explanation"] == fx.CONFLICT_NUMERIC.explanation  # commas survive quoting
    assert numeric["url_b"] == fx.CONFLICT_NUMERIC.b.url
    assert numeric["title_b"] == "US to cut troops in Iraq"


def test_csv_is_rfc4180_crlf_and_quotes_embedded_quotes_and_newlines():
    c = with_text(fx.CONFLICT_NUMERIC, 'He said "2,000"\nthen left')
    text = csv_text([c])
    assert text.count("\r\n") == 2  # header and one record; the embedded \n stays bare
    assert '"He said ""2,000""\nthen left"' in text
    assert read_back(text)[0]["claim_a"] == 'He said "2,000"\nthen left'


HOSTILE_CELLS = [
    '=HYPERLINK("http://x","click")',
    "@SUM(A1:A2)",
    "+1+1",
    "-1+1",
    "\t=1+2",
    "\r=1+2",
    "  =1+2",
    "=cmd|' /C calc'!A0",
    "\uff1d1+2",  # full-width equals sign
]


@pytest.mark.parametrize("payload", HOSTILE_CELLS)
@pytest.mark.parametrize("field", ["text", "publisher", "author", "title", "article"])
def test_no_formula_survives_in_any_text_cell(payload, field):
    c = with_text(fx.CONFLICT_NUMERIC, payload, field)
    text = csv_text([c], verdicts={c.id: ("new", payload)})
    row = read_back(text)[0]
    column = {"text": "claim_a"}.get(field, f"{field}_a")
    assert row[column] == "'" + payload
    assert row["note"] == "'" + payload
    dangerous = tuple("=+-@\t\r\uff1d")
    assert not [v for v in row.values() if v.lstrip(" ").startswith(dangerous)]


def test_hostile_fixture_cells_are_neutralised():
    rows = read_back(csv_text())
    hostile = next(r for r in rows if r["conflict_id"] == fx.CONFLICT_HOSTILE.id)
    assert hostile["claim_a"] == "'" + fx.S_C1
    assert hostile["author_a"] == "'=cmd|' /C calc'!A0"
    assert hostile["source_a"] == "<b>Evil</b> Press / =cmd|' /C calc'!A0"  # not leading: harmless
    negation = next(r for r in rows if r["conflict_id"] == fx.CONFLICT_NEGATION.id)
    assert negation["claim_a"] == "'" + fx.S_C2


@pytest.mark.parametrize("number", ["-3", "-2.5", "+7", "-0.125", "-2,500", "+1e3", "-12%"])
def test_plain_numbers_stay_as_they_are(number):
    assert neutralise_cell(number) == number
    c = with_text(fx.CONFLICT_NUMERIC, number)
    assert read_back(csv_text([c], verdicts={c.id: ("new", number)}))[0]["claim_a"] == number
    assert read_back(csv_text([c], verdicts={c.id: ("new", number)}))[0]["note"] == number


@pytest.mark.parametrize("value", ["", "2,000 troops", "a=b", "e-mail", "Kadhimi said -3"])
def test_harmless_cells_are_unchanged(value):
    assert neutralise_cell(value) == value


def test_bom_option():
    plain = csv_text()
    with_bom = csv_text(bom=True)
    assert not plain.startswith("\ufeff")
    assert with_bom == "\ufeff" + plain
    assert with_bom.encode("utf-8")[:3] == b"\xef\xbb\xbf"
    rows = list(csv.DictReader(io.StringIO(with_bom.encode("utf-8").decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == REQUIRED


def test_csv_file_written_with_newline_empty_is_crlf(tmp_path):
    p = tmp_path / "out.csv"
    with open(p, "w", encoding="utf-8", newline="") as f:
        assert write_csv(conflict_rows(fx.CONFLICTS), f) == len(fx.CONFLICTS)
    data = p.read_bytes()
    assert data.count(b"\r\n") == len(fx.CONFLICTS) + 1 and b"\r\r\n" not in data


def test_json_is_an_array_in_column_order_with_unicode_kept():
    c = with_text(fx.CONFLICT_NUMERIC, "Irak : 2 000 soldats américains retirés — «officiel»")
    s = io.StringIO()
    assert write_json(conflict_rows([c, fx.CONFLICT_FRAMING]), s) == 2
    text = s.getvalue()
    assert text.startswith("[\n  {\n    \"conflict_id\"") and text.endswith("}\n]\n")
    assert "américains" in text and "\\u" not in text
    data = json.loads(text)
    assert [list(d) for d in data] == [REQUIRED, REQUIRED]
    assert data[0]["score"] == 0.867 and data[0]["start_a"] == c.a.start
    assert data[1]["url_a"] == fx.CONFLICT_FRAMING.a.url
    # same bytes as the standard library's indent=2 rendering of the whole list
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_json_empty_is_an_empty_array():
    s = io.StringIO()
    assert write_json(iter(()), s) == 0
    assert s.getvalue() == "[]\n"


def test_json_keeps_data_as_is_no_spreadsheet_quote():
    s = io.StringIO()
    write_json(conflict_rows([fx.CONFLICT_HOSTILE]), s)
    assert json.loads(s.getvalue())[0]["claim_a"] == fx.S_C1


def test_jsonl_one_object_per_line_in_column_order():
    s = io.StringIO()
    assert write_jsonl(conflict_rows(fx.CONFLICTS, fx.VERDICTS), s) == len(fx.CONFLICTS)
    lines = s.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) == len(fx.CONFLICTS) + 1
    objs = [json.loads(line) for line in lines[:-1]]
    assert all(list(o) == REQUIRED for o in objs)
    assert [o["conflict_id"] for o in objs] == [r["conflict_id"] for r in conflict_rows(fx.CONFLICTS)]


def test_non_finite_score_is_null_not_nan():
    c = fx.CONFLICT_NUMERIC.model_copy(update={"score": float("nan")})
    s = io.StringIO()
    write_json(conflict_rows([c]), s)
    assert json.loads(s.getvalue())[0]["score"] is None
    assert read_back(csv_text([c]))[0]["score"] == ""


@pytest.mark.parametrize("writer", [write_csv, write_json, write_jsonl])
def test_output_is_byte_identical_across_runs_and_input_orders(writer):
    def render(conflicts):
        s = io.StringIO()
        writer(conflict_rows(conflicts, dict(reversed(list(fx.VERDICTS.items())))), s)
        return s.getvalue().encode("utf-8")

    first = render(fx.CONFLICTS)
    assert render(fx.CONFLICTS) == first
    assert render(tuple(reversed(fx.CONFLICTS))) == first


def test_verdict_objects_with_attributes_are_accepted():
    class V:
        status = "confirmed"
        note = "=1+1 checked"

    (row,) = conflict_rows([fx.CONFLICT_NUMERIC], {fx.CONFLICT_NUMERIC.id: V()})
    assert (row["status"], row["note"]) == ("confirmed", "=1+1 checked")
    assert read_back(csv_text([fx.CONFLICT_NUMERIC], {fx.CONFLICT_NUMERIC.id: V()}))[0]["note"] == "'=1+1 checked"



SOFFICE = "/usr/bin/soffice"


@pytest.mark.skipif(not os.path.exists(SOFFICE), reason=f"LibreOffice not found at {SOFFICE} "
                    "(apt-get install -y --no-install-recommends libreoffice-calc-nogui)")
def test_libreoffice_reads_no_formula_from_the_csv(tmp_path):
    """LibreOffice Calc opens the CSV (converted to xlsx): no cell is a formula, -3 is a number.
    The control file shows the check can fail: an unneutralised `=1+2` becomes a formula."""

    def formulas(csv_path: Path) -> tuple[int, str]:
        subprocess.run(
            [SOFFICE, "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
             "--convert-to", "xlsx", "--outdir", str(tmp_path), str(csv_path)],
            capture_output=True, timeout=120, check=True,
        )
        with zipfile.ZipFile(csv_path.with_suffix(".xlsx")) as z:
            sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        return len(re.findall(r"<f[ >]", sheet)), sheet

    control = tmp_path / "control.csv"
    control.write_bytes(b"a,b\r\n=1+2,-3\r\n")
    assert formulas(control)[0] == 1

    rows = list(conflict_rows(fx.CONFLICTS, fx.VERDICTS))
    for row, payload in zip(rows, ["+1+1", "-1+1", "\t=1+2", "\r=1+2"]):
        row["note"] = payload
    rows[0]["explanation"] = "-3"
    out = tmp_path / "conflicts.csv"
    with open(out, "w", encoding="utf-8", newline="") as f:
        write_csv(rows, f, bom=True)
    count, sheet = formulas(out)
    assert count == 0
    assert re.search(r'<c r="F2"[^>]*t="n"[^>]*><v>-3</v></c>', sheet)  # the plain number stays a number


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("=+-@\t\r\n \"',.0123456789eE%abc()|!\uff1d"), max_size=12))
def test_any_text_round_trips_and_never_starts_a_formula(text):
    c = with_text(fx.CONFLICT_NUMERIC, text)
    cell = read_back(csv_text([c]))[0]["claim_a"]
    assert cell in (text, "'" + text)
    if cell == text and text:
        assert text[0] not in "\t\r"
        head = text.lstrip(" \n")
        assert not head or head[0] not in "=+-@\uff1d" or re.fullmatch(r"[+-][\d.,eE%]+", head)
