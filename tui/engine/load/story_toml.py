"""story.toml: the story's title, and each file's outlet, address, date, title and lean.

A value that cannot be used drops only itself (a source entry that is not a table drops only
that entry), with a note naming its line; every problem is noted at once and the rest of the
file applies. A file that cannot be read as TOML at all is left out whole, with one note, and
the articles still load."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.engine.load.cleaning import _meta_text
from tui.engine.load.dates import _parse_date
from tui.engine.load.errors import _one_line, _safe, _Skip
from tui.engine.load.reading import _read_bytes
from tui.model import LoadNote

STORY_FILE = "story.toml"
_SOURCE_KEYS = ("outlet", "url", "date", "title", "lean")
_STORY_KEYS = ("title",)


@dataclass
class _Config:
    title: str | None = None
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[LoadNote] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # the line of each [sources] entry

    def for_file(self, name: str) -> tuple[dict[str, str], str | None]:
        """The metadata story.toml gives for a file (keyed by its name or its stem)."""
        for key in (name, Path(name).stem):
            if key in self.sources:
                return self.sources[key], key
        return {}, None


class _BadConfig(Exception):
    """story.toml cannot be used at all: `problem` says why (and where), without the file
    name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = _one_line(problem)


def _story_config(path: Path) -> _Config:
    """story.toml's metadata; a story.toml that cannot be read is left out with a note, so
    the articles still load (one bad file never stops a story)."""
    try:
        return _read_config(path)
    except _BadConfig as bad:
        message = f"{bad.problem}; the whole file is ignored (the articles are read without it)"
        return _Config(notes=[LoadNote(STORY_FILE, _safe(message))])


def _read_config(path: Path) -> _Config:
    """Parse story.toml; a file that is not TOML is a _BadConfig naming the line, a value
    that cannot be used a note naming its line."""
    raw = _read_text(path)
    if raw is None:
        return _Config()
    data = _parse(raw)
    config = _Config()

    def note(problem: str, path: tuple[str, ...], dropped: str = "") -> None:
        line = _line_of(raw, path)
        at = f"line {line}: " if line else ""
        ending = f"; {dropped} ignored" if dropped else ""
        config.notes.append(LoadNote(STORY_FILE, _one_line(f"{at}{problem}{ending}")))

    for key in data:
        if key not in ("story", "sources"):
            note(f"unknown table or key {key!r} ignored (known: [story], [sources])", (key,))
    story = data.get("story", {})
    if not isinstance(story, dict):
        note("[story] must be a table", ("story",), dropped="it is")
        story = {}
    for key, value in story.items():
        if key not in _STORY_KEYS:
            note(f"[story] unknown key {key!r} ignored (known: title)", ("story", key))
        elif not isinstance(value, str):
            note("[story] title must be a string", ("story", key), dropped="the title is")
        else:
            config.title = _meta_text(value)
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        note("[sources] must be a table of file names", ("sources",), dropped="it is")
        sources = {}
    for name, table in sources.items():
        where = f'[sources."{name}"]'
        if not isinstance(table, dict):
            note(f"{where} must be a table", ("sources", name), dropped="this entry is")
            continue
        config.sources[name] = _source_entry(table, where, name, note)
        line = _line_of(raw, ("sources", name))
        if line:
            config.lines[name] = line
    return config


def _source_entry(
    table: dict[str, Any], where: str, name: str, note: Callable[..., None]
) -> dict[str, str]:
    """One file's metadata: each value that cannot be used is noted and left out."""
    at = ("sources", name)
    entry: dict[str, str] = {}
    for key, value in table.items():
        if key not in _SOURCE_KEYS:
            known = ", ".join(_SOURCE_KEYS)
            note(f"{where} unknown key {key!r} ignored (known: {known})", (*at, key))
        elif key == "date":
            date = _parse_date(value) if isinstance(value, (str, dt.date)) else None
            if date is None:
                note(f"{where} date must be a date like 2024-03-05", (*at, key), "this date is")
            else:
                entry[key] = date
        elif not isinstance(value, str):
            note(f"{where} {key} must be a string", (*at, key), f"this {key} is")
        elif cleaned := _meta_text(value):
            entry[key] = cleaned
    return entry


def _read_text(path: Path) -> str | None:
    """story.toml's text (None when it is empty); unreadable or not UTF-8 is a _BadConfig."""
    try:
        raw_bytes = _read_bytes(path, path.name)
    except _Skip as skip:
        if skip.reason == "is empty":
            return None
        raise _BadConfig(skip.reason) from None
    try:
        return raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise _BadConfig(f"line {line}: not valid UTF-8") from None


def _parse(raw: str) -> dict[str, Any]:
    """The TOML document; anything the parser refuses is a _BadConfig naming the line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        return tomllib.loads(raw)
    except RecursionError:
        raise _BadConfig("nested too deeply to read") from None
    except ValueError as exc:  # TOMLDecodeError, or an integer too long to convert
        message = str(exc)
        if "digits" in message and "integer" in message:
            raise _BadConfig("holds a number too long to read") from None
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if at:
            message = message[: at.start()] + message[at.end() :]
            raise _BadConfig(f"line {at.group(1)}, column {at.group(2)}: {message}") from None
        raise _BadConfig(message) from None


# One part of a dotted TOML key: "basic", 'literal' or bare.
_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _line_of(raw: str, path: tuple[str, ...]) -> int | None:
    """The line that sets the dotted key `path` (a table's header, or a `key = value` line
    inside a table or as a dotted key); else the line of the nearest table or inline table
    that holds it; None when neither can be found."""
    best: tuple[int, int] | None = None  # (how many parts of path matched, line)
    for number, defined in _definitions(raw):
        if defined == path:
            return number
        if path[: len(defined)] == defined and (best is None or len(defined) > best[0]):
            best = (len(defined), number)
    return best[1] if best is not None else None


def _definitions(raw: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Each line that opens a table or sets a key, with the full dotted path it defines."""
    table: tuple[str, ...] = ()
    for number, line in enumerate(raw.split("\n"), start=1):
        stripped = line.lstrip()
        if stripped.startswith("["):
            inner = stripped[2:] if stripped.startswith("[[") else stripped[1:]
            found = _dotted_key(inner)
            if found is not None and inner[found[1] :].startswith("]"):
                table = found[0]
                yield number, table
            continue
        found = _dotted_key(line)
        if found is not None and line[found[1] :].startswith("="):
            yield number, table + found[0]


def _dotted_key(text: str) -> tuple[tuple[str, ...], int] | None:
    """The dotted key at the start of `text` and where it ends, or None."""
    parts: list[str] = []
    position = 0
    while True:
        match = _KEY_PART.match(text, position)
        if match is None or match.end() == position:
            return None
        basic, literal, bare = match.groups()
        parts.append(_unescaped(basic) if basic is not None else literal or bare or "")
        position = match.end()
        if not text.startswith(".", position):
            return tuple(parts), position
        position += 1


def _unescaped(basic: str) -> str:
    """A TOML basic string's content (its common escapes), for matching a key by name."""
    try:
        return str(json.loads(f'"{basic}"'))
    except ValueError:
        return basic
