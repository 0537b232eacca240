"""Claims one outlet alone makes."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from tui.engine.align import Alignment
from tui.engine.findings.common import _cluster_index, summarise
from tui.engine.text import content_tokens
from tui.model import Finding, FindingKind, FindingValue, Passage, PassageKind, Source

# A unique passage must say something: at least this many content words.
MIN_UNIQUE_TOKENS = 4


def find_unique(
    sources: Sequence[Source],
    passages: Sequence[Passage],
    alignment: Alignment,
    quoted_elsewhere: Collection[str] = (),
) -> list[Finding]:
    """Body passages whose claim no other outlet carries. `quoted_elsewhere`: passages whose
    quotation another outlet renders too (a quote finding joins them): the statement is
    theirs as well, so the passage is not marked "only here" beside a "quoted differently"."""
    if len(sources) < 2:
        return []
    clustered = _cluster_index(alignment)
    outlet_of = {s.id: s.outlet for s in sources}
    found = []
    for passage in passages:
        if passage.kind is not PassageKind.BODY or passage.id in clustered:
            continue
        if passage.id in quoted_elsewhere:
            continue
        if len(set(content_tokens(passage.text))) < MIN_UNIQUE_TOKENS:
            continue
        found.append(
            Finding(
                id="",
                kind=FindingKind.UNIQUE,
                cluster=None,
                sources=(passage.source,),
                passages=(passage.id,),
                summary=f"only {outlet_of.get(passage.source, passage.source)}: "
                f"{summarise(passage.text)}",
                values=(
                    FindingValue(passage.source, passage.id, passage.text, 0, len(passage.text)),
                ),
            )
        )
    return found
