"""How fast the reader feels, measured as a user meets it: a real process on a pseudo-terminal.

    python bench/reader.py [--articles 100] [--keys 20]

1. First frame: from spawning `coverage-tui seeds/ --no-cache` (cold: the engine runs) in an
   80x24 terminal to the first screen
   drawn (the loading screen), and to the reader itself (its counts line). Goal for
   the first frame: 0.6 s. Median of 5 runs.
2. Keystroke to repaint on a synthetic story of `--articles` outlets (bench/generate.py): `j`
   written to the terminal, time until the terminal output goes quiet again. Median and worst.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

FIRST_FRAME_GOAL = 0.6
READER = b"quote variants"  # in the reader's counts line only


def spawn(story: Path, columns: int = 80, rows: int = 24) -> tuple[subprocess.Popen[bytes], int]:
    primary, secondary = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["TERM"] = "xterm-256color"
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", str(story), "--no-cache"],  # cold: the engine runs
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(secondary)
    return process, primary


def read_until(fd: int, *markers: bytes, timeout: float = 60) -> tuple[float, bytes]:
    seen = b""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if any(marker in seen for marker in markers):
                return time.perf_counter(), seen
    raise TimeoutError(f"never saw {markers!r}")


def quiet_after(fd: int, quiet: float = 0.05, timeout: float = 10) -> float:
    """Read until no output for `quiet` seconds; the time of the last byte."""
    last = time.perf_counter()
    deadline = last + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            return last
        os.read(fd, 65536)
        last = time.perf_counter()
    return last


def stop(process: subprocess.Popen[bytes], fd: int) -> None:
    os.write(fd, b"q")
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
    os.close(fd)


def first_frame(story: Path) -> tuple[float, float]:
    start = time.perf_counter()
    process, fd = spawn(story)
    try:
        # the loading screen's words (it may already show the engine's progress), or the reader
        drawn, seen = read_until(fd, b"reading", b"segmenting", b"aligning", b"finding", READER)
        reader = drawn if READER in seen else read_until(fd, READER)[0]
    finally:
        stop(process, fd)
    return drawn - start, reader - start


def keystrokes(story: Path, keys: int) -> list[float]:
    process, fd = spawn(story)
    times: list[float] = []
    try:
        read_until(fd, READER, timeout=300)
        quiet_after(fd, quiet=0.5)
        for _ in range(keys):
            sent = time.perf_counter()
            os.write(fd, b"j")
            times.append(quiet_after(fd) - sent)
    finally:
        stop(process, fd)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--keys", type=int, default=20)
    options = parser.parse_args(argv)

    runs = [first_frame(ROOT / "seeds") for _ in range(5)]
    drawn = statistics.median(r[0] for r in runs)
    reader = statistics.median(r[1] for r in runs)
    verdict = "ok" if drawn <= FIRST_FRAME_GOAL else f"MISSED (goal {FIRST_FRAME_GOAL} s)"
    print(f"seeds: first frame {drawn:.2f} s ({verdict}), reader shown {reader:.2f} s")

    from generate import write_story

    with tempfile.TemporaryDirectory() as folder:
        story = write_story(Path(folder) / "story", options.articles)
        times = keystrokes(story, options.keys)
    print(
        f"{options.articles} articles: keystroke to repaint median "
        f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms"
    )
    return 0 if drawn <= FIRST_FRAME_GOAL else 1


if __name__ == "__main__":
    raise SystemExit(main())
