"""A story folder's files: which are articles, which stories a folder of folders holds, the
sources' ids, and what the user is told of the files skipped."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.engine.load.article import ARTICLE_FORMATS, _load_article_safely
from tui.engine.load.decoding import SNIFF_BYTES, _looks_binary
from tui.engine.load.errors import InputError, _safe, _Skip
from tui.engine.load.reading import _read_bytes
from tui.engine.load.story_toml import STORY_FILE, _Config, _story_config
from tui.model import LoadNote, Source

# At most this many skipped files are named in the one-line "no readable article" message.
SUMMARY_ITEMS = 5

# ".txt, .md, ... or .jsonl": what an error says the loader reads, from the one list of them.
_SUPPORTED = " or ".join((", ".join(list(ARTICLE_FORMATS)[:-1]), list(ARTICLE_FORMATS)[-1]))


@dataclass(frozen=True)
class LoadedStory:
    """One story's articles, ready for the pipeline, with what the user should be told."""

    path: Path
    title: str | None  # from story.toml [story] title if given, else None (pipeline picks one)
    sources: tuple[Source, ...]
    notes: tuple[LoadNote, ...]  # warnings: skipped files etc, each names the file


@dataclass(frozen=True)
class Collection:
    """A folder of story folders: the caller lets the user pick one (or reports on each)."""

    path: Path
    stories: tuple[Path, ...]  # subfolders that contain articles, sorted


@dataclass
class _Listing:
    articles: list[Path] = field(default_factory=list)
    others: list[Path] = field(default_factory=list)  # files with an unknown suffix
    folders: list[Path] = field(default_factory=list)
    config: Path | None = None
    hidden: int = 0
    outside: list[Path] = field(default_factory=list)  # symlinks leading out of the folder


def _stat_input(path: Path) -> os.stat_result:
    shown = _safe(str(path))
    try:
        return path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(f"{shown} is a broken symlink") from None
        raise InputError(f"{shown} does not exist") from None
    except PermissionError:
        raise InputError(f"{shown} cannot be opened: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{shown} is a symlink loop") from None
        raise InputError(f"{shown} cannot be opened: {exc.strerror or exc}") from None


def _scan(folder: Path, follow_symlinks: bool = False) -> _Listing:
    """The folder's direct entries, sorted by name; hidden entries are ignored, and so are
    symlinks to files outside the folder unless `follow_symlinks`."""
    listing = _Listing()
    here: Path | None = None
    try:
        with os.scandir(folder) as entries:
            names = sorted((e.name for e in entries), key=_name_key)
    except PermissionError:
        raise InputError(f"{_safe(str(folder))} cannot be read: permission denied") from None
    except OSError as exc:
        raise InputError(f"{_safe(str(folder))} cannot be read: {exc.strerror or exc}") from None
    for name in names:
        if name.startswith("."):
            listing.hidden += 1
            continue
        entry = folder / name
        if not follow_symlinks and entry.is_symlink() and not entry.is_dir():
            here = here or _resolved(folder)
            if not _resolved(entry).is_relative_to(here):
                listing.outside.append(entry)
                continue
        if name == STORY_FILE:
            listing.config = entry
            continue
        # is_dir() follows a symlink to a folder; a symlink loop or broken link is not a folder
        # and falls through to the article checks, where reading it gives a clear note.
        if entry.is_dir():
            listing.folders.append(entry)
        elif entry.suffix.lower() in ARTICLE_FORMATS:
            listing.articles.append(entry)
        else:
            listing.others.append(entry)
    return listing


