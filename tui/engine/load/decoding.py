"""Bytes to text whatever their encoding: a BOM, UTF-16 without one, mostly valid UTF-8, a
page's declared charset, else charset-normalizer's guess; binary files are refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from tui.engine.load.errors import _Skip
from tui.engine.load.lazy_pattern import _lazy

# How much of a file the binary sniffing looks at.
SNIFF_BYTES = 8192
# A file whose sample has more than this share of control bytes is binary, not text.
BINARY_CONTROL_RATIO = 0.10
# Up to this many NUL bytes (or one per thousand bytes) in a text file are dropped, not binary.
STRAY_NULS = 16


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    replaced: int = 0  # invalid bytes replaced by U+FFFD


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that do not occur in text: C0 controls other than tab, newlines, form feed and escape.
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
# Single-byte Western encodings charset-normalizer often confuses with each other on short text.
_LATIN_FAMILY = _lazy(
    r"^(?:cp125[0247]|cp775|cp437|cp85[08]|latin_1|iso8859_\d+|mac_\w+|windows_125\d)$"
)


def _decode(data: bytes, name: str) -> _Decoded:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = encoding.replace("-sig", "")
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                reason = f"could not be decoded as {codec} (it starts with a {codec} BOM)"
                raise _Skip(name, reason) from None
            return _Decoded(text, encoding)

    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16:
            return utf16
        # A few stray NUL bytes in a text file (a page saved by a flaky tool) are dropped;
        # many mean a binary file.
        if data.count(0) > max(STRAY_NULS, len(data) // 1000):
            raise _Skip(name, "looks binary")
        data = data.replace(b"\x00", b"")
    if _looks_binary(data[:SNIFF_BYTES]):
        raise _Skip(name, "looks binary")

    try:
        return _Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly valid UTF-8 with a few broken bytes: keep it UTF-8 rather than guess a legacy code
    # page that would garble every correct multi-byte character.
    lenient = data.decode("utf-8", errors="replace")
    replaced = lenient.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F and ch != "\ufffd")
    if multibyte and replaced <= max(3, multibyte // 50):
        return _Decoded(lenient, "utf-8", replaced)

    declared = _declared_charset(data)
    if declared:
        try:
            return _Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass
    return _legacy(data, name)


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls / len(sample) > BINARY_CONTROL_RATIO


def _bomless_utf16(data: bytes) -> _Decoded | None:
    """UTF-16 without a BOM: NUL bytes in every other position, as in ASCII-heavy text."""
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.3 * len(zeros) and others.count(0) <= 0.02 * len(others):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if not _looks_binary(text[:2048].encode("utf-8", errors="replace")):
                return _Decoded(text, codec)
    return None


_CHARSET_RE = _lazy(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """An HTML page's own `<meta charset>`, if Python knows that codec."""
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def _legacy(data: bytes, name: str) -> _Decoded:
    """A legacy (non-Unicode) encoding, detected by charset-normalizer."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _Skip(name, "could not be decoded (not UTF-8, and no known encoding fits)")
    encoding = codecs.lookup(best.encoding).name
    # On short Western text cp1250, cp1252 and friends tie; cp1252 is by far the most common
    # legacy encoding of news text, so it wins a tie.
    if encoding != "cp1252" and _LATIN_FAMILY.match(best.encoding):
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            western = from_bytes(data, cp_isolation=["cp1252"]).best()
            if western is not None and western.chaos <= best.chaos + 0.02:
                return _Decoded(text, "cp1252")
    try:
        return _Decoded(data.decode(encoding), encoding)
    except UnicodeDecodeError:
        return _Decoded(str(best), encoding)
