"""Hostile and unlucky input: what the report command writes, prints and reads."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tui import cache
from tui.cli import main
from tui.config import ConfigError, load_config, remember
from tui.engine.load import load_story, open_path
from tui.files import NotAFileError, read_capped
from tui.themes import DEFAULT_THEME, load_themes
from tui.visible import visible

ARTICLE_A = (
    "Storm Closes Harbour\n\n"
    "The harbour closed on Monday after a storm damaged 40 boats, officials said.\n\n"
    "Repairs will take two weeks, the port authority said in a statement.\n"
)
ARTICLE_B = (
    "Harbour Shut by Storm\n\n"
    "Officials said a storm damaged 40 boats and the harbour closed on Monday.\n\n"
    "The mayor promised help for the fishermen who lost their boats.\n"
)
# An escape sequence that clears the screen and sets the terminal title, and a bidi override.
HOSTILE = "\x1b[2J\x1b]0;PWNED\x1b\\"
RLO = "\u202e"


def story_folder(parent: Path, name: str = "story") -> Path:
    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    return folder


def assert_inert(text: str) -> None:
    """Nothing a terminal would act on: no ESC, no other control but newline, no bidi control."""
    for ch in text:
        assert ch == "\n" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F), repr(text)
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", repr(text)


# -- 1. where -o writes ----------------------------------------------------------------------


def test_output_to_dev_null_writes_into_it_and_never_replaces_it(tmp_path: Path) -> None:
    before = os.stat(os.devnull)
    assert main(["report", str(story_folder(tmp_path)), "--no-cache", "-o", os.devnull]) == 0
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_into_a_fifo_is_written_into(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    code = main(["report", str(story_folder(tmp_path)), "--no-cache", "-o", str(fifo)])
    reader.join(timeout=30)
    assert code == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO, not a file put in its place
    assert b"Storm Closes Harbour" in received[0]


def test_output_to_dev_stdout_prints_the_report(tmp_path: Path, capfd) -> None:
    assert main(["report", str(story_folder(tmp_path)), "--no-cache", "-o", "/dev/stdout"]) == 0
    assert "Storm Closes Harbour" in capfd.readouterr().out


def test_output_inside_the_collection_being_read_is_refused(tmp_path: Path, capsys) -> None:
    collection = tmp_path / "collection"
    story_folder(collection, "one")
    story_folder(collection, "two")
    target = collection / "report.txt"
    assert main(["report", str(collection), "--no-cache", "-o", str(target)]) == 2
    error = capsys.readouterr().err
    assert "refusing to write inside the story folder" in error and error.count("\n") == 1
    assert not target.exists()


def test_output_with_a_tilde_is_checked_where_it_is_written(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    home = tmp_path / "home"
    folder = story_folder(home)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    assert main(["report", str(folder), "--no-cache", "-o", "~/story/out.txt"]) == 2
    assert "refusing to write inside the story folder" in capsys.readouterr().err
    assert not (folder / "out.txt").exists() and not (tmp_path / "~").exists()
    assert main(["report", str(folder), "--no-cache", "-o", "~/out.txt"]) == 0
    assert "Storm Closes Harbour" in (home / "out.txt").read_text(encoding="utf-8")
    assert not (tmp_path / "~").exists()


def test_output_onto_a_socket_is_refused(tmp_path: Path, capsys) -> None:
    import socket

    path = tmp_path / "sock"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert main(["report", str(story_folder(tmp_path)), "--no-cache", "-o", str(path)]) == 2
        assert stat.S_ISSOCK(path.lstat().st_mode)
    assert "not a regular file" in capsys.readouterr().err


# -- 2. nothing reaches the terminal as an escape ------------------------------------------


def test_visible_shows_controls_and_bidi_controls() -> None:
    assert visible("a\x1b[2Jb") == "a␛[2Jb"
    assert visible(f"x{RLO}y") == "x<U+202E>y"
    assert visible("a\x9bb\udc80") == "a\ufffdb\ufffd"
    assert visible("ok\nnext", multiline=True) == "ok\nnext"


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_hostile_folder_and_title_names_are_inert_in_reports(
    tmp_path: Path, capsys, output_format: str
) -> None:
    collection = tmp_path / "collection"
    story = story_folder(collection, f"evil{HOSTILE}{RLO}")
    story_folder(collection, "plain")
    (story / "story.toml").write_text(
        '[story]\ntitle = "Title \\u202e with a bidi override"\n', encoding="utf-8"
    )
    code = main(["report", str(collection), "--no-cache", "-f", output_format])
    captured = capsys.readouterr()
    assert code == 0
    assert_inert(captured.out)
    assert_inert(captured.err)


def test_the_json_report_escapes_what_a_terminal_would_act_on(tmp_path: Path, capsys) -> None:
    folder = story_folder(tmp_path)
    text = f"The harbour closed{RLO} on Monday after a storm damaged 40 boats.\n"
    (folder / "c.txt").write_text(f"Storm\n\n{text}", encoding="utf-8")
    assert main(["report", str(folder), "--no-cache", "-f", "json"]) == 0
    out = capsys.readouterr().out
    assert_inert(out)  # printed to a terminal, nothing in it acts on the terminal
    report = json.loads(out)  # and a parser reads the same strings
    assert any(RLO in p["text"] for p in report["passages"])


def test_the_json_report_names_a_hostile_file_as_documented(tmp_path: Path, capsys) -> None:
    # docs/report-schema.md: control characters in a file name are "?" in sources[].path,
    # and what is printed acts on no terminal (a bidi control is escaped by the JSON itself).
    folder = story_folder(tmp_path)
    (folder / "b.txt").rename(folder / f"[bold]x{HOSTILE}{RLO}.txt")
    assert main(["report", str(folder), "--no-cache", "-f", "json"]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    paths = [source["path"] for source in json.loads(out)["sources"]]
    assert sorted(paths) == sorted(["a.txt", f"[bold]x{HOSTILE.replace(chr(27), '?')}{RLO}.txt"])


def test_hostile_file_names_are_inert_on_stderr(tmp_path: Path, capsys) -> None:
    folder = story_folder(tmp_path)
    (folder / f"bad{HOSTILE}{RLO}.txt").write_bytes(b"\x00\x01\x02" * 100)
    assert main(["report", str(folder), "--no-cache", "-o", str(tmp_path / "out.txt")]) == 0
    err = capsys.readouterr().err
    assert "looks binary" in err
    assert_inert(err)


def test_hostile_config_keys_are_inert_on_stderr(tmp_path: Path, capsys) -> None:
    config = tmp_path / "config.toml"
    config.write_text('"key\\u001b[2J\\u001b]0;PWNED\\u0007\\u202e" = 1\n', encoding="utf-8")
    folder = story_folder(tmp_path)
    code = main(["report", str(folder), "--no-cache", "--config", str(config), "-o", os.devnull])
    err = capsys.readouterr().err
    assert code == 0 and "unknown key" in err
    assert_inert(err)


def test_a_missing_path_with_escapes_is_an_inert_error(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path / f"gone{HOSTILE}")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert_inert(err)


# -- 3. symlinks leaving the folder ----------------------------------------------------------


def test_a_symlink_leading_out_of_the_story_is_skipped_and_named(tmp_path: Path, capsys) -> None:
    secret = tmp_path / "private" / "id_ed25519"
    secret.parent.mkdir()
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY----- very secret key material\n")
    folder = story_folder(tmp_path)
    os.symlink(secret, folder / "key.txt")
    os.symlink(folder / "a.txt", folder / "same.txt")  # a link inside the folder is fine

    story = load_story(folder)
    assert [s.id for s in story.sources] == ["a", "b", "same"]
    assert [(n.path, "outside the story folder" in n.message) for n in story.notes] == [
        ("key.txt", True)
    ]
    assert main(["report", str(folder), "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert "secret key material" not in captured.out
    assert "key.txt" in captured.err and "outside the story folder" in captured.err


def test_follow_symlinks_reads_them(tmp_path: Path, capsys) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("A third outlet reports the storm damaged 40 boats on Monday.\n")
    folder = story_folder(tmp_path)
    os.symlink(elsewhere, folder / "c.txt")
    story = open_path(folder, follow_symlinks=True)
    assert not isinstance(story, type(None))
    assert [s.id for s in story.sources] == ["a", "b", "c"]  # type: ignore[union-attr]
    assert main(["report", str(folder), "--no-cache", "--follow-symlinks"]) == 0
    assert "3 sources" in capsys.readouterr().out


def test_a_story_of_only_outside_links_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    target = tmp_path / "t.txt"
    target.write_text(ARTICLE_A)
    folder = tmp_path / "story"
    folder.mkdir()
    os.symlink(target, folder / "a.txt")
    assert main(["report", str(folder), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "outside the story folder" in err


# -- 4. one bad file never kills the story -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("deep.json", "[" * 100_000, "nested too deeply"),
        ("digits.json", '{"text": "Some words here.", "n": ' + "9" * 5000 + "}", "too long"),
        ("digits.jsonl", '{"text": "Some words.", "n": ' + "9" * 5000 + "}\n", "too long"),
    ],
)
def test_a_json_file_python_cannot_parse_is_skipped_with_a_note(
    tmp_path: Path, name: str, content: str, problem: str
) -> None:
    folder = story_folder(tmp_path)
    (folder / name).write_text(content, encoding="utf-8")
    story = load_story(folder)
    assert [s.id for s in story.sources] == ["a", "b"]
    (note,) = story.notes
    assert note.path == name and problem in note.message and "skipped" in note.message


def test_lone_surrogates_and_huge_dates_in_json_still_load(tmp_path: Path, capsys) -> None:
    folder = story_folder(tmp_path)
    (folder / "c.json").write_text(
        '{"text": "Broken \\ud800 text about the storm and 40 boats.", "date": ' + "9" * 400 + "}",
        encoding="utf-8",
    )
    (folder / "d.json").write_text(
        '{"text": "Another storm report.", "date": "' + "9" * 400 + '"}', encoding="utf-8"
    )
    story = load_story(folder)
    by_id = {s.id: s for s in story.sources}
    assert by_id["c"].text == "Broken \ufffd text about the storm and 40 boats."
    assert by_id["c"].date is None and by_id["d"].date is None
    assert main(["report", str(folder), "--no-cache", "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["sources"]


def test_a_story_toml_with_a_huge_number_is_left_out_with_a_one_line_note(
    tmp_path: Path, capsys
) -> None:
    folder = story_folder(tmp_path)
    (folder / "story.toml").write_text("[story]\nsize = " + "9" * 5000 + "\n")
    assert main(["report", str(folder), "--no-cache", "-f", "json"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["sources"]) == 2
    (line,) = captured.err.splitlines()
    assert "story.toml" in line and "too long" in line
    assert "internal error" not in captured.err


# -- 5. config, themes and cache files that are not small regular files --------------------


def test_read_capped_refuses_devices_fifos_and_large_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotAFileError, match="not a regular file"):
        read_capped(fifo)  # returns at once: no writer is waited for
    with pytest.raises(NotAFileError, match="not a regular file"):
        read_capped(Path("/dev/zero"))
    big = tmp_path / "big.toml"
    big.write_bytes(b"# x\n" * 300_000)
    with pytest.raises(NotAFileError, match=r"larger than 1\.0 MB"):
        read_capped(big)
    small = tmp_path / "small.toml"
    small.write_bytes(b"theme = 'x'\n")
    assert read_capped(small) == b"theme = 'x'\n"


@pytest.mark.parametrize("kind", ["zero", "fifo", "deep", "huge-integer"])
def test_a_config_that_cannot_be_read_is_refused_never_read_forever(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "config.toml"
    if kind == "zero":
        path = Path("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "deep":
        path.write_text("a = " + "[" * 100_000)
    else:
        path.write_text("sources_side_by_side = " + "9" * 5000 + "\n")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)


def test_a_broken_user_config_never_stops_the_program(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    folder = tmp_path / "coverage-tui"
    folder.mkdir()
    os.mkfifo(folder / "config.toml")
    config, warnings = load_config()
    assert config.theme is None
    assert len(warnings) == 1 and "not a regular file" in warnings[0]
    with pytest.raises(ConfigError, match="left as it is"):
        remember("theme", "dark")
    assert stat.S_ISFIFO((folder / "config.toml").lstat().st_mode)


def test_broken_user_themes_are_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "deep.toml").write_text("a = " + "[" * 100_000)
    (tmp_path / "huge.toml").write_text("name = " + "9" * 5000 + "\n")
    (tmp_path / "big.toml").write_bytes(b"# padding\n" * 200_000)
    os.mkfifo(tmp_path / "fifo.toml")
    found = load_themes(tmp_path)
    problems = "\n".join(found.problems)
    assert "deep.toml: not valid TOML: nested too deeply" in problems
    assert "huge.toml: not valid TOML: a number too long to read" in problems
    assert "big.toml: cannot read: larger than 1.0 MB" in problems
    assert "fifo.toml: cannot read: not a regular file" in problems
    assert DEFAULT_THEME in found.themes  # the shipped themes still load


# -- 9. cache entries are checked against the story -----------------------------------------


def _forge(entry: Path, change) -> None:  # type: ignore[no-untyped-def]
    import msgspec

    key = entry.name.removesuffix(cache.SUFFIX)
    analysis = msgspec.msgpack.decode(cache.unpack_entry(entry.read_bytes(), key))
    change(analysis)
    entry.write_bytes(cache.pack_entry(key, analysis))


@pytest.mark.parametrize(
    "change",
    [
        lambda a: a["passages"][0].update(end=10**6),
        lambda a: a["passages"][0].update(text="something the article never said"),
        lambda a: a["passages"][0].update(source="nobody"),
        lambda a: a["clusters"][0].update(passages=["a:999"]),
        lambda a: a["sources"][0].update(text="\x1b[2J" + a["sources"][0]["text"]),
        lambda a: a.update(copied={"source": [0, 999], "other": [1, 0], "share": [0.5, 0.5]}),
        lambda a: a.update(copied={"source": [0], "other": [], "share": []}),
    ],
    ids=["offsets", "text", "source", "claim", "uncleaned-text", "copy-source", "copy-columns"],
)
def test_a_forged_cache_entry_is_a_miss(tmp_path: Path, change, monkeypatch) -> None:
    folder = story_folder(tmp_path)
    computed: list[str] = []
    real = cache.analyse_story

    def counting(story, progress=None, link_threshold=0.5, semantic=True):  # type: ignore[no-untyped-def]
        computed.append("x")
        return real(story, progress, link_threshold, semantic)

    monkeypatch.setattr(cache, "analyse_story", counting)
    first = cache.analyse_cached(load_story(folder), folder=tmp_path / "cache")
    (entry,) = (tmp_path / "cache").glob("*" + cache.SUFFIX)
    _forge(entry, change)
    again = cache.analyse_cached(load_story(folder), folder=tmp_path / "cache")
    assert computed == ["x", "x"]  # not trusted: analysed afresh
    assert again == first


def test_a_fifo_or_oversized_cache_entry_is_skipped(tmp_path: Path, monkeypatch) -> None:
    folder = story_folder(tmp_path)
    story = load_story(folder)
    key = cache.story_key(story, cache.LINK_THRESHOLD)
    entry = tmp_path / "cache" / f"{key}{cache.SUFFIX}"
    entry.parent.mkdir()
    os.mkfifo(entry)
    with pytest.raises(cache.CacheMiss):
        cache.read_entry(entry, key)  # returns at once
    entry.unlink()
    entry.write_bytes(b"x" * 100)
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 50)
    with pytest.raises(cache.CacheMiss, match="larger than"):
        cache.read_entry(entry, key)


# -- 10. an empty path -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["report", ""], ["report", "seeds", "-o", ""], ["report", "--config", "", "seeds"], [""]],
)
def test_an_empty_path_is_an_error_not_the_current_folder(args, capsys, tmp_path, monkeypatch):
    story_folder(tmp_path)
    monkeypatch.chdir(tmp_path / "story")  # a story here must not be what `""` means
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    assert "an empty path names nothing" in capsys.readouterr().err
