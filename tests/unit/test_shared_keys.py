"""The bit-set index picks the candidates a plain count through the posting lists picks, in
its order: the number and quote findings are the same whichever way they are counted."""

from __future__ import annotations

from collections import Counter
from itertools import chain
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.engine.shared_keys import SharedKeys

_LISTS = st.dictionaries(
    st.integers(0, 12),
    st.lists(st.integers(0, 200), max_size=60).map(lambda xs: sorted(set(xs))),
    max_size=10,
)


def _counted(
    postings: dict[int, list[int]], keys: list[int], size: int, leave_out: set[int]
) -> list[tuple[int, int]]:
    counts = Counter(chain.from_iterable(postings[k] for k in keys))
    for entry in leave_out:
        counts.pop(entry, None)
    return sorted(counts.items(), key=itemgetter(1), reverse=True)[:size]


@settings(max_examples=300, deadline=None)
@given(
    postings=_LISTS,
    order=st.randoms(use_true_random=False),
    size=st.integers(1, 20),
    leave_out=st.sets(st.integers(0, 200), max_size=30),
)
def test_best_is_a_plain_count_in_its_order(postings, order, size, leave_out) -> None:
    keys = list(postings)
    order.shuffle(keys)
    index = SharedKeys(postings)
    mask = index.bits_of(sorted(leave_out))
    assert index.best(keys, size, mask) == _counted(postings, keys, size, leave_out)


def test_ties_go_to_the_first_list_then_the_lowest_entry() -> None:
    postings = {"a": [5, 9], "b": [1, 2, 9], "c": [2, 7]}
    # 9 and 2 are in two lists each; 9 is in the first list, 2 only from the second on.
    assert SharedKeys(postings).best(["a", "b", "c"], 3) == [(9, 2), (2, 2), (5, 1)]
