"""Numbers and what they measure: digits and number words, scales, ranges, fractions, units,
and the noun a count counts."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tui.engine.quantities.patterns import (
    _ADJECTIVE_ENDINGS,
    _ADJECTIVES,
    _AFTER_RE,
    _AGE_RE,
    _AND_HALF_RE,
    _ARTICLE_BEFORE_RE,
    _BEFORE_RE,
    _COMPOUND_AFTER_RE,
    _CORE_AT_RE,
    _CURRENCY_AT_RE,
    _CURRENCY_BEFORE,
    _CURRENCY_BEFORE_RE,
    _DECADE_RE,
    _DETERMINER_BEFORE_RE,
    _FUNCTION_WORDS,
    _HALF_ARTICLE_RE,
    _HYPHEN_WORD_RE,
    _IRREGULAR,
    _LABEL_BEFORE_RE,
    _NEXT_WORD_RE,
    _NOT_CODE_PREFIXES,
    _NUMBER_WORD_SET,
    _OF_AFTER_RE,
    _ORDINAL_ANCHOR_RE,
    _ORDINAL_AT_RE,
    _ORDINAL_COMPOUND_OK,
    _ORDINAL_SUFFIX_RE,
    _ORDINAL_WORDS,
    _RANGE_RE,
    _RANGE_SEP_RE,
    _SCALE_FIRST,
    _SCALE_RE,
    _SCALES,
    _SMALL,
    _TENS,
    _WORD_TOKEN_RE,
    _YEAR_BEFORE_RE,
    INF,
    _lazy,
)
from tui.engine.quantities.scan import (
    _Scan,
)
from tui.engine.quantities.units import (
    _AFTER_MONEY_RE,
    _LOWER_ONLY,
    _MONEY_WORDS,
    _SCALED_MONEY_RE,
    _SYMBOL_ONLY,
    _SYMBOLS,
    _UNITS,
    _UPPER_ONLY,
    _unit_at,
)

# --- numbers -----------------------------------------------------------------------------

_COMPOUND_NOUN_RE = re.compile(r"-(?P<noun>[a-z]{3,}(?:-[a-z]+)*)(?![A-Za-z-])")
_MINUS_WORD_RE = re.compile(r"\b(?:minus|negative)\s+\Z", re.I)
_CLAUSE_END_RE = re.compile(r"\s*(?:[.;:!?,)]|\Z|\s+(?:and|or|but|in|on|at|by|since|after)\b)")
_TO_BEFORE_RE = re.compile(r"\b(?:to|of|killed|kills|killing|dead|injured|wounded)\s+\Z", re.I)
_DIRECTION_RE = re.compile(
    r"\b(?:(?P<down>fell|falls?|falling|dropped|drops?|dropping|declined?|declines|declining|"
    r"decreased?|decreases|slid|slides|slipped|plunged|plummeted|tumbled|sank|shrank|shrunk|"
    r"lost|loses|cut|cuts|down|lowered|slumped|dipped|eased)|"
    r"(?P<up>rose|rises?|rising|increased?|increases|grew|grows|climbed|climbs|jumped|jumps|"
    r"gained|gains|surged|soared|up|raised|added|rallied|advanced))"
    r"(?:\s+(?:by|about|nearly|almost|some|roughly|around|more\s+than|over|another|a\s+further))*"
    r"\s+\Z",
    re.I,
)
_CHANGE_DIMENSIONS = frozenset({"percent", "percentage-point", "money"})
_AND_BEFORE_RE = re.compile(r"\band\s+\Z")
_THERE_ARE_RE = re.compile(r"\bthere\s+(?:are|were|remain|remained)\s+\Z", re.I)
_PLACE_AFTER_RE = re.compile(r"\s+(?:in|on|at|inside|aboard|left)\b", re.I)
_SIGN_AFTER_SYMBOL_RE = re.compile(r"[^\d\s\-−]{1,3}\s?[-−]\d")
_RATE_RE = re.compile(
    r"(?:\s*/\s*|\s+per\s+|\s+an?\s+|\s+each\s+)(?P<per>hour|hr|day|week|month|year|gallon|"
    r"liter|litre|kilogram|kg|pound|lb|person|capita|head|share|barrel|ton|tonne|mile|km|"
    r"kilometer|kilometre|second|sec|minute|min|night|ounce|oz|seat|ticket|game)s?\b",
    re.I,
)
_DENOMINATORS = {"hr": "hour", "litre": "liter", "kg": "kilogram", "lb": "pound"}
_DENOMINATORS.update({"capita": "person", "head": "person", "tonne": "ton", "km": "kilometer"})
_DENOMINATORS.update({"kilometre": "kilometer", "sec": "second", "min": "minute", "oz": "ounce"})
# Dimensions a "per" after never makes a rate of ("two days a week" is a duration, "four
# people a day" is left as a count).
_NOT_RATES = frozenset({"count", "ordinal", "year", "age", "date", "tally", "speed"})


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
    known = (
        (_SYMBOLS.get(unit["unit"]) or _UNITS.get(" ".join(unit["unit"].lower().split())))
        if unit
        else None
    )
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
        compound = _COMPOUND_NOUN_RE.match(text, end)
        if compound and not first.words and second is None and "-" not in compound["noun"]:
            # "a 48-page indictment": 48 pages; "three-way" (a word) stays an adjective
            noun = _lemma(compound["noun"].lower())
            return _emit(scan, first, None, compound.end(), noun, "count", 1.0, noun, prefix)
        return _skip_token(text, end)  # "three-way", "24-hour-a-day": a compound adjective
    is_year = not first.words and len(first.raw) == 4 and first.raw.isdigit()
    if is_year and _read_year(scan, first, second, prefix, end):
        return end
    noun = _noun_after(text, end)[1]
    if (
        first.words
        and not noun
        and not first.scaled
        and not _elided(text, first.start, end, prefix)
    ):
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
    if alias in _SYMBOL_ONLY and written not in _SYMBOLS:
        return False  # "5 mb" is neither megabytes nor millibars
    if alias in _UPPER_ONLY and written != written.upper():
        return False
    if alias in {"c", "f"}:
        # "-5C"; "30 C" only where the sentence speaks of temperature ("30 C students" is no
        # temperature, nor "a 30 C-section").
        if (
            not written.isupper()
            or m["sep"] not in ("", " ", "\u00a0", "\u202f")
            or m.string[m.end() : m.end() + 1] == "-"
        ):
            return False
        return m["sep"] == "" or _about_temperature(m.string, m.start(), m.end())
    if alias == "in":
        return _inch_ok(m)
    if m["sep"] == "" and alias.isalpha() and len(alias) > 3 and alias not in {"kilos"}:
        return alias in {"kmh", "mph", "kph"}  # "10miles" is rare; "5years" is not a unit
    return True


_TEMPERATURE_WORDS_RE = re.compile(
    r"°|\b(?:temperatures?|degrees?|heat(?:wave)?s?|warm(?:er|est|ing|th)?|cold(?:er|est)?|"
    r"hot(?:ter|test)?|cool(?:er|est|ing)?|freez(?:e|es|ing)|thermometers?|weather|"
    r"forecast(?:s|ers?)?|celsius|fahrenheit|highs?|lows?|mercury|chill)\b",
    re.I,
)
_SENTENCE_EDGE_RE = re.compile(r"[.!?]\s")
# How far (in characters) before and after a number its context is looked for.
_CONTEXT_BEFORE, _CONTEXT_AFTER = 80, 40


def _about_temperature(text: str, start: int, end: int) -> bool:
    """Whether the sentence around `text[start:end]` speaks of temperature."""
    lo, hi = max(0, start - _CONTEXT_BEFORE), min(len(text), end + _CONTEXT_AFTER)
    before = text[lo:start]
    edges = list(_SENTENCE_EDGE_RE.finditer(before))
    if edges:
        lo += edges[-1].end()
    after = _SENTENCE_EDGE_RE.search(text, end, hi)
    if after:
        hi = after.start()
    return _TEMPERATURE_WORDS_RE.search(text, lo, hi) is not None


def _inch_ok(m: re.Match[str]) -> bool:
    """ "in" is inches where it can only be a unit: joined by a hyphen ("a 12-in pipe", not
    "3-in-1"), or abbreviated with a point before a lower-case word ("5 in. of rain"). Anywhere
    else it is the preposition ("3 in 10 people")."""
    text, end = m.string, m.end()
    if m["sep"].strip() == "-":
        return text[end : end + 1] != "-"
    return (
        text[end : end + 1] == "." and re.match(r"\.[ \t]+[a-z]", text[end : end + 3]) is not None
    )


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
    signed = dimension not in {"count", "ordinal", "year", "age", "duration"}
    # "-€15 million": the sign stands before the currency symbol
    sign_at = start
    if first.currency and start and text[start].isdigit() and not text[start - 1].isalnum():
        sign_at = start - 1
    # "$-99.99": the sign between the symbol and the digits
    between = bool(first.currency) and _SIGN_AFTER_SYMBOL_RE.match(text, start) is not None
    negative = signed and (between or _negative(text, sign_at))
    sign = -1.0 if negative else 1.0
    if negative and sign_at and text[sign_at - 1] in "-−":
        start = sign_at - 1
    # A change ("fell 4%") is not a level ("at 4%"): its canonical unit says so, and a fall is
    # negative.
    rate = _RATE_RE.match(text, end) if dimension not in _NOT_RATES else None
    if rate is not None and scan.free(
        end, rate.end()
    ):  # "$15 an hour", "40 miles per gallon": per unit of something
        denominator = _DENOMINATORS.get(rate["per"].lower(), rate["per"].lower())
        dimension, canon, end = f"{dimension}/{denominator}", f"{canon}/{denominator}", rate.end()
    change = _direction(text, start) if dimension in _CHANGE_DIMENSIONS else 0
    if change:
        canon = f"{canon} change"
        sign = -sign if change < 0 else sign
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
        return _MINUS_WORD_RE.search(text, max(0, start - 12), start) is not None
    return start == 1 or text[start - 2] in " \t(\u00a0"


def _elided(text: str, start: int, end: int, prefix: re.Match[str] | None) -> bool:
    """A number word whose noun the sentence leaves out: "killed at least seven.", "rose to
    twelve." (a hedge or "to" before it, the clause ending after it), "there are two in the
    car"."""
    if _THERE_ARE_RE.search(text, max(0, start - 16), start) and _PLACE_AFTER_RE.match(text, end):
        return True
    if not _CLAUSE_END_RE.match(text, end):
        return False
    return prefix is not None or _TO_BEFORE_RE.search(text, max(0, start - 40), start) is not None


