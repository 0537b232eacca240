"""Which pairs of passages are worth scoring, without comparing every passage with every other.

An inverted index counts, for each passage, the words it shares with every other passage
(`Counter.update` runs that count in C), so the cost follows the pairs that share words, not
all pairs. A word that more passages use than a story has claims for (its subject: the people,
the event) is not dropped: it is indexed in pairs with the passage's other frequent words, and
two frequent words together are rare again ("pleaded" + "guilty" in a story about a trial).
Each passage's best-counted proposals are re-ranked by cosine over all their words.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import chain, combinations
from operator import itemgetter
from typing import Any

from tui.engine.align.vectors import PassageVector, cosine

# Best-counted proposals re-ranked by cosine per passage.
PROPOSALS = 8
# Closest proposals each passage keeps for full scoring, and beyond them any proposal at least
# this close (a claim that many outlets carry has many close neighbours).
NEIGHBOURS = 4
CLOSE_COSINE = 0.4
# Pairs whose cosine is below this are not scored at all.
MIN_COSINE = 0.12
# A posting list longer than this many passages per outlet (and at least the floor) is a
# frequent word: indexed in pairs, not alone.
POSTINGS_PER_OUTLET = 2
POSTINGS_FLOOR = 12
# However many outlets, a word proposes at most this many passages: a frequent word's list is
# an even sample of its passages (every passage that uses it proposes the same sample, so a
# claim that hundreds of outlets carry is still connected), which keeps the cost per passage
# the same at any size.
POSTINGS_CEILING = 64
# A passage's frequent words that are paired up (its most weighted ones).
FREQUENT_PER_PASSAGE = 4


# With embeddings: each passage's closest few in meaning are proposed too, from this cosine up,
# in stories of up to this many passages (the search compares every pair, block by block).
SEMANTIC_NEIGHBOURS = 4
SEMANTIC_PROPOSAL = 0.5
SEMANTIC_SEARCH_LIMIT = 12_000


def candidate_pairs(
    vectors: Sequence[PassageVector], min_cosine: float = MIN_COSINE, meanings: Any = None
) -> dict[tuple[int, int], float]:
    """Pairs (i, j), i < j, carried by different outlets, worth scoring: {pair: cosine}.
    `meanings` (a matrix of the passages' embeddings, row i for vector i) adds each
    passage's nearest neighbours in meaning."""
    if len(vectors) < 2:
        return {}
    pairs = _lexical_pairs(vectors, min_cosine)
    if meanings is not None and len(vectors) <= SEMANTIC_SEARCH_LIMIT:
        from tui.engine.align.semantic import nearest

        for i, j in nearest(
            meanings, [v.sources for v in vectors], SEMANTIC_NEIGHBOURS, SEMANTIC_PROPOSAL
        ):
            if (i, j) not in pairs:
                pairs[(i, j)] = cosine(vectors[i], vectors[j])
    return pairs


def _lexical_pairs(
    vectors: Sequence[PassageVector], min_cosine: float
) -> dict[tuple[int, int], float]:
    postings: dict[str, list[int]] = defaultdict(list)
    for v in vectors:
        for token in v.weights:
            postings[token].append(v.index)
    outlets = len(frozenset().union(*(v.sources for v in vectors)))
    cap = min(POSTINGS_CEILING, max(POSTINGS_FLOOR, POSTINGS_PER_OUTLET * outlets))
    rare = {t: members for t, members in postings.items() if 2 <= len(members) <= cap}
    frequent = {t for t, members in postings.items() if len(members) > cap}
    if cap == POSTINGS_CEILING:  # a story with more outlets than the index can list in full
        rare.update((t, _even_sample(postings[t], cap)) for t in frequent)
    pairs_of: list[list[tuple[str, str]]] = []
    pair_postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for v in vectors:
        common = sorted((t for t in v.weights if t in frequent), key=lambda t: (-v.weights[t], t))
        own = list(combinations(sorted(common[:FREQUENT_PER_PASSAGE]), 2))
        pairs_of.append(own)
        for key in own:
            pair_postings[key].append(v.index)
    rare_pairs = {k: m for k, m in pair_postings.items() if 2 <= len(m) <= cap}
    if cap == POSTINGS_CEILING:
        rare_pairs.update(
            (k, _even_sample(m, cap)) for k, m in pair_postings.items() if len(m) > cap
        )

    pairs: dict[tuple[int, int], float] = {}
    for v in vectors:
        lists = [rare[t] for t in v.weights if t in rare]
        lists += [rare_pairs[k] for k in pairs_of[v.index] if k in rare_pairs]
        # One count over all the lists, and a sort (in C) instead of `most_common`'s heap
        # (a Python loop): 0.46 s -> 0.2 s for the proposals at 100 articles, the same result.
        counts = Counter(chain.from_iterable(lists))
        best = sorted(counts.items(), key=itemgetter(1), reverse=True)[: PROPOSALS + 1]
        ranked: list[tuple[float, tuple[int, int]]] = []
        for j, _ in best:
            other = vectors[j]
            if other.sources & v.sources:
                continue
            pair = (v.index, j) if v.index < j else (j, v.index)
            cos = pairs.get(pair)
            if cos is None:
                cos = cosine(v, other)
            ranked.append((cos, pair))
        ranked.sort(reverse=True)
        for n, (cos, pair) in enumerate(ranked):
            if cos < min_cosine or (n >= NEIGHBOURS and cos < CLOSE_COSINE):
                break
            pairs[pair] = cos
    return pairs


def _even_sample(members: Sequence[int], size: int) -> list[int]:
    step = len(members) / size
    return [members[int(k * step)] for k in range(size)]
