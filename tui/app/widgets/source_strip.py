"""One row naming every source, so the user always knows which are on screen and focused."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import Static

from tui.app.story_view import literal
from tui.model import Source


class SourceStrip(Static):
    """`1 name` per source: on screen underlined, focused reversed and marked ▸."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, sources: tuple[Source, ...]) -> None:
        super().__init__(id="source-strip")
        self.sources = sources
        self.window: range = range(0)
        self.focused = 0

    def show(self, window: range, focused: int) -> None:
        self.window = window
        self.focused = focused
        self.update(self.strip_text(self.size.width or 80))

    def on_resize(self) -> None:
        self.update(self.strip_text(self.size.width or 80))

    def strip_text(self, width: int) -> Text:
        count = max(1, len(self.sources))
        per_source = max(6, width // count - 1)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for index, source in enumerate(self.sources):
            if index:
                text.append(" ")
            name = literal(source.outlet)
            label = f"{index + 1}{'▸' if index == self.focused else ' '}{name}"
            label = label[:per_source]
            style = ""
            if index in self.window:
                style = "underline"
            if index == self.focused:
                style = "reverse bold"
            text.append(label, style=style)
        return text
