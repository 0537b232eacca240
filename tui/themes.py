"""Themes: TOML files, one theme each, shipped in themes/ and added to (or overridden) by the
user's `<user config dir>/themes/*.toml`.

A theme names Textual's colours (primary ... success) and the reader's own *semantic* styles:
Rich style strings such as "bold #5fd75f" or "reverse", so a theme can mark a kind of passage
with a colour, a text style, or both, and a monochrome theme can do without colour at all.
Each semantic style becomes three Textual theme variables the TCSS uses (`$ct-shared`,
`$ct-shared-bg`, `$ct-shared-style`), and the reader builds its Rich text from the same
strings, so nothing in a widget names a colour.

Every problem in a file (bad TOML, an unknown key, a colour that does not parse) is reported
with the file, line and key; that theme is skipped and the others still load.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

DEFAULT_THEME = "coverage-dark"
MONOCHROME_THEME = "coverage-mono"

# Textual's theme colours: primary is required, the rest derive from it when absent.
COLOURS = (
    "primary", "secondary", "accent", "foreground", "background", "surface", "panel",
    "error", "warning", "success",
)  # fmt: skip

# The reader's kinds of text, each a Rich style string.
SEMANTIC = {
    "shared": "a claim other outlets carry (its gutter mark)",
    "unique": "a claim only this outlet carries",
    "number-diverge": "a number that disagrees with another outlet's",
    "number-agree": "a number that agrees, perhaps after conversion",
    "quote-diff": "the words a quote renders differently",
    "noise": "boilerplate: cookie banners, related links, credits",
    "heading": "a section heading",
    "cursor": "the cursor passage in the focused pane",
    "counterpart": "the cursor's claim in the other panes",
    "search": "a search match",
}
_TEXT_STYLES = ("bold", "dim", "italic", "underline", "reverse", "strike")

# Text styles only, for a theme that is not ours (the TCSS needs the variables all the same).
FALLBACK_SEMANTIC = {
    "shared": "bold",
    "unique": "bold italic",
    "number-diverge": "bold reverse",
    "number-agree": "underline",
    "quote-diff": "bold underline",
    "noise": "dim italic",
    "heading": "bold",
    "cursor": "reverse",
    "counterpart": "bold italic",
    "search": "reverse underline",
}


def semantic_variables(semantic: Mapping[str, str], foreground: str) -> dict[str, str]:
    """Each semantic style as three TCSS variables: `$ct-KIND` (colour, else `foreground`),
    `$ct-KIND-bg` and `$ct-KIND-style`."""
    from rich.style import Style

    variables = {}
    for kind, text in semantic.items():
        style = Style.parse(text)
        variables[f"ct-{kind}"] = _hex(style.color) or foreground
        variables[f"ct-{kind}-bg"] = _hex(style.bgcolor) or "transparent"
        flags = [name for name in _TEXT_STYLES if getattr(style, name)]
        variables[f"ct-{kind}-style"] = " ".join(flags) or "none"
    return variables


def fallback_variables() -> dict[str, str]:
    """The `$ct-*` variables without any colour: the terminal's default and text styles."""
    return semantic_variables(FALLBACK_SEMANTIC, "ansi_default")


@dataclass(frozen=True)
class ThemeSpec:
    """One theme as read from its file."""

    name: str
    dark: bool
    colours: dict[str, str]
    semantic: dict[str, str]  # kind -> Rich style string
    path: Path
    origin: str  # "shipped" or "user"
    description: str = ""

    def textual_variables(self) -> dict[str, str]:
        """The semantic styles as TCSS variables: colour, background and text-style."""
        foreground = self.colours.get("foreground", "#e0e0e0" if self.dark else "#202020")
        return semantic_variables(self.semantic, foreground)

    def to_textual(self) -> Any:
        from textual.theme import Theme

        colour = self.colours.get
        return Theme(
            name=self.name,
            primary=self.colours["primary"],
            secondary=colour("secondary"),
            accent=colour("accent"),
            foreground=colour("foreground"),
            background=colour("background"),
            surface=colour("surface"),
            panel=colour("panel"),
            error=colour("error"),
            warning=colour("warning"),
            success=colour("success"),
            dark=self.dark,
            variables=self.textual_variables(),
        )


