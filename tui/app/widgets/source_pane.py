"""One outlet's article as a scrolling column of passages, with the reading cursor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.table import Table
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.app.story_view import (
    GUTTER_WIDTH,
    Row,
    StoryView,
    body,
    gutter,
    matches,
    pane_title,
)
from tui.model import Source

# Rows mounted at once: more than a tall terminal shows (a row is two or more lines).
MOUNT_BATCH = 40


class PassageView(Static):
    """A passage (or a folded run of noise) with its gutter; wraps with a hanging indent."""

    def __init__(self, row: Row, renderable: RenderableType) -> None:
        super().__init__(renderable)
        self.row = row
        self.set_class(row.paragraph_start, "-paragraph-start")
        self.set_class(row.collapsed_noise, "-noise")


def _render_row(row: Row, view: StoryView, query: str = "") -> RenderableType:
    grid = Table.grid(padding=0, expand=True)
    grid.add_column(width=GUTTER_WIDTH, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(gutter(row, view.palette), body(row, view.analysis, query, view.palette))
    return grid


class SourcePane(VerticalScroll, inherit_bindings=False):
    """The pane owns its cursor, so the keys that move it live here."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor(1)", "Next passage", show=False, id="reader.cursor_down"),
        Binding("up,k", "cursor(-1)", "Previous passage", show=False, id="reader.cursor_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="reader.page_up"),
        Binding("home,g", "edge(0)", "First passage", show=False, id="reader.first"),
        Binding("end,G", "edge(1)", "Last passage", show=False, id="reader.last"),
        Binding(
            "enter",
            "detail",
            "Claim",
            tooltip="Claim detail: every outlet's wording of this claim",
            id="reader.claim_detail",
        ),
        Binding(
            "n",
            "jump('finding', 1)",
            "Finding",
            tooltip="Next finding of any kind (next search match while searching)",
            id="reader.next_finding",
        ),
        Binding("N", "jump('finding', -1)", "Prev finding", show=False, id="reader.prev_finding"),
        Binding("u", "jump('unique', 1)", "Next unique", show=False, id="reader.next_unique"),
        Binding("U", "jump('unique', -1)", "Prev unique", show=False, id="reader.prev_unique"),
        Binding(
            "d",
            "jump('diverging', 1)",
            "Diverging",
            show=False,
            tooltip="Next diverging number or differently worded quote",
            id="reader.next_diverging",
        ),
        Binding(
            "D", "jump('diverging', -1)", "Prev diverging", show=False, id="reader.prev_diverging"
        ),
    ]

    class CursorMoved(Message):
        """The cursor landed on a row: the screen lines the other panes up with it."""

        def __init__(self, pane: SourcePane, row: Row) -> None:
            super().__init__()
            self.pane = pane
            self.row = row

    can_focus = True

    def __init__(
        self, source: Source, view: StoryView, number: int, expand_noise: bool = False
    ) -> None:
        super().__init__(id=f"pane-{number}")
        self.source = source
        self.view = view
        self.number = number
        self.cursor = 0
        self.expand_noise = expand_noise
        self.border_title = Content(f"{number} {pane_title(source)}")
        self.loaded = False
        self.search_query = ""
        self._rows: list[PassageView] = []
        self._mounted = 0  # rows[:_mounted] are mounted; the rest follow in batches
        self._index_of: dict[str, int] = {}
        self._linked: PassageView | None = None

    def _build_rows(self) -> None:
        """Create the rows (not yet mounted) and the passage index the screen looks up."""
        rows = self.view.rows(self.source, self.expand_noise)
        self._rows = [
            PassageView(row, _render_row(row, self.view, self.search_query)) for row in rows
        ]
        self._index_of = {
            passage.id: index for index, row in enumerate(rows) for passage in row.passages
        }
        self._linked = None

    def ensure_loaded(self) -> None:
        """Mount the rows the first time the pane is shown: 100 outlets stay cheap to open."""
        if self.loaded:
            return
        self.loaded = True
        self._build_rows()
        self._mount_first_rows()
        self.call_after_refresh(self._show_cursor, -1)

    def _mount_first_rows(self) -> None:
        """A screenful of rows now, the rest in batches between repaints: mounting costs about
        1.5 ms a row, so a 500-sentence article would otherwise hold the first frame ~0.8 s."""
        self._mounted = 0
        self.mount_through(MOUNT_BATCH - 1)
        if self._mounted < len(self._rows):
            self.call_after_refresh(self._mount_next_batch)

    def _mount_next_batch(self) -> None:
        if not self.is_mounted or self._mounted >= len(self._rows):
            return
        self.mount_through(self._mounted + MOUNT_BATCH - 1)
        if self._mounted < len(self._rows):
            self.set_timer(0.01, self._mount_next_batch)

    def mount_through(self, index: int) -> bool:
        """Mount the rows up to `index` now (the cursor or a counterpart is going there); True
        when some were mounted, so their place on screen is known only after a refresh."""
        end = min(index + 1, len(self._rows))
        if end <= self._mounted:
            return False
        self.mount_all(self._rows[self._mounted : end])
        self._mounted = end
        return True

    @property
    def rows(self) -> list[PassageView]:
        return self._rows

    @property
    def current(self) -> PassageView | None:
        rows = self._rows
        return rows[self.cursor] if 0 <= self.cursor < len(rows) else None

    def _show_cursor(self, previous: int) -> None:
        if 0 <= previous < len(self._rows):
            self._rows[previous].remove_class("-cursor")
        current = self.current
        if current is not None:
            current.add_class("-cursor")

    def move_to(self, index: int, announce: bool = True) -> None:
        """Put the cursor on row `index`, scroll it into view and tell the screen."""
        rows = self._rows
        if not rows:
            return
        previous = self.cursor
        self.cursor = max(0, min(index, len(rows) - 1))
        self._show_cursor(previous)
        if self.mount_through(self.cursor):
            self.call_after_refresh(self._land, announce)
        else:
            self._land(announce)

    def _land(self, announce: bool) -> None:
        current = self.current
        if current is None:
            return
        self.scroll_to_widget(current, animate=False, immediate=True)
        if announce:
            self.post_message(self.CursorMoved(self, current.row))

    def index_of_passage(self, passage_id: str) -> int | None:
        """The row showing the passage; known before the pane is first shown."""
        if not self._index_of:
            rows = self.view.rows(self.source, self.expand_noise)
            self._index_of = {
                passage.id: index for index, row in enumerate(rows) for passage in row.passages
            }
        return self._index_of.get(passage_id)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_edge(self, end: int) -> None:
        self.move_to(len(self.rows) - 1 if end else 0)

    def action_page(self, direction: int) -> None:
        rows = self.rows
        current = self.current
        if current is None:
            return
        if not current.virtual_region.height:  # just mounted: page once its place is known
            self.call_after_refresh(self.action_page, direction)
            return
        target = current.virtual_region.y + direction * max(
            1, self.scrollable_content_region.height
        )
        placed = [  # rows not mounted or not laid out yet have no place on screen
            (i, row.virtual_region.y)
            for i, row in enumerate(rows[: self._mounted])
            if row.virtual_region.height
        ]
        if direction > 0:
            beyond = placed[-1][0] + 1 if placed else 0  # the first row not placed yet
            index = next((i for i, y in placed if y >= target), min(beyond, len(rows) - 1))
        else:
            index = next((i for i, y in reversed(placed) if y <= target), 0)
        self.move_to(index)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a search is active n/N step through its matches (the screen's bindings), so the
        finding keys step aside, and the footer shows what n does now."""
        if action == "jump" and parameters[:1] == ("finding",):
            return not getattr(self.screen, "searching", False)
        return True

    def action_jump(self, kind: str, direction: int) -> None:
        """Next/previous row carrying a finding of `kind`; stays put (with a bell) at the end."""
        test: Callable[[Row], bool] = {
            "finding": lambda row: row.has_finding,
            "unique": lambda row: row.is_unique,
            "diverging": lambda row: row.is_diverging,
        }[kind]
        rows = self.rows
        indexes = (
            range(self.cursor + 1, len(rows)) if direction > 0 else range(self.cursor - 1, -1, -1)
        )
        for index in indexes:
            if test(rows[index].row):
                self.move_to(index)
                return
        self.app.bell()
        self.notify(f"No {'next' if direction > 0 else 'previous'} {kind} in this source.")

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the passage under the mouse; a double click opens it."""
        widget = event.widget
        while widget is not None and widget is not self and not isinstance(widget, PassageView):
            widget = widget.parent  # type: ignore[assignment]
        if not isinstance(widget, PassageView) or widget not in self._rows:
            return
        self.focus()
        self.move_to(self._rows.index(widget))
        if event.chain >= 2:
            self.action_detail()

    def action_detail(self) -> None:
        from tui.app.screens.claim import ClaimScreen

        current = self.current
        if current is not None and not current.row.collapsed_noise:
            self.app.push_screen(ClaimScreen(self.view, current.row))

    def set_expand_noise(self, expand: bool) -> None:
        """Rebuild the rows with noise folded or not, keeping the cursor on the same passage."""
        self.expand_noise = expand
        if not self.loaded:
            self._index_of = {}
            return
        current = self.current
        passage_id = current.row.first.id if current else None
        self.remove_children()
        self._build_rows()
        self._mount_first_rows()
        index = self.index_of_passage(passage_id) if passage_id else None
        self.cursor = index or 0
        self.call_after_refresh(self.move_to, self.cursor, False)

    def restyle(self) -> None:
        """Redraw every row with the view's current palette (a new theme)."""
        for row in self._rows:
            row.update(_render_row(row.row, self.view, self.search_query))

    def set_search(self, query: str) -> None:
        """Mark the search's matches; only rows that gain or lose one are redrawn."""
        previous, self.search_query = self.search_query, query
        for row in self._rows:
            texts = [p.text for p in row.row.passages]
            if any(matches(t, previous) or matches(t, query) for t in texts):
                row.update(_render_row(row.row, self.view, query))

    def highlight_passage(self, passage_id: str | None) -> PassageView | None:
        """Mark the counterpart of the cursor's claim (or clear it); return its row."""
        index = self._index_of.get(passage_id) if passage_id is not None else None
        row = self._rows[index] if index is not None else None
        if index is not None:
            self.mount_through(index)
        if row is not self._linked:
            if self._linked is not None:
                self._linked.remove_class("-linked")
            if row is not None:
                row.add_class("-linked")
            self._linked = row
        return row
