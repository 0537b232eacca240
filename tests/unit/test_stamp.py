"""A cached story opened by its stamp (its files' stat) without reading them: every change to
what the story's text depends on must be a miss, and a bad stamp only costs a reading."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import msgspec
import pytest

from tui import cache, stamp
from tui.engine.load import LoadedStory, open_path
from tui.model import Analysis
from tui.preload import Preload

ARTICLES = {
    "a.txt": "Harbour plan approved\n\nThe council approved the harbour plan on Monday.\n"
    "Residents near the docks said the plan ignores the floods they face.\n",
    "b.txt": "Council backs harbour\n\nOn Monday the council approved the new harbour plan.\n"
    "The mayor praised the vote as a turning point for the town.\n",
    "c.txt": "Docks to change\n\nThe harbour plan was approved by the council on Monday.\n"
    "Work is due to start in the spring, officials said.\n",
}


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def files_read(monkeypatch) -> list[str]:
    """The story files read to compare their bytes with the stamp's digests."""
    names: list[str] = []
    read = stamp.read_capped

    def recording(path, limit):
        if Path(path).suffix != stamp.STAMP_SUFFIX:  # the stamp itself is read, of course
            names.append(Path(path).name)
        return read(path, limit)

    monkeypatch.setattr(stamp, "read_capped", recording)
    return names


def opened(
    path: Path, threshold: float = 0.5, semantic: bool = False, follow: bool = False
) -> tuple[str, LoadedStory, Analysis]:
    """How the reader opens a story: by its stamp, else read (and stamped)."""
    hit = cache.cached_story(path, follow, threshold, semantic)
    if hit is not None:
        return "stamp", *hit
    with stamp.recorded(path, follow) as reading:
        loaded = open_path(path, follow)
    assert isinstance(loaded, LoadedStory)
    analysis = cache.analyse_cached(
        loaded, link_threshold=threshold, semantic=semantic, reading=reading
    )
    return "read", loaded, analysis


def texts(analysis: Analysis) -> dict[str, str]:
    return {source.path: source.text for source in analysis.sources}


@pytest.fixture
def old_files(monkeypatch) -> None:
    """Files older than the racy window, as a user's articles are (a test's files are new)."""
    monkeypatch.setattr(stamp, "RACY_NS", 0)


def test_a_second_open_is_from_the_stamp_and_reads_no_file(
    story, count_analyses, files_read, old_files
) -> None:
    how, loaded, first = opened(story)
    again, reloaded, second = opened(story)
    assert (how, again) == ("read", "stamp")
    assert count_analyses == [str(story)]
    assert files_read == []  # known unchanged by their stat alone
    assert second == first
    assert reloaded.sources == loaded.sources and reloaded.notes == loaded.notes


def test_files_written_just_before_they_were_read_are_compared_by_their_bytes(
    story, count_analyses, files_read
) -> None:
    opened(story)
    how, _, _ = opened(story)
    assert how == "stamp"
    assert sorted(files_read) == sorted(ARTICLES)  # read and hashed, never cleaned
    assert count_analyses == [str(story)]


@pytest.mark.parametrize("racy", [True, False], ids=["just written", "old"])
def test_an_edit_keeping_the_size_and_the_modification_time_is_seen(
    story, count_analyses, monkeypatch, racy
) -> None:
    if not racy:
        monkeypatch.setattr(stamp, "RACY_NS", 0)
    opened(story)
    article = story / "b.txt"
    before = article.stat()
    edited = ARTICLES["b.txt"].replace("mayor", "MAYOR")
    article.write_text(edited, encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))  # as cp -p or tar would
    assert article.stat().st_size == before.st_size
    how, _, analysis = opened(story)
    assert how == "read"
    assert "MAYOR" in texts(analysis)["b.txt"]
    assert len(count_analyses) == 2


def test_a_touched_file_with_the_same_bytes_is_still_a_hit(
    story, count_analyses, files_read
) -> None:
    opened(story)
    os.utime(story / "a.txt")
    how, _, _ = opened(story)
    assert how == "stamp" and "a.txt" in files_read
    assert count_analyses == [str(story)]


CHANGES = ["edit", "rename", "add", "remove", "add an unknown file", "replace the folder"]


