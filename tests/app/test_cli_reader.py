"""`coverage-tui [PATH]` opens the reader in a terminal and prints the report when piped."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.reader import READER, Terminal
from tests.conftest import SEEDS


def test_piped_output_falls_back_to_the_text_report_with_a_note() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", str(SEEDS)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "shared claims" in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert "not a terminal" in result.stderr


def test_the_cli_imports_the_reader_only_when_it_opens_it() -> None:
    code = "import sys, tui.cli; print('tui.app' in sys.modules, 'textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False"]


def _reader_output(path: Path) -> tuple[int | None, bytes]:
    """The reader on a terminal at `path`: its exit status within 30 s (None: still
    running, then stopped) and everything it wrote to the terminal."""
    terminal = Terminal(path, (100, 30), cache=True)
    deadline = time.monotonic() + 30
    try:
        while terminal.process.poll() is None and time.monotonic() < deadline:
            terminal.read(0.2)
        while terminal.read(0.2):  # what it wrote just before it exited
            pass
        return terminal.process.poll(), terminal.pending
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
            terminal.process.wait(timeout=10)
        os.close(terminal.fd)


@pytest.mark.parametrize("kind", ["missing", "empty folder", "no readable article"])
def test_a_path_that_cannot_be_opened_is_one_line_before_the_reader_starts(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "story"
    if kind != "missing":
        path.mkdir()
    if kind == "no readable article":
        (path / "a.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    code, output = _reader_output(path)
    assert code == 2, output[-400:]
    assert b"\x1b[?1049h" not in output  # the full screen was never taken
    lines = [line for line in output.decode(errors="replace").splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("coverage-tui: error: "), lines
    assert str(path) in lines[0]


def test_after_the_reader_quits_the_database_file_alone_holds_its_marks(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    terminal = Terminal(story, (120, 30), cache=False)
    try:
        terminal.wait_for(READER, 120)
        terminal.settle()
        os.write(terminal.fd, b"v")
        terminal.wait_for("✓".encode(), 30)  # the mark is saved and shown
        os.write(terminal.fd, b"q")
        assert terminal.process.wait(timeout=30) == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
        os.close(terminal.fd)
    database = Path(os.environ["XDG_DATA_HOME"]) / "coverage-tui" / "desk.sqlite3"
    assert not database.with_name("desk.sqlite3-wal").exists()  # written back, then removed
    copy = tmp_path / "backup.sqlite3"
    shutil.copyfile(database, copy)  # the file alone, as a plain backup copies it
    with contextlib.closing(sqlite3.connect(copy)) as raw:
        assert raw.execute("SELECT state FROM marks").fetchall() == [("verified",)]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_a_keymap_with_problems_is_reported_and_the_help_lists_what_the_keys_do(
    tmp_path: Path,
) -> None:
    from tests.app.helpers import run_tmux

    config = tmp_path / "config.toml"
    config.write_text(
        '[keys]\n"reader.cursor_down" = "j,,ctrl+alt+shift+zz"\n"app.quit" = "j"\n'
        '"reader.nonexistent" = "y"\n',
        encoding="utf-8",
    )
    socket, name = f"coverage-tui-cli-{os.getpid()}", "keys"
    dirs = " ".join(
        f"{k}={os.environ[k]}" for k in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")
    )
    command = f"env {dirs} {sys.executable} -m tui --config {config} {SEEDS}"
    run_tmux(socket, "new-session", "-d", "-s", name, "-x", "120", "-y", "100",
             f"{command}; echo EXIT=$?; sleep 30")  # fmt: skip

    def screen() -> str:
        return run_tmux(socket, "capture-pane", "-p", "-J", "-t", name)

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 60
        while text not in (shown := screen()):
            assert time.monotonic() < deadline, f"never showed {text!r}:\n{shown}"
            time.sleep(0.2)
        return shown

    try:
        wait_for("5 sources ·")
        run_tmux(socket, "send-keys", "-t", name, "?")
        shown = wait_for("Previous passage")
        rows = {
            description: keys
            for keys, description in re.findall(
                r"│ (\S[^│]*?)\s{2,}(Next passage|Quit)\s{2,}", shown
            )
        }
        assert rows == {"Next passage": "j", "Quit": "q"}, shown
        run_tmux(socket, "send-keys", "-t", name, "Escape")
        time.sleep(0.5)
        run_tmux(socket, "send-keys", "-t", name, "q")  # q still quits
        after = wait_for("EXIT=")
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True, timeout=10)
    assert "EXIT=0" in after
    warnings = [line for line in after.splitlines() if line.startswith("coverage-tui: warning:")]
    assert len(warnings) == 4, after
    assert all(f"{config}:" in line for line in warnings)
    assert any("keys.app.quit: j is also 'Next passage'" in line for line in warnings)
