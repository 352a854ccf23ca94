"""Excel workbooks (openpyxl): bold frozen header row, an autofilter, column
widths fitted to the content (a Chinese character counts as two), long text
wrapped. Every cell is written as text, so a term that starts with ``=`` is
never taken for a formula."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from termkit._util.width import display_width
from termkit.interchange.table import (
    GLOSSARY_COLUMNS,
    TERM_COLUMNS,
    glossary_rows,
    termbase_rows,
)

MAX_WIDTH = 60
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
NUMERIC = ("count",)
#: a fixed timestamp keeps the bytes the same from run to run
EPOCH = datetime(2000, 1, 1)


def render(sheet_title: str, header, rows, numeric: tuple[str, ...] = NUMERIC) -> bytes:
    """A workbook of one sheet; cells of the ``numeric`` columns that hold a number are written as numbers."""
    # write-only mode streams rows to the file: several times faster and
    # lighter than the in-memory worksheet for a termbase of many thousand terms
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = [display_width(h) for h in header]
    for row in rows:
        for i, v in enumerate(row):
            w = display_width(v)
            if w > widths[i]:
                widths[i] = w
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    wrapped = set()
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = min(w + 2, MAX_WIDTH)
        if w + 2 > MAX_WIDTH:
            wrapped.add(i)
    ws.freeze_panes = "A2"
    last = f"{get_column_letter(len(header))}{len(rows) + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    bold = Font(bold=True)
    ws.append([_cell(ws, h, font=bold) for h in header])
    wrap = Alignment(wrap_text=True, vertical="top")
    numeric_at = {i for i, h in enumerate(header) if h in numeric}
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            if i in numeric_at and _NUMBER.fullmatch(v):
                cells.append(float(v) if "." in v else int(v))
            else:
                cells.append(_cell(ws, v, alignment=wrap if i in wrapped else None))
        ws.append(cells)
    wb.properties.creator = "termkit"
    wb.properties.created = wb.properties.modified = EPOCH
    out = io.BytesIO()
    wb.save(out)
    return _fixed_zip_times(out.getvalue())


def _cell(ws, value: str, font=None, alignment=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # text, even when it starts with '='
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook gives the same bytes: zip entries and the document's
    "modified" property get a fixed timestamp (openpyxl stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=EPOCH.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl sets "modified" to the time of saving, whatever the properties say
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def write_termbase(termbase, **_) -> bytes:
    return render("Terms", TERM_COLUMNS, termbase_rows(termbase))


def write_glossary(glossary, source=None, **_) -> bytes:
    return render("Glossary", GLOSSARY_COLUMNS, glossary_rows(glossary))
