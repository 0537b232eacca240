"""The reader driven by keys, as a user at an 80x24 terminal meets it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tests.app.helpers import (
    on_screen,
    palette_choose,
    palette_search,
    panes,
    pilot_test,
    reader,
    ready,
    screen_lines,
    write_story,
)
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.screens.claim import ClaimScreen
from tui.app.screens.error import ErrorScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.matrix import MatrixScreen
from tui.app.screens.story_list import StoryListScreen, describe
from tui.app.widgets.source_pane import CURSOR, LINKED, PLAIN, SourcePane
from tui.app.widgets.source_strip import SourceStrip

SIZE = (80, 24)


def shown(pane: SourcePane) -> bool:
    return bool(pane.display)


@pilot_test
async def test_startup_shows_two_sources_the_strip_and_the_counts() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = reader(app)
        text = "\n".join(screen_lines(app))
        assert "5 sources" in text and "shared" in text and "unique" in text
        assert "noise" in text and "quote variants" in text
        all_panes = panes(app)
        assert len(all_panes) == 5
        assert [shown(p) for p in all_panes] == [True, True, False, False, False]
        assert [p.loaded for p in all_panes] == [True, True, False, False, False]
        assert app.focused is all_panes[0]
        strip = screen.query_one(SourceStrip)
        assert strip.window == range(0, 2) and strip.focused == 0
        for number in range(1, 6):
            assert f"{number}" in screen_lines(app)[2]


@pilot_test
async def test_left_right_tab_and_digits_move_the_focus_and_the_window() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        all_panes = panes(app)
        await pilot.press("l")
        assert app.focused is all_panes[1]
        await pilot.press("right")
        await pilot.pause()
        assert app.focused is all_panes[2]
        assert [shown(p) for p in all_panes] == [False, True, True, False, False]
        await pilot.press("h", "left")
        await pilot.pause()
        assert app.focused is all_panes[0]
        assert shown(all_panes[0])
        await pilot.press("5")
        await pilot.pause()
        assert app.focused is all_panes[4]
        assert [shown(p) for p in all_panes] == [False, False, False, True, True]
        await pilot.press("tab")
        assert app.focused is all_panes[0]
        await pilot.press("shift+tab")
        assert app.focused is all_panes[4]
        assert reader(app).query_one(SourceStrip).focused == 4


def focus_looks(all_panes: list[SourcePane]) -> list[bool]:
    """Which panes have the focus's flag and wear its border (one colour for the others)."""
    borders = [str(pane.styles.border_top[1]) for pane in all_panes if pane.display]
    return [
        pane.has_focus and borders.count(str(pane.styles.border_top[1])) == 1
        for pane in all_panes
        if pane.display
    ]


@pilot_test
async def test_one_pane_has_the_focus_and_its_look_after_keys_clicks_and_search() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot)
        all_panes = panes(app)
        for keys, focused in [("l", 1), ("l l", 3), ("h", 2), ("tab", 3), ("1", 0)]:
            await pilot.press(*keys.split())
            await pilot.pause()
            assert app.focused is all_panes[focused]
            assert focus_looks(all_panes) == [i == focused for i in range(5)], keys
        await pilot.click(all_panes[2], offset=(5, 5))
        await pilot.pause()
        assert app.focused is all_panes[2]
        assert focus_looks(all_panes) == [i == 2 for i in range(5)]
        await pilot.press("slash", "x", "escape")
        await pilot.pause()
        assert app.focused is all_panes[2]
        assert focus_looks(all_panes) == [i == 2 for i in range(5)]
        await pilot.press("l")
        await pilot.pause()
        before = all_panes[3].cursor
        await pilot.press("j")  # the key goes to the pane the focus moved to
        await pilot.pause()
        assert all_panes[3].cursor == before + 1
        assert focus_looks(all_panes) == [i == 3 for i in range(5)]


@pilot_test
async def test_j_k_move_the_cursor() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = panes(app)[0]
        assert pane.cursor == 0
        await pilot.press("j", "j", "down")
        assert pane.cursor == 3
        await pilot.press("k", "up")
        assert pane.cursor == 1
        assert pane.row_state(1) == CURSOR
        assert pane.row_state(0) == PLAIN
        await pilot.press("G")
        assert pane.cursor == len(pane.rows) - 1
        await pilot.press("g")
        assert pane.cursor == 0
        await pilot.press("pagedown")
        assert pane.cursor > 0
        await pilot.press("pageup")
        assert pane.cursor == 0


