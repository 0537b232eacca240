"""News idioms the general passes would misread, read before them.

Vote tallies and scores ("voted 97-1"), filing names ("a 13F filing": not 13 °F), fiscal
quarters ("Q3 2024"), a month "of" a year ("born in April of 1987"), fixed-date holidays ("the
Fourth of July"), mixed numbers and fractions before a unit ("2 1/2 inches"), "half a million",
scale suffixes ("$2.174T", "10k members"), digit groups written with spaces ("10 000 dollars"),
"8- to 16-meter" ranges, "between 44 mg and 50 mg" and durations with an article ("an hour and
a half"). Each pass claims its span, so later passes do not read it again.
"""

from __future__ import annotations

import datetime as dt
import re

from tui.engine.quantities.dates import _add_date, _add_unresolved_date, _last_day
from tui.engine.quantities.numbers import (
    _about_temperature,
    _digit_precision,
    _emit,
    _measure,
    _Number,
    _unit_ok,
)
from tui.engine.quantities.patterns import _MONTHS, _wordset
from tui.engine.quantities.scan import _Scan
from tui.engine.quantities.units import _SYMBOLS, _UNITS, _unit_at

_TALLY_RE = re.compile(
    r"(?<![\d.,/:-])(?P<a>\d{1,3})[-–](?P<b>\d{1,3})(?![\d,/:]|\.\d|[-–]\d|\s*%)"
)
_TALLY_BEFORE_RE = re.compile(
    r"\b(?:vote[sd]?|voting|passed|approved|rejected|confirmed|won|wins|lost|beat|defeated|"
    r"score[sd]?|tally|margin|ruled|decision|split|record|lead|led|trailed)\b[^.;\d]{0,30}\Z",
    re.I,
)
_TALLY_AFTER_RE = re.compile(
    r"\s*(?:vote|votes|decision|ruling|majority|margin|win|victory|loss|defeat|lead|record|"
    r"score)\b",
    re.I,
)
_FILING_RE = re.compile(
    r"\b\d{1,3}-?[A-Z]\b(?=\s+(?:filings?|forms?|reports?|holdings|statements?|disclosures?))"
)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2}
_QUARTER_WORDS.update({"3rd": 3, "4th": 4})
_QUARTER_RE = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?:the\s+)?(?P<w>first|second|third|fourth|1st|2nd|3rd|4th)"
    r"(?:\s+fiscal)?\s+quarter(?:\s+of)?)\s+(?:fiscal\s+)?(?:FY\s*)?(?P<y>(?:19|20)\d{2})\b",
    re.I,
)
_MONTH_OF_YEAR_RE = re.compile(
    r"\b(?P<m>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+of\s+"
    r"(?P<y>(?:1[6-9]|20)\d{2})\b"
)
# Holidays on one calendar day every year: (month, day).
_HOLIDAYS = {
    "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
    "st. patrick's day": (3, 17), "fourth of july": (7, 4), "july fourth": (7, 4),
    "independence day": (7, 4), "bastille day": (7, 14), "halloween": (10, 31),
    "veterans day": (11, 11), "armistice day": (11, 11), "christmas eve": (12, 24),
    "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "juneteenth": (6, 19),
}  # fmt: skip
_HOLIDAY_RE = re.compile(
    r"\b(?:the\s+)?(?P<h>"
    + "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]") for h in _HOLIDAYS)
    + r")\b(?:,?\s+(?P<y>(?:19|20)\d{2})\b)?",
    re.I,
)
_MIXED_RE = re.compile(
    r"(?<![\d/.,])(?:(?P<w>\d{1,3})\s*)?(?:(?P<n>\d{1,2})/(?P<d>\d{1,2})(?![\d/])|(?P<v>[½⅓⅔¼¾⅛]))"
)
_OF_RE = re.compile(r"\s+of\b")
_VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅛": (1, 8)}
_VULGAR_RE = re.compile("[" + "".join(_VULGAR) + "]")
_HALF_SCALE_RE = re.compile(
    r"\b(?:(?P<half>half)|(?P<quarter>a\s+quarter))(?:\s+of)?\s+an?\s+"
    r"(?P<s>million|billion|trillion|thousand|hundred|dozen)\b",
    re.I,
)
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALES["dozen"] = 12.0
_SUFFIX_RE = re.compile(
    r"(?<![\w.,])(?P<cur>US\$|[$€£¥])?(?P<n>\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<s>k|K|bn|mn|tn|T|m|M|b|B)(?![\w$€£])"
)
_SUFFIX_SCALE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12, "tn": 1e12}
_SPACED_RE = re.compile(r"(?<![\d.,])(?P<n>\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?![\d]|[.,]\d)")
_SUSPENDED_RE = re.compile(
    r"(?<![\d.,])(?P<a>\d+(?:\.\d+)?)-\s+(?:to|or|and)\s+(?P<b>\d+(?:\.\d+)?)(?=-[A-Za-z])"
)
# "between 44 mg and 50 mg", "44 mg to 50 mg": one range, the unit written twice ("rose from
# 5% to 7%" is a change: two values).
_BETWEEN_RE = re.compile(
    r"(?:\b(?P<between>between)\s+|\b(?P<start>from)\s+)?(?<![\d.])(?P<a>[-−]?\d+(?:\.\d+)?)\s*"
    r"(?P<ua>°?\s?[A-Za-zµμ]+)\s*(?P<to>to|and|–|-)\s*(?P<b>[-−]?\d+(?:\.\d+)?)\s*"
    r"(?P<ub>°?\s?[A-Za-zµμ]+)(?![\w])"
)
# "a gallon of beer", "a kilo of cocaine": one of a unit that is no everyday word.
_ARTICLE_UNITS = _wordset(
    "gallon liter litre mile kilometer kilometre kilogram kilo tonne ton barrel acre hectare "
    "penny dime nickel byte kilobyte megabyte gigabyte terabyte kibibyte mebibyte gibibyte"
)
_ARTICLE_UNIT_RE = re.compile(
    r"\b(?P<art>an?|one-half|one\s+half|half\s+an?)\s+(?P<u>gallon|liter|litre|mile|kilometer|kilometre|"
    r"kilogram|kilo|tonne|metric\s+ton|barrel|acre|hectare|penny|dime|nickel|byte|kilobyte|"
    r"megabyte|gigabyte|terabyte|kibibyte|mebibyte|gibibyte)s?\b",
    re.I,
)
# The words (as `extract` lists a text's lower-case words) without which these cannot match:
# most sentences have an "a" but no unit after it.
ARTICLE_UNIT_WORDS = frozenset(_ARTICLE_UNITS) | {f"{unit}s" for unit in _ARTICLE_UNITS}
# "15€", "15 €": the currency sign after the number, as much of Europe writes it.
_SIGN_AFTER_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d{1,3}(?:[.,]\d{3})*(?:[.,]\d{1,2})?|\d+)\s?(?P<c>[€£])(?!\w)"
)
# "45 and 50 mg": the unit written once for two figures.
_SHARED_UNIT_RE = re.compile(
    r"(?<![\w.,])(?P<a>\d+(?:\.\d+)?)(?:\s+(?:and|or)\s+|,\s+)(?P<b>\d+(?:\.\d+)?)\s*"
    r"(?P<u>[A-Za-zµμ°%]+)\b"
)
_INCH_AFTER_RE = re.compile(r"\.[ \t]+[a-z]")  # "5 in. of rain": the abbreviation's point
_BETWEEN_BEFORE_RE = re.compile(r"\b(?:between|from)\s+\Z", re.I)
_ARTICLE_DURATION_RE = re.compile(
    r"(?<!\bper\s)(?<!\bonce\s)(?<!\btwice\s)(?<!\bevery\s)(?<!\beach\s)"
    r"\b(?P<art>an?)\s+(?P<u>hour|day|week|fortnight|month|year|decade|century)"
    r"(?P<half>\s+and\s+a\s+half)?(?![\w-])",
    re.I,
)
ARTICLE_DURATION_WORDS = _wordset("hour day week fortnight month year decade century")
_DURATION_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1.0, "day": 24.0}
_DURATION_HOURS.update({"week": 168.0, "fortnight": 336.0, "month": 730.5, "year": 8766.0})
_DURATION_HOURS.update({"decade": 87660.0, "century": 876600.0})
# After these a duration with an article is a rate or a time, not a length of time.
_NOT_DURATION_AFTER_RE = re.compile(r"\s+(?:ago|later|earlier|before|after|from|old)\b", re.I)


