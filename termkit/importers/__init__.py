"""Importers: TBX (v3 and v2), CSV/TSV and XLSX into termkit's termbase schema.

``import_file`` picks the reader from the extension (or a format name) and
returns an ImportResult; ``dump_termbase`` writes it as canonical YAML.
"""

from __future__ import annotations

from pathlib import Path

from termkit.errors import ConfigError
from termkit.importers.assemble import ImportResult
from termkit.importers.yaml_writer import dump_termbase

FORMATS = ("tbx", "csv", "tsv", "xlsx")
EXTENSIONS = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "tsv",
              ".xlsx": "xlsx"}

__all__ = ["FORMATS", "ImportResult", "dump_termbase", "format_for", "import_file"]


def format_for(path: str | Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown import format '{fmt}' (known: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ConfigError(f"cannot tell the format from the extension '{suffix or '(none)'}' "
                          f"(use .tbx, .csv, .tsv or .xlsx, or --format)", str(path))
    return EXTENSIONS[suffix]


def import_file(path: str | Path, fmt: str | None = None, *, termbase_id: str, title: str | None = None,
                default_subject: str = "general", columns: dict[str, str] | None = None,
                encoding: str | None = None) -> ImportResult:
    """Read a TBX, CSV/TSV or XLSX file into a termbase. ``columns`` maps termkit
    field names to the file's header names (tables only)."""
    fmt = format_for(path, fmt)
    if fmt == "tbx":
        if columns:
            raise ConfigError("--map applies to CSV, TSV and XLSX files only")
        from termkit.importers.tbx import read_tbx
        return read_tbx(path, termbase_id=termbase_id, title=title, default_subject=default_subject)
    if fmt == "xlsx":
        from termkit.importers.xlsx import read_xlsx
        return read_xlsx(path, termbase_id=termbase_id, title=title, default_subject=default_subject,
                         columns=columns or {})
    from termkit.importers.csv_tsv import read_table
    return read_table(path, fmt, termbase_id=termbase_id, title=title, default_subject=default_subject,
                      columns=columns or {}, encoding=encoding)
