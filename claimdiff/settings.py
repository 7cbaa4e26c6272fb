"""One frozen Settings object: every knob of a run, passed down whole (no global state)."""

from __future__ import annotations

from dataclasses import dataclass

from claimdiff.read.files import MAX_BYTES


@dataclass(frozen=True)
class Settings:
    """Every knob of a run, passed down whole (no global state)."""

    topic_threshold: float = 0.45  # mean cosine (average linkage) for two groups of claims to merge into one topic
    pair_threshold: float = 0.4  # cosine below which two claims are not compared
    neighbours: int = 24  # k of the neighbour graph: candidate pairs per claim
    duplicate_threshold: float = 0.93  # near-identical sentences of one article count once
    min_score: float = 0.0
    kinds: tuple[str, ...] = ()  # empty: every comparator
    lexicon: str | None = None  # extra frame lexicon (YAML)
    embedder: str = "auto"
    max_bytes: int = MAX_BYTES
    batch: int = 256
    story_threshold: float = 0.55  # stories.py: mean cosine of an article's title+lead with a story's members to join it
    story_window_days: int = 60  # stories.py: a story spans at most this many days from its first article
    story_core_days: int = 5  # stories.py: past this many days an article joins only if it reports on the same period
    across_stories: bool = False  # compare claims of different stories too (analyst's choice, noisier)
    relations: tuple[str, ...] = ("contradiction",)  # which rows to list: contradiction, update
    precision: str = "auto"  # embedding arithmetic: fp32, bf16, auto (bf16 where prepare found it faithful and faster)
    device: str = "auto"  # embedding device: cpu, cuda, auto (cuda when torch sees a GPU)
    cache: bool = True  # reuse vectors from the embedding cache (embedding/cache.py); --no-cache turns it off
    cache_dir: str | None = None  # None: the user's cache folder (XDG_CACHE_HOME, else platformdirs)
