"""Blocks (lines and paragraphs) and sentences, with offsets into the source text.

Sentences come from blingfire, run one block at a time: measured on the seeds x20 (4,000
sentences) it took 0.08 s against 0.56 s for syntok and 2.9 s for pysbd, and running it per
block keeps headings and list items from being glued to the sentence after them. Its Python
wrapper imports numpy (125 ms, a quarter of the report's start-up budget) only to convert
offsets, so we call the same C entry point through ctypes and find each sentence in the block.
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tui.model import NoiseReason, NoiseSpan

LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•·‣▪–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")
SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')\]]*$")
TITLES = r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Rev|St|Mt|Fr|Sr|Jr)\."
# blingfire sometimes keeps "... left. Dr. Smith" together (and sometimes cuts "Mr." loose),
# "... at 6 P.M. Mr. Smith" too, "... quickly. 240 square kilometres" and "... happens.” 1,710
# people": candidates, checked in `_missed_boundaries`. (One pattern with a lookbehind per
# kind, tried at every character, took a third of the splitter's time.)
MISSED_BOUNDARY_RE = re.compile(rf"[.!?](?:(\s+)(?={TITLES}\s)|[”\"’]?(\s+)(?=\d))")
TIME_END_RE = re.compile(r"(?:^|\W)[AaPp]\.[Mm]$")
# A time ("6 P.M.") ends a sentence before a title only after this many words of it.
TIME_CLAUSE_WORDS = 4
# An inline list's first marker: "1.)", "1)", "1.", "a.", "• 9.", "⁃9.".
INLINE_MARKER_RE = re.compile(  # used with .match(text, position): anchored there
    r"\s*(?P<bullet>(?:[•⁃▪‣◦·]\s?)?)(?P<label>\d{1,3}|[a-z])(?P<close>\.\)|\)|\.)\s+(?=\S)"
)
# "compounds. . . ." (a full stop, then an ellipsis) and a sentence-internal ". . .".
STOP_THEN_ELLIPSIS_RE = re.compile(r"(?<=\w)\.(?: \.){3}$")
PAUSE_ELLIPSIS_RE = re.compile(r"(?<!\.)\s\.(?: \.){2}$")
# A closing quote after a full stop, then a lowercase word: "This is great." she said.
QUOTE_END_RE = re.compile(r"[.!?,][\"”’']$")
# Words whose period does not end a sentence before a figure ("vol. 3", "approx. 5 km",
# "Oct. 11", "the Jan. 6 riot").
NUMBER_ABBREVIATIONS = frozenset(
    "no nos vol vols fig figs p pp approx est ch art sec para ref tel ca op ed eds nr "  # noqa: SIM905
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
LOOSE_TITLE_RE = re.compile(rf"(?:^|\s){TITLES}$")


@dataclass(frozen=True)
class Block:
    """A run of text the author set apart: a line, or a hard-wrapped paragraph joined back up."""

    index: int
    start: int
    end: int
    text: str
    list_item: bool


def split_blocks(text: str) -> list[Block]:
    """Blocks in reading order: each non-blank line, except that hard-wrapped lines are joined."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append((offset + lead, offset + lead + len(stripped)))
        else:
            lines.append((-1, -1))
        offset += len(raw) + 1

    wrapped = _looks_hard_wrapped(text, lines)
    spans: list[tuple[int, int]] = []
    previous_blank = True
    for start, end in lines:
        if start < 0:
            previous_blank = True
            continue
        line = text[start:end]
        if (
            wrapped
            and spans
            and not previous_blank
            and not LIST_MARKER_RE.match(line)
            and not SENTENCE_END_RE.search(text[spans[-1][0] : spans[-1][1]])
        ):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
        previous_blank = False
    return [
        Block(i, s, e, text[s:e], bool(LIST_MARKER_RE.match(text[s:e])))
        for i, (s, e) in enumerate(spans)
    ]


