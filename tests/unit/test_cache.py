"""The cache of analyses: hits, misses, invalidation, corruption, its bound, and the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import msgspec
import pytest

from tests.conftest import SEEDS
from tui import cache
from tui.cli import main
from tui.engine.load import open_path
from tui.engine.pipeline import analyse_story


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(SEEDS, folder)
    return folder


def test_an_analysis_survives_the_round_trip(seeds_analysis) -> None:
    assert cache.decode(type(seeds_analysis), cache.encode(seeds_analysis)) == seeds_analysis


def test_a_generated_story_survives_the_round_trip(tmp_path: Path) -> None:
    from bench.generate import write_story

    analysis = analyse_story(open_path(write_story(tmp_path / "story", articles=6, seed=3)))
    again = cache.decode(type(analysis), cache.encode(analysis))
    # Relative dates carry NaN as their value, and NaN != NaN: compare the encoded forms too.
    assert json.dumps(cache.encode(again)) == json.dumps(cache.encode(analysis))
    assert again.passages == analysis.passages and again.clusters == analysis.clusters


def test_a_second_open_reads_the_cache(story: Path, count_analyses: list[str]) -> None:
    first = cache.analyse_cached(open_path(story))
    messages: list[str] = []
    second = cache.analyse_cached(open_path(story), messages.append)
    assert count_analyses == [str(story)]
    assert second == first
    assert messages == ["reading the cached analysis"]
    assert len(list(cache.cache_dir().glob("*" + cache.SUFFIX))) == 1


def test_editing_an_article_or_the_threshold_is_a_new_entry(story, count_analyses) -> None:
    cache.analyse_cached(open_path(story))
    article = next(story.glob("001_*"))
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence here.\n")
    cache.analyse_cached(open_path(story))
    cache.analyse_cached(open_path(story), link_threshold=0.7)
    assert len(count_analyses) == 3


def test_other_engine_code_is_a_new_entry(story, count_analyses, monkeypatch) -> None:
    cache.analyse_cached(open_path(story))
    monkeypatch.setattr(cache, "engine_fingerprint", lambda: "another engine")
    cache.analyse_cached(open_path(story))
    assert len(count_analyses) == 2


def test_no_cache_neither_reads_nor_writes(story, count_analyses) -> None:
    cache.analyse_cached(open_path(story), use_cache=False)
    cache.analyse_cached(open_path(story), use_cache=False)
    assert len(count_analyses) == 2
    assert not cache.cache_dir().exists()


def _entry() -> Path:
    (entry,) = cache.cache_dir().glob("*" + cache.SUFFIX)
    return entry


def _document(entry: Path) -> dict:
    """The entry as its format, its key and the analysis it holds."""
    lines = entry.read_bytes().split(b"\n", 2)
    analysis = msgspec.msgpack.decode(cache.unpack_entry(entry.read_bytes(), lines[1].decode()))
    return {"format": lines[0].decode(), "key": lines[1].decode(), "analysis": analysis}


def _store(entry: Path, document: dict) -> None:
    entry.write_bytes(cache.pack_entry(document["key"], document["analysis"], document["format"]))


def _store_payload(entry: Path, payload: bytes) -> None:
    """Raw MessagePack (however malformed) under the entry's own header."""
    import zstandard

    header = entry.read_bytes().split(b"\n", 2)
    compressed = zstandard.ZstdCompressor().compress(payload)
    entry.write_bytes(header[0] + b"\n" + header[1] + b"\n" + compressed)


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda entry: entry.write_bytes(b"\x00garbage"),
        lambda entry: entry.write_bytes(entry.read_bytes()[:100]),  # truncated
        lambda entry: _store_payload(entry, b"\x91" * 100_000),  # nested arrays
        lambda entry: _store_payload(entry, msgspec.msgpack.encode(["not", "an", "entry"])),
        lambda entry: _store(entry, {**_document(entry), "format": "someone-else@9"}),
        lambda entry: _store(entry, {**_document(entry), "key": "0" * 64}),
        lambda entry: _store(
            entry,
            {**_document(entry), "analysis": {**_document(entry)["analysis"], "passages": 7}},
        ),
        lambda entry: _store(
            entry,
            {**_document(entry), "analysis": {**_document(entry)["analysis"], "notes": None}},
        ),
        lambda entry: _store(
            entry,
            {
                **_document(entry),
                "analysis": {
                    k: v for k, v in _document(entry)["analysis"].items() if k != "clusters"
                },
            },
        ),
        lambda entry: _store(
            entry,
            {
                **_document(entry),
                "analysis": {
                    **_document(entry)["analysis"],
                    "_by_id": {"a:0": {**_document(entry)["analysis"]["passages"][1]}},
                },
            },
        ),
    ],
    ids=[
        "garbage",
        "truncated",
        "nested",
        "wrong-shape",
        "foreign",
        "other-key",
        "wrong-type",
        "null",
        "missing",
        "private-index",
    ],
)
def test_a_corrupt_entry_is_ignored_rebuilt_and_overwritten(story, count_analyses, corrupt):
    first = cache.analyse_cached(open_path(story))
    entry = _entry()
    corrupt(entry)
    again = cache.analyse_cached(open_path(story))
    assert again == first and len(count_analyses) == 2
    assert cache.read_entry(entry, cache.story_key(open_path(story), 0.5)) == first


