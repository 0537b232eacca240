"""The loader, as a user meets it: what ends up on screen, and what happens with bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from tui.engine import load
from tui.engine.load import (
    Collection,
    InputError,
    LoadedStory,
    decode_bytes,
    load_story,
    open_path,
)
from tui.model import Source

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
ALLSIDES = Path("/work/shared/eval/allsides/stories")

BODY = (
    "The council approved the new budget on Monday after a long debate.\n\n"
    "Members voted 7 to 2 in favour of the plan, which funds road repairs.\n"
)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def only(story: LoadedStory) -> Source:
    assert len(story.sources) == 1
    return story.sources[0]


def by_id(story: LoadedStory) -> dict[str, Source]:
    return {s.id: s for s in story.sources}


def shown_title(source: Source) -> str:
    assert source.title_span is not None
    start, end = source.title_span
    return source.text[start:end]


def assert_one_line(error: pytest.ExceptionInfo[InputError], *needles: str) -> str:
    message = str(error.value)
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message
    for needle in needles:
        assert needle in message, message
    return message


def assert_clean(text: str) -> None:
    """Nothing a terminal would act on: no C0/C1 control character except newline and tab."""
    bad = [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]
    assert not bad, bad


# --------------------------------------------------------------------------------------------
# The sample story


@pytest.fixture(scope="module")
def seeds() -> dict[str, Source]:
    story = load_story(SEEDS)
    assert story.notes == ()
    assert story.title is None
    return {s.id[:3]: s for s in story.sources}


def test_seeds_load_sorted_by_file_name(seeds: dict[str, Source]) -> None:
    assert list(seeds) == ["000", "001", "002", "003", "004"]
    for source in seeds.values():
        assert source.path == source.id + ".txt"
        assert source.encoding == "utf-8"
        assert source.format == "text"
        assert source.text.strip()
        assert_clean(source.text)


def test_seed_headline_is_the_title(seeds: dict[str, Source]) -> None:
    source = seeds["000"]
    first_line = source.text.split("\n", 1)[0]
    assert source.title == first_line
    assert source.title_span == (0, len(first_line))
    assert source.outlet == source.id  # nothing names the outlet: the file stem stands in


@pytest.mark.parametrize("key", ["001", "002"])
def test_seeds_starting_with_body_text_have_no_title(seeds: dict[str, Source], key: str) -> None:
    source = seeds[key]
    assert source.title is None
    assert source.title_span is None
    assert source.text.split("\n", 1)[0].endswith(".")


def test_seed_site_header_gives_outlet_and_title_without_tail(seeds: dict[str, Source]) -> None:
    source = seeds["003"]
    assert source.outlet == "london-news-net.preview-domain.com"
    assert source.title == (
        "Trump Plans Meeting with Putin in Budapest Amid Controversial Missile Debate"
    )
    assert "|" not in source.title
    assert shown_title(source) == source.title
    # The text stays as it was: the site header line is still there for the reader.
    assert source.text.startswith(source.title + " | World | london-news-net")


def test_seed_date_prefix_gives_date_and_title(seeds: dict[str, Source]) -> None:
    source = seeds["004"]
    assert source.date == "2025-10-17"
    assert source.title == (
        "Putin-Trump Summit May Happen Within Two Weeks, But There's A Lot To Do First: Kremlin"
    )
    assert shown_title(source) == source.title
    assert source.text.lstrip().startswith("date 2025-10-17 Putin-Trump")


def test_seed_files_are_never_written(tmp_path: Path) -> None:
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    load_story(SEEDS)
    open_path(SEEDS)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in SEEDS.iterdir()}
    assert before == after


# --------------------------------------------------------------------------------------------
# Title, date and outlet heuristics beyond the seeds


@pytest.mark.parametrize(
    ("head", "title", "outlet", "date"),
    [
        ("Council passes budget - BBC News", "Council passes budget", "BBC News", None),
        ("Council passes budget – example.org", "Council passes budget", "example.org", None),
        (
            "Council passes budget | Politics | www.example.co.uk",
            "Council passes budget",
            "example.co.uk",
            None,
        ),
        (
            "Council passes budget | The Daily Example",
            "Council passes budget",
            "The Daily Example",
            None,
        ),
        ("Council passes budget | Politics", "Council passes budget", None, None),
        (
            "Published: October 17, 2025 Council passes budget",
            "Council passes budget",
            None,
            "2025-10-17",
        ),
        ("2025-10-17T09:30:00Z Council passes budget", "Council passes budget", None, "2025-10-17"),
        # A dash that is part of the headline is not a site name.
        (
            "Council passes budget - hours after a walkout by the opposition",
            "Council passes budget - hours after a walkout by the opposition",
            None,
            None,
        ),
        (
            "Are budgets too big? Partly, experts explain.",
            "Are budgets too big? Partly, experts explain.",
            None,
            None,
        ),
    ],
)
def test_title_line_structure(
    tmp_path: Path, head: str, title: str, outlet: str | None, date: str | None
) -> None:
    source = only(load_story(write(tmp_path, "paper.txt", f"{head}\n\n{BODY}")))
    assert source.title == title
    assert shown_title(source) == title
    assert source.outlet == (outlet or "paper")
    assert source.date == date
    assert source.text.startswith(head)  # nothing is cut out of the text


def test_date_on_its_own_line_before_the_title(tmp_path: Path) -> None:
    text = f"Published 17 October 2025\n\nCouncil passes budget\n\n{BODY}"
    source = only(load_story(write(tmp_path, "a.txt", text)))
    assert source.date == "2025-10-17"
    assert source.title == "Council passes budget"
    assert shown_title(source) == "Council passes budget"


@pytest.mark.parametrize(
    "first_line",
    [
        "By Jane Doe",
        "The council approved the new budget on Monday after a long debate that ran late.",
        "- a list item",
    ],
)
def test_lines_that_are_not_titles(tmp_path: Path, first_line: str) -> None:
    source = only(load_story(write(tmp_path, "a.txt", f"{first_line}\n{BODY}")))
    assert source.title is None


# --------------------------------------------------------------------------------------------
# Decoding and normalisation


SAMPLE = "Café owners rally\n\ncafé – “quoted” naïve façade, 20 €.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SAMPLE.encode("utf-8"), "utf-8"),
        (SAMPLE.encode("utf-8-sig"), "utf-8-sig"),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be"),
        (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # no BOM: found by its NUL pattern
        (b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le"),
        (SAMPLE.encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes, encoding: str) -> None:
    source = only(load_story(write(tmp_path, "a.txt", data)))
    assert source.text == SAMPLE.rstrip()
    assert source.encoding == encoding
    assert "\ufeff" not in source.text
    assert source.title == "Café owners rally"


def test_short_cp1252_text_decodes(tmp_path: Path) -> None:
    text, encoding = decode_bytes("café – “quoted”".encode("cp1252"), "a.txt")
    assert text == "café – “quoted”"
    assert encoding == "cp1252"


def test_legacy_cyrillic_decodes() -> None:
    original = "Привет, как дела? Это тестовый текст на русском языке, довольно длинный."
    text, encoding = decode_bytes(original.encode("cp1251"), "a.txt")
    assert text == original
    assert encoding == "cp1251"


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Dégâts – “x”</p></body>'
    source = only(load_story(write(tmp_path, "a.html", page.encode("cp1252"))))
    assert source.text == "Dégâts – “x”"
    assert source.encoding == "cp1252"


def test_mostly_utf8_with_a_broken_byte_stays_utf8(tmp_path: Path) -> None:
    data = ("Headline here\n\n" + "Zürich café déjà vu. " * 20).encode() + b"\xff end."
    source = only(load_story(write(tmp_path, "a.txt", data)))
    assert source.encoding == "utf-8"
    assert "Zürich café déjà vu." in source.text
    assert "\ufffd end." in source.text
    assert any("invalid" in d for d in source.dropped)


def test_text_is_nfc(tmp_path: Path) -> None:
    source = only(load_story(write(tmp_path, "a.txt", "Cafe\u0301 news today\n\nCafe\u0301.\n")))
    assert source.text == "Café news today\n\nCafé."
    assert unicodedata.is_normalized("NFC", source.text)


def test_line_endings_become_newlines(tmp_path: Path) -> None:
    data = b"Budget passes at last\r\n\r\nFirst line.\r\nSecond line.\rThird line.\r\n"
    source = only(load_story(write(tmp_path, "a.txt", data)))
    assert source.text == "Budget passes at last\n\nFirst line.\nSecond line.\nThird line."
    assert source.title == "Budget passes at last"


def test_control_characters_and_escape_sequences_are_removed(tmp_path: Path) -> None:
    text = (
        "Budget \x1b[2Jpasses\x07 at last\n\n"
        "Red \x1b[31mtext\x1b[0m and a \x1b]0;evil title\x07 here.\n"
        "C1 \u009b2J csi, tab\tkept,\x0cform feed.\n"
    )
    source = only(load_story(write(tmp_path, "a.txt", text)))
    assert_clean(source.text)
    assert "[2J" not in source.text and "[31m" not in source.text and "evil" not in source.text
    assert source.title == "Budget passes at last"
    assert "\t" in source.text
    assert "form feed" in source.text.split("\n")[-1]
    assert any(d.startswith("control characters x") for d in source.dropped)


def test_decode_bytes_reports_binary_and_undecodable() -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "pic.txt")
    assert_one_line(err, "pic.txt", "looks binary")
    with pytest.raises(InputError) as err:
        decode_bytes(b"\xff\xfe\x00\xd8A\x00", "bad.txt")  # a lone surrogate after a BOM
    assert_one_line(err, "bad.txt", "could not be decoded")


# --------------------------------------------------------------------------------------------
# HTML


@pytest.mark.parametrize(
    ("name", "head", "title", "outlet"),
    [
        ("01_left_politico.txt", "City budget passes - Politico", "City budget passes", "Politico"),
        ("paper.txt", "City budget passes - Politico", "City budget passes - Politico", "paper"),
        ("paper.txt", "Budget passes - Again Tomorrow", "Budget passes - Again Tomorrow", "paper"),
    ],
)
def test_dash_tail_is_an_outlet_only_when_something_says_so(
    tmp_path: Path, name: str, head: str, title: str, outlet: str
) -> None:
    source = only(load_story(write(tmp_path, name, f"{head}\n\n{BODY}")))
    assert (source.title, source.outlet) == (title, outlet)


# --------------------------------------------------------------------------------------------
# Markdown, JSON, JSON Lines


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    text = (
        "---\n"
        'title: "Budget passes"\n'
        "date: 2025-01-31\n"
        "outlet: The Example Times\n"
        "url: https://example.com/budget\n"
        "---\n"
        "# Budget passes\n\n"
        "The council **approved** the budget.\n"
    )
    source = only(load_story(write(tmp_path, "times.md", text)))
    assert source.format == "markdown"
    assert source.text == "# Budget passes\n\nThe council **approved** the budget."
    assert source.title == "Budget passes"
    assert shown_title(source) == "Budget passes"
    assert source.date == "2025-01-31"
    assert source.outlet == "The Example Times"
    assert source.url == "https://example.com/budget"
    assert any("front matter" in d for d in source.dropped)


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    source = only(load_story(write(tmp_path, "a.markdown", "# Budget passes\n\nBody text.\n")))
    assert source.title == "Budget passes"
    assert source.title_span == (2, 15)
    assert source.text.startswith("# Budget passes")


ARTICLE = {
    "title": "Budget passes",
    "source": "The Example Post",
    "url": "https://example.com/b",
    "publishedAt": "2025-01-31T10:00:00Z",
    "body": "The council approved the budget on Monday.",
}


def test_json_object(tmp_path: Path) -> None:
    source = only(load_story(write(tmp_path, "post.json", json.dumps(ARTICLE))))
    assert source.id == "post"
    assert source.format == "json"
    assert source.text == "The council approved the budget on Monday."  # the title is not added
    assert source.title == "Budget passes"
    assert source.title_span is None
    assert source.outlet == "The Example Post"
    assert source.date == "2025-01-31"
    assert source.url == "https://example.com/b"


def test_json_text_starting_with_its_title_marks_it(tmp_path: Path) -> None:
    item = {"title": "Budget passes", "text": "Budget passes\n\nThe council approved it."}
    source = only(load_story(write(tmp_path, "a.json", json.dumps(item))))
    assert source.title_span == (0, len("Budget passes"))


def test_json_list_and_newsapi_shape(tmp_path: Path) -> None:
    items = [ARTICLE, {**ARTICLE, "source": {"id": "x", "name": "Wire Service"}, "body": "Two."}]
    story = load_story(write(tmp_path, "many.json", json.dumps({"articles": items})))
    assert [s.id for s in story.sources] == ["many-1", "many-2"]
    assert [s.outlet for s in story.sources] == ["The Example Post", "Wire Service"]
    assert all(s.path == "many.json" for s in story.sources)


def test_jsonl_lines_become_sources_and_bad_lines_are_noted(tmp_path: Path) -> None:
    lines = [
        json.dumps({"outlet": "A", "text": "First article text."}),
        "{not json",
        json.dumps({"outlet": "B", "content": "Second article text.", "date": "March 3, 2024"}),
        json.dumps({"outlet": "C"}),
    ]
    story = load_story(write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n"))
    assert [(s.id, s.outlet) for s in story.sources] == [("feed-1", "A"), ("feed-2", "B")]
    assert story.sources[1].date == "2024-03-03"
    messages = [n.message for n in story.notes]
    assert any(m.startswith("line 2 is not valid JSON") for m in messages)
    assert any(m.startswith("line 4 has no article text") for m in messages)
    assert all(n.path == "feed.jsonl" for n in story.notes)


def test_a_json_text_field_that_holds_no_text_is_named_as_such(tmp_path: Path) -> None:
    lines = [json.dumps({"text": 12345}), json.dumps({"outlet": "B", "body": "Real text here."})]
    story = load_story(write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n"))
    assert [s.outlet for s in story.sources] == ["B"]
    (note,) = story.notes
    assert note.message.startswith("line 1 has no article text ('text' holds a number, not text)")


def test_json_control_characters_in_strings_are_removed(tmp_path: Path) -> None:
    item = {"title": "Bad\u001b[2J title", "text": "Body \u001b[31mred\u001b[0m text."}
    source = only(load_story(write(tmp_path, "a.json", json.dumps(item))))
    assert_clean(source.text)
    assert_clean(source.title or "")
    assert source.text == "Body red text."


def test_invalid_json_file_names_the_line(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", "Fine article\n\nBody.\n")
    write(tmp_path, "bad.json", '{"title": "x",\n "text": }')
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["good"]
    (note,) = story.notes
    assert note.path == "bad.json"
    assert note.message.startswith("is not valid JSON (line 2")


# --------------------------------------------------------------------------------------------
# Folders: ids, order, story.toml, collections


def test_ids_are_unique_and_sorted_naturally(tmp_path: Path) -> None:
    for name in ("a.txt", "a.md", "10.txt", "2.txt", "B.html"):
        body = "<p>Body.</p>" if name.endswith("html") else "Body text here.\n"
        write(tmp_path, name, body)
    story = load_story(tmp_path)
    assert [s.path for s in story.sources] == ["2.txt", "10.txt", "a.md", "a.txt", "B.html"]
    assert [s.id for s in story.sources] == ["2", "10", "a", "a.txt", "B"]
    assert load_story(tmp_path) == story  # deterministic


def test_hidden_files_ignored_and_unknown_files_noted(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, ".DS_Store", b"\x00\x01binary")
    write(tmp_path, ".hidden.txt", BODY)
    write(tmp_path, "notes.pdf", "%PDF-1.4 text-like")
    write(tmp_path, "pic.bin", bytes(range(256)))
    write(tmp_path, "images/x.txt", BODY)  # a subfolder of a story is not read
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["a"]
    notes = {n.path: n.message for n in story.notes}
    assert set(notes) == {"notes.pdf", "pic.bin"}
    assert notes["notes.pdf"].startswith("is not an article file (.pdf")
    assert notes["pic.bin"] == "looks binary; ignored"


def test_story_toml_gives_title_and_per_file_metadata(tmp_path: Path) -> None:
    write(tmp_path, "000_abc.txt", f"Budget passes | Politics | site.example\n\n{BODY}")
    write(tmp_path, "001_def.txt", BODY)
    write(
        tmp_path,
        "story.toml",
        '[story]\ntitle = "The budget vote"\n\n'
        '[sources."000_abc.txt"]\noutlet = "Example Site"\nurl = "https://site.example/b"\n'
        'date = "2025-10-17"\n\n'
        '[sources.001_def]\noutlet = "Other Paper"\ndate = 2025-10-18\n\n'
        '[sources."gone.txt"]\noutlet = "Nobody"\n',
    )
    story = load_story(tmp_path)
    assert story.title == "The budget vote"
    first, second = story.sources
    assert (first.outlet, first.url, first.date) == (
        "Example Site",
        "https://site.example/b",
        "2025-10-17",
    )
    assert first.title == "Budget passes"
    assert (second.outlet, second.date) == ("Other Paper", "2025-10-18")
    notes = [n.message for n in story.notes]
    assert notes == ["line 13: names gone.txt, which is not in the folder"]


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ('[story]\ntitle = "unclosed\n[sources."a.txt"]\noutlet = "A"\n', ["line 2"]),
        ('[sources."a.txt"]\noutlet = "A"\noutlet = "B"\n', ["line 3"]),  # a key set twice
        ("[story]\nsize = " + "9" * 5000 + "\n", ["number too long"]),
        ("[story]\nx = " + "[" * 100_000 + "\n", ["nested too deeply"]),
    ],
)
def test_a_story_toml_that_is_not_toml_is_left_out_whole_with_a_note(
    tmp_path: Path, toml: str, needles: list[str]
) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", BODY.replace("council", "board"))
    write(tmp_path, "story.toml", toml)
    story = load_story(tmp_path)
    # The articles load as if there were no story.toml: none of its metadata is used.
    assert [s.id for s in story.sources] == ["a", "b"]
    assert story.title is None and story.sources[0].outlet != "A"
    (note,) = story.notes
    assert note.path == "story.toml"
    assert "\n" not in note.message and "the whole file is ignored" in note.message
    for needle in needles:
        assert needle in note.message, note.message


def test_a_bad_value_in_story_toml_drops_only_itself_and_every_problem_is_noted_at_once(
    tmp_path: Path,
) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", BODY.replace("council", "board"))
    write(tmp_path, "c.txt", BODY.replace("council", "committee"))
    write(
        tmp_path,
        "story.toml",
        '[story]\ntitle = "The budget vote"\nsubtitle = "x"\n\n'  # lines 1-3
        '[sources."a.txt"]\noutlet = "Alpha"\nlean = "left"\ndate = "2025-13-45"\n\n'  # 5-8
        '[sources.b]\noutlet = 42\nlean = "right"\nurl = "https://b.example/x"\n\n'  # 10-13
        '[sources."gone.txt"]\noutlet = "Nobody"\n\n'  # 15-16
        '[sources]\n"c.txt" = 3\n',  # 18-19
    )
    story = load_story(tmp_path)
    assert story.title == "The budget vote"
    a, b, c = story.sources
    assert (a.outlet, a.lean, a.date) == ("Alpha", "left", None)  # only the date is dropped
    assert (b.outlet, b.lean, b.url) == ("b", "right", "https://b.example/x")
    assert (c.outlet, c.lean) == ("c", None)  # its entry, not a table, is dropped
    messages = [n.message for n in story.notes if n.path == "story.toml"]
    assert len(messages) == 5
    assert all("\n" not in m and "whole file" not in m for m in messages)
    expected = [
        ("line 3:", "[story] unknown key 'subtitle'"),
        ("line 8:", '[sources."a.txt"] date must be a date'),
        ("line 11:", '[sources."b"] outlet must be a string'),
        ("line 19:", '[sources."c.txt"] must be a table'),
    ]
    for (line, problem), message in zip(expected, messages, strict=False):
        assert message.startswith(f"{line} {problem}"), message
    assert messages[4:] == ["line 15: names gone.txt, which is not in the folder"]


def test_story_toml_lines_are_found_for_dotted_keys_and_inline_tables(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.txt", BODY.replace("council", "board"))
    write(
        tmp_path,
        "story.toml",
        '[sources]\n"a.txt".outlet = 7\n"a.txt".lean = "left"\n'
        'b = { outlet = "Beta", date = "never" }\n',
    )
    story = load_story(tmp_path)
    assert [(s.outlet, s.lean) for s in story.sources] == [("a", "left"), ("Beta", None)]
    assert [n.message.split(":")[0] for n in story.notes] == ["line 2", "line 4"]


def test_collection_of_story_folders(tmp_path: Path) -> None:
    write(tmp_path, "b-story/1.txt", BODY)
    write(tmp_path, "a-story/x.md", BODY)
    write(tmp_path, "empty/.keep", "")
    write(tmp_path, ".hidden/1.txt", BODY)
    write(tmp_path, "README", "about")
    opened = open_path(tmp_path)
    assert isinstance(opened, Collection)
    assert opened.stories == (tmp_path / "a-story", tmp_path / "b-story")
    assert isinstance(open_path(tmp_path / "a-story"), LoadedStory)
    with pytest.raises(InputError) as err:
        load_story(tmp_path)
    assert_one_line(err, str(tmp_path), "2 story folders")


def test_a_folder_with_articles_is_a_story_even_with_subfolders(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "sub/b.txt", BODY)
    opened = open_path(tmp_path)
    assert isinstance(opened, LoadedStory)
    assert [s.id for s in opened.sources] == ["a"]


def test_single_file_is_a_story_of_one(tmp_path: Path) -> None:
    path = write(tmp_path, "one.txt", f"Budget passes\n\n{BODY}")
    story = open_path(path)
    assert isinstance(story, LoadedStory)
    assert story.path == path
    assert only(story).path == "one.txt"
    assert only(story).id == "one"


# --------------------------------------------------------------------------------------------
# Bad input: one-line errors, or notes when other articles remain


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for opener in (open_path, load_story):
        with pytest.raises(InputError) as err:
            opener(missing)
        assert_one_line(err, str(missing), "does not exist")


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        open_path(tmp_path)
    assert_one_line(err, str(tmp_path), "empty")


def test_folder_without_article_files(tmp_path: Path) -> None:
    write(tmp_path, "notes.pdf", "text")
    with pytest.raises(InputError) as err:
        open_path(tmp_path)
    assert_one_line(err, "no readable article in", str(tmp_path), "notes.pdf")


def test_every_file_skipped_is_summarised_in_one_line(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(200)))
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.md", "  \n\n \n")
    with pytest.raises(InputError) as err:
        load_story(tmp_path)
    message = assert_one_line(err, f"no readable article in {tmp_path}")
    assert message.endswith(": a.txt looks binary; b.txt is empty; c.md is empty")


def test_binary_and_empty_files_are_skipped_with_notes(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"GIF89a\x01\x00\x01\x00\x00\xff\x00" * 20)
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.txt", BODY)
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["c"]
    assert [(n.path, n.message) for n in story.notes] == [
        ("a.txt", "looks binary; skipped"),
        ("b.txt", "is empty; skipped"),
    ]


def test_undecodable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import charset_normalizer

    class NoMatch:
        def best(self) -> None:
            return None

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda *a, **k: NoMatch())
    write(tmp_path, "a.txt", b"caf\xe9 \xff\xfe\xfd odd bytes")
    write(tmp_path, "b.txt", BODY)
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["b"]
    assert story.notes[0].path == "a.txt"
    assert story.notes[0].message.startswith("could not be decoded")
    with pytest.raises(InputError) as err:
        load_story(tmp_path / "a.txt")
    assert_one_line(err, "a.txt", "could not be decoded")


def test_huge_file_is_skipped_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(load.MAX_BYTES + 1)  # sparse: costs no disk
    write(tmp_path, "small.txt", BODY)
    real_open = Path.open

    def guarded_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        assert self.name != "big.txt", "the huge file was opened"
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded_open)
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["small"]
    (note,) = story.notes
    assert note.path == "big.txt"
    assert note.message == "is too large (20.0 MB; the limit is 20 MB); skipped"
    with pytest.raises(InputError) as err:
        load_story(big)
    assert_one_line(err, "big.txt", "too large")


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    story_dir = tmp_path / "story"
    write(story_dir, "a.txt", BODY)
    os.symlink(story_dir, story_dir / "loop")
    os.symlink(tmp_path, story_dir / "up")
    os.symlink(story_dir / "x.txt", story_dir / "y.txt")  # file loop: x -> y -> x
    os.symlink(story_dir / "y.txt", story_dir / "x.txt")
    os.symlink(story_dir / "a.txt", story_dir / "link.txt")  # a link to a file is fine
    story = load_story(story_dir)
    assert [s.id for s in story.sources] == ["a", "link"]
    assert {n.path: n.message for n in story.notes} == {
        "x.txt": "is a symlink loop; skipped",
        "y.txt": "is a symlink loop; skipped",
    }
    # A collection whose subfolder links back up does not loop either.
    os.symlink(tmp_path, tmp_path / "self")
    opened = open_path(tmp_path)
    assert isinstance(opened, Collection)
    assert opened.stories == (story_dir,)
    with pytest.raises(InputError) as err:
        open_path(story_dir / "x.txt")
    assert_one_line(err, "x.txt", "symlink loop")


def test_unreadable_file_chmod(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root from reading")
    locked = write(tmp_path, "locked.txt", BODY)
    write(tmp_path, "open.txt", BODY)
    locked.chmod(0)
    try:
        story = load_story(tmp_path)
    finally:
        locked.chmod(0o644)
    assert [s.id for s in story.sources] == ["open"]
    assert (story.notes[0].path, story.notes[0].message) == (
        "locked.txt",
        "cannot be read: permission denied; skipped",
    )


def test_unreadable_file_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "locked.txt", BODY)
    write(tmp_path, "open.txt", BODY)
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    story = load_story(tmp_path)
    assert [s.id for s in story.sources] == ["open"]
    assert [(n.path, n.message) for n in story.notes] == [
        ("locked.txt", "cannot be read: permission denied; skipped")
    ]
    with pytest.raises(InputError) as err:
        load_story(tmp_path / "locked.txt")
    assert_one_line(err, "locked.txt", "permission denied")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_fifo_is_skipped_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    write(tmp_path, "a.txt", BODY)
    story = load_story(tmp_path)  # reading the FIFO would block forever
    assert [s.id for s in story.sources] == ["a"]
    assert (story.notes[0].path, story.notes[0].message) == (
        "pipe.txt",
        "is not a regular file; skipped",
    )


def test_single_binary_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.bin", bytes(range(256)) * 4)
    with pytest.raises(InputError) as err:
        open_path(path)
    assert_one_line(err, str(path), "looks binary")


def test_control_characters_in_file_names_are_not_shown(tmp_path: Path) -> None:
    write(tmp_path, "evil\x1b[2J.txt", BODY)
    write(tmp_path, "junk\x1b]0;x\x07.bin", bytes(range(256)))
    story = load_story(tmp_path)
    assert "\x1b" not in only(story).id and "\x1b" not in only(story).path
    assert all("\x1b" not in n.message and "\x1b" not in n.path for n in story.notes)


def test_input_folder_is_never_written(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", BODY)
    write(tmp_path, "b.html", "<html><body><h1>T</h1><p>Body text here.</p></body></html>")
    write(tmp_path, "c.json", json.dumps(ARTICLE))
    write(tmp_path, "d.bin", bytes(range(256)))
    write(tmp_path, "story.toml", '[story]\ntitle = "x"\n')

    def snapshot() -> dict[str, tuple[int, bytes]]:
        return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}

    before = snapshot()
    open_path(tmp_path)
    assert snapshot() == before


# --------------------------------------------------------------------------------------------
# Speed and imports


def test_loading_100_files_is_fast(tmp_path: Path) -> None:
    for i in range(100):
        write(tmp_path, f"{i:03}.txt", f"Headline number {i}\n\n{BODY * 5}")
    start = time.perf_counter()
    story = load_story(tmp_path)
    elapsed = time.perf_counter() - start
    assert len(story.sources) == 100
    assert elapsed < 1.0, f"{elapsed:.3f}s for 100 files"


def test_import_is_light() -> None:
    code = (
        "import sys, tui.engine.load; "
        "heavy = {'selectolax', 'charset_normalizer', 'textual', 'tomllib', 'numpy', 'trafilatura',"
        " 'lxml'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------------------------
# Real data


@pytest.mark.skipif(not ALLSIDES.is_dir(), reason="AllSides evaluation stories not present")
def test_allsides_stories_load_with_titles() -> None:
    opened = open_path(ALLSIDES)
    assert isinstance(opened, Collection)
    assert len(opened.stories) == len([p for p in ALLSIDES.iterdir() if p.is_dir()])
    for folder in opened.stories:
        story = load_story(folder)
        assert len(story.sources) == 3, folder.name
        assert story.notes == (), folder.name
        for source in story.sources:
            assert source.text.strip(), (folder.name, source.id)
            headline = source.text.split("\n", 1)[0].strip()
            assert source.title == headline, (folder.name, source.id)
            assert source.title_span is not None
            assert_clean(source.text)
