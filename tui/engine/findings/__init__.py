"""What a reader should look at: claims one outlet alone makes, numbers, and reworded quotes.

One module per job:

- `unique`: body passages whose claim no other outlet carries.
- `number_mentions`: each number with the words around it; `number_candidates`: the mentions
  in other outlets worth comparing it with; `number_match`: which mentions measure one thing;
  `numbers`: the findings that compare them.
- `quotations`: each passage's quotations and their speakers; `quotes`: the pairs quoted two
  ways; `quote_statements`: one finding per statement.
- `readings`: what the number and quote finders read before any alignment (the side process
  reads it meanwhile: `tui.engine.side_process`).
- `dates`: each article's reference date; `common`: what every finder uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tui.engine.align import Alignment
from tui.engine.findings.common import summarise
from tui.engine.findings.dates import story_dates
from tui.engine.findings.number_mentions import number_readings
from tui.engine.findings.numbers import find_numbers
from tui.engine.findings.quotes import find_quotes
from tui.engine.findings.readings import PassageReadings, read_passages
from tui.engine.findings.unique import find_unique
from tui.model import Finding, Passage, Source

__all__ = [
    "PassageReadings",
    "find_all",
    "find_numbers",
    "find_quotes",
    "find_unique",
    "number_readings",
    "read_passages",
    "story_dates",
    "summarise",
]


def find_all(
    sources: Sequence[Source],
    passages: Sequence[Passage],
    alignment: Alignment,
    readings: PassageReadings | None = None,
) -> list[Finding]:
    """Every finding, numbered. `readings`: what `read_passages` gives, when it was read
    already (in a side process, while the passages were aligned)."""
    quotes = find_quotes(passages, alignment, sources, readings.quotations if readings else None)
    # A statement two outlets quote (in other words) is no claim of one outlet alone.
    quoted = {p for f in quotes if len(set(f.sources)) >= 2 for p in f.passages}
    findings = [
        *find_numbers(
            sources,
            passages,
            alignment,
            readings.numbers if readings else None,
            readings.candidates if readings else None,
        ),
        *quotes,
        *find_unique(sources, passages, alignment, quoted),
    ]
    return [_with_id(f, n) for n, f in enumerate(findings, start=1)]


def _with_id(finding: Finding, number: int) -> Finding:
    return replace(finding, id=f"f{number}")
