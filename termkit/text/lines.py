"""Where an offset is: 1-based line and column (in code points) of a character offset in a text, and back.

The one line index of the package. Lines end at ``\\n`` only (a ``\\r`` before
it belongs to the line, as the check counts them); columns count Unicode code
points; an offset at the end of the text is the column after its last
character. The index is built on first use, with ``str.find`` in a loop (C
speed, no per-character Python step).
"""

from __future__ import annotations

from bisect import bisect_right

from termkit.errors import TermkitError


class LineIndex:
    """Line starts of one text, for offset <-> (line, column) in both directions."""

    __slots__ = ("text", "_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """The offset at which each line begins."""
        if self._starts is None:
            starts = [0]
            text = self.text
            pos = text.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of an offset."""
        starts = self.starts
        i = bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def spans(self) -> list[tuple[int, int]]:
        """(start, end) offsets of each line, without its newline."""
        starts = self.starts
        ends = [s - 1 for s in starts[1:]] + [len(self.text)]
        return list(zip(starts, ends))

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and column, clamped to the text (and to the line's newline)."""
        starts = self.starts
        i = min(max(line, 1), len(starts)) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return min(starts[i] + max(column, 1) - 1, end)


def byte_position(data: bytes, offset: int, encoding: str = "utf-8") -> tuple[int, int]:
    """1-based line and column, in characters, of a byte offset into encoded text (for decode errors).

    The bytes before the offset are decoded leniently (what cannot be decoded
    counts as one character each), so a column names the character a person
    sees, not the byte.
    """
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    try:
        before = data[line_start:offset].decode(encoding, errors="replace")
    except LookupError:
        before = data[line_start:offset].decode("latin-1")
    return line, len(before) + 1


def decode_utf8(data: bytes, path: str, what: str, error: type[TermkitError] = TermkitError) -> str:
    """UTF-8 text, a byte-order mark dropped; otherwise ``error`` saying "<what> is not valid UTF-8" at the
    line and column of the first bad byte (configuration, baseline and termbase files are UTF-8 only)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = byte_position(data, exc.start)
        raise error(f"{what} is not valid UTF-8", path, line, column) from None
