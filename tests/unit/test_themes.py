"""Themes: the shipped ones, the user's, and broken files reported by file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.style import Style

from tui.themes import (
    DEFAULT_THEME,
    MONOCHROME_THEME,
    SEMANTIC,
    fallback_variables,
    load_themes,
    settle_colour_system,
    terminal_has_no_colour,
    user_themes_dir,
)

SHIPPED = ("coverage-dark", "coverage-light", "coverage-high-contrast", "coverage-mono")
MARKS = ("shared", "unique", "number-diverge", "number-agree", "quote-diff", "noise", "heading")


def write_theme(name: str, text: str) -> Path:
    folder = user_themes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_themes_load_without_problems() -> None:
    found = load_themes()
    assert found.problems == []
    assert set(SHIPPED) <= set(found.themes)
    assert found.names()[0] == DEFAULT_THEME
    assert not found.themes["coverage-light"].dark
    for spec in found.themes.values():
        assert set(spec.semantic) == set(SEMANTIC)
        variables = spec.to_textual().variables
        assert {f"ct-{kind}-style" for kind in SEMANTIC} <= set(variables)


def test_the_monochrome_theme_tells_every_kind_apart_without_colour() -> None:
    mono = load_themes().themes[MONOCHROME_THEME]
    styles = [Style.parse(mono.semantic[kind]) for kind in MARKS]
    assert all(style.color is None and style.bgcolor is None for style in styles)
    body_kinds = ("number-diverge", "number-agree", "quote-diff", "noise", "heading")
    looks = {str(Style.parse(mono.semantic[kind])) for kind in body_kinds}
    assert len(looks) == len(body_kinds)  # five kinds inside a passage, five looks


@pytest.mark.parametrize("name", [n for n in SHIPPED if n != MONOCHROME_THEME])
@pytest.mark.parametrize("system", [ColorSystem.STANDARD, ColorSystem.EIGHT_BIT])
def test_colour_themes_keep_kinds_apart_on_16_and_256_colour_terminals(name, system) -> None:
    spec = load_themes().themes[name]
    looks = set()
    for kind in MARKS:
        style = Style.parse(spec.semantic[kind])
        colour = style.color.downgrade(system).name if style.color else None
        flags = (style.bold, style.italic, style.underline, style.reverse, style.dim)
        looks.add((colour, flags))
    assert len(looks) == len(MARKS)


def test_a_user_theme_adds_to_and_overrides_the_shipped_ones() -> None:
    write_theme(
        "mine.toml",
        'name = "midnight"\n[colors]\nprimary = "#123456"\n[reader]\nunique = "bold #ff8800"\n',
    )
    write_theme(
        "light.toml",
        'name = "coverage-light"\ndark = false\n[colors]\nprimary = "#000000"\n',
    )
    found = load_themes()
    assert found.problems == []
    midnight = found.themes["midnight"]
    assert midnight.origin == "user" and midnight.semantic["unique"] == "bold #ff8800"
    assert midnight.semantic["shared"] == found.themes[DEFAULT_THEME].semantic["shared"]
    assert found.themes["coverage-light"].origin == "user"
    assert found.themes["coverage-light"].colours["primary"] == "#000000"


def test_a_broken_theme_is_reported_by_file_line_and_key_and_the_others_load() -> None:
    path = write_theme(
        "broken.toml",
        'name = "broken"\n'
        "shiny = true\n"
        "[colors]\n"
        'primary = "#12345"\n'
        'glow = "#ffffff"\n'
        "[reader]\n"
        'unique = "bold nonsense-colour"\n',
    )
    bad_toml = write_theme("bad.toml", 'name = "x\n')
    found = load_themes()
    assert "broken" not in found.themes and set(SHIPPED) <= set(found.themes)
    message = next(p for p in found.problems if p.startswith(str(path)))
    assert f"{path}:2: shiny: unknown key" in message
    assert f"{path}:4: colors.primary: '#12345' is not a colour" in message
    assert f"{path}:5: colors.glow: unknown colour" in message
    assert f"{path}:7: reader.unique:" in message
    assert any(
        p.startswith(f"{bad_toml}: not valid TOML") and "line 1" in p for p in found.problems
    )


def test_no_colour_terminals_are_recognised() -> None:
    assert terminal_has_no_colour({"NO_COLOR": "1", "TERM": "xterm-256color"})
    assert terminal_has_no_colour({"NO_COLOR": "", "TERM": "xterm"})  # set, even empty
    assert terminal_has_no_colour({"TERM": "dumb"})
    assert not terminal_has_no_colour({"TERM": "xterm-256color"})
    assert terminal_has_no_colour({"TEXTUAL_COLOR_SYSTEM": "none", "TERM": "xterm-256color"})
    assert not terminal_has_no_colour({"TEXTUAL_COLOR_SYSTEM": "standard"})


def test_textual_color_system_is_passed_on_read_as_no_colour_or_dropped_with_a_warning() -> None:
    for value in ("auto", "standard", "256", "truecolor"):
        environ = {"TEXTUAL_COLOR_SYSTEM": value}
        assert settle_colour_system(environ) is None
        assert environ == {"TEXTUAL_COLOR_SYSTEM": value}  # Textual honours these itself
    environ = {"TEXTUAL_COLOR_SYSTEM": "Standard"}
    assert settle_colour_system(environ) is None
    assert environ == {"TEXTUAL_COLOR_SYSTEM": "standard"}
    environ = {"TEXTUAL_COLOR_SYSTEM": "none"}
    assert settle_colour_system(environ) is None
    assert environ == {"NO_COLOR": "1"}  # Textual would stop on "none": NO_COLOR says it
    environ = {"TEXTUAL_COLOR_SYSTEM": "16"}
    warning = settle_colour_system(environ)
    assert warning is not None and "TEXTUAL_COLOR_SYSTEM='16'" in warning and "256" in warning
    assert environ == {}


def test_an_unknown_textual_color_system_is_a_warning_not_a_crash(monkeypatch, capsys) -> None:
    from tests.conftest import SEEDS
    from tui.cli import main

    monkeypatch.setenv("TEXTUAL_COLOR_SYSTEM", "sixteen")
    assert main([str(SEEDS)]) == 0  # not a terminal here: the report is printed
    error = capsys.readouterr().err
    assert "warning: TEXTUAL_COLOR_SYSTEM='sixteen' is not one of" in error


def test_a_partial_user_copy_of_the_default_theme_keeps_the_shipped_styles() -> None:
    shipped = load_themes().themes[DEFAULT_THEME].semantic
    write_theme(
        "dark.toml",
        f'name = "{DEFAULT_THEME}"\n[colors]\nprimary = "#000080"\n[reader]\nshared = "bold"\n',
    )
    mine = load_themes().themes[DEFAULT_THEME]
    assert mine.origin == "user" and mine.semantic["shared"] == "bold"
    assert mine.semantic["unique"] == shipped["unique"]  # not plain bold


def test_the_fallback_variables_carry_no_colour_and_cover_every_kind() -> None:
    variables = fallback_variables()
    assert {f"ct-{kind}" for kind in SEMANTIC} <= set(variables)
    colours = {variables[f"ct-{kind}"] for kind in SEMANTIC}
    backgrounds = {variables[f"ct-{kind}-bg"] for kind in SEMANTIC}
    assert colours == {"ansi_default"} and backgrounds == {"transparent"}


def test_a_theme_missing_its_name_or_primary_colour_says_so() -> None:
    path = write_theme("nameless.toml", 'dark = true\n\n[colors]\nbackground = "#000000"\n')
    found = load_themes()
    message = next(p for p in found.problems if p.startswith(str(path)))
    assert f"{path}: name: missing" in message
    assert f"{path}:3: colors.primary: missing" in message  # the [colors] table's line


def test_two_user_themes_with_one_name_are_reported() -> None:
    first = write_theme("a.toml", 'name = "twin"\n[colors]\nprimary = "#111111"\n')
    second = write_theme("b.toml", 'name = "twin"\n[colors]\nprimary = "#222222"\n')
    found = load_themes()
    assert found.themes["twin"].path == second  # the later file, by name, wins
    assert any(p.startswith(f"{second}: name: 'twin'") and str(first) in p for p in found.problems)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_style_carries_a_text_style_so_no_colour_downgrade_erases_it(name) -> None:
    spec = load_themes().themes[name]
    for kind in SEMANTIC:  # the cursor, counterpart and search too, not only the marks
        style = Style.parse(spec.semantic[kind])
        assert style.bold or style.italic or style.underline or style.reverse or style.dim, kind


def test_the_themes_ship_in_the_wheel_and_are_found_there(tmp_path, monkeypatch) -> None:
    import tui.locations
    from tui.themes import tomllib  # tomli on Python 3.10

    root = Path(tui.locations.__file__).resolve().parents[1]
    build = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]
    assert build["build"]["targets"]["wheel"]["force-include"]["themes"] == "tui/_data/themes"
    installed = tmp_path / "tui"
    (installed / "_data" / "themes").mkdir(parents=True)
    monkeypatch.setattr(tui.locations, "PACKAGE_DIR", installed)  # as laid out by the wheel
    assert tui.locations.shipped_themes() == installed / "_data" / "themes"


def test_a_theme_saved_with_a_byte_order_mark_loads() -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "bom.toml").write_bytes(b'\xef\xbb\xbfname = "bom"\n[colors]\nprimary = "#123456"\n')
    found = load_themes()
    assert found.problems == [] and "bom" in found.themes
