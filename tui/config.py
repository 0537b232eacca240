"""The user's settings: `<user config dir>/config.toml`, or the file given with `--config`.

Everything is optional. A key that is unknown or has the wrong type is reported (file, line,
key) and skipped; the rest applies. Writing (the theme chosen in the reader) goes through
tomlkit so the user's comments and the keys this program does not manage survive, and through
an atomic rename so a crash never leaves half a file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "config.toml"
NOISE_CHOICES = ("collapsed", "shown")


@dataclass(frozen=True)
class Config:
    """Settings as read; None means "not set": the program's default applies."""

    theme: str | None = None
    sources_side_by_side: int | None = None  # at most this many panes at once
    noise: str = "collapsed"  # or "shown"
    similarity_threshold: float | None = None  # the matcher probability a pair needs to link
    semantic: bool = True  # use the sentence-embedding model when it is installed
    semantic_model: Path | None = None  # a folder with another model (relative: to the file)
    default_path: Path | None = None  # opened when no PATH is given (relative: to the file)
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. "j,down"
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)  # id -> its line
    serve: dict[str, Any] = field(default_factory=dict)  # [serve], read by tui.serve.settings
    path: Path | None = None  # the file these came from, if any

    @property
    def expand_noise(self) -> bool:
        return self.noise == "shown"

    @property
    def semantic_choice(self) -> bool | str:
        """What the aligner is given: False (lexical alone), True (the shipped model) or the
        folder of another model."""
        if not self.semantic:
            return False
        return str(self.semantic_model) if self.semantic_model is not None else True


class ConfigError(Exception):
    """A config file named on the command line that cannot be used at all."""


def default_config_path() -> Path:
    from tui.locations import user_config_dir

    return user_config_dir() / CONFIG_NAME


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings in `path` (default: the user's config.toml) and a warning per problem.

    A missing default file is simply no settings; a missing file named with `--config`, or a
    file that is not TOML, is an error for `--config` and a warning otherwise."""
    from tui.files import read_capped_text

    explicit = path is not None
    target = path if path is not None else default_config_path()
    try:
        text = read_capped_text(target)  # a FIFO, a device or a huge file is refused
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"{target}: no such config file") from None
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        message = f"{target}: cannot read: {getattr(error, 'strerror', None) or error}"
        if explicit:
            raise ConfigError(message) from None
        return Config(), [message + "; using the defaults"]
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as error:  # also: nested too deep, a huge integer
        message = f"{target}: not valid TOML: {_toml_problem(error)}"
        if explicit:
            raise ConfigError(message) from None
        return Config(path=target), [message + "; using the defaults"]
    return parse_config(data, text, target)


def _toml_problem(error: Exception) -> str:
    """What the TOML parser refused, in a few words."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if "digits" in str(error) and "integer" in str(error):
        return "a number too long to read"
    return str(error)


def parse_config(data: dict[str, Any], text: str, path: Path) -> tuple[Config, list[str]]:
    warnings: list[str] = []

    def warn(key: str, problem: str, table: str | None = None) -> None:
        line = line_of(text, key, table)
        where = f"{path}:{line}" if line else str(path)
        warnings.append(f"{where}: {problem}")

    settings: dict[str, Any] = {"path": path}
    for key, value in data.items():
        if key == "theme":
            if isinstance(value, str) and value.strip():
                settings["theme"] = value.strip()
            else:
                warn(key, "theme: expected a theme name (text)")
        elif key == "sources_side_by_side":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                settings["sources_side_by_side"] = value
            else:
                warn(key, "sources_side_by_side: expected a whole number, 1 or more")
        elif key == "noise":
            if value in NOISE_CHOICES:
                settings["noise"] = value
            else:
                warn(key, f"noise: expected {' or '.join(repr(c) for c in NOISE_CHOICES)}")
        elif key == "similarity_threshold":
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1:
                settings["similarity_threshold"] = float(value)
            else:
                warn(key, "similarity_threshold: expected a number between 0 and 1")
        elif key == "semantic":
            if isinstance(value, bool):
                settings["semantic"] = value
            else:
                warn(key, "semantic: expected true or false")
        elif key == "semantic_model":
            if isinstance(value, str) and value.strip():
                settings["semantic_model"] = path.parent / Path(value.strip()).expanduser()
            else:
                warn(key, "semantic_model: expected a folder path (text)")
        elif key == "default_path":
            if isinstance(value, str) and value.strip():
                # relative to the config file, so it means the same from any working folder
                settings["default_path"] = path.parent / Path(value.strip()).expanduser()
            else:
                warn(key, "default_path: expected a folder path (text)")
        elif key == "keys":
            if isinstance(value, dict):
                settings["keys"] = _keys(value, lambda k, p: warn(k, p, "keys"))
                # for the reader's own check of them (tui.keymap), which names lines too
                lines = {k: line_of(text, k, "keys") for k in settings["keys"]}
                settings["key_lines"] = {k: n for k, n in lines.items() if n is not None}
            else:
                warn(key, "keys: expected a table of binding id = keys")
        elif key == "serve":
            if isinstance(value, dict):
                settings["serve"] = value
            else:
                warn(key, "serve: expected a table ([serve])")
        else:
            warn(key, f"unknown key {key!r} (ignored)")
    return Config(**settings), warnings


def _keys(table: dict[str, Any], warn: Any) -> dict[str, str]:
    keys = {}
    for binding_id, value in table.items():
        if isinstance(value, str) and value.strip():
            keys[binding_id] = value
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            keys[binding_id] = ",".join(value)
        else:
            warn(binding_id, f'keys.{binding_id}: expected keys as text, e.g. "j,down"')
    return keys


def line_of(text: str, key: str, table: str | None = None) -> int | None:
    """The line where `key` is set (inside `[table]` when given), for messages."""
    in_table = table is None
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    header = re.compile(r"^\s*\[([^\]]+)\]")
    for number, line in enumerate(text.splitlines(), start=1):
        found = header.match(line)
        if found:
            if table is None:
                return None  # top-level keys come before the first table
            in_table = found.group(1).strip() == table
            continue
        if in_table and pattern.match(line):
            return number
    return None


def remember(key: str, value: str | int | float | bool, path: Path | None = None) -> None:
    """Set one top-level key in the config file, keeping everything else as the user wrote it.

    Raises OSError when the file cannot be written, ConfigError when it exists but is not
    TOML (it is left alone rather than replaced)."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    from tui.files import NotAFileError, read_capped_text, write_atomic

    target = path if path is not None else default_config_path()
    try:
        text = read_capped_text(target)
    except FileNotFoundError:
        text = ""
    except NotAFileError as error:
        raise ConfigError(f"{target}: {error}; left as it is") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{target}: not UTF-8, left as it is") from None
    try:
        document = tomlkit.parse(text)
    except RecursionError:
        raise ConfigError(f"{target}: nested too deeply, left as it is") from None
    except (TOMLKitError, ValueError) as error:
        raise ConfigError(f"{target}: not valid TOML, left as it is: {error}") from None
    document[key] = value
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, tomlkit.dumps(document))
