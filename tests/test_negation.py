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


# --- negation scope from the parse (claims/negation.py read_parse_negation) -------------

from claimdiff.claims.negation import read_parse_negation  # noqa: E402
from claimdiff.claims.syntax import load_nlp  # noqa: E402
from claimdiff.compare._text import is_fragment  # noqa: E402


def parse_neg(text):
    return read_parse_negation(load_nlp(ner=False)(text))


def words_in(text, spans):
    return " ".join(text[s:e] for s, e in spans)


def test_a_denial_is_not_a_claim_of_not_x():
    t = "The governor denied that her decision to close the hospital was illegal."
    r = parse_neg(t)
    assert r["denial"] is True and r["assertions"][0][:2] == ("deny", "denial")
    assert "close" not in r["negated_verbs"] and r["negated_spans"] == ()
    # what is denied is unasserted; the decision to close (its subject) is presupposed
    assert "was illegal" in words_in(t, r["unasserted_spans"])
    assert "close" not in words_in(t, r["unasserted_spans"])


def test_negation_stays_with_its_verb():
    r = parse_neg("The ban, which was not popular, took effect in May.")
    assert [a[:2] for a in r["assertions"]] == [("take", "+")] and r["root_negated"] is False
    r = parse_neg("Officials said the ferry did not sink.")
    assert [a[:2] for a in r["assertions"]] == [("sink", "-")]  # a reporting verb hands over to its clause
    t = "The mayor has no plans to resign."
    assert "resign" in words_in(t, parse_neg(t)["negated_spans"])  # "no plans to" reaches the infinitive
    t = "Nobody was hurt when the roof collapsed."
    r = parse_neg(t)
    assert "hurt" in words_in(t, r["negated_spans"]) and "collapsed" not in words_in(t, r["negated_spans"])


def test_partial_negation_and_mentions_are_unasserted():
    t = "Rebel fighters are not abandoning the city entirely."
    r = parse_neg(t)
    assert "abandoning" in words_in(t, r["unasserted_spans"]) and r["negated_spans"] == ()
    t = "The ministry says the talks have nothing to do with a withdrawal of troops."
    assert "withdrawal" in words_in(t, parse_neg(t)["unasserted_spans"])


def test_neg_raising_verbs_negate_their_clause():
    assert [a[:2] for a in parse_neg("I don't believe the vote was fair.")["assertions"]] == [("be", "-")]


def test_parsed_negation_conflicts():
    # the miss
    r = compare_texts("Police arrested the suspect.", "Police did not arrest the suspect.")
    assert r.kind == "negation" and "did not arrest" in r.explanation and "arrested" in r.explanation
    assert compare_texts("The council approved the budget on Monday.",
                         "The council did not approve the budget on Monday.").kind == "negation"


def test_parsed_negation_is_precise():
    # a denial reports what someone denies: it is not the opposite claim
    assert not compare_texts("The minister denied that the army shelled the village.",
                             "The army shelled the village.").conflict
    # a negated subordinate clause does not negate the main claim
    assert not compare_texts("The rebels who did not surrender were arrested.",
                             "The rebels who surrendered were arrested.").conflict


def test_two_renderings_of_one_quote_are_not_a_conflict():
    assert not compare_texts("I think it's immoral.", "I don't think it's O.K. I think it's immoral.").conflict
    assert not compare_texts("\u201cWe will not back down. We will win,\u201d she said.",
                             "\u201cWe will win,\u201d she said.").conflict
    assert is_fragment("We will win.", "We will not back down. We will win.")
    assert is_fragment("it is over", "I think it's over")
    assert not is_fragment("We will win.", "We will not win.")


def test_a_negation_lifted_by_a_later_report_is_an_update():
    import datetime as dt
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.compare import PairContext
    from claimdiff.compare.negation import NegationComparator
    from claimdiff.pairs import _claim

    a, b = parse_claims([_claim("The missing hiker has not yet been found.", None, "a"),
                         _claim("The missing hiker has been found.", None, "b")])
    f = NegationComparator().compare(a, b, PairContext(similarity=0.9, date_a=dt.date(2024, 5, 1),
                                                       date_b=dt.date(2024, 5, 3)))
    assert f.relation == "update" and "later report" in f.explanation
    # the other way round (found, then not found) is a contradiction
    f = NegationComparator().compare(a, b, PairContext(similarity=0.9, date_a=dt.date(2024, 5, 3),
                                                       date_b=dt.date(2024, 5, 1)))
    assert f.relation == "contradiction"


