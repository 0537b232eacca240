"""Units: their dimensions, their factors to each dimension's canonical unit, and the pattern
that finds a unit written after a number."""

from __future__ import annotations

import re

from tui.engine.quantities import unit_table
from tui.engine.quantities.patterns import (
    _CURRENCY_BEFORE,
    _SP,
    _lazy,
)

CANONICAL = {
    "length": "km", "speed": "km/h", "duration": "h", "mass": "kg", "area": "km²",
    "volume": "L", "temperature": "°C", "percent": "%", "percentage-point": "pp",
    "age": "years", "degree": "°", "year": "year", "ordinal": "ordinal", "clock": "min",
    "date": "date", "time-offset": "d", "interval": "d",
}  # fmt: skip

# alias (lower case) -> (unit name as written, dimension, factor to canonical, canonical)
_UNITS: dict[str, tuple[str, str, float, str]] = {}


def _unit(dimension: str, name: str, factor: float, *aliases: str, canon: str = "") -> None:
    for alias in (name, *aliases):
        _UNITS[alias.lower()] = (name, dimension, factor, canon or CANONICAL[dimension])


_unit("length", "kilometer", 1.0, "kilometers", "kilometre", "kilometres", "km", "kms")
_unit("length", "mile", 1.609344, "miles", "mi")
_unit("length", "nautical mile", 1.852, "nautical miles", "nmi")
_unit("length", "meter", 1e-3, "meters", "metre", "metres", "m")
_unit("length", "centimeter", 1e-5, "centimeters", "centimetre", "centimetres", "cm")
_unit("length", "millimeter", 1e-6, "millimeters", "millimetre", "millimetres", "mm")
_unit("length", "foot", 3.048e-4, "feet", "ft")
_unit("length", "yard", 9.144e-4, "yards", "yd", "yds")
_unit("length", "inch", 2.54e-5, "inches", "in")  # "in" only where it is a unit: see _unit_ok
_unit(
    "speed",
    "km/h",
    1.0,
    "kph",
    "kmh",
    "kilometers per hour",
    "kilometres per hour",
    "kilometers an hour",
    "kilometres an hour",
    "km per hour",
    "km an hour",
)
_unit("speed", "mph", 1.609344, "miles per hour", "miles an hour")
_unit("speed", "knot", 1.852, "knots")
_unit("speed", "m/s", 3.6, "meters per second", "metres per second")
_unit("duration", "second", 1 / 3600, "seconds", "sec", "secs")
_unit("duration", "minute", 1 / 60, "minutes", "min", "mins")
_unit("duration", "hour", 1.0, "hours", "hr", "hrs", "h")
_unit("duration", "day", 24.0, "days")
_unit("duration", "week", 168.0, "weeks", "wk", "wks")
_unit("duration", "fortnight", 336.0, "fortnights")
_unit("duration", "month", 730.5, "months")
_unit("duration", "year", 8766.0, "years", "yr", "yrs")
_unit("duration", "decade", 87660.0, "decades")
_unit("duration", "century", 876600.0, "centuries")
_unit("mass", "kilogram", 1.0, "kilograms", "kilo", "kilos", "kg", "kgs")
_unit("mass", "gram", 1e-3, "grams")
_unit("mass", "tonne", 1e3, "tonnes", "metric ton", "metric tons", "ton", "tons")
_unit("mass", "pound", 0.45359237, "pounds", "lb", "lbs")
_unit("mass", "ounce", 0.028349523125, "ounces", "oz")
_unit(
    "area",
    "square kilometer",
    1.0,
    "square kilometers",
    "square kilometre",
    "square kilometres",
    "sq km",
    "km2",
    "km²",
    "square km",
)
_unit("area", "square mile", 2.589988110336, "square miles", "sq mi")
_unit("area", "square meter", 1e-6, "square meters", "square metres", "m2", "m²")
_unit("area", "hectare", 0.01, "hectares", "ha")
_unit("area", "acre", 0.0040468564224, "acres")
_unit("volume", "liter", 1.0, "liters", "litre", "litres")
_unit("volume", "gallon", 3.785411784, "gallons")
_unit("volume", "barrel", 158.987294928, "barrels", "bbl")
_unit("volume", "cubic meter", 1e3, "cubic meters", "cubic metres", "m3", "m³")
_unit("temperature", "celsius", 1.0, "°c", "° c", "degrees celsius", "degrees c", "degree celsius")
_UNITS["c"] = _UNITS["celsius"]  # "-5C": only in capitals and joined to the number

