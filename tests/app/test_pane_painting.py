"""A pane paints lines it has shown before from its own cache and composes new ones between
border cells: what reaches the screen must be exactly what Textual itself would paint."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.app.helpers import panes, pilot_test, ready
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.widgets.source_pane import SourcePane


def as_textual_paints(pane: SourcePane) -> list[str]:
    width, height = pane.outer_size
    pane._styles_cache.clear()
    return [repr(list(line)) for line in Widget.render_lines(pane, Region(0, 0, width, height))]


def as_painted(pane: SourcePane) -> list[str]:
    width, height = pane.outer_size
    return [repr(list(line)) for line in pane.render_lines(Region(0, 0, width, height))]


@pytest.mark.parametrize("no_colour", [False, True], ids=["colour", "NO_COLOR"])
def test_painted_lines_are_textuals_through_moves_focus_and_themes(
    no_colour: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR puts a filter on every line (Textual's monochrome): composed lines take it."""
    if no_colour:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    check_painting()


@pilot_test
async def check_painting() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        shown = [pane for pane in panes(app) if pane.display]
        steps = ["j", "j", "pagedown", "l", "j", "h", "pageup", "right_square_bracket", "t"]
        for key in steps:
            await pilot.press(key)
            await pilot.pause()
            for pane in shown:
                painted = as_painted(pane)
                assert painted == as_textual_paints(pane), (key, pane.id)
        # ... and every line came from the cache or the composed path at least once
        assert all(pane._edges for pane in shown)
