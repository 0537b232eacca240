"""Untrusted text made safe to print: nothing in it can act on a terminal.

Folder and file names, story titles and config keys reach the text and Markdown reports and
stderr. A C0 control becomes its Unicode picture (ESC as ␛, as the reader shows it), a C1
control or a lone surrogate (an undecodable byte in a file name) becomes U+FFFD, and a bidi
control, which could reorder what the user reads, is spelled out as `<U+202E>`.
"""

from __future__ import annotations

import re

# Line feed and tab are kept only where a caller allows several lines (`multiline=True`).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_UNSAFE_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def visible(text: str, multiline: bool = False) -> str:
    """`text` with every control, bidi control and lone surrogate made visible and inert."""
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    if not pattern.search(text):
        return text
    return pattern.sub(_picture, text)


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
        return "\N{REPLACEMENT CHARACTER}"
    return f"<U+{code:04X}>"
