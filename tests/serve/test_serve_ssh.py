"""`coverage-tui serve --ssh` with the OpenSSH client on 127.0.0.1: what a visitor gets (the
reader, in their terminal, at their size) and everything they must not get."""

from __future__ import annotations

import shlex
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.test_terminal import tmux, wait_for
from tests.conftest import SEEDS
from tests.serve.serve_helpers import Served, env_of, serving, wait_gone

MISSING = [name for name in ("ssh", "ssh-keygen", "sftp", "tmux") if shutil.which(name) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"not installed: {', '.join(MISSING)} (Debian: openssh-client, tmux)"
)


@pytest.fixture
def panes() -> Iterator[list[str]]:
    """Names of tmux sessions a test opens; all closed afterwards."""
    names: list[str] = []
    yield names
    for name in names:
        subprocess.run(
            ["tmux", "-L", _socket(), "kill-session", "-t", name], capture_output=True, timeout=10
        )


def _socket() -> str:
    from tests.app import test_terminal

    return test_terminal.SOCKET


def visit(served: Served, panes: list[str], *extra: str, width: int = 80, height: int = 24) -> str:
    """`ssh -tt` to the server in a fresh tmux window; the window's name."""
    name = f"serve-{uuid.uuid4().hex[:8]}"
    command = shlex.join(served.ssh("-tt", *extra)) + '; echo "ssh exited with $?"; sleep 60'
    tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command)
    panes.append(name)
    return name


def reader_ready(screen: str) -> bool:
    return "5 sources ·" in screen


def test_a_visitor_reads_moves_resizes_and_quits_and_the_server_stays(
    tmp_path: Path, panes: list[str]
) -> None:
    story_before = _snapshot(SEEDS)
    with serving(tmp_path, "--authorized-keys", str(tmp_path / "keys" / "authorized_keys")) as s:
        window = visit(s, panes)
        screen = wait_for(window, reader_ready, timeout=30)
        assert "╭─ 1 " in screen and "╭─ 2 " in screen and "╭─ 3 " not in screen  # 80 wide
        tmux("send-keys", "-t", window, "l")
        wait_for(window, lambda screen: "2▸" in screen.splitlines()[2])
        tmux("resize-window", "-t", window, "-x", "130", "-y", "30")  # the client's window grows
        screen = wait_for(window, lambda screen: "╭─ 3 " in screen)
        assert len(screen.splitlines()) >= 29
        tmux("send-keys", "-t", window, "q")
        wait_for(window, lambda screen: "ssh exited with" in screen)
        line = s.wait_for_log("event=ssh")
        assert 'end="client quit"' in line and "auth=publickey" in line and "key=SHA256:" in line
        assert s.process.poll() is None, "the server stopped with its visitor"
        again = visit(s, panes)  # and it takes the next one
        wait_for(again, reader_ready, timeout=30)
    assert _snapshot(SEEDS) == story_before  # read-only: nothing in the story folder changed


def test_the_session_process_gets_the_story_and_a_clean_world(
    tmp_path: Path, panes: list[str]
) -> None:
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options, config="[serve]\nmemory_mb = 1500\ncpu_seconds = 120\n") as s:
        window = visit(s, panes)
        wait_for(window, reader_ready, timeout=30)
        (pid,) = s.readers()
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:-1]
        assert argv[1:] == [b"-m", b"tui", b"--", str(SEEDS).encode()]  # a path, not a shell
        env = env_of(pid)
        assert "COVERAGE_TUI_TEST_SECRET" not in env and "SSH_AUTH_SOCK" not in env
        home = Path(env["HOME"])
        assert Path(f"/proc/{pid}/cwd").resolve() == home.resolve()
        assert env["XDG_CONFIG_HOME"].startswith(env["HOME"])
        assert env["TERM"] == tmux("show-options", "-gv", "default-terminal").strip()
        assert set(env) <= {
            "PATH", "HOME", "TMPDIR", "LANG", "TERM", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
            "XDG_DATA_HOME", "XDG_STATE_HOME", "PYTHONDONTWRITEBYTECODE", "COLORTERM", "NO_COLOR",
        }  # fmt: skip
        limits = Path(f"/proc/{pid}/limits").read_text()
        assert f"Max address space         {1500 * 1024 * 1024}" in limits
        assert "Max cpu time              120" in limits
        tmux("send-keys", "-t", window, "q")
        s.wait_for_log("event=ssh")
        assert wait_gone([pid]) == []
        assert not home.exists(), "the session's temporary home outlived it"


