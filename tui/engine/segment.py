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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tui.model import NoiseReason, NoiseSpan

LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•·‣▪–—]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")
SENTENCE_END_RE = re.compile(r"[.!?…][\"”’')\]]*$")
TITLES = r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Rev|St|Mt|Fr|Sr|Jr)\."
# blingfire sometimes keeps "... left. Dr. Smith" together, and sometimes cuts "Mr." loose.
# nor before a sentence that opens with a figure ("... quickly. 240 square kilometres ...").
MISSED_BOUNDARY_RE = re.compile(rf"(?<=[a-z]{{2}}[.!?])\s+(?={TITLES}\s)|(?<=[a-z][.!?])\s+(?=\d)")
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


def _blingfire_sentences(text: str) -> list[str]:
    data = text.encode("utf-8")
    size = len(data) * 2 + 16
    buffer = ctypes.create_string_buffer(size)
    written = _text_to_sentences()(data, len(data), buffer, size)
    if written < 0 or written > size:
        return [text]
    return buffer.value.decode("utf-8", errors="replace").split("\n")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end], as absolute offsets, whitespace trimmed."""
    end = len(text) if end is None else end
    flat = text[start:end].replace("\n", " ")
    if not flat.strip():
        return []
    spans = []
    position = 0
    for sentence in _blingfire_sentences(flat):
        sentence = sentence.strip()
        if not sentence:
            continue
        found = flat.find(sentence, position)
        if found < 0:  # blingfire changed the spacing: keep the rest as one piece
            rest = flat[position:]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip():
                spans.append((position + lead, position + len(rest.rstrip())))
            position = len(flat)
            break
        piece_start = found
        for match in MISSED_BOUNDARY_RE.finditer(flat, found, found + len(sentence)):
            if _abbreviation_before(flat, match.start()):
                continue
            spans.append((piece_start, match.start()))
            piece_start = match.end()
        spans.append((piece_start, found + len(sentence)))
        position = found + len(sentence)
    rest = flat[position:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        spans.append((position + lead, position + len(rest.rstrip())))
    absolute = [(start + s, start + e) for s, e in spans]
    return _merge_fragments(text, absolute) or [(start, end)]


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
        piece = text[s:e]
        if (
            (merged and LOOSE_TITLE_RE.search(text[merged[-1][0] : merged[-1][1]]))
            or (merged and (len(piece) < 3 or not any(ch.isalpha() for ch in piece)))
            or (merged and _is_dangling(text[merged[-1][0] : merged[-1][1]]))
        ):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _is_dangling(previous: str) -> bool:
    """A previous piece that is only a list number or an opening mark cannot end a sentence."""
    stripped = previous.strip()
    return bool(re.fullmatch(r"[-*•]?\s*\(?\d{1,3}[.)]?|[“\"‘(]", stripped))
