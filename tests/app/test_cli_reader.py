"""`coverage-tui [PATH]` opens the reader in a terminal and prints the report when piped."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

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
