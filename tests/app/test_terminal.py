"""The reader in a real terminal: tmux runs `coverage-tui seeds/`, keys go in, the pane is read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator

import pytest

from tests.app.helpers import run_tmux
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


SOCKET = f"coverage-tui-test-{os.getpid()}"  # a server of our own: the user's is never touched


def tmux(*args: str) -> str:
    return run_tmux(SOCKET, *args)


@pytest.fixture
def session(tmp_path) -> Iterator[str]:
    name = f"coverage-tui-test-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m tui {SEEDS}; sleep 30"
    tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
    try:
        yield name
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True, timeout=10)


def reversed_unique(screen: str) -> bool:
    """A unique claim's gutter (U★) drawn in reverse video: the cursor is on it."""
    return re.search(r"\x1b\[[0-9;]*\b7m(\x1b\[[0-9;]*m)*U★", screen) is not None


def wait_for(
    name: str, check: Callable[[str], bool], timeout: float = 15, escapes: bool = False
) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", name)
        if check(screen):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"screen never matched:\n{screen}")


def test_the_reader_renders_moves_focus_and_marks_unique_claims(session: str) -> None:
    # The reader's counts line, not the loading screen's "segmenting 5 sources".
    screen = wait_for(session, lambda s: "5 sources ·" in s)
    assert "╭─ 1 " in screen and "╭─ 2 " in screen and "╭─ 3 " not in screen  # 80x24: two
    assert "1▸" in screen.splitlines()[2]  # the strip marks the focused source
    tmux("send-keys", "-t", session, "l")
    screen = wait_for(session, lambda s: "2▸" in s.splitlines()[2])
    tmux("send-keys", "-t", session, "h")
    wait_for(session, lambda s: "1▸" in s.splitlines()[2])
    tmux("send-keys", "-t", session, "u")  # after the focus has moved back, not during
    styled = wait_for(session, reversed_unique, timeout=15, escapes=True)
    assert styled
    tmux("send-keys", "-t", session, "q")
    wait_for(session, lambda s: "5 sources ·" not in s)
