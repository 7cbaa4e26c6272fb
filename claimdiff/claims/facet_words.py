"""Word tables and small readers of what a figure is, for claims/quantity.py: the event a count's
noun names ("23 arrests"), the people of an event named by their part in it, what a sum of money
is (a fine, damages, a settlement, a budget that "totals"), a measure's words (turnout, a winning
margin, consumer prices, a share of GDP, an economy's output), a document's length ("runs to 312
pages"), the countries a word names. Kept apart from the reader itself so that each table can be
read on its own; quantity.py imports them by name.
"""

from __future__ import annotations

import re

from claimdiff.claims.units import singular

_CHARGING_DOC_RE = re.compile(r"\b(indictment|complaint|charging document|charge sheet)\b(?![^.;]*\b(?:indictment|complaint)\b)",
                              re.IGNORECASE)
_RUNS_TO_RE = re.compile(r"\b(?:runs|ran|running|run|spans|spanned|stretches|stretched)\s+(?:to\s+|over\s+)?"
                         r"(?:about\s+|nearly\s+|more than\s+|some\s+|almost\s+)?$", re.IGNORECASE)


def _runs_to(window: str) -> str | None:
    """The document a length is of, named before "runs to": the last document noun before the verb."""
    m = _RUNS_TO_RE.search(window)
    if m is None:
        return None
    docs = [singular(w.lower()) for w in re.findall(r"[A-Za-z]+", window[:m.start()]) if singular(w.lower()) in _DOCUMENTS]
    return docs[-1] if docs else None
_MARGIN_BY_RE = re.compile(r"\b(?:led|leads|leading|won|wins|winning|held|holds|holding|kept|retained|beat|beating|ahead)\s+"
                           r"(?:[\w'’-]+\s+){0,3}?by\s+(?:just\s+|only\s+|about\s+|some\s+|nearly\s+|roughly\s+|"
                           r"around\s+|more\s+than\s+|fewer\s+than\s+|a\s+mere\s+)?$", re.IGNORECASE)
_MARGIN_OF_RE = re.compile(r"\b(?:margin|majority|lead)\s+(?:of\s+|over\s+(?:[\w'’-]+\s+){1,3}?(?:\w+\s+)?to\s+|"
                           r"(?:[\w'’-]+\s+){0,5}?(?:rose|rising|risen|grew|growing|widened|widening|narrowed|"
                           r"narrowing|shrank|stood|stands|was|is)\s+(?:at\s+|to\s+)?)(?:just\s+|only\s+|about\s+|"
                           r"some\s+|nearly\s+|more\s+than\s+|roughly\s+)?$", re.IGNORECASE)
_TURNOUT_RE = re.compile(r"\b(?:voter\s+)?turnout\b(?![^,;]*\b(?:rose|fell|up|down|increase|decrease)d?\s+(?:by\s+)?$)",
                         re.IGNORECASE)
_VOTERS_CAST_RE = re.compile(r"\s+of\s+(?:the\s+)?(?:(?:eligible|registered)\s+)?(?:[A-Z]\w+\s+)?(?:voters|electorate)\s+"
                             r"(?:cast\s+(?:a\s+)?ballots?|voted|turned\s+out|went\s+to\s+the\s+polls)\b|"
                             r",\s+(?:cast\s+(?:a\s+)?ballots?|voted|turned\s+out|went\s+to\s+the\s+polls)\b", re.IGNORECASE)
_PRICES_RE = re.compile(r"\b(?:consumer|retail)\s+prices\b|\bcost of living\b", re.IGNORECASE)
_SECTOR_PRICES_RE = re.compile(r"\b(?:food|energy|fuel|house|housing|home|rent|petrol|gas|electricity|core)\b", re.IGNORECASE)
_OF_GDP_RE = re.compile(r"\s+of\s+(?:the\s+)?(?:gdp|gross domestic product|economic output|national income)\b", re.IGNORECASE)
_SHARE_OF_GDP_RE = re.compile(r"\b(deficit|debt|borrowing|spending|surplus)\b", re.IGNORECASE)
_GDP_RE = re.compile(r"\b(?:economy|gdp|gross domestic product|economic output|output)\b", re.IGNORECASE)
_SECTOR_RE = re.compile(r"\b(?:manufacturing|industrial|factory|services|service-sector|construction|retail|farm|"
                        r"agricultural|oil|non-oil|per capita|nominal|private|public)\b", re.IGNORECASE)
_BASES = ((re.compile(r"year[- ]on[- ]year|year[- ]over[- ]year|from a year (?:earlier|ago|before)|annual(?:ly|ised|ized)?\b|"
                      r"(?:than|with|from) (?:the same (?:period|quarter|month) )?(?:a|last|the previous) year|over the (?:past )?"
                      r"(?:12 months|year)", re.I), "year"),
          (re.compile(r"month[- ]on[- ]month|month[- ]over[- ]month|from the previous month|from a month (?:earlier|before)",
                      re.I), "month"),
          (re.compile(r"quarter[- ]on[- ]quarter|from the previous (?:quarter|three months)|"
                      r"(?:with|than) the previous (?:quarter|three months)", re.I), "quarter"))
