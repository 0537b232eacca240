"""What `coverage-tui serve` refuses to start with, its [serve] settings, its host key, its
bookkeeping of who is in, and its log lines — without a network."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tui.cli import main
from tui.serve.command import is_loopback, load_host_key
from tui.serve.limits import Admission, Limits
from tui.serve.log import ConnectionLog, field
from tui.serve.session import session_environment, terminal_name
from tui.serve.settings import parse_serve_table


def error_of(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["serve", *args]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines  # one line, no traceback
    return lines[0]


def test_a_bad_setup_is_one_line_before_anything_listens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "who may connect?" in error_of(["--ssh", str(SEEDS)], capsys)
    assert "--password-file FILE, or --open" in error_of(["--web", str(SEEDS)], capsys)
    remote_open = error_of(["--ssh", "--open", "--host", "0.0.0.0", str(SEEDS)], capsys)
    assert (
        "--open on 0.0.0.0 would let anyone" in remote_open and "--allow-remote-open" in remote_open
    )
    keys = tmp_path / "authorized_keys"
    keys.write_text("not a key\n")
    assert "--authorized-keys is for --ssh" in error_of(
        ["--web", "--authorized-keys", str(keys), str(SEEDS)], capsys
    )
    assert f"{keys}: no usable keys" in error_of(["--ssh", "--authorized-keys", str(keys)], capsys)
    empty = tmp_path / "password"
    empty.write_text("\n")
    assert "the password file is empty" in error_of(
        ["--ssh", "--password-file", str(empty)], capsys
    )
    missing = tmp_path / "no-such-story"
    assert str(missing) in error_of(["--ssh", "--open", str(missing)], capsys)
    assert "--max-sessions: must be more than 0" in error_of(
        ["--ssh", "--open", "--max-sessions", "0", str(SEEDS)], capsys
    )


def test_loopback_is_told_from_the_rest() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.8.9.10", "::1", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.0.2.1", "example.org", ""]))


def test_serve_settings_are_read_and_mistakes_named(tmp_path: Path) -> None:
    source = tmp_path / "config.toml"
    table = {
        "max_sessions": 3,
        "idle_timeout": 90,
        "authorized_keys": "keys/demo",
        "ssh_port": 70000,
        "cpu_seconds": "lots",
        "colour": "red",
    }
    settings, warnings = parse_serve_table(table, source)
    assert settings == {
        "max_sessions": 3,
        "idle_timeout": 90.0,
        "authorized_keys": tmp_path / "keys" / "demo",  # relative to the config file
    }
    assert warnings == [
        f"{source}: [serve] ssh_port: expected a port number, 1 to 65535",
        f"{source}: [serve] cpu_seconds: expected a whole number, 1 or more",
        f"{source}: [serve]: unknown key 'colour' (ignored)",
    ]


def test_the_host_key_is_made_once_and_kept_private() -> None:
    from tui.serve.command import default_host_key_path

    first = load_host_key(None)
    path = default_host_key_path()
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_host_key(None).get_fingerprint() == first.get_fingerprint()  # not regenerated


def test_a_host_key_file_is_used_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess

    key = tmp_path / "host_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    listed = subprocess.run(["ssh-keygen", "-lf", str(key)], capture_output=True, text=True)
    assert load_host_key(key).get_fingerprint() in listed.stdout
    key.write_text("garbage\n")
    assert f"{key}: not a usable SSH host key" in error_of(
        ["--ssh", "--open", "--host-key", str(key), str(SEEDS)], capsys
    )


def test_admission_counts_addresses_rates_and_sessions() -> None:
    now = [0.0]
    admission = Admission(
        Limits(max_sessions=2, max_per_address=2, connections_per_minute=3), clock=lambda: now[0]
    )
    assert admission.arrive("10.0.0.1") is None
    assert admission.arrive("10.0.0.1") is None
    over = admission.arrive("10.0.0.1")
    assert over is not None and "already has 2 connections open" in over
    admission.leave("10.0.0.1")
    rate = admission.arrive("10.0.0.1")  # a place is free, but this is the 4th in a minute
    assert rate is not None and "at most 3 a minute" in rate
    assert admission.arrive("10.0.0.2") is None  # others are not held back
    now[0] = 61.0
    assert admission.arrive("10.0.0.1") is None  # a minute later the count starts again
    assert admission.start_session() is None and admission.start_session() is None
    full = admission.start_session()
    assert full is not None and "the server is full (2 of 2 sessions in use)" in full
    admission.end_session()
    assert admission.start_session() is None


def test_log_lines_cannot_carry_escape_sequences(tmp_path: Path) -> None:
    log = ConnectionLog(tmp_path / "serve.log")
    log.write(event="ssh", client="127.0.0.1:5000", user="\x1b]0;owned\x07 root", end="client quit")
    log.close()
    (line,) = (tmp_path / "serve.log").read_text().splitlines()
    assert "\x1b" not in line and "\x07" not in line
    assert 'user="\\u001b]0;owned\\u0007 root"' in line and 'end="client quit"' in line
    assert field("SHA256:abc+/=") == "SHA256:abc+/="
    assert json.loads(field("ünïcode")) == "ünïcode"


def test_a_session_environment_is_made_from_nothing(tmp_path: Path) -> None:
    env = session_environment(tmp_path, "xterm", {"COLORTERM": "truecolor", "LD_PRELOAD": "/x"})
    assert env["HOME"] == str(tmp_path) and env["COLORTERM"] == "truecolor"
    assert "LD_PRELOAD" not in env and all(
        v.startswith(str(tmp_path)) for k, v in env.items() if k.startswith("XDG_")
    )
    assert terminal_name("xterm-kitty") == "xterm-kitty"
    assert terminal_name("../../etc/x") == terminal_name("\x1b[2J") == "xterm-256color"


def test_the_readme_serve_example_is_valid(tmp_path: Path) -> None:
    import re

    from tui.config import parse_config, tomllib

    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[serve]" in b)
    config, warnings = parse_config(tomllib.loads(block), block, tmp_path / "config.toml")
    settings, serve_warnings = parse_serve_table(config.serve, config.path)
    assert warnings == [] and serve_warnings == []
    assert (
        Limits(**{k: v for k, v in settings.items() if k in Limits.__dataclass_fields__})
        == Limits()
    )


def test_the_readme_systemd_unit_runs_a_command_that_exists() -> None:
    import re
    import shlex

    from tui.serve.command import serve_parser

    readme = (SEEDS.parent / "README.md").read_text(encoding="utf-8")
    unit = next(b for b in re.findall(r"```ini\n(.*?)```", readme, re.S) if "ExecStart=" in b)
    line = re.search(r"^ExecStart=(.*?)(?<!\\)$", unit, re.M | re.S)
    assert line is not None
    words = shlex.split(line.group(1).replace("\\\n", " "))
    assert words[1] == "serve" and words[0].endswith("/coverage-tui")
    options = serve_parser().parse_args(words[2:])
    assert options.ssh and options.authorized_keys is not None and options.log_file is not None


def test_how_a_reader_ended_is_said_plainly() -> None:
    import signal

    from tui.serve.session import exit_reason

    assert exit_reason(0) == "reader exited (0)"
    assert exit_reason(-signal.SIGXCPU) == "reader stopped: CPU time limit reached"
    assert exit_reason(-signal.SIGKILL) == "reader killed by SIGKILL"
