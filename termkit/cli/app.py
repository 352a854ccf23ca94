"""The `termkit` command: a thin typer shell over the library.

Each command lives in its own module and registers itself on ``app``; this
module only builds the app and turns input errors into one line and exit 2.
"""

from __future__ import annotations

import os
import sys
import typing

import typer

from termkit.errors import TermkitError

app = typer.Typer(
    name="termkit",
    help="Chinese-English terminology toolkit for UN and environmental-treaty documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        from termkit.cli.entry import print_version

        raise typer.Exit(print_version())


@app.callback()
def _main_options(
    version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_version_callback,
                                 help="Print the version and exit."),
) -> None:
    """Chinese-English terminology toolkit for UN and environmental-treaty documents."""


def fail(exc: TermkitError) -> typer.Exit:
    """Print an input error as one line on stderr and return the exit to raise."""
    typer.echo(f"termkit: error: {exc}", err=True)
    return typer.Exit(2)


#: the help of every command's --quiet
QUIET_HELP = "Print no notes or summaries on stderr (errors still print)."


def note(message: str, quiet: bool = False) -> None:
    """A note or a summary for the user: one line on stderr, unless --quiet."""
    if not quiet:
        typer.echo(f"termkit: {message}", err=True)


def color_wanted(flag: bool | None, stream: typing.TextIO) -> bool:
    """Colour or not: ``--color``/``--no-color`` wins; else none when ``NO_COLOR`` is set and not empty
    (https://no-color.org); else colour on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def open_output(path) -> typing.TextIO:
    """Open a report file for writing, turning an OS error into an input error (exit 2)."""
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise TermkitError(f"cannot write: {exc.strerror or exc}", str(path)) from None


def _register_commands() -> None:
    from termkit.cli import (  # noqa: F401  (each module adds its command to app)
        check,
        config,  # noqa: F401
        extract,  # noqa: F401
        glossary,  # noqa: F401  (glossary, export, import)
        lookup,  # noqa: F401
        validate,
    )


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    args = sys.argv[1:] if argv is None else argv
    try:
        app(args=args, prog_name="termkit", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except TermkitError as exc:
        typer.echo(f"termkit: error: {exc}", err=True)
        return 2
    except KeyboardInterrupt:
        typer.echo("termkit: interrupted", err=True)
        return 130
    return 0
