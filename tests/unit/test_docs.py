"""The README's picture and links point at files that exist in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\]\(([^)#\s]+)\)")


def test_readme_links_and_picture_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = [t for t in LINK.findall(readme) if "://" not in t]
    assert "docs/reader.svg" in targets  # the picture of the reader
    missing = [t for t in targets if not (ROOT / t).exists()]
    assert missing == []
    picture = (ROOT / "docs" / "reader.svg").read_text(encoding="utf-8")
    assert picture.lstrip().startswith("<svg") and "coverage-tui" in picture


def test_the_readme_theme_and_config_examples_are_valid(tmp_path: Path) -> None:
    from tui.config import parse_config, tomllib  # tomli on Python 3.10
    from tui.themes import parse_theme

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", readme, re.S)
    theme = next(b for b in blocks if b.startswith('name = "midnight"'))
    config = next(b for b in blocks if b.startswith('theme = "coverage-light"'))
    spec = parse_theme(tomllib.loads(theme), theme, tmp_path / "midnight.toml", "user")
    assert spec.semantic["unique"] == "bold #ff8800"
    settings, warnings = parse_config(tomllib.loads(config), config, tmp_path / "config.toml")
    assert warnings == [] and settings.sources_side_by_side == 3
    from tui.keymap import checked_config

    checked, warnings = checked_config(settings)  # and its keymap works in the reader
    assert warnings == [] and checked.keys == settings.keys
