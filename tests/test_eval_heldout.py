"""The held-out pair file is well formed and its scorer counts what it says."""

import json

from claimdiff import eval_heldout


def test_pairs_file_is_well_formed_and_balanced():
    rows = eval_heldout.load()
    assert len({r["id"] for r in rows}) == len(rows) >= 40
    assert {r["expect"] for r in rows} == {"conflict", "no_conflict"}
    assert all(r["a"].strip() and r["b"].strip() for r in rows)


def test_scorer_counts_misses_and_false_flags(tmp_path):
    p = tmp_path / "p.jsonl"
    rows = [{"id": "c", "expect": "conflict", "a": "Police said 40 people were killed.", "b": "Police said 90 people were killed."},
            {"id": "m", "expect": "conflict", "a": "The sky is blue.", "b": "The grass is green."},
            {"id": "n", "expect": "no_conflict", "a": "The sky is blue.", "b": "The sky is blue today."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    r = eval_heldout.run(p)
    assert (r["pairs"], r["conflicts"], r["found"], r["missed"], r["false_flags"]) == (3, 2, 1, ["m"], 0)


def test_second_set_splits_into_a_read_and_an_unread_half():
    rows = eval_heldout.load(eval_heldout.PAIRS2)
    assert len(rows) == 60 and sum(r["expect"] == "conflict" for r in rows) == 30
    halves = {h: [r for r in rows if eval_heldout.split(r) == h] for h in ("dev", "test")}
    assert len(halves["dev"]) + len(halves["test"]) == 60 and all(halves.values())
    assert eval_heldout.split({"id": "x"}) == eval_heldout.split({"id": "x"})


def test_third_set_is_balanced():
    rows = eval_heldout.load(eval_heldout.PAIRS3)
    assert len(rows) == 80 and sum(r["expect"] == "conflict" for r in rows) == 40
    assert len({r["id"] for r in rows}) == 80
