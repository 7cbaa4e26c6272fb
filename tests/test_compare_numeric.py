import datetime as dt
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdiff.claims.quantity import read_quantities
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
    assert r.explanation == ("2,000 vs at least 2,500 US troops withdrawn (Iraq); 2,000 reported on 2020-08-31, "
                             "at least 2,500 on 2020-10-05: a later, higher figure")
    assert "may be an update" not in r.explanation


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


# ---------------------------------------------------------------- helpers for parsed pairs

def finding(a, b, date_a=None, date_b=None, similarity=0.9, same_story=True):
    """The numeric finding on the parsed pair (pass 2), as the engine sees it."""
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.compare import PairContext
    from claimdiff.compare.numeric import NumericComparator
    from claimdiff.pairs import _claim
    ca, cb = parse_claims([_claim(a, date_a, "a"), _claim(b, date_b, "b")])
    return NumericComparator().compare(ca, cb, PairContext(similarity=similarity, date_a=date_a, date_b=date_b,
                                                           same_story=same_story))


def shallow(a, b, similarity=0.9):
    """The pass-1 finding (no parse): permissive, a trigger for parsing."""
    from claimdiff.compare import PairContext
    from claimdiff.compare.numeric import NumericComparator
    from claimdiff.pairs import _claim
    return NumericComparator().compare(_claim(a, None, "a"), _claim(b, None, "b"), PairContext(similarity=similarity))


# ---------------------------------------------------------------- referents must match

@pytest.mark.model
@pytest.mark.parametrize("a,b", [
    # a part is not a total
    ("Democrats want $1T in unspent funds returned to the Treasury.", "Democrats unveiled a $3.5T budget."),
    ("The plan calls for $5 trillion in new spending over the next decade.", "Biden proposed a $6 trillion budget."),
    # different actors doing the same thing
    ("Obama Medicare Attack In 2008 Targeted McCain For Cutting $800 Billion From Program",
     "Now when you need it, Obama has cut $716 billion from Medicare."),
    ("McCain proposed cutting $800 billion from Medicare.", "Obama cut $716 billion from Medicare."),
    # core vs headline, year on year vs month on month, US vs global
    ("Core inflation rose 4.5% in October.", "Inflation rose 6.2% in October."),
    ("Consumer prices rose 6.2% year on year in October.", "Consumer prices rose 0.9% month on month in October."),
    ("The IMF expects global growth of 6% this year.", "The IMF expects US growth of 7% this year."),
    # different periods
    ("Employers added 266,000 jobs in April.", "Employers added 943,000 jobs in July."),
    # fresh: a plan against a fact, a part against the whole, one month against another
    ("The company would cut 3,000 jobs under the plan.", "The company cut 1,200 jobs last year."),
    ("The bill includes $65 billion in broadband funding.", "The Senate passed a $1.2 trillion infrastructure bill."),
    ("Retail sales rose 1.1% in March.", "Retail sales rose 0.4% in February."),
    ("Germany reported 12,000 new cases on Monday.", "France reported 25,000 new cases on Monday."),
])
def test_different_referents_are_not_conflicts(a, b):
    assert finding(a, b) is None
    assert finding(b, a) is None


@pytest.mark.model
@pytest.mark.parametrize("a,b", [
    ("Employers added 266,000 jobs in April, the Labor Department said.",
     "The economy added 428,000 jobs in April, according to the Labor Department."),
    ("The Senate approved a $1.9 trillion relief package on Saturday.",
     "The Senate approved a $1.2 trillion relief package on Saturday."),
    ("Core inflation rose 4.5% year on year in October.", "Core inflation rose 3.1% year on year in October."),
    # fresh
    ("The storm destroyed 300 homes in the county.", "The storm destroyed 1,200 homes in the county."),
    ("Turnout was 62 % in the capital.", "Turnout in the capital was less than 50 %."),
])
def test_same_referent_different_figures_are_conflicts(a, b):
    f = finding(a, b)
    assert f is not None and f.relation == "contradiction", f


@pytest.mark.model
def test_a_cutoff_of_assistance_is_losing_benefits():
    a = "The rule would mean a cutoff of assistance to 7.5 million people."
    b = "Some 9 million people will lose all benefits under the rule."
    assert shallow(a, b) is not None  # pass 1 flags it for parsing
    # the parse reads one as a plan ("would mean") and one as a statement about the future:
    # the comparator then leaves it; with both as statements it is a conflict
    c = "The rule means a cutoff of assistance to 7.5 million people."
    f = finding(c, b)
    assert f is not None and "7.5 million vs some 9 million people" in f.explanation


# ---------------------------------------------------------------- compatible amounts

@pytest.mark.parametrize("a,b", [
    ("Democrats Unveil $3.5 Trillion Budget Plan", "Democrats unveil $3.5 trillion budget plan"),
    ("Democrats want nearly $1T in unspent funds returned.", "Democrats want $1T in unspent funds returned."),
    ("Millions of people lost power after the storm.", "20 million people lost power after the storm."),
    ("The company paid $3B to settle the case.", "The company paid more than $3B to settle the case."),
    ("Almost 65% of voters backed the measure.", "65 percent of voters backed the measure."),
    ("Hunter converted $250,000 in campaign funds.", "Hunter converted more than $250,000 in campaign funds."),
    # fresh
    ("Nearly 2 million people were displaced by the floods.", "2 million people were displaced by the floods."),
    ("Thousands of workers went on strike at the port.", "About 4,000 workers went on strike at the port."),
    ("The deal is worth $1.2 billion.", "The deal is worth more than $1.2 billion."),
])
def test_compatible_amounts_are_not_conflicts(a, b):
    assert shallow(a, b) is None
    assert shallow(b, a) is None


