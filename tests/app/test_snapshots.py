"""SVG snapshots of the reader on the sample story (update with `pytest --snapshot-update`)."""

from __future__ import annotations

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
