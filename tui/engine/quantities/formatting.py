"""Quantities written back for the reader: a normalized value in plain words and units."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

from tui.engine.quantities.patterns import (
    _IRREGULAR,
)
from tui.model import Quantity


def _unresolved(q: Quantity) -> bool:
    return q.dimension == "date" and math.isnan(q.normalized_value)


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
    if q.normalized_unit.endswith(" change"):  # "fell 4%": shown as a signed change
        level = replace(q, normalized_unit=q.normalized_unit.removesuffix(" change"))
        return f"{'+' if v > 0 else ''}{_amount(level, v, precision)} change"
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
    if q.value and v and not 1e-3 <= abs(v) < 1e15:  # "0.000044 kg": say "44 milligrams"
        factor = q.normalized_value / q.value
        if factor and math.isfinite(factor):
            return f"{_big(v / factor, step / factor)} {_plural(q.unit, v / factor)}"
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
    if dimension in {"year", "clock", "tally"} and q.text_value:
        return q.text_value
    if q.low is not None and q.high is not None:
        if math.isinf(q.high):
            return f"≥ {_amount(q, q.low)}"
        if math.isinf(q.low) or (q.low == 0 and dimension not in {"time-offset", "interval"}):
            return f"≤ {_amount(q, q.high)}"
        return f"{_amount(q, q.low)} – {_amount(q, q.high)}"
    shown = _amount(q, q.normalized_value)
    return f"≈ {shown}" if q.approximate else shown
