"""`coverage-tui serve --ssh|--web [PATH]`: the options, the checks that make a bad setup a
one-line error before anything listens, and the host key."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.serve.limits import Limits

DEFAULT_PORTS = {"ssh": 2222, "web": 8000}
HOST_KEY_NAME = "ssh_host_ed25519_key"


class ServeError(Exception):
    """A one-line reason the server cannot start."""


def serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-tui serve",
        description="Serve the reader to other people: one reader process per connection, "
        "over SSH or in a browser, read-only, behind a login and limits. "
        "More settings (all the limits) go in the config file's [serve] table.",
    )
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--ssh", action="store_true", help="an SSH server (default port 2222)")
    mode.add_argument("--web", action="store_true", help="a web page (default port 8000)")
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="the story or collection every visitor reads (default: the config's default_path, "
        "else the sample story)",
    )
    parser.add_argument("--host", help="the address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="the port to listen on")
    login = parser.add_argument_group("who may connect")
    login.add_argument(
        "--authorized-keys", type=Path, metavar="FILE", help="SSH public keys allowed (--ssh)"
    )
    login.add_argument(
        "--password-file", type=Path, metavar="FILE", help="a file holding the shared password"
    )
    login.add_argument(
        "--open", action="store_true", help="no login at all (only on a loopback address)"
    )
    login.add_argument(
        "--allow-remote-open",
        action="store_true",
        help="let --open listen on an address other machines can reach",
    )
    parser.add_argument(
        "--host-key",
        type=Path,
        metavar="FILE",
        help="the server's SSH private key (default: generated once in the user data dir)",
    )
    limits = parser.add_argument_group("limits")
    limits.add_argument("--max-sessions", type=int, metavar="N", help="readers at once (8)")
    limits.add_argument(
        "--idle-timeout", type=float, metavar="SECONDS", help="close after no input (600)"
    )
    limits.add_argument(
        "--max-session", type=float, metavar="SECONDS", help="the longest session (3600)"
    )
    parser.add_argument(
        "--log-file", type=Path, metavar="FILE", help="append the connection log here, not stderr"
    )
    parser.add_argument(
        "--reader-config",
        type=Path,
        metavar="FILE",
        help="the config every reader session uses (default: none, the defaults)",
    )
    parser.add_argument(
        "--public-url", metavar="URL", help="--web behind a proxy: the address visitors use"
    )
    parser.add_argument("--config", type=Path, metavar="FILE", help="read [serve] from FILE")
    return parser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_password(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ServeError(
            f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"
        ) from None
    password = text.rstrip("\r\n")
    if not password:
        raise ServeError(f"{path}: the password file is empty")
    return password


def default_host_key_path() -> Path:
    import platformdirs

    from tui.locations import APP_NAME

    return Path(platformdirs.user_data_path(APP_NAME, appauthor=False)) / HOST_KEY_NAME


def load_host_key(path: Path | None) -> Any:
    """The given key, or this user's generated one (made on first use, mode 0600)."""
    import asyncssh

    target = path if path is not None else default_host_key_path()
    if path is None and not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519")
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(key.export_private_key())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return key
    try:
        return asyncssh.read_private_key(str(target))
    except (OSError, ValueError, asyncssh.KeyImportError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ServeError(f"{target}: not a usable SSH host key: {reason}") from None


def check_story(path: Path) -> Path:
    """The story as an absolute path, after checking the reader could open it."""
    from tui.engine.load import InputError, open_path

    resolved = path.expanduser().resolve()
    try:
        open_path(resolved)
    except InputError as error:
        raise ServeError(str(error)) from None
    return resolved


def limits_from(options: argparse.Namespace, table: dict[str, Any]) -> Limits:
    chosen = {k: v for k, v in table.items() if k in Limits.__dataclass_fields__}
    for name in ("max_sessions", "idle_timeout", "max_session"):
        value = getattr(options, name)
        if value is not None:
            if value <= 0:
                raise ServeError(f"--{name.replace('_', '-')}: must be more than 0")
            chosen[name] = value
    return Limits(**chosen)


def require(module: str) -> None:
    """`serve` needs the [serve] extra; without it, say how to get it."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ServeError(
            f"serve needs {module}, which is not installed: pip install 'coverage-tui[serve]'"
        )


def run_serve(argv: Sequence[str], config_path: Path | None = None) -> int:
    """Parse, check, listen; returns the exit code. Raises ServeError for a bad setup."""
    import asyncio

    from tui.config import ConfigError, load_config
    from tui.locations import bundled_seeds
    from tui.serve.limits import Admission
    from tui.serve.log import ConnectionLog
    from tui.serve.session import ReaderCommand
    from tui.serve.settings import parse_serve_table

    options = serve_parser().parse_args(list(argv))
    try:
        config, warnings = load_config(options.config or config_path)
    except ConfigError as error:
        raise ServeError(str(error)) from None
    table, serve_warnings = parse_serve_table(config.serve, config.path)
    for warning in [*warnings, *serve_warnings]:
        print(f"coverage-tui: warning: {warning}", file=sys.stderr)

    def pick(name: str, key: str | None = None) -> Any:
        value = getattr(options, name)
        return value if value is not None else table.get(key or name)

    mode = "ssh" if options.ssh else "web"
    require("asyncssh" if mode == "ssh" else "textual_serve")
    host = pick("host") or "127.0.0.1"
    port = pick("port", f"{mode}_port") or DEFAULT_PORTS[mode]
    authorized_keys = pick("authorized_keys")
    password_file = pick("password_file")
    if mode == "web" and authorized_keys is not None:
        raise ServeError("--authorized-keys is for --ssh; the web page takes --password-file")
    if options.open:
        if authorized_keys is not None or password_file is not None:
            raise ServeError("--open means no login: leave out --authorized-keys/--password-file")
        if not is_loopback(host) and not options.allow_remote_open:
            raise ServeError(
                f"--open on {host} would let anyone who can reach it in; listen on 127.0.0.1, "
                "or add --allow-remote-open if that is what you want"
            )
    elif authorized_keys is None and password_file is None:
        needs = (
            "--authorized-keys FILE and/or --password-file FILE"
            if mode == "ssh"
            else ("--password-file FILE")
        )
        raise ServeError(f"who may connect? give {needs}, or --open for a local demo")
    limits = limits_from(options, table)
    story = check_story(options.path or config.default_path or bundled_seeds())
    reader_config = pick("reader_config")
    if reader_config is not None:
        reader_config = reader_config.expanduser().resolve()
        if not reader_config.is_file():
            raise ServeError(f"{reader_config}: no such config file (--reader-config)")
    command = ReaderCommand(story, reader_config)
    password = read_password(password_file) if password_file is not None else None
    admission = Admission(limits)
    if mode == "ssh":
        from tui.serve.ssh import ServerState, SSHAuth, serve_ssh

        try:
            auth = SSHAuth(authorized_keys, password, open=options.open)
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or error
            raise ServeError(f"{authorized_keys}: no usable keys: {reason}") from None
        host_key = load_host_key(pick("host_key"))
    log_file = pick("log_file")
    try:
        log = ConnectionLog(log_file)
    except OSError as error:
        raise ServeError(f"{log_file}: cannot write the log: {error.strerror or error}") from None
    started = False

    def ready(bound: int) -> None:
        nonlocal started
        started = True
        message = f"serving {story} over {mode} on {host}:{bound}"
        print(f"coverage-tui: {message}", file=sys.stderr, flush=True)
        if mode == "ssh":
            print(f"coverage-tui: host key {host_key.get_fingerprint()}", file=sys.stderr)
        log.note(message)

    try:
        if mode == "ssh":
            state = ServerState(command, auth, admission, log)
            asyncio.run(serve_ssh(state, host, port, host_key, ready))
        else:
            from tui.serve.web import WebServer, serve_web

            server = WebServer(
                command,
                admission,
                log,
                host=host,
                port=port,
                password=password,
                public_url=pick("public_url"),
            )
            asyncio.run(serve_web(server, ready))
    except OSError as error:
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    finally:
        if started:
            log.note("stopped")
        log.close()
    return 0
