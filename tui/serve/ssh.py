"""The SSH server (asyncssh): a reader on its own pty for each connection that asks for a
terminal, and nothing else — no shell, no commands, no SFTP/SCP, no forwarding of any kind.

Over a limit the client is told why: before login as the SSH disconnect reason (OpenSSH prints
it), after login as a line on its terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import hmac
import os
import struct
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh

from tui.serve.limits import Admission, Limits, duration
from tui.serve.log import ConnectionLog
from tui.serve.session import (
    TERMINAL_RESET,
    ReaderCommand,
    ReaderProcess,
    exit_reason,
    terminal_name,
    until_stopped,
)

DISC_TOO_MANY_CONNECTIONS = 12
DISC_BY_APPLICATION = 11
READ_CHUNK = 65536
MAX_CELLS = 1000  # a terminal wider or taller than this is a client's mistake or a trick
PASSWORD_DELAY = 1.0  # seconds a wrong password costs
INPUT_BACKLOG = 65536  # bytes of typed/pasted input held for a reader that is not reading


@dataclass
class SSHAuth:
    """Who may log in: keys in an authorized_keys file, a shared password, or anyone (`open`)."""

    authorized_keys: Path | None = None
    password: str | None = None
    open: bool = False

    def __post_init__(self) -> None:
        self._keys = (
            asyncssh.read_authorized_keys(str(self.authorized_keys))
            if self.authorized_keys is not None
            else None
        )

    def key_allowed(self, key: asyncssh.SSHKey, host: str, address: str) -> bool:
        return self._keys is not None and self._keys.validate(key, host, address) is not None

    def password_allowed(self, password: str) -> bool:
        if self.password is None:
            return False
        return hmac.compare_digest(password.encode(), self.password.encode())


@dataclass
class ServerState:
    """What the connections of one server share."""

    command: ReaderCommand
    auth: SSHAuth
    admission: Admission
    log: ConnectionLog
    sessions: set[ReaderSession] = field(default_factory=set)
    connections: set[Connection] = field(default_factory=set)
    closing: bool = False

    @property
    def limits(self) -> Limits:
        return self.admission.limits


class Connection(asyncssh.SSHServer):
    """One client's connection: admission, authentication, at most one session, a log line."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.port = 0
        self.user: str | None = None
        self.method: str | None = None
        self.key: str | None = None
        self.refusal: str | None = None
        self.admitted = False
        self.authenticated = False
        self.session: ReaderSession | None = None
        self.started = time.monotonic()
        self.ended: str | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.state.connections.add(self)
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address, self.port = str(peer[0]), int(peer[1])
        if self.state.closing:
            self.refusal = "the server is shutting down"
            return
        self.refusal = self.state.admission.arrive(self.address)
        self.admitted = self.refusal is None

    def begin_auth(self, username: str) -> bool:
        self.user = username
        if self.refusal is not None:
            self._disconnect(self.refusal)
            return True
        if self.state.auth.open:
            self.method = "none (--open)"
            return False
        return True

    def auth_completed(self) -> None:
        self.authenticated = True
        if self.method is None:
            self.method = "password"

    def public_key_auth_supported(self) -> bool:
        return self.state.auth.authorized_keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        if self.state.auth.key_allowed(key, self.address, self.address):
            self.method = "publickey"
            self.key = key.get_fingerprint()
            return True
        return False

    def password_auth_supported(self) -> bool:
        return self.state.auth.password is not None

    async def validate_password(self, username: str, password: str) -> bool:
        if self.state.auth.password_allowed(password):
            return True
        await asyncio.sleep(PASSWORD_DELAY)  # a guesser gets one try a second per connection
        return False

    def session_requested(self) -> ReaderSession | bool:
        if self.session is not None or self.state.closing:
            return False  # one session per connection
        self.session = ReaderSession(self)
        return self.session

    def connection_requested(self, *_: Any) -> bool:
        self.ended = "refused port forwarding"
        return False

    def server_requested(self, *_: Any) -> bool:
        self.ended = "refused remote forwarding"
        return False

    def unix_connection_requested(self, *_: Any) -> bool:
        return False

    def unix_server_requested(self, *_: Any) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.state.connections.discard(self)
        if self.session is not None:
            self.session.hang_up()
        if self.admitted:
            self.state.admission.leave(self.address)
        if self.ended:
            reason = self.ended
        elif not self.authenticated:
            reason = "not authenticated"
        else:
            reason = f"error: {exc}" if exc else "client closed"
        self.state.log.write(
            event="ssh",
            client=f"{self.address}:{self.port}",
            user=self.user,
            auth=self.method,
            key=self.key,
            duration=f"{time.monotonic() - self.started:.1f}s",
            end=reason,
        )

    def _disconnect(self, reason: str) -> None:
        self.ended = self.ended or f"refused: {reason}"
        if self.conn is not None:
            self.conn.disconnect(DISC_TOO_MANY_CONNECTIONS, f"coverage-tui: {reason}")


