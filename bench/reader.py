"""How fast the reader feels, measured as a user meets it: a real process on a pseudo-terminal.

    python bench/reader.py [--articles 100 400] [--keys 10] [--size 160x48] [--long 3000]

1. First frame: from spawning `coverage-tui seeds/ --no-cache` (cold: the engine runs) in an
   80x24 terminal to the first screen drawn (the loading screen), and to the reader itself (its
   counts line). Goal for the first frame: 0.6 s. Median of 5 runs.
2. For each synthetic story of `--articles` outlets (bench/generate.py): the time to the
   reader, cold (the engine runs) and cached (goal: 1 s), then each key's repaint time: the key
   written to the terminal, until the last frame it causes has been written.
3. The same for a story of two articles of `--long` sentences each (a 3,000-sentence article
   must appear at once): time to the reader, and end / home / page down / j.

How the end of a repaint is found: the bench answers Textual's query for synchronized output
(DECRQM 2026), so the app brackets every frame in `ESC[?2026h ... ESC[?2026l`. After a key the
bench waits for the first frame (however long it takes), then for frames that follow within
`SETTLE` of the last one's end; the repaint ends with the last frame's end marker. Nothing is
read as 0 ms because the app was slow to start writing. Goal per key: one frame, 16 ms.
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
CACHED_READER_GOAL = 1.0
KEY_GOAL = 0.016
SETTLE = 0.15  # a frame starting this soon after the previous one belongs to the same repaint
READER = b"quote variants"  # in the reader's counts line only
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently reset"
FRAME_START = b"\x1b[?2026h"
FRAME_END = b"\x1b[?2026l"
# Keys as a user presses them, and the bytes a terminal sends for each.
KEYS = {
    "j": b"j",
    "k": b"k",
    "l": b"l",
    "h": b"h",
    "n": b"n",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "]": b"]",
}

# On a very long article: the far end and back, a page, a step.
LONG_KEYS = {"end": b"\x1b[F", "home": b"\x1b[H", "pagedown": b"\x1b[6~", "j": b"j"}


class Terminal:
    """The app on a pseudo-terminal, answering its synchronized-output query."""

    def __init__(self, story: Path, size: tuple[int, int], cache: bool) -> None:
        import fcntl
        import struct
        import termios

        columns, rows = size
        primary, secondary = pty.openpty()
        fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env["TERM"] = "xterm-256color"
        command = [sys.executable, "-m", "tui", str(story)]
        if not cache:
            command.append("--no-cache")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            close_fds=True,
            start_new_session=True,
        )
        os.close(secondary)
        self.fd = primary
        self.pending = b""  # read but not yet looked at

    def read(self, timeout: float) -> bool:
        """Read what is there within `timeout`; False when nothing came."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        if SYNC_QUERY in self.pending[-16:] + data:
            os.write(self.fd, SYNC_REPLY)
        self.pending += data
        return True

    def wait_for(self, marker: bytes, timeout: float) -> float:
        """The time `marker` was seen; what came before it is consumed."""
        deadline = time.perf_counter() + timeout
        while marker not in self.pending:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"never saw {marker!r}")
            self.read(deadline - time.perf_counter())
        seen = time.perf_counter()
        self.pending = self.pending[self.pending.index(marker) + len(marker) :]
        return seen

    def settle(self, quiet: float = 0.5) -> None:
        while self.read(quiet):
            pass
        self.pending = b""

    def repaint(self, key: bytes, timeout: float = 10) -> float:
        """Seconds from writing `key` to the end of the last frame it caused."""
        self.pending = b""
        sent = time.perf_counter()
        os.write(self.fd, key)
        end = self.wait_for(FRAME_END, timeout)
        while True:
            deadline = time.perf_counter() + SETTLE
            while FRAME_START not in self.pending and time.perf_counter() < deadline:
                self.read(deadline - time.perf_counter())
            if FRAME_START not in self.pending:
                return end - sent
            end = self.wait_for(FRAME_END, timeout)

    def stop(self) -> None:
        os.write(self.fd, b"q")
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self.fd)


def first_frame(story: Path) -> tuple[float, float]:
    terminal = Terminal(story, (80, 24), cache=False)
    try:
        markers = (b"reading", b"segmenting", b"aligning", b"finding", READER)
        deadline = time.perf_counter() + 60
        while not any(m in terminal.pending for m in markers):
            if time.perf_counter() > deadline:
                raise TimeoutError("no first frame")
            terminal.read(0.05)
        drawn = time.perf_counter()
        reader = drawn if READER in terminal.pending else terminal.wait_for(READER, 60)
    finally:
        terminal.stop()
    return drawn - terminal.started, reader - terminal.started


def keystrokes(
    story: Path, size: tuple[int, int], keys: int, which: dict[str, bytes] = KEYS
) -> tuple[float, float, dict[str, list[float]]]:
    """Cold and cached time to the reader, and each key's repaint times (cached run)."""
    cold = Terminal(story, size, cache=True)  # fills the cache
    try:
        cold_time = cold.wait_for(READER, 900) - cold.started
    finally:
        cold.stop()
    terminal = Terminal(story, size, cache=True)
    times: dict[str, list[float]] = {name: [] for name in which}
    try:
        cached_time = terminal.wait_for(READER, 300) - terminal.started
        terminal.settle()
        for _ in range(keys):
            for name, sequence in which.items():
                times[name].append(terminal.repaint(sequence))
                if name == "n":  # a search or a notice must not pile up: settle
                    terminal.settle(0.1)
    finally:
        terminal.stop()
    return cold_time, cached_time, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[100, 400])
    parser.add_argument("--keys", type=int, default=10, help="presses of each key")
    parser.add_argument("--size", default="160x48", help="terminal size for the key bench")
    parser.add_argument(
        "--long", type=int, default=3000, help="sentences of the long two-article story (0: skip)"
    )
    options = parser.parse_args(argv)
    columns, rows = (int(n) for n in options.size.split("x"))

    runs = [first_frame(ROOT / "seeds") for _ in range(5)]
    drawn = statistics.median(r[0] for r in runs)
    reader = statistics.median(r[1] for r in runs)
    verdict = "ok" if drawn <= FIRST_FRAME_GOAL else f"MISSED (goal {FIRST_FRAME_GOAL} s)"
    print(f"seeds: first frame {drawn:.2f} s ({verdict}), reader shown {reader:.2f} s")
    ok = drawn <= FIRST_FRAME_GOAL

    from generate import write_story

    stories = [(f"{n} articles", n, 60, KEYS) for n in options.articles]
    if options.long:
        stories.append((f"2 articles of {options.long} sentences", 2, options.long, LONG_KEYS))
    for label, articles, sentences, which in stories:
        with tempfile.TemporaryDirectory() as folder:
            story = write_story(Path(folder) / "story", articles, sentences)
            cold, cached, times = keystrokes(story, (columns, rows), options.keys, which)
        cached_ok = cached <= CACHED_READER_GOAL
        ok = ok and cached_ok
        print(
            f"{label} at {columns}x{rows}: reader shown {cold:.2f} s cold, "
            f"{cached:.2f} s cached ({'ok' if cached_ok else 'MISSED, goal 1 s'})"
        )
        for name, found in times.items():
            worst = max(found)
            key_ok = worst <= KEY_GOAL
            ok = ok and key_ok
            print(
                f"  {name:>8}: median {statistics.median(found) * 1000:5.1f} ms, "
                f"worst {worst * 1000:5.1f} ms {'ok' if key_ok else 'MISSED (goal 16 ms)'}"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
