import pytest

from claimdiff.claims.attribution import read_attribution
from claimdiff.claims.negation import read_negation
from claimdiff.pairs import compare_texts


@pytest.mark.parametrize("text,neg", [
    ("US troops had not left", True), ("The US has no intention of leaving Iraq", True),
    ("The ministry denied the report", True), ("No troops were withdrawn", True),
    ("Troops will never return", True), ("US troops left Iraq", False),
    ("There is no doubt that the forces are a factor", False), ("It is not only X but also Y", False),
    ("at least 2,000 and no more than 3,000 troops", False),
])
def test_negation(text, neg):
    assert read_negation(text)[0] is neg


@pytest.mark.parametrize("text,modality", [
    ("The US will withdraw", "will"), ("He plans to withdraw", "plans to"), ("Troops may leave", "may"),
    ("Troops are expected to leave", "expected to"), ("Troops left", None),
])
def test_modality(text, modality):
    assert read_negation(text)[1] == modality


@pytest.mark.parametrize("text,who", [
    ("Kadhimi claimed that he had negotiated a period", "Kadhimi"),
    ("However, the Pentagon says that the meeting has nothing to do with it", "the Pentagon"),
    ("He also said that the number could not be accepted", "He"),
    ("Troops will stay, according to Politico.", "Politico"),
    ('"We are leaving," said Joe Biden.', "Joe Biden"),
    ("US troops withdrew from Iraq.", None),
])
def test_attribution(text, who):
    assert read_attribution(text) == who


def test_negation_conflict_needs_the_same_proposition():
    assert compare_texts("US troops have left Iraq.", "US troops have not left Iraq.").kind == "negation"
    assert not compare_texts("US troops have left Iraq.", "Iraqi officials have not met the ambassador.").conflict
    # same negation on both sides, or a different modality: no conflict
    assert not compare_texts("US troops have not left Iraq.", "US troops have not left Iraq yet.").conflict
    assert not compare_texts("US troops will leave Iraq.", "US troops may not leave Iraq.").conflict


def test_curly_apostrophes_and_contrasts():
    assert read_negation("I can\u2019t help but think that those remarks are over the line.")[0] is True
    assert read_negation("I can't help but think that those remarks are over the line.")[0] is True
    # "X, not Y" contrasts; it does not negate the sentence's claim
    assert read_negation("Dress like you deserve respect, not a spot at a bar.")[0] is False
    assert read_negation("They chose a partnership rather than a pullout.")[0] is False