def loader_noise(spans: Sequence[NoiseSpan], blocks: Sequence[Block]) -> list[NoiseReason | None]:
    """For each block, the reason the loader gave it if it lies inside one of the source's
    noise spans (a web page's menus and footers), else None. One pass over both, in order."""
    reasons: list[NoiseReason | None] = []
    index = 0
    for block in blocks:
        while index < len(spans) and spans[index].end <= block.start:
            index += 1
        inside = index < len(spans) and spans[index].start <= block.start < spans[index].end
        reasons.append(spans[index].reason if inside else None)
    return reasons


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when most lines stop near one width mid-sentence, as in e-mail or plain-text news."""
    lengths = [e - s for s, e in lines if s >= 0]
    if len(lengths) < 4:
        return False
    long_lines = [n for n in lengths if n >= 50]
    if len(long_lines) < len(lengths) / 2 or max(lengths) > 100:
        return False
    unfinished = sum(
        1 for s, e in lines if s >= 0 and e - s >= 50 and not SENTENCE_END_RE.search(text[s:e])
    )
    return unfinished >= len(long_lines) / 2


_LIBRARY_NAMES = {"win32": "blingfiretokdll.dll", "darwin": "libblingfiretokdll.dylib"}


@lru_cache(maxsize=1)
def _text_to_sentences() -> Callable[..., int]:
    """blingfire's TextToSentences, loaded from the installed package without its wrapper."""
    spec = importlib.util.find_spec("blingfire")
    if spec is None or spec.origin is None:
        raise ImportError("blingfire is not installed")
    name = _LIBRARY_NAMES.get(sys.platform, "libblingfiretokdll.so")
    library = ctypes.cdll.LoadLibrary(str(Path(spec.origin).parent / name))
    function = library.TextToSentences
    function.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    function.restype = ctypes.c_int
    return function


_BUFFERS = threading.local()  # one output buffer per thread, grown as needed