# Old files replaced now get new times; a window of 0 on files just written could not tell
# them apart (the new ones may share the old ones' clock tick and freed inodes), so that case
# is checked with the real window only.
@pytest.mark.parametrize(
    ("change", "racy"),
    [(change, True) for change in CHANGES]
    + [(change, False) for change in CHANGES if change != "replace the folder"],
)
def test_any_change_to_the_files_is_a_miss(
    story, count_analyses, monkeypatch, change, racy
) -> None:
    if not racy:
        monkeypatch.setattr(stamp, "RACY_NS", 0)
    opened(story)
    if change == "edit":
        (story / "a.txt").write_text(ARTICLES["a.txt"] + "A late paragraph.\n", encoding="utf-8")
    elif change == "rename":
        (story / "c.txt").rename(story / "d.txt")
    elif change == "add":
        (story / "d.txt").write_text(ARTICLES["c.txt"].replace("spring", "autumn"), "utf-8")
    elif change == "remove":
        (story / "c.txt").unlink()
    elif change == "add an unknown file":
        (story / "notes.docx").write_bytes(b"PK\x03\x04\x00\x00binary")
    else:  # the same names and sizes in a new folder at the same path
        shutil.rmtree(story)
        story.mkdir()
        for name, text in ARTICLES.items():
            (story / name).write_text(text.replace("Monday", "Sunday"), encoding="utf-8")
    how, loaded, analysis = opened(story)
    assert how == "read"
    fresh = open_path(story)
    assert isinstance(fresh, LoadedStory)
    assert analysis.sources == fresh.sources and loaded.notes == fresh.notes
    if change == "add an unknown file":
        assert any(note.path == "notes.docx" for note in loaded.notes)


def test_a_hidden_file_is_ignored_as_the_loader_ignores_it(story, old_files) -> None:
    opened(story)
    (story / ".b.txt.swp").write_bytes(b"an editor's swap file")
    assert opened(story)[0] == "stamp"


def test_a_changed_story_toml_is_a_miss(story, count_analyses, old_files) -> None:
    (story / "story.toml").write_text('[story]\ntitle = "Harbour"\n', encoding="utf-8")
    opened(story)
    (story / "story.toml").write_text('[story]\ntitle = "The harbour vote"\n', encoding="utf-8")
    how, loaded, analysis = opened(story)
    assert how == "read" and loaded.title == "The harbour vote"
    assert analysis.story.title == "The harbour vote"


@pytest.mark.parametrize("setting", ["threshold", "model", "engine", "symlinks", "packages"])
def test_other_settings_or_code_do_not_use_the_stamp(
    story, old_files, monkeypatch, tmp_path, setting
) -> None:
    opened(story)
    assert cache.cached_story(story, False, 0.5, False) is not None
    threshold, semantic, follow = 0.5, False, False
    if setting == "threshold":
        threshold = 0.7
    elif setting == "model":
        semantic = True
    elif setting == "engine":
        monkeypatch.setattr(cache, "engine_fingerprint", lambda: "another engine")
    elif setting == "symlinks":
        follow = True
    else:  # a package installed, upgraded or removed (the loader's HTML extractor, say)
        site = tmp_path / "site-packages"
        site.mkdir()
        monkeypatch.syspath_prepend(str(site))
        opened(story)
        (site / "trafilatura-9.9.dist-info").mkdir()
    assert cache.cached_story(story, follow, threshold, semantic) is None


def test_a_folder_with_a_symlink_is_read_every_time(story, count_analyses, old_files) -> None:
    (story / "d.txt").symlink_to(story / "c.txt")
    opened(story)
    how, _, _ = opened(story)
    assert how == "read"
    assert count_analyses == [str(story)]  # still the cached analysis, found by the content
    assert not list(cache.cache_dir().glob("*" + stamp.STAMP_SUFFIX))


def test_a_single_article_is_stamped_and_its_edit_seen(tmp_path, old_files) -> None:
    article = tmp_path / "one.txt"
    article.write_text(ARTICLES["a.txt"], encoding="utf-8")
    opened(article)
    assert opened(article)[0] == "stamp"
    article.write_text(ARTICLES["a.txt"].replace("Monday", "Friday"), encoding="utf-8")
    how, _, analysis = opened(article)
    assert how == "read" and "Friday" in texts(analysis)["one.txt"]


def test_a_page_read_on_another_day_is_read_again(tmp_path, old_files, monkeypatch) -> None:
    # The date finder rejects dates after today: the day is part of what a page gave.
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in ARTICLES.items():
        title, body = text.split("\n\n")
        (folder / name.replace(".txt", ".html")).write_text(
            f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p></article></body></html>",
            encoding="utf-8",
        )
    opened(folder)
    assert opened(folder)[0] == "stamp"
    monkeypatch.setattr(stamp, "today", lambda: "2999-01-01")
    assert opened(folder)[0] == "read"


def _the_stamp() -> Path:
    (found,) = cache.cache_dir().glob("*" + stamp.STAMP_SUFFIX)
    return found


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty", "other format", "a directory"])
def test_a_bad_stamp_is_a_miss_then_rewritten(story, count_analyses, old_files, damage) -> None:
    opened(story)
    where = _the_stamp()
    data = where.read_bytes()
    if damage == "truncated":
        where.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        where.write_bytes(b"\x93\xff\x00 not a stamp")
    elif damage == "empty":
        where.write_bytes(b"")
    elif damage == "other format":
        found = stamp.read_stamp(where)
        assert found is not None
        other = msgspec.structs.replace(found, format="coverage-tui/stamp@0")
        where.write_bytes(msgspec.msgpack.encode(other))
    else:
        where.unlink()
        where.mkdir()
    assert opened(story)[0] == "read"
    assert count_analyses == [str(story)]  # the entry itself was still good
    if damage != "a directory":
        assert opened(story)[0] == "stamp"


