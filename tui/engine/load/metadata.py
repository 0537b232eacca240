"""A plain-text article's head: its headline, a date line or prefix, and the outlet a
"Title | Section | site" or "Title - Site" tail names. Nothing is removed from the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.engine.load.dates import _DATE_LINE_RE, _DATE_PREFIX_RE, _parse_date
from tui.engine.load.lazy_pattern import _lazy


@dataclass
class _Meta:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None


def _find_title(text: str, title: str) -> tuple[int, int] | None:
    """Where `title` stands near the top of `text`, if it does."""
    start = text.find(title, 0, 2000 + len(title))
    return (start, start + len(title)) if start >= 0 else None


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DOMAIN_RE = _lazy(
    r"(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/?", re.I
)
_PIPE_RE = _lazy(r"\s+[|｜]\s+")
_DASH_RE = _lazy(r"\s+[-–—]\s+")
# Words that mark a short " - Tail" as a publication's name rather than part of the headline.
_OUTLET_WORDS = _wordset(
    """news times post journal tribune herald daily online tv radio press magazine media
    guardian gazette today wire network channel chronicle observer telegraph independent
    express mail star sun review report weekly insider reporter dispatch bulletin examiner
    register courier monitor standard mirror record inquirer globe digest"""
)
# A lone section name after a pipe is not an outlet ("Title | Politics").
_SECTION_WORDS = _wordset(
    """world politics news opinion us u.s. uk business sport sports tech technology health
    science europe asia africa americas entertainment culture lifestyle economy markets local
    national international breaking latest analysis video live"""
)
_LIST_START_RE = _lazy(r"^(?:[-*+•·‣▪–—>#]|\(?\d{1,3}[.)])\s")
_SENTENCE_END_RE = _lazy(r"[.!?…][\"”’')\]]*$")
_SENTENCE_BREAK_RE = _lazy(r"[.!?…][\"”’')\]]*\s+[\"“‘'(]?[A-Z0-9]")
_NOT_TITLE_RE = _lazy(r"^(?:by|von|par|por)\s+\S", re.I)
# Short labels a page-saved text may start with, before its headline.
_LEAD_LABEL_RE = _lazy(
    r"^(?:advertisement|skip to (?:main )?content|menu|home|breaking(?: news)?|exclusive|"
    r"live|updated|opinion|analysis|share|subscribe|sign in|log in)\s*:?$",
    re.I,
)
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 35
# A headline that ends like a sentence must be at most this long and stand alone.
_MAX_SENTENCE_TITLE_CHARS = 160


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-blank character
    text: str  # stripped
    blank_after: bool  # followed by a blank line or the end of the text


def _first_lines(text: str, limit: int) -> list[_Line]:
    """The first `limit` non-blank lines, found without splitting the whole text."""
    lines: list[_Line] = []
    pos = 0
    pending: tuple[int, str] | None = None
    while pos <= len(text) and len(lines) < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        raw = text[pos:end]
        stripped = raw.strip()
        if pending is not None:
            lines.append(_Line(pending[0], pending[1], not stripped))
            pending = None
        if stripped:
            pending = (pos + len(raw) - len(raw.lstrip()), stripped)
        if end >= len(text):
            break
        pos = end + 1
    if pending is not None and len(lines) < limit:
        lines.append(_Line(pending[0], pending[1], True))
    return lines


def _text_meta(text: str, hint: str | None = None) -> _Meta:
    """Title, date and outlet from the head of a plain-text article (nothing is removed)."""
    meta = _Meta()
    lines = _first_lines(text, 6)
    i = 0
    while i < len(lines) - 1 and i < 2 and _LEAD_LABEL_RE.match(lines[i].text):
        i += 1
    if i >= len(lines):
        return meta
    if _DATE_LINE_RE.fullmatch(lines[i].text):
        meta.date = _parse_date(lines[i].text)
        i += 1
        if i >= len(lines):
            return meta
    line = lines[i]
    start, candidate, marked = line.start, line.text, False
    if meta.date is None:
        match = _DATE_PREFIX_RE.match(candidate)
        if match and match.end() < len(candidate):
            date = _parse_date(match.group("d1") or match.group("d2"))
            if date:
                meta.date = date
                start += match.end()
                candidate = candidate[match.end() :]
                marked = True
    title, offset, outlet = _split_tail(candidate, hint)
    if title != candidate:
        marked = True
    meta.outlet = outlet
    has_body = i + 1 < len(lines)
    if has_body and _heading_like(title, line.blank_after, marked):
        meta.title = title
        meta.title_span = (start + offset, start + offset + len(title))
        if meta.date is None and _DATE_LINE_RE.fullmatch(lines[i + 1].text):
            meta.date = _parse_date(lines[i + 1].text)
    return meta


def _heading_like(title: str, blank_after: bool, marked: bool) -> bool:
    """A headline, not the first sentence of the body."""
    if not title or len(title) > _MAX_TITLE_CHARS:
        return False
    words = title.split()
    if len(words) > _MAX_TITLE_WORDS or (len(words) < 2 and not marked):
        return False
    if _LIST_START_RE.match(title) or _NOT_TITLE_RE.match(title) or title[-1] in ",;:":
        return False
    if _SENTENCE_END_RE.search(title):
        # Headlines may end like sentences ("...? Partly, experts explain."), but then they
        # stand alone, are short, and hold at most two sentences; a lead paragraph does not.
        return (
            blank_after
            and len(title) <= _MAX_SENTENCE_TITLE_CHARS
            and len(_SENTENCE_BREAK_RE.findall(title)) <= 1
        )
    return True


def _split_tail(line: str, hint: str | None = None) -> tuple[str, int, str | None]:
    """Split "Title | Section | site" or "Title - Site Name": (title, its offset, outlet)."""
    seps = list(_PIPE_RE.finditer(line))
    if seps:
        bounds, pos = [], 0
        for sep in seps:
            bounds.append((pos, sep.start()))
            pos = sep.end()
        bounds.append((pos, len(line)))
        parts = [(s, e, line[s:e].strip()) for s, e in bounds]
        main = max(range(len(parts)), key=lambda k: len(parts[k][2]))
        others = [p[2] for k, p in enumerate(parts) if k != main]
        title = parts[main][2]
        if len(title.split()) >= 2 and all(
            o and len(o) <= 60 and len(o.split()) <= 6 for o in others
        ):
            domains = [o for o in others if _DOMAIN_RE.fullmatch(o)]
            names = [o for o in others if o.casefold() not in _SECTION_WORDS and not _parse_date(o)]
            outlet: str | None = None
            if domains:
                outlet = _outlet_name(domains[-1])
            elif names:
                outlet = names[-1] if main == 0 else names[0]
            return title, parts[main][0], outlet
    dashes = list(_DASH_RE.finditer(line))
    if dashes:
        last = dashes[-1]
        head, tail = line[: last.start()].rstrip(), line[last.end() :].strip()
        if len(head.split()) >= 3 and _site_like(tail, hint):
            return head, 0, _outlet_name(tail)
    return line, 0, None


def _site_like(tail: str, hint: str | None) -> bool:
    """Whether a short tail after a dash names a publication."""
    if not tail or len(tail) > 40:
        return False
    if _DOMAIN_RE.fullmatch(tail):
        return True
    words = tail.split()
    if len(words) > 4 or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return False
    if any(w.strip(".").casefold() in _OUTLET_WORDS for w in words):
        return True
    # Otherwise only when the file's name (or story.toml) names the same outlet.
    squashed = _squash(tail)
    return len(squashed) >= 3 and squashed in _squash(hint or "")


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _outlet_name(value: str) -> str:
    value = value.strip()
    if _DOMAIN_RE.fullmatch(value):
        value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value, flags=re.I).rstrip("/")
    return value
