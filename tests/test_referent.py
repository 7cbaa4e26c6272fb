"""Referents from the parse (claims/referent.py): the thing counted, its modifiers, the
event, the named actor, the reference period. Each rule is checked on sentences in the
style of wire copy that the rules were not written on (the second group in each test)."""

import pytest

from claimdiff.claims.quantity import read_quantities
from claimdiff.claims.referent import read_referents
from claimdiff.claims.syntax import load_nlp

pytestmark = pytest.mark.model


def referents(text):
    qs = read_referents(load_nlp()(text), read_quantities(text))
    return [q.referent for q in qs]


def ref(text):
    rs = referents(text)
    assert len(rs) == 1, rs
    return rs[0]


@pytest.mark.parametrize("text,noun,mods", [
    ("Democrats want $1T in unspent funds returned.", "fund", ("unspent",)),
    ("Democrats unveiled a $3.5 Trillion budget on Monday.", "budget", ()),
    ("The plan calls for $5 trillion in new spending over the next decade.", "spending", ("new",)),
    ("Core inflation rose 4.5% year on year in October.", "inflation", ("core",)),
    ("The budget is $3.5 trillion.", "budget", ()),
    ("The IMF expects global growth of 6% this year.", "growth", ("global",)),
    ("At least 2,500 US troops have been withdrawn already from Iraq.", "troop", ("us",)),
    # fresh sentences
    ("The city council approved a $48 million stadium deal late Tuesday.", "deal", ("stadium",)),
    ("Unemployment fell to 3.9% in March, the lowest in a decade.", "unemployment", ()),
    ("Britain pledged $2 billion in military aid to Kyiv.", "aid", ("military",)),
    ("So far 20 million doses have been given in the US.", "dose", ()),
])
def test_counted_noun_and_modifiers(text, noun, mods):
    r = ref(text)
    assert (r.noun, r.modifiers) == (noun, mods)


@pytest.mark.parametrize("text,verb", [
    ("In other words, the withdrawal of 2,000 American troops will be a prelude to the complete withdrawal "
     "of these forces from Iraq.", "withdrawal"),
    ("We have detailed information about the replacement of American forces with 2,500 more soldiers.",
     "replacement"),
    ("The proposal would mean a cutoff of assistance to 7.5 million people.", "cut off"),
    ("Some 9 million people will lose all benefits.", "lose"),
    # fresh
    ("Rescuers pulled 14 survivors from the rubble overnight.", "pull"),
    ("The carmaker will lay off 1,200 workers at its Ohio plant.", "lay off"),
])
def test_event(text, verb):
    assert ref(text).verb == verb


@pytest.mark.parametrize("text,subject", [
    ("Obama cut $716 billion from Medicare.", "obama"),
    ("McCain proposed cutting $800 billion from Medicare.", "mccain"),
    ("Obama Medicare Attack In 2008 Targeted McCain For Cutting $800 Billion From Program", "mccain"),
    # common-noun subjects name no one in particular: left empty
    ("Employers added 266,000 jobs in April, the Labor Department said.", ""),
    # fresh
    ("Pfizer shipped 1.2 million doses to Canada last week.", "pfizer"),
    ("The agency said it had received 55,000 pages of records.", ""),
])
def test_named_actor(text, subject):
    assert ref(text).subject == subject


@pytest.mark.parametrize("text,period", [
    ("Employers added 266,000 jobs in April, the Labor Department said.", "in April"),
    ("The plan calls for $5 trillion in new spending over the next decade.", "over the next decade"),
    ("Core inflation rose 4.5% year on year in October.", "in October, year on year"),
    ("Prices climbed 0.5% month on month.", "month on month"),
    ("So far, 41 people have been killed in the floods.", "So far"),
    # fresh
    ("Exports fell 3.1% in the third quarter.", "in the third quarter"),
    ("The company hired 4,000 people this year.", "this year"),
    ("Officials said 12 people were hurt.", ""),
])
def test_period(text, period):
    assert ref(text).period == period


@pytest.mark.parametrize("text,hyp", [
    ("His health care plan would cut Medicare by $800 billion.", True),
    ("McCain proposed cutting $800 billion from Medicare.", True),
    ("Obama has cut $716 billion from Medicare.", False),
    ("The US will withdraw 2,000 troops by November.", False),  # the future is a claim, not a supposition
    # fresh
    ("If approved, the measure could add 2,000 jobs.", True),
    ("The factory added 2,000 jobs last year.", False),
])
def test_hypothetical(text, hyp):
    assert ref(text).hypothetical is hyp


def test_negated_verb():
    assert ref("The army did not withdraw 2,000 troops.").negated
    assert not ref("The army withdrew 2,000 troops.").negated


def test_every_quantity_gets_its_own_referent():
    rs = referents("Officials said 40 people were killed and 120 were wounded in the blast.")
    assert [r.verb for r in rs] == ["kill", "wound"]


@pytest.mark.parametrize("text,subject", [
    ("NEW ORLEANS (Reuters) - Hurricane Ida destroyed 300 homes in Louisiana.", ""),  # the dateline is no actor
    ("The United States has administered 8.1 million doses so far.", "us"),
    ("Americans received 12.4 million doses so far.", "us"),
    ("NATO said it had deployed 4,000 troops.", "nato"),  # a reported clause: "it" is the speaker
    ("NATO said they had counted 4,000 troops.", "nato"),
    ("Officials said it had deployed 4,000 troops.", ""),  # the speaker is no name
])
def test_actor_names_are_normalised(text, subject):
    assert ref(text).subject == subject


@pytest.mark.parametrize("text,hyp", [
    # reported speech: "said it would" is the announced "will", a claim
    ("The airline said on Monday it would cut 3,000 jobs.", False),
    ("Officials announced the plant would hire 450 workers.", False),
    # still a supposition
    ("The union said the airline could cut 3,000 jobs.", True),
    ("Analysts say the merger would cut 3,000 jobs if approved.", True),
])
def test_reported_would_is_not_hypothetical(text, hyp):
    assert ref(text).hypothetical is hyp


@pytest.mark.parametrize("text,hyp", [
    ("The rule would strip benefits from 2 million people, according to the agency.", False),
    ("The agency estimated the rule would strip benefits from 2 million people.", False),
    ("The rule could strip benefits from 2 million people, according to the agency.", True),
])
def test_attributed_projection_is_a_report(text, hyp):
    assert ref(text).hypothetical is hyp
