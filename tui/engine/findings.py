"""What a reader should look at: claims one outlet alone makes, numbers, and reworded quotes."""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from operator import itemgetter
from typing import Any, TypeVar

from tui.engine.align import Alignment
from tui.engine.quantities import (
    Comparison,
    comparable,
    compare_quantities,
    extract_quantities,
)
from tui.engine.quotes import (
    Quote,
    QuotePairing,
    QuoteVariant,
    extract_quotes,
    pair_quotes,
    word_diff,
)
from tui.engine.shared_keys import SharedKeys
from tui.engine.speakers import Attribution, attribute, speakers_conflict
from tui.engine.text import content_tokens
from tui.engine.word_index import WordIndex
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
# Two counts of one named thing ("16 tests", "20 missile tests") add this to their link.
COUNTED_BONUS = 0.3
# Two numbers of aligned passages in the same slot, the same words right before and after
# them ("came back at 160 on June 16" / "came back at 213 on June 16"), are one figure even
# when nothing names what they count.
SLOT_BONUS = 0.4
# How many content words after a number say what it is an amount of.
THING_WORDS = 2
# Counts this many times apart are two different tallies, not two reports of one.
COUNT_APART = 3
# Two outlets' only mentions of one value written two ways ("two days", "two-day"; "60 years",
# "six decades") are likely one quantity: the agreement after conversion the reader is for.
CONVERTED_BONUS = 0.25
# Among candidate pairings, values that agree are the likelier reading (a small tie-breaker).
AGREEMENT_BONUS = 0.1
# How many members of its cluster, and how many related passages elsewhere, each quoted passage
# is compared with (see `_quote_pairs`).
QUOTE_REFERENCES = 3
QUOTE_NEIGHBOURS = 6
# A quote variant needs at least this confidence from the quote matcher; more when the two
# passages do not report one claim (the quoted words alone must carry the pairing).
QUOTE_SCORE = 0.5
UNALIGNED_QUOTE_SCORE = 0.75
# Passages whose quotations share this many content words are compared, aligned or not.
_MIN_SHARED_QUOTED = 2
# A verbatim fragment this long (in words) joins the statement it is a fragment of.
_FRAGMENT_WORDS = 3


def find_all(
    sources: Sequence[Source],
    passages: Sequence[Passage],
    alignment: Alignment,
    readings: PassageReadings | None = None,
) -> list[Finding]:
    """Every finding, numbered. `readings`: what `read_passages` gives, when it was read
    already (in a side process, while the passages were aligned)."""
    findings = [
        *find_numbers(
            sources,
            passages,
            alignment,
            readings.numbers if readings else None,
            readings.candidates if readings else None,
        ),
        *find_quotes(passages, alignment, sources, readings.quotations if readings else None),
        *find_unique(sources, passages, alignment),
    ]
    return [_with_id(f, n) for n, f in enumerate(findings, start=1)]


@dataclass(frozen=True)
class PassageReadings:
    """What the number and quote finders read of the passages alone, before any alignment:
    each distinct sentence's quantities with the words around them (by text and reference
    date; a text without one may be left out), and each passage's quotations with their
    speakers (by passage id)."""

    numbers: dict[tuple[str, dt.date | None], list[_Reading]]
    quotations: dict[str, list[_Quoted]]
    # Each mention's candidate partners (`_mention_candidates`), mentions numbered in passage
    # order: they need the words around each number, not the alignment.
    candidates: dict[int, list[int]]

    def portable(self) -> tuple[Any, Any, Any]:
        """The readings as plain data to send to another process: the quotations without
        their passages, which the receiver has."""
        quoted = {
            pid: [(q.quote, q.speaker, q.keys) for q in found]
            for pid, found in self.quotations.items()
        }
        # Most sentences hold no number: only those that do are sent (a third less to copy).
        numbers = {key: found for key, found in self.numbers.items() if found}
        return numbers, quoted, self.candidates

    @classmethod
    def from_portable(
        cls, data: tuple[Any, Any, Any], passages: Sequence[Passage]
    ) -> PassageReadings:
        numbers, quoted, candidates = data
        # Figures compare as tuples, which take a NaN for equal to itself: every unknown value
        # is the one `math.nan` when read here, and must be that one again after the copy.
        for found in numbers.values():
            for k, reading in enumerate(found):
                quantity = _one_nan(reading[0])
                if quantity is not reading[0]:
                    found[k] = (quantity, *reading[1:])
        by_id = {p.id: p for p in passages}
        quotations = {
            pid: [_Quoted(by_id[pid], quote, speaker, keys) for quote, speaker, keys in found]
            for pid, found in quoted.items()
        }
        return cls(numbers, quotations, candidates)


