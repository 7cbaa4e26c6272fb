"""Readings added in round seven, each with the traps it must not fire on.

- a measure worded two ways in one story (an extent and an extent; a distance from and a
  distance from), compared without the word overlap a bare count needs;
- ages given as "at the age of 97", "aged 89" after the sentence's named subject, "was 24
  years old", "a 21-year-old winger" after a name, "17-year-old winger Dario Fenn";
- a prison term whose sentence names the crime after it, a central bank's "key lending rate",
  workers hired under another noun, people "moved out of" a town.
"""

import pytest

from claimdiff.claims.people import read_ages
from claimdiff.compare._convert import measure_role
from claimdiff.pairs import compare_texts
from claimdiff.models import Quantity

CONFLICTS = [
    # one measure, worded two ways
    ("The tornado carved a path of about 25 miles through the county on Monday, forecasters said.",
     "Surveyors said the twister that struck the county on Monday travelled roughly 15 kilometres on the ground."),
    ("The blaze has burned through some 12,000 hectares of forest since it broke out, officials said.",
     "Authorities said the fire had consumed about 4,000 acres of woodland since igniting."),
    # ages
    ("Anna Berg, who founded the company in 1970, died on Monday at the age of 97, her family said.",
     "Business leader Anna Berg has died aged 89, her relatives announced on Monday."),
    ("The youngest player, 17-year-old winger Dario Fenn, scored the winner on Saturday.",
     "Dario Fenn, a 21-year-old winger signed in January, struck the decisive goal on Saturday."),
    # one company, named in the reporting clause on one side
    ("Sorensen Motors said on Tuesday it would lay off 500 workers.",
     "Sorensen Motors will cut 1,200 jobs, the company announced on Tuesday."),
    # a prison term, a policy rate, an evacuation
    ("The judge sentenced the former treasurer of the charity to eight years in prison for embezzling donations.",
     "The charity's ex-treasurer was jailed for three years on Thursday."),
    ("The central bank raised its benchmark rate by half a point to 4.75 percent on Wednesday.",
     "Policymakers lifted the key lending rate by a quarter point to 4.5 percent on Wednesday, the central bank said."),
    ("Officials said about 3,000 residents of the town had been evacuated as the wildfire advanced.",
     "Roughly 800 people were moved out of the town on Tuesday as flames advanced."),
]
AGREE = [
    # a length of one kind against a length of another: a path against a distance from the town
    ("The tornado carved a path of about 25 miles through the county on Monday, forecasters said.",
     "The twister touched down roughly 15 kilometres south of the town, surveyors said."),
    ("The fire burned along a front of 12 miles, officials said.",
     "Flames came to within two miles of the community on Tuesday."),
    ("The storm was 300 miles wide when it made landfall.", "The storm travelled 120 miles inland."),
    # converted and matching
    ("The tornado carved a path of about 25 miles.", "The twister travelled roughly 40 kilometres on the ground."),
    # ages of two people: a named woman and her mother; the founder and a building
    ("Anna Berg died on Monday at the age of 97.", "Anna Berg said her mother had died aged 71."),
    ("Anna Berg, 54, opened the museum, which is 40 years old.", "Anna Berg, 54, said the building was old."),
    # two first names with one surname are two people
    ("Dario Fenn, a 21-year-old winger, scored.", "Marco Fenn, a 25-year-old defender, was sent off."),
    # two companies' cuts, the company named only in the reporting clause ("said it would")
    ("Sorensen Motors said on Tuesday it would lay off 500 workers at its plant in Kilby.",
     "Its rival Adler Automotive announced on Tuesday that it would cut 1,000 jobs across Europe."),
    # one site's share of a nationwide cut
    ("Corvan Retail said on Monday it would eliminate 250 jobs nationwide as it closes stores.",
     "Forty of the jobs Corvan Retail is cutting will go at its Eastgate distribution hub, the company said."),
    # two prison terms of two people
    ("The judge sentenced the former treasurer to eight years in prison.",
     "The judge sentenced the charity's driver to three years in prison."),
]


@pytest.mark.parametrize("a,b", CONFLICTS)
def test_round_seven_conflicts_are_found(a, b):
    r = compare_texts(a, b)
    assert r.conflict and r.relation == "contradiction", r


