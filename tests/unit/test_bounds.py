"""One-sided bounds ("more than X", "at least X", "up to X") compared as news writes them."""

from __future__ import annotations

import pytest

from tui.engine.quantities import compare_quantities, extract_quantities


def compared(a: str, b: str):
    (qa,), (qb,) = extract_quantities(a), extract_quantities(b)
    return compare_quantities([qa, qb])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("more than 10,000 people were killed", "more than 13,000 people were killed"),
        ("at least seven people died", "at least 9 people died"),
        ("up to 12 inches of snow", "up to 18 inches of snow"),
    ],
)
def test_two_bounds_at_different_figures_disagree(a: str, b: str) -> None:
    result = compared(a, b)
    assert result.consistent is False
    assert result.tolerance == "different bounds"


def test_a_figure_far_beyond_a_bound_is_not_taken_in_by_it() -> None:
    result = compared("the firm paid just over $200,000", "the firm paid $5.4 million")
    assert result.consistent is False
    assert "far from" in result.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("more than 10,000 people were killed", "10,500 people were killed"),
        ("more than 100 people came", "180 people came"),
        ("fewer than 30 people came", "29 people came"),
        ("more than 10,000 people were killed", "more than 10,500 people were killed"),
        ("up to 12 people were hurt", "up to 12 people were hurt"),
    ],
)
def test_a_bound_agrees_with_figures_near_it_and_with_itself_rounded(a: str, b: str) -> None:
    assert compared(a, b).consistent is True


def test_a_figure_on_the_wrong_side_of_a_bound_still_disagrees() -> None:
    assert compared("more than 100 people came", "90 people came").consistent is False
