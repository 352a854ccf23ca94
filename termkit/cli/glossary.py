"""`termkit glossary`, `termkit export` and `termkit import`: glossaries out and in.

Thin shells over termkit.corpus.glossary and termkit.interchange:
parse options, call the library, write the file atomically, print notes on
stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from termkit._util.atomic import write_atomic
from termkit.cli.app import JOBS_HELP, QUIET_HELP, SCHEDULER_HELP, command, configured_scheduler, fail, note
from termkit.cli.progress import NO_PROGRESS_HELP, progress_callback
from termkit.errors import ConfigError, TermkitError

FORMAT_HELP = "tbx, csv, tsv, xlsx, md, json or html (default: from the output file's extension)"


def write_output(path: Path, data: bytes, fmt: str) -> None:
    """Write bytes to a file atomically (following a symbolic link); '-' is stdout."""
    if str(path) == "-":
        if fmt == "xlsx":
            raise ConfigError("an .xlsx workbook cannot go to stdout; name a file with -o")
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            out.write(data)
            out.flush()
        else:  # an in-process runner's text stream
            sys.stdout.write(data.decode("utf-8"))
        return
    write_atomic(path, data)


def refuse_overwrite(output: Path, force: bool) -> None:
    """An existing output file is replaced only with --force ('-' is stdout, never refused)."""
    if str(output) != "-" and output.exists() and not force:
        raise ConfigError("output file exists (use --force to overwrite)", str(output))


FORCE_HELP = "Overwrite the output file if it exists."


def _format(output: Path, fmt: Optional[str]) -> str:
    from termkit.interchange import format_for

    if str(output) == "-" and not fmt:
        raise ConfigError("writing to stdout (-o -) needs --format")
    return format_for(output, fmt)


@command()
def glossary(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="Documents or directories."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", help="Output file; '-' for stdout (with --format)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=FORMAT_HELP + "."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: bundled)."),
    sort: str = typer.Option("first", "--sort", metavar="ORDER", help="first (by first occurrence; the default), count (most used first) or concept (by id)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="Decode documents with this encoding (default: BOM, UTF-8, then GB18030)."),
    tbx_version: int = typer.Option(3, "--tbx-version", metavar="N", help="TBX output: 3 (ISO 30042:2019; the default) or 2 (martif)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help=JOBS_HELP),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    no_progress: bool = typer.Option(False, "--no-progress", help=NO_PROGRESS_HELP),
) -> None:
    """The aligned zh-en glossary of the concepts the documents use: forms and counts, documents, first occurrence, context."""
    from termkit.api import load_termbase
    from termkit.corpus.glossary import build_glossary
    from termkit.interchange import export_glossary

    try:
        refuse_overwrite(output, force)
        kind = _format(output, fmt)
        tb = load_termbase(termbase or None, cache=True)
        with progress_callback(no_progress, quiet) as progress:
            result = build_glossary(paths, tb, sort=sort, encoding=encoding, jobs=jobs,
                                    scheduler=configured_scheduler(scheduler), progress=progress)
        data = export_glossary(result, tb, kind, tbx_version=tbx_version)
        write_output(output, data, kind)
    except TermkitError as exc:
        raise fail(exc) from None
    for text in result.notes:
        note(f"note: {text}", quiet)
    if str(output) != "-":
        note(f"{len(result.entries)} concepts from {len(result.files)} document(s) written to {output}", quiet)


@command("export")
def export_command(
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", help="Output file; '-' for stdout (with --format)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help=FORMAT_HELP + "."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: bundled)."),
    subject: List[str] = typer.Option(None, "--subject", metavar="SUBJECT", help="Only concepts of this subject (repeatable)."),
    termbase_id: List[str] = typer.Option(None, "--termbase-id", metavar="ID", help="Only concepts of the termbase with this id (repeatable)."),
    tbx_version: int = typer.Option(3, "--tbx-version", metavar="N", help="TBX output: 3 (ISO 30042:2019 TBX-Basic, DCA; the default) or 2 (martif, for older CAT tools)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> None:
    """Export termbases to TBX (TBX-Basic v3 or v2), CSV, TSV, XLSX, Markdown, JSON or a searchable HTML page."""
    from termkit.api import load_termbase
    from termkit.interchange import export_termbase, select

    try:
        refuse_overwrite(output, force)
        kind = _format(output, fmt)
        tb = select(load_termbase(termbase or None, cache=True), subject or (), termbase_id or ())
        data = export_termbase(tb, kind, tbx_version=tbx_version)
        write_output(output, data, kind)
    except TermkitError as exc:
        raise fail(exc) from None
    if str(output) != "-":
        n_terms = sum(len(c.terms) for c in tb.concepts)
        note(f"{len(tb.concepts)} concepts, {n_terms} terms written to {output}", quiet)


def parse_columns(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise ConfigError(f"--map takes FIELD=HEADER (e.g. zh=中文), not '{item}'")
        out[field.strip()] = header.strip()
    return out


@command("import")
def import_command(
    file: Path = typer.Argument(..., metavar="FILE", help="A TBX (v3 or v2), CSV, TSV or XLSX file."),
    output: Path = typer.Option(..., "--output", "-o", metavar="FILE", help="The termbase YAML to write, e.g. glossary/imported.yaml."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="tbx, csv, tsv or xlsx (default: from the extension)."),
    columns: List[str] = typer.Option(None, "--map", metavar="FIELD=HEADER", help="CSV/TSV/XLSX: which column holds a field, FIELD=HEADER (repeatable; fields: concept, subject, zh, zh_short, zh_abbrev, en, en_short, en_abbrev, definition, note, source)."),
    termbase_id: Optional[str] = typer.Option(None, "--id", metavar="ID", help="Termbase id (default: the output file's name)."),
    title: Optional[str] = typer.Option(None, "--title", metavar="TITLE", help="Termbase title (default: the TBX title, else the id)."),
    subject: str = typer.Option("general", "--subject", metavar="SUBJECT", help="Subject of concepts that name none (default: general)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="CSV/TSV encoding (default: BOM, UTF-8, then GB18030)."),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
) -> None:
    """Import a TBX, CSV, TSV or XLSX glossary into a termkit termbase (YAML)."""
    from termkit.interchange import dump_termbase, import_file
    from termkit.termbase import collect

    try:
        if output.suffix.lower() not in (".yaml", ".yml"):
            raise ConfigError("the output of import is a termbase: name a .yaml file", str(output))
        refuse_overwrite(output, force)
        from termkit.termbase.load import ID_RE
        tb_id = termbase_id or output.stem.lower().replace("_", "-")
        if not ID_RE.match(tb_id):
            raise ConfigError(f"termbase id '{tb_id}' must be lower-case letters, digits and hyphens (use --id)")
        result = import_file(file, fmt, termbase_id=tb_id, title=title, default_subject=subject,
                             columns=parse_columns(columns or []), encoding=encoding)
        header = (f"Imported by termkit from {file.name} ({result.source_format}).\n"
                  "Review subjects, types and statuses before use; `termkit validate` checks the file.")
        text = dump_termbase(result.data, header)
        write_output(output, text.encode("utf-8"), "yaml")
    except TermkitError as exc:
        raise fail(exc) from None
    for text in result.notes:
        note(f"note: {text}", quiet)
    _, problems = collect([output])
    for p in problems:
        typer.echo(f"termkit: error: {p}", err=True)
    if problems:
        raise typer.Exit(2)
    n_terms = sum(len(c.get(lang, [])) for c in result.concepts for lang in ("en", "zh"))
    note(f"{len(result.concepts)} concepts, {n_terms} terms written to {output}", quiet)
