"""Candidate pairs -> comparators -> the best row per (kind, article pair, facet).

One function, `find_conflicts`, serves `scan`, `ingest` and `check`. What it returns for
a story depends only on that story's articles (their kept claims and vectors), never on
which other articles were read in the same run or in which order, so the archive can
recompute one story at a time and get exactly what a scan of everything would list.

Candidate pairs: claims of two different articles of one story whose cosine is at least
`Settings.pair_threshold`, or that share a comparator's candidate key (a property a story
has one value of, such as its death toll: compare/__init__.py). With `Settings.across_stories` the claims' neighbour graph adds
pairs across stories (k nearest, same threshold): an analyst's wider, noisier view.

Comparators run twice. Pass 1 sees the shallow reading (regular expressions) of every
candidate pair; a comparator there is a recall trigger. The sentences of the pairs it
flags are parsed with spaCy (`claims.syntax.parse_claims`: referents, negation scope,
attribution), and pass 2 runs the comparators on the parsed claims; only pass 2 makes
rows. The parse is a pure function of the sentence, so laziness changes no result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from claimdiff.compare import PairContext, candidate_keys, comparators_for, compare_claims
from claimdiff.models import Article, Claim, Conflict, Finding, Side, Story, Topic, short_hash
from claimdiff.settings import Settings

Parser = Callable[[Sequence[Claim]], list[Claim]]


@dataclass
class Prepared:
    """One article's derived state: its kept claims (near-duplicate sentences of the
    article dropped) in sentence order, their vectors, and its story vector/features."""

    article: Article
    claims: list[Claim]
    vectors: np.ndarray  # (len(claims), dim) float32, L2-normalised
    story_vector: np.ndarray  # (dim,)
    features: dict


def _default_parser(claims: Sequence[Claim]) -> list[Claim]:
    from claimdiff.claims.syntax import parse_claims

    return parse_claims(claims)


def story_pairs(members: Sequence[Prepared], threshold: float,
                keys: Callable[[Claim], frozenset[str]] | None = None) -> list[tuple[int, int, int, int, float]]:
    """(article index a, claim i, article index b, claim j, cosine) for every pair of claims
    of two different member articles with cosine >= threshold, or sharing a candidate key
    (`keys(claim)`); a < b in `members` order."""
    out = []
    claim_keys = [[keys(c) for c in m.claims] for m in members] if keys is not None else None
    for a in range(len(members)):
        va = members[a].vectors
        if not len(va):
            continue
        for b in range(a + 1, len(members)):
            vb = members[b].vectors
            if not len(vb):
                continue
            sims = va @ vb.T
            hit = sims >= threshold
            if claim_keys is not None:
                for i, ka in enumerate(claim_keys[a]):
                    if ka:
                        for j, kb in enumerate(claim_keys[b]):
                            if ka & kb:
                                hit[i, j] = True
            ii, jj = np.nonzero(hit)
            out.extend((a, int(i), b, int(j), float(sims[i, j])) for i, j in zip(ii.tolist(), jj.tolist()))
    return out


def _position(claim: Claim, article: Article) -> tuple:
    """Sort key of a conflict side: dated before undated, older first, then path and offset."""
    return (article.date is None, article.date.isoformat() if article.date else "", article.path, article.id,
            claim.start)


def _side(claim: Claim, article: Article, highlights: tuple) -> Side:
    return Side(claim_id=claim.id, text=claim.text, article_id=article.id, article=article.path,
                title=article.title, publisher=article.publisher, author=article.author, date=article.date,
                url=article.url, start=claim.start, end=claim.end, highlights=tuple(highlights))


_KIND_NOUN = {"numeric": "figures", "temporal": "dates and deadlines", "framing": "framing",
              "negation": "what happened"}
# the event of a facet as a noun phrase for a topic label ("withdraw" -> "withdrawal")
_EVENT_NOUN = {"withdraw": "withdrawal", "deploy": "deployment", "kill": "deaths", "injure": "injuries",
               "arrest": "arrests", "evacuate": "evacuation", "displace": "displacement", "layoff": "layoffs",
               "vaccinate": "vaccinations", "reduce": "cuts", "spend": "spending", "allocate": "funding",
               "pledge": "pledges", "raise": "rise", "hire": "hiring", "vote": "votes", "win": "win", "lose": "losses",
               "sell": "sales", "buy": "purchases", "infect": "infections", "replace": "replacement",
               "enter": "entries", "present": "presence", "deadline": "deadline"}
_PAST = {"withdraw": "withdrawn", "deploy": "deployed", "kill": "killed", "injure": "injured", "arrest": "arrested",
         "evacuate": "evacuated", "displace": "displaced", "layoff": "laid off", "vaccinate": "vaccinated",
         "reduce": "cut", "spend": "spent", "allocate": "allocated", "pledge": "pledged", "raise": "raised",
         "hire": "hired", "infect": "infected", "sell": "sold", "buy": "bought", "replace": "replaced",
         "present": "present", "enter": "entered", "win": "won", "lose": "lost"}
_SHORT = {"us", "uk", "un", "nato", "isis", "eu"}
PROPERTY_LABELS = frozenset({"magnitude", "km deep", "mph", "kph", "km/h"})
_MONEY = frozenset({"usd", "eur", "gbp", "pound", "inr", "cent"})


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") or noun in ("people", "staff", "personnel") else noun + "s"


def _words(x: str) -> str:
    return " ".join(x.replace("_", " ").split())


def topic_label(kind: str, facet: str) -> str:
    """A row's topic as an analyst would title it: what is claimed about what.
    "numeric", "troops|withdraw|us" -> "US troops withdrawn: count"; "temporal", "time|withdraw"
    -> "withdrawal: timing"; "framing", "military_posture|presence/withdrawal" -> "military
    posture: presence or withdrawal"; "negation", "negation|arrest" -> "arrest: did it happen"."""
    parts = [p for p in facet.split("|")]
    head = parts[0] if parts else ""
    if kind == "numeric" and head == "age":
        who = parts[1] if len(parts) > 1 else ""
        return f"{who.title()}'s age" if who and who != "person" else "a person's age"
    if kind == "numeric" and head == "tally":
        body = parts[1] if len(parts) > 1 and parts[1] != "-" else ""
        return f"{_words(body).title()} vote: tally".strip() if body else "vote: tally"
    if kind == "numeric" and len(parts) == 3 and parts[1].startswith("length:"):
        return f"{_words(parts[1][7:])}: length in {_plural(_words(parts[0]))}"  # "indictment: length in pages"
    if kind == "numeric" and len(parts) == 3:
        unit, event, groups = (p if p != "-" else "" for p in parts)
        who = " ".join(g.upper() if g in _SHORT else g.title() for g in groups.split(",") if g)
        if unit == "percent" and event in ("vote", "win", "lose"):
            return f"{who} vote share".strip()
        if unit in _MONEY or unit in ("percent", "percentage point"):
            what = "amount" if unit in _MONEY else "rate"
            return " ".join(x for x in (who, _EVENT_NOUN.get(event, _words(event)), f": {what}" if event else what)
                            if x).replace(" :", ":")
        if not unit:
            return f"{' '.join(x for x in (who, _EVENT_NOUN.get(event, _words(event))) if x)}: figures".lstrip(": ") \
                if (who or event) else "figures"
        if not event and not who:
            return f"{_words(unit)}: figures" if unit in PROPERTY_LABELS else f"{_plural(_words(unit))}: count"
        what = " ".join(x for x in (who, _plural(_words(unit)), _PAST.get(event, _words(event))) if x)
        return f"{what}: count"
    if kind == "temporal":
        ev = parts[1] if len(parts) > 1 else ""
        return f"{_EVENT_NOUN.get(ev, _words(ev))}: timing" if ev else "timing"
    if kind == "framing" and len(parts) == 2:
        return f"{_words(head)}: {' or '.join(_words(f) for f in parts[1].split('/'))}"
    if kind == "negation":
        verb = parts[1] if len(parts) > 1 else ""
        from claimdiff.compare._events import families

        label = next((f.label for f in families() if f.name == verb and f.label), None)
        if label:
            return label  # an event family of data/events.yaml: "verdict: convicted or acquitted"
        return f"{_words(verb)}: did it happen" if verb else "what happened"
    what = _words(facet.replace("|", " "))
    return f"{what}: {_KIND_NOUN.get(kind, kind)}" if what else _KIND_NOUN.get(kind, kind)


