import datetime as dt

from claimdiff.claims.time import read_times

PUB = dt.date(2021, 12, 30)


def only(text, published=PUB):
    ts = read_times(text, published)
    assert len(ts) == 1, ts
    return ts[0]


def test_full_date():
    t = only("December 31, 2021 was the deadline for the withdrawal")
    assert (t.kind, t.date, t.granularity) == ("date", dt.date(2021, 12, 31), "day")


def test_month_year():
    t = only("It was in January 2020 when members of parliament decided")
    assert (t.date, t.granularity) == (dt.date(2020, 1, 1), "month")


def test_day_without_year_takes_publication_year():
    assert only("He announced on December 29 that the coalition had left").date == dt.date(2021, 12, 29)
    assert read_times("He announced on December 29 that the coalition had left", None) == ()


def test_deadlines():
    t = only("forces withdrawn from Iraq before the end of the year")
    assert (t.kind, t.date) == ("deadline", dt.date(2021, 12, 31))
    assert only("all troops out by the end of 2022").date == dt.date(2022, 12, 31)
    assert only("troops out by December 31, 2021").kind == "deadline"


def test_periods():
    t = only("US troops to leave Iraq within a year")
    assert (t.kind, t.days, t.start_date) == ("period", 365.25, PUB)
    assert t.date == PUB + dt.timedelta(days=365)
    assert only("withdraw over a period of 8 years").days == 8 * 365.25
    assert only("as part of a three year period of pullout").days == 3 * 365.25


def test_durations_and_nothing():
    assert only("he served for two years").kind == "duration"
    assert read_times("the troops withdrew last weekend", PUB) == ()


def test_month_part_deadline_and_scheduled_date():
    t = only("everyone over 60 offered a shot by mid-March")
    assert (t.kind, t.date) == ("deadline", dt.date(2021, 3, 15))
    t = only("The sentencing was set for February 2.")
    assert (t.kind, t.date) == ("date", dt.date(2021, 2, 2))


def test_lengths_named_by_a_compound():
    t = only("the sides agreed a 45-day truce")
    assert (t.kind, t.days) == ("duration", 45)
    assert only("after three weeks of talks").days == 21
    assert read_times("a 24-year-old man was arrested", PUB) == ()
