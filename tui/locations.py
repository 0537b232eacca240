"""Where things live: shipped data inside the wheel (tui/_data) or, in a source checkout, the
repo; the user's config, cache and data in the platform's folders (platformdirs, so
XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_DATA_HOME are honoured on Linux)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
APP_NAME = "coverage-tui"


def _shipped(name: str) -> Path:
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def bundled_seeds() -> Path:
    """The five sample articles that `coverage-tui` opens when given no path."""
    return _shipped("seeds")


def shipped_themes() -> Path:
    """The themes that come with the program (themes/*.toml at the top of the repo)."""
    return _shipped("themes")


def user_config_dir() -> Path:
    """config.toml and themes/ of this user, e.g. ~/.config/coverage-tui on Linux."""
    import platformdirs

    return Path(platformdirs.user_config_path(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """Cached analyses, e.g. ~/.cache/coverage-tui on Linux."""
    import platformdirs

    return Path(platformdirs.user_cache_path(APP_NAME, appauthor=False))


def user_data_dir() -> Path:
    """What the user made and must not lose (marks, notes, corrections), e.g.
    ~/.local/share/coverage-tui on Linux."""
    import platformdirs

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False))