def test_an_entry_is_never_inflated_past_the_bound(story, count_analyses, monkeypatch) -> None:
    """A frame that would inflate past the cache's whole size, or does not say how large it
    inflates, is refused before it is inflated."""
    import zstandard

    first = cache.analyse_cached(open_path(story))
    entry = _entry()
    key = _document(entry)["key"]
    with monkeypatch.context() as patch:
        patch.setattr(cache, "MAX_BYTES", 1000)
        with pytest.raises(cache.CacheMiss, match="larger than the whole cache"):
            cache.read_entry(entry, key)
    payload = msgspec.msgpack.encode(_document(entry)["analysis"])
    unsized = zstandard.ZstdCompressor(write_content_size=False).compress(payload)
    entry.write_bytes(cache.entry_header(key) + unsized)
    with pytest.raises(cache.CacheMiss, match="unknown size"):
        cache.read_entry(entry, key)
    assert cache.analyse_cached(open_path(story)) == first and len(count_analyses) == 2


def test_a_field_the_model_does_not_have_is_ignored_never_kept(story, count_analyses) -> None:
    first = cache.analyse_cached(open_path(story))
    entry = _entry()
    _store(entry, {**_document(entry), "analysis": {**_document(entry)["analysis"], "x": 1}})
    again = cache.analyse_cached(open_path(story))
    assert again == first and len(count_analyses) == 1
    assert not hasattr(again, "x")


def test_an_entry_cannot_bring_its_own_passage_index(story, count_analyses) -> None:
    """`Analysis.passage` looks passages up in a private index: one an entry brought would
    put words in an article's mouth."""
    first = cache.analyse_cached(open_path(story))
    entry = _entry()
    document = _document(entry)
    passages = document["analysis"]["passages"]
    forged = {**passages[1], "id": passages[0]["id"]}
    document["analysis"]["_by_id"] = {passages[0]["id"]: forged}
    _store(entry, document)
    again = cache.analyse_cached(open_path(story))
    assert len(count_analyses) == 2  # not trusted: analysed afresh
    assert again.passage(passages[0]["id"]) == first.passage(passages[0]["id"])


def test_entries_of_the_old_format_are_pruned(tmp_path: Path, seeds_analysis) -> None:
    folder = tmp_path / "cache"
    cache.write_entry(folder / f"{0:064x}{cache.SUFFIX}", f"{0:064x}", seeds_analysis)
    old = folder / f"{1:064x}.json.z"
    old.write_bytes(b"an entry of the first format")
    older = folder / f"{2:064x}.msgpack.z"
    older.write_bytes(b"an entry of the second format")
    cache.prune(folder)
    assert not old.exists() and not older.exists()
    assert len(list(folder.glob("*" + cache.SUFFIX))) == 1


def test_the_cache_stays_within_its_bound(tmp_path: Path, seeds_analysis) -> None:
    folder = tmp_path / "cache"
    for n in range(6):
        cache.write_entry(folder / f"{n:064x}{cache.SUFFIX}", f"{n:064x}", seeds_analysis)
    size = (folder / f"{0:064x}{cache.SUFFIX}").stat().st_size
    cache.prune(folder, max_bytes=size * 3 + 10, max_entries=10)
    assert len(list(folder.iterdir())) == 3
    cache.prune(folder, max_bytes=10**9, max_entries=2)
    assert len(list(folder.iterdir())) == 2


def test_pruning_removes_the_leftovers_of_writes_that_died(tmp_path: Path, seeds_analysis):
    import os

    folder = tmp_path / "cache"
    cache.write_entry(folder / f"{0:064x}{cache.SUFFIX}", f"{0:064x}", seeds_analysis)
    old, fresh = folder / ".old.json.z.abc.tmp", folder / ".fresh.json.z.def.tmp"
    old.write_bytes(b"half an entry")
    fresh.write_bytes(b"a write in progress")
    os.utime(old, (0, 0))
    cache.prune(folder)
    assert not old.exists() and fresh.exists()
    assert len(list(folder.glob("*" + cache.SUFFIX))) == 1


def test_an_unwritable_cache_still_gives_the_analysis(story, monkeypatch, tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocker / "analyses")
    analysis = cache.analyse_cached(open_path(story))
    assert analysis.sources and analysis.clusters


def test_the_report_command_uses_the_cache_and_no_cache_skips_it(
    story, count_analyses, capsys
) -> None:
    assert main(["report", str(story), "--format", "json"]) == 0
    first = capsys.readouterr().out
    assert main(["report", str(story), "--format", "json"]) == 0
    assert capsys.readouterr().out == first
    assert len(count_analyses) == 1
    assert main(["report", str(story), "--format", "json", "--no-cache"]) == 0
    assert capsys.readouterr().out == first
    assert len(count_analyses) == 2
