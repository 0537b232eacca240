"""The editor's brief as one self-contained HTML file: inline styles, no script, no fetch.

Every piece of article text goes through `html.escape`, and the page's Content-Security-Policy
forbids scripts and outside resources, so nothing an article holds can run or call out.
"""

from __future__ import annotations

from html import escape

from tui.report.brief import Brief, Claim, Difference, MarkInfo, counts_sentence, mark_label
from tui.visible import visible

_STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #d8d8d8; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .2rem; }
.counts { color: #444; }
.outlets { color: #555; font-size: .9rem; }
.lean { display: inline-block; padding: 0 .4rem; margin-left: .3rem; border-radius: .3rem;
        background: #eef; font-size: .85rem; }
.mark { font-weight: 600; margin-left: .4rem; }
.verified { color: #0a6b2d; } .disputed { color: #a4161a; } .note { color: #5a4a00; }
.orphaned { color: #a4161a; font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem;
         border-bottom: 1px solid #e4e4e4; }
.empty { color: #666; font-style: italic; }
td:first-child { white-space: nowrap; }
q { quotes: "“" "”"; }
"""


def _t(text: str | None) -> str:
    """Article or file text made inert: controls visible, markup escaped."""
    return escape(visible(" ".join((text or "").split())), quote=True)


def _mark(mark: MarkInfo | None) -> str:
    if mark is None:
        return ""
    kind = mark.mark or "note"
    note = f": {_t(mark.note)}" if mark.note else ""
    return (
        f' <span class="mark {kind}">{_t(mark_label(mark))}</span>'
        f' <span class="outlets">({_t(mark.author)}){note}</span>'
    )


def _leans(leans: dict[str, int]) -> str:
    return "".join(f'<span class="lean">{_t(k)} {v}</span>' for k, v in leans.items())


def _claims(claims: list[Claim], empty: str) -> list[str]:
    if not claims:
        return [f'<p class="empty">{_t(empty)}</p>']
    out = ["<ul>"]
    for c in claims:
        by_user = ' <span class="outlets">(linked by hand)</span>' if c.by_user else ""
        out.append(
            f"<li>{_t(c.wording)}{by_user}{_mark(c.mark)}<br>"
            f'<span class="outlets">{_t(", ".join(c.outlets))}</span>{_leans(c.leans)}</li>'
        )
    out.append("</ul>")
    return out


def _differences(items: list[Difference], empty: str) -> list[str]:
    if not items:
        return [f'<p class="empty">{_t(empty)}</p>']
    out = ["<ul>"]
    for d in items:
        out.append(f"<li>{_t(d.summary)}{_mark(d.mark)}<ul>")
        for v in d.values:
            normal = f" = {_t(v.normalized)}" if v.normalized else ""
            said = f" — {_t(v.speaker)}" if v.speaker else ""
            out.append(f"<li><b>{_t(v.outlet)}</b>: <q>{_t(v.surface)}</q>{normal}{said}</li>")
        for note in d.notes:
            out.append(f'<li class="empty">{_t(note)}</li>')
        out.append("</ul></li>")
    out.append("</ul>")
    return out


def render_brief_html(brief: Brief) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_t(brief.title)} — brief</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_t(brief.title)}</h1>",
        f'<p class="counts">{_t(counts_sentence(brief.counts))}.</p>',
    ]
    if brief.marked_only:
        out.append('<p class="empty">Only what carries a mark or a note.</p>')
    if brief.corrected:
        out.append(
            f'<p class="empty">The claims include {brief.corrected} correction(s) of the '
            "alignment made by hand.</p>"
        )
    out += [
        '<section id="timeline"><h2>Headlines and timeline</h2><table>',
        "<tr><th>date</th><th>outlet</th><th>headline</th></tr>",
    ]
    for o in brief.timeline:
        lean = f'<span class="lean">{_t(o.lean)}</span>' if o.lean else ""
        out.append(
            f"<tr><td>{_t(o.date or 'no date')}</td><td>{_t(o.name)}{lean}</td>"
            f"<td>{_t(o.title) or '<i>no headline</i>'}</td></tr>"
        )
    out.append("</table></section>")
    out.append('<section id="core"><h2>The core: what most outlets report</h2>')
    out += _claims(brief.core, "No claim is carried by several outlets.")
    if brief.core_more:
        out.append(f'<p class="empty">and {brief.core_more} more carried by most outlets</p>')
    out.append("</section>")
    if brief.blind_spots:
        out.append(
            '<section id="blind-spots"><h2>Blind spots: claims carried by outlets of one lean '
            "only</h2>"
        )
        out += _claims(brief.blind_spots, "")
        out.append("</section>")
    out.append('<section id="alone"><h2>What each outlet alone says</h2>')
    if not brief.alone:
        out.append('<p class="empty">Nothing: every claim is carried by several outlets.</p>')
    for name, claims in brief.alone.items():
        out.append(f"<h3>{_t(name)}</h3>")
        out += _claims(claims, "")
        more = brief.alone_more.get(name)
        if more:
            out.append(f'<p class="empty">and {more} more</p>')
    out.append("</section>")
    out.append('<section id="numbers"><h2>Numbers that disagree</h2>')
    out += _differences(brief.numbers, "No number disagrees.")
    out.append("</section>")
    out.append('<section id="quotes"><h2>Quotes worded differently</h2>')
    out += _differences(brief.quotes, "No quote is worded differently.")
    out.append("</section>")
    out.append('<section id="copied"><h2>Copied text</h2>')
    if brief.copied:
        out += ["<ul>", *(f"<li>{_t(line)}</li>" for line in brief.copied), "</ul>"]
    else:
        out.append('<p class="empty">No outlet copies another word for word.</p>')
    out.append("</section>")
    out.append('<section id="marks"><h2>Marks and notes</h2>')
    if not brief.marks:
        out.append('<p class="empty">No marks or notes yet (v, x and a in the reader).</p>')
    else:
        out.append("<ul>")
        for m in brief.marks:
            orphan = (
                ' <span class="orphaned">orphaned: its passage is no longer in the story</span>'
                if m.orphaned
                else ""
            )
            note = f": {_t(m.note)}" if m.note else ""
            out.append(
                f'<li><span class="mark {m.mark or "note"}">{_t(mark_label(m))}</span> by '
                f"{_t(m.author)}, {_t(m.updated)}{orphan}{note}<ul>"
            )
            for p in m.passages:
                out.append(f"<li><b>{_t(p['outlet'])}</b>: <q>{_t(p['text'])}</q></li>")
            out.append("</ul></li>")
        out.append("</ul>")
    out.append("</section></body></html>")
    return "\n".join(out) + "\n"
