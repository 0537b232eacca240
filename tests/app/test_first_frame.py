"""The reader's first frame in a real process on a pseudo-terminal: complete, and on a cached
story not preceded by a loading screen (bench/reader.py's terminal, which answers the app's
query for synchronized output, so every frame is bracketed and can be read whole)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.reader import FRAME_END, FRAME_START, READER, Terminal
from tests.conftest import SEEDS


def frames_until_reader(story: Path) -> tuple[list[bytes], bytes]:
    """Every frame before the reader's first one, and that first frame, whole."""
    terminal = Terminal(story, (120, 30), cache=True)
    seen = b""
    try:
        while True:
            if not terminal.read(120):
                raise AssertionError(f"no reader within 120 s; the terminal got {seen[-500:]!r}")
            seen += terminal.pending
            terminal.pending = b""
            if READER in seen and FRAME_END in seen[seen.index(READER) :]:
                break
    finally:
        terminal.stop()
    frames = [part.split(FRAME_END)[0] for part in seen.split(FRAME_START)[1:]]
    index = next(i for i, frame in enumerate(frames) if READER in frame)
    return frames[:index], frames[index]


def test_the_first_frame_of_the_reader_already_shows_the_footer_keys(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    _, frame = frames_until_reader(story)
    assert b"Matrix" in frame and b"Help" in frame  # not filled in a frame or two later


def test_a_cached_story_opens_on_the_reader_without_a_loading_screen(tmp_path: Path) -> None:
    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    cold, _ = frames_until_reader(story)  # analysed: the loading screen says what it does
    assert any(b"reading" in frame or b"segmenting" in frame for frame in cold)
    cached, frame = frames_until_reader(story)
    assert not any(b"reading" in frame for frame in cached)
    assert b" sources" in frame and b"Matrix" in frame
