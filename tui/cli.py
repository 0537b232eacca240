"""Command line: `coverage-tui [PATH]`, `coverage-tui report [PATH] [--format] [--output]`,
`coverage-tui brief`, `coverage-tui marks`, `coverage-tui themes` and `coverage-tui serve`.

Imports stay inside the functions so `--help` and errors are instant.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui import __version__

if TYPE_CHECKING:
    from tui.config import Config
    from tui.model import Analysis
    from tui.preload import Preload

FORMATS = ("text", "json", "markdown")
T = TypeVar("T")


class CliError(Exception):
    """A one-line message for the user; the command exits non-zero."""


def _path_argument(value: str) -> Path:
    """A path given on the command line; an empty one is a mistake, not the current folder."""
    if not value:
        raise argparse.ArgumentTypeError("an empty path names nothing")
    return Path(value).expanduser()


def _say(kind: str, message: str) -> None:
    """One line on stderr, with anything that could act on the terminal made visible."""
    from tui.visible import visible

    print(f"coverage-tui: {kind}: {visible(message)}", file=sys.stderr)


def _report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-tui report",
        description="Report how the outlets in PATH cover the story: sources, shared claims, "
        "unique claims, diverging numbers and quotes.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=_path_argument,
        help="a folder of articles, a collection, or one file (default: the bundled sample story)",
    )
    parser.add_argument("--format", "-f", choices=FORMATS, default="text")
    parser.add_argument(
        "--output", "-o", type=_path_argument, help="write to FILE instead of stdout"
    )
    _add_common_options(parser)
    return parser


def _marks_parser() -> argparse.ArgumentParser:
    from tui.desk.store import default_path

    parser = argparse.ArgumentParser(
        prog="coverage-tui marks",
        description="List the marks (verified, disputed) and notes made in the reader, of the "
        f"story in PATH or, without PATH, of every story. They are kept in {default_path()}.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=_path_argument,
        help="a story folder (its marks are placed on the story as it is now); without it, "
        "every story's marks as they stood when each was last opened",
    )
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text")
    _add_common_options(parser)
    return parser


def _brief_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-tui brief",
        description="The editor's brief of the story in PATH: its core, what each outlet alone "
        "says, numbers that disagree, quotes worded differently, copied text, the marks and "
        "notes, and the headlines as a timeline.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=_path_argument,
        help="a story folder or one file (default: the bundled sample story)",
    )
    parser.add_argument("--format", "-f", choices=("markdown", "json", "html"), default="markdown")
    parser.add_argument(
        "--marked-only",
        action="store_true",
        help="only the claims and findings that carry a mark or a note",
    )
    parser.add_argument(
        "--output", "-o", type=_path_argument, help="write to FILE instead of stdout"
    )
    _add_common_options(parser)
    return parser


def _add_common_options(parser: argparse.ArgumentParser) -> None:
    from tui.config import default_config_path

    parser.add_argument(
        "--config",
        type=_path_argument,
        metavar="FILE",
        help=f"read settings from FILE instead of {default_config_path()}",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="analyse afresh: neither read nor write the cache of analyses",
    )
    parser.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="read symlinked articles that lead outside the story folder (skipped by default)",
    )


def _main_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-tui",
        description="Read how several outlets cover one story. "
        "Commands: report (the analysis as text, JSON or Markdown), brief (the editor's brief: "
        "Markdown, JSON or HTML), marks (the marks and notes made in the reader), themes (list "
        "the themes), serve (the reader for others, over SSH or in a browser).",
        epilog="`coverage-tui report --help` describes the report command.",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=_path_argument,
        help="a folder of articles (default: the config's default_path, else the sample story)",
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="the colour theme (see: coverage-tui themes)"
    )
    _add_common_options(parser)
    parser.add_argument("--version", action="version", version=f"coverage-tui {__version__}")
    return parser


def _themes_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coverage-tui themes",
        description="List every theme: shipped ones and the user's, with the file each comes "
        "from and any problem in it.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] == "report":
            options = _report_parser().parse_args(args[1:])
            config, _ = _config(options.config)
            return run_report(
                options.path or config.default_path,
                options.format,
                options.output,
                link_threshold=config.similarity_threshold,
                use_cache=not options.no_cache,
                semantic=config.semantic_choice,
                follow_symlinks=options.follow_symlinks,
            )
        if args and args[0] in ("marks", "brief"):
            command = args[0]
            options = (_marks_parser() if command == "marks" else _brief_parser()).parse_args(
                args[1:]
            )
            config, _ = _config(options.config)
            common = {
                "link_threshold": config.similarity_threshold,
                "use_cache": not options.no_cache,
                "semantic": config.semantic_choice,
                "follow_symlinks": options.follow_symlinks,
            }
            if command == "marks":
                return run_marks(options.path, options.format, **common)
            return run_brief(
                options.path or config.default_path,
                options.format,
                options.output,
                marked_only=options.marked_only,
                **common,
            )
        if args and args[0] == "serve":
            return run_serve(args[1:])
        if args and args[0] == "themes":
            _themes_parser().parse_args(args[1:])
            return run_themes()
        options = _main_parser().parse_args(args)
        return run_reader(
            options.path,
            options.theme,
            options.config,
            not options.no_cache,
            follow_symlinks=options.follow_symlinks,
        )
    except CliError as error:
        _say("error", str(error))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except ModuleNotFoundError as error:  # a broken install, not a bug in what the user gave
        if os.environ.get("COVERAGE_TUI_DEBUG"):
            raise
        missing = error.name or str(error)
        _say("error", f"the package {missing!r} is not installed; reinstall coverage-tui")
        return 70
    except Exception as error:  # a bug: keep the screen clean, say how to see more
        if os.environ.get("COVERAGE_TUI_DEBUG"):
            raise
        name = type(error).__name__
        _say("internal error", f"{name}: {error} (set COVERAGE_TUI_DEBUG=1 for details)")
        return 70


def _config(path: Path | None) -> tuple[Config, list[str]]:
    """The user's settings (or FILE's); each problem in them is one warning line on stderr,
    also returned so the reader can show them on screen."""
    from tui.config import ConfigError, load_config

    try:
        config, warnings = load_config(path)
    except ConfigError as error:
        raise CliError(str(error)) from None
    for warning in warnings:
        _say("warning", warning)
    return config, warnings


def run_reader(
    path: Path | None,
    theme: str | None = None,
    config_path: Path | None = None,
    use_cache: bool = True,
    follow_symlinks: bool = False,
) -> int:
    """Open the interactive reader; piped output gets the text report instead."""
    from tui.themes import load_themes, settle_colour_system

    colour_problem = settle_colour_system(os.environ)  # before anything imports Textual
    if colour_problem is not None:
        _say("warning", colour_problem)
    config, warnings = _config(config_path)
    if colour_problem is not None:
        warnings = [colour_problem, *warnings]
    web_driver = "TEXTUAL_DRIVER" in os.environ  # `serve --web`: the page is the terminal
    interactive = (sys.stdout.isatty() and sys.stdin.isatty()) or web_driver
    preload = _preload(path, config, follow_symlinks, use_cache) if interactive else None
    themes = load_themes()
    if theme is not None and theme not in themes.themes:
        raise CliError(f"--theme {theme}: no such theme; themes: {', '.join(themes.names())}")
    if not interactive:
        print(
            "coverage-tui: not a terminal, printing the report (`coverage-tui report` does so too)",
            file=sys.stderr,
        )
        return run_report(
            path or config.default_path,
            "text",
            None,
            link_threshold=config.similarity_threshold,
            use_cache=use_cache,
            semantic=config.semantic_choice,
            follow_symlinks=follow_symlinks,
        )
    from tui.app import CoverageApp

    assert preload is not None
    if not web_driver:  # on the web stderr is not the visitor's: the page shows the error
        # The path was opened while Textual was imported: one that cannot be is the same
        # one-line error as the report's, before the reader takes the screen.
        _opened(preload.checked)
    if config.keys:  # checked against the reader's bindings, now that they can be read
        from tui.keymap import checked_config

        config, key_warnings = checked_config(config)
        for warning in key_warnings:
            _say("warning", warning)
        warnings = [*warnings, *key_warnings]
    for problem in themes.problems:
        _say("warning", problem)
    app = CoverageApp(
        path,
        config=config,
        theme=theme,
        use_cache=use_cache,
        themes=themes,
        notices=warnings,
        follow_symlinks=follow_symlinks,
        preload=preload,
    )
    with _terminal_restored_on_signals():
        app.run()
    _close_desks()  # before any os._exit below: the marks' log written back into the file
    code = app.return_code or 0
    if app.error is not None:  # shown on screen; repeated so it stays in the scrollback
        _say("error", app.error)
        code = 2
    if app.engine is not None and app.engine.is_alive():
        # Quit while the engine still works: end now rather than wait for the analysis.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _close_desks() -> None:
    """Close every open desk database (each checkpoints its log into the file), if any was
    opened: the reader may end with os._exit, which skips the interpreter's exit hooks."""
    store = sys.modules.get("tui.desk.store")
    if store is not None:
        with contextlib.suppress(Exception):
            store.close_all()


