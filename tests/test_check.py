import json
import subprocess
import sys

import pytest

from typer.testing import CliRunner

from claimdiff.cli import app
from claimdiff.hook import main as hook_main

from .conftest import DATA
from .storehelp import cli_env

W, P, U = f"{DATA}/framing_withdrawal.txt", f"{DATA}/framing_partnership.txt", f"{DATA}/unrelated_numbers.txt"
runner = CliRunner()


def cli(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    """Default files (.claimdiff-baseline.json, .claimdiff-reviews.json) land in tmp_path, never in the repo."""
    monkeypatch.chdir(tmp_path)


def empty_baseline(path):
    path.write_text('{"entries": {}, "version": 1}\n', encoding="utf-8")
    return path


def archive(tmp_path, *paths):
    store = tmp_path / "store"
    r = cli("ingest", *paths, "--store", store, "--engine", "fake", "--quiet")
    assert r.exit_code == 0, r.output
    return store


def test_check_fails_on_new_conflict_and_writes_nothing(tmp_path):
    store = archive(tmp_path, W, U)
    before = sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in store.iterdir())
    r = cli("check", P, "--store", store, "--baseline", empty_baseline(tmp_path / "b.json"), "--engine", "fake", "-f", "json")
    assert r.exit_code == 1, r.output
    rows = json.loads(r.stdout)
    assert [(x["kind"], x["status"]) for x in rows] == [("framing", "new")]
    assert rows[0]["article_b"].endswith("framing_partnership.txt")
    assert "1 not in" in r.stderr
    assert r.stderr.splitlines()[-1].startswith(f"Next: `claimdiff review {rows[0]['conflict_id']} --dismiss")
    assert "claimdiff baseline --update " in r.stderr.splitlines()[-1]
    assert sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in store.iterdir()) == before
    r = cli("check", U, "--store", store, "--baseline", tmp_path / "b.json", "--engine", "fake")
    assert r.exit_code == 0 and "No conflicts found." in r.stdout


def test_checked_files_are_compared_with_each_other(tmp_path):
    store = archive(tmp_path, U)
    r = cli("check", W, P, "--store", store, "--engine", "fake", "-f", "jsonl")  # no baseline file yet: none
    assert r.exit_code == 1 and len(r.stdout.splitlines()) == 1


