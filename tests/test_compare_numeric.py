import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdiff.compare.numeric import intervals_disjoint
from claimdiff.models import Quantity
from claimdiff.pairs import compare_texts

A = ("In other words, the withdrawal of 2,000 American troops will be a prelude to the complete withdrawal of "
     "these forces from Iraq.")
B = ("Mustafa Kadhimi, the Iraqi Prime Minister confirmed over last weekend that at least 2,500 US troops have been "
     "withdrawn already from Iraq as part of a three year period of pullout from the country.")


def test_seed_withdrawal_conflict():
    r = compare_texts(A, B, dt.date(2020, 8, 31), dt.date(2020, 10, 5))
    assert r.conflict and r.kind == "numeric"
    assert r.explanation.startswith("2,000 vs at least 2,500 US troops withdrawn")
    assert r.explanation.endswith("; reported 2020-08-31 vs 2020-10-05 (may be an update)")


@pytest.mark.parametrize("other", [
    "The forces in Syria, east of the Euphrates, where 2,000 US Marines are currently physically present.",
    "In all, about 8,000 ISIS fighters entered Iraq during these years, exacerbating insecurity.",
    "He also said that the irrational number of 2,500 American advisers could not be accepted.",
    "We have detailed information about the replacement of American forces with 2,500 more soldiers.",
])
def test_seed_traps_are_not_conflicts(other):
    assert not compare_texts(A, other).conflict
    assert not compare_texts(B, other).conflict


@pytest.mark.parametrize("a,b,conflict", [
    # casualties
    ("At least 40 people were killed in the blast, police said.", "The blast killed 25 people, officials said.", True),
    ("At least 40 people were killed in the blast.", "The blast killed 52 people.", False),
    ("About 300 people were killed in the attack.", "The attack killed 310 people.", False),
    ("About 300 people were killed in the attack.", "120 people were wounded in the attack.", False),
    # budgets
    ("Congress approved a budget of $2.5 billion for the program.", "The program got a budget of $1.8 billion.", True),
    ("The program cost $2.5 billion in 2020.", "The program cost $2.5 billion in 2021.", False),
    # percentages
    ("Turnout was 62 % in the capital.", "Turnout in the capital was less than 50 %.", True),
    ("Turnout was 62 % in the capital.", "Turnout in the capital was more than 60 %.", False),
    # nationality and place clash
    ("2,000 Iraqi troops were deployed to Mosul.", "2,500 US troops were deployed to Mosul.", False),
    ("2,000 troops were deployed in Syria.", "2,500 troops were deployed in Iraq.", False),
    # StressTest-style interval logic
    ("John has 6 friends who want to ride.", "John has more than 6 friends who want to ride.", True),
    ("Andrew has 8 friends.", "Andrew has more than 1 friends.", False),
    ("She got a less than 30 % discount.", "She got a 20 % discount.", False),
])
def test_pairs(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict
    assert compare_texts(b, a).conflict is conflict


def test_ambiguous_alignment_is_not_flagged():
    assert not compare_texts("Tom had 9 dimes and his dad gave him 7 dimes.", "Tom has 16 dimes now.").conflict
    assert not compare_texts("A shop sold 9 pizzas at lunch and 6 at dinner.", "The shop sold 15 pizzas.").conflict


def test_highlights_point_at_the_values():
    from claimdiff.claims import read_claim
    from claimdiff.compare import PairContext
    from claimdiff.compare.numeric import NumericComparator
    from claimdiff.pairs import _claim
    ca, cb = _claim(A, None, "a"), _claim(B, None, "b")
    f = NumericComparator().compare(ca, cb, PairContext())
    (s, e), = f.highlights_a
    assert A[s:e] == "2,000 American troops"
    (s, e), = f.highlights_b
    assert B[s:e].startswith("at least 2,500")
    assert f.facet == "troops|withdraw|us" and 0 < f.score <= 1
    assert read_claim  # imported API stays available


def q(low, high, lo_open=False, hi_open=False):
    return Quantity(text="x", start=0, end=1, value=low if math.isfinite(low) else high, low=low, high=high,
                    low_open=lo_open, high_open=hi_open)


bound = st.one_of(st.integers(-1000, 1000).map(float), st.just(math.inf), st.just(-math.inf))


@given(st.integers(-100, 100), st.integers(0, 50), st.booleans(), st.booleans(),
       st.integers(-100, 100), st.integers(0, 50), st.booleans(), st.booleans())
def test_disjoint_is_symmetric(l1, w1, o1, p1, l2, w2, o2, p2):
    a, b = q(l1, l1 + w1, o1 and w1 > 0, p1 and w1 > 0), q(l2, l2 + w2, o2 and w2 > 0, p2 and w2 > 0)
    assert intervals_disjoint(a, b) == intervals_disjoint(b, a)


def test_disjoint_open_ends():
    assert intervals_disjoint(q(20, 20), q(20, math.inf, lo_open=True))
    assert not intervals_disjoint(q(20, 20), q(20, math.inf))
    assert not intervals_disjoint(q(8, 8), q(1, math.inf, lo_open=True))
