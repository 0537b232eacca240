"""The finders' reading of the passages, done in a forked process while this one aligns them.

The number finder's readings (each sentence's quantities and the words around them) and the
quote finder's quotations need the passages alone, not the alignment: at 100 articles they
are some 0.6 s of CPU that a second core does during the alignment's 1.4-1.6 s (the fork
takes about 6 ms and reading the result back 0.04 s). Only where a fork is safe and pays: Linux,
no other thread running (the child could need a lock another thread holds: the reader
analyses in a thread, so it reads in-process), two cores to run on, and a story of at least
`SIDE_PASSAGES` passages. Set COVERAGE_TUI_SIDE_PROCESS=0 to never fork. Whatever goes wrong
(no fork, the child dies, its result does not arrive whole), the caller reads the passages
itself: the findings are the same either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Sequence

from tui.engine.findings import PassageReadings, read_passages
from tui.model import Passage, PassageKind, Source

# Below this many passages that are not noise (some 15 articles), reading them here costs
# less than a fork and the copy back are worth.
SIDE_PASSAGES = 1000
SWITCH = "COVERAGE_TUI_SIDE_PROCESS"


class SideReading:
    """A forked child reading the passages; `result()` collects what it read."""

    def __init__(self, pid: int, pipe: int, passages: Sequence[Passage]) -> None:
        self.pid = pid
        self.pipe = pipe
        self.passages = passages
        self.done = False
        self.cpu = 0.0  # the child's CPU seconds, once it is reaped

    def result(self) -> PassageReadings | None:
        """The child's readings, or None when they did not arrive (read them here, then)."""
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
            _, _, usage = os.wait4(self.pid, 0)  # the child has sent all and is leaving
            self.done = True
            self.cpu = usage.ru_utime + usage.ru_stime
        except OSError:
            chunks = []
        finally:
            self.close()
        try:
            return PassageReadings.from_portable(pickle.loads(b"".join(chunks)), self.passages)
        except Exception:  # a partial or missing result: read in-process
            return None

    def close(self) -> None:
        """Stop the child if it still runs (the analysis failed or was interrupted), reap it."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if not self.done:
            self.done = True
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass


def start_reading(sources: Sequence[Source], passages: Sequence[Passage]) -> SideReading | None:
    """Fork a child that reads the passages, or None when that is unsafe or would not pay."""
    if not _may_fork() or sum(p.kind is not PassageKind.NOISE for p in passages) < SIDE_PASSAGES:
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: read, send, and leave without running anything of the parent's
        try:
            os.close(read_end)
            data = pickle.dumps(
                read_passages(sources, passages).portable(), protocol=pickle.HIGHEST_PROTOCOL
            )
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write_end)
    return SideReading(pid, read_end, passages)


def _may_fork() -> bool:
    if os.environ.get(SWITCH, "1") == "0" or not sys.platform.startswith("linux"):
        return False
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) >= 2