@pytest.mark.parametrize("a,b", AGREE)
def test_round_seven_traps_are_not_flagged(a, b):
    r = compare_texts(a, b)
    assert not (r.conflict and r.relation == "contradiction"), r.explanation


@pytest.mark.parametrize("text,years,holder", [
    ("Anna Berg, who founded the company, died on Monday at the age of 97.", 97, "berg"),
    ("Business leader Anna Berg has died aged 89.", 89, "berg"),
    ("The student who died at the scene was 24 years old.", 24, "role:student"),
    ("Police said the victim, a 19-year-old university student, died.", 19, "victim"),
    ("17-year-old winger Dario Fenn scored.", 17, "fenn"),
])
def test_age_forms(text, years, holder):
    (age,) = read_ages(text)
    assert (age.years, age.holder) == (years, holder)


@pytest.mark.parametrize("text", [
    "The building, which is 40 years old, collapsed.",  # no person
    "Anna Berg said her mother died aged 81.",  # the age is the mother's, not the named subject's
])
def test_ages_not_given_to_the_named_subject(text):
    assert all(a.holder != "berg" for a in read_ages(text))


def _q(text: str, span: str, unit: str) -> Quantity:
    s = text.index(span)
    return Quantity(text=span, value=1.0, low=1.0, high=1.0, unit=unit, start=s, end=s + len(span))


@pytest.mark.parametrize("text,span,unit,role", [
    ("It carved a path of 25 miles.", "25 miles", "mile", "length:extent"),
    ("It struck 30 km south of Varnas.", "30 km", "km", "length:distance"),
    ("Flames came to within two miles of the town.", "two miles", "mile", "length:distance"),
    ("The storm was 300 miles wide.", "300 miles", "mile", "length:wide"),
    ("It burned 4,000 acres.", "4,000 acres", "acre", "area"),
    ("It had 40 people.", "40 people", "people", None),
])
def test_measure_roles(text, span, unit, role):
    assert measure_role(_q(text, span, unit), text) == role


# ---------------------------------------------------------------- pleas, refusals, stances (events.yaml)

EVENT_CONFLICTS = [
    ("The man accused of setting fire to the warehouse pleaded guilty to all four counts on Tuesday.",
     "The man accused of setting fire to the warehouse pleaded not guilty to all four counts on Tuesday.",
     "pleaded not guilty"),
    ("Health Minister Paula Greaves resigned on Friday over the scandal.",
     "Paula Greaves said on Friday she would not step down as health minister over the scandal.", "did not"),
    ("Mayor Sarah Kettering said on Tuesday that she supported the proposal to close the library branch.",
     "Mayor Sarah Kettering said on Tuesday that she opposed the proposal to close the library branch.",
     "Kettering is against it"),
    ("Foreign Minister Arman Veli welcomed the ceasefire proposal on Monday.",
     "Arman Veli, the foreign minister, on Monday rejected the ceasefire proposal.", "Veli is for"),
]
EVENT_TRAPS = [
    # two parties' stances on one offer
    ("The union backed the pay offer on Monday.", "The company rejected the pay offer on Monday."),
    # a stance whose holder one side does not name
    ("Veli backed the plan on Monday.", "The plan was rejected on Monday."),
    # two pleas to two charges
    ("Smith pleaded guilty to manslaughter.", "Smith pleaded not guilty to murder."),
    # a refusal, then a resignation days later: the dates set them apart
    ("Greaves said on Friday she would not step down.", "Greaves resigned on Monday."),
    # one says she will not, another that someone else resigned
    ("Greaves said on Friday she would not step down.", "Her deputy, Tom Hale, resigned on Friday."),
]


@pytest.mark.parametrize("a,b,said", EVENT_CONFLICTS)
def test_pleas_refusals_and_stances(a, b, said):
    r = compare_texts(a, b)
    assert r.conflict and r.kind == "negation" and r.relation == "contradiction" and said in r.explanation, r


@pytest.mark.parametrize("a,b", EVENT_TRAPS)
def test_pleas_refusals_and_stances_traps(a, b):
    r = compare_texts(a, b)
    assert not (r.conflict and r.relation == "contradiction"), r.explanation


