"""How well `extract_quantities` reads quantulum3's English test sentences, beside quantulum3.

quantulum3's English test file ships inside its PyPI package; it is not copied here. Fetch it:

    pip download --no-deps quantulum3 -d /tmp/q3 && unzip -q -o /tmp/q3/quantulum3-*.whl -d /tmp/q3
    python bench/quantities.py --package /tmp/q3/quantulum3

Each expected value (surface, value, unit) is found when an extracted quantity has that value
(as written, in its own unit) and overlaps the expected surface; it has the right dimension when
our dimension is the one quantulum3's unit entity maps to (`DIMENSIONS`). quantulum3's own
result is scored the same way when it is importable here or through `--quantulum-python` (a
Python that has it installed: it is not a dependency of this project). The per-sentence cost is
the median of several timed passes over all sentences, after one warm-up pass (quantulum3: one
pass after a warm-up call, start-up not counted).

Skipped, and why (each is counted in the output): "2.1 pm" / "2.123 am" (picometres and
attometres to quantulum3) are clock times in news; "2 in" is read as the preposition, not the
inch; scientific notation ("4e14 s-1", "2.48×10−5") is not news writing; and the parts of a
compound duration ("3 years, 2 months, 14 days") are read as one duration; "from 44 mg to 50
mg" is a change from one value to another (two values), not a range. Values whose unit
quantulum3 itself cannot place in a dimension ("watt hour", "$15.4/hour") count for "values"
but not for "+dimension".
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tui.engine.quantities import extract_quantities
from tui.model import Quantity

# quantulum3's unit entities, and the dimension coverage-tui gives the same quantity.
DIMENSIONS: dict[str, set[str]] = {
    "length": {"length"},
    "area": {"area"},
    "volume": {"volume"},
    "mass": {"mass"},
    "time": {"duration", "age", "time-offset"},
    "speed": {"speed"},
    "currency": {"money"},
    "temperature": {"temperature"},
    # quantulum3 has no calendar: it calls a year dimensionless; we read it as a year.
    "dimensionless": {"count", "ordinal", "percent", "year"},
    "radiation absorbed dose": {"dose"},
    "mass flow": {"mass/day", "mass/hour"},
    "energy": {"energy"},
    "power": {"power"},
    "frequency": {"frequency"},
    "data storage": {"data"},
    "charge": {"charge"},
    "electric potential": {"voltage"},
    "pressure": {"pressure"},
    "force": {"force"},
    "acceleration": {"acceleration"},
    "angle": {"degree"},
    "fraction": {"percent"},
    "concentration": {"concentration"},
}
RUNS = 5

_QUANTULUM = """
import json, sys, warnings
warnings.filterwarnings("ignore")
from quantulum3 import parser
import time
sentences = json.load(sys.stdin)
parser.parse("warm up")
began = time.perf_counter()
out = []
for sentence in sentences:
    found = []
    for q in parser.parse(sentence):
        found.append({"value": q.value, "surface": q.surface, "span": list(q.span),
                      "entity": q.unit.entity.name})
    out.append(found)
json.dump({"found": out, "seconds": time.perf_counter() - began}, sys.stdout)
"""


_ENTITIES = """
import json, sys, warnings
warnings.filterwarnings("ignore")
from quantulum3 import load, parser
names = load.units("en_US").names
out = {}
for name in json.load(sys.stdin):
    unit = names.get(name)
    if unit is None:
        parsed = parser.parse("1 " + name)
        unit = parsed[0].unit if parsed else None
    out[name] = unit.entity.name if unit is not None else "unknown"
