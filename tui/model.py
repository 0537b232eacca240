"""Plain data shared by the engine, the report and the reader.

Everything here is a frozen dataclass that a test can build by hand; nothing imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import overload


class PassageKind(str, Enum):
    BODY = "body"
    HEADING = "heading"
    NOISE = "noise"


class NoiseReason(str, Enum):
    """Why a passage is boilerplate rather than reporting."""

    COOKIE_BANNER = "cookie-banner"
    RELATED_LINKS = "related-links"
    TABLE_OF_CONTENTS = "table-of-contents"
    PHOTO_CREDIT = "photo-credit"
    SITE_HEADER = "site-header"
    REPEATED_TITLE = "repeated-title"
    REPEATED_TEXT = "repeated-text"
    NAVIGATION = "navigation"
    BYLINE = "byline"
    CONTACT = "contact"
    SUMMARY_LABEL = "summary-label"
    METADATA = "metadata"
    PAGE_CHROME = "page-chrome"
    CAPTION = "caption"  # a photo caption, or what stands above the dateline with it
    VIDEO_PROMO = "video-promo"  # a video's title or caption, "X has that story"
    EMBED = "embed"  # a pointer to what the page embeds: "The memos can be seen below."
    OUTSIDE_ARTICLE = "outside-article"  # a web page's block its extractor left out

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class FindingKind(str, Enum):
    UNIQUE = "unique"
    NUMBER = "number"
    QUOTE = "quote"


class Relation(str, Enum):
    """How two or more values of one quantity relate across outlets."""

    IDENTICAL = "identical"
    EQUIVALENT = "equivalent"  # equal after unit conversion
    LESS_PRECISE = "less-precise"  # a rounding, or a range containing the other
    CONTRADICTING = "contradicting"


@dataclass(frozen=True, slots=True)
class LoadNote:
    """Something the loader did to a file that the user should know about."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class NoiseSpan:
    """A stretch of `Source.text` the loader already knows is not the article (the menus and
    footers around a web page's main text), and why."""

    start: int
    end: int
    reason: NoiseReason


@dataclass(frozen=True, slots=True)
class Source:
    """One outlet's article as shown: `text` is decoded and normalised; offsets point into it."""

    id: str
    path: str
    text: str
    outlet: str
    title: str | None = None
    date: str | None = None  # ISO 8601 date, yyyy-mm-dd
    url: str | None = None
    format: str = "text"
    encoding: str = "utf-8"
    title_span: tuple[int, int] | None = None  # where the title stands in `text`, if it does
    dropped: tuple[str, ...] = ()  # what the loader removed (e.g. HTML script, nav), described
    lean: str | None = None  # the outlet's political lean, as story.toml labels it
    noise: tuple[NoiseSpan, ...] = ()  # what the loader knows is not the article, in order


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence (or a heading/noise line) of one source, with offsets into `Source.text`."""

    id: str
    source: str
    index: int
    start: int
    end: int
    text: str
    kind: PassageKind = PassageKind.BODY
    noise: NoiseReason | None = None
    paragraph: int = 0  # index of the paragraph (block) it belongs to within its source


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text, with its meaning normalised so outlets can be compared.

    `start`/`end` are offsets into the passage text. `value` and `unit` are as written
    ("1,000 miles" -> 1000, "mile"); `normalized_value`/`normalized_unit` are in the canonical
    unit of `dimension` ("1609.344", "km"). Ranges keep both ends in `low`/`high`.
    """

    start: int
    end: int
    surface: str
    value: float
    unit: str
    dimension: str
    normalized_value: float
    normalized_unit: str
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    precision: float = 0.0  # the rounding step the surface implies, in normalized units
    resolved_from: str | None = None  # e.g. "article date 2025-10-17" for relative dates
    text_value: str | None = None  # ISO date for dates, for display


# A member linked to its claim this weakly (its strongest link to another member) may be a
# wrong pairing: the reader shows it as weak and does not highlight it as a counterpart.
WEAK_LINK = 0.3


@dataclass(frozen=True, slots=True)
class Cluster:
    """Passages from different sources that report the same thing."""

    id: str
    passages: tuple[str, ...]
    sources: tuple[str, ...]
    score: float  # mean similarity of the linked pairs, 0..1
    # How strongly each passage (same order) is linked to the rest of the claim, 0..1: its
    # strongest link score to another member.
    strengths: tuple[float, ...] = ()
    by_user: bool = False  # made or changed by the user's corrections, not by the engine

    def strength(self, passage_id: str) -> float:
        """The link strength of one member (the cluster score when none was recorded)."""
        if self.strengths:
            for pid, value in zip(self.passages, self.strengths, strict=False):
                if pid == passage_id:
                    return value
        return self.score

    def member_strengths(self) -> dict[str, float]:
        """`strength` of every member at once (a claim of 400 members is read in one pass)."""
        found = dict.fromkeys(self.passages, self.score)
        recorded = list(zip(self.passages, self.strengths, strict=False))
        for passage_id, value in reversed(recorded):  # a member's first recorded one wins
            found[passage_id] = value
        return found


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One run of a word-level comparison between two wordings."""

    op: str  # "equal", "replace", "delete", "insert"
    a: str
    b: str


@dataclass(frozen=True, slots=True)
class FindingValue:
    source: str
    passage: str
    surface: str
    start: int = 0  # offsets of `surface` inside the passage text
    end: int = 0
    quantity: Quantity | None = None
    diff: tuple[WordDiff, ...] = ()  # quote: differences against the finding's first value
    speaker: str | None = None  # quote: who is quoted, where the text says so


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    kind: FindingKind
    cluster: str | None
    sources: tuple[str, ...]
    passages: tuple[str, ...]
    summary: str
    values: tuple[FindingValue, ...] = ()
    consistent: bool | None = None
    relation: Relation | None = None
    tolerance: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CopyShare:
    """How much of one source's body text stands verbatim in another's (wire copy)."""

    source: str
    other: str
    share: float  # of `source`'s body characters, 0..1


class CopyShares(Sequence[CopyShare]):
    """A story's copy shares made into `CopyShare`s the first time they are read: a
    400-article story has 85,000 of them, which the reader never shows and which took the
    cache's decoding ~0.1 s to make. Equal to any sequence of the same shares."""

    def __init__(
        self, count: int, make: Callable[[], tuple[CopyShare, ...]], sources: frozenset[str]
    ) -> None:
        """`make` gives the `count` shares; `sources` are the sources they name."""
        self._count = count
        self._make: Callable[[], tuple[CopyShare, ...]] | None = make
        self._shares: tuple[CopyShare, ...] = ()
        self.sources = sources

    def _all(self) -> tuple[CopyShare, ...]:
        if self._make is not None:
            self._shares, self._make = self._make(), None
        return self._shares

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> CopyShare: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[CopyShare, ...]: ...
    def __getitem__(self, index: int | slice) -> CopyShare | tuple[CopyShare, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[CopyShare]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(other) == self._count and self._all() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"CopyShares({self._count})"


@dataclass(frozen=True, slots=True)
class StoryInfo:
    title: str
    path: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the engine knows about one story: the one object report and reader consume."""

    story: StoryInfo
    sources: tuple[Source, ...]
    passages: tuple[Passage, ...]
    clusters: tuple[Cluster, ...]
    findings: tuple[Finding, ...]
    notes: tuple[LoadNote, ...] = ()
    engine_version: str = ""
    copied: Sequence[CopyShare] = ()  # a tuple, or `CopyShares` from the cache
    _by_id: dict[str, Passage] = field(default_factory=dict, compare=False, repr=False)

    def passage(self, passage_id: str) -> Passage:
        if not self._by_id:
            self._by_id.update((p.id, p) for p in self.passages)
        return self._by_id[passage_id]

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    def cluster_of(self, passage_id: str) -> Cluster | None:
        for cluster in self.clusters:
            if passage_id in cluster.passages:
                return cluster
        return None
