"""What the panes show, from a hand-built Analysis: marks, folding, and literal text."""

from __future__ import annotations

from tui.app.story_view import (
    StoryView,
    body,
    gutter,
    literal,
    matches,
    noise_summary,
    quote_differences,
)
from tui.model import (
    Analysis,
    Cluster,
    Finding,
    FindingKind,
    FindingValue,
    NoiseReason,
    Passage,
    PassageKind,
    Source,
    StoryInfo,
    WordDiff,
)


def passage(source: str, index: int, text: str, **kwargs: object) -> Passage:
    return Passage(
        id=f"{source}:{index}",
        source=source,
        index=index,
        start=0,
        end=len(text),
        text=text,
        **kwargs,  # type: ignore[arg-type]
    )


def analysis() -> Analysis:
    a = [
        passage("a", 0, "Heading [b]", kind=PassageKind.HEADING, paragraph=0),
        passage("a", 1, "Shared [bold]x[/] \x1b[2J claim.", paragraph=1),
        passage(
            "a",
            2,
            "Accept cookies",
            kind=PassageKind.NOISE,
            noise=NoiseReason.COOKIE_BANNER,
            paragraph=2,
        ),
        passage(
            "a",
            3,
            "Read more",
            kind=PassageKind.NOISE,
            noise=NoiseReason.RELATED_LINKS,
            paragraph=3,
        ),
        passage("a", 4, "He said it was great progress.", paragraph=4),
    ]
    b = [
        passage("b", 0, "Shared claim again.", paragraph=0),
        passage("b", 1, "He said it was significant progress.", paragraph=1),
    ]
    quote = Finding(
        id="f1",
        kind=FindingKind.QUOTE,
        cluster=None,
        sources=("a", "b"),
        passages=("a:4", "b:1"),
        summary="",
        values=(
            FindingValue("b", "b:1", "significant progress", start=15, end=35),
            FindingValue(
                "a",
                "a:4",
                "great progress",
                start=15,
                end=29,
                diff=(
                    WordDiff("replace", "significant", "great"),
                    WordDiff("equal", " progress", " progress"),
                ),
            ),
        ),
    )
    return Analysis(
        story=StoryInfo("story", "/tmp/story"),
        sources=(Source("a", "a.txt", "", "a"), Source("b", "b.txt", "", "b")),
        passages=(*a, *b),
        clusters=(Cluster("c1", ("a:1", "b:0"), ("a", "b"), 0.9),),
        findings=(quote,),
    )


def test_rows_fold_noise_runs_and_carry_their_marks() -> None:
    story = analysis()
    view = StoryView.build(story)
    rows = view.rows(story.sources[0])
    assert [len(r.passages) for r in rows] == [1, 1, 2, 1]
    assert rows[2].collapsed_noise
    assert noise_summary(rows[2].passages) == "2 noise lines: cookie banner, related links"
    assert gutter(rows[1]).plain.startswith("2●")
    assert gutter(rows[0]).plain.startswith(" #")
    assert len(view.rows(story.sources[0], expand_noise=True)) == 5


def test_article_text_stays_literal_and_control_codes_become_visible() -> None:
    story = analysis()
    view = StoryView.build(story)
    shared = body(view.rows(story.sources[0])[1], story)
    assert "[bold]x[/]" in shared.plain
    assert "\x1b" not in shared.plain and "␛[2J" in shared.plain
    assert literal("a\tb\x07") == "a b␇"
    # a right-to-left override would show "txt.exe" as "exe.txt"; a lone surrogate cannot be
    # written to the terminal at all: both become visible, one character for one
    assert (
        literal("file\u202etxt.exe \ud800")
        == "file\N{REPLACEMENT CHARACTER}txt.exe \N{REPLACEMENT CHARACTER}"
    )


def test_quote_differences_mark_only_the_differing_words() -> None:
    story = analysis()
    finding = story.findings[0]
    first, second = finding.values
    assert quote_differences(finding, second) == [(15, 20)]  # "great"
    assert quote_differences(finding, first) == [(15, 26)]  # "significant"
    view = StoryView.build(story)
    text = body(view.rows(story.sources[0])[3], story)
    assert any(span.start == 15 and span.end == 20 for span in text.spans)


def test_search_matches_are_marked_and_case_is_ignored() -> None:
    story = analysis()
    view = StoryView.build(story)
    row = view.rows(story.sources[0])[1]
    text = body(row, story, "SHARED")
    assert any(span.start == 0 and span.end == 6 for span in text.spans)
    assert matches("aXa xa", "xa") == [(1, 3), (4, 6)]
    assert matches("anything", "") == []


def test_the_reader_docs_list_every_binding() -> None:
    from pathlib import Path

    from tui.app import CoverageApp
    from tui.app.screens.reader import ReaderScreen
    from tui.app.screens.story_list import StoryListScreen, StoryOptions
    from tui.app.widgets.source_pane import SourcePane

    docs = (Path(__file__).resolve().parents[2] / "docs" / "reader.md").read_text()
    owners = (SourcePane, ReaderScreen, CoverageApp, StoryOptions, StoryListScreen)
    for binding in [binding for owner in owners for binding in owner.BINDINGS]:
        assert f"`{binding.id}`" in docs  # type: ignore[union-attr]
        assert binding.description  # type: ignore[union-attr]


