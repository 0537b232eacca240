"""The footer, recomposed only when the keys it shows change, and filled before its first frame."""

from __future__ import annotations

import contextlib

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """Textual's footer rebuilds its keys whenever the focus moves; moving between panes
    (which share their keys) would cost a relayout of the screen on every `l`/`h`. And it
    starts empty, to fill in after a refresh: on a 400-outlet story two more frames of the
    whole screen (~0.1 s) before the first key is answered. Its screen calls `fill` in its
    `on_mount`, once the focus is set: until then the bindings' changes wait for it."""

    _signature: tuple[tuple[str, str, str, bool], ...] | None = None

    def _keys_of(self, screen: Screen) -> tuple[tuple[str, str, str, bool], ...]:
        return tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        if not self._bindings_ready:  # not filled yet: `fill` composes the keys
            return
        signature = self._keys_of(screen)
        if signature == self._signature:
            return
        self._signature = signature
        super().bindings_changed(screen)

    async def fill(self) -> None:
        """The keys of the screen's focus composed at once (the screen awaits it in its
        `on_mount`, so they are in its first frame), not after the next refresh."""
        self._bindings_ready = True
        self._signature = self._keys_of(self.screen)
        # Composed as the footer's own (its keys bind to its reactives). `_context` is
        # Textual's (8.x); without it the keys still compose, bound to the active app.
        context = getattr(self, "_context", None)
        with context() if context is not None else contextlib.nullcontext():
            await self.recompose()
