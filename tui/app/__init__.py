"""The Textual reader. Only this package imports Textual; the engine never does."""

from tui.app.app import CoverageApp

__all__ = ["CoverageApp"]
