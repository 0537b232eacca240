"""How well the passage matcher separates same-claim pairs on MRPC's training split.

Prints precision, recall and accuracy of `tui.engine.align` at its link threshold and over a
sweep, and with `--fit` refits the logistic weights (plain Newton steps on numpy) and prints
them for `WEIGHTS` in tui/engine/align.py.

    python bench/mrpc.py [--fit] [--data ../shared/eval/mrpc/msr_paraphrase_train.tsv]

MRPC labels say "same meaning". Its label-0 pairs are often the same claim with one detail
changed, which the reader wants aligned (and flagged), so the table also shows how many
label-0 pairs the matcher links: that share is expected to be well above zero.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

from tui.engine import align

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/eval/mrpc/msr_paraphrase_train.tsv"


def load_pairs(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    left, right, labels = [], [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) < 5:
                continue
            labels.append(int(row[0]))
            left.append(row[3])
            right.append(row[4])
    return left, right, np.array(labels)


def features(left: list[str], right: list[str]) -> np.ndarray:
    texts = left + right
    sources = ["a"] * len(left) + ["b"] * len(right)
    vectors = align.vectorise(texts, sources)
    n = len(left)
    return np.array([align.pair_features(vectors[i], vectors[n + i]) for i in range(n)])


def hard_negatives(left: list[str], right: list[str]) -> np.ndarray:
    """Features of same-topic, different-claim pairs: each left sentence against the right
    sentence of another pair that shares the most weighted words with it (a story's other
    sentences look like this to the matcher). Near-copies (cosine over 0.5) are left out:
    MRPC repeats sentences across pairs."""
    texts = left + right
    vectors = align.vectorise(texts, ["a"] * len(left) + ["b"] * len(right))
    n = len(left)
    pairs = align.candidate_pairs(vectors, min_cosine=0.05)
    best: dict[int, tuple[float, int]] = {}
    for (i, j), cos in pairs.items():
        if i >= n or j < n or j - n == i or cos > 0.5:
            continue
        if cos > best.get(i, (0.0, -1))[0]:
            best[i] = (cos, j)
    return np.array([align.pair_features(vectors[i], vectors[j]) for i, (_, j) in best.items()])


def fit(x: np.ndarray, y: np.ndarray, steps: int = 30, ridge: float = 1e-3) -> np.ndarray:
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + ridge * w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + ridge * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def table(scores: np.ndarray, y: np.ndarray, thresholds: list[float]) -> list[str]:
    rows = [
        f"{'threshold':>9} {'precision':>9} {'recall':>7} {'accuracy':>8} {'F1':>6} "
        f"{'label-0 linked':>14}"
    ]
    for t in thresholds:
        predicted = scores >= t
        tp = int(np.sum(predicted & (y == 1)))
        fp = int(np.sum(predicted & (y == 0)))
        fn = int(np.sum(~predicted & (y == 1)))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        accuracy = float(np.mean(predicted == (y == 1)))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        linked0 = fp / max(1, int(np.sum(y == 0)))
        mark = "  <- LINK_THRESHOLD" if abs(t - align.LINK_THRESHOLD) < 1e-9 else ""
        rows.append(
            f"{t:>9.2f} {precision:>9.3f} {recall:>7.3f} {accuracy:>8.3f} {f1:>6.3f} "
            f"{linked0:>14.1%}{mark}"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--fit", action="store_true", help="refit and print the weights")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"MRPC data not found: {args.data}", file=sys.stderr)
        return 2
    left, right, y = load_pairs(args.data)
    x = features(left, right)
    weights = np.array(align.WEIGHTS)
    negatives = hard_negatives(left, right)
    if args.fit:
        # Same claim: MRPC's pairs of either label (label 0 is mostly the same claim with a
        # detail changed). Different claim: the hard negatives.
        train_x = np.vstack([x, negatives])
        train_y = np.concatenate([np.ones(len(x)), np.zeros(len(negatives))])
        weights = fit(train_x, train_y)
        print("fitted WEIGHTS = (" + ", ".join(f"{w:.2f}" for w in weights) + ")")
    design = np.hstack([np.ones((len(x), 1)), x])
    scores = 1 / (1 + np.exp(-design @ weights))
    print(f"MRPC train: {len(y)} pairs, {int(y.sum())} labelled same-meaning")
    sweep = sorted({0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, align.LINK_THRESHOLD})
    print("\n".join(table(scores, y, sweep)))
    negative_scores = 1 / (
        1 + np.exp(-np.hstack([np.ones((len(negatives), 1)), negatives]) @ weights)
    )
    print(f"\nsame-topic different-claim pairs built from MRPC: {len(negatives)}")
    for t in sweep:
        print(
            f"  linked at {t:.2f}: {np.mean(negative_scores >= t):6.1%} "
            f"(same-claim pairs linked: {np.mean(scores >= t):6.1%})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
