"""Lay out overlapping marks (term matches, findings) over the lines of a document as nested HTML.

A term match and the findings on it may share a span, one may contain the
other, or they may cross; a span may also run over a PDF line break. HTML
elements must nest and our lines are separate blocks, so each mark is cut
into pieces: at line ends, and where it crosses the end of a mark it sits in.
The first piece of a mark is its "head" (the one element that carries a
finding's data attributes); the other pieces are continuations, drawn alike.

Everything here works on character offsets of the decoded text and returns
escaped HTML strings; it knows nothing about rules or termbases.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from termkit.text.lines import LineIndex


@dataclass(frozen=True)
class Mark:
    """A span to draw. ``rank`` orders marks of equal span: lower ranks go outside."""

    start: int
    end: int
    rank: int
    #: the caller's key for the mark (e.g. the index of a finding), -1 for none
    ref: int
    #: open tag of the head piece and of a continuation piece, and the close tag
    head: str
    cont: str
    close: str


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line, without its newline; lines split on "\\n" only,
    as the check counts them."""
    return LineIndex(text).spans()


def _text(text: str, start: int, end: int) -> str:
    # a CR before the newline is part of the line's offsets but not worth drawing
    return escape(text[start:end].replace("\r", ""), quote=False)


def split_by_line(marks: list[Mark], lines: list[tuple[int, int]]
                  ) -> dict[int, list[tuple[int, int, Mark, bool]]]:
    """Pieces of every mark per line index: (start, end, mark, is_head).

    Empty pieces are dropped, except the head of an empty or line-end mark,
    so every mark is drawn at least once.
    """
    from bisect import bisect_right
    starts = [s for s, _ in lines]
    out: dict[int, list[tuple[int, int, Mark, bool]]] = {}
    for m in marks:
        first = bisect_right(starts, m.start) - 1
        i = first
        while i < len(lines):
            ls, le = lines[i]
            s, e = max(m.start, ls), min(m.end, le)
            if i == first or e > s:
                out.setdefault(i, []).append((s, max(s, e), m, i == first))
            if m.end <= le:
                break
            i += 1
    return out


def render_line(text: str, ls: int, le: int, pieces: list[tuple[int, int, Mark, bool]]) -> str:
    """The escaped HTML of one line with its pieces properly nested."""
    heap = [(s, -e, m.rank, n, m, head) for n, (s, e, m, head) in enumerate(pieces)]
    heapq.heapify(heap)
    seq = len(heap)
    out: list[str] = []
    stack: list[tuple[int, Mark]] = []  # open pieces: (end, mark); ends never grow towards the top
    pos = ls
    while heap:
        s, neg_e, rank, _, m, head = heapq.heappop(heap)
        e = -neg_e
        while stack and stack[-1][0] <= s:
            end, top = stack.pop()
            out.append(_text(text, pos, end))
            out.append(top.close)
            pos = end
        out.append(_text(text, pos, s))
        pos = s
        if stack and e > stack[-1][0]:
            # crosses the end of the mark it starts in: draw up to there, continue after it
            cut = stack[-1][0]
            heapq.heappush(heap, (cut, -e, rank, seq, m, False))
            seq += 1
            e = cut
        out.append(m.head if head else m.cont)
        if e == s:
            out.append(m.close)
        else:
            stack.append((e, m))
    while stack:
        end, top = stack.pop()
        out.append(_text(text, pos, end))
        out.append(top.close)
        pos = end
    out.append(_text(text, pos, le))
    return "".join(out)


def render_lines(text: str, marks: list[Mark], lines: list[tuple[int, int]] | None = None
                 ) -> Iterator[tuple[int, str, list[Mark]]]:
    """(1-based line number, line HTML, marks whose head is on the line) for every line."""
    lines = line_spans(text) if lines is None else lines
    pieces = split_by_line(marks, lines)
    for i, (ls, le) in enumerate(lines):
        mine = pieces.get(i, [])
        yield i + 1, render_line(text, ls, le, mine), [m for _, _, m, head in mine if head]


def offset_of(lines: list[tuple[int, int]], line: int, column: int) -> int:
    """The character offset of a 1-based line and column (clamped to the text)."""
    if not lines:
        return 0
    i = min(max(line, 1), len(lines)) - 1
    ls, le = lines[i]
    return min(ls + max(column, 1) - 1, le if i == len(lines) - 1 else le + 1)

