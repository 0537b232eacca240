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

One module per job: `folders` (which files of a folder are articles, the stories of a folder
of folders), `reading` (a file's bytes, with the checks before it is read), `decoding` (its
encoding), `cleaning` (the text fit to show), `article` (one file to Sources), the formats
(`metadata` for a plain-text head, `dates`, `markdown`, `json_articles`, `html_pages`), and
`story_toml`; `errors` and `lazy_pattern` serve them all.
"""

from __future__ import annotations

import stat
from pathlib import Path

from tui.engine.load.article import ARTICLE_FORMATS
from tui.engine.load.cleaning import _clean
from tui.engine.load.decoding import _decode
from tui.engine.load.errors import InputError, _safe
from tui.engine.load.folders import (
    Collection,
    LoadedStory,
    _load_folder,
    _load_single,
    _scan,
    _stat_input,
    _story_folders,
)
from tui.engine.load.reading import FILE_READ, MAX_BYTES
from tui.engine.load.story_toml import STORY_FILE

__all__ = [
    "ARTICLE_FORMATS",
    "FILE_READ",
    "MAX_BYTES",
    "STORY_FILE",
    "Collection",
    "InputError",
    "LoadedStory",
    "decode_bytes",
    "load_story",
    "open_path",
]


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
