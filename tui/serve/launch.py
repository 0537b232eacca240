"""`python -m tui.serve.launch`: the first moment of a session process, before it becomes the
reader (by exec, so the pid the server holds is the reader's).

It dies with the server (PR_SET_PDEATHSIG), takes its terminal as the controlling one (so
resizes reach it as SIGWINCH), and gets its limits; done here rather than in a `preexec_fn`
because the server has threads, where `preexec_fn` can deadlock.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import sys
from collections.abc import Sequence

PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        sys.exit("coverage-tui serve: cannot tie the session to the server (prctl failed)")
    if os.getppid() != parent:  # the server died before the tie was made
        sys.exit(1)


def _limit(kind: int, value: int) -> None:
    _soft, hard = resource.getrlimit(kind)
    ceiling = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (ceiling, ceiling))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tui.serve.launch")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("--tty", action="store_true", help="standard input is the session's pty")
    parser.add_argument("--quiet", action="store_true", help="discard the reader's stderr")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("no command")
    _die_with_parent(options.parent)
    if options.tty:
        import fcntl
        import termios

        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    if options.quiet:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
    _limit(resource.RLIMIT_AS, options.memory_mb * 1024 * 1024)
    # The soft limit sends SIGXCPU; a process that ignores it is killed a little later.
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    cpu = options.cpu_seconds
    resource.setrlimit(
        resource.RLIMIT_CPU, (cpu, cpu + 5 if hard == resource.RLIM_INFINITY else min(cpu, hard))
    )
    _limit(resource.RLIMIT_CORE, 0)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
