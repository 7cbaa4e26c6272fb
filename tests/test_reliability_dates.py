"""Metadata dates: a date that is not a date gives one warning and the article is read
undated (or with the date its text shows); nothing is guessed, nothing is silently dropped,
and no date loses the article. Front matter (unquoted and quoted), JSONL and NAME.meta.json
go through the same strict reader (claimdiff/read/dates.py)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from claimdiff.cli import app
from claimdiff.read.dates import parse_date, read_date
from claimdiff.read.files import read_paths

runner = CliRunner()
BODY = "The council said 12 bridges were closed on Monday after the flood, officials confirmed.\n"
FIX = "(write it as YYYY-MM-DD, or remove it)"

GOOD = {
    "2020-08-31": "2020-08-31",
    "2020-8-31": "2020-08-31",
    "2020/08/31": "2020-08-31",
    "2020.08.31": "2020-08-31",
    "20200831": "2020-08-31",
    "2020-08-31T23:30:00-05:00": "2020-08-31",  # the date as written, not moved to UTC
    "2020-08-31 10:00": "2020-08-31",
    "31 August 2020": "2020-08-31",
    "Aug 31, 2020": "2020-08-31",
    "Mon, 31 Aug 2020 10:00:00 GMT": "2020-08-31",
    "31/08/2020": "2020-08-31",  # only one way to read it
    "08/31/2020": "2020-08-31",
    "05.05.2020": "2020-05-05",  # either way the same day
    "\u200b2020-08-31\u200b": "2020-08-31",  # invisible characters do not count
    "２０２０－０８－３１": "2020-08-31",  # fullwidth
}
BAD = {  # value -> why (the words after the value in the warning)
    "9999-99-99": "is not a real date (month must be in 1..12)",
    "2020-02-30": "is not a real date (day is out of range for month)",
    "2020-13-01": "is not a real date (month must be in 1..12)",
    "-1-01-01": "has a signed year",
    "+2020-01-01": "has a signed year",
    "20-01-01": "has no four-digit year",
    "01/02/20": "has no four-digit year",
    "999-01-01": "has no four-digit year",
    "03/04/2020": "is ambiguous (the day and the month could be either way)",
    "13/14/2020": "is not a real date (no month)",
    "2020": "is a year, not a full date",
    "August 2020": "is not a full date (day, month and year)",
    "31 August": "has no four-digit year",
    "9999-12-31": "has the year 9999, outside 1500-2199",
    "0001-01-01": "has the year 1, outside 1500-2199",
    "yesterday": "has no four-digit year",
    "not a date 2020": "is not a date",
}


@pytest.mark.parametrize("value", sorted(GOOD))
def test_dates_that_say_which_day_they_are(value):
    assert read_date(value) == (dt.date.fromisoformat(GOOD[value]), None)


@pytest.mark.parametrize("value", sorted(BAD))
def test_dates_that_do_not_are_not_guessed(value):
    assert read_date(value) == (None, BAD[value])


@pytest.mark.parametrize("value, expected", [
    (20200831, (dt.date(2020, 8, 31), None)),
    (1598832000, (dt.date(2020, 8, 31), None)),  # seconds since 1970
    (1598832000000, (dt.date(2020, 8, 31), None)),  # milliseconds
    (1598832000.5, (dt.date(2020, 8, 31), None)),
    (2020, (None, "is a year, not a full date")),
    (-1, (None, "has a signed year")),
    (0, (None, "is not a date")),
    (True, (None, "is not a date")),
    (float("nan"), (None, "is not a date")),
    ([2020, 8, 31], (None, "is not a date")),
    ({"y": 2020}, (None, "is not a date")),
    (dt.date(2020, 8, 31), (dt.date(2020, 8, 31), None)),
    (dt.datetime(2020, 8, 31, 23, 0), (dt.date(2020, 8, 31), None)),
    (None, (None, None)),
    ("", (None, None)),
    ("  ", (None, None)),
])
def test_other_metadata_values(value, expected):
    assert read_date(value) == expected


def test_parse_date_is_read_date_without_the_reason():
    assert parse_date("2020-08-31") == dt.date(2020, 8, 31) and parse_date("20-01-01") is None


def _write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("front, shown", [
    ("date: 9999-99-99", "9999-99-99"),  # unquoted: YAML would make it a timestamp and fail
    ('date: "9999-99-99"', "9999-99-99"),
    ("date: 2020-02-30", "2020-02-30"),
    ("date: -1-01-01", "-1-01-01"),
    ("date: 20-01-01", "20-01-01"),
    ("date: 03/04/2020", "03/04/2020"),
])
def test_front_matter_bad_date_warns_and_keeps_the_article(tmp_path, front, shown):
    p = _write(tmp_path, "a.md", f"---\ntitle: Floods\npublisher: Valley News\n{front}\n---\n{BODY}")
    r = read_paths([p])
    (a,) = r.articles
    assert (a.date, a.date_source, a.publisher, a.title) == (None, "none", "Valley News", "Floods")
    assert r.skipped == []
    (w,) = r.warnings
    assert w == f"{p}: date {shown!r} {read_date(shown)[1]}; the article is read undated {FIX}"


def test_front_matter_good_dates_unquoted_and_quoted(tmp_path):
    for i, front in enumerate(["date: 2020-08-31", 'date: "2020-08-31"', "date: 2020-08-31 10:00:00",
                               "date: 2020-08-31T10:00:00Z", "date: 31 August 2020", "date: 20200831"]):
        _write(tmp_path, f"a{i}.md", f"---\n{front}\n---\n{BODY.replace('12', str(20 + i))}")
    r = read_paths([tmp_path])
    assert [a.date for a in r.articles] == [dt.date(2020, 8, 31)] * 6 and r.warnings == []


def test_the_date_in_the_text_is_used_when_the_metadata_date_is_bad(tmp_path):
    p = _write(tmp_path, "a.md", f"---\ndate: 2020-99-01\n---\nBridges closed\n\nJune 5, 2023\n\n{BODY}")
    r = read_paths([p])
    (a,) = r.articles
    assert (a.date, a.date_source) == (dt.date(2023, 6, 5), "text")
    assert r.warnings == [f"{p}: date '2020-99-01' is not a real date (month must be in 1..12); "
                          f"the date in the text (2023-06-05) is used {FIX}"]


def test_jsonl_and_sidecar_bad_dates_are_not_silently_dropped(tmp_path):
    feed = _write(tmp_path, "feed.jsonl", "\n".join(json.dumps(row) for row in [
        {"id": "a", "text": BODY, "date": "9999-99-99"},
        {"id": "b", "text": BODY.replace("12", "13"), "date": "2020-08-31"},
        {"id": "c", "text": BODY.replace("12", "14"), "date": 2020},
        {"id": "d", "text": BODY.replace("12", "15"), "date": None},
    ]) + "\n")
    art = _write(tmp_path, "side.txt", BODY.replace("12", "16"))
    _write(tmp_path, "side.meta.json", json.dumps({"publisher": "P", "date": "-1-01-01"}))
    r = read_paths([tmp_path])
    dates = {a.path.rsplit("/", 1)[-1]: a.date for a in r.articles}
    assert dates == {"feed.jsonl#a": None, "feed.jsonl#b": dt.date(2020, 8, 31), "feed.jsonl#c": None,
                     "feed.jsonl#d": None, "side.txt": None}
    assert r.warnings == [
        f"{feed}#a: date '9999-99-99' is not a real date (month must be in 1..12); the article is read undated {FIX}",
        f"{feed}#c: date '2020' is a year, not a full date; the article is read undated {FIX}",
        f"{art}: date '-1-01-01' has a signed year; the article is read undated {FIX}",
    ]
    assert r.skipped == []


def test_cli_prints_one_warning_line_and_exits_0(tmp_path):
    _write(tmp_path, "a.md", f"---\ndate: 9999-99-99\n---\n{BODY}")
    r = runner.invoke(app, ["scan", str(tmp_path), "--engine", "fake", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [ln for ln in r.stderr.splitlines() if not ln[0].isdigit()] == [
        f"warning: {tmp_path / 'a.md'}: date '9999-99-99' is not a real date (month must be in 1..12); "
        f"the article is read undated {FIX}"]
    assert "1 articles" in r.stderr