def _preload(path: Path | None, config: Config, follow_symlinks: bool, use_cache: bool) -> Preload:
    """Open the story the reader will show, and read its cache entry, while Textual is being
    imported (the app's own choice of path: the argument, the config's, the sample)."""
    from tui.locations import bundled_seeds
    from tui.preload import Preload

    return Preload(
        path or config.default_path or bundled_seeds(),
        follow_symlinks=follow_symlinks,
        link_threshold=config.similarity_threshold,
        semantic=config.semantic_choice,
        use_cache=use_cache,
    )


def _opened(open_story: Callable[[], T]) -> T:
    """What opening the story gave; a path that cannot be opened (missing, not a folder or
    an article, a folder with no article in it...) is the one-line CliError every command
    exits with, the reader's before it takes the screen."""
    from tui.engine.load import InputError

    try:
        return open_story()
    except InputError as error:
        raise CliError(str(error)) from None


# What the reader switched on, switched off again: mouse reports, bracketed paste, focus
# events, the kitty keyboard protocol, hidden cursor, the alternate screen.
_TERMINAL_RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"
    b"\x1b[?2004l\x1b[?1004l\x1b[?2048l\x1b[<u\x1b[?7h\x1b[?25h\x1b[?1049l"
)
_FATAL_SIGNALS = ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT")


