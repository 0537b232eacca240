"""One reader process for one visitor: its own empty home and config/cache/data dirs, a small
environment made from nothing (never the server's), the story's path and no shell.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tui.serve.limits import Limits

TERM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
DEFAULT_TERM = "xterm-256color"
# Written to the visitor's terminal when the server ends a reader that could not tidy up:
# leave the alternate screen, stop mouse and paste reports, show the cursor, plain colours.
TERMINAL_RESET = (
    b"\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
    b"\x1b[?2004l\x1b[?1004l\x1b[?25h\x1b[0m\r\n"
)
STOP_GRACE = 3.0  # seconds between SIGTERM and SIGKILL


@dataclass(frozen=True)
class ReaderCommand:
    """What every session runs: the reader on `story`, with `config` if the operator gave one."""

    story: Path
    config: Path | None = None

    def argv(self) -> list[str]:
        extra = ["--config", str(self.config)] if self.config is not None else []
        return [sys.executable, "-m", "tui", *extra, "--", str(self.story)]


def terminal_name(requested: str | None) -> str:
    """The client's TERM if it looks like a terminfo name, else a safe default."""
    if requested and TERM_NAME.fullmatch(requested):
        return requested
    return DEFAULT_TERM


def session_environment(
    home: Path, term: str, client: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Everything the reader's process sees of the world: its own dirs, a terminal type, and
    of what the client asked for only its colour wishes (COLORTERM, NO_COLOR)."""
    environment = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "LANG": "C.UTF-8",
        "TERM": term,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    client = client or {}
    if client.get("COLORTERM") in ("truecolor", "24bit"):
        environment["COLORTERM"] = client["COLORTERM"]
    if "NO_COLOR" in client:
        environment["NO_COLOR"] = "1"
    return environment


def make_home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="coverage-tui-session-"))
    for name in ("tmp", "config", "cache", "data", "state"):
        (home / name).mkdir(mode=0o700)
    return home


def launcher_argv(command: ReaderCommand, limits: Limits, tty: bool) -> list[str]:
    """The session process's own command line: the launcher, which then becomes the reader."""
    return [
        sys.executable,
        "-m",
        "tui.serve.launch",
        "--parent",
        str(os.getpid()),
        "--memory-mb",
        str(limits.memory_mb),
        "--cpu-seconds",
        str(limits.cpu_seconds),
        *(["--tty"] if tty else ["--quiet"]),
        "--",
        *command.argv(),
    ]


class ReaderProcess:
    """A running reader and the temporary home it owns; `stop` ends both."""

    def __init__(self, process: asyncio.subprocess.Process, home: Path) -> None:
        self.process = process
        self.home = home
        self.stopped_by_server = False

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def start(
        cls,
        command: ReaderCommand,
        limits: Limits,
        *,
        term: str,
        client_env: Mapping[str, str] | None = None,
        pty_fd: int | None = None,
        extra_env: Mapping[str, str] | None = None,
    ) -> ReaderProcess:
        """Start on the pty whose slave end is `pty_fd`, or else on pipes (the web driver)."""
        home = make_home()
        environment = {**session_environment(home, term, client_env), **(extra_env or {})}
        stdio: dict[str, int] = (
            {"stdin": pty_fd, "stdout": pty_fd, "stderr": pty_fd}
            if pty_fd is not None
            else {
                "stdin": asyncio.subprocess.PIPE,
                "stdout": asyncio.subprocess.PIPE,
                "stderr": asyncio.subprocess.PIPE,
            }
        )
        try:
            process = await asyncio.create_subprocess_exec(
                *launcher_argv(command, limits, tty=pty_fd is not None),
                cwd=home,
                env=environment,
                start_new_session=True,
                **stdio,  # type: ignore[arg-type]
            )
        except BaseException:
            shutil.rmtree(home, ignore_errors=True)
            raise
        return cls(process, home)

    async def stop(self) -> None:
        """SIGTERM to the reader's process group, SIGKILL after a grace; then wait."""
        if self.process.returncode is None:
            self.stopped_by_server = True
            self._signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), STOP_GRACE)
            except asyncio.TimeoutError:
                self._signal(signal.SIGKILL)
                await self.process.wait()
        self.remove_home()

    def remove_home(self) -> None:
        shutil.rmtree(self.home, ignore_errors=True)

    def _signal(self, number: int) -> None:
        """To the whole group (the session leader and anything it started); only called
        while the leader is unreaped, so the group id cannot belong to anyone else."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, number)


def exit_reason(returncode: int | None) -> str:
    """How a reader's process ended, in the words of the log."""
    if returncode is None:
        return "still running"
    if returncode >= 0:
        return f"reader exited ({returncode})"
    number = -returncode
    if number == signal.SIGXCPU:
        return "reader stopped: CPU time limit reached"
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = str(number)
    return f"reader killed by {name}"


async def until_stopped() -> None:
    """Return when the server gets SIGTERM or SIGINT (then the caller closes its sessions)."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    try:
        await stop.wait()
    finally:
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(number)
