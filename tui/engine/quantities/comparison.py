"""Whether the values outlets give for one quantity agree: after unit conversion, within the
rounding each value implies, or as one range containing another."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.quantities.formatting import (
    _amount,
    _unresolved,
    format_normalized,
)
from tui.engine.quantities.patterns import (
    _RATIO_DIMENSIONS,
    APPROXIMATE_SHARE,
    CONVERSION_TOLERANCE,
)
from tui.model import Quantity, Relation

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
    if a.normalized_unit.endswith(" change") != b.normalized_unit.endswith(" change"):
        return False  # "fell 4%" is a change, "at 4%" a level
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


def compare_quantities(values: Sequence[Quantity], explain: bool = True) -> Comparison:
    """How outlets' values relate: the weakest relation among all pairs decides. Without
    `explain`, the relation and whether they agree alone (tolerance and explanation empty):
    the number matcher compares thousands of pairs and shows none of them, and writing the
    text was a quarter of the comparing."""
    values = list(values)
    if len(values) < 2:
        only = f"only {values[0].surface}" if values else "no values"
        return Comparison(Relation.IDENTICAL, True, "exact", only)
    worst: Comparison | None = None
    consistent = True
    for n, a in enumerate(values):
        for b in values[n + 1 :]:
            pair = _compare_pair(a, b, explain)
            consistent = consistent and pair.consistent
            if worst is None or _RANK[pair.relation] > _RANK[worst.relation]:
                worst = pair
    assert worst is not None
    if worst.relation is Relation.IDENTICAL and len(values) > 2 and explain:
        worst = Comparison(
            worst.relation,
            True,
            worst.tolerance,
            f"all {len(values)} say {format_normalized(values[0])}",
        )
    return Comparison(worst.relation, consistent, worst.tolerance, worst.explanation)


def _compare_pair(a: Quantity, b: Quantity, explain: bool = True) -> Comparison:
    if not comparable(a, b):
        return Comparison(
            Relation.CONTRADICTING,
            False,
            "not comparable",
            f"{_shown(a)} and {_shown(b)} do not measure the same thing" if explain else "",
        )
    if _unresolved(a) or _unresolved(b):
        return _compare_date_parts(a, b, explain)
    same_unit = a.unit == b.unit
    range_a, range_b = a.low is not None, b.low is not None
    same_numbers = (
        _close(a.normalized_value, b.normalized_value)
        and _close_opt(a.low, b.low)
        and _close_opt(a.high, b.high)
    )
    if same_numbers:
        if same_unit and a.approximate == b.approximate:
            return Comparison(
                Relation.IDENTICAL, True, "exact", f"both say {_fmt(a)}" if explain else ""
            )
        if same_unit:
            hedged, plain = (a, b) if a.approximate else (b, a)
            return Comparison(
                Relation.LESS_PRECISE,
                True,
                "same value, one hedged",
                f"{hedged.surface} hedges {_shown(plain)}" if explain else "",
            )
        return Comparison(
            Relation.EQUIVALENT,
            True,
            "exact after conversion",
            _conversion_text([a, b], "is the same") if explain else "",
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
                _conversion_text([a, b], "agrees within 1%") if explain else "",
            )
        if not same_unit and (a_in_b or b_in_a):
            return Comparison(
                Relation.EQUIVALENT,
                True,
                "within rounding after conversion",
                _conversion_text([a, b], "agrees within its rounding") if explain else "",
            )
    bounded = _compare_bounds(a, b, explain)
    if bounded is not None:
        return bounded
    if a_in_b or b_in_a:
        outer, inner = (b, a) if a_in_b and not (b_in_a and _width(b) < _width(a)) else (a, b)
        return _containment(outer, inner, explain)
    if (range_a or range_b) and (a.approximate or b.approximate):
        band_a, band_b = _band(a), _band(b)
        if band_a[0] <= band_b[1] and band_b[0] <= band_a[1]:
            tolerance = "dates overlap" if a.dimension == "date" else "ranges overlap"
            return Comparison(
                Relation.LESS_PRECISE,
                True,
                tolerance,
                f"{_shown(a)} and {_shown(b)} overlap" if explain else "",
            )
    if not explain:
        return Comparison(Relation.CONTRADICTING, False, "", "")
    return Comparison(
        Relation.CONTRADICTING, False, _difference(a, b), f"{_shown(a)} vs {_shown(b)}"
    )


# "More than X", "at least X", "up to X" are written near X: a figure more than this many
# times beyond X ("just over $200,000" against "$5.4 million") is another figure, not one the
# bound takes in; and two bounds at different X ("more than 10,000" killed against "more than
# 13,000") report different figures, though both may be true.
BOUND_REACH = 2.0


def _bound_side(q: Quantity) -> int:
    """+1 for a lower bound ("more than X"), -1 for an upper bound ("up to X"), 0 otherwise."""
    if not q.approximate or q.low is None or q.high is None or q.dimension == "date":
        return 0
    if math.isinf(q.high) and q.high > 0 and q.low > 0:
        return 1
    if q.low <= 0 < q.high and math.isfinite(q.high):  # "up to 12": 0..12, hedged
        return -1
    return 0


def _bound_limit(q: Quantity, side: int) -> float:
    assert q.low is not None and q.high is not None
    return q.low if side > 0 else q.high


def _compare_bounds(a: Quantity, b: Quantity, explain: bool = True) -> Comparison | None:
    """The comparison when one or both values are one-sided bounds, else None."""
    side_a, side_b = _bound_side(a), _bound_side(b)
    if not side_a and not side_b:
        return None
    if side_a and side_b:
        if side_a != side_b:
            return None
        la, lb = _bound_limit(a, side_a), _bound_limit(b, side_b)
        if abs(la - lb) <= max(a.precision, b.precision) / 2:
            return None  # the same bound, within the rounding of the rounder one
        return Comparison(
            Relation.CONTRADICTING,
            False,
            "different bounds",
            f"{_shown(a)} vs {_shown(b)}" if explain else "",
        )
    bound, point = (a, b) if side_a else (b, a)
    if point.low is not None:
        return None
    side = side_a or side_b
    limit, value = _bound_limit(bound, side), point.normalized_value
    far = value > BOUND_REACH * limit if side > 0 else value < limit / BOUND_REACH
    if not far:
        return None
    return Comparison(
        Relation.CONTRADICTING,
        False,
        "far beyond the bound",
        f"{_shown(point)} is far from {_shown(bound)}" if explain else "",
    )


def _containment(outer: Quantity, inner: Quantity, explain: bool = True) -> Comparison:
    """`outer` (a range, a rounding or a hedge) takes in `inner`."""
    explanation = f"{_shown(outer)} includes {_shown(inner)}" if explain else ""
    if outer.dimension == "date":
        return Comparison(Relation.LESS_PRECISE, True, "dates overlap", explanation)
    if outer.low is not None:
        return Comparison(Relation.LESS_PRECISE, True, "range contains the other", explanation)
    if not explain:
        return Comparison(Relation.LESS_PRECISE, True, "", "")
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


def _compare_date_parts(a: Quantity, b: Quantity, explain: bool = True) -> Comparison:
    pa, pb = _date_parts(a), _date_parts(b)
    versus = f"{_shown(a)} vs {_shown(b)}" if explain else ""
    if pa is None or pb is None:
        return Comparison(Relation.CONTRADICTING, False, "not comparable", versus)
    shared = [(x, y) for x, y in zip(pa, pb, strict=True) if x is not None and y is not None]
    if any(x != y for x, y in shared):
        return Comparison(Relation.CONTRADICTING, False, "different days", versus)
    if [x is None for x in pa] == [y is None for y in pb] and a.unit == b.unit:
        return Comparison(
            Relation.IDENTICAL, True, "exact", f"both say {_fmt(a)}" if explain else ""
        )
    return Comparison(
        Relation.LESS_PRECISE,
        True,
        "dates overlap",
        f"{_shown(a)} and {_shown(b)} agree on what both say" if explain else "",
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
