"""One line per connection: when, which protocol, who (address, user, key), how long, why it
ended. Client-chosen text (user names) is quoted and escaped, never written raw to a terminal.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import TextIO

PLAIN = re.compile(r"[A-Za-z0-9._:/@+=\-\[\]]+")


def field(value: object) -> str:
    """`value` as one token: plain text as it is, anything else JSON-quoted (ASCII only, so
    control characters and escape sequences come out as visible \\u escapes)."""
    text = str(value)
    return text if PLAIN.fullmatch(text) else json.dumps(text, ensure_ascii=True)


class ConnectionLog:
    """Appends lines to a file, or to stderr; a failing write never stops the server."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        # open for the server's life, closed by close()
        self._stream: TextIO = (
            open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115
            if path is not None
            else sys.stderr
        )

    def write(self, **fields: object) -> None:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        words = [stamp] + [f"{k}={field(v)}" for k, v in fields.items() if v is not None]
        try:
            self._stream.write(" ".join(words) + "\n")
            self._stream.flush()
        except (OSError, ValueError):
            pass

    def note(self, message: str) -> None:
        """A line about the server itself (started, stopping)."""
        self.write(event="server", message=message)

    def close(self) -> None:
        if self.path is not None:
            self._stream.close()