def test_what_is_not_offered_is_refused(tmp_path: Path) -> None:
    with serving(tmp_path, "--authorized-keys", str(tmp_path / "keys" / "authorized_keys")) as s:
        stranger = s.run_ssh("-tt", key="stranger_key")
        assert stranger.returncode == 255 and "Permission denied (publickey)" in stranger.stderr
        # Only keys are offered: a password is not even asked for.
        only_password = "PreferredAuthentications=password,keyboard-interactive"
        password = s.run_ssh("-o", "PubkeyAuthentication=no", "-o", only_password)
        assert password.returncode == 255 and "Permission denied (publickey)" in password.stderr

        command = s.run_ssh("-T", remote=("ls", "/"))
        assert command.returncode == 1 and "runs no commands" in command.stderr
        assert "etc" not in command.stdout.split()

        no_pty = s.run_ssh("-T")
        assert no_pty.returncode == 1 and "needs a terminal; connect with ssh -t" in no_pty.stderr

        sftp = subprocess.run(
            ["sftp", "-b", "-", "-P", str(s.port), *s.options(), "127.0.0.1"],
            input="ls /\n",
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert sftp.returncode != 0 and "etc" not in sftp.stdout.split()
        assert "subsystem request failed" in sftp.stderr
        scp = s.run_ssh("-T", remote=("scp", "-f", "/etc/hostname"))  # what `scp -O` sends
        assert scp.returncode == 1 and "runs no commands" in scp.stderr
        lines = s.log_lines()
        assert sum('end="not authenticated"' in line for line in lines) == 2
        assert any("refused subsystem sftp" in line for line in lines)
        assert s.process.poll() is None


def test_a_shared_password_lets_in_only_who_knows_it(tmp_path: Path) -> None:
    (tmp_path / "password").write_text("open sesame\n")
    with serving(tmp_path, "--password-file", str(tmp_path / "password")) as s:
        wrong = s.run_ssh("-T", "-o", "NumberOfPasswordPrompts=1", password="open says me")
        assert wrong.returncode == 255 and "Permission denied" in wrong.stderr
        with_key = s.run_ssh("-T")  # the authorized key means nothing on this server
        assert with_key.returncode == 255 and "Permission denied (" in with_key.stderr
        assert "publickey" not in with_key.stderr and "password" in with_key.stderr
        right = s.run_ssh("-T", password="open sesame")
        assert right.returncode == 1 and "needs a terminal" in right.stderr  # logged in
        assert "auth=password" in s.wait_for_log('end="refused: no pty"')


def test_open_lets_anyone_in_on_loopback(tmp_path: Path) -> None:
    with serving(tmp_path, "--open") as s:
        anyone = s.run_ssh("-T", key="stranger_key")
        assert anyone.returncode == 1 and "needs a terminal" in anyone.stderr  # logged in
        assert 'auth="none (--open)"' in s.wait_for_log("event=ssh")


def test_forwarding_reaches_nothing(tmp_path: Path) -> None:
    with socket.socket() as target:  # what a forward would reach if it were allowed
        target.bind(("127.0.0.1", 0))
        target.listen()
        target.settimeout(0.5)
        target_port = target.getsockname()[1]
        with serving(
            tmp_path, "--authorized-keys", str(tmp_path / "keys" / "authorized_keys")
        ) as s:
            local_port = _free_port()
            tunnel = subprocess.Popen(
                s.ssh("-N", "-L", f"{local_port}:127.0.0.1:{target_port}"),
                stdin=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                _wait_listening(local_port)
                with socket.create_connection(("127.0.0.1", local_port), timeout=5) as inside:
                    inside.settimeout(5)
                    assert inside.recv(100) == b""  # closed at once: the server said no
                with pytest.raises(TimeoutError):
                    target.accept()
            finally:
                tunnel.terminate()
                tunnel.communicate(timeout=10)
            remote = s.run_ssh("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:22")
            assert remote.returncode == 255 and "forwarding failed" in remote.stderr
            assert any("refused port forwarding" in line for line in s.log_lines())


def test_over_the_limits_the_client_is_told_why(tmp_path: Path, panes: list[str]) -> None:
    config = "[serve]\nmax_sessions = 2\nmax_per_address = 1\nconnections_per_minute = 50\n"
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options, config=config) as s:
        first = visit(s, panes)
        wait_for(first, reader_ready, timeout=30)
        same_address = s.run_ssh("-tt")
        assert same_address.returncode == 255
        assert "127.0.0.1 already has 1 connections open (at most 1)" in same_address.stderr
        second = visit(s, panes, "-b", "127.0.0.2")
        wait_for(second, reader_ready, timeout=30)
        third = s.run_ssh("-tt", source="127.0.0.3")
        assert "the server is full (2 of 2 sessions in use)" in third.stdout + third.stderr
        tmux("send-keys", "-t", first, "l")  # the others are unaffected
        wait_for(first, lambda screen: "2▸" in screen.splitlines()[2])


def test_a_client_that_connects_too_often_is_turned_away(tmp_path: Path) -> None:
    config = "[serve]\nconnections_per_minute = 3\n"
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options, config=config) as s:
        for _ in range(3):
            assert "needs a terminal" in s.run_ssh("-T").stderr
        hammering = s.run_ssh("-T")
        assert hammering.returncode == 255
        assert "too many connections from 127.0.0.1 (at most 3 a minute)" in hammering.stderr
        other = s.run_ssh("-T", source="127.0.0.2")  # another address is not punished
        assert "needs a terminal" in other.stderr


