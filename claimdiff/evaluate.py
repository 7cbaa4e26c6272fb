"""Measure the comparators on public NLI-style pair sets.

    python -m claimdiff.evaluate --eval-dir ../shared/eval --output EVALUATION.md

For EQUATE (StressTest and AWPNLI apart), ClaimDiff and the SNLI slice, each pair judged as
the engine judges two claims (pass 1 on the shallow claims a trigger, pass 2 on the parsed
claims the finding; lexical cosine for similarity): per comparator kind (and "any"), precision / recall / F1 of "conflict" against the `contradiction` label,
the rate of conflicts on `entailment` pairs, two baselines beside them ("any differing
number" and "lexical cosine < 0.3"), and a few false positives / negatives. The data is
read from --eval-dir and never copied. Output is deterministic (no sampling, input order).

Then the whole pipeline on real text (claimdiff/eval_whole.py):
- the written suite (tests/data/stories, scored by claimdiff.eval_suite against expected.yaml);
- the BASIL whole scan: rows, rows across events (an article's event is known, see
  scripts/basil_articles.py) and the precision of the top 30 rows by reading, from the verdicts
  in tests/data/verdicts/basil_verdicts.jsonl (no verdict: "unread");
- story grouping, from claimdiff.eval_grouping.grouping_report when that module is there.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from claimdiff.compare import PairContext, all_comparators, compare_claims
from claimdiff.pairs import _claim, lexical_similarity

_NUM = re.compile(r"\d+(?:[.,]\d+)*")
N_EXAMPLES = 3


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ent: int = 0  # entailment pairs seen
    ent_flag: int = 0  # ... of which flagged
    fps: list = field(default_factory=list)
    fns: list = field(default_factory=list)

    def add(self, pred: bool, label: str, row: dict, expl: str = "") -> None:
        gold = label == "contradiction"
        if pred and gold:
            self.tp += 1
        elif pred and not gold:
            self.fp += 1
            if len(self.fps) < N_EXAMPLES:
                self.fps.append((row, label, expl))
        elif gold:
            self.fn += 1
            if len(self.fns) < N_EXAMPLES:
                self.fns.append((row, label, expl))
        if label == "entailment":
            self.ent += 1
            self.ent_flag += pred

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    @property
    def ent_rate(self) -> float:
        return self.ent_flag / self.ent if self.ent else 0.0


def load(path: Path, keep=lambda r: True) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [r for r in (json.loads(line) for line in fh if line.strip()) if keep(r)]


def datasets(eval_dir: Path) -> list[tuple[str, list[dict]]]:
    eq = eval_dir / "equate_dev.jsonl"
    cd = eval_dir / "claimdiff.jsonl"
    sn = eval_dir / "snli_dev_slice.jsonl"
    out = []
    if eq.exists():
        out.append(("EQUATE StressTest", load(eq, lambda r: r.get("subset") == "StressTest")))
        out.append(("EQUATE AWPNLI", load(eq, lambda r: r.get("subset") == "AWPNLI")))
    if cd.exists():
        out.append(("ClaimDiff test", load(cd, lambda r: r.get("split") == "test")))
    if sn.exists():
        out.append(("SNLI dev slice", load(sn)))
    return out


def evaluate_rows(rows: list[dict]) -> dict[str, Tally]:
    kinds = [c.kind for c in all_comparators()]
    tallies = {k: Tally() for k in [*kinds, "any", "baseline: numbers differ", "baseline: cosine < 0.3"]}
    for row in rows:
        a, b, label = row["text_a"], row["text_b"], row["label"]
        ca, cb = _claim(a, None, "a"), _claim(b, None, "b")
        sim = lexical_similarity(a, b)
        # as the engine does (conflicts.py): pass 1 on the shallow claims is a trigger; a flagged
        # pair is parsed, and only pass 2 on the parsed claims makes a finding
        found = {}
        if compare_claims(ca, cb, PairContext(similarity=sim)):
            from claimdiff.claims.syntax import parse_claims

            pa, pb = parse_claims([ca, cb])
            found = {f.kind: f for f in compare_claims(pa, pb, PairContext(similarity=sim))}
        for k in kinds:
            tallies[k].add(k in found, label, row, found[k].explanation if k in found else "")
        best = max(found.values(), key=lambda f: f.score).explanation if found else ""
        tallies["any"].add(bool(found), label, row, best)
        na, nb = set(_NUM.findall(a)), set(_NUM.findall(b))
        tallies["baseline: numbers differ"].add(bool(na or nb) and na != nb, label, row)
        tallies["baseline: cosine < 0.3"].add(sim < 0.3, label, row)
    return tallies


def _short(s: str, n: int = 160) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render(results: list[tuple[str, int, dict[str, Tally]]]) -> str:
    lines = ["# Evaluation", "", "## The comparators on pair sets", "",
             "Generated by `python -m claimdiff.evaluate`. Each pair is judged as the engine judges two claims: "
             "pass 1 on the shallow claims is a trigger, and a triggered pair is parsed and compared again; "
             "conflict = a finding of that kind in pass 2 (until 2026-12-02 this table scored pass 1 alone); "
             "gold = label `contradiction`. `ent. flagged` = share of `entailment` pairs flagged as conflicts.", ""]
    for name, n, tallies in results:
        lines += [f"### {name} ({n} pairs)", "", "| method | P | R | F1 | TP | FP | FN | ent. flagged |",
                  "|---|---|---|---|---|---|---|---|"]
        for k, t in tallies.items():
            lines.append(f"| {k} | {t.p:.3f} | {t.r:.3f} | {t.f1:.3f} | {t.tp} | {t.fp} | {t.fn} | "
                         f"{t.ent_rate:.3f} ({t.ent_flag}/{t.ent}) |")
        lines.append("")
        t = tallies["any"]
        for title, ex in (("False positives", t.fps), ("False negatives", t.fns)):
            if not ex:
                continue
            lines.append(f"{title} (first {len(ex)}):")
            lines.append("")
            for row, label, expl in ex:
                lines.append(f"- `{row.get('id')}` [{label}] A: {_short(row['text_a'])} | B: {_short(row['text_b'])}"
                             + (f" -> {expl}" if expl else ""))
            lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claimdiff.evaluate", description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(Path(__file__).resolve().parents[1].parent / "shared" / "eval"),
                    help="folder with equate_dev.jsonl, claimdiff.jsonl, snli_dev_slice.jsonl")
    ap.add_argument("--output", default=None, help="write the Markdown report here too")
    ap.add_argument("--limit", type=int, default=None, help="first N pairs of each set (quick runs)")
    ap.add_argument("--engine", default="auto", help="embedding engine of the whole-pipeline runs")
    ap.add_argument("--pairs-only", action="store_true", help="only the pair sets (no whole-pipeline runs)")
    ap.add_argument("--skip-suite", action="store_true", help="leave out the written suite")
    ap.add_argument("--skip-basil", action="store_true", help="leave out the BASIL whole scan")
    ap.add_argument("--skip-grouping", action="store_true", help="leave out the story grouping report")
    ap.add_argument("--unread", default=None, metavar="JSONL",
                    help="write BASIL's top rows that have no verdict here, with their texts, for reading "
                         "(keep it out of the repository: it holds article text)")
    args = ap.parse_args(argv)
    d = Path(args.eval_dir)
    sets = datasets(d)
    if not sets:
        print(f"Error: no evaluation files in {d} (pass --eval-dir pointing at shared/eval)", file=sys.stderr)
        return 2
    results = []
    for name, rows in sets:
        rows = rows[: args.limit] if args.limit else rows
        results.append((name, len(rows), evaluate_rows(rows)))
    md = render(results)
    if not args.pairs_only:
        from claimdiff.eval_whole import whole_pipeline_sections

        md = md + "\n" + whole_pipeline_sections(d, engine=args.engine, suite=not args.skip_suite,
                                                  basil=not args.skip_basil, grouping=not args.skip_grouping,
                                                  unread_out=args.unread)
    print(md)
    if args.output:
        Path(args.output).write_text(md + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