def read_codes(scan: _Scan, several: bool = True) -> None:
    """Filing names, tallies and quarters: before the identifier pass, which would take "13F",
    "97-1" or "Q3" for codes. A tally needs two numbers (`several`: the text has two)."""
    _filings(scan)
    if several:
        _tallies(scan)
    _quarters(scan)


def read_idioms(scan: _Scan, digits: bool, lower: str, several: bool = True) -> None:
    """The passes that need digits (`digits`; `several`: two separate numbers, as a range,
    a fraction or a digit group has) or a word `lower` contains."""
    if (digits and several) or _VULGAR_RE.search(lower):
        _mixed_numbers(scan)
    if digits:
        _months_of_years(scan)
        if several:
            _suspended_ranges(scan)
            _betweens(scan)
            _shared_units(scan)
        if "€" in scan.text or "£" in scan.text:
            _signs_after(scan)
        if several:
            _spaced_groups(scan)
        _suffixed(scan)
    if "multi" in lower:
        _multi_amounts(scan)
    if "absolute" in lower:
        _absolute_zero(scan)
    if "half" in lower or "quarter" in lower:
        _half_scales(scan)
    if (
        "christmas" in lower
        or "halloween" in lower
        or "day" in lower
        or "july" in lower
        or "eve" in lower
        or "juneteenth" in lower
    ):
        _holidays(scan)