@dataclass
class ThemeSet:
    """Every theme found, by name, and what was wrong with the files that did not load."""

    themes: dict[str, ThemeSpec] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Every file read: path, origin, the theme's name (None if it did not load), the problem.
    files: list[tuple[Path, str, str | None, str | None]] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted(self.themes, key=lambda n: (n != DEFAULT_THEME, n))


def user_themes_dir() -> Path:
    from tui.locations import user_config_dir

    return user_config_dir() / "themes"


def load_themes(user_dir: Path | None = None) -> ThemeSet:
    """The shipped themes, then the user's (a user theme with a shipped name replaces it)."""
    from tui.locations import shipped_themes

    found = ThemeSet()
    base: dict[str, str] = {}
    for folder, origin in ((shipped_themes(), "shipped"), (user_dir or user_themes_dir(), "user")):
        if origin == "user" and DEFAULT_THEME in found.themes:
            base = found.themes[DEFAULT_THEME].semantic  # before a user theme can replace it
        try:
            paths = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in paths:
            try:
                spec = read_theme(path, origin)
            except ThemeError as error:
                found.problems.append(str(error))
                found.files.append((path, origin, None, str(error)))
                continue
            earlier = found.themes.get(spec.name)
            if earlier is not None and earlier.origin == spec.origin:
                found.problems.append(
                    f"{path}: name: {spec.name!r} is also the name in {earlier.path}; "
                    f"this file is used"
                )
            found.themes[spec.name] = spec
            found.files.append((path, origin, spec.name, None))
    _fill_missing_semantics(found, base)
    return found


class ThemeError(Exception):
    """A theme file that cannot be used; the message names the file, line and key."""


def read_theme(path: Path, origin: str = "user") -> ThemeSpec:
    from tui.files import read_capped_text

    try:
        text = read_capped_text(path)  # a FIFO, a device or a huge file is refused
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ThemeError(f"{path}: cannot read: {reason}") from None
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise ThemeError(f"{path}: not valid TOML: nested too deeply") from None
    except ValueError as error:  # TOMLDecodeError, or an integer too long to convert
        problem = "a number too long to read" if "digits" in str(error) else error
        raise ThemeError(f"{path}: not valid TOML: {problem}") from None
    return parse_theme(data, text, path, origin)


def parse_theme(data: dict[str, Any], text: str, path: Path, origin: str) -> ThemeSpec:
    """Validate a theme's data; every problem found is in the one ThemeError raised."""
    from rich.errors import StyleSyntaxError
    from rich.style import Style
    from textual.color import Color, ColorParseError

    from tui.config import line_of

    problems: list[str] = []

    def problem(key: str, message: str, table: str | None = None, line: int | None = None) -> None:
        line = line or line_of(text, key, table)
        dotted = f"{table}.{key}" if table else key
        where = f"{path}:{line}" if line else str(path)
        problems.append(f"{where}: {dotted}: {message}")

    name = data.get("name")
    if name is None:
        problem("name", "missing: every theme needs a name")
    elif not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][\w\-]*", name):
        problem("name", "expected a name of letters, digits, - and _")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        problem("dark", "expected true or false")
    description = data.get("description", "")
    if not isinstance(description, str):
        problem("description", "expected text")
    for key in data:
        if key not in ("name", "dark", "description", "colors", "reader"):
            problem(key, "unknown key")

    def section(name: str) -> dict[str, Any]:
        found = data.get(name, {})
        if isinstance(found, dict):
            return found
        problem(name, "expected a table")
        return {}

    colours: dict[str, str] = {}
    table = section("colors")
    for key, value in table.items():
        if key not in COLOURS:
            problem(key, f"unknown colour (known: {', '.join(COLOURS)})", "colors")
            continue
        try:
            if not isinstance(value, str):
                raise ColorParseError("not text")
            Color.parse(value)
        except ColorParseError:
            problem(key, f"{value!r} is not a colour", "colors")
            continue
        colours[key] = value
    if "primary" not in table:
        header = re.search(r"^[ \t]*\[[ \t]*colors[ \t]*\]", text, re.MULTILINE)
        line = text.count("\n", 0, header.start()) + 1 if header else None
        problem("primary", "missing: the primary colour is required", "colors", line)

    semantic: dict[str, str] = {}
    for key, value in section("reader").items():
        if key not in SEMANTIC:
            problem(key, f"unknown style (known: {', '.join(SEMANTIC)})", "reader")
            continue
        try:
            if not isinstance(value, str) or not value.strip():
                raise StyleSyntaxError("not text")
            style = Style.parse(value)
        except StyleSyntaxError:
            problem(key, f"{value!r} is not a style such as 'bold #5fd75f'", "reader")
            continue
        if style.link or style.meta:
            problem(key, "links are not styles", "reader")
            continue
        semantic[key] = value.strip()
    if problems:
        raise ThemeError("; ".join(problems))
    assert isinstance(name, str) and isinstance(dark, bool) and isinstance(description, str)
    return ThemeSpec(name, dark, colours, semantic, path, origin, description)


