import datetime as dt
import pytest

from claimdiff.claims.time import read_times
from claimdiff.claims.syntax import parse_claims
from claimdiff.compare import PairContext
from claimdiff.compare.temporal import TemporalComparator
from claimdiff.pairs import _claim, compare_texts

PUB = dt.date(2023, 3, 10)


def test_how_long_it_takes_is_a_period():
    (t,) = read_times("Rebuilding the bridge will take up to eight years.", PUB)
    assert t.kind == "period" and t.days == 8 * 365.25
    (t,) = read_times("The strike lasted three weeks.", PUB)
    assert t.kind == "period" and t.days == 21


def test_periods_that_disagree():
    # the misses
    r = compare_texts("The plant will lay off 400 workers within six months.",
                      "The 400 layoffs at the plant will be spread over three years.", PUB, PUB)
    assert r.kind == "temporal" and "6 months" in r.explanation and "3 years" in r.explanation
    r = compare_texts("Deploying the new brigade to the border will take two years.",
                      "The new brigade will be deployed to the border within six months.", PUB, PUB)
    assert r.kind == "temporal" and "deployment" in r.explanation


def test_explanations_say_no_maybe_update():
    r = compare_texts("The withdrawal of the troops from the base will take eight years.",
                      "The troops will be withdrawn from the base over a three year period.",
                      dt.date(2023, 1, 2), dt.date(2023, 6, 1))
    assert r.conflict and "update" not in r.explanation


def test_agreeing_or_unrelated_periods_are_not_conflicts():
    assert not compare_texts("The troops will withdraw from the base within a year.",
                             "The troops will withdraw from the base in the next twelve months.", PUB, PUB).conflict
    # different events
    assert not compare_texts("The factory will lay off 200 workers within six months.",
                             "The factory will hire 200 workers over three years.", PUB, PUB).conflict
    # one asserts, the other negates: not a disagreement about time (the framing comparator's)
    a, b = parse_claims([_claim("The troops will withdraw from the base within a year.", PUB, "a"),
                         _claim("The troops will not withdraw from the base over the next three years.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.8)) is None
    a, b = parse_claims([_claim("The troops will withdraw from the base within a year.", PUB, "a"),
                         _claim("The troops will withdraw from the base over the next three years.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.8)) is not None


def test_a_revised_timetable_reported_later_is_an_update():
    a, b = parse_claims([_claim("Crews will withdraw from the dam site within six months.", dt.date(2023, 1, 5), "a"),
                         _claim("Crews will now withdraw from the dam site over two years.", dt.date(2023, 9, 1), "b")])
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.8, date_a=dt.date(2023, 1, 5),
                                                       date_b=dt.date(2023, 9, 1)))
    assert f.relation == "update" and "revised" in f.explanation
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.8))  # undated: cannot tell
    assert f.relation == "contradiction"


def test_lengths_of_the_same_named_event():
    # compound and "N units of" forms, event word in the same clause
    r = compare_texts("The two sides agreed to a 90-day ceasefire on Sunday.",
                      "Under the agreement, the ceasefire will last six weeks, officials said.", PUB, PUB)
    assert r.conflict and r.kind == "temporal" and "truce" in r.explanation
    r = compare_texts("The striker signed a three-year contract with the club.",
                      "The club confirmed a two-year deal for the striker.", PUB, PUB)
    assert r.conflict and "contract" in r.explanation
    r = compare_texts("Jurors returned a verdict after six days of deliberations.",
                      "The jury deliberated for two days before convicting her.", PUB, PUB)
    assert r.conflict and "deliberations" in r.explanation


def test_lengths_of_different_events_are_not_compared():
    assert not compare_texts("After a two-week trial, the jury convicted the former mayor.",
                             "The former mayor faces five years in prison.", PUB, PUB).conflict
    assert not compare_texts("The 30-day truce took hold on Monday.",
                             "The two sides signed a three-year trade deal.", PUB, PUB).conflict
    # same length, other words
    assert not compare_texts("The accord sets out a 60-day truce.",
                             "The truce is to last two months.", PUB, PUB).conflict


def test_dates_of_a_scheduled_event():
    r = compare_texts("A hearing is scheduled for April 3 in federal court.",
                      "The judge set a hearing for April 17.", PUB, PUB)
    assert r.conflict and "hearing" in r.explanation
    # a date that is not of a scheduled thing: nothing
    assert not compare_texts("The hearing on April 3 lasted an hour.",
                             "Protesters gathered outside the court on April 17.", PUB, PUB).conflict
    # one sentencing, the same date
    assert not compare_texts("She will be sentenced on May 9.", "Sentencing is set for May 9.", PUB, PUB).conflict


def test_a_rescheduled_date_reported_later_is_an_update():
    a, b = parse_claims([_claim("The vote is scheduled for May 2.", dt.date(2023, 4, 1), "a"),
                         _claim("The vote has been postponed to May 16.", dt.date(2023, 4, 20), "b")])
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.6, date_a=dt.date(2023, 4, 1),
                                                       date_b=dt.date(2023, 4, 20)))
    assert f is not None and f.relation == "update"