_MULTI_RE = re.compile(
    r"\bmulti-?(?P<s>million|billion)(?:-|\s+)(?P<c>dollar|euro|pound)s?\b", re.I
)
_MULTI_CURRENCY = {"dollar": "USD", "euro": "EUR", "pound": "GBP"}


def _multi_amounts(scan: _Scan) -> None:
    """ "a multimillion-dollar suit": millions of dollars, a range like "millions"."""
    for m in _MULTI_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        scale = _SCALES[m["s"].lower()]
        code = _MULTI_CURRENCY[m["c"].lower()]
        low, high = 2 * scale, 999 * scale
        scan.make(m.start(), m.end(), low, code, "money", low, code, low=low, high=high,
                  approximate=True, precision=scale)  # fmt: skip


def read_article_durations(scan: _Scan) -> None:
    """ "an hour", "a year and a half": read after the number pass (so "$15 an hour" stays a
    rate) and the relative times ("a year ago")."""
    for m in _ARTICLE_DURATION_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()) or _NOT_DURATION_AFTER_RE.match(scan.text, m.end()):
            continue
        count = 1.5 if m["half"] else 1.0
        unit = m["u"].lower()
        hours = _DURATION_HOURS[unit]
        scan.make(
            m.start(), m.end(), count, unit, "duration", count * hours, "h", precision=hours / 2
        )


_ABSOLUTE_ZERO_RE = re.compile(r"\babsolute\s+zero\b", re.I)


def _absolute_zero(scan: _Scan) -> None:
    """ "absolute zero": -273.15 °C, a temperature as much as "0 K" is."""
    for m in _ABSOLUTE_ZERO_RE.finditer(scan.text):
        if scan.free(m.start(), m.end()):
            scan.make(m.start(), m.end(), 0.0, "kelvin", "temperature", -273.15, "°C",
                      precision=0.01)  # fmt: skip


def read_article_units(scan: _Scan) -> None:
    """ "a gallon of beer", "one-half miles": after the number pass, like the durations."""
    for m in _ARTICLE_UNIT_RE.finditer(scan.text):
        entry = _UNITS.get(" ".join(m["u"].lower().split()))
        if entry is None or not scan.free(m.start(), m.end()):
            continue
        value = 1.0 if m["art"].lower() in ("a", "an") else 0.5
        name, dimension, factor, canon = entry
        scan.make(m.start(), m.end(), value, name, dimension, value * factor, canon,
                  precision=factor / 2)  # fmt: skip


