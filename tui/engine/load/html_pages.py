"""An HTML page's article text and metadata, as the loader needs them (the page itself is read
in `tui.engine.html`)."""

from __future__ import annotations

from tui.engine.load.cleaning import _clean, _meta_text
from tui.engine.load.dates import _parse_date
from tui.engine.load.metadata import _find_title, _Meta, _split_tail
from tui.model import NoiseSpan


def _parse_html(
    raw: str, hint: str | None, extract: bool = True
) -> tuple[str, _Meta, list[str], tuple[NoiseSpan, ...]]:
    """The page's text (its article, and what is not, as noise spans), its metadata, and what
    was dropped. `extract=False`: all of it is the article (HTML inside a JSON field)."""
    from tui.engine.html import parse_page
    from tui.engine.memory import TRIM_CHARACTERS, release_free_memory

    page = parse_page(raw, _clean, _parse_date, extract=extract)
    if len(raw) >= TRIM_CHARACTERS:  # the page's parse trees are freed: return their pages
        release_free_memory()
    meta = _Meta(date=page.date, outlet=page.outlet, url=page.url)
    if page.page_title:
        meta.outlet = meta.outlet or _split_tail(page.page_title, hint)[2]
    if meta.outlet is None and page.url:  # else the site's own address names it
        from urllib.parse import urlsplit

        try:
            host = urlsplit(page.url).hostname or ""
        except ValueError:  # a malformed address in the page's markup
            host = ""
        meta.outlet = _meta_text(host.removeprefix("www.")) if "." in host else None
    text = page.text.rstrip()
    title = _meta_text(page.title)
    if title is None and page.page_title:
        title = _meta_text(_split_tail(page.page_title, hint)[0])
    if title:
        meta.title = title
        meta.title_span = page.title_span or _find_title(text, title)
    return text, meta, page.dropped, tuple(page.noise)
