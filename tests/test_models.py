from claimdiff.claims.quantity import read_quantities
from claimdiff.models import Claim


def test_open_bounds_survive_a_json_round_trip():
    text = "At least 2,500 US troops have been withdrawn, and up to 40 bases closed."
    qs = read_quantities(text)
    assert any(q.high == float("inf") for q in qs) and any(q.low == float("-inf") or q.low == 0 for q in qs)
    c = Claim(id="x", article_id="a", sentence_index=0, text=text, start=0, end=len(text), quantities=qs)
    assert Claim.model_validate_json(c.model_dump_json()) == c
