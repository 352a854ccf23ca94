"""How many terminal (or spreadsheet) columns a string takes: East Asian wide and full-width characters take two."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace terminal; a tab counts as one (callers expand tabs first)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
