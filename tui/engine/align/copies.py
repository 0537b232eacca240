"""Verbatim and near-verbatim copies across outlets (wire copy, syndication).

Copies are grouped before any paraphrase matching: a group is matched as one passage, so N
copies cost one comparison and never use up each other's neighbours. Two passages are copies
when their content stems, in order, are the same: case, punctuation, function words and
inflection may differ ("said" / "says", "the" dropped), the reported words may not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tui.engine.text import content_tokens
from tui.model import CopyShare, CopyShares, Passage

# Passages this short ("He agreed.") are the same words by chance, not copied text.
MIN_COPY_TOKENS = 5


def copy_key(text: str) -> tuple[str, ...] | None:
    tokens = tuple(content_tokens(text))
    return tokens if len(tokens) >= MIN_COPY_TOKENS else None


def copy_groups(passages: Sequence[Passage]) -> list[list[int]]:
    """Indices of `passages` grouped by copy key, in reading order of their first member;
    every passage is in exactly one group (most groups hold one passage)."""
    by_key: dict[tuple[str, ...], list[int]] = defaultdict(list)
    groups: list[list[int]] = []
    for i, passage in enumerate(passages):
        key = copy_key(passage.text)
        if key is None:
            groups.append([i])
            continue
        group = by_key.get(key)
        if group is None:
            group = by_key[key] = [i]
            groups.append(group)
        else:
            group.append(i)
    # A group within one outlet alone is that outlet repeating itself, not a copy: its
    # passages are matched one by one like any other.
    result: list[list[int]] = []
    for group in groups:
        if len(group) > 1 and len({passages[i].source for i in group}) == 1:
            result.extend([i] for i in group)
        else:
            result.append(group)
    result.sort(key=lambda g: g[0])
    return result


def copied_shares(passages: Sequence[Passage]) -> CopyShares:
    """For each ordered pair of outlets, the share of the first one's body text (characters)
    that the second carries word for word (Churnalism's "% copied"), in pair order; pairs
    that share nothing are left out. Counted now, made into `CopyShare`s when first read:
    1,000 outlets carrying wire copy share 544,000 pairs, whose objects took 1.6 s to make
    and which the reader never shows."""
    total: dict[str, int] = defaultdict(int)
    carriers: dict[tuple[str, ...], set[str]] = defaultdict(set)
    keyed = []
    for passage in passages:
        total[passage.source] += len(passage.text)
        key = copy_key(passage.text)
        if key is not None:
            carriers[key].add(passage.source)
            keyed.append((passage, key))
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for passage, key in keyed:
        for other in carriers[key]:
            if other != passage.source:
                shared[(passage.source, other)] += len(passage.text)

    def make() -> tuple[CopyShare, ...]:
        return tuple(
            CopyShare(source, other, round(chars / total[source], 3))
            for (source, other), chars in sorted(shared.items())
        )

    named = frozenset(source for source, _ in shared) | frozenset(other for _, other in shared)
    return CopyShares(len(shared), make, named)
