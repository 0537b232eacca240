"""Word lists and regular expressions the quantity readers share: number words, months,
weekdays, currencies, and the patterns built on them, each compiled on first use."""

from __future__ import annotations

import math
import re

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
    rf"USD|EUR|GBP|JPY|CHF|CNY|RUB|AUD|CAD|INR|UAH){_SP}?[-−]?\Z"
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