def topic_of(story: Story | None, f: Finding) -> tuple[str, str]:
    """A display topic for a row: what the row is about, within its story."""
    sid = story.id if story else ""
    return "t" + short_hash(sid, f.kind, f.facet, n=10), topic_label(f.kind, f.facet)


class _Parses:
    """Parsed claims by claim id, parsed in batches, each claim once per run."""

    def __init__(self, parser: Parser) -> None:
        self.parser = parser
        self.done: dict[str, Claim] = {}

    def ensure(self, claims: Iterable[Claim]) -> None:
        todo = {c.id: c for c in claims if c.id not in self.done}
        if todo:
            ids = sorted(todo)
            for cid, parsed in zip(ids, self.parser([todo[i] for i in ids])):
                self.done[cid] = parsed

    def __getitem__(self, cid: str) -> Claim:
        return self.done[cid]


def find_conflicts(prepared: dict[str, Prepared], stories: Sequence[Story], settings: Settings,
                   only_articles: frozenset[str] | None = None, parser: Parser | None = None,
                   cross_pairs: Sequence[tuple[str, int, str, int, float]] = ()) -> list[Conflict]:
    """Every row of the given stories (all kinds, both relations, no score floor: callers
    filter with `select`). `only_articles`: only pairs with one side in these articles
    (check). `cross_pairs`: extra (article, claim, article, claim, cosine) candidates
    across stories (--across-stories)."""
    comparators = comparators_for(settings)
    parses = _Parses(parser or _default_parser)
    story_by_article = {aid: s for s in stories for aid in s.article_ids}
    keys_cache: dict[str, frozenset[str]] = {}

    def keys(c: Claim) -> frozenset[str]:
        k = keys_cache.get(c.id)
        if k is None:
            k = keys_cache[c.id] = candidate_keys(c, comparators)
        return k

    candidates: list[tuple[Prepared, int, Prepared, int, float]] = []
    for s in stories:
        members = sorted((prepared[a] for a in s.article_ids if a in prepared), key=lambda p: p.article.id)
        if len(members) < 2:
            continue
        if only_articles is not None and not any(m.article.id in only_articles for m in members):
            continue
        for a, i, b, j, sim in story_pairs(members, settings.pair_threshold, keys):
            pa, pb = members[a], members[b]
            if only_articles is not None and pa.article.id not in only_articles \
                    and pb.article.id not in only_articles:
                continue
            candidates.append((pa, i, pb, j, sim))
    for aa, i, ab, j, sim in cross_pairs:
        candidates.append((prepared[aa], i, prepared[ab], j, sim))

    # pass 1: shallow claims; flagged pairs are parsed and compared again
    flagged = []
    for pa, i, pb, j, sim in candidates:
        a, b, arta, artb = pa.claims[i], pb.claims[j], pa.article, pb.article
        if _position(b, artb) < _position(a, arta):
            a, b, arta, artb = b, a, artb, arta
        sa, sb = story_by_article.get(arta.id), story_by_article.get(artb.id)
        same = sa is not None and sb is not None and sa.id == sb.id
        ctx = PairContext(similarity=sim, date_a=arta.date, date_b=artb.date, same_story=same)
        if compare_claims(a, b, ctx, comparators):
            flagged.append((a, b, arta, artb, ctx))
    parses.ensure(c for a, b, *_ in flagged for c in (a, b))

    # pass 2: parsed claims make the rows; one per (kind, article pair, facet)
    best: dict[tuple, Conflict] = {}
    for a, b, arta, artb, ctx in flagged:
        pa_, pb_ = parses[a.id], parses[b.id]
        for f in compare_claims(pa_, pb_, ctx, comparators):
            story = story_by_article.get(arta.id)
            c = _conflict(f, pa_, pb_, arta, artb, story)
            key = (f.kind, arta.id, artb.id, f.facet)
            old = best.get(key)
            if old is None or (c.score, old.id) > (old.score, c.id):
                best[key] = c
    return sorted(best.values(), key=lambda c: (-c.score, c.kind, c.id))


