"""Quitting while a story loads, and signals, in a real terminal (tmux): the shell gets its
prompt back at once, and the terminal is left as it was found."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.app.helpers import pilot_test, ready, run_tmux, write_story
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.screens.loading import LoadingScreen

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
SOCKET = f"coverage-tui-signals-{os.getpid()}"  # a server of our own: the user's is never touched
WORDS = ("storm", "harbour", "boats", "officials", "mayor", "council", "river", "bridge", "court")


def tmux(*args: str) -> str:
    return run_tmux(SOCKET, *args)


def slow_story(folder: Path) -> Path:
    """Three long articles: their analysis takes well over half a minute on this machine."""
    rng = random.Random(7)
    folder.mkdir()
    for name in "abc":
        paragraphs = [
            " ".join(
                " ".join(rng.choice(WORDS) for _ in range(12)).capitalize()
                + f" {rng.randint(1, 999)}."
                for _ in range(3)
            )
            for _ in range(6000)
        ]
        (folder / f"{name}.txt").write_text("Title\n\n" + "\n\n".join(paragraphs))
    return folder


@pytest.fixture
def terminal() -> Iterator[Callable[[Path], str]]:
    """Start `coverage-tui PATH` in a fresh tmux pane; afterwards the pane prints the exit
    status and the terminal's line settings."""
    names: list[str] = []

    def start(path: Path) -> str:
        name = f"signals-{uuid.uuid4().hex[:8]}"
        modes = "stty -a | tr ' ;' '\\n\\n' | grep -x -e -icanon -e icanon -e -echo -e echo"
        command = (
            f"{sys.executable} -m tui --no-cache {path}; echo EXIT=$?; "
            f"echo MODES $({modes}); sleep 60"
        )
        tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
        names.append(name)
        return name

    try:
        yield start
    finally:
        # its own sessions only: killing the server and starting the next test's at once can
        # race ("server exited unexpectedly" on a busy machine)
        for name in names:
            subprocess.run(
                ["tmux", "-L", SOCKET, "kill-session", "-t", name], capture_output=True, timeout=10
            )


@pytest.fixture(scope="module", autouse=True)
def _tmux_server() -> Iterator[None]:
    yield
    subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True, timeout=10)


def wait_for(name: str, check: Callable[[str], bool], timeout: float = 20) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", name)
        if check(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"screen never matched:\n{screen}")


def reader_pid(name: str) -> int:
    shell = tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip()
    children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout
    return int(children.split()[0])


def pane_flags(name: str) -> str:
    return tmux(
        "display-message", "-p", "-t", name, "#{alternate_on} #{cursor_flag} #{mouse_any_flag}"
    ).strip()


@needs_tmux
@pytest.mark.parametrize("key", ["q", "C-c"])
def test_quitting_while_a_story_loads_gives_the_shell_back_at_once(
    terminal, tmp_path: Path, key: str
) -> None:
    name = terminal(slow_story(tmp_path / "story"))
    wait_for(name, lambda s: "segmenting" in s or "aligning" in s)
    asked = time.monotonic()
    tmux("send-keys", "-t", name, key)
    screen = wait_for(name, lambda s: "EXIT=" in s, timeout=10)
    # The analysis has half a minute or more to go: ending this soon means it was not awaited.
    assert time.monotonic() - asked < 5
    assert "EXIT=0" in screen
    assert pane_flags(name) == "0 1 0"  # main screen, cursor shown, mouse reports off


@needs_tmux
@pytest.mark.parametrize(
    ("signal_number", "status"),
    [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGQUIT, 131), (signal.SIGINT, 130)],
)
def test_a_signal_restores_the_terminal(terminal, signal_number: int, status: int) -> None:
    name = terminal(SEEDS)
    wait_for(name, lambda s: "5 sources ·" in s)
    assert pane_flags(name).startswith("1")  # the reader is on the alternate screen
    os.kill(reader_pid(name), signal_number)
    screen = wait_for(name, lambda s: "MODES" in s, timeout=10)
    assert f"EXIT={status}" in screen
    assert "MODES icanon echo" in screen  # cooked mode again: not -icanon, not -echo
    assert pane_flags(name) == "0 1 0"  # main screen, cursor shown, mouse reports off


@pilot_test
async def test_help_opened_while_loading_leaves_no_loading_screen_under_the_reader(
    tmp_path: Path, monkeypatch
) -> None:
    import threading

    from tui import cache

    release = threading.Event()
    real = cache.analyse_cached

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(cache, "analyse_cached", held)
    story = write_story(
        tmp_path / "story",
        {"a.txt": "A storm hit the harbour.\n", "b.txt": "The harbour was hit by a storm.\n"},
    )
    app = CoverageApp(story, use_cache=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        release.set()
        await ready(pilot)
        assert not any(isinstance(s, LoadingScreen) for s in app.screen_stack)
        assert type(app.screen).__name__ == "ReaderScreen"


def test_a_reader_whose_terminal_goes_away_without_a_hangup_ends(tmp_path: Path) -> None:
    """The other end of its pty closed and no SIGHUP sent (a parent that died): the reader
    ends within a few seconds, as on a hangup, instead of spinning on empty reads."""
    from bench.reader import FRAME_END, READER, Terminal

    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    reader = Terminal(story, (100, 30), cache=True)
    try:
        reader.wait_for(READER, 120)
        reader.wait_for(FRAME_END, 30)
    except BaseException:
        reader.stop()
        raise
    os.close(reader.fd)  # the terminal is gone; nobody sends a hangup
    try:
        assert reader.process.wait(timeout=10) == 128 + signal.SIGHUP
    finally:
        if reader.process.poll() is None:
            reader.process.kill()
