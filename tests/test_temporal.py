import datetime as dt

from claimdiff.claims.time import read_times
from claimdiff.claims.syntax import parse_claims
from claimdiff.compare import PairContext
from claimdiff.compare.temporal import TemporalComparator
from claimdiff.pairs import _claim, compare_texts

PUB = dt.date(2023, 3, 10)


def test_how_long_it_takes_is_a_period():
    (t,) = read_times("Rebuilding the bridge will take up to eight years.", PUB)
    assert t.kind == "period" and t.days == 8 * 365.25
    (t,) = read_times("The strike lasted three weeks.", PUB)
    assert t.kind == "period" and t.days == 21


def test_periods_that_disagree():
    # the misses
    r = compare_texts("The plant will lay off 400 workers within six months.",
                      "The 400 layoffs at the plant will be spread over three years.", PUB, PUB)
    assert r.kind == "temporal" and "6 months" in r.explanation and "3 years" in r.explanation
    r = compare_texts("Deploying the new brigade to the border will take two years.",
                      "The new brigade will be deployed to the border within six months.", PUB, PUB)
    assert r.kind == "temporal" and "deployment" in r.explanation


def test_explanations_say_no_maybe_update():
    r = compare_texts("The withdrawal of the troops from the base will take eight years.",
                      "The troops will be withdrawn from the base over a three year period.",
                      dt.date(2023, 1, 2), dt.date(2023, 6, 1))
    assert r.conflict and "update" not in r.explanation


def test_agreeing_or_unrelated_periods_are_not_conflicts():
    assert not compare_texts("The troops will withdraw from the base within a year.",
                             "The troops will withdraw from the base in the next twelve months.", PUB, PUB).conflict
    # different events
    assert not compare_texts("The factory will lay off 200 workers within six months.",
                             "The factory will hire 200 workers over three years.", PUB, PUB).conflict
    # one asserts, the other negates: not a disagreement about time (the framing comparator's)
    a, b = parse_claims([_claim("The troops will withdraw from the base within a year.", PUB, "a"),
                         _claim("The troops will not withdraw from the base over the next three years.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.8)) is None
    a, b = parse_claims([_claim("The troops will withdraw from the base within a year.", PUB, "a"),
                         _claim("The troops will withdraw from the base over the next three years.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.8)) is not None


def test_a_revised_timetable_reported_later_is_an_update():
    a, b = parse_claims([_claim("Crews will withdraw from the dam site within six months.", dt.date(2023, 1, 5), "a"),
                         _claim("Crews will now withdraw from the dam site over two years.", dt.date(2023, 9, 1), "b")])
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.8, date_a=dt.date(2023, 1, 5),
                                                       date_b=dt.date(2023, 9, 1)))
    assert f.relation == "update" and "revised" in f.explanation
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.8))  # undated: cannot tell
    assert f.relation == "contradiction"