def test_the_source_strip_names_the_focused_source_when_there_are_too_many() -> None:
    from tui.app.widgets.source_strip import SourceStrip

    sources = tuple(Source(f"s{i}", f"s{i}.txt", "", f"outlet-{i}") for i in range(100))
    strip = SourceStrip(sources)
    strip.window, strip.focused = range(49, 51), 50
    plain = strip.strip_text(80).plain
    assert plain.startswith("51/100 outlet-50")
    assert " 50 " in plain and " 52 " in plain and "…" in plain
    # The numbers are one unbroken run around the focused source, as many as the row holds.
    many = SourceStrip(tuple(Source(f"s{i}", f"s{i}.txt", "", f"o{i}") for i in range(400)))
    many.window, many.focused = range(198, 203), 200
    row = many.strip_text(160).plain
    numbers = [int(n) for n in row.split("…")[1].split()]
    assert numbers == list(range(numbers[0], numbers[-1] + 1)) and 201 in numbers
    assert len(row) <= 160 and numbers[0] > 150 and numbers[-1] < 250
    few = SourceStrip(sources[:3])
    few.window, few.focused = range(0, 2), 1
    assert "2▸outlet-1" in few.strip_text(80).plain


def test_marked_quote_words_are_the_differing_words_even_mid_quotation(seeds_analysis):
    from tui.app.story_view import quote_differences

    marked = set()
    for finding in seeds_analysis.findings:
        if finding.kind.value == "quote":
            for value in finding.values:
                text = seeds_analysis.passage(value.passage).text
                marked |= {text[s:e].lower() for s, e in quote_differences(finding, value)}
    # "dishonorable" sits in the middle of a long quotation that the diff covers only in part.
    assert {"dishonorable", "inglorious", "severe", "significant", "great"} <= marked


def test_the_gutter_counts_outlets_past_nine() -> None:
    from tui.app.story_view import carriers_mark

    assert [carriers_mark(n) for n in (2, 9, 10, 95, 100, 250)] == [
        "2●",
        "9●",
        "10",
        "95",
        "++",
        "++",
    ]


def test_a_file_name_outlet_drops_its_ordinal_and_hash_but_a_known_outlet_is_kept() -> None:
    """The reader names an outlet as the reports do ("01_huffpost" is "huffpost" in both)."""
    from tui.app.story_view import outlet_label
    from tui.outlets import outlet_name

    def label(stem: str, outlet: str | None = None) -> str:
        source = Source("x", f"/story/{stem}.txt", "", outlet or stem)
        assert outlet_label(source) == outlet_name(source)
        return outlet_label(source)

    assert label("000_321e8bb5b7ded788") == "000"
    assert label("cnn_a1b2c3d4e5") == "cnn"
    assert label("01_left_cnn") == "left_cnn"
    assert label("a1b2c3d4e5f6") == "a1b2c3d4e5f6"  # nothing but a hash: kept
    assert label("report-20241017") == "report-20241017"  # digits only: a date, not a hash
    assert label("9f8e7d6c5b4a", "Outlet 9f8e7d6c5b4a") == "Outlet 9f8e7d6c5b4a"
    assert label("[b]x_a1b2c3d4e5") == "[b]x"


def test_the_quick_height_estimate_matches_richs_wrapping(seeds_analysis) -> None:
    """The panes lay out a whole article from this estimate and correct a row when drawn: it
    should nearly always be right, or rows would jump as they come into view."""
    from rich.console import Console
    from rich.text import Text

    from tui.app.story_view import wrapped_height

    console = Console(width=200)
    pairs = [(p.text, width) for p in seeds_analysis.passages for width in (24, 36, 60)]
    wrong = [
        (text, width)
        for text, width in pairs
        if wrapped_height(text, width) != len(Text(text).wrap(console, width, overflow="fold"))
    ]
    assert len(wrong) <= len(pairs) // 100, wrong[:3]


def test_outlets_get_short_distinct_column_labels() -> None:
    from tui.app.story_view import abbreviations

    sources = [
        Source("a", "a.txt", "", "Daily News Herald"),
        Source("b", "b.txt", "", "Reuters"),
        Source("c", "c.txt", "", "Reuters Health"),
        Source("d", "d.txt", "", "www.london-news-net.example.com"),
        Source("e", "e.txt", "", "Reutersville"),
    ]
    assert abbreviations(sources) == ["DNH", "Reut", "RH", "LNN", "Reu2"]


def test_search_ignores_case_accents_and_the_kind_of_quote_mark() -> None:
    from tui.app.story_view import matches

    text = "Putin warned of “severe damage”, said Viktor Orbán — Hungary’s leader."
    shown = [text[s:e] for s, e in matches(text, '"severe')]
    assert shown == ["“severe"]
    assert [text[s:e] for s, e in matches(text, "orban")] == ["Orbán"]
    assert [text[s:e] for s, e in matches(text, "hungary's")] == ["Hungary’s"]
    assert [text[s:e] for s, e in matches(text, "orbán - hungary")] == ["Orbán — Hungary"]
    assert matches(text, "orbanx") == []
