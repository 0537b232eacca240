"""Every text style of every shipped theme reads at WCAG AA: contrast of at least 4.5:1.

The pairs are what the reader draws: each semantic style on the pane background, on every
passage tint, on the counterpart and the cursor; the chrome (title bar, counts, key line,
pane titles and notes, footer) in the colours its TCSS names. `dim` is counted as the colour
halfway to the background (what terminals roughly show), so a dim style must hold up too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.style import Style
from textual.color import Color

from tui.app.story_view import LEGEND, Palette, RowKind
from tui.themes import ThemeSpec, load_themes

AA = 4.5
THEMES = load_themes().themes


def luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def variable(variables: dict[str, str], name: str, under: Color) -> Color:
    """A Textual theme variable as drawn over `under` ("auto 87%" is a contrasting text)."""
    value = variables[name]
    if value.startswith("auto"):
        alpha = float(value.split()[1].rstrip("%")) / 100 if " " in value else 1.0
        return under.blend(under.get_contrast_text(alpha).with_alpha(1.0), alpha)
    colour = Color.parse(value)
    return under.blend(colour.with_alpha(1.0), colour.a)


def drawn(style_text: str, foreground: Color, background: Color) -> tuple[Color, Color]:
    """The text and background colours a Rich style string draws in, over a background."""
    style = Style.parse(style_text)
    fg = Color.parse(style.color.get_truecolor().hex) if style.color else foreground
    bg = Color.parse(style.bgcolor.get_truecolor().hex) if style.bgcolor else background
    if style.reverse:
        fg, bg = bg, fg
    if style.dim:
        fg = fg.blend(bg, 0.5)
    return fg, bg


def pairs(spec: ThemeSpec) -> Iterator[tuple[str, Color, Color]]:
    """(what, text colour, background colour) for everything the reader writes as text."""
    variables = spec.to_textual().to_color_system().generate()
    background = Color.parse(variables["background"])
    foreground = Color.parse(variables["foreground"])
    palette = Palette.from_semantic(spec.semantic, spec.colours.get("background"))
    grounds = {"background": background}
    for kind, tint in palette.tints.items():
        grounds[f"{kind.value} tint"] = drawn(tint, foreground, background)[1]
    grounds["counterpart"] = drawn(palette.counterpart, foreground, background)[1]
    grounds["weak counterpart"] = drawn(palette.weak(), foreground, background)[1]
    for ground_name, ground in grounds.items():
        yield f"body text on {ground_name}", *drawn("", foreground, ground)
        for kind in ("shared", "unique", "number-diverge", "number-agree", "quote-diff"):
            yield f"{kind} on {ground_name}", *drawn(spec.semantic[kind], foreground, ground)
        for kind in ("noise", "heading", "search", "counterpart", "cursor"):
            yield f"{kind} on {ground_name}", *drawn(spec.semantic[kind], foreground, ground)
        yield f"weak counterpart on {ground_name}", *drawn(palette.weak(), foreground, ground)
    for name in ("primary-background", "panel", "surface"):
        ground = Color.parse(variables[name])
        colour = variable(variables, "text", ground) if name == "primary-background" else None
        yield f"text on {name}", colour or foreground, ground
    panel = Color.parse(variables["panel"])
    for _mark, _meaning, style in LEGEND:  # the key line's marks
        yield f"key line {style}", *drawn(getattr(palette, style), foreground, panel)
    yield "pane title", variable(variables, "text-muted", background), background
    yield "focused pane title", variable(variables, "text", background), background
    yield "pane note (not in this outlet)", Color.parse(variables["warning"]), background
    footer = Color.parse(variables["footer-background"])
    for name in ("footer-key-foreground", "footer-description-foreground"):
        yield name, variable(variables, name, footer), footer


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_style_reaches_aa_contrast(name: str) -> None:
    failing = [
        f"{what}: {contrast(fg, bg):.2f} ({fg.hex} on {bg.hex})"
        for what, fg, bg in pairs(THEMES[name])
        if contrast(fg, bg) < AA
    ]
    assert not failing, "\n".join(failing)


def test_the_check_catches_a_low_contrast_style() -> None:
    spec = THEMES["coverage-dark"]
    grey = ThemeSpec(
        spec.name, spec.dark, spec.colours, {**spec.semantic, "noise": "#303030"}, spec.path,
        spec.origin,
    )  # fmt: skip
    assert any(contrast(fg, bg) < AA for what, fg, bg in pairs(grey) if what.startswith("noise"))


def test_kinds_have_tints_in_colour_themes_only() -> None:
    dark = THEMES["coverage-dark"]
    tints = Palette.from_semantic(dark.semantic, dark.colours["background"]).tints
    assert set(tints) == {RowKind.SHARED, RowKind.UNIQUE, RowKind.DIVERGING, RowKind.QUOTE}
    assert len(set(tints.values())) == 4  # each kind its own tint
    mono = THEMES["coverage-mono"]
    assert not Palette.from_semantic(mono.semantic, mono.colours["background"]).tints