def test_month_part_deadlines():
    r = compare_texts("Officials said every teacher would be vaccinated by early March.",
                      "Officials said every teacher would be vaccinated by the end of April.", PUB, PUB)
    assert r.conflict and r.kind == "temporal"


def test_more_forms_of_the_same_event_length_or_date():
    # "a month-long" compound; a subject set off by a relative clause
    r = compare_texts("Dockworkers ended a month-long strike on Tuesday.",
                      "The strike, which shut three ports, lasted six weeks.", PUB, PUB)
    assert r.conflict and "strike" in r.explanation
    # reported future: "said ... would"
    r = compare_texts("The minister said negotiations would restart on July 8.",
                      "Negotiations are due to restart on July 22.", PUB, PUB)
    assert r.conflict and "talks" in r.explanation
    # two month-part deadlines a few weeks apart
    r = compare_texts("The airline said all flights would be restored by the end of October, a spokesman said.",
                      "All flights will be restored by mid-November, the airline said.", PUB, PUB)
    assert r.conflict and r.kind == "temporal"
    assert not compare_texts("The airline said all flights would be restored by the end of October.",
                             "All flights will be restored by October 31, the airline said.", PUB, PUB).conflict


def test_deadlines_for_one_age_group():
    r = compare_texts("The ministry aims to offer a booster shot to all over-65s by early March, a spokesman said.",
                      "Everyone over 65 will be offered a booster shot by the end of April, the minister told MPs.",
                      PUB, PUB)
    assert r.conflict and r.kind == "temporal" and "over 65" in r.explanation
    # another age group: two targets, not one
    assert not compare_texts("The ministry aims to offer a booster shot to all over-65s by early March.",
                             "Everyone over 40 will be offered a booster shot by the end of April, officials said.",
                             PUB, PUB).conflict
    # "over 50 people" is a count, not an age group
    from claimdiff.compare._text import age_groups
    assert age_groups("Over 50 people were hurt by the end of May.") == frozenset()
    assert age_groups("adults aged 18 and over") == {"18+"} and age_groups("the under-16s") == {"16-"}


def test_candidate_keys_are_the_signed_contract_and_the_truce():
    keys = TemporalComparator().candidate_keys
    assert keys(_claim("The defender has penned a three-year deal with the club.", PUB, "a")) == {"len:contract"}
    assert keys(_claim("The rebels accepted a 14-day truce on Monday.", PUB, "a")) == {"len:truce"}
    # a deal nobody signs in the sentence, a length of another thing, no length: no key
    assert keys(_claim("The stadium's naming-rights deal runs for ten years, a 10-year deal worth $50m.", PUB, "a")) == set()
    assert keys(_claim("The trial lasted three weeks.", PUB, "a")) == set()
    assert keys(_claim("The defender signed for the club on Monday.", PUB, "a")) == set()


