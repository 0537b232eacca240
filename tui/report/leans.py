"""Which leans carry each claim: Ground News's bias bar, per claim rather than per story.

A source's lean is whatever story.toml labels it (`left`, `lean-left`, `center`, `lean-right`,
`right`, or any label of the user's); the known five sort left to right, others after them.
"""

from __future__ import annotations

from tui.model import Analysis, Cluster

LEAN_ORDER = ("left", "lean-left", "center", "lean-right", "right")


def lean_key(lean: str) -> tuple[int, str]:
    folded = lean.casefold()
    return (LEAN_ORDER.index(folded), "") if folded in LEAN_ORDER else (len(LEAN_ORDER), folded)


def has_leans(analysis: Analysis) -> bool:
    return any(s.lean for s in analysis.sources)


def claim_leans(analysis: Analysis, cluster: Cluster) -> dict[str, int]:
    """How many of the claim's outlets are of each lean (outlets without one are not counted),
    left to right."""
    lean_of = {s.id: s.lean for s in analysis.sources}
    counts: dict[str, int] = {}
    for source in dict.fromkeys(cluster.sources):
        lean = lean_of.get(source)
        if lean:
            counts[lean] = counts.get(lean, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: lean_key(item[0])))


def blind_spots(analysis: Analysis) -> list[Cluster]:
    """Claims several outlets carry, all of one lean, in a story covered by more than one
    lean: what the other side's readers would not see."""
    leans = {s.lean for s in analysis.sources if s.lean}
    if len(leans) < 2:
        return []
    lean_of = {s.id: s.lean for s in analysis.sources}
    found = []
    for cluster in analysis.clusters:
        carriers = set(cluster.sources)
        carried_by = {lean_of.get(s) for s in carriers}
        if len(carriers) >= 2 and len(carried_by) == 1 and None not in carried_by:
            found.append(cluster)
    return found
