"""The `termkit` console command: serves `lookup` and a well-formed `check` itself, and the rest through typer.

A translator runs ``termkit lookup`` in the middle of a sentence, so it must
start about as fast as the interpreter. The typer application imports typer
and registers every command (the check engine, OpenCC, the matcher, YAML), which
costs several times the interpreter's own start-up. This dispatcher parses
``lookup`` with argparse and answers from the cached index
(``termkit.lookup.index.load_index``); ``termkit.cli.app`` registers the same command
(same options, same ``run_lookup``) so ``termkit --help`` lists it and the
library-level CLI stays complete.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Callable
from pathlib import Path

from termkit.errors import TermkitError

LOOKUP_HELP = ("Look a term up: Chinese (simplified or traditional), English in any case, an "
               "abbreviation or a concept id. Exact forms first, then prefixes and substrings, then "
               "fuzzy matches. Exit 0 when something is found, 1 when nothing is, 2 on a bad termbase "
               "or option.")
LOOKUP_EXAMPLES = ("termkit lookup 巴塞尔公约", "termkit lookup 鹿特丹公約", "termkit lookup rotterdam convention",
                   "termkit lookup PIC --json")


class ClosedStdout:
    """``sys.stdout`` for a process started with it closed (``termkit check >&-``): every write fails with
    EBADF, which the command reports as one line and exit 2."""

    closed = False
    encoding = "utf-8"

    def write(self, text) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


#: ``termkit --version`` and ``termkit -V``: answered here, before anything heavy is imported
VERSION_FLAGS = ("--version", "-V")


def print_version() -> int:
    """Print ``termkit <version>`` on stdout; the exit code (0)."""
    from termkit._version import __version__

    sys.stdout.write(f"termkit {__version__}\n")
    return 0


def _config_nearby() -> bool:
    """A configuration file may apply here: the cheap test before ``termkit.config.file`` is imported.

    Mirrors ``termkit.config.file.find_config``'s walk up from the working directory;
    a hit only means the real discovery runs.
    """
    import os

    here = os.path.realpath(os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, "termkit.toml")) or os.path.isfile(os.path.join(here, ".termkit.toml")):
            return True
        try:
            with open(os.path.join(here, "pyproject.toml"), encoding="utf-8", errors="replace") as stream:
                if "tool.termkit" in stream.read():
                    return True
        except OSError:
            pass
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


def lookup_termbases(termbases=None, config=None, isolated: bool = False):
    """What ``check`` would load: ``--termbase``, else the configuration's termbases, else None (bundled)."""
    if termbases:
        return list(termbases)
    if isolated or (config is None and not _config_nearby()):
        return None
    from termkit.config.file import resolve_config

    return list(resolve_config(config, isolated).termbases) or None


def run_lookup(query: str, termbases=None, *, as_json: bool = False, limit: int = 10,
               lang: str | None = None, cache: bool = True, config=None, isolated: bool = False,
               stdout=None, stderr=None) -> int:
    """Look ``query`` up and write the result; returns the exit code (0 found, 1 none, 2 error)."""
    from termkit.lookup.index import load_index
    from termkit.lookup.report import render_json, render_text

    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        paths = lookup_termbases(termbases, config, isolated)
        result = load_index(paths, cache=cache).search(query, limit=limit, lang=lang)
    except TermkitError as exc:
        from termkit.cli.output import error_line  # on the error path only: a lookup starts without it

        error_line(exc, err)
        return 2
    code = 0 if result.hits else 1
    try:
        (render_json if as_json else render_text)(result, out)
        out.flush()
    except BrokenPipeError:  # `termkit lookup … | head`: the reader has all it wanted
        _quiet_stdout()
    except OSError as exc:  # stdout closed or on a full disk
        err.write(f"termkit: error: cannot write to standard output: {exc.strerror or exc}\n")
        _quiet_stdout()
        return 2
    return code