@contextlib.contextmanager
def _terminal_restored_on_signals() -> Iterator[None]:
    """While the reader runs, a SIGTERM, SIGHUP, SIGQUIT or SIGINT puts the terminal back as
    it was (cooked mode, main screen, mouse off, cursor shown), as less does, and ends the
    process with 128 + the signal's number (130 for SIGINT)."""
    import signal

    descriptor = sys.__stdin__.fileno() if sys.__stdin__ is not None else 0
    try:
        import termios

        saved = termios.tcgetattr(descriptor)
    except Exception:  # termios.error too: no terminal (the web driver, a pipe) to put back
        saved = None

    def restore_and_exit(number: int, _frame: object) -> None:
        # Textual's writer thread may still be sending a frame: from here on what it sends
        # goes to /dev/null, so no frame lands on the main screen after the reset.
        terminal = 2
        with contextlib.suppress(OSError):
            terminal = os.dup(2)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)
            os.dup2(quiet, 2)
        with contextlib.suppress(OSError):
            os.write(terminal, _TERMINAL_RESET)
        if saved is not None:
            with contextlib.suppress(Exception):
                import termios

                termios.tcsetattr(descriptor, termios.TCSANOW, saved)
        _close_desks()
        os._exit(128 + number)

    previous = {}
    for name in _FATAL_SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread, say
                previous[number] = signal.signal(number, restore_and_exit)
    stop = _watch_terminal(descriptor) if saved is not None else None
    try:
        yield
    finally:
        if stop is not None:
            stop.set()
        for number, handler in previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(number, handler)


TERMINAL_CHECK = 1.0  # seconds between looks at whether the terminal is still there


def _watch_terminal(descriptor: int) -> threading.Event:
    """End the process as a hangup would when its terminal goes away without one (a pty
    whose other end closed and no SIGHUP sent: the terminal emulator's parent died, say):
    Textual's input thread would read nothing again and again at full speed for ever. Once
    a second, the terminal's settings are asked for; a terminal gone answers with an error.
    Returns the event that stops the watch."""
    import signal
    import termios

    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(TERMINAL_CHECK):
            try:
                termios.tcgetattr(descriptor)
            except (termios.error, OSError):
                if stop.is_set():
                    return
                _close_desks()
                os._exit(128 + signal.SIGHUP)  # as on a hangup: nothing left to put back

    threading.Thread(target=watch, name="terminal-watch", daemon=True).start()
    return stop


def run_serve(argv: Sequence[str]) -> int:
    """`coverage-tui serve ...` (tui/serve/command.py has the options)."""
    from tui.serve.command import ServeError
    from tui.serve.command import run_serve as serve

    try:
        return serve(argv)
    except ServeError as error:
        raise CliError(str(error)) from None