def _signs_after(scan: _Scan) -> None:
    for m in _SIGN_AFTER_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        raw = m["n"]
        if "," in raw and raw.rsplit(",", 1)[1].__len__() <= 2:  # "15,50 €": a decimal comma
            raw = raw.replace(".", "").replace(",", ".")
        else:
            raw = raw.replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            continue
        code = "EUR" if m["c"] == "€" else "GBP"
        first = _Number(
            m.start(), m.start("n") + len(m["n"]), value, _digit_precision(raw), False, raw
        )
        _emit(scan, first, None, m.end(), code, "money", 1.0, code, None)


def _shared_units(scan: _Scan) -> None:
    for m in _SHARED_UNIT_RE.finditer(scan.text):
        entry = _unit_entry(m["u"])
        if entry is None or not scan.free(m.start("a"), m.end("a")):
            continue
        unit = _unit_at(scan.text, m.end("b"))
        if unit is None or not _unit_ok(unit):
            continue  # "in 2020, 3 in 10": the second number has no unit to share
        if _BETWEEN_BEFORE_RE.search(scan.text, max(0, m.start() - 12), m.start()):
            continue  # "between 3 and 4 percent": one range, read by the number pass
        name, dimension, factor, canon = entry
        first = _number(m.start("a"), m.end("a"), float(m["a"]), m["a"])
        _emit(scan, first, None, m.end("a"), name, dimension, factor, canon, None)


def _filings(scan: _Scan) -> None:
    for m in _FILING_RE.finditer(scan.text):
        scan.claim(m.start(), m.end())  # "13F", "10-K": the name of a form


def _tallies(scan: _Scan) -> None:
    text = scan.text
    for m in _TALLY_RE.finditer(text):
        if not scan.free(m.start(), m.end()):
            continue
        before = _TALLY_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        if before is None and not _TALLY_AFTER_RE.match(text, m.end()):
            continue
        a, b = int(m["a"]), int(m["b"])
        shown = f"{a}-{b}"
        scan.make(m.start(), m.end(), float(a), "tally", "tally", a * 1000.0 + b, "tally",
                  precision=0.0, text_value=shown)  # fmt: skip


def _quarters(scan: _Scan) -> None:
    for m in _QUARTER_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        quarter = int(m["q"]) if m["q"] else _QUARTER_WORDS[m["w"].lower()]
        year = int(m["y"])
        first, last_month = dt.date(year, 3 * quarter - 2, 1), 3 * quarter
        last = dt.date(year, last_month, _last_day(year, last_month))
        _add_date(scan, m.start(), m.end(), first, last, "quarter", float(quarter))


def _months_of_years(scan: _Scan) -> None:
    for m in _MONTH_OF_YEAR_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        month, year = _MONTHS[m["m"].lower()[:3]], int(m["y"])
        first, last = dt.date(year, month, 1), dt.date(year, month, _last_day(year, month))
        _add_date(scan, m.start(), m.end(), first, last, "month", float(month))


def _holidays(scan: _Scan) -> None:
    for m in _HOLIDAY_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        name = " ".join(m["h"].lower().replace("’", "'").split())
        month, day = _HOLIDAYS[name]
        year = int(m["y"]) if m["y"] else (scan.date.year if scan.date else None)
        if year is None:
            _add_unresolved_date(scan, m.start(), m.end(), month, day, None)
            continue
        when = dt.date(year, month, day)
        note = None if m["y"] else f"article date {scan.date.isoformat()}" if scan.date else None
        _add_date(scan, m.start(), m.end(), when, when, "date", resolved_from=note)


def _number(start: int, end: int, value: float, raw: str, currency: str | None = None) -> _Number:
    return _Number(start, end, value, _digit_precision(raw), False, raw, currency)


