"""The [serve] table of the config file: limits and files for `coverage-tui serve`.

Like the rest of the config, a key that is unknown or of the wrong type is one warning and is
skipped; paths are relative to the config file. The command line overrides all of it.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from tui.serve.limits import Limits

PATH_KEYS = ("authorized_keys", "password_file", "host_key", "log_file", "reader_config")
TEXT_KEYS = ("host", "public_url")
PORT_KEYS = ("ssh_port", "web_port")
LIMIT_KEYS = tuple(f.name for f in fields(Limits))
WHOLE_LIMITS = ("max_sessions", "max_per_address", "connections_per_minute", "memory_mb")


def parse_serve_table(
    table: dict[str, Any], source: Path | None
) -> tuple[dict[str, Any], list[str]]:
    """The settings in [serve] by name, and a warning per problem."""
    where = f"{source}: [serve]" if source is not None else "[serve]"
    base = source.parent if source is not None else Path.cwd()
    settings: dict[str, Any] = {}
    warnings: list[str] = []
    for key, value in table.items():
        if key in PATH_KEYS:
            if isinstance(value, str) and value.strip():
                settings[key] = base / Path(value.strip()).expanduser()
            else:
                warnings.append(f"{where} {key}: expected a file path (text)")
        elif key in TEXT_KEYS:
            if isinstance(value, str) and value.strip():
                settings[key] = value.strip()
            else:
                warnings.append(f"{where} {key}: expected text")
        elif key in PORT_KEYS:
            if _whole(value) and 0 < value < 65536:
                settings[key] = value
            else:
                warnings.append(f"{where} {key}: expected a port number, 1 to 65535")
        elif key in WHOLE_LIMITS or key == "cpu_seconds":
            if _whole(value) and value >= 1:
                settings[key] = value
            else:
                warnings.append(f"{where} {key}: expected a whole number, 1 or more")
        elif key in LIMIT_KEYS:
            if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                settings[key] = float(value)
            else:
                warnings.append(f"{where} {key}: expected a number of seconds, more than 0")
        else:
            warnings.append(f"{where}: unknown key {key!r} (ignored)")
    return settings, warnings


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
