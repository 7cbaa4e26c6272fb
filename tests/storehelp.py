"""Helpers for the store tests: synthetic articles and a counting embedder."""
from __future__ import annotations

import os
import sys

from claimdiff.embedding.engines import FakeEmbedder

from .conftest import REPO

PLACES = ["the northern province", "the river valley", "the capital", "the coastal city", "the border town",
          "the mining district", "the eastern hills", "the port"]
THINGS = ["a new bridge", "the market", "the school", "a water plant", "the hospital wing", "the rail link",
          "a solar farm", "the library"]
VERBS = ["opened", "closed", "was repaired", "was inspected", "was funded", "was delayed", "was praised",
         "was expanded"]


def synthetic_text(n: int, sentences: int = 8) -> str:
    lines = [f"Report number {n} from {PLACES[n % len(PLACES)]}", ""]
    for s in range(sentences):
        k = n * 31 + s * 7
        lines.append(f"Officials said {THINGS[k % len(THINGS)]} in {PLACES[(k // 3) % len(PLACES)]} "
                     f"{VERBS[(k // 5) % len(VERBS)]} on day {n} after item {s} of the plan number {n * 100 + s}.")
    return "\n".join(lines) + "\n"


def write_articles(folder, start: int, count: int) -> list[str]:
    os.makedirs(folder, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        p = os.path.join(folder, f"a{n:04d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(synthetic_text(n))
        paths.append(p)
    return paths


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.sentences = 0

    def encode(self, texts):
        self.calls += 1
        self.sentences += len(texts)
        return super().encode(texts)


def cli_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    return env


CLI = [sys.executable, "-m", "claimdiff.cli"]
