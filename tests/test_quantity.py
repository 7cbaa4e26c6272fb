import math

import pytest

from claimdiff.pairs import compare_texts
from hypothesis import given
from hypothesis import strategies as st

from claimdiff.claims.quantity import read_quantities, words_to_number


def one(text):
    qs = read_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


def test_seed_withdrawal_of_troops():
    q = one("In other words, the withdrawal of 2,000 American troops will be a prelude to the complete "
            "withdrawal of these forces from Iraq.")
    assert (q.low, q.high, q.unit, q.modifiers, q.event) == (2000, 2000, "troops", ("us",), "withdraw")
    assert q.text == "2,000 American troops"


def test_seed_at_least_withdrawn_from_iraq():
    qs = read_quantities("Mustafa Kadhimi, the Iraqi Prime Minister confirmed over last weekend that at least 2,500 US "
                         "troops have been withdrawn already from Iraq as part of a three year period of pullout.")
    q = qs[0]
    assert (q.low, q.high, q.low_open, q.unit, q.event, q.place) == (2500, math.inf, False, "troops", "withdraw", "iraq")
    assert q.text.startswith("at least 2,500")


@pytest.mark.parametrize("text,unit,event", [
    ("where 2,000 US Marines are currently physically present", "marines", "present"),
    ("In all, about 8,000 ISIS fighters entered Iraq during these years", "fighters", "enter"),
    ("the irrational number of 2,500 American advisers could not be accepted", "advisers", None),
    ("the replacement of American forces with 2,500 more soldiers", "troops", "replace"),
])
def test_seed_things_counted(text, unit, event):
    q = one(text)
    assert (q.unit, q.event) == (unit, event)


def test_more_soldiers_is_an_increment():
    assert "additional" in one("the replacement of American forces with 2,500 more soldiers").modifiers


@pytest.mark.parametrize("text,low,high,lo_open,hi_open", [
    ("more than 20 apples", 20, math.inf, True, False),
    ("less than 30 % discount", -math.inf, 30, False, True),
    ("up to 3 hours", -math.inf, 3, False, False),
    ("fewer than 12 people", -math.inf, 12, False, True),
    ("between 2 and 3 hours", 2, 3, False, False),
    ("2,000-3,000 troops", 2000, 3000, False, False),
    ("2,000 troops or more", 2000, math.inf, False, False),
])
def test_bounds_and_ranges(text, low, high, lo_open, hi_open):
    q = one(text)
    assert (q.low, q.high, q.low_open, q.high_open) == (low, high, lo_open, hi_open)


def test_approximations_are_widened():
    q = one("about 8,000 fighters")
    assert q.approx and q.low < 8000 < q.high
    q = one("nearly 300 people died")
    # just below the figure, and the figure itself: news rounds ("almost 65%" agrees with "65 percent")
    assert q.approx and q.low < 300 and q.high == 300 and not q.high_open


@pytest.mark.parametrize("text,value,unit", [
    ("a budget of $62,500", 62500, "usd"),
    ("2.5 million people", 2_500_000, "people"),
    ("two million people", 2_000_000, "people"),
    ("three soldiers", 3, "troops"),
    ("a dozen cities", 12, "city"),
    ("20 % of voters", 20, "percent"),
    ("20 percent of voters", 20, "percent"),
    ("$1.2 billion in aid", 1.2e9, "usd"),
])
def test_values_and_units(text, value, unit):
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", [
    "in 2020", "since 2003 the fighting went on", "the 2020 bill passed", "on December 31, 2021",
    "Story Code : 1123507", "UN Resolution 2334 was adopted", "the 9th division", "the 9 th position",
    "she came first", "at 10:30 the meeting began", "at 5 pm", "COVID-19 spread", "an F-16 crashed",
    "the G7 summit", "call 555-123-4567", "1. Introduction", "on 2021-12-31",
])
def test_not_quantities(text):
    assert read_quantities(text) == ()


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_round_trip(n):
    q = one(f"{n:,} troops")
    assert q.value == n and q.low <= n <= q.high and q.unit == "troops"
    assert q.high - q.low <= 0.1 * n + 1e-9  # rounding never widens a figure past 5% either way


@given(st.integers(min_value=1900, max_value=2100), st.sampled_from(["in {}", "since {}", "the {} bill",
                                                                      "by the end of {}", "January {}"]))
def test_a_year_is_never_a_quantity(year, template):
    assert read_quantities(template.format(year)) == ()


@pytest.mark.parametrize("words,value", [("three", 3), ("twenty-five", 25), ("two million", 2e6),
                                         ("a dozen", 12), ("one hundred and five", 105), ("banana", None)])
def test_words_to_number(words, value):
    assert words_to_number(words) == value


def test_offsets_point_into_the_text():
    text = "Officials said at least 300 people were killed and 1,200 were wounded."
    for q in read_quantities(text):
        assert text[q.start:q.end] == q.text


# ---------------------------------------------------------------- scales, rounding, vague amounts