_unit(
    "temperature",
    "fahrenheit",
    5 / 9,
    "°f",
    "° f",
    "degrees fahrenheit",
    "degrees f",
    "degree fahrenheit",
)
_UNITS["f"] = _UNITS["fahrenheit"]
_unit("degree", "degree", 1.0, "degrees", "°")
_unit("percent", "percent", 1.0, "%", "per cent", "pct", "-percent")
_unit("percentage-point", "percentage point", 1.0, "percentage points", "points percentage")
_unit("percentage-point", "basis point", 0.01, "basis points", "bp", "bps")
_MONEY_WORDS = {
    "dollars": "USD", "dollar": "USD", "u.s. dollars": "USD", "us dollars": "USD",
    "american dollars": "USD", "australian dollars": "AUD", "canadian dollars": "CAD",
    "hong kong dollars": "HKD", "new zealand dollars": "NZD", "singapore dollars": "SGD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "sterling": "GBP", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "rubles": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rouble": "RUB", "rupees": "INR", "rupee": "INR", "swiss francs": "CHF", "francs": "CHF",
    "hryvnias": "UAH", "hryvnia": "UAH", "hryvnia's": "UAH", "usd": "USD", "eur": "EUR",
    "gbp": "GBP", "jpy": "JPY", "chf": "CHF", "cny": "CNY", "rub": "RUB", "aud": "AUD",
    "cad": "CAD", "inr": "INR", "uah": "UAH",
}  # fmt: skip
for _alias, _code in _MONEY_WORDS.items():
    _UNITS[_alias] = (_code, "money", 1.0, _code)
_UNITS["cents"] = _UNITS["cent"] = ("cent", "money", 0.01, "USD")
_UNITS["pence"] = _UNITS["penny"] = ("penny", "money", 0.01, "GBP")
_UNITS["dimes"] = _UNITS["dime"] = ("dime", "money", 0.1, "USD")
_UNITS["nickels"] = _UNITS["nickel"] = ("nickel", "money", 0.05, "USD")
# pint's units (see make_units.py) beyond the ones above: names in any case, symbols only as
# pint writes them ("MW" is megawatts, "mW" milliwatts).
for _dimension, _shown in unit_table.CANONICAL.items():
    CANONICAL.setdefault(_dimension, _shown)
for _alias, (_name, _dimension, _factor) in unit_table.NAMES.items():
    _UNITS.setdefault(_alias, (_name, _dimension, _factor, CANONICAL[_dimension]))
_SYMBOLS = {
    symbol: (name, dimension, factor, CANONICAL[dimension])
    for symbol, (name, dimension, factor) in unit_table.SYMBOLS.items()
    if symbol.lower() not in _UNITS or _UNITS[symbol.lower()][1] == dimension
}
# Aliases only a symbol gives: they must be written in the symbol's case.
_SYMBOL_ONLY = frozenset(s.lower() for s in _SYMBOLS) - frozenset(_UNITS)
for _symbol, _entry in _SYMBOLS.items():
    _UNITS.setdefault(_symbol.lower(), _entry)

# Short aliases that only mean the unit in lower case ("5 M" is not five meters).
_LOWER_ONLY = frozenset(
    {"m", "h", "ha", "mi", "min", "hr", "kg", "km", "ft", "yd", "oz", "lb", "in"}
)
_UPPER_ONLY = frozenset(code.lower() for code in set(_CURRENCY_BEFORE.values()))


def _alias_pattern(alias: str) -> str:
    return re.escape(alias).replace(r"\ ", _SP + "+")


def _unit_pattern(aliases: list[str]) -> re.Pattern[str]:
    """A unit right after a number (or after a space or hyphen), longest alias first."""
    return _lazy(
        rf"(?P<sep>{_SP}*-{_SP}*|{_SP}+|)(?P<unit>"
        + "|".join(_alias_pattern(a) for a in aliases)
        + r")(?![A-Za-z0-9_])",
        re.I,
    )


_UNIT_ALIASES = [a for a in sorted(_UNITS, key=len, reverse=True) if a != "-percent"]
_UNIT_RE = _unit_pattern(_UNIT_ALIASES)
# `_UNIT_RE` split by the aliases' first character. The whole pattern is the module's largest;
# a passage needs the parts for the few letters its numbers are followed by.
_UNIT_BY_FIRST = {
    first: _unit_pattern([a for a in _UNIT_ALIASES if a[0] == first])
    for first in sorted({a[0] for a in _UNIT_ALIASES})
}
_UNIT_START_RE = _lazy(rf"{_SP}*(?:-{_SP}*)?")  # where `sep` lets the unit begin


def _unit_at(text: str, pos: int) -> re.Match[str] | None:
    """`_UNIT_RE.match(text, pos)`, compiling only the part for the character the unit would
    start with (the whole pattern only for a letter such as "ſ" that equals an ASCII letter
    when case is ignored)."""
    skipped = _UNIT_START_RE.match(text, pos)  # always matches, perhaps the empty string
    start = skipped.end() if skipped else pos
    first = text[start : start + 1]
    pattern = _UNIT_BY_FIRST.get(first.lower())
    if pattern is None:
        if not first.isalpha():
            return None  # no unit starts with a digit, punctuation, or the end of the text
        pattern = _UNIT_RE
    return pattern.match(text, pos)


_MONEY_ALIASES = "|".join(_alias_pattern(a) for a in sorted(_MONEY_WORDS, key=len, reverse=True))
_AFTER_MONEY_RE = _lazy(rf"{_SP}+(?:{_MONEY_ALIASES})(?![A-Za-z])", re.I)
_SCALED_MONEY_RE = _lazy(
    rf"{_SP}*(?:-{_SP}*)?(?:hundred|thousand|million|billion|trillion|bn|mn|m|b)"
    rf"{_SP}+(?:{_MONEY_ALIASES})(?![A-Za-z])",
    re.I,
)
