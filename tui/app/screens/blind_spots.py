"""Blind spots: the claims carried only by outlets of one lean (story.toml's `lean`), with
every claim's leans beside it, so what one side's readers never see stands out."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.story_view import literal
from tui.engine.findings import summarise
from tui.model import Analysis
from tui.report.counts import plural
from tui.report.leans import blind_spots, claim_leans


def leans_label(leans: dict[str, int]) -> str:
    """ "left 2 · center 1" """
    return " · ".join(f"{lean} {count}" for lean, count in leans.items())


class BlindSpotsScreen(Screen[str | None]):
    """Dismisses with the chosen claim's id, so the reader can jump to it."""

    DEFAULT_CSS = """
    BlindSpotsScreen #blind-title { height: auto; padding: 0 1; background: $primary-background; }
    BlindSpotsScreen OptionList { height: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "Back", id="blind.back"),
        Binding("j", "list('down')", "Next claim", show=False, id="blind.down"),
        Binding("k", "list('up')", "Previous claim", show=False, id="blind.up"),
    ]

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis
        self.claims = blind_spots(analysis)

    def compose(self) -> ComposeResult:
        leans = {s.lean for s in self.analysis.sources if s.lean}
        if len(leans) < 2:
            title = (
                "No blind spots to show: story.toml gives fewer than two leans "
                '([sources."file.txt"] lean = "left", "center", "right", ...).'
            )
        else:
            title = (
                f"{plural(len(self.claims), 'claim')} carried only by outlets of one lean "
                "(enter: jump, escape: back)"
            )
        yield Static(Content(title), id="blind-title")
        options = []
        for cluster in self.claims:
            wording = summarise(self.analysis.passage(cluster.passages[0]).text, 200)
            label = leans_label(claim_leans(self.analysis, cluster))
            options.append(Option(Content(literal(f"[{label}] {wording}")), id=cluster.id))
        yield OptionList(*options)
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_list(self, direction: str) -> None:
        option_list = self.query_one(OptionList)
        if direction == "down":
            option_list.action_cursor_down()
        else:
            option_list.action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