def run_themes() -> int:
    """`coverage-tui themes`: every theme file, where it comes from, and what is wrong in it."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from tui.themes import DEFAULT_THEME, load_themes, user_themes_dir
    from tui.visible import visible

    found = load_themes()
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False)
    for column in ("theme", "kind", "from"):
        table.add_column(column, no_wrap=True)
    table.add_column("file", overflow="fold")  # the whole path, folded: it is what users need
    for path, origin, theme_name, _problem in found.files:
        if theme_name is None:
            table.add_row(Text("(not loaded)"), Text("-"), Text(origin), Text(visible(str(path))))
            continue
        winner = found.themes[theme_name]
        shadowed = winner.path != path  # a later file (the user's) has this name
        name = theme_name + (" (default)" if theme_name == DEFAULT_THEME and not shadowed else "")
        kind = "dark" if winner.dark else "light"
        source = origin + (f", replaced by {winner.path.name}" if shadowed else "")
        table.add_row(
            Text(visible(name)), Text(kind), Text(visible(source)), Text(visible(str(path)))
        )
    console = Console(markup=False, highlight=False, emoji=False)
    console.print(table)
    print(f"User themes: {visible(str(user_themes_dir()))}/*.toml")
    for problem in found.problems:  # plain lines: a wrapped message is hard to copy
        print(f"problem: {visible(problem)}")
    return 1 if found.problems else 0


def run_report(
    path: Path | None,
    output_format: str,
    output: Path | None,
    link_threshold: float | None = None,
    use_cache: bool = True,
    semantic: bool | str = True,
    follow_symlinks: bool = False,
) -> int:
    from tui.engine.load import Collection

    output = output.expanduser() if output is not None else None
    target, opened, analyses, errors = _analyses(
        path, link_threshold, use_cache, semantic, follow_symlinks, output
    )
    analyses = [_with_corrections(a) for a in analyses]
    is_collection = isinstance(opened, Collection)
    if output_format == "json":
        from tui.report.json_report import render_collection_json, render_json

        text = (
            render_collection_json(str(target), analyses, errors)
            if is_collection
            else render_json(analyses[0])
        )
        _emit(text, output)
    elif output_format == "markdown":
        from tui.report.markdown import render_markdown

        _emit("\n".join(render_markdown(a) for a in analyses), output)
    else:
        _emit_text(analyses, output)
    return 0


def _analyses(
    path: Path | None,
    link_threshold: float | None,
    use_cache: bool,
    semantic: bool | str,
    follow_symlinks: bool,
    output: Path | None = None,
) -> tuple[Path, object, list, list[str]]:
    """Open PATH (a story, a collection, the seeds) and analyse each story: (the path, what
    was opened, the analyses, the stories that could not be read)."""
    from tui.cache import analyse_cached
    from tui.engine.identity import LINK_THRESHOLD
    from tui.engine.load import Collection, InputError, open_path
    from tui.locations import bundled_seeds

    target = path if path is not None else bundled_seeds()
    opened = _opened(lambda: open_path(target, follow_symlinks))
    if isinstance(opened, Collection):
        stories = []
        errors = []
        for story_path in opened.stories:
            try:
                stories.append(open_path(story_path, follow_symlinks))
            except InputError as error:
                errors.append(str(error))
        loaded = [s for s in stories if not isinstance(s, Collection)]
        if not loaded:
            raise CliError("; ".join(errors) or f"{target}: no story in this collection")
    else:
        loaded, errors = [opened], []

    if output is not None:
        _check_output(output, [opened.path, *(s.path for s in loaded)])
    analyses = []
    for story in loaded:
        for note in story.notes:
            _say("warning", f"{note.path}: {note.message}")
        threshold = LINK_THRESHOLD if link_threshold is None else link_threshold
        analyses.append(
            analyse_cached(story, link_threshold=threshold, use_cache=use_cache, semantic=semantic)
        )
    for message in errors:
        _say("warning", message)
    return target, opened, analyses, errors


def _with_corrections(analysis: Analysis) -> Analysis:
    """The analysis with the user's corrections of the alignment, if any were made."""
    from tui.desk.session import open_existing

    desk, problem = open_existing(analysis)
    if problem is not None:
        _say("warning", problem)
    return desk.analysis if desk is not None else analysis


