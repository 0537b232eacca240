"""Files the program writes (reports, briefs, the config, the cache): atomically, and with
the permissions any other program's new file would get."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.cli import main
from tui.files import write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "new.txt"
    with umask(mask):
        write_atomic(target, "text\n")
    assert target.read_text() == "text\n"
    assert mode(target) == expected
    assert [p.name for p in tmp_path.iterdir()] == ["new.txt"]  # no temporary file left


@pytest.mark.parametrize("kept", [0o600, 0o664, 0o640])
def test_a_replaced_file_keeps_its_mode(tmp_path: Path, kept: int) -> None:
    target = tmp_path / "old.txt"
    target.write_text("old\n")
    target.chmod(kept)
    with umask(0o022):
        write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert mode(target) == kept


def test_report_and_brief_outputs_are_made_like_any_new_file(tmp_path: Path) -> None:
    report, brief = tmp_path / "out" / "r.md", tmp_path / "out" / "brief.html"
    report.parent.mkdir()
    with umask(0o022):
        assert main(["report", "-o", str(report), "-f", "markdown", "--no-cache"]) == 0
        assert main(["brief", "-o", str(brief), "--format", "html", "--no-cache"]) == 0
    assert mode(report) == 0o644 and mode(brief) == 0o644
    brief.chmod(0o600)  # a file the user made private stays private when written again
    with umask(0o022):
        assert main(["brief", "-o", str(brief), "--format", "html", "--no-cache"]) == 0
    assert mode(brief) == 0o600
    assert sorted(p.name for p in report.parent.iterdir()) == ["brief.html", "r.md"]