def test_baseline_and_dismissal_let_the_commit_through(tmp_path):
    store = archive(tmp_path, W, P, U)
    base = tmp_path / ".claimdiff-baseline.json"
    r = cli("baseline", "--update", "--store", store, "--baseline", base)
    assert r.exit_code == 0
    text = base.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1 and len(data["entries"]) == 1 and text.endswith("}\n")
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    (cid, entry), = data["entries"].items()
    assert entry["kind"] == "framing" and len(entry["claims"]) == 2
    # a changed version of an archived file is compared as that file's new version
    store2 = archive(tmp_path / "x", W, U)
    args = ("--store", store2, "--engine", "fake")
    assert cli("check", P, *args, "--baseline", base).exit_code == 0
    none = empty_baseline(tmp_path / "none.json")
    assert cli("check", P, *args, "--baseline", none).exit_code == 1
    cli("ingest", P, "--store", store2, "--engine", "fake", "--quiet")
    r = cli("review", cid[:8], "--dismiss", "--note", "same policy", "--store", store2, "--baseline", none)
    assert r.exit_code == 0, r.output
    r = cli("check", P, *args, "--baseline", none, "--all", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["status"] == "dismissed"


def test_check_bad_input_and_missing_store_exit_2(tmp_path):
    store = archive(tmp_path, W)
    r = cli("check", tmp_path / "nope.txt", "--store", store, "--engine", "fake")
    assert r.exit_code == 2 and "no such file" in r.stderr
    r = cli("check", P, "--store", tmp_path / "nostore", "--engine", "fake")
    assert r.exit_code == 2 and "claimdiff ingest" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    r = cli("check", P, "--store", store, "--engine", "fake", "--baseline", bad)
    assert r.exit_code == 2 and "baseline --update" in r.stderr


def test_hook_main_returns_exit_codes(tmp_path, monkeypatch, capsys):
    store = archive(tmp_path, W, U)
    common = ["--store", str(store), "--engine", "fake", "--quiet"]
    assert hook_main([P, *common]) == 1
    assert "withdrawal" in capsys.readouterr().out
    assert hook_main([U, *common]) == 0
    assert hook_main(["--no-such-option"]) == 2


def test_check_does_not_import_torch(tmp_path):
    store = archive(tmp_path, W, U)
    code = ("import sys; from claimdiff.hook import main; "
            f"rc = main([{P!r}, '--store', {str(store)!r}, '--engine', 'fake', '--quiet', '-f', 'json']); "
            "print('HEAVY', sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules)); "
            "sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert "HEAVY []" in r.stdout


def test_store_commands(tmp_path):
    store = archive(tmp_path, W, P, U)
    r = cli("topics", "--store", store, "-f", "json")
    rows = json.loads(r.stdout)
    # topics are what the rows are about: the one framing row's two claims, within its story
    assert r.exit_code == 0 and [x["size"] for x in rows] == [2] and all(x["label"] and x["story"] for x in rows)
    r = cli("conflicts", "--store", store, "-f", "json")
    (c,) = json.loads(r.stdout)
    assert cli("conflicts", "--store", store, "-f", "json", "--kind", "numeric").stdout.strip() == "[]"
    assert cli("conflicts", "--store", store, "-f", "json", "--since", "2999-01-01").stdout.strip() == "[]"
    assert cli("conflicts", "--store", store, "-f", "json", "--status", "new").stdout.count("conflict_id") == 1
    r = cli("show", c["conflict_id"], "--store", store)
    assert r.exit_code == 0
    for text in (c["claim_a"], c["claim_b"], "before: Peacekeepers leave the northern province",
                 "after:  Farmers in the valley expect a good harvest.", "date:   2023-05-09"):
        assert text in r.stdout
    assert cli("review", c["conflict_id"], "--confirm", "--store", store).exit_code == 0
    assert json.loads(cli("conflicts", "--store", store, "-f", "json", "--status", "confirmed").stdout)[0][
        "status"] == "confirmed"
    assert cli("review", "ffff", "--confirm", "--store", store).exit_code == 2
    assert cli("review", c["conflict_id"], "--store", store).exit_code == 2


def test_report_from_the_store_shows_review_status(tmp_path):
    store = archive(tmp_path, W, P, U)
    (c,) = json.loads(cli("conflicts", "--store", store, "-f", "json").stdout)
    assert cli("review", c["conflict_id"], "--dismiss", "--note", "same pact", "--store", store).exit_code == 0
    out = tmp_path / "r.html"
    r = cli("report", "--store", store, "--html", str(out), "--quiet")
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert c["conflict_id"] in page and "dismissed" in page and "same pact" in page
    r = cli("report", "--store", str(tmp_path / "nowhere"), "--html", str(out))
    assert r.exit_code == 2 and "Error:" in r.stderr


def test_review_a_printed_id_without_ingesting_it(tmp_path):
    store = archive(tmp_path, W, U)
    r = cli("check", P, "--store", store, "--engine", "fake", "-f", "json", "--quiet")
    assert r.exit_code == 1
    (row,) = json.loads(r.stdout)
    cid = row["conflict_id"]
    # the store has never seen P: the id alone is enough, and the verdict goes to the committed file
    r = cli("review", cid, "--dismiss", "--note", "same pact, two words", "--reviewer", "Dana", "--store", store)
    assert r.exit_code == 0, r.output
    text = (tmp_path / ".claimdiff-reviews.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert text == json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert data["version"] == 1 and list(data["reviews"]) == [cid]
    entry = data["reviews"][cid]
    assert (entry["status"], entry["note"], entry["reviewer"]) == ("dismissed", "same pact, two words", "Dana")
    assert len(entry["date"]) == 10 and entry["date"][4] == "-"
    assert cli("check", P, "--store", store, "--engine", "fake", "--quiet").exit_code == 0
    # a colleague: a fresh store built from the same committed articles, the same review file
    fresh = archive(tmp_path / "colleague", W, U)
    assert cli("check", P, "--store", fresh, "--engine", "fake", "--quiet").exit_code == 0
    # without the review file the same check blocks again
    (tmp_path / ".claimdiff-reviews.json").unlink()
    assert cli("check", P, "--store", fresh, "--engine", "fake", "--quiet").exit_code == 1


def test_review_refuses_what_it_cannot_name(tmp_path):
    store = archive(tmp_path, W, U)
    r = cli("review", "abcd", "--dismiss", "--store", store)  # a prefix nobody knows
    assert r.exit_code == 2 and "16-character id" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    for ref in ("#1", "1"):  # a rank is never a verdict's target: the row numbers differ between listings
        r = cli("review", ref, "--dismiss", "--store", store)
        assert r.exit_code == 2 and "not a rank" in r.stderr and "claimdiff show '#1'" in r.stderr
    r = cli("review", "zz-top", "--dismiss", "--store", store)
    assert r.exit_code == 2 and "rank (#N" in r.stderr
    assert not (tmp_path / ".claimdiff-reviews.json").exists()


def test_a_confirmed_conflict_passes_check_too(tmp_path):
    store = archive(tmp_path, W, U)
    (row,) = json.loads(cli("check", P, "--store", store, "--engine", "fake", "-f", "json", "--quiet").stdout)
    assert cli("review", row["conflict_id"], "--confirm", "--store", store).exit_code == 0
    r = cli("check", P, "--store", store, "--engine", "fake", "--all", "--json", "--quiet")
    assert r.exit_code == 0 and json.loads(r.stdout)[0]["status"] == "confirmed"


def test_baseline_update_with_paths_accepts_what_they_would_add(tmp_path):
    store = archive(tmp_path, W, U)
    base = tmp_path / ".claimdiff-baseline.json"
    r = cli("baseline", "--update", "--store", store)
    assert r.exit_code == 0 and json.loads(base.read_text())["entries"] == {}
    assert cli("check", P, "--store", store, "--engine", "fake", "--quiet").exit_code == 1
    r = cli("baseline", "--update", P, "--store", store, "--engine", "fake")
    assert r.exit_code == 0, r.output
    (cid, entry), = json.loads(base.read_text())["entries"].items()
    assert entry["kind"] == "framing"
    assert cli("check", P, "--store", store, "--engine", "fake", "--quiet").exit_code == 0
    # PATHS add, they never drop: another file keeps the entry
    assert cli("baseline", "--update", U, "--store", store, "--engine", "fake").exit_code == 0
    assert list(json.loads(base.read_text())["entries"]) == [cid]
    assert cli("baseline", P, "--store", store).exit_code == 2  # PATHS need --update


def test_named_baseline_must_exist(tmp_path):
    store = archive(tmp_path, W, U)
    r = cli("check", P, "--store", store, "--engine", "fake", "--baseline", "/nonexistent.json")
    assert r.exit_code == 2 and r.stderr.strip() == ("Error: /nonexistent.json: no such baseline file (check the "
                                                     "path, or create it with `claimdiff baseline --update`)")
