"""Alignment quality at scale: stories built from real sentences, and the shared gold.

    python bench/alignment.py [--sizes 50,400] [--no-gold] [--data ../shared/eval/mrpc]

1. **MRPC stories.** Each same-meaning pair of MRPC's training split is one claim: its two
   sentences go to two different articles of an N-article story, every article a shuffle of
   the claims it carries. Recall is the share of those pairs that end up in one cluster;
   "spurious" is the share of aligned pairs (two passages in one cluster) that are not one of
   MRPC's pairs (nor two sentences MRPC itself pairs, through a shared sentence). MRPC holds
   several pairs from one news event ("62 peacekeepers died when their plane crashed" twice,
   under other ids), which would count as spurious though they are one claim: a pair that
   shares two distinctive names (capitalised words in at most 20 of MRPC's sentences) with a
   pair already in the story is left out. Template sentences ("The Nasdaq Composite Index
   rose 6 points, or 0.41 percent, to 1,498") share only common names and stay in: they are
   the hard case, another day's figures in the same words. Each story is drawn several times
   (`--seeds`): which pairs it takes and where they go moves the spurious share at 400
   articles by about 0.01 from one draw to the next.
2. **Syndicated story.** Ten outlets; each claim has two wordings (an MRPC pair) and each
   wording is carried word for word by five outlets (wire copy), the second wording with a
   changed figure: every claim should be one cluster of ten passages, and the changed figure a
   diverging-number finding. A changed wording still shares another figure with the first
   (MRPC also pairs two days' market reports whose figures all differ: two moments).
3. **Shared gold.** `../shared/eval/gold/score.py` on the five real stories.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from tui.engine.align import align_passages
from tui.engine.findings import find_all
from tui.engine.pipeline import SEMANTIC_PASSAGE_LIMIT
from tui.model import Passage, Source

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
FIGURE_RE = re.compile(r"\b\d+(?:\.\d+)?\b")


def load_same_meaning(path: Path) -> list[tuple[str, str, str, str]]:
    """MRPC pairs labelled 1: (id 1, id 2, sentence 1, sentence 2)."""
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            if len(row) >= 5 and row[0] == "1":
                pairs.append((row[1], row[2], row[3], row[4]))
    return pairs


def _passage(source: str, index: int, text: str) -> Passage:
    return Passage(
        id=f"{source}:{index}", source=source, index=index, start=0, end=len(text), text=text
    )


NAME_RE = re.compile(r"(?<![.!?] )(?<!^)\b[A-Z][a-z]{2,}")


def distinct_events(
    pairs: Sequence[tuple[str, str, str, str]], rng: random.Random
) -> list[tuple[str, str, str, str]]:
    """The pairs in a random order, leaving out a pair that shares two distinctive names with
    one already taken (another pair from the same news event)."""
    names_of = [frozenset(NAME_RE.findall(s1) + NAME_RE.findall(s2)) for _, _, s1, s2 in pairs]
    df: dict[str, int] = defaultdict(int)
    for found in names_of:
        for name in found:
            df[name] += 1
    order = list(range(len(pairs)))
    rng.shuffle(order)
    taken: list[tuple[str, str, str, str]] = []
    seen: dict[str, list[int]] = defaultdict(list)
    for k in order:
        distinctive = [n for n in names_of[k] if df[n] <= 20]
        overlap: dict[int, int] = defaultdict(int)
        for name in distinctive:
            for other in seen[name]:
                overlap[other] += 1
        if any(count >= 2 for count in overlap.values()):
            continue
        for name in distinctive:
            seen[name].append(k)
        taken.append(pairs[k])
    return taken


def mrpc_story(
    pairs: Sequence[tuple[str, str, str, str]], articles: int, per_article: int, seed: int = 7
) -> tuple[list[Passage], dict[str, str]]:
    """Passages of an `articles`-article story and, for each passage, the MRPC sentence id it
    is (pairs sharing a sentence id are one claim to MRPC too)."""
    rng = random.Random(seed)
    wanted = articles * per_article // 2
    chosen = distinct_events(pairs, rng)[:wanted]
    slots: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for id1, id2, s1, s2 in chosen:
        a, b = rng.sample(range(articles), 2)
        slots[a].append((id1, s1))
        slots[b].append((id2, s2))
    passages, sentence_of = [], {}
    for article in range(articles):
        items = slots[article]
        rng.shuffle(items)
        for index, (sid, text) in enumerate(items):
            p = _passage(f"a{article:03d}", index, text)
            passages.append(p)
            sentence_of[p.id] = sid
    return passages, sentence_of


def claim_groups(pairs: Sequence[tuple[str, str, str, str]]) -> dict[str, int]:
    """MRPC sentence id -> claim number: pairs joined through shared sentences are one claim."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for id1, id2, _, _ in pairs:
        parent[root(id1)] = root(id2)
    roots: dict[str, int] = {}
    return {sid: roots.setdefault(root(sid), len(roots)) for sid in list(parent)}


