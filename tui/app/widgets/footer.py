"""The footer, recomposed only when the keys it shows change."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's footer rebuilds its keys whenever the focus moves; moving between panes
    (which share their keys) would cost a relayout of the screen on every `l`/`h`."""

    _signature: tuple[tuple[str, str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        signature = tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        if signature == self._signature:
            return
        self._signature = signature
        super().bindings_changed(screen)
