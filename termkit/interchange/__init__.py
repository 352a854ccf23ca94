"""Termbase and glossary exchange: TBX (v3 and v2), CSV, TSV, XLSX, Markdown, JSON and a searchable HTML page out;
TBX, CSV, TSV, XLSX in.

One registry (``termkit.interchange.formats``) names every format; the
functions below are the library API of `termkit export`, `termkit glossary -o`
and `termkit import`.
"""

from termkit.interchange.assemble import ImportResult
from termkit.interchange.formats import (
                                         FORMATS,
                                         export_glossary,
                                         export_termbase,
                                         format_for,
                                         import_file,
                                         select,
)
from termkit.interchange.yaml_write import dump_termbase

__all__ = ["FORMATS", "ImportResult", "dump_termbase", "export_glossary", "export_termbase", "format_for",
           "import_file", "select"]
