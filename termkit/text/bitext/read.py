"""Pick the reader for a bilingual file by its extension."""

from __future__ import annotations

from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.aligned import read_aligned, read_tsv
from termkit.text.bitext.segment import Bitext

#: extensions read as bilingual files when named on the command line
BITEXT_SUFFIXES = (".xlf", ".xliff", ".tmx", ".tsv")


def is_bitext_path(path: str | Path) -> bool:
    return str(path).lower().endswith(BITEXT_SUFFIXES)


def read_bitext(path: str | Path, encoding: str | None = None) -> Bitext:
    """Segments of one XLIFF, TMX or two-column TSV file."""
    # the XML readers (and lxml) are imported only for an XML file: a check of documents never needs them
    name = str(path).lower()
    if name.endswith((".xlf", ".xliff")):
        from termkit.text.bitext.xliff import read_xliff

        return read_xliff(path)
    if name.endswith(".tmx"):
        from termkit.text.bitext.tmx import read_tmx

        return read_tmx(path)
    if name.endswith(".tsv"):
        return read_tsv(path, encoding)
    raise InputError(f"not a bilingual file (known: {', '.join(BITEXT_SUFFIXES)})", str(path))


__all__ = ["BITEXT_SUFFIXES", "is_bitext_path", "read_bitext", "read_aligned"]
