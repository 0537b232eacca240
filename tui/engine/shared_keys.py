"""The entries of an inverted index that share the most keys with a query, as bit sets.

Counting through posting lists costs their length for every query: a claim's words are in
every outlet's rendering of it, so the lists grow with the story and the count with its
square (the number finder's candidates: 2,300 entries a mention at 1,000 articles, 280 at
100; 5 s of the 22 s it took at 1,000 articles). Here each list is a bit set (a Python int)
and "in at least k of the lists" is a few ANDs and ORs of them, 64 entries a machine word.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

__all__ = ["SharedKeys"]

Key = TypeVar("Key", bound=Hashable)


class SharedKeys(Generic[Key]):
    """The best entries for a list of keys, in the order of one count through their posting
    lists, sorted stably by count: by count, ties by the first list holding the entry, then by
    entry. `postings`: each key's entries (small numbers), ascending."""

    def __init__(self, postings: Mapping[Key, Sequence[int]]) -> None:
        self.postings = postings
        self.bits: dict[Key, int] = {}

    def bits_of(self, entries: Sequence[int]) -> int:
        """A bit set of `entries`."""
        if not entries:
            return 0
        flags = bytearray(max(entries) // 8 + 1)
        for k in entries:
            flags[k >> 3] |= 1 << (k & 7)
        return int.from_bytes(flags, "little")

    def _bits(self, key: Key) -> int:
        found = self.bits.get(key)
        if found is None:
            found = self.bits[key] = self.bits_of(self.postings[key])
        return found

    def best(self, keys: Sequence[Key], size: int, leave_out: int = 0) -> list[tuple[int, int]]:
        """The `size` entries in the most of `keys`' lists, best first, with how many lists
        hold them; none of the entries in the bit set `leave_out`."""
        if not keys:
            return []
        lists = [self._bits(key) for key in keys]
        # at_least[k]: the entries in at least k of the lists read so far.
        at_least = [0] * (len(lists) + 2)
        for n, bits in enumerate(lists):
            for k in range(n + 1, 1, -1):
                at_least[k] |= at_least[k - 1] & bits
            at_least[1] |= bits
        if leave_out:
            at_least = [bits & ~leave_out for bits in at_least]
        floor = next((k for k in range(len(lists), 0, -1) if at_least[k].bit_count() >= size), 1)
        found: list[tuple[int, int]] = []
        for count in range(len(lists), floor - 1, -1):
            level = at_least[count] & ~at_least[count + 1]
            for bits in lists:
                if not level or len(found) == size:
                    break
                here = level & bits
                if here:
                    level &= ~here
                    while here and len(found) < size:
                        lowest = here & -here
                        found.append((lowest.bit_length() - 1, count))
                        here ^= lowest
        return found
