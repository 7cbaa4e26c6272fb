"""One measure in two units (compare/_convert.py): converted, rounded as written, then compared."""

import pytest

from claimdiff.compare._convert import rounding, shown
from claimdiff.pairs import compare_texts

CONFLICTS = [
    ("The storm's winds reached 120 miles per hour at landfall.", "The storm's winds reached 120 km/h at landfall."),
    ("The fire has burned 5,000 acres.", "The fire has burned 8,000 hectares."),
    ("The suspect fled 20 miles before he was caught.", "The suspect fled about 80 kilometres before he was caught."),
    ("The quake struck 10 km deep.", "The quake struck 30 miles deep."),
    ("The tanker spilled 10,000 gallons of oil.", "The tanker spilled 10,000 litres of oil."),
]
AGREE = [
    ("The storm's winds reached 120 mph at landfall.", "The storm's winds reached 190 km/h at landfall."),
    ("The fire has burned 5,000 acres.", "The fire has burned 2,000 hectares."),
    ("The suspect fled 20 miles before he was caught.", "The suspect fled about 32 kilometres before he was caught."),
    ("The quake struck at a depth of 10 km.", "The quake struck at a depth of 6 miles."),
    ("The tanker spilled 10,000 gallons of oil.", "The tanker spilled 38,000 litres of oil."),
    ("The runners covered 26.2 miles.", "The runners covered 42.2 km."),
    # two lengths on one side: which one the other figure gives is not clear
    ("The runners covered 26.2 miles, and the wheelchair race was 10 km.", "The runners covered 42.2 km."),
    # another dimension, and tons (short or metric) are not converted
    ("The fire has burned 5,000 acres.", "The fire is 8 km from the town."),
    ("The ship carried 40 tons of grain.", "The ship carried 40 tonnes of grain."),
]


@pytest.mark.parametrize("a,b", CONFLICTS)
def test_two_units_that_do_not_convert_conflict(a, b):
    r = compare_texts(a, b)
    assert r.conflict and r.kind == "numeric" and "about" in r.explanation


@pytest.mark.parametrize("a,b", AGREE)
def test_conversions_that_match_or_are_unclear_are_not_flagged(a, b):
    assert not compare_texts(a, b).conflict


def test_rounding_is_half_the_last_written_step():
    from claimdiff.models import Quantity

    def q(text, v):
        return Quantity(text=text, start=0, end=len(text), value=v, low=v, high=v, unit="km")

    assert rounding(q("8 km", 8)) == pytest.approx(0.0625)
    assert rounding(q("5,000 acres", 5000)) == pytest.approx(0.1)
    assert rounding(q("26.2 miles", 26.2)) == pytest.approx(0.03)  # the floor
    assert shown(193.12) == "193" and shown(32.19) == "32.2" and shown(19768.4) == "19,768"


def test_area_in_square_miles_is_one_unit():
    from claimdiff.claims.quantity import read_quantities
    qs = read_quantities("The fire blackened roughly 22 square miles.")
    assert [(q.unit, q.value) for q in qs] == [("square mile", 22.0)]
