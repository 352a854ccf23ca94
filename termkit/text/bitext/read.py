"""Pick the reader for a bilingual file by its extension (and, for ``.xml``, by its root element)."""

from __future__ import annotations

from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.aligned import read_aligned, read_tsv
from termkit.text.bitext.kinds import BITEXT_SUFFIXES, is_bitext_path, xml_root
from termkit.text.bitext.segment import Bitext


def read_bitext(path: str | Path, encoding: str | None = None) -> Bitext:
    """Segments of one XLIFF (Trados, memoQ and the rest), TMX or two-column TSV file."""
    name = str(path).lower()
    # the XML readers (and lxml) are imported only for an XML file: a check of documents never needs them
    if name.endswith((".xlf", ".xliff", ".sdlxliff", ".mqxliff")):
        from termkit.text.bitext.xliff import read_xliff

        return read_xliff(path)
    if name.endswith(".tmx"):
        from termkit.text.bitext.tmx import read_tmx

        return read_tmx(path)
    if name.endswith(".tsv"):
        return read_tsv(path, encoding)
    if name.endswith(".xml"):
        root = xml_root(path)
        if root == "xliff":
            from termkit.text.bitext.xliff import read_xliff

            return read_xliff(path)
        if root == "tmx":
            from termkit.text.bitext.tmx import read_tmx

            return read_tmx(path)
    raise InputError(f"not a bilingual file (known: {', '.join(BITEXT_SUFFIXES)})", str(path))


__all__ = ["BITEXT_SUFFIXES", "is_bitext_path", "read_bitext", "read_aligned"]
