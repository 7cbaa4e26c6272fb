"""Figures a story has one value of (a storm's winds at landfall, a jobs report's net revision,
a candidate's vote share, a rate's new level under a plan, outages): read, compared and keyed.
Fresh sentences, not the story suite's."""

import datetime as dt

import pytest

from claimdiff.claims.quantity import read_quantities
from claimdiff.claims.units import event_class
from claimdiff.compare.numeric import NumericComparator
from claimdiff.pairs import _claim, compare_texts

D1, D2 = dt.date(2025, 10, 3), dt.date(2025, 10, 6)


def _q(text, i=0):
    return read_quantities(text)[i]


# ---------------------------------------------------------------- reading

@pytest.mark.parametrize("word,event", [("winds", None), ("window", None), ("deadline", None),
                                        ("sentenced", None), ("surgery", None), ("won", "win"),
                                        ("winning", "win"), ("deadly", "kill"), ("sent", "deploy")])
def test_words_that_only_begin_like_an_event(word, event):
    assert event_class(word) == event


def test_wind_speed_is_a_wind_not_a_win():
    q = _q("Hurricane Mara made landfall near Corpus Christi with maximum sustained winds of 115 mph.")
    assert (q.unit, q.event) == ("mph", "wind") and "landfall" in q.modifiers
    later = _q("Mara weakened to a tropical storm with winds of 60 mph after moving inland.")
    assert later.event == "wind" and "landfall" not in later.modifiers
    assert _q("Gusts of 140 mph were recorded on the island.").event == "gust"


def test_net_revision_is_its_own_figure_and_a_revised_level_is_not():
    assert _q("The agency revised its estimates for August and September down by a combined 110,000 jobs.").unit \
        == "revision"
    assert _q("Analysts pointed to a downward revision of 62,000 to the previous two months.").unit == "revision"
    assert _q("Revisions shaved 40,000 jobs off the earlier months.").unit == "revision"
    assert _q("Payrolls for March were revised down to 185,000.").unit != "revision"


def test_vote_share_of_a_named_candidate_and_the_share_counted():
    qs = read_quantities("With 60% of precincts reporting, Okafor had 48.2 percent to Lindqvist's 45.1 percent.")
    assert [q.event for q in qs] == ["counted", "vote share", "vote share"]
    assert "cand:okafor" in qs[1].modifiers and "cand:lindqvist" in qs[2].modifiers
    assert qs[2].place is None  # "to Lindqvist's 45.1 percent" names whose figure, not a place
    # no vote in the sentence: a share of something else
    assert _q("Okafor had 48.2 percent of the company's shares.").event != "vote share"


def test_level_after_a_change_and_the_level_before_it():
    new, old = read_quantities("The plan would cut the top income tax rate to 33% from 39.6%.")
    assert "level" in new.modifiers and "rate:income" in new.modifiers
    assert "prior" in old.modifiers
    assert "level" in _q("Under the bill, the top income tax rate drops to 35%.").modifiers


def test_outage_counts():
    assert _q("Some 250,000 homes were without power in the region on Saturday.").event == "outage"
    assert _q("The storm left 90,000 customers without electricity.").event == "outage"
    assert _q("Some 250,000 homes were damaged.").event != "outage"
    assert _q("The storm knocked out power to 250,000 customers.").event == "outage"
    assert _q("The storm left 12 people dead.").event == "kill"  # "left" alone says nothing of power


# ---------------------------------------------------------------- comparing

def test_two_landfall_wind_speeds_contradict():
    r = compare_texts("Hurricane Mara made landfall near Corpus Christi with maximum sustained winds of 115 mph.",
                      "Mara came ashore late Friday with winds of 100 mph.", D1, D2)
    assert r.conflict and r.kind == "numeric" and "at landfall" in r.explanation
    assert "won" not in r.explanation


@pytest.mark.parametrize("other", [
    "Mara weakened to a tropical storm with winds of 60 mph after moving inland.",  # a later reading
    "Gusts of 140 mph were recorded as Mara came ashore.",  # gusts are not sustained winds
])
def test_landfall_winds_against_other_winds_are_not_conflicts(other):
    r = compare_texts("Hurricane Mara made landfall near Corpus Christi with maximum sustained winds of 115 mph.",
                      other, D1, D1)
    assert not r.conflict


def test_two_net_revisions_contradict_even_days_apart():
    r = compare_texts("The agency revised its estimates for August and September down by a combined 110,000 jobs.",
                      "Analysts pointed to a downward revision of 62,000 to the previous two months.", D1, D2)
    assert r.conflict and "revision" in r.explanation and "a later" not in r.explanation


def test_a_revision_is_not_a_gain():
    assert not compare_texts("Revisions shaved 40,000 jobs off the earlier months.",
                             "Employers added 190,000 jobs in October, the department said.", D1, D1).conflict


def test_new_level_of_one_rate_under_a_plan_contradicts():
    r = compare_texts("The plan would cut the top income tax rate to 33% from 39.6%.",
                      "Under the bill, the top income tax rate drops to 35%.", D1, D1)
    assert r.conflict and r.explanation.startswith("33% vs 35% income rate")


@pytest.mark.parametrize("other", [
    "The plan would lower the corporate tax rate to 20%.",  # another rate
    "Congress cut the top income tax rate to 37% in 2017.",  # a past fact, not the plan
    "The top income tax rate is 39.6% today.",  # the rate before the change
])
def test_new_level_against_another_rate_or_a_fact_is_not_a_conflict(other):
    assert not compare_texts("The plan would cut the top income tax rate to 33% from 39.6%.", other, D1, D1).conflict


