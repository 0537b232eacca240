"""Each article's reference date: relative times ("last Friday", "next week") are read
against it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from tui.model import Source


def story_dates(sources: Sequence[Source]) -> dict[str, tuple[dt.date | None, str | None]]:
    """Each source's reference date, and a note when it was borrowed from the other outlets."""
    own = {s.id: _parse_date(s.date) for s in sources}
    known = Counter(d for d in own.values() if d is not None)
    fallback = known.most_common(1)[0][0] if known else None
    donors = [s.id for s in sources if own[s.id] == fallback]
    result: dict[str, tuple[dt.date | None, str | None]] = {}
    for source in sources:
        if own[source.id] is not None:
            result[source.id] = (own[source.id], None)
        elif fallback is not None:
            result[source.id] = (
                fallback,
                f"{source.id} has no date; relative times read against {donors[0]}'s "
                f"date {fallback.isoformat()}",
            )
        else:
            result[source.id] = (None, None)
    return result


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
