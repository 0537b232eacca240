"""Shared fixtures: the sample story and its analysis, computed once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
EVAL = ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Never read or write the developer's own config, cache or data."""
    home = tmp_path_factory.mktemp("home")
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    # The developer's terminal must not choose the theme (NO_COLOR picks the monochrome one).
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_COLOR_SYSTEM", raising=False)
    if os.environ.get("TERM", "") in ("dumb", "unknown"):
        monkeypatch.setenv("TERM", "xterm-256color")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seeds_analysis():
    from tui.engine.pipeline import analyse

    return analyse(SEEDS)


def seed_source(prefix: str) -> str:
    """The source id of the seed file whose name starts with `prefix` (e.g. "003")."""
    return next(p.stem for p in SEEDS.glob(f"{prefix}_*"))


def lean_story(folder: Path) -> tuple[Path, str]:
    """Three outlets, two labelled left and one right in story.toml: a claim all three carry
    and one (returned) that only the two left ones do, a blind spot."""
    folder.mkdir()
    shared = "The council approved the new harbour plan on Monday after a long debate."
    one_side = "Residents near the docks said the plan ignores the flooding they face every winter."
    (folder / "a.txt").write_text(f"{shared} {one_side}\n", encoding="utf-8")
    (folder / "b.txt").write_text(f"{shared} {one_side}\n", encoding="utf-8")
    (folder / "c.txt").write_text(f"{shared} The mayor praised the vote.\n", encoding="utf-8")
    (folder / "story.toml").write_text(
        '[sources."a.txt"]\nlean = "left"\n[sources."b.txt"]\nlean = "left"\n'
        '[sources."c.txt"]\nlean = "right"\n',
        encoding="utf-8",
    )
    return folder, one_side


@pytest.fixture
def count_analyses(monkeypatch) -> list[str]:
    """Every analysis actually computed (not read from the cache), by story path."""
    from tui import cache
    from tui.engine.pipeline import analyse_story

    computed: list[str] = []

    def counting(story, progress=None, link_threshold=0.5, semantic=True):
        computed.append(str(story.path))
        return analyse_story(story, progress, link_threshold, semantic)

    monkeypatch.setattr(cache, "analyse_story", counting)
    return computed