def _mixed_numbers(scan: _Scan) -> None:
    text = scan.text
    for m in _MIXED_RE.finditer(text):
        if m["v"]:
            numerator, denominator = _VULGAR[m["v"]]
        else:
            numerator, denominator = int(m["n"]), int(m["d"])
            if m["w"] and m.start("n") == m.end("w"):
                continue  # "21/2" is not 2 1/2
        if not scan.free(m.start(), m.end()) or denominator in (0, 1) or numerator >= denominator:
            continue
        unit = _unit_at(text, m.end())
        if not m["w"] and not m["v"] and not (unit and _unit_ok(unit)):
            if _OF_RE.match(text, m.end()) and scan.free(m.start(), m.end()):
                share = 100 * numerator / denominator  # "1/40 of the wavelength": a share
                scan.make(m.start(), m.end(), share, "percent", "percent", share, "%")
            continue  # a bare "3/4" may be a date or a score
        value = (int(m["w"]) if m["w"] else 0) + numerator / denominator
        number = _Number(m.start(), m.end(), value, 1 / denominator, False, m.group())
        _measure(scan, number, None, None)


def _suspended_ranges(scan: _Scan) -> None:
    for m in _SUSPENDED_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        first = _number(m.start(), m.start("a") + len(m["a"]), float(m["a"]), m["a"])
        second = _number(m.start("b"), m.end("b"), float(m["b"]), m["b"])
        _measure(scan, first, second, None)


def _unit_entry(written: str) -> tuple[str, str, float, str] | None:
    return _SYMBOLS.get(written) or _UNITS.get(written.lower())


def _betweens(scan: _Scan) -> None:
    for m in _BETWEEN_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        if m["start"] or (m["to"] == "and" and not m["between"]):
            continue  # "45 mg and 50 mg": two doses
        left, right = _unit_entry(m["ua"]), _unit_entry(m["ub"])
        if left is None or left != right:
            continue
        written = m["ub"].strip()
        if written.lower() == "in" and not _INCH_AFTER_RE.match(scan.text, m.end()):
            continue  # "between 3 in and 5 in" inches only as "… 5 in. of snow"
        spaced = m.start("ub") > m.end("b") or m["ub"][:1].isspace()
        if (
            written in ("C", "F")
            and spaced
            and not _about_temperature(scan.text, m.start(), m.end())
        ):
            continue  # "between 20 C and 25 C" degrees only where the sentence is about them
        name, dimension, factor, canon = left
        a, b = (float(x.replace("−", "-")) for x in (m["a"], m["b"]))
        sign = -1.0 if a < 0 else 1.0  # `_emit` reads the first number's sign for both
        start = m.start("a") + (1 if a < 0 else 0)
        first = _number(start, m.end("a"), abs(a), m["a"].lstrip("-−"))
        second = _number(m.start("b"), m.end("b"), b * sign, m["b"].lstrip("-−"))
        claimed = scan.taken[m.start() : m.end()]
        _emit(scan, first, second, m.end(), name, dimension, factor, canon, None)
        if scan.taken[m.start() : m.end()] != claimed:
            scan.claim(m.start(), m.end())


def _spaced_groups(scan: _Scan) -> None:
    text = scan.text
    for m in _SPACED_RE.finditer(text):
        if not scan.free(m.start(), m.end()):
            continue
        raw = m["n"]
        digits = "".join(ch for ch in raw if ch.isdigit())
        _measure(scan, _number(m.start(), m.end(), float(digits), digits), None, None)


def _suffixed(scan: _Scan) -> None:
    text = scan.text
    for m in _SUFFIX_RE.finditer(text):
        if not scan.free(m.start(), m.end()):
            continue
        suffix = m["s"]
        currency = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(
            m["cur"] or ""
        )
        if currency is None and suffix.lower() not in {"k", "bn", "tn"}:
            continue  # "5m" is five metres, "5B" five bytes, without a currency
        if currency is None and suffix in {"T", "M", "B"}:
            continue
        scale = _SUFFIX_SCALE[suffix.lower()]
        raw = m["n"].replace(",", "")
        value = float(raw) * scale
        precision = _digit_precision(raw) * scale
        number = _Number(m.start(), m.end(), value, precision, False, m.group(), currency, True)
        _measure(scan, number, None, None)


def _half_scales(scan: _Scan) -> None:
    for m in _HALF_SCALE_RE.finditer(scan.text):
        if not scan.free(m.start(), m.end()):
            continue
        share = 0.5 if m["half"] else 0.25
        scale = _SCALES[m["s"].lower()]
        value = share * scale
        number = _Number(m.start(), m.end(), value, value, True, m.group(), None, True)
        _measure(scan, number, None, None)
