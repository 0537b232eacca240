"""What the user is told of a file or folder that cannot be read: one line that names it,
with nothing in it a terminal would act on."""

from __future__ import annotations

import re


class InputError(Exception):
    """One-line, user-facing message that names the file and the problem."""

    def __init__(self, message: str) -> None:
        super().__init__(_one_line(message))


class _Skip(InputError):
    """A file that cannot be used: `reason` completes the sentence "<name> ..."."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = _safe(name)
        self.reason = _one_line(reason)
        super().__init__(f"{self.name} {self.reason}")


def _safe(name: str) -> str:
    """A file name fit to show: control characters (and undecodable bytes) become '?'."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "?", name)


def _one_line(message: str) -> str:
    return _safe(" ".join(message.split()))
