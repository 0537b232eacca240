"""Every outlet's headline and lead side by side: framing is compared before anything else.

Words of a headline that no other outlet's headline uses are marked (the framing words:
"DESPERATION", "slams"), words every headline shares are listed once above, and a grid below
lines up the words several headlines share against the outlets that use them, so what each
outlet chose to say stands out without reading every line.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import ClassVar

from rich.console import Group
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
from tui.app.story_view import Palette, abbreviations, literal, outlet_label, plural
from tui.model import Analysis, PassageKind, Source

_WORD = re.compile(r"\w[\w'’]*")  # "Putin-Trump" is two words, as a reader sees them
COLUMN_WIDTH = 30  # below this per outlet the headlines stack instead of standing side by side
GRID_WORDS = 15  # rows of the word grid: the words most headlines share
# Words too common to tell framings apart; with words of one or two letters, left out of the grid.
_FUNCTION_WORDS = frozenset(
    (
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "after",
        "over",
        "into",
        "its",
        "his",
        "her",
        "their",
        "are",
        "was",
        "were",
        "will",
        "has",
        "have",
        "had",
        "but",
        "not",
        "who",
        "what",
        "when",
        "than",
        "then",
        "been",
        "being",
        "about",
    )
)


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
        self.without_headline = len(headlines) - with_headline

    def on_key(self, event: events.Key) -> None:
        """Escape then a quick key arrives as alt+key: close and pass the key on."""
        close_and_pass_on(self, event)

    def compose(self) -> ComposeResult:
        yield Static(id="headlines-title")
        with VerticalScroll(id="headlines"):
            yield Static(id="headlines-table")
        yield Footer()

    def on_mount(self) -> None:
        title = Text(f"Headlines of {plural(len(self.analysis.sources), 'outlet')}", style="bold")
        title.append("   ")
        title.append("marked", style=self.palette.unique)
        title.append(": words only that outlet's headline uses")
        if self.shared:
            # "Every headline" would read as every outlet's when some have none.
            none = self.without_headline
            title.append(
                f"   in every headline ({plural(none, 'outlet')} without one): "
                if none
                else "   in every headline: "
            )
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
                header = Text(_heading(source, number))
                header.no_wrap, header.overflow = True, "ellipsis"
                table.add_column(header, ratio=1, overflow="fold")
            table.add_row(*[self.marked_headline(s) for s in sources])
            table.add_row(*[Text("") for _ in sources])
            table.add_row(*[Text(literal(lead(self.analysis, s))) for s in sources])
        else:
            table.add_column(ratio=1, overflow="fold")
            for number, source in enumerate(sources, start=1):
                table.add_row(Text(_heading(source, number), "bold"))
                table.add_row(self.marked_headline(source))
                table.add_row(Text(literal(lead(self.analysis, source)), style="italic"))
                table.add_row(Text(""))
        self.query_one("#headlines-table", Static).update(Group(table, Text(""), self.word_grid()))

    def word_grid(self) -> Table:
        """The headline words two or more outlets use, one row each, a column per outlet:
        which outlets chose which words, aligned at a glance."""
        sources = self.analysis.sources
        # Most outlets first, ties in the order the words first appear (never hash order).
        seen = [w for s in sources for _, _, w in words(s.title or "")]
        first = {word: seen.index(word) for word in self.counts}
        shared = sorted(
            (
                w
                for w, n in self.counts.items()
                if n > 1 and len(w) > 2 and w not in _FUNCTION_WORDS
            ),
            key=lambda w: (-self.counts[w], first[w]),
        )[:GRID_WORDS]
        grid = Table(box=None, show_header=True, header_style="bold", padding=(0, 1))
        grid.add_column("headline words", no_wrap=True)
        for label in abbreviations(sources):
            grid.add_column(Text(label), justify="center", no_wrap=True)
        for word in shared:
            cells = [Text("●" if word in found else "·") for found in self.folded]
            grid.add_row(Text(literal(word)), *cells)
        if not shared:
            grid.add_row(Text("(no word is in two headlines)", style="italic"))
        return grid

    def action_scroll(self, direction: int) -> None:
        self.query_one("#headlines", VerticalScroll).scroll_relative(y=direction, animate=False)


def _heading(source: Source, number: int) -> str:
    return f"{number} {outlet_label(source, number)} · {source.date or 'no date'}"