_FLOAT_FIELDS = ("value", "normalized_value", "low", "high", "precision")


def _one_nan(q: Quantity) -> Quantity:
    """`q` with each NaN field the `math.nan` object (a copied NaN is another object)."""
    if (
        q.normalized_value == q.normalized_value
        and q.value == q.value
        and q.precision == q.precision
        and (q.low is None or q.low == q.low)
        and (q.high is None or q.high == q.high)
    ):
        return q  # no NaN at all: the usual case
    nan: dict[str, Any] = {
        name: math.nan
        for name in _FLOAT_FIELDS
        if (x := getattr(q, name)) is not None and x != x and x is not math.nan
    }
    return replace(q, **nan) if nan else q


def read_passages(sources: Sequence[Source], passages: Sequence[Passage]) -> PassageReadings:
    """The finders' reading of the passages that needs no alignment."""
    numbers = number_readings(sources, passages)
    candidates = _mention_candidates(_mentions(passages, numbers, story_dates(sources)))
    return PassageReadings(numbers, _quotations(passages, sources), candidates)


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
    head: str  # the word the number hangs on: its event for a date ("began in 1950")
    thing: frozenset[str]  # the words right after it: what it measures ("$1 trillion bill")
    # A relative time inside a quotation ("today", "next week") counts from the day the speaker
    # spoke, which may not be the article's: it can agree, never disagree.
    spoken: bool = False


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