def _fill_missing_semantics(found: ThemeSet, base: dict[str, str]) -> None:
    """A theme that leaves a semantic style out takes the shipped default theme's (else a
    text style), so a user's partial copy of the default theme still gets every style."""
    for name, spec in list(found.themes.items()):
        missing = [kind for kind in SEMANTIC if kind not in spec.semantic]
        if missing:
            semantic = dict(spec.semantic)
            for kind in missing:
                semantic[kind] = base.get(kind, FALLBACK_SEMANTIC[kind])
            found.themes[name] = ThemeSpec(
                spec.name, spec.dark, spec.colours, semantic, spec.path, spec.origin,
                spec.description,
            )  # fmt: skip


def _hex(colour: Any) -> str | None:
    if colour is None or colour.is_default:
        return None
    triplet = colour.get_truecolor()
    return triplet.hex


# TEXTUAL_COLOR_SYSTEM: the values Textual (Rich) knows, and the ones we read as "no colour".
COLOUR_SYSTEMS = ("auto", "standard", "256", "truecolor", "windows")
NO_COLOUR_SYSTEMS = ("none", "no", "off", "mono", "monochrome")


def terminal_has_no_colour(environ: Mapping[str, str]) -> bool:
    """NO_COLOR (https://no-color.org), TEXTUAL_COLOR_SYSTEM=none, or a terminal that cannot
    show colour."""
    system = environ.get("TEXTUAL_COLOR_SYSTEM", "").strip().lower()
    return (
        "NO_COLOR" in environ
        or system in NO_COLOUR_SYSTEMS
        or environ.get("TERM", "") in ("dumb", "unknown")
    )


def settle_colour_system(environ: MutableMapping[str, str]) -> str | None:
    """Make TEXTUAL_COLOR_SYSTEM safe before Textual reads it (it stops with a KeyError on a
    value it does not know): "none" becomes NO_COLOR, any other unknown value is dropped and
    the returned warning says so."""
    value = environ.get("TEXTUAL_COLOR_SYSTEM")
    if value is None or value in COLOUR_SYSTEMS:
        return None
    if value.strip().lower() in COLOUR_SYSTEMS:  # " Standard": Textual wants it exact
        environ["TEXTUAL_COLOR_SYSTEM"] = value.strip().lower()
        return None
    del environ["TEXTUAL_COLOR_SYSTEM"]
    if value.strip().lower() in NO_COLOUR_SYSTEMS:
        environ.setdefault("NO_COLOR", "1")
        return None
    known = ", ".join(COLOUR_SYSTEMS)
    return f"TEXTUAL_COLOR_SYSTEM={value!r} is not one of {known} or none; ignored"
