"""The HTML brief in a real headless Chromium (Debian's package, over the DevTools protocol):
one file that renders on its own, every section on the page and visible."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.serve.cdp import CHROMIUM, Browser
from tui.cli import main

SECTION_IDS = ("timeline", "core", "alone", "numbers", "quotes", "copied", "marks")

_VISIBLE = """
JSON.stringify([...document.querySelectorAll('section')].map(s => {
  const r = s.getBoundingClientRect(); const style = getComputedStyle(s);
  return {id: s.id, heading: s.querySelector('h2').innerText, height: r.height,
          width: r.width, shown: style.display !== 'none' && style.visibility !== 'hidden'};
}))
"""


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian: chromium)")
def test_the_html_brief_renders_with_every_section_visible(tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    assert main(["brief", str(SEEDS), "--format", "html", "--output", str(page)]) == 0

    async def visit() -> tuple[list[dict[str, object]], bytes, int]:
        browser = Browser(tmp_path / "profile")
        try:
            await browser.open()
            await browser.call("Page.navigate", url=page.as_uri())
            await asyncio.sleep(1.0)
            result = await browser.call("Runtime.evaluate", expression=_VISIBLE)
            sections = json.loads(result["result"]["value"])
            requests = await browser.call(
                "Runtime.evaluate",
                expression="performance.getEntriesByType('resource').length",
            )
            shot = await browser.screenshot(tmp_path / "brief.png")
            return sections, shot, int(requests["result"]["value"])
        finally:
            await browser.close()

    sections, shot, fetched = asyncio.run(visit())
    assert [s["id"] for s in sections] == list(SECTION_IDS)
    for section in sections:
        assert section["shown"] and section["height"] > 20 and section["width"] > 300, section
    assert sections[1]["heading"] == "The core: what most outlets report"
    assert fetched == 0  # self-contained: nothing loaded from anywhere
    assert shot.startswith(b"\x89PNG") and len(shot) > 20_000  # a page of text, not blank
