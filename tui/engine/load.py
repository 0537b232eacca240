"""Read a story folder (or one article file) into Sources: decoded, cleaned, with metadata.

Article files are untrusted input from the web: the loader decodes whatever encoding they come
in, normalises the text (NFC, `\\n` line endings) and removes control characters, so nothing
downstream can be tricked into sending a terminal escape sequence. `Source.text` is the text as
shown and every offset later stages compute points into it.

The loader never writes to the input folder. Problems with one file become a `LoadNote` and the
file is skipped; only when nothing readable remains is the story an `InputError`, a one-line
message that names the path and the problem.

Heavy or rarely needed modules (selectolax, charset-normalizer, tomllib, email.utils) are
imported, and regular expressions compiled, only when a file needs them, so opening a folder of
plain text costs little more than reading it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, AnyStr, Generic

from tui.model import LoadNote, NoiseSpan, Source

# Article file types by suffix (lower case) and the `Source.format` they load as.
ARTICLE_FORMATS: Mapping[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
}
STORY_FILE = "story.toml"
# Told each file's path and bytes as the loader reads them, when set (`tui.stamp` keeps their
# digests, so that a cached story's files can be known unchanged without reading them again).
FILE_READ: ContextVar[Callable[[Path, bytes], None] | None] = ContextVar("FILE_READ", default=None)
# Larger files are skipped before they are read: no article is this long.
MAX_BYTES = 20 * 1024 * 1024
# How much of a file the binary sniffing looks at.
SNIFF_BYTES = 8192
# A file whose sample has more than this share of control bytes is binary, not text.
BINARY_CONTROL_RATIO = 0.10
# Up to this many NUL bytes (or one per thousand bytes) in a text file are dropped, not binary.
STRAY_NULS = 16
# At most this many skipped files are named in the one-line "no readable article" message.
SUMMARY_ITEMS = 5

_SUPPORTED = ".txt, .md, .markdown, .html, .htm, .json or .jsonl"


class _LazyPattern(Generic[AnyStr]):
    """A regular expression compiled on first use: many are for formats or oddities (HTML,
    Markdown, escape sequences, dated first lines) a folder of plain text may never need. The
    first call puts the compiled pattern's methods on the instance; later calls go straight
    to them."""

    def __init__(self, pattern: AnyStr, flags: int) -> None:
        self._pattern: AnyStr = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(self._pattern, self._flags)
        for method in ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


def _lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile`, deferred to the first call."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]  # acts as the pattern


class InputError(Exception):
    """One-line, user-facing message that names the file and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(_one_line(message))


class _Skip(InputError):
    """A file that cannot be used: `reason` completes the sentence "<name> ..."."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = _safe(name)
        self.reason = _one_line(reason)
        super().__init__(f"{self.name} {self.reason}")


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


# --------------------------------------------------------------------------------------------
# Public entry points


def open_path(path: Path, follow_symlinks: bool = False) -> LoadedStory | Collection:
    """A story, or a collection of story folders for the caller to pick from.

    Symlinks that lead out of the folder are skipped (with a note) unless `follow_symlinks`:
    a link to a private file must not put it in a report."""
    path = Path(path)
    st = _stat_input(path)
    if stat.S_ISDIR(st.st_mode):
        listing = _scan(path, follow_symlinks)
        if not listing.articles and not listing.outside:
            stories = _story_folders(path, listing.folders)
            if stories:
                return Collection(path=path, stories=tuple(stories))
        return _load_folder(path, listing)
    return load_story(path, follow_symlinks)


def load_story(path: Path, follow_symlinks: bool = False) -> LoadedStory:
    """Load one story: a folder of articles (one per outlet) or a single article file."""
    path = Path(path)
    st = _stat_input(path)
    if stat.S_ISDIR(st.st_mode):
        return _load_folder(path, _scan(path, follow_symlinks))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{_safe(str(path))} is not a file or folder")
    return _load_single(path)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode an article's bytes to clean text: (text, encoding name).

    Raises InputError naming `name` when the bytes are binary or fit no encoding.
    """
    decoded = _decode(data, name)
    text, _removed = _clean(decoded.text)
    return text, decoded.encoding


