"""How fast the reader feels, measured as a user meets it: a real process on a pseudo-terminal.

    python bench/reader.py [--articles 100 400] [--keys 10] [--size 160x48] [--long 3000]
                           [--starts 1]

1. First frame: from spawning `coverage-tui seeds/ --no-cache` (cold: the engine runs) in an
   80x24 terminal to the first screen drawn (the loading screen), and to the reader itself (its
   counts line). Goal for the first frame: 0.6 s. Median of 5 runs.
2. For each synthetic story of `--articles` outlets (bench/generate.py): the time to the
   reader, cold (the engine runs) and cached, and when it is interactive: a key sent the
   moment the reader appears has been repainted (goal for a cached story: 1 s; with `--starts
   N`, the median and range of N cached starts, single starts varying by 0.1-0.3 s on a shared
   machine). Then each key's repaint time: the key written to the terminal, until the last
   frame it causes has been written; the keys take turns, so `l` and `h` move between panes
   on screen. Last, "l walking": `l` pressed 2 x `--keys` times in a row, which past the
   window's edge shows the next outlet's pane, most of them for the first time.
3. The same for a story of two articles of `--long` sentences each (a 3,000-sentence article
   must appear at once): time to the reader, and end / home / page down / j.

How the end of a repaint is found: the bench answers Textual's query for synchronized output
(DECRQM 2026), so the app brackets every frame in `ESC[?2026h ... ESC[?2026l`. After a key the
bench waits for the first frame (however long it takes), then for frames that follow within
`SETTLE` of the last one's end; the repaint ends with the last frame's end marker. Nothing is
read as 0 ms because the app was slow to start writing. Before the next key the terminal must
stay quiet for `QUIET`: a frame drawn then (one no key asked for just before) is counted as
late and reported, so work that a key leaves for later cannot hide. Goal per key: one frame,
16 ms, for the median; the 90th percentile and the worst are printed beside it.

The reader runs as installed: with its byte-code written (the cold run writes it), whatever
PYTHONDONTWRITEBYTECODE says here. The machine's load matters on a shared machine: the load
average is printed with each story, and so is the CPU time the reader's main thread spent on
each key, and the whole process's CPU time until it was interactive (from /proc, Linux
only): those figures hardly move with the load, the wall time does. On a virtual machine the
host may take CPU time for itself while the reader is running ("steal" in /proc/stat): its
share of the busy time while keys were measured is printed too. `READER_CMD` (default `-m tui`)
runs another command in place of the reader, a profiler say:
`READER_CMD="-m pyinstrument -o prof.txt -m tui"`.
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

FIRST_FRAME_GOAL = 0.6
CACHED_READER_GOAL = 1.0
KEY_GOAL = 0.016
SETTLE = 0.15  # a frame starting this soon after the previous one belongs to the same repaint
QUIET = 0.3  # the terminal stays this quiet before each key
# In the reader's counts line only ("1 quote variant", "2 quote variants").
READER = b"quote variant"
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
        # PYTHONDONTWRITEBYTECODE (set on some development machines) would have every start
        # compile the program's modules anew, ~0.05-0.1 s no installed copy spends.
        unset = ("COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
        env = {k: v for k, v in os.environ.items() if k not in unset}
        env["TERM"] = "xterm-256color"
        command = [sys.executable, *os.environ.get("READER_CMD", "-m tui").split(), str(story)]
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

    def settle(self, quiet: float = 0.5) -> int:
        """Read until nothing has come for `quiet` seconds; how many frames came meanwhile."""
        frames = 0
        while self.read(quiet):
            frames += self.pending.count(FRAME_START)
            self.pending = b""
        return frames

    def cpu(self) -> float:
        """CPU seconds the reader's main thread has run (Linux), else 0."""
        try:
            with open(f"/proc/{self.process.pid}/schedstat", encoding="ascii") as stat:
                return int(stat.read().split()[0]) / 1e9
        except (OSError, ValueError, IndexError):
            return 0.0

    def process_cpu(self) -> float:
        """CPU seconds the reader has run, all its threads (Linux), else 0."""
        try:
            with open(f"/proc/{self.process.pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    def repaint(self, key: bytes, timeout: float = 10) -> tuple[float, float]:
        """Seconds from writing `key` to the end of the last frame it caused, and the CPU
        seconds the reader's main thread spent meanwhile."""
        self.pending = b""
        cpu = self.cpu()
        sent = time.perf_counter()
        os.write(self.fd, key)
        end = self.wait_for(FRAME_END, timeout)
        used = self.cpu() - cpu
        while True:
            deadline = time.perf_counter() + SETTLE
            while FRAME_START not in self.pending and time.perf_counter() < deadline:
                self.read(deadline - time.perf_counter())
            if FRAME_START not in self.pending:
                return end - sent, used
            end = self.wait_for(FRAME_END, timeout)
            used = self.cpu() - cpu

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


@dataclass
class Run:
    """One story's figures: seconds to the reader cold and cached, to a first key answered,
    and each key's repaint (wall and CPU seconds), with the frames no key asked for."""

    cold: float
    cached: float
    interactive: float
    interactive_cpu: float  # the process's CPU seconds (all threads) when it was interactive
    starts: list[tuple[float, float]] = field(default_factory=list)  # (interactive, CPU) each
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    late: int = 0
    steal: float | None = None  # the share of the CPUs' busy time the host took during keys


def cpu_ticks() -> tuple[int, int] | None:
    """The machine's busy and stolen CPU ticks so far (Linux's /proc/stat), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(n) for n in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    if len(fields) < 8:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq + steal, steal


def steal_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """Of the CPU time used between two `cpu_ticks`, the share a virtual machine's host took
    for itself (its "steal"): time the reader waited without running, in its wall times and
    not its CPU times."""
    if before is None or after is None or after[0] <= before[0]:
        return None
    return (after[1] - before[1]) / (after[0] - before[0])


def cached_start(terminal: Terminal) -> tuple[float, float, float]:
    """Seconds to the cached reader and to a first key answered (sent the moment the reader
    is there), and the process's CPU seconds by then."""
    cached_time = terminal.wait_for(READER, 300) - terminal.started
    terminal.wait_for(FRAME_END, 60)  # the end of the frame the reader is first drawn in
    first_key, _ = terminal.repaint(b"j")
    return cached_time, cached_time + first_key, terminal.process_cpu()


def keystrokes(
    story: Path,
    size: tuple[int, int],
    keys: int,
    which: dict[str, bytes] = KEYS,
    starts: int = 1,
    walk: int = 0,
) -> Run:
    """Cold and cached time to the reader, `starts` cached starts, and each key's repaint
    times (in the last cached start); then `walk` presses of `l` in a row ("l walking"):
    past the window's edge each shows the next outlet's pane, most for the first time."""
    cold = Terminal(story, size, cache=True)  # fills the cache
    try:
        cold_time = cold.wait_for(READER, 900) - cold.started
    finally:
        cold.stop()
    figures = []
    for _ in range(starts - 1):
        terminal = Terminal(story, size, cache=True)
        try:
            figures.append(cached_start(terminal)[1:])
        finally:
            terminal.stop()
    terminal = Terminal(story, size, cache=True)
    try:
        cached_time, interactive, cpu = cached_start(terminal)
        run = Run(cold_time, cached_time, interactive, cpu, [*figures, (interactive, cpu)])
        terminal.settle()
        ticks = cpu_ticks()
        for _ in range(keys):
            for name, sequence in which.items():
                run.late += terminal.settle(QUIET)
                wall, cpu = terminal.repaint(sequence)
                run.times.setdefault(name, []).append(wall)
                run.cpu.setdefault(name, []).append(cpu)
        for _ in range(walk):
            run.late += terminal.settle(QUIET)
            wall, cpu = terminal.repaint(KEYS["l"])
            run.times.setdefault("l walking", []).append(wall)
            run.cpu.setdefault("l walking", []).append(cpu)
        run.late += terminal.settle(QUIET)
        run.steal = steal_share(ticks, cpu_ticks())
    finally:
        terminal.stop()
    return run


def load_average() -> str:
    try:
        return " / ".join(f"{n:.1f}" for n in os.getloadavg())
    except OSError:
        return "unknown"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="*", default=[100, 400])
    parser.add_argument("--keys", type=int, default=10, help="presses of each key")
    parser.add_argument("--size", default="160x48", help="terminal size for the key bench")
    parser.add_argument(
        "--long", type=int, default=3000, help="sentences of the long two-article story (0: skip)"
    )
    parser.add_argument(
        "--starts", type=int, default=1, help="cached starts of each story (the median is judged)"
    )
    parser.add_argument(
        "--first-frame-runs", type=int, default=5, help="runs of the seeds' first frame (0: skip)"
    )
    options = parser.parse_args(argv)
    columns, rows = (int(n) for n in options.size.split("x"))

    print(f"load average at start {load_average()} ({os.cpu_count()} CPUs)")
    ok = True
    if options.first_frame_runs:
        runs = [first_frame(ROOT / "seeds") for _ in range(options.first_frame_runs)]
        drawn = statistics.median(r[0] for r in runs)
        reader = statistics.median(r[1] for r in runs)
        verdict = "ok" if drawn <= FIRST_FRAME_GOAL else f"MISSED (goal {FIRST_FRAME_GOAL} s)"
        print(f"seeds: first frame {drawn:.2f} s ({verdict}), reader shown {reader:.2f} s")
        ok = drawn <= FIRST_FRAME_GOAL

    from generate import write_story

    stories = [(f"{n} articles", n, 60, KEYS, options.keys * 2) for n in options.articles]
    if options.long:
        long = f"2 articles of {options.long} sentences"
        stories.append((long, 2, options.long, LONG_KEYS, 0))
    for label, articles, sentences, which, walk in stories:
        with tempfile.TemporaryDirectory() as folder:
            story = write_story(Path(folder) / "story", articles, sentences)
            before = load_average()
            run = keystrokes(story, (columns, rows), options.keys, which, options.starts, walk)
        interactive = statistics.median(start[0] for start in run.starts)
        cached_ok = interactive <= CACHED_READER_GOAL
        ok = ok and cached_ok
        print(
            f"{label} at {columns}x{rows} (load average {before} before, "
            f"{load_average()} after; {os.cpu_count()} CPUs):"
        )
        print(
            f"  reader shown {run.cold:.2f} s cold, {run.cached:.2f} s cached; "
            f"interactive (a first key repainted) {run.interactive:.2f} s cached "
            f"({run.interactive_cpu:.2f} s of CPU)"
        )
        if len(run.starts) > 1:
            times = sorted(start[0] for start in run.starts)
            cpus = sorted(start[1] for start in run.starts)
            print(
                f"  {len(times)} cached starts: interactive median {interactive:.2f} s "
                f"({times[0]:.2f}-{times[-1]:.2f}), CPU median {statistics.median(cpus):.2f} s "
                f"({cpus[0]:.2f}-{cpus[-1]:.2f})"
            )
        print(f"  cached reader {'ok' if cached_ok else 'MISSED, goal 1 s'}")
        for name, found in run.times.items():
            median = statistics.median(found)
            key_ok = median <= KEY_GOAL
            ok = ok and key_ok
            print(
                f"  {name:>9}: median {median * 1000:5.1f} ms, "
                f"p90 {percentile(found, 0.9) * 1000:5.1f}, worst {max(found) * 1000:5.1f}; "
                f"CPU median {statistics.median(run.cpu[name]) * 1000:5.1f} ms  "
                f"{'ok' if key_ok else 'MISSED (goal 16 ms)'}"
            )
        if run.late:
            print(f"  {run.late} frames came later than {SETTLE * 1000:.0f} ms after a key's")
        if run.steal is not None:
            print(
                f"  while keys were measured, the host took {run.steal:.0%} of the busy CPU "
                "time (steal: in the wall times, not the CPU times)"
            )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