def _subject(index: WordIndex, start: int, end: int) -> frozenset[str]:
    """Content words near a number (within its sentence): what the number is about."""
    before = index.words_before(start, SUBJECT_WINDOW)
    return frozenset(before + index.words_after(end, SUBJECT_WINDOW // 2))


# Words around a time that qualify it rather than say what happened then.
_TIME_WORDS = frozenset(
    """
    last next late early this coming past mid morning afternoon evening night local time
    week weekend month year day today yesterday tomorrow tonight
    """.split()  # noqa: SIM905
)
_TIME_POINTS = frozenset({"date", "year", "time-offset", "interval", "clock"})


_RELATIVE = frozenset({"time-offset", "interval"})
_CLAUSE_END_RE = re.compile(r"[.;:,!?()\"“”]")
_SLOT_WORD_RE = re.compile(r"[^\W_]+")
_SLOT_REACH = 60  # characters each side of a number read for its slot's words


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    if not any(mark in text for mark in '"“”„«»'):
        return []
    return [(q.start, q.end) for q in extract_quotes(text)]


def _inside(quantity: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(lo <= quantity.start and quantity.end <= hi for lo, hi in spans)


def _thing(index: WordIndex, clause_ends: list[int], end: int) -> frozenset[str]:
    """The first content words after a number, within its clause: what it is an amount of
    ("a $1 trillion infrastructure bill" -> infrastructure, bill). `clause_ends`: where the
    text's punctuation stands, in order."""
    k = bisect_left(clause_ends, end)
    clause_end = clause_ends[k] if k < len(clause_ends) else len(index.text)
    words = index.tokens_between(end, clause_end, THING_WORDS)
    return frozenset(t for t in words if not any(ch.isdigit() for ch in t))


def _head(index: WordIndex, start: int, end: int) -> str:
    """The content word a number hangs on: the nearest before it (within a few words), else
    the nearest after, time qualifiers skipped: "requested last Friday" -> request."""
    before = [t for t in index.words_between(max(0, start - 60), start) if t not in _TIME_WORDS]
    if before:
        return before[-1]
    after = [t for t in index.words_between(end, end + 40) if t not in _TIME_WORDS]
    return after[0] if after else ""


def number_readings(
    sources: Sequence[Source], passages: Sequence[Passage]
) -> dict[tuple[str, dt.date | None], list[_Reading]]:
    """The quantities of every passage that is not noise, with the words around them, by
    text and reference date: copies of a sentence (wire copy, an outlet repeating itself) are
    read once per date."""
    dates = story_dates(sources)
    read: dict[tuple[str, dt.date | None], list[_Reading]] = {}
    for passage in passages:
        if passage.kind is PassageKind.NOISE:
            continue
        reference, _ = dates.get(passage.source, (None, None))
        key = (passage.text, reference)
        if key not in read:
            read[key] = _readings(passage.text, reference)
    return read


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
        _number_finding(members, clustered, dates)
        for members in groups
        if len({m.passage.source for m in members}) >= 2 and not _same_words(members)
    ]
    findings.sort(key=lambda f: (f.consistent is not False, f.passages[0]))
    return findings


def _mentions(
    passages: Sequence[Passage],
    read: dict[tuple[str, dt.date | None], list[_Reading]],
    dates: dict[str, tuple[dt.date | None, str | None]],
) -> list[_Mention]:
    """Every quantity of the passages that are not noise, in passage order."""
    mentions: list[_Mention] = []
    for passage in passages:
        if passage.kind is PassageKind.NOISE:
            continue
        reference, _ = dates.get(passage.source, (None, None))
        for quantity, subject, head, thing, spoken in read.get((passage.text, reference), ()):
            mentions.append(
                _Mention(len(mentions), passage, quantity, subject, head, thing, spoken)
            )
    return mentions


# A quantity and the words around it, as `_Mention` holds them.
_Reading = tuple[Quantity, frozenset[str], str, frozenset[str], bool]


def _readings(text: str, reference: dt.date | None) -> list[_Reading]:
    """Each quantity in `text` with its subject, head and thing words, and whether it is
    spoken (a relative time inside a quotation)."""
    quantities = extract_quantities(text, reference)
    if not quantities:
        return []
    quoted = _quoted_spans(text)
    index = WordIndex(text)
    clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(text)]
    readings = []
    for quantity in quantities:
        spoken = bool(quantity.resolved_from or quantity.dimension in _RELATIVE) and _inside(
            quantity, quoted
        )
        readings.append(
            (
                quantity,
                _subject(index, quantity.start, quantity.end),
                _head(index, quantity.start, quantity.end),
                _thing(index, clause_ends, quantity.end),
                spoken,
            )
        )
    return readings


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


def _numbered(keys: list[Any]) -> list[int]:
    """Each key as the number of the first equal key in the list's order of distinct keys."""
    numbers: dict[Any, int] = {}
    return [numbers.setdefault(key, len(numbers)) for key in keys]


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


def _mention_candidates(mentions: Sequence[_Mention]) -> dict[int, list[int]]:
    """For each mention, the mentions of the same dimension in other outlets that share the
    most words around the number (every link needs one), best first, at most a few times
    `NUMBER_NEIGHBOURS`. An inverted index counts shared words (as bit sets: `SharedKeys`);
    words around more mentions than about one per outlet are the story's subject and count
    for nothing."""
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    # The value itself is a shared word too: "60 years" and "six decades" say one thing.
    values = [f"={_rounded(mention.quantity, month=True)}" for mention in mentions]
    # Each dimension's mentions numbered from 0 in mention order: a key holds one dimension.
    numbered: dict[str, list[int]] = defaultdict(list)
    for mention, value in zip(mentions, values, strict=True):
        dimension = mention.quantity.dimension
        place = len(numbered[dimension])
        numbered[dimension].append(mention.key)
        for token in mention.subject:  # each list fills in mention order, whatever this order
            postings[(dimension, token)].append(place)
        postings[(dimension, value)].append(place)
    outlet = _numbered([m.passage.source for m in mentions])
    outlets = len(set(outlet))
    max_df = max(8, outlets + outlets // 2)
    # Counted in passages, not mentions: a sentence giving five figures is one use of its words.
    passages_using = {
        key: len({mentions[numbered[key[0]][k]].passage.id for k in members})
        for key, members in postings.items()
    }
    index = SharedKeys(postings)
    partners: dict[int, list[int]] = {}
    # Mentions of one value with the same words (copies of a figure) have the same best.
    best_of: dict[tuple[str, frozenset[str], str], list[tuple[int, int]]] = {}
    for mention, value in zip(mentions, values, strict=True):
        dimension = mention.quantity.dimension
        key = (dimension, mention.subject, value)
        best = best_of.get(key)
        if best is None:
            keys = [(dimension, token) for token in [*sorted(mention.subject), value]]
            best = best_of[key] = index.best(
                [k for k in keys if passages_using[k] <= max_df], 4 * NUMBER_NEIGHBOURS
            )
        own, of_dimension = outlet[mention.key], numbered[dimension]
        partners[mention.key] = [j for j in (of_dimension[k] for k, _ in best) if outlet[j] != own]
    return partners


def _same_words(members: list[_Mention]) -> bool:
    """True when every outlet wrote the same relative time ("last year", "Monday"): that they
    agree says nothing a reader can act on."""
    surfaces = {" ".join(m.quantity.surface.lower().split()) for m in members}
    q = members[0].quantity
    relative = q.dimension in ("time-offset", "interval") or (
        q.dimension == "date" and q.unit == "weekday"
    )
    return len(surfaces) == 1 and relative


def _rounded(q: Quantity, month: bool = False) -> str:
    """A value to tell repeats of one figure apart from other figures: 3 significant digits,
    a date as written (with `month`, its month: "late January" and "Jan. 27" may be one)."""
    if q.dimension == "date":
        text = q.text_value or ""
        if not month:
            return text
        return text[:4] if text.startswith("--") else text[:7]
    value = q.normalized_value
    if math.isnan(value) or math.isinf(value) or value == 0:
        return str(value)
    return f"{value:.3g}"


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


@dataclass(frozen=True)
class _Quoted:
    """One quotation where it stands in a passage (a quotation running over several sentences
    stands in each), with its speaker and the content words inside it."""

    passage: Passage
    quote: Quote
    speaker: Attribution | None
    keys: frozenset[str]

    @cached_property
    def node(self) -> tuple[str, int]:
        return (self.passage.id, self.quote.start)


def find_quotes(
    passages: Sequence[Passage],
    alignment: Alignment,
    sources: Sequence[Source] = (),
    quoted: dict[str, list[_Quoted]] | None = None,
) -> list[Finding]:
    """One statement by one speaker quoted with different words by different outlets.

    Quotations are read per paragraph (a quotation may run over several sentences) and
    attributed there. Two are compared when their passages report one claim, or when the
    words inside them overlap strongly, whatever the alignment says; they are one statement
    only when their speakers do not conflict. Renderings that agree word for word (one maybe a
    fragment of the other) are one wording: a finding shows each distinct wording once and
    names the outlets that agree with it. `quoted`: `_quotations` of these passages, when
    read already.
    """
    if quoted is None:
        quoted = _quotations(passages, sources)
    if not quoted:
        return []
    by_id = {p.id: p for p in passages}
    pairs = {pair: True for pair in _quote_pairs(alignment, set(quoted))}
    for pair in _overlapping_quotes(quoted):
        pairs.setdefault(pair, False)

    read: dict[tuple, QuotePairing] = {}
    variants, identical = _compare_pairs(pairs, by_id, quoted, read)
    # A statement found rendered two ways is looked for in the claims of both passages too:
    # an outlet whose sentence aligned with one side may quote it a third way.
    clustered = _cluster_index(alignment)
    members_of = {c.id: c.passages for c in alignment.clusters}
    extra: dict[tuple[str, str], bool] = {}
    for first, second, _ in variants:
        for here, there in ((first, second), (second, first)):
            cluster = clustered.get(here.passage.id)
            for mate in members_of.get(cluster, ())[:QUOTE_NEIGHBOURS] if cluster else ():
                pair = (min(mate, there.passage.id), max(mate, there.passage.id))
                if mate in quoted and mate != here.passage.id and pair not in pairs:
                    extra[pair] = True
    more_variants, more_identical = _compare_pairs(extra, by_id, quoted, read)
    variants += more_variants
    identical += more_identical
    variants = _best_variants(variants, identical)
    return _statements(variants, identical, clustered, alignment.related)


def _compare_pairs(
    pairs: dict[tuple[str, str], bool],
    by_id: dict[str, Passage],
    quoted: dict[str, list[_Quoted]],
    read: dict[tuple, QuotePairing],
) -> tuple[list[tuple[_Quoted, _Quoted, QuoteVariant]], list[tuple[_Quoted, _Quoted]]]:
    """The variants and the verbatim agreements between the quotations of each passage pair
    (the flag says whether the pair reports one claim). `read`: the pairings found so far, by
    what decides them (copies of one sentence in many outlets are compared once: at 100
    articles 3,284 pairs are 612 distinct)."""
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]] = []
    identical: list[tuple[_Quoted, _Quoted]] = []
    for (a_id, b_id), aligned in sorted(pairs.items()):
        left, right = by_id[a_id], by_id[b_id]
        if left.source == right.source:
            continue
        if (left.kind is PassageKind.HEADING) != (right.kind is PassageKind.HEADING):
            continue  # a headline cuts its quotation to fit: compared with headlines only
        qa, qb = quoted[a_id], quoted[b_id]
        may_pair = tuple(tuple(not speakers_conflict(x.speaker, y.speaker) for y in qb) for x in qa)
        quotes_a, quotes_b = tuple(q.quote for q in qa), tuple(q.quote for q in qb)
        key = (left.text, quotes_a, right.text, quotes_b, may_pair, aligned)
        pairing = read.get(key)
        if pairing is None:
            pairing = read[key] = pair_quotes(
                left.text,
                quotes_a,
                right.text,
                quotes_b,
                _lookup(may_pair),
                aligned=aligned,
            )
        for variant in pairing.variants:
            first, second = (qa, qb) if variant.a_passage == 0 else (qb, qa)
            a = next(q for q in first if q.quote == variant.a)
            b = next(q for q in second if q.quote == variant.b)
            if variant.score >= (QUOTE_SCORE if aligned else UNALIGNED_QUOTE_SCORE):
                variants.append((a, b, variant))
        identical.extend((qa[i], qb[j]) for i, j in pairing.identical)
    return variants, identical