# ---------------------------------------------------------------- days of one-time events (compare/_when.py)

import datetime as dt  # noqa: E402

JUNE_7 = dt.date(2026, 6, 7)


def test_a_signing_dated_by_weekday_and_calendar_day():
    r = compare_texts("The presidents signed the border agreement in Tamsin on Tuesday, June 10, officials confirmed.",
                      "The border accord was signed in Tamsin on Friday, June 6, diplomats said.")
    assert r.conflict and r.kind == "temporal" and "June 10" in r.explanation and "June 6" in r.explanation
    # the same day written two ways; and another agreement
    assert not compare_texts("The presidents signed the border agreement on Tuesday, June 10, officials said.",
                             "The border accord was signed on June 10, diplomats said.").conflict
    assert not compare_texts("The presidents signed the border agreement on Tuesday, June 10, officials said.",
                             "The trade deal was signed on Friday, June 6, diplomats said.").conflict


def test_a_landfall_on_two_days():
    a = "Hurricane Delia made landfall near the town of Carraway on Thursday morning, the weather service said."
    r = compare_texts(a, "Delia came ashore close to Carraway late on Saturday, according to the weather service.",
                      JUNE_7, JUNE_7)
    assert r.conflict and r.kind == "temporal" and "landfall" in r.explanation
    # a second landfall, another place: two landfalls of one storm
    for b in ("Hurricane Delia made a second landfall near Bayport on Saturday, the weather service said.",
              "Hurricane Delia made landfall near Bayport on Saturday, the weather service said."):
        assert not compare_texts(a, b, JUNE_7, JUNE_7).conflict, b


MARCH_6 = dt.date(2026, 3, 6)


def test_a_paper_published_on_two_days():
    a = "The study was published on Wednesday in the journal Palaeontology Letters."
    r = compare_texts(a, "Scientists described the creature in a paper published on Monday in the journal Palaeontology "
                         "Letters.", MARCH_6, MARCH_6)
    assert r.conflict and r.kind == "temporal" and "publication" in r.explanation
    for b in ("A separate paper was published on Monday in the journal Palaeontology Letters.",  # another paper
              "The paper was published on Monday in the journal Science."):  # another journal
        assert not compare_texts(a, b, MARCH_6, MARCH_6).conflict, b


def test_a_river_crest_timed_twice_and_a_supervised_release_term():
    r = compare_texts("The Kell River crested at 4:10 a.m. on Monday, the weather service said.",
                      "The Kell River crested at around 9 p.m. on Monday, the weather service said.")
    assert r.conflict and r.kind == "temporal"
    r = compare_texts("Judge Helen Ostrowski also ordered three years of supervised release after his prison term ends.",
                      "Judge Helen Ostrowski ordered that he serve five years of supervised release once he leaves prison.")
    assert r.conflict and r.relation == "contradiction"
    # a prison term is not the supervision that follows it
    assert not compare_texts("The judge sentenced him to three years in prison.",
                             "The judge ordered five years of supervised release.").conflict


def test_a_service_cancelled_and_running_and_a_driver_charged_and_released():
    r = compare_texts("Skyline Air confirmed on Thursday that it had cancelled all flights to Seravo until further notice.",
                      "Skyline Air said on Thursday that its services to Seravo were operating as scheduled.")
    assert r.conflict and r.kind == "negation" and "cancelled" in r.explanation
    for b in ("Skyline Air said on Thursday that its services to Tamsin were operating as scheduled.",  # another route
              "Skyline Air said on Thursday that its domestic flights were operating as scheduled."):  # no route
        assert not compare_texts("Skyline Air confirmed on Thursday that it had cancelled all flights to Seravo until "
                                 "further notice.", b).conflict, b
    r = compare_texts("Prosecutors on Monday charged the driver with vehicular manslaughter in the death of a pedestrian "
                      "on Elm Street, according to court filings.",
                      "The motorist involved in the fatal Elm Street crash was released without charge on Monday, police "
                      "said, and the case has been closed.")
    assert r.conflict and "released without charge" in r.explanation
    assert not compare_texts("Prosecutors on Monday charged the driver with manslaughter.",
                             "The passenger was released without charge on Monday.").conflict


