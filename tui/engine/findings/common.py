"""What every finder uses: the claim each passage is in, and a text cut to one line for
a finding's summary."""

from __future__ import annotations

from tui.engine.align import Alignment


def _cluster_index(alignment: Alignment) -> dict[str, str]:
    return {pid: c.id for c in alignment.clusters for pid in c.passages}


def summarise(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
