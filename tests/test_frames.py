import pytest

from claimdiff.claims.frame import load_lexicon, read_frames
from claimdiff.compare import PairContext
from claimdiff.compare.framing import FramingComparator
from claimdiff.errors import ConfigError
from claimdiff.models import Claim


def claim(text, art="a"):
    return Claim(id=text[:8] + art, article_id=art, sentence_index=0, text=text, start=0, end=len(text),
                 frames=read_frames(text, load_lexicon()))


def frames_of(text):
    return [(h.frame, h.negated, h.irrealis) for h in read_frames(text, load_lexicon()) if h.axis == "military_posture"]


def test_frame_words_and_negation():
    assert frames_of("The withdrawal of 2,000 troops began.") == [("withdrawal", False, False)]
    assert frames_of("The US is not looking for a military withdrawal.") == [("withdrawal", True, False)]
    assert frames_of("Talks on US forces will move towards a bilateral security partnership.") == [("presence", False, False)]
    # the longest term wins: one hit, not "security partnership" + "bilateral partnership"
    assert len(frames_of("a stable bilateral security partnership on US forces")) == 1
    assert frames_of("Baghdad expects a timetable for ending the US presence.") == [("withdrawal", False, False)]


def test_demands_and_questions_are_not_claims():
    assert frames_of("The parliament called on the government to expel foreign troops.")[0][2] is True
    assert frames_of("Will Iraq finally expel the US military?")[0][2] is True
    assert frames_of("The question is whether the US will withdraw its troops.")[0][2] is True


def test_axis_applies_only_in_its_context():
    # the military-posture axis needs a word about forces in the sentence
    assert frames_of("Huckabee withdrew from the race that March.") == []
    assert frames_of("Akin vowed to remain in the race.") == []
    assert frames_of("The army withdrew from the town that March.") == [("withdrawal", False, False)]


def test_negation_does_not_cross_a_clause():
    assert frames_of("Nobody disputes it, but the withdrawal of troops began.") == [("withdrawal", False, False)]


def test_opposed_frames_conflict_and_same_frames_do_not():
    fc = FramingComparator()
    a = claim("The withdrawal of foreign troops from the province began this week.", "a")
    b = claim("A long-term security partnership keeps foreign troops in the province.", "b")
    c = claim("Foreign troops began their pullout from the province this week.", "c")
    f = fc.compare(a, b, PairContext(similarity=0.8))
    assert f is not None and f.kind == "framing"
    assert "withdrawal" in f.explanation and "security partnership" in f.explanation
    assert a.text[f.highlights_a[0][0]:f.highlights_a[0][1]] == "withdrawal"
    assert fc.compare(a, c, PairContext(similarity=0.9)) is None
    # not alike enough: different subjects
    assert fc.compare(a, b, PairContext(similarity=0.2)) is None


def test_negated_withdrawal_counts_as_presence_and_mixed_claims_are_skipped():
    fc = FramingComparator()
    a = claim("The withdrawal of foreign troops from the province began this week.", "a")
    neg = claim("Officials said there will be no withdrawal of foreign troops from the province.", "b")
    instead = claim("They speak of a security partnership instead of a withdrawal of troops.", "c")
    mixed = claim("The withdrawal of some troops began while a security partnership was signed.", "d")
    assert fc.compare(a, neg, PairContext(similarity=0.8)) is not None
    # "instead of a withdrawal" negates it: the whole sentence frames presence
    assert "the other that forces stay" in fc.compare(a, instead, PairContext(similarity=0.9)).explanation
    assert "instead of a withdrawal" in fc.compare(a, instead, PairContext(similarity=0.9)).explanation
    assert fc.compare(a, mixed, PairContext(similarity=0.9)) is None


def test_user_lexicon_adds_axes(tmp_path):
    p = tmp_path / "mine.yaml"
    p.write_text("axes:\n  vaccine:\n    frames:\n      safe: [safe]\n      dangerous: [dangerous, harmful]\n")
    lex = load_lexicon(str(p))
    assert {a.name for a in lex.axes} >= {"vaccine", "military_posture"}
    hits = read_frames("Regulators said the vaccine is harmful.", lex)
    assert [(h.axis, h.frame) for h in hits] == [("vaccine", "dangerous")]


