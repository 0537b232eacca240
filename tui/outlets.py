"""What to call an outlet, in full and in a few letters: one rule for the reader, the reports
and the brief (each had its own, and a numbered file showed as "0H" in the matrix, "01_" in
the text report and "huffpost" in the brief)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath

from tui.model import Source

_ORDINAL = re.compile(r"^\d{1,4}[_\-. ]+")
# A run of 8+ hex digits standing alone in a file's name ("_321e8bb5b7ded788"), dropped when
# it mixes digits and letters: a hash, where digits alone are a date ("report-20241017").
_HASH = re.compile(r"(?<![0-9A-Za-z])[_\-.]?([0-9a-fA-F]{8,})(?![0-9A-Za-z])")
_WORDS = re.compile(r"[^\W\d_]+")


def outlet_name(source: Source, number: int = 0) -> str:
    """The outlet's name: story.toml's or the page's, else the address's host, else the
    file's name without an ordinal prefix or a hash ("01_huffpost" -> "huffpost"), else the
    ordinal ("000_321e8bb5" -> "000"), else "source N" (N: `number`, without it the file's
    name as it is)."""
    stem = PurePath(source.path).stem or source.id
    if source.outlet and source.outlet not in (stem, source.id):
        return source.outlet
    if source.url:
        host = re.sub(r"^[a-z]+://(www\.)?", "", source.url).split("/")[0]
        if host:
            return host
    name = _HASH.sub(_drop_hash, _ORDINAL.sub("", stem)).strip("_-. ")
    if name and any(c.isalpha() for c in name):
        return name
    ordinal = _ORDINAL.match(stem)
    if ordinal:
        return ordinal.group(0).strip("_-. ")
    return name or (f"source {number}" if number else stem)


def _drop_hash(match: re.Match[str]) -> str:
    run = match.group(1)
    return "" if any(c.isdigit() for c in run) and any(c.isalpha() for c in run) else match[0]


def abbreviations(sources: Iterable[Source], size: int = 4) -> list[str]:
    """A short distinct label per outlet for column headers, from `outlet_name`: the
    initials of a name of several words ("Daily News Herald" -> "DNH"), else its first
    letters ("Reuters" -> "Reut", "01_huffpost" -> "huff"); a domain counts by its first
    part ("www.harbour-daily-post.example.com" -> "HDP"); a clash gets a number ("Reu2")."""
    found: list[str] = []
    for number, source in enumerate(sources, start=1):
        name = outlet_name(source, number)
        if "." in name and " " not in name:
            name = next((part for part in name.split(".") if part.lower() != "www"), name)
        words = _WORDS.findall(name)
        if len(words) > 1:
            short = "".join(w[0] for w in words)[:size].upper()
        else:
            short = (words[0] if words else name)[:size]
        label, suffix = short, 2
        while label in found:
            label = f"{short[: size - len(str(suffix))]}{suffix}"
            suffix += 1
        found.append(label)
    return found
