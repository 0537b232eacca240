"""Command palette entries that carry article text ("Jump to claim: ..."), built as Content.

Textual's `Matcher.highlight` parses its candidate as markup, so a claim containing "[b]" would
be mangled: the hit is highlighted here from the matcher's offsets on a literal Content.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from tui.app.story_view import literal, pane_title, plural


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


class _LiteralCommands(Provider):
    """Palette entries built from article text: matched and highlighted as literal Content."""

    help = ""

    def candidates(self) -> list[tuple[str, Callable[[], object]]]:
        """(text shown, what choosing it does) for the reader on screen."""
        raise NotImplementedError

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback in self.candidates():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, highlight(matcher, text), callback, text=text, help=self.help)


class ClaimCommands(_LiteralCommands):
    """Every shared claim, by its first wording: choosing one puts the cursor on it."""

    help = "Puts the cursor on this claim"

    def candidates(self) -> list[tuple[str, Callable[[], object]]]:
        from tui.app.screens.reader import ReaderScreen
        from tui.engine.findings import summarise

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return []
        analysis = screen.analysis
        return [
            (
                literal(
                    f"Jump to claim ({plural(len(set(cluster.sources)), 'outlet')}): "
                    + summarise(analysis.passage(cluster.passages[0]).text, 70)
                ),
                partial(screen.jump_to_claim, cluster.id),
            )
            for cluster in analysis.clusters
        ]


class SourceCommands(_LiteralCommands):
    """Every source by number, outlet and title: the digit keys reach only the first nine."""

    help = "Focuses this source's pane"

    def candidates(self) -> list[tuple[str, Callable[[], object]]]:
        from tui.app.screens.reader import ReaderScreen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return []
        return [
            (
                literal(f"Go to source {number}: {pane_title(source)}"),
                partial(screen.action_focus_source, number - 1),
            )
            for number, source in enumerate(screen.analysis.sources, start=1)
        ]