json.dump(out, sys.stdout)
"""
_PREFIXES = [
    *("kilo", "mega", "giga", "tera", "peta", "exa", "milli", "micro", "nano", "pico"),
    *("femto", "atto", "centi", "deci", "deca", "hecto", "kibi", "mebi", "gibi", "tebi"),
]


def load_cases(package: Path, python: str | None) -> tuple[list[dict], dict[str, str]]:
    """The test sentences, and each expected unit's entity (its dimension): from quantulum3's
    own unit registry when it can be run, else from its units.json with SI prefixes removed."""
    tests = json.loads((package / "_lang/en_US/tests/quantities.json").read_text("utf-8"))
    wanted = sorted({r["unit"] for case in tests for r in case["res"]})
    done = subprocess.run(
        [python or sys.executable, "-c", _ENTITIES],
        input=json.dumps(wanted),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return tests, json.loads(done.stdout)
    units = json.loads((package / "units.json").read_text("utf-8"))
    entity = {}
    for name in wanted:
        bare = name
        for prefix in _PREFIXES:
            bare = bare.replace(prefix, "") if prefix in bare else bare
        entity[name] = units.get(name, units.get(bare, {})).get("entity", "unknown")
    return tests, entity


def _close(x: float, y: float) -> bool:
    return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)


def _overlaps(sentence: str, surface: str, span: tuple[int, int]) -> bool:
    start = sentence.find(surface)
    if start < 0:
        return True  # the expected surface is not verbatim in the sentence: value alone decides
    return span[0] < start + len(surface) and start < span[1]


def _ours(q: Quantity) -> dict:
    return {"value": q.value, "span": [q.start, q.end], "dimension": q.dimension}


_SCIENTIFIC = re.compile(r"\d[eE][-+−]?\d|×\s*10|\dx\d+\^")


def skip_reason(sentence: str, want: dict, ours: list[dict]) -> str | None:
    """Why an expected value is left out of the score, or None. Each reason is a reading a news
    reader makes on purpose, or notation news does not use."""
    surface = want["surface"]
    if want["unit"] in ("picometre", "attometre") and surface.endswith(("pm", "am")):
        return "'2.1 pm' is a clock time in news"
    if want["unit"] == "inch" and surface.endswith(" in"):
        return "'2 in' is read as the preposition"
    if _SCIENTIFIC.search(surface):
        return "scientific notation"
    if re.search(r"\bfrom\s+" + re.escape(surface), sentence):
        return "'from 44 mg to 50 mg' is a change: two values, not a range"
    start = sentence.find(surface)
    for got in ours:
        lo, hi = got["span"]
        if (
            got["dimension"] == "duration"
            and start >= 0
            and lo <= start
            and start + len(surface) <= hi
            and (hi - lo) > len(surface)
        ):
            return "one compound duration ('3 years, 2 months')"
    return None


def score(
    tests: list[dict],
    entity: dict[str, str],
    found: list[list[dict]],
    key: str,
    ours: list[list[dict]],
) -> tuple[Counter, list[str]]:
    """Counts of expected values scored / found / found with the right dimension (among those
    whose entity quantulum3 knows), skipped by reason, and the misses."""
    counts: Counter = Counter()
    misses = []
    for case, got, mine in zip(tests, found, ours, strict=True):
        sentence = case["req"]
        counts["extracted"] += len(got)
        for want in case["res"]:
            counts["expected"] += 1
            reason = skip_reason(sentence, want, mine)
            if reason:
                counts[f"skip: {reason}"] += 1
                continue
            counts["scored"] += 1
            kind = entity.get(want["unit"], "unknown")
            expected = float(want["value"])
            hit = [
                g
                for g in got
                if (
                    _close(float(g["value"]), expected)
                    or (
                        g.get("dimension") == "percent"
                        and _close(float(g["value"]) / 100, expected)
                    )
                )
                and _overlaps(sentence, want["surface"], tuple(g["span"]))
            ]
            if kind != "unknown":
                counts["typed"] += 1
            if not hit:
                misses.append(f"missed  {want['surface']!r} ({kind}) in {sentence!r}")
                continue
            counts["value"] += 1
            if kind == "unknown":
                continue
            if key == "dimension":
                right = any(g["dimension"] in DIMENSIONS.get(kind, set()) for g in hit)
            else:
                right = any(g["entity"] == kind for g in hit)
            if right:
                counts["dimension"] += 1
            else:
                misses.append(f"wrong dimension {want['surface']!r} ({kind}) in {sentence!r}")
    return counts, misses


def run_ours(sentences: list[str]) -> tuple[list[list[dict]], float]:
    found = [[_ours(q) for q in extract_quantities(s)] for s in sentences]
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        for sentence in sentences:
            extract_quantities(sentence)
        timings.append((time.perf_counter() - began) / len(sentences))
    return found, statistics.median(timings)


def run_quantulum(sentences: list[str], python: str | None) -> tuple[list[list[dict]], float]:
    command = [python or sys.executable, "-c", _QUANTULUM]
    done = subprocess.run(
        command, input=json.dumps(sentences), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    result = json.loads(done.stdout)
    return result["found"], result["seconds"] / len(sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, required=True, help="the quantulum3 package dir")
    parser.add_argument("--quantulum-python", help="a Python with quantulum3 installed")
    parser.add_argument("--misses", action="store_true", help="list what coverage-tui misses")
    args = parser.parse_args()
    tests, entity = load_cases(args.package, args.quantulum_python)
    sentences = [case["req"] for case in tests]

    rows = []
    ours, cost = run_ours(sentences)
    counts, misses = score(tests, entity, ours, "dimension", ours)
    rows.append(("coverage-tui", counts, cost))
    try:
        theirs, their_cost = run_quantulum(sentences, args.quantulum_python)
    except (RuntimeError, OSError, json.JSONDecodeError) as error:
        print(f"quantulum3 not run: {error}")
    else:
        their_counts, _ = score(tests, entity, theirs, "entity", ours)
        rows.append(("quantulum3 (its own test file)", their_counts, their_cost))

    print(f"quantulum3 English test file: {len(tests)} sentences, {counts['expected']} values")
    for name, n in sorted(counts.items()):
        if name.startswith("skip: "):
            print(f"  skipped {n:3d}: {name[6:]}")
    print(
        f"  scored {counts['scored']}; {counts['typed']} of them have a unit whose dimension "
        "quantulum3 names (the dimension column counts those)"
    )
    print(
        f"{'extractor':30s} {'values':>12s} {'+dimension':>12s} {'extracted':>10s} {'ms/sent':>9s}"
    )
    for name, c, per in rows:
        print(
            f"{name:30s} {c['value']:4d} ({c['value'] / c['scored']:4.0%}) "
            f"{c['dimension']:4d} ({c['dimension'] / c['typed']:4.0%}) {c['extracted']:10d} "
            f"{per * 1000:9.3f}"
        )
    if args.misses:
        for line in misses:
            print(" ", line)


if __name__ == "__main__":
    main()
