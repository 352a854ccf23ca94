"""Bilingual segments: an English source, a Chinese target, and where the target sits in its file.

Every reader (XLIFF, TMX, aligned files) produces the same records, so the
matching and the rules never know which format a segment came from. A
target's position map is sparse: one anchor per run of characters that sit
side by side in the file (a new run starts after a line break, an entity
reference or an inline tag), so mapping costs nothing per character.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


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
    def at(cls, line: int, column: int, file_offset: int = 0, exact: bool = True) -> "PositionMap":
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


@dataclass(frozen=True)
class Segment:
    """One aligned pair. ``id`` is what a user looks for: a unit id, a TU number, a line number."""

    id: str
    source: str
    target: str
    where: PositionMap


@dataclass(frozen=True)
class Bitext:
    """The segments of one bilingual file (or of a pair of aligned files).

    ``path`` is the file findings point to: the XLIFF/TMX/TSV file itself, or
    the target file of a line-aligned pair. ``fixable`` says whether the map's
    file offsets index the decoded file exactly, so a replacement could be
    written back (plain aligned files); XML escapes make that unsafe.
    """

    path: str
    format: str
    segments: tuple[Segment, ...]
    source_path: str | None = None
    fixable: bool = False
    skipped: int = field(default=0)
