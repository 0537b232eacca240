"""The browser front (textual-serve): the same reader process per visitor as over SSH, and the
same admission, limits and log; plus what textual-serve lacks — a password (HTTP Basic), an
environment made from nothing instead of the server's, no shell between us and the reader.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hmac
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serve.command import is_loopback
from tui.serve.limits import Admission, duration
from tui.serve.log import ConnectionLog
from tui.serve.session import ReaderCommand, ReaderProcess, exit_reason, until_stopped

REALM = "coverage-tui"
GOOGLE_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.S)
MAX_CELLS = 1000


class ReaderService(AppService):
    """textual-serve's bridge to one app process, starting our reader instead of a shell
    command with the server's environment."""

    def __init__(self, web_server: WebServer, **kwargs: Any) -> None:
        super().__init__(web_server.title, **kwargs)
        self.web_server = web_server
        self.reader: ReaderProcess | None = None

    def reader_alive(self) -> bool:
        return self.reader is not None and self.reader.process.returncode is None

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        driver = {
            "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "COLUMNS": str(width),
            "ROWS": str(height),
        }
        self.reader = await ReaderProcess.start(
            self.web_server.reader_command,
            self.web_server.admission.limits,
            term="xterm-256color",
            extra_env=driver,
        )
        process = self._process = self.reader.process
        assert process.stdin is not None
        self._stdin = process.stdin
        return process