def _conflict(f: Finding, a: Claim, b: Claim, aa: Article, ab: Article, story: Story | None) -> Conflict:
    tid, label = topic_of(story, f)
    return Conflict(id=Conflict.make_id(a.id, b.id, f.kind), kind=f.kind, relation=f.relation,
                    story_id=story.id if story else "", story_label=story.label if story else "",
                    topic_id=tid, topic_label=label, score=round(f.score, 3), explanation=f.explanation,
                    a=_side(a, aa, f.highlights_a), b=_side(b, ab, f.highlights_b))


def select(conflicts: Iterable[Conflict], settings: Settings) -> list[Conflict]:
    """The rows a run lists: its kinds, relations and score floor."""
    return [c for c in conflicts
            if (not settings.kinds or c.kind in settings.kinds)
            and c.relation in settings.relations and c.score >= settings.min_score]


# two rows show one disagreement when each side's figure is within this of the other row's
FOLD_TOLERANCE = 0.05


def _side_value(side) -> tuple:
    """What a side says, for folding: the value of its highlighted figure, else its highlighted words."""
    from claimdiff.claims.quantity import read_quantities

    spans = side.highlights or ((0, len(side.text)),)
    words = " ".join(side.text[s:e] for s, e in spans)
    qs = read_quantities(words)
    if qs:
        return ("v", qs[0].value)
    return ("t", " ".join(words.lower().split()))