@pytest.mark.parametrize("a,b", [
    ("Millions of people lost power after the storm.", "About 900,000 people lost power after the storm."),
    ("The company paid $3B to settle the case.", "The company paid $4.5B to settle the case."),
    ("Hundreds of people were arrested in the protests.", "Police arrested 12 people in the protests."),
])
def test_incompatible_amounts_are_conflicts(a, b):
    assert shallow(a, b) is not None


@pytest.mark.model
@pytest.mark.parametrize("a,b", [
    ("The war has lasted 20 years.", "The pullout is part of a three year period of withdrawal."),
    ("He served 10 years in the Senate.", "The senator has pledged to cut emissions over five years."),
])
def test_durations_are_not_counts(a, b):
    assert finding(a, b) is None


# ---------------------------------------------------------------- update or contradiction

D1, D2 = dt.date(2020, 8, 31), dt.date(2020, 10, 5)


@pytest.mark.model
@pytest.mark.parametrize("a,b", [
    ("At least 40 people were killed in the earthquake, officials said.",
     "At least 120 people were killed in the earthquake, officials said."),
    ("So far 2,300 people have tested positive for the virus in the state.",
     "So far 5,100 people have tested positive for the virus in the state."),
    ("The death toll from the floods rose to 41.", "The death toll from the floods rose to 63."),
    # fresh
    ("Officials said 1.1 million people have been vaccinated to date.",
     "Officials said 2.4 million people have been vaccinated to date."),
])
def test_later_higher_moving_count_is_an_update(a, b):
    f = finding(a, b, D1, D2)
    assert f is not None and f.relation == "update"
    assert re.search(r"; .+ reported on 2020-08-31, .+ on 2020-10-05: a later, higher figure$",
                     f.explanation), f.explanation
    f = finding(b, a, D2, D1)  # order of the sides does not matter, the dates do
    assert f is not None and f.relation == "update"


@pytest.mark.model
def test_moving_count_reported_lower_later_is_a_contradiction():
    f = finding("At least 120 people were killed in the earthquake.", "The earthquake killed 40 people.", D1, D2)
    assert f is not None and f.relation == "contradiction"


@pytest.mark.model
def test_two_floors_on_one_day_are_no_finding():
    a, b = "At least 40 people were killed in the blast.", "At least 120 people were killed in the blast."
    assert finding(a, b, D1, D1) is None  # both can hold: only a later report makes it news


@pytest.mark.model
def test_same_day_or_unknown_date_is_a_contradiction():
    a, b = "The blast killed 40 people.", "The blast killed 120 people."
    assert finding(a, b, D1, D1).relation == "contradiction"
    assert finding(a, b, D1, None).relation == "contradiction"
    assert finding(a, b, D1, None).explanation == "40 vs 120 people killed"  # no "unknown date", no guess


@pytest.mark.model
def test_a_fixed_figure_is_not_an_update():
    f = finding("The Senate approved a $1.2 trillion bill on Friday.", "The Senate approved a $1.9 trillion bill on Friday.",
                D1, D2)
    assert f is not None and f.relation == "contradiction"
    assert f.explanation == "$1.2 trillion vs $1.9 trillion usd; reported 2020-08-31 vs 2020-10-05"


@pytest.mark.model
def test_user_example_and_traps_parsed():
    f = finding(A, B, D1, D2)
    assert f is not None and f.relation == "update"
    for other in ("The forces in Syria, east of the Euphrates, where 2,000 US Marines are currently physically present.",
                  "In all, about 8,000 ISIS fighters entered Iraq during these years, exacerbating insecurity.",
                  "He also said that the irrational number of 2,500 American advisers could not be accepted.",
                  "We have detailed information about the replacement of American forces with 2,500 more soldiers."):
        assert finding(A, other, D1, D2) is None and finding(B, other, D1, D2) is None


