"""The report command as a user meets it: output formats, and clear one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.cli import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def assert_clean_error(result: subprocess.CompletedProcess[str], *names: str) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for name in names:
        assert name in lines[0]
    return lines[0]


def test_json_report_follows_the_schema(tmp_path):
    result = run("report", str(SEEDS), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "coverage-tui/report@1"
    assert {s["id"] for s in data["sources"]} == {p.stem for p in SEEDS.glob("*.txt")}
    ids = [p["id"] for p in data["passages"]]
    assert len(ids) == len(set(ids))
    cluster_ids = {c["id"] for c in data["clusters"]}
    for passage in data["passages"]:
        assert passage["kind"] in ("body", "heading", "noise")
        assert passage["cluster"] is None or passage["cluster"] in cluster_ids
        assert (passage["noise"] is None) == (passage["kind"] != "noise")
    for cluster in data["clusters"]:
        for pid in cluster["passages"]:
            assert next(p for p in data["passages"] if p["id"] == pid)["cluster"] == cluster["id"]
    kinds = {f["kind"] for f in data["findings"]}
    assert kinds == {"unique", "number", "quote"}
    for finding in data["findings"]:
        if finding["kind"] == "number":
            assert isinstance(finding["consistent"], bool)
            for value in finding["values"]:
                assert {"surface", "value", "unit", "normalized"} <= set(value)


def test_no_path_reports_on_the_bundled_seeds_from_any_folder(tmp_path):
    result = run("report", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["sources"]) == 5


def test_text_report_lists_sources_and_findings():
    result = run("report", str(SEEDS))
    assert result.returncode == 0, result.stderr
    assert "shared claims" in result.stdout
    assert "london-news-net.preview-domain.com" in result.stdout
    assert "UNIQUE" in result.stdout and "NUMBER" in result.stdout and "QUOTE" in result.stdout


def test_the_text_report_counts_one_passage_in_the_singular(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("The harbour ferry fares will rise next spring.\n")
    (tmp_path / "b.txt").write_text("Ferry fares rise. The port said so on Monday.\n")
    assert main(["report", str(tmp_path), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "1 passage, 0 noise" in out and "1 passages" not in out


def test_markdown_report_escapes_article_text(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("Officials said the *new* [bridge](x) opens in May.\n")
    (story / "b.txt").write_text("The new bridge opens in May, officials said.\n")
    result = run("report", str(story), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "\\*new\\*" in result.stdout or "only" in result.stdout


def test_output_file_is_written_and_the_story_folder_is_not(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    for name in ("a.txt", "b.txt"):
        (story / name).write_text("The council approved the new harbour plan on Monday.\n")
    before = sorted(p.name for p in story.iterdir())
    out = tmp_path / "report.json"
    result = run("report", str(story), "--format", "json", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["schema"] == "coverage-tui/report@1"
    assert sorted(p.name for p in story.iterdir()) == before
    inside = run("report", str(story), "--output", str(story / "r.txt"))
    assert_clean_error(inside, "r.txt")
    assert sorted(p.name for p in story.iterdir()) == before


def test_collection_reports_each_story(tmp_path):
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "a.txt").write_text(f"Story {name}: the mayor opened the new park today.\n")
        (folder / "b.txt").write_text(f"Story {name}: a new park was opened by the mayor.\n")
    result = run("report", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "coverage-tui/collection@1"
    assert len(data["stories"]) == 2


def test_missing_path(tmp_path):
    assert_clean_error(run("report", str(tmp_path / "nowhere")), "nowhere")


def test_empty_folder(tmp_path):
    assert_clean_error(run("report", str(tmp_path)), str(tmp_path.name))


def test_folder_with_no_readable_article(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (tmp_path / "b.txt").write_bytes(b"")
    assert_clean_error(run("report", str(tmp_path)), "a.txt")


def test_binary_file_is_skipped_with_a_warning_when_others_remain(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor opened the new park on Monday.\n")
    (tmp_path / "photo.txt").write_bytes(bytes(range(256)) * 40)
    result = run("report", str(tmp_path), "--format", "json")
    assert result.returncode == 0
    assert "photo.txt" in result.stderr and "Traceback" not in result.stderr
    assert [s["id"] for s in json.loads(result.stdout)["sources"]] == ["good"]


def test_undecodable_file(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\xd8" * 10 + b"\x81\x8d\x8f\x90\x9d" * 30)
    result = run("report", str(tmp_path))
    assert result.returncode != 0 or "bad.txt" in result.stderr
    assert "Traceback" not in result.stderr


def test_huge_file_is_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor opened the new park on Monday.\n")
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run("report", str(tmp_path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "huge.txt" in result.stderr


def test_symlink_loop(tmp_path):
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("The mayor opened the new park on Monday.\n")
    os.symlink(story, story / "loop")
    result = run("report", str(story), "--format", "json")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor opened the new park on Monday.\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("hidden")
    secret.chmod(0)
    result = run("report", str(tmp_path), "--format", "json")
    assert result.returncode == 0
    assert "secret.txt" in result.stderr


def test_an_unknown_theme_is_a_one_line_error_naming_the_themes(capsys) -> None:
    assert main(["--theme", "no-such-theme"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "--theme no-such-theme: no such theme" in error and "coverage-light" in error


def test_themes_lists_every_theme_with_its_file_and_problems(capsys) -> None:
    from tui.themes import user_themes_dir

    assert main(["themes"]) == 0
    listing = capsys.readouterr().out
    for name in ("coverage-dark (default)", "coverage-light", "coverage-mono"):
        assert name in listing
    assert "dark.toml" in listing and "shipped" in listing
    user_themes_dir().mkdir(parents=True)
    (user_themes_dir() / "mine.toml").write_text(
        'name = "coverage-light"\n[colors]\nprimary = "#000000"\n'
    )
    assert main(["themes"]) == 0
    listing = capsys.readouterr().out
    assert "shipped, replaced by mine.toml" in listing and "(not loaded)" not in listing
    (user_themes_dir() / "oops.toml").write_text('name = "oops"\n[colors]\nprimary = 5\n')
    assert main(["themes"]) == 1
    listing = capsys.readouterr().out
    assert "(not loaded)" in listing and "oops.toml:3: colors.primary" in listing


def test_report_settings_come_from_the_config(tmp_path, capsys) -> None:
    config = tmp_path / "settings.toml"
    config.write_text("similarity_threshold = 0.99\nmystery = 1\n", encoding="utf-8")
    assert main(["report", str(SEEDS), "--config", str(config), "--format", "json"]) == 0
    strict = json.loads(capsys.readouterr().out)
    assert main(["report", str(SEEDS), "--format", "json"]) == 0
    usual = json.loads(capsys.readouterr().out)

    def aligned(report):
        return sum(len(c["passages"]) for c in report["clusters"])

    assert aligned(strict) < aligned(usual)  # a stricter matcher aligns fewer passages
    assert main(["report", str(SEEDS), "--config", str(tmp_path / "none.toml")]) == 2
    assert "none.toml: no such config file" in capsys.readouterr().err


def test_a_package_missing_from_the_install_is_named_in_one_line(monkeypatch, capsys):
    import tui.cli as cli

    def broken(*_args, **_kwargs):
        raise ModuleNotFoundError("No module named 'zstandard'", name="zstandard")

    monkeypatch.setattr(cli, "run_report", broken)
    monkeypatch.delenv("COVERAGE_TUI_DEBUG", raising=False)
    assert main(["report", str(SEEDS)]) == 70
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines == [
        "coverage-tui: error: the package 'zstandard' is not installed; reinstall coverage-tui"
    ]
