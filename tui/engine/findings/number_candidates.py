"""The mentions worth comparing with each mention: an inverted index over the words around
the numbers, so the cost follows the words they share, not the square of the mentions."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from tui.engine.findings.number_mentions import _Mention
from tui.engine.shared_keys import SharedKeys
from tui.model import Quantity

# Each number keeps at most this many links to numbers in other outlets (its strongest).
NUMBER_NEIGHBOURS = 4


def _numbered(keys: list[Any]) -> list[int]:
    """Each key as the number of the first equal key in the list's order of distinct keys."""
    numbers: dict[Any, int] = {}
    return [numbers.setdefault(key, len(numbers)) for key in keys]


def _mention_candidates(mentions: Sequence[_Mention]) -> dict[int, list[int]]:
    """For each mention, the mentions of the same dimension in other outlets that share the
    most words around the number (every link needs one), best first, at most a few times
    `NUMBER_NEIGHBOURS`. An inverted index counts shared words (as bit sets: `SharedKeys`);
    words around more mentions than about one per outlet are the story's subject and count
    for nothing."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    # The value itself is a shared word too: "60 years" and "six decades" say one thing.
    values = [f"={_rounded(mention.quantity, month=True)}" for mention in mentions]
    # Each dimension's mentions numbered from 0 in mention order: a key holds one dimension.
    numbered: dict[str, list[int]] = defaultdict(list)
    for mention, value in zip(mentions, values, strict=True):
        dimension = mention.quantity.dimension
        place = len(numbered[dimension])
        numbered[dimension].append(mention.key)
        for token in mention.subject:  # each list fills in mention order, whatever this order
            postings[(dimension, token)].append(place)
        postings[(dimension, value)].append(place)
    outlet = _numbered([m.passage.source for m in mentions])
    outlets = len(set(outlet))
    max_df = max(8, outlets + outlets // 2)
    # Counted in passages, not mentions: a sentence giving five figures is one use of its words.
    passages_using = {
        key: len({mentions[numbered[key[0]][k]].passage.id for k in members})
        for key, members in postings.items()
    }
    index = SharedKeys(postings)
    partners: dict[int, list[int]] = {}
    # Mentions of one value with the same words (copies of a figure) have the same best.
    best_of: dict[tuple[str, frozenset[str], str], list[tuple[int, int]]] = {}
    for mention, value in zip(mentions, values, strict=True):
        dimension = mention.quantity.dimension
        key = (dimension, mention.subject, value)
        best = best_of.get(key)
        if best is None:
            keys = [(dimension, token) for token in [*sorted(mention.subject), value]]
            best = best_of[key] = index.best(
                [k for k in keys if passages_using[k] <= max_df], 4 * NUMBER_NEIGHBOURS
            )
        own, of_dimension = outlet[mention.key], numbered[dimension]
        partners[mention.key] = [j for j in (of_dimension[k] for k, _ in best) if outlet[j] != own]
    return partners


def _rounded(q: Quantity, month: bool = False) -> str:
    """A value to tell repeats of one figure apart from other figures: 3 significant digits,
    a date as written (with `month`, its month: "late January" and "Jan. 27" may be one)."""
    if q.dimension == "date":
        text = q.text_value or ""
        if not month:
            return text
        return text[:4] if text.startswith("--") else text[:7]
    value = q.normalized_value
    if math.isnan(value) or math.isinf(value) or value == 0:
        return str(value)
    return f"{value:.3g}"
