"""Pydantic contracts that flow between the pipeline stages.

Every contract is frozen (hashable, safe to share) and rejects unknown fields, so a
typo in a stage is an error at the boundary rather than a silent drop.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    # open bounds ("at least 2,500" -> high = inf) must survive a JSON round trip as valid
    # JSON (the store reads it back, SQLite's json functions too): inf is written "Infinity"
    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_inf_nan="strings")


def short_hash(*parts: str, n: int = 16) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:n]


def text_hash(text: str) -> str:
    """The key of a sentence's vector (the archive's embeddings, the scan cache): blake2b-128
    of its UTF-8 text (surrogates escaped), hex."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Article(Frozen):
    """One document. `id` is a hash of its (cleaned) text, so the same article read
    twice, from any path, is the same article."""

    id: str
    path: str
    text: str  # the cleaned article text; sentence offsets point into it
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: dt.date | None = None
    date_source: Literal["metadata", "text", "none"] = "none"
    url: str | None = None
    raw_sha256: str = ""  # hash of the file bytes as read

    @property
    def source(self) -> str:
        """Publisher and author, as an analyst names a source."""
        parts = [p for p in (self.publisher, self.author) if p]
        return " / ".join(parts) if parts else "unknown source"


class Sentence(Frozen):
    article_id: str
    index: int
    text: str
    start: int  # character offsets into Article.text
    end: int


class Referent(Frozen):
    """What a quantity counts, read from the parse (claims/referent.py).

    "2,000 US troops were withdrawn from Iraq in August" -> noun "troop",
    modifiers ("us",), verb "withdraw", subject "", period "in August"."""

    noun: str = ""  # lemma of the counted noun ("troop", "job", "dose", "dollar")
    modifiers: tuple[str, ...] = ()  # lower-cased modifiers of that noun ("us", "core", "new")
    verb: str = ""  # lemma of the verb that governs the quantity (the event): "withdraw", "add"
    subject: str = ""  # who does it: the verb's subject, lower-cased head text ("obama", "mccain")
    period: str = ""  # reference period as written: "in April", "over the next decade", "so far"
    negated: bool = False  # the governing verb is negated
    hypothetical: bool = False  # a plan or a supposition, not a reported fact: "would cut", "proposed cutting"
    tense: str = ""  # of the governing verb: "past" (also perfect), "present", "future" ("will"), "" unknown


class Entity(Frozen):
    text: str
    label: str  # spaCy's label: PERSON, ORG, GPE, NORP, DATE, ...


class Parse(Frozen):
    """A sentence's syntax, as the comparators need it (claims/syntax.py). Filled lazily:
    only the sentences of candidate pairs that a comparator may flag are parsed."""

    root: str = ""  # lemma of the main verb
    root_negated: bool = False  # the main verb itself is negated ("Police did not arrest")
    negated_verbs: tuple[str, ...] = ()  # lemmas of every negated verb, main or subordinate
    denial: bool = False  # the main verb reports a denial ("X denied that ..."): not a claim of not-X
    speaker: str | None = None  # who is quoted or said to say it ("Kadhimi", "the Pentagon")
    quote: str | None = None  # the quoted words, when the sentence quotes someone
    entities: tuple[Entity, ...] = ()
    # claims/negation.py: (lemma, "+" | "-" | "denial", verb as written) of what each sentence asserts (a
    # reporting verb hands over to the clause it reports), and the character spans read
    # under a negation or under a denial / mere mention ("denied that ...", "nothing to do with")
    assertions: tuple[tuple[str, str, str], ...] = ()
    negated_spans: tuple[tuple[int, int], ...] = ()
    unasserted_spans: tuple[tuple[int, int], ...] = ()
    # claims/negation.py, one per assertion: (the verb's own modal or "", its agent's words, its
    # patient's words, passive), each phrase's head lemma first ("pron:him" for a pronoun)
    assertion_args: tuple[tuple[str, tuple[str, ...], tuple[str, ...], bool], ...] = ()
    # claims/negation.py `read_clauses`: every clause, main or subordinate: (lemma, polarity, mood (own modal,
    # "if" under a condition, or ""), agent, patient, passive, complements ("into:custody", "prt:down",
    # "comp:free"), the patient (or, with none, the subject) is a person, (start, end) of the verb)
    clauses: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], bool, tuple[str, ...], bool,
                         tuple[int, int]], ...] = ()


