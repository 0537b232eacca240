"""The desk's keys in the reader, as a user meets them: v and x mark the cursor's claim (the
gutter shows it on every member, the claim detail and the palette too), a writes a note,
space + links two passages into one claim, - detaches one, ctrl+z undoes; the matrix filters
to marked claims; and all of it is there again after quitting and reopening."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.app.helpers import (
    on_screen,
    palette_choose,
    panes,
    pilot_test,
    reader,
    ready,
    screen_lines,
)
from tests.conftest import SEEDS, lean_story
from tui.app import CoverageApp
from tui.app.screens.claim import ClaimScreen
from tui.app.screens.matrix import MatrixScreen
from tui.app.screens.note import NoteScreen
from tui.app.story_view import gutter
from tui.desk.store import DeskStore

SIZE = (120, 36)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(SEEDS, folder)
    return folder


def _gutter_of(app: CoverageApp, pane: int, row: int) -> str:
    pane_ = panes(app)[pane]
    return gutter(pane_.rows[row], reader(app).view.palette).plain


async def _to_first_claim(pilot) -> int:
    """Move the first pane's cursor to its first passage in a claim the second outlet carries."""
    pane, other = panes(pilot.app)[:2]
    clusters = reader(pilot.app).view.clusters
    row = next(
        i
        for i, r in enumerate(pane.rows)
        if r.cluster is not None and other.source.id in clusters[r.cluster].sources
    )
    pane.move_to(row)
    await pilot.pause()
    return row


@pilot_test
async def test_v_and_x_mark_the_claim_everywhere_and_survive_a_restart(story: Path) -> None:
    app = CoverageApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        row = await _to_first_claim(pilot)
        claim = panes(app)[0].rows[row].cluster
        await pilot.press("v")
        await pilot.pause()
        assert _gutter_of(app, 0, row).endswith("✓")
        # every outlet's passage of the claim shows the mark in its gutter
        view = reader(app).view
        members = view.clusters[claim].passages
        assert all(view.marks[p] == "verified" for p in members)
        second = panes(app)[1]
        member_rows = [
            second.index_of_passage(p) for p in members if p.startswith(second.source.id)
        ]
        assert member_rows and all(_gutter_of(app, 1, r).endswith("✓") for r in member_rows)
        await pilot.press("x")  # disputed instead
        await pilot.pause()
        assert _gutter_of(app, 0, row).endswith("✗")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        assert any("✗ disputed by" in line for line in screen_lines(app))
        await pilot.press("escape")
        await pilot.press("q")

    again = CoverageApp(story)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert _gutter_of(again, 0, row).endswith("✗")
        # x again clears the mark
        panes(again)[0].move_to(row)
        await pilot.press("x")
        await pilot.pause()
        assert not _gutter_of(again, 0, row).endswith("✗")
    assert DeskStore().marks() == []


@pilot_test
async def test_a_writes_a_note_enter_saves_escape_cancels(story: Path) -> None:
    app = CoverageApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        row = await _to_first_claim(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"ask the agency")
        await pilot.press("escape")  # cancelled: nothing saved
        await pilot.pause()
        assert DeskStore().marks() == []
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"call the embassy", "enter")
        await pilot.pause()
        (mark,) = DeskStore().marks()
        assert mark.note == "call the embassy" and mark.state is None
        assert _gutter_of(app, 0, row).endswith("✎")
        await pilot.press("a")  # the editor opens on the note; ctrl+s saves the change
        await pilot.pause()
        await pilot.press(*" today", "ctrl+s")
        await pilot.pause()
        (mark,) = DeskStore().marks()
        assert mark.note == "call the embassy today"
        # the palette lists marked claims and jumps to them
        panes(app)[0].move_to(0)
        await palette_choose(pilot, "marked claim", "Marked claim ✎ note")
        assert panes(app)[0].cursor == row


