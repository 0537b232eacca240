"""A story opened, and its cached analysis read, in a thread started before Textual is imported.

Importing Textual and starting the app take ~0.3 s in which the reader only waits; the story's
files can be checked (by their stamp, `tui.stamp`, else read) and its cache entry inflated
meanwhile (reading, hashing and zstd let go of the interpreter's lock), so the reader of a
cached 400-article story is up ~0.3 s sooner. A miss costs nothing: the app analyses the story
it was handed, as it would have (and shows its loading screen at once; while an entry is being
read the loading screen waits, see `tui.app.app.LOADING_DELAY`), and stamps what was read.

The command line waits for `checked` before it starts the reader: a path that cannot be opened
is its one-line error, not a full-screen one. Without the cache (`--no-cache`) the story is
only opened here.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.desk.session import Desk
    from tui.engine.load import Collection, LoadedStory
    from tui.model import Analysis
    from tui.stamp import Reading


class Preload:
    """What `open_path(path)` gives and the cache's analysis of it (None on a miss, and
    always without `use_cache`), at `link_threshold` (None: the engine's own)."""

    def __init__(
        self,
        path: Path,
        *,
        follow_symlinks: bool,
        link_threshold: float | None,
        semantic: bool | str,
        use_cache: bool = True,
    ) -> None:
        self.path = path
        self.use_cache = use_cache
        self.follow_symlinks = follow_symlinks
        self.link_threshold = link_threshold
        self.semantic = semantic
        self._opened: LoadedStory | Collection | None = None
        self._analysis: Analysis | None = None
        self._error: Exception | None = None
        self._checked = threading.Event()  # set once it is known whether the path opens
        self._open_error: Exception | None = None  # what opening it raised, if it did
        # What opening the story read, on a miss: the app stamps it once it has the analysis.
        self.reading: Reading | None = None
        # On a hit, the story's marks and corrections (`open_desk`), opened here too: the
        # reader then waits neither for the database nor for the marks to be placed.
        self.desk: tuple[Desk | None, str | None] | None = None
        self._thread = threading.Thread(target=self._run, name="coverage-preload", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from tui.cache import cached_analysis, cached_story
        from tui.desk.session import open_desk
        from tui.engine.collector import collector_paused, settle_collector
        from tui.engine.identity import LINK_THRESHOLD
        from tui.engine.load import LoadedStory, open_path
        from tui.stamp import recorded

        threshold = LINK_THRESHOLD if self.link_threshold is None else self.link_threshold
        try:
            with collector_paused():  # frozen before the collector is back (see `_load`)
                # The story's files as stamped when it was last read: none read again.
                hit = (
                    cached_story(
                        self.path,
                        self.follow_symlinks,
                        threshold,
                        self.semantic,
                        on_unchanged=self._checked.set,
                    )
                    if self.use_cache
                    else None
                )
                if hit is not None:
                    self._opened, self._analysis = hit
                elif not self.use_cache:
                    self._opened = open_path(self.path, self.follow_symlinks)
                    self._checked.set()
                else:
                    with recorded(self.path, self.follow_symlinks) as reading:
                        self._opened = open_path(self.path, self.follow_symlinks)
                    self._checked.set()
                    if isinstance(self._opened, LoadedStory):
                        self.reading = reading
                        self._analysis = cached_analysis(
                            self._opened, threshold, semantic=self.semantic, reading=reading
                        )
                if self._analysis is not None:
                    self.desk = open_desk(self._analysis)
                    settle_collector()
        except Exception as error:  # raised again where the app would have met it
            self._error = error
            if not self._checked.is_set():
                self._open_error = error  # the path itself could not be opened
        finally:
            self._checked.set()

    def checked(self) -> None:
        """Wait until it is known whether the path opens (its files found as stamped, or
        opened), and raise what opening it raised: an InputError for a missing path, a
        folder without articles... What goes wrong after that (reading the cache entry)
        is left to the app, as before."""
        self._checked.wait()
        if self._open_error is not None:
            raise self._open_error

    def may_hit(self) -> bool:
        """False once it is known there is no cached analysis to give (no entry, an entry
        that did not fit, a collection, or the path could not be opened)."""
        return self.use_cache and (self._thread.is_alive() or self._analysis is not None)

    def result(self) -> tuple[LoadedStory | Collection, Analysis | None]:
        """The opened story (or collection) and its cached analysis, once they are there;
        raises what opening the path raised."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._opened is not None
        return self._opened, self._analysis
