"""An HTML page as an article: every visible block in reading order, the main text chosen by
trafilatura, and what it leaves out kept as noise with a reason.

trafilatura (a well-kept extractor) decides what the article is: on its public evaluation set
it reaches F1 0.93 against 0.81 for the hand-written selectolax extraction it replaces, at the
same speed. It returns the article's text, not where that text stands on the page, so the page
is also read here block by block (selectolax, fast) and each block is matched to the
extractor's text in order. Blocks it kept are the article; the rest (menus, footers, related
links, comments) stays in the text as noise spans, so nothing is lost and the page reads in
order. Scripts, styles, forms and hidden elements are not text on the page and are dropped,
described in `dropped`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tui.model import NoiseReason, NoiseSpan

# Elements that never hold article text; dropped with their content.
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "svg",
    "form",
    "iframe",
    "template",
    "button",
    "object",
    "embed",
    "canvas",
    "select",
    "textarea",
)
HIDDEN = '[hidden], [aria-hidden="true"], [style*="display:none"], [style*="display: none"]'
# Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main nav ol
    p pre section summary table tbody td tfoot th thead tr ul""".split()  # noqa: SIM905
)
# Page regions, by element or ARIA role, and the noise reason a left-out block inside them gets.
REGION_REASONS = {
    "nav": NoiseReason.NAVIGATION,
    "navigation": NoiseReason.NAVIGATION,
    "header": NoiseReason.SITE_HEADER,
    "banner": NoiseReason.SITE_HEADER,
    "footer": NoiseReason.PAGE_CHROME,
    "contentinfo": NoiseReason.PAGE_CHROME,
    "aside": NoiseReason.RELATED_LINKS,
    "complementary": NoiseReason.RELATED_LINKS,
}
DATE_SELECTORS = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="publishdate"]',
    'meta[name="publish-date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date.issued"]',
    'meta[name="parsely-pub-date"]',
    'meta[property="og:published_time"]',
)
# A block this long that stands anywhere in the extractor's text is the article's, even out of
# order; a shorter one ("Home", "Share") must come next in order, or be one of its lines.
LONG_BLOCK = 15
# How far ahead of the last match a short block may stand and still be the next of the text.
NEAR = 40
# Pages larger than this skip the extractor's costliest fallbacks (its run time grows faster
# than the page beyond it); smaller pages get its full precision.
FAST_EXTRACTION_BYTES = 2 * 1024 * 1024

_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# Deeper nesting than this is unwrapped before parsing (see `limit_depth`).
MAX_DEPTH = 256
# The container elements `limit_depth` counts: always closed explicitly.
_NESTING_TAGS = (
    "div|span|section|article|main|aside|nav|header|footer|blockquote|ul|ol|table|form|a|b|i"
    "|em|strong|font|center|small|big|sup|sub|u|s|figure|details"
)
_TAG_RE = re.compile(rf"<(/?)(?:{_NESTING_TAGS})(?=[\s>/])[^>]*>", re.IGNORECASE)
_LIST_PREFIX_RE = re.compile(r"^(?:- |\d{1,4}\. )")
_BR = "\x00"  # stands for <br> until a block is flushed; NUL never survives decoding
_SNIPPETS = 3  # how many blocks a description of dropped elements quotes


@dataclass
class HtmlArticle:
    """What one page gives: its text (every block, in order) and where the noise in it is."""

    text: str = ""
    noise: list[NoiseSpan] = field(default_factory=list)
    title: str | None = None
    title_span: tuple[int, int] | None = None
    page_title: str | None = None  # the <title> or og:title, for the outlet's name
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    dropped: list[str] = field(default_factory=list)


@dataclass
class _Block:
    text: str
    region: NoiseReason | None  # the page region it stands in, if any
    heading: bool = False  # an <h1>
    links: float = 0.0  # the share of its characters inside links


