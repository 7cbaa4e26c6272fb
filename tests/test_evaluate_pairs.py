"""`make eval` judges each NLI pair as the engine does: pass 1 on the shallow claims is only a
trigger; the finding is pass 2's, on the parsed claims."""

from claimdiff.evaluate import evaluate_rows


def test_pass_one_alone_is_not_a_finding():
    rows = [
        # pass 1 flags it (no actor in the shallow reading); the parse reads two actors
        {"text_a": "NATO said it had deployed 4,000 troops to the border.",
         "text_b": "The United States deployed 2,000 troops to the border.", "label": "neutral"},
        # both passes flag it
        {"text_a": "The army deployed 4,000 troops to the border.",
         "text_b": "The army deployed 2,000 troops to the border.", "label": "contradiction"},
    ]
    t = evaluate_rows(rows)["any"]
    assert (t.tp, t.fp, t.fn) == (1, 0, 0)
