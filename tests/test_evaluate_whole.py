"""make eval's whole-pipeline pieces: verdicts by reading (claimdiff/eval_whole.py)."""

from __future__ import annotations

import json

import pytest

from claimdiff.eval_whole import VERDICTS, claim_sha, load_verdicts, read_precision, verdict_for
from claimdiff.models import Conflict, Side


def _row(a: str, b: str, kind: str = "numeric", relation: str = "contradiction") -> Conflict:
    side = lambda t: Side(claim_id=t[:4], text=t, article_id="x", article="x.txt", start=0, end=len(t))  # noqa: E731
    return Conflict(id=Conflict.make_id(a, b, kind), kind=kind, relation=relation, topic_id="t", topic_label="t",
                    score=0.5, explanation="e", a=side(a), b=side(b))


def test_verdict_found_by_id_or_by_claim_hashes_in_either_order():
    r = _row("Five were hurt.", "Seven were hurt.")
    by_id = [{"conflict_id": r.id, "claim_a": "", "claim_b": "", "verdict": "real", "reason": ""}]
    by_hash = [{"conflict_id": "other", "claim_a": claim_sha("Seven  were hurt."), "claim_b": claim_sha("Five were hurt."),
                "verdict": "false", "reason": ""}]
    assert verdict_for(r, by_id)["verdict"] == "real"
    assert verdict_for(r, by_hash)["verdict"] == "false"  # kind renamed, whitespace differs: still found
    assert verdict_for(_row("Five were hurt.", "Nine were hurt."), by_hash) is None


def test_read_precision_counts_unread_and_relations():
    rows = [_row("a 1", "b 1"), _row("a 2", "b 2"), _row("a 3", "b 3", relation="update"), _row("a 4", "b 4"),
            _row("a 5", "b 5")]
    vs = [{"conflict_id": rows[0].id, "verdict": "real"}, {"conflict_id": rows[1].id, "verdict": "false"},
          {"conflict_id": rows[2].id, "verdict": "update"}, {"conflict_id": rows[3].id, "verdict": "update"}]
    c = read_precision(rows, vs)
    assert (c["real"], c["false"], c["update"], c["unread"], c["right"]) == (1, 1, 2, 1, 2)
    assert c["update_mislabelled"] == 1  # read as an update, listed as a contradiction
    assert c["precision_of_read"] == pytest.approx(2 / 4)
    assert c["precision_counting_unread_as_false"] == pytest.approx(2 / 5)


def test_committed_verdicts_hold_no_article_text():
    vs = load_verdicts(VERDICTS)
    assert vs, "tests/data/verdicts/basil_verdicts.jsonl has verdicts"
    for v in vs:
        assert set(v) == {"conflict_id", "claim_a", "claim_b", "verdict", "reason"}, v
        assert len(v["claim_a"]) == len(v["claim_b"]) == 16 and v["reason"]


def test_bad_verdict_is_refused(tmp_path):
    p = tmp_path / "v.jsonl"
    p.write_text(json.dumps({"conflict_id": "x", "verdict": "maybe"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="real, false or update"):
        load_verdicts(p)