_MOVED_UP_RE = re.compile(r"\b(?:ticked|ticks|ticking|edged|edges|edging|moved|moves|crept|creeps|inched|inches|went|goes|"
                          r"shot|shoots|bumped|nudged|pushed|revised|jumped|climbed|stepped)\s+$", re.IGNORECASE)
_MONEY_SIGNS = frozenset("$€£¥₹")
# "The governor's proposed budget, unveiled on Wednesday, totals $246 billion": the sum the subject is
_SUM_TOTALS_RE = re.compile(r"\b(budget|settlement|fine|penalty|damages|salary)\b[^.;]{0,80}?\b(?:totals?|totalled|totaled|"
                            r"stands? at|stood at|amounts? to|amounted to|comes? to|came to|is worth|was worth|will be)\s+"
                            r"(?:about\s+|nearly\s+|some\s+|roughly\s+|more than\s+|almost\s+)?$", re.IGNORECASE)
_PAY_RE = re.compile(r"\b(?:salar(?:y|ies)|wages?|pay packet|contract|deal)\b", re.IGNORECASE)
# what a sum of money is, named by a noun: these outrank "pay", "paid", "cost" in the same clause
_SUM_KINDS = frozenset({"fine", "award", "salary", "settle", "allocate", "expense", "deficit", "revenue"})
_PAYMENT_VERBS = frozenset({"spend", "raise"})


# what a length in pages or words is of: "the 47-page indictment", "the 35-word oath"
_DOCUMENTS = frozenset(
    "indictment report ruling opinion decision filing complaint memo memorandum letter lawsuit oath speech statement "
    "document dossier bill order plan proposal budget agreement deal contract affidavit brief motion transcript "
    "summary study analysis review manifesto platform resolution law legislation book essay article note email "
    "dissent judgment judgement verdict warrant subpoena treaty accord charter constitution amendment".split())


# a nationality not in the table, by its form, before a lower-case noun: "Kenyan", "Nigerian", "Congolese"


# nouns that name the event itself: "23 arrests" counts people arrested, "40 injuries" people hurt
_EVENT_NOUNS = {"arrest": "arrest", "injury": "injure", "evacuation": "evacuate", "signature": "sign"}
# the words news uses for the people an event happened to, where it names them by their part in the
# scene (the bus's passengers, the match's fans, the march's protesters); groups of a different kind
# (children, women, soldiers, police, civilians, tourists, students, crew) stay apart: "three
# children were among the dead" is a part of the toll, not another toll
_ROLE_NOUNS = frozenset("passenger fan protester protestor demonstrator marcher spectator supporter pilgrim "
                        "worshipper worshiper commuter traveller traveler victim rioter participant resident "
                        "villager inhabitant migrant".split())
_CROWD_AT_RE = re.compile(r"\b(?:crowd|turnout|attendance)\b[^.;]{0,70}?\b(?:at|of|was|reached|numbered)\s+"
                          r"(?:about\s+|around\s+|some\s+|roughly\s+|nearly\s+|more than\s+|up to\s+)?$", re.IGNORECASE)
_PEOPLE_EVENTS = frozenset({"kill", "injure", "arrest", "evacuate", "protest", "infect", "enter", "displace", "sign",
                            "aboard"})
# "three passengers were among the 17 dead", "two fans, including a teenager": a part, said as such
_PART_OF_RE = re.compile(r"\s*(?:\w+\s+){0,3}?(?:were|was|are|is)\s+(?:also\s+)?among\b|\s*(?:\w+\s+){0,2}?among\s+(?:the|those)\b",
                         re.IGNORECASE)


# "the number of X ... rose to N": N counts X (a toll's own words are _TOLL_RE's)
_NUMBER_OF_RE = re.compile(r"\bnumber\s+of\s+(?:[\w-]+\s+){0,2}(?P<noun>dead|deaths|fatalities|[a-z]+s)"
                           r"(?:\s+(?P<part>killed|injured|wounded|hurt|arrested|evacuated|displaced|infected))?\b"
                           r"[^,;:]{0,80}?\b(?:rose|risen|rises|climbed|climbs|jumped|reached|reaches|stood|stands|"
                           r"increased|hit|fell|dropped)(?:\s+at|\s+to)?\s*$", re.IGNORECASE)
_DISEASE_RE = re.compile(r"\b(?:measles|covid|coronavirus|cholera|infection|disease|virus|outbreak|flu|influenza|ebola|"
                         r"dengue|mpox|tuberculosis|polio|meningitis|hepatitis|salmonella|listeria|e\. coli|norovirus|"
                         r"legionnaires'?|legionella|whooping cough|mumps)\b", re.IGNORECASE)


def _DISEASE_CASES(unit: str | None, text: str) -> str | None:
    """Cases of a disease are infections: "86 cases of measles"; a court's cases are not."""
    return "infect" if unit == "case" and _DISEASE_RE.search(text) else None


def _countries(text: str) -> list[str]:
    from claimdiff.stories.countries import countries

    return countries(text)


def _country_of(word: str) -> str | None:
    """The country a word names ("Polish", "Poland", "US" -> "poland", "poland", "us"), if one."""
    found = _countries(word)
    return found[0] if len(found) == 1 else None
