import json

from typer.testing import CliRunner

from claimdiff import __version__
from claimdiff.cli import app

from .conftest import DATA

runner = CliRunner()


def test_version_and_help():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"claimdiff {__version__}"
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    for cmd in ("scan", "embed", "model"):
        assert cmd in r.output


def test_scan_json_to_stdout_is_clean():
    r = runner.invoke(app, ["scan", f"{DATA}/framing_withdrawal.txt", f"{DATA}/framing_partnership.txt",
                            "--format", "json", "--engine", "fake", "--quiet"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [row["kind"] for row in rows] == ["framing"]
    for key in ("conflict_id", "kind", "topic", "score", "explanation", "claim_a", "source_a", "date_a", "article_a",
                "claim_b", "source_b", "date_b", "article_b"):
        assert key in rows[0]


def test_missing_path_is_one_line_and_exit_2():
    r = runner.invoke(app, ["scan", "does/not/exist.txt", "--format", "csv", "--engine", "fake", "--quiet"])
    assert r.exit_code == 2
    err = [line for line in r.stderr.splitlines() if line.strip()]
    assert err == ["skipped: does/not/exist.txt: no such file or directory (check the path)"]
    assert "Traceback" not in r.output


def test_skip_bad_keeps_exit_zero(tmp_path):
    (tmp_path / "bad.bin.txt").write_bytes(b"\x00\x00")
    r = runner.invoke(app, ["scan", str(tmp_path), f"{DATA}/framing_withdrawal.txt", "--format", "jsonl",
                            "--engine", "fake", "--quiet", "--skip-bad"])
    assert r.exit_code == 0
    assert "bad.bin.txt" in r.stderr


def test_bad_lexicon_is_error_line(tmp_path):
    p = tmp_path / "lex.yaml"
    p.write_text("nope: 1\n")
    r = runner.invoke(app, ["scan", f"{DATA}/framing_withdrawal.txt", "--lexicon", str(p), "--engine", "fake"])
    assert r.exit_code == 2
    assert r.stderr.startswith("Error: ") and "lex.yaml" in r.stderr and len(r.stderr.strip().splitlines()) == 1