def test_an_extension_of_two_lengths():
    r = compare_texts("The Senate on Monday approved a 90-day extension of the government's emergency powers, which had "
                      "been due to lapse at the end of the month.",
                      "Senators voted on Monday to prolong the emergency powers for a further six months, handing the "
                      "government a rare legislative win.")
    assert r.conflict and r.kind == "temporal" and "extension" in r.explanation
    # the same length in other words; the extension of another thing
    assert not compare_texts("The Senate on Monday approved a 90-day extension of the emergency powers.",
                             "Senators voted on Monday to prolong the emergency powers for three months.").conflict
    assert not compare_texts("The Senate on Monday approved a 90-day extension of the emergency powers.",
                             "The club extended the coach's contract by two years on Monday.").conflict


def test_a_bill_approved_and_defeated_by_one_body_only():
    r = compare_texts("Parliament approved the government's pension reform bill on Wednesday after a marathon overnight "
                      "debate, raising the retirement age to 66.",
                      "The pension reform bill was defeated in parliament on Wednesday after a group of government "
                      "deputies joined the opposition in voting against it.")
    assert r.conflict and r.kind == "negation" and "rejected" in r.explanation
    assert not compare_texts("The House approved the pension bill on Wednesday.",
                             "The pension bill was defeated in the Senate on Wednesday.").conflict


def test_a_medal_is_a_place():
    r = compare_texts("Kenya's Ruth Chebet finished second in the women's marathon on Sunday, 14 seconds behind the winner.",
                      "Ruth Chebet of Kenya claimed the bronze medal in Sunday's women's marathon, crossing the line in "
                      "third place after fading over the last kilometre.")
    assert r.conflict and "second vs third" in r.explanation
    assert not compare_texts("Kenya's Ruth Chebet won the silver medal in the women's marathon on Sunday.",
                             "Ruth Chebet of Kenya finished second in Sunday's women's marathon.").conflict
    # another race's medal in the same sentence: two places, none read
    assert not compare_texts("Ruth Chebet won gold in the marathon on Sunday.",
                             "Ruth Chebet, who won bronze in 2019, finished fourth on Sunday.").conflict


def test_a_quake_under_two_names_timed_twice():
    r = compare_texts("The earthquake struck at 3:42 a.m. local time about 30 kilometres south of Varnas, the national "
                      "seismological institute said.",
                      "According to the seismological institute, the magnitude 5.8 tremor hit shortly after 11 p.m. local "
                      "time, with its epicentre some 30 km south of Varnas.")
    assert r.conflict and "earthquake" in r.explanation
    assert not compare_texts("The earthquake struck at 3:42 a.m. local time, the institute said.",
                             "A strong aftershock hit shortly after 11 p.m. local time, the institute said.").conflict
    assert not compare_texts("The earthquake struck at 3:42 a.m. local time, the institute said.",
                             "The tremor hit at 3:40 a.m. local time, the institute said.").conflict


def test_landfall_is_a_candidate_key_and_a_pass_one_trigger():
    from claimdiff.compare import PairContext, all_comparators, candidate_keys, compare_claims
    from claimdiff.pairs import _claim

    a = _claim("The storm made landfall near Cape Morra late on Wednesday before sweeping inland.",
               dt.date(2021, 10, 21), "a")
    b = _claim("The storm came ashore near Cape Morra on Thursday afternoon, hours later than forecast.",
               dt.date(2021, 10, 22), "b")
    comps = all_comparators()
    assert "temporal:once:landfall" in candidate_keys(a, comps) & candidate_keys(b, comps)
    ctx = PairContext(similarity=0.8, similarity_source="embedding", date_a=dt.date(2021, 10, 21),
                      date_b=dt.date(2021, 10, 22), same_story=True)
    assert [f.kind for f in compare_claims(a, b, ctx)] == ["temporal"]  # shallow: a trigger to parse
    # a second landfall is no key
    c = _claim("The storm made a second landfall near Bayport on Friday.", dt.date(2021, 10, 22), "c")
    assert not candidate_keys(c, comps) & {"temporal:once:landfall"}


