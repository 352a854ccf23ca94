"""What every command writes besides its report, without the CLI framework: notes, error lines, colour, files.

Kept free of typer so that the fast path of `termkit check` (``termkit.cli.checkrun``)
uses the same helpers as the typer commands.
"""

from __future__ import annotations

import os
import sys
import typing

from termkit.errors import TermkitError


def note(message: str, quiet: bool = False) -> None:
    """A note or a summary for the user: one line on stderr, unless --quiet."""
    if not quiet:
        sys.stderr.write(f"termkit: {message}\n")
        sys.stderr.flush()


def error_line(exc: TermkitError) -> None:
    """An input error as one line on stderr (the caller exits 2)."""
    sys.stderr.write(f"termkit: error: {exc}\n")
    sys.stderr.flush()


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
