"""The editor's brief: what a story's coverage comes to, in a page read in two minutes.

`build_brief` picks what goes in (plain data); `render_brief` writes it as Markdown, as the
`coverage-tui/brief@1` JSON document (docs/report-schema.md) or as one self-contained HTML file
(`tui.report.brief_html`). The claims are the engine's plus the user's corrections; marks and
notes come from the desk when the story has one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from tui.engine.findings import summarise
from tui.engine.findings.unique import MIN_UNIQUE_TOKENS
from tui.engine.quantities import format_normalized
from tui.engine.text import content_tokens
from tui.model import Analysis, Cluster, Finding, FindingKind
from tui.outlets import outlet_name
from tui.report.leans import blind_spots, claim_leans, has_leans

if TYPE_CHECKING:
    from tui.desk.session import Desk

SCHEMA = "coverage-tui/brief@1"
ALONE_PER_OUTLET = 3  # claims only one outlet makes, shown per outlet (the rest are counted)
CORE_LIMIT = 8
WORDING_LIMIT = 220


@dataclass(frozen=True)
class Outlet:
    source: str  # the source id (file stem)
    name: str
    title: str | None
    date: str | None
    url: str | None
    lean: str | None


@dataclass(frozen=True)
class MarkInfo:
    mark: str | None  # "verified", "disputed", or None: a note alone
    note: str
    author: str
    made: str
    updated: str
    orphaned: bool
    passages: list[dict[str, str]] = field(default_factory=list)  # outlet, text


@dataclass(frozen=True)
class Claim:
    claim: str | None  # the cluster id, None for a passage only one outlet carries
    wording: str
    outlets: list[str]
    leans: dict[str, int]
    by_user: bool = False
    mark: MarkInfo | None = None


@dataclass(frozen=True)
class Value:
    outlet: str
    surface: str
    normalized: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class Difference:
    finding: str
    summary: str
    values: list[Value]
    notes: list[str] = field(default_factory=list)
    mark: MarkInfo | None = None


@dataclass(frozen=True)
class Brief:
    title: str
    path: str
    counts: dict[str, int]
    timeline: list[Outlet]  # by date, undated last
    core: list[Claim]
    core_more: int
    alone: dict[str, list[Claim]]  # outlet name -> its own claims
    alone_more: dict[str, int]
    numbers: list[Difference]
    quotes: list[Difference]
    copied: list[str]
    marks: list[MarkInfo]
    blind_spots: list[Claim]
    leans: bool  # whether story.toml gave any lean
    marked_only: bool = False
    corrected: int = 0  # corrections of the alignment in force


def build_brief(analysis: Analysis, desk: Desk | None = None, marked_only: bool = False) -> Brief:
    from tui.report.text import copied_lines, story_counts

    if desk is not None:
        analysis = desk.analysis
    names = {s.id: outlet_name(s, n) for n, s in enumerate(analysis.sources, start=1)}
    marks_of = _marks_by_passage(desk) if desk is not None else {}
    total = len(analysis.sources)

    def mark_for(passages: Sequence[str]) -> MarkInfo | None:
        return next((marks_of[p] for p in passages if p in marks_of), None)

    def claim(cluster: Cluster) -> Claim:
        return Claim(
            claim=cluster.id,
            wording=_wording(analysis, _representative(analysis, cluster)),
            outlets=[names[s] for s in dict.fromkeys(cluster.sources)],
            leans=claim_leans(analysis, cluster),
            by_user=cluster.by_user,
            mark=mark_for(cluster.passages),
        )

    shared = sorted(analysis.clusters, key=lambda c: (-len(set(c.sources)), _order(c)))
    if marked_only:
        shared = [c for c in shared if mark_for(c.passages)]
        core_clusters = shared
    else:
        # The core: what most outlets carry (at least half, and at least two), and says
        # something (not a quoted exclamation such as "It's insane.").
        telling = [c for c in shared if _says_something(analysis, c)]
        core_clusters = [c for c in telling if len(set(c.sources)) * 2 >= total]
        core_clusters = core_clusters or telling[:3]
    core = [claim(c) for c in core_clusters]
    core_more = max(0, len(core) - CORE_LIMIT) if not marked_only else 0
    core = core if marked_only else core[:CORE_LIMIT]

    alone: dict[str, list[Claim]] = {}
    alone_more: dict[str, int] = {}
    for source in analysis.sources:
        own = [
            f
            for f in analysis.findings
            if f.kind is FindingKind.UNIQUE and f.sources[:1] == (source.id,)
        ]
        if marked_only:
            own = [f for f in own if mark_for(f.passages)]
        # The longest first: a sentence with more to say is more likely a claim of its own.
        own.sort(
            key=lambda f: (mark_for(f.passages) is None, -len(_wording(analysis, f.passages[0])))
        )
        if not own:
            continue
        shown = own if marked_only else own[:ALONE_PER_OUTLET]
        alone[names[source.id]] = [
            Claim(
                claim=None,
                wording=_wording(analysis, f.passages[0]),
                outlets=[names[source.id]],
                leans={source.lean: 1} if source.lean else {},
                mark=mark_for(f.passages),
            )
            for f in shown
        ]
        if len(own) > len(shown):
            alone_more[names[source.id]] = len(own) - len(shown)

    numbers = [
        _difference(f, names, mark_for(f.passages))
        for f in analysis.findings
        if f.kind is FindingKind.NUMBER and f.consistent is False
    ]
    quotes = [
        _difference(f, names, mark_for(f.passages))
        for f in analysis.findings
        if f.kind is FindingKind.QUOTE
    ]
    if marked_only:
        numbers = [d for d in numbers if d.mark is not None]
        quotes = [d for d in quotes if d.mark is not None]

    timeline = [Outlet(s.id, names[s.id], s.title, s.date, s.url, s.lean) for s in analysis.sources]
    timeline.sort(key=lambda o: (o.date is None, o.date or "", o.name))
    leans = has_leans(analysis)
    return Brief(
        title=analysis.story.title,
        path=analysis.story.path,
        counts=story_counts(analysis),
        timeline=timeline,
        core=core,
        core_more=core_more,
        alone=alone,
        alone_more=alone_more,
        numbers=numbers,
        quotes=quotes,
        copied=[] if marked_only else _named_copies(copied_lines(analysis), analysis, names),
        marks=_all_marks(desk) if desk is not None else [],
        blind_spots=[claim(c) for c in blind_spots(analysis)] if leans else [],
        leans=leans,
        marked_only=marked_only,
        corrected=len([c for c in desk.corrections if desk.applied.get(c.id)]) if desk else 0,
    )


def _order(cluster: Cluster) -> int:
    digits = "".join(ch for ch in cluster.id if ch.isdigit())
    return int(digits) if digits else 0


def _says_something(analysis: Analysis, cluster: Cluster) -> bool:
    """A member with as many content words as a unique claim needs (`MIN_UNIQUE_TOKENS`)."""
    return any(
        len(set(content_tokens(analysis.passage(p).text))) >= MIN_UNIQUE_TOKENS
        for p in cluster.passages
    )


def _representative(analysis: Analysis, cluster: Cluster) -> str:
    """The member that stands for the claim: the most strongly linked (the most typical
    wording, not whichever outlet's file comes first: an opinion headline stood for three
    outlets' headlines), then the one with the most to say, then the first."""
    strengths = cluster.member_strengths()
    ranked = (
        (round(strengths[p], 2), len(set(content_tokens(analysis.passage(p).text))), -k, p)
        for k, p in enumerate(cluster.passages)
    )
    return max(ranked)[3]


def _wording(analysis: Analysis, passage_id: str) -> str:
    return summarise(analysis.passage(passage_id).text, WORDING_LIMIT)


def _named_copies(lines: list[str], analysis: Analysis, names: dict[str, str]) -> list[str]:
    """The report's copy lines speak of outlets by their loaded names; the brief's names."""
    out = []
    for line in lines:
        for source in analysis.sources:
            line = line.replace(source.outlet or source.id, names[source.id])
        out.append(line)
    return out


def _difference(finding: Finding, names: dict[str, str], mark: MarkInfo | None) -> Difference:
    values = []
    for v in finding.values:
        normal = format_normalized(v.quantity) if v.quantity is not None else None
        values.append(
            Value(
                outlet=names.get(v.source, v.source),
                surface=v.surface,
                normalized=normal if normal and normal != v.surface else None,
                speaker=v.speaker,
            )
        )
    notes = []
    for note in finding.notes:  # the engine's notes name sources by file stem
        for source_id in sorted(names, key=len, reverse=True):
            note = note.replace(source_id, names[source_id])
        notes.append(note)
    return Difference(finding.id, finding.summary, values, notes, mark)


def _mark_info(desk: Desk, mark: Any) -> MarkInfo:
    passage = desk.placed.get(mark.id)
    members = desk.claim_members(passage) if passage is not None else list(mark.claim)
    return MarkInfo(
        mark=mark.state,
        note=mark.note,
        author=mark.author,
        made=mark.created,
        updated=mark.updated,
        orphaned=passage is None,
        passages=[{"outlet": m.outlet, "text": m.text} for m in members],
    )


def _marks_by_passage(desk: Desk) -> dict[str, MarkInfo]:
    return {pid: _mark_info(desk, mark) for pid, mark in desk.marked_passages().items()}


def _all_marks(desk: Desk) -> list[MarkInfo]:
    return [_mark_info(desk, m) for m in desk.marks]


# -- rendering ---------------------------------------------------------------------------------


def render_brief(brief: Brief, output_format: str) -> str:
    if output_format == "json":
        return render_brief_json(brief)
    if output_format == "html":
        from tui.report.brief_html import render_brief_html

        return render_brief_html(brief)
    return render_brief_markdown(brief)


def render_brief_json(brief: Brief) -> str:
    document = {"schema": SCHEMA, **asdict(brief)}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def counts_sentence(counts: dict[str, int]) -> str:
    """ "5 outlets, 13 claims shared by several, 1 number that disagrees, ..." """
    from tui.report.counts import plural

    return ", ".join(
        [
            plural(counts["sources"], "outlet"),
            plural(counts["shared"], "claim") + " shared by several",
            plural(counts["unique"], "claim") + " only one outlet makes",
            plural(counts["diverging"], "number") + " that disagree"
            if counts["diverging"] != 1
            else "1 number that disagrees",
            plural(counts["quotes"], "quote") + " worded differently",
        ]
    )


def mark_label(mark: MarkInfo) -> str:
    state = {"verified": "✓ verified", "disputed": "✗ disputed"}.get(mark.mark or "", "✎ note")
    return state


def render_brief_markdown(brief: Brief) -> str:
    from tui.report.markdown import escape

    def mark_suffix(mark: MarkInfo | None) -> str:
        if mark is None:
            return ""
        note = f": {escape(mark.note)}" if mark.note else ""
        return f" — **{mark_label(mark)}** ({escape(mark.author)}){note}"

    def outlets(names: list[str], leans: dict[str, int]) -> str:
        text = ", ".join(escape(n) for n in names)
        if leans:
            text += " · " + ", ".join(f"{escape(k)} {v}" for k, v in leans.items())
        return text

    out = [f"# {escape(brief.title)}", ""]
    out.append(escape(counts_sentence(brief.counts)) + ".")
    if brief.marked_only:
        out += ["", "_Only what carries a mark or a note._"]
    if brief.corrected:
        out += [
            "",
            f"_The claims include {brief.corrected} correction(s) of the alignment made by hand._",
        ]
    out += ["", "## Headlines and timeline", ""]
    for o in brief.timeline:
        lean = f" ({escape(o.lean)})" if o.lean else ""
        head = f"“{escape(o.title)}”" if o.title else "_no headline_"
        out.append(f"- **{escape(o.date or 'no date')}** · {escape(o.name)}{lean}: {head}")
    out += ["", "## The core: what most outlets report", ""]
    if not brief.core:
        out.append("_No claim is carried by several outlets._")
    for c in brief.core:
        by_user = " _(linked by hand)_" if c.by_user else ""
        out.append(f"- {escape(c.wording)}{by_user}")
        out.append(f"  - {outlets(c.outlets, c.leans)}{mark_suffix(c.mark)}")
    if brief.core_more:
        out.append(f"- _and {plural_text(brief.core_more, 'more claim')} carried by most outlets_")
    if brief.blind_spots:
        out += ["", "## Blind spots: claims carried by outlets of one lean only", ""]
        for c in brief.blind_spots:
            out.append(f"- {escape(c.wording)}")
            out.append(f"  - {outlets(c.outlets, c.leans)}{mark_suffix(c.mark)}")
    out += ["", "## What each outlet alone says", ""]
    if not brief.alone:
        out.append("_Nothing: every claim is carried by several outlets._")
    for name, claims in brief.alone.items():
        out += [f"### {escape(name)}", ""]
        for c in claims:
            out.append(f"- {escape(c.wording)}{mark_suffix(c.mark)}")
        more = brief.alone_more.get(name)
        if more:
            out.append(f"- _and {more} more_")
        out.append("")
    out += ["## Numbers that disagree", ""]
    out += _differences_markdown(brief.numbers, mark_suffix, "No number disagrees.")
    out += ["", "## Quotes worded differently", ""]
    out += _differences_markdown(brief.quotes, mark_suffix, "No quote is worded differently.")
    if brief.copied:
        out += ["", "## Copied text", ""]
        out += [f"- {escape(line)}" for line in brief.copied]
    out += ["", "## Marks and notes", ""]
    if not brief.marks:
        out.append("_No marks or notes yet (v, x and a in the reader make them)._")
    for m in brief.marks:
        orphan = " **orphaned: its passage is no longer in the story**" if m.orphaned else ""
        note = f": {escape(m.note)}" if m.note else ""
        out.append(
            f"- **{mark_label(m)}** by {escape(m.author)}, {escape(m.updated)}{orphan}{note}"
        )
        for p in m.passages:
            out.append(f"  - {escape(p['outlet'])}: “{escape(summarise(p['text'], 160))}”")
    return "\n".join(out).rstrip() + "\n"


def plural_text(count: int, noun: str) -> str:
    from tui.report.counts import plural

    return plural(count, noun)


def _differences_markdown(items: list[Difference], mark_suffix: Any, empty: str) -> list[str]:
    from tui.report.markdown import escape

    if not items:
        return [f"_{empty}_"]
    out = []
    for d in items:
        out.append(f"- {escape(d.summary)}{mark_suffix(d.mark)}")
        for v in d.values:
            said = f" ({escape(v.speaker)})" if v.speaker else ""
            normal = f" = {escape(v.normalized)}" if v.normalized else ""
            out.append(f"  - {escape(v.outlet)}: “{escape(v.surface)}”{normal}{said}")
        for note in d.notes:
            out.append(f"  - _{escape(note)}_")
    return out
