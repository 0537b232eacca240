"""Command palette entries that carry article text ("Jump to claim: ..."), built as Content.

Textual's `Matcher.highlight` parses its candidate as markup, so a claim containing "[b]" would
be mangled: the hit is highlighted here from the matcher's offsets on a literal Content.
"""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.app.story_view import literal


def highlight(matcher: Matcher, candidate: str) -> Content:
    """The candidate as literal Content with the fuzzy match marked."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class ClaimCommands(Provider):
    """Every shared claim, by its first wording: choosing one puts the cursor on it."""

    def candidates(self) -> list[tuple[str, str]]:
        from tui.app.screens.reader import ReaderScreen
        from tui.engine.findings import summarise

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return []
        analysis = screen.analysis
        return [
            (
                cluster.id,
                literal(
                    f"Jump to claim ({len(set(cluster.sources))} outlets): "
                    + summarise(analysis.passage(cluster.passages[0]).text, 70)
                ),
            )
            for cluster in analysis.clusters
        ]

    async def search(self, query: str) -> Hits:
        from tui.app.screens.reader import ReaderScreen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return
        matcher = self.matcher(query)
        for cluster_id, text in self.candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    highlight(matcher, text),
                    partial(screen.jump_to_claim, cluster_id),
                    text=text,
                    help="Puts the cursor on this claim",
                )
