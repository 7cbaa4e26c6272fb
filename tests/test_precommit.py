"""Drive the real pre-commit framework in a temporary git repository (no network:
`repo: local` + `language: system`)."""
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import DATA
from .storehelp import cli_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def run(cmd, cwd, env, check=True):
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert r.returncode == 0, (cmd, r.stdout, r.stderr)
    return r


@pytest.fixture
def repo(tmp_path):
    pytest.importorskip("pre_commit")
    env = cli_env()
    env.update(CLAIMDIFF_ENGINE="fake", PRE_COMMIT_HOME=str(tmp_path / "pc-home"), HOME=str(tmp_path),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1")
    r = tmp_path / "articles-repo"
    (r / "articles").mkdir(parents=True)
    run(["git", "init", "-q", "-b", "main"], r, env)
    (r / ".gitignore").write_text(".claimdiff/\n", encoding="utf-8")
    (r / ".pre-commit-config.yaml").write_text(f"""repos:
  - repo: local
    hooks:
      - id: claimdiff
        name: claimdiff
        entry: {sys.executable} -m claimdiff.cli check
        language: system
        files: \\.(txt|md|html|htm|jsonl)$
        require_serial: true
""", encoding="utf-8")
    for name in ("framing_withdrawal.txt", "unrelated_numbers.txt"):
        shutil.copy(os.path.join(DATA, name), r / "articles" / name)
    run(["git", "add", "-A"], r, env)
    run(["git", "commit", "-q", "-m", "archive", "--no-verify"], r, env)
    run([sys.executable, "-m", "claimdiff.cli", "ingest", "articles", "--quiet"], r, env)
    return r, env


def test_precommit_blocks_a_contradiction_until_baselined(repo):
    r, env = repo
    shutil.copy(os.path.join(DATA, "framing_partnership.txt"), r / "articles" / "partnership.txt")
    run(["git", "add", "articles/partnership.txt"], r, env)
    res = run(PRE_COMMIT + ["run"], r, env, check=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Failed" in res.stdout and "framing" in res.stdout and "withdrawal" in res.stdout
    # the team accepts it: ingest, write the baseline, commit it
    run([sys.executable, "-m", "claimdiff.cli", "ingest", "articles", "--quiet"], r, env)
    run([sys.executable, "-m", "claimdiff.cli", "baseline", "--update"], r, env)
    assert (r / ".claimdiff-baseline.json").exists()
    run(["git", "add", ".claimdiff-baseline.json"], r, env)
    res = run(PRE_COMMIT + ["run"], r, env, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout


def test_precommit_passes_an_unrelated_article(repo):
    r, env = repo
    (r / "articles" / "weather.txt").write_text(
        "Rain expected\n\nMay 3, 2023\n\nForecasters expect heavy rain over the western plains on Thursday.\n",
        encoding="utf-8")
    run(["git", "add", "articles/weather.txt"], r, env)
    res = run(PRE_COMMIT + ["run"], r, env, check=False)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Passed" in res.stdout
