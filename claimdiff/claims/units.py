"""What is counted and what happens to it: unit classes (troops, soldiers and forces are one
class), singular forms, and the event words a count belongs to ("withdraw", "deploy").
Used by quantity.py and the comparators."""

from __future__ import annotations

import re

_UNIT_CLASS = {
    # people under arms: one class, see the module docstring
    "troop": "troops", "soldier": "troops", "force": "troops", "serviceman": "troops",
    "servicemen": "troops", "servicemember": "troops", "personnel": "troops", "service member": "troops",
    "marine": "marines", "adviser": "advisers", "advisor": "advisers", "fighter": "fighters",
    "militant": "militants", "person": "people", "people": "people", "persons": "people",
    "individual": "people", "civilian": "civilians", "other": "people", "others": "people",
    "nation": "country", "state": "state",
    # jobs: "added 39,000 positions" counts the same thing as "added 51,000 jobs"
    "position": "job",
    # money
    "dollar": "usd", "usd": "usd", "buck": "usd", "euro": "eur", "eur": "eur", "pound": "pound",
    "rupee": "inr", "rs": "inr", "cent": "cent", "¢": "cent",
    # measures
    "percent": "percent", "per cent": "percent", "%": "percent", "pct": "percent",
    "percentage point": "percentage point", "km": "km", "kilometre": "km", "kilometer": "km",
    "kms": "km", "mile": "mile", "mi": "mile", "kg": "kg", "kilogram": "kg", "kilo": "kg",
    "tonne": "ton", "ton": "ton", "hour": "hour", "hr": "hour", "hrs": "hour", "minute": "minute",
    "min": "minute", "mins": "minute", "second": "second", "sec": "second", "day": "day",
    "week": "week", "month": "month", "year": "year", "yr": "year", "m": "metre", "metre": "metre",
    "meter": "metre", "cm": "cm", "centimetre": "cm", "centimeter": "cm", "inch": "inch",
    "foot": "foot", "feet": "foot", "ft": "foot", "kmph": "km/h", "km/h": "km/h", "kph": "km/h",
    "mph": "mph", "knot": "knot", "kt": "knot", "kts": "knot", "litre": "litre", "liter": "litre", "gallon": "gallon", "barrel": "barrel",
}
# nationality and group words, one spelling each: "American", "U.S." and "US" troops are one
NATIONALITIES = {
    "us": "us", "u.s.": "us", "u.s": "us", "usa": "us", "american": "us", "americans": "us",
    "iraqi": "iraqi", "iraqis": "iraqi", "syrian": "syrian", "iranian": "iranian", "turkish": "turkish",
    "russian": "russian", "ukrainian": "ukrainian", "british": "uk", "uk": "uk", "u.k.": "uk", "britain": "uk",
    "french": "french", "german": "german", "chinese": "chinese", "israeli": "israeli", "palestinian": "palestinian",
    "afghan": "afghan", "kurdish": "kurdish", "saudi": "saudi", "nato": "nato", "coalition": "coalition",
    "isis": "isis", "isil": "isis", "daesh": "isis", "taliban": "taliban", "canadian": "canadian",
    "australian": "australian", "indian": "indian", "pakistani": "pakistani", "japanese": "japanese",
    "korean": "korean", "european": "european", "eu": "european", "un": "un", "foreign": "foreign",
    "lebanese": "lebanese", "yemeni": "yemeni", "egyptian": "egyptian", "italian": "italian",
    "spanish": "spanish", "polish": "polish", "dutch": "dutch", "mexican": "mexican",
}

_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
              "mice": "mouse", "geese": "goose", "people": "people", "police": "police",
              "personnel": "personnel", "series": "series", "species": "species", "news": "news",
              "sheep": "sheep", "fish": "fish", "deer": "deer", "aircraft": "aircraft", "staff": "staff"}

