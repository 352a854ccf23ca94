"""What every command writes besides its report, without the CLI framework: notes, error lines, colour, files.

Kept free of typer so that the fast path of `termkit check` (``termkit.cli.checkrun``)
uses the same helpers as the typer commands.
"""

from __future__ import annotations

import io
import os
import stat
import sys
import typing

from termkit._util.safetext import printable
from termkit.errors import TermkitError


def note(message: str, quiet: bool = False) -> None:
    """A note or a summary for the user: one line on stderr, unless --quiet."""
    if not quiet:
        # notes name files and quote documents: their control characters are shown escaped
        sys.stderr.write(f"termkit: {printable(message)}\n")
        sys.stderr.flush()


def error_line(exc: TermkitError, stream: typing.TextIO | None = None) -> None:
    """An input error as one line on stderr, or on ``stream`` (the caller exits 2)."""
    out = stream if stream is not None else sys.stderr
    out.write(f"termkit: error: {printable(str(exc))}\n")
    out.flush()


def color_wanted(flag: bool | None, stream: typing.TextIO) -> bool:
    """Colour or not: ``--color``/``--no-color`` wins; else none when ``NO_COLOR`` is set and not empty
    (https://no-color.org); else colour on a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class _ReportFile(io.TextIOWrapper):
    """A report spooled to an anonymous temporary file and written by the one writer (``write_atomic``) when
    closed.

    A report file is then never half-written: a full disk leaves the old one
    (or none) and one line on stderr. Leaving a ``with`` block on an exception
    writes nothing. The spool keeps a large report (a check of a 200 MB file
    writes a 160 MB JSON report) out of memory; it is copied in pieces.
    """

    def __init__(self, path) -> None:
        import tempfile  # here: a report on standard output, the usual case, needs neither

        self._spool = tempfile.TemporaryFile()
        super().__init__(self._spool, encoding="utf-8", errors="backslashreplace", newline="\n")
        self.path = path
        self._done = False

    def close(self) -> None:
        if self.closed:
            return
        try:
            if not self._done:
                self._done = True
                self.flush()
                spool = self._spool
                spool.seek(0)
                from termkit._util.atomic import write_atomic

                write_atomic(self.path, iter(lambda: spool.read(1 << 20), b""))
        finally:
            super().close()

    def __exit__(self, exc_type, *rest) -> None:
        if exc_type is not None:
            self._done = True
        self.close()


def open_output(path) -> typing.TextIO:
    """A report file to write: written atomically when closed (``_ReportFile``).

    An existing FIFO or device (``-o /dev/stdout``, ``-o /dev/null``) is written
    to as it is, never replaced. An OS error is an input error (exit 2).
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise TermkitError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        try:
            return open(path, "w", encoding="utf-8", newline="\n", errors="backslashreplace")
        except OSError as exc:
            raise TermkitError(f"cannot write: {exc.strerror or exc}", str(path)) from None
    if mode is not None and stat.S_ISDIR(mode):
        raise TermkitError("cannot write: is a directory", str(path))
    if not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise TermkitError("cannot write: No such file or directory", str(path))
    return _ReportFile(path)
