"""Exporters: termbases and corpus glossaries to TBX, CSV, TSV, XLSX, Markdown and JSON.

One module per format, each with ``write_termbase`` and ``write_glossary``
returning the file's bytes; this registry picks the module from the output
file's extension (or a format name), so the CLI has no format switch of its own.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from termkit.errors import ConfigError

#: format name -> module under termkit.export
FORMATS = {
    "tbx": "tbx",
    "csv": "csv_tsv",
    "tsv": "csv_tsv",
    "xlsx": "xlsx",
    "md": "markdown",
    "json": "json_export",
}
EXTENSIONS = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx",
              ".md": "md", ".markdown": "md", ".json": "json"}


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The export format named by ``fmt`` or, when it is None, by the file's extension."""
    if fmt:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown export format '{fmt}' (known: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in EXTENSIONS:
        raise ConfigError(f"cannot tell the format from the extension '{suffix or '(none)'}' "
                          f"(use {', '.join(sorted(EXTENSIONS))}, or --format)", str(path))
    return EXTENSIONS[suffix]


def _module(fmt: str):
    return importlib.import_module(f".{FORMATS[fmt]}", __name__)


def export_termbase(termbase, fmt: str, **options) -> bytes:
    """A whole termbase in one format. Options: ``tbx_version`` (3 or 2) for TBX."""
    return _module(fmt).write_termbase(termbase, fmt=fmt, **options)


def export_glossary(glossary, source, fmt: str, **options) -> bytes:
    """A corpus glossary (termkit.glossary.Glossary) in one format; ``source`` is
    the termbase it was built from (TBX writes its concepts)."""
    return _module(fmt).write_glossary(glossary, source, fmt=fmt, **options)


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
