"""Position maps: from offsets in extracted text back to the place in the source file it came from.

Text that is not the file itself (the target of an XLIFF unit, a TMX
segment; next, the text of a Word paragraph or a PDF page) carries a map
back to the file, so every finding names a line and column a person can find.
The map is sparse: one anchor per run of characters that sit side by side in
the file (a new run starts after a line break, an entity reference or an
inline tag), so mapping costs nothing per character.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class Anchor:
    """Target-text offset ``offset`` is file offset ``file_offset`` at ``line``:``column`` (1-based)."""

    offset: int
    file_offset: int
    line: int
    column: int


@dataclass(frozen=True)
class PositionMap:
    """Maps offsets in a segment's target text to positions in the file it was read from.

    ``exact`` is false when the reader could only place the segment as a whole
    (every offset then maps to the segment's first anchor).
    """

    anchors: tuple[Anchor, ...]
    exact: bool = True

    @classmethod
    def at(cls, line: int, column: int, file_offset: int = 0, exact: bool = True) -> PositionMap:
        """A map for text that runs on from one place, one column per character, on one line."""
        return cls((Anchor(0, file_offset, line, column),), exact)

    def locate(self, offset: int) -> tuple[int, int, int]:
        """(line, column, file offset) of the target character at ``offset``."""
        if not self.exact:
            a = self.anchors[0]
            return a.line, a.column, a.file_offset
        offsets = [a.offset for a in self.anchors]
        a = self.anchors[max(0, bisect_right(offsets, offset) - 1)]
        delta = offset - a.offset
        return a.line, a.column + delta, a.file_offset + delta

    def locate_end(self, end: int, start: int) -> tuple[int, int, int]:
        """Exclusive end position of the span [start, end): just after its last character."""
        if end <= start or not self.exact:
            return self.locate(start)
        line, col, off = self.locate(end - 1)
        return line, col + 1, off + 1
