"""The reader repaints only what changed (tui/app/compositor.py): after every key, the screen
built up from its partial repaints must be exactly the screen painted whole."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

from tests.app.helpers import pilot_test, reader, ready, write_story
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.compositor import CroppedCompositor

Cell = tuple[str, str]
Grid = list[list[Cell]]


def grid_of(strips: list[Strip], width: int) -> Grid:
    grid: Grid = []
    for strip in strips:
        row: list[Cell] = []
        for segment in strip:
            if segment.control:
                continue
            for character in segment.text:
                row.append((character, str(segment.style)))
                row.extend([("", "")] * (cell_len(character) - 1))
        grid.append((row + [(" ", "")] * width)[:width])
    return grid


def apply(update: ChopsUpdate, grid: Grid) -> None:
    """Write what the terminal is sent: each line's pieces, only inside the changed spans."""
    for y, x1, x2 in update.spans:
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=True):
            if strip is None or x >= x2 or end <= x1:
                continue
            cells = grid_of([strip], end - x)[0]
            for offset, cell in enumerate(cells):
                if x1 <= x + offset < x2:
                    grid[y][x + offset] = cell


def whole(screen: Any) -> Grid:
    """The screen painted whole by Textual's own compositor."""
    plain = Compositor()
    plain.reflow(screen, screen.size)
    return grid_of(plain.render_strips(), screen.size.width)


class Recorder:
    """The screen as a terminal would show it, from the reader's own repaints."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.compositor = screen._compositor
        assert isinstance(self.compositor, CroppedCompositor)
        self.grid = whole(screen)
        self.partial = 0
        original = self.compositor.render_update

        def render_update(*args: Any, **kwargs: Any) -> Any:
            update = original(*args, **kwargs)
            if isinstance(update, ChopsUpdate):
                self.partial += 1
                apply(update, self.grid)
            elif update is not None:  # a full repaint
                self.grid = grid_of(self.compositor.render_strips(), screen.size.width)
            return update

        self.compositor.render_update = render_update  # type: ignore[method-assign]


async def press_and_compare(pilot: Any, keys: str) -> int:
    recorder = Recorder(reader(pilot.app))
    for key in keys.split():
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        assert recorder.grid == whole(recorder.screen), f"the screen differs after {key!r}"
    return recorder.partial


@pilot_test
async def test_partial_repaints_build_the_whole_screen_on_the_seeds() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        keys = "l l h j j k n right bracketright l pagedown pageup h G g tab t w l"
        assert await press_and_compare(pilot, keys) >= 10  # most keys repainted in part


@pilot_test
async def test_partial_repaints_build_the_whole_screen_at_80x24_with_many_outlets(
    tmp_path: Any,
) -> None:
    """Two panes of twelve, the source strip in its numbers-only form, a toast on top."""
    articles = {
        f"{index:02}.txt": (
            f"Outlet {index} reports the bridge closed on Monday after a crack was found.\n\n"
            f"Engineers said repairs would take {index + 2} weeks and cost $4 million.\n\n"
            f"A paragraph only outlet {index} has, about the river and the town hall.\n"
        )
        for index in range(12)
    }
    story = write_story(tmp_path / "story", articles)
    app = CoverageApp(story)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        app.notify("a toast over the panes")
        keys = "l l l h j k n l l l l l l l l l h bracketright j"
        assert await press_and_compare(pilot, keys) >= 10


def test_a_changed_region_off_the_widget_edges_is_widened_to_them() -> None:
    """The compositor files a line's pieces under the cuts they start at: a changed region
    inside a widget is painted from the cuts around it."""
    compositor = CroppedCompositor()
    compositor._cuts = [[0, 32, 64, 160] for _ in range(10)]
    visible = Region(0, 0, 160, 10)
    assert compositor._on_cuts(Region(5, 2, 40, 3), visible) == Region(0, 2, 64, 3)
    assert compositor._on_cuts(Region(32, 0, 32, 10), visible) == Region(32, 0, 32, 10)
    compositor._cuts[3] = [0, 10, 50, 160]  # no cut around it on every line: the widget's width
    assert compositor._on_cuts(Region(33, 2, 7, 3), visible) == Region(0, 2, 160, 3)