def test_outages_falling_later_are_an_update_in_plain_words():
    r = compare_texts("Some 250,000 homes were without power in the region on Saturday.",
                      "About 80,000 homes were still without power on Monday.", D1, D2)
    assert r.conflict and "lower" in r.explanation and "power restored" in r.explanation


def test_vote_share_while_counting_is_an_update_and_candidates_stay_apart():
    ca = "With 60% of precincts reporting, Okafor had 48.2 percent to Lindqvist's 45.1 percent."
    r = compare_texts(ca, "With all votes counted, Okafor had 50.3% of the vote.", D1, D2)
    assert r.conflict and "Okafor" in r.explanation and "counted" in r.explanation
    assert not compare_texts(ca, "With all votes counted, Lindqvist had 45.1% of the vote.", D1, D2).conflict
    r = compare_texts(ca, "Lindqvist had 47% of the vote, officials said.", D1, D1)
    assert r.conflict and "Lindqvist" in r.explanation
    # the share of the vote counted is the context of a figure, never the figure
    assert not compare_texts("With 60% of precincts reporting, the race was too close to call.",
                             "With 95% of precincts reporting, the race was too close to call.", D1, D2).conflict


# ---------------------------------------------------------------- candidate keys

def _keys(text):
    return NumericComparator().candidate_keys(_claim(text, None, "a"))


def test_candidate_keys_for_one_value_properties():
    assert _keys("At least 30 people were killed in the floods.") == {"toll:kill"}
    assert _keys("The death toll climbed to 41 on Wednesday.") == {"toll:kill"}
    assert _keys("Five people were injured in the attack.") == {"toll:injure"}
    assert _keys("A magnitude 6.4 earthquake struck the coast.") == {"property:magnitude"}
    assert _keys("Mara came ashore late Friday with winds of 100 mph.") == {"landfall wind:mph"}
    assert _keys("Okafor had 48.2 percent of the vote.") == {"vote share:okafor"}
    assert _keys("Turnout in Sunday's election reached 71%.") == {"turnout"}
    assert _keys("The incumbent held Hastings by just 312 votes.") == {"margin"}
    assert _keys("The Japanese economy grew 0.3% in the second quarter.") == {"change:gdp"}
    assert _keys("The central bank lifted its key interest rate to 4.5% on Wednesday.") == {"level:policy"}


@pytest.mark.parametrize("text", [
    "The company paid $5 billion to settle the case.",
    "Mara weakened to a tropical storm with winds of 60 mph after moving inland.",
    "Each attack killed two people.",  # a rate, not the toll
    "With 60% of precincts reporting, the race was too close to call.",
    "About 80,000 homes were still without power on Monday.",  # moves: compared only when worded alike
    "Employers added 190,000 jobs in October.",
])
def test_no_candidate_keys_for_other_figures(text):
    assert _keys(text) == frozenset()


def test_no_toll_key_for_one_incident_within_the_story():
    assert _keys("Three people were killed in an airstrike on a market on Tuesday.") == frozenset()
    assert _keys("At least 40 people were killed in the storm.") == {"toll:kill"}


def test_a_poll_is_not_the_vote():
    assert _q("Okafor had 48 percent in a poll of likely voters.").event != "vote share"
    assert _keys("Okafor had 48 percent in a poll of likely voters.") == frozenset()


def test_revisions_of_different_months_are_not_compared():
    assert not compare_texts("May's payrolls were revised down by 40,000.",
                             "June's payrolls were revised down by 25,000.", D1, D1).conflict


@pytest.mark.parametrize("text,tense", [
    ("Obama has cut $716 billion from Medicare.", "past"),
    ("Congress cut the rate to 21% in 2017.", "past"),
    ("Under the bill, the top rate drops to 35%.", "present"),
    ("The bill will cut spending by $2 billion.", "future"),
    ("The bill would cut spending by $2 billion.", ""),
])
def test_tense_of_the_governing_verb(text, tense):
    from claimdiff.claims.syntax import parse_claims

    (c,) = parse_claims([_claim(text, None, "a")])
    assert c.quantities[0].referent.tense == tense


def test_two_landfalls_of_one_storm_are_two_figures():
    assert not compare_texts("The hurricane made landfall in Cuba with winds of 120 mph.",
                             "The hurricane made landfall in Florida with winds of 140 mph.", D1, D2).conflict
    r = compare_texts("The typhoon came ashore in Luzon with winds of 160 km/h.",
                      "The typhoon made landfall on Luzon with sustained winds of 190 km/h.", D1, D1)
    assert r.conflict and "km/h winds at landfall" in r.explanation


def test_a_day_is_not_a_landfall_place():
    q = _q("The storm struck the coast on Monday night with sustained winds of 150 mph.")
    assert "landfall" in q.modifiers and not any(m.startswith("at:") for m in q.modifiers)


def test_a_count_from_another_place_is_not_the_named_places_count():
    from claimdiff.pairs import compare_texts

    assert not compare_texts("Some 1,200 homes lost power in Carvel on Sunday.",
                             "About 4,000 homes lost power in nearby towns on Sunday.").conflict
    assert not compare_texts("Flooding forced 600 families from their homes in Ardley.",
                             "Elsewhere, flooding forced 2,000 families from their homes.").conflict
    # the same named place on both sides still compares
    assert compare_texts("Some 1,200 homes lost power in Carvel on Sunday.",
                         "About 4,000 homes lost power in Carvel on Sunday.").conflict
