"""Regular expressions compiled on first use: opening a folder of plain text should not pay
for the patterns of HTML, Markdown or dated first lines."""

from __future__ import annotations

import re
from typing import Any, AnyStr, Generic


class _LazyPattern(Generic[AnyStr]):
    """A regular expression compiled on first use: many are for formats or oddities (HTML,
    Markdown, escape sequences, dated first lines) a folder of plain text may never need. The
    first call puts the compiled pattern's methods on the instance; later calls go straight
    to them."""

    def __init__(self, pattern: AnyStr, flags: int) -> None:
        self._pattern: AnyStr = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._pattern, self._flags)
        for method in ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile`, deferred to the first call."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]  # acts as the pattern
