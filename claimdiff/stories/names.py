"""Proper names and places of a title and lead, read from capital letters (no model).

Two reports of a fire in two different towns read alike word for word ("Fire destroys
warehouse in X"); the one thing that tells them apart is the name of the town. A named
place on both sides with no name at all in common is therefore a veto on putting two
articles in one story (grouping.py), while one outlet naming the town and another only the
county, the state or the country is not: counties, states, countries and regions are
containers, never a place that vetoes.

`proper_names(text)`: the capitalised words of the text that are names: not the first word of
a sentence (or of a quotation), not a weekday, month, title or honorific ("Secretary",
"Gov."), not in a headline written in title case (where every word has a capital), lower-cased
with possessives, dots and a plural "s" dropped ("Clintons'" -> "clinton"). Countries, US
states and continents are left out: the countries veto (features.countries) reads them, and a
name they share says nothing about one town or another.

`initial_words(text)`: the capitalised first words of sentences, which case cannot tell from
names; a name one side writes mid-sentence and the other only first in a sentence is shared.

`place_names(lede, title, first)`: the names of the lede (title and first sentence: where news
says what happened where; "a practice in Leeds" further down is background) that say where, or
whom, the event is about: after a locative preposition ("in X", "near X", "at the X plant"),
before a locality noun ("the X city council", "X township"), or a name of a sentence-case
headline that the first sentence names again ("Earthquake shakes X. An earthquake shook X").
A name before "County", "Province", "State" or "Region" is a container, not a place.

This is cheaper and coarser than NER (spaCy costs about 1 s to load per `check`): it reads a
capital letter as a name, so a sentence-case headline's ordinary capitalised words count too.
That errs towards more names, and a veto needs no name shared at all, so extra names mostly
make a veto rarer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimdiff.stories.countries import COUNTRY_NAMES

_GENERIC = set("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec
mr mrs ms miss dr sen rep gov lt sgt col gen adm capt cpl maj pvt jr sr ii iii president vice secretary minister
prime chancellor senator representative congressman congresswoman governor mayor judge justice chief general
officer detective sheriff professor prof dean king queen prince princess pope lord lady sir dame saint st mount mt
lake river street avenue road north south east west northern southern eastern western central new old great upper
lower i a an the in on at of for to from by with and or but as is are was were be this that these those it its he
she they we you his her their our my your after before when while if then there here what who how why where which
breaking update updated live watch video opinion analysis exclusive editorial am pm est edt gmt utc covid coronavirus
county counties parish province state region prefecture oblast district city town village council borough township
municipality suburb neighborhood neighbourhood
""".split())
# Words that follow "in" or "at" as often as a town does, but are not a place.
_NOT_PLACES = set("""republican democrat democratic gop congress senate house court white pentagon capitol hill parliament
government administration party committee office department ministry""".split())
_STATES = """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii Idaho
Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri
Montana Nebraska Nevada Hampshire Jersey York Carolina Dakota Ohio Oklahoma Oregon Pennsylvania Rhode Island Tennessee
Texas Utah Vermont Virginia Washington Wisconsin Wyoming Columbia Ontario Quebec Alberta Europe Asia Africa Americas
Oceania Antarctica Arctic Atlantic Pacific Caribbean Balkans Gulf Midwest Scandinavia Mediterranean Asia-Pacific
Northeast Northwest Southeast Southwest Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn
Miss Mo Mont Neb Nev NH NJ NM NY NC ND Okla Ore Pa RI SC SD Tenn Tex Vt Va Wash WVa Wis Wyo DC"""  # + AP abbreviations


@lru_cache(maxsize=65536)  # the same names recur in every article of a story
def _norm(token: str) -> str:
    t = token.replace("’", "'")
    t = re.sub(r"'s?$", "", t)
    if "-" in t and t.rsplit("-", 1)[1][:1].islower():  # "Republican-led" -> "Republican"
        t = t.rsplit("-", 1)[0]
    t = t.replace(".", "").lower()
    return t[:-1] if len(t) > 4 and t.endswith("s") and not t.endswith("ss") else t  # "Clintons" -> "clinton"


