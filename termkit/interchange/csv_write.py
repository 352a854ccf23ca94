"""CSV and TSV that Excel and LibreOffice open with Chinese intact.

UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the ANSI code
page and garbles Chinese), CRLF line ends and RFC 4180 quoting (a field with
the delimiter, a quote or a line break is quoted, quotes doubled). A cell that
starts with ``= + - @`` gets a leading apostrophe so a spreadsheet shows it
as text instead of running it as a formula; the importer removes it again.
"""

from __future__ import annotations

import csv
import io

from termkit.interchange.table import (
    GLOSSARY_COLUMNS,
    TERM_COLUMNS,
    glossary_rows,
    termbase_rows,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def unguard(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def render(header, rows, fmt: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter="\t" if fmt == "tsv" else ",", quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard(c) for c in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def write_termbase(termbase, fmt: str = "csv", **_) -> bytes:
    return render(TERM_COLUMNS, termbase_rows(termbase), fmt)


def write_glossary(glossary, source=None, fmt: str = "csv", **_) -> bytes:
    return render(GLOSSARY_COLUMNS, glossary_rows(glossary), fmt)
