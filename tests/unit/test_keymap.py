"""The config's [keys] checked against the reader's bindings: unknown ids, empty and unknown
keys, and one key given to two actions at once are each one warning with the file and line,
and what is applied leaves every key doing one thing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import load_config
from tui.keymap import (
    Declared,
    Screenful,
    check_keys,
    checked_config,
    key_problem,
    normalise,
    reader_screens,
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_the_reported_keymap_gives_one_warning_per_problem_and_keeps_quit_on_q(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path / "config.toml",
        'theme = "coverage-light"\n\n[keys]\n'
        '"reader.cursor_down" = "j,,ctrl+alt+shift+zz"\n'  # line 4
        '"app.quit" = "j"\n'  # line 5
        '"reader.nonexistent" = "y"\n',  # line 6
    )
    config, warnings = load_config(path)
    assert warnings == []  # the shape is right; what the keys mean is the reader's check
    checked, warnings = checked_config(config)
    assert checked.keys == {"reader.cursor_down": "j"}  # quit keeps its default q
    assert checked.theme == "coverage-light"
    assert len(warnings) == 4, warnings
    empty, bogus, clash, unknown = warnings
    assert empty.startswith(f"{path}:4: keys.reader.cursor_down: an empty key")
    assert bogus.startswith(f"{path}:4: keys.reader.cursor_down: 'ctrl+alt+shift+zz'")
    assert clash.startswith(f"{path}:5: keys.app.quit: j is also 'Next passage'")
    assert "reader.cursor_down" in clash and "keeps its default keys (q)" in clash
    assert unknown.startswith(f"{path}:6: keys.reader.nonexistent: no binding has this id")
    assert all("\n" not in w and w.count(str(path)) == 1 for w in warnings)


def test_a_keymap_that_works_is_applied_as_written_without_warnings(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml",
        '[keys]\n"reader.cursor_down" = "k,down"\n"reader.cursor_up" = "j,up"\n'  # a swap
        '"app.quit" = "q,ctrl+q"\n"reader.search" = "?"\n"app.help" = "f1"\n'
        '"loading.quit" = "ctrl+x"\n"help.close" = "escape,f1,q"\n',
    )
    checked, warnings = checked_config(load_config(path)[0])
    assert warnings == []
    assert checked.keys["reader.cursor_down"] == "k,down"
    assert checked.keys["reader.search"] == "question_mark"  # as Textual names it
    assert set(checked.keys) == {
        "reader.cursor_down", "reader.cursor_up", "app.quit", "reader.search", "app.help",
        "loading.quit", "help.close",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("zz", "'zz' names no key"),
        ("ctrl+alt+x", "it names it 'alt+ctrl+x'"),
        ("ctrl+J", "it names it 'ctrl+shift+j'"),
        ("shift+j", "it names it 'J'"),
        ("cmd+s", "'cmd' is not a modifier"),
        ("ctrl+ctrl+s", "repeats a modifier"),
        ("ctrl+", "ends with '+'"),
        ("latin_small_letter_a", "names no key"),  # a character Textual calls "a"
    ],
)
def test_key_names_textual_never_reports_are_named(key: str, problem: str) -> None:
    found = key_problem(normalise(key))
    assert found is not None and problem in found


@pytest.mark.parametrize(
    "key",
    ["j", "J", "?", "+", "question_mark", "plus", "comma", "space", "ctrl+p", "shift+tab",
     "f5", "f24", "pagedown", "escape", "enter", "alt+shift+j", "ctrl+question_mark", "é",
     "menu"],
)  # fmt: skip
def test_key_names_textual_reports_pass(key: str) -> None:
    assert key_problem(normalise(key)) is None


def declared(binding_id: str | None, keys: str, action: str, owner: str = "S") -> Declared:
    return Declared(binding_id, tuple(keys.split(",")), action, action.title(), owner)


SCREENS = [
    Screenful(
        "Reader",
        (
            declared("app.quit", "q", "quit", "App"),
            declared("app.theme", "t", "theme", "App"),
            declared("reader.down", "down,j", "cursor(1)"),
            declared("reader.up", "up,k", "cursor(-1)"),
            declared("reader.finding", "n", "finding"),
            declared("reader.match", "n", "match"),  # n for both by design
            declared("reader.tab", "tab", "focus(1)"),
            declared("reader.right", "right,l", "focus(1)"),
            declared(None, "ctrl+c", "help_quit", "App"),
        ),
    ),
    Screenful(
        "Help",  # modal: the app's own keys are not active on it
        (declared("help.close", "escape,q", "dismiss"), declared("help.ids", "i", "ids")),
    ),
]


def check(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    return check_keys(keys, SCREENS, key_problem, normalise, lambda binding_id: "f")


def test_the_later_of_two_clashing_entries_keeps_its_default_keys() -> None:
    applied, warnings = check({"reader.up": "x", "app.theme": "x"})
    assert applied == {"reader.up": "x"}
    assert warnings == [
        "f: keys.app.theme: x is also 'Cursor(-1)' (reader.up), active at the same time; "
        "app.theme keeps its default keys (t)"
    ]


def test_an_entry_taking_a_default_key_of_another_binding_gives_way() -> None:
    applied, warnings = check({"reader.finding": "q"})
    assert applied == {} and len(warnings) == 1
    assert "q is also 'Quit' (app.quit)" in warnings[0]
    applied, warnings = check({"app.theme": "ctrl+c"})  # Textual's own binding
    assert applied == {} and "(Textual's own)" in warnings[0]


def test_what_is_not_a_clash_is_left_alone() -> None:
    # a swap; keys shared by default (n); one action under two ids; keys on another screen
    keys = {
        "reader.down": "k",
        "reader.up": "j",
        "reader.finding": "n,f",
        "reader.tab": "tab,l",
        "help.ids": "t",
    }
    applied, warnings = check(keys)
    assert warnings == [] and applied == {**keys, "reader.finding": "n,f"}


def test_giving_way_can_bring_back_a_clash_that_also_gives_way() -> None:
    # quit cannot have j (next passage), so it keeps q; then theme cannot have q either
    applied, warnings = check({"app.quit": "j", "app.theme": "q"})
    assert applied == {} and len(warnings) == 2
    assert warnings[0].startswith("f: keys.app.quit: j is also")
    assert warnings[1].startswith("f: keys.app.theme: q is also 'Quit' (app.quit)")


def test_an_entry_with_no_usable_key_says_it_keeps_its_defaults() -> None:
    applied, warnings = check({"reader.down": ",zz"})
    assert applied == {}
    assert len(warnings) == 2 and "keeps its default keys (down, j)" in warnings[1]


def test_the_reader_bindings_are_read_from_the_classes_screen_by_screen() -> None:
    screens = {screen.name: screen for screen in reader_screens()}
    assert {"ReaderScreen", "HelpScreen", "ClaimScreen", "LoadingScreen"} <= set(screens)
    reader_ids = {b.id for b in screens["ReaderScreen"].bindings}
    # the screen's, its desk actions', the source pane's and the app's
    assert {"reader.search", "reader.mark_verified", "reader.cursor_down", "app.quit"} <= (
        reader_ids
    )
    help_ids = {b.id for b in screens["HelpScreen"].bindings}
    assert "app.quit" not in help_ids and "reader.cursor_down" not in help_ids  # modal
    assert any(b.id is None and "ctrl+q" in b.keys for b in screens["HelpScreen"].bindings)


def test_the_config_remembers_the_line_of_each_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "config.toml", '# keys\n[keys]\n"app.quit" = "q"\n\n"app.help" = "f1"\n'
    )
    config, _ = load_config(path)
    assert config.key_lines == {"app.quit": 3, "app.help": 5}
