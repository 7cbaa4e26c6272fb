"""Times of day of one-time events (compare/_clock.py) and durations in hours and minutes (claims/time.py)."""

import pytest

from claimdiff.claims.time import read_times
from claimdiff.compare._clock import _disjoint, clock_span
from claimdiff.pairs import compare_texts

CLOCK_CONFLICTS = [
    ("The train derailed at 7:42 a.m. after heavy rain, police said.", "The train derailed shortly after 9 a.m., police said."),
    ("The magnitude 6.1 quake struck at 3:14 a.m. local time.", "The quake struck at 5:20 a.m., seismologists said."),
    ("The bomb exploded around noon near the market.", "The bomb exploded at 4 p.m. near the market."),
    ("The fire broke out at 2 a.m. in the warehouse.", "The fire broke out around 4:30 a.m. in the warehouse."),
]
CLOCK_AGREE = [
    ("The train derailed at 7:42 a.m. after heavy rain, police said.", "The train derailed at about 7:45am, police said."),
    # an aftershock is another event
    ("The magnitude 6.1 quake struck at 3:14 a.m. local time.", "A strong aftershock struck at 5:20 a.m., seismologists said."),
    ("The bomb exploded around noon near the market.", "The bomb exploded shortly after 12:15 p.m. near the market."),
    # two clock times in one sentence: which is the start's is not read
    ("The fire broke out at 2 a.m. in the warehouse and was contained by 6 a.m.", "The fire broke out around 4:30 a.m. in the warehouse."),
    # 11:55 p.m. and shortly after midnight meet across midnight
    ("The plane crashed at 11:55 p.m. shortly after takeoff.", "The plane crashed shortly after midnight."),
    ("The polls opened at 7 a.m.", "The polls closed at 8 p.m."),
]


@pytest.mark.parametrize("a,b", CLOCK_CONFLICTS)
def test_one_event_at_two_times_of_day(a, b):
    r = compare_texts(a, b)
    assert r.conflict and r.kind == "temporal" and "one times the" in r.explanation


@pytest.mark.parametrize("a,b", CLOCK_AGREE)
def test_times_that_meet_or_are_of_other_events(a, b):
    assert not compare_texts(a, b).conflict


def test_clock_intervals():
    assert clock_span("It struck at 3:14 a.m.")[0] == (189, 199)
    assert clock_span("It landed shortly after 9 p.m.")[0] == (21 * 60, 21 * 60 + 30)
    assert clock_span("at 21:30 GMT")[0] == (21 * 60 + 25, 21 * 60 + 35)
    assert clock_span("a magnitude 6.1 quake") is None and clock_span("between 9 a.m. and 5 p.m.") is None
    assert not _disjoint((1430, 1440), (0, 30)) and _disjoint((100, 110), (200, 210))


HOUR_CONFLICTS = [
    ("The standoff lasted 14 hours before the gunman surrendered.", "The standoff ended after three hours when the gunman surrendered."),
    ("Police ended a three-hour siege at the bank on Tuesday.", "The siege at the bank lasted nine hours, police said."),
    ("The blackout lasted 90 minutes, the utility said.", "The outage lasted four hours, the utility said."),
    ("The senator spoke for 21 hours in a filibuster against the bill.", "The senator's filibuster lasted 15 hours."),
]
HOUR_AGREE = [
    ("The standoff lasted 14 hours before the gunman surrendered.", "The standoff ended after nearly 14 hours when the gunman surrendered."),
    ("The surgery lasted six hours.", "Doctors said the surgery took about six hours."),
]


@pytest.mark.parametrize("a,b", HOUR_CONFLICTS)
def test_durations_in_hours(a, b):
    r = compare_texts(a, b)
    assert r.conflict and r.kind == "temporal"


@pytest.mark.parametrize("a,b", HOUR_AGREE)
def test_durations_in_hours_that_agree(a, b):
    assert not compare_texts(a, b).conflict


def test_hours_are_fractions_of_a_day():
    (t,) = read_times("The standoff ended after 14 hours.", None)
    assert t.kind == "period" and t.days == pytest.approx(14 / 24)
    (t,) = read_times("a 90-minute meeting", None)
    assert t.days == pytest.approx(90 / 1440)