def test_a_keyed_length_is_compared_under_the_candidate_threshold():
    a, b = parse_claims([_claim("The defender has penned a three-year deal, the club said on its website.", PUB, "a"),
                         _claim("Silva, 27, signed a two-year contract with an option for a third.", PUB, "b")])
    f = TemporalComparator().compare(a, b, PairContext(similarity=0.3))
    assert f is not None and "contract" in f.explanation
    # under the threshold, lengths that are not keyed are not compared (the pair is there by another key)
    a, b = parse_claims([_claim("Jurors returned a verdict after six days of deliberations.", PUB, "a"),
                         _claim("The jury deliberated for two days before convicting her.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.3)) is None
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.3, similarity_source="lexical")) is not None


def test_the_engine_pairs_two_contract_lengths_by_their_key_under_the_threshold():
    import numpy as np
    from claimdiff.claims import read_claim
    from claimdiff.conflicts import Prepared, find_conflicts
    from claimdiff.models import Article, Sentence, Story
    from claimdiff.settings import Settings

    def prepared(aid, texts, vectors):
        art = Article(id=aid, path=f"{aid}.md", text=" ".join(texts), date=PUB)
        claims, pos = [], 0
        for i, t in enumerate(texts):
            claims.append(read_claim(Sentence(article_id=aid, index=i, text=t, start=pos, end=pos + len(t)), art))
            pos += len(t) + 1
        v = np.asarray(vectors, dtype=np.float32)
        return Prepared(article=art, claims=claims, vectors=v, story_vector=v[0], features={})

    # the two lengths at cosine 0.3 (under the 0.4 threshold); the other sentences orthogonal
    a = prepared("a", ["The winger has signed a five-year contract with the club.", "He scored 12 goals."],
                 [[1, 0, 0, 0], [0, 0, 1, 0]])
    b = prepared("b", ["Ramos agreed a three-year deal, his agent said.", "The fee was not disclosed."],
                 [[0.3, 0.9539392, 0, 0], [0, 0, 0, 1]])
    story = Story(id="s", label="transfer", article_ids=("a", "b"))
    rows = find_conflicts({"a": a, "b": b}, [story], Settings())
    assert [(r.kind, r.a.text[:10]) for r in rows] == [("temporal", "The winger")]
    assert "contract" in rows[0].explanation


def test_windows_a_change_is_measured_over_are_not_timetables():
    a, b = parse_claims([_claim("Bread prices rose 12 cents in a month, the survey found.", PUB, "a"),
                         _claim("The price of bread increased 5 cents in two weeks.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.6)) is None
    # a change that looks ahead has a timetable
    a, b = parse_claims([_claim("The city will reduce bus fares within a year.", PUB, "a"),
                         _claim("The city will reduce bus fares over the next three years.", PUB, "b")])
    assert TemporalComparator().compare(a, b, PairContext(similarity=0.6)) is not None


def test_one_time_event_dated_to_two_days():
    import datetime as dt

    from claimdiff.compare._when import resolve
    from claimdiff.pairs import compare_texts

    wed = dt.date(2011, 11, 2)
    assert resolve("tuesday", wed) == dt.date(2011, 11, 1) and resolve("wednesday", wed) == wed
    r = compare_texts("On Wednesday, the House voted 396-9 on a bill that reaffirmed the motto.",
                      "The House resolution on the national motto passed Tuesday, aides said.", wed, wed)
    assert r.kind == "temporal" and "2011-11-01" in r.explanation and "2011-11-02" in r.explanation
    d8, d9, d10 = dt.date(2020, 1, 8), dt.date(2020, 1, 9), dt.date(2020, 1, 10)
    # the same weekday read against each paper's date is one day; other actors, plans, other weeks
    for a, b, da, db in [("The minister resigned on Friday.", "The minister resigned on Friday, aides said.", d10, d10),
                         ("The Senate passed the bill on Tuesday.", "The Senate passed the bill on Tuesday.", d8, d9),
                         ("The House passed the bill on Tuesday.", "The Senate passed the bill on Thursday.", d10, d10),
                         ("The bill passed the House on Tuesday.", "The bill passed the Senate on Thursday.", d10, d10),
                         ("The Senate passed the bill on Tuesday.", "The Senate will vote on the bill on Thursday.", d8, d8),
                         ("Police arrested the suspect on Monday.", "The suspect's brother was arrested on Tuesday.", d10, d10),
                         ("Protesters marched on Saturday.", "Protesters marched again on Sunday.", d10, d10),
                         ("The Senate passed the bill last Tuesday.", "The Senate passed the bill on Wednesday.", d10, d10)]:
        assert not compare_texts(a, b, da, db).conflict, (a, b)
    assert compare_texts("Police arrested the suspect on Monday.", "Police arrested the suspect on Tuesday.", d10, d10).conflict


def test_a_stage_of_a_trial_has_its_own_date_and_a_scheduled_day_needs_no_preposition():
    import datetime as dt

    from claimdiff.claims.time import read_times
    from claimdiff.pairs import compare_texts

    d = dt.date(2024, 6, 1)
    assert [t.date for t in read_times("A judge set November 3 as the date.", d)] == [dt.date(2024, 11, 3)]
    assert not compare_texts("The trial will begin on 14 October.", "Jury selection in the trial will begin on 3 October.", d, d).conflict
    assert compare_texts("The trial will begin on 14 October.", "The trial is set to begin on 3 November.", d, d).conflict


def test_a_conviction_and_a_sentencing_are_two_days():
    import datetime as dt

    from claimdiff.pairs import compare_texts

    d = dt.date(2020, 1, 10)
    assert not compare_texts("Smith was convicted on Monday.", "Smith was sentenced on Thursday.", d, d).conflict
    assert not compare_texts("Smith was charged on Monday.", "Smith was indicted on Thursday.", d, d).conflict
    assert compare_texts("Smith was convicted on Monday.", "Smith was convicted on Tuesday.", d, d).conflict


@pytest.mark.parametrize("a,b,conflict", [
    ("The bill was signed into law on March 3.", "The governor signed the bill on March 10.", True),
    ("The trial began on May 4.", "The trial opened on May 11, court records show.", True),
    ("Smith resigned on April 2, the party said.", "Smith resigned on April 9 after weeks of pressure.", True),
    ("The Senate passed the bill on June 3.", "The House passed the bill on June 5.", False),
    ("The governor signed the bill on March 10.", "The governor signed a second bill on March 12.", False),
    ("Police opened fire on protesters on May 4.", "Soldiers opened fire on protesters on May 11.", False),
    ("The trial began on May 4.", "The trial is scheduled to begin on May 11.", False),
    ("The trial began on May 4 and the verdict came on May 20.", "The trial began on May 4, court records show.", False),
])
def test_a_one_time_event_on_two_calendar_days(a, b, conflict):
    r = compare_texts(a, b)
    assert r.conflict is conflict and (not conflict or r.kind == "temporal")