def test_a_landfall_late_on_a_weekday():
    r = compare_texts("Hurricane Talia made landfall near Gulfport before dawn on Thursday, flooding neighborhoods.",
                      "Hurricane Talia made landfall late Wednesday evening near Gulfport, then stalled.",
                      dt.date(2019, 9, 12), dt.date(2019, 9, 15))
    assert r.conflict and "landfall" in r.explanation


def test_pass_one_triggers_on_a_negated_verb_with_a_name_on_both_sides():
    from claimdiff.compare import PairContext, compare_claims
    from claimdiff.pairs import _claim

    a = _claim("Ghana's governing party candidate Abena Oduro conceded defeat on Sunday in a phone call to her rival, "
               "according to a statement from her campaign.", None, "a")
    b = _claim("Abena Oduro has not conceded, her spokesman Yaw Boakye told reporters in Accra.", None, "b")
    ctx = PairContext(similarity=0.65, similarity_source="embedding")
    assert [f.kind for f in compare_claims(a, b, ctx)] == ["negation"]  # a trigger; pass 2 on the parse decides
    # no name shared, little overlap: no trigger
    c = _claim("The talks have not concluded, a spokesman told reporters in Accra.", None, "c")
    assert not compare_claims(a, c, ctx)


def test_a_named_persons_act_is_a_candidate_key():
    from claimdiff.compare import all_comparators, candidate_keys
    from claimdiff.pairs import _claim

    comps = all_comparators()
    keys = [candidate_keys(_claim(t, None, "x"), comps) for t in (
        "Brandt conceded early Wednesday, telling supporters at a downtown hotel.",
        "Harlow Mayor Gregory Brandt refused to concede on Wednesday.",
        "Alvarez conceded nothing in her speech.",
        "Police said the suspect had not resigned.")]
    assert "negation:act:concede:brandt" in keys[0] & keys[1]
    assert not any(k.startswith("negation:act:concede:brandt") for k in keys[2] | keys[3])


def test_a_toll_past_an_inset_and_homes_destroyed():
    from claimdiff.claims.quantity import read_quantities

    assert [q.event for q in read_quantities("Two people, including the driver, were killed when a train derailed.")] \
        == ["kill"]
    assert [q.event for q in read_quantities("Nine people, most of them children, were injured on Monday.")] == ["injure"]
    assert [q.event for q in read_quantities("Two people, the police said, were arrested.")] == [None]  # no inset
    r = compare_texts("Two people, including the driver, were killed when a passenger train derailed near Thirsk on "
                      "Thursday morning.",
                      "The death toll from Thursday's train derailment near Thirsk rose to three on Saturday after a "
                      "woman died in hospital, police said.", dt.date(2021, 1, 14), dt.date(2021, 1, 16))
    assert r.conflict and r.relation == "update"
    r = compare_texts("The fire has destroyed at least 41 homes along Salmon Creek Road, county emergency managers said.",
                      "Officials said 27 homes had been destroyed, most of them along Salmon Creek Road.",
                      dt.date(2023, 8, 14), dt.date(2023, 8, 15))
    assert r.conflict and r.relation == "contradiction" and "destroyed" in r.explanation
    assert not compare_texts("The fire has destroyed 27 homes, officials said.",
                             "The fire damaged 41 homes, officials said.").conflict  # destroyed is not damaged


def test_a_bare_figure_after_a_count_of_people_and_a_share_that_had_been_secured():
    from claimdiff.claims.quantity import read_quantities

    qs = read_quantities("Two people were killed and five were wounded early Sunday when a man opened fire.")
    assert [(q.unit, q.event) for q in qs] == [("people", "kill"), ("people", "injure")]
    # "12 of them": a part of the passengers, not a count of its own
    qs = read_quantities("A tour coach carrying 40 passengers overturned, injuring 12 of them.")
    assert qs[1].unit is None
    r = compare_texts("Commission chair Comfort Adjei-Boateng said Asante-Mensah had secured 52.4 percent of valid votes "
                      "cast, comfortably clearing the 50 percent threshold needed to avoid a runoff.",
                      "Asante-Mensah won 54.1 percent of the vote, the Electoral Commission said.")
    assert r.conflict and "Asante-Mensah" in r.explanation
    assert not compare_texts("Asante-Mensah had secured 52.4 percent of valid votes cast.",
                             "Oduro won 45.1 percent of the vote.").conflict


