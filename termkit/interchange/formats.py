"""The one registry of termbase and glossary exchange formats: what each reads and writes, by name and extension.

Writers (one module per format, each with ``write_termbase`` and
``write_glossary`` returning the file's bytes) and readers (into termkit's
termbase schema, an ``ImportResult``) are found here from a format name or a
file's extension, so no command has a format switch of its own. Adding a
format: its module(s), and one ``Format`` line below.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from termkit.errors import ConfigError
from termkit.interchange.assemble import ImportResult


@dataclass(frozen=True)
class Format:
    name: str
    #: extensions that name this format for export; ``import_extensions`` add looser ones for import
    extensions: tuple[str, ...]
    #: module under termkit.interchange with write_termbase/write_glossary, or None
    writer: str | None
    #: can be imported (``termkit import``)
    importable: bool = False
    import_extensions: tuple[str, ...] = ()
    #: a binary container that cannot go to standard output
    binary: bool = False


FORMATS: tuple[Format, ...] = (
    Format("tbx", (".tbx",), "tbx_write", importable=True, import_extensions=(".xml",)),
    Format("csv", (".csv",), "csv_write", importable=True),
    Format("tsv", (".tsv", ".tab"), "csv_write", importable=True, import_extensions=(".txt",)),
    Format("xlsx", (".xlsx",), "xlsx_write", importable=True, binary=True),
    Format("md", (".md", ".markdown"), "markdown_write"),
    Format("json", (".json",), "json_write"),
    Format("html", (".html", ".htm"), "html_write"),
)
BY_NAME = {f.name: f for f in FORMATS}


def export_formats() -> list[str]:
    return [f.name for f in FORMATS if f.writer]


def import_formats() -> list[str]:
    return [f.name for f in FORMATS if f.importable]


def format_for(path: str | Path, fmt: str | None = None, *, importing: bool = False) -> str:
    """The format named by ``fmt`` or, when it is None, by the file's extension."""
    names = import_formats() if importing else export_formats()
    what = "import" if importing else "export"
    if fmt:
        if fmt not in names:
            raise ConfigError(f"unknown {what} format '{fmt}' (known: {', '.join(names)})")
        return fmt
    suffix = Path(path).suffix.lower()
    for f in FORMATS:
        if f.name in names and (suffix in f.extensions or (importing and suffix in f.import_extensions)):
            return f.name
    known = sorted(e for f in FORMATS if f.name in names
                   for e in f.extensions + (f.import_extensions if importing else ()))
    raise ConfigError(f"cannot tell the format from the extension '{suffix or '(none)'}' "
                      f"(use {', '.join(known)}, or --format)", str(path))


def _writer(fmt: str):
    return importlib.import_module(f"termkit.interchange.{BY_NAME[fmt].writer}")


def export_termbase(termbase, fmt: str, **options) -> bytes:
    """A whole termbase in one format. Options: ``tbx_version`` (3 or 2) for TBX."""
    return _writer(fmt).write_termbase(termbase, fmt=fmt, **options)


def export_glossary(glossary, source, fmt: str, **options) -> bytes:
    """A corpus glossary (termkit.corpus.glossary.Glossary) in one format; ``source`` is
    the termbase it was built from (TBX writes its concepts)."""
    return _writer(fmt).write_glossary(glossary, source, fmt=fmt, **options)


def import_file(path: str | Path, fmt: str | None = None, *, termbase_id: str, title: str | None = None,
                default_subject: str = "general", columns: dict[str, str] | None = None,
                encoding: str | None = None) -> ImportResult:
    """Read a TBX, CSV/TSV or XLSX file into a termbase. ``columns`` maps termkit
    field names to the file's header names (tables only)."""
    fmt = format_for(path, fmt, importing=True)
    if fmt == "tbx":
        if columns:
            raise ConfigError("--map applies to CSV, TSV and XLSX files only")
        from termkit.interchange.tbx_read import read_tbx
        return read_tbx(path, termbase_id=termbase_id, title=title, default_subject=default_subject)
    if fmt == "xlsx":
        from termkit.interchange.xlsx_read import read_xlsx
        return read_xlsx(path, termbase_id=termbase_id, title=title, default_subject=default_subject,
                         columns=columns or {})
    from termkit.interchange.csv_read import read_table
    return read_table(path, fmt, termbase_id=termbase_id, title=title, default_subject=default_subject,
                      columns=columns or {}, encoding=encoding)


def select(termbase, subjects=(), termbase_ids=()):
    """The concepts of the given subjects and/or termbase ids (all when none are given)."""
    from termkit.model import Termbase

    subjects, termbase_ids = set(subjects or ()), set(termbase_ids or ())
    known_subjects = {c.subject for c in termbase.concepts}
    missing = sorted(subjects - known_subjects)
    if missing:
        raise ConfigError(f"no concept has subject '{missing[0]}' (subjects: {', '.join(sorted(known_subjects))})")
    known_ids = {c.termbase for c in termbase.concepts}
    missing = sorted(termbase_ids - known_ids)
    if missing:
        raise ConfigError(f"no termbase with id '{missing[0]}' (loaded: {', '.join(sorted(known_ids))})")
    concepts = tuple(c for c in termbase.concepts
                     if (not subjects or c.subject in subjects)
                     and (not termbase_ids or c.termbase in termbase_ids))
    titles = {k: v for k, v in termbase.titles.items() if any(c.termbase == k for c in concepts)}
    return Termbase(concepts, termbase.files, titles)
