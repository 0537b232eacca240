"""User files read with a bound and written safely (a temporary file, then an atomic rename)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

# Settings, themes and similar small files are never this large; a larger one is refused.
SMALL_FILE_LIMIT = 1024 * 1024


class NotAFileError(OSError):
    """A path that is not a regular file of a sane size: a FIFO, a device, a huge file."""


def read_capped(path: Path, limit: int = SMALL_FILE_LIMIT) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else NotAFileError.

    Opened without blocking (a FIFO would otherwise wait for a writer forever) and checked
    on the open descriptor, so what is read is what was checked; at most `limit` + 1 bytes are
    ever read, whatever the file claims."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError("not a regular file (a device, FIFO or socket); refused")
        if info.st_size > limit:
            raise NotAFileError(f"larger than {_size(limit)} ({_size(info.st_size)}); refused")
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(descriptor, True)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:
        raise NotAFileError(f"larger than {_size(limit)}; refused")
    return data


def read_capped_text(path: Path, limit: int = SMALL_FILE_LIMIT) -> str:
    """`read_capped` decoded as UTF-8 (a leading BOM, as Notepad writes, is dropped)."""
    return read_capped(path, limit).decode("utf-8-sig")


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{count / 1024:.0f} KB"


def write_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Replace `path` with `text` at once: a crash leaves the old file or the new, never half."""
    write_atomic_bytes(path, text.encode(encoding))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """`write_atomic` for bytes. A new file gets the mode a plain `open()` would give it
    (0666 less the umask), a replaced one keeps its permissions, and a symlink (a config kept
    in a dotfiles repo) stays a link: the file it points to is replaced."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    handle, temporary = _create_temporary(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(path.parent)


def _create_temporary(path: Path) -> tuple[int, str]:
    """A new file beside `path`, opened for writing, and its name. Made with mode 0666 so
    the kernel applies the umask (and a folder's default ACL) as it does for any new file:
    `tempfile.mkstemp` makes 0600, and the umask cannot be read without changing it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", str(path.parent))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); where folders cannot be opened, skip."""
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
