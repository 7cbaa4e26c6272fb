"""Framing: words from an editable lexicon of opposed frames (claimdiff/data/frames.yaml).

`read_frames` finds every lexicon term in a sentence and marks a term as negated when
a negation cue precedes it in its clause ("not looking for a military withdrawal", "no
intention of leaving"): the shallow reading, a permissive trigger for the engine's first
pass. Once the sentence is parsed, `hit_polarity` reads the negation attached to the verb
that governs the term instead (claims/negation.py): "Biden denied that his decision to
withdraw went against ..." negates no withdrawal, "has nothing to do with the withdrawal"
and "aren't leaving Iraq entirely" take no side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from claimdiff.errors import ConfigError
from claimdiff.models import FrameHit

# Cues that flip a frame word that follows them within a short window.
_NEG_BEFORE = re.compile(
    r"\b(?:not|never|no|nor|without|neither|hardly|nothing to do with|no intention of|"
    r"no plans? to|no real plan for|no imminent|n't|rather than|instead of|"
    r"denied|denies|deny|rejected|refuse[sd]?|refusing)\b",
    re.IGNORECASE,
)
# Cues that make a frame word a demand, a question or a supposition rather than a claim
# about what is happening: "called on Trump to withdraw", "whether the US is thinking of
# withdrawing", "if they forced US troops out".
_IRREALIS_BEFORE = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:on|for)|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|want(?:s|ed)?|would like|"
    r"ask(?:s|ed|ing)?|press(?:es|ed|ing)? (?:for|the)|pressure|threat(?:s|en|ened)?|should|must|ought|"
    r"if|whether|unless|prospects? of|hope[sd]? (?:for|that|to)|need(?:s|ed)? to|insist(?:s|ed)? on|"
    # a forecast, not what is happening: "resolution likely to increase", "expected to fall"
    r"likely to|unlikely to|expected to|forecast to|projected to|set to|poised to|could|might|"
    r"direct(?:s|ed)? to|order(?:s|ed)? to|steps to|seek(?:s|ing)? to|tr(?:y|ies|ied|ying) to|"
    # a text that asks for it: "passed a resolution that all foreign troops withdraw"
    r"(?:resolution|motion|proposal|request|bill|demand|ultimatum)s? (?:that|to|for))\b",
    re.IGNORECASE,
)
# reported, not asserted: "the announcement of the withdrawal was unrealistic", "talk of a pullout"
_REPORTED_BEFORE = re.compile(r"\b(?:announcement|talk|rumou?r|claim|report|promise|news)s?\s+(?:of|about)\s+"
                              r"(?:(?:an?|the|its|their|his|her)\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
# what was only due to happen: "hours after a ceasefire was supposed to take effect", "the
# pullout, which was meant to begin in May"
_IRREALIS_AFTER = re.compile(r"^[\w-]*(?:\s+[\w-]+){0,2}?\s*,?\s*(?:which\s+|that\s+)?(?:was|were|is|are|had been)\s+"
                             r"(?:supposed|meant|due|scheduled|planned|set|expected|intended)\s+to\b", re.IGNORECASE)
_NEG_WINDOW = 48  # characters between the cue and the frame word
_CLAUSE_BREAK = re.compile(r"[;:,.!?()\"“”]|\b(?:but|however|although|while|whereas)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Axis:
    name: str
    description: str
    frames: dict[str, tuple[str, ...]]
    min_similarity: float = 0.5
    context: re.Pattern[str] | None = field(default=None, compare=False)
    patterns: tuple[tuple[str, re.Pattern[str]], ...] = field(default=(), compare=False)
    # frame -> what a sentence in that frame says, in plain words ("forces are withdrawing")
    phrases: dict[str, str] = field(default_factory=dict, compare=False)

    def says(self, frame: str) -> str:
        return self.phrases.get(frame) or f"it is {frame.replace('_', ' ')}"


@dataclass(frozen=True)
class Lexicon:
    axes: tuple[Axis, ...]

    def axis(self, name: str) -> Axis | None:
        return next((a for a in self.axes if a.name == name), None)

    def opposite(self, axis: str, frame: str) -> str | None:
        """The single opposed frame on a two-frame axis, else None."""
        for a in self.axes:
            if a.name == axis and len(a.frames) == 2:
                other = [f for f in a.frames if f != frame]
                return other[0] if other else None
        return None


def _term_regex(term: str) -> str:
    words = term.lower().split()
    parts = []
    for w in words:
        if w == "*":  # any one word: "end* the * presence" matches "ending the US presence"
            parts.append(r"[\w-]+")
        elif w.endswith("*"):
            parts.append(re.escape(w[:-1]) + r"[\w-]*")
        else:
            parts.append(re.escape(w))
    return r"\b" + r"\s+".join(parts) + r"\b"


def _compile(name: str, spec: dict, origin: str) -> Axis:
    frames = spec.get("frames") if isinstance(spec, dict) else None
    if not isinstance(frames, dict) or len(frames) < 2:
        raise ConfigError(f"{origin}: axis {name!r} needs `frames:` with at least two frames (see claimdiff/data/frames.yaml)")
    pats = []
    clean: dict[str, tuple[str, ...]] = {}
    for frame, terms in frames.items():
        if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
            raise ConfigError(f"{origin}: frame {name}.{frame} must be a list of words or phrases")
        clean[str(frame)] = tuple(t.strip() for t in terms)
        # longest terms first so "bilateral security partnership" wins over "partnership"
        for t in sorted(clean[str(frame)], key=len, reverse=True):
            pats.append((str(frame), re.compile(_term_regex(t), re.IGNORECASE)))
    try:
        min_sim = float(spec.get("min_similarity", 0.5))
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{origin}: axis {name!r}: min_similarity must be a number between 0 and 1") from e
    ctx_terms = spec.get("context") or []
    if not isinstance(ctx_terms, list) or not all(isinstance(t, str) and t.strip() for t in ctx_terms):
        raise ConfigError(f"{origin}: axis {name!r}: context must be a list of words or phrases")
    context = re.compile("|".join(_term_regex(t) for t in ctx_terms), re.IGNORECASE) if ctx_terms else None
    phrases = spec.get("phrases") or {}
    if not isinstance(phrases, dict) or not all(isinstance(v, str) and v.strip() and k in clean
                                                for k, v in phrases.items()):
        raise ConfigError(f"{origin}: axis {name!r}: phrases must map frames of the axis to plain words "
                          f"(e.g. withdrawal: forces are withdrawing)")
    return Axis(name=str(name), description=str(spec.get("description", "")), frames=clean,
                min_similarity=min_sim, context=context, patterns=tuple(pats),
                phrases={str(k): " ".join(v.split()) for k, v in phrases.items()})


def _read_yaml(text: str, origin: str) -> dict:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError(f"{origin}: not valid YAML ({str(e).splitlines()[0]})") from e
    except RecursionError as e:
        raise ConfigError(f"{origin}: YAML nested too deeply to be a frame lexicon") from e
    if not isinstance(data, dict) or not isinstance(data.get("axes"), dict):
        raise ConfigError(f"{origin}: a frame lexicon needs a top-level `axes:` mapping (see claimdiff/data/frames.yaml)")
    return data["axes"]


@lru_cache(maxsize=8)
def load_lexicon(extra: str | None = None) -> Lexicon:
    """The shipped lexicon, with the axes of `extra` (a YAML file path) added or replacing."""
    shipped = resources.files("claimdiff.data").joinpath("frames.yaml").read_text(encoding="utf-8")
    axes = dict(_read_yaml(shipped, "claimdiff/data/frames.yaml"))
    if extra:
        p = Path(extra)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise ConfigError(f"{p}: cannot read lexicon ({e.strerror}); pass an existing YAML file to --lexicon") from e
        except UnicodeDecodeError as e:
            raise ConfigError(f"{p}: lexicon is not UTF-8 text (byte {e.start}); save it as UTF-8") from e
        axes.update(_read_yaml(text, str(p)))
    return Lexicon(axes=tuple(_compile(n, s, extra or "frames.yaml") for n, s in axes.items()))


def _clause_before(text: str, start: int, width: int) -> str:
    """The words before `start`, back to the last clause break within `width` characters."""
    window = text[max(0, start - width):start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    return window[breaks[-1].end():] if breaks else window


def _is_negated(text: str, start: int) -> bool:
    return bool(_NEG_BEFORE.search(_clause_before(text, start, _NEG_WINDOW)))


def _is_irrealis(text: str, start: int, end: int | None = None) -> bool:
    before = _clause_before(text, start, 80)
    after = text[end:end + 80] if end is not None else ""
    return text.rstrip().endswith("?") or bool(_IRREALIS_BEFORE.search(before) or _REPORTED_BEFORE.search(before)
                                               or _IRREALIS_AFTER.search(after))


_IDIOM_AFTER = re.compile(r"\s+(?:(?:a|an|the)\s+)?(?:[\w'’.-]+\s+){0,3}?deals?\b", re.IGNORECASE)


def read_frames(text: str, lexicon: Lexicon) -> tuple[FrameHit, ...]:
    hits: list[FrameHit] = []
    for axis in lexicon.axes:
        if axis.context is not None and not axis.context.search(text):
            continue  # "withdrew from the race" is not about forces
        taken: list[tuple[int, int]] = []
        for frame, pat in axis.patterns:
            for m in pat.finditer(text):
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                if _IDIOM_AFTER.match(text, e) and m.group(0).lower().startswith("cut"):
                    continue  # "Comcast cuts Sony deal": makes one, cuts nothing
                taken.append((s, e))
                hits.append(FrameHit(axis=axis.name, frame=frame, term=m.group(0), start=s, end=e,
                                     negated=_is_negated(text, s), irrealis=_is_irrealis(text, s, e)))
    hits.sort(key=lambda h: (h.start, h.axis))
    return tuple(hits)


# With a parse, negation is the verb-attached one (claims/negation.py); only a contrast
# right before the frame word ("security cooperation, not the withdrawal", "a partnership
# rather than a pullout") is read from the words, as the parse has no `neg` for it.
_CONTRAST_BEFORE = re.compile(r"^\s*(?:and\s+|but\s+)?not\b|\brather than\b|\binstead of\b|\bwithout\b",
                              re.IGNORECASE)


def _inside(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def hit_polarity(hit: FrameHit, text: str, parse=None) -> str:
    """'+' (the frame is asserted), '-' (negated: counts as the opposed frame) or
    'unasserted' (denied, a mention, a partial negation: no stance). Without a parse the
    shallow reading decides (FrameHit.negated); with one, the negation attached to the
    verb that governs the frame word: "denied that his decision to withdraw went against
    ..." negates no withdrawal, "aren't leaving Iraq entirely" claims no presence."""
    if parse is None:
        return "-" if hit.negated else "+"
    if _inside(hit.start, parse.unasserted_spans):
        return "unasserted"
    if _inside(hit.start, parse.negated_spans):
        return "-"
    window = _clause_before(text, hit.start, _NEG_WINDOW)
    return "-" if _CONTRAST_BEFORE.search(window) else "+"


def negation_cue_start(hit: FrameHit, text: str) -> int:
    """Where the negation of a negated frame word starts, for quoting it ("will not easily
    leave Iraq"): the last negation cue in its clause, else the word itself."""
    window = _clause_before(text, hit.start, _NEG_WINDOW)
    cues = list(_NEG_BEFORE.finditer(window))
    return hit.start - len(window) + cues[-1].start() if cues else hit.start