# --------------------------------------------------------------------------------------------
# Folders


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
            notes.append(LoadNote(STORY_FILE, f"names {_safe(key)}, which is not in the folder"))
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


def _load_article_safely(
    data: bytes, name: str, overrides: Mapping[str, str]
) -> tuple[list[Source], list[LoadNote]]:
    """`_load_article`, with any failure on this file's content (a parser's recursion limit, a
    number too long to convert, a bug met only by odd input) a skip of this file alone."""
    try:
        return _load_article(data, name, overrides)
    except _Skip:
        raise
    except (RecursionError, MemoryError):
        raise _Skip(name, "is nested too deeply or too large to read") from None
    except Exception as error:  # one bad file never stops the story
        raise _Skip(name, f"could not be read ({type(error).__name__}: {error})") from None


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


# --------------------------------------------------------------------------------------------
# Reading and decoding


def _read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, after checking (without reading) that it is a regular, sane-sized file."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _Skip(name, "is a broken symlink") from None
    except PermissionError:
        raise _Skip(name, "cannot be read: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _Skip(name, "is a symlink loop") from None
        raise _Skip(name, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _Skip(name, "is not a regular file")
    if st.st_size > MAX_BYTES:
        raise _Skip(name, f"is too large ({_megabytes(st.st_size)}; the limit is 20 MB)")
    if st.st_size == 0:
        raise _Skip(name, "is empty")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise _Skip(name, "cannot be read: permission denied") from None
    except OSError as exc:
        raise _Skip(name, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _Skip(name, "is too large (over 20 MB)")
    if not data:
        raise _Skip(name, "is empty")
    told = FILE_READ.get()
    if told is not None:
        told(path, data)
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


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


def _safe(name: str) -> str:
    """A file name fit to show: control characters (and undecodable bytes) become '?'."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "?", name)


def _one_line(message: str) -> str:
    return _safe(" ".join(message.split()))


# --------------------------------------------------------------------------------------------
# One article file -> Sources


@dataclass
class _Meta:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None


def _load_article(
    data: bytes, name: str, overrides: Mapping[str, str]
) -> tuple[list[Source], list[LoadNote]]:
    """Sources from one file (JSON files may hold several) and notes about it."""
    fmt = ARTICLE_FORMATS.get(Path(name).suffix.lower(), "text")
    decoded = _decode(data, name)
    notes: list[LoadNote] = []
    dropped: list[str] = []
    if decoded.replaced:
        dropped.append(f"invalid {decoded.encoding} bytes x{decoded.replaced} (replaced)")
    hint = overrides.get("outlet") or Path(name).stem

    if fmt in ("json", "jsonl"):
        items, problems = _json_items(decoded.text, name, fmt)
        if not items:
            first = problems[0] if problems else "holds no article"
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise _Skip(name, first + more)
        shown = _safe(name)
        notes.extend(LoadNote(shown, f"{problem}; skipped") for problem in problems)
        return [
            _make_source(text, meta, fmt, decoded.encoding, dropped + item_dropped, overrides)
            for text, meta, item_dropped in items
        ], notes

    noise: tuple[NoiseSpan, ...] = ()
    if fmt == "html":
        text, meta, html_dropped, noise = _parse_html(decoded.text, hint)
        dropped.extend(html_dropped)
    else:
        text, removed = _clean(decoded.text)
        if fmt == "markdown":
            text, meta, md_dropped = _markdown(text, hint)
            dropped.extend(md_dropped)
        else:
            text = _tidy(text)
            meta = _text_meta(text, hint)
        if removed:
            dropped.append(f"control characters x{removed}")
    if not text.strip():
        raise _Skip(name, "is empty" if fmt != "html" else "has no article text")
    return [_make_source(text, meta, fmt, decoded.encoding, dropped, overrides, noise)], notes


def _make_source(
    text: str,
    meta: _Meta,
    fmt: str,
    encoding: str,
    dropped: list[str],
    overrides: Mapping[str, str],
    noise: tuple[NoiseSpan, ...] = (),
) -> Source:
    """A Source with story.toml's metadata taking precedence over what the file says."""
    title, span = meta.title, meta.title_span
    if overrides.get("title") and overrides["title"] != title:
        title = overrides["title"]
        span = _find_title(text, title)
    return Source(
        id="",
        path="",
        text=text,
        outlet=overrides.get("outlet") or meta.outlet or "",
        title=title,
        date=overrides.get("date") or meta.date,
        url=overrides.get("url") or meta.url,
        format=fmt,
        encoding=encoding,
        title_span=span,
        dropped=tuple(dropped),
        lean=overrides.get("lean"),
        noise=noise,
    )


def _find_title(text: str, title: str) -> tuple[int, int] | None:
    """Where `title` stands near the top of `text`, if it does."""
    start = text.find(title, 0, 2000 + len(title))
    return (start, start + len(title)) if start >= 0 else None


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --------------------------------------------------------------------------------------------
# Plain-text metadata: title line, date prefix, "Title | Section | site" tails


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ISO_DATE = r"\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}"
_LONG_DATE = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
)
_DATE = rf"(?:{_ISO_DATE}|{_LONG_DATE})"
_TIME = (
    r"(?:(?:T|,?\s+(?:at\s+)?)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?"
    r"(?:\s*(?-i:Z|[+-]\d{2}:?\d{2}|UTC|GMT|[A-Z]{1,2}[SD]?T)\b)?)?"
)
_LABEL = (
    r"(?:dated?|published(?:\s+on)?|first\s+published(?:\s+on)?|posted(?:\s+on)?|"
    r"updated(?:\s+on)?|last\s+updated(?:\s+on)?|pub(?:lication)?\s+date)"
)
# "date 2024-03-05 Title", "Published: March 5, 2024 | Title", "2024-03-05T09:00Z Title".
_DATE_PREFIX_RE = _lazy(
    rf"\s*(?:{_LABEL}\s*[:\-–—]?\s*(?P<d1>{_DATE}){_TIME}|(?P<d2>{_ISO_DATE}){_TIME}(?=\s))"
    r"\s*(?:[|:\-–—·•,]\s*)?",
    re.I,
)
# A line that is nothing but a (labelled) date.
_DATE_LINE_RE = _lazy(rf"\s*(?:{_LABEL}\s*[:\-–—]?\s*)?(?P<d>{_DATE}){_TIME}\s*\.?\s*", re.I)
_ISO_RE = _lazy(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_LONG_MD_RE = _lazy(rf"({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I)
_LONG_DM_RE = _lazy(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})", re.I)

_DOMAIN_RE = _lazy(
    r"(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}/?", re.I
)
_PIPE_RE = _lazy(r"\s+[|｜]\s+")
_DASH_RE = _lazy(r"\s+[-–—]\s+")
# Words that mark a short " - Tail" as a publication's name rather than part of the headline.
_OUTLET_WORDS = _wordset(
    """news times post journal tribune herald daily online tv radio press magazine media
    guardian gazette today wire network channel chronicle observer telegraph independent
    express mail star sun review report weekly insider reporter dispatch bulletin examiner
    register courier monitor standard mirror record inquirer globe digest"""
)
# A lone section name after a pipe is not an outlet ("Title | Politics").
_SECTION_WORDS = _wordset(
    """world politics news opinion us u.s. uk business sport sports tech technology health
    science europe asia africa americas entertainment culture lifestyle economy markets local
    national international breaking latest analysis video live"""
)
_LIST_START_RE = _lazy(r"^(?:[-*+•·‣▪–—>#]|\(?\d{1,3}[.)])\s")
_SENTENCE_END_RE = _lazy(r"[.!?…][\"”’')\]]*$")
_SENTENCE_BREAK_RE = _lazy(r"[.!?…][\"”’')\]]*\s+[\"“‘'(]?[A-Z0-9]")
_NOT_TITLE_RE = _lazy(r"^(?:by|von|par|por)\s+\S", re.I)
# Short labels a page-saved text may start with, before its headline.
_LEAD_LABEL_RE = _lazy(
    r"^(?:advertisement|skip to (?:main )?content|menu|home|breaking(?: news)?|exclusive|"
    r"live|updated|opinion|analysis|share|subscribe|sign in|log in)\s*:?$",
    re.I,
)
_MAX_TITLE_CHARS = 200
_MAX_TITLE_WORDS = 35
# A headline that ends like a sentence must be at most this long and stand alone.
_MAX_SENTENCE_TITLE_CHARS = 160


@dataclass(frozen=True)
class _Line:
    start: int  # offset of the first non-blank character
    text: str  # stripped
    blank_after: bool  # followed by a blank line or the end of the text


def _first_lines(text: str, limit: int) -> list[_Line]:
    """The first `limit` non-blank lines, found without splitting the whole text."""
    lines: list[_Line] = []
    pos = 0
    pending: tuple[int, str] | None = None
    while pos <= len(text) and len(lines) < limit:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        raw = text[pos:end]
        stripped = raw.strip()
        if pending is not None:
            lines.append(_Line(pending[0], pending[1], not stripped))
            pending = None
        if stripped:
            pending = (pos + len(raw) - len(raw.lstrip()), stripped)
        if end >= len(text):
            break
        pos = end + 1
    if pending is not None and len(lines) < limit:
        lines.append(_Line(pending[0], pending[1], True))
    return lines


def _text_meta(text: str, hint: str | None = None) -> _Meta:
    """Title, date and outlet from the head of a plain-text article (nothing is removed)."""
    meta = _Meta()
    lines = _first_lines(text, 6)
    i = 0
    while i < len(lines) - 1 and i < 2 and _LEAD_LABEL_RE.match(lines[i].text):
        i += 1
    if i >= len(lines):
        return meta
    if _DATE_LINE_RE.fullmatch(lines[i].text):
        meta.date = _parse_date(lines[i].text)
        i += 1
        if i >= len(lines):
            return meta
    line = lines[i]
    start, candidate, marked = line.start, line.text, False
    if meta.date is None:
        match = _DATE_PREFIX_RE.match(candidate)
        if match and match.end() < len(candidate):
            date = _parse_date(match.group("d1") or match.group("d2"))
            if date:
                meta.date = date
                start += match.end()
                candidate = candidate[match.end() :]
                marked = True
    title, offset, outlet = _split_tail(candidate, hint)
    if title != candidate:
        marked = True
    meta.outlet = outlet
    has_body = i + 1 < len(lines)
    if has_body and _heading_like(title, line.blank_after, marked):
        meta.title = title
        meta.title_span = (start + offset, start + offset + len(title))
        if meta.date is None and _DATE_LINE_RE.fullmatch(lines[i + 1].text):
            meta.date = _parse_date(lines[i + 1].text)
    return meta


def _heading_like(title: str, blank_after: bool, marked: bool) -> bool:
    """A headline, not the first sentence of the body."""
    if not title or len(title) > _MAX_TITLE_CHARS:
        return False
    words = title.split()
    if len(words) > _MAX_TITLE_WORDS or (len(words) < 2 and not marked):
        return False
    if _LIST_START_RE.match(title) or _NOT_TITLE_RE.match(title) or title[-1] in ",;:":
        return False
    if _SENTENCE_END_RE.search(title):
        # Headlines may end like sentences ("...? Partly, experts explain."), but then they
        # stand alone, are short, and hold at most two sentences; a lead paragraph does not.
        return (
            blank_after
            and len(title) <= _MAX_SENTENCE_TITLE_CHARS
            and len(_SENTENCE_BREAK_RE.findall(title)) <= 1
        )
    return True


def _split_tail(line: str, hint: str | None = None) -> tuple[str, int, str | None]:
    """Split "Title | Section | site" or "Title - Site Name": (title, its offset, outlet)."""
    seps = list(_PIPE_RE.finditer(line))
    if seps:
        bounds, pos = [], 0
        for sep in seps:
            bounds.append((pos, sep.start()))
            pos = sep.end()
        bounds.append((pos, len(line)))
        parts = [(s, e, line[s:e].strip()) for s, e in bounds]
        main = max(range(len(parts)), key=lambda k: len(parts[k][2]))
        others = [p[2] for k, p in enumerate(parts) if k != main]
        title = parts[main][2]
        if len(title.split()) >= 2 and all(
            o and len(o) <= 60 and len(o.split()) <= 6 for o in others
        ):
            domains = [o for o in others if _DOMAIN_RE.fullmatch(o)]
            names = [o for o in others if o.casefold() not in _SECTION_WORDS and not _parse_date(o)]
            outlet: str | None = None
            if domains:
                outlet = _outlet_name(domains[-1])
            elif names:
                outlet = names[-1] if main == 0 else names[0]
            return title, parts[main][0], outlet
    dashes = list(_DASH_RE.finditer(line))
    if dashes:
        last = dashes[-1]
        head, tail = line[: last.start()].rstrip(), line[last.end() :].strip()
        if len(head.split()) >= 3 and _site_like(tail, hint):
            return head, 0, _outlet_name(tail)
    return line, 0, None


def _site_like(tail: str, hint: str | None) -> bool:
    """Whether a short tail after a dash names a publication."""
    if not tail or len(tail) > 40:
        return False
    if _DOMAIN_RE.fullmatch(tail):
        return True
    words = tail.split()
    if len(words) > 4 or not all(w[0].isupper() or w[0].isdigit() for w in words):
        return False
    if any(w.strip(".").casefold() in _OUTLET_WORDS for w in words):
        return True
    # Otherwise only when the file's name (or story.toml) names the same outlet.
    squashed = _squash(tail)
    return len(squashed) >= 3 and squashed in _squash(hint or "")


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).casefold()


def _outlet_name(value: str) -> str:
    value = value.strip()
    if _DOMAIN_RE.fullmatch(value):
        value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value, flags=re.I).rstrip("/")
    return value


def _parse_date(value: object) -> str | None:
    """An ISO yyyy-mm-dd date from the forms articles use, or None."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = value / 1000 if value > 10**11 else value  # milliseconds, common in JSON
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    found: tuple[int, int, int] | None = None
    if match := _ISO_RE.search(text):
        found = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _LONG_MD_RE.search(text):
        found = (int(match.group(3)), _MONTHS[match.group(1)[:3].lower()], int(match.group(2)))
    elif match := _LONG_DM_RE.search(text):
        found = (int(match.group(3)), _MONTHS[match.group(2)[:3].lower()], int(match.group(1)))
    else:
        found = _rfc2822_date(text)
    if found is None:
        return None
    try:
        return dt.date(*found).isoformat()
    except ValueError:
        return None


def _rfc2822_date(text: str) -> tuple[int, int, int] | None:
    """ "Tue, 05 Mar 2024 09:00:00 GMT" (RSS). `parsedate_tz` finds nothing in fewer than three
    words or without a month name: such strings are spared importing email.utils (~10 ms)."""
    lowered = text.lower()
    if len(text.split()) < 3 or not any(month in lowered for month in _MONTHS):
        return None
    from email.utils import parsedate_tz

    parsed = parsedate_tz(text)
    return (parsed[0], parsed[1], parsed[2]) if parsed else None


# --------------------------------------------------------------------------------------------
# Markdown


_FRONT_MATTER_END_RE = _lazy(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_ATX_TITLE_RE = _lazy(r"#[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = _lazy(r"=+[ \t]*$")


def _markdown(text: str, hint: str | None) -> tuple[str, _Meta, list[str]]:
    """Markdown text as written, minus YAML front matter whose keys become metadata."""
    dropped: list[str] = []
    fields: dict[str, str] = {}
    if text.startswith("---\n"):
        end = _FRONT_MATTER_END_RE.search(text, 4)
        if end:
            block = text[4 : end.start()]
            fields = _front_matter(block)
            text = text[end.end() :]
            dropped.append(f"front matter ({len(block.splitlines())} lines)")
    text = _tidy(text)
    meta = _Meta()
    lines = _first_lines(text, 3)
    if lines:
        first = lines[0]
        heading = _ATX_TITLE_RE.fullmatch(first.text)
        if heading and first.text.startswith("# "):
            meta.title = heading.group("title").strip()
            start = first.start + heading.start("title")
            meta.title_span = (start, start + len(meta.title))
        elif len(lines) > 1 and _SETEXT_RE.fullmatch(lines[1].text) and not first.blank_after:
            meta.title = first.text
            meta.title_span = (first.start, first.start + len(first.text))
        else:
            meta = _text_meta(text, hint)
    title = _meta_text(fields.get("title"))
    if title:
        if title != meta.title:
            meta.title_span = _find_title(text, title)
        meta.title = title
    date = _parse_date(fields.get("date") or fields.get("published") or "")
    meta.date = date or meta.date
    outlet = next(
        (fields[k] for k in ("outlet", "source", "site", "publisher") if fields.get(k)), None
    )
    meta.outlet = _meta_text(outlet) or meta.outlet
    meta.url = _meta_text(fields.get("url") or fields.get("link") or fields.get("canonical"))
    return text, meta, dropped


def _front_matter(block: str) -> dict[str, str]:
    """`key: value` pairs of a YAML front matter block (nested values are ignored)."""
    fields: dict[str, str] = {}
    for line in block.split("\n"):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$", line)
        if not match or not match.group(2):
            continue
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        fields[match.group(1).lower()] = value
    return fields


# --------------------------------------------------------------------------------------------
# JSON and JSON Lines


_TEXT_KEYS = (
    "text",
    "body",
    "content",
    "maintext",
    "article",
    "articleBody",
    "article_body",
    "full_text",
    "fulltext",
)
_TITLE_KEYS = ("title", "headline", "heading")
_OUTLET_KEYS = (
    "outlet",
    "source",
    "site",
    "site_name",
    "publisher",
    "publication",
    "source_name",
    "source_domain",
)
_DATE_KEYS = (
    "date",
    "published",
    "publishedAt",
    "published_at",
    "datePublished",
    "date_publish",
    "publish_date",
    "published_date",
    "pubDate",
)
_URL_KEYS = ("url", "link", "canonical", "canonical_url", "href")
_LIST_KEYS = ("articles", "items", "data", "results", "stories", "sources")

_JsonItem = tuple[str, _Meta, list[str]]


def _json_items(raw: str, name: str, fmt: str) -> tuple[list[_JsonItem], list[str]]:
    """Articles in a JSON file (an object, a list, or {"articles": [...]}) or in JSON Lines,
    and the problems with the entries that are not articles ("line 3 is not valid JSON")."""
    problems: list[str] = []
    objects: list[tuple[str, object]] = []  # (where, object)
    if fmt == "jsonl":
        for number, line in enumerate(raw.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                objects.append((f"line {number}", json.loads(line)))
            except json.JSONDecodeError as exc:
                problems.append(f"line {number} is not valid JSON ({exc.msg})")
            except (ValueError, RecursionError) as exc:
                problems.append(f"line {number} cannot be read ({_json_problem(exc)})")
    else:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise _Skip(name, f"is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        except (ValueError, RecursionError) as exc:
            raise _Skip(name, f"cannot be read as JSON ({_json_problem(exc)})") from None
        if isinstance(data, dict) and not _first(data, _TEXT_KEYS):
            data = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), data)
        if isinstance(data, list):
            objects = [(f"item {i}", item) for i, item in enumerate(data, start=1)]
        else:
            objects = [("", data)]

    items: list[_JsonItem] = []
    for where, obj in objects:
        label = f"{where} " if where else ""
        if not isinstance(obj, dict):
            problems.append(f"{label}is not a JSON object")
            continue
        item = _json_article(obj)
        if item is None:
            problems.append(f"{label}has no article text (no 'text', 'body' or 'content' field)")
            continue
        items.append(item)
    if not objects and not problems:
        problems.append("holds no article")
    return items, problems


def _json_problem(error: Exception) -> str:
    """What Python's JSON parser refused, said briefly."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if "digits" in str(error):
        return "a number too long to read"
    return str(error)


def _first(obj: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for key in keys:
        value = obj.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _json_article(obj: Mapping[str, Any]) -> _JsonItem | None:
    body = _first(obj, _TEXT_KEYS)
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)  # a list of paragraphs
    if not isinstance(body, str) or not body.strip():
        return None
    dropped: list[str] = []
    if body.lstrip().startswith("<") and re.search(r"</p>|<br\s*/?>|</div>", body, re.I):
        text, _, dropped, _ = _parse_html(body, None, extract=False)  # HTML in a JSON field
    else:
        text, removed = _clean(body)
        text = _tidy(text)
        if removed:
            dropped.append(f"control characters x{removed}")
    if not text:
        return None

    title = _meta_text(_first(obj, _TITLE_KEYS))
    if title:
        span = (0, len(title)) if text.startswith(title) else None
        meta = _Meta(title=title, title_span=span)
    else:
        meta = _text_meta(text)
    outlet = _first(obj, _OUTLET_KEYS)
    if isinstance(outlet, dict):  # NewsAPI: "source": {"id": ..., "name": "..."}
        outlet = _first(outlet, ("name", "title", "id"))
    meta.outlet = _meta_text(outlet) or meta.outlet
    meta.date = _parse_date(_first(obj, _DATE_KEYS)) or meta.date
    meta.url = _meta_text(_first(obj, _URL_KEYS))
    return text, meta, dropped


# --------------------------------------------------------------------------------------------
# HTML (the page itself is read in tui/engine/html.py)


def _parse_html(
    raw: str, hint: str | None, extract: bool = True
) -> tuple[str, _Meta, list[str], tuple[NoiseSpan, ...]]:
    """The page's text (its article, and what is not, as noise spans), its metadata, and what
    was dropped. `extract=False`: all of it is the article (HTML inside a JSON field)."""
    from tui.engine.html import parse_page
    from tui.engine.memory import TRIM_CHARACTERS, release_free_memory

    page = parse_page(raw, _clean, _parse_date, extract=extract)
    if len(raw) >= TRIM_CHARACTERS:  # the page's parse trees are freed: return their pages
        release_free_memory()
    meta = _Meta(date=page.date, outlet=page.outlet, url=page.url)
    if page.page_title:
        meta.outlet = meta.outlet or _split_tail(page.page_title, hint)[2]
    if meta.outlet is None and page.url:  # else the site's own address names it
        from urllib.parse import urlsplit

        try:
            host = urlsplit(page.url).hostname or ""
        except ValueError:  # a malformed address in the page's markup
            host = ""
        meta.outlet = _meta_text(host.removeprefix("www.")) if "." in host else None
    text = page.text.rstrip()
    title = _meta_text(page.title)
    if title is None and page.page_title:
        title = _meta_text(_split_tail(page.page_title, hint)[0])
    if title:
        meta.title = title
        meta.title_span = page.title_span or _find_title(text, title)
    return text, meta, page.dropped, tuple(page.noise)


# --------------------------------------------------------------------------------------------
# story.toml


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
