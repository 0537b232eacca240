"""What the matcher knows of each passage: weighted content stems, positions, names, figures."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise
from typing import Any

from tui.engine.text import content_tokens, known_names, names_and_heads, opening_names, stem

# Passages without any of the story's words, added to every document-frequency count.
BACKGROUND_PASSAGES = 100
FIGURE_RE = re.compile(r"\d(?:[\d,.]*\d)?")
_CAPITALISED_RE = re.compile(r"\b[A-Z][a-z’']{3,}")
_LONG_WORD_RE = re.compile(r"\b[A-Za-z][a-z’']{3,}")


@dataclass
class PassageVector:
    """What the matcher knows of one passage (or of one group of verbatim copies)."""

    index: int
    source: str
    weights: dict[str, float]
    norm: float
    mass: float
    positions: dict[str, int]  # first position of each stem among the passage's stems
    # Adjacent and skip-one stem pairs, each as its hash: a set of ints holds a third of what
    # a set of tuples does (the pairs of an 18 MB page were 260 MB as tuples).
    bigrams: frozenset[int]
    # Names particular to a few passages (what tells two claims apart), and every name.
    names: frozenset[str] = frozenset()
    all_names: frozenset[str] = frozenset()
    # The particular names that head a run of names: surnames, a body's own word, not the
    # titles and first names outlets add or drop; with the words that only open sentences
    # and are never written in lower case (`opening_names`), and `subjects` all those names.
    heads: frozenset[str] = frozenset()
    subjects: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()  # the numbers written in digits ("17,000" -> "17000")
    # Every outlet carrying this wording: the passage's own, and its copies' outlets.
    sources: frozenset[str] = field(default_factory=frozenset)
    lead: bool = False  # among the first sentences of its article, where news puts its core
    meaning: Any = None  # unit-length sentence embedding (numpy row), when the model is used

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = frozenset((self.source,))


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
    token_lists: Sequence[Sequence[str]], sources: Sequence[frozenset[str]]
) -> dict[str, float]:
    """How claim-like each word is: near 1 when outlets use it about once each (a detail of one
    claim), low when each outlet repeats it (the story's subject: its people, its event)."""
    passages_with: Counter[str] = Counter()
    sources_with: dict[str, set[str]] = defaultdict(set)
    for tokens, carried_by in zip(token_lists, sources, strict=True):
        for token in set(tokens):
            passages_with[token] += len(carried_by)
            sources_with[token].update(carried_by)
    return {t: math.sqrt(len(sources_with[t]) / n) for t, n in passages_with.items()}


def _title_cased(text: str) -> bool:
    """A headline in Title Case capitalises ordinary words: capitals say nothing of names."""
    long_words = _LONG_WORD_RE.findall(text)
    return len(long_words) >= 3 and len(_CAPITALISED_RE.findall(text)) >= 0.6 * len(long_words)


def vectorise(
    texts: Sequence[str],
    sources: Sequence[str],
    carried_by: Sequence[frozenset[str]] | None = None,
) -> list[PassageVector]:
    """Vectors for `texts` (one per passage, `sources[i]` its outlet). `carried_by[i]`, when
    given, is every outlet that carries text i word for word (a group of copies)."""
    outlets = list(carried_by) if carried_by is not None else [frozenset((s,)) for s in sources]
    token_lists = [content_tokens(t) for t in texts]
    idf = idf_table(token_lists)
    if len(set().union(*outlets)) > 2:
        specificity = specificity_table(token_lists, outlets)
        idf = {t: w * specificity[t] for t, w in idf.items()}
    headline = [_title_cased(text) for text in texts]
    body = [t for t, title in zip(texts, headline, strict=True) if not title]
    known = known_names(body)
    # Opening words are weaker evidence of a name: they only keep clusters apart
    # (`names_differ`), never decide that two passages conflict.
    openers = opening_names(body, known)
    opening_stems = frozenset(map(stem, openers))  # names_and_heads gives stems
    named = [
        names_and_heads(text, known | openers if openers else known, only_known=title)
        for text, title in zip(texts, headline, strict=True)
    ]
    name_sets = [found for found, _ in named]
    # Names that many passages share (a body, a title) tell no claim apart from another.
    passages_naming = Counter(name for found in name_sets for name in found)
    limit = max(8, (3 * len(set().union(*outlets))) // 2)
    vectors = []
    for i, (tokens, source, found) in enumerate(zip(token_lists, sources, name_sets, strict=True)):
        particular = frozenset(n for n in found if passages_naming[n] <= limit)
        opening = found & opening_stems
        vector = _vector(i, tokens, source, idf, particular - opening if opening else particular)
        vector.all_names = found - opening if opening else found
        vector.subjects = found
        vector.heads = particular & named[i][1]
        vector.sources = outlets[i]
        vectors.append(vector)
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
        bigrams=frozenset(
            map(hash, chain(pairwise(tokens), zip(tokens, tokens[2:], strict=False)))
        ),
        names=named,
    )


def cosine(a: PassageVector, b: PassageVector) -> float:
    wa, wb = a.weights, b.weights
    if len(wb) < len(wa) or (len(wb) == len(wa) and b.index < a.index):
        wa, wb = wb, wa  # walk the shorter passage, in its reading order: one order, one sum
    dot = sum([w * wb[t] for t, w in wa.items() if t in wb])
    return dot / (a.norm * b.norm)
