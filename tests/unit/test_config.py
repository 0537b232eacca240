"""config.toml: what applies, what is reported (file, line, key), and how it is written back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.config import Config, ConfigError, default_config_path, load_config, remember


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_file_means_the_defaults() -> None:
    config, warnings = load_config()
    assert config == Config() and warnings == []
    assert not config.expand_noise


def test_the_config_lives_in_the_xdg_config_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_config_path() == tmp_path / "xdg" / "coverage-tui" / "config.toml"


def test_every_setting_is_read() -> None:
    write(
        default_config_path(),
        'theme = "coverage-light"\nsources_side_by_side = 3\nnoise = "shown"\n'
        'similarity_threshold = 0.6\ndefault_path = "~/stories"\n\n'
        '[keys]\n"reader.cursor_down" = "j,s"\n"app.quit" = ["q", "ctrl+q"]\n',
    )
    config, warnings = load_config()
    assert warnings == []
    assert config.theme == "coverage-light"
    assert config.sources_side_by_side == 3
    assert config.expand_noise
    assert config.similarity_threshold == 0.6
    assert config.default_path == Path("~/stories").expanduser()
    assert config.keys == {"reader.cursor_down": "j,s", "app.quit": "q,ctrl+q"}


def test_a_relative_default_path_is_read_from_the_config_files_folder(tmp_path: Path) -> None:
    config, _ = load_config(write(tmp_path / "cfg" / "mine.toml", 'default_path = "stories"\n'))
    assert config.default_path == tmp_path / "cfg" / "stories"
    config, _ = load_config(write(tmp_path / "abs.toml", f'default_path = "{tmp_path}"\n'))
    assert config.default_path == tmp_path


def test_unknown_keys_and_wrong_types_are_named_and_the_rest_applies() -> None:
    path = write(
        default_config_path(),
        '# my settings\ntheme = "coverage-light"\ncolour = "red"\n'
        'sources_side_by_side = "two"\nsimilarity_threshold = 3\nnoise = "hidden"\n\n'
        '[keys]\n"reader.search" = 5\n',
    )
    config, warnings = load_config()
    assert config.theme == "coverage-light"  # the good line still applies
    assert config.sources_side_by_side is None and config.similarity_threshold is None
    assert f"{path}:3: unknown key 'colour' (ignored)" in warnings
    assert any(w.startswith(f"{path}:4: sources_side_by_side") for w in warnings)
    assert any(w.startswith(f"{path}:5: similarity_threshold") for w in warnings)
    assert any(w.startswith(f"{path}:6: noise") for w in warnings)
    assert any(w.startswith(f"{path}:9: keys.reader.search") for w in warnings)
    assert len(warnings) == 5


def test_a_broken_user_config_warns_and_the_defaults_apply() -> None:
    path = write(default_config_path(), 'theme = "coverage-light\n')
    config, warnings = load_config()
    assert config.theme is None
    assert len(warnings) == 1 and warnings[0].startswith(f"{path}: not valid TOML")


def test_a_config_named_on_the_command_line_must_exist_and_parse(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path / "bad.toml", "theme = \n"))


def test_an_explicit_config_overrides_the_users(tmp_path: Path) -> None:
    write(default_config_path(), 'theme = "coverage-light"\nnoise = "shown"\n')
    config, _ = load_config(write(tmp_path / "other.toml", 'theme = "coverage-mono"\n'))
    assert config.theme == "coverage-mono"
    assert not config.expand_noise  # the user's file is not read at all then


def test_remembering_the_theme_keeps_comments_and_other_keys() -> None:
    original = (
        "# chosen by hand\n"
        'noise = "shown"  # I like to see the furniture\n'
        "future_setting = 1\n\n"
        "[keys]\n"
        '"reader.search" = "f"\n'
    )
    path = write(default_config_path(), original)
    remember("theme", "coverage-light")
    text = path.read_text(encoding="utf-8")
    assert "# chosen by hand" in text and "# I like to see the furniture" in text
    assert "future_setting = 1" in text and '"reader.search" = "f"' in text
    config, _ = load_config()
    assert config.theme == "coverage-light" and config.keys == {"reader.search": "f"}
    remember("theme", "coverage-mono")
    assert path.read_text(encoding="utf-8").count("theme =") == 1


def test_remembering_creates_the_config_and_its_folder() -> None:
    path = default_config_path()
    assert not path.exists()
    remember("theme", "coverage-light")
    assert load_config()[0].theme == "coverage-light"


def test_a_failure_mid_write_leaves_the_old_config_intact(monkeypatch) -> None:
    path = write(default_config_path(), 'theme = "coverage-light"\n# keep me\n')
    before = path.read_bytes()

    def crash(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        remember("theme", "coverage-mono")
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temp file left


def test_a_config_that_is_not_toml_is_not_overwritten() -> None:
    path = write(default_config_path(), "theme = = broken\n")
    with pytest.raises(ConfigError, match="left as it is"):
        remember("theme", "coverage-light")
    assert path.read_text(encoding="utf-8") == "theme = = broken\n"


def test_remembering_through_a_symlinked_config_keeps_the_link(tmp_path: Path) -> None:
    real = write(tmp_path / "dotfiles" / "coverage.toml", "# in my dotfiles\nnoise = 'shown'\n")
    link = default_config_path()
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    remember("theme", "coverage-light")
    assert link.is_symlink() and link.resolve() == real
    text = real.read_text(encoding="utf-8")
    assert "# in my dotfiles" in text and 'theme = "coverage-light"' in text


def test_a_config_saved_with_a_byte_order_mark_is_read() -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_bytes('\ufefftheme = "coverage-light"\n'.encode())  # as Windows Notepad saves
    assert load_config() == (Config(theme="coverage-light", path=path), [])
    remember("noise", "shown")
    assert load_config()[0].expand_noise


def test_a_config_that_is_not_utf8_is_not_overwritten() -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes('# caf\xe9\ntheme = "coverage-light"\n'.encode("latin-1"))
    before = path.read_bytes()
    with pytest.raises(ConfigError, match="not UTF-8"):
        remember("theme", "coverage-mono")
    assert path.read_bytes() == before
