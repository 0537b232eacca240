"""A collection holds several stories: the user picks one, and escape in the reader comes back."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.story_view import literal


class StoryListScreen(Screen[None]):
    DEFAULT_CSS = """
    StoryListScreen #collection-title { height: 1; padding: 0 1; background: $primary-background; }
    StoryListScreen OptionList { height: 1fr; border: round $accent; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "Quit", show=False, id="stories.quit"),
    ]

    class StoryChosen(Message):
        """The app loads the chosen story; the list stays underneath for escape."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def __init__(self, collection_path: Path, stories: tuple[Path, ...]) -> None:
        super().__init__()
        self.collection_path = collection_path
        self.stories = stories

    def compose(self) -> ComposeResult:
        title = f"{literal(str(self.collection_path))}: {len(self.stories)} stories"
        yield Static(Content(title), id="collection-title")
        yield OptionList(
            *[
                Option(Content(literal(f"{story.name}  ·  {_articles(story)}")), id=str(index))
                for index, story in enumerate(self.stories)
            ],
            id="stories",
        )
        yield Footer()

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.StoryChosen(self.stories[event.option_index]))


def _articles(folder: Path) -> str:
    """How many article files the story folder holds, as the list shows it."""
    from tui.engine.load import ARTICLE_FORMATS

    try:
        count = sum(
            1
            for entry in folder.iterdir()
            if entry.suffix.lower() in ARTICLE_FORMATS and not entry.name.startswith(".")
        )
    except OSError:
        return "unreadable"
    return f"{count} article{'s' if count != 1 else ''}"
