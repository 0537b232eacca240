"""The real reader in tmux, killed with SIGKILL while it writes marks: every mark it had
committed is still there and the database is sound."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.app.helpers import run_tmux
from tests.conftest import SEEDS

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

SOCKET = f"coverage-tui-desk-{os.getpid()}"


def tmux(*args: str) -> str:
    return run_tmux(SOCKET, *args)


def committed(database: Path) -> set[tuple[str, str | None]]:
    """(anchor, state) of every mark a fresh connection sees: what was committed."""
    if not database.exists():
        return set()
    with sqlite3.connect(database, timeout=15) as raw:
        return set(raw.execute("SELECT anchor, state FROM marks"))


def wait_until(check, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.1)


def test_a_reader_killed_while_marking_keeps_every_committed_mark(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    data = tmp_path / "data"
    database = data / "coverage-tui" / "desk.sqlite3"
    name = f"desk-{uuid.uuid4().hex[:8]}"
    env = f"XDG_DATA_HOME={data} XDG_CACHE_HOME={tmp_path / 'cache'}"
    tmux(
        "new-session", "-d", "-s", name, "-x", "120", "-y", "36",
        f"env {env} {sys.executable} -m tui {story}; sleep 30",
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "5 sources ·" not in tmux("capture-pane", "-p", "-t", name):
            assert time.monotonic() < deadline, "the reader never showed the story"
            time.sleep(0.2)
        # mark ten passages down the first outlet, one key at a time
        for _ in range(10):
            tmux("send-keys", "-t", name, "j", "v")
        wait_until(lambda: len(committed(database)) >= 8)
        before = committed(database)
        reader = int(
            subprocess.run(
                ["pgrep", "-f", "--", f"-m tui {story}"], capture_output=True, text=True, check=True
            ).stdout.split()[0]
        )
        # more marks in flight, and the kill while they are written
        tmux("send-keys", "-t", name, *(["j", "x"] * 15))
        time.sleep(0.15)
        os.kill(reader, signal.SIGKILL)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True, timeout=10)

    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = committed(database)
    anchors_after = {anchor for anchor, _ in after}
    assert {anchor for anchor, _ in before} <= anchors_after  # nothing committed was lost
    assert len(after) >= len(before)
