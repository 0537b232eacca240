"""A problem with the input, said in one line: the user fixes the path, not the program."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static


class ErrorScreen(Screen[None]):
    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    #error-message { width: auto; max-width: 90%; color: $error; text-style: bold; }
    #error-hint { width: auto; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="error.back"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Middle():
            with Center():
                yield Static(Content(f"coverage-tui: {self.message}"), id="error-message")
            with Center():
                yield Static("escape: back, q: quit", id="error-hint")
        yield Footer()

    def action_back(self) -> None:
        """Back to the story list when there is one; otherwise there is nothing to go back to."""
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
