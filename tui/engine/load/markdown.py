"""Markdown articles: a `#` or underlined headline, and YAML front matter read as metadata."""

from __future__ import annotations

import re

from tui.engine.load.cleaning import _meta_text, _tidy
from tui.engine.load.dates import _parse_date
from tui.engine.load.lazy_pattern import _lazy
from tui.engine.load.metadata import _find_title, _first_lines, _Meta, _text_meta

_FRONT_MATTER_END_RE = _lazy(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_ATX_TITLE_RE = _lazy(r"#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = _lazy(r"=+[ \t]*$")


def _markdown(text: str, hint: str | None) -> tuple[str, _Meta, list[str]]:
    """Markdown text as written, minus YAML front matter whose keys become metadata."""
    dropped: list[str] = []
    fields: dict[str, str] = {}
    if text.startswith("---\n"):
        end = _FRONT_MATTER_END_RE.search(text, 4)
        if end:
            block = text[4 : end.start()]
            fields = _front_matter(block)
            text = text[end.end() :]
            dropped.append(f"front matter ({len(block.splitlines())} lines)")
    text = _tidy(text)
    meta = _Meta()
    lines = _first_lines(text, 3)
    if lines:
        first = lines[0]
        heading = _ATX_TITLE_RE.fullmatch(first.text)
        if heading and first.text.startswith("# "):
            meta.title = heading.group("title").strip()
            start = first.start + heading.start("title")
            meta.title_span = (start, start + len(meta.title))
        elif len(lines) > 1 and _SETEXT_RE.fullmatch(lines[1].text) and not first.blank_after:
            meta.title = first.text
            meta.title_span = (first.start, first.start + len(first.text))
        else:
            meta = _text_meta(text, hint)
    title = _meta_text(fields.get("title"))
    if title:
        if title != meta.title:
            meta.title_span = _find_title(text, title)
        meta.title = title
    date = _parse_date(fields.get("date") or fields.get("published") or "")
    meta.date = date or meta.date
    outlet = next(
        (fields[k] for k in ("outlet", "source", "site", "publisher") if fields.get(k)), None
    )
    meta.outlet = _meta_text(outlet) or meta.outlet
    meta.url = _meta_text(fields.get("url") or fields.get("link") or fields.get("canonical"))
    return text, meta, dropped


def _front_matter(block: str) -> dict[str, str]:
    """`key: value` pairs of a YAML front matter block (nested values are ignored)."""
    fields: dict[str, str] = {}
    for line in block.split("\n"):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$", line)
        if not match or not match.group(2):
            continue
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        fields[match.group(1).lower()] = value
    return fields