def run_marks(
    path: Path | None,
    output_format: str,
    link_threshold: float | None = None,
    use_cache: bool = True,
    semantic: bool | str = True,
    follow_symlinks: bool = False,
) -> int:
    """The marks of the story in PATH, placed on it as it is now; without PATH, every
    story's marks as they stood when each was last opened."""
    from tui.desk.listing import Listed, render_marks_json, render_marks_text
    from tui.desk.session import open_existing
    from tui.desk.store import DeskError, DeskStore, default_path

    items: list[Listed] = []
    if path is not None:
        _, _, analyses, _ = _analyses(path, link_threshold, use_cache, semantic, follow_symlinks)
        for analysis in analyses:
            desk, problem = open_existing(analysis)
            if problem is not None:
                raise CliError(problem)
            if desk is None:
                continue
            for mark in desk.marks:
                passage = desk.placed.get(mark.id)
                members = desk.claim_members(passage) if passage is not None else mark.claim
                items.append(
                    Listed(
                        mark,
                        analysis.story.title,
                        analysis.story.path,
                        tuple(members),
                        passage is None,
                    )
                )
    elif default_path().exists():
        try:
            store = DeskStore(create=False)
        except DeskError as error:
            raise CliError(str(error)) from None
        for story in store.stories():
            for mark in store.marks(story.id):
                items.append(Listed(mark, story.title, story.path, mark.claim, mark.orphaned))
    if output_format == "json":
        _emit(render_marks_json(items), None)
    else:
        _emit(render_marks_text(items), None)
    return 0


def run_brief(
    path: Path | None,
    output_format: str,
    output: Path | None,
    marked_only: bool = False,
    link_threshold: float | None = None,
    use_cache: bool = True,
    semantic: bool | str = True,
    follow_symlinks: bool = False,
) -> int:
    """The editor's brief of one story."""
    from tui.desk.session import open_existing
    from tui.engine.load import Collection
    from tui.report.brief import build_brief, render_brief

    output = output.expanduser() if output is not None else None
    target, opened, analyses, _ = _analyses(
        path, link_threshold, use_cache, semantic, follow_symlinks, output
    )
    if isinstance(opened, Collection):
        raise CliError(f"{target}: holds several stories; a brief is of one story folder")
    parts = []
    for analysis in analyses:
        desk, problem = open_existing(analysis)
        if problem is not None:
            _say("warning", problem)
        brief = build_brief(analysis, desk, marked_only=marked_only)
        parts.append(render_brief(brief, output_format))
    _emit("\n".join(parts), output)
    return 0


def _check_output(output: Path, story_paths: Sequence[Path]) -> None:
    """Refuse an output that would land in what is being read, or that cannot be a report.

    A terminal, pipe or `/dev/null` (a character device or FIFO) is written into, never
    replaced; any other kind of file that is not a regular one is refused."""
    resolved = output.resolve()
    try:
        mode = os.stat(output).st_mode  # /dev/stdout leads to a pipe no resolved path names
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise CliError(f"{output}: cannot be used: {error.strerror or error}") from None
    if _is_stream(output):
        return  # written into as a stream: nothing in a folder is touched
    for story in story_paths:
        folder = story.resolve() if story.is_dir() else story.resolve().parent
        if resolved.is_relative_to(folder):
            raise CliError(f"{output}: refusing to write inside the story folder {story}")
    if mode is not None and stat.S_ISDIR(mode):
        raise CliError(f"{output}: is a folder, give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise CliError(f"{output}: is not a regular file; refusing to replace it")
    if not resolved.parent.is_dir():
        raise CliError(f"{output}: folder {resolved.parent} does not exist")


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from tui.files import write_atomic

    try:
        if _is_stream(output):
            with open(output, "w", encoding="utf-8") as stream:
                stream.write(text)
        else:
            write_atomic(output, text)
    except OSError as error:
        raise CliError(f"{output}: cannot write: {error.strerror or error}") from None


def _is_stream(path: Path) -> bool:
    """A terminal, a pipe, a device such as /dev/null, or /dev/stdout (whatever the shell
    connected it to): written into, never replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    return stat.S_ISREG(mode) and path.absolute().parts[1:2] in (("dev",), ("proc",))


def _emit_text(analyses: list, output: Path | None) -> None:
    from rich.console import Console

    from tui.report.text import render_text

    if output is None:
        console = Console(markup=False, highlight=False, emoji=False)
        for analysis in analyses:
            console.print(render_text(analysis))
        return
    import io

    buffer = io.StringIO()
    console = Console(
        file=buffer, markup=False, highlight=False, emoji=False, width=100, color_system=None
    )
    for analysis in analyses:
        console.print(render_text(analysis))
    _emit(buffer.getvalue(), output)
