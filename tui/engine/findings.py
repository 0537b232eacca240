"""What a reader should look at: claims one outlet alone makes, numbers, and reworded quotes."""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tui.engine.align import Alignment
from tui.engine.quantities import (
    Comparison,
    comparable,
    compare_quantities,
    extract_quantities,
)
from tui.engine.quotes import Quote, QuoteVariant, match_quote_variants, word_diff
from tui.engine.text import content_tokens
from tui.model import (
    Finding,
    FindingKind,
    FindingValue,
    Passage,
    PassageKind,
    Quantity,
    Relation,
    Source,
    WordDiff,
)

# A unique passage must say something: at least this many content words.
MIN_UNIQUE_TOKENS = 4
# Content words before a number (and half as many after) that say what it measures.
SUBJECT_WINDOW = 8
# Passage pairs at least this likely to report the same claim lend their numbers a bonus.
NEAR_PAIR = 0.2
# Each number keeps at most this many links to numbers in other outlets (its strongest).
NUMBER_NEIGHBOURS = 4
# Two numbers measure the same thing from this link strength up (see `_NumberMatcher`),
# which adds these bonuses to the overlap of the words around them.
NUMBER_LINK = 0.35
ALIGNED_BONUS = 0.3
RELATED_BONUS = 0.15
SCARCITY_BONUS = 0.3
# Flagging a disagreement needs stronger evidence than noting an agreement: a false alarm costs
# the reader more than a missed match.
CONTRADICTION_LINK = 0.6
# Among candidate pairings, values that agree are the likelier reading (a small tie-breaker).
AGREEMENT_BONUS = 0.1
# How many members of its cluster, and how many related passages elsewhere, each quoted passage
# is compared with (see `_quote_pairs`).
QUOTE_REFERENCES = 3
QUOTE_NEIGHBOURS = 6
# A quote variant needs at least this confidence from the quote matcher.
QUOTE_SCORE = 0.5


def find_all(
    sources: Sequence[Source], passages: Sequence[Passage], alignment: Alignment
) -> list[Finding]:
    findings = [
        *find_numbers(sources, passages, alignment),
        *find_quotes(passages, alignment),
        *find_unique(sources, passages, alignment),
    ]
    return [_with_id(f, n) for n, f in enumerate(findings, start=1)]


def _with_id(finding: Finding, number: int) -> Finding:
    return replace(finding, id=f"f{number}")


def _cluster_index(alignment: Alignment) -> dict[str, str]:
    return {pid: c.id for c in alignment.clusters for pid in c.passages}


