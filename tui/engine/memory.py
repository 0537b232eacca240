"""Memory that parse trees and other large temporaries leave behind, handed back to the system."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import lru_cache
from typing import Any

# Inputs with at least this many characters are worth a trim after their largest stages; for
# smaller ones the heap holds little and the call would be pure cost.
TRIM_CHARACTERS = 1_000_000


@lru_cache(maxsize=1)
def _malloc_trim() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim): nothing to do
        return None


def release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc's `malloc_trim`).

    glibc keeps what is freed for the process's next allocations, but Python's small objects
    come from arenas of their own, so the pages that lexbor's and lxml's parse trees of an
    18 MB page held stay resident (306 MB of the 382 MB after loading it) and add to every
    later stage's peak."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
