"""How well each similarity signal tells the shared gold's pairs apart, whatever the thresholds.

    python bench/separability.py

For the five real stories in ../shared/eval (read by a person): the area under the ROC curve
(the chance that a random positive scores above a random negative; 0.5 is a coin) of

- aligned pairs against not-aligned pairs (pair score), and
- "not unique" passages against unique ones (each passage's best score against any passage of
  another outlet: what a linking rule sees).

A signal that cannot separate the second pair cannot raise `not_unique` without losing `unique`
claims, whatever the clustering does: it says how far the gold's targets are reachable with it.
The last two columns make that concrete: the best share of aligned pairs (not-unique passages)
that any one threshold on the signal keeps while keeping 95% of the not-aligned pairs apart
(90% of the unique passages alone), the issue's bars for those.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from tui.engine.align import vectorise
from tui.engine.align.scoring import pair_score
from tui.engine.align.semantic import load_encoder
from tui.engine.load import load_story
from tui.engine.pipeline import build_passages
from tui.model import PassageKind

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def story_scores(story: Path, gold: dict) -> dict[str, list[float]]:
    """Per gold category, the signals' scores: {"<signal> <category>": [...]}."""
    sys.path.insert(0, str(EVAL / "gold"))
    from score import norm  # the scorer's own text normalisation

    passages = [p for p in build_passages(load_story(story).sources) if p.kind is PassageKind.BODY]
    vectors = vectorise([p.text for p in passages], [p.source for p in passages])
    lexical = {"lexical": lambda i, j: pair_score(vectors[i], vectors[j])}
    signals: dict[str, Callable[[int, int], float]] = dict(lexical)
    encoder = load_encoder(None)
    if encoder is not None:
        meanings = encoder.encode([p.text for p in passages])
        signals["sentence model"] = lambda i, j: float(meanings[i] @ meanings[j])
        combined = vectorise([p.text for p in passages], [p.source for p in passages])
        for vector, row in zip(combined, meanings, strict=True):
            vector.meaning = row
        signals["both (matcher)"] = lambda i, j: pair_score(combined[i], combined[j])

    def find(loc: Sequence[str]) -> int | None:
        prefix, sub = loc
        wanted = norm(sub)
        for k, p in enumerate(passages):
            if p.source.startswith(prefix) and wanted in norm(p.text):
                return k
        return None

    def others(k: int) -> list[int]:
        return [j for j, p in enumerate(passages) if p.source != passages[k].source]

    items: list[tuple[str, int | None, list[int | None]]] = []
    items += [("aligned", find(it["a"]), [find(b) for b in it["b"]]) for it in gold["aligned"]]
    items += [("not aligned", find(it["a"]), [find(it["b"])]) for it in gold["not_aligned"]]
    items += [
        ("not unique", find(it["loc"]), [find(b) for b in it["others"]])
        for it in gold["not_unique"]
    ]
    items += [("unique", find(it["loc"]), []) for it in gold["unique"]]
    found: dict[str, list[float]] = {}
    for name, signal in signals.items():
        for category, a, partners in items:
            if a is None or None in partners:
                continue
            # a restated passage is not unique as soon as it joins anything: its best match
            # anywhere is what a rule would see, as for a unique one
            pairwise = category in ("aligned", "not aligned")
            against = [b for b in partners if b is not None] if pairwise else others(a)
            best = max(signal(a, b) for b in against)
            found.setdefault(f"{name} {category}", []).append(best)
    return found


def best_recall(positives: Sequence[float], negatives: Sequence[float], keep: float) -> float:
    """The largest share of `positives` above a threshold that keeps at least `keep` of the
    `negatives` at or below it."""
    best = 0.0
    for threshold in sorted({*negatives, *positives}):
        if sum(n <= threshold for n in negatives) >= keep * len(negatives):
            best = max(best, sum(p > threshold for p in positives) / len(positives))
    return best


def main() -> int:
    gold_dir = EVAL / "gold"
    if not gold_dir.exists():
        print("(../shared/eval/gold is not beside this checkout)")
        return 0
    totals: dict[str, list[float]] = {}
    for path in sorted(gold_dir.glob("event_*.json")):
        for key, values in story_scores(
            EVAL / "stories" / path.stem, json.loads(path.read_text())
        ).items():
            totals.setdefault(key, []).extend(values)
    print("Separability on the shared gold (AUC: 0.5 is a coin, 1.0 separates them all)")
    print(
        f"{'signal':>15} {'aligned vs not':>15} {'not unique vs unique':>21} "
        f"{'aligned at 95% apart':>21} {'not unique at 90% unique':>25}"
    )
    for name in ("lexical", "sentence model", "both (matcher)"):
        if f"{name} aligned" not in totals:
            continue
        aligned, apart = totals[f"{name} aligned"], totals[f"{name} not aligned"]
        restated, alone = totals[f"{name} not unique"], totals[f"{name} unique"]
        pairs_reach = best_recall(aligned, apart, 0.95)
        claims_reach = best_recall(restated, alone, 0.90)
        print(
            f"{name:>15} {auc(aligned, apart):>15.3f} {auc(restated, alone):>21.3f} "
            f"{pairs_reach:>21.2f} {claims_reach:>25.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
