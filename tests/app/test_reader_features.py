"""What issue 11 adds to the reader, as a user meets it: the legend, link strength, kind
colouring, titles, the headlines view, story-wide navigation, zoom and pairs, the search
status and the claim detail. Hand-built analyses where a behaviour needs exact data."""

from __future__ import annotations

import dataclasses

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from tests.app.helpers import on_screen, panes, pilot_test, reader, ready, screen_lines
from tests.conftest import SEEDS
from tui.app import CoverageApp
from tui.app.screens.claim import ClaimScreen
from tui.app.screens.headlines import HeadlinesScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.story_view import KIND_BARS, Palette, RowKind, gutter
from tui.app.widgets.source_pane import CURSOR, LINKED, PLAIN, WEAK, SourcePane
from tui.model import (
    Analysis,
    Cluster,
    Finding,
    FindingKind,
    FindingValue,
    Passage,
    PassageKind,
    Quantity,
    Source,
    StoryInfo,
)

SIZE = (80, 24)
WIDE = (160, 48)


def passage(source: str, index: int, text: str, paragraph: int | None = None) -> Passage:
    return Passage(
        f"{source}:{index}", source, index, 0, len(text), text, PassageKind.BODY,
        paragraph=index if paragraph is None else paragraph,
    )  # fmt: skip


def story() -> Analysis:
    """Three outlets: a claim all carry (outlet b twice, outlet c only weakly), a unique claim
    in a, a number that disagrees in b, a quote with a speaker in a and b."""
    a = [
        passage("a", 0, "The harbour council approved the ferry budget on Monday."),
        passage("a", 1, "Only the Gazette reports that the mayor abstained from the vote."),
        passage("a", 2, "“We will build it,” said Mayor Alma Ruiz at the harbour."),
    ]
    b = [
        passage("b", 0, "On Monday the harbour council approved the ferry budget."),
        passage("b", 1, "The terminal will cost 12 million euros, the council said."),
        passage("b", 2, "The council approved the budget for the ferry, again on Monday."),
        passage("b", 3, "“We shall build it,” Mayor Alma Ruiz said at the harbour."),
    ]
    c = [
        passage("c", 0, "Rain is expected across the valley through Thursday."),
        passage("c", 1, "A council met on a day of the week about money."),
        passage("c", 2, "The terminal will cost 15 million euros in the end."),
    ]
    cluster = Cluster(
        "c1", ("a:0", "b:0", "b:2", "c:1"), ("a", "b", "b", "c"), 0.7, (0.9, 0.9, 0.8, 0.2)
    )
    unique = Finding("u1", FindingKind.UNIQUE, None, ("a",), ("a:1",), "only a")
    cost = [
        Quantity(23, 41, "12 million euros", 12e6, "EUR", "money", 12e6, "EUR"),
        Quantity(23, 41, "15 million euros", 15e6, "EUR", "money", 15e6, "EUR"),
    ]
    number = Finding(
        "n1", FindingKind.NUMBER, None, ("b", "c"), ("b:1", "c:2"), "cost",
        values=(
            FindingValue("b", "b:1", "12 million euros", 23, 39, cost[0]),
            FindingValue("c", "c:2", "15 million euros", 23, 39, cost[1]),
        ),
        consistent=False,
    )  # fmt: skip
    quote = Finding(
        "q1", FindingKind.QUOTE, None, ("a", "b"), ("a:2", "b:3"), "quote",
        values=(
            FindingValue("a", "a:2", "We will build it", 1, 17, speaker="Alma Ruiz"),
            FindingValue("b", "b:3", "We shall build it", 1, 18, speaker="Alma Ruiz"),
        ),
    )  # fmt: skip
    return Analysis(
        story=StoryInfo("Harbour ferry budget", "/tmp/harbour"),
        sources=(
            Source("a", "a.txt", "", "Gazette", "Council backs ferry", "2025-10-17"),
            Source("b", "b.txt", "", "Herald", "DESPERATION: ferry budget", "2025-10-18"),
            Source("c", "c.txt", "", "Courier", "Ferry budget passes", None),
        ),
        passages=(*a, *b, *c),
        clusters=(cluster,),
        findings=(unique, number, quote),
    )


class ReaderApp(App[None]):
    """The reader screen alone, on a hand-built analysis."""

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.analysis, palette=Palette.from_semantic({})))


