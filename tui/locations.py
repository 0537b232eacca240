"""Where shipped data lives: inside the wheel (tui/_data) or, in a source checkout, the repo."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def bundled_seeds() -> Path:
    """The five sample articles that `coverage-tui` opens when given no path."""
    return _shipped("seeds")


def shipped_themes() -> Path:
    return _shipped("themes")
