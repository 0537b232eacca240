"""The legend and every key, listed from the bindings themselves so help never drifts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.screens.escape import close_and_pass_on
from tui.app.story_view import (
    DEFAULT_PALETTE,
    KIND_BARS,
    LEGEND,
    MARK_GLYPHS,
    Palette,
    RowKind,
    bar_style,
)
from tui.model import WEAK_LINK


@dataclass(frozen=True)
class HelpEntry:
    keys: str
    description: str
    binding_id: str


# What the whole-passage colouring (c) and its bars mean, beside the gutter's marks.
KIND_MEANINGS = (
    (RowKind.SHARED, "shared", "passage other outlets carry too"),
    (RowKind.UNIQUE, "unique", "passage only this outlet carries"),
    (RowKind.DIVERGING, "number_diverge", "passage with a number that disagrees"),
    (RowKind.QUOTE, "quote_diff", "passage quoting with other words"),
)


def legend(palette: Palette) -> Table:
    """Each mark and bar as the panes draw it, with what it means."""
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column(no_wrap=True, width=4)
    table.add_column()
    for mark, meaning, style in LEGEND:
        extra = f" (linked under {WEAK_LINK})" if "weak" in meaning else ""
        table.add_row(_styled(mark, getattr(palette, style)), Text(meaning + extra))
    table.add_row(Text(""), Text("Whole passages, by a bar down the gutter and a tint (c: off):"))
    for kind, style, meaning in KIND_MEANINGS:
        bar = _styled(KIND_BARS[kind], bar_style(getattr(palette, style)))
        tint = palette.tints.get(kind)
        if tint:
            bar.append("  ", style=tint)
        table.add_row(bar, Text(meaning))
    table.add_row(_styled("  ", palette.counterpart), Text("the cursor's claim in other panes"))
    meanings = {"verified": "you marked it verified (v)", "disputed": "disputed (x)"}
    for state, (glyph, style) in MARK_GLYPHS.items():
        meaning = meanings.get(state, "a note of yours on it (a)")
        table.add_row(_styled(glyph, f"bold {getattr(palette, style)}"), Text(meaning))
    return table


def _styled(mark: str, style: str) -> Text:
    """The mark alone in its style: a Text's own style would paint the cell's padding too."""
    text = Text()
    text.append(mark, style=style)
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help { width: 90%; max-width: 100; height: 90%; border: round $accent; background: $surface; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
        Binding("i", "toggle_ids", "Binding ids", id="help.toggle_ids"),
    ]

    def __init__(self, entries: list[HelpEntry], palette: Palette = DEFAULT_PALETTE) -> None:
        super().__init__()
        self.entries = entries
        self.palette = palette
        self.show_ids = False

    def on_key(self, event: events.Key) -> None:
        """Escape then a quick key arrives as alt+key: close and pass the key on."""
        close_and_pass_on(self, event)

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll(Static(self._content(), id="help-text"), id="help")
        scroll.border_title = "What the marks mean · keys  (i: binding ids · escape closes)"
        yield scroll

    def _content(self) -> Group:
        keys = Table(box=None, expand=True, show_header=True, header_style="bold")
        keys.add_column("keys", no_wrap=True)
        keys.add_column("does")
        if self.show_ids:
            keys.add_column("id (for [keys] in the config)", no_wrap=True)
        for entry in self.entries:
            row = [Text(entry.keys), Text(entry.description)]
            if self.show_ids:
                row.append(Text(entry.binding_id))
            keys.add_row(*row)
        return Group(
            Text("What the marks mean", style="bold"),
            legend(self.palette),
            Text(""),
            Text("Keys", style="bold"),
            keys,
        )

    def action_toggle_ids(self) -> None:
        self.show_ids = not self.show_ids
        self.query_one("#help-text", Static).update(self._content())
