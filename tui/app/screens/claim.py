"""Claim detail: every outlet's wording of one claim stacked, with differences and numbers."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.app.screens.escape import close_and_pass_on
from tui.app.story_view import MARK_GLYPHS, Row, StoryView, body, literal, outlet_label
from tui.engine.findings import summarise
from tui.engine.quantities import format_normalized
from tui.engine.quotes import word_diff
from tui.model import WEAK_LINK, Cluster, FindingKind, Passage


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

    def on_key(self, event: events.Key) -> None:
        """Escape then a quick `j` arrives as alt+j: close the claim and move on."""
        close_and_pass_on(self, event)

    def compose(self) -> ComposeResult:
        analysis = self.view.analysis
        chosen = self.row.first
        cluster = self.view.clusters.get(self.row.cluster or "")
        members = [analysis.passage(p) for p in cluster.passages] if cluster else [chosen]
        carried = {p.source for p in members}
        scroll = VerticalScroll(id="claim")
        count = len(carried)
        similarity = f" · similarity {cluster.score:.2f}" if cluster else ""
        by_user = " · linked by hand" if cluster is not None and cluster.by_user else ""
        scroll.border_title = Content(
            f"{'claim ' + cluster.id if cluster else 'passage'} · "
            f"{count} of {len(analysis.sources)} outlets{similarity}{by_user}"
        )
        with scroll:
            yield from self._desk_lines(cluster)
            for source in analysis.sources:
                passages = sorted(
                    (p for p in members if p.source == source.id), key=lambda p: p.index
                )
                if not passages:
                    line = Text(outlet_label(source), style="bold")
                    line.append("  not in this outlet", style="italic")
                    yield Static(line, classes="version")
                    continue
                for passage in passages:
                    others = [m for m in members if m.id != passage.id]
                    yield Static(
                        self._version(passage, chosen, others, len(passages) > 1),
                        classes="version",
                    )
        yield Footer()

    def _desk_lines(self, cluster: Cluster | None) -> ComposeResult:
        """The user's mark and note on the claim, and which leans carry it."""
        members = cluster.passages if cluster is not None else (self.row.first.id,)
        line = next((self.view.mark_lines[p] for p in members if p in self.view.mark_lines), None)
        if line is not None:
            state = self.view.marks.get(members[0]) or self.view.marks.get(self.row.first.id)
            style = getattr(self.view.palette, MARK_GLYPHS[state][1]) if state else "bold"
            yield Static(Text(literal(line), style=f"bold {style}"), classes="version")
        if cluster is not None:
            from tui.report.leans import claim_leans

            leans = claim_leans(self.view.analysis, cluster)
            if leans:
                text = " · ".join(f"{lean} {n}" for lean, n in leans.items())
                yield Static(Text(literal(f"carried by leans: {text}")), classes="version")

    def _version(
        self, passage: Passage, chosen: Passage, others: list[Passage], repeated: bool
    ) -> RenderableType:
        analysis = self.view.analysis
        heading = Text(outlet_label(analysis.source(passage.source)), style="bold")
        if repeated:  # two passages of one outlet: where each stands tells them apart
            total = len(self.view.passages_of(analysis.source(passage.source)))
            heading.append(
                f"  sentence {passage.index + 1} of {total}, paragraph {passage.paragraph + 1}"
            )
        if passage.id == chosen.id:
            heading.append("  (this wording)", style="italic")
        cluster = self.view.clusters.get(self.row.cluster or "")
        if cluster is not None:
            strength = cluster.strength(passage.id)
            if strength < WEAK_LINK:
                heading.append(
                    f"  weak link {strength:.2f}", style=self.view.palette.number_diverge
                )
            else:
                heading.append(f"  link {strength:.2f}")
        row = Row(
            (passage,),
            cluster=self.row.cluster,
            findings=tuple(self.view.findings_of.get(passage.id, ())),
        )
        text = body(row, analysis, palette=self.view.palette)
        closest = closest_version(passage, others)
        if closest is not None:
            mark_changed_words(text, closest.text, passage.text)
        parts: list[RenderableType] = [heading, text]
        if closest is not None and len(others) > 1:
            where = outlet_label(analysis.source(closest.source))
            parts.append(Text(f"  marked: words not in the closest wording ({where})"))
        shown: set[tuple[int, int, bool]] = set()  # a mention two findings share: one line
        quoted: set[tuple[str, str, str]] = set()
        for finding in row.findings:
            for value in finding.values:
                if value.passage != passage.id:
                    continue
                seen = (value.start, value.end, finding.consistent is False)
                if finding.kind is FindingKind.NUMBER and seen in shown:
                    continue
                shown.add(seen)
                if finding.kind is FindingKind.QUOTE and value.speaker:
                    said = ("quote", value.speaker, value.surface)
                    if said in quoted:
                        continue  # one quotation in two findings: one line
                    quoted.add(said)
                    quote = Text("  quote by ")
                    quote.append(literal(value.speaker), style="bold")
                    if value.surface:  # which of the passage's quotations this is
                        quote.append(": “" + literal(summarise(value.surface, 60)) + "”")
                    parts.append(quote)
                if finding.kind is FindingKind.NUMBER and value.quantity is not None:
                    number = number_line(value.surface, format_normalized(value.quantity))
                    if finding.consistent is False:
                        number = number or Text("  " + literal(value.surface), style="bold")
                        number.append("  disagrees", style=self.view.palette.number_diverge)
                    if number is not None:
                        parts.append(number)
        return Group(*parts)


def number_line(surface: str, normalized: str) -> Text | None:
    """ "1,000 miles = 1,609 km"; nothing when the value reads the same both ways (2016 = 2016
    tells the reader nothing)."""
    if _folded(surface) == _folded(normalized):
        return None
    number = Text("  ")
    number.append(literal(surface), style="bold")
    number.append(f" = {literal(normalized)}")
    return number


def _folded(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def closest_version(passage: Passage, others: list[Passage]) -> Passage | None:
    """The other wording nearest to this one (rapidfuzz's token ratio): a paraphrase is
    compared with the version it is closest to, so only its own changes are marked."""
    if not others:
        return None
    from rapidfuzz import fuzz

    return max(others, key=lambda other: fuzz.token_ratio(passage.text, other.text))


def mark_changed_words(text: Text, reference: str, wording: str) -> None:
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
