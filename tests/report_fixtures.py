"""Hand-built scan results for the export and report tests (no pipeline, no model).

Offsets are computed from the texts, so every Claim/Side points at its real span in its
Article, and every Quantity at its span in its claim sentence.
"""

from __future__ import annotations

import datetime as dt

from claimdiff.models import (
    Article,
    Claim,
    Conflict,
    FrameHit,
    Quantity,
    ScanResult,
    Side,
    Topic,
    short_hash,
)

INF = float("inf")

HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','1')\">"
HOSTILE_HYPERLINK = '=HYPERLINK("http://x","click")'
HOSTILE_SUM = "@SUM(A1:A2)"

TEXT_A = (
    "US Withdrawal from Iraq: A Tactical Move. "
    "Washington has so far cut its forces in the country, and 2,000 US troops have been "
    "withdrawn from Iraq, according to officials in Baghdad. "
    "The strategic dialogue between Baghdad and Washington continues. "
    "Analysts in Tehran describe the move as a withdrawal forced by the Iraqi parliament. "
    "Fewer than 3,000 soldiers will remain in Iraq by the end of September."
)
TEXT_B = (
    "US to cut troops in Iraq. "
    "At least 2,500 US troops have been withdrawn from Iraq this year, officials said. "
    "The Pentagon describes the arrangement as a bilateral security partnership with Baghdad. "
    "About 3,000 troops remain at bases in Iraq."
)
TEXT_C = (
    f'{HOSTILE_HYPERLINK} reports that 1,500 US troops were withdrawn from Iraq. '
    f"{HOSTILE_SUM} {HOSTILE_SCRIPT} officials deny any withdrawal from the bases. "
    f"{HOSTILE_IMG} Up to 4,000 troops are still deployed, the <b>ministry</b> said."
)
TEXT_D = "Undated wire copy says 2,200 US troops were withdrawn from Iraq."


def article(text: str, path: str, **meta) -> Article:
    return Article(id=short_hash(text), path=path, text=text, **meta)


ART_A = article(
    TEXT_A,
    "seeds/strategic_council_2020-08-31.txt",
    title="US Withdrawal from Iraq: A Tactical Move",
    publisher="Strategic Council Online",
    author="Hassan Hanizadeh",
    date=dt.date(2020, 8, 31),
    date_source="metadata",
    url="https://strategiccouncil.example/en/news/iraq-withdrawal",
)
ART_B = article(
    TEXT_B,
    "seeds/digital_journal_2020-10-05.txt",
    title="US to cut troops in Iraq",
    publisher="Digital Journal",
    author="Ken Hanly",
    date=dt.date(2020, 10, 5),
    date_source="metadata",
    url="https://digitaljournal.example/world/us-to-cut-troops-in-iraq",
)
ART_C = article(
    TEXT_C,
    "seeds/<hostile> & \"quoted\".txt",
    title=f"Breaking {HOSTILE_SCRIPT}",
    publisher="<b>Evil</b> Press",
    author="=cmd|' /C calc'!A0",
    date=dt.date(2020, 9, 15),
    date_source="text",
)
ART_D = article(TEXT_D, "seeds/undated.txt", publisher="Wire", date=None)


def _span(haystack: str, needle: str) -> tuple[int, int]:
    i = haystack.index(needle)
    return i, i + len(needle)


def quantity(sentence: str, surface: str, value: float, low: float, high: float, **kw) -> Quantity:
    s, e = _span(sentence, surface)
    return Quantity(text=surface, start=s, end=e, value=value, low=low, high=high, **kw)


def claim(art: Article, sentence: str, index: int, **facets) -> Claim:
    s, e = _span(art.text, sentence)
    return Claim(
        id=short_hash(art.id, sentence),
        article_id=art.id,
        sentence_index=index,
        text=sentence,
        start=s,
        end=e,
        **facets,
    )


def _sentence(text: str, begins: str) -> str:
    i = text.index(begins)
    j = text.index(". ", i) + 1 if ". " in text[i:] else len(text)
    return text[i:j]


S_A1 = _sentence(TEXT_A, "Washington has so far")
S_A2 = _sentence(TEXT_A, "Analysts in Tehran")
S_A3 = _sentence(TEXT_A, "Fewer than 3,000")
S_B1 = _sentence(TEXT_B, "At least 2,500")
S_B2 = _sentence(TEXT_B, "The Pentagon describes")
S_B3 = _sentence(TEXT_B, "About 3,000 troops")
S_C1 = _sentence(TEXT_C, HOSTILE_HYPERLINK)
S_C2 = _sentence(TEXT_C, HOSTILE_SUM)
S_C3 = _sentence(TEXT_C, "Up to 4,000")
S_D1 = TEXT_D

TROOPS = {"unit": "troops", "modifiers": ("us",), "place": "iraq", "event": "withdraw"}