def test_a_stamp_naming_another_storys_entry_is_a_miss(story, tmp_path, old_files) -> None:
    other = tmp_path / "other"
    shutil.copytree(story, other)
    (other / "a.txt").write_text(ARTICLES["a.txt"].replace("Monday", "Sunday"), "utf-8")
    opened(story)
    opened(other)
    mine = stamp.read_stamp(cache.stamp_path(story, False, 0.5, False))
    theirs = stamp.read_stamp(cache.stamp_path(other, False, 0.5, False))
    assert mine is not None and theirs is not None and mine.key != theirs.key
    # A stamp pointing at the other story's (perfectly good) entry: its sources are not the
    # content this stamp's key was made from, so it must not be shown for this folder.
    forged = msgspec.structs.replace(mine, key=theirs.key)
    stamp.write_stamp(cache.stamp_path(story, False, 0.5, False), forged)
    how, _, analysis = opened(story)
    assert how == "read" and "Monday" in texts(analysis)["a.txt"]


def test_a_stamp_whose_entry_is_gone_or_damaged_is_a_miss(story, count_analyses, old_files) -> None:
    opened(story)
    (entry,) = cache.cache_dir().glob("*" + cache.SUFFIX)
    entry.write_bytes(entry.read_bytes()[:100])
    how, _, _ = opened(story)
    assert how == "read" and len(count_analyses) == 2
    entry.unlink()
    how, _, _ = opened(story)
    assert how == "read" and len(count_analyses) == 3


def test_stamps_are_pruned_with_the_entries(tmp_path, story, old_files) -> None:
    opened(story)
    folder = cache.cache_dir()
    for index in range(5):
        (folder / f"{index:064x}{stamp.STAMP_SUFFIX}").write_bytes(b"old")
    cache.prune(folder, max_entries=3)
    assert len(list(folder.glob("*" + stamp.STAMP_SUFFIX))) == 3


def test_the_preload_stamps_a_miss_and_opens_by_the_stamp_next(story, old_files) -> None:
    first = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    loaded, analysis = first.result()
    assert analysis is None and first.reading is not None  # no entry yet: the app analyses
    assert isinstance(loaded, LoadedStory)
    cache.analyse_cached(loaded, semantic=False, reading=first.reading)
    second = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    loaded_again, cached = second.result()
    assert cached is not None and second.reading is None  # from the stamp: nothing read
    assert isinstance(loaded_again, LoadedStory) and loaded_again.sources == loaded.sources


@pytest.mark.parametrize("database", ["good", "broken"])
def test_the_preload_of_a_hit_opens_its_marks_too(story, old_files, database) -> None:
    import os

    first = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    loaded, _ = first.result()
    assert isinstance(loaded, LoadedStory) and first.desk is None  # a miss: the app opens it
    cache.analyse_cached(loaded, semantic=False, reading=first.reading)
    path = Path(os.environ["XDG_DATA_HOME"]) / "coverage-tui" / "desk.sqlite3"
    if database == "broken":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not a database " * 200)
    second = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    _, cached = second.result()
    assert cached is not None and second.desk is not None
    desk, problem = second.desk
    if database == "good":
        assert problem is None and desk is not None and desk.analysis.sources == cached.sources
    else:
        assert desk is None and problem is not None and problem.startswith("marks are off")


def test_the_preload_says_whether_the_path_opens_before_the_entry_is_read(
    tmp_path, story, old_files, monkeypatch
) -> None:
    from tui.engine.load import InputError

    missing = Preload(
        tmp_path / "nowhere", follow_symlinks=False, link_threshold=None, semantic=False
    )
    with pytest.raises(InputError, match="does not exist"):
        missing.checked()
    first = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    first.checked()
    loaded, _ = first.result()
    assert isinstance(loaded, LoadedStory)
    cache.analyse_cached(loaded, semantic=False, reading=first.reading)
    # On a hit, checked() returns once the files are known as stamped, not after the entry.
    reading_entry = threading.Event()
    entry_read = cache.read_entry

    def slow_entry(*args, **kwargs):
        reading_entry.wait(10)
        return entry_read(*args, **kwargs)

    monkeypatch.setattr(cache, "read_entry", slow_entry)
    second = Preload(story, follow_symlinks=False, link_threshold=None, semantic=False)
    second.checked()
    assert second.may_hit()  # the entry is still being read
    reading_entry.set()
    assert second.result()[1] is not None


def test_without_the_cache_the_preload_only_opens_the_story(story) -> None:
    preload = Preload(
        story, follow_symlinks=False, link_threshold=None, semantic=False, use_cache=False
    )
    preload.checked()
    loaded, analysis = preload.result()
    assert isinstance(loaded, LoadedStory) and analysis is None and preload.reading is None
    assert not preload.may_hit()
    assert not cache.cache_dir().exists() or not any(cache.cache_dir().iterdir())