@pilot_test
async def test_finding_keys_land_on_findings_of_their_kind() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = panes(app)[0]
        await pilot.press("n")
        first = pane.cursor
        assert pane.rows[first].has_finding
        await pilot.press("n")
        assert pane.cursor > first and pane.rows[pane.cursor].has_finding
        await pilot.press("N")
        assert pane.cursor == first
        await pilot.press("u")
        assert pane.rows[pane.cursor].is_unique
        await pilot.press("d")
        assert pane.rows[pane.cursor].is_diverging


@pilot_test
async def test_a_shared_claim_brings_its_counterpart_into_view_in_the_other_pane() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        left, right = panes(app)[:2]
        # A claim both outlets carry whose second wording starts below the first screenful.
        target = None
        for index, row in enumerate(left.rows):
            if row.cluster is None or row.is_weak:
                continue
            match = next(
                (
                    i
                    for i, r in enumerate(right.rows)
                    if r.cluster == row.cluster and not r.is_weak and on_screen(right, i) is None
                ),
                None,
            )
            if match is not None:
                target = index, match
                break
        assert target is not None, "the seeds should have a claim shared lower down"
        index, counterpart = target
        for _ in range(index):
            await pilot.press("j")
        await pilot.pause()
        assert left.cursor == index
        assert right.row_state(counterpart) == LINKED
        assert right.scroll_y > 0
        assert on_screen(right, counterpart) is not None
        # The two wordings start on the same screen row unless the pane cannot scroll that far.
        if right.scroll_y < right.max_scroll_y:
            assert on_screen(right, counterpart) == on_screen(left, index)


@pilot_test
async def test_a_claim_missing_from_an_outlet_is_said_so() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        left, right = panes(app)[:2]
        right_clusters = {r.cluster for r in right.rows}
        index = next(
            i for i, r in enumerate(left.rows) if r.cluster and r.cluster not in right_clusters
        )
        for _ in range(index):
            await pilot.press("j")
        await pilot.pause()
        assert str(right.border_subtitle) == "not in this outlet"
        assert not any(right.row_state(i) == LINKED for i in range(len(right.rows)))
        assert "not in this outlet" in "\n".join(screen_lines(app))


@pilot_test
async def test_z_unfolds_and_folds_the_noise() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        view = reader(app).view
        number = next(
            n
            for n, source in enumerate(view.analysis.sources, start=1)
            if any(row.collapsed_noise for row in view.rows(source))
        )
        await pilot.press(str(number))
        await pilot.pause()
        pane = panes(app)[number - 1]
        index = next(i for i, r in enumerate(pane.rows) if r.collapsed_noise)
        await pilot.press(*["j"] * index)
        await pilot.pause()
        assert any("noise line" in line for line in screen_lines(app))
        await pilot.press("z")
        await pilot.pause()
        assert not any(r.collapsed_noise for r in pane.rows)
        await pilot.press("z")
        await pilot.pause()
        assert any(r.collapsed_noise for r in pane.rows)


@pilot_test
async def test_help_lists_every_binding_from_the_bindings() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {entry.binding_id for entry in app.screen.entries}
        # the five sources' digits, not 6-9: this story has no source 6
        beyond = {f"reader.source_{n}" for n in range(6, 10)}
        for binding in [*SourcePane.BINDINGS, *reader_bindings(), *app.BINDINGS]:
            assert (binding.id in ids) is (binding.id not in beyond)  # type: ignore[union-attr]
        assert all(entry.description for entry in app.screen.entries)
        listed = {entry.description for entry in app.screen.entries}
        assert "Source 5" in listed and "Source 6" not in listed
        await pilot.press("escape")
        await pilot.pause()
        reader(app)


@pilot_test
async def test_counts_of_one_are_singular_in_the_story_list_and_the_reader(
    tmp_path: Path,
) -> None:
    write_story(tmp_path / "only-story", {"a.txt": "The council met on Monday to vote.\n"})
    app = CoverageApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StoryListScreen)
        await ready(pilot)
        shown = "\n".join(screen_lines(app))
        assert ": 1 story" in shown and "1 stories" not in shown
        assert "1 outlet: a" in shown
        await pilot.press("enter")
        await ready(pilot)
        counts = screen_lines(app)[1]
        assert counts.strip().startswith("1 source ·") and "1 sources" not in counts


