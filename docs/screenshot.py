"""Regenerate the README's pictures of the reader: `python docs/screenshot.py`.

Runs the reader headless on the bundled sample story at 120x36, moves to the first finding in
the second pane (its counterparts highlighted in the others, every passage tinted by its kind,
the key line under the panes) and saves Textual's own SVG screenshot as docs/reader.svg; then
opens the legend (`?`) and saves docs/legend.svg.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.app import CoverageApp
from tui.app.screens.reader import ReaderScreen

HERE = Path(__file__).resolve().parent
SIZE = (120, 36)
KEYS = ("l", "n")


async def capture(reader: Path, legend: Path) -> None:
    app = CoverageApp()
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press(*KEYS)
        await pilot.pause(0.2)
        app.save_screenshot(filename=reader.name, path=str(reader.parent))
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        app.save_screenshot(filename=legend.name, path=str(legend.parent))


if __name__ == "__main__":
    asyncio.run(capture(HERE / "reader.svg", HERE / "legend.svg"))
    print(HERE / "reader.svg", HERE / "legend.svg")
