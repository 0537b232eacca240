"""How fast coverage-tui is, and whether its clusters stay sane as stories grow. Prints a table.

    python bench/speed.py [--sizes 25,50,100,200] [--quick] [--repeat N] [--markdown]
                          [--profile ARTICLES]

1. `coverage-tui report seeds/ --format json`, the whole process (interpreter start, imports,
   load, analyse, render), output to /dev/null: median and min wall time of 5 runs after one
   untimed warm-up run.
2. `analyse()` on synthetic stories (bench/generate.py) of 25/50/100/200 articles x 60
   sentences, each size in a fresh process so its peak RSS is its own. The time is `analyse()`
   alone: interpreter start and third-party imports are not in it (the import column shows
   them, the CLI row covers them). The story's ground truth (which claim each sentence
   renders) checks the clusters: the largest one should hold about as many passages as
   outlets carry its claim, and no cluster should mix two claims.

Every step reports a failure as one line and the bench goes on; the exit status is 1 when a
step failed or a goal was missed, else 0. `--profile N` adds cProfile's top functions (by
cumulative time) for `analyse()` on an N-article story.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
generate = importlib.import_module("generate")

SENTENCES = 60
SEED = 0
DEFAULT_SIZES = (25, 50, 100, 200)
QUICK_SIZES = (25, 50)
CLI_RUNS = 5
TIMEOUT = 900  # seconds for any one subprocess

GOAL_CLI_SECONDS = 0.5
GOAL_SIZE = 100  # the engine goals are for this many articles
GOAL_ENGINE_SECONDS = 1.5  # issue 8: 100 articles in 1.5 s of engine time
GOAL_ENGINE_MB = 400.0
GOAL_SCALING = 2.0  # time per passage, largest size over smallest: near-linear
GOAL_CLUSTER_SLACK = 1.1  # largest cluster <= this x the outlets carrying its claim

# Runs in a fresh interpreter: argv = story folder, labels file. Prints one JSON line.
ENGINE_SCRIPT = r"""
import json, resource, sys, time
from collections import Counter
from pathlib import Path

started = time.perf_counter()
for name in ("numpy", "blingfire", "snowballstemmer", "rapidfuzz"):
    try:
        __import__(name)
    except ImportError:
        pass
from tui.engine.pipeline import analyse
imports = time.perf_counter() - started

start = time.perf_counter()
analysis = analyse(Path(sys.argv[1]))
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
peak_mb = peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024

truth = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
labels, carriers, shape = truth["labels"], truth["carriers"], truth["shape"]
text_of = {p.id: p.text for p in analysis.passages}

def claims_in(text):
    # A passage may hold more than one generated sentence when the segmenter glued them.
    found = {labels[text]} if text in labels else set()
    if not found:
        for piece in text.replace("\n", " ").split(". "):
            for candidate in (piece, piece + "."):
                if candidate in labels:
                    found.add(labels[candidate])
    return found

mixed, siblings, largest, largest_claim = 0, 0, 0, None
for cluster in analysis.clusters:
    sets = [s for s in (claims_in(text_of[p]) for p in cluster.passages) if s]
    if len(sets) >= 2 and not set.intersection(*sets):
        mixed += 1
        siblings += len({shape[c] for s in sets for c in s}) == 1
    if len(cluster.passages) > largest:
        largest = len(cluster.passages)
        votes = Counter(c for s in sets for c in s)
        largest_claim = votes.most_common(1)[0][0] if votes else None

print(json.dumps({
    "seconds": seconds,
    "imports": imports,
    "peak_mb": peak_mb,
    "passages": len(analysis.passages),
    "clusters": len(analysis.clusters),
    "findings": len(analysis.findings),
    "largest": largest,
    "largest_claim": largest_claim,
    "carriers": carriers.get(largest_claim, 0) if largest_claim else 0,
    "mixed": mixed,
    "siblings": siblings,
}))
"""

PROFILE_SCRIPT = r"""
import cProfile, io, pstats, sys
from pathlib import Path
from tui.engine.pipeline import analyse

analyse(Path(sys.argv[3]))  # warm up on the seeds: imports out of the picture
profile = cProfile.Profile()
profile.enable()
analyse(Path(sys.argv[1]))
profile.disable()
out = io.StringIO()
stats = pstats.Stats(profile, stream=out)
stats.strip_dirs().sort_stats("cumulative").print_stats(int(sys.argv[2]))
print(out.getvalue())
"""


COUNTS = ("passages", "clusters", "findings", "largest", "carriers", "mixed", "siblings")


class StepError(Exception):
    """A step that could not produce its figure: one line for the table's notes."""


