"""Marks, notes and corrections: kept in SQLite in the user's data dir, surviving a moved
folder, an added or edited article, a SIGKILL mid-write and two readers at once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.desk.session import Desk
from tui.desk.store import DeskError, DeskStore
from tui.engine.pipeline import analyse
from tui.model import Analysis, FindingKind


def _analysis(path: Path) -> Analysis:
    return analyse(path, semantic=False)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(SEEDS, folder)
    return folder


def _unique_passages(analysis: Analysis) -> list[str]:
    return [f.passages[0] for f in analysis.findings if f.kind is FindingKind.UNIQUE]


def test_marks_live_in_the_data_dir_in_wal_mode_and_survive_reopening(story: Path) -> None:
    analysis = _analysis(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    claim = analysis.clusters[0]
    desk.toggle(claim.passages[0], "verified")
    desk.set_note(claim.passages[1], "confirmed with the ministry")
    desk.store.close()

    data_home = Path(os.environ["XDG_DATA_HOME"])
    database = data_home / "coverage-tui" / "desk.sqlite3"
    assert database.is_file()
    assert not any(p.suffix == ".sqlite3" for p in story.rglob("*"))  # never in the story
    with sqlite3.connect(database) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1

    again = Desk.open(DeskStore(), _analysis(story))
    assert again is not None
    (mark,) = again.marks
    assert (mark.state, mark.note) == ("verified", "confirmed with the ministry")
    # the claim's members all show the one mark
    assert set(claim.passages) <= set(again.marked_passages())
    # pressing the same state again clears it; the note keeps the mark alive
    again.toggle(claim.passages[1], "verified")
    assert again.mark_on(claim.passages[0]).state is None  # type: ignore[union-attr]
    again.set_note(claim.passages[0], "")
    assert again.marks == []


def test_a_database_from_a_newer_version_or_a_broken_file_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as raw:
        raw.execute("PRAGMA user_version = 99")
    with pytest.raises(DeskError, match="newer coverage-tui"):
        DeskStore(newer)
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database, just bytes " * 100)
    with pytest.raises(DeskError, match=r"broken\.sqlite3"):
        DeskStore(broken)


def test_marks_follow_a_moved_folder_and_an_added_article(story: Path, tmp_path: Path) -> None:
    analysis = _analysis(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    target = _unique_passages(analysis)[0]
    desk.toggle(target, "disputed")
    desk.store.close()

    moved = tmp_path / "renamed story"
    story.rename(moved)
    (moved / "zz_new.txt").write_text(
        "A late arrival\n\nAn outlet that filed after everyone else adds its own sentence here.\n",
        encoding="utf-8",
    )
    reopened = Desk.open(DeskStore(), _analysis(moved))
    assert reopened is not None
    assert reopened.story == desk.story
    (mark,) = reopened.marks
    assert reopened.placed[mark.id] == target
    assert not reopened.orphans()


def test_editing_an_article_keeps_marks_on_unchanged_passages_and_orphans_the_rest(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    analysis = _analysis(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    uniques = _unique_passages(analysis)
    changed = analysis.passage(uniques[0])
    kept = next(
        analysis.passage(p)
        for p in uniques
        if analysis.passage(p).source == changed.source and p != changed.id
    )
    desk.toggle(changed.id, "verified")
    desk.toggle(kept.id, "disputed")
    desk.set_note(kept.id, "ask the desk in Kyiv")
    desk.store.close()

    # Rewrite the first passage and push everything after it along: offsets all move.
    path = next(story.glob(f"{changed.source}.*"))
    text = path.read_text(encoding="utf-8")
    assert changed.text in text
    path.write_text(
        "An editor's note added at the top.\n\n"
        + text.replace(changed.text, "Officials later gave an entirely different account."),
        encoding="utf-8",
    )

    reopened = Desk.open(DeskStore(), _analysis(story))
    assert reopened is not None
    by_state = {m.state: m for m in reopened.marks}
    assert reopened.placed.get(by_state["disputed"].id) is not None
    placed = reopened.analysis.passage(reopened.placed[by_state["disputed"].id])
    assert placed.text == kept.text and placed.start != kept.start
    orphans = reopened.orphans()
    assert [m.anchor.text for m in orphans] == [changed.text]
    # the orphaned flag is stored, for listings made without analysing the story
    assert [m.orphaned for m in DeskStore().marks(reopened.story)] == [True, False]
    # and `coverage-tui marks` lists the orphan with its text and the kept mark with its note
    assert main(["marks", str(story), "--format", "json"]) == 0
    listed = {item["anchor"]["text"]: item for item in json.loads(capsys.readouterr().out)}
    assert listed[changed.text]["orphaned"] is True
    assert listed[kept.text]["orphaned"] is False
    assert listed[kept.text]["note"] == "ask the desk in Kyiv"
    assert main(["marks", str(story)]) == 0
    assert "ORPHANED" in capsys.readouterr().out


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tui.desk.session import Desk
    from tui.desk.store import DeskStore
    from tui.engine.pipeline import analyse

    analysis = analyse(Path(sys.argv[1]), semantic=False)
    desk = Desk.open(DeskStore(), analysis)
    step, start, rounds = (int(value) for value in sys.argv[2:5])
    alone = [p.id for p in analysis.passages if analysis.cluster_of(p.id) is None]
    print("ready", flush=True)
    for number, passage in enumerate(alone[start::step] * rounds):
        desk.set_note(passage, f"note {number}")
        print(f"{passage}\\tnote {number}", flush=True)
    print("done", flush=True)
    """
)


