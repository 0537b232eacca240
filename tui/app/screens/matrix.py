"""Coverage matrix: which outlet carries which claim, sortable by how many carry it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.app.story_view import abbreviations, literal, outlet_label
from tui.engine.findings import summarise
from tui.model import Analysis, Cluster
from tui.report.counts import plural
from tui.report.leans import claim_leans, has_leans

TOTALS = "totals"  # the key of the fixed first row
LEANS_WIDTH = 14
# The known leans, short: a column of "L1 C2 R1" reads as a bias bar per claim.
_SHORT_LEANS = {"left": "L", "lean-left": "LL", "center": "C", "lean-right": "LR", "right": "R"}


def lean_summary(analysis: Analysis, cluster: Cluster) -> str:
    """ "L1 C2 R1": how many of the claim's outlets are of each lean, left to right."""
    return " ".join(
        f"{_SHORT_LEANS.get(lean.casefold(), lean[:6])}{count}"
        for lean, count in claim_leans(analysis, cluster).items()
    )


class MatrixScreen(Screen[str | None]):
    """Dismisses with the chosen claim's cluster id, so the reader can jump to it."""

    DEFAULT_CSS = """
    MatrixScreen #matrix-title { height: 1; padding: 0 1; background: $primary-background; }
    MatrixScreen DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="matrix.back"),
        Binding("s", "toggle_sort", "Sort", id="matrix.sort"),
        Binding(
            "v",
            "toggle_marked",
            "Marked only",
            tooltip="Show only the claims you marked or noted, or every claim",
            id="matrix.marked",
        ),
        Binding("j", "table('down')", "Next claim", show=False, id="matrix.down"),
        Binding("k", "table('up')", "Previous claim", show=False, id="matrix.up"),
    ]

    def __init__(self, analysis: Analysis, marked: set[str] | None = None) -> None:
        """`marked`: the ids of the claims that carry a mark or a note."""
        super().__init__()
        self.analysis = analysis
        self.by_count = True
        self.marked = marked or set()
        self.marked_only = False

    def compose(self) -> ComposeResult:
        yield Static(id="matrix-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, fixed_rows=1)
        yield Footer()

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self) -> None:
        self._fill()

    def ordered(self) -> list[Cluster]:
        clusters = list(self.analysis.clusters)
        if self.marked_only:
            clusters = [c for c in clusters if c.id in self.marked]
        if self.by_count:
            return sorted(clusters, key=lambda c: -len(set(c.sources)))  # stable: story order
        return clusters

    def _fill(self) -> None:
        """Columns: claim, how many carry it, one per outlet (its abbreviation), then the
        wording in all the width left. The first row, fixed, is each outlet's total."""
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        sources = self.analysis.sources
        short = abbreviations(sources)
        width = self.size.width or self.app.size.width
        used = sum(len(s) + 2 for s in short) + 10 + 5 + 4  # outlets, claim id, count, padding
        leans = has_leans(self.analysis)  # then a column of the leans carrying each claim
        if leans:
            used += LEANS_WIDTH + 2
        wording_width = max(20, width - used)
        table.add_column(Text("claim"), key="claim")
        table.add_column(Text("#"), key="count")
        if leans:
            table.add_column(Text("leans"), key="leans", width=LEANS_WIDTH)
        for label, source in zip(short, sources, strict=True):
            table.add_column(Text(label), key=source.id)
        table.add_column(Text("first wording"), key="wording", width=wording_width)
        totals = [
            Text(str(sum(1 for c in self.analysis.clusters if s.id in c.sources)), style="bold")
            for s in sources
        ]
        table.add_row(
            Text("total", style="bold"),
            Text(""),
            *([Text("")] if leans else []),
            *totals,
            Text("claims each outlet carries", style="italic"),
            key=TOTALS,
        )
        shown = self.ordered()
        for cluster in shown:
            marks = [
                Text(
                    "●" if s.id in cluster.sources else "·",
                    style="bold" if s.id in cluster.sources else "",
                )
                for s in sources
            ]
            wording = summarise(self.analysis.passage(cluster.passages[0]).text, wording_width)
            carried = [Text(literal(lean_summary(self.analysis, cluster)))] if leans else []
            table.add_row(
                Text(cluster.id),
                Text(str(len(set(cluster.sources)))),
                *carried,
                *marks,
                Text(literal(wording)),
                key=cluster.id,
            )
        table.move_cursor(row=max(1, cursor))  # the first claim, not the totals
        order = "by how many outlets carry it" if self.by_count else "in story order"
        which = (
            plural(len(shown), "marked claim")
            if self.marked_only
            else f"{len(self.analysis.clusters)} shared claims"
        )
        title = Text(f"{which}, {order} (s: sort, v: marked only, enter: jump)")
        legend = ", ".join(
            f"{label} {outlet_label(source)}"
            for label, source in zip(short, sources, strict=True)
            if label != outlet_label(source)
        )
        if leans:  # before the outlets' names, which may run past the edge
            title.append("   leans: " + ", ".join(f"{v} {k}" for k, v in _SHORT_LEANS.items()))
        if legend:
            title.append("   " + literal(legend))
        self.query_one("#matrix-title", Static).update(title)

    def action_toggle_sort(self) -> None:
        self.by_count = not self.by_count
        self._fill()

    def action_toggle_marked(self) -> None:
        if not self.marked and not self.marked_only:
            self.notify("No claim is marked yet (v, x or a in the reader).", timeout=3)
            return
        self.marked_only = not self.marked_only
        self._fill()

    def action_table(self, direction: str) -> None:
        """Vim keys for the table, which knows only the arrows."""
        table = self.query_one(DataTable)
        if direction == "down":
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value != TOTALS:
            self.dismiss(event.row_key.value)
