"""Read Excel glossaries (.xlsx): the first worksheet, in the same two layouts as
CSV/TSV (term rows as `termkit export` writes them, or one concept per row).

Cells are read as values (a formula gives its last computed value), numbers
that are whole become ``12`` not ``12.0``, and an error names the file and
the spreadsheet row.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from termkit._util import xmlsafe
from termkit._util.zipsafe import SafeZip
from termkit.errors import InputError
from termkit.interchange.assemble import ImportResult
from termkit.interchange.csv_read import rows_to_termbase


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(path: str | Path, *, termbase_id: str, title: str | None = None,
              default_subject: str = "general", columns: dict[str, str]) -> ImportResult:
    from openpyxl import load_workbook

    path_s = str(path)
    # a regular file whose directory passes the zip limits, before openpyxl inflates anything
    try:
        with SafeZip(path) as container:
            # openpyxl parses the parts with its own parser: a part declaring entities never reaches it
            for name in container.names():
                if name.endswith((".xml", ".rels")):
                    xmlsafe.refuse_entities(container.read(name), f"{path_s}:{name}")
    except InputError as exc:
        if exc.message.startswith("not a readable zip container"):
            raise InputError(exc.message.replace("zip container", ".xlsx workbook"), path_s) from None
        raise
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(f"not a readable .xlsx workbook: {exc}", path_s) from None
    try:
        ws = wb.worksheets[0]
        rows = []
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [_text(v) for v in row]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells and any(c.strip() for c in cells):
                rows.append((number, cells))
    finally:
        wb.close()
    return rows_to_termbase(rows, "XLSX", path_s, termbase_id=termbase_id, title=title,
                            default_subject=default_subject, columns=columns)
