"""How many terminal (or spreadsheet) columns a string takes: East Asian wide and full-width characters take two."""

from __future__ import annotations

import unicodedata

#: tab stops of expanded text, as terminals and ``expand(1)`` set them
TAB_SIZE = 8


def char_width(ch: str) -> int:
    """Columns one character takes: 2 for wide and full-width, 0 for combining marks and format characters."""
    if ch < "\u0300":  # ASCII and Latin-1: one column (controls aside, which lines do not hold)
        return 1
    if unicodedata.east_asian_width(ch) in "WF":
        return 2
    return 0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace terminal; a tab counts as one (expand tabs first: ``expand_tabs``)."""
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def expand_tabs(text: str, column: int = 0, tab_size: int = TAB_SIZE) -> tuple[str, int]:
    """``text`` with each tab replaced by the spaces up to the next tab stop, counting wide characters as two
    columns and starting at ``column``; returns the text and the column after it.

    Expanding the pieces of a line in turn (text before a span, the span, the
    text after it) keeps the tab stops of the whole line, so a marker under the
    span lines up however the terminal would have set the tabs.
    """
    if "\t" not in text:
        return text, column + display_width(text)
    out = []
    for ch in text:
        if ch == "\t":
            n = tab_size - column % tab_size
            out.append(" " * n)
            column += n
        else:
            out.append(ch)
            column += char_width(ch)
    return "".join(out), column