def _lookup(table: tuple[tuple[bool, ...], ...]) -> Callable[[int, int], bool]:
    def allowed(i: int, j: int) -> bool:
        return table[i][j]

    return allowed


def _best_variants(
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]],
    identical: list[tuple[_Quoted, _Quoted]],
) -> list[tuple[_Quoted, _Quoted, QuoteVariant]]:
    """The variants that can be one statement rendered two ways.

    When an outlet quotes all of a quotation word for word elsewhere, its other quotation is
    not a variant of it (that pairing is with another part of the statement); nor is it when
    the outlet quotes elsewhere, word for word, the very words the variant says it changed
    (it has them: its other quotation is another remark); two quotations that both stand
    verbatim inside a longer third are two parts of one statement, not two renderings; and a
    quotation is paired with at most one quotation of each other outlet, its best match.
    """
    words = {q.node: len(q.quote.text.split()) for pair in identical for q in pair}
    verbatim: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    covered_by: dict[tuple[str, int], set[str]] = defaultdict(set)
    for a, b in identical:
        verbatim[a.node].add(b.node)
        verbatim[b.node].add(a.node)
        for x, y in ((a, b), (b, a)):
            if words[y.node] >= words[x.node] >= _FRAGMENT_WORDS:
                covered_by[x.node].add(y.passage.source)
    # Each quotation's verbatim partners by outlet: copies in many outlets made reading all of
    # them for each variant quadratic.
    partners: dict[tuple[str, int], dict[str, list[_Quoted]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for a, b in identical:
        partners[a.node][b.passage.source].append(b)
        partners[b.node][a.passage.source].append(a)
    kept = []
    for a, b, variant in sorted(variants, key=lambda item: -item[2].score):
        if b.passage.source in covered_by[a.node] or a.passage.source in covered_by[b.node]:
            continue
        if _renders_elsewhere(a, b, variant.diff, partners) or _renders_elsewhere(
            b, a, tuple(WordDiff(op.op, op.b, op.a) for op in variant.diff), partners
        ):
            continue
        longest = max(words.get(a.node, 0), words.get(b.node, 0), _FRAGMENT_WORDS - 1)
        if any(words[n] > longest for n in verbatim[a.node] & verbatim[b.node]):
            continue
        kept.append((a, b, variant))
    used: dict[tuple[tuple[str, int], str], list[tuple[int, int]]] = defaultdict(list)
    chosen = []
    for a, b, variant in kept:
        # In each other outlet, each stretch of a quotation pairs once (a long quotation may
        # pair with several shorter ones quoting different parts of it).
        spans = (
            ((a.node, b.passage.source), variant.a_span),
            ((b.node, a.passage.source), variant.b_span),
        )
        if any(_overlapping(span, used[key]) for key, span in spans):
            continue
        for key, span in spans:
            used[key].append(span)
        chosen.append((a, b, variant))
    return chosen


def _renders_elsewhere(
    x: _Quoted,
    y: _Quoted,
    diff: Sequence[WordDiff],
    partners: dict[tuple[str, int], dict[str, list[_Quoted]]],
) -> bool:
    """Whether `y`'s outlet quotes, word for word in another quotation, the words of `x` that
    the variant says it changed: the outlet does render those words, so its quotation `y`
    (which lacks them) is another remark of the speaker, not a misquote of this one."""
    changed = {key for op in diff if op.op != "equal" for key in content_tokens(op.a)}
    if not changed:
        return False
    theirs = partners[x.node].get(y.passage.source, ()) if x.node in partners else ()
    return any(z.node != y.node and changed <= z.keys for z in theirs)


def _overlapping(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < hi and lo < span[1] for lo, hi in spans)


def _quotations(passages: Sequence[Passage], sources: Sequence[Source]) -> dict[str, list[_Quoted]]:
    """Each passage's quotations (by passage id), read and attributed paragraph by paragraph."""
    texts = {s.id: s.text for s in sources}
    by_source: dict[str, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_source[passage.source].append(passage)
    found: dict[str, list[_Quoted]] = defaultdict(list)
    for source, members in by_source.items():
        previous: Attribution | None = None
        lead_in = ""
        for block, offset, group in _paragraphs(
            sorted(members, key=lambda p: p.index), texts.get(source)
        ):
            quotes = extract_quotes(block)
            outer = [
                q
                for q in quotes
                if not any(o.start <= q.start and q.end <= o.end and o != q for o in quotes)
            ]
            sentences = [(p.start - offset, p.end - offset) for p in group]
            speakers = attribute(
                block, [(q.start, q.end) for q in outer], sentences, previous, lead_in
            )
            speaker_of = dict(zip(outer, speakers, strict=True))
            for speaker in speakers:
                previous = speaker or previous
            lead_in = group[-1].text
            for quote in quotes:
                for passage in group:
                    piece = _clip_quote(passage, quote, offset)
                    if piece is not None and passage.kind is not PassageKind.NOISE:
                        keys = frozenset(content_tokens(piece.text))
                        quoted = _Quoted(passage, piece, speaker_of.get(quote), keys)
                        found[passage.id].append(quoted)
    return dict(found)


def _paragraphs(
    members: list[Passage], text: str | None
) -> Iterator[tuple[str, int, list[Passage]]]:
    """One source's paragraphs in order: the text, where it starts, and its passages. A passage
    whose text is not the source's at its offsets stands alone."""
    group: list[Passage] = []
    for passage in members:
        whole = text is not None and text[passage.start : passage.end] == passage.text
        if group and whole and passage.paragraph == group[-1].paragraph:
            group.append(passage)
            continue
        if group:
            yield _paragraph_text(group, text), group[0].start, group
        group = [passage] if whole else []
        if not whole:
            yield passage.text, passage.start, [passage]
    if group:
        yield _paragraph_text(group, text), group[0].start, group


def _paragraph_text(group: list[Passage], text: str | None) -> str:
    if text is None or len(group) == 1:
        return group[0].text
    return text[group[0].start : group[-1].end]


_QUOTE_EDGE = frozenset(' \t\n"“”‘’«»„‚‹›')


def _clip_quote(passage: Passage, quote: Quote, offset: int) -> Quote | None:
    """The part of a paragraph's quotation that stands in `passage`, in passage offsets."""
    start = max(quote.start + offset, passage.start) - passage.start
    end = min(quote.end + offset, passage.end) - passage.start
    text = passage.text
    while start < end and text[start] in _QUOTE_EDGE:
        start += 1
    while end > start and text[end - 1] in _QUOTE_EDGE:
        end -= 1
    if end <= start:
        return None
    return Quote(start, end, text[start:end])


def _overlapping_quotes(quoted: dict[str, list[_Quoted]]) -> set[tuple[str, str]]:
    """Passage pairs (in different outlets) whose quotations share content words: each
    passage with its few best-sharing partners, at least `_MIN_SHARED_QUOTED` words shared.
    Words quoted in more passages than about two per outlet say nothing about which."""
    # Passages as numbers in order, each word's list in that order (see `SharedKeys`).
    pids = list(quoted)
    postings: dict[str, list[int]] = defaultdict(list)
    words_of: list[list[str]] = []
    by_source: dict[str, list[int]] = defaultdict(list)
    for n, items in enumerate(quoted.values()):
        by_source[items[0].passage.source].append(n)
        words = sorted(set().union(*(q.keys for q in items)))
        words_of.append(words)
        for key in words:
            postings[key].append(n)
    max_df = max(6, 2 * len(by_source))
    index = SharedKeys(postings)
    pairs: set[tuple[str, str]] = set()
    for own in by_source.values():
        leave_out = index.bits_of(own)  # the passage's own outlet
        for n in own:
            keys = [k for k in words_of[n] if len(postings[k]) <= max_df]
            pid = pids[n]
            for other, shared in index.best(keys, QUOTE_NEIGHBOURS, leave_out):
                if shared >= _MIN_SHARED_QUOTED:
                    pairs.add((min(pid, pids[other]), max(pid, pids[other])))
    return pairs


def _quote_pairs(alignment: Alignment, quoted: set[str]) -> set[tuple[str, str]]:
    """Passage pairs reporting one claim whose quotations are worth comparing, in bounded
    number.

    Each quoted member of a cluster is compared with the cluster's first few quoted members,
    and each quoted passage with its closest few related passages elsewhere.
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


class _Union:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(self, key: tuple[str, int]) -> tuple[str, int]:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: tuple[str, int], b: tuple[str, int]) -> None:
        self.parent[self.root(a)] = self.root(b)


def _statements(
    variants: list[tuple[_Quoted, _Quoted, QuoteVariant]],
    identical: list[tuple[_Quoted, _Quoted]],
    clustered: dict[str, str],
    related: dict[tuple[str, str], float],
) -> list[Finding]:
    """Variants that share a quotation are one statement rendered several ways (strongest
    links first, never joining quotations of conflicting speakers); renderings quoting the same
    words are one wording of it."""
    items: dict[tuple[str, int], _Quoted] = {}
    for a, b, _ in variants:
        items[a.node], items[b.node] = a, b
    links: list[tuple[float, _Quoted, _Quoted]] = [(v.score, a, b) for a, b, v in variants]
    for a, b in identical:
        if (a.node in items or b.node in items) and min(
            len(a.quote.text.split()), len(b.quote.text.split())
        ) >= _FRAGMENT_WORDS:
            items.setdefault(a.node, a)
            items.setdefault(b.node, b)
            links.append((1.0, a, b))
    statement = _Union()
    # Each statement's speakers as the distinct words that name them (`speakers_conflict`
    # reads nothing else): a statement quoted by hundreds of outlets names a few.
    speakers: dict[tuple[str, int], dict[frozenset[str], None]] = {
        node: {q.speaker.key: None} if q.speaker and q.speaker.key else {}
        for node, q in items.items()
    }
    for _, a, b in sorted(links, key=lambda link: (-link[0], link[1].node, link[2].node)):
        ra, rb = statement.root(a.node), statement.root(b.node)
        if ra == rb or any(not x & y for x in speakers[ra] for y in speakers[rb]):
            continue
        statement.join(ra, rb)
        speakers[statement.root(ra)] = speakers[ra] | speakers[rb]
    wording = _wordings(identical)
    groups: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
    for node, item in items.items():
        groups[statement.root(node)].append(item)
    direct = {(a.node, b.node): v for a, b, v in variants}
    # How many variants each quotation is in, counted once for all statements.
    in_variants = Counter(n for pair in direct for n in pair)
    findings = []
    for members in groups.values():
        classes: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
        for item in sorted(
            members, key=lambda q: (q.passage.source, q.passage.index, q.quote.start)
        ):
            classes[wording.get(item.node, item.node)].append(item)
        if len(classes) < 2:
            continue
        finding = _quote_finding(list(classes.values()), direct, in_variants, clustered, related)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: f.passages[0])
    return findings


def _wordings(identical: list[tuple[_Quoted, _Quoted]]) -> dict[tuple[str, int], tuple[str, int]]:
    """Each quotation's wording: the fullest quotation it stands in word for word. A fragment
    joins one wording, so two wordings that merely share a fragment stay apart."""
    partners: dict[tuple[str, int], list[_Quoted]] = defaultdict(list)
    lookup: dict[tuple[str, int], _Quoted] = {}
    for a, b in identical:
        partners[a.node].append(b)
        partners[b.node].append(a)
        lookup[a.node], lookup[b.node] = a, b
    wording: dict[tuple[str, int], tuple[str, int]] = {}
    for node in sorted(lookup, key=lambda n: (-len(lookup[n].quote.text), n)):
        size = len(lookup[node].quote.text)
        hosts = [p for p in partners[node] if p.node in wording and len(p.quote.text) >= size]
        host = max(hosts, key=lambda p: len(p.quote.text), default=None)
        wording[node] = wording[host.node] if host is not None else node
    return wording


def _quote_finding(
    classes: list[list[_Quoted]],
    direct: dict[tuple[tuple[str, int], tuple[str, int]], QuoteVariant],
    links: Counter[tuple[str, int]],
    clustered: dict[str, str],
    related: dict[tuple[str, str], float],
) -> Finding | None:
    """One finding per statement: one value per distinct wording, the first the reference;
    every other value carries its word-level difference from it (only the words that differ
    are marked). Outlets quoting a wording identically are named in the notes. `links`: how
    many variants in `direct` each quotation is in."""

    def closeness(q: _Quoted, others: list[list[_Quoted]]) -> float:
        """How closely `q`'s passage reports the claim of the other wordings' passages."""
        pid = q.passage.id
        return sum(
            max(related.get((pid, o.passage.id), related.get((o.passage.id, pid), 0.0)) for o in c)
            for c in others
        )

    def fullest(
        members: list[_Quoted], near: str | None = None, others: list[list[_Quoted]] | None = None
    ) -> _Quoted:
        """The member to show: the longest rendering, then one in the anchor's claim, then
        (among outlets quoting the same words) the one whose passage is closest to the other
        wordings' passages."""

        def first(q: _Quoted) -> tuple[int, bool]:
            return len(q.quote.text), near is not None and clustered.get(q.passage.id) == near

        # The closeness of those that tie on the rest only: it reads many related pairs.
        top = max(map(first, members))
        return max(
            (q for q in members if first(q) == top),
            key=lambda q: (closeness(q, others) if others else 0.0, links[q.node]),
        )

    anchor_class = max(classes, key=lambda c: (sum(links[q.node] for q in c), -classes.index(c)))
    anchor = fullest(anchor_class, others=[c for c in classes if c is not anchor_class])
    near = clustered.get(anchor.passage.id)
    chosen = [(anchor, anchor_class)]
    for members in classes:
        if members is anchor_class:
            continue
        linked = [
            q for q in members if (anchor.node, q.node) in direct or (q.node, anchor.node) in direct
        ]
        chosen.append((fullest(linked or members, near), members))
    chosen.sort(key=lambda pair: (pair[0].passage.source, pair[0].passage.index))
    if len({q.passage.source for q, _ in chosen}) < 2:
        return None
    anchor = chosen[0][0]
    values, notes, differing = [], [], []
    for quoted, members in chosen:
        diff: tuple[WordDiff, ...] = ()
        if quoted is not anchor:
            diff = _diff_between(direct, anchor, quoted)
            differing.extend(_differing_words(diff))
        values.append(
            FindingValue(
                source=quoted.passage.source,
                passage=quoted.passage.id,
                surface=quoted.quote.text,
                start=quoted.quote.start,
                end=quoted.quote.end,
                diff=diff,
                speaker=quoted.speaker.name if quoted.speaker else None,
            )
        )
        same = [q.passage.source for q in members if q.passage.source != quoted.passage.source]
        for other in dict.fromkeys(same):
            notes.append(f"{other} quotes the same words as {quoted.passage.source}")
    if not differing:
        return None
    speaker = next((v.speaker for v in values if v.speaker), None)
    cluster_ids = {clustered.get(q.passage.id) for q, _ in chosen}
    lead = f"{speaker} quoted differently" if speaker else "quoted differently"
    return Finding(
        id="",
        kind=FindingKind.QUOTE,
        cluster=next(iter(cluster_ids)) if len(cluster_ids) == 1 else None,
        sources=tuple(dict.fromkeys(v.source for v in values)),
        passages=tuple(dict.fromkeys(v.passage for v in values)),
        summary=f"{lead}: " + "; ".join(dict.fromkeys(differing)),
        values=tuple(values),
        notes=tuple(dict.fromkeys(notes)),
    )


_FLIPPED = {"delete": "insert", "insert": "delete"}


def _diff_between(
    direct: dict[tuple[tuple[str, int], tuple[str, int]], QuoteVariant],
    anchor: _Quoted,
    other: _Quoted,
) -> tuple[WordDiff, ...]:
    """The matcher's own difference when it paired these two quotes, turned to read
    anchor -> other; otherwise a plain word diff of the two quotations."""
    variant = direct.get((anchor.node, other.node))
    if variant is not None:
        return tuple(variant.diff)
    variant = direct.get((other.node, anchor.node))
    if variant is not None:
        return tuple(WordDiff(_FLIPPED.get(op.op, op.op), op.b, op.a) for op in variant.diff)
    return word_diff(anchor.quote.text, other.quote.text)


def _differing_words(ops: Sequence[WordDiff]) -> list[str]:
    """Each change once, as “before” → “after” (an empty side is a word left out)."""
    seen: dict[str, None] = {}
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
