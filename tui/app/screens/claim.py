"""Claim detail: every outlet's wording of one claim stacked, with differences and numbers."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.app.screens.escape import close_and_pass_on
from tui.app.story_view import (
    MARK_GLYPHS,
    Palette,
    Row,
    StoryView,
    body,
    literal,
    outlet_label,
    plural,
    quote_differences,
)
from tui.engine.findings import summarise
from tui.engine.quantities import format_normalized
from tui.engine.quotes import word_diff
from tui.model import (
    WEAK_LINK,
    Analysis,
    Cluster,
    Finding,
    FindingKind,
    FindingValue,
    Passage,
    Relation,
)


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
            f"{count} of {plural(len(analysis.sources), 'outlet')}{similarity}{by_user}"
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
        parts.extend(self._finding_lines(row, passage, compare=passage.id == chosen.id))
        return Group(*parts)

    def _finding_lines(self, row: Row, passage: Passage, compare: bool) -> list[RenderableType]:
        """A line for each number (its normalised value, whether it disagrees) and each quote
        (its speaker) of the passage, once though two findings share it; with `compare` (the
        cursor's passage), under each, every value it is compared with, wherever it stands:
        a number can disagree with a passage in no claim, which no wording here shows."""
        mentions: dict[tuple[object, ...], Mention] = {}
        for finding in row.findings:
            for value in finding.values:
                key = mention_key(finding, value) if value.passage == passage.id else None
                if key is None:
                    continue
                mention = mentions.setdefault(key, Mention(finding, value))
                if compare:
                    mention.compare_with(finding)
        lines: list[RenderableType] = []
        for mention in mentions.values():
            lines.extend(mention.lines(self.view.analysis, self.view.palette))
        return lines


def mention_key(finding: Finding, value: FindingValue) -> tuple[object, ...] | None:
    """What makes two findings' values one mention in the passage (one line), or None for
    what the detail does not list."""
    if finding.kind is FindingKind.NUMBER:
        if value.quantity is None:
            return None
        return ("number", value.start, value.end, finding.consistent is False)
    if finding.kind is FindingKind.QUOTE:
        if value.speaker:
            return ("quote", value.speaker, value.surface)  # one quotation in two findings
        return ("quote", value.start, value.end)
    return None


# How a number finding's values relate, said after the passage's own value.
AGREEMENT: dict[Relation | None, str] = {
    Relation.EQUIVALENT: "agrees, after conversion, with",
    Relation.LESS_PRECISE: "agrees, less precisely, with",
}


class Mention:
    """A number or quote of the passage, and the other outlets' values it is compared with."""

    def __init__(self, finding: Finding, value: FindingValue) -> None:
        self.finding = finding
        self.value = value
        self.others: list[tuple[Finding, FindingValue]] = []
        self._seen: set[tuple[str, int, int]] = set()  # a value two findings share: once

    def compare_with(self, finding: Finding) -> None:
        for other in finding.values:
            where = (other.passage, other.start, other.end)
            if other.passage != self.value.passage and where not in self._seen:
                self._seen.add(where)
                self.others.append((finding, other))

    def lines(self, analysis: Analysis, palette: Palette) -> list[RenderableType]:
        """The mention's line, then each value it is compared with, indented under it."""
        finding, value = self.finding, self.value
        number = finding.kind is FindingKind.NUMBER
        disagrees = number and finding.consistent is False
        line: Text | None = None
        if number and value.quantity is not None:
            line = number_line(value.surface, format_normalized(value.quantity))
        elif value.speaker:
            line = Text("  quote by ")
            line.append(literal(value.speaker), style="bold")
            if value.surface:  # which of the passage's quotations this is
                line.append(": “" + literal(summarise(value.surface, 60)) + "”")
        if (disagrees or self.others) and line is None:
            line = Text("  ")
            shown = value.surface if number else "“" + summarise(value.surface, 60) + "”"
            line.append(literal(shown), style="bold")
        if disagrees and line is not None:
            line.append("  disagrees", style=palette.number_diverge)
            if self.others:
                line.append(" with:", style=palette.number_diverge)
        elif self.others and line is not None:
            if number:
                verdict = AGREEMENT.get(finding.relation, "agrees with") + ":"
                line.append(f"  {verdict}", style=palette.number_agree)
            else:
                line.append("  worded differently by:", style=palette.quote_diff)
        parts: list[RenderableType] = [line] if line is not None else []
        for compared, other in self.others:
            text = compared_line(compared, other, analysis, palette)
            if text is not None:  # wrapped lines stay under the outlet's name
                parts.append(Padding(text, (0, 0, 0, 4)))
        return parts


def compared_line(
    finding: Finding, value: FindingValue, analysis: Analysis, palette: Palette
) -> Text | None:
    """Another outlet's value of a finding: the outlet, where the passage stands, the value
    as written (a quote: its speaker), and the passage's words around it, the value marked
    (and, in a quote, the words the others do not share)."""
    try:
        passage = analysis.passage(value.passage)
        source = analysis.source(value.source)
    except LookupError:  # not in this analysis: nothing to show
        return None
    number = finding.kind is FindingKind.NUMBER
    agrees = finding.consistent is not False
    mark = (
        f"bold {palette.number_agree if agrees else palette.number_diverge}" if number else "bold"
    )
    line = Text()
    line.append(outlet_label(source), style="bold")
    line.append(f" (sentence {passage.index + 1})")
    if number:
        line.append("  ")
        line.append(literal(value.surface), style=mark)
    elif value.speaker:
        line.append(f"  quote by {literal(value.speaker)}")
    line.append(": ")
    spans = [(value.start, value.end, mark)]
    if not number:
        spans += [(a, b, palette.quote_diff) for a, b in quote_differences(finding, value)]
    line.append_text(excerpt(passage.text, value.start, value.end, spans))
    return line


def excerpt(
    text: str, start: int, end: int, spans: list[tuple[int, int, str]], context: int = 60
) -> Text:
    """The words around `text[start:end]` with `spans` (offsets in `text`, and a style)
    marked: up to `context` characters each side, cut at a space, "…" where cut; a stretch
    over 160 characters is cut too."""
    flat = literal(text).replace("\n", " ")  # one character for one: the offsets hold
    if not 0 <= start <= end <= len(flat):
        start = end = 0
    shown_end = min(end, start + 160)
    left = max(0, start - context)
    if left > 0:
        space = flat.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    right = min(len(flat), shown_end + context)
    if right < len(flat):
        space = flat.rfind(" ", shown_end, right)
        right = space if space >= 0 else right
    words = Text("…" if left > 0 else "")
    lead = len(words) - left
    words.append(flat[left:right])
    for span_start, span_end, style in spans:
        span_start, span_end = max(span_start, left), min(span_end, right)
        if span_start < span_end:
            words.stylize(style, lead + span_start, lead + span_end)
    if right < len(flat):
        words.append("…")
    return words


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
