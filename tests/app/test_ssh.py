"""The reader over real SSH: a private sshd on 127.0.0.1 (own config, host key and authorized
key in a temp dir; nothing of the system's touched), a real `ssh -tt` client inside tmux."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEEDS

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
MISSING = [
    name
    for name, path in (
        ("sshd", SSHD),
        ("ssh", shutil.which("ssh")),
        ("ssh-keygen", shutil.which("ssh-keygen")),
        ("tmux", shutil.which("tmux")),
    )
    if path is None
]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (Debian: openssh-server, tmux)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}


PRIVSEP_DIR = Path("/run/sshd")  # sshd insists on it; Debian's service creates it at boot


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    if not PRIVSEP_DIR.is_dir():
        try:
            PRIVSEP_DIR.mkdir(mode=0o755, parents=True)
        except OSError as error:
            pytest.skip(f"sshd needs {PRIVSEP_DIR}, which cannot be created: {error}")
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host_key", "client_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    (keys / "authorized_keys").write_text((keys / "client_key.pub").read_text())
    port = free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host_key'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nPidFile {keys / 'sshd.pid'}\n"
        "PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n"
        "StrictModes no\nPermitRootLogin yes\nPermitUserEnvironment no\n"
    )
    server = subprocess.Popen(
        [SSHD or "sshd", "-D", "-e", "-f", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None:
                pytest.skip(f"sshd did not start: {server.stderr.read().decode()[-300:]}")  # type: ignore[union-attr]
            time.sleep(0.1)
        yield port, keys
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_reader_renders_and_answers_keys_over_ssh(sshd: tuple[int, Path]) -> None:
    port, keys = sshd
    socket_name = f"coverage-tui-ssh-{uuid.uuid4().hex[:8]}"
    remote = f"cd {Path.cwd()} && TERM=xterm-256color {sys.executable} -m tui {SEEDS}"
    client = (
        f"ssh -tt -p {port} -i {keys / 'client_key'} -o StrictHostKeyChecking=no "
        f"-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes "
        f"127.0.0.1 '{remote}'; sleep 30"
    )

    def tmux(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket_name, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
            env=clean_env(),
        ).stdout

    def wait_for(text: str, row: int | None = None, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-t", "ssh")
            lines = screen.splitlines()
            if (text in screen) if row is None else (len(lines) > row and text in lines[row]):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"never saw {text!r}:\n{screen}")

    tmux("new-session", "-d", "-s", "ssh", "-x", "80", "-y", "24", client)
    try:
        screen = wait_for("quote variants")
        assert "╭─ 1 " in screen and "╭─ 2 " in screen
        tmux("send-keys", "-t", "ssh", "l")
        wait_for("2▸", row=2)
        tmux("send-keys", "-t", "ssh", "q")
        deadline = time.monotonic() + 15
        while "quote variants" in tmux("capture-pane", "-p", "-t", "ssh"):
            assert time.monotonic() < deadline, "the reader did not quit over ssh"
            time.sleep(0.2)
    finally:
        subprocess.run(["tmux", "-L", socket_name, "kill-server"], capture_output=True, timeout=10)
