"""Stories: articles of several outlets about one event, grouped before claims are compared.

Two articles belong to one story when their title and lead say nearly the same (cosine of
the `story_text` embeddings, average linkage against the story's members), they name the
same actors and places (countries, optionally named entities, of the title and lead,
`story_features`), and they were published close together: within `story_core_days` (5) of
the story's first article on content alone, and up to `story_window_days` (60) when they do
not report on another period. A developing story (a withdrawal reported in August and again
in October) stays one story; next week's jobless claims or next month's jobs report, which
read almost the same but name another reporting period ("last week", "in April"), open
stories of their own.

The grouping is a pure function of the *set* of articles. Articles are put in one canonical
order, oldest first by (date, id) with undated articles last, and visited in that order:
each joins the best existing story it links to, or founds a new one. So

- any order of the inputs gives the same stories (ties go to the older story);
- a story's id is a hash of its founding article (its oldest), so adding later articles to
  an archive never changes an existing story's id or membership (an article older than a
  story's founder, ingested late, may re-found it: that is the one way an id changes);
- the work is linear: candidate stories of an article are those of its k nearest
  neighbours (`claimdiff.neighbours.knn`, either end of the edge), never all pairs, and the
  average similarity to a story is one dot product with the running sum of its members'
  vectors. (Growth is exactly stable while an article has fewer than NEIGHBOURS neighbours
  above the link floor; past that, many later near-copies could push all of its older story
  mates out of its neighbour list.)

Undated articles (no metadata, no date line) cannot be placed in time. They are visited
after every dated one and may join any story, dated or not, on content and entities alone,
but only with a stricter link (`UNDATED_MARGIN` above the threshold), because the date is
exactly what tells this month's report from last month's.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from claimdiff.models import Article, Story, short_hash
from claimdiff.settings import Settings

FEATURES_VERSION = 2  # bump when story_features changes what it reads, so stored features are recomputed
LEAD_CHARS = 3000  # characters of the text read for the lead (80 words fit in far fewer)
LEAD_WORDS = 80  # title + lead sentences, cut at this many words (the model reads 256 word pieces)
NEIGHBOURS = 32  # k of the article neighbour graph: candidate stories per article
ENTITY_WEIGHT = 0.25  # how much sharing the named entities of the title and lead moves the link
ENTITY_PIVOT = 0.2  # shared-entity score (mean Dice) at which the entity term is neutral
UNDATED_MARGIN = 0.05  # an undated article needs this much more to join a story
LABEL_WORDS = 10


# --- what is embedded ---------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # story_text is asked for by prepare and by story_features: split each lead once
def _lead_sentences(article: Article) -> tuple[str, ...]:
    from claimdiff.read.sentences import split_sentences

    head = article if len(article.text) <= LEAD_CHARS else article.model_copy(update={"text": article.text[:LEAD_CHARS]})
    return tuple(s.text for s in split_sentences(head))  # only the head is split: the lead is all we keep


def _clip(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words])


def _title(article: Article) -> str:
    return " ".join((article.title or "").split())


def story_text(article: Article) -> str:
    """The title and the lead sentences (at most LEAD_WORDS words): what an article is about.

    A first line that repeats the title (as many files print it) is not counted twice; an
    article without a title is represented by its lead alone."""
    title = _title(article)
    parts = [title if title[-1:] in ".!?:;" else title + "."] if title else []  # a stop, so NER keeps them apart
    n = len(title.split())
    for s in _lead_sentences(article):
        if n >= LEAD_WORDS:
            break
        if title and _norm_space(s).rstrip(".") == _norm_space(title).rstrip("."):
            continue
        parts.append(s)
        n += len(s.split())
    if not parts:  # a text with no sentence of MIN_WORDS words: whatever it has
        parts = [" ".join(article.text.split())]
    return _clip(" ".join(parts), LEAD_WORDS)


def _norm_space(s: str) -> str:
    return " ".join(s.lower().split())


# --- named entities ------------------------------------------------------------------------------

# One name for the places and peoples news most often writes several ways; the rest are
# kept as written (lower-cased, "the" and possessives dropped, dots of acronyms removed).
_ALIASES = {
    "us": "us", "usa": "us", "united states": "us", "united states of america": "us", "america": "us",
    "american": "us", "americans": "us",
    "uk": "uk", "united kingdom": "uk", "britain": "uk", "great britain": "uk", "british": "uk", "briton": "uk",
    "britons": "uk", "england": "uk", "english": "uk",
    "eu": "eu", "european union": "eu", "un": "un", "united nations": "un",
    "gop": "republican", "republicans": "republican", "republican party": "republican",
    "democrats": "democrat", "democratic": "democrat", "democratic party": "democrat",
    "russian": "russia", "russians": "russia", "chinese": "china", "iranian": "iran", "iranians": "iran",
    "iraqi": "iraq", "iraqis": "iraq", "israeli": "israel", "israelis": "israel", "palestinian": "palestine",
    "palestinians": "palestine", "syrian": "syria", "syrians": "syria", "afghan": "afghanistan",
    "afghans": "afghanistan", "ukrainian": "ukraine", "ukrainians": "ukraine", "mexican": "mexico",
    "mexicans": "mexico", "canadian": "canada", "canadians": "canada", "french": "france", "german": "germany",
    "germans": "germany", "indian": "india", "indians": "india", "japanese": "japan", "korean": "korea",
    "north korean": "north korea", "south korean": "south korea", "saudi": "saudi arabia", "saudis": "saudi arabia",
    "turkish": "turkey", "egyptian": "egypt", "pakistani": "pakistan", "cuban": "cuba", "venezuelan": "venezuela",
    "australian": "australia", "italian": "italy", "spanish": "spain", "european": "europe", "europeans": "europe",
    "white house": "white house", "pentagon": "pentagon", "fed": "federal reserve", "federal reserve": "federal reserve",
}
_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"}


def normalise_entity(text: str, label: str) -> str:
    """The key two mentions of one entity share: "the U.S." -> "us", "Michael Steele" -> "steele"
    (people by surname, as later mentions name them), "Britain's" -> "uk"."""
    s = unicodedata.normalize("NFKC", text).replace("\u2019", "'").lower().strip()
    s = re.sub(r"'s$|'$", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"(?<=\b[a-z])\.", "", s)  # u.s. -> us, u.k. -> uk
    s = re.sub(r"[^\w\s&-]", " ", s)
    s = " ".join(s.split())
    if not s:
        return ""
    if s in _ALIASES:
        return _ALIASES[s]
    if label == "PERSON":
        words = [w for w in s.split() if w not in ("jr", "sr", "ii", "iii", "mr", "mrs", "ms", "dr", "sen", "rep")]
        return words[-1] if words else ""
    return s


def _ner_entities(texts: Sequence[str]) -> list[list[str]]:
    from claimdiff.claims.syntax import load_nlp

    nlp = load_nlp(ner=True)
    off = [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")]  # NER needs only its own layers
    out = []
    for doc in nlp.pipe(texts, disable=off, batch_size=64):
        ents = {normalise_entity(e.text, e.label_) for e in doc.ents if e.label_ in _LABELS}
        out.append(sorted(e for e in ents if e))
    return out


# Countries as news names them (name, short forms, demonyms), matched case-sensitively in the
# title and lead. Two reports of one event name a common country; a US rollout and a UK rollout
# of the same vaccine in the same week do not.
_COUNTRIES = {
    "us": "U.S.|U.S.A.|US|USA|United States|America|American|Americans",
    "uk": "U.K.|UK|United Kingdom|Britain|Great Britain|British|Briton|Britons|England|English|Scotland|Scottish|Wales|Welsh",
    "canada": "Canada|Canadian|Canadians", "mexico": "Mexico|Mexican|Mexicans", "brazil": "Brazil|Brazilian|Brazilians",
    "argentina": "Argentina|Argentine|Argentinian", "venezuela": "Venezuela|Venezuelan|Venezuelans",
    "colombia": "Colombia|Colombian|Colombians", "cuba": "Cuba|Cuban|Cubans", "chile": "Chile|Chilean",
    "peru": "Peru|Peruvian", "ireland": "Ireland|Irish", "france": "France|French", "germany": "Germany|German|Germans",
    "italy": "Italy|Italian|Italians", "spain": "Spain|Spanish", "portugal": "Portugal|Portuguese",
    "netherlands": "Netherlands|Dutch|Holland", "belgium": "Belgium|Belgian", "switzerland": "Switzerland|Swiss",
    "austria": "Austria|Austrian", "sweden": "Sweden|Swedish", "norway": "Norway|Norwegian", "denmark": "Denmark|Danish",
    "finland": "Finland|Finnish", "poland": "Poland|Polish", "greece": "Greece|Greek", "hungary": "Hungary|Hungarian",
    "ukraine": "Ukraine|Ukrainian|Ukrainians", "russia": "Russia|Russian|Russians|Kremlin", "belarus": "Belarus|Belarusian",
    "turkey": "Turkey|Turkish|Türkiye", "israel": "Israel|Israeli|Israelis", "palestine": "Palestine|Palestinian|Palestinians|Gaza|West Bank",
    "lebanon": "Lebanon|Lebanese", "syria": "Syria|Syrian|Syrians", "iraq": "Iraq|Iraqi|Iraqis", "iran": "Iran|Iranian|Iranians|Tehran",
    "saudi arabia": "Saudi Arabia|Saudi|Saudis", "yemen": "Yemen|Yemeni", "qatar": "Qatar|Qatari", "egypt": "Egypt|Egyptian|Egyptians",
    "libya": "Libya|Libyan", "afghanistan": "Afghanistan|Afghan|Afghans|Taliban", "pakistan": "Pakistan|Pakistani",
    "india": "India|Indian|Indians", "china": "China|Chinese|Beijing", "japan": "Japan|Japanese|Tokyo",
    "north korea": "North Korea|North Korean|Pyongyang", "south korea": "South Korea|South Korean|Seoul",
    "taiwan": "Taiwan|Taiwanese", "vietnam": "Vietnam|Vietnamese", "philippines": "Philippines|Filipino|Philippine",
    "indonesia": "Indonesia|Indonesian", "australia": "Australia|Australian|Australians", "new zealand": "New Zealand",
    "nigeria": "Nigeria|Nigerian", "south africa": "South Africa|South African", "kenya": "Kenya|Kenyan",
    "ethiopia": "Ethiopia|Ethiopian", "sudan": "Sudan|Sudanese",
}
_COUNTRY_RE = [(k, re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in v.split("|")) + r")(?![\w])"))
               for k, v in _COUNTRIES.items()]


def countries(text: str) -> list[str]:
    """The countries a text names ("U.S. begins ..." -> ["us"]), sorted; "North Korea" is not also Korea."""
    return sorted(k for k, rx in _COUNTRY_RE if rx.search(text))


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_PERIOD_RE = re.compile(
    r"\b(?:(?P<prep>in|for|during|of)\s+(?P<month>" + _MONTH_RE + r")(?:\s+(?P<year>(?:19|20)\d\d))?(?!\s*\d)"
    r"|(?P<poss>" + _MONTH_RE + r")(?:'s|’s)"
    r"|(?P<last>last|past)\s+(?P<unit>week|month|quarter)\b"
    r"|weeks?\s+end(?:ed|ing)\s+(?:on\s+)?(?P<wmonth>" + _MONTH_RE + r")\.?\s+(?P<wday>\d{1,2})\b"
    r"|(?P<qn>first|second|third|fourth)[- ]quarter)")


def reporting_periods(text: str, published: dt.date | None) -> list[str]:
    """The reporting periods a title and lead name, resolved against the publication date:
    "266,000 jobs in April" -> ["m2021-04"], "claims fell last week" -> ["w2021-18"]. Statistical
    releases (jobs reports, weekly claims, monthly inflation) read almost the same every time;
    the period they report on is what tells them apart. Undated articles resolve nothing relative."""
    out = set()
    for m in _PERIOD_RE.finditer(text):
        month = m.group("month") or m.group("poss")
        if month:
            mi = _MONTHS.index(month.lower()) + 1
            year = int(m.group("year")) if m.group("year") else None
            if year is None and published is not None:  # the latest such month not after publication
                year = published.year if mi <= published.month else published.year - 1
            if year is not None:
                out.add(f"m{year}-{mi:02d}")
        elif m.group("last") and published is not None:
            back = True  # "last week", "past month": the period before the one published in
            unit = m.group("unit").lower()
            if unit == "week":
                d = published - dt.timedelta(days=7 if back else 0)
                y, w, _ = d.isocalendar()
                out.add(f"w{y}-{w:02d}")
            elif unit == "month":
                y, mo = (published.year, published.month - 1) if back else (published.year, published.month)
                if mo == 0:
                    y, mo = y - 1, 12
                out.add(f"m{y}-{mo:02d}")
            else:
                q = (published.month - 1) // 3 + 1 - (1 if back else 0)
                y = published.year - (1 if q == 0 else 0)
                out.add(f"q{y}-{q if q else 4}")
        elif m.group("wmonth") and published is not None:
            mi = _MONTHS.index(m.group("wmonth").lower()) + 1
            y = published.year if mi <= published.month else published.year - 1
            try:
                d = dt.date(y, mi, int(m.group("wday")))
            except ValueError:
                continue
            iy, iw, _ = d.isocalendar()
            out.add(f"w{iy}-{iw:02d}")
        elif m.group("qn") and published is not None:
            q = ["first", "second", "third", "fourth"].index(m.group("qn").lower()) + 1
            y = published.year if q <= (published.month - 1) // 3 + 1 else published.year - 1
            out.add(f"q{y}-{q}")
    return sorted(out)


def story_features(articles: Sequence[Article], *, ner: bool = False) -> list[dict]:
    """Per article, computed once and stored with it: {"v": FEATURES_VERSION, "countries": [...]},
    the countries its title and lead name. A pure function of each article.

    `ner=True` adds "entities", the normalised named entities of spaCy's NER. It is off by
    default: on BASIL and UCI it moved the adjusted Rand index by at most +-0.01 over content and
    dates (claimdiff.eval_grouping), while importing spaCy costs about 1 s per `check` and NER
    about 30 ms per article; the countries veto, which needs no model, is what separates the
    same kind of event in two countries."""
    texts = [story_text(a) for a in articles]
    out = [{"v": FEATURES_VERSION, "countries": countries(t), "periods": reporting_periods(t, a.date)}
           for a, t in zip(articles, texts)]
    if ner and texts:
        for f, e in zip(out, _ner_entities(texts)):
            f["entities"] = e
    return out


# --- grouping -----------------------------------------------------------------------------------

def _canonical_order(articles: Sequence[Article]) -> list[int]:
    return sorted(range(len(articles)), key=lambda i: (articles[i].date is None,
                                                       articles[i].date or dt.date.min, articles[i].id))


def _earlier_neighbours(x: np.ndarray, k: int, floor: float) -> list[np.ndarray]:
    """Per row i (canonical order), the rows j < i linked to it in the k-NN graph (either end)
    with cosine >= floor, most similar first (ties by row)."""
    from claimdiff.neighbours import knn

    n = len(x)
    out: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * n
    if n < 2:
        return out
    nb = knn(x, k=min(k, n))
    rows = np.repeat(np.arange(n, dtype=np.int64), nb.ids.shape[1])
    cols = nb.ids.reshape(-1).astype(np.int64)
    sims = nb.sims.reshape(-1)
    ok = (cols >= 0) & (cols != rows) & (sims >= floor)
    rows, cols, sims = rows[ok], cols[ok], sims[ok]
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    key = hi * n + lo
    uniq = np.unique(key)
    hi, lo = uniq // n, uniq % n
    bounds = np.searchsorted(hi, np.arange(n + 1))
    for i in np.nonzero(bounds[1:] > bounds[:-1])[0].tolist():
        out[i] = lo[bounds[i]:bounds[i + 1]]
    return out


class _Stories:
    """Running state of the stories built so far: members, vector sums, entity counts."""

    def __init__(self, x: np.ndarray) -> None:
        self.x = x
        self.sums: dict[int, np.ndarray] = {}  # founder row -> sum of member vectors (only for stories of 2+)
        self.members: dict[int, list[int]] = {}
        self.entities: dict[int, Counter] = {}
        self.entity_total: dict[int, int] = {}  # sum over members of their entity-set sizes
        self.countries: dict[int, set[str]] = {}  # every country a member names
        self.periods: dict[int, set[str]] = {}  # every reporting period a member names
        self.of: list[int] = [-1] * len(x)

    def found(self, i: int, ents: list[str], places: list[str], periods: list[str] = ()) -> None:
        self.members[i] = [i]
        self.periods[i] = set(periods)
        self.countries[i] = set(places)
        self.entities[i] = Counter(ents)
        self.entity_total[i] = len(ents)
        self.of[i] = i

    def join(self, s: int, i: int, ents: list[str], places: list[str], periods: list[str] = ()) -> None:
        self.countries[s].update(places)
        self.periods[s].update(periods)
        if s not in self.sums:
            self.sums[s] = self.x[s].astype(np.float64)
        self.sums[s] = self.sums[s] + self.x[i]
        self.members[s].append(i)
        self.entities[s].update(ents)
        self.entity_total[s] += len(ents)
        self.of[i] = s

    def content(self, s: int, i: int) -> float:
        """Mean cosine of row i with the story's members (average linkage)."""
        if s not in self.sums:
            return float(self.x[s] @ self.x[i])
        return float(self.sums[s] @ self.x[i]) / len(self.members[s])

    def other_period(self, s: int, periods: list[str]) -> bool:
        """The article or the story names a reporting period, and they share none."""
        return (bool(periods) or bool(self.periods[s])) and self.periods[s].isdisjoint(periods)

    def other_countries(self, s: int, places: list[str]) -> bool:
        """The article names countries and the story does too, none of them the same."""
        return bool(places) and bool(self.countries[s]) and self.countries[s].isdisjoint(places)

    def shared_entities(self, s: int, ents: list[str]) -> float | None:
        """Mean Dice overlap of an entity set with the members' entity sets (estimated from the
        story's counts); None when either side names no entity (no evidence either way)."""
        size = len(self.members[s])
        mean_len = self.entity_total[s] / size
        if not ents or mean_len == 0:
            return None
        shared = sum(self.entities[s][e] for e in ents) / size
        return 2.0 * shared / (len(ents) + mean_len)


