"""The editor's brief (Markdown, JSON, HTML) and the Markdown report's escaping, on the seeds
and on a shared five-outlet story given outlet names, dates and leans in story.toml."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import EVAL, SEEDS, lean_story
from tui.cli import main
from tui.desk.session import Desk
from tui.desk.store import DeskStore
from tui.engine.pipeline import analyse
from tui.model import FindingKind

SHARED = EVAL / "stories" / "event_0"
LEANS = {
    "01_huffpost": ("HuffPost", "left", "2018-04-18"),
    "02_nytimes": ("The New York Times", "lean-left", "2018-04-17"),
    "03_usatoday": ("USA Today", "center", "2018-04-18"),
    "04_foxnews": ("Fox News", "lean-right", "2018-04-17"),
    "05_breitbart": ("Breitbart", "right", "2018-04-19"),
}
SECTIONS = (
    "Headlines and timeline",
    "The core: what most outlets report",
    "What each outlet alone says",
    "Numbers that disagree",
    "Quotes worded differently",
    "Marks and notes",
)


@pytest.fixture
def shared_story(tmp_path: Path) -> Path:
    folder = tmp_path / "pompeo"
    shutil.copytree(SHARED, folder)
    lines = ['[story]\ntitle = "Pompeo met Kim Jong Un"\n']
    for stem, (outlet, lean, date) in LEANS.items():
        lines.append(
            f'[sources."{stem}.txt"]\noutlet = "{outlet}"\nlean = "{lean}"\ndate = {date}\n'
        )
    (folder / "story.toml").write_text("\n".join(lines), encoding="utf-8")
    return folder


def _brief(path: Path, fmt: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["brief", str(path), "--format", fmt, *extra]) == 0
    return capsys.readouterr().out


def _headings(markdown: str) -> list[str]:
    tokens = MarkdownIt().parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_the_markdown_brief_of_the_seeds_has_every_section_and_reads_well_raw(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _brief(SEEDS, "markdown", capsys)
    headings = _headings(out)
    for section in SECTIONS:
        assert section in headings
    # ordinary punctuation is not escaped; file stems never stand in for outlet names
    assert "\\." not in out and not re.search(r"\w\\_\w", out)
    assert "000_321e8bb5b7ded788" not in out
    assert "london-news-net.preview-domain.com" in out
    # every quote worded differently is there, with its speaker where the engine knows it
    analysis = analyse(SEEDS)
    quotes = [f for f in analysis.findings if f.kind is FindingKind.QUOTE]
    assert out.count(" quoted differently") >= len(quotes) > 0
    speakers = {v.speaker for f in quotes for v in f.values if v.speaker}
    assert speakers and all(f"({s})" in out for s in speakers)
    # rendered, the article text is text: no link, emphasis or HTML from it
    html = MarkdownIt().render(out)
    assert "<a " not in html and "<script" not in html
    # the same brief as data
    document = json.loads(_brief(SEEDS, "json", capsys))
    assert len(document["timeline"]) == 5 and len(document["quotes"]) == len(quotes)
    assert all(len(c["outlets"]) >= 3 for c in document["core"])


def test_the_brief_of_a_shared_story_names_outlets_orders_the_timeline_and_counts_leans(
    shared_story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(_brief(shared_story, "json", capsys))
    assert document["schema"] == "coverage-tui/brief@1"
    assert [o["name"] for o in document["timeline"]] == [
        "Fox News", "The New York Times", "HuffPost", "USA Today", "Breitbart",
    ]  # fmt: skip
    assert [o["date"] for o in document["timeline"]] == sorted(
        o["date"] for o in document["timeline"]
    )
    assert document["core"], "five outlets on one event share some claims"
    for claim in document["core"]:
        assert len(claim["outlets"]) * 2 >= 5
        assert sum(claim["leans"].values()) == len(claim["outlets"])
    assert set(document["alone"]) <= {name for name, _, _ in LEANS.values()}
    markdown = _brief(shared_story, "markdown", capsys)
    assert "01_huffpost" not in markdown and "HuffPost" in markdown
    assert "(left)" in markdown and "lean-right" in markdown
    html = _brief(shared_story, "html", capsys)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    for section in SECTIONS:
        assert section in html


def test_the_json_report_carries_each_sources_lean(
    shared_story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(shared_story), "--format", "json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert {s["outlet"]: s["lean"] for s in sources} == {o: lean for o, lean, _ in LEANS.values()}


def test_blind_spots_are_claims_carried_by_one_lean_only(tmp_path: Path) -> None:
    from tui.report.brief import build_brief

    folder, one_side = lean_story(tmp_path / "story")
    brief = build_brief(analyse(folder, semantic=False))
    assert [c.wording for c in brief.blind_spots] == [one_side]
    assert brief.blind_spots[0].leans == {"left": 2}


def test_marks_and_notes_appear_with_who_and_when_and_marked_only_keeps_just_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = tmp_path / "story"
    shutil.copytree(SEEDS, story)
    analysis = analyse(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    claim = analysis.clusters[0]
    desk.toggle(claim.passages[0], "disputed")
    desk.set_note(claim.passages[0], "the ministry denies this")
    desk.store.close()

    document = json.loads(_brief(story, "json", capsys, "--marked-only"))
    assert document["marked_only"] is True
    assert len(document["core"]) == 1
    assert document["core"][0]["mark"]["mark"] == "disputed"
    (mark,) = document["marks"]
    assert mark["note"] == "the ministry denies this" and mark["author"]
    assert mark["made"].endswith("Z") and mark["orphaned"] is False
    assert document["alone"] == {} and document["quotes"] == []

    markdown = _brief(story, "markdown", capsys)
    assert "✗ disputed" in markdown and "the ministry denies this" in markdown


def test_the_markdown_report_no_longer_escapes_ordinary_punctuation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "01_herald.txt").write_text(
        "Voters back the plan - Election.\n\nThe *new* [bridge](x) opens in May, a "
        "spokesperson said.\n\nShare this article\n",
        encoding="utf-8",
    )
    (folder / "02_courier.txt").write_text(
        "Plan backed\n\nThe new bridge opens in May, a spokesperson said.\n", encoding="utf-8"
    )
    assert main(["report", str(folder), "--format", "markdown", "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "01_herald" in out and "01\\_herald" not in out
    assert "Election." in out and "Election\\." not in out
    assert out.splitlines()[2].endswith("· 1 noise line")  # "Share this article"
    html = MarkdownIt().render(out)
    assert "<em>new</em>" not in html and '<a href="x"' not in html


def test_hostile_article_text_is_inert_in_every_brief(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    evil = "<script>alert(1)</script> [click](javascript:x) \x1b[2J \u202e"
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(
            f"Headline {name}\n\nThe council said {evil} the harbour plan passed on Monday.\n",
            encoding="utf-8",
        )
    html = _brief(folder, "html", capsys)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "\x1b" not in html and "\u202e" not in html
    markdown = _brief(folder, "markdown", capsys)
    assert "\x1b" not in markdown and "\u202e" not in markdown
    rendered = MarkdownIt().render(markdown)
    assert "<script>" not in rendered and "<a " not in rendered and "href" not in rendered


def test_the_core_shows_claims_that_say_something_in_their_most_typical_wording() -> None:
    """A quoted exclamation five outlets repeat ("It's insane.") is no claim to brief an editor
    on, and a claim is shown in its most strongly linked member's words, not in whichever
    outlet's file comes first."""
    from tui.engine.text import content_tokens
    from tui.report.brief import build_brief

    analysis = analyse(EVAL / "stories" / "event_4")
    brief = build_brief(analysis)
    assert brief.core
    by_id = {c.id: c for c in analysis.clusters}
    for claim in brief.core:
        assert len(set(content_tokens(claim.wording))) >= 4, claim.wording
        cluster = by_id[claim.claim]
        shown = next(
            p
            for p in cluster.passages
            if analysis.passage(p).text.startswith(claim.wording.rstrip("…")[:40])
        )
        assert cluster.strength(shown) == max(cluster.strength(p) for p in cluster.passages)
