"""Debian's headless Chromium, driven over the Chrome DevTools Protocol (aiohttp's websocket
client, already installed with textual-serve): open a page, type, take screenshots, and see the
websocket frames the page receives."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = shutil.which("chromium")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
FLAGS = (
    "--headless",
    "--no-sandbox",  # as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-port=0",
    "--remote-allow-origins=*",
    "--window-size=1200,800",
)


class Browser:
    """One Chromium with a fresh profile, one page; `close` ends it."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.frames: list[bytes] = []  # websocket frames the page received, decoded
        self.session: aiohttp.ClientSession | None = None
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self._reader: asyncio.Task[None] | None = None

    async def open(self, timeout: float = 30) -> None:
        address = await asyncio.wait_for(asyncio.to_thread(self._devtools_address), timeout)
        self.session = aiohttp.ClientSession()
        port = re.search(r":(\d+)/", address).group(1)  # type: ignore[union-attr]
        async with self.session.get(f"http://127.0.0.1:{port}/json/list") as response:
            pages = [t for t in await response.json() if t["type"] == "page"]
        self.socket = await self.session.ws_connect(
            pages[0]["webSocketDebuggerUrl"], max_msg_size=0
        )
        self._reader = asyncio.create_task(self._read())
        await self.call("Page.enable")
        await self.call("Network.enable")

    def _devtools_address(self) -> str:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            if "DevTools listening on" in line:
                # keep draining, so a chatty browser never blocks on a full pipe
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return line.split("DevTools listening on", 1)[1].strip()
        raise AssertionError("chromium exited before it listened for DevTools")

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            data = json.loads(message.data)
            if "id" in data and data["id"] in self._waiting:
                self._waiting.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response["payloadData"]
                self.frames.append(
                    base64.b64decode(payload) if response["opcode"] == 2 else payload.encode()
                )

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        assert self.socket is not None
        number = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self.socket.send_json({"id": number, "method": method, "params": params})
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def received(self, start: int = 0) -> str:
        """The text the page was sent over its websockets (from frame `start`), without the
        terminal's escape sequences."""
        raw = b"".join(self.frames[start:]).decode("utf-8", "replace")
        return ESCAPES.sub("", raw)

    async def wait_for_text(self, text: str, timeout: float = 30, start: int = 0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while text not in self.received(start):
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"the page was never sent {text!r}")
            await asyncio.sleep(0.2)

    async def press(self, key: str) -> None:
        """A key typed into the page's terminal (xterm.js listens on its hidden textarea)."""
        await self.call(
            "Runtime.evaluate",
            expression="document.querySelector('.xterm-helper-textarea').focus()",
        )
        for kind in ("keyDown", "keyUp"):
            extra = {"text": key} if kind == "keyDown" else {}
            await self.call("Input.dispatchKeyEvent", type=kind, key=key, **extra)

    async def screenshot(self, path: Path) -> bytes:
        data = base64.b64decode((await self.call("Page.captureScreenshot", format="png"))["data"])
        path.write_bytes(data)
        return data

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self.socket is not None:
            await self.socket.close()
        if self.session is not None:
            await self.session.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
