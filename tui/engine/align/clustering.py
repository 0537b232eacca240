"""Links between passages, and claims (clusters) grown from them without chaining.

A pair links when the matcher is sure enough (`LINK_THRESHOLD`), or, more weakly, when each
passage is the other's best match in the other's outlet (mutual best match, as in
parallel-sentence mining). Clusters grow strongest link first by average linkage: two clusters
merge only when the mean score over their cross pairs reaches `MERGE_LEVEL`, so A~B and B~C
cannot pull an unrelated C into A's claim. A weak link may pair two passages that are
otherwise alone, never grow a cluster. At most one passage per outlet, unless the outlet
states the claim twice.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from tui.engine.align.candidates import candidate_pairs
from tui.engine.align.scoring import apart, pair_score
from tui.engine.align.vectors import PassageVector
from tui.engine.identity import LINK_THRESHOLD  # kept there, light for a cached story's reader

# Mutual best matches link from this score up (see `link_pairs`).
MUTUAL_FLOOR = 0.1
# Two clusters merge on a sure link when the mean score of their cross pairs reaches this
# (average linkage), or when every cross pair scores at least `SUPPORT_FLOOR` (complete
# linkage: each outlet's version supports each other's).
MERGE_LEVEL = 0.4
SUPPORT_FLOOR = 0.2
# Cross pairs compared per merge: an even sample of each side this big, so a merge costs the
# same however big the clusters grow.
SAMPLE = 6

Pair = tuple[int, int]


def link_pairs(
    scores: Mapping[Pair, float],
    vectors: Sequence[PassageVector],
    link_threshold: float = LINK_THRESHOLD,
    mutual_floor: float = MUTUAL_FLOOR,
) -> dict[Pair, float]:
    """The pairs that count as reporting the same thing.

    A pair links when its score clears `link_threshold`, or when it clears the lower
    `mutual_floor` and each passage is the other's best match in the other's outlet (mutual
    best match): rewrites that share few words still pair up when nothing else in that
    outlet comes closer.
    """
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for (i, j), score in scores.items():
        for here, there in ((i, j), (j, i)):
            key = (here, vectors[there].source)
            if score > best.get(key, (0.0, -1))[0]:
                best[key] = (score, there)
    links = {}
    for (i, j), score in scores.items():
        if score >= link_threshold or (
            score >= mutual_floor
            and best[(i, vectors[j].source)][1] == j
            and best[(j, vectors[i].source)][1] == i
        ):
            links[(i, j)] = score
    return links


class Linkage:
    """Pair scores, the candidates' and any other pair's on demand (cached)."""

    def __init__(self, vectors: Sequence[PassageVector], scores: dict[Pair, float]) -> None:
        self.vectors = vectors
        self.scores = scores
        self._apart: dict[Pair, bool] = {}  # a pair is tried again as its clusters grow

    def __call__(self, i: int, j: int) -> float:
        key = (i, j) if i < j else (j, i)
        score = self.scores.get(key)
        if score is None:
            score = self.scores[key] = pair_score(self.vectors[key[0]], self.vectors[key[1]])
        return score

    def apart(self, i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        found = self._apart.get(key)
        if found is None:
            found = self._apart[key] = apart(self.vectors[key[0]], self.vectors[key[1]])
        return found

    def reaches(self, pairs: Sequence[Pair], level: float) -> bool:
        """Whether the mean score of `pairs` reaches `level`; known scores first, and unseen
        pairs scored only while the answer is open. A pair whose passages name different
        subjects (or other figures, `apart`) counts as 0 here: it may link two passages, not
        join two clusters. When two or more pairs are apart, and they are at least half of the
        pairs whose passages both name someone, the clusters stay apart whatever the others
        score (one pair is too weak: "the White House" / "Washington"): members that name nobody
        ("The acquisition is expected to close") must not carry two companies' claims into
        one."""
        if not pairs:
            return False
        need = level * len(pairs) - 1e-9
        total = 0.0
        unseen = []
        vectors = self.vectors
        telling = kept_apart = 0  # pairs whose names or figures could tell them apart
        for i, j in pairs:
            if self.apart(i, j):
                telling += 1
                kept_apart += 1
                continue
            if vectors[i].heads and vectors[j].heads:
                telling += 1
            score = self.scores.get((i, j) if i < j else (j, i))
            if score is None:
                unseen.append((i, j))
            else:
                total += score
        if kept_apart >= 2 and 2 * kept_apart >= telling:
            return False
        if total >= need:
            return True
        for n, (i, j) in enumerate(unseen):
            if total + len(unseen) - n < need:  # even perfect scores could not get there
                return False
            total += self(i, j)
            if total >= need:
                return True
        return total >= need

    def all_reach(self, pairs: Sequence[Pair], level: float) -> bool:
        """Whether every one of `pairs` scores at least `level` (known scores first)."""
        if not pairs or any(self.apart(i, j) for i, j in pairs):
            return False
        known = [self.scores.get((i, j) if i < j else (j, i)) for i, j in pairs]
        if any(score is not None and score < level for score in known):
            return False
        return all(
            self(i, j) >= level for (i, j), score in zip(pairs, known, strict=True) if score is None
        )

    def mean(self, left: Sequence[int], right: Sequence[int]) -> float:
        pairs = cross_pairs(left, right, self.vectors)
        return sum(self(i, j) for i, j in pairs) / len(pairs) if pairs else 0.0


def cross_pairs(
    left: Sequence[int], right: Sequence[int], vectors: Sequence[PassageVector]
) -> list[Pair]:
    """The pairs between an even sample of each side, from different outlets."""
    return [
        (i, j)
        for i in _sample(left)
        for j in _sample(right)
        if not vectors[i].sources & vectors[j].sources
    ]


def _sample(members: Sequence[int], size: int = SAMPLE) -> Sequence[int]:
    if len(members) <= size:
        return members
    step = len(members) / size
    return [members[int(k * step)] for k in range(size)]


class _Clusters:
    """Disjoint groups of vector indices, with the outlets each group carries."""

    def __init__(self, vectors: Sequence[PassageVector]) -> None:
        self.vectors = vectors
        self.of = list(range(len(vectors)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(vectors))}
        self.sources: dict[int, set[str]] = {i: set(v.sources) for i, v in enumerate(vectors)}

    def merge(self, ca: int, cb: int) -> None:
        if len(self.members[ca]) < len(self.members[cb]):
            ca, cb = cb, ca
        for k in self.members[cb]:
            self.of[k] = ca
        self.members[ca].extend(self.members.pop(cb))
        self.sources[ca] |= self.sources.pop(cb)

    def move(self, i: int, target: int) -> None:
        """Move a passage that is alone into `target`."""
        self.members.pop(self.of[i])
        self.sources.pop(self.of[i])
        self.of[i] = target
        self.members[target].append(i)
        self.sources[target] |= self.vectors[i].sources


def cluster_vectors(
    vectors: Sequence[PassageVector],
    link_threshold: float = LINK_THRESHOLD,
    meanings: Any = None,
) -> tuple[list[tuple[list[int], float]], dict[Pair, float]]:
    """Clusters of vector indices (two or more members) with their mean link score, and every
    scored pair. `meanings`: the passages' embeddings, when the semantic signal is used."""
    candidates = candidate_pairs(vectors, meanings=meanings)
    scores = {pair: pair_score(vectors[pair[0]], vectors[pair[1]]) for pair in candidates}
    # A stricter (or looser) threshold moves the mutual-best floor and the merge level in
    # proportion.
    ratio = link_threshold / LINK_THRESHOLD
    floor = min(link_threshold, MUTUAL_FLOOR * ratio)
    level = min(link_threshold, MERGE_LEVEL * ratio)
    support = min(link_threshold, SUPPORT_FLOOR * ratio)
    links = link_pairs(scores, vectors, link_threshold, floor)
    linkage = Linkage(vectors, scores)
    clusters = _Clusters(vectors)
    blocked = []
    refused: set[tuple[int, int, int, int]] = set()
    for (i, j), score in sorted(links.items(), key=lambda item: (-item[1], item[0])):
        ca, cb = clusters.of[i], clusters.of[j]
        if ca == cb:
            continue
        if clusters.sources[ca] & clusters.sources[cb]:
            blocked.append((i, j))
            continue
        left, right = clusters.members[ca], clusters.members[cb]
        if len(clusters.sources[ca]) == 1 and len(clusters.sources[cb]) == 1:
            clusters.merge(ca, cb)  # any link pairs two passages that are alone
            continue
        if score < link_threshold:
            continue  # a weak link never grows a cluster
        # Clusters only grow, so two that failed to merge at these sizes fail again: the
        # same sampled pairs, the same scores (a cluster's links are tried one by one).
        attempt = (ca, cb, len(left), len(right)) if ca < cb else (cb, ca, len(right), len(left))
        if attempt in refused:
            continue
        pairs = cross_pairs(left, right, vectors)
        if linkage.reaches(pairs, level) or linkage.all_reach(pairs, support):
            clusters.merge(ca, cb)
        else:
            refused.add(attempt)
    _merge_restatements(clusters, linkage, blocked, level, support)
    _attach_repeats(clusters, linkage, links, level)

    # Each cluster's mean link score, its links summed in pair order (a fixed order, one sum):
    # walking the links once, not every member pair (3.6M pairs in one cluster of 2,700).
    linked: dict[int, list[float]] = defaultdict(list)
    for a, b in sorted(links):
        if clusters.of[a] == clusters.of[b]:
            linked[clusters.of[a]].append(links[(a, b)])
    result = []
    for key, group in clusters.members.items():
        if len(group) < 2:
            continue
        group.sort()
        scores_in = linked.get(key, [])
        result.append((group, sum(scores_in) / len(scores_in) if scores_in else 0.0))
    result.sort(key=lambda item: item[0][0])
    return result, scores