def parse_page(raw: str, clean: Any, parse_date: Any, extract: bool = True) -> HtmlArticle:
    """The article of one HTML page. `clean(text) -> (text, removed)` and `parse_date` are the
    loader's own, so HTML text is cleaned exactly like plain text. `extract=False` keeps every
    block as the article (HTML inside a JSON field is already the article's body)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(limit_depth(raw))
    page = HtmlArticle()
    _metadata(tree, page, parse_date)
    body = tree.body if tree.body is not None else tree.root
    if body is None:
        return page
    _drop_invisible(tree, body, page)
    blocks = []
    for block in _blocks(body):
        block.text = clean(block.text)[0].strip()  # as shown: matched and offset as such
        if block.text:
            blocks.append(block)
    if not blocks:
        return page
    # The extractor reads the page as it is now, without scripts, styles and hidden elements:
    # the same F1 on the evaluation pages, a sixth less time, far less memory on script-heavy
    # pages, and nothing it could choose that is not in the blocks.
    visible = (tree.html or raw) if extract else raw
    del tree, body  # the parsed page is done with: free it before the extractor builds its own
    kept = _extracted(visible, page, blocks, clean, parse_date) if extract else None
    if extract and page.date is None:
        page.date = parse_date(_page_date(raw) or "")
    headline = _headline(blocks, kept, page.title)
    pieces: list[str] = []
    offset = 0
    for index, block in enumerate(blocks):
        text = block.text
        if pieces:
            offset += 2
        start, end = offset, offset + len(text)
        pieces.append(text)
        offset = end
        if index == headline:
            page.title_span = (start, end)
            page.title = " ".join(text.split())
        elif kept is not None and not kept[index]:
            reason = block.region or (
                NoiseReason.NAVIGATION if block.links >= 0.5 else NoiseReason.OUTSIDE_ARTICLE
            )
            if page.noise and page.noise[-1].end == start - 2 and page.noise[-1].reason is reason:
                page.noise[-1] = NoiseSpan(page.noise[-1].start, end, reason)
            else:
                page.noise.append(NoiseSpan(start, end, reason))
    page.text = "\n\n".join(pieces)
    if kept is not None:
        left_out = [b.text for i, b in enumerate(blocks) if not kept[i] and i != headline]
        if left_out:
            page.dropped.append(_describe("kept as noise (outside the article)", left_out))
    return page


def _headline(blocks: list[_Block], kept: list[bool] | None, title: str | None) -> int | None:
    """Which <h1> block is the article's headline: the one the extractor names as the title,
    else the first it kept, else the first on the page."""
    headings = [i for i, block in enumerate(blocks) if block.heading]
    if not headings:
        return None
    wanted = _norm(title).casefold() if title else None
    for index in headings:
        if wanted and _norm(blocks[index].text).casefold() == wanted:
            return index
    if kept is not None:
        for index in headings:
            if kept[index]:
                return index
    return headings[0]


def limit_depth(raw: str, limit: int = MAX_DEPTH) -> str:
    """The page with container elements nested deeper than `limit` unwrapped (their text
    kept). HTML parsers, selectolax's and lxml's alike, take time growing with the square of
    the nesting: 1 MB of nested <div> took 25 s. Only elements that are always closed
    explicitly are counted, so a page's unclosed <p> and <li> cannot throw the count off."""
    if raw.count("<") <= limit:
        return raw  # too few tags to be that deep
    pieces: list[str] = []
    kept: list[bool] = []  # for each open counted element: was its tag kept?
    last = 0
    for match in _TAG_RE.finditer(raw):
        if match.group(0).endswith("/>"):
            continue
        if match.group(1):  # a closing tag
            if kept and not kept.pop():
                pieces.append(raw[last : match.start()])
                last = match.end()
            continue
        keep = len(kept) < limit
        kept.append(keep)
        if not keep:
            pieces.append(raw[last : match.start()])
            last = match.end()
    if last == 0:
        return raw
    pieces.append(raw[last:])
    return "".join(pieces)


def _page_date(raw: str) -> str | None:
    """The publication date htmldate (the extractor's own date finder) reads from a page's
    <time> elements, URLs and markup, in its fast mode (6 ms a page; it finds a date on 93 of
    the 106 evaluation pages), for pages whose metadata gives none."""
    try:
        from htmldate import find_date

        _quiet_extractor_logs()
        found = find_date(raw, extensive_search=False, original_date=True)
    except Exception:  # a page it cannot read: no date, the article still loads
        return None
    return found if isinstance(found, str) else None


def _edition_label(site_name: str, url: str) -> bool:
    """Whether og:site_name is an edition's or a section's label rather than the outlet's
    name: a few letters the address's name does not hold (Reuters' pages give "U.S.")."""
    letters = re.sub(r"[^a-z0-9]", "", site_name.lower())
    host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].split(":")[0]
    labels = [p for p in host.split(".")[:-1] if p not in ("www", "m", "amp")]
    related = any(letters in p or (len(p) >= 3 and p in letters) for p in labels)
    return 0 < len(letters) <= 4 and bool(labels) and not related


def _metadata(tree: Any, page: HtmlArticle, parse_date: Any) -> None:
    page.outlet = _attr(tree, 'meta[property="og:site_name"]', "content")
    page.url = _attr(tree, 'link[rel="canonical"]', "href") or _attr(
        tree, 'meta[property="og:url"]', "content"
    )
    if page.outlet and page.url and _edition_label(page.outlet, page.url):
        page.outlet = None  # the other names of the page, or its address, say who it is
    for selector in DATE_SELECTORS:
        page.date = parse_date(_attr(tree, selector, "content") or "")
        if page.date:
            break
    if page.date is None:
        for script in tree.css('script[type="application/ld+json"]'):
            found = re.search(r'"datePublished"\s*:\s*"([^"]{1,100})"', script.text() or "")
            page.date = parse_date(found.group(1)) if found else None
            if page.date:
                break
    title_tag = _node_text(tree.css_first("title"))
    page.page_title = _attr(tree, 'meta[property="og:title"]', "content") or title_tag


