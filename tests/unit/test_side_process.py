"""The passages read in a forked process give the same report as when read in-process, and
an analysis where forking is impossible or the child fails still completes, unchanged."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tui.engine import side_process
from tui.engine.pipeline import analyse
from tui.report.json_report import analysis_to_dict

# Four invented outlets: weekdays without an article date (values the reader cannot place on
# a calendar), amounts that agree after conversion and one that does not, a reworded quote.
OUTLETS = {
    "alpha.txt": (
        "Harbour Board Delays Vote\n\n"
        "The Veltrane harbour board will vote on Tuesday on the 12 km breakwater. "
        "The plan costs $40 million, officials said. "
        '"We will not rush this decision," chair Oribel Manto said.\n'
    ),
    "beta.txt": (
        "Breakwater Vote Set\n\n"
        "The Veltrane harbour board votes on Wednesday on the 7.5 mile breakwater. "
        "Officials put the cost at $40 million. "
        '"We are not going to rush this decision," chair Oribel Manto said.\n'
    ),
    "gamma.txt": (
        "Board To Decide On Breakwater\n\n"
        "A vote on the 12 kilometre breakwater is due on Tuesday at the Veltrane harbour board. "
        "The plan would cost $55 million, according to officials. "
        '"We will not rush this decision," said chair Oribel Manto.\n'
    ),
    "delta.txt": (
        "Harbour Plan Vote Nears\n\n"
        "The Veltrane harbour board meets on Tuesday to vote on the breakwater, 12 km long. "
        "The cost is some $40 million, officials said.\n"
    ),
}


def _story(folder: Path) -> Path:
    folder.mkdir()
    for name, text in OUTLETS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def fork_allowed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every story is large enough and the machine looks like two free cores; the forks made."""
    monkeypatch.setattr(side_process, "SIDE_PASSAGES", 1)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.delenv(side_process.SWITCH, raising=False)
    forks: list[int] = []
    real_fork = os.fork

    def counted_fork() -> int:
        forks.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counted_fork)
    return forks


def _report(path: Path) -> dict:
    return analysis_to_dict(analyse(path, semantic=False))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_the_report_is_the_same_read_in_a_side_process(
    tmp_path: Path, fork_allowed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path / "story")
    beside = _report(story)
    assert fork_allowed == [1]
    monkeypatch.setenv(side_process.SWITCH, "0")
    here = _report(story)
    assert fork_allowed == [1]  # the switch kept it in-process
    assert beside == here
    numbers = [f for f in beside["findings"] if f["kind"] == "number"]
    assert any("Tuesday" in f["summary"] and "Wednesday" in f["summary"] for f in numbers)
    assert any(f["kind"] == "quote" for f in beside["findings"])


def test_a_failed_fork_reads_in_process(
    tmp_path: Path, fork_allowed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path / "story")
    monkeypatch.setenv(side_process.SWITCH, "0")
    expected = _report(story)
    monkeypatch.delenv(side_process.SWITCH)

    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert _report(story) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_child_that_sends_nothing_leaves_the_reading_to_the_parent(
    tmp_path: Path, fork_allowed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    story = _story(tmp_path / "story")
    monkeypatch.setenv(side_process.SWITCH, "0")
    expected = _report(story)
    monkeypatch.delenv(side_process.SWITCH)

    def broken(*args: object) -> object:
        raise MemoryError  # in the child only: the parent reads with findings.read_passages

    monkeypatch.setattr(side_process, "read_passages", broken)
    assert _report(story) == expected
    assert fork_allowed == [1]


def test_no_fork_while_another_thread_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    story = _story(tmp_path / "story")
    monkeypatch.setattr(side_process, "SIDE_PASSAGES", 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    from tui.engine.load import load_story
    from tui.engine.pipeline import build_passages

    loaded = load_story(story)
    passages = build_passages(loaded.sources)
    started: list[object] = []
    thread = threading.Thread(
        target=lambda: started.append(side_process.start_reading(loaded.sources, passages))
    )
    thread.start()
    thread.join()
    assert started == [None]