def _merge_restatements(
    clusters: _Clusters, linkage: Linkage, blocked: Sequence[Pair], level: float, support: float
) -> None:
    """Two clusters kept apart only because a few outlets (one in ten, at least one) state the
    claim twice, once in each: when the other outlets' passages support each other across
    them, they are one claim. More shared outlets than that is two claims side by side."""
    vectors = clusters.vectors
    for i, j in blocked:
        ca, cb = clusters.of[i], clusters.of[j]
        left, right = clusters.members.get(ca, []), clusters.members.get(cb, [])
        if ca == cb or len(left) < 2 or len(right) < 2:
            continue
        repeating = clusters.sources[ca] & clusters.sources[cb]
        if len(repeating) > max(1, len(clusters.sources[ca] | clusters.sources[cb]) // 10):
            continue
        if not all(
            _one_passage_each(vectors, left, right, source)
            and _same_figures(vectors, left, right, source)
            for source in repeating
        ):
            continue
        pairs = cross_pairs(left, right, vectors)
        if len(pairs) >= 2 and (linkage.reaches(pairs, level) or linkage.all_reach(pairs, support)):
            clusters.merge(ca, cb)


def _one_passage_each(
    vectors: Sequence[PassageVector], left: Sequence[int], right: Sequence[int], source: str
) -> bool:
    """A claim stated twice: the outlet brings exactly one passage to each side."""
    return (
        sum(source in vectors[i].sources for i in left) == 1
        and sum(source in vectors[j].sources for j in right) == 1
    )


def _same_figures(
    vectors: Sequence[PassageVector], left: Sequence[int], right: Sequence[int], source: str
) -> bool:
    """An outlet stating one claim twice gives the same figures both times."""
    mine = [vectors[i].figures for i in left if source in vectors[i].sources]
    theirs = [vectors[j].figures for j in right if source in vectors[j].sources]
    return all(not a or not b or bool(a & b) for a in mine for b in theirs)


def _attach_repeats(
    clusters: _Clusters, linkage: Linkage, links: Mapping[Pair, float], level: float
) -> None:
    """A passage still alone joins the cluster one of its links reaches when its mean score
    with the cluster reaches the merge level: mostly a repeat (its outlet already has one in
    the cluster), sometimes a passage whose link was too weak to grow a cluster. Limiting it
    to repeats lost 4% of MRPC-400's same-meaning pairs for one not-aligned gold pair."""
    neighbours: dict[int, list[int]] = defaultdict(list)
    for i, j in links:
        neighbours[i].append(j)
        neighbours[j].append(i)
    for i in range(len(clusters.of)):
        if len(clusters.members.get(clusters.of[i], ())) != 1:
            continue
        best, best_mean = None, -math.inf
        for key in sorted({clusters.of[j] for j in neighbours.get(i, ())}):
            group = clusters.members[key]
            if len(group) < 2:
                continue
            mean = linkage.mean([i], group)
            if mean >= level and mean > best_mean:
                best, best_mean = key, mean
        if best is not None:
            clusters.move(i, best)