def _same_value(x: tuple, y: tuple) -> bool:
    if x[0] != y[0]:
        return False
    if x[0] == "t":
        return x[1] == y[1]
    return abs(x[1] - y[1]) <= FOLD_TOLERANCE * max(abs(x[1]), abs(y[1]))


def fold(rows: Sequence[Conflict]) -> tuple[list[Conflict], list[Conflict]]:
    """One row per disagreement of a story: a row whose topic (story, kind, facet) and relation
    are those of a stronger row, and whose two sides say what that row's two sides say (the same
    figures within 5%, either way round; the same words), is folded into it: the stronger row
    counts it (`repeats`, `also`) and it is not listed. Five outlets giving "$2 million" against
    two giving "$4.4 million" are one row, not ten. Returns (listed rows, folded rows)."""
    kept: list[tuple[Conflict, tuple, tuple]] = []
    folded: dict[int, list[Conflict]] = {}
    dropped: list[Conflict] = []
    for c in sorted(rows, key=lambda c: (-c.score, c.kind, c.id)):
        va, vb = _side_value(c.a), _side_value(c.b)
        home = next((i for i, (k, ka, kb) in enumerate(kept) if k.topic_id == c.topic_id and k.relation == c.relation
                     and ((_same_value(va, ka) and _same_value(vb, kb)) or (_same_value(va, kb) and _same_value(vb, ka)))),
                    None)
        if home is None:
            kept.append((c, va, vb))
        else:
            folded.setdefault(home, []).append(c)
            dropped.append(c)
    out = []
    for i, (c, _, _) in enumerate(kept):
        more = folded.get(i, [])
        if more:
            c = c.model_copy(update={"repeats": len(more), "also": tuple(sorted(m.id for m in more)),
                                     "explanation": f"{c.explanation} (also in {len(more)} more pair"
                                                    f"{'s' if len(more) > 1 else ''} of articles)"})
        out.append(c)
    return out, dropped


def topics_of(conflicts: Sequence[Conflict]) -> tuple[Topic, ...]:
    """Display topics: the rows' (story, kind, facet) groups, with the claims they hold."""
    members: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for c in conflicts:
        members.setdefault(c.topic_id, set()).update((c.a.claim_id, c.b.claim_id))
        labels[c.topic_id] = c.topic_label
    return tuple(Topic(id=t, label=labels[t], claim_ids=tuple(sorted(members[t]))) for t in sorted(members))
