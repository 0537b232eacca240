"""Group passages from different outlets that report the same thing.

Outlets reorder facts, so nothing here assumes order. Three steps:

1. Candidates: an inverted index over content stems (IDF-weighted) gives every pair of passages
   that share informative words, with their TF-IDF cosine, so the cost follows the number of
   sharing pairs, not the square of the number of passages.
2. Scoring: a logistic model over cosine, rapidfuzz token-set similarity, entity and number
   anchors turns a pair into the probability that both report the same claim. Its weights and
   the threshold come from MRPC (`bench/mrpc.py` refits and prints them).
3. Clustering: average-linkage agglomeration over the candidate edges, strongest first, with at
   most one passage per outlet. Average linkage, not union-find, so A~B and B~C cannot chain an
   unrelated C into A's cluster.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tui.engine.text import content_tokens, known_names, names
from tui.model import Cluster, Passage

# Logistic weights over (bias, *FEATURES), fitted by `python bench/mrpc.py --fit` on MRPC's
# training split: its pairs of either label against same-topic pairs of different claims.
WEIGHTS = (-8.60, 10.15, 3.31, 1.21)
# Pairs scoring at least this are linked (chosen on MRPC for recall on same-claim pairs).
LINK_THRESHOLD = 0.5
# Mutual best matches link from this score up (see `link_pairs`). Lowered from 0.2 after
# reading the AllSides stories: 23 more shared claims (225 -> 248), one or two of them wrong.
MUTUAL_FLOOR = 0.15
# Two clusters merge only if at least this share of their cross pairs support it (score at
# least MUTUAL_FLOOR): what stops chaining.
LINKED_SHARE = 0.5
# Pairs at least this likely to be about the same thing are kept in `Alignment.related` for the
# number and quote checks, which weigh them with their own evidence.
RELATED_THRESHOLD = 0.05
# Closest proposals each passage keeps for full scoring.
NEIGHBOURS = 4
# Best-counted proposals re-ranked by cosine per passage: 7 finds the same clusters as 9 did
# on AllSides, the seeds and the bench, 5% faster at 100 articles.
PROPOSALS = NEIGHBOURS + 3
# Passages without any of the story's words, added to every document-frequency count.
BACKGROUND_PASSAGES = 100
# Pairs whose cosine is below this are not scored at all.
MIN_COSINE = 0.12


FIGURE_RE = re.compile(r"\d(?:[\d,.]*\d)?")


@dataclass
class PassageVector:
    """What the matcher knows of one passage."""

    index: int
    source: str
    weights: dict[str, float]
    norm: float
    mass: float
    positions: dict[str, int]  # first position of each stem among the passage's stems
    bigrams: frozenset[tuple[str, str]]
    names: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()  # the numbers written in digits ("17,000" -> "17000")


def idf_table(
    token_lists: Sequence[Sequence[str]], background: int | None = None
) -> dict[str, float]:
    """Smoothed inverse document frequency, scaled to 0..1 so corpora of any size compare.

    `background` passages that contain none of the words are added to the count: a story of
    a dozen sentences says little about which words are common, and without them every word
    its outlets share weighs next to nothing (the matcher was calibrated on a corpus of
    thousands). For large stories the story's own counts dominate."""
    background = BACKGROUND_PASSAGES if background is None else background
    n = len(token_lists) + background
    df: Counter[str] = Counter()
    for tokens in token_lists:
        df.update(set(tokens))
    top = math.log(n + 1) + 1.0
    return {t: (math.log((n + 1) / (c + 1)) + 1.0) / top for t, c in df.items()}


def specificity_table(
    token_lists: Sequence[Sequence[str]], sources: Sequence[str]
) -> dict[str, float]:
    """How claim-like each word is: near 1 when outlets use it about once each (a detail of one
    claim), low when each outlet repeats it (the story's subject: its people, its event)."""
    passages_with: Counter[str] = Counter()
    sources_with: dict[str, set[str]] = defaultdict(set)
    for tokens, source in zip(token_lists, sources, strict=True):
        for token in set(tokens):
            passages_with[token] += 1
            sources_with[token].add(source)
    return {t: math.sqrt(len(sources_with[t]) / n) for t, n in passages_with.items()}


