"""CoverageApp: runs the engine in a worker, then shows the reader (or a one-line error)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.app.screens.loading import LoadingScreen
from tui.app.screens.story_list import StoryListScreen
from tui.app.story_view import Palette, literal
from tui.config import Config

if TYPE_CHECKING:
    from tui.app.screens.help import HelpEntry
    from tui.desk.session import Desk
    from tui.model import Analysis
    from tui.preload import Preload
    from tui.themes import ThemeSet

# The other screens are imported when first shown: the loading frame must appear at once.

# While the cache entry of the story asked for is still being read (tui/preload.py), the
# loading screen waits this long: a cached story read by then opens on the reader itself.
# Drawing the loading screen, its spinner's frames and taking it down again (a relayout of the
# whole reader) cost a cached 400-outlet start ~0.05 s of the interpreter's time.
LOADING_DELAY = 0.3


class CoverageApp(App[None]):
    TITLE = "coverage-tui"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("t", "next_theme", "Theme", show=False, tooltip="Next theme", id="app.theme"),
    ]

    def __init__(
        self,
        path: Path | None = None,
        *,
        config: Config | None = None,
        theme: str | None = None,
        use_cache: bool = True,
        themes: ThemeSet | None = None,
        notices: Sequence[str] = (),
        follow_symlinks: bool = False,
        preload: Preload | None = None,
    ) -> None:
        """`theme` is the one asked for on the command line; `notices` are warnings (from the
        config, say) to show once the first screen is up; `preload` has opened the story
        (and read its cache entry) while Textual was being imported."""
        from tui.themes import load_themes

        super().__init__()
        self.path = path
        self.config = config or Config()
        self.use_cache = use_cache
        self.follow_symlinks = follow_symlinks  # symlinks leading out of a story folder
        self.preload = preload
        self.engine: threading.Thread | None = None  # the analysis thread, once one started
        self._loading_deferred = False  # no screen yet: the loading screen waits (see open_story)
        self.error: str | None = None  # the last input error shown, for the exit status
        self.notices = list(notices)
        self._keymap_checked = False
        self.theme_set = themes if themes is not None else load_themes()
        self.notices += self.theme_set.problems
        for spec in self.theme_set.themes.values():
            self.register_theme(spec.to_textual())
        self.theme = self._initial_theme(theme)
        if self.config.keys:
            self.set_keymap(self.config.keys)

    def _initial_theme(self, asked: str | None) -> str:
        """The command line's theme; else monochrome on a terminal without colour (NO_COLOR
        speaks for this session, a remembered choice for every session); else the config's;
        else the default."""
        import os

        from tui.themes import DEFAULT_THEME, MONOCHROME_THEME, terminal_has_no_colour

        known = self.theme_set.themes
        fallback = DEFAULT_THEME if DEFAULT_THEME in known else next(iter(known), "textual-dark")
        if asked is not None:
            if asked in known:
                return asked
            self.notices.append(f"--theme {asked!r} is not a theme; using {fallback}")
        no_colour = terminal_has_no_colour(os.environ) or self.console.color_system is None
        if no_colour and MONOCHROME_THEME in known:
            return MONOCHROME_THEME
        if self.config.theme is not None:
            if self.config.theme in known:
                return self.config.theme
            self.notices.append(
                f"config theme {self.config.theme!r} is not a theme; using {fallback}"
            )
        return fallback

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The reader's `$ct-*` variables under any theme, Textual's own included (the
        default theme's, else text styles only), so the TCSS always resolves."""
        from tui.themes import DEFAULT_THEME, fallback_variables

        variables = getattr(self, "_ct_defaults", None)  # asked for on every CSS refresh
        if variables is None:
            theme_set = getattr(self, "theme_set", None)  # not yet set in App.__init__
            spec = theme_set.themes.get(DEFAULT_THEME) if theme_set is not None else None
            variables = spec.textual_variables() if spec is not None else fallback_variables()
            if theme_set is not None:
                self._ct_defaults = variables
        return {**super().get_theme_variable_defaults(), **variables}

    @property
    def palette(self) -> Palette:
        spec = self.theme_set.themes.get(self.theme)
        if spec is None:
            return Palette.from_semantic({})
        return Palette.from_semantic(spec.semantic, spec.colours.get("background"))

    def on_mount(self) -> None:
        from tui.locations import bundled_seeds

        self.theme_changed_signal.subscribe(self, self._theme_changed)
        path = self.path or self.config.default_path or bundled_seeds()
        self.open_story(path, top=True)

    def _theme_changed(self, _theme: object) -> None:
        """Restyle what was drawn with the old theme's Rich styles (TCSS follows by itself)."""
        from tui.app.screens.claim import ClaimScreen
        from tui.app.screens.reader import ReaderScreen

        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.set_palette(self.palette)
            elif isinstance(screen, ClaimScreen):
                screen.refresh(recompose=True)

    def action_next_theme(self) -> None:
        """Switch to the next theme and remember it in the config."""
        names = self.theme_set.names()
        if not names:
            return
        index = names.index(self.theme) if self.theme in names else -1
        self.switch_theme(names[(index + 1) % len(names)])

    def switch_theme(self, name: str) -> None:
        from tui.config import ConfigError, remember

        self.theme = name
        self.notify(f"Theme: {name}", markup=False, timeout=2)
        try:
            remember("theme", name, self.config.path)
        except (OSError, ConfigError) as error:
            self.notify(f"Theme not saved: {error}", severity="warning", markup=False)

    def open_story(self, path: Path, top: bool = False) -> None:
        """Show progress, then the story (or, at the top level, a collection's list). While a
        cache entry for it may still be being read, the loading screen waits `LOADING_DELAY`
        (and is shown at once when the entry turns out to be missing)."""
        preload = self.preload
        if top and preload is not None and preload.path == path and preload.may_hit():
            self._loading_deferred = True
            self.set_timer(LOADING_DELAY, lambda: self._show_loading(path))
            self.load(path, top)
            return
        self.push_screen(LoadingScreen(literal(str(path))))
        self.call_after_refresh(self.load, path, top)  # the loading frame first, then the work

    def _show_loading(self, path: Path) -> None:
        """The loading screen that waited, unless the story's first screen came meanwhile."""
        if self._loading_deferred:
            self._loading_deferred = False
            self.push_screen(LoadingScreen(literal(str(path))))

    def _present(self, screen: Screen) -> None:
        """Show the screen a load ends in, in place of the loading screen (and of anything
        opened over it, help say, which would otherwise leave it, dead, underneath); with no
        loading screen shown, over the app's own first screen."""
        if self._loading_deferred:
            self._loading_deferred = False
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(screen)
            return
        self._leave_loading()
        self.switch_screen(screen)

    @on(StoryListScreen.StoryChosen)
    def _story_chosen(self, event: StoryListScreen.StoryChosen) -> None:
        self.open_story(event.path)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self, path: Path, top: bool) -> None:
        """The engine may take seconds on big stories; the loading screen stays live meanwhile.

        The engine runs in a daemon thread this worker watches: quitting cancels the worker,
        which returns at once, and the process ends without waiting for the analysis (a
        Textual thread worker alone is joined at exit, however long it still has to run)."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        engine = threading.Thread(
            target=self._load, args=(path, top, worker), name="coverage-engine", daemon=True
        )
        self.engine = engine
        engine.start()
        while engine.is_alive():
            if worker.is_cancelled:
                return
            engine.join(0.05)

    def _load(self, path: Path, top: bool, worker: object) -> None:
        from tui.cache import analyse_cached
        from tui.engine.collector import collector_paused, settle_collector
        from tui.engine.load import Collection, InputError, open_path

        preload, self.preload = self.preload, None  # once: a story opened later is read anew
        try:
            cached = None
            reading = None
            opened_desk = None
            if preload is not None and preload.path == path:
                opened, cached = preload.result()
                reading = preload.reading
                opened_desk = preload.desk
                if cached is None and not isinstance(opened, Collection):
                    self._deliver(worker, self._show_loading, path)  # a miss: analysed now
            else:
                opened = open_path(path, self.follow_symlinks)
            if isinstance(opened, Collection):
                if not top:
                    raise InputError(f"{path}: holds stories, not articles")
                self._deliver(worker, self._show_collection, opened)
                return
            for note in opened.notes:
                self._deliver(worker, self._notify_note, f"{note.path}: {note.message}")
            # The collector stays off until the analysis and the desk are frozen out of its
            # sight: turned back on in between, its first full pass over the 300,000 objects
            # of a 400-article analysis held the reader 50-100 ms.
            with collector_paused():
                result = (
                    cached
                    if cached is not None
                    else analyse_cached(
                        opened,
                        self._progress,
                        self.link_threshold,
                        use_cache=self.use_cache,
                        semantic=self.config.semantic_choice,
                        reading=reading,
                    )
                )
                desk = self._open_desk(result, opened_desk)
                settle_collector()
        except InputError as error:
            self._deliver(worker, self._show_error, str(error))
            return
        except Exception as error:  # a bug: a one-line message, never a traceback on screen
            message = f"internal error: {type(error).__name__}: {error}"
            self._deliver(worker, self._show_error, message)
            return
        self._deliver(worker, self._show_reader, (result, desk))

    def _open_desk(
        self, analysis: Analysis, opened: tuple[Desk | None, str | None] | None = None
    ) -> Desk | None:
        """The story's marks and corrections (`opened`: as the preload opened them); without
        them (a database that cannot be opened) the reader still reads, and says why marks
        are off once it is up."""
        from tui.desk.session import open_desk

        desk, problem = opened if opened is not None else open_desk(analysis)
        if problem is not None:
            self.notices.append(problem)
        return desk

    def _deliver(self, worker: object, show: Callable[[Any], None], value: object) -> None:
        """Show what the engine made, unless the load was cancelled (the user quit or opened
        another story) or the app has already gone."""
        if getattr(worker, "is_cancelled", False):
            return
        with contextlib.suppress(RuntimeError):  # the app stopped meanwhile
            self.call_from_thread(show, value)

    @property
    def link_threshold(self) -> float:
        from tui.engine.identity import LINK_THRESHOLD

        threshold = self.config.similarity_threshold
        return LINK_THRESHOLD if threshold is None else threshold

    def _notify_note(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=10)

    def _progress(self, message: str) -> None:
        with contextlib.suppress(RuntimeError):  # the app stopped meanwhile
            self.call_from_thread(self._show_progress, message)

    def _show_progress(self, message: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(literal(message))

    def _leave_loading(self) -> None:
        """Close what was opened over the loading screen (help, say) so the next screen
        replaces the loading screen rather than leaving it, dead, underneath."""
        if not any(isinstance(screen, LoadingScreen) for screen in self.screen_stack):
            return
        while not isinstance(self.screen, LoadingScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    def _show_collection(self, collection: object) -> None:
        from tui.engine.load import Collection

        assert isinstance(collection, Collection)
        self._present(StoryListScreen(collection.path, collection.stories))
        self.call_after_refresh(self._show_notices)

    def _show_reader(self, loaded: tuple[Analysis, Desk | None]) -> None:
        from tui.app.screens.reader import ReaderScreen

        analysis, desk = loaded
        self.error = None
        self._present(
            ReaderScreen(
                desk.analysis if desk is not None else analysis,
                palette=self.palette,
                max_panes=self.config.sources_side_by_side,
                expand_noise=self.config.expand_noise,
                desk=desk,
            )
        )
        self.call_after_refresh(self._show_notices)

    def _show_notices(self) -> None:
        """The warnings gathered at start (config, themes, keymap), once the first real
        screen is up so they stay on it."""
        if self.config.keys and not self._keymap_checked:
            self._keymap_checked = True  # once, not on every screen that shows the notices
            unknown = sorted(set(self.config.keys) - known_binding_ids())
            if unknown:
                self.notices.append(
                    f"config [keys]: no binding with id {', '.join(unknown)} (see ? for the ids)"
                )
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False, timeout=10)
        self.notices = []

    def _show_error(self, message: str) -> None:
        from tui.app.screens.error import ErrorScreen

        self.error = literal(message)
        self._present(ErrorScreen(self.error))
        self.call_after_refresh(self._show_notices)

    def help_entries(self) -> list[HelpEntry]:
        """Every binding reachable from the focused widget, grouped by id: one line per action.

        The binding chain (not `active_bindings`) so keys that mean two things in two modes
        (n: next finding, or next match while searching) are both listed.
        """
        from tui.app.screens.help import HelpEntry

        grouped: dict[str, tuple[list[str], str]] = {}
        unused = getattr(
            self.screen, "binding_unused", None
        )  # the reader's digits past its sources
        for _node, bindings in self.screen._binding_chain:
            for key_bindings in bindings.key_to_bindings.values():
                for binding in key_bindings:
                    if not binding.description:
                        continue  # Textual's own undocumented fallbacks
                    if unused is not None and unused(binding.id):
                        continue
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
            self.push_screen(HelpScreen(self.help_entries(), self.palette))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every described binding of the screen, from the same bindings,
        and our themes by name (in place of Textual's own theme picker). The palette parses
        help texts as markup: ours (a theme file's description) are escaped."""
        from textual.markup import escape

        for command in super().get_system_commands(screen):
            if command.title != "Theme":
                yield command
        for name in self.theme_set.names():
            spec = self.theme_set.themes[name]
            current = "  (current)" if name == self.theme else ""
            description = literal(spec.description or f"Switch to the {name} theme")
            yield SystemCommand(
                f"Theme: {name}",
                escape(description + current),
                lambda name=name: self.switch_theme(name),
            )
        seen: set[str] = set()
        unused = getattr(screen, "binding_unused", None)
        for active in screen.active_bindings.values():
            binding = active.binding
            key = binding.id or binding.action
            if key in seen or not binding.description or active.node is self:
                continue
            if unused is not None and unused(binding.id):
                continue
            seen.add(key)
            node = active.node
            action = binding.action
            yield SystemCommand(
                binding.description,
                escape(f"{self.get_key_display(binding)}  ({key})"),
                lambda node=node, action=action: self.run_action(action, node),
            )


def known_binding_ids() -> set[str]:
    """Every binding id in the reader, for checking a user's keymap (read from the classes'
    BINDINGS by `tui.keymap`, which checks the config's [keys] before the reader starts)."""
    from tui.keymap import reader_screens

    return {binding.id for screen in reader_screens() for binding in screen.bindings if binding.id}
