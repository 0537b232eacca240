"""Each number where it stands, with the words around it: they say what it measures, which
the alignment of its sentence alone cannot."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.findings.dates import story_dates
from tui.engine.quantities import extract_quantities
from tui.engine.quotes import extract_quotes
from tui.engine.word_index import WordIndex
from tui.model import Passage, PassageKind, Quantity, Source

# Content words before a number (and half as many after) that say what it measures.
SUBJECT_WINDOW = 8
# How many content words after a number say what it is an amount of.
THING_WORDS = 2


@dataclass(frozen=True)
class _Mention:
    """One quantity where it stands: which passage, and the words around it."""

    key: int
    passage: Passage
    quantity: Quantity
    subject: frozenset[str]
    head: str  # the word the number hangs on: its event for a date ("began in 1950")
    thing: frozenset[str]  # the words right after it: what it measures ("$1 trillion bill")
    # A relative time inside a quotation ("today", "next week") counts from the day the speaker
    # spoke, which may not be the article's: it can agree, never disagree.
    spoken: bool = False


def _subject(index: WordIndex, start: int, end: int) -> frozenset[str]:
    """Content words near a number (within its sentence): what the number is about."""
    before = index.words_before(start, SUBJECT_WINDOW)
    return frozenset(before + index.words_after(end, SUBJECT_WINDOW // 2))


# Words around a time that qualify it rather than say what happened then.
_TIME_WORDS = frozenset(
    """
    last next late early this coming past mid morning afternoon evening night local time
    week weekend month year day today yesterday tomorrow tonight
    """.split()  # noqa: SIM905
)

_RELATIVE = frozenset({"time-offset", "interval"})
_CLAUSE_END_RE = re.compile(r"[.;:,!?()\"“”]")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    if not any(mark in text for mark in '"“”„«»'):
        return []
    return [(q.start, q.end) for q in extract_quotes(text)]


def _inside(quantity: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= quantity.start and quantity.end <= hi for lo, hi in spans)


def _thing(index: WordIndex, clause_ends: list[int], end: int) -> frozenset[str]:
    """The first content words after a number, within its clause: what it is an amount of
    ("a $1 trillion infrastructure bill" -> infrastructure, bill). `clause_ends`: where the
    text's punctuation stands, in order."""
    k = bisect_left(clause_ends, end)
    clause_end = clause_ends[k] if k < len(clause_ends) else len(index.text)
    words = index.tokens_between(end, clause_end, THING_WORDS)
    return frozenset(t for t in words if not any(ch.isdigit() for ch in t))


def _head(index: WordIndex, start: int, end: int) -> str:
    """The content word a number hangs on: the nearest before it (within a few words), else
    the nearest after, time qualifiers skipped: "requested last Friday" -> request."""
    before = [t for t in index.words_between(max(0, start - 60), start) if t not in _TIME_WORDS]
    if before:
        return before[-1]
    after = [t for t in index.words_between(end, end + 40) if t not in _TIME_WORDS]
    return after[0] if after else ""


def number_readings(
    sources: Sequence[Source], passages: Sequence[Passage]
) -> dict[tuple[str, dt.date | None], list[_Reading]]:
    """The quantities of every passage that is not noise, with the words around them, by
    text and reference date: copies of a sentence (wire copy, an outlet repeating itself) are
    read once per date."""
    dates = story_dates(sources)
    read: dict[tuple[str, dt.date | None], list[_Reading]] = {}
    for passage in passages:
        if passage.kind is PassageKind.NOISE:
            continue
        reference, _ = dates.get(passage.source, (None, None))
        key = (passage.text, reference)
        if key not in read:
            read[key] = _readings(passage.text, reference)
    return read


def _mentions(
    passages: Sequence[Passage],
    read: dict[tuple[str, dt.date | None], list[_Reading]],
    dates: dict[str, tuple[dt.date | None, str | None]],
) -> list[_Mention]:
    """Every quantity of the passages that are not noise, in passage order."""
    mentions: list[_Mention] = []
    for passage in passages:
        if passage.kind is PassageKind.NOISE:
            continue
        reference, _ = dates.get(passage.source, (None, None))
        for quantity, subject, head, thing, spoken in read.get((passage.text, reference), ()):
            mentions.append(
                _Mention(len(mentions), passage, quantity, subject, head, thing, spoken)
            )
    return mentions


# A quantity and the words around it, as `_Mention` holds them.
_Reading = tuple[Quantity, frozenset[str], str, frozenset[str], bool]


def _readings(text: str, reference: dt.date | None) -> list[_Reading]:
    """Each quantity in `text` with its subject, head and thing words, and whether it is
    spoken (a relative time inside a quotation)."""
    quantities = extract_quantities(text, reference)
    if not quantities:
        return []
    quoted = _quoted_spans(text)
    index = WordIndex(text)
    clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
    readings = []
    for quantity in quantities:
        spoken = bool(quantity.resolved_from or quantity.dimension in _RELATIVE) and _inside(
            quantity, quoted
        )
        readings.append(
            (
                quantity,
                _subject(index, quantity.start, quantity.end),
                _head(index, quantity.start, quantity.end),
                _thing(index, clause_ends, quantity.end),
                spoken,
            )
        )
    return readings
