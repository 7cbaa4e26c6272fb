"""Drive the real pre-commit framework in a temporary git repository (no network:
`repo: local` + `language: system`)."""
import json
import os
import re
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


SEED_2000 = "000_2b224ca4d79d6b9b"  # "the withdrawal of 2,000 American troops"
SEED_2500 = "002_62d1c83e2203f050"  # "at least 2,500 US troops have been withdrawn"
# the numeric row between them, as its explanation says it ("2,000 vs at least 2,500 US troops withdrawn")
TROOPS_2000_VS_2500 = re.compile(r"2,000 vs (at least )?2,500 US troops withdrawn")


def _seed(name, dest):
    from .conftest import SEEDS

    for ext in (".txt", ".meta.json"):
        shutil.copy(os.path.join(SEEDS, name + ext), dest / (name + ext))


def _hook_output(res):
    """What the hook printed, as pre-commit shows it: the lines after its header."""
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if ln.strip()]
    return lines


@pytest.mark.model
def test_blocked_commit_is_reviewed_in_git_and_a_fresh_clone_passes(tmp_path):
    """The team's flow, with the real pre-commit framework, git and the light (numpy) engine:
    a contradicting article is blocked with the numeric conflict shown; the ids it printed are
    dismissed (no ingest first); the commit passes; a colleague's fresh clone, after ingest,
    passes the same check because the verdicts were committed."""
    pytest.importorskip("pre_commit")
    env = cli_env()
    env.update(CLAIMDIFF_ENGINE="light", PRE_COMMIT_HOME=str(tmp_path / "pc-home"), HOME=str(tmp_path),
               GIT_AUTHOR_NAME="Dana Reyes", GIT_AUTHOR_EMAIL="dana@example.org", GIT_COMMITTER_NAME="Dana Reyes",
               GIT_COMMITTER_EMAIL="dana@example.org", GIT_CONFIG_NOSYSTEM="1")
    env.pop("CLAIMDIFF_REVIEWER", None)
    r = tmp_path / "newsroom"
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
    _seed(SEED_2000, r / "articles")
    run(["git", "add", "-A"], r, env)
    run(["git", "commit", "-q", "-m", "archive"], r, env)
    run(PRE_COMMIT + ["install"], r, env)
    run([sys.executable, "-m", "claimdiff.cli", "ingest", "articles", "--quiet"], r, env)

    _seed(SEED_2500, r / "articles")
    run(["git", "add", "articles"], r, env)
    res = run(["git", "commit", "-m", "Kadhimi: 2,500 withdrawn"], r, env, check=False)
    out = _hook_output(res)
    assert res.returncode == 1, out
    text = "\n".join(out)
    assert "Failed" in text and "numeric" in text and TROOPS_2000_VS_2500.search(text)
    assert out[-1].startswith("Next: `claimdiff review ") and f"claimdiff baseline --update articles/{SEED_2500}.txt" in out[-1]
    ids = sorted(set(re.findall(r"\bid ([0-9a-f]{16})\b", text)))
    assert ids and out[-1].split()[3] in ids
    for cid in ids:  # the ids as printed; the store has never seen the new article
        run([sys.executable, "-m", "claimdiff.cli", "review", cid, "--dismiss", "--note", "2,500 is a later count"],
            r, env)
    reviews = json.loads((r / ".claimdiff-reviews.json").read_text(encoding="utf-8"))
    assert sorted(reviews["reviews"]) == ids
    assert {e["reviewer"] for e in reviews["reviews"].values()} == {"Dana Reyes"}
    run(["git", "add", ".claimdiff-reviews.json"], r, env)
    res = run(["git", "commit", "-m", "Kadhimi: 2,500 withdrawn (reviewed)"], r, env, check=False)
    assert res.returncode == 0, _hook_output(res)
    assert "Passed" in res.stdout + res.stderr

    # a colleague: a fresh clone (no .claimdiff/), ingest the committed articles, the same check
    clone = tmp_path / "colleague"
    run(["git", "clone", "-q", str(r), str(clone)], tmp_path, env)
    assert not (clone / ".claimdiff").exists() and (clone / ".claimdiff-reviews.json").exists()
    run([sys.executable, "-m", "claimdiff.cli", "ingest", "articles", "--quiet"], clone, env)
    res = run(PRE_COMMIT + ["run", "--files", f"articles/{SEED_2500}.txt"], clone, env, check=False)
    assert res.returncode == 0, _hook_output(res)
    assert "Passed" in res.stdout
    # and the verdicts are what lets it through
    (clone / ".claimdiff-reviews.json").unlink()
    res = run(PRE_COMMIT + ["run", "--files", f"articles/{SEED_2500}.txt"], clone, env, check=False)
    assert res.returncode == 1 and TROOPS_2000_VS_2500.search(res.stdout + res.stderr)