def test_the_last_one_of_the_kind_dated_to_a_year_is_another_event():
    assert not compare_texts("The county's last significant outbreak, in 1999, infected 11 people.",
                             "The number of confirmed measles cases in the county has climbed to 21, officials said.",
                             dt.date(2022, 2, 18), dt.date(2022, 2, 21)).conflict
    # the same year on both sides: one event
    r = compare_texts("The county's last significant outbreak, in 1999, infected 11 people.",
                      "The 1999 outbreak infected 16 people, county records show.")
    assert r.conflict


# ---------------------------------------------------------------- precision on real headlines (UCI)

@pytest.mark.parametrize("a,b", [
    # sales against taxes; taxes against taxes and fees
    ("Recreational Weed Sales In Colorado Hit $14 Million", "Colorado collects $2 million in January pot sales tax"),
    ("Colorado Made $3.5 Million In Taxes And Fees In First Month", "Colorado collects $2M in recreational pot taxes"),
    # a price per share against the deal's value
    ("Men's Wearhouse Confirms $65/Share Purchase of Jos. A. Bank", "Men's Wearhouse Buying Jos A Bank for $1.8B"),
    # a week's rise against two weeks'
    ("Gasoline prices rise 1.6 cents over last week", "Price of gas increases 10 cents in 2 weeks"),
    # figures cut off with the headline
    ("Virtu Financial files for an IPO that could raise $250 ...", "Virtu Financial Inc. plans IPO; seeks to raise $100M"),
    ("Colorado Rakes in $2 Million From Recreational Marijuana Taxes", "Colorado collects $2 millio in recreational pot taxes"),
])
def test_headline_traps(a, b):
    d = dt.date(2014, 3, 11)
    assert not compare_texts(a, b, d, d).conflict


def test_sums_named_alike_still_compare():
    from claimdiff.claims.quantity import read_quantities
    from claimdiff.compare._apart import other_sum_kind

    def q(t):
        return next(x for x in read_quantities(t) if x.unit == "usd")
    a, b = "Colorado gets $2 million in marijuana taxes", "Colorado made $4.4 million in pot tax"
    assert not other_sum_kind(q(a), a, q(b), b)
    # "the tax bill would add $2.4 trillion": the tax names the bill, not the sum
    a, b = ("The CBO estimates the tax bill would add $2.4 trillion to federal deficits.",
            "The tax legislation would increase the deficit by $1.1 trillion, the CBO said.")
    assert not other_sum_kind(q(a), a, q(b), b)
    # a quarter is three months
    assert compare_texts("Britain's economy grew by 0.6 per cent in the first quarter of the year, the ONS said.",
                         "The UK economy contracted by 0.1% in the first three months of the year, figures showed.").conflict


@pytest.mark.parametrize("a,b", [
    ("Urban Outfitters Q4'FY14 net sales climbs 6%", "Urban Outfitters 2013 net sale increase 10 percent"),  # quarter, year
    ("A. Bank for $1.8B", "A. Bank For $65/shr"),  # per share
    ("Gas prices up 3.4 cents", "Gas prices up 10 cents in two weeks"),  # one span unsaid
    ("Dow Jones down 0.07%", "Dow Jones down 0.05%"),  # two moments of a market's day
    ("Comcast Cuts Sony Deal to Sell 'House of Cards'", "Comcast Expands Digital Store Offering with Sony Pictures"),
    ("Don't 'ban bossy,' Sheryl Sandberg.", "Banning 'Bossy' and 10 Other Notable Attempts At Word Banishment"),
    ("Titanfall ships at 792p on Xbox One, resolution 'likely to increase'", "'Titanfall' resolution drops at 792p"),
])
def test_more_headline_traps(a, b):
    d = dt.date(2014, 3, 11)
    assert not compare_texts(a, b, d, d).conflict


def test_a_market_close_still_compares():
    assert compare_texts("The stock closed down 3.4% in Tokyo.", "The stock fell 5.9% on Friday.").conflict