@pilot_test
async def test_every_passage_of_an_outlet_in_the_claim_is_a_counterpart_weak_ones_on_request() -> (
    None
):
    app = ReaderApp(story())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        a, b, c = screen.panes
        await pilot.pause()
        assert a.cursor == 0 and a.current is not None and a.current.cluster == "c1"
        assert [b.row_state(i) for i in range(4)] == [LINKED, PLAIN, LINKED, PLAIN]
        assert "2 passages of this claim" in str(b.border_subtitle)
        assert c.row_state(1) == PLAIN  # linked at 0.2, under WEAK_LINK: not a counterpart
        assert "weak" in str(c.border_subtitle)
        assert c.rows[1].is_weak
        await pilot.press("w")
        await pilot.pause()
        assert c.row_state(1) == WEAK
        assert gutter(c.rows[1]).plain.startswith("3○")  # the weak member's mark: hollow
        assert gutter(b.rows[0]).plain.startswith("3●")


@pilot_test
async def test_the_cursor_on_a_weak_member_says_so() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("3", "j")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        c = screen.panes[2]
        assert c.cursor == 1 and "weak link 0.20" in str(c.border_subtitle)


@pilot_test
async def test_pane_titles_keep_number_outlet_and_date_before_the_headline() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        lines = "\n".join(screen_lines(app))
        assert "1 Gazette · 2025-10-17" in lines and "2 Herald · 2025-10-18" in lines
        assert str(screen.panes[2].border_title) == "3 Courier · no date · Ferry budget passes"


@pilot_test
async def test_kinds_colour_whole_passages_with_a_bar_and_c_turns_it_off() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        a = screen.panes[0]
        assert a.rows[1].kind is RowKind.UNIQUE and a.rows[0].kind is RowKind.SHARED
        assert screen.panes[1].rows[1].kind is RowKind.DIVERGING
        assert a.rows[2].kind is RowKind.QUOTE
        unique_bar = KIND_BARS[RowKind.UNIQUE]
        lines = screen_lines(app)
        assert any(unique_bar in line for line in lines)  # readable without colour
        await pilot.press("c")
        await pilot.pause()
        assert not any(unique_bar in line for line in screen_lines(app))


@pilot_test
async def test_an_outlet_first_shown_after_c_is_drawn_without_kinds_too() -> None:
    """Panes are made when first shown: one made after a toggle takes it."""
    app = ReaderApp(story())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        diverging_bar = KIND_BARS[RowKind.DIVERGING]
        await pilot.press("c", "3")  # kinds off, then the third outlet (off screen until now)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.panes[2].display
        assert screen.panes[2].rows[2].kind is RowKind.DIVERGING
        assert not any(diverging_bar in line for line in screen_lines(app))
        await pilot.press("c")
        await pilot.pause()
        assert any(diverging_bar in line for line in screen_lines(app))


@pilot_test
async def test_right_bracket_walks_every_difference_in_reading_order_across_outlets() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        visited = []
        for _ in range(5):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            visited.append((screen.focused_index, screen.panes[screen.focused_index].cursor))
        # a: unique, quote; b: diverging number, quote; c: the number; then round again.
        assert visited == [(0, 1), (0, 2), (1, 1), (1, 3), (2, 2)]
        assert app.focused is screen.panes[2]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert (screen.focused_index, screen.panes[1].cursor) == (1, 3)


@pilot_test
async def test_f_zooms_the_focused_pane_and_p_compares_two_chosen_outlets() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = reader(app)
        assert sum(bool(p.display) for p in panes(app)) == 5
        await pilot.press("3", "f")
        await pilot.pause()
        assert [bool(p.display) for p in panes(app)] == [False, False, True, False, False]
        assert panes(app)[2].size.width > 150
        await pilot.press("f")
        await pilot.pause()
        assert sum(bool(p.display) for p in panes(app)) == 5
        await pilot.press("1", "p")  # pin outlet 1; the focus goes to the next one
        await pilot.pause()
        assert list(screen.window) == [0, 1] and app.focused is panes(app)[1]
        await pilot.press("l", "l")
        await pilot.pause()
        assert list(screen.window) == [0, 3] and app.focused is panes(app)[3]
        assert [bool(p.display) for p in panes(app)] == [True, False, False, True, False]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.pinned is None and sum(bool(p.display) for p in panes(app)) == 5


