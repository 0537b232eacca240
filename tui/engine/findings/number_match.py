"""Which mentions, in different outlets, measure the same thing (`_NumberMatcher`)."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from typing import TypeVar

from tui.engine.findings.number_candidates import (
    NUMBER_NEIGHBOURS,
    _mention_candidates,
    _numbered,
    _rounded,
)
from tui.engine.findings.number_mentions import _Mention
from tui.engine.quantities import Comparison, comparable, compare_quantities
from tui.model import Quantity, Relation

# Passage pairs at least this likely to report the same claim lend their numbers a bonus.
NEAR_PAIR = 0.2
# Two numbers measure the same thing from this link strength up (see `_NumberMatcher`),
# which adds these bonuses to the overlap of the words around them.
NUMBER_LINK = 0.35
ALIGNED_BONUS = 0.3
RELATED_BONUS = 0.15
SCARCITY_BONUS = 0.3
# Flagging a disagreement needs stronger evidence than noting an agreement: a false alarm costs
# the reader more than a missed match.
CONTRADICTION_LINK = 0.6
# Two counts of one named thing ("16 tests", "20 missile tests") add this to their link.
COUNTED_BONUS = 0.3
# Two numbers of aligned passages in the same slot, the same words right before and after
# them ("came back at 160 on June 16" / "came back at 213 on June 16"), are one figure even
# when nothing names what they count.
SLOT_BONUS = 0.4
# Counts this many times apart are two different tallies, not two reports of one.
COUNT_APART = 3
# Two outlets' only mentions of one value written two ways ("two days", "two-day"; "60 years",
# "six decades") are likely one quantity: the agreement after conversion the reader is for.
CONVERTED_BONUS = 0.25
# Among candidate pairings, values that agree are the likelier reading (a small tie-breaker).
AGREEMENT_BONUS = 0.1
# Quantities that are points in time: two that disagree are one only when they date one event.
_TIME_POINTS = frozenset({"date", "year", "time-offset", "interval", "clock"})
_SLOT_WORD_RE = re.compile(r"[^\W_]+")
_SLOT_REACH = 60  # characters each side of a number read for its slot's words


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
        related: dict[tuple[str, str], float],
        dates: dict[str, tuple[dt.date | None, str | None]],
        candidates: dict[int, list[int]] | None = None,
    ) -> None:
        self.mentions = mentions
        self.candidates = candidates  # `_mention_candidates(mentions)`, when found already
        self.related = related  # pairs of passages and how likely they report one claim
        # What each pair's strength reads of a mention, read once: the pairs are many more.
        self.outlet = _numbered([m.passage.source for m in mentions])
        self.cluster = [clustered.get(m.passage.id) for m in mentions]
        self.past = [_in_past(m, dates) for m in mentions]
        self.surface = [m.quantity.surface.lower() for m in mentions]
        self.specific = [_specific(m.quantity) for m in mentions]
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
        self.slots: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self.figures = [(m.quantity.dimension, _rounded(m.quantity)) for m in mentions]
        self.stated = {
            (m.passage.id, figure) for m, figure in zip(mentions, self.figures, strict=True)
        }
        self.comparisons: dict[tuple[int, int], Comparison] = {}
        # Each distinct value (`_value_key`) as a small number: pairs of them are looked up
        # for every pair of mentions, and a pair of numbers hashes far faster.
        self.value_keys = _numbered([_value_key(m.quantity) for m in mentions])
        # `_values` reads whether a value was resolved from the article's date, too.
        self.verdict_keys = _numbered(
            [
                (key, m.quantity.resolved_from is not None)
                for key, m in zip(self.value_keys, mentions, strict=True)
            ]
        )
        self.verdicts: dict[tuple[int, int], tuple[bool, bool, bool]] = {}
        value_of = [
            (m.passage.source, m.quantity.dimension, _rounded(m.quantity)) for m in mentions
        ]
        value_counts = Counter(value_of)
        # Whether the mention's outlet gives its value (in its dimension) only once.
        self.value_once = [value_counts[value] == 1 for value in value_of]

    def compare(self, a: _Mention, b: _Mention) -> Comparison:
        """compare_quantities, once per pair of distinct values: outlets repeat figures."""
        key = (self.value_keys[a.key], self.value_keys[b.key])
        found = self.comparisons.get(key)
        if found is None:
            found = self.comparisons[key] = compare_quantities(
                [a.quantity, b.quantity], explain=False
            )
        return found

    def overlap(self, a: _Mention, b: _Mention) -> float:
        smaller = min(self.mass[a.key], self.mass[b.key])
        if smaller <= 0:
            return 0.0
        weight = self.weight
        return math.fsum([weight[t] for t in a.subject & b.subject]) / smaller

    def strength(self, i: int, j: int) -> float:
        """How sure we are that mentions i and j are one quantity; 0 when they cannot be."""
        key = (i, j) if i < j else (j, i)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._strength(self.mentions[key[0]], self.mentions[key[1]])
        return found

    def _values(self, a: _Mention, b: _Mention) -> tuple[bool, bool, bool]:
        """What the two values alone decide, once per pair of distinct values (outlets repeat
        figures): whether they may be one quantity, whether they agree, whether they stand
        too far apart to be one."""
        key = (self.verdict_keys[a.key], self.verdict_keys[b.key])
        found = self.verdicts.get(key)
        if found is None:
            qa, qb = a.quantity, b.quantity
            usable = comparable(qa, qb) and not _at_reference_start(qa, qb)
            consistent = usable and self.compare(a, b).consistent
            found = self.verdicts[key] = (usable, consistent, usable and _far_apart(qa, qb))
        return found

    def _strength(self, a: _Mention, b: _Mention) -> float:
        ka, kb = a.key, b.key
        if self.outlet[ka] == self.outlet[kb]:
            return 0.0
        usable, consistent, far_apart = self._values(a, b)
        # Figures far apart are two quantities: "just over $200,000" does not agree with
        # "$5.4 million", nor disagree with it.
        if not usable or far_apart:
            return 0.0
        # A date reported as past and one reported as still to come are not the same event.
        past_a, past_b = self.past[ka], self.past[kb]
        if past_a is not None and past_b is not None and past_a != past_b:
            return 0.0
        if not consistent and not (_may_disagree(a, b) and not self._both_stated(a, b)):
            return 0.0
        strength = self.overlap(a, b)
        cluster = self.cluster[ka]
        if cluster is not None and cluster == self.cluster[kb]:
            strength += ALIGNED_BONUS
            if self._same_slot(a, b):
                strength += SLOT_BONUS
        elif self._related(a.passage.id, b.passage.id):
            strength += RELATED_BONUS
        if self.alone[a.key] and self.alone[b.key]:
            strength += SCARCITY_BONUS
        if _same_counted(a.quantity, b.quantity):
            strength += COUNTED_BONUS
        if consistent:
            strength += AGREEMENT_BONUS
            if self._rare_value(a, b):
                strength += CONVERTED_BONUS
            return strength if strength >= NUMBER_LINK else 0.0
        # A bare count ("at least seven") disagrees with a counted one only on strong words.
        if a.quantity.dimension == "count" and not _same_counted(a.quantity, b.quantity):
            strength -= COUNTED_BONUS
        return strength if strength >= CONTRADICTION_LINK else 0.0

    def _related(self, x: str, y: str) -> bool:
        related = self.related
        return related.get((x, y), 0.0) >= NEAR_PAIR or related.get((y, x), 0.0) >= NEAR_PAIR

    def _both_stated(self, a: _Mention, b: _Mention) -> bool:
        """An outlet that gives the other's figure too, in the same sentence, does not
        contradict it: the two figures are two things ("revised up from 498,000 to 507,000")."""
        stated, figures = self.stated, self.figures
        return (a.passage.id, figures[b.key]) in stated or (b.passage.id, figures[a.key]) in stated

    def _same_slot(self, a: _Mention, b: _Mention) -> bool:
        """The same three words next to both numbers, at least one on each side."""
        before_a, after_a = self._slot(a)
        before_b, after_b = self._slot(b)
        return bool(
            (len(before_a) == 2 and before_a == before_b and after_a[:1] == after_b[:1] != ())
            or (len(after_a) == 2 and after_a == after_b and before_a[-1:] == before_b[-1:] != ())
        )

    def _slot(self, m: _Mention) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found = self.slots.get(m.key)
        if found is None:
            text, q = m.passage.text, m.quantity
            # A window around the number, not the whole passage: a paragraph of thousands of
            # figures must not cost its length for each of them.
            window = text[max(0, q.start - _SLOT_REACH) : q.start]
            before = tuple(w.lower() for w in _SLOT_WORD_RE.findall(window)[-2:])
            window = text[q.end : q.end + _SLOT_REACH]
            after = tuple(w.lower() for w in _SLOT_WORD_RE.findall(window)[:2])
            found = self.slots[m.key] = (before, after)
        return found

    def _rare_value(self, a: _Mention, b: _Mention) -> bool:
        """True when each outlet mentions this value (in this dimension) only once, and the
        two write it differently (or it is a figure as specific as "May 12")."""
        if self.surface[a.key] == self.surface[b.key] and not self.specific[a.key]:
            return False  # "2016" and "2016": the same year, not thereby the same event
        if a.quantity.dimension == "count" and not _same_counted(a.quantity, b.quantity):
            return False
        return self.value_once[a.key] and self.value_once[b.key]

    def links(self) -> dict[tuple[int, int], float]:
        """Each mention's strongest links, to at most a few distinct values, among the
        mentions sharing a word with it: copies of one figure (wire copy in five outlets)
        count once, so they never use up the links to the outlets that give another."""
        found: dict[tuple[int, int], float] = {}
        candidates = self.candidates
        if candidates is None:
            candidates = _mention_candidates(self.mentions)
        for i, partners in candidates.items():
            values: set[int] = set()
            wordings: set[tuple[int, str]] = set()  # a figure in copies of one sentence: once
            for j in partners:
                strength = self.strength(i, j)
                if strength > 0:
                    found[(i, j) if i < j else (j, i)] = strength
                    values.add(self.value_keys[j])
                    wordings.add((self.value_keys[j], self.mentions[j].passage.text))
                    if len(values) == NUMBER_NEIGHBOURS or len(wordings) == NUMBER_NEIGHBOURS + 2:
                        break
        return found

    def groups(self) -> list[list[_Mention]]:
        """Strongest links first; groups merge only when half of a sample of their cross pairs
        link (no chains) and no outlet would give two different figures for one quantity."""
        links = self.links()
        group_of = list(range(len(self.mentions)))
        members: dict[int, list[int]] = {m.key: [m.key] for m in self.mentions}
        # Each group's members by outlet and by value, in member order, kept as groups merge
        # (they were rebuilt for every merge tried).
        by_source = {m.key: {m.passage.source: [m.key]} for m in self.mentions}
        by_value = {m.key: {self.value_keys[m.key]: [m.key]} for m in self.mentions}
        # Strongest first, ties by pair: two stable sorts in C.
        ordered = sorted(sorted(links.items(), key=itemgetter(0)), key=itemgetter(1), reverse=True)
        for (i, j), _ in ordered:
            gi, gj = group_of[i], group_of[j]
            if gi == gj or self._outlet_conflict(by_source[gi], by_source[gj]):
                continue
            if self._unlinked_disagreement(by_value[gi], by_value[gj]):
                continue
            if not self._half_linked(_sample_members(members[gi]), _sample_members(members[gj])):
                continue
            for k in members[gj]:
                group_of[k] = gi
            members[gi].extend(members.pop(gj))
            _merge_index(by_source[gi], by_source.pop(gj))
            _merge_index(by_value[gi], by_value.pop(gj))
        found = [
            [self.mentions[k] for k in sorted(group)]
            for group in members.values()
            if len(group) > 1
        ]
        return found + self._range_ends(
            ordered, {k for g in members.values() if len(g) > 1 for k in g}
        )

    def _half_linked(self, left: list[int], right: list[int]) -> bool:
        """Whether at least half the pairs across `left` and `right` link; read only until
        that is settled either way (each new pair's strength is the costly part)."""
        total = len(left) * len(right)
        linked = unlinked = 0
        for x in left:
            for y in right:
                if self.strength(x, y) > 0:
                    linked += 1
                    if linked * 2 >= total:
                        return True
                else:
                    unlinked += 1
                    if (total - unlinked) * 2 < total:
                        return False
        return linked * 2 >= total

    def _range_ends(
        self, ordered: list[tuple[tuple[int, int], float]], grouped: set[int]
    ) -> list[list[_Mention]]:
        """A range already in a group may agree with a figure left alone at its other end
        ("1950-53" holds the war's start, 1950, and its end, 1953): that pair is a finding too."""
        extra = []
        for (i, j), _ in ordered:  # strongest first
            for alone, spread in ((i, j), (j, i)):
                a, r = self.mentions[alone], self.mentions[spread].quantity
                if alone in grouped or spread not in grouped or r.low is None or r.high is None:
                    continue
                if not (math.isfinite(r.low) and math.isfinite(r.high)) or r.low == r.high:
                    continue
                if self.compare(a, self.mentions[spread]).consistent:
                    extra.append([a, self.mentions[spread]])
                    grouped.add(alone)
        return extra

    def _unlinked_disagreement(
        self, left: dict[int, list[int]], right: dict[int, list[int]]
    ) -> bool:
        """True when a figure on one side disagrees with one on the other and no mention pair
        of those two figures is linked on its own: two figures each near a third ("1953" and
        "1950" both inside "1950-53") are not thereby one quantity. `left`, `right`: each
        side's mentions by value."""
        # The sides' values are `value_keys` numbers, which `compare` looks its results up by:
        # large groups hold many values, and this runs for every merge tried.
        comparisons, mentions, outlet = self.comparisons, self.mentions, self.outlet
        for x, xs in left.items():
            for y, ys in right.items():
                found = comparisons.get((x, y)) or self.compare(mentions[xs[0]], mentions[ys[0]])
                if found.consistent:
                    continue
                if not any(
                    outlet[i] != outlet[j] and self.strength(i, j) > 0
                    for i in _sample_members(xs)
                    for j in _sample_members(ys)
                ):
                    return True
        return False

    def _outlet_conflict(self, left: dict[str, list[int]], right: dict[str, list[int]]) -> bool:
        """True when one outlet has a mention on both sides with different values: that outlet
        is giving two figures, so they cannot both be its version of one quantity. `left`,
        `right`: each side's mentions by outlet."""
        for source, theirs in right.items():
            ours = left.get(source)
            if ours is None:
                continue
            for k in theirs:
                b = self.mentions[k]
                for a in (self.mentions[n] for n in ours):
                    if a.passage.id == b.passage.id or (
                        self.compare(a, b).relation is not Relation.IDENTICAL
                    ):
                        return True
        return False


_Key = TypeVar("_Key")


def _merge_index(into: dict[_Key, list[int]], other: dict[_Key, list[int]]) -> None:
    """Add `other`'s members to `into`, key by key, after `into`'s own."""
    for key, members in other.items():
        into.setdefault(key, []).extend(members)


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


def _specific(q: Quantity) -> bool:
    """A figure two outlets would not give by chance: a day of a month, or a number with three
    significant digits (28,500); not a year, a month or a round number."""
    if q.dimension == "date":
        return q.unit in ("month-day", "date") and not (q.text_value or "").count("/")
    if q.dimension in ("year", "ordinal", "time-offset", "interval", "clock"):
        return False
    digits = f"{abs(q.value):.6g}".replace(".", "").strip("0")
    return len(digits) >= 3


def _at_reference_start(a: Quantity, b: Quantity) -> bool:
    """A day against a span read from the article's date ("in two weeks" from 17 October is
    17-31 October) on the day the span starts: that day is the article's own date, which the
    span contains without saying anything of it."""
    return any(
        day.low is None
        and day.dimension == "date"
        and span.resolved_from is not None
        and day.normalized_value == span.low
        for day, span in ((a, b), (b, a))
    )


def _same_counted(a: Quantity, b: Quantity) -> bool:
    """Two counts of one named thing ("16 tests", "over 20 missile tests")."""
    return a.dimension == b.dimension == "count" and bool(a.unit) and a.unit == b.unit


def _far_apart(a: Quantity, b: Quantity) -> bool:
    """Figures an order of magnitude apart are two different quantities, not two reports of
    one (outlets misreport by a little, not by a factor of ten)."""
    if a.dimension in ("date", "year", "time-offset", "interval"):
        return False
    x, y = abs(a.normalized_value), abs(b.normalized_value)
    if math.isnan(x) or math.isinf(x) or math.isnan(y) or math.isinf(y):
        return False
    # Counts are misreported by a little ("16 tests", "over 20"); "23 missiles" and "three
    # intercontinental missiles" are two tallies of different things.
    factor = COUNT_APART if a.dimension == "count" else 10
    return max(x, y) > factor * min(x, y)


def _kind_key(quantity: Quantity) -> str:
    return f"{quantity.dimension}/{quantity.normalized_unit}"


def _may_disagree(a: _Mention, b: _Mention) -> bool:
    """Whether two mentions whose figures disagree can be one quantity reported two ways."""
    if a.spoken or b.spoken:
        return False
    # Two times that disagree are one quantity only when they date one event: "requested last
    # Friday" and "said late Thursday" are two things that happened.
    if a.quantity.dimension in _TIME_POINTS and (not a.head or a.head != b.head):
        return False
    # Two amounts of different things ("a $1 trillion infrastructure bill", "a $3.5 trillion
    # budget resolution") do not disagree.
    return not (a.thing and b.thing and not a.thing & b.thing and a.quantity.dimension != "count")


def _in_past(mention: _Mention, dates: dict[str, tuple[dt.date | None, str | None]]) -> bool | None:
    """Whether a date lies wholly before its article's date (None: not a date, or no date to
    tell by). A past date and one that is now or to come are not the same event."""
    q = mention.quantity
    if q.dimension != "date":
        return None
    reference = dates.get(mention.passage.source, (None, None))[0]
    if reference is None or math.isnan(q.normalized_value):
        return None
    high = q.high if q.high is not None else q.normalized_value
    return high < reference.toordinal()