def _writer(story: Path, step: int = 1, start: int = 0, rounds: int = 50) -> subprocess.Popen[str]:
    """A process noting passages that belong to no claim (so each has its own mark), one
    transaction each, printing each note once it is committed."""
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(story), str(step), str(start), str(rounds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_sigkill_while_writing_loses_no_committed_mark_and_leaves_the_file_sound(
    story: Path,
) -> None:
    writer = _writer(story)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "ready"
    committed: dict[str, str] = {}
    for _ in range(60):
        passage, note = writer.stdout.readline().rstrip("\n").split("\t")
        committed[passage] = note
    os.kill(writer.pid, signal.SIGKILL)  # in the middle of its next transaction, most likely
    writer.wait(timeout=10)
    # what was printed before the kill was committed; the rest of the pipe may hold more
    for line in writer.stdout.read().splitlines():
        if "\t" in line:
            passage, note = line.split("\t")
            committed[passage] = note

    store = DeskStore()
    assert store.integrity() == "ok"
    desk = Desk.open(store, _analysis(story))
    assert desk is not None
    notes = {desk.placed[m.id]: m.note for m in desk.marks}
    for passage, note in committed.items():
        # the last committed note of each passage is there (a later one may be too, if the
        # kill came after its commit but before its line was printed)
        assert passage in notes
        assert int(notes[passage].split()[1]) >= int(note.split()[1])


def test_two_readers_at_once_both_keep_their_marks(story: Path) -> None:
    _analysis(story)  # nothing cached: both analyse the same way
    first, second = _writer(story, 2, 0, 2), _writer(story, 2, 1, 2)
    outputs = []
    for writer in (first, second):
        out, _ = writer.communicate(timeout=300)
        assert writer.returncode == 0
        outputs.append(out)
    written = {
        line.split("\t")[0]: line.split("\t")[1]
        for out in outputs
        for line in out.splitlines()
        if "\t" in line
    }
    desk = Desk.open(DeskStore(), _analysis(story))
    assert desk is not None
    notes = {desk.placed[m.id]: m.note for m in desk.marks}
    assert notes == written
    assert len({m.story for m in desk.marks}) == 1  # one story, not one per reader


def test_corrections_link_detach_and_undo_change_the_claims(story: Path) -> None:
    analysis = _analysis(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    uniques = _unique_passages(analysis)
    first = uniques[0]
    second = next(
        p for p in uniques if analysis.passage(p).source != analysis.passage(first).source
    )
    desk.link(first, second)
    joined = desk.analysis.cluster_of(first)
    assert joined is not None and second in joined.passages and joined.by_user
    # neither is a unique claim any more
    still_unique = {
        p for f in desk.analysis.findings if f.kind is FindingKind.UNIQUE for p in f.passages
    }
    assert first not in still_unique and second not in still_unique

    claim = next(c for c in analysis.clusters if len(set(c.sources)) >= 3)
    desk.detach(claim.passages[0])
    assert desk.analysis.cluster_of(claim.passages[0]) is None
    rest = desk.analysis.cluster_of(claim.passages[1])
    assert rest is not None and claim.passages[0] not in rest.passages and rest.by_user

    # corrections persist and apply on reopening; undo takes back the last one
    desk.store.close()
    reopened = Desk.open(DeskStore(), _analysis(story))
    assert reopened is not None
    assert reopened.analysis.cluster_of(claim.passages[0]) is None
    undone = reopened.undo()
    assert undone is not None and undone.kind == "detach"
    assert reopened.analysis.cluster_of(claim.passages[0]) is not None
    assert reopened.analysis.cluster_of(first) is not None  # the link stays


def test_the_report_uses_the_corrected_claims(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    analysis = analyse(story)  # as the report analyses it
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    uniques = _unique_passages(analysis)
    first = uniques[0]
    second = next(
        p for p in uniques if analysis.passage(p).source != analysis.passage(first).source
    )
    desk.link(first, second)
    desk.store.close()
    assert main(["report", str(story), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (made,) = [c for c in report["clusters"] if c["by_user"]]
    assert set(made["passages"]) == {first, second}
    unique = {p for f in report["findings"] if f["kind"] == "unique" for p in f["passages"]}
    assert first not in unique and second not in unique


def test_the_marks_command_lists_notes_and_orphans_as_documented_json(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    analysis = analyse(story)  # as the command analyses it (the sentence model included)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    claim = analysis.clusters[0]
    desk.toggle(claim.passages[0], "verified")
    desk.set_note(claim.passages[0], "two sources confirm")
    desk.store.close()

    assert main(["marks", str(story), "--format", "json", "--no-cache"]) == 0
    items = json.loads(capsys.readouterr().out)
    (item,) = items
    assert item["mark"] == "verified"
    assert item["note"] == "two sources confirm"
    assert item["orphaned"] is False
    assert item["made"].endswith("Z")
    assert {p["text"] for p in item["passages"]} == {
        analysis.passage(p).text for p in claim.passages
    }
    assert all(p["outlet"] for p in item["passages"])

    assert main(["marks"]) == 0  # every story
    listed = capsys.readouterr().out
    assert "verified" in listed and "two sources confirm" in listed


def test_two_stories_sharing_one_wire_article_stay_apart(tmp_path: Path) -> None:
    store = DeskStore(tmp_path / "desk.sqlite3")

    def sources(*names: str) -> list[tuple[str, str, str]]:
        return [(f"digest-{n}", n, f"outlet {n}") for n in names]

    first = store.find_story("/stories/a", "A", sources("wire", "a1", "a2", "a3"))
    second = store.find_story("/stories/b", "B", sources("wire", "b1", "b2", "b3"))
    assert first != second
    # the first story moved, with an article added and one edited: still the first
    moved = store.find_story("/elsewhere/a", "A", sources("wire", "a1", "a2", "a3-edited", "a4"))
    assert moved == first
    assert {s.path for s in store.stories()} == {"/elsewhere/a", "/stories/b"}


def test_a_corrected_claims_numbers_are_compared_again_and_undo_restores_the_engines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "bridge"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Bridge plan\n\nThe new harbour bridge will cost 12 million euros, the council said on "
        "Monday.\n\nWork starts in spring.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Council backs bridge\n\nThe council said on Monday that the new harbour bridge will "
        "cost 15 million euros.\n\nThe mayor was absent.\n",
        encoding="utf-8",
    )
    analysis = _analysis(folder)
    claim = next(c for c in analysis.clusters if "cost" in analysis.passage(c.passages[0]).text)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None

    def kinds(a: Analysis) -> list[tuple[str, bool | None, tuple[str, ...]]]:
        return sorted((f.kind.value, f.consistent, f.passages) for f in a.findings)

    assert ("number", False, claim.passages) in kinds(analysis)
    desk.detach(claim.passages[1])
    found = kinds(desk.analysis)
    # the figures still disagree (found again on the changed passages), and each passage is
    # now a claim only its outlet makes
    assert ("number", False, claim.passages) in found
    assert {("unique", None, (p,)) for p in claim.passages} <= set(found)
    desk.undo()
    assert kinds(desk.analysis) == kinds(analysis)


def _marks_in_the_file_alone(database: Path, copy: Path) -> list[str]:
    """The notes a copy of the database file by itself holds (no -wal, no -shm beside it)."""
    shutil.copyfile(database, copy)
    with contextlib.closing(sqlite3.connect(copy)) as raw:
        tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master")}
        if "marks" not in tables:
            return []
        return [row[0] for row in raw.execute("SELECT note FROM marks ORDER BY id")]


def test_closing_writes_the_log_back_even_while_another_reader_has_it_open(
    story: Path, tmp_path: Path
) -> None:
    analysis = _analysis(story)
    other = DeskStore()  # a second reader, idle
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    desk.set_note(analysis.clusters[0].passages[0], "checked with the port authority")
    desk.store.close()
    database = desk.store.path
    assert _marks_in_the_file_alone(database, tmp_path / "copy.sqlite3") == [
        "checked with the port authority"
    ]
    wal = database.with_name(database.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert other.marks()[0].note == "checked with the port authority"  # still usable
    other.close()
    other.close()  # twice: harmless


def test_every_store_left_open_is_closed_and_checkpointed_by_close_all(
    story: Path, tmp_path: Path
) -> None:
    from tui.desk.store import close_all

    analysis = _analysis(story)
    desk = Desk.open(DeskStore(), analysis)
    assert desk is not None
    desk.toggle(analysis.clusters[0].passages[0], "verified")
    desk.set_note(analysis.clusters[0].passages[0], "a note")
    close_all()
    assert _marks_in_the_file_alone(desk.store.path, tmp_path / "copy.sqlite3") == ["a note"]
    with pytest.raises(DeskError):  # closed: a one-line DeskError, not a crash
        desk.store.marks()


def test_a_process_that_just_exits_leaves_the_marks_in_the_file(story: Path, tmp_path: Path):
    code = textwrap.dedent(
        f"""
        from pathlib import Path
        from tui.desk.session import Desk
        from tui.desk.store import DeskStore
        from tui.engine.pipeline import analyse
        analysis = analyse(Path({str(story)!r}), semantic=False)
        desk = Desk.open(DeskStore(), analysis)
        desk.set_note(analysis.clusters[0].passages[0], "kept")
        keep = [desk, DeskStore()]  # still referenced (and a second connection) at exit
        keep.append(keep)
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=300)
    database = Path(os.environ["XDG_DATA_HOME"]) / "coverage-tui" / "desk.sqlite3"
    assert _marks_in_the_file_alone(database, tmp_path / "copy.sqlite3") == ["kept"]
