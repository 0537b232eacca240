"""A story's files as the file system describes them, so a cached story opens unread.

The cache keys an analysis by the story's loaded content, and loading 400 articles (reading,
decoding, cleaning) takes 0.06-0.1 s of a cached start. A stamp records, when a story is read,
every entry of its folder as its stat gives it (name, type, device, inode, size, modification
and change times in ns) with a digest of the bytes the loader read from it, and the key of
the analysis made from them. The next start stats the folder (1.5 ms for 400 files) and, when
every entry is as recorded, reads the entry under that key without loading the story
(`tui.cache.cached_story`, which also checks that the entry's sources give that key again).

An entry whose stat is unchanged is trusted only when its times are at least `RACY_NS` older
than the moment its stat was taken (as git treats its index): a file written again within one
tick of the file system's clock can keep its size and times. Such a file, and any file whose
times changed (a `touch`, a copy that kept the bytes), is read and its digest compared, still
without cleaning it. Its change time is what no user can set back (`cp -p`, `tar` and `rsync`
restore a modification time, never a change time), so an edit is always seen.

Not stamped, read as before: a folder holding symlinks (where a link leads, and whether it
stays inside the folder, is not in the link's stat), a collection, a story that failed to load.
A stamp that cannot be read, is of another format or does not fit is a miss, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from tui.engine.load import ARTICLE_FORMATS, FILE_READ, MAX_BYTES
from tui.files import read_capped, write_atomic_bytes
from tui.model import LoadNote

STAMP_FORMAT = "coverage-tui/stamp@1"
STAMP_SUFFIX = ".stamp"
# A file whose times are this close to its survey (or later) is compared by its bytes: this
# covers file systems with 2 s timestamps (FAT) and the kernel's coarse clock.
RACY_NS = 3_000_000_000
# Files that may hold HTML (a page, or a JSON field of one), whose date the date finder reads.
HTML_SUFFIXES = tuple(
    suffix for suffix, kind in ARTICLE_FORMATS.items() if kind in ("html", "json", "jsonl")
)
# A stamp of 10,000 files is about 1 MB; anything larger is not one of ours.
MAX_STAMP_BYTES = 8 * 1024 * 1024


class FileState(msgspec.Struct, array_like=True, frozen=True, gc=False):
    """One entry of the story's folder (or the story's one file) as its stat gives it, with
    the digest of the bytes the loader read (None when it read none: a subfolder, a file it
    skipped or only sniffed). A subfolder keeps only its name and type: what is in it is
    never read into the story."""

    name: str
    mode: int
    device: int = 0
    inode: int = 0
    size: int = 0
    modified_ns: int = 0
    changed_ns: int = 0
    digest: bytes | None = None

    def same_stat(self, other: FileState) -> bool:
        return (
            self.mode == other.mode
            and self.device == other.device
            and self.inode == other.inode
            and self.size == other.size
            and self.modified_ns == other.modified_ns
            and self.changed_ns == other.changed_ns
        )


class Survey(msgspec.Struct, frozen=True, gc=False):
    """The story's path and its entries, sorted by name, as stat saw them at `taken_ns`."""

    root: tuple[int, int, int]  # the path's device, inode and mode (through a symlink)
    taken_ns: int
    files: tuple[FileState, ...]


class Stamp(msgspec.Struct, frozen=True, gc=False):
    """A survey with digests, the cache key of the story as loaded then, and what loading it
    gave besides its sources (checked again by the key)."""

    format: str
    survey: Survey
    key: str
    title: str | None
    notes: tuple[LoadNote, ...]
    # The local date the story was read on when it has HTML pages: the date finder rejects
    # dates after today, so a page's date can change with the day (None: no such page).
    day: str | None = None


def today() -> str:
    return time.strftime("%Y-%m-%d")


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _state(name: str, info: os.stat_result) -> FileState:
    if stat.S_ISDIR(info.st_mode):
        return FileState(name, stat.S_IFMT(info.st_mode))
    return FileState(
        name,
        info.st_mode,
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )


def survey(path: Path) -> Survey | None:
    """The story's entries as stat gives them now (hidden names left out, as the loader
    leaves them); None where a stamp is not used (see the module) or stat fails."""
    taken = time.time_ns()  # before any stat: a change after it has a later time
    files: tuple[FileState, ...]
    try:
        info = os.stat(path)
        if not stat.S_ISDIR(info.st_mode):
            files = (_state(path.name, info),)
        else:
            found = []
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_symlink():
                        return None
                    found.append(_state(entry.name, entry.stat(follow_symlinks=False)))
            found.sort(key=lambda state: state.name)
            files = tuple(found)
    except OSError:
        return None
    return Survey((info.st_dev, info.st_ino, info.st_mode), taken, files)


@dataclass
class Reading:
    """What one load of a story read: the survey taken before it and a digest of every
    file's bytes as the loader read them, by name."""

    path: Path
    follow_symlinks: bool
    survey: Survey | None
    digests: dict[str, bytes] = field(default_factory=dict)

    def stamp(self, key: str, title: str | None, notes: tuple[LoadNote, ...]) -> Stamp | None:
        """The stamp of this reading, for the analysis keyed `key`; None without a survey."""
        if self.survey is None:
            return None
        files = tuple(
            msgspec.structs.replace(state, digest=self.digests.get(state.name))
            for state in self.survey.files
        )
        pages = any(state.name.lower().endswith(HTML_SUFFIXES) for state in files)
        return Stamp(
            STAMP_FORMAT,
            msgspec.structs.replace(self.survey, files=files),
            key,
            title,
            notes,
            today() if pages else None,
        )


@contextlib.contextmanager
def recorded(path: Path, follow_symlinks: bool) -> Iterator[Reading]:
    """A `Reading` of the load done inside: the survey now, then each file's digest as the
    loader reads it (in this thread only)."""
    reading = Reading(path, follow_symlinks, survey(path))
    folder = Path(path)

    def told(read: Path, data: bytes) -> None:
        if read.parent == folder or read == folder:  # the story's own files, nothing else
            reading.digests[read.name] = digest(data)

    token = FILE_READ.set(told)
    try:
        yield reading
    finally:
        FILE_READ.reset(token)


def unchanged(stamp: Stamp, path: Path) -> Stamp | None:
    """`stamp` when the story's files are as it records them, or a fresh stamp of the same
    content when some had to be read to know it (their times were too recent to trust, or
    changed while their bytes did not); None when anything differs."""
    if stamp.day is not None and stamp.day != today():
        return None
    now = survey(path)
    old = stamp.survey
    if now is None or now.root != old.root or len(now.files) != len(old.files):
        return None
    trusted_before = old.taken_ns - RACY_NS
    files: list[FileState] = []
    reread = False
    for was, new in zip(old.files, now.files, strict=True):
        if was.name != new.name or was.mode != new.mode:
            return None
        if stat.S_ISDIR(was.mode):
            files.append(was)
            continue
        if was.same_stat(new) and max(was.modified_ns, was.changed_ns) < trusted_before:
            files.append(was)
            continue
        if was.digest is None or not stat.S_ISREG(new.mode):
            return None
        try:
            data = read_capped(path / was.name if stat.S_ISDIR(old.root[2]) else path, MAX_BYTES)
        except (OSError, ValueError):
            return None
        if digest(data) != was.digest:
            return None
        files.append(msgspec.structs.replace(new, digest=was.digest))
        reread = True
    if not reread:
        return stamp
    fresh = msgspec.structs.replace(now, files=tuple(files))
    return msgspec.structs.replace(stamp, survey=fresh)


_decoder = msgspec.msgpack.Decoder(Stamp)


def read_stamp(path: Path) -> Stamp | None:
    """The stamp in `path`; None when there is none or it is not a stamp of this format."""
    try:
        stamp = _decoder.decode(read_capped(path, MAX_STAMP_BYTES))
    except (OSError, ValueError, msgspec.DecodeError):
        return None
    return stamp if stamp.format == STAMP_FORMAT else None


def write_stamp(path: Path, stamp: Stamp) -> None:
    """Write `stamp` atomically (OSError when it cannot be)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_bytes(path, msgspec.msgpack.encode(stamp))
