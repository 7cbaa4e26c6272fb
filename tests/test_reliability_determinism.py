"""The same articles give the same bytes: across processes, hash seeds and argument order."""

import os
import subprocess
import sys

import pytest

from . import badinputs
from .conftest import DATA, REPO, SEEDS


def _scan(args, seed, cwd=REPO):
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": REPO, "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    r = subprocess.run([sys.executable, "-m", "claimdiff.cli", "scan", *args, "--format", "json", "--quiet"],
                       cwd=cwd, env=env, capture_output=True, timeout=600)
    assert b"Traceback" not in r.stderr, r.stderr.decode()
    return r.returncode, r.stdout, r.stderr


def test_fake_engine_scan_is_byte_identical_across_processes(tmp_path):
    folder = badinputs.build(tmp_path / "bad").root  # odd and bad files must not disturb the order either
    args = [SEEDS, DATA, str(folder), "--engine", "fake"]
    runs = [_scan(args, seed) for seed in (0, 1, 12345)]
    runs.append(_scan([str(folder), DATA, SEEDS, "--engine", "fake"], 7))  # argument order does not matter
    codes, outs, errs = zip(*runs)
    assert set(codes) == {2}  # the bad folder's files are reported
    assert outs[0].startswith(b"[") and len(outs[0]) > 1000
    assert outs[0] == outs[1] == outs[2]
    assert errs[0] == errs[1] == errs[2]
    assert outs[3] == outs[0]


@pytest.mark.model
def test_real_model_scan_of_seeds_is_byte_identical():
    runs = [_scan(["seeds/", "--engine", "auto"], seed) for seed in (0, 1, 2)]
    codes, outs, _ = zip(*runs)
    assert codes == (0, 0, 0)
    assert len(outs[0]) > 100 and outs[0] == outs[1] == outs[2]