class ReaderSession(asyncssh.SSHServerSession):
    """The session channel: pty + shell starts the reader; exec, subsystems and anything
    without a pty get one line saying what this server does, and are closed."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.state = connection.state
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = (80, 24)
        self.has_pty = False
        self.wanted: str | None = None  # "shell", or what was refused
        self.reader: ReaderProcess | None = None
        self.master: int | None = None
        self.pending = bytearray()  # input the pty could not take yet
        self.last_input = time.monotonic()
        self.timers: list[asyncio.TimerHandle] = []
        self.slot = False
        self.stopping: str | None = None
        self.task: asyncio.Task[None] | None = None

    # asyncssh callbacks

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], _modes: Any
    ) -> bool:
        self.has_pty = True
        self.term = term_type
        self.size = _cells(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        self.wanted = "shell"
        return True

    def exec_requested(self, command: str) -> bool:
        self.wanted = "exec"  # accepted only to say no in words; the command is never run
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        self.connection.ended = f"refused subsystem {subsystem[:40]}"
        return False

    def session_started(self) -> None:
        assert self.chan is not None
        if self.wanted == "exec":
            self._refuse(
                "refused command",
                "this server runs no commands; connect without one to read the story",
            )
        elif not self.has_pty:
            self._refuse("refused: no pty", "the reader needs a terminal; connect with ssh -t")
        else:
            self.task = asyncio.get_running_loop().create_task(self._run())
            self.task.add_done_callback(self._ran)

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_input = time.monotonic()
        if self.master is None:
            return
        self.pending += data
        self._flush_input()
        if len(self.pending) > INPUT_BACKLOG and self.chan is not None:
            self.chan.pause_reading()  # SSH flow control holds the rest at the client

    def terminal_size_changed(self, width: int, height: int, *_: int) -> None:
        self.last_input = time.monotonic()
        self.size = _cells(width, height)
        if self.master is not None:
            _set_size(self.master, self.size)

    def eof_received(self) -> bool:
        self.stop("client closed its input")
        return True  # keep our side open: the reason still has to reach the client

    def pause_writing(self) -> None:
        if self.master is not None:
            asyncio.get_running_loop().remove_reader(self.master)

    def resume_writing(self) -> None:
        if self.master is not None:
            asyncio.get_running_loop().add_reader(self.master, self._read_output)

    def connection_lost(self, exc: Exception | None) -> None:
        self.hang_up()

    # the reader

    async def _run(self) -> None:
        if self.chan is None:  # the client left before the reader could start
            self._finish("client disconnected", 1)
            return
        verdict = self.state.admission.start_session()
        if verdict is not None:
            self._refuse(f"refused: {verdict}", verdict)
            return
        self.slot = True
        self.state.sessions.add(self)
        loop = asyncio.get_running_loop()
        master, slave = os.openpty()
        try:
            _set_size(master, self.size)
            os.set_blocking(master, False)
            self.master = master
            self.reader = await ReaderProcess.start(
                self.state.command,
                self.state.limits,
                term=terminal_name(self.term),
                client_env=dict(self.chan.get_environment()),
                pty_fd=slave,
            )
        except OSError as error:
            os.close(slave)
            self._finish(f"could not start the reader: {error.strerror or error}", 1)
            return
        os.close(slave)
        if self.stopping is not None:  # stopped while it was starting
            await self.reader.stop()
        loop.add_reader(master, self._read_output)
        self._flush_input()
        limits = self.state.limits
        self.timers.append(loop.call_later(limits.max_session, self._session_too_long))
        self.timers.append(loop.call_later(min(limits.idle_timeout, 5.0), self._check_idle))
        returncode = await self.reader.process.wait()
        await self._drain_output()
        if self.stopping is None:
            status = returncode if returncode >= 0 else 1
            end = "client quit" if returncode == 0 else exit_reason(returncode)
            if returncode != 0:
                self._write(TERMINAL_RESET + f"coverage-tui: {end}\r\n".encode())
            self._finish(end, status)
        else:
            self._write(TERMINAL_RESET + f"coverage-tui: {self.stopping}\r\n".encode())
            self._finish(self.stopping, 1)

    def _ran(self, task: asyncio.Task[None]) -> None:
        """A bug in a session ends that session, logged, never the server."""
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            self.state.log.note(f"session error: {type(error).__name__}: {error}")
            self._finish(f"server error: {type(error).__name__}", 1)

    def stop(self, why: str) -> None:
        """End the reader (SIGTERM, then SIGKILL) and tell the client why; idempotent."""
        if self.stopping is not None:
            return
        self.stopping = why
        if self.reader is not None and self.reader.process.returncode is None:
            asyncio.get_running_loop().create_task(self.reader.stop())
        elif self.task is None or self.task.done():
            self._finish(why, 1)

    def hang_up(self) -> None:
        """The client is gone: stop without telling it."""
        self.chan = None
        self.stop("client disconnected")

    def _check_idle(self) -> None:
        limits = self.state.limits
        idle = time.monotonic() - self.last_input
        if idle >= limits.idle_timeout:
            self.stop(f"closed after {duration(limits.idle_timeout)} without input")
            return
        delay = min(limits.idle_timeout - idle, 5.0)
        self.timers.append(asyncio.get_running_loop().call_later(delay, self._check_idle))

    def _session_too_long(self) -> None:
        self.stop(f"sessions last at most {duration(self.state.limits.max_session)}")

    def _read_output(self) -> None:
        assert self.master is not None
        try:
            data = os.read(self.master, READ_CHUNK)
        except BlockingIOError:
            return
        except OSError as error:  # EIO: every slave end is closed, the reader is gone
            if error.errno != errno.EIO:
                raise
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.master)
            return
        self._write(data)

    async def _drain_output(self) -> None:
        """What the reader wrote just before it ended (its terminal tidy-up) still goes out."""
        if self.master is None:
            return
        asyncio.get_running_loop().remove_reader(self.master)
        with contextlib.suppress(OSError):
            while data := os.read(self.master, READ_CHUNK):
                self._write(data)

    def _flush_input(self) -> None:
        if self.master is None or not self.pending:
            return
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self.master, self.pending)
        except BlockingIOError:
            written = 0
        except OSError:
            self.pending.clear()
            return
        del self.pending[:written]
        loop.remove_writer(self.master)
        if self.pending:
            loop.add_writer(self.master, self._flush_input)
        elif self.chan is not None:
            self.chan.resume_reading()

    def _write(self, data: bytes) -> None:
        if self.chan is not None:
            with contextlib.suppress(OSError, asyncssh.Error, BrokenPipeError):
                self.chan.write(data)

    def _refuse(self, log_reason: str, message: str) -> None:
        if self.chan is None:
            self._finish(log_reason, 1)
            return
        line = f"coverage-tui: {message}\r\n" if self.has_pty else f"coverage-tui: {message}\n"
        with contextlib.suppress(OSError, asyncssh.Error):
            self.chan.write_stderr(line.encode())
        self._finish(log_reason, 1)

    def _finish(self, why: str, status: int) -> None:
        self.connection.ended = self.connection.ended or why
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()
        if self.master is not None:
            loop = asyncio.get_running_loop()
            loop.remove_reader(self.master)
            loop.remove_writer(self.master)
            os.close(self.master)
            self.master = None
        if self.reader is not None:
            self.reader.remove_home()
        if self.slot:
            self.state.admission.end_session()
            self.slot = False
        self.state.sessions.discard(self)
        if self.chan is not None:
            with contextlib.suppress(OSError, asyncssh.Error):
                self.chan.exit(status)
            self.chan = None


def _cells(width: int, height: int) -> tuple[int, int]:
    return (min(max(width, 1), MAX_CELLS), min(max(height, 1), MAX_CELLS))


def _set_size(fd: int, size: tuple[int, int]) -> None:
    width, height = size
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))


async def serve_ssh(
    state: ServerState,
    host: str,
    port: int,
    host_key: asyncssh.SSHKey,
    ready: Callable[[int], None] | None = None,
) -> None:
    """Listen until SIGTERM/SIGINT; then tell every client, stop every reader, return."""

    def make_connection() -> Connection:
        return Connection(state)

    limits = state.limits
    server = await asyncssh.create_server(
        make_connection,
        host,
        port,
        server_host_keys=[host_key],
        encoding=None,
        login_timeout=limits.login_timeout,
        keepalive_interval=30,
        keepalive_count_max=3,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        sftp_factory=None,
        allow_pty=True,
        server_version="coverage-tui",
    )
    bound = server.sockets[0].getsockname()[1]
    if ready is not None:
        ready(bound)
    await until_stopped()
    state.closing = True
    state.log.note("stopping: closing sessions")
    server.close()
    sessions = list(state.sessions)
    for session in sessions:
        session.stop("the server is shutting down; goodbye")
    tasks = [s.task for s in sessions if s.task is not None]
    if tasks:
        await asyncio.wait(tasks, timeout=10)
    await asyncio.sleep(0.2)  # let the goodbyes leave before the connections close
    for connection in list(state.connections):  # those logging in, or only forwarding
        if connection.conn is not None:
            connection.ended = connection.ended or "server shut down"
            connection.conn.disconnect(
                DISC_BY_APPLICATION, "coverage-tui: the server is shutting down"
            )
    await server.wait_closed()