@pytest.mark.parametrize("text,value,unit", [
    ("Democrats Unveil $3.5 Trillion Budget", 3.5e12, "usd"),  # headline case
    ("Democrats unveil $3.5 trillion budget", 3.5e12, "usd"),
    ("nearly $1T in unspent funds", 1e12, "usd"),
    ("a $579B infrastructure bill", 579e9, "usd"),
    ("inflation hit 6.2% in October", 6.2, "percent"),
    ("1.2 million jobs were lost", 1.2e6, "job"),
    ("employers added 266K jobs", 266_000, "job"),
    ("the economy added 943,000 jobs", 943_000, "job"),
    # fresh
    ("a $2bn bailout", 2e9, "usd"),
    ("a $1.9 Trillion relief package", 1.9e12, "usd"),
    ("the firm raised $45M in funding", 45e6, "usd"),
    ("about 2.3 Million voters", 2.3e6, "voter"),
])
def test_scales_in_any_case_and_abbreviation(text, value, unit):
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


@pytest.mark.parametrize("text", ["5 m of cable", "3 t of steel", "a 6 B grade"])
def test_a_lone_letter_is_a_scale_only_after_a_currency_sign(text):
    assert all(q.value < 1000 for q in read_quantities(text))


@pytest.mark.parametrize("text,low,high", [
    ("$3.5 trillion", 3.45e12, 3.55e12),  # written to a decimal: what rounds to it, [3.45T, 3.55T)
    ("20 million doses", 19.5e6, 21e6),
    ("$1T", 0.95e12, 1.05e12),  # never more than 5% either way
    ("$250,000 in campaign funds", 245_000, 260_000),  # a round figure written in digits
    # exact figures stay exact
    ("4,215 people", 4215, 4215),
    ("120000 rupees", 120_000, 120_000),
    ("6 friends", 6, 6),
])
def test_round_figures_are_intervals(text, low, high):
    q = read_quantities(text)[0]
    assert (q.low, q.high) == pytest.approx((low, high))


def test_a_figure_written_to_a_decimal_is_half_open():
    q = read_quantities("$3.5 billion")[0]
    assert q.high_open and not read_quantities("20 million doses")[0].high_open
    assert compare_texts("The order diverts $3.5 billion from military construction to the wall.",
                         "The order diverts $3.6 billion from military construction to the wall.").conflict
    assert not compare_texts("The bill would spend $1.2 trillion on roads.", "The $1.25 trillion bill would fund roads.").conflict


def test_explicit_bounds_use_the_figure_not_its_rounding():
    q = one("more than $3B")
    assert (q.low, q.high, q.low_open) == (3e9, math.inf, True)
    q = one("at least 2 million people")
    assert (q.low, q.high) == (2e6, math.inf)


@pytest.mark.parametrize("text,low,high", [
    ("millions of people", 2e6, 999e6),
    ("tens of thousands of protesters", 20_000, 999_999),
    ("hundreds of people", 200, 1999),
    ("dozens of villages", 24, 999),
])
def test_vague_amounts_are_floors(text, low, high):
    q = one(text)
    assert (q.low, q.high, q.approx) == (low, high, True)


@pytest.mark.parametrize("text,unit,event", [
    # one thing counted, said several ways
    ("The retailer added 8,000 positions over the holidays.", "job", "increase"),
    ("About 2,300 employees will lose their jobs at the plant.", "job", "layoff"),
    ("The bank will eliminate 4,500 jobs.", "job", "layoff"),
    ("The bank plans to slash 4,500 jobs.", "job", "layoff"),
    ("Officials reported 17 deaths in the flooding.", "people", "kill"),
    ("The death toll from the landslide climbed to 44 on Sunday.", "people", "kill"),
    ("The number of people injured in the crash rose to 61.", "people", "injure"),
    ("A magnitude 5.8 quake hit the coast.", "magnitude", None),
    ("Seismologists later revised the magnitude to 6.1.", "magnitude", None),
])
def test_count_classes(text, unit, event):
    q = one(text)
    assert (q.unit, q.event) == (unit, event)


def test_casualties_are_not_deaths():
    assert one("The army reported 40 casualties.").unit != "people"


@pytest.mark.parametrize("text", [
    "Okafor, 31, scored twice in the final.",
    "The mayor, Jane Liu, 58, said the road would reopen.",
])
def test_age_in_apposition_is_not_a_count(text):
    assert read_quantities(text) == () or all(q.value not in (31, 58) for q in read_quantities(text))


def test_fraction_word_is_not_a_count():
    assert all(q.value != 2 for q in read_quantities("Rents made up two-thirds of the rise."))


def test_have_now_is_a_running_count_not_a_remainder():
    assert "remaining" not in one("Some 4 million people have now received a booster.").modifiers
    assert "remaining" in one("About 300 residents are still without water.").modifiers


@pytest.mark.parametrize("text,event", [
    ("The stock closed down 3.4% in Tokyo.", "decrease"),
    ("Shares ended up 2.1% on Friday.", "increase"),
])
def test_market_moves(text, event):
    assert one(text).event == event