def _quiet_stdout() -> None:
    """Point stdout at devnull so that the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests capture stdout)
        pass


def guarded(call: Callable[[], int]) -> int:
    """Run a command so that every way out is one line on stderr and an exit code, never a traceback.

    Input errors (2), standard output closed or on a full disk (2; output is
    flushed here, so a failing final flush is caught too), a reader that went
    away (``| head``: quietly, 1), an interrupt (130), and a bug (2, one line
    saying so; ``TERMKIT_DEBUG=1`` lets its traceback through).
    """
    from termkit._util.safetext import printable

    if sys.stdout is None:  # started with stdout closed (`termkit check >&-`)
        sys.stdout = typing.cast(typing.TextIO, ClosedStdout())
    elif hasattr(sys.stdout, "reconfigure"):
        # a file name that is not UTF-8 reaches a report as lone surrogates: written as \udcXX, not a traceback
        try:
            sys.stdout.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):  # pragma: no cover
            pass
    try:
        code = call()
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # `termkit check | head`: the reader has all it wanted
        _quiet_stdout()
        return 1
    except OSError as exc:  # a write to stdout (closed, full disk); any other OS error names its file
        if exc.filename:
            sys.stderr.write(f"termkit: error: {printable(str(exc.filename))}: {exc.strerror or exc}\n")
        else:
            sys.stderr.write(f"termkit: error: cannot write to standard output: {exc.strerror or exc}\n")
        _quiet_stdout()
        return 2
    except TermkitError as exc:
        from termkit.cli.output import error_line

        error_line(exc)
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("termkit: interrupted\n")
        return 130
    except Exception as exc:
        import os

        if os.environ.get("TERMKIT_DEBUG"):
            raise
        # a bug, not the user's input: still one line, and a way to see more
        sys.stderr.write(f"termkit: internal error: {type(exc).__name__}: {printable(str(exc))} (a bug in "
                         "termkit: please report it; TERMKIT_DEBUG=1 shows the traceback)\n")
        return 2


#: the options of ``termkit lookup``: (flags, name, kind, default, metavar, help); kind is
#: "flag", "value", "append", "anyint" or a tuple of allowed values
LOOKUP_OPTIONS = (
    (("-t", "--termbase"), "termbase", "append", None, "PATH",
     "Termbase file or directory (repeatable; default: the configuration's, else bundled)."),
    (("--json",), "json", "flag", False, None, "Print the result as JSON."),
    (("-n", "--limit"), "limit", "anyint", 10, "N", "Show at most N concepts (default: 10)."),
    (("--lang",), "lang", ("zh", "en"), None, "LANG", "Match only Chinese (zh) or only English (en) forms."),
    (("--no-cache",), "no_cache", "flag", False, None,
     "Load and validate the termbases instead of reading the cached index."),
    (("--config",), "config", "value", None, "FILE",
     "Configuration file whose termbases to use (default: termkit.toml or [tool.termkit] in "
     "pyproject.toml, found by walking up)."),
    (("--isolated",), "isolated", "flag", False, None, "Ignore all configuration files."),
)
LOOKUP_QUERY_HELP = "The term to look up (several words are joined with spaces)."


def lookup_help() -> str:
    """``termkit lookup --help``, in the style of every other command's (``termkit.cli.helptext``)."""
    from termkit.cli.helptext import HELP_TEXT, argument_label, format_help, option_label

    options = [(option_label(flags, metavar), text) for flags, _, _, _, metavar, text in LOOKUP_OPTIONS]
    options.append((option_label(("-h", "--help")), HELP_TEXT))
    return format_help("termkit lookup [options] QUERY...", LOOKUP_HELP,
                       [("arguments", [(argument_label("QUERY", True, True), LOOKUP_QUERY_HELP)]),
                        ("options", options), ("examples", [(e, "") for e in LOOKUP_EXAMPLES])])


