"""`coverage-tui serve --web` with a real headless Chromium (Debian's package) on 127.0.0.1,
and plain HTTP/websocket clients for the login and the limits."""

from __future__ import annotations

import asyncio
import base64
import json
import signal
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from tests.serve.cdp import CHROMIUM, ESCAPES, Browser
from tests.serve.serve_helpers import Served, env_of, serving, wait_gone


def reader_ready(text: str) -> bool:
    return "5 sources ·" in ESCAPES.sub("", text)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: chromium)")
def test_a_browser_shows_the_reader_and_a_key_changes_it(tmp_path: Path) -> None:
    with serving(tmp_path, "--open", mode="--web") as s:

        async def visit() -> None:
            browser = Browser(tmp_path / "profile")
            try:
                await browser.open()
                await browser.call("Page.navigate", url=f"http://127.0.0.1:{s.port}/")
                await browser.wait_for_text("5 sources ·")  # the reader, not its loading screen
                await asyncio.sleep(1.0)  # let xterm.js paint what it was sent
                before = await browser.screenshot(tmp_path / "reader.png")
                (pid,) = s.readers()
                env = env_of(pid)
                assert "COVERAGE_TUI_TEST_SECRET" not in env  # textual-serve would pass it on
                assert env["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
                mark = len(browser.frames)
                await browser.press("l")
                await browser.wait_for_text("2▸", start=mark)  # focus moved to source 2
                await asyncio.sleep(1.0)
                after = await browser.screenshot(tmp_path / "moved.png")
                assert before != after
                assert len(before) > 20_000  # a page full of text, not the empty intro card
            finally:
                await browser.close()

        asyncio.run(visit())
        assert s.process.poll() is None
        assert "event=web client=127.0.0.1" in s.wait_for_log("event=web")


def test_the_password_guards_page_and_websocket_and_the_limits_hold(tmp_path: Path) -> None:
    (tmp_path / "password").write_text("correct horse\n")
    config = "[serve]\nmax_sessions = 1\nidle_timeout = 10\n"
    options = ("--password-file", str(tmp_path / "password"))
    with serving(tmp_path, *options, mode="--web", config=config) as s:
        base = f"http://127.0.0.1:{s.port}"

        def login(password: str) -> dict[str, str]:
            token = base64.b64encode(f"demo:{password}".encode()).decode()
            return {"Authorization": f"Basic {token}"}

        async def visit() -> None:
            async with aiohttp.ClientSession() as http:
                async with http.get(base + "/") as page:
                    assert page.status == 401 and "Basic" in page.headers["WWW-Authenticate"]
                async with http.get(base + "/", headers=login("wrong")) as page:
                    assert page.status == 401
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    await http.ws_connect(base + "/ws")
                async with http.get(base + "/", headers=login("correct horse")) as page:
                    assert page.status == 200 and "textual-terminal" in await page.text()
                rebound = {"Host": f"attacker.example:{s.port}", **login("correct horse")}
                async with http.get(base + "/", headers=rebound) as page:
                    assert page.status == 421  # DNS rebinding onto a loopback demo
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    foreign = {"Origin": "http://attacker.example", **login("correct horse")}
                    await http.ws_connect(base + "/ws", headers=foreign)
                first = await http.ws_connect(
                    base + "/ws?width=80&height=24", headers=login("correct horse")
                )
                await first.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
                shown = await read_until(first, reader_ready)
                assert reader_ready(shown)
                for junk in ('["stdin"]', "{}", '"x"', "[]", "not json", '["resize", 7]'):
                    await first.send_str(junk)  # ignored, and the session carries on
                second = await http.ws_connect(base + "/ws", headers=login("correct horse"))
                refused = await read_until(second, lambda text: "full" in text)
                assert "the server is full (1 of 1 sessions in use)" in refused
                # Nothing typed for 10 s (the idle clock runs while the story loads, which
                # takes seconds on a busy machine): the first visitor is told, and let go.
                idle = await read_until(first, lambda text: "without input" in text, timeout=30)
                assert "closed after 10 s without input" in idle
                await first.close()
                await second.close()

        asyncio.run(visit())
        s.wait_for_log('end="closed after 10 s without input"')
        s.wait_for_log("refused: the server is full")
        assert s.process.poll() is None


async def read_until(
    socket: aiohttp.ClientWebSocketResponse, done: Callable[[str], bool], timeout: float = 30
) -> str:
    """What the server sent on `socket` until `done(text)` or it closed."""
    received = b""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not done(received.decode("utf-8", "replace")):
        left = deadline - loop.time()
        assert left > 0, f"never got there: {received[-300:]!r}"
        message = await socket.receive(timeout=left)
        if message.type == aiohttp.WSMsgType.BINARY:
            received += message.data
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            break
    return received.decode("utf-8", "replace")


def test_sigterm_says_goodbye_in_the_page_and_a_killed_server_leaves_no_reader(
    tmp_path: Path,
) -> None:
    async def visit_until(s: Served, stop: Callable[[], None]) -> str:
        async with aiohttp.ClientSession() as http:
            socket = await http.ws_connect(f"http://127.0.0.1:{s.port}/ws?width=80&height=24")
            await read_until(socket, reader_ready)
            (pid,) = s.readers()
            stop()
            told = await read_until(socket, lambda text: "goodbye" in text, timeout=15)
            assert wait_gone([pid]) == []
            return told

    with serving(tmp_path, "--open", mode="--web") as s:
        told = asyncio.run(visit_until(s, lambda: s.process.send_signal(signal.SIGTERM)))
        assert "the server is shutting down; goodbye" in told
        assert s.process.wait(timeout=15) == 0
    (tmp_path / "serve.log").unlink()
    with serving(tmp_path, "--open", mode="--web") as s:
        told = asyncio.run(visit_until(s, s.process.kill))
        assert "goodbye" not in told  # nobody was left to say it; the reader went all the same
