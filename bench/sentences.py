"""Sentence splitting: pySBD's English "Golden Rules" and the time it takes on real news.

Prints how many of the 48 Golden Rules coverage-tui's splitter gets exactly right beside plain
blingfire (and pySBD when it is installed), the cases it misses, and the time both take on
the paragraphs of the five gold stories in ../shared/eval/stories, repeated.

    python bench/sentences.py [--rules FILE] [--stories ../shared/eval/stories] [--repeat 20]

The rules are pySBD's (MIT licence, © 2019 Nipun Sadvilkar), not copied into this repository:
without `--rules`, the pysbd 0.3.3 source is fetched from PyPI with pip into a temporary folder
and its `benchmarks/english_golden_rules.py` is read as data (a Python literal, never run).
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tui.engine.segment import split_sentences

DEFAULT_STORIES = Path(__file__).resolve().parents[2] / "shared/eval/stories"
RULES_MEMBER = "benchmarks/english_golden_rules.py"
Rule = tuple[str, list[str]]


def fetch_rules() -> list[Rule]:
    """pySBD's Golden Rules, from its source distribution on PyPI."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", "pysbd==0.3.3", "-d", folder],
            check=True,
        )  # fmt: skip
        (archive,) = Path(folder).glob("pysbd-*.tar.gz")
        with tarfile.open(archive) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith(RULES_MEMBER))
            handle = tar.extractfile(member)
            assert handle is not None
            return parse_rules(handle.read().decode("utf-8"))


def parse_rules(source: str) -> list[Rule]:
    """`GOLDEN_EN_RULES = [...]` read as a literal: the file is data here, never executed."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "GOLDEN_EN_RULES":
            return [(text, list(expected)) for text, expected in ast.literal_eval(node.value)]
    raise ValueError("no GOLDEN_EN_RULES in the file")


def ours(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def plain_blingfire(text: str) -> list[str]:
    import blingfire

    return [s.strip() for s in blingfire.text_to_sentences(text).split("\n") if s.strip()]


def splitters() -> dict[str, Callable[[str], list[str]]]:
    found: dict[str, Callable[[str], list[str]]] = {
        "coverage-tui": ours,
        "blingfire": plain_blingfire,
    }
    try:
        import pysbd
    except ImportError:
        return found
    segmenter = pysbd.Segmenter(language="en", clean=False)
    found["pysbd"] = lambda text: [s.strip() for s in segmenter.segment(text)]
    return found


def paragraphs(stories: Path) -> list[str]:
    lines = []
    for path in sorted(stories.glob("*/*.txt")):
        lines.extend(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return lines


def timings(
    methods: dict[str, Callable[[str], list[str]]], texts: list[str], repeat: int
) -> dict[str, float]:
    """The best of five rounds for each splitter, the splitters taking turns in every round, so
    a busy machine slows them alike."""
    best = dict.fromkeys(methods, float("inf"))
    for split in methods.values():
        split(texts[0])  # load the library before the clock starts
    for _ in range(5):
        for name, split in methods.items():
            started = time.perf_counter()
            for _ in range(repeat):
                for text in texts:
                    split(text)
            best[name] = min(best[name], time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, help="english_golden_rules.py (default: from PyPI)")
    parser.add_argument("--stories", type=Path, default=DEFAULT_STORIES)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(argv)
    rules = parse_rules(options.rules.read_text("utf-8")) if options.rules else fetch_rules()

    methods = splitters()
    texts = paragraphs(options.stories)
    words = sum(len(t.split()) for t in texts) * options.repeat
    took = timings(methods, texts, options.repeat)
    print(f"{len(rules)} Golden Rules; timing: {len(texts)} paragraphs x{options.repeat}")
    print("| splitter | Golden Rules | time (s) | × blingfire | words/s |")
    print("|---|---:|---:|---:|---:|")
    for name, split in methods.items():
        right = sum(split(text) == expected for text, expected in rules)
        ratio = took[name] / took["blingfire"]
        rate = words / took[name]
        print(f"| {name} | {right}/{len(rules)} | {took[name]:.3f} | {ratio:.2f} | {rate:,.0f} |")
    for number, (text, expected) in enumerate(rules, start=1):
        got = ours(text)
        if got != expected:
            print(f"miss {number}: {text!r}\n    got {got}\n    want {expected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
