"""Coverage matrix: which outlet carries which claim, sortable by how many carry it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.app.story_view import literal
from tui.engine.findings import summarise
from tui.model import Analysis, Cluster


class MatrixScreen(Screen[str | None]):
    """Dismisses with the chosen claim's cluster id, so the reader can jump to it."""

    DEFAULT_CSS = """
    MatrixScreen #matrix-title { height: 1; padding: 0 1; background: $primary-background; }
    MatrixScreen DataTable { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="matrix.back"),
        Binding("s", "toggle_sort", "Sort", id="matrix.sort"),
        Binding("j", "table('down')", "Next claim", show=False, id="matrix.down"),
        Binding("k", "table('up')", "Previous claim", show=False, id="matrix.up"),
    ]

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis
        self.by_count = True

    def compose(self) -> ComposeResult:
        yield Static(id="matrix-title")
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(Text("claim"), key="claim")
        table.add_column(Text("#"), key="count")
        for number, source in enumerate(self.analysis.sources, start=1):
            table.add_column(Text(str(number % 10)), key=source.id)
        table.add_column(Text("first wording"), key="wording")
        self._fill()

    def ordered(self) -> list[Cluster]:
        clusters = list(self.analysis.clusters)
        if self.by_count:
            return sorted(clusters, key=lambda c: -len(set(c.sources)))  # stable: story order
        return clusters

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for cluster in self.ordered():
            marks = [
                Text(
                    "●" if s.id in cluster.sources else "·",
                    style="bold" if s.id in cluster.sources else "dim",
                )
                for s in self.analysis.sources
            ]
            wording = summarise(self.analysis.passage(cluster.passages[0]).text, 70)
            table.add_row(
                Text(cluster.id),
                Text(str(len(set(cluster.sources)))),
                *marks,
                Text(literal(wording)),
                key=cluster.id,
            )
        order = "by how many outlets carry it" if self.by_count else "in story order"
        title = f"{len(self.analysis.clusters)} shared claims, {order} (s: sort, enter: jump)"
        self.query_one("#matrix-title", Static).update(Text(title))

    def action_toggle_sort(self) -> None:
        self.by_count = not self.by_count
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
        self.dismiss(event.row_key.value)
