"""The limits of a demo box and who gets in under them.

One `Admission` is shared by every connection of a server: it counts connections per client
address (at once and per minute) and reader sessions overall, and says why it refuses one.
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass

MINUTE = 60.0


@dataclass(frozen=True)
class Limits:
    """What one server allows; every figure can be set in [serve] or on the command line."""

    max_sessions: int = 8  # readers running at once
    max_per_address: int = 2  # connections from one client address at once
    connections_per_minute: int = 10  # new connections from one address in any minute
    idle_timeout: float = 600.0  # seconds without a key press or resize
    max_session: float = 3600.0  # seconds a session may last at all
    login_timeout: float = 30.0  # seconds to authenticate (asyncssh's default is 120)
    memory_mb: int = 1024  # address space of a session process (RLIMIT_AS); ~300 MB measured
    cpu_seconds: int = 300  # CPU time of a session process (RLIMIT_CPU)


class Admission:
    """Counts what is open and refuses what would go over a limit, with the reason."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._recent: defaultdict[str, deque[float]] = defaultdict(deque)
        self._open: defaultdict[str, int] = defaultdict(int)
        self.sessions = 0

    def arrive(self, address: str) -> str | None:
        """A new connection from `address`: None lets it in (it then holds a place until
        `leave`), else the reason it is refused. Refused attempts count towards the rate too,
        so a client that keeps hammering stays out."""
        now = self._clock()
        recent = self._recent[address]
        while recent and now - recent[0] >= MINUTE:
            recent.popleft()
        recent.append(now)
        if len(recent) > self.limits.connections_per_minute:
            wait = max(1, round(MINUTE - (now - recent[-self.limits.connections_per_minute])))
            return (
                f"too many connections from {address} "
                f"(at most {self.limits.connections_per_minute} a minute); "
                f"try again in {wait} s"
            )
        if self._open[address] >= self.limits.max_per_address:
            return (
                f"{address} already has {self._open[address]} connections open "
                f"(at most {self.limits.max_per_address}); close one first"
            )
        self._open[address] += 1
        return None

    def leave(self, address: str) -> None:
        self._open[address] -= 1
        if self._open[address] <= 0:
            del self._open[address]
        self._forget_old()

    def start_session(self) -> str | None:
        """A reader is about to start: None gives it a place (until `end_session`)."""
        if self.sessions >= self.limits.max_sessions:
            return (
                f"the server is full ({self.sessions} of {self.limits.max_sessions} sessions "
                "in use); try again later"
            )
        self.sessions += 1
        return None

    def end_session(self) -> None:
        self.sessions = max(0, self.sessions - 1)

    def _forget_old(self) -> None:
        """Drop addresses not seen for a minute, so the table stays as small as the traffic."""
        now = self._clock()
        for address in [a for a, r in self._recent.items() if not r or now - r[-1] >= MINUTE]:
            del self._recent[address]


def duration(seconds: float) -> str:
    """A limit in the words told to a visitor: "10 minutes", "90 s"."""
    if seconds >= 120 and seconds % 60 == 0:
        return f"{int(seconds // 60)} minutes"
    return f"{seconds:g} s"