def test_bad_lexicon_is_a_clear_error(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("axes:\n  x:\n    frames:\n      only: [one]\n")
    with pytest.raises(ConfigError, match="bad.yaml.*at least two frames"):
        load_lexicon(str(p))
    p.write_text("axes: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_lexicon(str(p))


# --- with a parse: the verb-attached negation decides (claims/negation.py) --------------

from claimdiff.claims.frame import hit_polarity  # noqa: E402
from claimdiff.claims.syntax import parse_claims  # noqa: E402
from claimdiff.compare.framing import stances  # noqa: E402


def parsed(text, art="a"):
    return parse_claims([claim(text, art)])[0]


def stance(text):
    c = parsed(text)
    s = stances(c, load_lexicon()).get("military_posture")
    return s[0] if s else None


def test_a_denied_clause_does_not_negate_the_frame_word_in_its_subject():
    t = "The minister denied that the decision to withdraw the troops was rushed."
    assert frames_of(t)[0][1] is True  # the shallow reading (pass 1) is permissive
    assert stance(t) == "withdrawal"


def test_partial_negations_and_mentions_take_no_side():
    assert stance("British troops are not leaving the country entirely.") is None
    assert stance("The ministry says the talks have nothing to do with a withdrawal of troops.") is None


def test_parsed_negation_flips_the_frame():
    assert stance("The soldiers have not withdrawn from the border town.") == "presence"
    assert stance("The government has no intention of withdrawing its troops.") == "presence"
    # a contrast the parse has no `neg` for
    assert stance("Talks will focus on security cooperation, not a withdrawal of troops.") == "presence"


def test_a_negated_subordinate_clause_does_not_negate_the_main_claim():
    t = "The general who never supported the mission said the withdrawal of troops is under way."
    assert frames_of(t)[0][1] is True  # shallow: "never" in the window before the frame word
    c = parsed(t)
    hit = next(h for h in c.frames if h.frame == "withdrawal")
    assert hit_polarity(hit, c.text, c.parse) == "+"


def test_explanation_in_plain_words():
    fc = FramingComparator()
    a = parsed("Foreign troops began their withdrawal from the province this week.", "a")
    b = parsed("The province will keep foreign troops under a bilateral security partnership.", "b")
    f = fc.compare(a, b, PairContext(similarity=0.7))
    assert f.explanation == ("one says there is a withdrawal of forces (“withdrawal”), the other that forces stay "
                             "(“bilateral security partnership”)")
    assert f.relation == "contradiction" and f.facet == "military_posture|presence/withdrawal"


def test_reported_frame_words_are_not_claims():
    assert frames_of("Lawmakers passed a motion that all foreign troops leave the country.")[0][2] is True
    # "the announcement of the withdrawal ... was unrealistic" asserts no withdrawal
    assert frames_of("They said the announcement of the withdrawal of troops was unrealistic.")[0][2] is True


def test_what_was_only_due_to_happen_frames_nothing():
    hits = read_frames("Rebels shelled the port city on Monday, a day after a truce was meant to begin.", load_lexicon())
    assert [(h.frame, h.irrealis) for h in hits] == [("ceasefire", True)]
    assert [(h.frame, h.irrealis) for h in read_frames("The truce held through the weekend.", load_lexicon())] == [
        ("ceasefire", False)]


def test_opposed_directions_of_one_subject_despite_extra_clauses():
    fc = FramingComparator()
    a = parsed("Diesel prices dropped 2% in March.", "a")
    b = parsed("Diesel prices climbed in March, squeezing truckers and farmers across the region.", "b")
    f = fc.compare(a, b, PairContext(similarity=0.62))
    assert f is not None and "going down" in f.explanation and "going up" in f.explanation
    # another subject, another period or another month: the usual floor (0.8) applies
    for other in ("Rents climbed in March, squeezing tenants across the region.",
                  "Diesel prices climbed 5% from a year earlier, squeezing truckers across the region.",
                  "Diesel prices climbed in April, squeezing truckers and farmers across the region."):
        assert fc.compare(a, parsed(other, "b"), PairContext(similarity=0.62)) is None


# --- a truce holding against fighting in the same period --------------------------------

def _both_passes(a_text, b_text, sim):
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.pairs import _claim
    a, b = _claim(a_text, None, "a"), _claim(b_text, None, "b")
    ctx = PairContext(similarity=sim)
    pa, pb = parse_claims([a, b])
    return FramingComparator().compare(a, b, ctx), FramingComparator().compare(pa, pb, ctx)


def test_a_truce_held_against_an_offensive_in_the_same_period():
    f1, f2 = _both_passes("The truce between the army and the rebels mostly held on Sunday, local officials said.",
                          "Rebel fighters launched an assault on the airport on Sunday, an army spokesman said.", 0.45)
    assert f1 is not None and f2 is not None and "mostly held on Sunday" in f2.explanation
    # far apart in wording, under the candidate threshold: not compared
    assert _both_passes("The truce between the army and the rebels mostly held on Sunday, local officials said.",
                        "Rebel fighters launched an assault on the airport on Sunday, an army spokesman said.",
                        0.35)[1] is None


@pytest.mark.parametrize("held,fight", [
    # another period
    ("The ceasefire largely held overnight, residents said.", "Army units launched an offensive on Monday, rebels said."),
    # the same sentence says the truce was broken too
    ("The truce was violated in the east but largely held overnight.", "The army launched an offensive overnight."),
    # two places
    ("The ceasefire largely held in Aleppo overnight.", "Government forces launched an offensive in Idlib overnight."),
    # a hope, not a report
    ("Diplomats hope the ceasefire will hold overnight.", "Government forces launched an offensive overnight."),
    # the truce did not hold: the same side as the offensive
    ("The ceasefire has not held overnight, residents said.", "Government forces launched an offensive overnight."),
])
def test_a_truce_and_fighting_that_do_not_disagree(held, fight):
    assert _both_passes(held, fight, 0.45)[1] is None