@pilot_test
async def test_the_pinned_pane_of_a_pair_says_so_in_its_title() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second = panes(app)[:2]
        assert "pinned" not in str(first.border_title)
        await pilot.press("p")  # pin outlet 1, compared with outlet 2
        await pilot.pause()
        assert str(first.border_title).startswith("1 pinned · ")
        assert "pinned" not in str(second.border_title)
        assert any("1 pinned · 000" in line for line in screen_lines(app))
        await pilot.press("l")  # the other outlet changes; the pin stays
        await pilot.pause()
        assert reader(app).pinned == 0 and "pinned" in str(first.border_title)
        await pilot.press("p")  # p again ends the pair
        await pilot.pause()
        assert "pinned" not in str(first.border_title)
        await pilot.press("2", "p", "escape")  # escape ends it too
        await pilot.pause()
        assert "pinned" not in str(second.border_title)


def reader_bindings() -> list:
    from tui.app.screens.reader import ReaderScreen

    return list(ReaderScreen.BINDINGS)


@pilot_test
async def test_article_text_is_shown_literally(tmp_path: Path) -> None:
    story = write_story(
        tmp_path / "story",
        {
            "a.txt": "The council met on Monday to vote on the budget [bold]x[/] today.\n\n"
            "A second line with \x1b[2J an escape and [red]colour[/red] markup.\n",
            "b.txt": "The council met on Monday to vote on the annual budget.\n",
        },
    )
    app = CoverageApp(story)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        text = "\n".join(screen_lines(app))
        assert "[bold]x[/]" in text
        assert "[red]colour[/red]" in text
        assert "\x1b" not in text


@pilot_test
async def test_a_missing_path_shows_a_one_line_error(tmp_path: Path) -> None:
    app = CoverageApp(tmp_path / "nowhere")
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "nowhere" in app.screen.message
        assert "\n" not in app.screen.message
        assert any("nowhere" in line for line in screen_lines(app))
        assert app.error is not None and "nowhere" in app.error
        await pilot.press("q")


@pilot_test
async def test_a_collection_lists_its_stories_and_escape_comes_back(tmp_path: Path) -> None:
    article = "The council met on Monday to vote on the annual budget.\n"
    for name in ("first-story", "second-story"):
        write_story(tmp_path / name, {"a.txt": article, "b.txt": article.replace("met", "sat")})
    app = CoverageApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StoryListScreen)
        await ready(pilot)  # the stories are described in a worker
        described = "second-story  ·  2 outlets: a, b  ·  not analysed yet"
        assert any(described in line for line in screen_lines(app))
        await pilot.press("down", "enter")
        await ready(pilot)
        assert reader(app).analysis.story.path.endswith("second-story")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StoryListScreen)
        # Opened once, the story is in the cache: the list can now count its claims.
        assert "shared" in describe(tmp_path / "second-story", app.link_threshold)


@pilot_test
async def test_the_story_list_moves_by_j_k_g_and_capital_g(tmp_path: Path) -> None:
    from textual.widgets import OptionList

    article = "The council met on Monday to vote on the annual budget.\n"
    names = [f"story-{n:02}" for n in range(14)]
    for name in names:
        write_story(tmp_path / name, {"a.txt": article, "b.txt": article.replace("met", "sat")})
    app = CoverageApp(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StoryListScreen)
        options = app.screen.query_one(OptionList)
        await pilot.press(*["j"] * 12)
        assert options.highlighted == 12
        await pilot.press("k", "k")
        assert options.highlighted == 10
        await pilot.press("G")
        assert options.highlighted == 13
        await pilot.press("g")
        assert options.highlighted == 0
        await pilot.press("j", "j", "enter")
        await ready(pilot)
        assert reader(app).analysis.story.path.endswith(names[2])


@pilot_test
async def test_resizing_changes_how_many_panes_are_shown() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert sum(bool(p.display) for p in panes(app)) == 3
        assert panes(app)[2].display and app.focused is panes(app)[2]
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        await pilot.pause()
        assert all(p.display for p in panes(app))


@pilot_test
async def test_a_tiny_terminal_is_told_so() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(30, 8)) as pilot:
        await ready(pilot)
        assert reader(app).has_class("-too-small")
        assert any("too small" in line for line in screen_lines(app))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not reader(app).has_class("-too-small")
        assert panes(app)[0].display


@pilot_test
async def test_the_command_palette_runs_the_bindings_actions() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = panes(app)[0]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Next unique")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.rows[pane.cursor].is_unique


