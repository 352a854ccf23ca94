"""Read line-aligned bilingual text: two files (line n of one translates line n of the other), or a two-column TSV.

Lines are decoded like any termkit document (BOM, UTF-8, GB18030). A pair
of files must have the same number of lines. A TSV row holds the English
source in its first column and the Chinese target in its second (further
columns, such as notes, are ignored); a first row naming the columns
(``en``/``zh``, ``source``/``target``…) is a header, and a header that
names Chinese first swaps the columns. Lines whose target is blank are
untranslated and skipped; positions are exact, so a replacement could be
written back.
"""

from __future__ import annotations

import re
from pathlib import Path

from termkit.errors import InputError
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.document import read_document
from termkit.text.positions import PositionMap

_HEADER_CELL = re.compile(r"(?i)^\s*(en|zh|eng|chi|zho|english|chinese|source|target|src|tgt|trg)([-_][\w-]+)?\s*$")


def _lines(text: str) -> list[tuple[int, str]]:
    """(file offset, line without its line break) for every line."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line[:-1] if line.endswith("\r") else line))
        pos += len(line) + 1
    if out and out[-1][1] == "" and text.endswith("\n"):
        out.pop()  # the newline that ends the last line does not start another
    return out


def read_aligned(source: str | Path, target: str | Path, encoding: str | None = None) -> Bitext:
    """Segments of a source file and a target file aligned line by line."""
    src_doc = read_document(source, encoding)
    tgt_doc = read_document(target, encoding)
    src_lines, tgt_lines = _lines(src_doc.text), _lines(tgt_doc.text)
    if len(src_lines) != len(tgt_lines):
        if len(tgt_lines) < len(src_lines):
            shorter, n = tgt_doc.path, len(tgt_lines)
        else:
            shorter, n = src_doc.path, len(src_lines)
        raise InputError(f"not aligned: the source has {len(src_lines)} lines, the target {len(tgt_lines)}",
                         shorter, n + 1 if n else None)
    segments = []
    skipped = 0
    for n, ((_, src), (offset, tgt)) in enumerate(zip(src_lines, tgt_lines), 1):
        if not tgt.strip() or not src.strip():
            skipped += bool(src.strip())
            continue
        segments.append(Segment(str(n), src, tgt, PositionMap.at(n, 1, offset)))
    return Bitext(tgt_doc.path, "aligned", tuple(segments), source_path=src_doc.path, fixable=True,
                  skipped=skipped)


def read_tsv(path: str | Path, encoding: str | None = None) -> Bitext:
    """Segments of a two-column (source, target) tab-separated file."""
    doc = read_document(path, encoding)
    segments = []
    skipped = 0
    swap = False
    for n, (offset, line) in enumerate(_lines(doc.text), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise InputError("expected two tab-separated columns (English source, Chinese target)",
                             doc.path, n, len(line) + 1)
        if n == 1 and all(_HEADER_CELL.match(c) for c in cells[:2]):
            first = cells[0].strip().lower()
            swap = first.startswith(("zh", "chi", "zho", "chinese"))
            continue
        s_i, t_i = (1, 0) if swap else (0, 1)
        src, tgt = cells[s_i], cells[t_i]
        if not tgt.strip():
            skipped += bool(src.strip())
            continue
        col = 1 + sum(len(c) + 1 for c in cells[:t_i])
        segments.append(Segment(str(n), src, tgt, PositionMap.at(n, col, offset + col - 1)))
    return Bitext(doc.path, "tsv", tuple(segments), fixable=True, skipped=skipped)
