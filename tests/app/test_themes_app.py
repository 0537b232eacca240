"""Themes and settings in the running reader: live switching, precedence, keymap, no colour."""

from __future__ import annotations

import re

import pytest
from textual.pilot import Pilot

from tests.app.helpers import (
    palette_choose,
    palette_search,
    panes,
    pilot_test,
    reader,
    ready,
    screen_lines,
)
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.config import Config, default_config_path, load_config
from tui.themes import DEFAULT_THEME, MONOCHROME_THEME

SHIPPED = ("coverage-dark", "coverage-light", "coverage-high-contrast", "coverage-mono")


def gutter_styles(app: CoverageApp) -> set[str]:
    """The styles the screen draws the gutter marks (● shared, ★ unique) in."""
    styles = set()
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            if "●" in segment.text or "★" in segment.text:
                styles.add(str(segment.style))
    return styles


def _greys_only(style: str) -> bool:
    colours = re.findall(r"#([0-9a-f]{6})", style)
    return all(c[0:2] == c[2:4] == c[4:6] for c in colours)


@pilot_test
async def test_t_switches_the_theme_live_and_remembers_it() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.theme == DEFAULT_THEME
        before = gutter_styles(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.theme != DEFAULT_THEME
        assert gutter_styles(app) != before  # the rows were redrawn in the new theme's styles
        assert load_config()[0].theme == app.theme  # remembered in the user's config
        for _ in range(len(app.theme_set.names()) - 1):
            await pilot.press("t")
        await pilot.pause()
        assert app.theme == DEFAULT_THEME  # t cycles through every theme


@pilot_test
async def test_the_palette_lists_the_themes_by_name() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await palette_choose(pilot, "theme: coverage-light", "Theme: coverage-light")
        assert app.theme == "coverage-light"
        assert load_config()[0].theme == "coverage-light"


@pilot_test
async def test_a_theme_description_is_shown_as_written_in_the_palette() -> None:
    from tui.themes import user_themes_dir

    user_themes_dir().mkdir(parents=True)
    (user_themes_dir() / "odd.toml").write_text(
        'name = "odd"\ndescription = "[b]not bold[/b] and [/] a stray tag"\n'
        '[colors]\nprimary = "#336699"\n'
    )
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        shown = await palette_search(pilot, "theme: odd")  # markup would fail on "[/]"
        assert any("[b]not bold[/b] and [/] a stray tag" in line for line in shown)


@pilot_test
async def test_the_command_line_theme_beats_the_config_and_the_config_beats_the_default() -> None:
    app = CoverageApp(SEEDS, config=Config(theme="coverage-light"))
    assert app.theme == "coverage-light"
    app = CoverageApp(SEEDS, config=Config(theme="coverage-light"), theme="coverage-mono")
    assert app.theme == "coverage-mono"
    app = CoverageApp(SEEDS, config=Config(theme="no-such-theme"))
    assert app.theme == DEFAULT_THEME
    assert any("'no-such-theme' is not a theme" in notice for notice in app.notices)


@pilot_test
async def test_no_color_picks_the_monochrome_theme(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = CoverageApp(SEEDS)
    assert app.theme == MONOCHROME_THEME
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        styles = gutter_styles(app)
        assert len(styles) >= 2  # shared and unique marks look different...
        assert all(_greys_only(style) for style in styles)  # ...without any hue
    asked = CoverageApp(SEEDS, theme="coverage-light")  # the command line still wins
    assert asked.theme == "coverage-light"
    remembered = CoverageApp(SEEDS, config=Config(theme="coverage-light"))  # a config does not
    assert remembered.theme == MONOCHROME_THEME


@pilot_test
async def test_under_no_color_the_marks_differ_by_text_style_alone(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        looks: dict[str, set[tuple[bool, ...]]] = {}
        for strip in app.screen._compositor.render_strips():
            segments = list(strip)
            for line_filter in app._filters:  # what reaches the terminal: Textual's greying too
                segments = line_filter.apply(segments, app.screen.styles.background)
            for segment in segments:
                style = segment.style
                mark = segment.text.strip()[-1:]
                if style is None or mark not in ("●", "★", "=", "“") or len(segment.text) > 3:
                    continue
                assert _greys_only(str(style))
                if not style.reverse:  # the cursor row reverses everything in it
                    looks.setdefault(mark, set()).add(
                        (bool(style.bold), bool(style.italic), bool(style.underline))
                    )
        assert set(looks) == {"●", "★", "=", "“"}  # shared, unique, number agrees, quote
        assert all(len(flags) == 1 for flags in looks.values())
        assert len({next(iter(flags)) for flags in looks.values()}) == 4  # four looks


@pilot_test
async def test_a_terminal_without_colour_picks_the_monochrome_theme(monkeypatch) -> None:
    monkeypatch.setenv("TERM", "dumb")  # Rich finds no colour system for it
    app = CoverageApp(SEEDS)
    assert app.console.color_system is None
    assert app.theme == MONOCHROME_THEME


@pilot_test
async def test_a_textual_theme_still_draws_the_reader() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.theme = "textual-light"  # not ours: the $ct-* variables fall back, no CSS error
        await pilot.press("j")
        await pilot.pause()
        assert app.theme == "textual-light"
        assert any("●" in line for line in screen_lines(app))


@pilot_test
async def test_config_settings_shape_the_reader() -> None:
    config = Config(sources_side_by_side=1, noise="shown", keys={"reader.cursor_down": "s"})
    app = CoverageApp(SEEDS, config=config)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert sum(1 for pane in panes(app) if pane.display) == 1  # capped at one pane
        assert reader(app).expand_noise
        assert not any(row.collapsed_noise for row in panes(app)[0].rows)
        pane = panes(app)[0]
        await pilot.press("s")
        await pilot.pause()
        assert pane.cursor == 1  # the keymap moved "next passage" to s


@pilot_test
async def test_an_unknown_binding_id_in_the_keymap_is_reported() -> None:
    keys = {"reader.fly": "f", "stories.quit": "x", "error.back": "b"}
    app = CoverageApp(SEEDS, config=Config(keys=keys))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "reader.fly" in shown
        assert "stories.quit" not in shown and "error.back" not in shown  # ids that exist


@pilot_test
async def test_a_broken_theme_file_is_shown_and_the_default_theme_starts() -> None:
    from tui.themes import user_themes_dir

    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "bad.toml").write_text('name = "bad"\n[colors]\nprimary = "nope"\n')
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert any("bad.toml:3: colors.primary" in line for line in screen_lines(app))


def test_the_theme_choice_goes_to_the_config_named_on_the_command_line(tmp_path) -> None:
    chosen = tmp_path / "mine.toml"
    chosen.write_text("# mine\n", encoding="utf-8")
    config, _ = load_config(chosen)
    app = CoverageApp(SEEDS, config=config)
    app.switch_theme("coverage-light")
    assert 'theme = "coverage-light"' in chosen.read_text(encoding="utf-8")
    assert not default_config_path().exists()


@pytest.mark.parametrize("theme", SHIPPED)
def test_each_shipped_theme_at_80x24(snap_compare, theme: str) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(CoverageApp(SEEDS, theme=theme), terminal_size=(80, 24), run_before=settle)


@pilot_test
async def test_the_claim_screen_follows_a_theme_change() -> None:
    from tui.app.screens.claim import ClaimScreen

    app = CoverageApp(SEEDS)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        before = _text_styles(app)
        app.switch_theme("coverage-light")  # what the palette's "Theme: ..." entry does
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        light_number = "#005a80"  # coverage-light's number-agree colour, a Rich style
        assert not any(light_number in style for style in before)
        assert any(light_number in style for style in _text_styles(app))


def _text_styles(app: CoverageApp) -> set[str]:
    return {
        str(segment.style)
        for strip in app.screen._compositor.render_strips()
        for segment in strip
        if segment.text.strip()
    }
