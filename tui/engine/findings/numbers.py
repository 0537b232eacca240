"""Number findings: one quantity in several outlets, compared after conversion."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from itertools import combinations

from tui.engine.align import Alignment
from tui.engine.findings.common import _cluster_index, summarise
from tui.engine.findings.dates import story_dates
from tui.engine.findings.number_match import _NumberMatcher, _value_key
from tui.engine.findings.number_mentions import _Mention, _mentions, _Reading, number_readings
from tui.engine.quantities import compare_quantities
from tui.model import Finding, FindingKind, FindingValue, Passage, Relation, Source


def find_numbers(
    sources: Sequence[Source],
    passages: Sequence[Passage],
    alignment: Alignment,
    read: dict[tuple[str, dt.date | None], list[_Reading]] | None = None,
    candidates: dict[int, list[int]] | None = None,
) -> list[Finding]:
    """Quantities that describe the same thing in different outlets, compared after
    conversion. `read`, `candidates`: `number_readings` of these passages and the
    `_mention_candidates` of their mentions, when found already."""
    dates = story_dates(sources)
    clustered = _cluster_index(alignment)
    if read is None:
        read = number_readings(sources, passages)
    mentions = _mentions(passages, read, dates)
    if not mentions:
        return []
    groups = _NumberMatcher(mentions, clustered, alignment.related, dates, candidates).groups()
    findings = [
        finding
        for members in groups
        if len({m.passage.source for m in members}) >= 2 and not _same_words(members)
        for finding in (_number_finding(members, clustered, dates),)
        if finding.cluster is not None
        or not finding.consistent
        or _telling_agreement(members, finding.relation)
    ]
    findings.sort(key=lambda f: (f.consistent is not False, f.passages[0]))
    return findings


def _same_words(members: list[_Mention]) -> bool:
    """True when every outlet wrote the same relative time ("last year", "Monday"): that they
    agree says nothing a reader can act on."""
    surfaces = {" ".join(m.quantity.surface.lower().split()) for m in members}
    q = members[0].quantity
    relative = q.dimension in ("time-offset", "interval") or (
        q.dimension == "date" and q.unit == "weekday"
    )
    return len(surfaces) == 1 and relative


# Relative times and dates no finer than a month: their spans are wide ("this year" is any
# day of it) and unrelated sentences share them by chance.
_VAGUE_TIMES = frozenset({"time-offset", "interval"})


def _telling_agreement(members: list[_Mention], relation: Relation | None) -> bool:
    """Whether figures that agree across different claims say something. Not when a vague
    time only takes in another ("this year's Winter Olympics" and "a meeting later this
    year", "in March" and "on March 13": less precise, so never in conflict), nor when every
    figure counts one or two ("our two countries" in two unrelated quotes), nor when each is
    only an article ("a day of pomp", "a day of talks"), nor ordinals of different series
    (`_other_series`): within one claim those are compared, across claims they agree by
    chance."""
    quantities = [m.quantity for m in members]
    if relation is Relation.LESS_PRECISE and any(
        q.dimension in _VAGUE_TIMES or (q.dimension == "date" and q.unit == "month")
        for q in quantities
    ):
        return False
    if all(q.surface.lower().split()[:1] in (["a"], ["an"]) for q in quantities):
        return False
    if all(q.dimension == "ordinal" for q in quantities) and _other_series(members):
        return False
    return not all(q.dimension == "count" and abs(q.value) <= 2 for q in quantities)


_WORD_RE = re.compile(r"[\w'’-]+")


def _other_series(members: list[_Mention]) -> bool:
    """Whether ordinals rank things of different series: the same thing ranked, named
    otherwise in two outlets ("third Trump-Abe summit" / "third inter-Korean summit"). An
    ordinal with no names before what it ranks ("the first filibuster", "the first GOP
    filibuster") is no evidence either way."""
    named: dict[str, list[frozenset[str]]] = {}
    for mention in members:
        quantity = mention.quantity
        if not quantity.unit:
            continue
        names = []
        for word in _WORD_RE.findall(mention.passage.text[quantity.end : quantity.end + 60]):
            if word.lower().startswith(quantity.unit.lower()[:4]):
                break
            if any(ch.isupper() for ch in word):
                names.append(word.lower())
        if names:
            named.setdefault(quantity.unit.lower(), []).append(frozenset(names))
    return any(
        not (one & other) for found in named.values() for one, other in combinations(found, 2)
    )


def _number_finding(
    members: list[_Mention],
    clustered: dict[str, str],
    dates: dict[str, tuple[dt.date | None, str | None]],
) -> Finding:
    members.sort(key=lambda m: (m.passage.source, m.passage.index, m.quantity.start))
    distinct = {_value_key(m.quantity): m.quantity for m in members}
    comparison = compare_quantities(list(distinct.values()))
    notes = [comparison.explanation] if comparison.explanation else []
    for source in dict.fromkeys(m.passage.source for m in members):
        note = dates.get(source, (None, None))[1]
        if note and any(m.quantity.resolved_from for m in members if m.passage.source == source):
            notes.append(note)
    for mention in members:
        if mention.quantity.resolved_from:
            notes.append(
                f"{mention.passage.source}: “{mention.quantity.surface}” "
                f"{mention.quantity.resolved_from}"
            )
    cluster_ids = {clustered.get(m.passage.id) for m in members}
    cluster = next(iter(cluster_ids)) if len(cluster_ids) == 1 else None
    surfaces = " / ".join(dict.fromkeys(m.quantity.surface for m in members))
    verdict = "agree" if comparison.consistent else "disagree"
    return Finding(
        id="",
        kind=FindingKind.NUMBER,
        cluster=cluster,
        sources=tuple(dict.fromkeys(m.passage.source for m in members)),
        passages=tuple(dict.fromkeys(m.passage.id for m in members)),
        summary=f"{verdict} ({comparison.relation.value}): {summarise(surfaces, 100)}",
        values=tuple(
            FindingValue(
                source=m.passage.source,
                passage=m.passage.id,
                surface=m.quantity.surface,
                start=m.quantity.start,
                end=m.quantity.end,
                quantity=m.quantity,
            )
            for m in members
        ),
        consistent=comparison.consistent,
        relation=comparison.relation,
        tolerance=comparison.tolerance,
        notes=tuple(dict.fromkeys(notes)),
    )