def _resolved(path: Path) -> Path:
    """Where a path really leads (as far as it can be followed)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _story_folders(folder: Path, candidates: Iterable[Path]) -> list[Path]:
    """Subfolders holding at least one article, without following symlinks into loops."""
    try:
        here = folder.resolve()
    except OSError:
        here = folder.absolute()
    seen: set[Path] = set()
    stories: list[Path] = []
    for sub in candidates:
        try:
            target = sub.resolve(strict=True)
        except (OSError, RuntimeError):
            continue
        # A symlink to the folder itself or to one of its ancestors would loop.
        if target == here or here.is_relative_to(target) or target in seen:
            continue
        seen.add(target)
        if _holds_articles(sub):
            stories.append(sub)
    return stories


def _holds_articles(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if not e.name.startswith(".")]
    except OSError:
        return False
    for name in names:
        if os.path.splitext(name)[1].lower() in ARTICLE_FORMATS:
            try:
                if (folder / name).is_file():
                    return True
            except OSError:  # a symlink loop, say
                continue
    return False


def _load_folder(folder: Path, listing: _Listing | None = None) -> LoadedStory:
    listing = listing or _scan(folder)
    shown = _safe(str(folder))
    outside = [_Skip(p.name, _OUTSIDE) for p in listing.outside]
    if not listing.articles and outside:
        raise InputError(f"no readable article in {shown}: {_summary(outside)}")
    if not listing.articles:
        if not listing.others and not listing.folders and listing.config is None:
            if listing.hidden:
                raise InputError(f"{shown} holds only hidden files, no articles")
            raise InputError(f"{shown} is an empty folder")
        stories = _story_folders(folder, listing.folders)
        if stories:
            raise InputError(
                f"{shown} holds no articles itself but {len(stories)} story folders; "
                "open one of them"
            )
        if listing.others:
            unknown = [_Skip(p.name, _unknown_reason(p)) for p in listing.others]
            raise InputError(f"no readable article in {shown}: {_summary(unknown)}")
        raise InputError(f"{shown} holds no article files ({_SUPPORTED})")

    config = _story_config(listing.config) if listing.config else _Config()
    notes: list[LoadNote] = list(config.notes)
    notes.extend(LoadNote(skip.name, f"{skip.reason}; skipped") for skip in outside)
    for other in listing.others:
        reason = _unknown_reason(other)
        notes.append(LoadNote(_safe(other.name), f"{reason}; ignored"))

    loaded: list[tuple[Path, list[Source]]] = []
    skipped: list[_Skip] = []
    used_config: set[str] = set()
    for article in listing.articles:
        name = article.name
        overrides, key = config.for_file(name)
        if key:
            used_config.add(key)
        try:
            data = _read_bytes(article, name)
            sources, file_notes = _load_article_safely(data, name, overrides)
        except _Skip as skip:
            skipped.append(skip)
            notes.append(LoadNote(skip.name, f"{skip.reason}; skipped"))
            continue
        notes.extend(file_notes)
        loaded.append((article, sources))

    for key in config.sources:
        if key not in used_config:
            line = config.lines.get(key)
            at = f"line {line}: " if line else ""
            message = f"{at}names {_safe(key)}, which is not in the folder"
            notes.append(LoadNote(STORY_FILE, message))
    if not loaded:
        raise InputError(f"no readable article in {shown}: {_summary(skipped)}")
    return LoadedStory(
        path=folder,
        title=config.title,
        sources=tuple(_assign_ids(loaded)),
        notes=tuple(notes),
    )


def _load_single(path: Path) -> LoadedStory:
    name = path.name
    try:
        data = _read_bytes(path, name)
        sources, notes = _load_article_safely(data, name, {})
    except _Skip as skip:
        raise InputError(f"{_safe(str(path))} {skip.reason}") from None
    return LoadedStory(
        path=path, title=None, sources=tuple(_assign_ids([(path, sources)])), notes=tuple(notes)
    )


_OUTSIDE = "is a symlink to a file outside the story folder (--follow-symlinks reads it)"


def _unknown_reason(path: Path) -> str:
    """Why a file with an unknown suffix is not read; binary files say so."""
    try:
        st = path.stat()
        if stat.S_ISREG(st.st_mode) and st.st_size:
            with path.open("rb") as handle:
                if _looks_binary(handle.read(SNIFF_BYTES)):
                    return "looks binary"
    except OSError:
        pass
    kind = path.suffix or "no extension"
    return f"is not an article file ({_safe(kind)}; expected {_SUPPORTED})"


def _summary(skipped: list[_Skip]) -> str:
    parts = [str(s) for s in skipped[:SUMMARY_ITEMS]]
    if len(skipped) > SUMMARY_ITEMS:
        parts.append(f"and {len(skipped) - SUMMARY_ITEMS} more")
    return "; ".join(parts) if parts else "nothing to read"


def _assign_ids(loaded: list[tuple[Path, list[Source]]]) -> list[Source]:
    """Ids from file stems, unique and deterministic: `a.txt` is `a`, then `a.md` is `a.md`."""
    taken: set[str] = set()
    result: list[Source] = []
    for path, sources in loaded:
        stem = _safe(path.stem) or "source"
        name = _safe(path.name)
        for index, source in enumerate(sources, start=1):
            if len(sources) == 1:
                wanted, fallback = stem, name
            else:
                wanted, fallback = f"{stem}-{index}", f"{name}-{index}"
            chosen = wanted if wanted not in taken else fallback
            counter = 2
            while chosen in taken:
                chosen = f"{wanted}~{counter}"
                counter += 1
            taken.add(chosen)
            result.append(replace(source, id=chosen, path=name, outlet=source.outlet or stem))
    return result


def _name_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Natural sort: `2.txt` before `10.txt`, case-insensitive, ties broken by the raw name."""
    parts: list[tuple[int, int | str]] = []
    for i, chunk in enumerate(re.split(r"(\d+)", name.casefold())):
        parts.append((0, int(chunk)) if i % 2 else (1, chunk))
    parts.append((2, name))
    return tuple(parts)
