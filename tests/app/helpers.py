"""Helpers for driving the reader with Pilot."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tui.app import CoverageApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.source_pane import SourcePane


def pilot_test(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot test on its own event loop (no async pytest plugin needed)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))  # type: ignore[arg-type]

    return run


async def ready(pilot: Pilot[None], timeout: float = 60.0) -> None:
    """Wait until the analysis has finished and the screen it chose has laid out (the worker
    may not have started yet when this is first called, so the loading screen is watched)."""
    from tui.app.screens.loading import LoadingScreen

    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not isinstance(pilot.app.screen, LoadingScreen):
            break
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"still loading after {timeout:.0f} s")
        await pilot.pause(0.05)
    await pilot.pause()
    await pilot.pause()


def reader(app: CoverageApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen), type(screen)
    return screen


def panes(app: CoverageApp) -> list[SourcePane]:
    return reader(app).panes


def write_story(folder: Path, articles: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def screen_lines(app: CoverageApp) -> list[str]:
    """The characters on screen, as a terminal would show them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def palette_search(pilot: Pilot[None], query: str) -> list[str]:
    """Open the command palette, type `query`, and return the screen as the user sees it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    await pilot.pause(0.5)
    return screen_lines(pilot.app)  # type: ignore[arg-type]  # a CoverageApp in these tests


async def palette_choose(pilot: Pilot[None], query: str, expected: str) -> None:
    """Search the palette for `query`, check that `expected` is offered, and choose it."""
    shown = await palette_search(pilot, query)
    assert any(expected in line for line in shown), f"{expected!r} not offered"
    await pilot.press("enter")
    await pilot.pause()


def on_screen(pane: SourcePane, index: int) -> int | None:
    """How far below the pane's top row `index` starts, or None when none of it shows."""
    region = pane.row_region(index)
    top = round(pane.scroll_offset.y)
    height = pane.scrollable_content_region.height
    if region.bottom <= top or region.y >= top + height:
        return None
    return region.y - top


def run_tmux(socket: str, *args: str) -> str:
    """A tmux command on our own server `socket` (the user's is never touched). Pilot tests
    set COLUMNS/LINES in this process; a real terminal must not inherit them."""
    import os
    import subprocess
    import time

    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
    command = ["tmux", "-L", socket, *args]
    for _ in range(5):
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, env=env)
        # A server whose last session just ended is still exiting: a new session started at
        # that moment is refused ("server exited unexpectedly"); a moment later it starts one.
        if done.returncode == 0 or "server exited unexpectedly" not in done.stderr:
            break
        time.sleep(0.2)
    done.check_returncode()
    return done.stdout