def lookup_parser():
    """The argparse parser of ``termkit lookup``: help, usage errors, anything ``quick_parse`` declines."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # one line and exit 2, like every other termkit error
            self.exit(2, f"termkit: error: lookup: {message} (see `termkit lookup --help`)\n")

        def format_help(self) -> str:
            return lookup_help()

    parser = _Parser(prog="termkit lookup", description=LOOKUP_HELP)
    parser.add_argument("query", nargs="+", metavar="QUERY", help=LOOKUP_QUERY_HELP)
    for flags, name, kind, default, metavar, help_text in LOOKUP_OPTIONS:
        extra: dict = {"dest": name, "default": default, "help": help_text}
        if kind == "flag":
            extra["action"] = "store_true"
        elif kind == "append":
            extra.update(action="append", metavar=metavar)
        elif kind == "anyint":
            extra.update(type=int, metavar=metavar)
        elif isinstance(kind, tuple):
            extra.update(choices=kind, metavar=metavar)
        else:
            extra["metavar"] = metavar
        parser.add_argument(*flags, **extra)
    return parser


def scan_options(argv: list[str], table) -> tuple[dict, list[str]] | None:
    """Options and positional words of a well-formed command line, without argparse or typer; None otherwise.

    ``table`` holds (flags, name, kind, default) per option; a kind is "flag",
    "bool" (its second flag is the negative form), "value", "append", "int" (a whole
    number of at least 1), "anyint" (any whole number), "path", "paths" (repeatable) or a tuple of
    allowed values. None — for help, an unknown or abbreviated option, a missing
    or bad value — sends the line to the full parser for its message.
    """
    by_flag: dict[str, tuple[str, object, bool]] = {}
    for flags, name, kind, _ in table:
        for k, flag in enumerate(flags):
            by_flag[flag] = (name, kind, kind == "bool" and k == 1)
    values: dict[str, object] = {name: default for _, name, _, default in table}
    words: list[str] = []
    i = 0
    only_words = False
    while i < len(argv):
        arg = argv[i]
        i += 1
        if only_words or arg == "-" or not arg.startswith("-"):
            words.append(arg)
            continue
        if arg == "--":
            only_words = True
            continue
        flag, eq, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        known = by_flag.get(flag)
        if known is None:
            return None
        name, kind, negative = known
        if kind in ("flag", "bool"):
            if eq:
                return None
            values[name] = not negative
            continue
        if eq:
            value = inline
        elif i < len(argv) and not argv[i].startswith("-"):
            value = argv[i]
            i += 1
        else:
            return None
        if kind == "anyint":
            try:
                values[name] = int(value)
            except ValueError:
                return None
        elif kind == "int":
            if not value.isdigit() or int(value) < 1:
                return None
            values[name] = int(value)
        elif isinstance(kind, tuple) and value not in kind:
            return None
        elif kind in ("append", "paths"):
            previous = values[name]  # None (the default) or the list so far
            values[name] = (previous if isinstance(previous, list) else []) + [
                Path(value) if kind == "paths" else value]
        elif kind == "path":
            values[name] = Path(value)
        else:
            values[name] = value
    return values, words


def quick_parse(argv: list[str]) -> dict | None:
    """Parse well-formed ``lookup`` arguments without importing argparse (a third of a cold start).

    Returns the same values ``lookup_parser().parse_args`` would, or None for
    anything else (help, an unknown or abbreviated option, a missing or bad
    value), which then goes to argparse for its message.
    """
    scanned = scan_options(argv, [(flags, name, kind, default) for flags, name, kind, default, _, _ in LOOKUP_OPTIONS])
    if scanned is None or not scanned[1]:
        return None
    values, words = scanned
    values["query"] = words
    return values


def lookup_main(argv: list[str]) -> int:
    args = quick_parse(argv)
    if args is None:
        args = vars(lookup_parser().parse_args(argv))
    return run_lookup(" ".join(args["query"]), args["termbase"], as_json=args["json"], limit=args["limit"],
                      lang=args["lang"], cache=not args["no_cache"], config=args["config"],
                      isolated=args["isolated"])


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point (also `python -m termkit`)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if sys.stdout is None:  # started with stdout closed
        sys.stdout = typing.cast(typing.TextIO, ClosedStdout())
    if args and args[0] in VERSION_FLAGS:
        return print_version()
    if args and args[0] == "lookup":
        try:
            return lookup_main(args[1:])
        except SystemExit as exc:  # argparse's --help and usage errors
            code = exc.code
            return code if isinstance(code, int) else (0 if code is None else 2)
        except KeyboardInterrupt:
            sys.stderr.write("termkit: interrupted\n")
            return 130
    if args and args[0] == "check":
        # a well-formed check runs without typer (a pre-commit hook's start-up); anything else is typer's
        from termkit.cli.checkrun import quick_parse, run

        values = quick_parse(args[1:])
        if values is not None:
            return guarded(lambda: run(values))
    from termkit.cli.app import main as cli_main

    return cli_main(args)