@pilot_test
async def test_enter_opens_the_claim_with_every_outlet_and_escape_closes_it() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = panes(app)[0]
        outlets = len(reader(app).analysis.sources)
        index = next(i for i, r in enumerate(pane.rows) if r.cluster and r.cluster_size < outlets)
        await pilot.press(*["j"] * index, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        text = "\n".join(screen_lines(app))
        assert "not in this outlet" in text
        assert "this wording" in text
        assert "similarity 0." in text  # the cluster's score, as the engine computed it
        await pilot.press("escape")
        await pilot.pause()
        assert reader(app) is not None


@pilot_test
async def test_the_matrix_jumps_to_the_chosen_claim() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MatrixScreen)
        table = app.screen.query_one(DataTable)
        analysis = app.screen.analysis
        assert table.row_count == len(analysis.clusters) + 1  # the outlets' totals first
        claims = range(1, table.row_count)
        counts = [int(str(table.get_row_at(i)[1])) for i in claims]
        assert counts == sorted(counts, reverse=True)
        totals = [int(str(cell)) for cell in table.get_row_at(0)[2:-1]]
        assert totals == [
            sum(1 for c in analysis.clusters if s.id in c.sources) for s in analysis.sources
        ]
        headers = [str(column.label) for column in table.columns.values()]
        assert headers[2:-1] == ["000", "001", "002", "LNN", "004"]  # outlet abbreviations
        await pilot.press("s")  # story order: the claims as they first appear
        story_order = [str(table.get_row_at(i)[0]) for i in claims]
        assert story_order == [c.id for c in analysis.clusters]
        assert [int(str(table.get_row_at(i)[1])) for i in claims] != counts
        await pilot.press("s")
        await pilot.press("j", "j")
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, SourcePane)
        assert focused.current is not None and focused.current.cluster == chosen
        assert on_screen(focused, focused.cursor) is not None


@pilot_test
async def test_search_steps_through_matches_in_every_source_and_escape_clears_it() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = reader(app)
        assert "Finding" in screen_lines(app)[-1] and "Next match" not in screen_lines(app)[-1]
        await pilot.press("slash", *"budapest", "enter")
        await pilot.pause()
        assert screen.searching and len(screen.matches) > 3
        footer = screen_lines(app)[-1]  # the footer says what n does now
        assert "Next match" in footer and "Finding" not in footer

        def cursor_text() -> str:
            pane = panes(app)[screen.focused_index]
            assert pane.current is not None
            return " ".join(p.text for p in pane.current.passages).casefold()

        assert "budapest" in cursor_text()
        assert all(pane.search_query == "budapest" for pane in panes(app))
        seen_sources = {screen.focused_index}
        for _ in range(len(screen.matches)):
            await pilot.press("n")
            await pilot.pause()
            assert "budapest" in cursor_text()
            seen_sources.add(screen.focused_index)
        assert len(seen_sources) > 1
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.searching
        assert all(pane.search_query == "" for pane in panes(app))
        assert "Finding" in screen_lines(app)[-1]
        pane = panes(app)[screen.focused_index]
        await pilot.press("n")
        await pilot.pause()
        assert pane.current is not None and pane.current.has_finding