class Quantity(Frozen):
    """A count or amount read as an interval [low, high].

    "2,000" -> [2000, 2000]; "at least 2,500" -> [2500, inf); "about 8,000" ->
    [7600, 8400] with approx=True; "up to 3" -> (-inf, 3]."""

    text: str  # the surface form, e.g. "at least 2,500 US troops"
    start: int  # offsets into the sentence text
    end: int
    value: float  # the number as written
    low: float
    high: float
    low_open: bool = False  # True: low itself excluded ("more than 20")
    high_open: bool = False
    approx: bool = False
    unit: str | None = None  # normalised thing counted: "troops", "percent", "usd", ...
    unit_text: str | None = None  # as written: "American troops"
    modifiers: tuple[str, ...] = ()  # normalised: ("us",), ("iraqi",)
    place: str | None = None
    event: str | None = None  # the action it is counted in: "withdraw", "deploy", ...
    referent: Referent | None = None  # from the parse, when the claim was parsed


class TimeExpr(Frozen):
    """A time expression resolved against the article's publication date."""

    text: str
    start: int
    end: int
    kind: Literal["date", "deadline", "period", "duration"]
    date: dt.date | None = None  # the point (date) or the deadline / period end
    start_date: dt.date | None = None  # periods: where they begin, if known
    days: float | None = None  # durations: "three years" -> 1095.75
    granularity: Literal["day", "month", "year"] | None = None


class FrameHit(Frozen):
    """A framing word from the lexicon found in a sentence."""

    axis: str  # e.g. "us_military_posture"
    frame: str  # e.g. "withdrawal" or "presence"
    term: str  # the words that matched
    start: int
    end: int
    negated: bool = False  # "not looking for a withdrawal"
    irrealis: bool = False  # asked for, asked about or supposed, not asserted: "called for a withdrawal"


class Claim(Frozen):
    """A sentence read for the facets a comparison needs."""

    id: str  # short_hash(article_id, sentence text): stable, span-free
    article_id: str
    sentence_index: int
    text: str
    start: int  # offsets into Article.text
    end: int
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    frames: tuple[FrameHit, ...] = ()
    negated: bool = False
    modality: str | None = None  # "will", "may", "plans to", ...
    attribution: str | None = None  # who says it: "Kadhimi", "the Pentagon"
    parse: Parse | None = None  # syntax, filled only for sentences a comparison needs


class Story(Frozen):
    """Articles of several outlets about one event (stories.py). `id` is a hash of its
    founding (oldest) article, so later articles joining a story keep its id, and the same
    set of articles gives the same stories in any order."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    first_date: dt.date | None = None
    last_date: dt.date | None = None


class Topic(Frozen):
    id: str
    label: str
    claim_ids: tuple[str, ...]


class Side(Frozen):
    """One side of a conflict with its full provenance."""

    claim_id: str
    text: str
    article_id: str
    article: str  # path or id the user gave
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    start: int
    end: int
    highlights: tuple[tuple[int, int], ...] = ()  # spans within `text` that differ

    @property
    def source(self) -> str:
        parts = [p for p in (self.publisher, self.author) if p]
        return " / ".join(parts) if parts else "unknown source"


class Finding(Frozen):
    """What a comparator returns for one pair of claims."""

    kind: str
    score: float = Field(ge=0.0, le=1.0)
    explanation: str
    highlights_a: tuple[tuple[int, int], ...] = ()
    highlights_b: tuple[tuple[int, int], ...] = ()
    facet: str = ""  # what was compared, for grouping: "troops|withdraw|us"
    relation: Literal["contradiction", "update"] = "contradiction"  # update: a later report of a moving figure


class Conflict(Frozen):
    id: str  # conflict_id: hash of the kind and the two claim ids (article + sentence text), order-free
    kind: str
    relation: Literal["contradiction", "update"] = "contradiction"
    story_id: str = ""
    story_label: str = ""
    topic_id: str
    topic_label: str
    score: float
    explanation: str
    a: Side
    b: Side
    # other rows of the story that show the same disagreement (other pairs of articles giving the
    # same two figures or the same two accounts): counted here, their ids in `also`, listed once
    repeats: int = 0
    also: tuple[str, ...] = ()

    @staticmethod
    def make_id(text_a: str, text_b: str, kind: str) -> str:
        """Order-free id of a row; the engine passes the two claim ids, so one sentence pair
        repeated by several articles makes one row per article pair."""
        x, y = sorted((text_a.strip(), text_b.strip()))
        return short_hash(kind, x, y)


class ScanResult(Frozen):
    articles: tuple[Article, ...]
    claims: tuple[Claim, ...]
    topics: tuple[Topic, ...]
    conflicts: tuple[Conflict, ...]
    stories: tuple[Story, ...] = ()
    not_listed: tuple[tuple[str, int], ...] = ()  # (relation, rows) found but not asked for (--relation)
    repeated: tuple[Conflict, ...] = ()  # rows folded into a listed one (Conflict.also): the same disagreement
    skipped: tuple[str, ...] = ()  # one line per input that was skipped, with the reason
