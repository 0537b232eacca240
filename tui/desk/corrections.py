"""The user's corrections of the alignment applied to the engine's result.

A correction links two passages into one claim or detaches one passage from its claim. The
claims they touch are rebuilt (marked `by_user`), a claim left with one outlet dissolves, and
the number and quote findings of the changed claims are found again on their new members;
the unique claims are found again for the whole story (they depend only on which passages
belong to a claim). Everything else of the analysis stays as the engine made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tui.desk.store import DETACH, LINK
from tui.model import Analysis, Cluster, Finding, FindingKind


@dataclass(frozen=True)
class Operation:
    """A correction placed in this analysis: LINK (two passage ids) or DETACH (one)."""

    kind: str
    passages: tuple[str, ...]


def apply_corrections(analysis: Analysis, operations: Sequence[Operation]) -> Analysis:
    """The analysis with the operations applied in order; the same object when none apply."""
    if not operations:
        return analysis
    members: dict[str, list[str]] = {c.id: list(c.passages) for c in analysis.clusters}
    owner = {pid: c.id for c in analysis.clusters for pid in c.passages}
    changed: set[str] = set()
    touched: set[str] = set()  # passages whose claim changed
    fresh = 0
    for operation in operations:
        if operation.kind == DETACH:
            (passage,) = operation.passages[:1]
            cluster = owner.pop(passage, None)
            if cluster is not None:
                members[cluster].remove(passage)
                changed.add(cluster)
                touched.update([passage, *members[cluster]])
        elif operation.kind == LINK and len(operation.passages) == 2:
            first, second = operation.passages
            a, b = owner.get(first), owner.get(second)
            if a is not None and a == b:
                continue
            if a is None and b is None:
                fresh += 1
                target = f"u{fresh}"
                while target in members:
                    fresh += 1
                    target = f"u{fresh}"
                members[target] = []
                joining = [first, second]
            elif a is not None and b is not None:
                target, joining = a, list(members.pop(b))
                changed.discard(b)
            else:
                target = a if a is not None else b  # type: ignore[assignment]
                joining = [second if a is not None else first]
            for passage in joining:
                old = owner.get(passage)
                if old is not None and old != target and passage in members.get(old, []):
                    members[old].remove(passage)
                    changed.add(old)
                owner[passage] = target
                members[target].append(passage)
            changed.add(target)
            touched.update(members[target])
    if not changed:
        return analysis
    clusters = _rebuilt(analysis, members, changed)
    return _refound(analysis, clusters, changed, touched)


def _rebuilt(analysis: Analysis, members: dict[str, list[str]], changed: set[str]) -> list[Cluster]:
    """The claims in the engine's order (new ones last); changed ones rebuilt, one-outlet
    ones dissolved."""
    original = {c.id: c for c in analysis.clusters}
    strength = {pid: c.strength(pid) for c in analysis.clusters for pid in c.passages}
    order = [c.id for c in analysis.clusters if c.id in members]
    order += [cid for cid in members if cid not in original]
    clusters: list[Cluster] = []
    for cid in order:
        if cid not in changed:
            clusters.append(original[cid])
            continue
        passages = sorted(
            members[cid],
            key=lambda pid: (_source_order(analysis, pid), analysis.passage(pid).index),
        )
        sources = tuple(analysis.passage(pid).source for pid in passages)
        if len(set(sources)) < 2:
            continue
        kept = original.get(cid)
        # A passage the user put here is as sure as a link can be; the others keep theirs.
        strengths = tuple(
            strength[pid] if kept is not None and pid in kept.passages else 1.0 for pid in passages
        )
        clusters.append(
            Cluster(
                id=cid,
                passages=tuple(passages),
                sources=sources,
                score=sum(strengths) / len(strengths),
                strengths=strengths,
                by_user=True,
            )
        )
    return clusters


def _source_order(analysis: Analysis, passage_id: str) -> int:
    source = analysis.passage(passage_id).source
    return next(i for i, s in enumerate(analysis.sources) if s.id == source)


def _refound(
    analysis: Analysis, clusters: list[Cluster], changed: set[str], touched: set[str]
) -> Analysis:
    from tui.engine.align import Alignment
    from tui.engine.findings import find_numbers, find_quotes, find_unique

    rebuilt = [c for c in clusters if c.id in changed]
    inside = {pid for c in rebuilt for pid in c.passages} | touched
    kept = [
        f
        for f in analysis.findings
        if f.kind is not FindingKind.UNIQUE and not inside.intersection(f.passages)
    ]
    passages = [p for p in analysis.passages if p.id in inside]
    local = Alignment(clusters=rebuilt, related={})
    everything = Alignment(clusters=clusters, related={})
    found: list[Finding] = [
        *kept,
        *find_numbers(analysis.sources, passages, local),
        *find_quotes(passages, local, analysis.sources),
        *find_unique(analysis.sources, analysis.passages, everything),
    ]
    numbered = tuple(replace(f, id=f"f{n}") for n, f in enumerate(found, start=1))
    return replace(analysis, clusters=tuple(clusters), findings=numbered, _by_id={})