@pilot_test
async def test_space_plus_links_minus_detaches_and_ctrl_z_undoes(story: Path) -> None:
    app = CoverageApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second = panes(app)[0], panes(app)[1]
        alone_a = next(i for i, r in enumerate(first.rows) if r.is_unique)
        alone_b = next(i for i, r in enumerate(second.rows) if r.is_unique)
        passage_a = first.rows[alone_a].first.id
        passage_b = second.rows[alone_b].first.id
        claims_before = len(reader(app).analysis.clusters)
        first.move_to(alone_a)
        await pilot.press("space")
        await pilot.press("l")  # to the second outlet
        await pilot.pause()
        panes(app)[1].move_to(alone_b)
        await pilot.press("plus")
        await pilot.pause()
        screen = reader(app)
        linked = screen.analysis.cluster_of(passage_a)
        assert linked is not None and passage_b in linked.passages and linked.by_user
        assert len(screen.analysis.clusters) == claims_before + 1
        assert panes(app)[1].current.first.id == passage_b  # the cursor stayed put
        assert _gutter_of(app, 1, alone_b).startswith("2●")  # shared now, not U★
        # the claim detail says it was linked by hand
        await pilot.press("enter")
        await pilot.pause()
        assert any("linked by hand" in line for line in screen_lines(app))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("minus")  # detach the cursor's passage: the claim dissolves
        await pilot.pause()
        assert reader(app).analysis.cluster_of(passage_b) is None
        await pilot.press("ctrl+z")  # undo the detach: linked again
        await pilot.pause()
        assert reader(app).analysis.cluster_of(passage_b) is not None
        # the palette lists the corrections in force; choosing one undoes it
        await palette_choose(pilot, "undo correction", "Undo correction: link")
        assert reader(app).analysis.cluster_of(passage_b) is None
        assert len(reader(app).analysis.clusters) == claims_before


def _lined_up(app: CoverageApp) -> bool:
    """Whether every pane beside the focused one shows the cursor's claim at its height."""
    screen = reader(app)
    focused = screen.panes[screen.focused_index]
    height = on_screen(focused, focused.cursor)
    others = [screen.panes[i] for i in screen.window if screen.panes[i] is not focused]
    return all(on_screen(p, p.linked[0]) == height for p in others if p.linked)


@pilot_test
async def test_after_a_link_a_detach_or_an_undo_the_panes_line_up_at_once(story: Path) -> None:
    app = CoverageApp(story)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        first, second = panes(app)[:2]
        await pilot.press("1", "g", "j", "j", "space", "2", "j", "j", "plus")
        await pilot.pause()
        assert first.linked == [2]  # the passage just linked, near its article's top
        assert on_screen(first, 2) == on_screen(second, second.cursor) is not None
        assert _lined_up(app)
        await pilot.press("minus", "ctrl+z")  # detached, and linked again
        await pilot.pause()
        assert first.linked == [2] and _lined_up(app)


@pilot_test
async def test_the_matrix_filters_to_marked_claims(story: Path) -> None:
    app = CoverageApp(story)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        row = await _to_first_claim(pilot)
        claim = panes(app)[0].rows[row].cluster
        await pilot.press("v", "m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        assert len(app.screen.ordered()) == len(reader_clusters(app))
        await pilot.press("v")
        await pilot.pause()
        assert [c.id for c in app.screen.ordered()] == [claim]
        assert any("1 marked claim," in line for line in screen_lines(app))


def reader_clusters(app: CoverageApp) -> tuple:
    from tui.app.screens.reader import ReaderScreen

    screen = next(s for s in app.screen_stack if isinstance(s, ReaderScreen))
    return screen.analysis.clusters


@pilot_test
async def test_leans_show_in_the_claim_detail_and_b_lists_the_blind_spots(tmp_path: Path) -> None:
    from tui.app.screens.blind_spots import BlindSpotsScreen

    folder, one_side = lean_story(tmp_path / "leans")
    app = CoverageApp(folder)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")  # the first claim, carried by all three
        await pilot.pause()
        assert any("carried by leans: left 2 · right 1" in line for line in screen_lines(app))
        await pilot.press("escape", "m")  # the matrix: a column of the leans of each claim
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        lines = screen_lines(app)
        assert any("L2 R1" in line for line in lines) and any(" L2 " in line for line in lines)
        await pilot.press("escape", "B")
        await pilot.pause()
        assert isinstance(app.screen, BlindSpotsScreen)
        shown = "\n".join(screen_lines(app))
        assert "1 claim carried only by outlets of one lean" in shown
        assert "[left 2] Residents near the docks" in shown
        await pilot.press("enter")
        await pilot.pause()
        row = panes(app)[0].current
        assert row is not None and row.first.text == one_side


@pilot_test
async def test_a_broken_marks_database_leaves_the_reader_reading_and_says_so(
    story: Path,
) -> None:
    import os

    database = Path(os.environ["XDG_DATA_HOME"]) / "coverage-tui" / "desk.sqlite3"
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not a database " * 200)
    app = CoverageApp(story)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        shown = "\n".join(screen_lines(app))
        assert "marks are off" in shown and "file is not a database" in shown
        await pilot.press("v")
        await pilot.pause()
        assert reader(app).view.marks == {}
    assert database.read_bytes() == b"not a database " * 200  # left as it was
