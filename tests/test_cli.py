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


W, P, U = f"{DATA}/framing_withdrawal.txt", f"{DATA}/framing_partnership.txt", f"{DATA}/unrelated_numbers.txt"


def one_error_line(r, *needles):
    """exit 2, stderr one `Error: ...` line holding every needle, no traceback."""
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert "Traceback" not in r.output


def store_with_conflict(tmp_path):
    store = tmp_path / "store"
    r = runner.invoke(app, ["ingest", W, P, U, "--store", str(store), "--engine", "fake", "--quiet"])
    assert r.exit_code == 0, r.output
    return store


def test_bad_option_values_are_one_line_errors_naming_the_valid_ones(tmp_path):
    one_error_line(runner.invoke(app, ["scan", W, "--engine", "turbo"]),
                   "--engine turbo", "auto, fast, light, stock, fake")
    one_error_line(runner.invoke(app, ["scan", W, "--kind", "numerics", "--engine", "fake"]),
                   "--kind numerics", "framing, negation, numeric, temporal")
    one_error_line(runner.invoke(app, ["scan", W, "--min-score", "1.5", "--engine", "fake"]), "--min-score 1.5", "0-1")
    store = store_with_conflict(tmp_path)
    (tid,) = {row["topic"] for row in json.loads(runner.invoke(app, ["conflicts", "--store", str(store), "--json"]).stdout)}
    one_error_line(runner.invoke(app, ["conflicts", "--store", str(store), "--topic", "nosuch"]),
                   "--topic nosuch", tid, "claimdiff topics")
    one_error_line(runner.invoke(app, ["conflicts", "--store", str(store), "--kind", "numerics"]), "numeric, temporal")
    one_error_line(runner.invoke(app, ["conflicts", "--store", str(store), "--status", "old"]), "new, confirmed, dismissed")


def test_embed_a_folder_and_scan_a_folder_without_articles(tmp_path):
    one_error_line(runner.invoke(app, ["embed", str(tmp_path), "-o", str(tmp_path / "v.npy"), "--engine", "fake"]),
                   "is a folder")
    (tmp_path / "empty").mkdir()
    one_error_line(runner.invoke(app, ["scan", str(tmp_path / "empty"), "--engine", "fake"]),
                   "no articles in", ".txt, .md, .html")
    (tmp_path / "empty" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    r = runner.invoke(app, ["scan", str(tmp_path / "empty"), "--engine", "fake"])
    assert r.exit_code == 2 and r.stderr.splitlines()[0].startswith("skipped: ")
    assert "unknown file type .csv (claimdiff reads .txt" in r.stderr


def test_short_help_and_quiet_before_the_command():
    for args in (["-h"], ["scan", "-h"], ["model", "-h"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and "Usage:" in r.output, args
    loud = runner.invoke(app, ["scan", W, P, "--engine", "fake", "--json"])
    assert "conflicts" in loud.stderr
    for args in (["-q", "scan", W, P, "--engine", "fake", "--json"], ["scan", W, P, "--engine", "fake", "--json", "-q"]):
        r = runner.invoke(app, args)
        assert r.exit_code == 0 and r.stderr == "" and r.stdout == loud.stdout


def test_format_shortcuts_equal_format(tmp_path):
    base = ["scan", W, P, U, "--engine", "fake", "--quiet"]
    for flag, fmt in (("--csv", "csv"), ("--json", "json"), ("--nl", "jsonl"), ("-t", "table")):
        want = runner.invoke(app, base + ["--format", fmt]).stdout
        got = runner.invoke(app, base + [flag])
        assert got.exit_code == 0 and got.stdout == want and want, flag
    one_error_line(runner.invoke(app, base + ["--csv", "--json"]), "one output format")
    store = store_with_conflict(tmp_path)
    assert json.loads(runner.invoke(app, ["topics", "--store", str(store), "--json"]).stdout)
    assert runner.invoke(app, ["conflicts", "--store", str(store), "--nl"]).stdout.count("\n") == 1


def test_table_follows_columns():
    base = ["scan", W, P, "--engine", "fake", "--quiet"]
    wide = runner.invoke(app, base, env={"COLUMNS": "200"}).stdout
    narrow = runner.invoke(app, base, env={"COLUMNS": "70"}).stdout
    assert max(map(len, wide.splitlines())) == 200
    assert max(map(len, narrow.splitlines())) == 70
    row = json.loads(runner.invoke(app, base + ["--json"]).stdout)[0]
    # the explanation wraps inside the panel instead of being cut off in its title
    words = row["explanation"].split()
    assert all(w in narrow for w in words)


def test_show_reads_a_number_as_a_rank_and_says_so(tmp_path):
    store = store_with_conflict(tmp_path)
    (row,) = json.loads(runner.invoke(app, ["conflicts", "--store", str(store), "--json"]).stdout)
    cid = row["conflict_id"]
    for ref, how in (("1", "rank #1"), ("#1", "rank #1"), (cid[:6], f"id prefix {cid[:6]}"), (cid, "id")):
        r = runner.invoke(app, ["show", ref, "--store", str(store)])
        assert r.exit_code == 0, r.output
        assert r.stdout.splitlines()[0] == f"conflict #1 of 1  id {cid}  ({ref!r} read as {how})"
    one_error_line(runner.invoke(app, ["show", "2", "--store", str(store)]), "#2", "lists 1 conflicts")
    one_error_line(runner.invoke(app, ["show", "#0", "--store", str(store)]), "start at #1")
    one_error_line(runner.invoke(app, ["show", "ab", "--store", str(store)]), "4+ characters")


def test_engine_without_torch_is_one_line_naming_the_install(tmp_path):
    import subprocess
    import sys

    from .storehelp import cli_env

    code = ("import sys; sys.modules['torch'] = None; from claimdiff.cli import app; "
            f"app(['scan', {W!r}, '--engine', 'fast', '--quiet'])")
    r = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert r.stderr.strip() == ("Error: --engine fast (and stock) needs torch: pip install torch==2.13.0, "
                                "or use --engine light")
