"""`coverage-tui marks`: the marks of a story (or of every story) as text or as the
`coverage-tui/marks@1` JSON list (docs/report-schema.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tui.desk.store import Mark, Member

SCHEMA = "coverage-tui/marks@1"


@dataclass(frozen=True)
class Listed:
    """A mark with the story it belongs to and its passages as they stand now."""

    mark: Mark
    story_title: str
    story_path: str
    passages: tuple[Member, ...]
    orphaned: bool


def mark_to_dict(item: Listed) -> dict[str, Any]:
    mark = item.mark
    return {
        "story": {"title": item.story_title, "path": item.story_path},
        "mark": mark.state,
        "note": mark.note,
        "author": mark.author,
        "made": mark.created,
        "updated": mark.updated,
        "orphaned": item.orphaned,
        "anchor": {
            "outlet": mark.anchor.outlet,
            "source": mark.anchor.source_id,
            "text": mark.anchor.text,
        },
        "passages": [{"outlet": m.outlet, "text": m.text} for m in item.passages],
    }


def render_marks_json(items: Sequence[Listed]) -> str:
    return json.dumps([mark_to_dict(i) for i in items], ensure_ascii=False, indent=2) + "\n"


def render_marks_text(items: Sequence[Listed]) -> str:
    """One block per mark: state, who and when, the note, the passages; orphans said so."""
    from tui.engine.findings import summarise
    from tui.visible import visible

    if not items:
        return "No marks.\n"
    out: list[str] = []
    story = None
    for item in items:
        if item.story_path != story:
            story = item.story_path
            out += [f"{visible(item.story_title)}  ({visible(item.story_path)})", ""]
        mark = item.mark
        state = mark.state or "note"
        orphan = "  ORPHANED: its passage is no longer in the story" if item.orphaned else ""
        out.append(f"  {state:<9} {visible(mark.author)}  {mark.updated}{orphan}")
        if mark.note:
            out.append(f"    note: {visible(' '.join(mark.note.split()))}")
        for member in item.passages:
            out.append(f"    {visible(member.outlet)}: {visible(summarise(member.text, 90))}")
        out.append("")
    return "\n".join(out)
