"""The same story gives the same report, whatever Python's string hashing does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_report_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    story = tmp_path / "story"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), str(story), "--articles", "40"],
        check=True,
        capture_output=True,
    )
    reports = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "tui", "report", str(story), "--format", "json", "--no-cache"],
            check=True,
            capture_output=True,
            env=env,
        )
        reports.append(done.stdout)
    assert reports[0] == reports[1] == reports[2]