def summarise(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def find_unique(
    sources: Sequence[Source], passages: Sequence[Passage], alignment: Alignment
) -> list[Finding]:
    """Body passages whose claim no other outlet carries."""
    if len(sources) < 2:
        return []
    clustered = _cluster_index(alignment)
    outlet_of = {s.id: s.outlet for s in sources}
    found = []
    for passage in passages:
        if passage.kind is not PassageKind.BODY or passage.id in clustered:
            continue
        if len(set(content_tokens(passage.text))) < MIN_UNIQUE_TOKENS:
            continue
        found.append(
            Finding(
                id="",
                kind=FindingKind.UNIQUE,
                cluster=None,
                sources=(passage.source,),
                passages=(passage.id,),
                summary=f"only {outlet_of.get(passage.source, passage.source)}: "
                f"{summarise(passage.text)}",
                values=(
                    FindingValue(passage.source, passage.id, passage.text, 0, len(passage.text)),
                ),
            )
        )
    return found


# --- numbers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mention:
    """One quantity where it stands: which passage, and the words around it."""

    key: int
    passage: Passage
    quantity: Quantity
    subject: frozenset[str]


def story_dates(sources: Sequence[Source]) -> dict[str, tuple[dt.date | None, str | None]]:
    """Each source's reference date, and a note when it was borrowed from the other outlets."""
    own = {s.id: _parse_date(s.date) for s in sources}
    known = Counter(d for d in own.values() if d is not None)
    fallback = known.most_common(1)[0][0] if known else None
    donors = [s.id for s in sources if own[s.id] == fallback]
    result: dict[str, tuple[dt.date | None, str | None]] = {}
    for source in sources:
        if own[source.id] is not None:
            result[source.id] = (own[source.id], None)
        elif fallback is not None:
            result[source.id] = (
                fallback,
                f"{source.id} has no date; relative times read against {donors[0]}'s "
                f"date {fallback.isoformat()}",
            )
        else:
            result[source.id] = (None, None)
    return result


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _subject(text: str, start: int, end: int) -> frozenset[str]:
    """Content words near a number (within its sentence): what the number is about."""
    before = [t for t in content_tokens(text[:start]) if not any(ch.isdigit() for ch in t)]
    after = [t for t in content_tokens(text[end:]) if not any(ch.isdigit() for ch in t)]
    return frozenset(before[-SUBJECT_WINDOW:] + after[: SUBJECT_WINDOW // 2])


def find_numbers(
    sources: Sequence[Source], passages: Sequence[Passage], alignment: Alignment
) -> list[Finding]:
    """Quantities that describe the same thing in different outlets, compared after conversion."""
    dates = story_dates(sources)
    clustered = _cluster_index(alignment)
    mentions: list[_Mention] = []
    for passage in passages:
        if passage.kind is PassageKind.NOISE:
            continue
        reference, _ = dates.get(passage.source, (None, None))
        for quantity in extract_quantities(passage.text, reference):
            subject = _subject(passage.text, quantity.start, quantity.end)
            mentions.append(_Mention(len(mentions), passage, quantity, subject))
    if not mentions:
        return []
    related = {pair for pair, score in alignment.related.items() if score >= NEAR_PAIR}
    groups = _NumberMatcher(mentions, clustered, related, dates).groups()
    findings = [
        _number_finding(members, clustered, dates)
        for members in groups
        if len({m.passage.source for m in members}) >= 2
    ]
    findings.sort(key=lambda f: (f.consistent is not False, f.passages[0]))
    return findings


class _NumberMatcher:
    """Decides which mentions, in different outlets, measure the same thing.

    The words around each number carry most of the evidence; an aligned or related passage
    pair adds to it, and so does scarcity: when each outlet gives only one number of a kind
    (one distance, one speed), those two are likely the same figure. Flagging a disagreement
    needs more evidence than noting an agreement.
    """

    def __init__(
        self,
        mentions: Sequence[_Mention],
        clustered: dict[str, str],
        related: set[tuple[str, str]],
        dates: dict[str, tuple[dt.date | None, str | None]],
    ) -> None:
        self.mentions = mentions
        self.clustered = clustered
        self.related = related
        self.dates = dates
        frequency = Counter(t for m in mentions for t in m.subject)
        total = len(mentions) + 1
        self.weight = {t: math.log(total / (n + 0.5)) for t, n in frequency.items()}
        self.mass = [math.fsum(self.weight[t] for t in m.subject) for m in mentions]
        per_source_kind = Counter((m.passage.source, _kind_key(m.quantity)) for m in mentions)
        # Whether the mention is its outlet's only figure of its kind (one distance, one speed).
        self.alone = [
            per_source_kind[(m.passage.source, _kind_key(m.quantity))] == 1 for m in mentions
        ]
        self.cache: dict[tuple[int, int], float] = {}
        self.comparisons: dict[tuple[tuple, tuple], Comparison] = {}
        self.value_keys = [_value_key(m.quantity) for m in mentions]

    def compare(self, a: _Mention, b: _Mention) -> Comparison:
        """compare_quantities, once per pair of distinct values: outlets repeat figures."""
        key = (self.value_keys[a.key], self.value_keys[b.key])
        found = self.comparisons.get(key)
        if found is None:
            found = self.comparisons[key] = compare_quantities([a.quantity, b.quantity])
        return found

    def overlap(self, a: _Mention, b: _Mention) -> float:
        smaller = min(self.mass[a.key], self.mass[b.key])
        if smaller <= 0:
            return 0.0
        return math.fsum(self.weight[t] for t in a.subject & b.subject) / smaller

    def strength(self, i: int, j: int) -> float:
        """How sure we are that mentions i and j are one quantity; 0 when they cannot be."""
        key = (i, j) if i < j else (j, i)
        if key not in self.cache:
            self.cache[key] = self._strength(self.mentions[key[0]], self.mentions[key[1]])
        return self.cache[key]

    def _strength(self, a: _Mention, b: _Mention) -> float:
        if a.passage.source == b.passage.source:
            return 0.0
        strength = self.overlap(a, b)
        cluster = self.clustered.get(a.passage.id)
        if cluster is not None and cluster == self.clustered.get(b.passage.id):
            strength += ALIGNED_BONUS
        elif (a.passage.id, b.passage.id) in self.related or (
            (b.passage.id, a.passage.id) in self.related
        ):
            strength += RELATED_BONUS
        if self.alone[a.key] and self.alone[b.key]:
            strength += SCARCITY_BONUS
        if strength + AGREEMENT_BONUS < NUMBER_LINK:
            return 0.0
        if not comparable(a.quantity, b.quantity) or not _same_time_side(a, b, self.dates):
            return 0.0
        if self.compare(a, b).consistent:
            strength += AGREEMENT_BONUS
            return strength if strength >= NUMBER_LINK else 0.0
        if _far_apart(a.quantity, b.quantity):
            return 0.0
        return strength if strength >= CONTRADICTION_LINK else 0.0

    def links(self) -> dict[tuple[int, int], float]:
        """Each mention's strongest few links among the mentions sharing a word with it."""
        found: dict[tuple[int, int], float] = {}
        for i, partners in _mention_candidates(self.mentions).items():
            kept = 0
            for j in partners:
                strength = self.strength(i, j)
                if strength > 0:
                    found[(i, j) if i < j else (j, i)] = strength
                    kept += 1
                    if kept == NUMBER_NEIGHBOURS:
                        break
        return found

    def groups(self) -> list[list[_Mention]]:
        """Strongest links first; groups merge only when half of a sample of their cross pairs
        link (no chains) and no outlet would give two different figures for one quantity."""
        links = self.links()
        group_of = list(range(len(self.mentions)))
        members: dict[int, list[int]] = {m.key: [m.key] for m in self.mentions}
        for (i, j), _ in sorted(links.items(), key=lambda item: (-item[1], item[0])):
            gi, gj = group_of[i], group_of[j]
            if gi == gj or self._outlet_conflict(members[gi], members[gj]):
                continue
            left, right = _sample_members(members[gi]), _sample_members(members[gj])
            linked = sum(1 for x in left for y in right if self.strength(x, y) > 0)
            if linked * 2 < len(left) * len(right):
                continue
            for k in members[gj]:
                group_of[k] = gi
            members[gi].extend(members.pop(gj))
        return [
            [self.mentions[k] for k in sorted(group)]
            for group in members.values()
            if len(group) > 1
        ]

    def _outlet_conflict(self, left: list[int], right: list[int]) -> bool:
        """True when one outlet has a mention on both sides with different values: that outlet
        is giving two figures, so they cannot both be its version of one quantity."""
        by_source: dict[str, list[_Mention]] = defaultdict(list)
        for k in left:
            by_source[self.mentions[k].passage.source].append(self.mentions[k])
        for k in right:
            b = self.mentions[k]
            for a in by_source.get(b.passage.source, ()):
                if a.passage.id == b.passage.id or (
                    self.compare(a, b).relation is not Relation.IDENTICAL
                ):
                    return True
        return False


def _value_key(q: Quantity) -> tuple:
    """Everything a comparison reads of a quantity, without where it stands in the text."""
    return (
        q.dimension, q.unit, q.value, q.normalized_unit, q.normalized_value, q.low, q.high,
        q.approximate, q.precision, q.text_value,
    )  # fmt: skip


def _sample_members(members: list[int], size: int = 6) -> list[int]:
    if len(members) <= size:
        return members
    step = len(members) / size
    return [members[int(k * step)] for k in range(size)]


def _mention_candidates(mentions: Sequence[_Mention]) -> dict[int, list[int]]:
    """For each mention, the mentions of the same dimension in other outlets that share the
    most words around the number (every link needs one), best first, at most a few times
    `NUMBER_NEIGHBOURS`. An inverted index counts shared words (`Counter.update` counts in C);
    words around more mentions than about one per outlet are the story's subject and count
    for nothing."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mention in mentions:
        for token in mention.subject:  # each list fills in mention order, whatever this order
            postings[(mention.quantity.dimension, token)].append(mention.key)
    outlets = len({m.passage.source for m in mentions})
    max_df = max(8, outlets + outlets // 2)
    partners: dict[int, list[int]] = {}
    for mention in mentions:
        counts: Counter[int] = Counter()
        for token in sorted(mention.subject):  # ties in most_common keep insertion order
            members = postings[(mention.quantity.dimension, token)]
            if len(members) <= max_df:
                counts.update(members)
        source = mention.passage.source
        partners[mention.key] = [
            j
            for j, _ in counts.most_common(4 * NUMBER_NEIGHBOURS)
            if mentions[j].passage.source != source
        ]
    return partners


def _far_apart(a: Quantity, b: Quantity) -> bool:
    """Figures an order of magnitude apart are two different quantities, not two reports of
    one (outlets misreport by a little, not by a factor of ten)."""
    if a.dimension in ("date", "year", "time-offset", "interval"):
        return False
    x, y = abs(a.normalized_value), abs(b.normalized_value)
    if math.isnan(x) or math.isinf(x) or math.isnan(y) or math.isinf(y):
        return False
    return max(x, y) > 10 * min(x, y)


def _kind_key(quantity: Quantity) -> str:
    return f"{quantity.dimension}/{quantity.normalized_unit}"


def _same_time_side(
    a: _Mention, b: _Mention, dates: dict[str, tuple[dt.date | None, str | None]]
) -> bool:
    """A date reported as past and one reported as still to come are not the same event."""
    if a.quantity.dimension != "date":
        return True
    sides = []
    for mention in (a, b):
        reference = dates.get(mention.passage.source, (None, None))[0]
        q = mention.quantity
        if reference is None or math.isnan(q.normalized_value):
            return True
        low = q.low if q.low is not None else q.normalized_value
        high = q.high if q.high is not None else q.normalized_value
        today = reference.toordinal()
        sides.append("past" if high < today else "future" if low > today else "now")
    return sides[0] == sides[1] or set(sides) == {"now", "future"}


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


# --- quotes ------------------------------------------------------------------------------


def find_quotes(passages: Sequence[Passage], alignment: Alignment) -> list[Finding]:
    """One statement quoted with different words by different outlets."""
    by_id = {p.id: p for p in passages}
    clustered = _cluster_index(alignment)
    quoted = {p.id for p in passages if _has_quote_mark(p.text)}
    pairs = _quote_pairs(alignment, quoted)

    variants = _quote_variants(sorted(pairs), by_id, quoted)
    # A statement found rendered two ways is looked for in the claims of both passages too:
    # an outlet whose sentence aligned with one side may quote it a third way.
    members_of = {c.id: c.passages for c in alignment.clusters}
    extra: set[tuple[str, str]] = set()
    for first, _, second, _, _ in variants:
        for here, there in ((first, second), (second, first)):
            cluster = clustered.get(here.id)
            for mate in members_of.get(cluster, ())[:QUOTE_NEIGHBOURS] if cluster else ():
                if mate not in (here.id, there.id):
                    extra.add((min(mate, there.id), max(mate, there.id)))
    variants += _quote_variants(sorted(extra - pairs), by_id, quoted)

    # Variants that share a quotation are one statement rendered several ways.
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(key: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for first, quote_a, second, quote_b, _ in variants:
        parent[root((first.id, quote_a.start))] = root((second.id, quote_b.start))
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for item in variants:
        groups[root((item[0].id, item[1].start))].append(item)

    findings = []
    for items in groups.values():
        findings.append(_quote_finding(items, clustered))
    findings.sort(key=lambda f: f.passages[0])
    return findings


def _quote_variants(
    pairs: Sequence[tuple[str, str]], by_id: dict[str, Passage], quoted: set[str]
) -> list[tuple[Passage, Quote, Passage, Quote, QuoteVariant]]:
    variants = []
    for a_id, b_id in pairs:
        if a_id not in quoted or b_id not in quoted:
            continue
        left, right = by_id[a_id], by_id[b_id]
        if left.source == right.source:
            continue
        for variant in match_quote_variants([left.text, right.text]):
            if variant.score < QUOTE_SCORE:
                continue
            first, second = (left, right) if variant.a_passage == 0 else (right, left)
            variants.append((first, variant.a, second, variant.b, variant))
    return variants


def _quote_pairs(alignment: Alignment, quoted: set[str]) -> set[tuple[str, str]]:
    """Passage pairs whose quotations are worth comparing, in bounded number.

    Each quoted member of a cluster is compared with the cluster's first few quoted members
    (variants of one statement then join up through the quotes they share), and each quoted
    passage with its closest few related passages elsewhere.
    """
    pairs: set[tuple[str, str]] = set()
    for cluster in alignment.clusters:
        members = [pid for pid in cluster.passages if pid in quoted]
        for reference in members[:QUOTE_REFERENCES]:
            pairs.update((min(reference, m), max(reference, m)) for m in members if m != reference)
    nearest: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for (a, b), score in alignment.related.items():
        if a in quoted and b in quoted:
            nearest[a].append((score, b))
            nearest[b].append((score, a))
    for a, options in nearest.items():
        for _, b in heapq.nlargest(QUOTE_NEIGHBOURS, options):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def _has_quote_mark(text: str) -> bool:
    return any(mark in text for mark in '"“”‘’«»„')


def _quote_finding(items: list, clustered: dict[str, str]) -> Finding:
    """One finding per statement: the first outlet's wording is the reference, every other
    value carries its word-level difference from it (only the words that differ are marked)."""
    quotes: dict[tuple[str, int], tuple[Passage, Quote]] = {}
    for first, quote_a, second, quote_b, _ in items:
        quotes.setdefault((first.id, quote_a.start), (first, quote_a))
        quotes.setdefault((second.id, quote_b.start), (second, quote_b))
    ordered = sorted(quotes.values(), key=lambda pq: (pq[0].source, pq[0].index))
    anchor_passage, anchor_quote = ordered[0]
    values = []
    for passage, quote in ordered:
        diff: tuple[WordDiff, ...] = ()
        if passage is not anchor_passage:
            diff = _diff_from_anchor(items, anchor_passage, anchor_quote, passage, quote)
        values.append(
            FindingValue(
                source=passage.source,
                passage=passage.id,
                surface=quote.text,
                start=quote.start,
                end=quote.end,
                diff=diff,
            )
        )
    differing = _differing_words(items)
    cluster_ids = {clustered.get(p.id) for p, _ in ordered}
    return Finding(
        id="",
        kind=FindingKind.QUOTE,
        cluster=next(iter(cluster_ids)) if len(cluster_ids) == 1 else None,
        sources=tuple(dict.fromkeys(p.source for p, _ in ordered)),
        passages=tuple(dict.fromkeys(p.id for p, _ in ordered)),
        summary="quoted differently: " + "; ".join(differing),
        values=tuple(values),
    )


_FLIPPED = {"delete": "insert", "insert": "delete"}


def _diff_from_anchor(
    items: list, anchor: Passage, anchor_quote: Quote, passage: Passage, quote: Quote
) -> tuple[WordDiff, ...]:
    """The matcher's own difference when it paired these two quotes, turned to read
    anchor -> this; otherwise a plain word diff of the two quotations."""
    for first, quote_a, second, quote_b, variant in items:
        if (first.id, quote_a.start, second.id, quote_b.start) == (
            anchor.id,
            anchor_quote.start,
            passage.id,
            quote.start,
        ):
            return tuple(variant.diff)
        if (second.id, quote_b.start, first.id, quote_a.start) == (
            anchor.id,
            anchor_quote.start,
            passage.id,
            quote.start,
        ):
            return tuple(WordDiff(_FLIPPED.get(op.op, op.op), op.b, op.a) for op in variant.diff)
    return word_diff(anchor_quote.text, quote.text)


def _differing_words(items: Iterable) -> list[str]:
    """Each change once, as “before” → “after” (an empty side is a word left out)."""
    seen: dict[str, None] = {}
    for *_, variant in items:
        ops = variant.diff
        for n, op in enumerate(ops):
            if op.op == "equal":
                continue
            before, after = op.a.strip(), op.b.strip()
            if not before or not after:  # a word added or left out: show it beside a neighbour
                following = ops[n + 1].a.split() if n + 1 < len(ops) else []
                preceding = ops[n - 1].a.split() if n > 0 else []
                if following and ops[n + 1].op == "equal":
                    before, after = f"{before} {following[0]}", f"{after} {following[0]}"
                elif preceding and ops[n - 1].op == "equal":
                    before, after = f"{preceding[-1]} {before}", f"{preceding[-1]} {after}"
            before, after = before.strip() or "…", after.strip() or "…"
            seen.setdefault(f"“{before}” → “{after}”")
    return list(seen)
