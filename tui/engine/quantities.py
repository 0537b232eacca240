"""Numbers in news text, normalised so that what several outlets report can be compared.

`extract_quantities` is regex-only (a full quantity parser was measured far too slow for a
reader): each pattern is compiled when first used, and a passage is read by a few passes, the
most specific first: identifiers (phone numbers, model designations), calendar dates, clock
times, relative times, then numbers with their units, ordinal words, and finally bare month and
weekday names. A span claimed by one pass is never read again by a later one.

Representation (all in `tui.model.Quantity`):

* ranges ("3-4 hours", "within two weeks") keep both ends in `low`/`high`, in normalized units;
  `normalized_value` is the midpoint of a closed range and the stated bound of an open one
  ("more than three years" -> low 3 y, high inf).
* resolved dates: dimension "date", normalized_unit "date", `normalized_value` is
  `date.toordinal()` (midpoint for a range) and `text_value` is ISO: "2025-10-28", "2025-08" for
  a month, "2025-10-17/2025-10-31" for a range of days.
* unresolved dates (no year and no article date, a weekday without an article date): dimension
  "date" with `normalized_value` NaN and no low/high; `text_value` is partial ISO 8601 ("--10-28"
  month-day, "--08" month) or the weekday's name, and `value`/`unit` keep what was written
  (month*100+day / "month-day", month / "month", ISO weekday 1-7 / "weekday").
* relative times without an article date: dimension "time-offset", normalized_unit "d", days
  from the (unknown) date of the article ("within two weeks" -> 0..14). With an article date they
  become dates and `resolved_from` says so. Either way `value`/`unit` keep the count as written
  (2, "week"), so "within two weeks" and "in the next two weeks" are identical, and "within 14
  days" is equivalent.
* offsets from an event rather than from the article ("a day before"): dimension "interval",
  signed days.
* counts: dimension "count", `unit` and `normalized_unit` are the counted noun's lemma ("four
  people" -> "people") or "" when no noun follows. Calendar years are dimension "year".
* identifiers (model designations such as "F-16", phone numbers, long digit strings, list
  markers) produce no quantity at all.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui.model import Quantity, Relation

INF = math.inf
NAN = math.nan

# Relative agreement that counts as "the same" after a unit conversion.
CONVERSION_TOLERANCE = 0.01
# How far an approximate value ("about 1,600") reaches either side, as a share of itself.
APPROXIMATE_SHARE = 0.05


class _LazyPattern:
    """A regular expression compiled on first use.

    Compiling this module's patterns was most of its import time, and a passage needs only the
    few its words call for. The first call puts the compiled pattern's methods on the instance,
    so later calls go straight to them."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:
        compiled = re.compile(*self._source)
        for method in ("match", "fullmatch", "search", "finditer", "findall", "sub"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, deferred to the first call."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]  # acts as the pattern


# A space inside a sentence (no line breaks): space, tab, no-break space, narrow no-break space.
# Not `[ \t\u00a0\u202f]`: U+202F, far from the others, makes that class a 64K-entry bitmap,
# ~0.15 ms to compile at each of the ~270 places this is used. `{1}` keeps the regex parser
# from merging the two branches back into such a class.
_SP = r"(?:[ \t\xa0]|\u202f{1})"

# --- vocabularies ------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
_NUMBER_WORDS = sorted(
    [*_SMALL, *_TENS, "hundred", "thousand", "million", "billion", "trillion", "dozen"],
    key=len,
    reverse=True,
)
_W = "|".join(_NUMBER_WORDS)

_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000,
}  # fmt: skip

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_WEEKDAYS = {
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    "sunday": 7,
}  # fmt: skip
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_TZ = (
    r"(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|PT|IST|JST|"
    r"AEST|AEDT|HKT|SGT|KST)"
)

# Currency written before the number, and what it means.
_CURRENCY_BEFORE = {
    "us$": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD",
    "nz$": "NZD", "hk$": "HKD", "s$": "SGD", "r$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "₽": "RUB", "₴": "UAH", "usd": "USD", "eur": "EUR", "gbp": "GBP",
    "jpy": "JPY", "chf": "CHF", "cny": "CNY", "rub": "RUB", "aud": "AUD", "cad": "CAD",
    "inr": "INR", "uah": "UAH",
}  # fmt: skip
_CUR = (
    r"(?:US\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|[$€£¥₹₽₴]|"
    r"(?:USD|EUR|GBP|JPY|CHF|CNY|RUB|AUD|CAD|INR|UAH)(?=" + _SP + r"?[0-9]))"
)

# Canonical unit per dimension.
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
_unit("length", "inch", 2.54e-5, "inches")
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
_UNITS["pence"] = ("penny", "money", 0.01, "GBP")
# Short aliases that only mean the unit in lower case ("5 M" is not five meters).
_LOWER_ONLY = frozenset({"m", "h", "ha", "mi", "min", "hr", "kg", "km", "ft", "yd", "oz", "lb"})
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

# --- patterns ----------------------------------------------------------------------------

_DIGITS = r"(?<![0-9.,])(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?(?![0-9]|[.,][0-9])"
# Number words joined by spaces, hyphens or "and": "two hundred and fifty", "twenty-one".
_WORDNUM = rf"(?i:\b(?:{_W})\b(?:(?:{_SP}+|-|{_SP}+and{_SP}+)(?:{_W})\b)*)"
_AND_HALF = rf"(?i:(?:{_SP}+|-)and(?:{_SP}+|-)an?(?:{_SP}+|-)(?P<frac>half|quarter)\b)"
# A number starts at a run of digits or at a number word; `_CORE_AT_RE` reads it from there.
_DIGIT_RUN_RE = _lazy(r"[0-9]+")
_WORD_ANCHOR_RE = _lazy(rf"\b(?:{_W}|half)\b")
_CORE_AT_RE = _lazy(
    rf"(?:(?P<dig>{_DIGITS})|(?P<word>{_WORDNUM})|(?P<half>(?i:\bhalf\b)))(?:{_AND_HALF})?"
)
_CURRENCY_AT_RE = _lazy(rf"(?P<cur>{_CUR})")
_CURRENCY_BEFORE_RE = _lazy(
    rf"(?<![A-Za-z])(?P<cur>US\$|AU?\$|CA?\$|NZ\$|HK\$|S\$|R\$|[$€£¥₹₽₴]|"
    rf"USD|EUR|GBP|JPY|CHF|CNY|RUB|AUD|CAD|INR|UAH){_SP}?\Z"
)


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Which passes a sentence needs is decided from the set of its lower-case words.
_LOWER_WORD_RE = _lazy(r"[a-z]+")
_TIME_TOKENS = _wordset(
    """
    hour hours day days week weeks weekend fortnight fortnights month months year years
    today tonight yesterday tomorrow night morning afternoon evening
    """
)
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
_NUMBER_TOKENS = _NUMBER_WORD_SET | {"half"}
_ORDINAL_TOKENS = frozenset(_ORDINAL_WORDS)
_WEEKDAY_TOKENS = frozenset(_WEEKDAYS)
_AHEAD_TOKENS = _wordset("next coming following upcoming past last previous")
_AGO_TOKENS = _wordset("ago now earlier later before after prior previously")
_DAY_TOKENS = _wordset("today tonight yesterday tomorrow night morning afternoon evening")
_NUM_TEXT = rf"(?:[0-9]+(?:\.[0-9]+)?|{_WORDNUM}(?:{_AND_HALF})?)"
_AND_HALF_RE = _lazy(_AND_HALF)
_HALF_ARTICLE_RE = _lazy(rf"(?:{_SP}+an?)?(?={_SP}|-)", re.I)
_WORD_TOKEN_RE = _lazy(r"[a-z]+", re.I)