def vectorise(texts: Sequence[str], sources: Sequence[str]) -> list[PassageVector]:
    token_lists = [content_tokens(t) for t in texts]
    idf = idf_table(token_lists)
    if len(set(sources)) > 2:
        specificity = specificity_table(token_lists, sources)
        idf = {t: w * specificity[t] for t, w in idf.items()}
    known = known_names(texts)
    name_sets = [names(text, known) for text in texts]
    # Names that many passages share (a body, a title) tell no claim apart from another.
    passages_naming = Counter(name for found in name_sets for name in found)
    limit = max(8, (3 * len(set(sources))) // 2)
    vectors = [
        _vector(i, tokens, source, idf, frozenset(n for n in found if passages_naming[n] <= limit))
        for i, (tokens, source, found) in enumerate(
            zip(token_lists, sources, name_sets, strict=True)
        )
    ]
    for vector, text in zip(vectors, texts, strict=True):
        if FIGURE_RE.search(text):
            vector.figures = frozenset(f.replace(",", "") for f in FIGURE_RE.findall(text))
    return vectors


def _vector(
    index: int,
    tokens: Sequence[str],
    source: str,
    idf: Mapping[str, float],
    named: frozenset[str] = frozenset(),
) -> PassageVector:
    weights = {t: idf.get(t, 1.0) for t in tokens}
    positions: dict[str, int] = {}
    for k, token in enumerate(tokens):
        positions.setdefault(token, k)
    return PassageVector(
        index=index,
        source=source,
        weights=weights,
        norm=math.sqrt(sum(w * w for w in weights.values())) or 1.0,
        mass=sum(weights.values()),
        positions=positions,
        bigrams=frozenset(pairwise(tokens)) | frozenset(zip(tokens, tokens[2:], strict=False)),
        names=named,
    )


def cosine(a: PassageVector, b: PassageVector) -> float:
    wa, wb = a.weights, b.weights
    dot = math.fsum([wa[t] * wb[t] for t in wa.keys() & wb.keys()])  # fsum: any order, one sum
    return dot / (a.norm * b.norm)


FEATURES = ("overlap", "local evidence", "shared phrases")


def pair_features(a: PassageVector, b: PassageVector) -> list[float]:
    """The matcher's inputs for one pair, each in 0..1 (named in FEATURES)."""
    shared, overlap, phrases = _cheap_features(a, b)
    evidence = 1.0 - math.exp(-local_evidence(a, b, shared) / 1.5)
    return [overlap, evidence, phrases]


def _cheap_features(a: PassageVector, b: PassageVector) -> tuple[list[str], float, float]:
    shared = list(a.weights.keys() & b.weights.keys())
    weights = a.weights
    shared_mass = math.fsum([weights[t] for t in shared])
    overlap = shared_mass / min(a.mass, b.mass) if a.mass and b.mass else 0.0
    phrases = min(1.0, len(a.bigrams & b.bigrams) / 2.0)
    return shared, overlap, phrases


def local_evidence(
    a: PassageVector, b: PassageVector, shared: Sequence[str], span: int = 10
) -> float:
    """Weight of the shared words that stand close together in both passages.

    Outlets pack several claims into one sentence; the claim they share shows as a tight group
    of shared words ("resume dialogue ... hear ... missiles") inside longer, different text.
    """
    hits = sorted((a.positions[t], b.positions[t], a.weights[t]) for t in shared)
    if not hits:
        return 0.0
    b_positions = [kb for _, kb, _ in hits]
    if hits[-1][0] - hits[0][0] <= span and max(b_positions) - min(b_positions) <= span:
        return sum(w for _, _, w in hits)  # all shared words stand close together
    best = 0.0
    for n, (ka, kb, _) in enumerate(hits):
        total = 0.0
        for ka2, kb2, w in hits[n:]:
            if ka2 - ka > span:
                break
            if abs(kb2 - kb) <= span:
                total += w
        best = max(best, total)
    return best


def probability(features: Sequence[float], weights: Sequence[float] = WEIGHTS) -> float:
    z = weights[0] + sum(w * x for w, x in zip(weights[1:], features, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def names_conflict(a: PassageVector, b: PassageVector) -> bool:
    """Two sentences that each name two or more people or places particular to them, none the
    same, are about different subjects however alike their wording ("X set a deadline of 21
    days for Y" and "Z set a deadline of 10 days for W"). One name each is not enough: outlets
    say "Moscow" where others say "the Kremlin"."""
    return len(a.names) >= 2 and len(b.names) >= 2 and not (a.names & b.names)


def pair_score(a: PassageVector, b: PassageVector) -> float:
    """probability(pair_features(a, b)), or 0 when the two name different subjects; the
    costliest feature is skipped when even its largest value could not lift the pair to
    RELATED_THRESHOLD (the cheaper bound is returned)."""
    if names_conflict(a, b):
        return 0.0
    shared, overlap, phrases = _cheap_features(a, b)
    bias, w_overlap, w_evidence, w_phrases = WEIGHTS
    partial = bias + w_overlap * overlap + w_phrases * phrases
    if 1.0 / (1.0 + math.exp(-(partial + w_evidence))) < RELATED_THRESHOLD:
        return 1.0 / (1.0 + math.exp(-partial))
    evidence = 1.0 - math.exp(-local_evidence(a, b, shared) / 1.5)
    return probability([overlap, evidence, phrases])


def candidate_pairs(
    vectors: Sequence[PassageVector], min_cosine: float = MIN_COSINE
) -> dict[tuple[int, int], float]:
    """Pairs (i, j), i < j, from different sources worth scoring: {pair: cosine}.

    An inverted index counts, for each passage, the informative words it shares with every
    other passage (`Counter.update` runs that count in C), so the cost follows the pairs that
    share words, not all pairs. Stems used by more passages than about one per outlet count
    for nothing: they name the story's subject, not one claim. Each passage's best-counted
    proposals are re-ranked by cosine over all their words, and its `NEIGHBOURS` closest kept.
    """
    if len(vectors) < 2:
        return {}
    postings: dict[str, list[int]] = defaultdict(list)
    for v in vectors:
        for token in v.weights:
            postings[token].append(v.index)
    max_df = max(8, len({v.source for v in vectors}))
    informative = {t: members for t, members in postings.items() if 2 <= len(members) <= max_df}
    pairs: dict[tuple[int, int], float] = {}
    for v in vectors:
        counts: Counter[int] = Counter()
        for token in v.weights:
            members = informative.get(token)
            if members is not None:
                counts.update(members)
        ranked = []
        for j, _ in counts.most_common(PROPOSALS):
            other = vectors[j]
            if other.source == v.source:
                continue
            key = (v.index, j) if v.index < j else (j, v.index)
            cos = pairs.get(key)
            if cos is None:
                cos = cosine(v, other)
            ranked.append((cos, key))
        for cos, key in heapq.nlargest(NEIGHBOURS, ranked):
            if cos >= min_cosine:
                pairs[key] = cos
    return pairs


def link_pairs(
    scores: Mapping[tuple[int, int], float],
    vectors: Sequence[PassageVector],
    link_threshold: float = LINK_THRESHOLD,
    mutual_floor: float = MUTUAL_FLOOR,
) -> dict[tuple[int, int], float]:
    """The pairs that count as reporting the same thing.

    A pair links when its score clears `link_threshold`, or when it clears the lower
    `mutual_floor` and each passage is the other's best match in the other's outlet (mutual
    best match, as in parallel-sentence mining): rewrites that share few words still pair up
    when nothing else in that outlet comes closer.
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


def cluster_vectors(
    vectors: Sequence[PassageVector],
    link_threshold: float = LINK_THRESHOLD,
) -> tuple[list[tuple[list[int], float]], dict[tuple[int, int], float]]:
    """Clusters of vector indices (two or more members) with their mean link score, and every
    scored pair."""
    scores = {
        pair: pair_score(vectors[pair[0]], vectors[pair[1]]) for pair in candidate_pairs(vectors)
    }
    # A stricter (or looser) threshold moves the mutual-best-match floor in proportion.
    floor = min(link_threshold, MUTUAL_FLOOR * link_threshold / LINK_THRESHOLD)
    links = link_pairs(scores, vectors, link_threshold, floor)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for i, j in links:
        neighbours[i].append(j)
        neighbours[j].append(i)

    support = _Support(vectors, scores, links, floor)
    cluster_of = list(range(len(vectors)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(vectors))}
    sources: dict[int, set[str]] = {i: {v.source} for i, v in enumerate(vectors)}
    ordered = sorted(links.items(), key=lambda item: (-item[1], item[0]))
    blocked = []
    for (i, j), _ in ordered:
        ca, cb = cluster_of[i], cluster_of[j]
        if ca == cb:
            continue
        if sources[ca] & sources[cb]:
            blocked.append((i, j))
            continue
        if support.reaches(members[ca], members[cb], LINKED_SHARE):
            _merge(ca, cb, cluster_of, members, sources)
    # Two clusters kept apart only because one outlet states the claim twice (once in each):
    # when the other outlets' passages support each other across them, they are one claim.
    for i, j in blocked:
        ca, cb = cluster_of[i], cluster_of[j]
        if ca == cb or len(members[ca]) < 2 or len(members[cb]) < 2:
            continue
        if support.reaches_across_outlets(members[ca], members[cb], LINKED_SHARE):
            _merge(ca, cb, cluster_of, members, sources)

    _attach_repeats(support, neighbours, cluster_of, members)

    result = []
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort()
        linked = [
            links[(a, b)] for n, a in enumerate(group) for b in group[n + 1 :] if (a, b) in links
        ]
        result.append((group, sum(linked) / len(linked) if linked else 0.0))
    result.sort(key=lambda item: item[0][0])
    return result, scores


def _merge(
    ca: int,
    cb: int,
    cluster_of: list[int],
    members: dict[int, list[int]],
    sources: dict[int, set[str]],
) -> None:
    if len(members[ca]) < len(members[cb]):
        ca, cb = cb, ca
    for k in members[cb]:
        cluster_of[k] = ca
    members[ca].extend(members.pop(cb))
    sources[ca] |= sources.pop(cb)


class _Support:
    """Whether two passages support being in one cluster, scoring unseen pairs on demand."""

    def __init__(
        self,
        vectors: Sequence[PassageVector],
        scores: dict[tuple[int, int], float],
        links: Mapping[tuple[int, int], float],
        floor: float = MUTUAL_FLOOR,
    ) -> None:
        """`floor`: the score from which a pair supports a merge (the mutual-best floor, so a
        stricter threshold tightens merges as it tightens links)."""
        self.vectors = vectors
        self.scores = scores
        self.links = links
        self.floor = floor

    def __call__(self, i: int, j: int) -> bool:
        key = (i, j) if i < j else (j, i)
        if key in self.links:
            return True
        score = self.scores.get(key)
        if score is None:
            a, b = self.vectors[key[0]], self.vectors[key[1]]
            score = pair_score(a, b) if cosine(a, b) >= MIN_COSINE else 0.0
            self.scores[key] = score
        return score >= self.floor

    def reaches_across_outlets(
        self, left: Sequence[int], right: Sequence[int], share: float
    ) -> bool:
        """`reaches` over the pairs from different outlets only, for two clusters that a few
        outlets (one in ten, at least one) each enter with one passage: outlets that state the
        claim twice. More shared outlets than that is two claims side by side, not repeats."""
        vectors = self.vectors
        left_sources = {vectors[i].source for i in left}
        right_sources = {vectors[j].source for j in right}
        repeating = left_sources & right_sources
        if len(repeating) > max(1, len(left_sources | right_sources) // 10):
            return False
        for source in repeating:  # one passage on each side: a claim stated twice, no more
            if (
                sum(vectors[i].source == source for i in left) != 1
                or sum(vectors[j].source == source for j in right) != 1
            ):
                return False
        for i in left:  # an outlet stating one claim twice gives the same figures both times
            if vectors[i].source in repeating and vectors[i].figures:
                for j in right:
                    other = vectors[j]
                    if (
                        other.source == vectors[i].source
                        and other.figures
                        and not other.figures & vectors[i].figures
                    ):
                        return False
        pairs = [
            (i, j)
            for i in _sample(left)
            for j in _sample(right)
            if vectors[i].source != vectors[j].source
        ]
        if len(pairs) < 2:
            return False
        supported = sum(1 for i, j in pairs if self(i, j))
        return supported >= share * len(pairs)

    def reaches(self, left: Sequence[int], right: Sequence[int], share: float) -> bool:
        """Whether `share(left, right)` reaches `share`, scoring unseen pairs only while the
        answer is open: pairs already scored decide most merges (a third of the on-demand
        scoring saved at 100 articles)."""
        left, right = _sample(left), _sample(right)
        need = math.ceil(share * len(left) * len(right) - 1e-9)
        supported = 0
        unseen = []
        for i in left:
            for j in right:
                key = (i, j) if i < j else (j, i)
                score = self.scores.get(key)
                if key in self.links or (score is not None and score >= self.floor):
                    supported += 1
                elif score is None:
                    unseen.append(key)
        if supported >= need:
            return True
        if supported + len(unseen) < need:
            return False
        for n, (i, j) in enumerate(unseen):
            supported += self(i, j)
            if supported >= need:
                return True
            if supported + len(unseen) - n - 1 < need:
                return False
        return False

    def share(self, left: Sequence[int], right: Sequence[int]) -> float:
        """Average linkage: the share of cross pairs that support each other, over an even
        sample of each side so a merge costs the same however big the clusters grow. It is
        what stops A~B and B~C from chaining an unrelated C into A's cluster."""
        left, right = _sample(left), _sample(right)
        supported = sum(1 for i in left for j in right if self(i, j))
        return supported / (len(left) * len(right))


def _sample(members: Sequence[int], size: int = 6) -> Sequence[int]:
    if len(members) <= size:
        return members
    step = len(members) / size
    return [members[int(k * step)] for k in range(size)]


def _attach_repeats(
    support: _Support,
    neighbours: Mapping[int, Sequence[int]],
    cluster_of: list[int],
    members: dict[int, list[int]],
) -> None:
    """A passage left alone because its outlet already has one in a cluster is a repeat of it."""
    for i in range(len(cluster_of)):
        if len(members.get(cluster_of[i], ())) != 1:
            continue
        best, best_share = None, 0.0
        for key in {cluster_of[j] for j in neighbours.get(i, ())}:
            group = members[key]
            if len(group) < 2:
                continue
            share = support.share([i], group)
            if share >= LINKED_SHARE and share > best_share:
                best, best_share = key, share
        if best is not None:
            members.pop(cluster_of[i])
            cluster_of[i] = best
            members[best].append(i)


@dataclass(frozen=True)
class Alignment:
    """Clusters, plus the weaker cross-outlet pairs that findings use to compare details."""

    clusters: list[Cluster]
    related: dict[tuple[str, str], float]


def align_passages(
    passages: Sequence[Passage], link_threshold: float = LINK_THRESHOLD
) -> Alignment:
    """Clusters of passages that report the same thing, ids c1, c2, ... in reading order.

    `link_threshold` is the matcher probability a pair needs to link (the user's config may
    trade recall for precision); mutual best matches link from `MUTUAL_FLOOR` scaled by the
    same ratio, and that floor is also what counts as support when clusters merge.
    """
    vectors = vectorise([p.text for p in passages], [p.source for p in passages])
    groups, scores = cluster_vectors(vectors, link_threshold)
    related = {
        (passages[i].id, passages[j].id): score
        for (i, j), score in scores.items()
        if score >= RELATED_THRESHOLD
    }
    clusters = []
    for number, (group, score) in enumerate(groups, start=1):
        chosen = [passages[k] for k in group]
        strengths = tuple(
            round(max(scores.get((min(i, j), max(i, j)), 0.0) for j in group if j != i), 3)
            for i in group
        )
        clusters.append(
            Cluster(
                id=f"c{number}",
                passages=tuple(p.id for p in chosen),
                sources=tuple(dict.fromkeys(p.source for p in chosen)),
                score=round(score, 3),
                strengths=strengths,
            )
        )
    return Alignment(clusters, related)
