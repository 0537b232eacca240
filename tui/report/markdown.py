"""A Markdown report for pasting into notes or tickets; article text is escaped, never live."""

from __future__ import annotations

import re

from tui.engine.findings import summarise
from tui.engine.quantities import format_normalized
from tui.model import Analysis, FindingKind
from tui.report.counts import plural
from tui.report.text import copied_lines, outlet_abbreviations, outlet_names, story_counts
from tui.visible import visible

# What can start markup anywhere in a line: code, emphasis, links, raw HTML, table cells,
# strikethrough. An underscore inside a word ("01_huffpost") is not emphasis in CommonMark and
# stays as it is; so do full stops, dashes and brackets' round cousins.
_INLINE = re.compile(r"[\\`*\[\]<>|~]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?[0-9A-Za-z]+;)")
# What starts a block only at the start of a line: a heading, a quote, a list, a rule.
_LINE_START = re.compile(r"^(?:[#>+=-]|(\d{1,9})([.)]))")


def escape(text: str) -> str:
    """Text on one line that Markdown shows as written and never reads as markup, with
    controls and bidi controls made visible; ordinary punctuation is left alone so the raw
    file reads well ("Election.", not "Election\\.")."""
    flat = _INLINE.sub(lambda m: "\\" + m.group(), visible(" ".join(text.split())))
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else "\\" + m.group(), flat)


def render_markdown(analysis: Analysis) -> str:
    counts = story_counts(analysis)
    out = [f"# {escape(analysis.story.title)}", ""]
    out.append(
        f"{plural(counts['sources'], 'source')} · {plural(counts['shared'], 'shared claim')} · "
        f"{plural(counts['unique'], 'unique claim')} · "
        f"{plural(counts['numbers'], 'number finding')} ({counts['diverging']} diverging) · "
        f"{plural(counts['quotes'], 'quote variant')} · {plural(counts['noise'], 'noise line')}"
    )
    names = outlet_names(analysis)
    short = outlet_abbreviations(analysis)
    out += ["", "## Sources", "", "| outlet | short | file | title | date |"]
    out += ["|---|---|---|---|---|"]
    for s in analysis.sources:
        out.append(
            f"| {escape(names[s.id])} | {escape(short[s.id])} | {escape(s.id)} | "
            f"{escape(s.title or '—')} | {escape(s.date or '—')} |"
        )
    out += ["", "## Shared claims", ""]
    header = " | ".join(escape(short[s.id]) for s in analysis.sources)
    out += [f"| claim | {header} | score | first wording |"]
    out += ["|---|" + "---|" * len(analysis.sources) + "---|---|"]
    for c in sorted(analysis.clusters, key=lambda c: (-len(c.sources), c.id)):
        marks = " | ".join("●" if s.id in c.sources else "" for s in analysis.sources)
        first = analysis.passage(c.passages[0]).text
        out.append(f"| {c.id} | {marks} | {c.score:.2f} | {escape(summarise(first, 100))} |")
    out += ["", "## Findings", ""]
    for kind, title in (
        (FindingKind.NUMBER, "Numbers"),
        (FindingKind.QUOTE, "Quotes worded differently"),
        (FindingKind.UNIQUE, "Claims only one outlet makes"),
    ):
        findings = [f for f in analysis.findings if f.kind is kind]
        if not findings:
            continue
        out += [f"### {title}", ""]
        for f in findings:
            out.append(f"- **{f.id}** {escape(f.summary)}")
            if kind is FindingKind.UNIQUE:
                continue
            for v in f.values:
                normal = f" = {escape(format_normalized(v.quantity))}" if v.quantity else ""
                who = names.get(v.source, v.source)
                out.append(f"  - {escape(who)}: “{escape(v.surface)}”{normal}")
            for note in f.notes:
                out.append(f"  - _{escape(note)}_")
        out.append("")
    copied = copied_lines(analysis)
    if copied:
        out += ["## Copied text", ""]
        out += [f"- {escape(line)}" for line in copied]
        out.append("")
    if analysis.notes:
        out += ["## Notes", ""]
        out += [f"- {escape(n.path)}: {escape(n.message)}" for n in analysis.notes]
    return "\n".join(out).rstrip() + "\n"
