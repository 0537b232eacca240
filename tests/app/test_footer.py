"""The reader's one-widget footer: it draws exactly what Textual's own Footer draws (in every
theme, with the mouse over a key or not, when the keys fit and when they do not), and a click
on a key presses it."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from tests.app.helpers import pilot_test, reader, ready
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.widgets.footer import QuietFooter
from tui.themes import load_themes

THEMES = load_themes().themes


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "detail", "Claim", tooltip="Claim detail", id="t.detail"),
        Binding("m", "matrix", "Matrix", tooltip="Coverage matrix", id="t.matrix"),
        Binding("x", "unavailable", "Unavailable", id="t.unavailable"),
        Binding("z", "hidden", "Hidden", show=False, id="t.hidden"),
        Binding("question_mark", "help", "Help", id="t.help"),
    ]

    def __init__(self, footer: Footer | QuietFooter) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Static("the body")
        yield self.footer

    def on_mount(self) -> None:
        if isinstance(self.footer, QuietFooter):
            self.footer.fill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "unavailable" else True  # shown, dimmed


class KeysApp(App[None]):
    def __init__(self, footer: Footer | QuietFooter, theme: str) -> None:
        super().__init__()
        for spec in THEMES.values():
            self.register_theme(spec.to_textual())
        self.theme = theme
        self.footer = footer

    def on_mount(self) -> None:
        self.push_screen(KeysScreen(self.footer))


async def footer_cells(footer: Footer | QuietFooter, theme: str, size, hover: int | None):
    app = KeysApp(footer, theme)
    async with app.run_test(size=size) as pilot:
        for _ in range(5):
            await pilot.pause()
        if hover is not None:
            await pilot.hover(offset=(hover, size[1] - 1))
            for _ in range(3):
                await pilot.pause()
        strip = app.screen._compositor.render_strips()[size[1] - 1]
        return [(char, str(segment.style)) for segment in strip for char in segment.text]


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize(
    ("size", "hover"),
    [((100, 10), None), ((100, 10), 12), ((100, 10), 95), ((100, 10), 30), ((40, 10), None)],
    ids=["keys", "mouse over a key", "over the palette's", "over a dimmed one", "too narrow"],
)
@pilot_test
async def test_it_draws_what_textuals_footer_draws(theme, size, hover) -> None:
    textuals = await footer_cells(Footer(), theme, size, hover)
    ours = await footer_cells(QuietFooter(), theme, size, hover)
    assert "".join(char for char, _ in ours).strip()  # keys were drawn at all
    assert ours == textuals


@pilot_test
async def test_a_new_theme_is_drawn_as_textual_would_draw_it() -> None:
    app = KeysApp(QuietFooter(), "coverage-dark")
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        app.theme = "coverage-light"
        for _ in range(3):
            await pilot.pause()
        strip = app.screen._compositor.render_strips()[9]
        ours = [(char, str(segment.style)) for segment in strip for char in segment.text]
    assert ours == await footer_cells(Footer(), "coverage-light", (100, 10), None)


@pilot_test
async def test_the_mouse_over_a_key_shows_its_tooltip() -> None:
    app = KeysApp(QuietFooter(), "coverage-dark")
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(QuietFooter)
        x = next(i for i in range(100) if (key := footer.key_at(i)) and key.key == "m")
        await pilot.hover(QuietFooter, offset=(x, 0))
        await pilot.pause()
        assert footer.tooltip == "Coverage matrix"


@pilot_test
async def test_a_click_on_a_key_in_the_readers_footer_presses_it() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        footer = reader(app).query_one(QuietFooter)
        assert "Matrix" in [key.description for key in footer.keys]
        x = next(i for i in range(160) if (key := footer.key_at(i)) and key.key == "m")
        await pilot.click(QuietFooter, offset=(x, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "MatrixScreen"
