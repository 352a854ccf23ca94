"""Position maps: from offsets in extracted text back to the place in the source file it came from.

Text that is not the file itself (the target of an XLIFF unit, a TMX
segment, the text of a Word paragraph or of a PDF page) carries a map back
to the file, so every finding names a line and column a person can find.
The map is sparse: one anchor per run of characters that sit side by side in
the file (a new run starts after a line break, an entity reference or an
inline tag), so mapping costs nothing per character.

An anchor may also carry a *region*: a label a person finds in the source
where line and column alone do not lead there – "page 3, line 12" in a PDF,
"table 1, row 2, cell 3" or "footnote 4" in a Word document, "segment 51
(Translated, locked)" in a Trados file. The region of an offset is that of
the last anchor at or before it.
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
    #: where this run of text is, for a person: a page and line, a table cell, a footnote (None: line and column say it)
    region: str | None = None


@dataclass(frozen=True)
class PositionMap:
    """Maps offsets in a segment's target text to positions in the file it was read from.

    ``exact`` is false when the reader could only place the segment as a whole
    (every offset then maps to the segment's first anchor).
    """

    anchors: tuple[Anchor, ...]
    exact: bool = True

    @classmethod
    def at(cls, line: int, column: int, file_offset: int = 0, exact: bool = True,
           region: str | None = None) -> PositionMap:
        """A map for text that runs on from one place, one column per character, on one line."""
        return cls((Anchor(0, file_offset, line, column, region),), exact)

    @classmethod
    def by_line(cls, text: str, regions: list[str | None]) -> PositionMap:
        """A map for extracted text whose own lines are the places: line n of ``text`` is region ``regions[n-1]``.

        Lines and columns are those of ``text`` itself (a Word paragraph per
        line, a PDF text line per line); the regions say where each line is
        in the source.
        """
        anchors = []
        start = 0
        for n, region in enumerate(regions, 1):
            anchors.append(Anchor(start, start, n, 1, region))
            nl = text.find("\n", start)
            if nl == -1:
                break
            start = nl + 1
        return cls(tuple(anchors))

    def _anchor(self, offset: int) -> Anchor:
        if not self.exact:
            return self.anchors[0]
        offsets = self._offsets
        return self.anchors[max(0, bisect_right(offsets, offset) - 1)]

    @property
    def _offsets(self) -> list[int]:
        cached = self.__dict__.get("_offset_list")
        if cached is None:
            cached = [a.offset for a in self.anchors]
            object.__setattr__(self, "_offset_list", cached)
        return cached

    def locate(self, offset: int) -> tuple[int, int, int]:
        """(line, column, file offset) of the target character at ``offset``."""
        a = self._anchor(offset)
        if not self.exact:
            return a.line, a.column, a.file_offset
        delta = offset - a.offset
        return a.line, a.column + delta, a.file_offset + delta

    def region(self, offset: int) -> str | None:
        """The region label of the character at ``offset`` (None when the map has none there)."""
        if not self.anchors:
            return None
        return self._anchor(offset).region

    def locate_end(self, end: int, start: int) -> tuple[int, int, int]:
        """Exclusive end position of the span [start, end): just after its last character."""
        if end <= start or not self.exact:
            return self.locate(start)
        line, col, off = self.locate(end - 1)
        return line, col + 1, off + 1
