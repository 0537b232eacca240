"""An article file's bytes, read only when it is a regular file of a sane size; `FILE_READ`
is told of each file read."""

from __future__ import annotations

import errno
import stat
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path

from tui.engine.load.errors import _Skip

# Told each file's path and bytes as the loader reads them, when set (`tui.stamp` keeps their
# digests, so that a cached story's files can be known unchanged without reading them again).
FILE_READ: ContextVar[Callable[[Path, bytes], None] | None] = ContextVar("FILE_READ", default=None)
# Larger files are skipped before they are read: no article is this long.
MAX_BYTES = 20 * 1024 * 1024


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