_CONTAINERS = {_norm(w) for n in COUNTRY_NAMES for w in n.split()} | {_norm(w) for w in _STATES.split()}
_CAP = re.compile(r"(?<![\w'’.-])[A-Z][A-Za-z'’.-]*[A-Za-z]|(?<![\w'’.-])[A-Z](?![\w'’])")  # a capitalised word
_FIRST = re.compile(r"[A-Za-z]")
_LOWER = re.compile(r"(?<![\w'’.-])[a-z][a-z]{3,}")  # a lower-case word of four letters or more
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’']?\s+")
_SPLIT = re.compile(r"\s+[-–—]+\s+|[:;]\s+")  # within a sentence: dateline dashes, colons (a new start follows)
_OPENERS = "\"“‘'(["
_NAME_RUN = r"(?:[A-Z][\w'’.-]*\s+)*"  # the other words of a name of several ("in New Orleans", "Los Angeles County")
_PREP = re.compile(r"\b(?i:in|near|outside|at|from|across|throughout|around|into)\s+(?:the\s+)?" + _NAME_RUN + "$")
_LOCALITY = re.compile(r"^\s+" + _NAME_RUN + r"(?i:city|town|village|council|borough|township|municipality|suburb|"
                       r"neighbou?rhood)\b")
_CONTAINER_AFTER = re.compile(r"^\s+" + _NAME_RUN + r"(?i:county|counties|parish|province|state|region|prefecture|oblast|"
                              r"district)\b")
_SMALL = {"from", "with", "into", "onto", "over", "upon", "than", "that", "this", "amid", "after", "about"}


def _title_case(sent: str) -> bool:
    """Every word but the small ones has a capital ("Trump Accuses Media Firms of Bias"); one
    lower-case word of four letters or more ("Earthquake shakes X") says the case is a sentence's."""
    if any(m.group() not in _SMALL for m in _LOWER.finditer(sent)):
        return False
    return sum(1 for m in _CAP.finditer(sent) if len(m.group()) >= 4) >= 2


def _names(text: str, initials: bool = False):
    """(normalised name, sentence, match) of every name-like capitalised word (with `initials`, of
    every capitalised first word of a sentence instead)."""
    for whole in _SENTENCE.split(text):
        if _title_case(whole):
            continue  # a headline in title case ("Juan Pablo Dissed By Insider: He's 'Bad In Bed'"): capitals say nothing
        for sent in _SPLIT.split(whole):
            yield from _sentence_names(sent, initials)


def _sentence_names(sent: str, initials: bool):
    first = _FIRST.search(sent)
    for m in _CAP.finditer(sent):
        w = m.group()
        initial = m.start() == first.start() or sent[:m.start()].rstrip()[-1:] in _OPENERS
        if initial and any(c.isupper() for c in w[1:]):  # "FBI agents", "Metro-North said": a name; "Firefighters": not
            initial = False
        if initial != initials:
            continue
        n = _norm(w)
        if len(n) < 2 or n in _GENERIC or w.lower() in _GENERIC or n.startswith("i'") or n in _CONTAINERS:
            continue
        yield n, sent, m


def proper_names(text: str) -> list[str]:
    """The proper names of a text (see the module docstring), sorted."""
    return sorted({n for n, _, _ in _names(text)})


def initial_words(text: str) -> list[str]:
    """The capitalised first words of the text's sentences, sorted: names or not ("Chiquita merges
    with Fyffes", "Firefighters said"), they cannot be told apart by case. A name the other side
    writes mid-sentence and this side only at a sentence's start is still a name in common."""
    return sorted({n for n, _, _ in _names(text, initials=True)})


def _placelike(n: str, m: re.Match) -> bool:
    # not an institution, not an acronym ("FBI", "GPs": an organisation), not a possessor ("in Oprah's series")
    w = m.group()
    return n not in _NOT_PLACES and sum(c.isupper() for c in w) < 2 and not re.search(r"['’]s?$", w)


def place_names(lede: str, title: str | None = None, first: str | None = None) -> list[str]:
    """The names of a lede (title and first sentence) that say where, or whom, the event is about,
    sorted: the keys of the place veto. A name is one after a locative preposition ("in X", "near
    X", "at the X plant") or before a locality noun ("the X city council"), not before a container
    noun ("X County"); or a name of the `title` that the `first` sentence names again ("Earthquake
    shakes X. An earthquake shook X ...")."""
    out = set()
    for n, sent, m in _names(lede):
        if not _placelike(n, m):
            continue
        after = sent[m.end():]
        if _CONTAINER_AFTER.search(after):
            continue
        if _PREP.search(sent[:m.start()]) or _LOCALITY.search(after):
            out.add(n)
    if title and first:
        again = set(proper_names(first)) | set(initial_words(first))
        out.update(n for n, _, m in _names(title) if n in again and _placelike(n, m))
    return sorted(out)
