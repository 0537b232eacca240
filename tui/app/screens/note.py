"""The note editor: one line of free text on the cursor's claim. Enter or ctrl+s keeps it,
escape leaves the note as it was; an emptied note is removed."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note typed (possibly empty), or None when cancelled."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen #note-box {
        width: 90%; max-width: 100; height: auto;
        border: round $accent; background: $surface; padding: 0 1;
    }
    NoteScreen #note-claim { color: $text-muted; margin-bottom: 1; }
    NoteScreen #note-keys { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="note.save"),
    ]

    def __init__(self, claim: str, note: str) -> None:
        """`claim` is the passage's text (shown, never parsed), `note` the note so far."""
        super().__init__()
        self.claim = claim
        self.note = note

    def compose(self) -> ComposeResult:
        box = Vertical(id="note-box")
        box.border_title = Content("note on this claim")
        with box:
            yield Static(Content(self.claim), id="note-claim")
            yield Input(
                self.note,
                placeholder="a note for this claim",
                id="note-input",
                select_on_focus=False,
            )
            yield Static(Content("enter or ctrl+s: save · escape: cancel"), id="note-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_save(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