def link_score(content: float, shared: float | None, use_entities: bool = True) -> float:
    """How strongly an article belongs to a story: its mean cosine with the members, moved up or
    down by how many named entities they share (ENTITY_WEIGHT * (shared - ENTITY_PIVOT))."""
    if not use_entities or shared is None:
        return content
    return content + ENTITY_WEIGHT * (shared - ENTITY_PIVOT)


def build_stories(articles: Sequence[Article], vectors: np.ndarray, features: Sequence[dict],
                  settings: Settings) -> tuple[tuple[Story, ...], dict[str, str]]:
    """(stories, article_id -> story_id). Every article is in exactly one story.

    `vectors[i]` is the L2-normalised embedding of `story_text(articles[i])`; `features[i]` is
    `story_features` of it (a feature dict without "entities", or an empty one, means content and
    dates only). The result depends on the set of articles only, not on their order."""
    if len(articles) != len(vectors) or len(articles) != len(features):
        raise ValueError(f"build_stories: {len(articles)} articles, {len(vectors)} vectors, "
                         f"{len(features)} feature dicts: they must match one to one")
    first: dict[str, int] = {}
    for i, a in enumerate(articles):  # the same article twice (same id, same text) counts once
        first.setdefault(a.id, i)
    idx = list(first.values())
    arts = [articles[i] for i in idx]
    order = _canonical_order(arts)
    arts = [arts[i] for i in order]
    rows = [idx[i] for i in order]
    x = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32)[rows]) if rows else np.zeros((0, 1), np.float32)
    feats = [features[r] or {} for r in rows]
    ents = [list(dict.fromkeys(f["entities"])) if f.get("entities") else [] for f in feats]
    places = [f.get("countries") or [] for f in feats]
    periods = [f.get("periods") or [] for f in feats]

    threshold = settings.story_threshold
    window = settings.story_window_days
    core = settings.story_core_days
    use_entities = any(ents)
    floor = threshold - (ENTITY_WEIGHT * (1.0 - ENTITY_PIVOT) if use_entities else 0.0)
    earlier = _earlier_neighbours(x, NEIGHBOURS, floor)
    st = _Stories(x)
    for i, a in enumerate(arts):
        best, best_score = -1, -np.inf
        need = threshold + (UNDATED_MARGIN if a.date is None else 0.0)
        for s in sorted({st.of[j] for j in earlier[i].tolist()}):  # founders in canonical order: older first
            fd = arts[s].date
            if a.date is not None and fd is not None and (a.date - fd).days > window:
                continue
            if (a.date is None or fd is None or (a.date - fd).days > core) and st.other_period(s, periods[i]):
                continue  # past the first days, a report on another period is another story
            if st.other_countries(s, places[i]):  # the same kind of event in another country
                continue
            score = link_score(st.content(s, i), st.shared_entities(s, ents[i]), use_entities)
            if score > best_score:  # strict: a tie goes to the older story
                best, best_score = s, score
        if best >= 0 and best_score >= need:
            st.join(best, i, ents[i], places[i], periods[i])
        else:
            st.found(i, ents[i], places[i], periods[i])

    stories = []
    story_of: dict[str, str] = {}
    for s in sorted(st.members):
        members = [arts[m] for m in st.members[s]]
        sid = short_hash("story", arts[s].id)
        dates = [m.date for m in members if m.date is not None]
        stories.append(Story(id=sid, label=story_label(members), article_ids=tuple(m.id for m in members),
                             first_date=min(dates) if dates else None, last_date=max(dates) if dates else None))
        for m in members:
            story_of[m.id] = sid
    return tuple(stories), story_of


