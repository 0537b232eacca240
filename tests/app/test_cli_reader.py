"""`coverage-tui [PATH]` opens the reader in a terminal and prints the report when piped."""

from __future__ import annotations

import os
import subprocess
import sys

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