def test_the_parse_finds_the_negated_verb_when_both_sides_have_a_negation():
    r = compare_texts("The rebels who did not surrender were not arrested.",
                      "The rebels who did not surrender were arrested.")
    assert r.kind == "negation" and "arrested" in r.explanation


def test_overlapping_renderings_of_one_quote_are_not_a_conflict():
    # not a strict fragment (punctuation and an ending differ), but the longer one asserts
    # and negates the same verb: it is set against nothing
    assert not compare_texts("But I don\u2019t think it\u2019s fair. I think it\u2019s cruel. And I think it\u2019s wrong.",
                             "\u201cI think it\u2019s cruel, and I think it\u2019s wrong and a disgrace,\u201d she said.").conflict


def test_the_verb_with_its_arguments_despite_extra_clauses():
    # same verb, agent and patient; each side adds its own clauses
    r = compare_texts("The governor signed the budget bill on a visit to the capital, aides said.",
                      "The governor did not sign the budget bill, which lawmakers sent back for changes.")
    assert r.kind == "negation" and "did not sign" in r.explanation
    # "No ... was" where the parser hangs "No" on a compound noun
    assert compare_texts("An evacuation order was issued for three districts near the river.",
                         "No evacuation order was issued, and residents stayed in their homes.").kind == "negation"
    assert read_parse_negation(load_nlp()("No flood warning was issued."))["root_negated"]
    # a modal in another clause ("citing fears that it would spread") does not modalise the verb
    assert compare_texts("The mayor closed the schools on Monday, citing fears that the flu would spread.",
                         "The mayor did not close the schools, telling parents to keep children at home "
                         "if sick.").kind == "negation"


def test_arguments_that_differ_are_not_a_conflict():
    # another patient, another agent, a distinct modifier, a modal, another date
    assert not compare_texts("Police arrested the driver near the bridge, a spokesman said.",
                             "Police did not arrest the passenger, who fled on foot toward the river.").conflict
    assert not compare_texts("Army troops shelled the village overnight, residents said.",
                             "Rebel fighters did not shell the village, a rebel commander said on Sunday.").conflict
    assert not compare_texts("Police arrested a second suspect at the airport, officials said.",
                             "Police did not arrest the suspect, who was still at large on Sunday night.").conflict
    assert not compare_texts("The board approved the merger on Monday after a long meeting.",
                             "The board did not approve the merger on Friday, delaying the vote again.").conflict
    assert not compare_texts("He said they arrested him at the border after a long chase.",
                             "They did not arrest him, the officer told reporters outside the station.").conflict


# --- one event or state in other words (compare/_events.py, data/events.yaml) -----------

def test_an_event_negated_in_other_words():
    # the negated event named by a synonym, the other side's in a relative clause
    r = compare_texts("Officers did not detain the driver, who left the scene in a white van.",
                      "The driver, who was apprehended near the border, is due in court on Monday.")
    assert r.kind == "negation" and "custody" in r.explanation and "did not detain" in r.explanation
    r = compare_texts("Security forces arrested the opposition leader at his home, his party said.",
                      "The opposition leader was not taken into custody, a police spokesman said.")
    assert r.kind == "negation"
    r = compare_texts("The finance minister refused to resign over the scandal.",
                      "The finance minister stepped down over the scandal.")
    assert r.kind == "negation" and "stepped down" in r.explanation


def test_a_state_and_its_opposite():
    r = compare_texts("The journalist remains in custody, his lawyer said.",
                      "The journalist was released, his lawyer said.")
    assert r.kind == "negation" and "free" in r.explanation
    r = compare_texts("The city council rejected the zoning plan after a long debate.",
                      "The city council approved the zoning plan after a long debate.")
    assert r.kind == "negation"


def test_a_release_reported_after_the_custody_is_an_update():
    import datetime as dt
    r = compare_texts("The aid worker is being held by the rebels, officials said.",
                      "The aid worker was freed by the rebels, officials said.", dt.date(2024, 3, 1), dt.date(2024, 3, 9))
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.compare import PairContext
    from claimdiff.compare.negation import NegationComparator
    from claimdiff.pairs import _claim
    a, b = parse_claims([_claim("The aid worker is being held by the rebels, officials said.", None, "a"),
                         _claim("The aid worker was freed by the rebels, officials said.", None, "b")])
    f = NegationComparator().compare(a, b, PairContext(similarity=0.8, date_a=dt.date(2024, 3, 1),
                                                       date_b=dt.date(2024, 3, 9)))
    assert f is not None and f.relation == "update"
    f = NegationComparator().compare(b, a, PairContext(similarity=0.8, date_a=dt.date(2024, 3, 1),
                                                       date_b=dt.date(2024, 3, 9)))
    assert f is not None and f.relation == "contradiction"  # freed first, held later: they cannot both hold
    assert r.conflict


