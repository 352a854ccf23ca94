"""Bilingual segments: an English source, a Chinese target, and where the target sits in its file.

Every reader (XLIFF, TMX, aligned files) produces the same records, so the
matching and the rules never know which format a segment came from. Where
the target sits is a ``termkit.text.positions.PositionMap``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from termkit.text.positions import PositionMap


@dataclass(frozen=True)
class Segment:
    """One aligned pair. ``id`` is what a user looks for: a unit id, a TU number, a line number."""

    id: str
    source: str
    target: str
    where: PositionMap
    #: the CAT tool's status of the segment ("Translated", "ApprovedSignOff", "ManuallyConfirmed"…), if it has one
    status: str | None = None
    #: the CAT tool locks the segment: it is checked and reported, never to be changed there
    locked: bool = False
    #: how a person finds it in the tool, with its status: "segment 51 (Translated, locked)" (None: the id says it)
    region: str | None = None


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