C_A1 = claim(ART_A, S_A1, 1, quantities=(quantity(S_A1, "2,000 US troops", 2000, 2000, 2000, **TROOPS),))
C_A2 = claim(
    ART_A,
    S_A2,
    3,
    frames=(FrameHit(axis="us_military_posture", frame="withdrawal", term="withdrawal",
                     start=S_A2.index("withdrawal"), end=S_A2.index("withdrawal") + 10),),
)
C_A3 = claim(
    ART_A, S_A3, 4,
    quantities=(quantity(S_A3, "Fewer than 3,000 soldiers", 3000, -INF, 3000, high_open=True, unit="troops"),),
)
C_B1 = claim(
    ART_B, S_B1, 1,
    quantities=(quantity(S_B1, "At least 2,500 US troops", 2500, 2500, INF, **TROOPS),),
)
C_B2 = claim(
    ART_B,
    S_B2,
    2,
    frames=(FrameHit(axis="us_military_posture", frame="presence",
                     term="bilateral security partnership",
                     start=S_B2.index("bilateral"), end=S_B2.index("partnership") + 11),),
)
C_B3 = claim(
    ART_B, S_B3, 3,
    quantities=(quantity(S_B3, "About 3,000 troops", 3000, 2850, 3150, approx=True, unit="troops"),),
)
C_C1 = claim(ART_C, S_C1, 0, quantities=(quantity(S_C1, "1,500 US troops", 1500, 1500, 1500, **TROOPS),))
C_C2 = claim(ART_C, S_C2, 1)
C_C3 = claim(
    ART_C, S_C3, 2,
    quantities=(quantity(S_C3, "Up to 4,000 troops", 4000, -INF, 4000, unit="troops"),),
)
C_D1 = claim(ART_D, S_D1, 0, quantities=(quantity(S_D1, "2,200 US troops", 2200, 2200, 2200, **TROOPS),))

TOPIC_TROOPS = Topic(
    id="t-0001",
    label="US troops withdrawn from Iraq",
    claim_ids=tuple(c.id for c in (C_A1, C_A2, C_A3, C_B1, C_B2, C_B3, C_C1, C_C2, C_C3, C_D1)),
)
TOPIC_EMPTY = Topic(id="t-0002", label="Strategic dialogue", claim_ids=())


def side(art: Article, c: Claim, *marks: str) -> Side:
    highlights = tuple(_span(c.text, m) for m in marks)
    return Side(
        claim_id=c.id,
        text=c.text,
        article_id=art.id,
        article=art.path,
        title=art.title,
        publisher=art.publisher,
        author=art.author,
        date=art.date,
        url=art.url,
        start=c.start,
        end=c.end,
        highlights=highlights,
    )


def conflict(kind: str, score: float, explanation: str, a: Side, b: Side, topic: Topic = TOPIC_TROOPS) -> Conflict:
    return Conflict(
        id=Conflict.make_id(a.text, b.text, kind),
        kind=kind,
        topic_id=topic.id,
        topic_label=topic.label,
        score=score,
        explanation=explanation,
        a=a,
        b=b,
    )


CONFLICT_NUMERIC = conflict(
    "numeric",
    0.8666666,
    "troops withdrawn: 2,000 vs at least 2,500 (intervals do not overlap)",
    side(ART_A, C_A1, "2,000"),
    side(ART_B, C_B1, "At least 2,500"),
)
CONFLICT_FRAMING = conflict(
    "framing",
    0.74,
    "us_military_posture: withdrawal vs presence (bilateral security partnership)",
    side(ART_A, C_A2, "withdrawal"),
    side(ART_B, C_B2, "bilateral security partnership"),
)
CONFLICT_HOSTILE = conflict(
    "numeric",
    0.61,
    f"troops withdrawn: 1,500 vs 2,000 {HOSTILE_SCRIPT}",
    side(ART_C, C_C1, "1,500"),
    side(ART_A, C_A1, "2,000"),
)
CONFLICT_NEGATION = conflict(
    "negation",
    0.5,
    "withdrawal asserted vs denied",
    side(ART_C, C_C2, HOSTILE_SCRIPT, "deny"),
    side(ART_A, C_A2, "withdrawal"),
)

CONFLICTS = (CONFLICT_HOSTILE, CONFLICT_FRAMING, CONFLICT_NEGATION, CONFLICT_NUMERIC)


def scan_result() -> ScanResult:
    return ScanResult(
        articles=(ART_A, ART_B, ART_C, ART_D),
        claims=(C_A1, C_A2, C_A3, C_B1, C_B2, C_B3, C_C1, C_C2, C_C3, C_D1),
        topics=(TOPIC_TROOPS, TOPIC_EMPTY),
        conflicts=CONFLICTS,
        skipped=("seeds/broken.pdf: not a text, markdown, html or jsonl file",),
    )


VERDICTS = {
    CONFLICT_NUMERIC.id: ("confirmed", "Both cite officials; B counts the whole year."),
    CONFLICT_FRAMING.id: ("dismissed", "-1+1 different framings, not a contradiction"),
}