def _blingfire_sentences(text: str) -> list[str]:
    data = text.encode("utf-8")
    size = len(data) * 2 + 16
    buffer = getattr(_BUFFERS, "buffer", None)
    if buffer is None or len(buffer) < size:  # zero-filling a fresh one costs a fifth
        buffer = _BUFFERS.buffer = ctypes.create_string_buffer(max(size, 1 << 16))
    written = _text_to_sentences()(data, len(data), buffer, len(buffer))
    if written <= 0 or written > len(buffer):
        return [text]
    return buffer.raw[:written].rstrip(b"\x00").decode("utf-8", errors="replace").split("\n")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], as absolute offsets, whitespace trimmed.

    An inline list ("1. The first item 2. The second item") is cut at its markers first, and
    each item is split on its own, so no marker is ever split from its item."""
    end = len(text) if end is None else end
    flat = text[start:end].replace("\n", " ")
    if not flat.strip():
        return []
    spans: list[tuple[int, int]] = []
    items = _inline_list_items(flat) if INLINE_MARKER_RE.match(flat) else [(0, len(flat))]
    for item_start, item_end in items:
        pieces = _sentences_in(flat, item_start, item_end)
        if len(items) > 1 and len(pieces) > 1:
            marker = INLINE_MARKER_RE.match(flat, item_start)
            if marker is not None and pieces[0][1] <= marker.end():  # the marker alone
                pieces[:2] = [(pieces[0][0], pieces[1][1])]
        spans.extend(pieces)
    if ". . ." in flat:
        spans = _mend_ellipses(flat, spans)
    absolute = [(start + s, start + e) for s, e in spans]
    return _cap_length(text, _merge_fragments(text, absolute) or [(start, end)])


# The longest sentence kept whole, in characters. Real ones stay far below it (the longest
# body sentence in the shared stories and 106 web pages is under 1,000); text with no
# sentence ends (a 2 MB line of words) became one passage that took the analysis 25 s and
# 830 MB, and the reader a row taller than any screen.
MAX_SENTENCE_CHARS = 2000
_CLAUSE_END_RE = re.compile(r"[,;:]\s")


def _cap_length(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with each one longer than MAX_SENTENCE_CHARS cut into pieces that are not:
    after the last clause mark in a piece's final quarter, else at its last space."""
    if all(e - s <= MAX_SENTENCE_CHARS for s, e in spans):
        return spans
    capped: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE_CHARS:
            limit = s + MAX_SENTENCE_CHARS
            window = text[limit - MAX_SENTENCE_CHARS // 4 : limit]
            marks = list(_CLAUSE_END_RE.finditer(window))
            if marks:
                cut = limit - MAX_SENTENCE_CHARS // 4 + marks[-1].start() + 1
            else:
                space = text.rfind(" ", s + 1, limit)
                cut = space if space > s else limit
            capped.append((s, cut))
            s = cut
            while s < e and text[s].isspace():
                s += 1
        if s < e:
            capped.append((s, e))
    return capped


def _sentences_in(flat: str, low: int, high: int) -> list[tuple[int, int]]:
    """blingfire's sentences of flat[low:high], with the boundaries it misses added."""
    part = flat[low:high]
    spans: list[tuple[int, int]] = []
    position = 0
    missed = MISSED_BOUNDARY_RE.search(part) is not None  # rare: most paragraphs skip the loop
    for sentence in _blingfire_sentences(part):
        sentence = sentence.strip()
        if not sentence:
            continue
        found = part.find(sentence, position)
        if found < 0:  # blingfire changed the spacing: keep the rest as one piece
            break
        piece_start = found
        end = found + len(sentence)
        for cut, resume in _missed_boundaries(part, found, end) if missed else ():
            if cut > piece_start:
                spans.append((piece_start, cut))
                piece_start = resume
        spans.append((piece_start, found + len(sentence)))
        position = found + len(sentence)
    rest = part[position:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((position + lead, position + len(rest.rstrip())))
    return [(low + s, low + e) for s, e in spans]


def _missed_boundaries(part: str, low: int, high: int) -> list[tuple[int, int]]:
    """Where blingfire should have cut inside part[low:high]: (end of a sentence, start of the
    next), after checking what stands before the full stop."""
    cuts = []
    for match in MISSED_BOUNDARY_RE.finditer(part, low, high):
        stop = match.start()  # the full stop
        before = part[max(0, stop - 2) : stop]
        if part[match.end()].isdigit():
            if part[stop + 1] in '”"’':  # a quotation closed, then a figure opens the next
                if before[-1:].isalnum():
                    cuts.append((stop + 2, match.end()))
                continue
            ok = before[-1:].islower() and not _abbreviation_before(part, stop + 1)
        elif len(before) == 2 and before.isalpha() and before.islower():
            ok = not _abbreviation_before(part, stop + 1)
        elif TIME_END_RE.search(part, max(0, stop - 4), stop):
            # "... at 6 P.M. Mr. Smith": a boundary after a clause, not after "At 5 a.m."
            sentence_start = max(low, part.rfind(". ", low, max(low, stop - 4)) + 1)
            ok = len(part[sentence_start:stop].split()) >= TIME_CLAUSE_WORDS
        else:
            ok = False
        if ok:
            cuts.append((stop + 1, match.end()))
    return cuts


def _inline_list_items(flat: str) -> list[tuple[int, int]]:
    """A block that opens with a list marker and holds the next markers in sequence ("1. ...
    2. ...", "a) ... b) ...", "• 9. ... • 10. ...") as its items; any other block whole."""
    first = INLINE_MARKER_RE.match(flat)
    if first is None:
        return [(0, len(flat))]
    bullet, label, close = first.group("bullet"), first.group("label"), first.group("close")
    cuts = [first.start("bullet")]
    position = first.end()
    while True:
        label = _next_label(label)
        wanted = re.compile(
            rf"\s({re.escape(bullet)}{re.escape(label)}{re.escape(close)})\s+(?=\S)"
        )
        match = wanted.search(flat, position)
        if match is None:
            break
        cuts.append(match.start(1))
        position = match.end()
    if len(cuts) < 2:
        return [(0, len(flat))]
    cuts.append(len(flat))
    return [(cuts[i], len(flat[: cuts[i + 1]].rstrip())) for i in range(len(cuts) - 1)]


def _next_label(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label) + 1)


def _mend_ellipses(flat: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A spaced ellipsis (". . .") pauses a sentence, it does not end one; after a full stop
    (". . . .") it opens the next sentence."""
    mended: list[tuple[int, int]] = []
    carry: int | None = None  # where the next sentence starts, if an ellipsis moved it
    for index, (s, e) in enumerate(spans):
        if carry is not None:
            s, carry = carry, None
        piece = flat[s:e]
        last = index == len(spans) - 1
        if not last and STOP_THEN_ELLIPSIS_RE.search(piece):
            cut = s + STOP_THEN_ELLIPSIS_RE.search(piece).start() + 1  # type: ignore[union-attr]
            mended.append((s, cut))
            carry = cut + 1
            continue
        if mended and PAUSE_ELLIPSIS_RE.search(flat[mended[-1][0] : mended[-1][1]]):
            mended[-1] = (mended[-1][0], e)
            continue
        mended.append((s, e))
    return mended


def _abbreviation_before(text: str, end: int) -> bool:
    """Whether the word ending at `end` (with its period) is an abbreviation such as "vol."."""
    start = end - 1
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start : end - 1].lower()
    return word in NUMBER_ABBREVIATIONS or len(word) == 1


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue back pieces too short to stand alone, such as a list number split from its item."""
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if not merged:
            merged.append((s, e))
            continue
        piece = text[s:e]
        previous = text[merged[-1][0] : merged[-1][1]]
        if (
            LOOSE_TITLE_RE.search(previous)
            or (piece[:1].islower() and QUOTE_END_RE.search(previous))
            or len(piece) < 3
            or not any(ch.isalpha() for ch in piece)
            or _is_dangling(previous)
        ):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


_DANGLING_RE = re.compile(r"[-*•]?\s*\(?\d{1,3}[.)]?|[“\"‘(]")


def _is_dangling(previous: str) -> bool:
    """A previous piece that is only a list number or an opening mark cannot end a sentence."""
    return _DANGLING_RE.fullmatch(previous.strip()) is not None
