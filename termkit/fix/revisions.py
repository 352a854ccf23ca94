"""Fixes applied in passes, composed into changes of the original text.

A fix pass edits the text the previous pass left; a format that records each
change where it was made (a Word revision) needs them all in the offsets of
the text as it was read. ``Revisions`` keeps the current text as pieces of
the original and replaced pieces; an edit that touches a replaced piece
merges with it, so the result is a set of non-overlapping changes of the
original whose application gives the current text.
"""

from __future__ import annotations

from dataclasses import dataclass

from termkit.fix.edits import Edit


@dataclass(frozen=True)
class Change:
    """Original text [start, end) becomes ``replacement``, for the edits (rule and message) that asked for it."""

    start: int
    end: int
    text: str
    replacement: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class _Piece:
    start: int  # original offsets
    end: int
    #: None: the original text there; else what replaced it
    new: str | None = None
    edits: tuple[Edit, ...] = ()

    def length(self) -> int:
        return self.end - self.start if self.new is None else len(self.new)


class Revisions:
    """The current text as pieces of the original, and the changes that make it."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[_Piece] = [_Piece(0, len(original))] if original else []

    def text(self) -> str:
        return "".join(self.original[p.start:p.end] if p.new is None else p.new for p in self.pieces)

    def changes(self) -> list[Change]:
        return [Change(p.start, p.end, self.original[p.start:p.end], p.new, p.edits)
                for p in self.pieces if p.new is not None]

    def apply(self, edit: Edit) -> Change:
        """Apply an edit given in current offsets; returns the change of the original it is (now) part of."""
        pos = 0
        first = last = -1
        first_at = last_at = 0
        for i, piece in enumerate(self.pieces):
            end = pos + piece.length()
            if first < 0 and edit.start < end:
                first, first_at = i, pos
            if edit.end <= end or i == len(self.pieces) - 1:
                last, last_at = i, pos
                if first >= 0:
                    break
            pos = end
        if first < 0 or last < first:
            raise ValueError(f"edit [{edit.start}, {edit.end}) is outside the text")
        head, tail = self.pieces[first], self.pieces[last]
        keep: list[_Piece] = []
        prefix = suffix = ""
        if head.new is None:
            start = head.start + (edit.start - first_at)
            if start > head.start:
                keep.append(_Piece(head.start, start))
        else:
            start = head.start
            prefix = head.new[:edit.start - first_at]
        after: list[_Piece] = []
        if tail.new is None:
            end = tail.start + (edit.end - last_at)
            if end < tail.end:
                after.append(_Piece(end, tail.end))
        else:
            end = tail.end
            suffix = tail.new[edit.end - last_at:]
        edits = tuple(e for p in self.pieces[first:last + 1] for e in p.edits) + (edit,)
        new = prefix + edit.replacement + suffix
        merged = [] if new == self.original[start:end] else [_Piece(start, end, new, edits)]
        if not merged and start < end:
            merged = [_Piece(start, end)]  # the fixes undid each other: the original again
        self.pieces[first:last + 1] = keep + merged + after
        return Change(start, end, self.original[start:end], new, edits)

    def copy(self) -> Revisions:
        other = Revisions("")
        other.original = self.original
        other.pieces = list(self.pieces)
        return other
