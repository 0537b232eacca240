"""Anchors: a mark's passage found again in a new analysis of the story.

A passage is known by its text and by the digest of its source's text. Where the source is
unchanged the passage is found at its offsets; where the article was edited (or renamed) it is
found by its text in the source of the same file stem or outlet, else in any source that holds
it exactly once. What cannot be found this way is orphaned: offsets alone never place a mark on
a sentence whose words changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from tui.desk.store import Anchor
from tui.model import Analysis, Passage, Source


def source_digest(source: Source) -> str:
    """What identifies an article's content across folders and file names."""
    return hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Placer:
    """Indexes of one analysis for placing anchors in it."""

    analysis: Analysis
    digests: dict[str, str] = field(default_factory=dict)  # source id -> digest
    _by_digest: dict[str, str] = field(default_factory=dict)
    _by_offset: dict[tuple[str, int], Passage] = field(default_factory=dict)
    _by_text: dict[str, dict[str, list[Passage]]] = field(default_factory=dict)
    _indexed: bool = False  # the passage indexes are built (on the first anchor placed)

    @classmethod
    def build(cls, analysis: Analysis) -> Placer:
        placer = cls(analysis)
        for source in analysis.sources:
            digest = source_digest(source)
            placer.digests[source.id] = digest
            placer._by_digest.setdefault(digest, source.id)
        return placer

    def _index_passages(self) -> None:
        """Index every passage by offset and by text, once, when an anchor is first placed: a
        story with no marks or corrections (most) never needs it, and it cost the reader of
        a 400-article story 70-150 ms before its first frame."""
        if self._indexed:
            return
        self._indexed = True
        for passage in self.analysis.passages:
            self._by_offset[(passage.source, passage.start)] = passage
            self._by_text.setdefault(passage.source, {}).setdefault(_flat(passage.text), []).append(
                passage
            )

    def anchor(self, passage: Passage) -> Anchor:
        source = self.analysis.source(passage.source)
        return Anchor(
            digest=self.digests[source.id],
            source_id=source.id,
            outlet=source.outlet,
            text=passage.text,
            start=passage.start,
            end=passage.end,
        )

    def place(self, anchor: Anchor) -> Passage | None:
        """The passage the anchor stands on now, or None (orphaned)."""
        self._index_passages()
        text = _flat(anchor.text)
        same = self._by_digest.get(anchor.digest)
        if same is not None:
            at = self._by_offset.get((same, anchor.start))
            if at is not None and _flat(at.text) == text:
                return at
            found = self._nearest(self._by_text.get(same, {}).get(text, []), anchor)
            if found is not None:
                return found
        for source in self.analysis.sources:  # the same file, or the same outlet, edited
            if source.id == anchor.source_id or (anchor.outlet and source.outlet == anchor.outlet):
                found = self._nearest(self._by_text.get(source.id, {}).get(text, []), anchor)
                if found is not None:
                    return found
        everywhere = [p for texts in self._by_text.values() for p in texts.get(text, [])]
        return everywhere[0] if len(everywhere) == 1 else None

    @staticmethod
    def _nearest(candidates: list[Passage], anchor: Anchor) -> Passage | None:
        if not candidates:
            return None
        return min(candidates, key=lambda p: abs(p.start - anchor.start))
