"""Analyses kept on disk, so reopening a large story is instant.

An entry is keyed by everything the analysis depends on: the cache format, the engine (its
version and a digest of its source), the program version, the link threshold, the story's
path and its loaded content (every source's decoded text and metadata: the files' bytes as
the engine sees them, so an edited article or story.toml is a new key). An entry is a line
naming the format, a line with its key, then the analysis as zstd-compressed MessagePack,
decoded by msgspec straight into the model's dataclasses, every field checked against its
type: anything that does not fit (another format, a truncated file, a wrong type, a missing
field, a key that is not the one asked for) is a miss, rebuilt and overwritten, never
trusted, and nothing is ever unpickled. Fields the model does not have are ignored, never
stored. A decoded entry is then checked against the story (`check_consistent`) before it is
used. Beside each entry the reader keeps the story's stamp (`tui.stamp`: its files' stat and
digests, and the key they gave), so a cached story opens without its files being read and
cleaned again (`cached_story`). Writes are atomic; the folder is pruned oldest-first to stay
under `MAX_BYTES` and `MAX_ENTRIES`. A cache that cannot be read or written only costs the
time of a fresh analysis.

Why MessagePack through msgspec (bench/cache.py, a 400-article analysis, 24 MB as JSON, CPU
time with the collector paused): msgspec decodes it into the model, types checked, in 0.19 s
(0.085 s since the model's dataclasses have slots and the copy shares are columns);
json.loads with msgspec.convert takes 0.47 s (json.loads with the field-by-field decoder
this replaced took 1.26 s, collector running); untyped, orjson takes 0.27 s and the msgpack
package 0.23 s. JSON has no infinity (an open range "more than 4,000" has one), so orjson
and msgspec's JSON would lose it. Why zstd: the 400-article entry (14.5 MB) inflates in
0.015-0.02 s where zlib took 0.065 s (both let go of the interpreter's lock), and is written
in 0.07 s where zlib's level 6 took 0.6 s. The key line comes before the compressed part, so
an entry for other content is refused before anything is inflated.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import os
import sys
import typing
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec
import zstandard

from tui import __version__, model
from tui.engine.collector import collector_paused
from tui.engine.identity import LINK_THRESHOLD, model_identity
from tui.engine.load import LoadedStory
from tui.engine.version import ENGINE_VERSION
from tui.files import read_capped, write_atomic_bytes
from tui.stamp import STAMP_FORMAT, STAMP_SUFFIX, Reading, read_stamp, unchanged, write_stamp

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.engine.pipeline import Progress

CACHE_FORMAT = "coverage-tui/cache@3"
MAX_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 500
# One compressed entry is never this large (the analysis of a 20 MB article is a few MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
SUFFIX = ".msgpack.zst"
# Entries of earlier formats, removed when the folder is pruned.
OLD_SUFFIXES = (".json.z", ".msgpack.z")
# zstd's level for writing: level 3 is its default; higher levels write several times slower
# for an entry 10-20% smaller, which inflates no faster.
ZSTD_LEVEL = 3


class CacheMiss(Exception):
    """An entry that is absent, unreadable or not what was asked for."""


def cache_dir() -> Path:
    from tui.locations import user_cache_dir

    return user_cache_dir() / "analyses"


def analyse_cached(
    story: LoadedStory,
    progress: Progress | None = None,
    link_threshold: float = LINK_THRESHOLD,
    use_cache: bool = True,
    folder: Path | None = None,
    semantic: bool | str = True,
    reading: Reading | None = None,
) -> model.Analysis:
    """The story's analysis from the cache when an entry for exactly this content exists,
    else computed (and stored). `use_cache=False` neither reads nor writes. `reading`, what
    loading `story` read (`tui.stamp.recorded`), is kept as its stamp beside the entry."""
    if not use_cache:
        return analyse_story(story, progress, link_threshold, semantic)
    folder = folder or cache_dir()
    key = story_key(story, link_threshold, semantic)
    entry = folder / f"{key}{SUFFIX}"
    analysis = _cached(entry, key, story)
    if analysis is not None:
        if progress is not None:
            progress("reading the cached analysis")
    else:
        analysis = analyse_story(story, progress, link_threshold, semantic)
        with contextlib.suppress(OSError):
            write_entry(entry, key, analysis)
            prune(folder)
    if reading is not None and entry.exists():
        remember_reading(reading, story, key, link_threshold, semantic, folder)
    return analysis


def cached_analysis(
    story: LoadedStory,
    link_threshold: float = LINK_THRESHOLD,
    folder: Path | None = None,
    semantic: bool | str = True,
    reading: Reading | None = None,
) -> model.Analysis | None:
    """The story's analysis when the cache holds an entry for exactly this content, else
    None (nothing is computed or written but, on a hit, the stamp of `reading`)."""
    key = story_key(story, link_threshold, semantic)
    analysis = _cached((folder or cache_dir()) / f"{key}{SUFFIX}", key, story)
    if analysis is not None and reading is not None:
        remember_reading(reading, story, key, link_threshold, semantic, folder)
    return analysis


def cached_story(
    path: Path,
    follow_symlinks: bool = False,
    link_threshold: float = LINK_THRESHOLD,
    semantic: bool | str = True,
    folder: Path | None = None,
    on_unchanged: Callable[[], None] | None = None,
) -> tuple[LoadedStory, model.Analysis] | None:
    """The story at `path` and its cached analysis, known from the story's stamp without
    reading its files (`tui.stamp`), else None: no stamp, a file changed, or the entry named
    is gone or does not fit. The entry's sources, with the stamp's title and notes, must give
    the stamp's key again, so what is shown is exactly what loading the story gave then.
    `on_unchanged` is called once the files are known to be as stamped (they open as they
    did), before the entry is read."""
    folder = folder or cache_dir()
    where = stamp_path(path, follow_symlinks, link_threshold, semantic, folder)
    found = read_stamp(where)
    current = unchanged(found, Path(path)) if found is not None else None
    if current is None:
        return None
    if on_unchanged is not None:
        on_unchanged()
    story = LoadedStory(path=Path(path), title=current.title, sources=(), notes=current.notes)
    entry = folder / f"{current.key}{SUFFIX}"
    try:
        with collector_paused():
            analysis = read_entry(entry, current.key)
            story = dataclasses.replace(story, sources=analysis.sources)
            if story_key(story, link_threshold, semantic) != current.key:
                raise CacheMiss(f"{entry}: not the content its stamp was made from")
            check_consistent(analysis, story)
    except CacheMiss:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
        if current is not found:  # some files were read to know them unchanged: not again
            write_stamp(where, current)
        else:
            os.utime(where)
    return story, analysis


def stamp_path(
    path: Path,
    follow_symlinks: bool,
    link_threshold: float,
    semantic: bool | str = True,
    folder: Path | None = None,
) -> Path:
    """Where the stamp of the story at `path`, read with these settings, is kept: one file
    for each story folder (by its absolute path) and each set of everything the loading and
    the analysis depend on besides the files, so that a change to any is a miss."""
    header = [
        STAMP_FORMAT, CACHE_FORMAT, engine_fingerprint(), __version__, repr(link_threshold),
        model_identity(semantic), os.path.abspath(path), str(path), follow_symlinks,
        sys.version, _installed(),
    ]  # fmt: skip
    name = hashlib.sha256(msgspec.msgpack.encode(header)).hexdigest()
    return (folder or cache_dir()) / f"{name}{STAMP_SUFFIX}"


def _installed() -> list[tuple[str, int]]:
    """When each folder of installed packages last changed: installing, upgrading or removing
    one (the loader's HTML extractor and charset detector among them) changes its folder."""
    found = []
    for place in sys.path:
        if place.endswith(("site-packages", "dist-packages")):
            with contextlib.suppress(OSError):
                found.append((place, os.stat(place).st_mtime_ns))
    return found


def remember_reading(
    reading: Reading,
    story: LoadedStory,
    key: str,
    link_threshold: float,
    semantic: bool | str = True,
    folder: Path | None = None,
) -> None:
    """Keep `reading` (what loading `story` read) as the story's stamp, naming `key`; a
    stamp that cannot be written costs only the next start's reading of the files."""
    if Path(reading.path) != Path(story.path):
        return
    stamp = reading.stamp(key, story.title, story.notes)
    if stamp is None:
        return
    where = stamp_path(reading.path, reading.follow_symlinks, link_threshold, semantic, folder)
    with contextlib.suppress(OSError):
        write_stamp(where, stamp)


def _cached(entry: Path, key: str, story: LoadedStory) -> model.Analysis | None:
    try:
        with collector_paused():
            analysis = read_entry(entry, key)
            check_consistent(analysis, story)
    except CacheMiss:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
    return analysis


def analyse_story(
    story: LoadedStory,
    progress: Progress | None = None,
    link_threshold: float = LINK_THRESHOLD,
    semantic: bool | str = True,
) -> model.Analysis:
    """The engine's analysis, imported only on a miss: a hit needs none of the engine."""
    from tui.engine.pipeline import analyse_story as analyse

    return analyse(story, progress, link_threshold, semantic)


@functools.lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A digest of the engine's and the model's source, so an entry made by other code (a
    new release, or a change nobody remembered to version) is never served."""
    import tui.engine

    digest = hashlib.sha256(ENGINE_VERSION.encode())
    folder = Path(tui.engine.__file__).parent
    for path in sorted([*folder.rglob("*.py"), folder.parent / "model.py"]):
        try:
            digest.update(path.read_bytes())
        except OSError:  # not readable (an unusual install): the version numbers still count
            digest.update(path.name.encode())
    return digest.hexdigest()


def story_key(story: LoadedStory, link_threshold: float, semantic: bool | str = True) -> str:
    """A digest of everything the analysis of `story` depends on."""
    digest = hashlib.sha256()
    header = [
        CACHE_FORMAT, engine_fingerprint(), __version__, repr(link_threshold), str(story.path),
        model_identity(semantic),
    ]  # fmt: skip
    # msgspec writes the model's dataclasses itself, field by field in their order, so the
    # bytes are the content: 7 ms for 400 sources, where JSON through `encode` took 40 ms.
    digest.update(msgspec.msgpack.encode([header, story.title, story.notes]))
    for source in story.sources:
        digest.update(msgspec.msgpack.encode(source))
    return digest.hexdigest()


class _Shares(msgspec.Struct, gc=False):
    """The copy shares as stored: three columns, the two sources as their places in
    `Analysis.sources`. 85,000 shares at 400 articles decode in 2 ms this way, where rows of
    two ids and a share took 27 ms; they become `model.CopyShare`s only when read
    (`model.CopyShares`)."""

    source: list[int]
    other: list[int]
    share: list[float]


_FIELDS = tuple(f.name for f in dataclasses.fields(model.Analysis) if not f.name.startswith("_"))


@functools.lru_cache(maxsize=1)
def _analysis_decoder() -> msgspec.msgpack.Decoder[Any]:
    """The model's `Analysis` as a struct of the same fields, the copy shares as `_Shares`,
    and any passage index an entry brings (`private_index`), to refuse it."""
    hints = typing.get_type_hints(model.Analysis)
    fields: list[Any] = []
    for f in dataclasses.fields(model.Analysis):
        if f.name.startswith("_"):
            continue
        kind = _Shares if f.name == "copied" else hints[f.name]
        if f.default is not dataclasses.MISSING:
            fields.append((f.name, kind, f.default))
        else:
            fields.append((f.name, kind))
    fields.append(("private_index", object, msgspec.field(default=None, name="_by_id")))
    return msgspec.msgpack.Decoder(msgspec.defstruct("StoredAnalysis", fields))


def _copy_shares(columns: _Shares, sources: tuple[model.Source, ...]) -> model.CopyShares:
    """The stored columns as the model's lazy `CopyShares`; ValueError unless they are
    columns of one length naming sources that exist."""
    count = len(columns.share)
    if len(columns.source) != count or len(columns.other) != count:
        raise ValueError("copy shares: columns of different lengths")
    places = {*columns.source, *columns.other}
    if places and (min(places) < 0 or max(places) >= len(sources)):
        raise ValueError("copy shares: a source that does not exist")
    ids = [source.id for source in sources]

    def make() -> tuple[model.CopyShare, ...]:
        return tuple(
            model.CopyShare(ids[source], ids[other], share)
            for source, other, share in zip(
                columns.source, columns.other, columns.share, strict=True
            )
        )

    return model.CopyShares(count, make, frozenset(ids[place] for place in places))


def entry_header(key: str, format: str = CACHE_FORMAT) -> bytes:
    """The two lines an entry starts with: its format and its key."""
    return f"{format}\n{key}\n".encode("ascii")


def pack_entry(key: str, document: object, format: str = CACHE_FORMAT) -> bytes:
    """An entry's bytes: the header, then `document` as zstd-compressed MessagePack."""
    payload = msgspec.msgpack.encode(document)
    return entry_header(key, format) + zstandard.ZstdCompressor(level=ZSTD_LEVEL).compress(payload)


def unpack_entry(data: bytes, key: str) -> bytes:
    """The MessagePack of an entry with this format and key; CacheMiss for any other entry,
    a truncated one, or one that would inflate past `MAX_BYTES`."""
    header = entry_header(key)
    if not data.startswith(header):
        if data.startswith(entry_header("")[:-1]):
            raise CacheMiss("an entry for other content")
        raise CacheMiss(f"not a {CACHE_FORMAT} entry")
    compressed = memoryview(data)[len(header) :]
    try:
        # The frame says how large it inflates (our writer always records it): no unbounded
        # inflating, and a frame that does not say is not ours.
        size = zstandard.frame_content_size(compressed)
        if not 0 <= size <= MAX_BYTES:
            raise CacheMiss("an entry larger than the whole cache may be, or of unknown size")
        return zstandard.ZstdDecompressor().decompress(compressed)
    except zstandard.ZstdError as error:  # truncated or damaged
        raise CacheMiss(f"not readable: {error}") from None


def read_entry(path: Path, key: str) -> model.Analysis:
    try:
        # A FIFO, a device or an oversized file is refused before anything is read.
        raw = read_capped(path, MAX_ENTRY_BYTES)
    except (OSError, ValueError) as error:  # absent, not a file, too large
        raise CacheMiss(f"{path}: {error}") from None
    try:
        data = unpack_entry(raw, key)
    except CacheMiss as error:
        raise CacheMiss(f"{path}: {error}") from None
    try:
        with collector_paused():
            stored = _analysis_decoder().decode(data)
            if stored.private_index:  # never stored: an entry must not bring one
                raise CacheMiss(f"{path}: an entry with a passage index of its own")
            fields = {name: getattr(stored, name) for name in _FIELDS}
            fields["copied"] = _copy_shares(stored.copied, stored.sources)
            analysis = model.Analysis(**fields)
    except (msgspec.DecodeError, ValueError, TypeError) as error:  # never let an entry
        raise CacheMiss(f"{path}: {error}") from None  # crash the reader
    if analysis.engine_version != ENGINE_VERSION:
        raise CacheMiss(f"{path}: made by engine {analysis.engine_version}")
    return analysis


def check_consistent(analysis: model.Analysis, story: LoadedStory) -> None:
    """CacheMiss unless the entry describes exactly this story: the same sources (so the same
    cleaned text), and every passage, claim and finding pointing at what exists. An entry is a
    file anyone with access to the cache folder could have written; the reader indexes text
    with these offsets and ids."""
    if analysis.sources != story.sources:
        raise CacheMiss("the entry's sources are not the story's")
    texts = {source.id: source.text for source in story.sources}
    if len(texts) != len(story.sources):
        raise CacheMiss("the story has two sources with one id")
    # At 400 articles this is 27,000 passages, 14,000 finding values and 85,000 copy shares
    # (about 0.06 s): the passages in one pass, their fields read by one attrgetter, and whole
    # fields checked as sets where a test per item is not needed.
    lengths: dict[str, int] = {}
    text_of = texts.get
    fields = attrgetter("id", "source", "start", "end", "text")
    for passage_id, source, start, end, text in map(fields, analysis.passages):
        whole = text_of(source)
        if whole is None or not 0 <= start <= end <= len(whole):
            raise CacheMiss(f"passage {passage_id!r}: unknown source or offsets outside it")
        # The source's slice, compared in place rather than cut out first.
        if end - start != len(text) or not whole.startswith(text, start):
            raise CacheMiss(f"passage {passage_id!r}: text is not its source's")
        lengths[passage_id] = end - start
    if len(lengths) != len(analysis.passages):
        raise CacheMiss("two passages with one id")
    passage_ids = lengths.keys()
    sources = texts.keys()
    clusters = analysis.clusters
    cluster_ids = set(map(attrgetter("id"), clusters))
    named = set(chain.from_iterable(map(attrgetter("passages"), clusters)))
    if (
        not named <= passage_ids
        or not set(chain.from_iterable(map(attrgetter("sources"), clusters))) <= sources
    ):
        raise CacheMiss("a claim names passages or sources that do not exist")
    for cluster in clusters:
        if cluster.strengths and len(cluster.strengths) != len(cluster.passages):
            raise CacheMiss(f"claim {cluster.id!r}: strengths do not match its passages")
    for finding in analysis.findings:
        if (
            not passage_ids >= set(finding.passages)
            or not sources >= set(finding.sources)
            or (finding.cluster is not None and finding.cluster not in cluster_ids)
        ):
            raise CacheMiss(f"finding {finding.id!r}: names what does not exist")
        for value in finding.values:
            length = lengths.get(value.passage)
            if length is None or value.source not in texts:
                raise CacheMiss(f"finding {finding.id!r}: a value names what does not exist")
            if not 0 <= value.start <= value.end <= length:
                raise CacheMiss(f"finding {finding.id!r}: a value's offsets are outside it")
    shares = analysis.copied
    if isinstance(shares, model.CopyShares):
        copiers: set[str] | frozenset[str] = shares.sources
    else:
        copiers = set(map(attrgetter("source"), shares)) | set(map(attrgetter("other"), shares))
    if not copiers <= sources:
        raise CacheMiss("a copy share names a source that does not exist")


def write_entry(path: Path, key: str, analysis: model.Analysis) -> None:
    # The shares go in as columns: encoding them as objects too (544,000 at 1,000 outlets)
    # only to replace them would double the write's work.
    document = {
        **encode(dataclasses.replace(analysis, copied=())),
        "copied": stored_shares(analysis),
    }
    data = pack_entry(key, document)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_bytes(path, data)


def stored_shares(analysis: model.Analysis) -> dict[str, list[Any]]:
    """The analysis's copy shares as the columns an entry keeps (see `_Shares`)."""
    place = {source.id: index for index, source in enumerate(analysis.sources)}
    shares = analysis.copied
    return {
        "source": [place[share.source] for share in shares],
        "other": [place[share.other] for share in shares],
        "share": [share.share for share in shares],
    }


def prune(folder: Path, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
    """Delete the least recently used entries until the folder is within both bounds, the
    stamps beyond `max_entries` (their stories' files as last read, ~30 KB each at 400
    articles), and the temporary files of writes that died an hour or more ago."""
    import time

    stale = time.time() - 3600
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < stale:
                leftover.unlink()
    for suffix in OLD_SUFFIXES:
        for outdated in folder.glob(f"*{suffix}"):
            with contextlib.suppress(OSError):
                outdated.unlink()
    stamps = []
    for stamp in folder.glob(f"*{STAMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            stamps.append((stamp.stat().st_mtime, stamp))
    stamps.sort(reverse=True)
    for _, stamp in stamps[max_entries:]:
        with contextlib.suppress(OSError):
            stamp.unlink()
    entries = []
    for entry in folder.glob(f"*{SUFFIX}"):
        with contextlib.suppress(OSError):
            stat = entry.stat()
            entries.append((stat.st_mtime, stat.st_size, entry))
    entries.sort(reverse=True)  # newest first
    total = 0
    for count, (_, size, entry) in enumerate(entries, start=1):
        total += size
        if total > max_bytes or count > max_entries:
            with contextlib.suppress(OSError):
                entry.unlink()


# -- a strict codec for the model's dataclasses ---------------------------------------------


def encode(value: Any) -> Any:
    """Plain JSON data for a model value: dataclasses as objects (private fields left out),
    enums as their values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: encode(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not f.name.startswith("_")
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list | model.CopyShares):
        return [encode(item) for item in value]
    return value


def decode(kind: Any, data: Any) -> Any:
    """`data` (as `encode` makes it) read back as `kind`, a model type, every field checked:
    CacheMiss when anything is missing or of the wrong type."""
    try:
        value = msgspec.convert(data, kind)
    except (msgspec.ValidationError, TypeError, ValueError) as error:
        raise CacheMiss(str(error)) from None
    if isinstance(value, model.Analysis) and isinstance(value.copied, list):
        value = dataclasses.replace(value, copied=tuple(value.copied))  # as the engine has it
    return value
