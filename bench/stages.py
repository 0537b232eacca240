"""CPU time of each stage of the analysis, per passage, as generated stories grow.

    python bench/stages.py [--sizes 100,400,1000] [--repeat 3] [--markdown] [--no-side-process]

Each size is a story from bench/generate.py (60 sentences an article, seed 0) analysed in a
fresh process after a warm-up on the seeds (imports and compiled patterns out of the
picture). The figures are CPU seconds (`time.process_time`, not wall time: the machine may be
shared), each the least of `--repeat` runs, of `analyse()` and of the stages inside it:
loading, segmenting and noise (`build_passages`), alignment, the number, quote and
unique-claim findings, and the copied shares. "total" is the analysing process's CPU. "side
process" is the CPU of the forked process that reads the passages for the number and quote
findings while they are aligned (`tui.engine.side_process`): that share of those two stages
is not in their rows, and "copy back" is the unpickling of what it read (`--no-side-process`
reads them in-process). "wall" is the elapsed time, which with a free second core is about
"total". The last column of each stage is its cost per passage at the largest size over that
at the smallest: 1.0 is linear. The load average is printed beside the table.

Goals (issue 8): the number and quote findings cost at most 1.3x as much per passage at the
largest size as at the smallest (when the side process ran, the two with its share: the row
"numbers+quotes+side"); the exit status is 1 when one is missed, else 0.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
generate = importlib.import_module("generate")
DEFAULT_SIZES = (100, 400, 1000)
DEFAULT_REPEAT = 3
SENTENCES = 60
SEED = 0
GOAL_SCALING = 1.3  # per-passage cost, largest over smallest size
GOAL_STAGES = ("numbers", "quotes")
# With the side process, part of the number and quote findings' work is in its row: the goal
# is then judged on the four rows together.
COMBINED = "numbers+quotes+side"
COMBINED_PARTS = ("numbers", "quotes", "side process", "copy back")
TIMEOUT = 1800

# Runs in a fresh interpreter: argv = story folder, seeds folder. Prints one JSON line.
STAGE_SCRIPT = r"""
import json, sys, time
from pathlib import Path
import tui.engine.pipeline as pipeline
import tui.engine.findings as findings

spent = {}

def timed(owner, name, label):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.process_time() - start
    setattr(owner, name, wrapper)

timed(pipeline, "load_story", "load")
timed(pipeline, "build_passages", "segment+noise")
timed(pipeline, "align_passages", "alignment")
timed(findings, "find_numbers", "numbers")
timed(findings, "find_quotes", "quotes")
timed(findings, "find_unique", "unique")
timed(pipeline, "copied_shares", "copied")
try:
    from tui.engine.side_process import SideReading
except ImportError:  # code from before the side process
    SideReading = None
if SideReading is not None:
    collect = SideReading.result

    def result(self):
        start = time.process_time()
        try:
            return collect(self)
        finally:
            spent["copy back"] = spent.get("copy back", 0.0) + time.process_time() - start
            spent["side process"] = spent.get("side process", 0.0) + self.cpu

    SideReading.result = result
pipeline.analyse(Path(sys.argv[2]))
spent.clear()
start, wall = time.process_time(), time.perf_counter()
analysis = pipeline.analyse(Path(sys.argv[1]))
spent["total"] = time.process_time() - start
spent["wall"] = time.perf_counter() - wall
print(json.dumps({"passages": len(analysis.passages), "seconds": spent}))
"""

STAGES = (
    "load",
    "segment+noise",
    "alignment",
    "numbers",
    "quotes",
    "unique",
    "copied",
    "copy back",
    "total",
    "side process",
    "wall",
)


def measure(articles: int, side_process: bool = True) -> dict:
    """One story of `articles` analysed in a fresh process: its passages and stage seconds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "story"
        generate.build_story(articles, SENTENCES, SEED).write(folder)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        if not side_process:
            env["COVERAGE_TUI_SIDE_PROCESS"] = "0"
        done = subprocess.run(
            [sys.executable, "-c", STAGE_SCRIPT, str(folder), str(REPO / "seeds")],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"{articles} articles: {last}")
    run = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = run["seconds"]
    seconds[COMBINED] = sum(seconds.get(stage, 0.0) for stage in COMBINED_PARTS)
    return run


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|" + " ---: |" * len(headers)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[k]) for r in [headers, *rows]) for k in range(len(headers))]
    return "\n".join(
        "  ".join(cell.rjust(w) for cell, w in zip(r, widths, strict=True))
        for r in [headers, *rows]
    )


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text}") from None
    if len(sizes) < 2 or sizes[0] < 2:
        raise argparse.ArgumentTypeError("give at least two sizes of at least 2 articles")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES))
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="runs of each size")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--no-side-process",
        action="store_true",
        help="read the passages in the analysing process, not in a forked one beside it",
    )
    args = parser.parse_args(argv)
    runs: dict[int, dict] = {}
    for articles in args.sizes:
        for _ in range(max(1, args.repeat)):
            try:
                run = measure(articles, not args.no_side_process)
            except (RuntimeError, subprocess.TimeoutExpired) as error:
                print(f"failed: {str(error).splitlines()[0]}", file=sys.stderr)
                return 1
            best = runs.setdefault(articles, run)["seconds"]
            for stage, seconds in run["seconds"].items():
                best[stage] = min(best.get(stage, seconds), seconds)
        print(f"measured {articles} articles", file=sys.stderr, flush=True)
    small, large = runs[args.sizes[0]], runs[args.sizes[-1]]

    def per_passage(run: dict, stage: str) -> float:
        return run["seconds"].get(stage, 0.0) / run["passages"] * 1000

    headers = ["stage", *(f"{n} art. s (ms/passage)" for n in args.sizes), "ratio"]
    rows = []
    missed = []
    forked = any(run["seconds"].get("side process", 0.0) > 0 for run in runs.values())
    goal_stages = (COMBINED,) if forked else GOAL_STAGES
    for stage in (*STAGES, COMBINED) if forked else STAGES:
        cells = [stage]
        for articles in args.sizes:
            run = runs[articles]
            cells.append(f"{run['seconds'].get(stage, 0.0):.2f} ({per_passage(run, stage):.3f})")
        base = per_passage(small, stage)
        ratio = per_passage(large, stage) / base if base else 0.0
        cells.append(f"{ratio:.2f}x")
        if stage in goal_stages and ratio > GOAL_SCALING:
            missed.append(f"{stage} {ratio:.2f}x")
        rows.append(cells)
    print(table(rows, headers, args.markdown))
    passages = ", ".join(f"{n}: {runs[n]['passages']:,}" for n in args.sizes)
    load = os.getloadavg()[0]
    print(f"\npassages {passages}; CPU seconds (wall: elapsed); load average {load:.2f}")
    judged = " (with the side process's share)" if forked else ""
    goal = (
        f"numbers and quotes{judged} per passage at {args.sizes[-1]} <= {GOAL_SCALING}x "
        f"{args.sizes[0]}"
    )
    print(f"goal: {goal}: {'MISSED (' + ', '.join(missed) + ')' if missed else 'ok'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