@pilot_test
async def test_the_search_status_keeps_the_query_and_k_of_n_while_stepping() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = reader(app)
        await pilot.press("slash", *"budapest", "enter")
        await pilot.pause()
        status = screen.query_one("#search-status", Static)
        total = screen.match_count
        assert status.display and total > 3
        assert any(f"/budapest   1 of {total}" in line for line in screen_lines(app))
        await pilot.press("n", "n")
        await pilot.pause()
        assert any(f"/budapest   3 of {total}" in line for line in screen_lines(app))
        await pilot.press("j", "l")  # other keys leave it on screen
        await pilot.pause()
        assert any("/budapest" in line for line in screen_lines(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not status.display
        assert not any("/budapest" in line for line in screen_lines(app))


@pilot_test
async def test_the_legend_explains_the_marks_and_ids_wait_behind_a_toggle() -> None:
    app = CoverageApp(SEEDS)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        key_line = "\n".join(screen_lines(app)[-3:])
        assert "3● shared by 3" in key_line and "U★ only here" in key_line
        await pilot.press("K")
        await pilot.pause()
        assert not any("shared by 3" in line for line in screen_lines(app))
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert "What the marks mean" in text and "weak link" in text
        assert "reader.cursor_down" not in text
        await pilot.press("i")
        await pilot.pause()
        assert "reader.cursor_down" in "\n".join(screen_lines(app))


@pilot_test
async def test_the_headlines_view_says_when_some_outlets_have_no_headline() -> None:
    analysis = story()
    untitled = dataclasses.replace(analysis.sources[-1], title=None)
    analysis = dataclasses.replace(analysis, sources=(*analysis.sources[:-1], untitled))
    app = ReaderApp(analysis)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("H")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "in every headline (1 outlet without one): ferry" in text


@pilot_test
async def test_the_headlines_view_sets_every_headline_side_by_side() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HeadlinesScreen)
        lines = screen_lines(app)
        row = next(line for line in lines if "Council backs ferry" in line)
        assert "DESPERATION: ferry budget" in row and "Ferry budget passes" in row
        assert any("The harbour council approved" in line for line in lines)  # a's lead
        text = "\n".join(lines)
        assert "in every headline: ferry" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


def test_only_words_no_other_headline_uses_are_marked() -> None:
    analysis = story()
    screen = HeadlinesScreen(analysis, Palette.from_semantic({}))
    marked = screen.marked_headline(analysis.sources[1])
    spans = {marked.plain[s.start : s.end] for s in marked.spans}
    assert spans == {"DESPERATION"}


@pilot_test
async def test_the_claim_detail_tells_repeats_apart_names_speakers_and_marks_little() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        text = "\n".join(screen_lines(app))
        assert "sentence 1 of 4, paragraph 1" in text and "sentence 3 of 4, paragraph 3" in text
        assert "weak link 0.20" in text
        await pilot.press("escape", "2", "G", "enter")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        # which of the passage's quotations, in its words
        assert "quote by Alma Ruiz: “We shall build it”" in text


def test_a_paraphrase_is_marked_against_its_closest_version() -> None:
    from rich.text import Text

    from tui.app.screens.claim import closest_version, mark_changed_words

    mine = passage("a", 0, "The council approved the ferry budget on Monday.")
    near = passage("b", 0, "The council approved the ferry budget on Tuesday.")
    far = passage("c", 0, "Monday saw a vote, and money for boats was agreed.")
    closest = closest_version(mine, [far, near])
    assert closest is near
    text = Text(mine.text)
    mark_changed_words(text, closest.text, mine.text)
    assert [mine.text[s.start : s.end] for s in text.spans] == ["Monday"]


@pilot_test
async def test_a_number_two_findings_share_is_one_line_in_the_claim_detail() -> None:

    analysis = story()
    cost = Quantity(23, 41, "12 million euros", 12e6, "EUR", "money", 12e6, "EUR")
    value = FindingValue("b", "b:1", "12 million euros", 23, 39, cost)
    other = FindingValue("c", "c:2", "12 million euros", 23, 39, cost)
    agree = [
        Finding(f"n{k}", FindingKind.NUMBER, None, ("b", "c"), ("b:1", "c:2"), "cost",
                values=(value, other), consistent=True)
        for k in (2, 3)
    ]  # fmt: skip
    analysis = dataclasses.replace(analysis, findings=(*analysis.findings[:1], *agree))
    app = ReaderApp(analysis)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "g", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        text = "\n".join(screen_lines(app))
        assert text.count("12 million euros =") == 1


def test_numbers_that_read_the_same_both_ways_get_no_line() -> None:
    from tui.app.screens.claim import number_line

    assert number_line("2016", "2016") is None
    line = number_line("1,000 miles", "1,609 km")
    assert line is not None and line.plain.strip() == "1,000 miles = 1,609 km"


@pilot_test
async def test_escape_then_j_typed_quickly_closes_the_claim_and_moves_on() -> None:
    app = ReaderApp(story())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        await pilot.press("alt+j")  # what a terminal sends for escape and j in one burst
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.panes[0].cursor == 1
        await pilot.press("H")  # the headlines view does the same
        await pilot.pause()
        assert isinstance(app.screen, HeadlinesScreen)
        await pilot.press("alt+j")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen and screen.panes[0].cursor == 2


@pilot_test
async def test_a_long_article_opens_at_once_and_draws_only_what_shows(tmp_path) -> None:
    sentences = [
        passage("a", n, f"Sentence {n} of a very long article about the harbour.")
        for n in range(3000)
    ]
    analysis = Analysis(
        story=StoryInfo("long", "/tmp/long"),
        sources=(Source("a", "a.txt", "", "Long"),),
        passages=tuple(sentences),
        clusters=(),
        findings=(),
    )
    app = ReaderApp(analysis)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        pane = screen.panes[0]
        assert len(pane.rows) == 3000
        assert pane.virtual_size.height >= 3000  # laid out as a whole, drawn in part
        # Only the rows on screen and a few near them are built when it opens; the rest
        # are built between keys, a slice at a time, nearest the screen first.
        built = set(pane._wrapped.keys())
        assert 0 < len(built) < 600
        assert built == set(range(len(built)))
        await pilot.press("G")
        await pilot.pause()
        assert pane.cursor == 2999 and on_screen(pane, 2999) is not None
        assert any("Sentence 2999" in line for line in screen_lines(app))


@pilot_test
async def test_a_query_typed_straight_after_the_slash_goes_into_the_prompt() -> None:
    from textual import events
    from textual.widgets import Input

    app = CoverageApp(SEEDS)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for key, character in [("slash", "/"), *[(c, c) for c in "bud"], ("slash", "/")]:
            app.post_message(events.Key(key, character))  # a burst, as a fast typist's
        await pilot.pause()
        await pilot.pause()
        screen = reader(app)
        assert screen.query_one("#search", Input).value == "bud/"
        assert panes(app)[0].cursor == 0  # u and d were not taken as "next unique/diverging"


def test_the_word_grid_lines_up_shared_headline_words_against_the_outlets() -> None:
    from rich.console import Console

    analysis = story()
    grid = HeadlinesScreen(analysis, Palette.from_semantic({})).word_grid()
    console = Console(width=80, record=True)
    console.print(grid)
    lines = console.export_text().splitlines()
    budget = next(line for line in lines if line.strip().startswith("budget"))
    assert budget.split()[1:] == ["·", "●", "●"]  # Herald and Courier, not the Gazette
    ferry = next(line for line in lines if line.strip().startswith("ferry"))
    assert ferry.split()[1:] == ["●", "●", "●"]
    assert not any(line.strip().startswith(("council", "desperation")) for line in lines)


def tall_story() -> Analysis:
    """Outlet a's second passage is one sentence of 150 numbered names, far taller than a
    pane at 80x24; outlet b beside it carries the same claim."""
    names = ", ".join(f"representative number {n}" for n in range(150))
    a = [
        passage("a", 0, "Leaders from across the region gathered in Hungary on Monday."),
        passage("a", 1, f"{names} would meet in Budapest on Thursday."),
        passage("a", 2, "The talks are expected to end on Friday with a joint statement."),
    ]
    b = [
        passage("b", 0, "Rain is expected across the valley through Thursday."),
        passage("b", 1, "A long list of representatives will meet in Budapest on Thursday."),
    ]
    claim = Cluster("c1", ("a:1", "b:1"), ("a", "b"), 0.6, (0.6, 0.6))
    return Analysis(
        story=StoryInfo("Summit", "/tmp/summit"),
        sources=(Source("a", "a.txt", "", "Gazette"), Source("b", "b.txt", "", "Herald")),
        passages=(*a, *b),
        clusters=(claim,),
        findings=(),
    )


def numbers_on_screen(app: App[None]) -> set[int]:
    import re

    text = "\n".join(screen_lines(app))  # type: ignore[arg-type]
    return {int(n) for n in re.findall(r"representative number (\d+)", text)}


async def read_through(
    pilot: Pilot[None], pane: SourcePane, step: str | type[events.MouseScrollDown]
) -> tuple[set[int], str]:
    """Press `step` (or turn the wheel: a MouseScroll event class) until the cursor leaves
    row 1: the names shown meanwhile, and the screens' text, while it stayed there."""
    seen, text = numbers_on_screen(pilot.app), ""
    for _ in range(80):
        if isinstance(step, str):
            await pilot.press(step)
        else:
            pane.post_message(step(pane, 1, 1, 0, 1, 0, False, False, False))
        await pilot.pause()
        if pane.cursor != 1:
            break
        seen |= numbers_on_screen(pilot.app)
        text += "\n".join(screen_lines(pilot.app))  # type: ignore[arg-type]
    return seen, text


@pilot_test
async def test_page_keys_read_a_passage_taller_than_the_pane_a_screenful_at_a_time() -> None:
    every = set(range(150))
    app = ReaderApp(tall_story())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        pane = screen.panes[0]
        await pilot.press("pagedown")  # onto the tall row, from its start
        assert pane.cursor == 1 and 0 in numbers_on_screen(app)
        await pilot.press("g", "j")
        assert pane.cursor == 1 and 0 in numbers_on_screen(app)
        # pgdn: every name, and the sentence's end, before the cursor moves on
        seen, text = await read_through(pilot, pane, "pagedown")
        assert pane.cursor == 2
        assert seen == every, sorted(every - seen)
        assert "Budapest on Thursday" in text
        # pgup: back onto the tall row from the screenful above, and up through it
        below = numbers_on_screen(app)  # the row's last names, above the cursor's row
        await pilot.press("pageup")
        assert pane.cursor == 1 and 0 not in numbers_on_screen(app)
        seen, _ = await read_through(pilot, pane, "pageup")
        assert pane.cursor == 0 and seen | below == every, sorted(every - seen - below)
        # j and k still move a passage at a time; a tall row is shown from its start
        await pilot.press("j")
        assert pane.cursor == 1 and 0 in numbers_on_screen(app)
        await pilot.press("j")
        assert pane.cursor == 2
        await pilot.press("k")
        assert pane.cursor == 1 and 0 in numbers_on_screen(app)
        # the wheel scrolls through the tall row too (by a few lines), then moves on
        seen, _ = await read_through(pilot, pane, events.MouseScrollDown)
        assert pane.cursor == 2 and seen == every
        await pilot.press("k")
        pane.scroll_to(y=pane.row_region(1).bottom - 5, animate=False, force=True)
        await pilot.pause()
        seen, _ = await read_through(pilot, pane, events.MouseScrollUp)
        assert pane.cursor == 0 and seen == every


@pilot_test
async def test_a_huge_passage_is_wrapped_once_but_drawn_a_screenful_at_a_time() -> None:
    """A 500 KB one-sentence article is one row of ~18,000 lines: only the lines shown are
    made strips and styled, so focusing it or paging through it costs a screenful."""
    names = ", ".join(f"representative number {n}" for n in range(20000))
    analysis = Analysis(
        story=StoryInfo("Summit", "/tmp/summit"),
        sources=(Source("a", "a.txt", "", "Gazette"), Source("b", "b.txt", "", "Herald")),
        passages=(passage("b", 0, "Rain is expected."), passage("a", 0, f"{names}.")),
        clusters=(),
        findings=(),
    )
    app = ReaderApp(analysis)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        pane = screen.panes[0]
        assert pane.row_region(0).height > 15000
        await pilot.press("l", "h", "pagedown", "pagedown")
        await pilot.pause()
        assert pane.cursor == 0 and min(numbers_on_screen(app)) > 20
        assert len(pane._row_lines(0)._made) < 300  # the screens shown, and 200 made ahead
        for state in (CURSOR, PLAIN):  # focused (the cursor on it), and not (after l)
            styled = pane._strips.get((0, state, pane._base))
            assert styled is not None and len(styled[1]) < 300


@pilot_test
async def test_the_claim_detail_shows_what_a_number_or_quote_is_compared_with() -> None:
    """Herald's 12 million euros disagrees with Courier's 15 million, a passage in no claim:
    the detail names the outlet, its value and its words, the value marked; likewise the
    other wording of a quote."""
    analysis = story()
    app = ReaderApp(analysis)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("2", "g", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ClaimScreen)
        text = "\n".join(screen_lines(app))
        assert "12 million euros = EUR 12 million  disagrees with:" in text
        assert (
            "Courier (sentence 3)  15 million euros: The terminal will cost 15 million euros"
            in text
        )
        await pilot.press("escape", "G", "enter")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "“We shall build it”  worded differently by:" in text
        assert "Gazette (sentence 3)  quote by Alma Ruiz: “We will build it,” said" in text
    from tui.app.screens.claim import compared_line

    number = analysis.findings[1]
    line = compared_line(number, number.values[1], analysis, Palette.from_semantic({}))
    assert line is not None
    marked = {line.plain[span.start : span.end] for span in line.spans if "bold" in str(span.style)}
    assert "15 million euros" in marked and "Courier" in marked
