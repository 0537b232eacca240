"""Numbers in news text, normalised so that what several outlets report can be compared.

The parts: `extract` reads a passage (with `numbers`, `units` and `dates`, sharing the word
lists and patterns of `patterns` and the passage state of `scan`); `comparison` says whether
values agree; `formatting` writes a normalized value for the reader.
"""

from __future__ import annotations

from tui.engine.quantities.comparison import Comparison, comparable, compare_quantities
from tui.engine.quantities.extract import extract_quantities
from tui.engine.quantities.formatting import format_normalized
from tui.engine.quantities.patterns import APPROXIMATE_SHARE, CONVERSION_TOLERANCE, INF, NAN
from tui.engine.quantities.units import CANONICAL

__all__ = [
    "APPROXIMATE_SHARE",
    "CANONICAL",
    "CONVERSION_TOLERANCE",
    "INF",
    "NAN",
    "Comparison",
    "comparable",
    "compare_quantities",
    "extract_quantities",
    "format_normalized",
]
