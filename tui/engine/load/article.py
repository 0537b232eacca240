"""One article file to Sources (a JSON file may hold several): its format read from its
suffix, story.toml's metadata over what the file says."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tui.engine.load.cleaning import _clean, _tidy
from tui.engine.load.decoding import _decode
from tui.engine.load.errors import _safe, _Skip
from tui.engine.load.html_pages import _parse_html
from tui.engine.load.json_articles import _json_items
from tui.engine.load.markdown import _markdown
from tui.engine.load.metadata import _find_title, _Meta, _text_meta
from tui.model import LoadNote, NoiseSpan, Source

# Article file types by suffix (lower case) and the `Source.format` they load as.
ARTICLE_FORMATS: Mapping[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}


def _load_article_safely(
    data: bytes, name: str, overrides: Mapping[str, str]
) -> tuple[list[Source], list[LoadNote]]:
    """`_load_article`, with any failure on this file's content (a parser's recursion limit, a
    number too long to convert, a bug met only by odd input) a skip of this file alone."""
    try:
        return _load_article(data, name, overrides)
    except _Skip:
        raise
    except (RecursionError, MemoryError):
        raise _Skip(name, "is nested too deeply or too large to read") from None
    except Exception as error:  # one bad file never stops the story
        raise _Skip(name, f"could not be read ({type(error).__name__}: {error})") from None


def _load_article(
    data: bytes, name: str, overrides: Mapping[str, str]
) -> tuple[list[Source], list[LoadNote]]:
    """Sources from one file (JSON files may hold several) and notes about it."""
    fmt = ARTICLE_FORMATS.get(Path(name).suffix.lower(), "text")
    decoded = _decode(data, name)
    notes: list[LoadNote] = []
    dropped: list[str] = []
    if decoded.replaced:
        dropped.append(f"invalid {decoded.encoding} bytes x{decoded.replaced} (replaced)")
    hint = overrides.get("outlet") or Path(name).stem

    if fmt in ("json", "jsonl"):
        items, problems = _json_items(decoded.text, name, fmt)
        if not items:
            first = problems[0] if problems else "holds no article"
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise _Skip(name, first + more)
        shown = _safe(name)
        notes.extend(LoadNote(shown, f"{problem}; skipped") for problem in problems)
        return [
            _make_source(text, meta, fmt, decoded.encoding, dropped + item_dropped, overrides)
            for text, meta, item_dropped in items
        ], notes

    noise: tuple[NoiseSpan, ...] = ()
    if fmt == "html":
        text, meta, html_dropped, noise = _parse_html(decoded.text, hint)
        dropped.extend(html_dropped)
    else:
        text, removed = _clean(decoded.text)
        if fmt == "markdown":
            text, meta, md_dropped = _markdown(text, hint)
            dropped.extend(md_dropped)
        else:
            text = _tidy(text)
            meta = _text_meta(text, hint)
        if removed:
            dropped.append(f"control characters x{removed}")
    if not text.strip():
        raise _Skip(name, "is empty" if fmt != "html" else "has no article text")
    return [_make_source(text, meta, fmt, decoded.encoding, dropped, overrides, noise)], notes


def _make_source(
    text: str,
    meta: _Meta,
    fmt: str,
    encoding: str,
    dropped: list[str],
    overrides: Mapping[str, str],
    noise: tuple[NoiseSpan, ...] = (),
) -> Source:
    """A Source with story.toml's metadata taking precedence over what the file says."""
    title, span = meta.title, meta.title_span
    if overrides.get("title") and overrides["title"] != title:
        title = overrides["title"]
        span = _find_title(text, title)
    return Source(
        id="",
        path="",
        text=text,
        outlet=overrides.get("outlet") or meta.outlet or "",
        title=title,
        date=overrides.get("date") or meta.date,
        url=overrides.get("url") or meta.url,
        format=fmt,
        encoding=encoding,
        title_span=span,
        dropped=tuple(dropped),
        lean=overrides.get("lean"),
        noise=noise,
    )
