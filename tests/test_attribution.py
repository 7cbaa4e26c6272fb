import pytest

from claimdiff.claims.attribution import read_parse_attribution, same_speaker
from claimdiff.claims.syntax import load_nlp, parse_claims
from claimdiff.pairs import _claim


def attribution(text):
    return read_parse_attribution(load_nlp(ner=False)(text))


@pytest.mark.parametrize("text,speaker", [
    ("Angela Merkel, the German chancellor, said on Monday that 40,000 refugees had arrived.", "Angela Merkel"),
    ("Health officials told reporters that 12 patients had died.", "Health officials"),
    ("\u201cThe border is closed,\u201d said Interior Minister Ana Lopez.", "Interior Minister Ana Lopez"),
    ("The storm left 9,000 homes without power, according to Duke Energy.", "Duke Energy"),
    ("The fire spread quickly, the county sheriff said.", "the county sheriff"),
    ("She added that the count could rise.", None),  # a pronoun names nobody to compare
    ("The bridge collapsed on Tuesday.", None),
])
def test_speaker_from_the_parse(text, speaker):
    assert attribution(text)[0] == speaker


def test_quoted_words():
    assert attribution("\u201cWe counted 300 boats,\u201d a coast guard officer said.")[1] == "We counted 300 boats"
    assert attribution('He said "no deal" twice.')[1] == "no deal"
    assert attribution("The port reopened.")[1] is None


def test_same_speaker():
    assert same_speaker("Ana Lopez", "Interior Minister Ana Lopez")
    assert same_speaker("Lopez", "Ana Lopez")
    assert same_speaker("the Pentagon", "Pentagon")
    assert not same_speaker("Ana Lopez", "Maria Lopez")
    assert not same_speaker(None, "Lopez")


def test_parse_gives_the_numeric_comparator_a_speaker():
    # two outlets attributing different figures to the same speaker: both parses name her
    a, b = parse_claims([_claim("Mayor Karen Bass said 180 homes burned.", None, "a"),
                         _claim("About 300 homes burned, Bass said.", None, "b")])
    assert a.parse.speaker == "Mayor Karen Bass" and b.parse.speaker == "Bass"
    assert same_speaker(a.parse.speaker, b.parse.speaker)
