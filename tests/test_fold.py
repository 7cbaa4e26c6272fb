"""One disagreement of a story is listed once (conflicts.fold): five outlets giving "$2 million"
against two giving "$4.4 million" make one row that counts the other pairs of articles."""

import datetime as dt

from claimdiff.conflicts import fold
from claimdiff.models import Conflict, Side


def _side(art: str, text: str, hl: str) -> Side:
    s = text.index(hl)
    return Side(claim_id=f"{art}:{text[:6]}", text=text, article_id=art, article=f"{art}.md", start=0,
                end=len(text), date=dt.date(2014, 3, 11), highlights=((s, s + len(hl)),))


def _row(a: tuple, b: tuple, score: float, topic: str = "t1", relation: str = "contradiction") -> Conflict:
    sa, sb = _side(*a), _side(*b)
    return Conflict(id=Conflict.make_id(sa.claim_id, sb.claim_id, "numeric"), kind="numeric", relation=relation,
                    topic_id=topic, topic_label=topic, score=score, explanation="x vs y", a=sa, b=sb)


def test_the_same_two_figures_from_other_articles_fold_into_one_row():
    rows = [_row(("a1", "Colorado made $2 million in pot tax.", "$2 million"),
                 ("b1", "Colorado made $4.4 million in pot tax.", "$4.4 million"), 0.9),
            _row(("a2", "Colorado collects $2M in pot taxes.", "$2M"),
                 ("b1", "Colorado made $4.4 million in pot tax.", "$4.4 million"), 0.8),
            # the other way round, and within 5% ("$2.05M")
            _row(("b2", "Colorado made $4.4m in pot tax.", "$4.4m"),
                 ("a3", "Colorado nets $2.05M in pot taxes.", "$2.05M"), 0.7),
            # other figures: another disagreement
            _row(("a1", "Colorado made $2 million in pot tax.", "$2 million"),
                 ("c1", "Colorado made $3.5 million in pot tax.", "$3.5 million"), 0.6),
            # the same figures in another topic, and as an update: not folded
            _row(("a1", "Colorado made $2 million in pot tax.", "$2 million"),
                 ("b1", "Colorado made $4.4 million in pot tax.", "$4.4 million"), 0.5, topic="t2"),
            _row(("a4", "Colorado made $2 million in pot tax.", "$2 million"),
                 ("b3", "Colorado made $4.4 million in pot tax.", "$4.4 million"), 0.4, relation="update")]
    listed, folded = fold(rows)
    assert [r.score for r in listed] == [0.9, 0.6, 0.5, 0.4]
    top = listed[0]
    assert top.repeats == 2 and set(top.also) == {rows[1].id, rows[2].id}
    assert "also in 2 more pairs of articles" in top.explanation
    assert {r.id for r in folded} == {rows[1].id, rows[2].id}
    assert all(r.repeats == 0 for r in listed[1:])


def test_words_fold_only_when_the_same():
    rows = [_row(("a1", "Brandt conceded on Wednesday.", "conceded"), ("b1", "Brandt refused to concede.", "refused to concede"), 0.8),
            _row(("a2", "Brandt conceded early Wednesday.", "conceded"), ("b1", "Brandt refused to concede.", "refused to concede"), 0.7),
            _row(("a3", "Brandt conceded early Wednesday.", "Brandt"), ("b1", "Brandt refused to concede.", "refused to concede"), 0.6)]
    listed, folded = fold(rows)
    assert len(listed) == 2 and listed[0].repeats == 1 and len(folded) == 1