def _drop_invisible(tree: Any, body: Any, page: HtmlArticle) -> None:
    """Remove what a browser does not show as text: scripts, styles, forms, hidden elements."""
    for tag in DROP_TAGS:
        nodes = _outermost(tree.css(tag))
        if tag == "form":
            # Some sites wrap the whole page in one <form>: that one is unwrapped, not dropped.
            wrappers = {n.mem_id for n in nodes if _wraps_page(n, body)}
            for node in nodes:
                if node.mem_id in wrappers:
                    node.unwrap()
            nodes = [n for n in nodes if n.mem_id not in wrappers]
        if nodes:
            page.dropped.append(f"{tag} x{len(nodes)}")
            for node in nodes:
                node.decompose()
    hidden = _outermost(tree.css(HIDDEN))
    if hidden:
        page.dropped.append(f"hidden element x{len(hidden)}")
        for node in hidden:
            node.decompose()


def _extracted(
    raw: str, page: HtmlArticle, blocks: list[_Block], clean: Any, parse_date: Any
) -> list[bool]:
    """Which blocks the extractor counts as the article, in order; its metadata fills gaps."""
    import trafilatura

    _quiet_extractor_logs()
    document = trafilatura.bare_extraction(
        _xml_safe(raw, clean),
        url=page.url,
        include_comments=False,  # readers' comments are not the outlet's reporting
        include_tables=True,
        fast=len(raw) > FAST_EXTRACTION_BYTES,
        deduplicate=False,
    )
    text = getattr(document, "text", None) or ""
    if not text.strip():  # nothing found (a very short page): every block may be the article
        return [True] * len(blocks)
    if document is not None:
        page.date = page.date or parse_date(getattr(document, "date", None) or "")
        page.outlet = page.outlet or getattr(document, "sitename", None) or None
        page.url = page.url or getattr(document, "url", None) or None
        page.title = getattr(document, "title", None) or None
    return match_blocks([b.text for b in blocks], text)


_CHARACTER_REFERENCE_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _xml_safe(raw: str, clean: Any) -> str:
    """The page as the extractor's XML tree accepts it: one control character, raw or as a
    reference (`&#27;`), would make it discard the whole page. References to controls become
    the characters, so that `clean` removes them (and an escape sequence whole) just as it
    does from the page's blocks, and the two texts still match."""
    if "&#" in raw:

        def control(match: re.Match[str]) -> str:
            code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
            is_control = (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or 0x7F <= code <= 0x9F
            if is_control:
                return chr(code)
            return "" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)

        raw = _CHARACTER_REFERENCE_RE.sub(control, raw)
    return str(clean(raw)[0])


def _quiet_extractor_logs() -> None:
    """The extractor and its helpers log warnings ("discarding data: ..."); with no handler
    Python would print them on stderr, under the reader. They are not the user's business."""
    import logging

    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def match_blocks(blocks: list[str], extracted: str) -> list[bool]:
    """For each page block, whether it is part of `extracted` (the extractor's text).

    Blocks are matched in reading order with a cursor through the extracted text, so a menu
    item that happens to occur inside the article ("Home", "Sport") is not taken for it; a long
    block counts wherever it stands (extractors move a lead or a caption)."""
    lines = [_norm(line) for line in extracted.split("\n")]
    whole = " ".join(line for line in lines if line)
    line_set = {line for line in lines if line}
    cursor = 0
    kept: list[bool] = []
    for block in blocks:
        parts = [_norm(_LIST_PREFIX_RE.sub("", part)) for part in block.split("\n")]
        parts = [part for part in parts if part]
        if not parts:
            kept.append(False)
            continue
        found = 0
        for part in parts:
            at = whole.find(part, cursor)
            near = at >= 0 and (at - cursor <= 2 * len(part) + NEAR or part in line_set)
            if near:
                cursor = at + len(part)
                found += len(part)
            elif len(part) >= LONG_BLOCK and whole.find(part) >= 0:
                found += len(part)
        kept.append(found * 2 >= sum(len(part) for part in parts))
    return kept


def _norm(text: str) -> str:
    """Text as compared: one space for any run of whitespace, no invisible format characters
    (the extractor drops some, such as soft hyphens and bidi isolates)."""
    return _WS_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