def test_other_words_need_the_same_person_and_mood():
    # another person; something released that is not a person; a condition; a demand; a modal
    assert not compare_texts("Police did not arrest the driver, who fled on foot.",
                             "The passenger, who was taken into custody at the scene, faces charges.").conflict
    assert not compare_texts("The ministry released the report on Monday.",
                             "The report remains in custody of the court.").conflict
    assert not compare_texts("If the suspect is not detained, he could flee the country.",
                             "The suspect was arrested at the airport.").conflict
    assert not compare_texts("Lawmakers urged the minister to step down over the scandal.",
                             "The minister did not resign over the scandal.").conflict
    assert not compare_texts("The governor said he would not step down.",
                             "The governor resigned on Friday.").conflict
    # arrested, then released: a sequence, not a contradiction
    assert not compare_texts("Police arrested the protester on Monday night.",
                             "The protester was released on bail.").conflict
    # a vote of another body on the same bill
    assert not compare_texts("The House passed the spending bill on Thursday.",
                             "The Senate rejected the spending bill on Thursday.").conflict


def test_pass_one_needs_the_negated_word_in_the_other_sentence():
    from claimdiff.compare import PairContext
    from claimdiff.compare.negation import NegationComparator, shallow_same_verb
    from claimdiff.pairs import _claim
    a = _claim("The senator did not attend the hearing on the budget.", None, "a")
    b = _claim("The senator attended the hearing on the budget.", None, "b")
    c = _claim("The senator has not yet spoken about the hearing on the budget.", None, "c")
    assert shallow_same_verb(a, b) and not shallow_same_verb(b, c)
    assert NegationComparator().compare(b, c, PairContext(similarity=0.8)) is None
    assert NegationComparator().compare(a, b, PairContext(similarity=0.8)) is not None
    d = _claim("Rescuers found no survivors in the rubble.", None, "d")
    e = _claim("Rescuers found two survivors in the rubble.", None, "e")
    assert shallow_same_verb(d, e)


def test_near_identical_sentences_about_two_actors_are_not_a_denial():
    # the same verb, negated by one side, but said of another chamber
    assert not compare_texts("The Senate did not pass the bill on Friday.", "The House passed the bill on Friday.").conflict
    assert compare_texts("The Senate did not pass the bill on Friday.", "The Senate passed the bill on Friday.").conflict


def test_table_words_that_mean_something_else():
    # released from hospital is no release from custody; a bill that "passed the House" is what passed,
    # and a sentence that says it passed and was blocked takes no side
    assert not compare_texts("The injured driver was released from hospital on Monday.",
                             "The injured driver remains in custody.").conflict
    assert not compare_texts("The bill passed the House but was blocked in the Senate.",
                             "The bill was approved by the House.").conflict
    assert compare_texts("The measure was blocked by the state assembly, officials said.",
                         "The measure was approved by the state assembly, officials said.").kind == "negation"


def test_an_implicative_verb_says_whether_it_happened():
    # "failed to reach" asserts that it was not reached; "declined to comment" is no claim of a comment
    r = compare_texts("Negotiators reached a deal early on Saturday.", "Negotiators failed to reach a deal on Saturday.")
    assert r.kind == "negation" and "failed to reach" in r.explanation
    assert compare_texts("The Senate failed to pass the bill on Tuesday.", "The Senate passed the bill on Tuesday.").conflict
    assert not compare_texts("The Senate failed to pass the bill.", "The House passed the bill.").conflict
    assert not compare_texts("Rebels failed to take the town.", "Government forces took the town.").conflict
    assert not compare_texts("He refused to say whether he would resign.", "He resigned on Friday.").conflict


def test_verdicts_on_the_same_charge_conflict_and_a_split_verdict_does_not():
    r = compare_texts("The jury acquitted the former officer of all charges.", "The former officer was convicted on two counts.")
    assert r.kind == "negation" and "acquitted" in r.explanation
    assert compare_texts("A jury convicted Smith of fraud.", "Smith was acquitted of fraud by a jury.").conflict
    # two charges, or counts by number, may both hold
    assert not compare_texts("The jury acquitted him of murder.", "He was convicted of manslaughter on Friday.").conflict
    assert not compare_texts("He was acquitted on two counts.", "He was convicted on three counts.").conflict