@dataclass
class EngineRun:
    articles: int
    seconds: list[float] = field(default_factory=list)
    imports: float = 0.0
    peak_mb: float = 0.0
    passages: int = 0
    clusters: int = 0
    findings: int = 0
    largest: int = 0
    carriers: int = 0
    mixed: int = 0
    siblings: int = 0  # of the mixed clusters, those whose claims share one sentence shape
    error: str | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def per_thousand(self) -> float:
        """Seconds per 1,000 passages."""
        return self.median / self.passages * 1000 if self.passages else float("nan")


@dataclass
class Goal:
    name: str
    target: str
    measured: str
    status: str  # "ok", "MISSED", "FAILED" (could not measure), "n/a"


def progress(step: str, outcome: str) -> None:
    """A line on stderr while the bench runs, so stdout holds only the tables."""
    print(f"{step}: {outcome}", file=sys.stderr, flush=True)


def one_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else "no output"


def run(command: Sequence[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(  # type: ignore[call-overload]
            list(command),
            cwd=REPO,
            text=True,
            timeout=TIMEOUT,
            check=False,
            **kwargs,
        )
    except subprocess.TimeoutExpired:
        raise StepError(f"timed out after {TIMEOUT} s") from None
    except OSError as error:
        raise StepError(f"cannot start {command[0]}: {error}") from None


# -- 1. the command line ---------------------------------------------------------------------


def time_cli(runs: int) -> list[float]:
    """Whole-process report on the seeds, without the cache: the analysis runs every time."""
    command = [
        sys.executable, "-m", "tui", "report", str(REPO / "seeds"), "--format", "json",
        "--no-cache",
    ]  # fmt: skip
    times = []
    for n in range(runs + 1):
        start = time.perf_counter()
        done = run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise StepError(f"exit {done.returncode}: {one_line(done.stderr)}")
        if n:  # the first run only warms the disk and bytecode caches
            times.append(elapsed)
    return times


def time_cached_report(articles: int, runs: int) -> tuple[float, float, int]:
    """`report --format json` on a generated story, whole process: the median without the
    cache, the median reading a cached analysis (in a fresh cache folder), the entry's size."""
    with tempfile.TemporaryDirectory(prefix="coverage-tui-bench-") as temporary:
        folder = Path(temporary)
        write_sample(folder, articles)
        command = [
            sys.executable, "-m", "tui", "report", str(folder / "story"), "--format", "json",
        ]  # fmt: skip
        env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}

        def timed(extra: Sequence[str]) -> float:
            start = time.perf_counter()
            done = run(
                [*command, *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
            )
            if done.returncode != 0:
                raise StepError(f"exit {done.returncode}: {one_line(done.stderr)}")
            return time.perf_counter() - start

        cold = [timed(["--no-cache"]) for _ in range(runs)]
        timed([])  # writes the entry
        warm = [timed([]) for _ in range(runs)]
        size = sum(p.stat().st_size for p in (folder / "cache").rglob("*") if p.is_file())
    return statistics.median(cold), statistics.median(warm), size


# -- 2. the engine on generated stories ------------------------------------------------------


def write_sample(folder: Path, articles: int) -> Path:
    """The story in folder/story and its ground truth in folder/truth.json."""
    story = generate.build_story(articles, SENTENCES, SEED)
    story.write(folder / "story")
    truth = {"labels": story.labels, "carriers": story.carriers, "shape": story.shapes}
    path = folder / "truth.json"
    path.write_text(json.dumps(truth), encoding="utf-8")
    return path


def time_engine(articles: int, runs: int) -> EngineRun:
    result = EngineRun(articles)
    with tempfile.TemporaryDirectory(prefix=f"coverage-bench-{articles}-") as tmp:
        folder = Path(tmp)
        truth = write_sample(folder, articles)
        for _ in range(runs):
            done = run(
                [sys.executable, "-c", ENGINE_SCRIPT, str(folder / "story"), str(truth)],
                capture_output=True,
            )
            if done.returncode != 0:
                raise StepError(f"exit {done.returncode}: {one_line(done.stderr)}")
            try:
                figures = json.loads(done.stdout.strip().splitlines()[-1])
            except (ValueError, IndexError):
                raise StepError(f"unreadable output: {one_line(done.stdout)}") from None
            result.seconds.append(figures["seconds"])
            result.peak_mb = max(result.peak_mb, figures["peak_mb"])
            result.imports = figures["imports"]
            for name in COUNTS:
                setattr(result, name, figures[name])
    return result


def profile_engine(articles: int, top: int = 10) -> str:
    with tempfile.TemporaryDirectory(prefix=f"coverage-profile-{articles}-") as tmp:
        write_sample(Path(tmp), articles)
        done = run(
            [
                sys.executable,
                "-c",
                PROFILE_SCRIPT,
                str(Path(tmp) / "story"),
                str(top),
                str(REPO / "seeds"),
            ],
            capture_output=True,
        )
    if done.returncode != 0:
        raise StepError(f"exit {done.returncode}: {one_line(done.stderr)}")
    return done.stdout.strip()


# -- goals and tables -------------------------------------------------------------------------


def evaluate(cli: list[float] | None, engine: list[EngineRun]) -> list[Goal]:
    goals = []
    if cli:
        median = statistics.median(cli)
        status = "ok" if median <= GOAL_CLI_SECONDS else "MISSED"
        goals.append(
            Goal(
                "report seeds/ --format json, median",
                f"<= {GOAL_CLI_SECONDS} s",
                f"{median:.2f} s",
                status,
            )
        )
    else:
        goals.append(
            Goal("report seeds/ --format json, median", f"<= {GOAL_CLI_SECONDS} s", "-", "FAILED")
        )

    by_size = {r.articles: r for r in engine if r.error is None}
    target = by_size.get(GOAL_SIZE)
    name = f"analyse {GOAL_SIZE} articles"
    if target is None:
        failed = any(r.articles == GOAL_SIZE for r in engine)
        status = "FAILED" if failed else "n/a"
        goals.append(Goal(f"{name}, time", f"<= {GOAL_ENGINE_SECONDS:g} s", "-", status))
        goals.append(Goal(f"{name}, peak RSS", f"<= {GOAL_ENGINE_MB:g} MB", "-", status))
    else:
        ok = target.median <= GOAL_ENGINE_SECONDS
        goals.append(
            Goal(
                f"{name}, time",
                f"<= {GOAL_ENGINE_SECONDS:g} s",
                f"{target.median:.2f} s",
                "ok" if ok else "MISSED",
            )
        )
        ok = target.peak_mb <= GOAL_ENGINE_MB
        goals.append(
            Goal(
                f"{name}, peak RSS",
                f"<= {GOAL_ENGINE_MB:g} MB",
                f"{target.peak_mb:.0f} MB",
                "ok" if ok else "MISSED",
            )
        )

    sizes = sorted(by_size)
    if len(sizes) >= 2:
        small, large = by_size[sizes[0]], by_size[sizes[-1]]
        ratio = large.per_thousand / small.per_thousand
        goals.append(
            Goal(
                f"time per passage, {large.articles} vs {small.articles} articles",
                f"<= {GOAL_SCALING:g}x",
                f"{ratio:.2f}x",
                "ok" if ratio <= GOAL_SCALING else "MISSED",
            )
        )
    else:
        goals.append(
            Goal("time per passage, largest vs smallest", f"<= {GOAL_SCALING:g}x", "-", "n/a")
        )

    if by_size:
        # Shown for the biggest story, or for the first one that snowballed.
        runs = sorted(by_size.values(), key=lambda r: -r.articles)
        over = [r for r in runs if r.largest > GOAL_CLUSTER_SLACK * r.carriers]
        shown = (over or runs)[0]
        goals.append(
            Goal(
                "largest cluster / outlets carrying its claim",
                f"<= {GOAL_CLUSTER_SLACK:g}",
                f"{shown.largest}/{shown.carriers} at {shown.articles}",
                "MISSED" if over else "ok",
            )
        )
        mixed = ", ".join(f"{r.mixed} at {r.articles}" for r in reversed(runs))
        status = "ok" if all(r.mixed == 0 for r in runs) else "MISSED"
        goals.append(Goal("clusters mixing two claims", "0", mixed, status))
    return goals


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> str:
    """Fixed-width text (first column left, the rest right-aligned), or a Markdown table."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join([" --- "] + [" ---: "] * (len(headers) - 1)) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[k]) for r in [headers, *rows]) for k in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        parts = [cells[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def engine_rows(cli: list[float] | None, engine: list[EngineRun]) -> list[list[str]]:
    rows = []
    if cli:
        rows.append(
            [
                f"CLI report seeds/ ({len(cli)} run{'s' if len(cli) > 1 else ''})",
                *["-"] * 6,
                f"{statistics.median(cli):.3f}",
                f"{min(cli):.3f}",
                "-",
                "-",
            ]
        )
    else:
        rows.append(["CLI report seeds/", *["-"] * 10])
    for r in engine:
        if r.error is not None:
            rows.append([f"analyse {r.articles} articles", *["-"] * 10])
            continue
        rows.append(
            [
                f"analyse {r.articles} articles",
                f"{r.passages:,}",
                f"{r.clusters:,}",
                f"{r.findings:,}",
                f"{r.largest} ({r.carriers})",
                f"{r.mixed} ({r.siblings})",
                f"{r.imports:.2f}",
                f"{r.median:.3f}",
                f"{min(r.seconds):.3f}",
                f"{r.per_thousand:.3f}",
                f"{r.peak_mb:.0f}",
            ]
        )
    return rows


ENGINE_HEADERS = (
    "case",
    "passages",
    "clusters",
    "findings",
    "largest (carriers)",
    "mixed (siblings)",
    "import s",
    "median s",
    "min s",
    "s / 1k passages",
    "peak MB",
)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of numbers: {text}") from None
    if not sizes or any(n < 2 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be numbers of articles, at least 2")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Time the CLI and the engine, print a table; exit 1 if a goal is missed."
    )
    parser.add_argument("--sizes", type=parse_sizes, help="articles per story, e.g. 25,50,100,200")
    parser.add_argument("--quick", action="store_true", help="only 25 and 50 articles")
    parser.add_argument(
        "--repeat",
        type=int,
        help=f"runs per measurement (default: {CLI_RUNS} for the CLI, 1 per story size)",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument(
        "--profile",
        type=int,
        metavar="ARTICLES",
        help="also profile analyse() on this many articles",
    )
    options = parser.parse_args(argv)
    if options.repeat is not None and options.repeat < 1:
        parser.error("--repeat must be at least 1")
    sizes = options.sizes or (list(QUICK_SIZES) if options.quick else list(DEFAULT_SIZES))
    cli_runs = options.repeat or CLI_RUNS
    engine_runs = options.repeat or 1
    failures: list[str] = []

    print(
        f"coverage-tui speed bench, {dt.date.today().isoformat()}: Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; stories of {SENTENCES} sentences per article, seed {SEED}",
        flush=True,
    )

    cli: list[float] | None = None
    cli_error = None
    try:
        cli = time_cli(cli_runs)
    except StepError as error:
        cli_error = str(error)
        failures.append(f"CLI report seeds/: {error}")
    except Exception as error:  # keep going: the bench reports, it does not crash
        cli_error = f"{type(error).__name__}: {error}"
        failures.append(f"CLI report seeds/: {cli_error}")
    progress("CLI report seeds/", cli_error or f"median {statistics.median(cli or [0]):.2f} s")

    engine: list[EngineRun] = []
    for articles in sizes:
        try:
            engine.append(time_engine(articles, engine_runs))
            progress(f"analyse {articles} articles", f"median {engine[-1].median:.2f} s")
        except Exception as error:
            message = (
                str(error) if isinstance(error, StepError) else f"{type(error).__name__}: {error}"
            )
            engine.append(EngineRun(articles, error=message))
            failures.append(f"analyse {articles} articles: {message}")
            progress(f"analyse {articles} articles", message)

    print()
    print(table(ENGINE_HEADERS, engine_rows(cli, engine), options.markdown))
    print()
    goals = evaluate(cli, engine)
    print(
        table(
            ("goal", "target", "measured", "result"),
            [(g.name, g.target, g.measured, g.status) for g in goals],
            options.markdown,
        )
    )
    print()
    print(
        "largest (carriers): passages in the largest cluster (outlets carrying its claim); "
        "mixed: clusters joining two different claims (siblings: claims of one sentence shape "
        "with other names and numbers); median/min s: analyse() only, without interpreter "
        "start and imports."
    )

    cached_size = 100 if 100 in sizes else max(sizes)
    try:
        cold, warm, size = time_cached_report(cached_size, engine_runs)
        print()
        print(
            table(
                ("report, whole process", "without cache", "from cache", "cache entry"),
                [
                    (
                        f"{cached_size} articles, --format json",
                        f"{cold:.2f} s",
                        f"{warm:.2f} s",
                        f"{size / 1e6:.1f} MB",
                    )
                ],
                options.markdown,
            )
        )
    except Exception as error:
        failures.append(f"cached report: {error}")

    if options.profile:
        print()
        try:
            fence = ["```"] if options.markdown else []
            print("\n".join([*fence, profile_engine(options.profile), *fence]))
        except Exception as error:
            failures.append(f"profile: {error}")

    if failures:
        print()
        for failure in failures:
            print(f"FAILED {failure}")
    missed = [g for g in goals if g.status in ("MISSED", "FAILED")]
    return 1 if failures or missed else 0


if __name__ == "__main__":
    sys.exit(main())
