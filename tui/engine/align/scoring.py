"""How likely two passages report the same claim: a logistic model over lexical evidence."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

from tui.engine.align.vectors import PassageVector
from tui.engine.text import CALENDAR_WORDS, stem

# Logistic weights over (bias, *FEATURES), fitted by `python bench/mrpc.py --fit` on MRPC's
# training split: its pairs of either label against same-topic pairs of different claims.
WEIGHTS = (-8.60, 10.15, 3.31, 1.21)
FEATURES = ("overlap", "local evidence", "shared phrases")
# Added to the log-odds of two article leads (news puts its core claim first, so two outlets'
# leads report one event far more often than two sentences taken anywhere): two leads that
# share a few words (probability 0.05) reach 0.3, enough to pair as mutual best matches.
LEAD_BONUS = 2.1
# The semantic signal's weight on the log-odds, and the embedding cosine at which it is
# neutral: above it two passages' meanings count for the pair, below it against (chosen on
# the shared gold: 50 of 75 aligned pairs instead of 37, no real unique claim lost).
SEMANTIC_WEIGHT = 20.0
SEMANTIC_CENTER = 0.55
# A passage with fewer content words than this is compared as a whole with the other one, not
# as contained in it.
FEW_WORDS = 3
# Pairs at least this likely to be about the same thing are kept in `Alignment.related` for the
# number and quote checks, which weigh them with their own evidence.
RELATED_THRESHOLD = 0.05


def pair_features(a: PassageVector, b: PassageVector) -> list[float]:
    """The matcher's inputs for one pair, each in 0..1 (named in FEATURES)."""
    shared, overlap, phrases = _cheap_features(a, b)
    evidence = 1.0 - math.exp(-local_evidence(a, b, shared) / 1.5)
    return [overlap, evidence, phrases]


def _cheap_features(a: PassageVector, b: PassageVector) -> tuple[list[str], float, float]:
    # The shared words in a's reading order: a deterministic order (a set's follows the hash
    # seed, and float sums their order), cheaper than a set intersection and an exact sum.
    other = b.weights
    weights = a.weights
    shared = [t for t in weights if t in other]
    shared_mass = sum([weights[t] for t in shared])
    if min(len(weights), len(other)) < FEW_WORDS:
        # A passage of a word or two is inside any longer one that uses them ("Fast." in
        # "That's where FAST is going to shine"): it must be most of the other, not in it.
        overlap = shared_mass / max(a.mass, b.mass) if a.mass and b.mass else 0.0
    else:
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


def semantic_similarity(a: PassageVector, b: PassageVector) -> float | None:
    """Cosine of the two passages' embeddings, None when either has none."""
    if a.meaning is None or b.meaning is None:
        return None
    return float(a.meaning @ b.meaning)


def names_conflict(a: PassageVector, b: PassageVector) -> bool:
    """Two sentences that each name two or more people or places particular to them, none the
    same, and share no name at all (not even one the whole story uses), are about different
    subjects however alike their wording ("X set a deadline of 21 days for Y" and "Z set a
    deadline of 10 days for W"). One name each is not enough: outlets say "Moscow" where
    others say "the Kremlin"."""
    return (
        len(a.names) >= 2
        and len(b.names) >= 2
        and not (a.names & b.names)
        and not (a.all_names & b.all_names)
    )


# Nationality words ("American troops", "Russian officials") are capitalised adjectives, not
# subjects: they never tell two claims apart.
_DEMONYM_RE = re.compile(r"(?:an|ian|ese|ish|i)$")


def names_differ(a: PassageVector, b: PassageVector) -> bool:
    """Each passage is about someone or something the other does not mention at all ("Kraft
    shares fell ... on the New York Stock Exchange" / "Shares of Hartford rose ... in New York
    Stock Exchange trading"): too weak to keep two passages apart, but enough to keep their
    clusters from merging, where a template sentence about other subjects would chain in.
    Only names that head a run count (the surname, not the title or first name an outlet
    adds), and a name that extends one of the other's ("Ron" / "Ronald", "Intel Corp." /
    "Intel Corporation") is the same name."""
    return bool(_own_heads(a, b)) and bool(_own_heads(b, a))


