"""One story's desk: the engine's analysis, the user's corrections applied to it, and the marks
placed on the result. The reader, `coverage-tui marks` and the brief all go through here."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.desk.anchors import Placer
from tui.desk.corrections import Operation, apply_corrections
from tui.desk.store import DETACH, LINK, Correction, DeskStore, Mark, Member
from tui.model import Analysis


@dataclass
class Desk:
    store: DeskStore
    story: int
    engine: Analysis  # as the engine made it
    analysis: Analysis = field(init=False)  # with the corrections applied
    placer: Placer = field(init=False)
    marks: list[Mark] = field(default_factory=list)
    placed: dict[int, str] = field(default_factory=dict)  # mark id -> passage id
    corrections: list[Correction] = field(default_factory=list)
    applied: dict[int, bool] = field(default_factory=dict)  # correction id -> could be placed
    _in_force: tuple[int, ...] | None = None  # the corrections `analysis` was made with

    @classmethod
    def open(cls, store: DeskStore, analysis: Analysis, create: bool = True) -> Desk | None:
        """The desk of the story `analysis` is of (None when it has none and `create` is
        false: a report never adds a story to the database)."""
        placer = Placer.build(analysis)
        sources = [(placer.digests[s.id], s.id, s.outlet) for s in analysis.sources]
        path = str(Path(analysis.story.path).resolve())
        story = store.find_story(path, analysis.story.title, sources, create=create)
        if story is None:
            return None
        desk = cls(store, story, analysis)
        desk.placer = placer
        desk.reload(record=create)
        return desk

    def reload(self, record: bool = True) -> None:
        """Read marks and corrections again (another reader may have changed them), apply
        the corrections and place the marks; `record` remembers which marks are orphaned."""
        self.corrections = self.store.corrections(self.story)
        in_force = tuple(c.id for c in self.corrections)
        if in_force != self._in_force:  # findings are found again only when they changed
            operations = []
            self.applied = {}
            for correction in self.corrections:
                placed = [self.placer.place(a) for a in correction.anchors]
                ok = all(p is not None for p in placed)
                self.applied[correction.id] = ok
                if ok:
                    ids = tuple(p.id for p in placed if p is not None)
                    operations.append(Operation(correction.kind, ids))
            self.analysis = apply_corrections(self.engine, operations)
            self._in_force = in_force
        self.marks = self.store.marks(self.story)
        self.placed = {}
        for mark in self.marks:
            passage = self.placer.place(mark.anchor)
            if passage is not None:
                self.placed[mark.id] = passage.id
        if record:
            claims = {mark: self.claim_members(pid) for mark, pid in self.placed.items()}
            orphans = [m.id for m in self.marks if m.id not in self.placed]
            self.store.record_placement(self.story, claims, orphans)
            self.marks = self.store.marks(self.story)

    # -- what the reader asks ---------------------------------------------------------------

    def claim_members(self, passage_id: str) -> list[Member]:
        """The passages of the passage's claim (the passage alone when it is in none)."""
        cluster = self.analysis.cluster_of(passage_id)
        ids = cluster.passages if cluster is not None else (passage_id,)
        return [
            Member(self.analysis.source(p.source).outlet, p.text)
            for p in (self.analysis.passage(i) for i in ids)
        ]

    def mark_on(self, passage_id: str) -> Mark | None:
        """The mark on this passage, or on the claim it belongs to."""
        cluster = self.analysis.cluster_of(passage_id)
        together = set(cluster.passages) if cluster is not None else {passage_id}
        for mark in self.marks:
            if self.placed.get(mark.id) in together:
                return mark
        return None

    def marked_passages(self) -> dict[str, Mark]:
        """Every passage that shows a mark (each member of a marked claim)."""
        shown: dict[str, Mark] = {}
        for mark in self.marks:
            pid = self.placed.get(mark.id)
            if pid is None:
                continue
            cluster = self.analysis.cluster_of(pid)
            for member in cluster.passages if cluster is not None else (pid,):
                shown.setdefault(member, mark)
        return shown

    def orphans(self) -> list[Mark]:
        return [m for m in self.marks if m.id not in self.placed]

    # -- changes ----------------------------------------------------------------------------

    def toggle(self, passage_id: str, state: str) -> Mark | None:
        """Mark the passage's claim `state`, or clear that state if it has it already."""
        self.reload(record=False)
        mark = self.mark_on(passage_id)
        if mark is None:
            passage = self.analysis.passage(passage_id)
            self.store.add_mark(
                self.story,
                self.placer.anchor(passage),
                state,
                claim=self.claim_members(passage_id),
            )
        else:
            self.store.set_state(mark.id, None if mark.state == state else state)
        self.reload(record=False)
        return self.mark_on(passage_id)

    def set_note(self, passage_id: str, note: str) -> Mark | None:
        note = note.strip()
        self.reload(record=False)
        mark = self.mark_on(passage_id)
        if mark is None:
            if not note:
                return None
            passage = self.analysis.passage(passage_id)
            self.store.add_mark(
                self.story,
                self.placer.anchor(passage),
                None,
                note=note,
                claim=self.claim_members(passage_id),
            )
        else:
            self.store.set_note(mark.id, note)
        self.reload(record=False)
        return self.mark_on(passage_id)

    def link(self, first: str, second: str) -> None:
        anchors = [self.placer.anchor(self.engine.passage(p)) for p in (first, second)]
        self.store.add_correction(self.story, LINK, anchors)
        self.reload(record=False)

    def detach(self, passage_id: str) -> None:
        anchor = self.placer.anchor(self.engine.passage(passage_id))
        self.store.add_correction(self.story, DETACH, [anchor])
        self.reload(record=False)

    def undo(self, correction_id: int | None = None) -> Correction | None:
        """Undo the given correction, or the last one still in force."""
        self.reload(record=False)
        live = [c for c in self.corrections if correction_id in (None, c.id)]
        if not live:
            return None
        target = live[-1]
        self.store.set_undone(target.id)
        self.reload(record=False)
        return target


def open_desk(analysis: Analysis) -> tuple[Desk | None, str | None]:
    """The reader's desk for the story (created if need be), or None and why it cannot be
    opened: the reader then runs without marks, and says so once."""
    from tui.desk.store import DeskError

    try:
        return Desk.open(DeskStore(), analysis), None
    except DeskError as error:
        return None, f"marks are off: {error}"


def open_existing(analysis: Analysis) -> tuple[Desk | None, str | None]:
    """The desk of the story if the user ever marked or corrected it, without creating the
    database or the story (reports read, never write): (desk or None, a problem to warn of)."""
    from tui.desk.store import DeskError, default_path

    if not default_path().exists():
        return None, None
    try:
        return Desk.open(DeskStore(create=False), analysis, create=False), None
    except DeskError as error:
        return None, f"marks and corrections not read: {error}"
