"""story.toml: the story's title, and each file's outlet, address, date, title and lean. One
that cannot be used is left out with a note naming its line, and the articles still load."""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tui.engine.load.cleaning import _meta_text
from tui.engine.load.dates import _parse_date
from tui.engine.load.errors import _one_line, _safe, _Skip
from tui.engine.load.reading import _read_bytes
from tui.model import LoadNote

STORY_FILE = "story.toml"
_SOURCE_KEYS = ("outlet", "url", "date", "title", "lean")


@dataclass
class _Config:
    title: str | None = None
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[LoadNote] = field(default_factory=list)

    def for_file(self, name: str) -> tuple[dict[str, str], str | None]:
        """The metadata story.toml gives for a file (keyed by its name or its stem)."""
        for key in (name, Path(name).stem):
            if key in self.sources:
                return self.sources[key], key
        return {}, None


class _BadConfig(Exception):
    """story.toml cannot be used: `problem` says why (and where), without the file name."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = _one_line(problem)


def _story_config(path: Path) -> _Config:
    """story.toml's metadata; a story.toml that cannot be used is left out with a note, so the
    articles still load (one bad file never stops a story)."""
    try:
        return _read_config(path)
    except _BadConfig as bad:
        message = f"{bad.problem}; ignored (the articles are read without it)"
        return _Config(notes=[LoadNote(STORY_FILE, _safe(message))])


def _read_config(path: Path) -> _Config:
    """Parse story.toml; any problem is a _BadConfig naming the line."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        raw_bytes = _read_bytes(path, path.name)
    except _Skip as skip:
        if skip.reason == "is empty":
            return _Config()
        raise _BadConfig(skip.reason) from None
    try:
        raw = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise _BadConfig(f"line {line}: not valid UTF-8") from None
    try:
        data = tomllib.loads(raw)
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

    config = _Config()

    def fail(problem: str, key: str, table: str | None = None) -> _BadConfig:
        line = _line_of(raw, key, table)
        at = f"line {line}: " if line else ""
        return _BadConfig(f"{at}{problem}")

    for key in data:
        if key not in ("story", "sources"):
            config.notes.append(LoadNote(STORY_FILE, f"unknown table or key {key!r} ignored"))
    story = data.get("story", {})
    if not isinstance(story, dict):
        raise fail("[story] must be a table", "story")
    if "title" in story:
        title = story["title"]
        if not isinstance(title, str):
            raise fail("[story] title must be a string", "title", "story")
        config.title = _meta_text(title)
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise fail("[sources] must be a table of file names", "sources")
    for name, table in sources.items():
        where = f'[sources."{name}"]'
        if not isinstance(table, dict):
            raise fail(f"{where} must be a table", name)
        entry: dict[str, str] = {}
        for key, value in table.items():
            if key not in _SOURCE_KEYS:
                config.notes.append(
                    LoadNote(
                        STORY_FILE,
                        f"{where} unknown key {key!r} ignored (known: {', '.join(_SOURCE_KEYS)})",
                    )
                )
                continue
            if key == "date":
                date = _parse_date(value)
                if not isinstance(value, (str, dt.date)) or date is None:
                    raise fail(f"{where} date must be a date like 2024-03-05", key, name)
                entry[key] = date
                continue
            if not isinstance(value, str):
                raise fail(f"{where} {key} must be a string", key, name)
            cleaned = _meta_text(value)
            if cleaned:
                entry[key] = cleaned
        config.sources[name] = entry
    return config


def _line_of(raw: str, key: str, table: str | None) -> int | None:
    """The line of `key` (inside `table`, when given) in a TOML text, for error messages."""
    current: str | None = None
    fallback = None
    key_re = re.compile(rf"""^\s*(?:["']?{re.escape(key)}["']?)\s*=""")
    for number, line in enumerate(raw.split("\n"), start=1):
        header = re.match(r"^\s*\[+([^\]]*)\]+", line)
        if header:
            current = re.sub(r"""["'\s]""", "", header.group(1))
            if table is None and current.split(".")[-1] == key:
                return number
            continue
        if key_re.match(line):
            in_table = table is None or (current is not None and current.endswith(table))
            if in_table:
                return number
            fallback = fallback or number
        elif fallback is None and key in line:
            fallback = number
    return fallback
