"""Character offsets in a document <-> LSP positions (line, character in the negotiated code units).

The check reports offsets in code points into the text; an editor speaks in
lines and "characters" that are, by default, UTF-16 code units: a character
outside the Basic Multilingual Plane (𠀀, an emoji) counts two. A client may
negotiate UTF-8 or UTF-32 instead (``general.positionEncodings``); all three
are served here.

Lines end where LSP says they do: at ``\\r\\n``, ``\\r`` or ``\\n``, and nowhere
else. ``str.splitlines`` also breaks at form feeds, ``\\x1c``-``\\x1e``, U+0085
and U+2028, which text extracted from PDF and Word files does contain, so it
is not used: every position would be off by a line after the first of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

_BREAK = re.compile(r"\r\n|\r|\n")
#: a character outside the Basic Multilingual Plane: two UTF-16 code units
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


def units(text: str, encoding: str = UTF16) -> int:
    """The length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class LspText:
    """One text's line starts, for offset <-> (line, character) in either direction."""

    __slots__ = ("text", "encoding", "starts", "_one_unit")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        if "\r" in text:
            starts = [0]
            starts.extend(m.end() for m in _BREAK.finditer(text))
        else:  # the usual text: one split and a running sum, all in C
            starts = list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))
        self.starts = starts
        # every character is one code unit: a position's character is its distance from the line start
        self._one_unit = encoding == UTF32 or text.isascii() or (encoding == UTF16 and not _ASTRAL.search(text))

    def line_of(self, offset: int) -> int:
        """The 0-based line of an offset."""
        return bisect_right(self.starts, offset) - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 0-based line, without its line break."""
        start = self.starts[line]
        if line + 1 < len(self.starts):
            end = self.starts[line + 1]
            end -= 2 if self.text.startswith("\r\n", end - 2) else 1
        else:
            end = len(self.text)
        return start, end

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character) of an offset, both 0-based, the character in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        if self._one_unit:
            return line, offset - self.starts[line]
        return line, units(self.text[self.starts[line]:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of a position; positions past a line's end are clamped to it (as LSP asks)."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        start, end = self.line_span(line)
        content = self.text[start:end]
        if character >= units(content, self.encoding):
            return end
        if self.encoding == UTF32 or content.isascii():
            return start + max(character, 0)
        count = 0
        for i, ch in enumerate(content):
            if count >= character:
                return start + i
            count += units(ch, self.encoding)
        return end  # pragma: no cover - the length test above returns first
