"""The terminal report: Rich renderables built from Text, so article text is never markup."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from tui.engine.findings import summarise
from tui.engine.quantities import format_normalized
from tui.model import Analysis, Finding, FindingKind, PassageKind
from tui.outlets import abbreviations
from tui.report.counts import plural
from tui.report.counts import story_counts as story_counts  # where it was before
from tui.visible import visible


def outlet_names(analysis: Analysis) -> dict[str, str]:
    """Each source's outlet as story.toml or the page names it (its file stem otherwise),
    with control characters made visible."""
    return {s.id: visible(s.outlet or s.id) for s in analysis.sources}


def outlet_abbreviations(analysis: Analysis) -> dict[str, str]:
    """Short column labels (`tui.outlets.abbreviations`), with control characters made
    visible."""
    labels = abbreviations(analysis.sources)
    return {s.id: visible(label) for s, label in zip(analysis.sources, labels, strict=True)}


def copied_lines(analysis: Analysis, floor: float = 0.05) -> list[str]:
    """ "Herald: 42% of its body text stands word for word in Courier", largest first."""
    names = outlet_names(analysis)
    shares = sorted(
        (c for c in analysis.copied if c.share >= floor), key=lambda c: (-c.share, c.source)
    )
    return [
        f"{names.get(c.source, c.source)}: {c.share:.0%} of its body text stands word for word "
        f"in {names.get(c.other, c.other)}"
        for c in shares
    ]


def render_text(analysis: Analysis) -> RenderableType:
    counts = story_counts(analysis)
    parts: list[RenderableType] = [
        Text(visible(analysis.story.title), style="bold"),
        Text(visible(analysis.story.path), style="dim"),
        Text(
            f"{counts['sources']} sources · {counts['shared']} shared claims · "
            f"{counts['unique']} unique claims · {counts['numbers']} number findings "
            f"({counts['diverging']} diverging) · {counts['quotes']} quote variants · "
            f"{counts['noise']} noise lines"
        ),
        Text(""),
        _sources_table(analysis),
        Rule("Claims carried by several outlets", style="dim"),
        _coverage_table(analysis),
        Rule("Findings", style="dim"),
        *_findings(analysis),
    ]
    copied = copied_lines(analysis)
    if copied:
        parts.append(Rule("Copied text (wire copy, syndication)", style="dim"))
        parts.extend(Text(line) for line in copied)
    if analysis.notes:
        parts.append(Rule("Notes", style="dim"))
        notes = analysis.notes
        parts.extend(Text(visible(f"{n.path}: {n.message}"), style="yellow") for n in notes)
    return Group(*parts)


def _sources_table(analysis: Analysis) -> RenderableType:
    """One source a line, then its title: outlet names and ids stay whole at any width."""
    per_source = Counter(p.source for p in analysis.passages)
    noise = Counter(p.source for p in analysis.passages if p.kind is PassageKind.NOISE)
    names = outlet_names(analysis)
    lines: list[RenderableType] = []
    for source in analysis.sources:
        line = Text()
        line.append(names[source.id], style="bold")
        if source.outlet and source.outlet != source.id:
            line.append(f"  {visible(source.id)}", style="dim")
        line.append(f"  {visible(source.date or 'no date')}", style="dim")
        line.append(
            f"  {plural(per_source[source.id], 'passage')}, {noise[source.id]} noise", style="dim"
        )
        lines.append(line)
        lines.append(Text(f"    {visible(source.title or '(no title)')}", style="italic"))
    return Group(*lines)


def _coverage_table(analysis: Analysis) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("claim")
    short = outlet_abbreviations(analysis)
    table.add_column(" ".join(short[s.id] for s in analysis.sources), no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("first wording", overflow="fold")
    ordered = sorted(analysis.clusters, key=lambda c: (-len(c.sources), c.id))
    for cluster in ordered:
        marks = " ".join(
            ("●" if s.id in cluster.sources else "·").center(len(short[s.id]))
            for s in analysis.sources
        )
        first = analysis.passage(cluster.passages[0])
        table.add_row(
            Text(cluster.id),
            Text(marks),
            Text(f"{cluster.score:.2f}"),
            Text(visible(summarise(first.text, 90))),
        )
    if not analysis.clusters:
        table.add_row(Text("—"), Text(""), Text(""), Text("no claim is shared by two outlets"))
    return table


KIND_LABEL = {
    FindingKind.NUMBER: "NUMBER",
    FindingKind.QUOTE: "QUOTE",
    FindingKind.UNIQUE: "UNIQUE",
}


def _findings(analysis: Analysis) -> list[RenderableType]:
    order = {FindingKind.NUMBER: 0, FindingKind.QUOTE: 1, FindingKind.UNIQUE: 2}
    names = outlet_names(analysis)
    out: list[RenderableType] = []
    for finding in sorted(analysis.findings, key=lambda f: (order[f.kind], _number_of(f.id))):
        out.append(_finding(finding, names))
    if not out:
        out.append(Text("no findings"))
    return out


def _number_of(finding_id: str) -> int:
    digits = "".join(ch for ch in finding_id if ch.isdigit())
    return int(digits) if digits else 0


def _finding(finding: Finding, names: dict[str, str]) -> RenderableType:
    head = Text()
    style = "bold red" if finding.consistent is False else "bold"
    head.append(f"{KIND_LABEL[finding.kind]:<7}", style=style)
    head.append(f"{finding.id:<5}")
    head.append(visible(finding.summary))
    lines: list[RenderableType] = [head]
    if finding.kind is FindingKind.NUMBER:
        for value in finding.values:
            line = Text(f"         {names.get(value.source, visible(value.source))}: ")
            line.append(visible(value.surface), style="bold")
            if value.quantity is not None:
                line.append(f"  = {format_normalized(value.quantity)}")
            lines.append(line)
        if finding.tolerance:
            lines.append(Text(f"         tolerance: {visible(finding.tolerance)}", style="dim"))
        lines.extend(Text(f"         {visible(note)}", style="dim") for note in finding.notes)
    elif finding.kind is FindingKind.QUOTE:
        for value in finding.values:
            line = Text(f"         {names.get(value.source, visible(value.source))}: “")
            if value.diff:
                for op in value.diff:
                    line.append(visible(op.b), style="" if op.op == "equal" else "bold reverse")
            else:
                line.append(visible(value.surface))
            line.append("”")
            lines.append(line)
    return Group(*lines)
