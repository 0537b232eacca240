"""One passage being read: its text, the article date, which characters are taken, and the
quantities found so far."""

from __future__ import annotations

import datetime as dt
import re

from tui.model import Quantity

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
