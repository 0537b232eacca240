"""The main screen: the story's counts, the source strip, and side-by-side source panes."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui.app.commands import ClaimCommands, SourceCommands
from tui.app.story_view import Palette, StoryView, literal, matches
from tui.app.widgets.source_pane import PassageView, SourcePane
from tui.app.widgets.source_strip import SourceStrip
from tui.model import Analysis

PANE_WIDTH = 32  # columns a pane needs to be readable; 80 columns give exactly two
MIN_SIZE = (32, 10)  # below this nothing is readable: say so instead of drawing fragments


def counts_line(analysis: Analysis) -> Text:
    from tui.report.text import story_counts  # the report pulls in the engine: not before needed

    counts = story_counts(analysis)
    parts = [
        (counts["sources"], "sources"),
        (counts["shared"], "shared"),
        (counts["unique"], "unique"),
        (counts["diverging"], "diverging"),
        (counts["quotes"], "quote variants"),
        (counts["noise"], "noise"),
    ]
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, (count, label) in enumerate(parts):
        if index:
            text.append(" · ", style="dim")
        text.append(str(count), style="bold")
        text.append(f" {label}")
    return text


def _line_up(pane: SourcePane, row: PassageView, row_on_screen: float) -> None:
    """Scroll `pane` so `row` stands `row_on_screen` lines below its top, like the cursor."""
    pane.scroll_to(y=max(0, row.virtual_region.y - row_on_screen), animate=False, immediate=True)


class ReaderScreen(Screen[None]):
    """Owns which panes are on screen and keeps them aligned on the cursor's claim."""

    CSS_PATH = "reader.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *Screen.COMMANDS,
        ClaimCommands,
        SourceCommands,
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,l", "focus_step(1)", "Next source", show=False, id="reader.next_source"),
        Binding("left,h", "focus_step(-1)", "Prev source", show=False, id="reader.prev_source"),
        Binding("tab", "focus_step(1)", "Next source", show=False, priority=True, id="reader.tab"),
        Binding(
            "shift+tab",
            "focus_step(-1)",
            "Previous source",
            show=False,
            priority=True,
            id="reader.shift_tab",
        ),
        *[
            Binding(
                str(n), f"focus_source({n - 1})", f"Source {n}", show=False, id=f"reader.source_{n}"
            )
            for n in range(1, 10)
        ],
        Binding("slash", "search", "Search", tooltip="Search all sources", id="reader.search"),
        Binding(
            "n",
            "search_step(1)",
            "Next match",
            tooltip="Next search match (while a search is active)",
            id="reader.next_match",
        ),
        Binding("N", "search_step(-1)", "Prev match", show=False, id="reader.prev_match"),
        Binding(
            "m", "matrix", "Matrix", tooltip="Coverage matrix: claims x sources", id="reader.matrix"
        ),
        Binding(
            "z",
            "toggle_noise",
            "Noise",
            tooltip="Show or fold noise lines",
            id="reader.toggle_noise",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Back: close the search, clear it, or return to the story list",
            id="reader.back",
        ),
    ]

    def __init__(
        self,
        analysis: Analysis,
        *,
        palette: Palette | None = None,
        max_panes: int | None = None,
        expand_noise: bool = False,
    ) -> None:
        """`max_panes` caps the panes side by side (the user's config); `expand_noise` starts
        with noise shown rather than folded."""
        super().__init__()
        self.analysis = analysis
        self.view = StoryView.build(analysis)
        if palette is not None:
            self.view.palette = palette
        self.clusters = {cluster.id: cluster for cluster in analysis.clusters}
        self._panes: list[SourcePane] = []
        self.search_query = ""
        self.matches: list[tuple[int, str]] = []  # (source index, passage id) in reading order
        self.first_visible = 0
        self.focused_index = 0
        self.max_panes = max_panes
        self.expand_noise = expand_noise

    def compose(self) -> ComposeResult:
        title = Text(literal(self.analysis.story.title), style="bold", no_wrap=True)
        title.overflow = "ellipsis"
        yield Static(title, id="story-title")
        yield Static(counts_line(self.analysis), id="story-counts")
        yield SourceStrip(self.analysis.sources)
        yield Static(id="too-small")
        with Horizontal(id="panes"):
            for number, source in enumerate(self.analysis.sources, start=1):
                yield SourcePane(source, self.view, number, expand_noise=self.expand_noise)
        yield Input(placeholder="search all sources (enter: go, escape: cancel)", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self._arrange()

    @property
    def panes(self) -> list[SourcePane]:
        if not self._panes:
            self._panes = list(self.query(SourcePane))
        return self._panes

    @property
    def fits(self) -> int:
        width = self.size.width or self.app.size.width
        fits = max(1, width // PANE_WIDTH)
        return min(fits, self.max_panes) if self.max_panes else fits

    def set_palette(self, palette: Palette) -> None:
        """Restyle every pane for a new theme (the panes keep their cursor and scroll)."""
        self.view.palette = palette
        for pane in self.panes:
            pane.restyle()

    @property
    def window(self) -> range:
        count = len(self.analysis.sources)
        return range(self.first_visible, min(count, self.first_visible + self.fits))

    def _arrange(self) -> None:
        """Show the window of panes around the focused one and focus it."""
        count = len(self.analysis.sources)
        if not count:
            return
        self.focused_index = max(0, min(self.focused_index, count - 1))
        fits = self.fits
        if self.focused_index < self.first_visible:
            self.first_visible = self.focused_index
        elif self.focused_index >= self.first_visible + fits:
            self.first_visible = self.focused_index - fits + 1
        self.first_visible = max(0, min(self.first_visible, count - fits))
        visible = self.window
        for index, pane in enumerate(self.panes):
            pane.display = index in visible
            if index in visible:
                pane.ensure_loaded()
        self.set_focus(self.panes[self.focused_index])  # now, not later: the next key goes there
        self.query_one(SourceStrip).show(visible, self.focused_index)
        self.call_after_refresh(self._sync_from_focused)

    def on_resize(self, event: Resize) -> None:
        width, height = event.size
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(too_small, "-too-small")
        if too_small:
            self.query_one("#too-small", Static).update(
                f"Terminal too small ({width}x{height}): the reader needs "
                f"{MIN_SIZE[0]}x{MIN_SIZE[1]} or more."
            )
        self._arrange()

    def _sync_from_focused(self) -> None:
        pane = self.panes[self.focused_index]
        current = pane.current
        if current is not None:
            self.align_others(pane, current)

    @on(SourcePane.CursorMoved)
    def _cursor_moved(self, event: SourcePane.CursorMoved) -> None:
        current = event.pane.current
        if current is not None:
            self.align_others(event.pane, current)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, SourcePane) and focused.number - 1 != self.focused_index:
            self.focused_index = focused.number - 1
            self._arrange()

    def align_others(self, pane: SourcePane, current: PassageView) -> None:
        """Highlight the cursor's claim in every other pane at the cursor's height, or say it is
        missing: panes follow the alignment, not the line number."""
        cluster = self.clusters.get(current.row.cluster or "")
        row_on_screen = current.virtual_region.y - pane.scroll_y
        panes = self.panes
        for other in (panes[index] for index in self.window):
            if other is pane:
                other.highlight_passage(None)
                other.border_subtitle = ""
                continue
            if cluster is None:
                other.highlight_passage(None)
                other.border_subtitle = ""
                continue
            counterpart_id = next(
                (p for p in cluster.passages if self.analysis.passage(p).source == other.source.id),
                None,
            )
            counterpart = other.highlight_passage(counterpart_id)
            if counterpart is None:
                other.border_subtitle = "not in this outlet"
                continue
            other.border_subtitle = ""
            if counterpart.virtual_region.height:
                _line_up(other, counterpart, row_on_screen)
            else:  # just mounted: its place is known after the next layout
                self.call_after_refresh(_line_up, other, counterpart, row_on_screen)

    def action_focus_step(self, step: int) -> None:
        self.focused_index = (self.focused_index + step) % max(1, len(self.analysis.sources))
        self._arrange()

    def action_focus_source(self, index: int) -> None:
        if index >= len(self.analysis.sources):
            self.app.bell()
            return
        self.focused_index = index
        self._arrange()

    def action_toggle_noise(self) -> None:
        self.expand_noise = not self.expand_noise
        for pane in self.panes:
            pane.set_expand_noise(self.expand_noise)
        # The rows were rebuilt: line the other panes up with the cursor's claim again.
        self.call_after_refresh(self.call_after_refresh, self._sync_from_focused)

    def action_matrix(self) -> None:
        from tui.app.screens.matrix import MatrixScreen

        self.app.push_screen(MatrixScreen(self.analysis), self.jump_to_claim)

    def jump_to_claim(self, cluster_id: str | None) -> None:
        """Put the cursor on the claim, in the focused pane if it carries it, else the first."""
        cluster = self.clusters.get(cluster_id or "")
        if cluster is None:
            return
        panes = self.panes
        order = [self.focused_index, *range(len(panes))]
        for index in order:
            pane = panes[index]
            passage = next(
                (p for p in cluster.passages if self.analysis.passage(p).source == pane.source.id),
                None,
            )
            row = pane.index_of_passage(passage) if passage else None
            if row is not None:
                self.focused_index = index
                self._arrange()
                self.call_after_refresh(pane.move_to, row)
                return

    @property
    def searching(self) -> bool:
        return bool(self.search_query)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.search_query = event.value.strip()
        self.matches = [
            (index, passage.id)
            for index, source in enumerate(self.analysis.sources)
            for passage in self.view.passages_of(source)
            if matches(passage.text, self.search_query)
        ]
        for pane in self.panes:
            pane.set_search(self.search_query if self.matches else "")
        self.set_focus(self.panes[self.focused_index])
        self.refresh_bindings()
        if not self.search_query:
            return
        if not self.matches:
            self.search_query = ""
            self.notify(f"No match for “{literal(event.value)}”.", markup=False)
            return
        self.step_search(1, include_here=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """n/N step through matches only while a search is active; else they are the panes'."""
        if action == "search_step":
            return bool(self.matches)
        return True

    def action_search_step(self, direction: int) -> None:
        self.step_search(direction)

    def step_search(self, direction: int, include_here: bool = False) -> None:
        """Next/previous match from the cursor, across sources in order; wraps around."""
        pane = self.panes[self.focused_index]
        here = (self.focused_index, pane.cursor)
        rows = (
            (source_index, self.panes[source_index].index_of_passage(passage_id))
            for source_index, passage_id in self.matches
        )
        positions = list(dict.fromkeys((s, r) for s, r in rows if r is not None))
        if not positions:
            return
        if direction > 0:
            later = [p for p in positions if p > here or (include_here and p == here)]
            target = later[0] if later else positions[0]
        else:
            earlier = [p for p in positions if p < here]
            target = earlier[-1] if earlier else positions[-1]
        number = positions.index(target) + 1
        self.focused_index = target[0]
        self._arrange()
        self.call_after_refresh(self.panes[target[0]].move_to, target[1])
        self.app.clear_notifications()
        self.notify(
            f"“{literal(self.search_query)}”: {number} of {len(positions)}",
            markup=False,
            timeout=2,
        )

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.display = False
            self.set_focus(self.panes[self.focused_index])
        elif self.searching:
            self.search_query = ""
            self.matches = []
            for pane in self.panes:
                pane.set_search("")
            self.refresh_bindings()
            self.notify("Search cleared.", timeout=2)
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()