def test_an_idle_session_is_closed_and_the_terminal_given_back(
    tmp_path: Path, panes: list[str]
) -> None:
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    # Long enough for the reader to open first (the analysis runs before any key is pressed).
    with serving(tmp_path, *options, "--idle-timeout", "8") as s:
        window = visit(s, panes)
        wait_for(window, reader_ready, timeout=30)
        started = time.monotonic()
        screen = wait_for(window, lambda screen: "ssh exited with" in screen)
        assert time.monotonic() - started < 20
        assert "coverage-tui: closed after 8 s without input" in screen
        assert "5 sources ·" not in screen  # off the reader's screen, back to the shell's
        assert 'end="closed after 8 s without input"' in s.wait_for_log("event=ssh")


def test_a_client_that_never_logs_in_is_dropped_after_the_login_timeout(tmp_path: Path) -> None:
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options, config="[serve]\nlogin_timeout = 2\n") as s:
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as lingering:
            started = time.monotonic()
            assert lingering.recv(100).startswith(b"SSH-2.0-coverage-tui")
            while lingering.recv(4096):  # says nothing back: the server hangs up on it
                pass
            assert 1.5 < time.monotonic() - started < 8
        assert 'end="not authenticated"' in s.wait_for_log("event=ssh")


def test_a_session_ends_at_its_maximum_length(tmp_path: Path, panes: list[str]) -> None:
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options, "--max-session", "8") as s:
        window = visit(s, panes)
        wait_for(window, reader_ready, timeout=30)
        for _ in range(6):  # busy all along: idleness is not what ends it
            tmux("send-keys", "-t", window, "j")
            time.sleep(0.5)
        screen = wait_for(window, lambda screen: "ssh exited with 1" in screen, timeout=20)
        assert "coverage-tui: sessions last at most 8 s" in screen


def test_sigterm_says_goodbye_and_killing_the_server_leaves_no_reader(
    tmp_path: Path, panes: list[str]
) -> None:
    options = ("--authorized-keys", str(tmp_path / "keys" / "authorized_keys"))
    with serving(tmp_path, *options) as s:
        window = visit(s, panes)
        wait_for(window, reader_ready, timeout=30)
        (pid,) = s.readers()
        quiet = subprocess.Popen(  # logged in, no session: only a shutdown ends it
            s.ssh("-N"), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        s.wait_for_log("event=server", timeout=2)
        time.sleep(1.5)
        s.process.send_signal(signal.SIGTERM)
        screen = wait_for(window, lambda screen: "ssh exited with" in screen)
        assert "the server is shutting down; goodbye" in screen
        assert s.process.wait(timeout=15) == 0
        assert wait_gone([pid]) == []
        _, said = quiet.communicate(timeout=10)
        assert "the server is shutting down" in said
    (tmp_path / "serve.log").unlink()
    with serving(tmp_path, *options) as s:
        window = visit(s, panes)
        wait_for(window, reader_ready, timeout=30)
        (pid,) = s.readers()
        s.process.kill()
        s.process.wait(timeout=10)
        assert wait_gone([pid]) == [], "a session process outlived a killed server"


def _free_port() -> int:
    from tests.app.test_ssh import free_port

    return free_port()


def _wait_listening(port: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listened on {port}")


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }
