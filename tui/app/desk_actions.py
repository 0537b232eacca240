"""The journalist's desk in the reader: marks (v, x), notes (a), corrections of the alignment
(space, +, -, ctrl+z), and the palette's lists of marked claims and corrections.

The keys act on the focused pane's cursor, which the reader screen owns the panes of; the
bindings are the screen's (`DESK_BINDINGS`) and their actions live here, as a mixin of it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.binding import Binding

from tui.app.commands import _LiteralCommands
from tui.app.story_view import MARK_GLYPHS, StoryView, literal

if TYPE_CHECKING:
    from tui.app.screens.reader import ReaderScreen
    from tui.app.story_view import Row
    from tui.desk.session import Desk

DESK_BINDINGS = [
    Binding(
        "v",
        "mark('verified')",
        "Verified",
        show=False,
        tooltip="Mark the cursor's claim verified (v again clears it)",
        id="reader.mark_verified",
    ),
    Binding(
        "x",
        "mark('disputed')",
        "Disputed",
        show=False,
        tooltip="Mark the cursor's claim disputed (x again clears it)",
        id="reader.mark_disputed",
    ),
    Binding(
        "a",
        "note",
        "Note",
        show=False,
        tooltip="Add or edit a note on the cursor's claim",
        id="reader.note",
    ),
    Binding(
        "space",
        "select",
        "Select",
        show=False,
        tooltip="Select the cursor's passage, to link it to one in another outlet with +",
        id="reader.select",
    ),
    Binding(
        "plus",
        "link",
        "Link",
        show=False,
        tooltip="Link the selected passage and the cursor's into one claim",
        id="reader.link",
    ),
    Binding(
        "minus",
        "detach",
        "Detach",
        show=False,
        tooltip="Detach the cursor's passage from its claim",
        id="reader.detach",
    ),
    Binding(
        "ctrl+z",
        "undo",
        "Undo",
        show=False,
        tooltip="Undo the last correction of the alignment",
        id="reader.undo",
    ),
    Binding(
        "B",
        "blind_spots",
        "Blind spots",
        show=False,
        tooltip="Claims carried only by outlets of one lean (story.toml's lean)",
        id="reader.blind_spots",
    ),
]


def mark_states(desk: Desk) -> dict[str, str]:
    """Passage id -> the mark its claim shows ("verified", "disputed" or "note")."""
    return {pid: mark.state or "note" for pid, mark in desk.marked_passages().items()}


def mark_lines(desk: Desk) -> dict[str, str]:
    """Passage id -> "✓ verified by ana, 2026-03-05T10:12:00Z: the note", for the detail."""
    lines = {}
    for pid, mark in desk.marked_passages().items():
        state = mark.state or "note"
        glyph = MARK_GLYPHS[state][0]
        note = f": {mark.note}" if mark.note else ""
        lines[pid] = f"{glyph} {state} by {mark.author}, {mark.updated}{note}"
    return lines


class DeskActions:
    """What the desk keys do on the reader screen (mixed into ReaderScreen)."""

    desk: Desk | None
    selected_passage: str | None

    @property
    def _reader(self) -> ReaderScreen:
        return cast("ReaderScreen", self)

    def _cursor_row(self) -> Row | None:
        """The focused pane's passage, if it is one a mark or a correction can be put on."""
        reader = self._reader
        row = reader.panes[reader.focused_index].current
        if row is None or row.collapsed_noise:
            reader.app.bell()
            return None
        if reader.desk is None:
            reader.notify("Marks are off: the marks database could not be opened.", timeout=3)
            return None
        return row

    def _desk_failed(self, error: Exception) -> None:
        reader = self._reader
        reader.notify(f"Not saved: {error}", severity="error", markup=False, timeout=6)

    def action_mark(self, state: str) -> None:
        from tui.desk.store import DeskError

        reader = self._reader
        row = reader._cursor_row()
        if row is None or reader.desk is None:
            return
        try:
            mark = reader.desk.toggle(row.first.id, state)
        except DeskError as error:
            reader._desk_failed(error)
            return
        reader.show_marks()
        said = f"Marked {state}." if mark is not None and mark.state == state else "Mark cleared."
        reader.notify(said, timeout=2)

    def action_note(self) -> None:
        from tui.app.screens.note import NoteScreen

        reader = self._reader
        row = reader._cursor_row()
        if row is None or reader.desk is None:
            return
        passage = row.first.id
        mark = reader.desk.mark_on(passage)
        reader.app.push_screen(
            NoteScreen(literal(row.first.text), mark.note if mark else ""),
            partial(reader._note_done, passage),
        )

    def _note_done(self, passage: str, note: str | None) -> None:
        from tui.desk.store import DeskError

        reader = self._reader
        if note is None or reader.desk is None:
            return
        try:
            reader.desk.set_note(passage, note)
        except DeskError as error:
            reader._desk_failed(error)
            return
        reader.show_marks()
        reader.notify("Note saved." if note.strip() else "Note removed.", timeout=2)

    def action_select(self) -> None:
        reader = self._reader
        row = reader._cursor_row()
        if row is None:
            return
        reader.selected_passage = row.first.id
        reader.notify(
            "Passage selected: move to a passage of another outlet and press + to link them.",
            timeout=4,
        )

    def action_link(self) -> None:
        from tui.desk.store import DeskError

        reader = self._reader
        row = reader._cursor_row()
        if row is None or reader.desk is None:
            return
        selected = reader.selected_passage
        if selected is None:
            reader.notify("Select a passage first (space), then link it here with +.", timeout=3)
            return
        if reader.analysis.passage(selected).source == row.first.source:
            reader.notify("Both passages are of one outlet: link passages of two.", timeout=3)
            return
        try:
            reader.desk.link(selected, row.first.id)
        except DeskError as error:
            reader._desk_failed(error)
            return
        reader.selected_passage = None
        reader.show_corrected()
        reader.notify("Linked into one claim (ctrl+z undoes it).", timeout=3)

    def action_detach(self) -> None:
        from tui.desk.store import DeskError

        reader = self._reader
        row = reader._cursor_row()
        if row is None or reader.desk is None:
            return
        if row.cluster is None:
            reader.notify("This passage is in no claim.", timeout=2)
            return
        try:
            reader.desk.detach(row.first.id)
        except DeskError as error:
            reader._desk_failed(error)
            return
        reader.show_corrected()
        reader.notify("Detached from its claim (ctrl+z undoes it).", timeout=3)

    def action_undo(self, correction: int | None = None) -> None:
        from tui.desk.store import DeskError

        reader = self._reader
        if reader.desk is None:
            reader.app.bell()
            return
        try:
            undone = reader.desk.undo(correction)
        except DeskError as error:
            reader._desk_failed(error)
            return
        if undone is None:
            reader.app.bell()
            reader.notify("No correction to undo.", timeout=2)
            return
        reader.show_corrected()
        reader.notify(f"Undone: {undone.kind} of {undone.created}.", timeout=3)

    def action_blind_spots(self) -> None:
        from tui.app.screens.blind_spots import BlindSpotsScreen

        reader = self._reader
        reader.app.push_screen(BlindSpotsScreen(reader.analysis), reader.jump_to_claim)

    # -- redrawing --------------------------------------------------------------------------

    def show_marks(self) -> None:
        """Put the desk's marks in every pane's gutter (only the marks change)."""
        reader = self._reader
        if reader.desk is None:
            return
        reader.view.marks = mark_states(reader.desk)
        reader.view.mark_lines = mark_lines(reader.desk)
        for pane in reader.panes.made():
            if not pane.loaded:
                continue
            for row in pane.rows:
                row.mark = reader.view.marks.get(row.first.id)
            pane.restyle()

    def show_corrected(self) -> None:
        """The claims changed: rebuild every pane's rows from the corrected analysis, each
        keeping its cursor on the passage it was on."""
        reader = self._reader
        if reader.desk is None:
            return
        palette = reader.view.palette
        reader.analysis = reader.desk.analysis
        reader.view = StoryView.build(reader.analysis)
        reader.view.palette = palette
        reader.view.marks = mark_states(reader.desk)
        reader.view.mark_lines = mark_lines(reader.desk)
        reader.clusters = reader.view.clusters
        for pane in reader.panes.made():  # those made later take the new view
            pane.view = reader.view
            pane.set_expand_noise(pane.expand_noise)
        reader.refresh_counts()
        reader._sync_from_focused()


