"""How well HTML pages become articles: coverage-tui beside trafilatura's own `extract()`.

Scored as trafilatura's evaluation scores extractors, on the pages of ../shared/eval/html (see
its README): a `with` snippet is found when it occurs (whitespace-normalised) in the article
text, a `without` snippet is wrongly kept when it does. For coverage-tui the article text is
its body and heading passages; boilerplate that stays in the page as noise counts as removed.
Prints precision, recall, F1 and milliseconds per page for each, and any page that failed.

    python bench/html.py [--data ../shared/eval/html] [--show N]

coverage-tui's time is the whole load (decoding, the page walk, the extractor) plus
segmentation and noise marking; trafilatura's is `extract()` alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/html.py`, this file's folder comes first on the path and this file
# would stand in for the standard library's `html` module: take the folder off.
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

from tui.engine.load import load_story  # noqa: E402
from tui.engine.noise import OtherOutlets, classify_blocks  # noqa: E402
from tui.engine.segment import loader_noise, split_blocks, split_sentences  # noqa: E402
from tui.engine.text import content_tokens  # noqa: E402
from tui.model import PassageKind, Source  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/eval/html"
_WS = re.compile(r"\s+")


@dataclass
class Score:
    name: str
    found: int = 0
    kept_boilerplate: int = 0
    wanted: int = 0
    unwanted: int = 0
    seconds: float = 0.0
    pages: int = 0
    failed: list[str] = field(default_factory=list)
    misses: list[tuple[str, str, str]] = field(default_factory=list)  # (page, kind, snippet)

    def add(self, page: str, text: str, wanted: list[str], unwanted: list[str]) -> None:
        flat = _WS.sub(" ", text)
        for snippet in wanted:
            self.wanted += 1
            if _WS.sub(" ", snippet).strip() in flat:
                self.found += 1
            else:
                self.misses.append((page, "missed", snippet))
        for snippet in unwanted:
            self.unwanted += 1
            if _WS.sub(" ", snippet).strip() in flat:
                self.kept_boilerplate += 1
                self.misses.append((page, "kept", snippet))

    def row(self) -> str:
        precision = self.found / max(1, self.found + self.kept_boilerplate)
        recall = self.found / max(1, self.wanted)
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        ms = 1000 * self.seconds / max(1, self.pages)
        return (
            f"| {self.name:<26} | {precision:9.3f} | {recall:6.3f} | {f1:5.3f} | {ms:7.1f} "
            f"| {len(self.failed):6} |"
        )


def article_text(source: Source) -> str:
    """The body and heading passages of one loaded page, as the reader would show them."""
    blocks = split_blocks(source.text)
    vocabulary = set(content_tokens(source.text))
    others = OtherOutlets(Counter(vocabulary), vocabulary)  # one page: no other outlet
    labels = classify_blocks(blocks, source.title, source.title_span, others)
    from_loader = loader_noise(source.noise, blocks)
    parts = []
    for block, label, loader_reason in zip(blocks, labels, from_loader, strict=True):
        if loader_reason is not None or label.kind is PassageKind.NOISE:
            continue
        spans = split_sentences(source.text, block.start, block.end)
        parts.append(" ".join(source.text[s:e] for s, e in spans))
    return "\n".join(parts)


def coverage_tui(path: Path) -> str:
    story = load_story(path)
    return "\n".join(article_text(source) for source in story.sources)


def trafilatura_extract(path: Path) -> str:
    import trafilatura

    return trafilatura.extract(path.read_bytes()) or ""


def run(data: Path, show: int) -> int:
    snippets = json.loads((data / "snippets.json").read_text(encoding="utf-8"))
    extractors: list[tuple[Score, Callable[[Path], str]]] = [
        (Score("coverage-tui"), coverage_tui),
        (Score("trafilatura 2.3.1 extract()"), trafilatura_extract),
    ]
    for _key, entry in sorted(snippets.items(), key=lambda item: item[1]["file"]):
        page = data / "pages" / entry["file"]
        for score, extractor in extractors:
            started = time.perf_counter()
            try:
                text = extractor(page)
            except Exception as error:  # a failing page is a result to print, not a crash
                score.failed.append(f"{entry['file']}: {type(error).__name__}: {error}")
                text = ""
            score.seconds += time.perf_counter() - started
            score.pages += 1
            score.add(entry["file"], text, entry["with"], entry["without"])
    print(f"{len(snippets)} pages from {data}")
    print("| extractor                  | precision | recall |    F1 | ms/page | failed |")
    print("|---|---:|---:|---:|---:|---:|")
    for score, _ in extractors:
        print(score.row())
    ours = extractors[0][0]
    for failure in ours.failed:
        print(f"failed: {failure}")
    for page, kind, snippet in ours.misses[:show]:
        print(f"{kind:>6}  {page}: {snippet[:90]}")
    return 1 if ours.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show", type=int, default=0, help="print N of coverage-tui's misses")
    options = parser.parse_args(argv)
    return run(options.data, options.show)


if __name__ == "__main__":
    sys.exit(main())
