"""SVG snapshots of the reader on the sample story (update with `pytest --snapshot-update`)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.app.helpers import ready
from tests.conftest import SEEDS
from tui.app import CoverageApp


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(CoverageApp(SEEDS), terminal_size=(80, 24), run_before=ready)


def test_main_screen_160x48_after_moving(snap_compare) -> None:
    async def move(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("l", "n", "n")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS), terminal_size=(160, 48), run_before=move)


def test_help_screen(snap_compare) -> None:
    async def help_(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS), terminal_size=(80, 24), run_before=help_)


def test_claim_detail_screen(snap_compare) -> None:
    async def detail(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS), terminal_size=(80, 24), run_before=detail)


def test_matrix_screen(snap_compare) -> None:
    async def matrix(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS), terminal_size=(80, 24), run_before=matrix)


SIZES = [(80, 24), (160, 48)]


def _after(*keys: str):
    async def run(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_legend(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(CoverageApp(SEEDS), terminal_size=size, run_before=_after("question_mark"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_headlines_view(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(CoverageApp(SEEDS), terminal_size=size, run_before=_after("H"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_zoomed_pane(snap_compare, size: tuple[int, int]) -> None:
    assert snap_compare(CoverageApp(SEEDS), terminal_size=size, run_before=_after("2", "f", "j"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_prompt(snap_compare, size: tuple[int, int]) -> None:
    search = _after("slash", *"budapest", "enter", "n")
    assert snap_compare(CoverageApp(SEEDS), terminal_size=size, run_before=search)


def test_marked_claim_and_the_note_editor(snap_compare) -> None:
    async def mark_and_note(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("v", "j", "x", "a")
        await pilot.press(*"ask the agency")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS), terminal_size=(80, 24), run_before=mark_and_note)