def score_mrpc(
    pairs: Sequence[tuple[str, str, str, str]],
    articles: int,
    semantic: bool = False,
    seed: int = 7,
) -> tuple[float, float, int, float]:
    """(recall, spurious share, aligned pairs, seconds) on an MRPC story of `articles`, its
    pairs and their places drawn with `seed`."""
    passages, sentence_of = mrpc_story(pairs, articles, per_article=14, seed=seed)
    claim_of = claim_groups(pairs)
    started = time.perf_counter()
    clusters = align_passages(passages, semantic=semantic).clusters
    seconds = time.perf_counter() - started
    cluster_of = {pid: c.id for c in clusters for pid in c.passages}
    by_claim: dict[int, list[str]] = defaultdict(list)
    for p in passages:
        by_claim[claim_of[sentence_of[p.id]]].append(p.id)
    wanted = [
        (a, b)
        for members in by_claim.values()
        for a, b in combinations(members, 2)
        if a.split(":")[0] != b.split(":")[0]
    ]
    found = sum(1 for a, b in wanted if a in cluster_of and cluster_of[a] == cluster_of.get(b))
    aligned = spurious = 0
    for c in clusters:
        for a, b in combinations(c.passages, 2):
            aligned += 1
            spurious += claim_of[sentence_of[a]] != claim_of[sentence_of[b]]
    return found / max(1, len(wanted)), spurious / max(1, aligned), aligned, seconds


MONTH_RE = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.I)