def _direction(text: str, start: int) -> int:
    """-1 after a word of falling ("fell 4%", "cut by $2 million"), +1 after one of rising,
    0 for a level ("fell to 4%", "at 4%")."""
    m = _DIRECTION_RE.search(text, max(0, start - 40), start)
    if m is None:
        return 0
    return -1 if m["down"] else 1


def _read_half(scan: _Scan, m: re.Match[str]) -> int:
    """ "half an hour", "a half-hour": half a unit, read only when a unit follows."""
    text = scan.text
    after = _HALF_ARTICLE_RE.match(text, m.end())
    pos = after.end() if after else m.end()
    unit = _unit_at(text, pos)
    if not unit or not _unit_ok(unit):
        return m.end()
    written = unit["unit"]
    name, dimension, factor, canon = (
        _SYMBOLS.get(written) or _UNITS[" ".join(written.lower().split())]
    )
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


# "hundreds of protesters": a count known only to its order of magnitude, as a range. The
# words are loose at the top ("hundreds of people" is said of 1,400 dead while the toll is
# counted), so each range reaches twice its order's top: "hundreds" takes in 1,419 and not
# 5,000, "dozens" 150 and not 400.
_VAGUE_SPANS = {
    "dozens": (24.0, 199.0),
    "scores": (40.0, 199.0),
    "hundreds": (200.0, 1_999.0),
    "thousands": (2_000.0, 19_999.0),
    "tens of thousands": (20_000.0, 199_999.0),
    "hundreds of thousands": (200_000.0, 1_999_999.0),
    "millions": (2e6, 999e6),
    "tens of millions": (2e7, 199e6),
    "hundreds of millions": (2e8, 1_999e6),
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
    "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8,
}  # fmt: skip
_FRACTION_TOKENS = frozenset(_FRACTION_PARTS)
_FRACTION_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "nine": 9}
_FRACTION_NOT_SHARE_RE = _lazy(r"\b(?:the|first|second|third|last|latter|other|final)\s+$")
_FRACTION_RE = _lazy(
    r"\b(?:(?P<count>an?|one|two|three|four|nine)[\s-]+)?"
    r"(?P<part>half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)"
    r"(?:\s+of\b|(?P<alone>(?=\s*[.;!?]|\s*\Z)))",
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
        if m["alone"] is not None and (
            not m["count"] or _AND_BEFORE_RE.search(scan.lower, max(0, start - 6), start)
        ):
            continue  # "the second half." and "an hour and a half." are no share; "one sixth." is
        count = _FRACTION_COUNTS[m["count"]] if m["count"] else 1
        part = _FRACTION_PARTS[m["part"]]
        if count >= part or (not m["count"] and part != 2):
            continue  # "thirds of" alone, "four quarters of": not a share
        value = 100 * count / part
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
