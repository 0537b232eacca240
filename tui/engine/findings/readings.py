"""What the number and quote finders read of the passages alone: it needs no alignment, so
it can be read in another process while the passages are aligned (`tui.engine.side_process`)
and copied back."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from tui.engine.findings.dates import story_dates
from tui.engine.findings.number_candidates import _mention_candidates
from tui.engine.findings.number_mentions import _mentions, _Reading, number_readings
from tui.engine.findings.quotations import _quotations, _Quoted
from tui.model import Passage, Quantity, Source


@dataclass(frozen=True)
class PassageReadings:
    """What the number and quote finders read of the passages alone, before any alignment:
    each distinct sentence's quantities with the words around them (by text and reference
    date; a text without one may be left out), and each passage's quotations with their
    speakers (by passage id)."""

    numbers: dict[tuple[str, dt.date | None], list[_Reading]]
    quotations: dict[str, list[_Quoted]]
    # Each mention's candidate partners (`_mention_candidates`), mentions numbered in passage
    # order: they need the words around each number, not the alignment.
    candidates: dict[int, list[int]]

    def portable(self) -> tuple[Any, Any, Any]:
        """The readings as plain data to send to another process: the quotations without
        their passages, which the receiver has."""
        quoted = {
            pid: [(q.quote, q.speaker, q.keys) for q in found]
            for pid, found in self.quotations.items()
        }
        # Most sentences hold no number: only those that do are sent (a third less to copy).
        numbers = {key: found for key, found in self.numbers.items() if found}
        return numbers, quoted, self.candidates

    @classmethod
    def from_portable(
        cls, data: tuple[Any, Any, Any], passages: Sequence[Passage]
    ) -> PassageReadings:
        numbers, quoted, candidates = data
        # Figures compare as tuples, which take a NaN for equal to itself: every unknown value
        # is the one `math.nan` when read here, and must be that one again after the copy.
        for found in numbers.values():
            for k, reading in enumerate(found):
                quantity = _one_nan(reading[0])
                if quantity is not reading[0]:
                    found[k] = (quantity, *reading[1:])
        by_id = {p.id: p for p in passages}
        quotations = {
            pid: [_Quoted(by_id[pid], quote, speaker, keys) for quote, speaker, keys in found]
            for pid, found in quoted.items()
        }
        return cls(numbers, quotations, candidates)


_FLOAT_FIELDS = ("value", "normalized_value", "low", "high", "precision")


def _one_nan(q: Quantity) -> Quantity:
    """`q` with each NaN field the `math.nan` object (a copied NaN is another object)."""
    if (
        q.normalized_value == q.normalized_value
        and q.value == q.value
        and q.precision == q.precision
        and (q.low is None or q.low == q.low)
        and (q.high is None or q.high == q.high)
    ):
        return q  # no NaN at all: the usual case
    nan: dict[str, Any] = {
        name: math.nan
        for name in _FLOAT_FIELDS
        if (x := getattr(q, name)) is not None and x != x and x is not math.nan
    }
    return replace(q, **nan) if nan else q


def read_passages(sources: Sequence[Source], passages: Sequence[Passage]) -> PassageReadings:
    """The finders' reading of the passages that needs no alignment."""
    numbers = number_readings(sources, passages)
    candidates = _mention_candidates(_mentions(passages, numbers, story_dates(sources)))
    return PassageReadings(numbers, _quotations(passages, sources), candidates)