_SCALE_RE = _lazy(
    rf"(?:{_SP}*-?{_SP}*)(?P<scale>hundred|thousand|million|billion|trillion|bn|bln|mn|mln|"
    r"tn|trn)(?![A-Za-z])"
    r"|(?P<short>[mMbBkK])(?![A-Za-z0-9])",
    re.I,
)
_RANGE_RE = _lazy(
    rf"(?P<sep>{_SP}*[-–—]{_SP}*|{_SP}+(?P<word>to|or|and){_SP}+)"
    rf"(?:(?P<cur>{_CUR}){_SP}?)?(?:(?P<dig>{_DIGITS})|(?P<wnum>{_WORDNUM}))"
)
# How `_RANGE_RE` must start: a cheap test that spares compiling it for most numbers.
_RANGE_SEP_RE = _lazy(rf"{_SP}*[-–—]|{_SP}+(?:to|or|and){_SP}")
_AGE_RE = _lazy(
    rf"(?:{_SP}*-{_SP}*|{_SP}+)(?P<u>year|month|week|day)s?(?:{_SP}*-{_SP}*|{_SP}+)old\b", re.I
)
_AGED_RE = _lazy(rf"(?i:\baged?){_SP}+(?P<n>[0-9]{{1,3}})(?![0-9.,])")
_ORDINAL_SUFFIX_RE = _lazy(r"(?:st|nd|rd|th)(?![A-Za-z0-9])", re.I)
_DECADE_RE = _lazy(r"s(?![A-Za-z0-9])")
_NEXT_WORD_RE = _lazy(rf"(?:{_SP}+|-)(?P<w>[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
_HYPHEN_WORD_RE = _lazy(r"-[A-Za-z]")

_BEFORE_RE = _lazy(
    r"(?i)\b(?:(?P<approx>about|around|roughly|approximately|nearly|almost|some|an\s+estimated|"
    r"estimated|close\s+to|circa|just\s+about|an\s+approximate)"
    r"|(?P<lower>more\s+than|over|at\s+least|upwards?\s+of|in\s+excess\s+of|above|exceeding|"
    r"well\s+over|just\s+over|no\s+fewer\s+than|no\s+less\s+than|greater\s+than)"
    r"|(?P<upper>up\s+to|less\s+than|fewer\s+than|under|below|at\s+most|no\s+more\s+than|"
    r"as\s+many\s+as|as\s+much\s+as|just\s+under|not\s+more\s+than)"
    r"|(?P<between>between)|(?P<from>from))[ \t\u00a0]+\Z"
)
_AFTER_RE = _lazy(
    rf"(?i)(?:{_SP}*,)?{_SP}+or{_SP}+(?:(?P<so>so)|(?P<more>more|longer|later)|"
    rf"(?P<less>fewer|less)|(?P<vague>(?:slightly|a{_SP}+little|a{_SP}+bit|somewhat){_SP}+"
    rf"(?:later|longer|more|earlier|sooner|less|fewer)))\b|(?P<plus>-plus\b|\+)"
)
_YEAR_BEFORE_RE = _lazy(
    r"(?i)\b(?:in|since|until|till|by|from|of|during|before|after|early|late|mid|year|circa|"
    r"the|and|to|through|between|around|spring|summer|autumn|fall|winter)[ \t\u00a0-]+\Z"
)
# A number right after one of these names something ("Article 5", "Flight 17", "No. 2").
_LABEL_BEFORE_RE = _lazy(
    r"(?:(?i:\b(?:Article|Chapter|Section|Resolution|Flight|Route|Page|Room|Gate|Platform|"
    r"Highway|Interstate|Channel|Paragraph|Rule|Amendment|Volume|Vol\.|No\.|Nos\.|Model|"
    r"Version|Game|Unit|Block|Episode|Season|Category|Class|Type|Mk\.?|Fig\.|Figure|Exhibit|"
    r"Item|Ward|District|Zone|Sector|Phase|Grade|Seat|Suite|Floor|Terminal|Pier|Berth))"
    r"|\b(?:Apollo|Boeing|Airbus|Windows|Title|Part|Act|Mark|Number|Line|Level|Table|Lot|Row"
    r"|Building|Bus|Track|Bay)|#)[ \t\u00a0]*\Z"
)
_LIST_MARKER_RE = _lazy(r"[ \t]*(?:[-*•][ \t]*)?[0-9]{1,3}[.)](?:[ \t]|\Z)")
_ARTICLE_BEFORE_RE = _lazy(r"(?i)\ban?[ \t\u00a0]+\Z")
_SCALE_FIRST = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
_OF_AFTER_RE = _lazy(rf"{_SP}+of\b", re.I)
_COMPOUND_AFTER_RE = _lazy(r"-([A-Za-z]+)")
_TITLE_BEFORE_RE = _lazy(r"[A-Z][A-Za-z]*\s+\Z")

# Phone numbers: +country, (area) and groups of digits. Codes such as "F-16" are found
# from the digit runs in `_identifiers`.
_PHONE_GATE_RE = _lazy(r"[0-9][ \t\u00a0.)-]+[0-9]{3,4}[ \t\u00a0.-][0-9]{3}|\+[0-9]")
_PHONE_SEP = r"[ \t\u00a0\u202f.-]"
_PHONE_RE = _lazy(
    rf"(?<![\w.])(?:\+[0-9]{{1,3}}{_SP}?)?(?:\([0-9]{{2,4}}\){_SP}?|[0-9]{{2,4}}{_PHONE_SEP})"
    rf"[0-9]{{3,4}}{_PHONE_SEP}[0-9]{{3,4}}(?![\w.])"
    rf"|(?<![\w.])\+[0-9]{{1,3}}(?:{_SP}?[0-9]{{2,4}}){{2,5}}(?![\w.])"
)
# Words joined to a number by a hyphen that do not make it a code ("mid-2025").
_NOT_CODE_PREFIXES = frozenset({"mid", "early", "late", "pre", "post", "circa"})

# Dates. Month-name forms are read from each month name outwards: a literal alternation
# at the start of a pattern is what lets the regex engine skip ahead quickly.
_ISO_RE = _lazy(
    r"(?<![0-9-])(?P<y>[12][0-9]{3})-(?P<m>[01][0-9])-(?P<d>[0-3][0-9])(?![0-9])"
    r"(?:T[0-9:.]+(?:Z|[+-][0-9:]+)?)?"
)
_SLASH_RE = _lazy(
    r"(?<![0-9/.])(?P<a>[0-9]{1,2})/(?P<b>[0-9]{1,2})/(?P<y>[0-9]{4}|[0-9]{2})(?![0-9/])"
)
_MONTH_ANCHOR_RE = _lazy(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")
_MONTH_AT_RE = _lazy(_MONTH)
_DAY_AFTER_RE = _lazy(
    rf"{_SP}*(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:{_SP}*[-–]{_SP}*(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?)?(?![0-9])(?![.,][0-9])"
    rf"(?:,?{_SP}+(?P<y>[12][0-9]{{3}})(?![0-9]))?"
)
_YEAR_AFTER_RE = _lazy(rf",?{_SP}+(?P<y>[12][0-9]{{3}})(?![0-9])")
_DAY_BEFORE_RE = _lazy(
    rf"(?<![0-9.,])(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:{_SP}*[-–]{_SP}*(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?)?{_SP}+(?:of{_SP}+)?\Z"
)
_WEEKDAY_BEFORE_RE = _lazy(rf"{_WEEKDAY},?{_SP}+\Z")
_PART_BEFORE_RE = _lazy(
    rf"\b(?P<part>(?i:mid|early|late|end{_SP}+of|the{_SP}+end{_SP}+of|beginning{_SP}+of|"
    rf"start{_SP}+of|the{_SP}+start{_SP}+of|the{_SP}+beginning{_SP}+of))"
    rf"(?:{_SP}*-{_SP}*|{_SP}+)\Z"
)
_PREP_BEFORE_RE = _lazy(
    rf"\b(?P<prep>(?i:in|since|until|till|by|from|during|before|after|through|throughout|"
    rf"last|next|this|and|or|to)){_SP}+\Z"
)
_DIGIT_AFTER_RE = _lazy(rf"{_SP}*[0-9]")
_WEEKDAY_ANCHOR_RE = _lazy(rf"{_WEEKDAY}(?![A-Za-z])")
_DIRECTION_BEFORE_RE = _lazy(rf"\b(?P<dir>(?i:last|next|this|coming)){_SP}+\Z")
_HOLIDAY_BEFORE_RE = _lazy(r"\b(?:Good|Black|Cyber|Super|Ash|Palm|Holy|Bloody|Easter)\s+\Z")

# Clock times.
_CLOCK_GATE_RE = _lazy(
    r"[0-9](?::[0-5][0-9]|[ \t\u00a0]?[apAP]\.?[ \t\u00a0]?[mM]|[ \t\u00a0]+(?:GMT|UTC))"
)
_CLOCK_RE = _lazy(
    rf"(?<![0-9:.,])(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9])(?::[0-5][0-9])?(?![0-9:])"
    rf"(?:{_SP}*(?P<ap>(?i:[ap]\.{_SP}?m\.|[ap]m\b|[ap]\.m\b)))?"
    rf"(?:{_SP}*\(?(?P<tz>{_TZ})\b\)?)?"
    rf"|(?<![0-9:.,])(?P<h2>1[0-2]|0?[1-9]){_SP}*(?P<ap2>(?i:[ap]\.{_SP}?m\.|[ap]m\b|[ap]\.m\b))"
    rf"(?:{_SP}*\(?(?P<tz2>{_TZ})\b\)?)?"
    rf"|(?<![0-9:.,])(?P<hm>(?:[01][0-9]|2[0-3])[0-5][0-9]){_SP}+(?P<tz3>GMT|UTC)\b"
)

# Relative times.
_REL_UNIT = r"(?P<unit>hour|day|week|fortnight|month|year)(?P<pl>s)?"
_REL_N = rf"(?P<n>{_NUM_TEXT}|an?|a{_SP}+few|a{_SP}+couple{_SP}+of|a{_SP}+couple|several|few)"
_REL_NEXT_RE = _lazy(
    rf"(?i)\b(?:(?P<prep>within|in|over|during|for){_SP}+)?the{_SP}+"
    rf"(?P<dir>next|coming|following|upcoming|past|last|previous)"
    rf"{_SP}+(?:{_REL_N}{_SP}+)?{_REL_UNIT}\b"
)
_REL_WITHIN_RE = _lazy(
    rf"(?i)\b(?P<prep>within|in){_SP}+{_REL_N}{_SP}+{_REL_UNIT}(?:['’]?{_SP}+time)?\b"
    rf"(?!{_SP}+of\b)"
)
_REL_AGO_RE = _lazy(
    rf"(?i)\b(?:{_REL_N}|(?P<the>the)){_SP}+{_REL_UNIT}{_SP}+"
    rf"(?P<dir>ago|from{_SP}+now|earlier|later|before|after|prior|previously)\b"
)
_REL_DAY_RE = _lazy(
    r"(?i)\b(?P<w>today|tonight|yesterday|tomorrow|last\s+night|this\s+morning|"
    r"this\s+afternoon|this\s+evening)\b"
)
_REL_CALENDAR_RE = _lazy(
    rf"(?i)\b(?:(?P<pre>earlier|later){_SP}+)?(?P<dir>this|next|last|past|coming)"
    rf"{_SP}+(?P<unit>week|weekend|month|year)\b(?!-)"
)

# Ordinal words are matched in the lower-cased text (case-insensitive alternations are slow).
_ORDINAL_ANCHOR_RE = _lazy(
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
    + ")"
)
_ORDINAL_AT_RE = _lazy(
    r"\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    r"(?P<ord>" + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)) + r")\b"
)
_DETERMINER_BEFORE_RE = _lazy(
    r"(?i)\b(?:the|a|an|its|his|her|their|our|my|your|this|that|every|each)[ \t\u00a0]+\Z"
)
_ORDINAL_COMPOUND_OK = _wordset(
    "largest biggest ever highest lowest most longest straight consecutive quarter half round "
    "place ranked best worst"
)

_FUNCTION_WORDS = _wordset(
    """
    a an the of and or but nor to in on at for with from by as into onto over under about
    than then that this these those which who whom whose what when where while was were is
    are be been being has have had will would shall should can could may might must do does
    did not no so if it its he she they we you i me him her them us our their his my your
    said says say told according also still already just only even more less most least ago
    later earlier before after since until per each every all both some any such other
    another there here up down out off percent cent cents times apiece respectively among
    between through during against across around near toward towards via within without
    further including amid again last next this year years
    """
)
_ADJECTIVES = _wordset(
    """
    new more other additional further separate different major minor small large big key top
    senior junior former young old local foreign main total extra further previous recent
    early late long short high low full single double several few many most least best worst
    own same such various whole entire potential possible alleged suspected confirmed known
    """
)
_ADJECTIVE_ENDINGS = (
    "ed",
    "ing",
    "al",
    "ive",
    "ous",
    "ful",
    "less",
    "ic",
    "ian",
    "ese",
    "ish",
    "ern",
    "ary",
    "ible",
    "able",
)
_IRREGULAR = {
    "people": "people", "person": "people", "persons": "people", "men": "man",
    "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "geese": "goose", "data": "data", "media": "media", "police": "police", "staff": "staff",
    "series": "series", "species": "species", "news": "news", "aircraft": "aircraft",
    "personnel": "personnel", "crises": "crisis", "analyses": "analysis", "lives": "life",
    "wives": "wife", "thieves": "thief", "halves": "half", "leaves": "leaf",
}  # fmt: skip

# Date-resolution horizons for vague relative phrases, in days.
_UNIT_DAYS = {
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.4375,
    "year": 365.25,
}
_COMING = {
    "hour": 24 / 24,
    "day": 10.0,
    "week": 42.0,
    "fortnight": 42.0,
    "month": 183.0,
    "year": 1826.0,
}
_RATIO_DIMENSIONS = frozenset(
    {
        "length",
        "speed",
        "duration",
        "mass",
        "area",
        "volume",
        "percent",
        "percentage-point",
        "money",
        "count",
        "age",
        "degree",
    }
)


# --- the scan ----------------------------------------------------------------------------


class _Scan:
    """One passage being read: its text, the article date, and which characters are taken."""

    __slots__ = ("date", "found", "lower", "months", "taken", "text")

    def __init__(self, text: str, date: dt.date | None) -> None:
        self.text = text
        self.date = date
        self.taken = bytearray(len(text))
        self.found: list[Quantity] = []
        lower = text.lower()
        if len(lower) != len(text):  # a few characters grow when lower-cased ("İ")
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        self.lower = lower  # same offsets as `text`
        self.months: list[re.Match[str]] = []

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0

    def claim(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def add(self, quantity: Quantity) -> None:
        self.claim(quantity.start, quantity.end)
        self.found.append(quantity)

    def make(
        self,
        start: int,
        end: int,
        value: float,
        unit: str,
        dimension: str,
        normalized_value: float,
        normalized_unit: str,
        *,
        low: float | None = None,
        high: float | None = None,
        approximate: bool = False,
        precision: float = 0.0,
        resolved_from: str | None = None,
        text_value: str | None = None,
    ) -> None:
        self.add(
            Quantity(
                start=start,
                end=end,
                surface=self.text[start:end],
                value=value,
                unit=unit,
                dimension=dimension,
                normalized_value=normalized_value,
                normalized_unit=normalized_unit,
                low=low,
                high=high,
                approximate=approximate,
                precision=precision,
                resolved_from=resolved_from,
                text_value=text_value,
            )
        )


def extract_quantities(text: str, article_date: dt.date | None = None) -> list[Quantity]:
    """Every quantity in `text` with offsets into it, normalised.

    Relative times ("next week", "on Thursday", "October 28") are resolved against
    `article_date` when it is given; otherwise they stay relative (see the module docstring)."""
    if not text:
        return []
    original, text = text, text.translate(_LOOKALIKES)
    scan = _Scan(text, article_date)
    # The words a sentence contains decide which passes can find anything at all: most
    # sentences need two or three of them, and the regexes are the expensive part.
    tokens = set(_LOWER_WORD_RE.findall(scan.lower))
    runs = list(_DIGIT_RUN_RE.finditer(text))
    scan.months = [
        m
        for a in _MONTH_ANCHOR_RE.finditer(text)
        if (a.start() == 0 or not text[a.start() - 1].isalpha())
        and (m := _MONTH_AT_RE.match(text, a.start())) is not None
    ]
    if runs:
        _identifiers(scan, runs)
        _numeric_dates(scan)
    if scan.months:
        _month_dates(scan, bool(runs))
    if runs and _CLOCK_GATE_RE.search(text):
        _clock_times(scan)
    if not tokens.isdisjoint(_TIME_TOKENS):
        _relative_times(scan, tokens)
    if runs and "age" in scan.lower:
        _ages(scan)
    if not tokens.isdisjoint(_FRACTION_TOKENS):
        _fractions(scan)
    words = [] if tokens.isdisjoint(_NUMBER_TOKENS) else list(_WORD_ANCHOR_RE.finditer(scan.lower))
    if runs or words:
        _numbers(scan, runs, words)
    if not tokens.isdisjoint(_ORDINAL_TOKENS):
        _ordinal_words(scan)
    if not tokens.isdisjoint(_VAGUE_TOKENS):
        _vague_magnitudes(scan)
    if scan.months:
        _bare_months(scan)
    if not tokens.isdisjoint(_WEEKDAY_TOKENS):
        _weekdays(scan)
    found = _join_compound_durations(sorted(scan.found, key=lambda q: (q.start, q.end)), text)
    if text != original:
        found = [replace(q, surface=original[q.start : q.end]) for q in found]
    return found


_DURATION_JOINER_RE = re.compile(r"(?:,?\s+and\s+|,\s*|\s+)")


def _join_compound_durations(found: list[Quantity], text: str) -> list[Quantity]:
    """ "two hours and 30 minutes", "1 hour 20 minutes": one duration, each part a smaller unit
    than the one before, summed (2.5 h), not two durations that compare on their own."""
    joined: list[Quantity] = []
    for quantity in found:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.dimension == quantity.dimension == "duration"
            and last.low is None
            and quantity.low is None
            and last.value > 0
            and quantity.value > 0
            and _DURATION_JOINER_RE.fullmatch(text, last.end, quantity.start)
            and quantity.normalized_value / quantity.value < last.normalized_value / last.value
        ):
            total = last.normalized_value + quantity.normalized_value
            joined[-1] = replace(
                last,
                end=quantity.end,
                surface=text[last.start : quantity.end],
                value=total / (last.normalized_value / last.value),
                normalized_value=total,
                approximate=last.approximate or quantity.approximate,
                precision=min(last.precision, quantity.precision) or quantity.precision,
            )
        else:
            joined.append(quantity)
    return joined


# Letters that case-insensitive matching equates with ASCII ones but that lower() does not map
# to them ("ſ" long s, dotless "ı", dotted "İ", the Kelvin sign): read as the ASCII letter so
# every pattern and table sees one spelling. One character for one, so offsets hold.
_LOOKALIKES = str.maketrans({"ſ": "s", "ı": "i", "İ": "I", "\u212a": "K", "\u212b": "A"})


def _identifiers(scan: _Scan, runs: list[re.Match[str]]) -> None:
    """Claim what looks like a number but is a name: codes ("F-16", "MH17", "COVID-19"),
    phone numbers, a list marker."""
    text = scan.text
    for run in runs:
        start = run.start()
        letters_end = start - 1 if start > 0 and text[start - 1] == "-" else start
        first = letters_end
        while first > 0 and text[first - 1].isascii() and text[first - 1].isalpha():
            first -= 1
        if first == letters_end:
            continue
        head = text[first:letters_end].lower()
        if head in _NOT_CODE_PREFIXES or head in _CURRENCY_BEFORE:
            continue
        end = _skip_token(text, run.end())
        if text[first:end].lower() in _UNITS:  # "km2"
            continue
        scan.claim(first, end)
    if _PHONE_GATE_RE.search(text):
        for m in _PHONE_RE.finditer(text):
            scan.claim(m.start(), m.end())
    marker = _LIST_MARKER_RE.match(text)
    if marker:
        scan.claim(marker.start(), marker.end())


# --- dates -------------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()[:3]]


def _last_day(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def _add_date(
    scan: _Scan,
    start: int,
    end: int,
    first: dt.date,
    last: dt.date,
    unit: str,
    value: float | None = None,
    *,
    approximate: bool = False,
    resolved_from: str | None = None,
    text_value: str | None = None,
    precision: float = 1.0,
) -> None:
    a, b = first.toordinal(), last.toordinal()
    if a == b:
        scan.make(
            start,
            end,
            a if value is None else value,
            unit,
            "date",
            float(a),
            "date",
            approximate=approximate,
            precision=precision,
            resolved_from=resolved_from,
            text_value=text_value or first.isoformat(),
        )
        return
    if b < a:
        a, b, first, last = b, a, last, first
    middle = (a + b) / 2
    scan.make(
        start,
        end,
        middle if value is None else value,
        unit,
        "date",
        middle,
        "date",
        low=float(a),
        high=float(b),
        approximate=approximate,
        precision=1.0,
        resolved_from=resolved_from,
        text_value=text_value or f"{first.isoformat()}/{last.isoformat()}",
    )


def _add_unresolved_date(
    scan: _Scan, start: int, end: int, month: int | None, day: int | None, weekday: int | None
) -> None:
    if weekday is not None:
        name = next(k for k, v in _WEEKDAYS.items() if v == weekday).capitalize()
        scan.make(start, end, float(weekday), "weekday", "date", NAN, "date", text_value=name)
    elif month is not None and day is not None:
        scan.make(
            start,
            end,
            float(month * 100 + day),
            "month-day",
            "date",
            NAN,
            "date",
            precision=1.0,
            text_value=f"--{month:02d}-{day:02d}",
        )
    elif month is not None:
        scan.make(
            start, end, float(month), "month", "date", NAN, "date", text_value=f"--{month:02d}"
        )


def _year_note(scan: _Scan) -> str:
    assert scan.date is not None
    return f"year taken from article date {scan.date.isoformat()}"


def _month_dates(scan: _Scan, digits: bool) -> None:
    """ "October 28th, 2025", "28 October", "Oct. 16-17", "February 2022", "mid-August"."""
    text = scan.text
    for mm in scan.months:
        start, end = mm.start(), mm.end()
        if not scan.free(start, end):
            continue
        month = _month_number(mm["mon"])
        window = max(0, start - 24)
        part = _PART_BEFORE_RE.search(text, window, start)
        if part is not None and scan.free(part.start(), start):
            year_m = _YEAR_AFTER_RE.match(text, end) if digits else None
            _part_month(
                scan,
                part.start(),
                year_m.end() if year_m else end,
                month,
                int(year_m["y"]) if year_m else None,
                part["part"],
            )
            continue
        if not digits:
            continue
        after = _DAY_AFTER_RE.match(text, end)
        if after is not None and scan.free(end, after.end()):
            first = _weekday_start(scan, start)
            _day_match(scan, first, after.end(), month, after["d"], after["d2"], after["y"])
            continue
        before = _DAY_BEFORE_RE.search(text, window, start)
        if before is not None and scan.free(before.start(), start):
            year_m = _YEAR_AFTER_RE.match(text, end)
            first = _weekday_start(scan, before.start())
            _day_match(
                scan,
                first,
                year_m.end() if year_m else end,
                month,
                before["d"],
                before["d2"],
                year_m["y"] if year_m else None,
            )
            continue
        year_m = _YEAR_AFTER_RE.match(text, end)
        if year_m is not None and scan.free(end, year_m.end()):
            year = int(year_m["y"])
            first_day = dt.date(year, month, 1)
            last_day = dt.date(year, month, _last_day(year, month))
            _add_date(
                scan,
                start,
                year_m.end(),
                first_day,
                last_day,
                "month",
                text_value=f"{year}-{month:02d}",
            )


def _weekday_start(scan: _Scan, start: int) -> int:
    """Where a date begins when a weekday stands before it ("Thursday, October 16")."""
    weekday = _WEEKDAY_BEFORE_RE.search(scan.text, max(0, start - 12), start)
    if weekday is not None and scan.free(weekday.start(), start):
        return weekday.start()
    return start


def _numeric_dates(scan: _Scan) -> None:
    """ "2025-10-17", "10/17/2025" (read month first unless that cannot be)."""
    text = scan.text
    for m in _ISO_RE.finditer(text) if "-" in text else ():
        if not scan.free(m.start(), m.end()):
            continue
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        _add_date(scan, m.start(), m.end(), day, day, "date")
    for m in _SLASH_RE.finditer(text) if "/" in text else ():
        if not scan.free(m.start(), m.end()):
            continue
        a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
        if year < 100:
            year += 2000 if year < 70 else 1900
        month, day_n = (a, b) if a <= 12 else (b, a)  # month/day unless that cannot be
        try:
            day = dt.date(year, month, day_n)
        except ValueError:
            continue
        _add_date(scan, m.start(), m.end(), day, day, "date")


def _day_match(
    scan: _Scan,
    start: int,
    end: int,
    month: int,
    day_text: str,
    day2_text: str | None,
    year_text: str | None,
) -> None:
    day, day2 = int(day_text), int(day2_text) if day2_text else None
    if not 1 <= day <= 31 or (day2 is not None and not day < day2 <= 31):
        return
    year = int(year_text) if year_text else None
    note = None
    if year is None and scan.date is not None:
        year, note = scan.date.year, _year_note(scan)
    if year is None:
        try:
            dt.date(2000, month, day)  # a leap year accepts every real month-day
        except ValueError:
            return
        # (a range of days with no year keeps its first day)
        _add_unresolved_date(scan, start, end, month, day, None)
        return
    try:
        first = dt.date(year, month, day)
        last = dt.date(year, month, day2) if day2 else first
    except ValueError:
        return
    _add_date(scan, start, end, first, last, "date", resolved_from=note)


def _part_month(
    scan: _Scan, start: int, end: int, month: int, year: int | None, part_text: str
) -> None:
    note = None
    if year is None and scan.date is not None:
        year, note = scan.date.year, _year_note(scan)
    if year is None:
        _add_unresolved_date(scan, start, end, month, None, None)
        return
    part = " ".join(part_text.lower().split())
    end_day = _last_day(year, month)
    if part == "mid":
        days = (11, 20)
    elif part == "early" or "beginning" in part or "start" in part:
        days = (1, 10)
    else:
        days = (21, end_day)
    first, last = dt.date(year, month, days[0]), dt.date(year, month, days[1])
    _add_date(
        scan,
        start,
        end,
        first,
        last,
        "part-month",
        resolved_from=note,
        text_value=f"{first.isoformat()}/{last.isoformat()}",
    )


def _bare_months(scan: _Scan) -> None:
    """ "in August", "since January", "last March": a month named without a day."""
    text = scan.text
    for mm in scan.months:
        start, end = mm.start(), mm.end()
        if not scan.free(start, end) or _DIGIT_AFTER_RE.match(text, end):
            continue
        before = _PREP_BEFORE_RE.search(text, max(0, start - 14), start)
        if before is None:
            continue
        prep = before["prep"].lower()
        if mm["mon"].startswith("May") and prep in {"and", "or", "to", "by", "this", "next"}:
            continue  # a person's name or the verb, more often than the month
        if prep in {"last", "next", "this"}:
            start = before.start()
            if not scan.free(start, end):
                continue
        month = _month_number(mm["mon"])
        if scan.date is None:
            _add_unresolved_date(scan, start, end, month, None, None)
            continue
        year = scan.date.year
        if prep == "last" and month >= scan.date.month:
            year -= 1
        elif prep == "next" and month <= scan.date.month:
            year += 1
        if not 1 <= year <= 9999:
            continue
        first = dt.date(year, month, 1)
        last = dt.date(year, month, _last_day(year, month))
        note = (
            f"relative to article date {scan.date.isoformat()}"
            if prep in {"last", "next", "this"}
            else _year_note(scan)
        )
        _add_date(
            scan,
            start,
            end,
            first,
            last,
            "month",
            float(month),
            resolved_from=note,
            text_value=f"{year}-{month:02d}",
        )


def _weekdays(scan: _Scan) -> None:
    """ "on Thursday", "last Friday": the nearest such day to the article date."""
    text = scan.text
    for m in _WEEKDAY_ANCHOR_RE.finditer(text):
        start, end = m.start(), m.end()
        if start > 0 and text[start - 1].isalpha():
            continue
        window = max(0, start - 10)
        if not scan.free(start, end) or _HOLIDAY_BEFORE_RE.search(text, window, start):
            continue
        before = _DIRECTION_BEFORE_RE.search(text, window, start)
        direction = ""
        if before is not None and scan.free(before.start(), start):
            direction, start = before["dir"].lower(), before.start()
        name = m.group()
        weekday = _WEEKDAYS[name.lower()]
        if scan.date is None:
            _add_unresolved_date(scan, start, end, None, None, weekday)
            continue
        delta = weekday - scan.date.isoweekday()
        if direction == "last":
            delta = delta - 7 if delta >= 0 else delta
        elif direction in {"next", "coming"}:
            delta = delta + 7 if delta <= 0 else delta
        elif delta > 3:
            delta -= 7
        elif delta < -3:
            delta += 7
        try:
            day = scan.date + dt.timedelta(days=delta)
        except OverflowError:
            continue
        note = f"nearest {name} to article date {scan.date.isoformat()}"
        if direction:
            note = f"{direction} {name} from article date {scan.date.isoformat()}"
        _add_date(
            scan,
            start,
            end,
            day,
            day,
            "weekday",
            float(weekday),
            approximate=True,
            resolved_from=note,
        )


# --- clock times -------------------------------------------------------------------------


def _clock_times(scan: _Scan) -> None:
    """ "10:30 a.m.", "3 p.m.", "0335 GMT": minutes after midnight, zone kept as the unit."""
    for m in _CLOCK_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        if m["hm"]:
            hour, minute, ampm, zone = int(m["hm"][:2]), int(m["hm"][2:]), None, m["tz3"]
        elif m["h2"]:
            hour, minute, ampm, zone = int(m["h2"]), 0, m["ap2"], m["tz2"]
        else:
            hour, minute, ampm, zone = int(m["h"]), int(m["mi"]), m["ap"], m["tz"]
        if ampm:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
        elif hour > 24:
            continue
        minutes = hour * 60 + minute
        label = f"{hour:02d}:{minute:02d}" + (f" {zone}" if zone else "")
        scan.make(
            m.start(),
            m.end(),
            float(minutes),
            zone or "local",
            "clock",
            float(minutes),
            "min",
            precision=1.0,
            text_value=label,
        )


# --- relative times ----------------------------------------------------------------------


def _count_text(raw: str | None) -> tuple[float, float, bool] | None:
    """How many units a relative phrase counts: (low, high, vague)."""
    if raw is None:
        return None
    words = " ".join(raw.lower().split())
    if words in {"a", "an"}:
        return 1.0, 1.0, False
    if words in {"a few", "few", "several"}:
        return 2.0, 5.0, True
    if words in {"a couple", "a couple of"}:
        return 2.0, 3.0, True
    value = _number_text_value(words)
    if value is None:
        return None
    return value, value, False


def _number_text_value(words: str) -> float | None:
    fraction = 0.0
    for tail, part in ((" and a half", 0.5), ("-and-a-half", 0.5), (" and a quarter", 0.25)):
        if words.endswith(tail):
            words, fraction = words[: -len(tail)], part
    if words[:1].isdigit():
        try:
            return float(words) + fraction
        except ValueError:
            return None
    parsed = _parse_words(words)
    return None if parsed is None else parsed[0] + fraction


def _relative_times(scan: _Scan, tokens: set[str]) -> None:
    """ "next week", "within two weeks", "two months ago", "yesterday": against the article."""
    text = scan.text
    ahead = not tokens.isdisjoint(_AHEAD_TOKENS)
    if ahead and "the" in tokens:
        for m in _REL_NEXT_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _next_units(scan, m)
    if "in" in tokens or "within" in tokens:
        for m in _REL_WITHIN_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _within_units(scan, m)
    if not tokens.isdisjoint(_AGO_TOKENS):
        for m in _REL_AGO_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _units_ago(scan, m)
    if not tokens.isdisjoint(_DAY_TOKENS):
        for m in _REL_DAY_RE.finditer(text):
            if not scan.free(m.start(), m.end()):
                continue
            if m["w"] == "Today" and _TITLE_BEFORE_RE.search(
                text, max(0, m.start() - 30), m.start()
            ):
                continue  # a title such as a newspaper's name
            word = " ".join(m["w"].lower().split())
            offset = {"yesterday": -1.0, "last night": -1.0, "tomorrow": 1.0}.get(word, 0.0)
            _add_offset(scan, m.start(), m.end(), offset, "day", offset, offset)
    if ahead or "this" in tokens:
        for m in _REL_CALENDAR_RE.finditer(text):
            if scan.free(m.start(), m.end()):
                _calendar(scan, m)


def _next_units(scan: _Scan, m: re.Match[str]) -> None:
    """ "in the next two weeks", "in the coming weeks", "over the past year"."""
    unit = m["unit"].lower()
    counted = _count_text(m["n"])
    if counted is None:  # "the coming weeks" is vague; "the next week" is one
        counted = (0.0, _COMING[unit] / _UNIT_DAYS[unit], True) if m["pl"] else (1.0, 1.0, False)
    _, high_n, vague = counted
    span = high_n * _UNIT_DAYS[unit]
    past = m["dir"].lower() in {"past", "last", "previous"}
    lo, hi = (-span, 0.0) if past else (0.0, span)
    end = _after_end(scan, m.end())
    approximate = vague or end > m.end()
    _add_offset(scan, m.start(), end, high_n, unit, lo, hi, approximate=approximate)


def _within_units(scan: _Scan, m: re.Match[str]) -> None:
    """ "within two weeks", "in two weeks' time", "within a day"."""
    unit = m["unit"].lower()
    if m["prep"].lower() == "in" and unit == "year":
        return  # "the first time in two years" looks back, not forward
    counted = _count_text(m["n"])
    if counted is None:
        return
    _, high_n, vague = counted
    start, end = _before_start(scan, m.start()), _after_end(scan, m.end())
    approximate = vague or start < m.start() or end > m.end()
    _add_offset(scan, start, end, high_n, unit, 0.0, high_n * _UNIT_DAYS[unit],
                approximate=approximate)  # fmt: skip


def _units_ago(scan: _Scan, m: re.Match[str]) -> None:
    """ "two weeks ago" (from the article), "a day before" (from an event in the text)."""
    unit = m["unit"].lower()
    counted = (1.0, 1.0, False) if m["the"] else _count_text(m["n"])
    if counted is None:
        return
    low_n, high_n, vague = counted
    direction = " ".join(m["dir"].lower().split())
    sign = 1.0 if direction in {"from now", "later", "after"} else -1.0
    start, end = _before_start(scan, m.start()), _after_end(scan, m.end())
    lo, hi = sorted((sign * low_n * _UNIT_DAYS[unit], sign * high_n * _UNIT_DAYS[unit]))
    _add_offset(scan, start, end, high_n, unit, lo, hi,
                approximate=vague or start < m.start() or end > m.end(),
                event=direction not in {"ago", "from now"}, precision=_UNIT_DAYS[unit])  # fmt: skip


def _before_start(scan: _Scan, start: int) -> int:
    """Where a hedge such as "about" that stands before `start` begins (else `start`)."""
    before = _BEFORE_RE.search(scan.text, max(0, start - 24), start)
    if before and before["approx"] and scan.free(before.start(), start):
        return before.start()
    return start


def _after_end(scan: _Scan, end: int) -> int:
    after = _AFTER_RE.match(scan.text, end)
    if after and (after["so"] or after["vague"]) and scan.free(end, after.end()):
        return after.end()
    return end


def _add_offset(
    scan: _Scan,
    start: int,
    end: int,
    value: float,
    unit: str,
    low_days: float,
    high_days: float,
    *,
    approximate: bool = False,
    event: bool = False,
    precision: float = 1.0,
) -> None:
    """A time relative to the article (or, with `event`, to something the text mentions)."""
    if event or scan.date is None:
        dimension = "interval" if event else "time-offset"
        if low_days == high_days:
            scan.make(
                start,
                end,
                value,
                unit,
                dimension,
                low_days,
                "d",
                approximate=approximate,
                precision=precision,
            )
        else:
            middle = (low_days + high_days) / 2
            scan.make(
                start,
                end,
                value,
                unit,
                dimension,
                middle,
                "d",
                low=low_days,
                high=high_days,
                approximate=approximate,
                precision=precision,
            )
        return
    try:
        first = scan.date + dt.timedelta(days=round(low_days))
        last = scan.date + dt.timedelta(days=round(high_days))
    except OverflowError:
        return
    note = f"relative to article date {scan.date.isoformat()}"
    text_value = None
    if precision > 1 and first == last:
        text_value = first.isoformat()
    _add_date(
        scan,
        start,
        end,
        first,
        last,
        unit,
        value,
        approximate=approximate,
        resolved_from=note,
        text_value=text_value,
        precision=precision,
    )


def _calendar(scan: _Scan, m: re.Match[str]) -> None:
    """ "this year", "next week", "last month", "earlier this year": calendar periods."""
    direction, unit = m["dir"].lower(), m["unit"].lower()
    pre = (m["pre"] or "").lower()
    shift = {"next": 1, "last": -1}.get(direction, 0)
    if scan.date is None:
        length = {"week": 7, "weekend": 7, "month": 31, "year": 366}[unit]
        if direction == "past":
            lo, hi = -float(length), 0.0
        elif direction == "coming":
            lo, hi = 0.0, float(length)
        elif shift:
            lo, hi = (1.0, 2.0 * length - 1) if shift > 0 else (1.0 - 2 * length, -1.0)
        else:
            lo, hi = -length + 1.0, length - 1.0
        if pre == "earlier":
            hi = min(hi, 0.0)
        elif pre == "later":
            lo = max(lo, 0.0)
        _add_offset(scan, m.start(), m.end(), 1.0, unit, lo, hi)
        return
    day = scan.date
    try:
        if direction == "past":
            length = {"week": 7, "weekend": 7, "month": 30, "year": 365}[unit]
            first, last = day - dt.timedelta(days=length), day
        elif direction == "coming":
            length = {"week": 7, "weekend": 7, "month": 30, "year": 365}[unit]
            first, last = day, day + dt.timedelta(days=length)
        elif unit in {"week", "weekend"}:
            monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=shift)
            first = monday + dt.timedelta(days=5 if unit == "weekend" else 0)
            last = monday + dt.timedelta(days=6)
        elif unit == "month":
            month_index = day.year * 12 + day.month - 1 + shift
            year, month = divmod(month_index, 12)
            month += 1
            first = dt.date(year, month, 1)
            last = dt.date(year, month, _last_day(year, month))
        else:
            first, last = dt.date(day.year + shift, 1, 1), dt.date(day.year + shift, 12, 31)
    except (ValueError, OverflowError):
        return
    if pre == "earlier":
        last = min(last, day)
    elif pre == "later":
        first = max(first, day)
    note = f"relative to article date {day.isoformat()}"
    text_value = None
    if unit == "month" and direction not in {"past", "coming"} and not pre:
        text_value = f"{first.year}-{first.month:02d}"
    elif unit == "year" and direction not in {"past", "coming"} and not pre:
        text_value = f"{first.year}"
    _add_date(
        scan, m.start(), m.end(), first, last, unit, 1.0, resolved_from=note, text_value=text_value
    )


# --- ages --------------------------------------------------------------------------------


def _ages(scan: _Scan) -> None:
    """ "aged 79" (the "79-year-old" form is read with the number that starts it)."""
    for m in _AGED_RE.finditer(scan.text):
        if scan.free(m.start(), m.end()):
            value = float(m["n"])
            scan.make(m.start(), m.end(), value, "year", "age", value, "years", precision=1.0)


# --- numbers -----------------------------------------------------------------------------


def _parse_words(words: str) -> tuple[float, int] | None:
    """Value of a run of number words, and how many characters of it make one number.

    The run stops where a second number starts: "two three" reads as two."""
    total = 0.0
    current = 0.0
    seen = False
    last_kind = ""
    end = 0
    for token in _WORD_TOKEN_RE.finditer(words):
        word = token.group().lower()
        if word == "and":
            if last_kind != "scale":
                break
            continue
        if word in _SMALL or word in _TENS:
            kind = "tens" if word in _TENS else "small"
            if last_kind in {"small", "tens"} and not (last_kind == "tens" and kind == "small"):
                break
            if last_kind == "tens" and _SMALL[word] >= 10:
                break
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
            last_kind = kind
        elif word == "dozen":
            current = (current or 1.0) * 12
            last_kind = "scale"
        elif word == "hundred":
            if last_kind == "scale" and current >= 100:
                break
            current = (current or 1.0) * 100
            last_kind = "scale"
        elif word in _SCALES:
            total += (current or 1.0) * _SCALES[word]
            current = 0.0
            last_kind = "scale"
        else:
            break
        seen = True
        end = token.end()
    if not seen:
        return None
    return total + current, end


def _digit_precision(raw: str) -> float:
    """The rounding step a written number implies: "1,600" -> 100, "2.5" -> 0.1.

    Round numbers are read as having at least two significant figures ("1,000" -> 100)."""
    if "." in raw:
        return 10.0 ** -len(raw.split(".", 1)[1])
    digits = raw.replace(",", "").lstrip("0")
    if not digits:
        return 1.0
    trailing = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** min(trailing, max(len(digits) - 2, 0))


def _word_precision(value: float) -> float:
    """Number words are round by nature: "twenty" -> 10, "two million" -> 1,000,000."""
    if value != int(value):
        return 0.5 if (value * 2) == int(value * 2) else 0.25
    digits = str(int(value))
    return 10.0 ** (len(digits) - len(digits.rstrip("0"))) if value else 1.0


@dataclass
class _Number:
    """A number read from text before its unit is known."""

    start: int
    end: int
    value: float
    precision: float
    words: bool
    raw: str
    currency: str | None = None
    scaled: bool = False


def _read_number(
    scan: _Scan, m: re.Match[str], dig: str, word: str, currency: re.Match[str] | None
) -> _Number | None:
    """The number in a match (digits or words), with the currency written before it."""
    text = scan.text
    code = _CURRENCY_BEFORE.get(currency["cur"].lower()) if currency else None
    if m[dig]:
        raw = m[dig]
        digits = raw.replace(",", "")
        if len(digits.split(".")[0]) > 15:
            return None
        value, precision, end = float(digits), _digit_precision(raw), m.end(dig)
        start = currency.start() if currency else m.start(dig)
    elif m[word]:
        parsed = _parse_words(m[word])
        if parsed is None:
            return None
        value, length = parsed
        start, end = m.start(word), m.start(word) + length
        raw = text[start:end]
        if raw.lower().split()[0] in _SCALE_FIRST:
            article = _ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
            if article is None:
                return None
            start = article.start()
        precision = _word_precision(value)
        return _Number(start, end, value, precision, True, raw, code)
    else:
        return None
    return _Number(start, end, value, precision, False, raw, code)


def _apply_fraction(scan: _Scan, number: _Number) -> None:
    after = _AND_HALF_RE.match(scan.text, number.end)
    if after:
        part = 0.5 if after["frac"].lower() == "half" else 0.25
        number.value += part
        number.precision = part
        number.end = after.end()


def _apply_scale(scan: _Scan, number: _Number, money_after: bool) -> None:
    m = _SCALE_RE.match(scan.text, number.end)
    if not m:
        return
    if m["scale"]:
        factor = _SCALES[m["scale"].lower()]
    else:  # "£5m", "$2b": one letter is a scale only for money
        if not (number.currency or money_after):
            return
        factor = {"m": 1e6, "b": 1e9, "k": 1e3}[m["short"].lower()]
    number.value *= factor
    number.precision *= factor
    number.end = m.end()
    number.scaled = True


def _noun_after(text: str, pos: int, counted: bool = True) -> tuple[str, str]:
    """The noun a count counts and its lemma ("four naval warships" -> "warships",
    "warship"), or empty strings: a heuristic, with no part-of-speech tagger."""
    words: list[str] = []
    while len(words) < 4:
        m = _NEXT_WORD_RE.match(text, pos)
        if not m:
            break
        words.append(m["w"])
        pos = m.end()
        if pos < len(text) and text[pos] in ',;:.!?()"“”':
            break
    for n, word in enumerate(words[:3]):
        lower = word.lower().replace("’", "'")
        if (
            len(lower) < 2
            or lower in _FUNCTION_WORDS
            or lower in _NUMBER_WORD_SET
            or lower.endswith("'s")
        ):
            return "", ""
        following = words[n + 1] if n + 1 < len(words) else None
        follows_noun = following is not None and following.lower() not in _FUNCTION_WORDS
        if word[0].isupper():
            if follows_noun and following is not None and following[0].islower():
                continue
            return "", ""
        if follows_noun and (
            lower in _ADJECTIVES or "-" in lower or lower.endswith(_ADJECTIVE_ENDINGS)
        ):
            continue
        if lower.endswith("ed") and not follows_noun:
            return "", ""
        if lower in _ADJECTIVES:
            return "", ""
        base = _lemma(lower)
        if counted and follows_noun and base == lower and following and following[0].islower():
            plural = following.lower()
            if _lemma(plural) != plural:  # "two administration officials"
                return following, _lemma(plural)
        return word, base
    return "", ""


def _lemma(word: str) -> str:
    """A plain singular for a counted noun, so "leaders" and "leader" count the same thing."""
    word = word.lower().replace("’", "'")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _numbers(scan: _Scan, runs: list[re.Match[str]], words: list[re.Match[str]]) -> None:
    """Numerals and number words with whatever follows them: scale, range, unit, noun."""
    text = scan.text
    starts = [m.start() for m in runs]
    if words:
        starts = sorted([*starts, *(m.start() for m in words)])
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = _CORE_AT_RE.match(text, start)
        if m is None:
            continue
        pos = max(_read_core(scan, m), start + 1)


def _read_core(scan: _Scan, m: re.Match[str]) -> int:
    """Read one number starting at `m`; return where to keep looking."""
    text = scan.text
    if not scan.free(m.start(), m.end()):
        return m.end()
    if m["half"]:
        return _read_half(scan, m)
    symbol = None
    if m["dig"] and m.start() > 0 and not text[m.start() - 1].isalnum():
        symbol = _CURRENCY_BEFORE_RE.search(text, max(0, m.start() - 5), m.start())
        if symbol is not None and not scan.free(symbol.start(), m.start()):
            symbol = None
    first = _read_number(scan, m, "dig", "word", symbol)
    if first is None:
        return m.end()
    if not first.words:
        skip = _not_a_number(scan, m, first)
        if skip is not None:
            return skip
    _apply_fraction(scan, first)
    money_after = bool(
        _AFTER_MONEY_RE.match(text, first.end) or _SCALED_MONEY_RE.match(text, first.end)
    )
    _apply_scale(scan, first, money_after)
    if not first.words and first.end < len(text) and text[first.end].isalpha():
        attached = _read_attached(scan, first)
        if attached is not None:
            return attached
    prefix = _BEFORE_RE.search(text, max(0, first.start - 24), first.start)
    if prefix and not scan.free(prefix.start(), first.start):
        prefix = None
    second = _read_range(scan, first, prefix)
    if isinstance(second, int):
        return second
    return _measure(scan, first, second, prefix)


def _not_a_number(scan: _Scan, m: re.Match[str], first: _Number) -> int | None:
    """Where to go on when digits are part of a code, a fraction, a label or an ID."""
    text = scan.text
    start = m.start()
    if not first.currency:
        before = text[start - 1] if start > 0 else ""
        if (
            before.isalpha()
            or (before and before in "_#@/")
            or (
                before == "-"
                and start > 1
                and text[start - 2].isalnum()
                and not _hyphen_prefix_ok(text, start - 1)
            )
        ):
            return m.end()
    if text[first.end : first.end + 1] == "/" and text[first.end + 1 : first.end + 2].isdigit():
        return _skip_token(text, first.end)  # "24/7", "12/32"
    if not first.currency and first.raw.isdigit() and len(first.raw) >= 7:
        return first.end  # a long run of digits is an ID, not an amount
    if _LABEL_BEFORE_RE.search(text, max(0, start - 14), start):
        return _skip_token(text, first.end)
    return None


def _read_attached(scan: _Scan, first: _Number) -> int | None:
    """Letters right after digits: "8th", "1990s", "10km", or a code such as "5G"."""
    text = scan.text
    end = first.end
    suffix = _ORDINAL_SUFFIX_RE.match(text, end)
    if suffix and not first.scaled and first.raw.isdigit():
        noun = _noun_after(text, suffix.end(), counted=False)[1]
        scan.make(first.start, suffix.end(), first.value, noun, "ordinal", first.value,
                  "ordinal", precision=1.0)  # fmt: skip
        return suffix.end()
    decade = _DECADE_RE.match(text, end)
    if decade and len(first.raw) == 4 and first.raw.endswith("0") and not first.currency:
        year = float(first.raw)
        scan.make(first.start, decade.end(), year, "decade", "year", year + 4.5, "year",
                  low=year, high=year + 9, precision=1.0, text_value=f"{first.raw}s")  # fmt: skip
        return decade.end()
    unit = _unit_at(text, end)
    if not unit or not _unit_ok(unit):
        return _skip_token(text, end)
    return None


def _read_range(scan: _Scan, first: _Number, prefix: re.Match[str] | None) -> _Number | int | None:
    """The upper end of a range ("3-4", "3 to 4 million", "between 2 and 3"), or where to go
    on when the hyphen made a score ("3-1"), or None."""
    text = scan.text
    if not _RANGE_SEP_RE.match(text, first.end):
        return None
    rng = _RANGE_RE.match(text, first.end)
    if not rng or not scan.free(rng.start(), rng.end()):
        return None
    joined_by = (rng["word"] or "-").lower()
    if joined_by == "and" and not (prefix and prefix["between"]):
        return None
    if joined_by == "to" and prefix and prefix["from"]:
        return None  # "from 3 to 4" is a change, not a range
    currency = _CURRENCY_AT_RE.match(text, rng.start("cur")) if rng["cur"] else None
    second = _read_number(scan, rng, "dig", "wnum", currency)
    if second is None:
        return None
    _apply_fraction(scan, second)
    second_money = bool(_AFTER_MONEY_RE.match(text, second.end))
    _apply_scale(scan, second, second_money or bool(first.currency))
    if second.scaled and not first.scaled:  # "3 to 4 million": the scale is shared
        scale = second.value / _number_text_scale_free(second)
        first.value *= scale
        first.precision *= scale
    short_year = len(first.raw) == 4 and len(second.raw) == 2 and first.raw.isdigit()
    if joined_by == "-" and not second.words and short_year:
        second.value += first.value - first.value % 100  # "2025-26"
    if second.value > first.value:
        return second
    if joined_by == "-" and not first.words:
        return _skip_token(text, rng.end())  # "3-1": a score
    return None


_AGE_FACTORS = {"year": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}


def _measure(
    scan: _Scan, first: _Number, second: _Number | None, prefix: re.Match[str] | None
) -> int:
    """Decide what a number (or range) measures from what follows it, and add it."""
    text = scan.text
    end = (second or first).end
    currency = first.currency or (second.currency if second else None)
    age = _AGE_RE.match(text, end)
    # Case-insensitive matching also accepts look-alike letters ("ſ", "ı", "İ") that lower()
    # does not map back to the spelling in the tables: such a match is simply not a unit.
    age_factor = _AGE_FACTORS.get(age["u"].lower()) if age and not currency else None
    if age and age_factor is not None:
        unit_name = age["u"].lower()
        return _emit(scan, first, second, age.end(), unit_name, "age", age_factor, "years", prefix)
    unit = _unit_at(text, end)
    known = _UNITS.get(" ".join(unit["unit"].lower().split())) if unit else None
    if unit and known is not None and _unit_ok(unit):
        alias = " ".join(unit["unit"].lower().split())
        name, dimension, factor, canon = known
        if alias in {"pounds", "pound"} and (first.scaled or currency == "GBP"):
            name, dimension, factor, canon = "GBP", "money", 1.0, "GBP"
        keep = not (dimension == "money" and (currency or (first.words and unit["sep"].strip())))
        if keep:  # ("$5 million dollars": the symbol already said it)
            return _emit(scan, first, second, unit.end(), name, dimension, factor, canon, prefix)
    if currency:
        return _emit(scan, first, second, end, currency, "money", 1.0, currency, prefix)
    if _HYPHEN_WORD_RE.match(text, end):
        return _skip_token(text, end)  # "three-way", "24-member": a compound adjective
    is_year = not first.words and len(first.raw) == 4 and first.raw.isdigit()
    if is_year and _read_year(scan, first, second, prefix, end):
        return end
    noun = _noun_after(text, end)[1]
    if first.words and not noun and not first.scaled:
        return end  # "the two", "two of them": no counted thing, not worth reporting
    if first.words and first.raw.lower() == "one" and second is None:
        return end  # "one" alone is an article far more often than a count
    return _emit(scan, first, second, end, noun, "count", 1.0, noun, prefix)


def _read_year(
    scan: _Scan, first: _Number, second: _Number | None, prefix: re.Match[str] | None, end: int
) -> bool:
    """A calendar year ("in 2018", "2025-26"), unless a plural noun makes it a count."""
    text = scan.text
    if not 1000 <= first.value <= 2100 or first.scaled:
        return False
    if second is not None:
        if second.words or not first.value < second.value <= 2100:
            return False
        start = prefix.start() if prefix and prefix["between"] else first.start
        scan.make(start, end, first.value, "year", "year", (first.value + second.value) / 2,
                  "year", low=first.value, high=second.value, precision=1.0,
                  text_value=f"{first.raw}–{int(second.value)}")  # fmt: skip
        return True
    follower = _NEXT_WORD_RE.match(text, end)
    word = follower["w"] if follower else ""
    plural = word.islower() and word not in _FUNCTION_WORDS and _lemma(word) != word
    if plural and not _YEAR_BEFORE_RE.search(text, max(0, first.start - 12), first.start):
        return False  # "2000 troops"
    scan.make(first.start, end, first.value, "year", "year", first.value, "year",
              precision=1.0, text_value=first.raw)  # fmt: skip
    return True


def _hyphen_prefix_ok(text: str, hyphen: int) -> bool:
    """ "mid-2025": a word joined to a number by a hyphen that leaves it a number."""
    first = hyphen
    while first > 0 and text[first - 1].isalpha():
        first -= 1
    return text[first:hyphen].lower() in _NOT_CODE_PREFIXES


def _number_text_scale_free(number: _Number) -> float:
    raw = number.raw.replace(",", "")
    if number.words:
        parsed = _parse_words(raw)
        return parsed[0] if parsed and parsed[0] else 1.0
    try:
        return float(raw) or 1.0
    except ValueError:
        return 1.0


def _unit_ok(m: re.Match[str]) -> bool:
    written = m["unit"]
    alias = " ".join(written.lower().split())
    if alias in _LOWER_ONLY and written != alias:
        return False
    if alias in _UPPER_ONLY and written != written.upper():
        return False
    if alias in {"c", "f"}:
        return written.isupper() and m["sep"] == ""
    if m["sep"] == "" and alias[:1].isalpha() and len(alias) > 3 and alias not in {"kilos"}:
        return alias in {"kmh", "mph", "kph"}  # "10miles" is rare; "5years" is not a unit
    return True


def _skip_token(text: str, pos: int) -> int:
    """Past the rest of an identifier-like token."""
    while pos < len(text) and (text[pos].isalnum() or text[pos] in "-_/"):
        pos += 1
    return pos


def _emit(
    scan: _Scan,
    first: _Number,
    second: _Number | None,
    end: int,
    unit: str,
    dimension: str,
    factor: float,
    canon: str,
    prefix: re.Match[str] | None,
) -> int:
    """Add the quantity with its hedges, bounds and conversion; return where it ends."""
    text = scan.text
    start = first.start
    approximate = False
    low: float | None = None
    high: float | None = None
    offset = -32.0 if unit == "fahrenheit" else 0.0
    negative = (
        dimension in {"temperature", "percent", "degree"}
        and not first.currency
        and _negative(text, start)
    )
    sign = -1.0 if negative else 1.0
    if negative:
        start -= 1
    value = sign * first.value

    def convert(v: float) -> float:
        return (v + offset) * factor

    if second is not None:
        low, high = sorted((convert(sign * first.value), convert(sign * second.value)))
        value = sign * (first.value + second.value) / 2
    if prefix is not None:
        kind = prefix.lastgroup
        if kind == "lower" and dimension == "duration" and prefix.group().lower().strip() == "over":
            kind = None  # "over two days" is "during", not "more than"
        if kind in {"approx", "lower", "upper"}:
            start = prefix.start()
            approximate = True
            if kind == "lower" and low is None:
                low, high = convert(value), INF
            elif kind == "upper" and low is None:
                low, high = (0.0 if value >= 0 else -INF), convert(value)
        elif kind == "between" and low is not None:
            start = prefix.start()
    after = _AFTER_RE.match(text, end)
    if after and scan.free(end, after.end()):
        end = after.end()
        approximate = True
        if (after["more"] or after["plus"]) and low is None:
            low, high = convert(value), INF
        elif after["less"] and low is None:
            low, high = (0.0 if value >= 0 else -INF), convert(value)
    if not scan.free(start, end):
        start = first.start
        if not scan.free(start, end):
            return end
    precision = min(first.precision, second.precision) if second else first.precision
    normalized = convert(value)
    if low is not None and high is not None:
        normalized = (
            (low + high) / 2
            if math.isfinite(high) and math.isfinite(low)
            else (low if math.isfinite(low) else high)
        )
    scan.make(
        start,
        end,
        value,
        unit,
        dimension,
        normalized,
        canon,
        low=low,
        high=high,
        approximate=approximate,
        precision=abs(precision * factor),
    )
    return end


def _negative(text: str, start: int) -> bool:
    if start == 0 or text[start - 1] not in "-−":
        return False
    return start == 1 or text[start - 2] in " \t(\u00a0"


def _read_half(scan: _Scan, m: re.Match[str]) -> int:
    """ "half an hour", "a half-hour": half a unit, read only when a unit follows."""
    text = scan.text
    after = _HALF_ARTICLE_RE.match(text, m.end())
    pos = after.end() if after else m.end()
    unit = _unit_at(text, pos)
    if not unit or not _unit_ok(unit):
        return m.end()
    name, dimension, factor, canon = _UNITS[" ".join(unit["unit"].lower().split())]
    if dimension not in {"duration", "length", "mass", "volume", "area"}:
        return m.end()
    start = m.start()
    article = _ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
    if article:
        start = article.start()
    if not scan.free(start, unit.end()):
        return m.end()
    scan.make(start, unit.end(), 0.5, name, dimension, 0.5 * factor, canon, precision=0.5 * factor)
    return unit.end()


# "hundreds of protesters": a count known only to its order of magnitude, as a range.
_VAGUE_SPANS = {
    "dozens": (24.0, 99.0),
    "scores": (40.0, 99.0),
    "hundreds": (200.0, 999.0),
    "thousands": (2_000.0, 9_999.0),
    "tens of thousands": (20_000.0, 99_999.0),
    "hundreds of thousands": (200_000.0, 999_999.0),
    "millions": (2e6, 999e6),
    "tens of millions": (2e7, 99e6),
    "hundreds of millions": (2e8, 999e6),
    "billions": (2e9, 999e9),
}
_VAGUE_TOKENS = frozenset({"dozens", "scores", "hundreds", "thousands", "millions", "billions"})
_VAGUE_RE = _lazy(
    r"\b(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|scores|hundreds|thousands"
    r"|millions|billions)\s+of(?=\s+\w)",
    re.I,
)


_FRACTION_PARTS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_FRACTION_TOKENS = frozenset(_FRACTION_PARTS)
_FRACTION_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION_NOT_SHARE_RE = _lazy(r"\b(?:the|first|second|third|last|latter|other|final)\s+$")
_FRACTION_RE = _lazy(
    r"\b(?:(?P<count>an?|one|two|three|four|nine)[\s-]+)?"
    r"(?P<part>half|halves|thirds?|quarters?|fourths?|fifths?|tenths?)\s+of\b",
    re.I,
)


def _fractions(scan: _Scan) -> None:
    """ "half of the budget", "two-thirds of voters": a share, so it compares with "50%"."""
    for m in _FRACTION_RE.finditer(scan.lower):
        start, end = m.start(), m.end("part")
        if not scan.free(start, end) or _FRACTION_NOT_SHARE_RE.search(
            scan.lower, max(0, start - 12), start
        ):
            continue  # "the second half of the game" is a time, not a share
        count = _FRACTION_COUNTS[m["count"]] if m["count"] else 1
        part = _FRACTION_PARTS[m["part"]]
        if count >= part or (not m["count"] and part != 2):
            continue  # "thirds of" alone, "four quarters of": not a share
        value = round(100 * count / part, 2)
        scan.make(start, end, value, "percent", "percent", value, "%", precision=1.0)


def _vague_magnitudes(scan: _Scan) -> None:
    """ "hundreds of people", "tens of thousands of troops": a count as the range the words
    allow, so "hundreds of" agrees with 500 and disagrees with 5,000."""
    for m in _VAGUE_RE.finditer(scan.lower):
        start, end = m.start(), m.end()
        if not scan.free(start, end):
            continue
        key = " ".join(m.group().split()[:-1])
        low, high = _VAGUE_SPANS[key]
        word, noun = _noun_after(scan.text, end)
        if not noun:
            continue
        middle = (low + high) / 2
        found = scan.text.find(word, end)
        end = found + len(word) if found >= 0 else end
        currency = _MONEY_WORDS.get(word.lower())
        dimension, unit = ("money", currency) if currency else ("count", noun)
        scan.make(
            start, end, middle, unit, dimension, middle, unit,
            low=low, high=high, approximate=True, precision=low,
        )  # fmt: skip


def _ordinal_words(scan: _Scan) -> None:
    """ "eighth", "second", "twenty-first": only where they rank something."""
    text, lower = scan.text, scan.lower
    for anchor in _ORDINAL_ANCHOR_RE.finditer(lower):
        m = _ORDINAL_AT_RE.match(lower, anchor.start())
        if m is None:
            continue
        start, end = m.start(), m.end()
        if not scan.free(start, end):
            continue
        word = m["ord"].lower()
        value = float(_ORDINAL_WORDS[word] + (_TENS[m["tens"].lower()] if m["tens"] else 0))
        determiner = _DETERMINER_BEFORE_RE.search(text, max(0, start - 8), start)
        if word in {"first", "second"} and not m["tens"] and not determiner:
            continue  # "at first", "first of all", "wait a second"
        if (
            _OF_AFTER_RE.match(text, end)
            and word != "first"
            and (determiner is None or determiner.group().strip().lower() in {"a", "an"})
        ):
            continue  # "a third of the vote" is a fraction
        compound = _COMPOUND_AFTER_RE.match(text, end)
        if compound and compound.group(1).lower() not in _ORDINAL_COMPOUND_OK:
            continue  # "first-hand", "third-party"
        if text[start].isupper() and determiner is None:
            follower = _NEXT_WORD_RE.match(text, end)
            if follower and follower["w"][0].isupper():
                continue  # a title: "Second Avenue"
        noun = _noun_after(text, end, counted=False)[1]
        if not noun and word == "second" and determiner and determiner.group()[0] in "aA":
            continue  # "wait a second"
        scan.make(start, end, value, noun, "ordinal", value, "ordinal", precision=1.0)


# --- comparison --------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """How a set of values of one quantity relate, and whether they agree."""

    relation: Relation
    consistent: bool
    tolerance: str
    explanation: str


_RANK = {
    Relation.IDENTICAL: 0,
    Relation.EQUIVALENT: 1,
    Relation.LESS_PRECISE: 2,
    Relation.CONTRADICTING: 3,
}


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two quantities measure the same kind of thing, so comparing them makes sense."""
    if a.dimension != b.dimension:
        return False
    dimension = a.dimension
    if dimension == "money":
        return a.normalized_unit == b.normalized_unit
    if dimension in {"count", "ordinal"}:
        return not a.unit or not b.unit or a.unit == b.unit
    if dimension == "clock":
        return a.unit == b.unit or "local" in {a.unit, b.unit}
    if dimension == "date" and (_unresolved(a) or _unresolved(b)):
        pa, pb = _date_parts(a), _date_parts(b)
        if pa is None or pb is None:
            return False
        return any(x is not None and y is not None for x, y in zip(pa, pb, strict=True))
    return True


def _unresolved(q: Quantity) -> bool:
    return q.dimension == "date" and math.isnan(q.normalized_value)


def _date_parts(q: Quantity) -> tuple[int | None, int | None, int | None, int | None] | None:
    """(year, month, day, ISO weekday) as far as a date says them."""
    if _unresolved(q):
        if q.unit == "weekday":
            return None, None, None, int(q.value)
        if q.unit == "month-day":
            return None, int(q.value) // 100, int(q.value) % 100, None
        if q.unit == "month":
            return None, int(q.value), None, None
        return None
    if q.low is None:
        day = dt.date.fromordinal(int(q.normalized_value))
        return day.year, day.month, day.day, day.isoweekday()
    if q.text_value and re.fullmatch(r"[0-9]{4}-[0-9]{2}", q.text_value):
        return int(q.text_value[:4]), int(q.text_value[5:]), None, None
    return None


def compare_quantities(values: Sequence[Quantity]) -> Comparison:
    """How outlets' values relate: the weakest relation among all pairs decides."""
    values = list(values)
    if len(values) < 2:
        only = f"only {values[0].surface}" if values else "no values"
        return Comparison(Relation.IDENTICAL, True, "exact", only)
    worst: Comparison | None = None
    consistent = True
    for n, a in enumerate(values):
        for b in values[n + 1 :]:
            pair = _compare_pair(a, b)
            consistent = consistent and pair.consistent
            if worst is None or _RANK[pair.relation] > _RANK[worst.relation]:
                worst = pair
    assert worst is not None
    if worst.relation is Relation.IDENTICAL and len(values) > 2:
        worst = Comparison(
            worst.relation,
            True,
            worst.tolerance,
            f"all {len(values)} say {format_normalized(values[0])}",
        )
    return Comparison(worst.relation, consistent, worst.tolerance, worst.explanation)


def _compare_pair(a: Quantity, b: Quantity) -> Comparison:
    if not comparable(a, b):
        return Comparison(
            Relation.CONTRADICTING,
            False,
            "not comparable",
            f"{_shown(a)} and {_shown(b)} do not measure the same thing",
        )
    if _unresolved(a) or _unresolved(b):
        return _compare_date_parts(a, b)
    same_unit = a.unit == b.unit
    range_a, range_b = a.low is not None, b.low is not None
    same_numbers = (
        _close(a.normalized_value, b.normalized_value)
        and _close_opt(a.low, b.low)
        and _close_opt(a.high, b.high)
    )
    if same_numbers:
        if same_unit and a.approximate == b.approximate:
            return Comparison(Relation.IDENTICAL, True, "exact", f"both say {_fmt(a)}")
        if same_unit:
            hedged, plain = (a, b) if a.approximate else (b, a)
            return Comparison(
                Relation.LESS_PRECISE,
                True,
                "same value, one hedged",
                f"{hedged.surface} hedges {_shown(plain)}",
            )
        return Comparison(
            Relation.EQUIVALENT,
            True,
            "exact after conversion",
            _conversion_text([a, b], "is the same"),
        )
    ratio = a.dimension in _RATIO_DIMENSIONS
    a_in_b = _contains(_band(b), _bounds(a))
    b_in_a = _contains(_band(a), _bounds(b))
    if not range_a and not range_b:
        va, vb = a.normalized_value, b.normalized_value
        scale = max(abs(va), abs(vb))
        relative = abs(va - vb) / scale if scale else 0.0
        if not same_unit and ratio and relative <= CONVERSION_TOLERANCE:
            return Comparison(
                Relation.EQUIVALENT,
                True,
                "within 1% after conversion",
                _conversion_text([a, b], "agrees within 1%"),
            )
        if not same_unit and (a_in_b or b_in_a):
            return Comparison(
                Relation.EQUIVALENT,
                True,
                "within rounding after conversion",
                _conversion_text([a, b], "agrees within its rounding"),
            )
    if a_in_b or b_in_a:
        outer, inner = (b, a) if a_in_b and not (b_in_a and _width(b) < _width(a)) else (a, b)
        return _containment(outer, inner)
    if (range_a or range_b) and (a.approximate or b.approximate):
        band_a, band_b = _band(a), _band(b)
        if band_a[0] <= band_b[1] and band_b[0] <= band_a[1]:
            tolerance = "dates overlap" if a.dimension == "date" else "ranges overlap"
            return Comparison(
                Relation.LESS_PRECISE,
                True,
                tolerance,
                f"{_shown(a)} and {_shown(b)} overlap",
            )
    return Comparison(
        Relation.CONTRADICTING, False, _difference(a, b), f"{_shown(a)} vs {_shown(b)}"
    )


def _containment(outer: Quantity, inner: Quantity) -> Comparison:
    """`outer` (a range, a rounding or a hedge) takes in `inner`."""
    explanation = f"{_shown(outer)} includes {_shown(inner)}"
    if outer.dimension == "date":
        return Comparison(Relation.LESS_PRECISE, True, "dates overlap", explanation)
    if outer.low is not None:
        return Comparison(Relation.LESS_PRECISE, True, "range contains the other", explanation)
    half = _half_width(outer)
    if outer.approximate and half > outer.precision / 2:
        return Comparison(
            Relation.LESS_PRECISE,
            True,
            f"within approximation (±{_amount(outer, half, outer.precision)})",
            f"{inner.surface} is within {outer.surface}",
        )
    return Comparison(
        Relation.LESS_PRECISE,
        True,
        f"within rounding (±{_amount(outer, half, half)})",
        f"{outer.surface} is {inner.surface} rounded to the nearest "
        f"{_amount(outer, outer.precision, outer.precision)}",
    )


def _compare_date_parts(a: Quantity, b: Quantity) -> Comparison:
    pa, pb = _date_parts(a), _date_parts(b)
    if pa is None or pb is None:
        return Comparison(
            Relation.CONTRADICTING, False, "not comparable", f"{_shown(a)} vs {_shown(b)}"
        )
    shared = [(x, y) for x, y in zip(pa, pb, strict=True) if x is not None and y is not None]
    if any(x != y for x, y in shared):
        return Comparison(
            Relation.CONTRADICTING, False, "different days", f"{_shown(a)} vs {_shown(b)}"
        )
    if [x is None for x in pa] == [y is None for y in pb] and a.unit == b.unit:
        return Comparison(Relation.IDENTICAL, True, "exact", f"both say {_fmt(a)}")
    return Comparison(
        Relation.LESS_PRECISE,
        True,
        "dates overlap",
        f"{_shown(a)} and {_shown(b)} agree on what both say",
    )


def _close(x: float, y: float) -> bool:
    if math.isinf(x) or math.isinf(y):
        return x == y
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def _close_opt(x: float | None, y: float | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return _close(x, y)


def _bounds(q: Quantity) -> tuple[float, float]:
    if q.low is not None and q.high is not None:
        return q.low, q.high
    return q.normalized_value, q.normalized_value


def _half_width(q: Quantity) -> float:
    """How far a point value reaches either side: its rounding, widened when hedged."""
    half = q.precision / 2
    if q.approximate:
        if q.dimension in _RATIO_DIMENSIONS:
            half = max(half, APPROXIMATE_SHARE * abs(q.normalized_value))
        else:
            half = max(half, q.precision)
    return half


def _band(q: Quantity) -> tuple[float, float]:
    if q.low is not None and q.high is not None:
        return q.low, q.high
    half = _half_width(q)
    # A rounding step is half-open: 2.5 is not "two" rounded.
    shrink = 1e-7 * max(1.0, abs(q.normalized_value))
    return q.normalized_value - half + shrink, q.normalized_value + half - shrink


def _width(q: Quantity) -> float:
    lo, hi = _band(q)
    return hi - lo


def _contains(outer: tuple[float, float], inner: tuple[float, float]) -> bool:
    eps = 1e-9 * max(1.0, abs(inner[0]) if math.isfinite(inner[0]) else 1.0)
    return outer[0] - eps <= inner[0] and inner[1] <= outer[1] + eps


def _difference(a: Quantity, b: Quantity) -> str:
    if a.dimension == "date":
        gap = abs(a.normalized_value - b.normalized_value)
        return f"{gap:g} days apart" if gap < 1e6 else "no overlap"
    if a.low is not None or b.low is not None:
        return "no overlap"
    va, vb = a.normalized_value, b.normalized_value
    if a.dimension in _RATIO_DIMENSIONS and max(abs(va), abs(vb)) > 0:
        share = abs(va - vb) / max(abs(va), abs(vb)) * 100
        return f"differ by {share:.0f}%" if share >= 1 else f"differ by {share:.1g}%"
    return f"differ by {_amount(a, abs(va - vb), 0.0)}"


def _converted(q: Quantity) -> bool:
    """Whether the normalized form says something the surface does not."""
    if q.dimension == "date":
        return q.unit != "date" or q.resolved_from is not None
    return not _close(q.value, q.normalized_value)


def _conversion_text(values: list[Quantity], verdict: str) -> str:
    converted = [q for q in values if _converted(q)]
    plain = [q for q in values if q not in converted] or values[-1:]
    parts = [f"{q.surface} = {_fmt(q)}" for q in converted if q is not plain[0]]
    if not parts:
        return f"{values[0].surface} and {values[1].surface} {verdict}"
    return "; ".join(parts) + f"; {plain[0].surface} {verdict}"


def _shown(q: Quantity) -> str:
    shown = _fmt(q)
    return q.surface if shown == q.surface else f"{q.surface} ({shown})"


def _fmt(q: Quantity) -> str:
    return format_normalized(q)


# --- formatting --------------------------------------------------------------------------


def _number(value: float, precision: float) -> str:
    """A number with the decimals its precision calls for and thousands separators."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if math.isnan(value):
        return "?"
    if precision >= 1:
        decimals = 0
    elif precision > 0:
        decimals = next(
            (d for d in range(1, 4) if abs(precision * 10**d - round(precision * 10**d)) < 1e-6),
            max(0, -math.floor(math.log10(precision))),
        )
    else:
        magnitude = abs(value)
        decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    decimals = min(decimals, 6)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _big(value: float, precision: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{_number(value / size, precision / size if precision else 0.0)} {word}"
    return _number(value, precision)


def _duration(hours: float, precision: float) -> str:
    if math.isinf(hours):
        return "∞"
    magnitude = abs(hours)
    if magnitude < 72:
        return f"{_number(hours, precision)} h"
    if magnitude < 730 * 24:
        return f"{_number(hours / 24, precision / 24)} d"
    return f"{_number(hours / 8766, precision / 8766)} yr"


def _plural(noun: str, value: float) -> str:
    if not noun or value == 1 or (noun in _IRREGULAR.values() and noun != "people"):
        return noun
    if noun in {"man", "woman", "child", "foot"}:
        return {"man": "men", "woman": "women", "child": "children", "foot": "feet"}[noun]
    if noun == "people":
        return noun
    if noun.endswith("y") and noun[-2:-1] not in set("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "x", "ch", "sh", "z")):
        return noun + "es"
    return noun + "s"


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _amount(q: Quantity, v: float, precision: float | None = None) -> str:
    """One value of `q`'s dimension in its display unit."""
    dimension = q.dimension
    step = q.precision if precision is None else precision
    if dimension == "duration":
        return _duration(v, step)
    if dimension == "money":
        return f"{q.normalized_unit} {_big(v, step)}"
    if dimension == "count":
        return f"{_big(v, step)} {_plural(q.normalized_unit, v)}".rstrip()
    if dimension in {"time-offset", "interval"}:
        return f"{'+' if v > 0 else ''}{_number(v, step)} d"
    if dimension == "percent":
        return f"{_number(v, step)}%"
    if dimension == "age":
        return f"{_number(v, step)} years"
    if dimension == "temperature":
        return f"{_number(v, step)} °C"
    if dimension in {"year", "ordinal"}:
        return _number(v, step)
    if dimension == "date":
        return f"{_number(v, step)} d"
    return f"{_big(v, step)} {q.normalized_unit}".rstrip()


def format_normalized(q: Quantity) -> str:
    """The normalised value for display: "1,609 km", "2.5 h", "2025-10-28", "8th"."""
    dimension = q.dimension
    if dimension == "date":
        if q.text_value and "/" in q.text_value:
            first, last = q.text_value.split("/", 1)
            return f"{first} – {last}"
        if _unresolved(q):
            suffix = ", date unknown" if q.unit == "weekday" else ", year unknown"
            return f"{q.text_value}{suffix}"
        return q.text_value or dt.date.fromordinal(int(q.normalized_value)).isoformat()
    if dimension == "ordinal":
        n = int(q.normalized_value)
        return f"{n}{_ordinal_suffix(n)}"
    if dimension in {"year", "clock"} and q.text_value:
        return q.text_value
    if q.low is not None and q.high is not None:
        if math.isinf(q.high):
            return f"≥ {_amount(q, q.low)}"
        if math.isinf(q.low) or (q.low == 0 and dimension not in {"time-offset", "interval"}):
            return f"≤ {_amount(q, q.high)}"
        return f"{_amount(q, q.low)} – {_amount(q, q.high)}"
    shown = _amount(q, q.normalized_value)
    return f"≈ {shown}" if q.approximate else shown
