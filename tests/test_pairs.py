import json

import pytest

from claimdiff.errors import InputError
from claimdiff.pairs import PairResult, compare_texts, iter_pairs_file, lexical_similarity


def test_compare_texts_no_conflict():
    r = compare_texts("The sky is blue.", "The grass is green.", id="x")
    assert r == PairResult(id="x", conflict=False, kind=None, score=0.0, explanation="")


def test_iter_pairs_file_in_order(tmp_path):
    p = tmp_path / "pairs.jsonl"
    rows = [{"id": "1", "text_a": "At least 40 people were killed.", "text_b": "25 people were killed.",
             "date_a": "2020-08-31", "date_b": "2020-09-01"},
            {"id": "2", "text_a": "It rained.", "text_b": "It was sunny."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    out = list(iter_pairs_file(p))
    assert [r.id for r in out] == ["1", "2"]
    assert out[0].conflict and out[0].kind == "numeric" and "2020-08-31 vs 2020-09-01" in out[0].explanation
    assert not out[1].conflict


@pytest.mark.parametrize("line,msg", [
    ("not json", "line 2: not valid JSON"),
    ('{"id": 1, "text_a": "x"}', "line 2: missing or non-text text_b"),
    ('[1, 2]', "line 2: expected a JSON object"),
    ('{"text_a": "a", "text_b": "b", "date_a": "soon"}', "line 2: date_a 'soon' is not a date"),
])
def test_malformed_line(tmp_path, line, msg):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": 0, "text_a": "a", "text_b": "b"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        list(iter_pairs_file(p))
    assert msg in str(e.value) and str(p) in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError):
        list(iter_pairs_file(tmp_path / "nope.jsonl"))


def test_lexical_similarity():
    assert lexical_similarity("a b c", "a b c") == pytest.approx(1.0)
    assert lexical_similarity("a b", "c d") == 0.0
    assert lexical_similarity("", "x") == 0.0


def test_cli_compare_two_texts_jsonl():
    from typer.testing import CliRunner

    from claimdiff.cli import app

    r = CliRunner().invoke(app, ["compare", "At least 40 people were killed.", "25 people were killed.",
                                 "--date-a", "2020-08-31", "--date-b", "2020-09-01", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)
    assert row == {"id": None, "conflict": True, "kind": "numeric", "score": row["score"],
                   "explanation": "at least 40 vs 25 people killed; reported 2020-08-31 vs 2020-09-01",
                   "relation": "contradiction"}


def test_cli_compare_pairs_csv_and_bad_line(tmp_path):
    from typer.testing import CliRunner

    from claimdiff.cli import app

    p = tmp_path / "p.jsonl"
    p.write_text('{"id": "a", "text_a": "It rained.", "text_b": "It was sunny."}\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["compare", "--pairs", str(p), "--format", "csv"])
    assert r.exit_code == 0
    assert r.stdout.splitlines() == ["id,conflict,kind,relation,score,explanation", "a,False,,,0.0,"]
    p.write_text("{oops\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["compare", "--pairs", str(p), "--format", "csv"])
    assert r.exit_code == 2 and r.stderr.startswith(f"Error: {p}: line 1: not valid JSON")
    r = CliRunner().invoke(app, ["compare", "only one text"])
    assert r.exit_code == 2 and "TEXT_A TEXT_B" in r.stderr
