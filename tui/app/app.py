"""CoverageApp: runs the engine in a worker, then shows the reader (or a one-line error)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.app.screens.loading import LoadingScreen
from tui.app.screens.story_list import StoryListScreen
from tui.app.story_view import literal

if TYPE_CHECKING:
    from tui.app.screens.help import HelpEntry
    from tui.model import Analysis

# The other screens are imported when first shown: the loading frame must appear at once.


class CoverageApp(App[None]):
    TITLE = "coverage-tui"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path
        self.error: str | None = None  # the last input error shown, for the exit status

    def on_mount(self) -> None:
        from tui.locations import bundled_seeds

        self.open_story(self.path if self.path is not None else bundled_seeds(), top=True)

    def open_story(self, path: Path, top: bool = False) -> None:
        """Show progress, then the story (or, at the top level, a collection's list)."""
        self.push_screen(LoadingScreen(literal(str(path))))
        self.call_after_refresh(self.load, path, top)  # the loading frame first, then the work

    @on(StoryListScreen.StoryChosen)
    def _story_chosen(self, event: StoryListScreen.StoryChosen) -> None:
        self.open_story(event.path)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, path: Path, top: bool) -> None:
        """The engine may take seconds on big stories; the loading screen stays live meanwhile."""
        from tui.engine.load import Collection, InputError
        from tui.engine.pipeline import analyse_path

        try:
            result = analyse_path(path, self._progress)
            if isinstance(result, Collection):
                if not top:
                    raise InputError(f"{path}: holds stories, not articles")
                self.call_from_thread(self._show_collection, result)
                return
        except InputError as error:
            self.call_from_thread(self._show_error, str(error))
            return
        except Exception as error:  # a bug: a one-line message, never a traceback on screen
            message = f"internal error: {type(error).__name__}: {error}"
            self.call_from_thread(self._show_error, message)
            return
        self.call_from_thread(self._show_reader, result)

    def _progress(self, message: str) -> None:
        self.call_from_thread(self._show_progress, message)

    def _show_progress(self, message: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(literal(message))

    def _show_collection(self, collection: object) -> None:
        from tui.engine.load import Collection

        assert isinstance(collection, Collection)
        self.switch_screen(StoryListScreen(collection.path, collection.stories))

    def _show_reader(self, analysis: Analysis) -> None:
        from tui.app.screens.reader import ReaderScreen

        self.error = None
        self.switch_screen(ReaderScreen(analysis))

    def _show_error(self, message: str) -> None:
        from tui.app.screens.error import ErrorScreen

        self.error = literal(message)
        self.switch_screen(ErrorScreen(self.error))

    def help_entries(self) -> list[HelpEntry]:
        """Every binding reachable from the focused widget, grouped by id: one line per action.

        The binding chain (not `active_bindings`) so keys that mean two things in two modes
        (n: next finding, or next match while searching) are both listed.
        """
        from tui.app.screens.help import HelpEntry

        grouped: dict[str, tuple[list[str], str]] = {}
        for _node, bindings in self.screen._binding_chain:
            for key_bindings in bindings.key_to_bindings.values():
                for binding in key_bindings:
                    if not binding.description:
                        continue  # Textual's own undocumented fallbacks
                    key = binding.id or binding.action
                    keys, _ = grouped.setdefault(key, ([], binding.tooltip or binding.description))
                    display = self.get_key_display(binding)
                    if display not in keys:
                        keys.append(display)
        return [
            HelpEntry(", ".join(keys), description, binding_id)
            for binding_id, (keys, description) in grouped.items()
        ]

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_entries()))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every described binding of the screen, from the same bindings."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            key = binding.id or binding.action
            if key in seen or not binding.description or active.node is self:
                continue
            seen.add(key)
            node = active.node
            action = binding.action
            yield SystemCommand(
                binding.description,
                f"{self.get_key_display(binding)}  ({key})",
                lambda node=node, action=action: self.run_action(action, node),
            )
