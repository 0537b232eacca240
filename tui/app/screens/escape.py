"""Escape typed just before another key, as a terminal sends it: one key, alt+KEY."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


def close_and_pass_on(screen: Screen[None], event: events.Key) -> bool:
    """On alt+KEY (escape then KEY in one burst) close `screen` and give KEY to the screen
    below, as the user meant; True when it did."""
    key = event.key
    if not key.startswith("alt+") or len(key) <= 4:
        return False
    event.stop()
    event.prevent_default()
    app = screen.app
    screen.dismiss()
    app.call_later(app.simulate_key, key[4:])
    return True
