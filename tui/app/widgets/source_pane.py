"""One outlet's article as a scrolling column of passages, with the reading cursor.

A Line-API view (as Toolong's log view): the pane keeps a height per row, sets its own
`virtual_size`, and builds only the lines on screen, as cached `Strip`s. Moving the cursor or
the focus redraws a screenful of cached lines, never the whole article, so a key costs the same
on a 3,000-sentence article as on a short one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from pathlib import Path
from time import perf_counter
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tui.app.story_view import (
    GUTTER_WIDTH,
    KIND_BARS,
    Row,
    RowKind,
    StoryView,
    bar_style,
    body,
    gutter,
    matches,
    outlet_label,
    row_plain,
    wrapped_height,
)
from tui.model import WEAK_LINK, Source

# Rows whose lines a pane keeps built, and how many of them it builds ahead between keys,
# a slice of PREFETCH_SLICE seconds every PREFETCH_PAUSE seconds while there are some left.
ROWS_KEPT = 4096
PREFETCH_ROWS = 3000
PREFETCH_LINES = 200  # of a row, at most: the rest of a huge one is styled as it is shown
PREFETCH_SLICE = 0.004
PREFETCH_PAUSE = 0.02
# A pane just shown builds nothing ahead for this long: its first frames, and the key that
# follows them, come first (a 400-outlet reader answered its first key after one or two).
PREFETCH_DELAY = 0.3
_prefetched = [0.0]  # when the last slice of any pane started
# Lines a wheel tick scrolls inside a passage taller than the pane (elsewhere it moves the
# cursor a passage).
WHEEL_LINES = 3

# A content line on screen: (row, state, line of the row, whether the scroll bar's thumb
# stands beside it).
LineKey = tuple[int, str, int, bool]
# A content line's left and right border cells, the app's line filters and the background
# they are applied with.
Edges = tuple[Segment, Segment, tuple[LineFilter, ...], Color]

# How a row is drawn apart from its text: the cursor (in the focused pane), a counterpart of
# the cursor's claim, a weak counterpart shown on request, or nothing.
CURSOR, LINKED, WEAK, PLAIN = "cursor", "linked", "weak", ""


class WrappedRow:
    """A row's lines as wrapped, each made a strip with its gutter the first time it is
    drawn: a 2 MB one-sentence article wraps to 70,000 lines in 0.7 s, and making them all
    strips took 2 s more before its pane first showed."""

    __slots__ = ("_blank", "_lines", "_made", "_make")

    def __init__(
        self, lines: list[Text], make: Callable[[int, Text], Strip], blank: Strip | None
    ) -> None:
        """`blank`: the empty line above a paragraph, first; `make(n, text)` draws the row's
        line n (0: the one with the gutter's marks)."""
        self._lines = lines
        self._make = make
        self._blank = blank
        self._made: dict[int, Strip] = {}

    def __len__(self) -> int:
        return len(self._lines) + (self._blank is not None)

    def line(self, number: int) -> Strip:
        """Line `number` of the row (the blank line above a paragraph counts)."""
        if self._blank is not None:
            if number == 0:
                return self._blank
            number -= 1
        strip = self._made.get(number)
        if strip is None:
            strip = self._made[number] = self._make(number, self._lines[number])
        return strip


class SourcePane(ScrollView, inherit_bindings=False):
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
            tooltip="Next finding of any kind in this outlet (next search match while searching)",
            id="reader.next_finding",
        ),
        Binding("N", "jump('finding', -1)", "Prev finding", show=False, id="reader.prev_finding"),
        Binding(
            "u",
            "jump('unique', 1)",
            "Next unique",
            show=False,
            tooltip="Next claim only this outlet makes",
            id="reader.next_unique",
        ),
        Binding("U", "jump('unique', -1)", "Prev unique", show=False, id="reader.prev_unique"),
        Binding(
            "d",
            "jump('diverging', 1)",
            "Diverging",
            show=False,
            tooltip="Next diverging number or differently worded quote in this outlet",
            id="reader.next_diverging",
        ),
        Binding(
            "D", "jump('diverging', -1)", "Prev diverging", show=False, id="reader.prev_diverging"
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"source-pane--focused"}
    # The styles the focused look sets on the pane, and cleared from it on blur.
    FOCUS_STYLES = ("border", "border_title_color", "border_title_style")

    can_focus = True

    def __init__(
        self,
        source: Source,
        view: StoryView,
        number: int,
        expand_noise: bool = False,
        on_cursor: Callable[[SourcePane], object] | None = None,
    ) -> None:
        """`on_cursor` is called as soon as the cursor lands (the screen lines the other panes
        up): in the same frame, which a message would miss."""
        super().__init__(id=f"pane-{number}")
        self.on_cursor = on_cursor
        self.source = source
        self.view = view
        self.number = number
        self.cursor = 0
        # The row the screen last lined this pane up on (the focused pane's claim here), kept
        # so that focusing this pane puts its cursor there, not on a row scrolled out of view.
        self.lined_up: int | None = None
        # While a click moves the cursor: the pane stays where it is under the mouse (a
        # double click's second click must find the same passage there).
        self.clicked = False
        self.expand_noise = expand_noise
        self.loaded = False
        self.search_query = ""
        self.show_kinds = True  # tint and bar every passage by its kind
        self.show_weak = False  # draw weak counterparts (under WEAK_LINK) as counterparts
        self.pinned = False  # the outlet `p` pinned, compared with whichever is focused
        self.border_title = self.title_content()
        self._rows: list[Row] = []
        self._index_of: dict[str, int] = {}
        self.linked: list[int] = []  # rows of the cursor's claim in this outlet, strong links
        self.weak_linked: list[int] = []  # ... and the weak ones
        self._heights: list[int] = []
        self._tops: list[int] = [0]
        self._exact: list[bool] = []
        self._layout_width = 0
        # A row's lines wrapped once (state apart), and styled for each state it is drawn in.
        self._wrapped: LRUCache[int, WrappedRow] = LRUCache(ROWS_KEPT)
        # A row's lines styled for a state: its style and the lines styled so far.
        self._strips: LRUCache[tuple[int, str, Style], tuple[Style, dict[int, Strip]]] = LRUCache(
            ROWS_KEPT
        )
        # Whole lines with their scroll-bar cell, by (row, state, line of the row, thumb):
        # a repaint reuses them instead of joining new strips.
        self._lines: LRUCache[LineKey, Strip] = LRUCache(4096)
        # The same lines as painted: border, background and the app's filters applied, by
        # what they show and how the pane is styled (`_paint_context`). See `render_lines`.
        self._painted: LRUCache[tuple[int, object], Strip] = LRUCache(4096)
        # The border cells of a content line, the app's filters and the background they
        # take, by the styling they were painted in (see `_learn_edges`).
        self._edges: dict[int, Edges] = {}
        self._contexts: dict[tuple[object, ...], int] = {}  # see `_paint_context`
        self._last_styling: int | None = None  # the styling of the last paint
        self._marks: dict[Style, tuple[Strip, Strip]] = {}  # scroll-bar cells: track, thumb
        self._prefetch_order: list[int] = []  # rows still to build, the next one last
        self._prefetch_timer: Timer | None = None
        self._prefetch_from = 0.0  # no slice before (see PREFETCH_DELAY)
        self._pending: list[Callable[[], object]] = []  # scrolls waiting for a first layout
        self._thumb_style = Style(bold=True)
        self._base = Style()  # the widget's own style, refreshed on each render pass
        self._styling_key: tuple[object, ...] | None = None  # what `_base`, `_styling` follow
        self._styling = 0
        self._screen_height = 0

    def title_content(self) -> Content:
        """Number, outlet, date first (what identifies the pane), then the headline: a narrow
        pane cuts the headline, never the date. A pinned pane says so after its number, where
        no outlet's long name can push it out of sight."""
        source = self.source
        number = f"{self.number} pinned ·" if self.pinned else str(self.number)
        parts = [f"{number} {outlet_label(source, self.number)}", source.date or "no date"]
        if source.title:
            parts.append(source.title)
        return Content(" · ".join(parts))

    # -- rows and layout --------------------------------------------------------------------

    def _build_rows(self) -> None:
        self._rows = self.view.rows(self.source, self.expand_noise)
        self._index_of = {
            passage.id: index for index, row in enumerate(self._rows) for passage in row.passages
        }
        self.linked, self.weak_linked = [], []
        self._layout_width = 0
        self._forget_drawn()

    def ensure_loaded(self) -> None:
        """Build the rows the first time the pane is shown: 400 outlets stay cheap to open."""
        if self.loaded:
            return
        self.loaded = True
        self._prefetch_from = perf_counter() + PREFETCH_DELAY
        self._build_rows()
        self._lay_out()
        self.refresh()

    @property
    def rows(self) -> list[Row]:
        if not self._rows and not self.loaded:
            self._rows = self.view.rows(self.source, self.expand_noise)
        return self._rows

    @property
    def current(self) -> Row | None:
        rows = self._rows
        return rows[self.cursor] if 0 <= self.cursor < len(rows) else None

    @property
    def _width(self) -> int:
        """The text's width: the last column is the pane's own scroll bar (Textual's
        scrollbar widgets cost a relayout of the screen, and a frame, whenever the focus
        moves). 0 until Textual has laid the pane out: rows laid out at a guessed width
        would be laid out again in the first frame, and the panes lined up on the cursor's
        claim only in a second one."""
        width = self.scrollable_content_region.width
        return max(1, width - 1) if width else 0

    def _lay_out(self) -> bool:
        """Heights of every row at the current width (estimated; exact once drawn), keeping
        the cursor where it stood on screen. True when the layout changed."""
        width = self._width
        if width <= 0 or not self.loaded or width == self._layout_width:
            return False
        had_layout = bool(self._layout_width) and 0 <= self.cursor < len(self._heights)
        on_screen = round(self._tops[self.cursor] - self.scroll_offset.y) if had_layout else 0
        body_width = max(1, width - GUTTER_WIDTH)
        self._heights = [
            int(row.paragraph_start) + wrapped_height(row_plain(row), body_width)
            for row in self._rows
        ]
        self._exact = [False] * len(self._rows)
        self._layout_width = width
        self._forget_drawn()
        self._retop()
        if had_layout:
            self.scroll_to(
                y=max(0, self.row_region(self.cursor).y - on_screen), animate=False, force=True
            )
        pending, self._pending = self._pending, []
        for then in pending:
            then()
        return True

    def _retop(self) -> None:
        self._tops = list(accumulate(self._heights, initial=0))
        size = Size(self._layout_width, self._tops[-1])
        if size != self.virtual_size:
            # A repaint of the pane, not the relayout of the screen Textual's reactive asks
            # for: the pane draws its own scroll bar and never overflows, so nothing else
            # moves. A relayout is a frame of the whole screen (on the first frame of a
            # 400-outlet reader, once more as the panes' rows on screen are measured).
            self.set_reactive(SourcePane.virtual_size, size)
            self.refresh()

    def row_region(self, index: int) -> Region:
        """Where row `index` stands in the pane's virtual space (exact: it is measured)."""
        self._settle(index)
        return Region(0, self._tops[index], self._layout_width, self._heights[index])

    def row_at(self, line: int) -> int | None:
        """The row covering virtual line `line`."""
        if not self._rows or line < 0 or line >= self._tops[-1]:
            return None
        return bisect_right(self._tops, line) - 1

    def _settle(self, index: int) -> bool:
        """Measure row `index` exactly (by drawing it); True when its height changed."""
        if not self._exact or self._exact[index]:
            return False
        strips = self._row_lines(index)
        self._exact[index] = True
        if len(strips) != self._heights[index]:
            self._heights[index] = len(strips)
            self._retop()
            return True
        return False

    def _settle_screen(self) -> None:
        """Measure every row on screen before it is drawn, so lines never shift mid-frame."""
        if not self._rows:
            return
        top = round(self.scroll_offset.y)
        bottom = top + self.scrollable_content_region.height
        index = self.row_at(top) or 0
        while index < len(self._rows) and self._tops[index] < bottom:
            self._settle(index)
            index += 1

    # -- drawing ----------------------------------------------------------------------------

    def row_state(self, index: int) -> str:
        """How row `index` is drawn: CURSOR, LINKED, WEAK or PLAIN."""
        return self._state(index)

    def _state(self, index: int) -> str:
        if index == self.cursor and self.has_focus:
            return CURSOR
        if index in self.linked:
            return LINKED
        if self.show_weak and index in self.weak_linked:
            return WEAK
        return PLAIN

    def _row_style(self, row: Row, state: str) -> Style:
        palette = self.view.palette
        style = Style()
        if self.show_kinds:
            tint = palette.tints.get(row.kind, "")
            if tint:
                style += Style.parse(tint)
        if state == LINKED:
            style += Style.parse(palette.counterpart)
        elif state == WEAK:
            style += Style.parse(palette.weak())
        elif state == CURSOR:
            style += Style.parse(palette.cursor)
        return style

    def _forget_drawn(self) -> None:
        """Drop every cached line: the rows, their layout or their styles changed."""
        self._wrapped.clear()
        self._strips.clear()
        self._lines.clear()
        self._painted.clear()
        self._edges.clear()
        self._start_prefetch()

    def _row_lines(self, index: int) -> WrappedRow:
        """The lines of one row, wrapped and with their gutter, before any state's style:
        wrapping is the costly part (~0.3 ms a row), so a row is wrapped once, not once for
        each state it is drawn in."""
        cached = self._wrapped.get(index)
        if cached is not None:
            return cached
        row = self._rows[index]
        width = self._layout_width
        console = self.app.console
        palette = self.view.palette
        text = body(row, self.view.analysis, self.search_query, palette)
        lines = text.wrap(console, max(1, width - GUTTER_WIDTH), overflow="fold")
        glyph = KIND_BARS[row.kind] if self.show_kinds else " "
        bar = Style.parse(bar_style(getattr(palette, _BAR_STYLE.get(row.kind, "noise"))))

        def make(number: int, line: Text) -> Strip:
            if number == 0:
                line_text = gutter(row, palette)
            else:
                line_text = Text(" ")  # the bar stands under the mark, clear of the border
                line_text.append(glyph, style=bar)
                line_text.append(" " * (GUTTER_WIDTH - 2))
            line_text.append_text(line)
            line_text.end = ""
            return Strip(list(line_text.render(console))).adjust_cell_length(width)

        wrapped = WrappedRow(list(lines), make, Strip.blank(width) if row.paragraph_start else None)
        self._wrapped[index] = wrapped
        return wrapped

    def _row_strip(self, index: int, number: int, state: str | None = None) -> Strip | None:
        """Line `number` of row `index` styled for its state (its current one unless `state`
        is given) and the pane's style; None past the row's end. Each line is styled when it
        is first drawn, not the whole row at once: a 2 MB one-sentence article is a row of
        70,000 lines, which took 5-7 s to style each time the cursor came onto it or left."""
        state = self._state(index) if state is None else state
        base = self._base
        key = (index, state, base)
        styled = self._strips.get(key)
        lines = self._row_lines(index)
        if styled is None:
            styled = self._strips[key] = (self._row_style(self._rows[index], state), {})
        row_style, done = styled
        strip = done.get(number)
        if strip is None:
            if number >= len(lines):
                return None
            line = lines.line(number)
            if number == 0 and self._rows[index].paragraph_start:
                strip = line.apply_style(base)  # the blank line above a paragraph: no state's
            else:
                strip = line.apply_style(row_style).apply_style(base)
            done[number] = strip
        return strip

    def _prefetch(self) -> None:
        """Between keys, wrap the rows not drawn yet, nearest the screen first, and style
        them as plain rows: a key that brings a claim elsewhere in the article on screen
        then only paints (building a row costs ~0.4 ms, a screenful of new rows in four
        panes ~18 ms, more than a frame). A slice of a few milliseconds at a time, so a key
        waits for at most one slice."""
        if not self._rows or not self._layout_width or not self.display:
            self._stop_prefetch()
            return
        now = perf_counter()
        if now < self._prefetch_from or now - _prefetched[0] < PREFETCH_PAUSE:
            return  # another pane's slice ran just now: one slice per pause, all panes
        _prefetched[0] = now
        if not self._prefetch_order:
            here = self.row_at(round(self.scroll_offset.y)) or 0
            order = sorted(range(len(self._rows)), key=lambda i: abs(i - here))
            self._prefetch_order = order[:PREFETCH_ROWS][::-1]  # popped from the end
        deadline = now + PREFETCH_SLICE
        edges = self._edges.get(self._last_styling) if self._last_styling is not None else None
        order = self._prefetch_order
        while order and perf_counter() < deadline:
            index = order.pop()
            if self._heights[index] > PREFETCH_LINES and index not in self._wrapped:
                continue  # a huge row: wrapped when it comes on screen, not in one slice
            for number in range(min(PREFETCH_LINES, self._heights[index])):
                strip = self._row_strip(index, number, PLAIN)
                if edges is not None and strip is not None:
                    _left, _right, filters, background = edges
                    for line_filter in filters:
                        strip = strip.apply_filter(line_filter, background)
        if not order:
            self._stop_prefetch()

    def _start_prefetch(self) -> None:
        self._prefetch_order = []
        if self._prefetch_timer is None and self.is_mounted:
            self._prefetch_timer = self.set_interval(PREFETCH_PAUSE, self._prefetch)

    def _stop_prefetch(self) -> None:
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
            self._prefetch_timer = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """The pane's lines as painted (border, background and the app's colour filters on).

        Textual paints every line of a pane that scrolls anew through its styles cache,
        ~75 µs a line: 3-4 ms for each pane that follows the cursor, most of a key's frame.
        A painted line depends only on what it shows (row, state, line of the row, the scroll
        bar's cell) and on how the pane is styled, so lines are kept by those (`_painted`),
        and a line not painted before is the content between the two border cells that
        Textual painted on a line of the same styling (`_edges`), ~10 µs."""
        self._lay_out()
        self._settle_screen()
        self._update_styling()
        self._screen_height = self.scrollable_content_region.height
        width, height = self.outer_size
        if crop.column_span != (0, width) or not height:
            return super().render_lines(crop)
        context = self._last_styling = self._styling
        top, bottom = self.styles.gutter.top, height - self.styles.gutter.bottom
        scroll = round(self.scroll_offset.y)
        first, last = max(top, crop.y), min(bottom, crop.bottom)
        keys = self._line_keys(first - top, max(0, last - first), scroll)
        lines: list[Strip] = []
        for y in crop.line_range:
            if top <= y < bottom:
                key = keys[y - first]
                painted = self._painted.get((context, key))
                if painted is None:
                    painted = self._paint_content(y, key, context)
            else:  # a border line with the title or the subtitle
                label = self._border_title if y < top else self._border_subtitle
                edge_key = (context, ("edge", y, label))
                painted = self._painted.get(edge_key)
                if painted is None:
                    painted = self._painted[edge_key] = self._paint_by_textual(y)
            lines.append(painted)
        return lines

    def _paint_by_textual(self, y: int) -> Strip:
        """Line `y` as Textual paints it (its styles cache keeps lines by screen line only,
        so the line is marked dirty first)."""
        region = Region(0, y, self.outer_size.width, 1)
        self._styles_cache.set_dirty(region)
        return super().render_lines(region)[0]

    def _paint_content(self, y: int, key: LineKey, context: int) -> Strip:
        """A content line not painted before: composed from the border cells when this
        styling has been seen, else painted by Textual (and its border cells kept, once the
        composed line is checked to be exactly Textual's)."""
        edges = self._edges.get(context)
        if edges is not None:
            left, right, filters, background = edges
            strip, mark = self._content_parts(key)
            for line_filter in filters:  # a strip keeps what a filter made of it
                strip = strip.apply_filter(line_filter, background)
                mark = mark.apply_filter(line_filter, background)
            painted = Strip([left, *strip, *mark, right], strip.cell_length + 3)
        else:
            content = self.render_line_of(key)
            painted = self._paint_by_textual(y)
            self._learn_edges(context, content, painted)
        self._painted[(context, key)] = painted
        return painted

    def _learn_edges(self, context: int, content: Strip, painted: Strip) -> None:
        """Keep the border cells of a line Textual painted, when composing the same content
        between them gives exactly that line (a plain rounded border, nothing else drawn on
        the content: no padding, tint, opacity or hatching)."""
        styles = self.styles
        plain = (
            styles.padding == (0, 0, 0, 0)
            and not styles.tint.a
            and self.opacity == 1
            and styles.text_opacity == 1
            and not styles.has_rule("hatch")
            and all(not edge for edge, _ in styles.outline)
            and content.cell_length == self.scrollable_content_region.width
        )
        segments = list(painted)
        if not plain or len(segments) < 3:
            return
        left, right = segments[0], segments[-1]
        background = self.background_colors[1]
        filters = tuple(self.get_line_filters())
        composed = content
        for line_filter in filters:
            composed = composed.apply_filter(line_filter, background)
        if [left, *composed, right] == segments:
            self._edges[context] = (left, right, filters, background)

    def _paint_context(self) -> int:
        """Everything apart from the content that a painted line depends on, as a number (a
        key hashed for every line on screen is better short)."""
        styles = self.styles
        app = self.app
        context = (
            self.outer_size,
            self.has_focus,
            app.theme,
            styles.border,
            styles.gutter,
            styles.border_title_color,
            styles.border_subtitle_color,
            styles.border_title_style,
            styles.border_title_align,
            styles.border_subtitle_align,
            self.background_colors,
            self.opacity,
            self._base,
            app.ansi_theme,
            app.native_ansi_color,
            tuple(self.get_line_filters()),
        )
        return self._contexts.setdefault(context, len(self._contexts))

    def _update_styling(self) -> None:
        """The widget's Rich style and the paint context, recomputed only when a style of the
        pane or of an ancestor changed, or the theme or the size: Textual works both out from
        every ancestor's styles each time it is asked, ~75 µs a pane and five panes a key."""
        app = self.app
        key = (
            tuple(node.styles._cache_key for node in self.ancestors_with_self),
            self.outer_size,
            self.has_focus,
            app.theme,
            app.ansi_theme,
            app.native_ansi_color,
            tuple(self.get_line_filters()),
        )
        if key != self._styling_key:
            self._base = self.rich_style
            self._styling = self._paint_context()
            self._styling_key = key

    def _line_keys(self, first: int, count: int, scroll: int) -> list[LineKey]:
        """`_line_key` for `count` content lines from `first`, found in one walk down the
        rows (a search for each line cost ~2 µs, a screenful of five panes 0.5 ms)."""
        tops = self._tops
        total = tops[-1] if self._heights else 0
        thumb = self._thumb_span(scroll)
        keys: list[LineKey] = []
        index = self.row_at(scroll + first)
        for y in range(first, first + count):
            line = scroll + y
            in_thumb = thumb[0] <= y < thumb[1]
            if index is None or line >= total:
                keys.append((-1, PLAIN, 0, in_thumb))
                continue
            while tops[index + 1] <= line:
                index += 1
            keys.append((index, self._state(index), line - tops[index], in_thumb))
        return keys

    def _line_key(self, y: int, scroll: int | None = None) -> LineKey:
        """Content line `y` on screen as (row, state, line of the row, thumb); row -1 below
        the last one."""
        if scroll is None:
            scroll = round(self.scroll_offset.y)
        line = scroll + y
        index = self.row_at(line)
        thumb = self._thumb_at(y, scroll)
        if index is None:
            return (-1, PLAIN, 0, thumb)
        return (index, self._state(index), line - self._tops[index], thumb)

    def render_line(self, y: int) -> Strip:
        return self.render_line_of(self._line_key(y))

    def render_line_of(self, key: LineKey) -> Strip:
        """The content line `key` names, with its scroll-bar cell."""
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        strip, mark = self._content_parts(key)
        joined = Strip([*strip, *mark], strip.cell_length + 1)
        self._lines[key] = joined
        return joined

    def _content_parts(self, key: LineKey) -> tuple[Strip, Strip]:
        """A content line as the row's line and the scroll bar's cell beside it."""
        index, _state, number, thumb = key
        strip = self._row_strip(index, number) if index >= 0 else None
        if strip is None:
            strip = Strip.blank(self._width, self._base)
        marks = self._marks.get(self._base)
        if marks is None:
            marks = self._marks[self._base] = (
                Strip([Segment(" ", self._base)], 1),
                Strip([Segment("┃", self._base + self._thumb_style)], 1),
            )
        return strip, marks[thumb]

    def _thumb_at(self, y: int, scroll: int) -> bool:
        """Whether screen line `y` is in the scroll bar's thumb (where the screenful stands)."""
        start, end = self._thumb_span(scroll)
        return start <= y < end

    def _thumb_span(self, scroll: int) -> tuple[int, int]:
        """The screen lines the scroll bar's thumb covers, as a range's start and end."""
        height = self._screen_height
        total = self._tops[-1] if self._heights else 0
        if total <= height or height <= 0:
            return (0, 0)
        size = max(1, round(height * height / total))
        start = round(scroll * (height - size) / max(1, total - height))
        return (start, start + size)

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._heights):
            self.refresh_lines(self._tops[index], self._heights[index])

    def _laid_out(self, then: Callable[[], object]) -> bool:
        """True when the pane has a layout; else `then` runs once it has one (a pane just
        shown has no width until the next layout)."""
        self._lay_out()
        if self._layout_width:
            return True
        self._pending.append(then)
        return False

    def on_resize(self) -> None:
        self._lay_out()

    def on_show(self) -> None:
        self._start_prefetch()

    def watch_has_focus(self, has_focus: bool) -> None:
        """Textual restyles a widget from the whole stylesheet when its focus changes, ~1 ms
        a pane and two panes a key: the focused look is three styles, set here instead."""
        self.show_focus(has_focus)

    def show_focus(self, has_focus: bool) -> None:
        """Draw the pane focused (the `source-pane--focused` look) or not (its own CSS)."""
        styles = self.styles
        if has_focus:
            look = self.get_component_styles("source-pane--focused")
            for name in self.FOCUS_STYLES:
                setattr(styles, name, getattr(look, name))
        else:
            for name in self.FOCUS_STYLES:
                setattr(styles, name, None)

    def on_focus(self) -> None:
        self._refresh_row(self.cursor)

    def on_blur(self) -> None:
        self._refresh_row(self.cursor)

    # -- the cursor -------------------------------------------------------------------------

    def move_to(
        self, index: int, announce: bool = True, *, scroll: bool = True, from_below: bool = False
    ) -> None:
        """Put the cursor on row `index`, scroll it into view (unless the caller has: `scroll`
        False) and tell the screen. `from_below`: see `scroll_to_row`."""
        rows = self._rows
        if not rows:
            return
        previous = self.cursor
        self.cursor = max(0, min(index, len(rows) - 1))
        self.lined_up = None
        if self._laid_out(lambda: self.scroll_to_row(self.cursor, from_below)):
            self._refresh_row(previous)
            if scroll:
                self.scroll_to_row(self.cursor, from_below)
            self._refresh_row(self.cursor)
        if announce and self.on_cursor is not None:
            self.on_cursor(self)

    def scroll_to_row(self, index: int, from_below: bool = False) -> None:
        """Scroll the least that shows the whole row. A row taller than the pane shows its top,
        or, reached `from_below` (the wheel going up), its end, to be read upwards from there
        (left where it is when its end is on screen already)."""
        self._lay_out()
        if not self._heights:
            return
        region = self.row_region(index)
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if region.height > height and from_below:
            if not top < region.bottom <= top + height:
                self.scroll_to(y=region.bottom - height, animate=False, force=True)
        elif region.y < top or region.height > height:
            self.scroll_to(y=region.y, animate=False, force=True)
        elif region.bottom > top + height:
            self.scroll_to(y=region.bottom - height, animate=False, force=True)

    def _scroll_within(self, direction: int, lines: int) -> bool:
        """Scroll `lines` further into the cursor's row when it is taller than the pane and
        goes on past the screen's edge that way (a 2 MB one-sentence article is one row):
        the cursor stays on it. False, scrolling nothing, when the row's end (its start,
        going up) is on screen: the key moves the cursor on."""
        if not self._heights or not self._layout_width:
            return False
        region = self.row_region(self.cursor)
        height = self.scrollable_content_region.height
        top = round(self.scroll_offset.y)
        if region.height <= height:
            return False
        if direction > 0:
            goes_on = region.y < top + height < region.bottom
        else:
            goes_on = region.y < top < region.bottom
        if not goes_on:
            return False
        self.scroll_to(y=max(0, top + direction * lines), animate=False, force=True)
        return True

    def take_focus_cursor(self) -> None:
        """As the pane gains focus: its cursor on the row it was lined up on (the claim the
        reader was on, as a diff tool keeps the line), else on the first row in view when the
        cursor has scrolled out of it."""
        if self.lined_up is not None:
            self.move_to(self.lined_up, announce=False)
        elif self._heights and self._layout_width:
            top = round(self.scroll_offset.y)
            region = self.row_region(self.cursor)
            if region.bottom <= top or region.y >= top + self.scrollable_content_region.height:
                first = self.row_at(top)
                if first is not None:
                    if self.row_region(first).y < top and first + 1 < len(self._rows):
                        first += 1  # the first row whose top is in view
                    self.move_to(first, announce=False)

    def line_up(self, index: int, row_on_screen: int) -> None:
        """Scroll so row `index` stands `row_on_screen` lines below the pane's top."""
        self.lined_up = index
        if self._laid_out(lambda: self.line_up(index, row_on_screen)) and self._heights:
            self.scroll_to(
                y=max(0, self.row_region(index).y - row_on_screen), animate=False, force=True
            )

    def reach(self, index: int) -> tuple[int, int] | None:
        """The lines below the pane's top at which row `index` can be scrolled to stand (a
        row near the article's start cannot stand low, one near its end cannot stand high),
        or None before the pane has a layout."""
        if not self._layout_width or not self._heights:
            return None
        top = self.row_region(index).y
        most = max(0, self._tops[-1] - self.scrollable_content_region.height)
        return (top - most, top)

    def cursor_on_screen(self) -> int:
        """How far below the pane's top the cursor's row stands."""
        if not self._layout_width or not self._heights:
            return 0
        return self.row_region(self.cursor).y - round(self.scroll_offset.y)

    def index_of_passage(self, passage_id: str) -> int | None:
        """The row showing the passage; known before the pane is first shown."""
        if not self._index_of:
            self._index_of = {
                passage.id: index for index, row in enumerate(self.rows) for passage in row.passages
            }
        return self._index_of.get(passage_id)

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_edge(self, end: int) -> None:
        self.move_to(len(self._rows) - 1 if end else 0)

    def action_page(self, direction: int) -> None:
        """A page down keeps the cursor where it stands on screen, like less. A row taller
        than the pane is read a screenful at a time, the cursor staying on it until its end
        (going up: its start) is on screen; the next page moves on, never past a line not
        shown."""
        if not self._rows or not self._laid_out(lambda: self.action_page(direction)):
            return
        height = self.scrollable_content_region.height
        page = max(1, height - 1)
        if self._scroll_within(direction, page):
            return
        top = round(self.scroll_offset.y)
        region = self.row_region(self.cursor)
        on_screen = max(0, min(region.y - top, height - 1))  # a tall row's top may be above
        line = top + on_screen + direction * page
        index = self.row_at(max(0, min(line, self._tops[-1] - 1)))
        if index is None or (index - self.cursor) * direction <= 0:
            index = max(0, min(len(self._rows) - 1, self.cursor + direction))
        target = self.row_region(index)
        if target.height <= height:
            self.scroll_to(y=max(0, target.y - on_screen), animate=False, force=True)
            self.move_to(index)
        elif direction > 0:  # a tall row from its top, where the cursor stood
            self.scroll_to(y=max(0, target.y - on_screen), animate=False, force=True)
            self.move_to(index, scroll=False)
        else:  # a tall row: the screenful above (its end was on this one), read upwards
            y = min(top - page, target.bottom - height)
            self.scroll_to(y=max(0, y), animate=False, force=True)
            self.move_to(index, scroll=False)

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
        rows = self._rows
        indexes = (
            range(self.cursor + 1, len(rows)) if direction > 0 else range(self.cursor - 1, -1, -1)
        )
        for index in indexes:
            if test(rows[index]):
                self.move_to(index)
                return
        self.app.bell()
        self.notify(f"No {'next' if direction > 0 else 'previous'} {kind} in this source.")

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        """The wheel moves the cursor, so the other panes follow as they do for j/k; in a row
        taller than the pane it scrolls the row first, as pgdn does."""
        event.stop()
        if not self._scroll_within(1, WHEEL_LINES):
            self.move_to(self.cursor + 1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        if not self._scroll_within(-1, WHEEL_LINES):
            self.move_to(self.cursor - 1, from_below=True)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the passage under the mouse; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.row_at(round(self.scroll_offset.y) + offset.y)
        if index is None:
            return
        self.focus()
        self.clicked = True  # the screen lines the others up without moving this pane
        try:
            self.move_to(index)
        finally:
            self.clicked = False
        if event.chain >= 2:
            self.action_detail()

    def action_detail(self) -> None:
        from tui.app.screens.claim import ClaimScreen

        current = self.current
        if current is not None and not current.collapsed_noise:
            self.app.push_screen(ClaimScreen(self.view, current))

    # -- what the screen changes ------------------------------------------------------------

    def _redraw(self) -> None:
        self._forget_drawn()
        self._exact = [False] * len(self._rows)
        self.refresh()

    def set_expand_noise(self, expand: bool) -> None:
        """Rebuild the rows with noise folded or not, keeping the cursor on the same passage."""
        self.expand_noise = expand
        if not self.loaded:
            self._rows, self._index_of = [], {}
            return
        current = self.current
        passage_id = current.first.id if current else None
        on_screen = self.cursor_on_screen()
        self._build_rows()
        self._lay_out()
        index = self.index_of_passage(passage_id) if passage_id else None
        self.cursor = index or 0
        if self._heights:
            self.line_up(self.cursor, on_screen)
        self.refresh()

    def restyle(self) -> None:
        """Redraw every row with the view's current palette (a new theme), and the focused
        look in the new theme's colours."""
        if self.has_focus:
            self.show_focus(True)
        self._redraw()

    def set_pinned(self, pinned: bool) -> None:
        if pinned != self.pinned:
            self.pinned = pinned
            self.border_title = self.title_content()

    def set_kinds(self, show: bool) -> None:
        self.show_kinds = show
        self._redraw()

    def set_show_weak(self, show: bool) -> None:
        self.show_weak = show
        self._redraw()

    def set_search(self, query: str) -> None:
        """Mark the search's matches; only rows that gain or lose one are redrawn."""
        previous, self.search_query = self.search_query, query
        for index, row in enumerate(self._rows):
            texts = [p.text for p in row.passages]
            if any(matches(t, previous) or matches(t, query) for t in texts):
                self._wrapped.discard(index)
                for state in (CURSOR, LINKED, WEAK, PLAIN):
                    self._strips.discard((index, state, self._base))
                self._lines.clear()
                self._painted.clear()
                if self._exact:
                    self._exact[index] = False
        self.refresh()

    def highlight_members(self, members: list[tuple[str, float]]) -> tuple[int | None, bool]:
        """Mark every passage of this outlet in the cursor's claim; weak ones (under
        WEAK_LINK) only when `show_weak`. Returns the row to line up with the cursor (the
        first one drawn as a counterpart) and whether this outlet has only weak members."""
        strong: list[int] = []
        weak: list[int] = []
        for passage_id, strength in members:
            index = self._index_of.get(passage_id)
            if index is not None:
                (strong if strength >= WEAK_LINK else weak).append(index)
        changed = set(self.linked) ^ set(strong) | set(self.weak_linked) ^ set(weak)
        self.linked, self.weak_linked = strong, weak
        for index in changed:
            self._refresh_row(index)
        shown = strong or (weak if self.show_weak else [])
        return (shown[0] if shown else None), bool(weak) and not strong


# Which palette style each kind's gutter bar takes.
_BAR_STYLE = {
    RowKind.SHARED: "shared",
    RowKind.UNIQUE: "unique",
    RowKind.DIVERGING: "number_diverge",
    RowKind.QUOTE: "quote_diff",
}