class WebServer(Server):
    """textual-serve's Server with a login, limits, and a log line per visitor."""

    def __init__(
        self,
        command: ReaderCommand,
        admission: Admission,
        log: ConnectionLog,
        *,
        host: str,
        port: int,
        password: str | None = None,
        public_url: str | None = None,
    ) -> None:
        super().__init__("coverage-tui", host=host, port=port, title="coverage-tui")
        self.reader_command = command
        self.admission = admission
        self.log = log
        self.password = password
        self.fixed_url = public_url.rstrip("/") if public_url else None
        self.sessions: set[tuple[web.WebSocketResponse, ReaderService]] = set()
        self.closing = False

    async def _make_app(self) -> web.Application:
        import aiohttp_jinja2
        import jinja2

        app = await super()._make_app()
        app.middlewares.append(self._same_site)
        app.middlewares.append(self._login)
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(self._template))
        return app

    def _template(self, name: str) -> str | None:
        """textual-serve's page without its web font from Google: visitors' browsers contact
        only this server, and on a network without the internet the page does not hang."""
        path = self.templates_path / name
        if not path.is_file():
            return None
        return GOOGLE_FONT.sub("", path.read_text(encoding="utf-8"))

    async def on_startup(self, app: web.Application) -> None:
        """(textual-serve prints a logo here)"""

    @web.middleware
    async def _same_site(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Another site's page must not drive a reader: a websocket from a foreign Origin is
        refused, and so is, on loopback, a Host that is not a loopback name (DNS rebinding)."""
        host = request.host.rsplit(":", 1)[0].strip("[]") if request.host else ""
        if is_loopback(self.host) and not is_loopback(host):
            return web.Response(status=421, text="coverage-tui: unknown host name\n")
        origin = request.headers.get("Origin")
        if request.path == "/ws" and origin is not None:
            allowed = {f"{request.scheme}://{request.host}"}
            if self.fixed_url:
                allowed.add(_origin(self.fixed_url))
            if origin not in allowed:
                return web.Response(status=403, text="coverage-tui: foreign origin\n")
        return await handler(request)

    @web.middleware
    async def _login(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        if self.password is None or self._password_given(request.headers.get("Authorization")):
            return await handler(request)
        return web.Response(
            status=401,
            text="coverage-tui: this demo needs its password\n",
            headers={"WWW-Authenticate": f'Basic realm="{REALM}", charset="UTF-8"'},
        )

    def _password_given(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic ") or self.password is None:
            return False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return False
        _user, _, given = decoded.partition(":")
        return hmac.compare_digest(given.encode(), self.password.encode())

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        # The page's URLs point where the visitor reached us (textual-serve uses the
        # listening address, which is wrong for 0.0.0.0), unless the operator fixed one.
        self.public_url = self.fixed_url or f"{request.scheme}://{request.host}"
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        address = request.remote or "?"
        started = time.monotonic()
        refusal = "the server is shutting down" if self.closing else self.admission.arrive(address)
        admitted = refusal is None
        if refusal is None:
            refusal = self.admission.start_session()
            if refusal is not None:
                self.admission.leave(address)
                admitted = False
        if refusal is not None:
            await self._say(websocket, refusal)
            await websocket.close()
            self._log(address, started, f"refused: {refusal}")
            return websocket
        end = "client closed"
        service = ReaderService(
            self,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        entry = (websocket, service)
        self.sessions.add(entry)
        try:
            width = min(max(to_int(request.query.get("width", "80"), 80), 1), MAX_CELLS)
            height = min(max(to_int(request.query.get("height", "24"), 24), 1), MAX_CELLS)
            await service.start(width, height)
            end = await self._converse(websocket, service)
        except OSError as error:
            end = f"could not start the reader: {error.strerror or error}"
            await self._say(websocket, end)
        finally:
            self.sessions.discard(entry)
            if service.reader is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(service.stop(), 3)
                await service.reader.stop()
                if end == "client closed" and service.reader.process.returncode not in (0, None):
                    end = exit_reason(service.reader.process.returncode)
            with contextlib.suppress(ConnectionError, RuntimeError):
                await websocket.close()
            if admitted:
                self.admission.end_session()
                self.admission.leave(address)
            self._log(address, started, end)
        return websocket

    async def _converse(self, websocket: web.WebSocketResponse, service: ReaderService) -> str:
        """Pass the browser's messages to the reader until one side ends or a limit is hit;
        returns why it ended."""
        limits = self.admission.limits
        started = time.monotonic()
        messages = aiter(websocket)
        while True:
            now = time.monotonic()
            left = limits.max_session - (now - started)
            wait = min(limits.idle_timeout, left)
            try:
                message = await asyncio.wait_for(anext(messages), wait)
            except StopAsyncIteration:
                return "client closed" if service.reader_alive() else "reader ended"
            except asyncio.TimeoutError:
                if time.monotonic() - started >= limits.max_session:
                    why = f"sessions last at most {duration(limits.max_session)}"
                else:
                    why = f"closed after {duration(limits.idle_timeout)} without input"
                await self._say(websocket, why)
                return why
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = message.json()
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue  # not textual.js talking: ignored
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                size = data
                width = min(max(to_int(str(size.get("width")), 80), 1), MAX_CELLS)
                height = min(max(to_int(str(size.get("height")), 24), 1), MAX_CELLS)
                await service.set_terminal_size(width, height)
            elif kind == "ping" and data is not None:
                await websocket.send_json(["pong", str(data)[:32]])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    async def _say(self, websocket: web.WebSocketResponse, message: str) -> None:
        """A line on the visitor's terminal (xterm.js shows binary frames as output)."""
        with contextlib.suppress(ConnectionError, RuntimeError):
            await websocket.send_bytes(f"\r\n\x1b[0mcoverage-tui: {message}\r\n".encode())

    def _log(self, address: str, started: float, end: str) -> None:
        self.log.write(
            event="web",
            client=address,
            auth="password" if self.password is not None else "none (--open)",
            duration=f"{time.monotonic() - started:.1f}s",
            end=end,
        )

    async def shut_down(self) -> None:
        """Tell every visitor, stop every reader."""
        self.closing = True
        for websocket, _service in list(self.sessions):
            await self._say(websocket, "the server is shutting down; goodbye")
            with contextlib.suppress(ConnectionError, RuntimeError):
                await websocket.close()


def _origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


async def serve_web(web_server: WebServer, ready: Callable[[int], None] | None = None) -> None:
    """Listen until SIGTERM/SIGINT; then say goodbye to every visitor and stop."""
    app = await web_server._make_app()
    runner = web.AppRunner(app, handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, web_server.host, web_server.port)
    await site.start()
    server = site._server
    sockets = getattr(server, "sockets", None) or []
    if ready is not None:
        ready(int(sockets[0].getsockname()[1]) if sockets else web_server.port)
    await until_stopped()
    web_server.log.note("stopping: closing sessions")
    await web_server.shut_down()
    await runner.cleanup()
