"""Group passages from different outlets that report the same thing.

Outlets reorder facts, so nothing here assumes order. Four steps, one module each:

1. `copies`: verbatim copies across outlets (wire copy) are grouped first and matched as one.
2. `candidates`: an inverted index over weighted content stems proposes the pairs worth
   scoring, so the cost follows the pairs that share words, not the square of the passages.
3. `scoring`: a logistic model over lexical evidence turns a pair into the probability that
   both report the same claim; weights and threshold come from MRPC (`bench/mrpc.py`).
4. `clustering`: links (sure pairs, and mutual best matches) grow claims by average linkage,
   strongest first, so claims cannot chain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.engine.align.candidates import MIN_COSINE, candidate_pairs
from tui.engine.align.clustering import (
    LINK_THRESHOLD,
    MERGE_LEVEL,
    MUTUAL_FLOOR,
    cluster_vectors,
    link_pairs,
)
from tui.engine.align.copies import copied_shares, copy_groups
from tui.engine.align.scoring import (
    FEATURES,
    RELATED_THRESHOLD,
    WEIGHTS,
    names_conflict,
    pair_features,
    pair_score,
    probability,
    says_something,
)
from tui.engine.align.semantic import SentenceEncoder
from tui.engine.align.vectors import PassageVector, cosine, idf_table, vectorise
from tui.model import Cluster, Passage, PassageKind

__all__ = [
    "FEATURES",
    "LINK_THRESHOLD",
    "MERGE_LEVEL",
    "MIN_COSINE",
    "MUTUAL_FLOOR",
    "RELATED_THRESHOLD",
    "WEIGHTS",
    "Alignment",
    "PassageVector",
    "align_passages",
    "candidate_pairs",
    "cluster_vectors",
    "copied_shares",
    "cosine",
    "idf_table",
    "link_pairs",
    "names_conflict",
    "pair_features",
    "pair_score",
    "probability",
    "vectorise",
]

# Copies of one wording are as alike as two passages can be.
COPY_SCORE = 1.0


@dataclass(frozen=True)
class Alignment:
    """Clusters, plus the weaker cross-outlet pairs that findings use to compare details."""

    clusters: list[Cluster]
    related: dict[tuple[str, str], float]


def align_passages(
    passages: Sequence[Passage],
    link_threshold: float = LINK_THRESHOLD,
    semantic: bool | str = True,
) -> Alignment:
    """Clusters of passages that report the same thing, ids c1, c2, ... in reading order.

    Headlines and headings are matched with each other, body text with body text: a headline
    is a claim too (a journalist compares them first), but its few words would otherwise pull
    the body sentence it summarises out of that claim's cluster.

    `link_threshold` is the matcher probability a pair needs to link (the user's config may
    trade recall for precision); mutual best matches link from `MUTUAL_FLOOR` and clusters
    merge from `MERGE_LEVEL`, both scaled by the same ratio. `semantic`: use the sentence
    embeddings (True: the shipped model; a folder: that model; False: lexical alone).
    """
    encoder = None
    if semantic:
        from tui.engine.align.semantic import load_encoder

        encoder = load_encoder(semantic if isinstance(semantic, str) else None)
    related: dict[tuple[str, str], float] = {}
    found: list[_Group] = []
    for headings in (False, True):
        part = [k for k, p in enumerate(passages) if (p.kind is PassageKind.HEADING) == headings]
        groups, pairs = _align_part([passages[k] for k in part], link_threshold, encoder)
        found.extend(([part[k] for k in ids], score, strengths) for ids, score, strengths in groups)
        related.update(pairs)
    found.sort(key=lambda item: min(item[0]))
    clusters = []
    for number, (ids, score, strengths) in enumerate(found, start=1):
        order = sorted(range(len(ids)), key=lambda k: ids[k])
        chosen = [passages[ids[k]] for k in order]
        clusters.append(
            Cluster(
                id=f"c{number}",
                passages=tuple(p.id for p in chosen),
                sources=tuple(dict.fromkeys(p.source for p in chosen)),
                score=round(score, 3),
                strengths=tuple(round(strengths[k], 3) for k in order),
            )
        )
    return Alignment(clusters, related)


# The first sentences of each article that count as its lead.
LEAD_SENTENCES = 2


def _leads(passages: Sequence[Passage]) -> set[int]:
    """Indices of the first `LEAD_SENTENCES` passages of each source (in reading order)."""
    firsts: dict[str, list[tuple[int, int]]] = {}
    for k, passage in enumerate(passages):
        firsts.setdefault(passage.source, []).append((passage.index, k))
    return {k for found in firsts.values() for _, k in sorted(found)[:LEAD_SENTENCES]}


# A cluster as indices into the passages aligned, its score, each member's link strength.
_Group = tuple[list[int], float, list[float]]


def _align_part(
    passages: Sequence[Passage], link_threshold: float, encoder: SentenceEncoder | None = None
) -> tuple[list[_Group], dict[tuple[str, str], float]]:
    """Clusters of `passages` (copies grouped first) and their related pairs by passage id."""
    groups = copy_groups(passages)
    units = [passages[group[0]] for group in groups]
    carried_by = [frozenset(passages[i].source for i in group) for group in groups]
    vectors = vectorise([p.text for p in units], [p.source for p in units], carried_by)
    leads = _leads(passages)
    for vector, group in zip(vectors, groups, strict=True):
        vector.lead = any(i in leads for i in group)
    meanings = None
    if encoder is not None and units:
        meanings = encoder.encode([p.text for p in units])
        for vector, row in zip(vectors, meanings, strict=True):
            vector.meaning = row
    clustered, scores = cluster_vectors(vectors, link_threshold, meanings)

    cluster_of = {unit: n for n, (members, _) in enumerate(clustered) for unit in members}
    related: dict[tuple[str, str], float] = {}
    for (i, j), score in scores.items():
        if score >= RELATED_THRESHOLD:
            if i in cluster_of and cluster_of[i] == cluster_of.get(j):
                # One claim: the findings compare its members anyway; its wordings' copies
                # need not be listed pair by pair (quadratic in the copies).
                related[(passages[groups[i][0]].id, passages[groups[j][0]].id)] = score
                continue
            for a in groups[i]:
                for b in groups[j]:
                    related[(passages[a].id, passages[b].id)] = score
    best: dict[int, float] = {}  # each member's strongest scored link inside its cluster
    for (i, j), score in scores.items():
        if i in cluster_of and cluster_of[i] == cluster_of.get(j):
            if score > best.get(i, 0.0):
                best[i] = score
            if score > best.get(j, 0.0):
                best[j] = score
    found: list[_Group] = []
    for members, score in clustered:
        ids, strengths = [], []
        for unit in members:
            for k in groups[unit]:  # a copy is as strongly linked as its wording
                ids.append(k)
                strengths.append(best.get(unit, 0.0))
        found.append((ids, score, strengths))
    for unit, group in enumerate(groups):  # copies that nothing else joined: a claim of their own
        if len(group) > 1 and unit not in cluster_of and says_something(vectors[unit]):
            found.append((list(group), COPY_SCORE, [COPY_SCORE] * len(group)))
    return found, related