def _changed_figure(text: str) -> str | None:
    """`text` with its first count raised by a third (None when it has none): a whole number
    of at least 3 that is not a year, a day of a month, part of a range or of a name, and not
    inside a quotation."""
    for match in FIGURE_RE.finditer(text):
        value, before, after = match.group(), text[: match.start()], text[match.end() :]
        if "." in value or int(value) < 3 or 1000 <= int(value) <= 2100:
            continue
        if MONTH_RE.search(before) or after[:1] in "-–/:" or before[-1:] in "-–/:$":
            continue
        if re.search(r"[A-Z][\w&]*\s$", before) or before.count('"') % 2:
            continue  # part of a name ("S&P 500") or inside a quotation
        changed = str(int(value) + max(1, int(value) // 3))
        return before + changed + after
    return None


def _figures(text: str) -> set[str]:
    return {f.replace(",", "") for f in FIGURE_RE.findall(text)}


def syndicated_story(
    pairs: Sequence[tuple[str, str, str, str]], claims: int = 12, seed: int = 11
) -> tuple[list[Source], list[Passage], list[list[str]], list[bool]]:
    """Ten outlets, five carrying wording one and five wording two of every claim."""
    rng = random.Random(seed)
    usable = [(s1, s2, _changed_figure(s2)) for _, _, s1, s2 in pairs]
    # The changed wording still shares a figure with the other: two wordings that share no
    # figure report two moments (another day's close, another hour's price), which the
    # aligner keeps apart by design (`scoring.figures_conflict`).
    with_figure = [u for u in usable if u[2] is not None and _figures(u[0]) & _figures(u[2])]
    plain = [u for u in usable if u[2] is None]
    picked = rng.sample(with_figure, claims // 2) + rng.sample(plain, claims - claims // 2)
    rng.shuffle(picked)
    passages: list[Passage] = []
    groups: list[list[str]] = [[] for _ in picked]
    diverging = [changed is not None for _, _, changed in picked]
    texts: dict[str, list[str]] = defaultdict(list)
    for outlet in range(10):
        source = f"o{outlet:02d}"
        order = list(range(len(picked)))
        rng.shuffle(order)
        for index, claim in enumerate(order):
            one, two, changed = picked[claim]
            text = one if outlet < 5 else (changed or two)
            p = _passage(source, index, text)
            passages.append(p)
            groups[claim].append(p.id)
            texts[source].append(text)
    sources = [
        Source(id=s, path=f"{s}.txt", text="\n\n".join(t), outlet=s) for s, t in texts.items()
    ]
    return sources, passages, groups, diverging


def score_syndicated(pairs: Sequence[tuple[str, str, str, str]]) -> tuple[int, int, int, int]:
    """(claims in one cluster, claims, divergences reported, divergences made)."""
    sources, passages, groups, diverging = syndicated_story(pairs)
    alignment = align_passages(passages)
    cluster_of = {pid: c.id for c in alignment.clusters for pid in c.passages}
    whole = sum(
        1 for g in groups if g[0] in cluster_of and len({cluster_of.get(p) for p in g}) == 1
    )
    findings = find_all(sources, passages, alignment)
    reported = 0
    for group, changed in zip(groups, diverging, strict=True):
        if not changed:
            continue
        ids = set(group)
        if any(
            f.kind.value == "number"
            and f.consistent is False
            and len({v.passage for v in f.values} & ids) >= 2
            and len({v.source for v in f.values}) >= 2
            for f in findings
        ):
            reported += 1
    return whole, len(groups), reported, sum(diverging)


def gold_figures(semantic: bool) -> list[str]:
    """score.py's table for `coverage-tui report`, with or without the sentence model."""
    score = EVAL / "gold" / "score.py"
    if not score.exists():
        return ["(../shared/eval/gold is not beside this checkout)"]
    command = [sys.executable, str(score), str(EVAL / "gold"), str(EVAL / "stories")]
    # this interpreter's own coverage-tui, whether or not its environment is activated
    beside = Path(sys.executable).with_name("coverage-tui")
    command.append(str(beside) if beside.exists() else "coverage-tui")
    with tempfile.TemporaryDirectory() as home:
        folder = Path(home) / "coverage-tui"
        folder.mkdir()
        (folder / "config.toml").write_text(f"semantic = {str(semantic).lower()}\n")
        env = {**os.environ, "XDG_CONFIG_HOME": home, "XDG_CACHE_HOME": home}
        out = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if out.returncode != 0 or not out.stdout.strip():
        return [f"(score.py failed: {out.stderr.strip().splitlines()[-1:]})"]
    return out.stdout.strip().splitlines()


def _spread(values: Sequence[float]) -> str:
    return f"{sum(values) / len(values):.3f} ({min(values):.3f}-{max(values):.3f})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,400", help="articles per MRPC story")
    parser.add_argument("--data", type=Path, default=EVAL / "mrpc")
    parser.add_argument("--no-gold", action="store_true", help="skip the shared gold")
    parser.add_argument(
        "--seeds",
        default="1,2,3,4,5,6,7,8",
        help="draws of each MRPC story (which pairs, in which articles): the spurious share "
        "moves by 0.01 from one draw to the next at 400 articles, so the mean and range count",
    )
    args = parser.parse_args(argv)
    data = args.data / "msr_paraphrase_train.tsv"
    if not data.exists():
        print(f"MRPC not found at {data}", file=sys.stderr)
        return 2
    pairs = load_same_meaning(data)
    seeds = [int(seed) for seed in args.seeds.split(",")]
    print(
        "MRPC stories (same-meaning pairs of the training split, 14 sentences an article): "
        f"the mean over {len(seeds)} draws, the range in brackets"
    )
    print(
        f"{'articles':>8} {'signal':>9} {'recall':>20} {'spurious':>20} {'aligned pairs':>14} "
        f"{'align s':>8}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        # the sentence model is used up to SEMANTIC_PASSAGE_LIMIT passages (as in a report)
        signals = [False, True] if size * 14 <= SEMANTIC_PASSAGE_LIMIT else [False]
        for semantic in signals:
            runs = [score_mrpc(pairs, size, semantic, seed) for seed in seeds]
            recall, spurious, aligned, seconds = ([run[k] for run in runs] for k in range(4))
            name = "semantic" if semantic else "lexical"
            print(
                f"{size:>8} {name:>9} {_spread(recall):>20} {_spread(spurious):>20} "
                f"{sum(aligned) / len(aligned):>14.0f} {sum(seconds) / len(seconds):>8.2f}"
            )
    whole, claims, reported, made = score_syndicated(pairs)
    print()
    print("Syndicated story (10 outlets, two wordings of each claim, five copies of each)")
    print(f"  claims in one cluster: {whole}/{claims}; changed figures reported: {reported}/{made}")
    if not args.no_gold:
        for semantic in (False, True):
            print()
            name = "with the sentence model" if semantic else "shared words alone"
            print(f"Shared gold (five real five-outlet stories read by a person), {name}")
            for line in gold_figures(semantic):
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
