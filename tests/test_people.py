"""Ages and vote tallies (claims/people.py, compare/_people.py), on sentences written for
these tests, not taken from the suite or the eval sets."""

import pytest

from claimdiff.claims.people import read_ages, read_tallies, same_person
from claimdiff.compare._people import age_finding, candidate_keys, tally_finding
from claimdiff.pairs import _claim, compare_texts


def _parsed(x, y):
    from claimdiff.claims.syntax import parse_claims

    return parse_claims([_claim(x, None, "a"), _claim(y, None, "b")])


def test_ages_with_their_holders():
    assert [(a.years, a.holder, a.named) for a in read_ages("Maria Lopez, 29, of Tucson, was hurt.")] == \
        [(29, "lopez", True)]
    assert [(a.years, a.holder) for a in read_ages("A 52-year-old woman was rescued.")] == [(52, "female")]
    assert [(a.years, a.holder) for a in read_ages("the 19-year-old gunman fled")] == [(19, "suspect")]
    assert [(a.years, a.holder) for a in read_ages("a driver aged 71 was killed")] == [(71, "driver")]
    assert read_ages("a 40-year-old treaty was scrapped") == []  # not a person
    assert read_ages("In 2019, 34 people were hurt.") == []


def test_same_person_rules():
    (man,), (suspect,), (mother,), (woman,) = (read_ages(t) for t in (
        "a 30-year-old man", "the 31-year-old suspect", "his 60-year-old mother", "a 30-year-old woman"))
    assert same_person(man, suspect) and not same_person(suspect, mother)
    assert not same_person(man, woman) and not same_person(woman, mother)


def test_tallies_need_a_vote_and_keep_their_body():
    (t,) = read_tallies("The Senate confirmed him 53-47 on Tuesday.")
    assert (t.high, t.low, t.bodies, t.outcome) == (53, 47, frozenset({"senate"}), "pass")
    (t,) = read_tallies("Lawmakers rejected the plan by a vote of 180 to 201.")
    assert (t.high, t.low, t.outcome) == (201, 180, "fail")
    assert read_tallies("The route runs 10-12 miles along the coast.") == []
    assert read_tallies("Children aged 5 to 11 voted in the mock poll.") == []
    assert read_tallies("The 24-7 hotline opened.") == []  # no vote word


@pytest.mark.model
def test_age_conflicts_of_one_person_only():
    a, b = _parsed("Officers arrested a 27-year-old man near the station.",
                   "Police said the 29-year-old suspect was arrested near the station.")
    f = age_finding(a, b, 0.7, "numeric")
    assert f and "27" in f.explanation and "29" in f.explanation
    a, b = _parsed("A 27-year-old man was arrested near the station.",
                   "A 45-year-old man died in hospital from stab wounds.")
    assert age_finding(a, b, 0.7, "numeric") is None  # two men: arrested, died
    a, b = _parsed("Tom Reyes, 27, was arrested.", "His father, Luis Reyes, 58, spoke to reporters.")
    assert age_finding(a, b, 0.2, "numeric") is None  # one family: same surname, two first names
    a, b = _parsed("Tom Reyes, 27, was arrested.", "Reyes, 28, was held overnight.")
    assert age_finding(a, b, 0.2, "numeric") is not None  # one named person
    assert age_finding(*_parsed("A 27-year-old man was arrested.", "A 27-year-old man was arrested."), 0.9,
                       "numeric") is None


def test_tally_conflicts_of_one_vote_only():
    a, b = _claim("The council approved the budget 7-2 on Monday.", None, "a"), \
        _claim("Councillors passed the budget by a vote of 6 to 3.", None, "b")
    f = tally_finding(a, b, 0.7, "numeric")
    assert f and f.explanation.startswith("7-2 vs 6-3")
    senate = _claim("The Senate passed it 51-49.", None, "c")
    house = _claim("The House passed it 220-207.", None, "d")
    assert tally_finding(senate, house, 0.9, "numeric") is None
    rejected = _claim("The council rejected the budget 5-4.", None, "e")
    assert tally_finding(a, rejected, 0.9, "numeric") is None
    assert tally_finding(a, b, 0.3, "numeric") is None  # different sentences


def test_candidate_keys_name_the_person():
    assert candidate_keys(_claim("Ann Cole, 41, of Bristol, was charged.", None, "a")) == frozenset({"age:cole"})
    assert candidate_keys(_claim("A 41-year-old woman was charged.", None, "a")) == frozenset()


@pytest.mark.parametrize("a,b,conflict", [
    ("The actor, best known for playing the gruff detective in the long-running series, died at his home in "
     "Dublin aged 81.", "The 76-year-old star of the long-running detective drama died peacefully at his Dublin home.",
     True),
    ("A 17-year-old teenager was stabbed to death outside the school.",
     "The 16-year-old youth was stabbed to death outside the school, police said.", True),
    # two roles are two people, and an age is never a count of years
    ("A 28-year-old student was killed in the shooting on campus.",
     "A 34-year-old officer was killed in the shooting on campus, police said.", False),
    ("The actor died at his home in Dublin aged 81.", "His 76-year-old wife was at his side when he died at home in Dublin.",
     False),
])
def test_ages_of_roles(a, b, conflict):
    assert compare_texts(a, b).conflict is conflict
