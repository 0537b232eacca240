"""How the whole analysis grows with hostile input: time and memory at doubling sizes.

Each shape the issue names (a long article, many short paragraphs, many numbers in one
paragraph, many one-line files, deeply nested and very flat HTML) is written at three sizes,
each doubling the last, and loaded and analysed in a fresh process. The slope is the exponent
k in time ~ size^k between the smallest and the largest run: 1 is proportional, 2 quadratic.

    python bench/scaling.py [--scale 1.0] [--only NAME]

Run with a larger --scale to reach the sizes in the issue (the 20 MB limit); the default keeps
the whole run to a few minutes. The flat page is also run at the size the issue names (18 MB
at the largest; some three minutes), whatever --scale: its peak memory must stay under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

_VOCABULARY = (
    "council harbour storm budget minister river bridge court police school hospital vote "
    "market train road election fire price union strike museum farm forest coast"
)
WORDS = _VOCABULARY.split()
COMPANION = (
    "Harbour Storm\n\nA storm closed the harbour on Monday, officials said. "
    "The council will meet on Tuesday to discuss the damage to 40 boats.\n"
)


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + "."


def long_article(folder: Path, size: int) -> Path:
    """One article of `size` paragraphs of three sentences, beside a short one."""
    rng = random.Random(size)
    body = "\n\n".join(" ".join(_sentence(rng) for _ in range(3)) for _ in range(size))
    (folder / "a.txt").write_text("Long Article\n\n" + body)
    (folder / "b.txt").write_text(COMPANION)
    return folder


def short_paragraphs(folder: Path, size: int) -> Path:
    rng = random.Random(size)
    body = "\n\n".join(f"{rng.choice(WORDS).capitalize()} {i}." for i in range(size))
    (folder / "a.txt").write_text("Short Paragraphs\n\n" + body)
    (folder / "b.txt").write_text(COMPANION)
    return folder


def many_numbers(folder: Path, size: int) -> Path:
    numbers = ", ".join(f"{i * 7 % 1000} boats" for i in range(size))
    (folder / "a.txt").write_text(f"Numbers\n\nThe storm damaged {numbers}.\n")
    (folder / "b.txt").write_text(COMPANION)
    return folder


def list_runs(folder: Path, size: int) -> Path:
    """An article of `size` short lists (three items each), a paragraph after each."""
    rng = random.Random(size)
    parts = []
    for _ in range(size):
        parts.extend(f"- {_sentence(rng)}" for _ in range(3))
        parts.append(" ".join(_sentence(rng) for _ in range(3)))
    (folder / "a.txt").write_text("List Runs\n\n" + "\n".join(parts) + "\n")
    (folder / "b.txt").write_text(COMPANION)
    return folder


def many_files(folder: Path, size: int) -> Path:
    rng = random.Random(size)
    for i in range(size):
        (folder / f"{i:06}.txt").write_text(f"{_sentence(rng)}\n")
    return folder


def nested_html(folder: Path, size: int) -> Path:
    page = "<div>" * size + "<p>A storm closed the harbour on Monday.</p>" + "</div>" * size
    (folder / "a.html").write_text(f"<html><body>{page}</body></html>")
    (folder / "b.txt").write_text(COMPANION)
    return folder


def flat_html(folder: Path, size: int) -> Path:
    rng = random.Random(size)
    page = "".join(f"<div>{_sentence(rng)}</div>" for _ in range(size))
    (folder / "a.html").write_text(f"<html><body>{page}</body></html>")
    (folder / "b.txt").write_text(COMPANION)
    return folder


SHAPES: dict[str, tuple[Callable[[Path, int], Path], int]] = {
    "long article (paragraphs)": (long_article, 2000),
    "short paragraphs": (short_paragraphs, 2500),
    "numbers in one paragraph": (many_numbers, 1000),
    "short lists (runs of three items)": (list_runs, 1000),
    "one-line files": (many_files, 1000),
    "nested <div> (depth)": (nested_html, 10000),
    "flat <div> (elements)": (flat_html, 10000),
}

# Shapes also run at fixed sizes, the largest the one the issue names: (writer, sizes).
AT_ISSUE_SIZE: dict[str, tuple[Callable[[Path, int], Path], tuple[int, ...]]] = {
    "flat <div>, 18 MB (elements)": (flat_html, (60_500, 121_000, 242_000)),
}
GOAL_MB = 1024  # issue 10: every input inside the size limits under 1 GB

# Run in a child process: its own clock and its own peak memory.
CHILD = """
import json, resource, sys, time
from tui.engine.load import load_story
from tui.engine.pipeline import analyse_story
started = time.perf_counter()
story = load_story(sys.argv[1])
loaded = time.perf_counter() - started
analysis = analyse_story(story)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "load": loaded, "mb": peak}))
"""


def measure(folder: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def bytes_in(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--only", help="run only the shapes whose name contains this")
    options = parser.parse_args(argv)
    print("| input | sizes | bytes (largest) | seconds (load) | peak MB | slope | load slope |")
    print("|---|---|---:|---|---|---:|---:|")
    runs_of = [
        (name, write, [int(base * options.scale * factor) for factor in (1, 2, 4)])
        for name, (write, base) in SHAPES.items()
    ]
    runs_of += [(name, write, list(sizes)) for name, (write, sizes) in AT_ISSUE_SIZE.items()]
    over = []
    for name, write, sizes in runs_of:
        if options.only and options.only not in name:
            continue
        runs = []
        for size in sizes:
            with tempfile.TemporaryDirectory() as temporary:
                folder = write(Path(temporary), size)
                runs.append((size, bytes_in(folder), measure(folder)))
        first, last = runs[0], runs[-1]

        def slope(key: str, first: tuple = first, last: tuple = last) -> float:
            ratio = max(last[2][key], 1e-3) / max(first[2][key], 1e-3)
            return math.log(ratio) / math.log(last[0] / first[0])

        seconds = " / ".join(f"{run[2]['seconds']:.2f} ({run[2]['load']:.2f})" for run in runs)
        peaks = " / ".join(f"{run[2]['mb']:.0f}" for run in runs)
        print(
            f"| {name} | {' / '.join(map(str, sizes))} | {last[1]:,} | {seconds} "
            f"| {peaks} | {slope('seconds'):.2f} | {slope('load'):.2f} |"
        )
        over += [name for run in runs if run[2]["mb"] > GOAL_MB]
    print(f"\npeak MB: each size's peak resident memory (goal: under {GOAL_MB} MB)")
    for name in dict.fromkeys(over):
        print(f"MISSED: {name} peaks over {GOAL_MB} MB")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
