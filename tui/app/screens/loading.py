"""Shown while the engine works in a thread: the first frame appears before the analysis."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    # While the engine works, ctrl+c quits at once (elsewhere Textual only says how to quit).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "app.quit", "Quit", show=False, id="loading.quit"),
    ]

    DEFAULT_CSS = """
    LoadingScreen { align: center middle; }
    LoadingScreen LoadingIndicator { height: 1; width: 30; }
    LoadingScreen #progress { width: auto; max-width: 90%; color: $text-muted; }
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static(Content(f"reading {self.path}"), id="progress")

    def progress(self, message: str) -> None:
        """Called (on the UI thread) with the engine's progress messages."""
        self.query_one("#progress", Static).update(Content(message))
