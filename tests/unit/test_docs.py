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
