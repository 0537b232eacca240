"""A collection holds several stories: the user picks one, and escape in the reader comes back."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.story_view import literal, plural


class StoryOptions(OptionList, inherit_bindings=False):
    """The list of stories, moved by the reader's keys (j/k, g/G) as well as the arrows."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Next story", show=False, id="stories.cursor_down"),
        Binding("up,k", "cursor_up", "Previous story", show=False, id="stories.cursor_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="stories.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="stories.page_up"),
        Binding("home,g", "first", "First story", show=False, id="stories.first"),
        Binding("end,G", "last", "Last story", show=False, id="stories.last"),
        Binding("enter", "select", "Open", tooltip="Open the story", id="stories.open"),
    ]


class StoryListScreen(Screen[None]):
    DEFAULT_CSS = """
    StoryListScreen #collection-title { height: 1; padding: 0 1; background: $primary-background; }
    StoryListScreen StoryOptions { height: 1fr; border: round $accent; }
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
        title = (
            f"{literal(str(self.collection_path))}: {plural(len(self.stories), 'story', 'stories')}"
        )
        yield Static(Content(title), id="collection-title")
        yield StoryOptions(
            *[
                Option(Content(literal(f"{story.name}  ·  {_articles(story)}")), id=str(index))
                for index, story in enumerate(self.stories)
            ],
            id="stories",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.describe_stories()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def describe_stories(self) -> None:
        """Each story's title, outlets, dates and (when analysed before) claim counts,
        filled in as they are read: the list is usable at once."""
        from tui.engine.identity import LINK_THRESHOLD

        threshold = getattr(self.app, "link_threshold", LINK_THRESHOLD)
        for index, story in enumerate(self.stories):
            try:
                line = describe(story, threshold)
            except Exception:  # an unreadable story keeps its folder name; opening it says why
                continue
            self.app.call_from_thread(self._describe, index, line)

    def _describe(self, index: int, line: str) -> None:
        options = self.query_one("#stories", OptionList)
        options.replace_option_prompt_at_index(index, Content(literal(line)))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.StoryChosen(self.stories[event.option_index]))


def describe(folder: Path, link_threshold: float) -> str:
    """ "Title · 3 outlets: A, B, C · 2025-10-16 – 2025-10-18 · 13 shared, 89 unique", the
    counts from the cache only (the engine runs when the story is opened)."""
    from tui.app.story_view import outlet_label
    from tui.cache import SUFFIX, CacheMiss, cache_dir, read_entry, story_key
    from tui.engine.load import load_story

    story = load_story(folder)
    sources = story.sources
    title = story.title or next((s.title for s in sources if s.title), None) or folder.name
    names = [outlet_label(s) for s in sources]
    outlets = plural(len(sources), "outlet")
    if names:
        shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
        outlets += f": {shown}"
    dates = sorted(s.date for s in sources if s.date)
    when = (dates[0] if dates[0] == dates[-1] else f"{dates[0]} – {dates[-1]}") if dates else ""
    key = story_key(story, link_threshold)
    try:
        analysis = read_entry(cache_dir() / f"{key}{SUFFIX}", key)
    except CacheMiss:
        counts = "not analysed yet"
    else:
        unique = sum(1 for f in analysis.findings if f.kind.value == "unique")
        counts = f"{len(analysis.clusters)} shared, {unique} unique"
    return "  ·  ".join(part for part in (title, outlets, when, counts) if part)


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
    return plural(count, "article")
