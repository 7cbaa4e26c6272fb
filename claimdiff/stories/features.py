"""Per-article story features, computed once and stored with the article: the countries, the
reporting periods and the proper names of its title and lead (and optionally spaCy's entities)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from claimdiff.models import Article
from claimdiff.stories.countries import countries
from claimdiff.stories.names import initial_words, place_names, proper_names
from claimdiff.stories.periods import reporting_periods
from claimdiff.stories.text import lede, lede_sentences, story_text

FEATURES_VERSION = 3  # bump when story_features changes what it reads, so stored features are recomputed


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




def story_features(articles: Sequence[Article], *, ner: bool = False) -> list[dict]:
    """Per article, computed once and stored with it, a pure function of each article:
    {"v": FEATURES_VERSION, "countries": [...], "periods": [...], "names": [...], "initials": [...],
    "places": [...]}: the countries its title and lead name, the proper names and capitalised
    sentence-initial words of its title and lead (names.py), and
    the reporting periods and places its lede (title and first sentence) names: the lede is where
    news says what happened where and for which period; later sentences give background
    ("a practice in Leeds", "since the shot was authorized in December").

    `ner=True` adds "entities", the normalised named entities of spaCy's NER. It is off by
    default: on BASIL and UCI it moved the adjusted Rand index by at most +-0.01 over content and
    dates (claimdiff.eval_grouping), while importing spaCy costs about 1 s per `check` and NER
    about 30 ms per article; the countries veto, which needs no model, is what separates the
    same kind of event in two countries."""
    texts = [story_text(a) for a in articles]
    out = []
    for a, t in zip(articles, texts):
        h = lede(a)
        title, first = lede_sentences(a)
        out.append({"v": FEATURES_VERSION, "countries": countries(t), "periods": reporting_periods(h, a.date),
                    "names": proper_names(t), "initials": initial_words(t), "places": place_names(h, title, first)})
    if ner and texts:
        for f, e in zip(out, _ner_entities(texts)):
            f["entities"] = e
    return out