def _blocks(node: Any) -> list[_Block]:
    """Text blocks in reading order: each block-level element is one; `<br>` breaks lines."""
    blocks: list[_Block] = []
    buffer: list[str] = []
    link_chars = 0  # of the buffer's characters (not counting spaces), those inside <a>
    prefix = ""
    lists: list[list[Any]] = []  # [tag, counter] of the enclosing ul/ol
    regions: list[NoiseReason] = []  # the page regions the walk is inside, innermost last
    headings = 0  # depth inside <h1>
    links = 0  # depth inside <a>

    def flush() -> None:
        nonlocal prefix, link_chars
        joined = "".join(buffer)
        buffer.clear()
        lines = [_WS_RE.sub(" ", part).strip() for part in joined.split(_BR)]
        text = "\n".join(line for line in lines if line)
        if text:
            share = link_chars / max(1, len(_WS_RE.sub("", text)))
            region = regions[-1] if regions else None
            blocks.append(_Block(prefix + text, region, headings > 0, min(1.0, share)))
            prefix = ""
        link_chars = 0

    stack: list[tuple[Any, bool, bool]] = [(node, False, False)]  # node, leaving, a region
    while stack:
        current, leaving, region = stack.pop()
        tag = current.tag or "-"  # a processing instruction (<?php ... ?>) has no tag
        if leaving and tag == "a":
            links -= 1  # a link ends inside its block: no new block
            continue
        if leaving:
            flush()
            if tag in ("ul", "ol") and lists:
                lists.pop()
            if tag == "li":
                prefix = ""
            if tag == "h1":
                headings -= 1
            if region:
                regions.pop()
            continue
        if tag == "-text":
            content = current.text_content or ""
            buffer.append(content)
            if links:
                link_chars += len(_WS_RE.sub("", content))
            continue
        if tag.startswith("-") or tag.startswith("!"):
            continue
        if tag == "br":
            buffer.append(_BR)
            continue
        if tag == "pre":
            flush()
            pre = (current.text(deep=True) or "").strip("\n")
            if pre.strip():
                text = "\n".join(line.rstrip() for line in pre.split("\n"))
                blocks.append(_Block(text, regions[-1] if regions else None))
            continue
        if tag == "a":
            links += 1
            stack.append((current, True, False))
        elif tag in BLOCK_TAGS:
            flush()
            if tag in ("ul", "ol"):
                lists.append([tag, 0])
            elif tag == "li":
                if lists and lists[-1][0] == "ol":
                    lists[-1][1] += 1
                    prefix = f"{lists[-1][1]}. "
                else:
                    prefix = "- "
            elif tag == "h1":
                headings += 1
            reason = _region(current, tag)
            if reason is not None:
                regions.append(reason)
            stack.append((current, True, reason is not None))
        children = list(current.iter(include_text=True))
        stack.extend((child, False, False) for child in reversed(children))
    flush()
    return blocks


def _region(node: Any, tag: str) -> NoiseReason | None:
    reason = REGION_REASONS.get(tag)
    if reason is None:
        role = node.attributes.get("role") if tag in ("div", "section", "ul") else None
        reason = REGION_REASONS.get(role or "")
    return reason


def _wraps_page(node: Any, body: Any) -> bool:
    """Whether an element holds the page's content rather than being a widget."""
    if node.css_first("article, main, h1") is not None:
        return True
    return _text_size(node) >= 0.5 * max(1, _text_size(body))


def _text_size(node: Any) -> int:
    return len(_WS_RE.sub("", node.text(deep=True) or ""))


def _attr(tree: Any, selector: str, name: str) -> str | None:
    node = tree.css_first(selector)
    if node is None:
        return None
    value = node.attributes.get(name)
    return _one_line(value) if value else None


def _node_text(node: Any) -> str | None:
    if node is None:
        return None
    return _one_line(node.text(deep=True, separator=" "))


def _one_line(value: str) -> str | None:
    text = " ".join(value.split())
    return text or None


def _outermost(nodes: list[Any]) -> list[Any]:
    """The nodes that are not inside another node of the list."""
    ids = {n.mem_id for n in nodes}
    result = []
    for node in nodes:
        parent, nested = node.parent, False
        while parent is not None:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        if not nested:
            result.append(node)
    return result


def _describe(label: str, blocks: list[str]) -> str:
    """What was set aside, readable: "nav: 2 blocks (Home, Sport)"."""
    snippets = [_LIST_PREFIX_RE.sub("", b, count=1).split("\n")[0] for b in blocks[:_SNIPPETS]]
    shown = [b if len(b) <= 30 else b[:29].rstrip() + "…" for b in snippets]
    more = ", ..." if len(blocks) > _SNIPPETS else ""
    noun = "block" if len(blocks) == 1 else "blocks"
    return f"{label}: {len(blocks)} {noun} ({', '.join(shown)}{more})"
