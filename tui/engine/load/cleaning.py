"""Text fit to show and to point into: NFC, `\\n` line endings, no control characters or
terminal escape sequences."""

from __future__ import annotations

import unicodedata

from tui.engine.load.lazy_pattern import _lazy

# Terminal escape sequences (CSI, OSC, and two-byte ESC forms) are removed whole, so no
# "[2J" debris is left behind; then any other C0/C1 control character goes.
_ESCAPE_RE = _lazy(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI: ESC [ params final
    r"|\x1b\][^\x07\x1b\n]{0,512}(?:\x07|\x1b\\)?"  # OSC: ESC ] ... BEL or ST, one line
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
)
_CONTROL_RE = _lazy(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Lone surrogates (JSON's "\ud800") cannot be encoded, so they cannot be shown or stored.
_SURROGATE_RE = _lazy("[\ud800-\udfff]")
# Vertical tab, form feed, NEL and the Unicode line/paragraph separators end lines too.
_LINE_BREAK_RE = _lazy("[\x0b\x0c\x85\u2028\u2029]")
# Any character of the three classes above: one scan tells that a text (most texts) has none
# (the three scans took 56 ms of the 143 ms that opening a 400-article story takes).
_UNUSUAL_RE = _lazy("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _clean(text: str) -> tuple[str, int]:
    """NFC, `\\n` line endings, no control characters: (text, how many controls were removed)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    unusual = bool(_UNUSUAL_RE.search(text))
    if unusual and _LINE_BREAK_RE.search(text):
        text = _LINE_BREAK_RE.sub("\n", text)
    if "\u00ad" in text:  # soft hyphens: invisible, but they split words for every match
        text = text.replace("\u00ad", "")
    if unusual and _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub("\ufffd", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    removed = 0
    if unusual and _CONTROL_RE.search(text):
        text, escapes = _ESCAPE_RE.subn("", text)
        text, controls = _CONTROL_RE.subn("", text)
        removed = escapes + controls
    return text, removed


_LEADING_BLANK_RE = _lazy(r"\A(?:[ \t]*\n)+")


def _tidy(text: str) -> str:
    """Article text without blank lines before it or whitespace after it."""
    return _LEADING_BLANK_RE.sub("", text).rstrip()


def _meta_text(value: object) -> str | None:
    """A metadata value as one clean line, or None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text, _ = _clean(str(value))
    text = " ".join(text.split())
    return text or None