@pytest.mark.parametrize("a,b,conflict", [
    # synonymous counted nouns and phrasings of one job count
    ("Retailers added 62,000 jobs in March.", "Retailers added 48,000 positions in March.", True),
    ("The insurer said it would cut 6,000 jobs worldwide.", "About 9,000 employees will lose their jobs at the insurer.",
     True),
    ("The insurer said it would cut 6,000 jobs.", "The insurer will eliminate 6,000 jobs.", False),
    # a share's move
    ("The stock closed down 3.4% in Tokyo.", "The stock fell 5.9% on Friday.", True),
    # a one-month change is not a twelve-month change
    ("Rents rose 4.2% in March from a year earlier.", "Rents rose 0.4 percent in March alone.", False),
    # an age is not the count beside it
    ("Okafor scored 19 goals in the league last season.", "Okafor, 29, scored 19 goals in the league last season.",
     False),
])
def test_news_phrasings(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict
    assert compare_texts(b, a).conflict is conflict


def _later(a_text, b_text, sim=0.7):
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.compare import PairContext
    from claimdiff.compare.numeric import NumericComparator
    from claimdiff.pairs import _claim
    da, db = dt.date(2025, 3, 4), dt.date(2025, 3, 6)
    ca, cb = parse_claims([_claim(a_text, da, "a"), _claim(b_text, db, "b")])
    return NumericComparator().compare(ca, cb, PairContext(similarity=sim, date_a=da, date_b=db, same_story=True))


def test_floor_then_higher_toll_is_an_update():
    f = _later("The storm killed at least 14 people across the region.",
               "The death toll from the storm rose to 27 on Thursday.")
    assert f is not None and f.relation == "update"
    f = _later("Officials confirmed 9 deaths after the blast.", "The number of people killed in the blast rose to 16.")
    assert f is not None and f.relation == "update"


def test_later_lower_than_a_floor_is_not_flagged():
    assert _later("The death toll from the storm rose to 27 on Thursday.",
                  "The storm killed at least 14 people across the region.") is None


def test_a_property_of_the_event_compares_however_phrased():
    f = _later("A magnitude 6.4 earthquake rattled northern Chile on Monday, cutting power to thousands.",
               "Seismologists later revised the magnitude of the quake to 6.1.", sim=0.45)
    assert f is not None and f.relation == "update"
    f = _later("The tremor struck at a depth of 12 km, the agency said.",
               "The quake was 40 km deep, about 80 km west of the capital.", sim=0.5)
    assert f is not None and f.relation == "contradiction" and "deep" in f.explanation


def test_a_depth_is_not_a_distance():
    assert _later("The quake struck 40 km west of the capital.", "The quake was 12 km deep.", sim=0.7) is None
    assert _later("A magnitude 6.4 earthquake rattled northern Chile.", "A magnitude 5.1 aftershock followed.",
                  sim=0.7) is None


def test_a_running_total_reported_higher_later_is_an_update():
    f = _later("Some 3 million booster shots have been given so far, the ministry said.",
               "Clinics have administered 4.6 million booster shots to date, according to state data.", sim=0.5)
    assert f is not None and f.relation == "update"
    # a later, lower "so far" is not an update, and at this similarity not compared
    assert _later("Clinics have administered 4.6 million booster shots to date, according to state data.",
                  "Some 3 million booster shots have been given so far, the ministry said.", sim=0.5) is None


def test_a_measure_named_without_rate_is_that_rate():
    # "Unemployment rose to" and "The jobless rate fell to" give the same rate's new level
    r = compare_texts("Unemployment rose to 4.1% in March.", "The jobless rate fell to 3.8% in March.")
    assert r.kind == "numeric" and "4.1%" in r.explanation
    for a, b in [("Unemployment rose to 4.1% in March.", "Youth unemployment fell to 12% in March."),
                 ("Inflation in Germany rose to 3.2% in May.", "Inflation in France rose to 2.5% in May."),
                 ("Core inflation rose to 3.8% in May.", "Inflation rose to 3.2% in May."),
                 ("Inflation rose to 3.2% in March.", "Inflation fell to 2.9% in February.")]:
        assert not compare_texts(a, b).conflict, (a, b)


def test_a_count_of_none_against_a_count():
    # "No one was killed" is a count of none of any kind of person; "no one else", "no one seriously
    # hurt", another incident and another event are not that count
    r = compare_texts("No one was killed in the explosion, officials said.", "Two people were killed in the explosion, officials said.")
    assert r.kind == "numeric" and r.explanation.startswith("no one vs two")
    assert compare_texts("No arrests have been made, police said.", "Police arrested two men at the scene.").conflict
    assert compare_texts("No injuries were reported in the crash.", "Four people were injured in the crash.").conflict
    for a, b in [("Police said no one else was hurt.", "Two officers were hurt."),
                 ("No one was seriously injured in the crash.", "Four people suffered minor injuries in the crash."),
                 ("No one was killed in the second blast.", "Two people were killed in the first blast."),
                 ("No one was killed.", "Two people were injured."),
                 ("No Americans were killed in the attack.", "Two Iraqis were killed in the attack.")]:
        assert not compare_texts(a, b).conflict, (a, b)
    # and "no one" is never a count of one
    from claimdiff.claims.quantity import read_quantities
    assert [q.value for q in read_quantities("No one was seriously injured.")] == []


def test_a_later_report_of_a_toll_after_none_is_an_update():
    r = compare_texts("No one was killed in the explosion, officials said.", "Two people were killed in the explosion, officials said.",
                      dt.date(2020, 1, 1), dt.date(2020, 1, 2))
    assert r.conflict and "a later, higher figure" in r.explanation


def test_fractions_of_a_point_and_basis_points():
    from claimdiff.claims.quantity import read_quantities
    q = read_quantities("The Fed raised rates by 25 basis points.")[0]
    assert (q.unit, q.low, q.high) == ("percentage point", 0.25, 0.25)
    assert [(q.unit, q.value) for q in read_quantities("It raised rates by half a percentage point.")] == [("percentage point", 0.5)]
    assert [(q.unit, q.value) for q in read_quantities("He scored 20 points.")] == [("point", 20.0)]
    assert compare_texts("The central bank raised interest rates by half a percentage point.",
                         "The central bank raised its key rate by a quarter of a percentage point.").conflict
    for a, b in [("The Fed raised rates by 25 basis points on Wednesday.", "The Fed raised rates by a quarter-point on Wednesday."),
                 ("The Bank of England raised rates by a quarter point.", "The European Central Bank raised rates by half a point."),
                 ("The Fed raised rates by a quarter point in March.", "The Fed raised rates by half a point in May.")]:
        assert not compare_texts(a, b).conflict, (a, b)


def test_a_participle_before_the_noun_counted():
    r = compare_texts("Twelve miners were trapped underground after the collapse.", "Rescuers were trying to reach 15 trapped miners.")
    assert r.conflict and "trapped miners" in r.explanation
    assert not compare_texts("Rescuers brought out 12 rescued miners on Monday.", "Rescuers were trying to reach 15 trapped miners.").conflict
    assert not compare_texts("No arrests have been made in the killing.", "Police arrested two protesters at a march on Sunday.").conflict


def test_fines_cancellations_and_prison_terms():
    assert compare_texts("EU regulators fined the German carmaker €750 million on Wednesday for colluding.",
                         "The European Commission imposed a penalty of €1.4bn on the German carmaker on Wednesday.").conflict
    assert compare_texts("The strike forced the cancellation of 450 flights across France on Thursday.",
                         "About 1,500 flights were cancelled in France on Thursday because of the walkout.").conflict
    r = compare_texts("The investment adviser was sentenced to 12 years in prison on Wednesday.",
                      "A judge on Wednesday jailed the investment adviser for five years.")
    assert r.conflict and "years in prison" in r.explanation
    for a, b in [("Two of the defendants were sentenced to 10 years.", "The ringleader was sentenced to 25 years in prison."),
                 ("He was sentenced to five years in prison.", "He faces up to 20 years in prison if convicted."),
                 ("Airlines cancelled 450 flights on Thursday.", "Airlines cancelled 300 flights on Friday."),
                 ("The company was fined $5 million in 2019.", "The company was fined $8 million for a separate breach last year."),
                 ("The bank was fined $1.2 billion in the US.", "In total the bank paid $2.1 billion in fines worldwide.")]:
        assert not compare_texts(a, b).conflict, (a, b)


def test_a_storms_category_at_landfall():
    r = compare_texts("The hurricane made landfall near Tampico early on Thursday as a Category 4 storm.",
                      "The storm came ashore near Tampico early Thursday as a Category 2 hurricane, forecasters said.")
    assert r.conflict and r.explanation.startswith("Category 4 vs Category 2")
    for a, b in [("The storm strengthened to a Category 4 hurricane on Tuesday.", "The storm weakened to a Category 2 after making landfall."),
                 ("Hurricane Ida made landfall in Cuba as a Category 1 storm.", "Ida made landfall in Louisiana as a Category 4 hurricane.")]:
        assert not compare_texts(a, b).conflict, (a, b)


def test_ages_with_a_title_or_a_name_in_apposition():
    r = compare_texts("Mayor Ellen Kraus, 61, was taken to hospital after collapsing on Thursday.",
                      "The 48-year-old mayor, Ellen Kraus, collapsed at Thursday's council meeting.")
    assert r.conflict and "61" in r.explanation and "48" in r.explanation


def test_a_documents_length_in_pages_or_words():
    r = compare_texts("The goal of the conspiracy was to enrich themselves, the 47-page indictment says.",
                      "In a 48-page indictment released by the Justice Department, Mr. Hunter is charged.")
    assert r.conflict and r.explanation.startswith("47 vs 48 pages in the indictment")
    assert compare_texts("Chief Justice John Roberts administered the 38-word oath at noon.",
                         "Mr. Trump took the 35-word oath administered by the chief justice at noon.").conflict
    for a, b in [("The House passed a 900-page bill.", "The Senate passed a 600-page bill."),
                 ("The House passed a 900-page bill.", "The Senate passed its own 600-page bill."),
                 ("The 10-page memo was released on Friday.", "The 47-page indictment was unsealed on Friday."),
                 ("The 400-page report was released.", "A 20-page summary of the report was released.")]:
        assert not compare_texts(a, b).conflict, (a, b)


def test_a_higher_figure_said_to_have_risen_is_an_update_on_one_day():
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.compare import PairContext, compare_claims
    from claimdiff.pairs import _claim

    def rel(a, b):
        ca, cb = parse_claims([_claim(a, None, "a"), _claim(b, None, "b")])
        return [f.relation for f in compare_claims(ca, cb, PairContext(similarity=0.7)) if f.kind == "numeric"]

    assert rel("At least 12 people were killed in the floods.", "The death toll from the floods rose to 20.") == ["update"]
    assert rel("Twelve people were killed in the floods.", "Twenty people were killed in the floods.") == ["contradiction"]
    assert rel("The death toll from the floods rose to 20.", "At least 25 people were killed in the floods.") == ["contradiction"]
    # worldwide and domestic takings are two figures
    assert not compare_texts("The film took $120m worldwide in its opening weekend.",
                             "The film took $45m at the domestic box office in its opening weekend.").conflict


@pytest.mark.parametrize("a,b,conflict", [
    # the people of the event, named by their part in it, and the event named as a noun
    ("Seventeen people were killed when the bus plunged into a gorge.",
     "Eleven passengers died after the bus careered into a ravine.", True),
    ("Police made 23 arrests during the derby.", "Just nine fans were arrested at the derby, police said.", True),
    ("Police said 40 protesters were injured in the clashes.", "Police said 12 demonstrators were hurt in the clashes.", True),
    # a part, said as such, and groups of another kind
    ("Twelve people died when the bus plunged into a gorge.",
     "Three passengers were among the dead when the bus plunged into a gorge.", False),
    ("Four children were killed when the bus plunged into a gorge.",
     "Seventeen people died after the bus careered into a ravine.", False),
    ("Police said 40 protesters were injured in the clashes.",
     "Twelve police officers were injured in the clashes, the ministry said.", False),
])
def test_people_named_by_their_part_in_the_event(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


@pytest.mark.parametrize("a,b,conflict", [
    # what a sum is: a fine however it is worded, damages, a salary
    ("Spain's consumer authority fined the budget carrier €7.4 million on Tuesday.",
     "The low-cost airline was hit with a €740,000 penalty by Spanish regulators on Tuesday.", True),
    ("A jury ordered the company to pay $12 million in damages to the families.",
     "Jurors awarded the families $1.2m, far less than the $30m they had sought.", True),
    ("The striker will earn £200,000 a week at his new club.",
     "The striker's new contract is worth around £120,000 a week, according to sources.", True),
    # not one sum
    ("The jury awarded $12 million in compensatory damages to the families.",
     "The jury also awarded $30 million in punitive damages against the chemical maker.", False),
    ("The company agreed to pay $5 million to settle the lawsuit.",
     "A jury ordered the company to pay $12 million in damages.", False),
    ("The regulator fined the bank £40m on Tuesday.",
     "The regulator fined the bank's former chief executive £400,000 on Tuesday.", False),
    ("The watchdog's new £6m fine is triple the penalty it imposed last year.",
     "The water company was fined £2m by the watchdog last year.", False),
    ("The coach earns £4m a year.", "The coach's four-year deal is worth £16m in total.", False),
    ("He will earn £4m a year under the new contract.", "His previous contract was worth £2.5m a year.", False),
    ("The budget airline carried 12 million passengers last year.",
     "The low-cost carrier flew 13 million passengers this year.", False),
    # income over a period is no salary (a BASIL row: a filing's 16 months vs a headline's seven years)
    ("The couple had earned approximately $30 million from book sales and speeches in 2014 and early 2015.",
     "Clintons Report Earnings of $139 Million in Seven Years", False),
])
def test_what_a_sum_of_money_is(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


def _dated(a, da, b, db):
    return compare_texts(a, b, dt.date.fromisoformat(da), dt.date.fromisoformat(db))


def test_the_number_of_a_thing_that_rose_to_a_figure():
    r = _dated("Seven people died when fire swept through the block on Saturday.", "2023-01-14",
               "The number of dead from Saturday's fire rose to nine on Monday.", "2023-01-16")
    assert r.conflict and r.relation == "update"
    r = _dated("Health officials have confirmed 86 cases of measles in the outbreak.", "2022-10-03",
               "The number of confirmed measles cases rose to 131 on Friday.", "2022-10-07")
    assert r.conflict and r.relation == "update"
    assert not compare_texts("The number of people injured rose to 40 on Friday.", "Seven people died in the fire.").conflict
    assert not compare_texts("The court has 200 cases pending.", "Health officials confirmed 34 cases of measles.").conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("Veltro Motors will cut 4,500 jobs, the carmaker said on Thursday.",
     "Veltro Motors plans to shed about 7,000 jobs and close one of its factories.", True),  # two accounts of one plan
    ("The carmaker will cut 4,500 jobs in Germany.", "The carmaker plans to shed 7,000 jobs worldwide.", False),
    ("Aldo Fenwick, the founder of the collapsed firm, was sentenced to eight years in prison on Tuesday.",
     "A judge jailed Aldo Fenwick for six years on Tuesday.", True),
    ("Varga won 54.2% of the vote, according to provisional results.",
     "Varga took 51.8% of the vote, according to provisional results, a narrower win than opinion polls had suggested.",
     True),
])
def test_plans_terms_and_shares_read_in_more_words(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


def test_a_count_its_sentence_dates_to_another_year():
    assert not compare_texts(
        "Seven people died and dozens more were injured when fire swept through an apartment block in Halvorsen.",
        "It was the deadliest fire in Halvorsen since 1998, when 11 people died in a blaze at a warehouse.").conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("Kenya's Mercy Jelimo finished second in the Boston Marathon on Monday, just six seconds behind the winner.",
     "Mercy Jelimo faded badly in the final mile to finish fourth in Monday's Boston Marathon.", True),
    ("The Greens came first in Sunday's regional election in Hesse.",
     "The Greens finished a distant third in Hesse's regional vote on Sunday.", True),
    ("Fire officials said the fire broke out on the fourth floor and spread rapidly upwards.",
     "The fire started in a flat on the eleventh floor, the city's fire chief said.", True),
    ("Jelimo finished second in Boston on Monday.", "Kiprop finished fourth in Boston on Monday.", False),
    ("The fire broke out on the fourth floor, officials said.", "The suspect lived on the second floor, police said.", False),
    ("Mercy Jelimo finished second in the Boston Marathon on Monday.",
     "Mercy Jelimo, who finished fourth in Chicago last year, was second in Boston on Monday.", False),
])
def test_a_finishing_place_or_a_fires_floor(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("The Japanese economy grew 0.3% in the second quarter, government data showed on Monday.",
     "Japan's gross domestic product contracted 0.2 per cent in the April-June period, official figures showed Monday.",
     True),
    ("Sweden's economy grew 0.6% in the third quarter compared with the previous three months.",
     "Swedish GDP shrank by 0.2% quarter on quarter in the July-September period, official figures showed.", True),
    # another period, another basis, another measure, another firm
    ("The economy grew 0.3% in the second quarter.", "The economy contracted 0.2% in the first quarter, before rebounding.",
     False),
    ("The economy grew 0.3% in the second quarter from the previous three months.",
     "Output fell 1.2% in the second quarter from a year earlier.", False),
    ("The economy grew 0.3% in the second quarter.", "The economy grew 0.5% in the second quarter from a year earlier.",
     False),
    ("The economy grew 2.1% last year.", "Manufacturing output fell 0.4% last year.", False),
    ("Shares in the company rose 4% on Tuesday.", "The company's rival saw its shares fall 2% on Tuesday.", False),
    ("Exports rose 2.1% in May.", "Imports fell 1.4% in May, the data showed.", False),
])
def test_an_economy_that_grew_against_one_that_shrank(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("Turnout in Sunday's parliamentary election reached 71%, the highest in two decades, officials said.",
     "Just 46 per cent of eligible voters cast ballots in Sunday's parliamentary election, the commission said.", True),
    ("Turnout in Sunday's election reached 71%, officials said.", "Turnout among voters under 25 was just 46%.", False),
    ("Turnout reached 71% in the capital on Sunday.", "Nationwide, 64% of eligible voters cast ballots on Sunday.", False),
    ("Turnout in Sunday's election reached 71%.", "The ruling party won 46% of the vote in Sunday's election.", False),
])
def test_turnout_however_it_is_said(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


def test_a_central_banks_rate_by_any_name_and_the_toll_of_record():
    assert compare_texts("The central bank cut its main policy rate to 3.5% on Thursday.",
                         "The bank lowered its benchmark interest rate to 3.75% on Thursday.").conflict
    assert not compare_texts("The central bank raised its benchmark rate to 4.25% on Wednesday.",
                             "The bank's deposit rate rose to 3.75% on Wednesday.").conflict
    r = _dated("Storm Edda tore across the coast on Thursday, killing at least four people, officials said.", "2021-10-21",
               "The death toll from Storm Edda rose to seven on Saturday after rescuers recovered the bodies of three "
               "people from a car, police said.", "2021-10-23")
    assert r.conflict and r.relation == "update" and "seven" in r.explanation


def test_a_winning_margin_in_votes():
    r = compare_texts("The incumbent held Hastings by just 312 votes after a recount.",
                      "The sitting MP comfortably retained her Hastings seat with a majority of more than 4,000.")
    assert r.conflict and r.relation == "contradiction"
    assert not compare_texts("Labour held Hastings by 312 votes.", "The Conservatives held Bexhill with a majority of 4,000.").conflict
    r = compare_texts("The Democrat led by 6,100 votes on election night.",
                      "The Democrat's lead over her rival narrowed to 2,000 votes as mail ballots were counted.")
    assert not r.conflict or r.relation == "update"
    r = _dated("With most ballots counted, Varga led by about 6,100 votes, the board said late on Sunday.", "2023-11-06",
               "Varga's victory was confirmed on Tuesday, with her final margin over Reyl rising to 8,412 votes once "
               "postal ballots had been counted.", "2023-11-07")
    assert r.conflict and r.relation == "update"


@pytest.mark.parametrize("a,b,conflict", [
    ("A new Ipsos poll finds 61 percent of Californians support the high-speed rail project, up from 52 percent.",
     "Only 39 per cent of Californians back the high-speed rail line, according to the latest Ipsos survey.", True),
    ("61 percent of voters support the bill, a Quinnipiac poll found.",
     "A Quinnipiac poll found 48 percent of voters back the bill.", True),
    # another population, another poll, another bill, the earlier figure
    ("Among Republican voters, 71% back the proposed tariffs, the Marist poll found.",
     "The Marist poll found that 44% of Americans overall support the proposed tariffs.", False),
    ("61 percent of Democrats support the bill.", "39 percent of Republicans support the bill.", False),
    ("61 percent of voters support the bill, the poll found.", "39 percent of voters support the rival bill, the poll found.",
     False),
    ("61 percent of voters support the bill, a Quinnipiac poll found.", "A Marist poll found 48 percent of voters back the bill.",
     False),
    ("Sales rose to $5 billion, up from $4.2 billion a year earlier.", "The company reported sales of $4.2 billion last year.",
     False),
])
def test_a_polls_share_of_one_population(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("French police arrested 212 people during a night of clashes in Lyon, the ministry said.",
     "Eighty-seven people were taken into custody after Thursday night's unrest in Lyon.", True),
    ("Police estimated the crowd at the Warsaw march on Saturday at around 15,000 people.",
     "Some 40,000 demonstrators filled the streets of the Polish capital on Saturday.", True),
    ("About 2,000 residents were evacuated from villages below the damaged dam on Monday.",
     "Some 20,000 people were forced from their homes downstream of the cracked dam on Monday.", True),
    ("The salmonella outbreak linked to a Leeds takeaway has now sickened 38 people.",
     "Health officials have confirmed 83 cases of salmonella tied to the takeaway.", True),
    ("Kenya will send 1,500 troops to the mission, the defence secretary said.",
     "Around 500 Kenyan soldiers will be deployed to the mission, the defence secretary said.", True),
    ("Consumer prices in Poland rose 2.8% year on year in October.", "Polish annual inflation accelerated to 3.4 percent in October.",
     True),
    ("Hungary's annual inflation rate eased to 3.1% in March.", "Consumer prices in Hungary rose 3.4 per cent year on year in March.",
     True),
    ("The finance minister said the budget deficit would reach 4.2% of GDP this year.",
     "The deficit will come in at 2.4 per cent of gross domestic product this year, the finance minister said.", True),
    # other countries, other parts, other measures
    ("Kenya will send 1,500 troops to the mission.", "Around 500 Nigerian soldiers will be deployed to the mission.", False),
    ("The outbreak has sickened 38 people in Leeds.", "Across England, 83 cases of salmonella have been confirmed this year.",
     False),
    ("Around 15,000 people marched in Warsaw on Saturday.", "Some 5,000 counter-demonstrators gathered nearby on Saturday.", False),
    ("Polish annual inflation accelerated to 3.4 percent in October.", "German annual inflation slowed to 2.1 percent in October.",
     False),
    ("Annual inflation eased to 3.1% in March.", "Food prices rose 7.4% year on year in March.", False),
    ("The deficit will reach 4.2% of GDP this year.", "Public debt will reach 84% of GDP this year.", False),
    ("The court has 200 cases pending.", "Health officials confirmed 34 cases of measles.", False),
])
def test_counts_and_measures_in_other_words(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("Police said four people were killed and nine wounded at a party in Memphis late Saturday.",
     "Six people died and nine others were hurt in the Saturday night shooting at a party outside Memphis.", True),
    ("The bill was approved by the House 218 to 214, with four Democrats joining Republicans.",
     "House Republicans pushed the measure through on a 220-212 vote.", True),
    ("Council tax bills in the borough will rise by 4.99 per cent from April.",
     "Residents face a 9.99% council tax increase from April.", True),
    ("The inspector general's report, released on Tuesday, runs to 312 pages.",
     "In a 190-page report made public Tuesday, the inspector general faulted the agency.", True),
    ("US employers added 187,000 jobs in August, the Labor Department said.",
     "The economy created 227,000 jobs last month, according to the Bureau of Labor Statistics.", True),
    ("The city has agreed to pay $4.5 million to settle the wrongful death lawsuit.",
     "The family will receive $2.25 million under a settlement approved by the city council.", True),
    ("The governor's proposed budget, unveiled on Wednesday, totals $246 billion.",
     "Unveiling a $198 billion spending plan Wednesday, the governor promised no new taxes.", True),
    ("The 37-count indictment accuses the former adviser of retaining classified documents.",
     "The indictment unsealed against the former adviser lays out 12 criminal counts.", True),
    ("More than 1,200 people crossed the Channel in small boats on Saturday.",
     "Home Office figures show 640 migrants made the crossing in small boats on Saturday.", True),
    # another year, another part, another day, another case
    ("The state's budget this year stands at $52 billion, the budget office said.",
     "Last year's budget of $48 billion was balanced only by drawing down reserves.", False),
    ("The budget totals $246 billion.", "The schools budget totals $19 billion.", False),
    ("More than 1,200 people crossed the Channel in small boats on Saturday.", "On Sunday, 640 migrants made the crossing.",
     False),
    ("The 37-count indictment accuses the adviser of fraud.", "The adviser pleaded guilty to two counts in a separate case.",
     False),
    ("Police said four people were killed.", "Nine others were wounded, two of them critically.", False),
    ("Turnout in Sunday's election reached 71%, officials said.", "Turnout among voters under 25 was just 46%.", False),
])
def test_read_from_set_5_after_its_blind_scoring(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


def test_a_sectors_jobs_and_a_change_of_another_thing():
    assert not compare_texts("Health care employers added 51,000 jobs in April.",
                             "Employers created roughly 180,000 jobs in April, according to the monthly report.").conflict
    assert not compare_texts("Vantor reported a 40% drop in fourth-quarter operating profit last month.",
                             "Vantor's shares fell 4.1% on Wednesday.").conflict


@pytest.mark.parametrize("a,da,b,db,relation", [
    ("MPs backed the bill by 312 votes to 261 at second reading.", "2022-11-15",
     "The Strikes (Notice Periods) Bill was approved by 312 votes to 216, a comfortable margin.", "2022-11-16",
     "contradiction"),
    ("The unemployment rate ticked up to 3.8 percent from 3.7 percent in March.", "2024-05-03",
     "The jobless rate held steady at 3.7%, near historic lows, according to Friday's report.", "2024-05-04",
     "contradiction"),
    ("Under the deal, the combined duty rate on Canadian softwood will fall to 8.5 per cent from 17.9 per cent.",
     "2022-08-17", "Under the agreement, duties on most Canadian lumber will drop to a new rate of 5.8%.", "2022-08-18",
     "contradiction"),
    ("An internal audit found he had claimed £14,300 in mileage and travel expenses over three years.", "2021-09-07",
     "A council boss has quit after claiming more than £24,000 in travel expenses over three years.", "2021-09-08",
     "contradiction"),
    ("The police said they had made 31 arrests by early evening.", "2023-04-22",
     "The number of arrests linked to Saturday's march rose to 47 on Monday.", "2023-04-24", "update"),
    ("Two people were killed and five were wounded early Sunday in a bar in Tacoma.", "2024-03-10",
     "The number of people injured in Sunday's shooting at a Tacoma bar rose to eight on Monday.", "2024-03-11", "update"),
])
def test_read_from_blind_stories_2_after_its_blind_scoring(a, da, b, db, relation):
    r = _dated(a, da, b, db)
    assert r.conflict and r.relation == relation


def test_up_to_after_a_verb_of_moving_is_a_level_not_a_bound():
    q = read_quantities("The unemployment rate ticked up to 3.8 percent.")[0]
    assert q.low == q.high == 3.8
    assert read_quantities("The storm could dump up to 20 cm of snow.")[0].low == -math.inf


@pytest.mark.parametrize("a,b,conflict", [
    ("A parliamentary petition calling for an inquiry into water company bonuses passed 250,000 signatures on Monday.",
     "Just under 120,000 people had signed the petition demanding an inquiry into water firm bonuses as of Monday.", True),
    ("The Congressional Budget Office estimates the tax bill would add $2.4 trillion to federal deficits over the next decade.",
     "According to the CBO's analysis, the tax legislation would increase the deficit by $1.1 trillion over ten years.", True),
    ("Rep. Dale Whitcomb, 68, announced Tuesday that he would retire at the end of his term.",
     "Whitcomb, who is 74, said on Tuesday he would not seek another term.", True),
    ("Six people signed the letter to the board.", "The petition has 120,000 signatures.", False),
])
def test_signatures_deficits_and_ages_in_a_relative_clause(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict


def test_a_days_move_and_an_earlier_events_toll():
    assert not compare_texts("Shares of Northlight Software fell 4 percent on Wednesday after the layoffs.",
                             "Northlight's stock is down about 30 percent this year, putting pressure on Rao.").conflict
    assert not compare_texts("Six residents died in the fire at Linden House early on Wednesday.",
                             "The blaze came less than six weeks after nine people died in a tower block fire in Halvorsen.").conflict
    assert compare_texts("Six residents died in the fire at Linden House early on Wednesday.",
                         "Nine people died in the fire at Linden House on Wednesday, officials said.").conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("Turkey's disaster agency said the final death toll from the earthquake in Malatya stood at 48.",
     "Malatya quake killed 84, the disaster agency says in its final tally.", True),
    ("Turnout in Sunday's Portuguese parliamentary election reached 61.4 percent, the commission said.",
     "Fewer than half of eligible Portuguese voters, 48 percent, cast a ballot on Sunday.", True),
    ("The carmaker said it would cut 4,000 jobs at its Sunderland plant by the end of next year.",
     "About 1,200 positions will go at the carmaker's Sunderland factory, staff were told.", True),
    ("The company has agreed to pay $1.2 billion to settle claims from 14 states.",
     "Under the deal, the company will pay $780 million to resolve the lawsuits brought by 14 states.", True),
    ("Police said roughly 40,000 protesters filled the streets of central Belgrade on Saturday.",
     "Belgrade police estimated Saturday's anti-government crowd at about 12,000.", True),
    ("Eleven people were injured, two seriously, when a bus collided with a lorry on the M6 on Saturday.",
     "Three passengers suffered minor injuries after a bus hit a lorry on the M6 on Saturday.", True),
    ("The ferry that sank off Bali on Wednesday night was carrying 212 passengers and crew.",
     "There were 87 people aboard the vessel when it capsized late Wednesday.", True),
    ("Forty-two countries signed the declaration on AI safety at the close of the summit.",
     "Only 19 nations put their names to the summit's AI safety declaration.", True),
    ("The Bank of England held interest rates at 4 per cent on Thursday.",
     "The Bank of England cut its base rate by a quarter point to 3.75% on Thursday.", True),
    # a part, another bill, a threshold
    ("Eleven people died in the town of Bad Mertz when the river burst its banks.",
     "Flooding across the Rhineland-Palatinate region has killed 46 people, state officials said.", False),
    ("The Senate approved the defense authorization bill by 86 votes to 11 on Thursday.",
     "The border security package failed in the Senate on Thursday on a 49-50 vote.", False),
    ("Eleven people were injured, two seriously, in the crash.", "Two people were seriously injured in the crash.", False),
])
def test_read_from_set_6_after_its_one_scoring(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict
