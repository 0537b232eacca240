"""What each source pane shows, computed once from the Analysis: rows of passages with marks.

Kept free of widgets so it can be tested with a hand-built Analysis; every piece of article text
goes into Rich `Text` through `literal`, never through markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import PurePath

from rich.text import Text

from tui.model import Analysis, Finding, FindingKind, FindingValue, Passage, PassageKind, Source
from tui.themes import FALLBACK_SEMANTIC

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

GUTTER_WIDTH = 4


def literal(text: str) -> str:
    """Control characters made visible (ESC as ␛) so nothing in an article reaches the terminal."""
    return _CONTROL.sub(_picture, text.replace("\t", " "))


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\N{REPLACEMENT CHARACTER}"


@dataclass
class Row:
    """One line-group of a pane: a passage, or a collapsed run of noise passages."""

    passages: tuple[Passage, ...]
    paragraph_start: bool = False
    cluster: str | None = None
    cluster_size: int = 0
    findings: tuple[Finding, ...] = ()
    collapsed_noise: bool = False

    @property
    def first(self) -> Passage:
        return self.passages[0]

    @property
    def is_unique(self) -> bool:
        return any(f.kind is FindingKind.UNIQUE for f in self.findings)

    @property
    def is_diverging(self) -> bool:
        return any(_diverges(f) for f in self.findings)

    @property
    def has_finding(self) -> bool:
        return bool(self.findings)


def _diverges(finding: Finding) -> bool:
    if finding.kind is FindingKind.QUOTE:
        return True
    return finding.kind is FindingKind.NUMBER and finding.consistent is False


@dataclass(frozen=True)
class Palette:
    """The Rich style of each kind of text, from the active theme's semantic styles. Kinds a
    theme leaves out take `FALLBACK_SEMANTIC` (text styles only: colours come from themes,
    never from the widgets)."""

    shared: str
    unique: str
    number_diverge: str
    number_agree: str
    quote_diff: str
    noise: str
    heading: str
    search: str

    @classmethod
    def from_semantic(cls, semantic: Mapping[str, str]) -> Palette:
        """From a theme's `[reader]` styles, keyed "number-diverge" and so on."""
        styles = {**FALLBACK_SEMANTIC, **semantic}
        return cls(**{f.name: styles[f.name.replace("_", "-")] for f in fields(cls)})


DEFAULT_PALETTE = Palette.from_semantic({})


@dataclass
class StoryView:
    """Per-source rows plus the indexes the reader needs to move between sources."""

    analysis: Analysis
    palette: Palette = DEFAULT_PALETTE
    findings_of: dict[str, list[Finding]] = field(default_factory=dict)
    cluster_size: dict[str, int] = field(default_factory=dict)
    cluster_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, analysis: Analysis) -> StoryView:
        view = cls(analysis)
        for finding in analysis.findings:
            for passage_id in dict.fromkeys(finding.passages):
                view.findings_of.setdefault(passage_id, []).append(finding)
        for cluster in analysis.clusters:
            view.cluster_size[cluster.id] = len(set(cluster.sources))
            for passage_id in cluster.passages:
                view.cluster_of[passage_id] = cluster.id
        return view

    def passages_of(self, source: Source) -> list[Passage]:
        return [p for p in self.analysis.passages if p.source == source.id]

    def rows(self, source: Source, expand_noise: bool = False) -> list[Row]:
        """The source's passages in reading order; noise runs fold into one row unless expanded."""
        rows: list[Row] = []
        previous_paragraph: int | None = None
        noise_run: list[Passage] = []

        def flush_noise() -> None:
            if noise_run:
                rows.append(
                    Row(
                        tuple(noise_run),
                        paragraph_start=True,
                        collapsed_noise=True,
                    )
                )
                noise_run.clear()

        for passage in self.passages_of(source):
            if passage.kind is PassageKind.NOISE and not expand_noise:
                noise_run.append(passage)
                previous_paragraph = None
                continue
            flush_noise()
            cluster = self.cluster_of.get(passage.id)
            rows.append(
                Row(
                    (passage,),
                    paragraph_start=passage.paragraph != previous_paragraph,
                    cluster=cluster,
                    cluster_size=self.cluster_size.get(cluster, 0) if cluster else 0,
                    findings=tuple(self.findings_of.get(passage.id, ())),
                )
            )
            previous_paragraph = passage.paragraph
        flush_noise()
        if rows:
            rows[0].paragraph_start = False
        return rows


def noise_summary(passages: Iterable[Passage]) -> str:
    """'7 noise lines: cookie banner, related links' for a folded run."""
    run = list(passages)
    reasons = list(dict.fromkeys(p.noise.label for p in run if p.noise is not None))
    noun = "noise line" if len(run) == 1 else "noise lines"
    head = f"{len(run)} {noun}"
    return f"{head}: {', '.join(reasons)}" if reasons else head


def carriers_mark(count: int) -> str:
    """How many outlets carry a claim, in two cells: 3●; past nine outlets the number (42),
    past 99 "++"."""
    if count <= 9:
        return f"{count}●"
    return str(count) if count <= 99 else "++"


def gutter(row: Row, palette: Palette = DEFAULT_PALETTE) -> Text:
    """Marks that read without colour: outlets carrying it (3●), unique (U★), finding kind."""
    mark = Text()
    passage = row.first
    if row.collapsed_noise or passage.kind is PassageKind.NOISE:
        mark.append(" ·", style=palette.noise)
    elif passage.kind is PassageKind.HEADING:
        mark.append(" #", style=palette.heading)
    elif row.cluster is not None:
        mark.append(carriers_mark(row.cluster_size), style=palette.shared)
    elif row.is_unique:
        mark.append("U★", style=palette.unique)
    else:
        mark.append("  ")
    kinds = {f.kind for f in row.findings}
    if any(f.kind is FindingKind.NUMBER and f.consistent is False for f in row.findings):
        mark.append("≠", style=palette.number_diverge)
    elif FindingKind.QUOTE in kinds:
        mark.append("“", style=palette.quote_diff)
    elif FindingKind.NUMBER in kinds:
        mark.append("=", style=palette.number_agree)
    else:
        mark.append(" ")
    mark.append(" ")
    return mark


def matches(text: str, query: str) -> list[tuple[int, int]]:
    """Where `query` occurs in `text`, ignoring case (offsets stay valid: no case folding
    that changes lengths is applied)."""
    if not query:
        return []
    haystack, needle = text.lower(), query.lower()
    if len(haystack) != len(text) or len(needle) != len(query):
        return []
    found: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0:
        found.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return found


def body(row: Row, analysis: Analysis, query: str = "", palette: Palette = DEFAULT_PALETTE) -> Text:
    """The passage text with what the engine found (and the search) marked by spans."""
    passage = row.first
    if row.collapsed_noise:
        text = Text(noise_summary(row.passages), style=palette.noise)
        if any(matches(p.text, query) for p in row.passages):
            text.append("  (search matches inside: z shows them)", style=palette.search)
        return text
    text = Text(literal(passage.text))
    if passage.kind is PassageKind.HEADING:
        text.stylize(palette.heading)
    elif passage.kind is PassageKind.NOISE:
        text.stylize(palette.noise)
    for finding in row.findings:
        for value in finding.values:
            if value.passage != passage.id:
                continue
            if finding.kind is FindingKind.NUMBER:
                style = palette.number_agree if finding.consistent else palette.number_diverge
                _mark(text, value.start, value.end, style)
            elif finding.kind is FindingKind.QUOTE:
                for start, end in quote_differences(finding, value):
                    _mark(text, start, end, palette.quote_diff)
    for start, end in matches(passage.text, query):
        _mark(text, start, end, palette.search)
    return text


def _mark(text: Text, start: int, end: int, style: str) -> None:
    if 0 <= start < end <= len(text.plain):
        text.stylize(style, start, end)


def quote_differences(finding: Finding, value: FindingValue) -> list[tuple[int, int]]:
    """Offsets (in the passage) of the words this wording does not share with the others."""
    if value.diff:
        return _changed_spans(value, [(run.op, run.b) for run in value.diff])
    # The first value carries no diff: its differing words are the "a" side of the others'.
    spans: list[tuple[int, int]] = []
    for other in finding.values:
        if other is not value and other.diff:
            spans += _changed_spans(value, [(run.op, run.a) for run in other.diff])
    return spans


def _changed_spans(value: FindingValue, runs: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """The non-equal runs placed in the passage. A diff covers only the stretch both wordings
    render, which may start after the quotation does: find that stretch in the quotation."""
    covered = "".join(words for _, words in runs)
    found = value.surface.find(covered) if covered else -1
    position = value.start + max(found, 0)
    spans = []
    for op, words in runs:
        if op != "equal" and words.strip():
            spans.append(_trimmed(words, position))
        position += len(words)
    return spans


def _trimmed(words: str, position: int) -> tuple[int, int]:
    lead = len(words) - len(words.lstrip())
    return position + lead, position + len(words.rstrip())


_HASH_PART = re.compile(r"(?<![0-9A-Za-z])[_\-.]?([0-9a-fA-F]{8,})(?![0-9A-Za-z])")


def outlet_label(source: Source) -> str:
    """The outlet as the reader names it. When it is only the file's name (nothing better was
    known), hash-like runs ("_321e8bb5b7ded788") are dropped: they take a pane's title width
    and tell a reader nothing. A known outlet is shown as it is."""
    outlet = source.outlet
    if outlet != PurePath(source.path).stem:
        return literal(outlet)

    def drop(match: re.Match[str]) -> str:
        run = match.group(1)
        return "" if any(c.isdigit() for c in run) and any(c.isalpha() for c in run) else match[0]

    return literal(_HASH_PART.sub(drop, outlet).strip("_-. ") or outlet)


def pane_title(source: Source) -> str:
    """Outlet · title · date, plain text: callers wrap it in Content so it is never markup."""
    parts = [outlet_label(source)]
    if source.title:
        parts.append(source.title)
    parts.append(source.date or "no date")
    return literal(" · ".join(parts))
