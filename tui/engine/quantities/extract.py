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
import re
from dataclasses import replace

from tui.engine.quantities.dates import (
    _ages,
    _bare_months,
    _clock_times,
    _month_dates,
    _numeric_dates,
    _relative_times,
    _weekdays,
)
from tui.engine.quantities.idioms import (
    ARTICLE_DURATION_WORDS,
    ARTICLE_UNIT_WORDS,
    read_article_durations,
    read_article_units,
    read_codes,
    read_idioms,
)
from tui.engine.quantities.numbers import (
    _FRACTION_TOKENS,
    _VAGUE_TOKENS,
    _fractions,
    _numbers,
    _ordinal_words,
    _skip_token,
    _vague_magnitudes,
)
from tui.engine.quantities.patterns import (
    _CLOCK_GATE_RE,
    _CURRENCY_BEFORE,
    _DIGIT_RUN_RE,
    _LIST_MARKER_RE,
    _LOWER_WORD_RE,
    _MONTH_ANCHOR_RE,
    _MONTH_AT_RE,
    _NOT_CODE_PREFIXES,
    _NUMBER_TOKENS,
    _ORDINAL_TOKENS,
    _PHONE_GATE_RE,
    _PHONE_RE,
    _TIME_TOKENS,
    _WEEKDAY_TOKENS,
    _WORD_ANCHOR_RE,
)
from tui.engine.quantities.scan import (
    _Scan,
)
from tui.engine.quantities.units import (
    _UNITS,
)
from tui.model import Quantity


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
    # Two separate numbers (in any script's digits), which ranges, fractions and tallies need.
    several = len(runs) > 1 or (bool(runs) and len(_ANY_DIGITS_RE.findall(text)) > 1)
    if runs:
        read_codes(scan, several)
        _identifiers(scan, runs)
    read_idioms(scan, bool(runs), scan.lower, several)
    if runs:
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
    if " a" in scan.lower or "half" in scan.lower:
        if not tokens.isdisjoint(ARTICLE_DURATION_WORDS):
            read_article_durations(scan)
        if not tokens.isdisjoint(ARTICLE_UNIT_WORDS):
            read_article_units(scan)
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


_ANY_DIGITS_RE = re.compile(r"\d+")
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
