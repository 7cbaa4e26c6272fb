"""Score a whole scan against a written answer key (tests/data/stories/expected.yaml).

    python -m claimdiff.eval_suite tests/data/stories            # scan with the real model, print markdown
    python -m claimdiff.eval_suite tests/data/stories --json     # the report as JSON

The key lists, per story folder, the planted conflicts (kind, relation, a short substring of
each sentence), the traps and agreeing pairs that must not be flagged, and which files form one
story. A row (a Conflict) matches a key entry when one side's sentence contains the entry's
`a.text` and comes from `a.file`, and the other side's contains `b.text` and comes from `b.file`
(either order). A row is right when it matches a planted conflict; every other row is a false
row and is listed by id.

`suite_report(result, expected_path)` works on any ScanResult, so it is tested on synthetic
results; the command line scans the folder with `claimdiff.pipeline.scan` and every relation
(contradictions and updates), since updates are part of what is scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import yaml

from claimdiff.models import Conflict, ScanResult, Side

KEY_NAME = "expected.yaml"


def load_key(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        key = yaml.safe_load(fh) or {}
    for section in ("stories", "conflicts", "must_not_flag"):
        key.setdefault(section, {} if section == "stories" else [])
    return key


def _norm(p: str) -> str:
    return str(p).replace("\\", "/")


def _from_file(article: str, file: str) -> bool:
    a, f = _norm(article), _norm(file).lstrip("./")
    return a == f or a.endswith("/" + f)


def _side_is(side: Side, spec: dict) -> bool:
    return spec["text"] in side.text and _from_file(side.article, spec["file"])


def row_matches(row: Conflict, entry: dict) -> bool:
    """The row's two sides are the entry's two sentences, in either order."""
    a, b = entry["a"], entry["b"]
    return (_side_is(row.a, a) and _side_is(row.b, b)) or (_side_is(row.a, b) and _side_is(row.b, a))


def _story_of_file(key: dict) -> dict[str, str]:
    return {_norm(f): story for story, files in key["stories"].items() for f in files}


def _story_of(article: str, story_of: dict[str, str]) -> str | None:
    for f, story in story_of.items():
        if _from_file(article, f):
            return story
    return None


def _row_brief(row: Conflict) -> dict:
    return {"id": row.id, "kind": row.kind, "relation": row.relation, "score": row.score,
            "a": row.a.text, "b": row.b.text, "file_a": row.a.article, "file_b": row.b.article,
            "explanation": row.explanation}


def _ratio(n: int, d: int) -> float | None:
    return n / d if d else None


def grouping_scores(result: ScanResult, key: dict) -> dict | None:
    """Pairwise precision / recall of the scan's stories against the key's (articles as nodes).

    None when the result carries no stories (a pipeline that does not group)."""
    if not result.stories or not key["stories"]:
        return None
    story_of = _story_of_file(key)
    path_of = {a.id: a.path for a in result.articles}
    expected = {a.path: _story_of(a.path, story_of) for a in result.articles}
    found: dict[str, str] = {}
    for s in result.stories:
        for aid in s.article_ids:
            if aid in path_of:
                found[path_of[aid]] = s.id
    paths = sorted(p for p in expected if expected[p] is not None)
    tp = fp = fn = 0
    for p, q in combinations(paths, 2):
        same_e = expected[p] == expected[q]
        same_f = p in found and q in found and found[p] == found[q]
        tp += same_e and same_f
        fp += same_f and not same_e
        fn += same_e and not same_f
    members_e: dict[str, set] = defaultdict(set)
    members_f: dict[str, set] = defaultdict(set)
    for p in paths:
        members_e[expected[p]].add(p)
        if p in found:
            members_f[found[p]].add(p)
    exact = sum(1 for m in members_e.values() if m in list(members_f.values()))
    return {"expected_stories": len(members_e), "found_stories": len(members_f), "exact": exact,
            "pair_precision": _ratio(tp, tp + fp), "pair_recall": _ratio(tp, tp + fn)}


def suite_report(result: ScanResult, expected_path: str | Path) -> dict:
    """Score `result` against the key at `expected_path`; a plain dict (JSON-ready)."""
    key = load_key(expected_path)
    planted, avoid = key["conflicts"], key["must_not_flag"]
    rows = list(result.conflicts)
    # a row folded into a listed one (the same disagreement, another pair of articles) finds what it
    # matches for the row that stands for it
    stands_for = {c.id: r for r in rows for c in result.repeated if c.id in r.also}
    folded = [(c, stands_for[c.id]) for c in result.repeated if c.id in stands_for]
    story_of = _story_of_file(key)

    right_rows: set[int] = set()  # row positions: two rows of other files may share an id (same texts)
    planted_out = []
    for e in planted:
        hits = [r for r in rows if row_matches(r, e)]
        hits += [r for c, r in folded if row_matches(c, e) and r not in hits]
        right_rows.update(i for i, r in enumerate(rows) if r in hits)
        planted_out.append({
            "id": e["id"], "story": e.get("story"), "kind": e["kind"], "relation": e["relation"],
            "found": bool(hits), "rows": [r.id for r in hits],
            "kind_right": any(r.kind == e["kind"] for r in hits),
            "relation_right": any(r.relation == e["relation"] for r in hits)})
    found = [p for p in planted_out if p["found"]]

    by_kind: dict[str, dict] = {}
    for p in planted_out:
        k = by_kind.setdefault(p["kind"], {"planted": 0, "found": 0})
        k["planted"] += 1
        k["found"] += p["found"]

    updates = [p for p in planted_out if p["relation"] == "update"]
    contras = [p for p in planted_out if p["relation"] == "contradiction"]
    flagged_avoid = []
    for e in avoid:
        hits = [r for r in rows if row_matches(r, e)] + [c for c, _ in folded if row_matches(c, e)]
        if e.get("type") == "agree":
            # an agreeing point of two sentences is not flagged by a row that is a planted conflict
            # on another point of the same two ("a 48-hour strike beginning on Good Friday" / "a
            # 72-hour walkout starting on Friday 18 April": the length differs, the day agrees)
            hits = [r for r in hits if r not in rows or rows.index(r) not in right_rows]
            hits = [r for r in hits if r in rows or stands_for.get(r.id) is None
                    or rows.index(stands_for[r.id]) not in right_rows]
        if hits:
            flagged_avoid.append({"id": e["id"], "type": e.get("type", "trap"), "trap": e.get("trap"),
                                  "rows": [r.id for r in hits]})
    traps = [e for e in avoid if e.get("type", "trap") == "trap"]
    agrees = [e for e in avoid if e.get("type") == "agree"]

    false_rows = [_row_brief(r) for i, r in enumerate(rows) if i not in right_rows]
    cross = []
    for r in rows:
        sa, sb = _story_of(r.a.article, story_of), _story_of(r.b.article, story_of)
        if sa != sb:
            cross.append({"id": r.id, "story_a": sa, "story_b": sb})

    by_trap: dict[str, dict] = {}
    flagged_ids = {f["id"] for f in flagged_avoid}
    for e in traps:
        t = by_trap.setdefault(e.get("trap") or "trap", {"n": 0, "flagged": 0})
        t["n"] += 1
        t["flagged"] += e["id"] in flagged_ids

    return {
        "planted": {"n": len(planted), "found": len(found), "recall": _ratio(len(found), len(planted)),
                    "missed": [p["id"] for p in planted_out if not p["found"]],
                    "wrong_kind": [p["id"] for p in found if not p["kind_right"]],
                    "by_kind": by_kind, "entries": planted_out},
        "updates": {"n": len(updates), "found": sum(p["found"] for p in updates),
                    "labelled_update": sum(p["found"] and p["relation_right"] for p in updates),
                    "mislabelled": [p["id"] for p in updates if p["found"] and not p["relation_right"]]},
        "contradictions": {"n": len(contras), "found": sum(p["found"] for p in contras),
                           "labelled_update": [p["id"] for p in contras if p["found"] and not p["relation_right"]]},
        "traps": {"n": len(traps), "flagged": sum(1 for f in flagged_avoid if f["type"] == "trap"),
                  "by_trap": by_trap, "flagged_entries": [f for f in flagged_avoid if f["type"] == "trap"]},
        "agreeing": {"n": len(agrees), "flagged": sum(1 for f in flagged_avoid if f["type"] == "agree"),
                     "flagged_entries": [f for f in flagged_avoid if f["type"] == "agree"]},
        "rows": {"n": len(rows), "right": len(rows) - len(false_rows),
                 "precision": _ratio(len(rows) - len(false_rows), len(rows)), "false": false_rows},
        "cross_story": {"n": len(cross), "rate": _ratio(len(cross), len(rows)), "rows": cross},
        "grouping": grouping_scores(result, key),
        "articles": len(result.articles), "stories_in_key": len(key["stories"]),
    }


def _f(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _short(s: str, n: int = 110) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render_markdown(rep: dict, title: str = "Written suite (tests/data/stories)", level: int = 2) -> str:
    h = "#" * level
    p, u, c, t, ag, rows, cr = (rep[k] for k in ("planted", "updates", "contradictions", "traps", "agreeing",
                                                  "rows", "cross_story"))
    lines = [f"{h} {title}", "",
             f"{rep['articles']} articles in {rep['stories_in_key']} stories. A row is right when its two sentences "
             "are a planted conflict of the answer key (`expected.yaml`); every other row is false.", "",
             "| measure | value |", "|---|---|",
             f"| planted conflicts found (recall) | {p['found']}/{p['n']} ({_f(p['recall'])}) |",
             f"| ... contradictions found | {c['found']}/{c['n']} |",
             f"| ... updates found | {u['found']}/{u['n']} |",
             f"| updates labelled `update` | {u['labelled_update']}/{u['found']} found |",
             f"| contradictions labelled `update` | {len(c['labelled_update'])} |",
             f"| found with the planted kind | {p['found'] - len(p['wrong_kind'])}/{p['found']} |",
             f"| traps flagged | {t['flagged']}/{t['n']} |",
             f"| agreeing pairs flagged | {ag['flagged']}/{ag['n']} |",
             f"| rows listed | {rows['n']} |",
             f"| precision of rows | {rows['right']}/{rows['n']} ({_f(rows['precision'])}) |",
             f"| rows across stories | {cr['n']} ({_f(cr['rate'])}) |"]
    g = rep.get("grouping")
    if g:
        lines.append(f"| story grouping | {g['exact']}/{g['expected_stories']} stories exact, {g['found_stories']} found; "
                     f"pair precision {_f(g['pair_precision'])}, recall {_f(g['pair_recall'])} |")
    lines += ["", "Per planted kind: " + ", ".join(f"{k} {v['found']}/{v['planted']}" for k, v in sorted(p["by_kind"].items())),
              "", "Traps by kind (flagged/n): " + ", ".join(f"{k} {v['flagged']}/{v['n']}" for k, v in sorted(t["by_trap"].items())), ""]
    if p["missed"]:
        lines += ["Missed: " + ", ".join(f"`{m}`" for m in p["missed"]), ""]
    if u["mislabelled"] or c["labelled_update"]:
        lines += ["Wrong relation: " + ", ".join(f"`{m}`" for m in u["mislabelled"] + c["labelled_update"]), ""]
    flagged = t["flagged_entries"] + ag["flagged_entries"]
    if flagged:
        lines += ["Flagged traps / agreeing pairs: " + ", ".join(f"`{f['id']}`" for f in flagged), ""]
    if rows["false"]:
        lines += [f"False rows ({len(rows['false'])}):", ""]
        for r in rows["false"]:
            lines.append(f"- `{r['id']}` {r['kind']}/{r['relation']} {r['score']}: {_short(r['a'])} | {_short(r['b'])}")
        lines.append("")
    return "\n".join(lines)


def run_suite(folder: str | Path, expected: str | Path | None = None, engine: str = "auto",
              embedder=None) -> dict:
    """Scan `folder` with the real pipeline (every relation listed) and score it."""
    from claimdiff.pipeline import scan
    from claimdiff.settings import Settings

    folder = Path(folder)
    expected = Path(expected) if expected else folder / KEY_NAME
    settings = Settings(embedder=engine, relations=("contradiction", "update"))
    result = scan([folder], settings, embedder=embedder)
    return suite_report(result, expected)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m claimdiff.eval_suite", description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="folder of story folders with an expected.yaml")
    ap.add_argument("--expected", default=None, help="answer key (default: FOLDER/expected.yaml)")
    ap.add_argument("--engine", default="auto", help="embedding engine (auto, fast, light, stock)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    folder = Path(args.folder)
    key = Path(args.expected) if args.expected else folder / KEY_NAME
    if not key.is_file():
        print(f"Error: no answer key at {key} (pass --expected)", file=sys.stderr)
        return 2
    rep = run_suite(folder, key, args.engine)
    print(json.dumps(rep, indent=1) if args.json else render_markdown(rep, level=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