# --- labels -------------------------------------------------------------------------------------

_STOP = set("""a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not now of off
on once only or other our ours out over own same she should so some such than that the their theirs them
then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your said says say one two new like even still may might must its it's
report reports news video watch update live breaking""".split())
_WORD = re.compile(r"\w(?:[\w'’.,$%-]*\w%?)?")


def _headline(article: Article) -> str:
    title = _title(article)
    if title:
        return title
    first = next((ln for ln in article.text.splitlines() if ln.strip()), "")
    return _clip(first, 12)


def _key(word: str) -> str:
    w = word.lower().replace("’", "'").replace(".", "")
    if w.endswith("'s"):
        w = w[:-2]
    return w[:-1] if len(w) > 4 and w[-1] == "s" and w[-2] != "s" else w


def story_label(members: Sequence[Article]) -> str:
    """A short label: the members' most typical headline (the one whose words the other members'
    headlines share most, on average; ties to the oldest), cut to LABEL_WORDS words."""
    heads = [_headline(m) for m in members]
    best = 0
    if len(members) > 1:
        keys = [{_key(w) for w in _WORD.findall(h)} - _STOP for h in heads]
        df = Counter(k for ks in keys for k in ks)
        score = [sum(df[k] - 1 for k in ks) / len(ks) if ks else -1.0 for ks in keys]
        best = max(range(len(members)), key=lambda i: (score[i], -i))
    words = heads[best].split()
    if not words:
        return "(untitled)"
    return " ".join(words[:LABEL_WORDS]) + (" …" if len(words) > LABEL_WORDS else "")
