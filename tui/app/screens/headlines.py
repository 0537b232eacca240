"""Every outlet's headline and lead side by side: framing is compared before anything else.

Words of a headline that no other outlet's headline uses are marked (the framing words:
"DESPERATION", "slams"), words every headline shares are listed once above, so what each
outlet chose to say stands out without reading every line.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.app.screens.escape import close_and_pass_on
from tui.app.story_view import Palette, literal, outlet_label
from tui.model import Analysis, PassageKind, Source

_WORD = re.compile(r"\w[\w'’-]*")
COLUMN_WIDTH = 30  # below this per outlet the headlines stack instead of standing side by side


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each word, so marks land on the original text."""
    return [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]


def lead(analysis: Analysis, source: Source) -> str:
    """The first sentence of reporting: the first body passage that is not the headline."""
    title = (source.title or "").strip().casefold()
    for passage in analysis.passages:
        is_body = passage.source == source.id and passage.kind is PassageKind.BODY
        if is_body and passage.text.strip().casefold() != title:
            return passage.text
    return ""


class HeadlinesScreen(Screen[None]):
    DEFAULT_CSS = """
    HeadlinesScreen #headlines-title { height: 1; padding: 0 1; background: $primary-background; }
    HeadlinesScreen #headlines { height: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,H,q", "dismiss", "Back", id="headlines.back"),
        Binding("j,down", "scroll(1)", "Scroll down", show=False, id="headlines.down"),
        Binding("k,up", "scroll(-1)", "Scroll up", show=False, id="headlines.up"),
    ]

    def __init__(self, analysis: Analysis, palette: Palette) -> None:
        super().__init__()
        self.analysis = analysis
        self.palette = palette
        headlines = [source.title or "" for source in analysis.sources]
        self.folded = [{w for _, _, w in words(h)} for h in headlines]
        counts: Counter[str] = Counter(w for found in self.folded for w in found)
        self.counts = counts
        with_headline = sum(1 for h in headlines if h)
        self.shared = sorted(w for w, n in counts.items() if n == with_headline and n > 1)

    def on_key(self, event: events.Key) -> None:
        """Escape then a quick key arrives as alt+key: close and pass the key on."""
        close_and_pass_on(self, event)

    def compose(self) -> ComposeResult:
        yield Static(id="headlines-title")
        with VerticalScroll(id="headlines"):
            yield Static(id="headlines-table")
        yield Footer()

    def on_mount(self) -> None:
        title = Text(f"Headlines of {len(self.analysis.sources)} outlets", style="bold")
        title.append("   ")
        title.append("marked", style=self.palette.unique)
        title.append(": words only that outlet's headline uses")
        if self.shared:
            title.append("   in every headline: ")
            title.append(literal(" ".join(self.shared)))
        self.query_one("#headlines-title", Static).update(title)
        self._fill(self.size.width or self.app.size.width)

    def on_resize(self, event: Resize) -> None:
        self._fill(event.size.width)

    def marked_headline(self, source: Source) -> Text:
        headline = source.title or ""
        if not headline:
            return Text("(no headline)", style="italic")
        text = Text(literal(headline), style="bold")
        for start, end, word in words(headline):
            if self.counts[word] == 1 and len(self.analysis.sources) > 1:
                text.stylize(self.palette.unique, start, end)
        return text

    def _fill(self, width: int) -> None:
        sources = self.analysis.sources
        side_by_side = len(sources) > 1 and width // max(1, len(sources)) >= COLUMN_WIDTH
        table = Table(box=None, expand=True, show_header=side_by_side, padding=(0, 1))
        if side_by_side:
            for number, source in enumerate(sources, start=1):
                header = Text(f"{number} {outlet_label(source)} · {source.date or 'no date'}")
                header.no_wrap, header.overflow = True, "ellipsis"
                table.add_column(header, ratio=1, overflow="fold")
            table.add_row(*[self.marked_headline(s) for s in sources])
            table.add_row(*[Text("") for _ in sources])
            table.add_row(*[Text(literal(lead(self.analysis, s))) for s in sources])
        else:
            table.add_column(ratio=1, overflow="fold")
            for number, source in enumerate(sources, start=1):
                table.add_row(
                    Text(f"{number} {outlet_label(source)} · {source.date or 'no date'}", "bold")
                )
                table.add_row(self.marked_headline(source))
                table.add_row(Text(literal(lead(self.analysis, source)), style="italic"))
                table.add_row(Text(""))
        self.query_one("#headlines-table", Static).update(table)

    def action_scroll(self, direction: int) -> None:
        self.query_one("#headlines", VerticalScroll).scroll_relative(y=direction, animate=False)
