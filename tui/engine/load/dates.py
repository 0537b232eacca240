"""Dates as articles write them ("2024-03-05", "March 5, 2024", "5 March 2024", RSS dates,
timestamps), read as ISO yyyy-mm-dd."""

from __future__ import annotations

import datetime as dt
import re

from tui.engine.load.lazy_pattern import _lazy

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
_LONG_DATE = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
)
_DATE = rf"(?:{_ISO_DATE}|{_LONG_DATE})"
_TIME = (
    r"(?:(?:T|,?\s+(?:at\s+)?)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?-i:Z|[+-]\d{2}:?\d{2}|UTC|GMT|[A-Z]{1,2}[SD]?T)\b)?)?"
)
_LABEL = (
    r"(?:dated?|published(?:\s+on)?|first\s+published(?:\s+on)?|posted(?:\s+on)?|"
    r"updated(?:\s+on)?|last\s+updated(?:\s+on)?|pub(?:lication)?\s+date)"
)
# "date 2024-03-05 Title", "Published: March 5, 2024 | Title", "2024-03-05T09:00Z Title".
_DATE_PREFIX_RE = _lazy(
    rf"\s*(?:{_LABEL}\s*[:\-–—]?\s*(?P<d1>{_DATE}){_TIME}|(?P<d2>{_ISO_DATE}){_TIME}(?=\s))"
    r"\s*(?:[|:\-–—·•,]\s*)?",
    re.I,
)
# A line that is nothing but a (labelled) date.
_DATE_LINE_RE = _lazy(rf"\s*(?:{_LABEL}\s*[:\-–—]?\s*)?(?P<d>{_DATE}){_TIME}\s*\.?\s*", re.I)
_ISO_RE = _lazy(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_LONG_MD_RE = _lazy(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_LONG_DM_RE = _lazy(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})", re.I)


def _parse_date(value: object) -> str | None:
    """An ISO yyyy-mm-dd date from the forms articles use, or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = value / 1000 if value > 10**11 else value  # milliseconds, common in JSON
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    found: tuple[int, int, int] | None = None
    if match := _ISO_RE.search(text):
        found = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _LONG_MD_RE.search(text):
        found = (int(match.group(3)), _MONTHS[match.group(1)[:3].lower()], int(match.group(2)))
    elif match := _LONG_DM_RE.search(text):
        found = (int(match.group(3)), _MONTHS[match.group(2)[:3].lower()], int(match.group(1)))
    else:
        found = _rfc2822_date(text)
    if found is None:
        return None
    try:
        return dt.date(*found).isoformat()
    except ValueError:
        return None


def _rfc2822_date(text: str) -> tuple[int, int, int] | None:
    """ "Tue, 05 Mar 2024 09:00:00 GMT" (RSS). `parsedate_tz` finds nothing in fewer than three
    words or without a month name: such strings are spared importing email.utils (~10 ms)."""
    lowered = text.lower()
    if len(text.split()) < 3 or not any(month in lowered for month in _MONTHS):
        return None
    from email.utils import parsedate_tz

    parsed = parsedate_tz(text)
    return (parsed[0], parsed[1], parsed[2]) if parsed else None
