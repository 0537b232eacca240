"""Regenerate the README's picture of the reader: `python docs/screenshot.py`.

Runs the reader headless on the bundled sample story at 120x36, moves to the first finding in
the second pane (so its counterparts are highlighted in the others) and saves Textual's own
SVG screenshot as docs/reader.svg.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.app import CoverageApp
from tui.app.screens.reader import ReaderScreen

HERE = Path(__file__).resolve().parent
SIZE = (120, 36)
KEYS = ("l", "n")


async def capture(target: Path) -> None:
    app = CoverageApp()
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause(0.05)
        await pilot.pause()
        await pilot.press(*KEYS)
        await pilot.pause(0.2)
        app.save_screenshot(filename=target.name, path=str(target.parent))


if __name__ == "__main__":
    asyncio.run(capture(HERE / "reader.svg"))
    print(HERE / "reader.svg")
