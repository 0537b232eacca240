"""The main screen: the story's counts, the source strip, and side-by-side source panes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, ClassVar, overload

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.app.commands import ClaimCommands, SourceCommands
from tui.app.compositor import use_cropped_compositor
from tui.app.desk_actions import (
    DESK_BINDINGS,
    CorrectionCommands,
    DeskActions,
    MarkCommands,
    mark_lines,
    mark_states,
)
from tui.app.story_view import Palette, Row, StoryView, legend_line, literal, matches
from tui.app.widgets.footer import QuietFooter
from tui.app.widgets.source_pane import SourcePane
from tui.app.widgets.source_strip import SourceStrip
from tui.model import WEAK_LINK, Analysis

if TYPE_CHECKING:
    from tui.desk.session import Desk

PANE_WIDTH = 32  # columns a pane needs to be readable; 80 columns give exactly two
MIN_SIZE = (32, 10)  # below this nothing is readable: say so instead of drawing fragments


def counts_line(analysis: Analysis) -> Text:
    from tui.report.counts import story_counts

    counts = story_counts(analysis)
    parts = [
        (counts["sources"], "source", "sources"),
        (counts["shared"], "shared", "shared"),
        (counts["unique"], "unique", "unique"),
        (counts["diverging"], "diverging", "diverging"),
        (counts["quotes"], "quote variant", "quote variants"),
        (counts["noise"], "noise", "noise"),
    ]
    text = Text(no_wrap=True, overflow="ellipsis")
    for index, (count, one, many) in enumerate(parts):
        if index:
            text.append(" · ", style="dim")
        text.append(str(count), style="bold")
        text.append(f" {one if count == 1 else many}")
    return text


class Panes(Sequence[SourcePane]):
    """One pane per source, each made the first time it is asked for: making a pane costs
    ~0.2 ms, so making all 400 of a 400-outlet story held its first frame 80 ms."""

    def __init__(self, count: int, make: Callable[[int], SourcePane]) -> None:
        self._count = count
        self._make = make
        self._made: dict[int, SourcePane] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> SourcePane: ...
    @overload
    def __getitem__(self, index: slice) -> list[SourcePane]: ...
    def __getitem__(self, index: int | slice) -> SourcePane | list[SourcePane]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        pane = self._made.get(index)
        if pane is None:
            pane = self._made[index] = self._make(index)
        return pane

    def __iter__(self) -> Iterator[SourcePane]:
        return (self[index] for index in range(self._count))

    def made(self) -> list[SourcePane]:
        """The panes made so far, in story order (the others take the screen's settings when
        they are made)."""
        return [self._made[index] for index in sorted(self._made)]


class ReaderScreen(DeskActions, Screen[None]):
    """Owns which panes are on screen and keeps them aligned on the cursor's claim."""

    CSS_PATH = "reader.tcss"
    # Textual repaints the whole screen when the focus moves; here the panes that gain or
    # lose it restyle themselves, and a full repaint would cost every `l`/`h` a frame of the
    # whole terminal.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *Screen.COMMANDS,
        ClaimCommands,
        SourceCommands,
        MarkCommands,
        CorrectionCommands,
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
        # A priority binding: the focus is on the prompt before the next key is routed, so a
        # query typed straight after "/" is not taken as the panes' keys.
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search all sources",
            priority=True,
            id="reader.search",
        ),
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
            "right_square_bracket",
            "difference(1)",
            "Next difference",
            tooltip="Next difference anywhere: a unique claim, a number or a quote that "
            "differs, across every outlet in reading order",
            id="reader.next_difference",
        ),
        Binding(
            "left_square_bracket",
            "difference(-1)",
            "Prev difference",
            show=False,
            tooltip="Previous difference anywhere, across every outlet",
            id="reader.prev_difference",
        ),
        Binding(
            "f",
            "zoom",
            "Zoom",
            show=False,
            tooltip="Zoom the focused pane to the full width, and back",
            id="reader.zoom",
        ),
        Binding(
            "p",
            "pair",
            "Pair",
            show=False,
            tooltip="Compare two outlets: pin this one, then h/l choose the other (p again ends)",
            id="reader.pair",
        ),
        Binding(
            "c",
            "toggle_kinds",
            "Kinds",
            show=False,
            tooltip="Colour every passage by its kind (shared, unique, diverging, quote), or not",
            id="reader.toggle_kinds",
        ),
        Binding(
            "w",
            "toggle_weak",
            "Weak links",
            show=False,
            tooltip=f"Show counterparts linked under {WEAK_LINK} (perhaps wrong pairings), or not",
            id="reader.toggle_weak",
        ),
        Binding(
            "K",
            "toggle_key",
            "Key line",
            show=False,
            tooltip="Show or hide the one-line key to the marks",
            id="reader.toggle_key",
        ),
        Binding(
            "H",
            "headlines",
            "Headlines",
            tooltip="Every outlet's headline and lead, side by side",
            id="reader.headlines",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            show=False,
            tooltip="Back: close the search, clear it, or return to the story list",
            id="reader.back",
        ),
        *DESK_BINDINGS,
    ]

    def __init__(
        self,
        analysis: Analysis,
        *,
        palette: Palette | None = None,
        max_panes: int | None = None,
        expand_noise: bool = False,
        desk: Desk | None = None,
    ) -> None:
        """`max_panes` caps the panes side by side (the user's config); `expand_noise` starts
        with noise shown rather than folded; `desk` holds the story's marks and corrections
        (`analysis` is then the corrected one)."""
        super().__init__()
        use_cropped_compositor(self)
        self.analysis = analysis
        self.view = StoryView.build(analysis)
        self.desk = desk
        self.selected_passage: str | None = None  # space: the passage to link with +
        if desk is not None:
            self.view.marks = mark_states(desk)
            self.view.mark_lines = mark_lines(desk)
        if palette is not None:
            self.view.palette = palette
        self.clusters = self.view.clusters
        self._panes = Panes(len(analysis.sources), self._make_pane)
        self.search_query = ""
        self.matches: list[tuple[int, str]] = []  # (source index, passage id) in reading order
        self.match_number = 0  # which match the cursor is on, 1-based; 0 before stepping
        self.match_count = 0
        self.first_visible = 0
        self.focused_index = 0
        self.max_panes = max_panes
        self.expand_noise = expand_noise
        self.zoomed = False
        self.pinned: int | None = None  # the outlet compared with the focused one
        self._titled_pinned: int | None = None  # the pane whose title says "pinned"
        self.show_kinds = True
        self.show_weak = False
        self._shown: set[int] = set()
        self._mounted: set[int] = set()
        self._fitted: Size | None = None  # the size the panes were last arranged for

    def compose(self) -> ComposeResult:
        title = Text(literal(self.analysis.story.title), style="bold", no_wrap=True)
        title.overflow = "ellipsis"
        yield Static(title, id="story-title")
        yield Static(counts_line(self.analysis), id="story-counts")
        yield SourceStrip(self.analysis.sources)
        yield Static(id="too-small")
        with Horizontal(id="panes"):
            # Only the panes on screen are mounted; the others when first shown (mounting
            # costs ~5 ms a pane: 400 outlets would hold the first frame two seconds).
            for index in sorted(self.window):
                self._mounted.add(index)
                pane = self._panes[index]
                pane.display = True
                yield pane
        yield Static(legend_line(self.view.palette), id="key-line")
        yield Static(id="search-status")
        yield Input(placeholder="search all sources (enter: go, escape: cancel)", id="search")
        yield QuietFooter()

    def _make_pane(self, index: int) -> SourcePane:
        """The pane of source `index`, drawn as the screen's toggles stand now."""
        pane = SourcePane(
            self.analysis.sources[index],
            self.view,
            index + 1,
            expand_noise=self.expand_noise,
            on_cursor=self._cursor_moved,
        )
        pane.show_kinds = self.show_kinds
        pane.show_weak = self.show_weak
        pane.search_query = self.search_query if self.matches else ""
        pane.display = False  # until `_arrange` shows it
        return pane

    async def on_mount(self) -> None:
        self._fit(self.app.size)  # before the first layout, which is at the app's size
        self._arrange()
        self.query_one(QuietFooter).fill()  # the focused pane's keys, in the first frame

    @property
    def panes(self) -> Panes:
        """One pane per source, in story order, mounted or not (made when first asked for)."""
        return self._panes

    @property
    def fits(self) -> int:
        width = self.size.width or self.app.size.width
        fits = max(1, width // PANE_WIDTH)
        return min(fits, self.max_panes) if self.max_panes else fits

    def set_palette(self, palette: Palette) -> None:
        """Restyle every pane for a new theme (the panes keep their cursor and scroll)."""
        self.view.palette = palette
        self.query_one("#key-line", Static).update(legend_line(palette))
        for pane in self.panes.made():
            if pane.loaded:
                pane.restyle()

    @property
    def window(self) -> Sequence[int]:
        """The outlets on screen: a run around the focused one, the focused one alone when
        zoomed, or the pinned one and the focused one when comparing two."""
        count = len(self.analysis.sources)
        if self.zoomed:
            return range(self.focused_index, self.focused_index + 1)
        if self.pinned is not None and count > 1:
            other = self.focused_index
            if other == self.pinned:
                other = (self.pinned + 1) % count
            return tuple(sorted((self.pinned, other)))
        return range(self.first_visible, min(count, self.first_visible + self.fits))

    def _arrange(self) -> None:
        """Show the window of panes around the focused one and focus it. Only panes whose
        visibility changes are touched: 400 outlets cost what 5 do."""
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
        visible = set(self.window)
        panes = self.panes
        for index in self._shown - visible:
            panes[index].display = False
        for index in visible - self._shown:
            panes[index].ensure_loaded()
            panes[index].display = True
            self._mount_pane(index)
        self._shown = visible
        if self._titled_pinned != self.pinned:  # the pinned pane's title says so
            if self._titled_pinned is not None:
                panes[self._titled_pinned].set_pinned(False)
            if self.pinned is not None:
                panes[self.pinned].set_pinned(True)
            self._titled_pinned = self.pinned
        focused = panes[self.focused_index]
        if self.pinned is not None and self.focused_index == self.pinned and count > 1:
            focused = panes[next(i for i in self.window if i != self.pinned)]
        if self.focused is not focused:
            focused.take_focus_cursor()
            if focused.is_mounted:
                self._pass_focus(focused)  # now: the next key goes there
            else:
                self.call_after_refresh(self._focus_pane, focused)
        strip = self.query_one(SourceStrip)
        strip.show(self.window, self.focused_index)
        self._sync_from_focused()
        # A widget tells the screen of its repaint when its own queue next goes idle, which
        # after a focus move comes a frame late: tell it now, so one frame shows it all.
        for widget in (strip, *(panes[i] for i in self.window)):
            widget._check_refresh()

    def _mount_pane(self, index: int) -> None:
        """Mount a pane the first time it is shown, in story order among the mounted ones."""
        if index in self._mounted or not self.is_mounted:
            return
        self._mounted.add(index)
        later = [i for i in self._mounted if i > index]
        container = self.query_one("#panes", Horizontal)
        if later:
            container.mount(self._panes[index], before=self._panes[min(later)])
        else:
            container.mount(self._panes[index])

    def _pass_focus(self, pane: SourcePane) -> None:
        """Move the focus to `pane`. From another pane it moves by hand: Textual's
        `set_focus` posts a Blur and a Focus, bubbles a DescendantBlur and a DescendantFocus
        through every ancestor and works out the footer's keys twice, ~1.7 ms of an `l` of
        ~8 ms at 400 outlets, and a pane's focus is only its flag, its look and its cursor."""
        previous = self.focused
        if not isinstance(previous, SourcePane) or previous is pane or not previous.is_mounted:
            self.set_focus(pane, scroll_visible=False)
            return
        self.focused = pane  # the screen's watcher tells the footer
        previous.has_focus = False
        pane.has_focus = True
        previous.on_blur()
        pane.on_focus()

    def _focus_pane(self, pane: SourcePane) -> None:
        if self.panes[self.focused_index] is pane or pane.number - 1 in self.window:
            self.set_focus(pane)

    def on_resize(self, event: Resize) -> None:
        if event.size == self._fitted == self.size:
            # Textual sends a screen a Resize once it has laid it out, at the size it was laid
            # out at: arranging the panes and laying the screen out again (its default
            # handler) would change nothing, and cost a cached 400-outlet start a second
            # frame of the whole screen (~0.02 s) before the first key is answered.
            event.prevent_default()
            return
        self._fit(event.size)
        self._arrange()

    def _fit(self, size: Size) -> None:
        """Say so when the terminal is too small for the reader."""
        self._fitted = size
        width, height = size
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(too_small, "-too-small")
        if too_small:
            self.query_one("#too-small", Static).update(
                f"Terminal too small ({width}x{height}): the reader needs "
                f"{MIN_SIZE[0]}x{MIN_SIZE[1]} or more."
            )

    def _sync_from_focused(self) -> None:
        pane = self.panes[self.focused_index]
        current = pane.current
        if current is not None:
            self.align_others(pane, current)

    def _cursor_moved(self, pane: SourcePane) -> None:
        current = pane.current
        if current is not None and pane.number - 1 == self.focused_index:
            self.align_others(pane, current)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, SourcePane) and focused.number - 1 != self.focused_index:
            self.focused_index = focused.number - 1
            self._arrange()

    def align_others(self, pane: SourcePane, current: Row) -> None:
        """Highlight every passage of the cursor's claim in the other panes, the first at the
        cursor's height, or say it is missing: panes follow the alignment, not the line
        number. Members linked under WEAK_LINK are not counterparts unless asked for (w).
        When a counterpart cannot stand at the cursor's height (near its article's start or
        end), the cursor's pane moves to a height they all reach, so they line up at once."""
        # A cursor row taller than the pane may start above it: its counterparts then start
        # at the top, not out of sight above it.
        row_on_screen = max(0, pane.cursor_on_screen())
        cluster = current.cluster
        panes = self.panes
        targets: list[tuple[SourcePane, int]] = []
        for index in self.window:
            other = panes[index]
            if other is pane:
                other.highlight_members([])
                weak = f"weak link {current.strength:.2f}" if current.is_weak else ""
                if str(other.border_subtitle) != weak:
                    other.border_subtitle = Content(weak)
                continue
            members = self.view.members_in(cluster, other.source.id)
            target, only_weak = other.highlight_members(members)
            if cluster is None:
                note = ""
            elif not members:
                note = "not in this outlet"
            elif only_weak and not self.show_weak:
                note = "only a weak link (w shows it)"
            elif len(members) > 1:
                note = f"{len(members)} passages of this claim"
            else:
                note = ""
            if str(other.border_subtitle) != note:
                other.border_subtitle = Content(note)
            if target is not None:
                targets.append((other, target))
            else:
                other.lined_up = None  # nothing here to line up on: its own place stands
        if targets and not pane.clicked:
            row_on_screen = self._common_height(pane, row_on_screen, targets)
        for other, target in targets:
            other.line_up(target, row_on_screen)

    def _common_height(
        self, pane: SourcePane, row_on_screen: int, targets: list[tuple[SourcePane, int]]
    ) -> int:
        """The height nearest `row_on_screen` at which the cursor's row and every target can
        stand, the cursor's pane scrolled to it; `row_on_screen` when there is none."""
        here = pane.reach(pane.cursor)
        if here is None or pane.cursor_on_screen() < 0:
            return row_on_screen
        region = pane.row_region(pane.cursor)
        height = pane.scrollable_content_region.height
        # the cursor's row whole on screen; one taller than the pane, its top
        shown = height - region.height if region.height <= height else height - 1
        low, high = max(0, here[0]), min(here[1], max(0, shown))
        for other, target in targets:
            reach = other.reach(target)
            if reach is not None:
                low, high = max(low, reach[0]), min(high, reach[1])
        if low > high:
            return row_on_screen
        fitted = min(max(row_on_screen, low), high)
        if fitted != row_on_screen:
            pane.scroll_to(y=region.y - fitted, animate=False, force=True)
        return fitted

    def action_focus_step(self, step: int) -> None:
        count = max(1, len(self.analysis.sources))
        self.focused_index = (self.focused_index + step) % count
        if self.pinned is not None and self.focused_index == self.pinned and count > 1:
            self.focused_index = (self.focused_index + step) % count
        self._arrange()

    def binding_unused(self, binding_id: str | None) -> bool:
        """A digit key past this story's sources ("Source 7" of five): help and the palette
        leave it out."""
        prefix = "reader.source_"
        if not binding_id or not binding_id.startswith(prefix):
            return False
        number = binding_id.removeprefix(prefix)
        return number.isdigit() and int(number) > len(self.analysis.sources)

    def action_focus_source(self, index: int) -> None:
        if index >= len(self.analysis.sources):
            self.app.bell()
            return
        self.focused_index = index
        self._arrange()

    def action_toggle_noise(self) -> None:
        self.expand_noise = not self.expand_noise
        for pane in self.panes.made():
            pane.set_expand_noise(self.expand_noise)
        self._sync_from_focused()  # the rows were rebuilt: line the claim up again

    def action_toggle_kinds(self) -> None:
        self.show_kinds = not self.show_kinds
        for pane in self.panes.made():
            pane.show_kinds = self.show_kinds
            if pane.loaded:
                pane.set_kinds(self.show_kinds)

    def action_toggle_weak(self) -> None:
        self.show_weak = not self.show_weak
        for pane in self.panes.made():
            pane.show_weak = self.show_weak
            if pane.loaded:
                pane.set_show_weak(self.show_weak)
        self._sync_from_focused()
        shown = "shown as counterparts" if self.show_weak else "not counterparts"
        self.notify(f"Weak links (under {WEAK_LINK}): {shown}.", timeout=2)

    def action_toggle_key(self) -> None:
        key_line = self.query_one("#key-line", Static)
        key_line.display = not key_line.display

    def action_zoom(self) -> None:
        self.zoomed = not self.zoomed
        self._arrange()

    def action_pair(self) -> None:
        """Pin the focused outlet beside whichever the focus moves to; again ends the pair."""
        if self.pinned is not None:
            self.pinned = None
        elif len(self.analysis.sources) > 1:
            self.pinned = self.focused_index
            self.zoomed = False
            self.focused_index = (self.focused_index + 1) % len(self.analysis.sources)
        self._arrange()

    def action_headlines(self) -> None:
        from tui.app.screens.headlines import HeadlinesScreen

        self.app.push_screen(HeadlinesScreen(self.analysis, self.view.palette))

    def action_difference(self, direction: int) -> None:
        """The next (or previous) difference in reading order: down the focused outlet, then
        each outlet after it from the top, wrapping round; the cursor and focus go there."""
        panes = self.panes
        count = len(panes)
        if not count:
            self.app.bell()
            return
        start = self.focused_index
        order = [(start + direction * step) % count for step in range(count + 1)]
        for turn, index in enumerate(order):
            rows = panes[index].rows
            if direction > 0:
                first = panes[index].cursor + 1 if turn == 0 else 0
                last = len(rows) if turn < count else panes[index].cursor + 1
                candidates = range(first, last)
            else:
                first = panes[index].cursor - 1 if turn == 0 else len(rows) - 1
                last = -1 if turn < count else panes[index].cursor - 1
                candidates = range(first, last, -1)
            for row in candidates:
                if rows[row].is_difference:
                    self.go_to(index, row)
                    return
        self.app.bell()
        self.notify("No differences in this story.", timeout=2)

    def go_to(self, source_index: int, row: int) -> None:
        """Focus an outlet and put its cursor on `row`."""
        self.focused_index = source_index
        if self.pinned == source_index:
            self.pinned = None
        self._arrange()
        self.panes[source_index].move_to(row)

    def action_matrix(self) -> None:
        from tui.app.screens.matrix import MatrixScreen

        marked = {self.view.cluster_of[p] for p in self.view.marks if p in self.view.cluster_of}
        self.app.push_screen(MatrixScreen(self.analysis, marked), self.jump_to_claim)

    def refresh_counts(self) -> None:
        self.query_one("#story-counts", Static).update(counts_line(self.analysis))

    def go_to_passage(self, passage_id: str) -> None:
        """Focus the passage's outlet and put the cursor on it."""
        source_id = self.analysis.passage(passage_id).source
        for index, source in enumerate(self.analysis.sources):
            if source.id == source_id:
                row = self.panes[index].index_of_passage(passage_id)
                if row is not None:
                    self.go_to(index, row)
                return

    def jump_to_claim(self, cluster_id: str | None) -> None:
        """Put the cursor on the claim, in the focused pane if it carries it, else the first."""
        cluster = self.clusters.get(cluster_id or "")
        if cluster is None:
            return
        sources = self.analysis.sources
        order = [self.focused_index, *range(len(sources))]
        for index in order:
            members = self.view.members_in(cluster.id, sources[index].id)
            row = self.panes[index].index_of_passage(members[0][0]) if members else None
            if row is not None:
                self.go_to(index, row)
                return

    @property
    def searching(self) -> bool:
        return bool(self.search_query)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:  # typed in the prompt, "/" is part of the query
            raise SkipAction()
        search.value = self.search_query
        search.display = True
        self.query_one("#search-status", Static).display = False
        # Now, not after the next refresh (Widget.focus): what is typed straight after "/"
        # belongs to the query, not to the pane's keys.
        self.set_focus(search)

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
        for pane in self.panes.made():
            pane.set_search(self.search_query if self.matches else "")
        self.set_focus(self.panes[self.focused_index])
        self.refresh_bindings()
        if not self.search_query:
            self._show_search_status()
            return
        if not self.matches:
            self.search_query = ""
            self._show_search_status()
            self.notify(f"No match for “{literal(event.value)}”.", markup=False)
            return
        self.step_search(1, include_here=True)

    def _show_search_status(self) -> None:
        """The query and where the cursor is among its matches, kept on screen (like less)."""
        status = self.query_one("#search-status", Static)
        status.display = self.searching
        if not self.searching:
            return
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("/", style="bold")
        text.append(literal(self.search_query), style="bold")
        text.append(f"   {self.match_number} of {self.match_count}")
        text.append("   n next · N previous · / edit · escape clears", style="italic")
        status.update(text)

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
        self.match_number = positions.index(target) + 1
        self.match_count = len(positions)
        self.go_to(*target)
        self._show_search_status()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.display:
            search.display = False
            self._show_search_status()
            self.set_focus(self.panes[self.focused_index])
        elif self.searching:
            self.search_query = ""
            self.matches = []
            for pane in self.panes.made():
                if pane.loaded:
                    pane.set_search("")
                else:
                    pane.search_query = ""
            self.refresh_bindings()
            self._show_search_status()
        elif self.zoomed or self.pinned is not None:
            self.zoomed, self.pinned = False, None
            self._arrange()
        elif len(self.app.screen_stack) > 2:
            self.app.pop_screen()