def test_open_or_closed_needs_a_side_that_says_how_it_stands():
    r = compare_texts("The border crossing reopened on Sunday.", "The border crossing remains closed.")
    assert r.kind == "negation" and "closed" in r.explanation
    # two events may follow each other; other days; other things opened
    assert not compare_texts("The school in the port opened on day 3.", "The school in the port closed on day 5.").conflict
    assert not compare_texts("The road was closed on Monday.", "The road reopened on Tuesday.").conflict
    assert not compare_texts("The school closed early because of snow.", "The school opened a new library.").conflict
    assert not compare_texts("The stock exchange closed higher on Friday.", "The stock exchange opened lower on Friday.").conflict


def test_still_going_on_or_over():
    assert compare_texts("The strike ended on Wednesday after workers accepted the offer.",
                         "Workers rejected the offer and the strike continues.").kind == "negation"
    assert compare_texts("The siege of the city continues.", "The siege of the city ended on Friday.").conflict
    # a conditional; a clause complement; two past events that follow each other
    assert not compare_texts("The strike could end next week if talks succeed.", "The strike continues.").conflict
    assert not compare_texts("The war ended in 1975.", "The war continues to shape the country's politics.").conflict
    assert not compare_texts("Protests continued into the evening.", "The protests ended peacefully.").conflict


def test_a_conjunct_takes_its_heads_modal():
    # "must stop ... and end the shutdown" demands an end; it does not report one
    assert not compare_texts("The government shutdown continues into a new Congress.",
                             "The president must stop holding government hostage and end the shutdown.").conflict


def test_declined_to_comment_is_no_claim():
    assert not compare_texts("The company declined to comment.", "The company commented on the report.").conflict


def test_charged_or_released_without_charge_and_a_merger_cleared_or_blocked():
    assert compare_texts("Prosecutors charged the lorry driver with manslaughter on Friday.",
                         "The lorry driver was released on Friday without charge, prosecutors said.").kind == "negation"
    assert compare_texts("A federal judge on Friday blocked the proposed merger of the two chains.",
                         "The merger of the two chains was cleared on Friday by a federal judge.").conflict
    assert not compare_texts("The suspect was charged with theft on Monday.", "The suspect was released on bail on Monday.").conflict
    assert not compare_texts("He was charged with murder.", "His brother was released without charge.").conflict


def test_found_guilty_in_a_small_clause():
    from claimdiff.compare._events import readings
    from claimdiff.claims.syntax import parse_claims
    from claimdiff.pairs import _claim

    c, = parse_claims([_claim("A federal jury found the former chief executive guilty on all four counts.", None, "a")])
    r = [x for x in readings(c) if x.family == "verdict"]
    assert r and r[0].value and r[0].who[0] == "executive"


@pytest.mark.parametrize("a,b,conflict", [
    ("Turkey's foreign ministry confirmed on Monday that officials had held secret talks with Armenian "
     "counterparts in Vienna.", "The Turkish foreign ministry on Monday flatly denied that any talks with Armenian "
     "officials had taken place in Vienna.", True),
    ("The company acknowledged that the personal data of 2 million customers had been stolen in the attack.",
     "The company denied that any customer data had been stolen in the attack.", True),
    # another speaker, another proposition, both stances in one sentence
    ("The opposition confirmed that officials held talks with Armenian counterparts in Vienna.",
     "The foreign ministry denied that officials held talks with Armenian counterparts in Vienna.", False),
    ("Police confirmed that a man had been arrested over the stabbing in the city centre.",
     "Police denied that the arrested man had any links to terrorism, after the stabbing in the city centre.", False),
    ("The ministry confirmed the talks in Vienna but denied that any deal with Armenian officials was reached.",
     "The ministry confirmed that talks with Armenian officials took place in Vienna.", False),
])
def test_one_speaker_confirms_what_it_denies(a, b, conflict):
    r = compare_texts(a, b)
    assert r.conflict is conflict
    if conflict:
        assert r.kind == "negation" and "the ministry" in r.explanation or "the company" in r.explanation


def test_the_day_of_the_telling_is_not_the_day_of_the_event():
    r = compare_texts("Prime Minister Karel Dunn accepted her resignation in a brief statement on Wednesday evening.",
                      "Prime Minister Karel Dunn has not yet accepted the resignation of the interior minister, his "
                      "spokesman said on Thursday.")
    assert r.conflict and r.kind == "negation"
    assert not compare_texts("Police arrested the suspect on Monday.", "Police did not arrest the suspect on Friday.").conflict