class MarkCommands(_LiteralCommands):
    """Every marked claim (and note), by its mark and wording: choosing one goes there."""

    help = "Puts the cursor on this marked claim"

    def candidates(self) -> list[tuple[str, Callable[[], object]]]:
        from tui.app.screens.reader import ReaderScreen
        from tui.engine.findings import summarise

        screen = self.screen
        if not isinstance(screen, ReaderScreen) or screen.desk is None:
            return []
        desk = screen.desk
        found: list[tuple[str, Callable[[], object]]] = []
        for mark in desk.marks:
            state = mark.state or "note"
            glyph = MARK_GLYPHS[state][0]
            passage = desk.placed.get(mark.id)
            where = "orphaned: " if passage is None else ""
            text = literal(
                f"Marked claim {glyph} {state}: {where}{summarise(mark.anchor.text, 70)}"
            )
            if passage is None:
                found.append(
                    (
                        text,
                        partial(
                            screen.notify,
                            "This mark's passage is no longer "
                            "in the story (see coverage-tui marks).",
                        ),
                    )
                )
            else:
                found.append((text, partial(screen.go_to_passage, passage)))
        return found


class CorrectionCommands(_LiteralCommands):
    """Every correction of the alignment in force: choosing one undoes it."""

    help = "Undoes this correction of the alignment"

    def candidates(self) -> list[tuple[str, Callable[[], object]]]:
        from tui.app.screens.reader import ReaderScreen
        from tui.engine.findings import summarise

        screen = self.screen
        if not isinstance(screen, ReaderScreen) or screen.desk is None:
            return []
        found: list[tuple[str, Callable[[], object]]] = []
        for correction in screen.desk.corrections:
            texts = " + ".join(f"“{summarise(a.text, 30)}”" for a in correction.anchors)
            text = literal(f"Undo correction: {correction.kind} {texts} ({correction.author})")
            found.append((text, partial(screen.action_undo, correction.id)))
        return found