def _own_heads(a: PassageVector, b: PassageVector) -> list[str]:
    return [
        name
        for name in a.heads
        if name not in b.subjects
        and not _DEMONYM_RE.search(name)
        and not any(_extends(name, other) for other in b.subjects)
    ]


def _extends(one: str, other: str) -> bool:
    return min(len(one), len(other)) >= 3 and (one.startswith(other) or other.startswith(one))


def figures_conflict(a: PassageVector, b: PassageVector) -> bool:
    """Two sentences that each give two or more figures, none the same, report two instances
    of one template (another day's market close, another company's results), not one claim
    told differently: outlets that disagree on one figure still share the others."""
    return len(a.figures) >= 2 and len(b.figures) >= 2 and not (a.figures & b.figures)


def figures_differ(a: PassageVector, b: PassageVector) -> bool:
    """Beside the figures both give, each gives two or more precise ones (with decimals) the
    other does not ("The Russell 2000 rose 3.28, or 0.7 percent, to 494.20" / "... was up
    1.02, or 0.21 percent, at 496.83"): another day's instance of a template, as far as
    growing a cluster goes. Outlets that disagree on one figure, or round and date a claim
    differently ("the 12-month period" / "the year ending June 30, 2003"), still join."""
    return _precise(a.figures - b.figures) >= 2 and _precise(b.figures - a.figures) >= 2


def _precise(figures: frozenset[str]) -> int:
    return sum("." in figure for figure in figures)


def apart(a: PassageVector, b: PassageVector) -> bool:
    """Whether a pair is kept from joining two clusters: other subjects or other figures."""
    return names_differ(a, b) or figures_differ(a, b)


@functools.lru_cache(maxsize=1)
def _date_stems() -> frozenset[str]:
    return frozenset(stem(word) for word in CALENDAR_WORDS)


def _figure_or_date(token: str) -> bool:
    """A content token that is a number or a month or weekday: what a date or a measure is
    written with, never alone the sign of one claim."""
    return token[:1].isdigit() or token in _date_stems()


def says_something(vector: PassageVector) -> bool:
    """Whether a passage has a word beside figures and dates: "June 2018" or "1,7" repeated
    word for word by two outlets (a table cell, a dateline) is not a claim they share."""
    return any(not _figure_or_date(token) for token in vector.weights)


def pair_score(a: PassageVector, b: PassageVector) -> float:
    """probability(pair_features(a, b)), or 0 when the two name different subjects or give
    different figures throughout; the costliest feature is skipped when even its largest
    value could not lift the pair to RELATED_THRESHOLD (the cheaper bound is returned)."""
    if names_conflict(a, b) or figures_conflict(a, b):
        return 0.0
    shared, overlap, phrases = _cheap_features(a, b)
    if shared and all(_figure_or_date(t) for t in shared):
        # "139 €" and "139", "June 2018" twice: shared figures and dates alone are no evidence
        # of one claim (the number findings compare them); only the meaning may still tell.
        shared, overlap, phrases = [], 0.0, 0.0
    meaning = semantic_similarity(a, b)
    if not shared and meaning is None:
        return 0.0
    bias, w_overlap, w_evidence, w_phrases = WEIGHTS
    partial = bias + w_overlap * overlap + w_phrases * phrases
    if meaning is not None:
        partial += SEMANTIC_WEIGHT * (meaning - SEMANTIC_CENTER)
    if a.lead and b.lead:
        partial += LEAD_BONUS
    if 1.0 / (1.0 + math.exp(-(partial + w_evidence))) < RELATED_THRESHOLD:
        return 1.0 / (1.0 + math.exp(-partial))
    evidence = 1.0 - math.exp(-local_evidence(a, b, shared) / 1.5)
    return 1.0 / (1.0 + math.exp(-(partial + w_evidence * evidence)))
