"""Running `coverage-tui serve` for a test: a real server process on 127.0.0.1 with its own
data dir, log file and keys in a temp dir; OpenSSH as the client."""

from __future__ import annotations

import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.app.test_ssh import clean_env, free_port
from tests.conftest import SEEDS


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    keys: Path
    log: Path

    def log_lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def wait_for_log(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.log_lines():
                if text in line:
                    return line
            time.sleep(0.1)
        raise AssertionError(f"no log line with {text!r}:\n" + "\n".join(self.log_lines()))

    def ssh(
        self,
        *extra: str,
        key: str = "client_key",
        source: str | None = None,
        remote: tuple[str, ...] = (),
    ) -> list[str]:
        """An OpenSSH command line for this server, never touching the user's known_hosts."""
        port = ["-p", str(self.port)]
        source_address = ["-b", source] if source else []
        return ["ssh", *port, *self.options(key), *source_address, *extra, "127.0.0.1", *remote]

    def options(self, key: str = "client_key") -> list[str]:
        """What ssh, sftp and scp take alike: the key, and no host key checks or user config."""
        settings = (
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "GlobalKnownHostsFile=/dev/null",
            "LogLevel=ERROR",
            f"BatchMode={'no' if key == 'none' else 'yes'}",  # "none": a password login
            "IdentitiesOnly=yes",
        )
        identity = (
            ["-o", "PubkeyAuthentication=no"] if key == "none" else ["-i", str(self.keys / key)]
        )
        return ["-F", "/dev/null", *identity] + [
            word for setting in settings for word in ("-o", setting)
        ]

    def run_ssh(
        self,
        *extra: str,
        key: str = "client_key",
        source: str | None = None,
        remote: tuple[str, ...] = (),
        password: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run ssh to the end; with `password`, typed by an SSH_ASKPASS program."""
        env = clean_env()
        if password is not None:
            askpass = self.keys / "askpass"
            askpass.write_text(f"#!/bin/sh\nprintf '%s\\n' {shlex.quote(password)}\n")
            askpass.chmod(0o700)
            env.update(SSH_ASKPASS=str(askpass), SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
            key = "none"
        return subprocess.run(
            self.ssh(*extra, key=key, source=source, remote=remote),
            capture_output=True,
            text=True,
            timeout=20,
            stdin=subprocess.DEVNULL,
            env=env,
        )

    def readers(self) -> list[int]:
        """Pids of the session processes (the reader runs as `python -m tui -- PATH`)."""
        return reader_pids(self.process.pid)


def reader_pids(server_pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        parent = re.search(r"^PPid:\s+(\d+)", status, re.M)
        if parent and int(parent.group(1)) == server_pid and b"tui" in cmdline:
            found.append(int(entry.name))
    return found


def make_keys(folder: Path) -> Path:
    keys = folder / "keys"
    keys.mkdir(mode=0o700)
    for name in ("client_key", "stranger_key"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    (keys / "authorized_keys").write_text((keys / "client_key.pub").read_text())
    return keys


@contextmanager
def serving(
    tmp_path: Path, *options: str, mode: str = "--ssh", config: str | None = None
) -> Iterator[Served]:
    """`coverage-tui serve` on a free loopback port until the block ends (then SIGTERM)."""
    keys = make_keys(tmp_path) if not (tmp_path / "keys").exists() else tmp_path / "keys"
    port = free_port()
    log = tmp_path / "serve.log"
    env = clean_env()
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["COVERAGE_TUI_TEST_SECRET"] = "server-only"  # must never reach a session
    command = [sys.executable, "-m", "tui", "serve", mode, "--port", str(port)]
    command += ["--log-file", str(log), *options]
    if config is not None:
        (tmp_path / "serve.toml").write_text(config)
        command += ["--config", str(tmp_path / "serve.toml")]
    command.append(str(SEEDS))
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=tmp_path
    )
    served = Served(process, port, keys, log)
    try:
        deadline = time.monotonic() + 20
        while not any("serving" in line for line in served.log_lines()):
            if process.poll() is not None:
                raise AssertionError(process.stderr.read().decode())  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_gone(pids: list[int], timeout: float = 10) -> list[int]:
    """The pids still alive after `timeout` (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    alive = pids
    while time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        if not alive:
            return []
        time.sleep(0.1)
    return alive


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def env_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)
