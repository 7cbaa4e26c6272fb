"""One measure in two units (the numeric comparator): "fled 20 miles" / "fled about 80 kilometres".

News gives distances, areas, speeds, depths, masses and volumes in the unit of its readers, and
wires print both ("8 km (5 miles)"). Two reports of one measure in different units compare only
after conversion, and a conversion is rounded as written: "5 miles" is "8 km", not 8.05, and
"5,000 acres" is "about 2,000 hectares". So a converted figure is an interval: each side widened by
half the step of its last written digit (at least 3%), and two figures conflict only when the
widened intervals cannot meet. "120 mph" / "190 km/h" agree (193 km/h); "120 mph" / "120 km/h"
cannot both be the storm's winds.

Tons and pounds are left alone: a "ton" is 907 kg or 1,000 kg depending on who writes, and a
pound may be money. Temperatures convert with an offset and are not read as quantities here.
"""

from __future__ import annotations

import math
import re

from claimdiff.models import Claim, Quantity

# unit -> (dimension, size in the dimension's base unit)
_UNITS: dict[str, tuple[str, float]] = {
    "km": ("length", 1000.0), "mile": ("length", 1609.344), "metre": ("length", 1.0), "foot": ("length", 0.3048),
    "cm": ("length", 0.01), "inch": ("length", 0.0254),
    "square km": ("area", 1e6), "square mile": ("area", 2_589_988.11), "hectare": ("area", 1e4),
    "acre": ("area", 4046.8564224), "square metre": ("area", 1.0), "square foot": ("area", 0.09290304),
    "km/h": ("speed", 1.0), "mph": ("speed", 1.609344), "knot": ("speed", 1.852),
    "km deep": ("depth", 1000.0), "mile deep": ("depth", 1609.344), "metre deep": ("depth", 1.0),
    "foot deep": ("depth", 0.3048),
    "kg": ("mass", 1.0), "litre": ("volume", 1.0), "gallon": ("volume", 3.785411784),
}
MIN_TOLERANCE = 0.03
_NAMES = {"km": "km", "mile": "miles", "metre": "metres", "foot": "feet", "cm": "cm", "inch": "inches",
          "square km": "square km", "square mile": "square miles", "hectare": "hectares", "acre": "acres",
          "square metre": "square metres", "square foot": "square feet", "km deep": "km deep",
          "mile deep": "miles deep", "metre deep": "metres deep", "foot deep": "feet deep", "kg": "kg",
          "litre": "litres", "gallon": "gallons"}


def unit_name(unit: str) -> str:
    """How the explanation names a unit: "miles", "km/h"."""
    return _NAMES.get(unit, unit)


def dimension(unit: str | None) -> str | None:
    return _UNITS[unit][0] if unit in _UNITS else None


_DISTANCE_AFTER = re.compile(r"\s*(?:away|from|off|outside|short of|inland|offshore|out\b|"
                             r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\b|of\b)", re.IGNORECASE)
_DISTANCE_BEFORE = re.compile(r"\b(?:within|to)\s+(?:about\s+|around\s+|roughly\s+|some\s+|just\s+)?$", re.IGNORECASE)
_SIDE_AFTER = re.compile(r"[\s-]*(wide|across|high|tall|in diameter|deep)\b", re.IGNORECASE)


def measure_role(q: Quantity, text: str) -> str | None:
    """What a measure measures, read around it: for a length, a distance from somewhere ("15 km
    south of Varnas", "to within two miles of the town"), a width or height ("a mile wide"), or an
    extent ("a path of 25 miles", "travelled 15 km"); for an area, a speed, a volume, a depth, the
    dimension itself. None for a unit that is no measure (a count, money)."""
    dim = dimension(q.unit)
    if dim != "length":
        return dim
    after, before = text[q.end:q.end + 25], text[max(0, q.start - 25):q.start]
    if _DISTANCE_AFTER.match(after) or _DISTANCE_BEFORE.search(before):
        return "length:distance"
    m = _SIDE_AFTER.match(after)
    if m:
        return "length:" + m.group(1).lower()
    return "length:extent"


def rounding(q: Quantity) -> float:
    """Half the step of the last digit written, relative to the figure: "8" 1/16, "5,000" 1/10,
    "26.2" 0.05/26.2; never below MIN_TOLERANCE."""
    v = abs(q.value)
    if not math.isfinite(v) or v == 0:
        return MIN_TOLERANCE
    digits = "".join(ch for ch in q.text if ch.isdigit() or ch == ".")
    if "." in digits:
        decimals = len(digits.rsplit(".", 1)[1].rstrip("0")) or 0
        step = 10.0 ** -decimals
    else:
        n = int(round(v))
        step = 1.0
        while n and n % 10 == 0 and step * 10 <= v:
            n //= 10
            step *= 10
    return max(MIN_TOLERANCE, 0.5 * step / v)


def widened(q: Quantity, unit: str | None = None) -> Quantity:
    """q in `unit` (its own when None), its interval widened by its rounding."""
    unit = unit or q.unit
    f = _UNITS[q.unit][1] / _UNITS[unit][1]
    t = rounding(q)
    low = q.low * f * (1 - t) if math.isfinite(q.low) else q.low
    high = q.high * f * (1 + t) if math.isfinite(q.high) else q.high
    return q.model_copy(update={"unit": unit, "value": q.value * f, "low": low, "high": high})


def in_units_of(a: Claim, b: Claim) -> tuple[Claim, dict[int, Quantity]]:
    """b with each quantity whose unit a lacks, but whose dimension a has in exactly one unit,
    converted to that unit; and, by position in b.quantities, the originals converted."""
    a_units = {q.unit for q in a.quantities if dimension(q.unit)}
    by_dim: dict[str, set[str]] = {}
    for u in a_units:
        by_dim.setdefault(dimension(u), set()).add(u)
    out, originals = [], {}
    for i, q in enumerate(b.quantities):
        d = dimension(q.unit)
        if d and q.unit not in a_units and len(by_dim.get(d, ())) == 1:
            target = next(iter(by_dim[d]))
            out.append(widened(q, target))
            originals[i] = q
        else:
            out.append(q)
    if not originals:
        return b, {}
    return b.model_copy(update={"quantities": tuple(out)}), originals


def shown(value: float) -> str:
    """A converted figure, to three significant digits: 193, 32.2, 2,020."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    digits = max(0, 2 - int(math.floor(math.log10(abs(value)))))
    r = round(value, digits)
    return f"{r:,.{digits}f}" if digits else f"{r:,.0f}"