@pilot_test
async def test_palette_claims_show_article_text_literally_and_jump(tmp_path: Path) -> None:
    claim = "The council voted [bold]x[/] to approve the harbour budget on Monday evening."
    story = write_story(
        tmp_path / "story",
        {
            "a.txt": "Fishermen gathered near the old lighthouse at dawn.\n\n"
            f"{claim}\n\nSchool buses will run later during the festival week.\n",
            "b.txt": "A bakery on Main Street closed after forty years.\n\n"
            f"{claim}\n\nThe mayor's dog won a prize at the county show.\n",
            "c.txt": "Rain is expected across the valley through Thursday.\n\n"
            "Library hours change next month for repairs.\n",
        },
    )
    app = CoverageApp(story)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        assert reader(app).analysis.clusters, "the two copies of the claim should align"
        assert any("[bold]x[/]" in line for line in await palette_search(pilot, "jump to claim"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, SourcePane) and focused.current is not None
        assert focused.current.cluster == reader(app).analysis.clusters[0].id


@pilot_test
async def test_backward_finding_keys_home_end_and_quit() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        pane = panes(app)[0]
        await pilot.press("end")
        assert pane.cursor == len(pane.rows) - 1
        await pilot.press("U")
        assert pane.rows[pane.cursor].is_unique
        last_unique = pane.cursor
        await pilot.press("D")
        assert pane.rows[pane.cursor].is_diverging and pane.cursor < last_unique
        await pilot.press("home")
        assert pane.cursor == 0
        await pilot.press("escape")  # nothing to go back to: the reader stays
        await pilot.pause()
        reader(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


@pilot_test
async def test_the_palette_goes_to_any_source_past_the_ninth(tmp_path: Path) -> None:
    files = {
        f"outlet{n:02}.txt": f"Report {n} from the [b]harbour[/b] desk.\n\nA detail only {n} has.\n"
        for n in range(1, 13)
    }
    app = CoverageApp(write_story(tmp_path / "story", files))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await palette_choose(pilot, "go to source 12", "Go to source 12: outlet12")
        screen = reader(app)
        assert screen.focused_index == 11
        assert screen.panes[11].display and app.focused is screen.panes[11]


@pilot_test
async def test_a_click_puts_the_cursor_on_a_passage_and_a_double_click_opens_it() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        second = panes(app)[1]
        target = next(i for i, r in enumerate(second.rows) if r.cluster and i > 0)
        line = on_screen(second, target)
        assert line is not None, "the row should be on screen"
        offset = (10, line + 1)  # inside the border
        await pilot.click(second, offset=offset)
        await pilot.pause()
        assert app.focused is second and second.cursor == target
        await pilot.double_click(second, offset=offset)
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)


@pilot_test
async def test_long_articles_open_at_once_and_their_far_end_lines_up(tmp_path: Path) -> None:
    def article(outlet: str) -> str:
        lines = [f"{outlet} filler sentence number {n} about item{n}{outlet}." for n in range(300)]
        lines.append("The harbour council approved the new ferry terminal budget on Monday.")
        return "\n\n".join(lines) + "\n"

    app = CoverageApp(
        write_story(tmp_path / "story", {"a.txt": article("a"), "b.txt": article("b")})
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        first, second = panes(app)
        assert len(first.rows) > 300
        await pilot.press("G")  # the shared claim at the very end
        await pilot.pause()
        await pilot.pause()
        assert first.cursor == len(first.rows) - 1 and first.current is not None
        assert first.current.cluster is not None
        last = len(second.rows) - 1
        assert second.row_state(last) == LINKED
        assert on_screen(second, last) is not None
        await pilot.press("g")
        await pilot.pause()
        assert first.cursor == 0 and first.scroll_y == 0
        await pilot.press("end", "pageup")  # one tick: the end row is not laid out yet
        for _ in range(3):
            await pilot.pause()
        assert len(first.rows) - 40 < first.cursor < len(first.rows) - 1


@pilot_test
async def test_every_claim_lines_up_even_near_an_articles_start() -> None:
    """Walking the second outlet with j: each claim's counterpart stands at the cursor's
    height, though one near the top of its article cannot scroll down to where the cursor
    stood (the cursor's pane moves up to meet it)."""
    app = CoverageApp(SEEDS)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("2")
        screen = reader(app)
        walked = panes(app)[1]
        for _ in range(len(walked.rows) - 1):
            await pilot.press("j")
            await pilot.pause()
            height = on_screen(walked, walked.cursor)
            for index in screen.window:
                other = panes(app)[index]
                if other is not walked and other.linked:
                    assert on_screen(other, other.linked[0]) == height, (walked.cursor, index)


@pilot_test
async def test_z_keeps_the_cursors_claim_lined_up_in_the_other_panes() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first, second = panes(app)[:2]
        index = next(i for i, r in enumerate(first.rows) if r.cluster and r.cluster_size == 5)
        await pilot.press(*["j"] * index)
        await pilot.pause()
        assert second.linked
        await pilot.press("z")
        for _ in range(3):
            await pilot.pause()
        assert first.current is not None and first.current.cluster_size == 5
        assert second.linked and on_screen(second, second.linked[0]) is not None


@pilot_test
async def test_focusing_a_pane_puts_its_cursor_on_the_claim_it_was_lined_up_on() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        all_panes = panes(app)
        await pilot.press("3")  # the long explainer, beside the second outlet
        await pilot.pause()
        walked = all_panes[2]
        assert app.focused is walked
        other, target = None, None
        for _ in range(60):  # down it until a pane beside lines up far below its own cursor
            await pilot.press("j")
            await pilot.pause()
            for pane in (all_panes[1], all_panes[3]):
                if shown(pane) and pane.lined_up is not None and not _in_view(pane, pane.cursor):
                    other, target = pane, pane.lined_up
            if other is not None:
                break
        assert other is not None and target is not None, "no counterpart far down"
        await pilot.press("h" if other is all_panes[1] else "l")
        await pilot.pause()
        assert app.focused is other
        assert other.cursor == target  # not the row it had, scrolled out of view long ago
        assert _in_view(other, other.cursor)


def _in_view(pane: SourcePane, row: int) -> bool:
    top = round(pane.scroll_offset.y)
    region = pane.row_region(row)
    return top <= region.y < top + pane.scrollable_content_region.height
