"""Analyses kept on disk, so reopening a large story is instant.

An entry is keyed by everything the analysis depends on: the cache format, the engine (its
version and a digest of its source), the program version, the link threshold, the story's
path and its loaded content (every source's decoded text and metadata: the files' bytes as
the engine sees them, so an edited article or story.toml is a new key). Entries are
zlib-compressed JSON with their key inside, decoded field by field against the model's types:
anything that does not fit (another format, a truncated file, a wrong type, a key that is not
the one asked for) is a miss, rebuilt and overwritten, never trusted, and nothing is ever
unpickled. Writes are atomic; the folder is pruned oldest-first to stay under `MAX_BYTES` and
`MAX_ENTRIES`. A cache that cannot be read or written only costs the time of a fresh analysis.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import json
import os
import sys
import types
import typing
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui import __version__, model
from tui.engine.align import LINK_THRESHOLD
from tui.engine.load import LoadedStory
from tui.engine.pipeline import ENGINE_VERSION, Progress, analyse_story
from tui.files import read_capped, write_atomic_bytes

CACHE_FORMAT = "coverage-tui/cache@1"
MAX_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 500
# One compressed entry is never this large (the analysis of a 20 MB article is a few MB).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
SUFFIX = ".json.z"


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
) -> model.Analysis:
    """The story's analysis from the cache when an entry for exactly this content exists,
    else computed (and stored). `use_cache=False` neither reads nor writes."""
    if not use_cache:
        return analyse_story(story, progress, link_threshold, semantic)
    folder = folder or cache_dir()
    key = story_key(story, link_threshold, semantic)
    entry = folder / f"{key}{SUFFIX}"
    try:
        analysis = read_entry(entry, key)
        check_consistent(analysis, story)
    except CacheMiss:
        pass
    else:
        if progress is not None:
            progress("reading the cached analysis")
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: pruned last
        return analysis
    analysis = analyse_story(story, progress, link_threshold, semantic)
    with contextlib.suppress(OSError):
        write_entry(entry, key, analysis)
        prune(folder)
    return analysis


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
    from tui.engine.align.semantic import model_identity

    digest = hashlib.sha256()
    header = [
        CACHE_FORMAT, engine_fingerprint(), __version__, repr(link_threshold), str(story.path),
        model_identity(semantic),
    ]  # fmt: skip
    digest.update(json.dumps(header).encode())
    digest.update(json.dumps([story.title, encode(story.notes)]).encode())
    for source in story.sources:
        digest.update(json.dumps(encode(source), ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def read_entry(path: Path, key: str) -> model.Analysis:
    try:
        inflater = zlib.decompressobj()
        # A FIFO, a device or an oversized file is refused before anything is read.
        raw = read_capped(path, MAX_ENTRY_BYTES)
        data = inflater.decompress(raw, MAX_BYTES)  # no unbounded inflating
        if not inflater.eof:
            raise ValueError("truncated, or larger than the whole cache may be")
        document = json.loads(data)
    except (OSError, ValueError, zlib.error, RecursionError) as error:  # absent, truncated,
        raise CacheMiss(f"{path}: {error}") from None  # nested too deep, not ours
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        raise CacheMiss(f"{path}: not a {CACHE_FORMAT} entry")
    if document.get("key") != key:
        raise CacheMiss(f"{path}: an entry for other content")
    try:
        analysis = decode(model.Analysis, document.get("analysis"))
    except (TypeError, ValueError, KeyError) as error:  # never let an entry crash the reader
        raise CacheMiss(f"{path}: {error}") from None
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
    passage_ids: set[str] = set()
    for passage in analysis.passages:
        text = texts.get(passage.source)
        if text is None or passage.id in passage_ids:
            raise CacheMiss(f"passage {passage.id!r}: unknown source or a second passage")
        if not 0 <= passage.start <= passage.end <= len(text):
            raise CacheMiss(f"passage {passage.id!r}: offsets outside its source")
        if text[passage.start : passage.end] != passage.text:
            raise CacheMiss(f"passage {passage.id!r}: text is not its source's")
        passage_ids.add(passage.id)
    cluster_ids = {cluster.id for cluster in analysis.clusters}
    for cluster in analysis.clusters:
        if not set(cluster.passages) <= passage_ids or not set(cluster.sources) <= texts.keys():
            raise CacheMiss(f"claim {cluster.id!r}: names passages or sources that do not exist")
        if cluster.strengths and len(cluster.strengths) != len(cluster.passages):
            raise CacheMiss(f"claim {cluster.id!r}: strengths do not match its passages")
    for finding in analysis.findings:
        if (
            not set(finding.passages) <= passage_ids
            or not set(finding.sources) <= texts.keys()
            or (finding.cluster is not None and finding.cluster not in cluster_ids)
        ):
            raise CacheMiss(f"finding {finding.id!r}: names what does not exist")
        for value in finding.values:
            if value.passage not in passage_ids or value.source not in texts:
                raise CacheMiss(f"finding {finding.id!r}: a value names what does not exist")
            passage = analysis.passage(value.passage)
            if not 0 <= value.start <= value.end <= len(passage.text):
                raise CacheMiss(f"finding {finding.id!r}: a value's offsets are outside it")
    for share in analysis.copied:
        if share.source not in texts or share.other not in texts:
            raise CacheMiss("a copy share names a source that does not exist")


def write_entry(path: Path, key: str, analysis: model.Analysis) -> None:
    document = {"format": CACHE_FORMAT, "key": key, "analysis": encode(analysis)}
    data = zlib.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), 6)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic_bytes(path, data)


def prune(folder: Path, max_bytes: int = MAX_BYTES, max_entries: int = MAX_ENTRIES) -> None:
    """Delete the least recently used entries until the folder is within both bounds, and the
    temporary files of writes that died an hour or more ago."""
    import time

    stale = time.time() - 3600
    for leftover in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < stale:
                leftover.unlink()
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
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    return value


def decode(kind: Any, data: Any) -> Any:
    """`data` read back as `kind` (a model type hint), checking every field: CacheMiss when
    anything is missing, extra or of the wrong type."""
    return _decoder(kind)(data)


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(kind: Any) -> Callable[[Any], Any]:
    found = _DECODERS.get(kind)
    if found is None:
        found = _DECODERS[kind] = _make_decoder(kind)
    return found


def _make_decoder(kind: Any) -> Callable[[Any], Any]:
    if kind is Any:
        raise TypeError("the model has no untyped fields")
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(arg) for arg in typing.get_args(kind) if arg is not type(None)]
        nullable = type(None) in typing.get_args(kind)

        def union(data: Any) -> Any:
            if data is None and nullable:
                return None
            for option in options:
                try:
                    return option(data)
                except CacheMiss:
                    continue
            raise CacheMiss(f"{data!r} is not a {kind}")

        return union
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(x) for x in _list(data))
        items = [_decoder(arg) for arg in args]

        def fixed(data: Any) -> tuple[Any, ...]:
            values = _list(data)
            if len(values) != len(items):
                raise CacheMiss(f"{data!r} is not a {kind}")
            return tuple(d(x) for d, x in zip(items, values, strict=True))

        return fixed
    if isinstance(kind, type) and issubclass(kind, enum.Enum):

        def member(data: Any) -> Any:
            try:
                return kind(data)
            except ValueError:
                raise CacheMiss(f"{data!r} is not a {kind.__name__}") from None

        return member
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if kind is float:
        return _checked(lambda d: isinstance(d, int | float) and not isinstance(d, bool), float)
    if kind in (str, int, bool):
        return _checked(lambda d: type(d) is kind, kind)
    raise TypeError(f"no decoder for {kind!r}")


def _dataclass_decoder(kind: type) -> Callable[[Any], Any]:
    hints = typing.get_type_hints(kind, vars(sys.modules[kind.__module__]))
    fields = [f for f in dataclasses.fields(kind) if not f.name.startswith("_")]
    required = {
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    names = {f.name for f in fields}

    def build(data: Any) -> Any:
        if not isinstance(data, dict) or not required <= data.keys() or data.keys() - names:
            raise CacheMiss(f"not a {kind.__name__}")
        return kind(**{name: _decoder(hints[name])(value) for name, value in data.items()})

    return build


def _checked(test: Callable[[Any], bool], convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(data: Any) -> Any:
        if not test(data):
            raise CacheMiss(f"{data!r} has the wrong type")
        return convert(data)

    return check


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise CacheMiss(f"{data!r} is not a list")
    return data
