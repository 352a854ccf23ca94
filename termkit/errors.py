"""Errors a user can cause (bad input, bad termbase, bad configuration).

Each carries the place it concerns, so the CLI can print one line
`path:line:column: message` and exit 2 instead of a traceback.
"""

from __future__ import annotations


class TermkitError(Exception):
    """An input problem the user must fix; the CLI exits 2 on it."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = str(self.path)
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        return where + self.message


class TermbaseError(TermkitError):
    """A termbase that cannot be loaded; may carry several problems."""

    def __init__(self, problems: list[TermkitError]) -> None:
        first = problems[0]
        super().__init__(first.message, first.path, first.line, first.column)
        self.problems = problems

    def __str__(self) -> str:
        text = str(self.problems[0])
        if len(self.problems) > 1:
            text += f" (and {len(self.problems) - 1} more problem(s); run `termkit validate`)"
        return text


class InputError(TermkitError):
    """A document that cannot be read: missing, binary, undecodable."""


class ConfigError(TermkitError):
    """A configuration file or option that is wrong."""


class FileChangedError(InputError):
    """A file changed on disk between the check and the write of its fixes: nothing was written."""


class WriteRefusedError(InputError):
    """A file termkit will not replace: read-only, hard-linked, not a regular file, or another user's.

    ``reason`` says which: ``read-only``, ``hard-links``, ``not-regular`` or ``owner``.
    """

    def __init__(self, message: str, path: str | None = None, reason: str = "") -> None:
        super().__init__(message, path)
        self.reason = reason


class OutputError(TermkitError):
    """Standard output or a report file cannot be written (closed, full disk): exit 2, one line."""


class FileInUseError(FileChangedError):
    """A file another program has open for editing (a Word lock file beside it): nothing was written."""
