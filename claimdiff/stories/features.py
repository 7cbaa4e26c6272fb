"""Per-article story features, computed once and stored with the article: the countries, the
reporting periods and the proper names of its title and lead (and optionally spaCy's entities)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from claimdiff.models import Article
from claimdiff.stories.periods import reporting_periods
from claimdiff.stories.text import story_text

FEATURES_VERSION = 2  # bump when story_features changes what it reads, so stored features are recomputed


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
