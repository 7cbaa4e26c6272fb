"""Countries as news names them, read without a model: the countries veto of the grouping."""

from __future__ import annotations

import re

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
COUNTRY_NAMES = tuple(n for v in _COUNTRIES.values() for n in v.split("|"))
_KEY_OF = {n: k for k, v in _COUNTRIES.items() for n in v.split("|")}
# One pass over the text: every name as one alternation, longer names first ("North Korean" before
# "North Korea"). No name of one country contains another country's name as a whole word, so
# this finds exactly the countries that searching for each country's names in turn would.
_ANY_COUNTRY = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in sorted(_KEY_OF, key=lambda n: (-len(n), n)))
                          + r")(?![\w])")


def countries(text: str) -> list[str]:
    """The countries a text names ("U.S. begins ..." -> ["us"]), sorted; "North Korea" is not also Korea."""
    return sorted({_KEY_OF[m.group()] for m in _ANY_COUNTRY.finditer(text)})