# Events a count belongs to: canonical verb -> stems (matched at word start).
_EVENTS = {
    "withdraw": ("withdraw", "withdrew", "pullout", "pull-out", "pulled out", "pulling out", "pull out",
                 "drawdown", "draw down", "drew down", "drawn down", "repatriat", "leave", "leaving", "exit"),
    "deploy": ("deploy", "dispatch", "sent", "send", "sending", "reinforc", "surge"),
    "present": ("present", "stationed", "station", "based", "remain", "garrison", "presence"),
    "replace": ("replac", "rotat"),
    "exchange": ("exchang", "swap"),
    "reduce": ("reduc", "cut", "slash", "trim", "eliminat"),
    "kill": ("kill", "dead", "died", "die", "death", "fatalit", "lost their lives", "massacr"),
    "injure": ("injur", "wound", "hurt"),
    "arrest": ("arrest", "detain", "detention", "jail", "imprison", "taken into custody", "take into custody",
               "held in custody"),
    "evacuate": ("evacuat", "forced from their homes", "forced out of their homes", "forced to leave their homes",
                 "moved out of", "relocated"),
    "displace": ("displac", "fled", "flee", "refugee"),
    "enter": ("enter", "infiltrat", "arriv", "crossed", "made the crossing", "crossing"),
    "infect": ("infect", "tested positive", "test positive", "cases", "sickened", "sickening", "fallen ill",
               "fell ill"),
    "vaccinate": ("vaccinat", "inoculat"),
    "spend": ("spend", "spent", "spending", "cost", "paid", "pay ", "price tag"),
    "allocate": ("allocat", "earmark", "budget", "fund", "appropriat", "spending plan"),
    "pledge": ("pledg", "promis", "donat"),
    "raise": ("raised", "raise", "raising", "fundrais"),
    "increase": ("increas", "rise", "rose", "risen", "grew", "grow", "jump", "surg", "climb", "soar", "up by",
                 "created", "creating", "generated",
                 "added", "adding", "adds", "gained", "gaining", "gains"),
    "decrease": ("decreas", "fell", "fall", "drop", "declin", "plung", "tumbl", "down by", "shrank", "shrunk",
                 "shrink", "contracted", "contracting", "contraction"),
    "layoff": ("laid off", "lay off", "layoff", "fired", "job cuts", "shed", "lose their jobs", "lost their jobs",
               "losing their jobs"),
    "hire": ("hire", "hiring", "recruit", "employ", "take on", "taking on", "took on", "taken on"),
    "vote": ("vote", "voted", "voting", "ballot"),
    "win": ("won", "win", "winning"),
    "lose": ("lost", "lose", "losing", "cutoff", "cut off", "cut-off", "stripped of", "dropped from"),
    "sell": ("sold", "sell", "sale"),
    "fine": ("fined", "fining", "fine of", "fines of", "a fine", "penalty", "penalties"),
    "award": ("damages", "awarded", "in compensation", "compensation of"),
    "settle": ("to settle", "settlement", "settled", "to resolve"),
    "revenue": ("in revenue", "in tariff revenue", "bring in", "brings in", "bringing in", "raise revenue"),
    "expense": ("in expenses", "in travel expenses", "in mileage", "expenses claims", "of expenses"),
    "approval": ("approval rating", "approve of", "approved of", "approval of", "job approval"),
    # a petition's signatures: "passed 250,000 signatures", "120,000 people had signed the petition"
    "sign": ("signed the petition", "signed a petition", "signed the letter", "signed the declaration",
             "signatures", "signatories", "put their names to"),
    # a deficit added to: "add $2.4 trillion to federal deficits", "increase the deficit by $1.1 trillion"
    "deficit": ("to deficits", "to the deficit", "to federal deficits", "to the federal deficit", "increase the deficit",
                "deficits by", "the deficit by", "add to the deficit"),
    "salary": ("earn", "salar", "wage", "contract worth", "contract is worth", "deal worth", "deal is worth"),
    "cancel": ("cancel", "cancell", "scrapped", "grounded"),
    "sentence": ("sentenced to", "jailed for", "imprisoned for", "prison term", "sentence of", "years in prison",
                 "years in jail", "years behind bars"),
    "buy": ("bought", "buy", "purchas"),
    # buildings a disaster destroyed or damaged: "has destroyed at least 41 homes" / "27 homes had been destroyed"
    "destroy": ("destroy", "razed", "flattened", "burned down", "burnt down", "reduced to rubble"),
    # a term of supervision after prison, not the prison term: "three years of supervised release"
    "probation": ("supervised release", "of probation", "on probation", "probation"),
    # a crowd: "15,000 people marched", "40,000 demonstrators filled the streets", "the crowd at 15,000"
    "protest": ("marched", "marching", "rallied", "demonstrated", "protested", "took to the streets",
                "filled the streets", "joined the march", "joined the protest", "joined the rally", "crowd"),
    # a poll's share: "61 percent of Californians support", "39 per cent back the line"
    "support": ("support the", "support a", "supported the", "back the", "back a", "backed the", "favour the",
                "favor the", "in favour of", "in favor of"),
}
# Words that begin with an event stem and name no event: "winds of 130 mph" are not a win,
# a "deadline" is no death, a "sentence" sends nothing, "surgery" is no surge.
_NOT_EVENT_WORDS = (
    "wind", "winds", "windy", "winter", "winters", "window", "windows", "wine", "wines", "wing", "wings",
    "deadline", "deadlines", "deadlock", "deadlocked", r"sentence(?!\s+of)", "sentences", r"sentenced(?!\s+to)",
    "sentencing",
    "sentiment", "sentiments", "surgery", "surgeries", "surgeon", "surgeons", "surgical", "fundamental",
    "fundamentally", "fundamentals", "enterprise", "enterprises", "entertain", "entertained", "entertaining",
    "entertainment", "costume", "costumes", "diet", "diets", "diesel", "cute", "soldier", "soldiers", "soldiering",
    "presenter", "presenters", "presents", "president", "presidents", "presidential", "presidency",
    # a kind of business, not a sum set aside: "the budget carrier", "budget airlines"
    r"budget(?=[\s-]+(?:carriers?|airlines?|hotels?|chains?|retailers?|supermarkets?|brands?|flights?|operators?))")
_EVENT_RE = re.compile(  # not the second half of a compound adjective: "low-cost airline", "state-funded"
    r"(?<![a-z]-)\b(?!(?:" + "|".join(_NOT_EVENT_WORDS) + r")\b)(?P<w>" + "|".join(sorted({re.escape(s) for ss in _EVENTS.values() for s in ss}, key=len, reverse=True))
    + r")[\w-]*", re.IGNORECASE)
_STEM_EVENT = {s.lower(): e for e, ss in _EVENTS.items() for s in ss}


def singular(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) <= 3 or w.endswith(("ss", "us", "is")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "sses", "zes")):
        return w[:-2]
    if w.endswith("s"):
        return w[:-1]
    return w


def normalise_unit(word: str) -> str:
    w = word.lower().strip(".")
    if w in _UNIT_CLASS:
        return _UNIT_CLASS[w]
    s = singular(w)
    return _UNIT_CLASS.get(s, s)


def event_class(word: str) -> str | None:
    """The canonical event of a verb or event noun ("withdrawal" -> "withdraw",
    "cutoff" -> "lose", "slashed" -> "reduce"), or None for a word that names no event."""
    m = _EVENT_RE.match(word.strip())
    if m is None or m.start() != 0:
        return None
    return _STEM_EVENT.get(m.group("w").lower())
