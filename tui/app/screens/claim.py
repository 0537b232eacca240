"""Claim detail: every outlet's wording of one claim stacked, with differences and numbers."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.app.story_view import Row, StoryView, body, literal, outlet_label
from tui.engine.quantities import format_normalized
from tui.engine.quotes import word_diff
from tui.model import FindingKind, Passage


class ClaimScreen(ModalScreen[None]):
    """Opened on the cursor's passage; compares the others against that wording."""

    DEFAULT_CSS = """
    ClaimScreen { align: center middle; }
    ClaimScreen #claim {
        width: 95%; max-width: 110; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    ClaimScreen .version { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "dismiss", "Close", id="claim.close"),
    ]

    def __init__(self, view: StoryView, row: Row) -> None:
        super().__init__()
        self.view = view
        self.row = row

    def compose(self) -> ComposeResult:
        analysis = self.view.analysis
        chosen = self.row.first
        cluster = next((c for c in analysis.clusters if c.id == self.row.cluster), None)
        members = [analysis.passage(p) for p in cluster.passages] if cluster else [chosen]
        carried = {p.source for p in members}
        scroll = VerticalScroll(id="claim")
        count = len(carried)
        similarity = f" · similarity {cluster.score:.2f}" if cluster else ""
        scroll.border_title = Content(
            f"{'claim ' + cluster.id if cluster else 'passage'} · "
            f"{count} of {len(analysis.sources)} outlets{similarity}"
        )
        with scroll:
            for source in analysis.sources:
                passages = [p for p in members if p.source == source.id]
                if not passages:
                    line = Text(outlet_label(source), style="bold dim")
                    line.append("  not in this outlet", style="dim italic")
                    yield Static(line, classes="version")
                    continue
                for passage in passages:
                    yield Static(self._version(passage, chosen), classes="version")
        yield Footer()

    def _version(self, passage: Passage, chosen: Passage) -> RenderableType:
        heading = Text(outlet_label(self.view.analysis.source(passage.source)), style="bold")
        if passage.id == chosen.id:
            heading.append("  (this wording)", style="dim")
        row = Row(
            (passage,),
            cluster=self.row.cluster,
            findings=tuple(self.view.findings_of.get(passage.id, ())),
        )
        text = body(row, self.view.analysis, palette=self.view.palette)
        if passage.id != chosen.id:
            _mark_changed_words(text, chosen.text, passage.text)
        parts: list[RenderableType] = [heading, text]
        for finding in row.findings:
            if finding.kind is not FindingKind.NUMBER:
                continue
            for value in finding.values:
                if value.passage == passage.id and value.quantity is not None:
                    number = Text("  ")
                    number.append(literal(value.surface), style="bold")
                    number.append(f" = {literal(format_normalized(value.quantity))}")
                    if finding.consistent is False:
                        number.append("  disagrees", style=self.view.palette.number_diverge)
                    parts.append(number)
        return Group(*parts)


def _mark_changed_words(text: Text, reference: str, wording: str) -> None:
    """Underline (italic too, for monochrome) the words this wording does not share."""
    runs = word_diff(reference, wording)
    joined = "".join(run.b for run in runs)
    position = wording.find(joined) if joined else -1
    if position < 0:
        return
    for run in runs:
        if run.op != "equal" and run.b.strip():
            lead = len(run.b) - len(run.b.lstrip())
            text.stylize("italic underline", position + lead, position + len(run.b.rstrip()))
        position += len(run.b)
