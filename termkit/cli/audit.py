"""`termkit audit`: a termbase against aligned bilingual text, as a table, JSON, CSV or XLSX."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional, TextIO

import typer

from termkit._util.width import display_width
from termkit.cli.app import JOBS_HELP, QUIET_HELP, SCHEDULER_HELP, command, configured_scheduler, fail, note
from termkit.cli.progress import NO_PROGRESS_HELP, progress_callback
from termkit.errors import ConfigError, TermkitError

FORMATS = ("table", "json", "csv", "xlsx")
#: candidates shown per concept in the table (JSON, CSV and XLSX carry all that were kept)
TABLE_CANDIDATES = 3


#: the widest a column of the table gets (display columns); longer cells are cut with an ellipsis
MAX_CELL = {"concept": 36, "preferred": 18, "forms found": 40}


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns, with an ellipsis where cut."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _format(fmt: Optional[str], output: Optional[Path]) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
        return fmt
    suffix = output.suffix.lower() if output else ""
    return {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}.get(suffix, "table")


def write_table(report, stream: TextIO, sort: str, min_segments: int) -> None:
    """The audit for people: one line per concept, the bad forms found, and the totals."""
    shown = [a for a in report.sorted(sort) if a.source_segments >= min_segments]
    rows = [("share", "pref/segs", "concept", "preferred", "forms found", "targets say instead (segments, G²)")]
    for a in shown:
        concept = a.concept.id + ("*" if a.specific_segments == 0 else "")
        forms = ", ".join(f"{f} {n}" + ("!" if f in a.roles.bad else "") for f, n in a.forms.items()) or "-"
        cands = ", ".join(f"{c.text} {c.count} ({c.score:.0f})" + (f" [{c.concept}]" if c.concept else "")
                          for c in a.candidates[:TABLE_CANDIDATES]) or "-"
        rows.append((f"{a.share:.0%}", f"{a.preferred_segments}/{a.source_segments}",
                     _fit(concept, MAX_CELL["concept"]), _fit(a.preferred_text("zh"), MAX_CELL["preferred"]),
                     _fit(forms, MAX_CELL["forms found"]), cands))
    if shown:
        widths = [max(display_width(r[k]) for r in rows) for k in range(len(rows[0]) - 1)]
        for r in rows:
            cells = [r[0].rjust(widths[0]), r[1].rjust(widths[1])]
            cells += [_pad(cell, widths[k]) for k, cell in enumerate(r[2:-1], 2)]
            stream.write("  ".join(cells) + "  " + r[-1] + "\n")
        stream.write("\n")
    else:
        stream.write(f"no concept is named in {min_segments} or more segments\n")
    if report.deprecated:
        stream.write("deprecated, superseded or forbidden forms in the targets:\n")
        for b in report.deprecated:
            until = f" until {b.until}" if b.until else ""
            where = ", ".join(e.where for e in b.examples)
            stream.write(f"  {b.text} ({b.concept.id}, {b.status}{until}): {b.segments} segment(s), "
                         f"{b.with_source} naming the concept in English; {where}\n")
        stream.write("\n")
    named = len(report.concepts)
    seen_in_targets = sum(1 for _, n in report.unseen if n)
    date = f", forms judged as of {report.date}" if report.date else ""
    stream.write(f"{report.segments} segments in {len(report.files)} file(s){date}; {named} concepts named in the "
                 f"source ({len(shown)} shown), {len(report.unseen)} never named "
                 f"({seen_in_targets} of those found in the targets)\n")
    if any(a.specific_segments == 0 for a in shown):
        stream.write("* named only by a generic English word, never by an acronym, a name or a term of two "
                     "content words\n")
    if any(f in a.roles.bad for a in shown for f in a.forms):
        stream.write("! a deprecated, superseded or forbidden form\n")


@command(epilog="Exit status: 0; 1 with --fail-under when a concept shown uses its preferred form in fewer of its "
                "segments; 2 on an error in the input or the options.")
def audit(
    paths: List[Path] = typer.Argument(None, metavar="FILE", help="Bilingual files: XLIFF (.xlf, .xliff), TMX (.tmx), TSV (.tsv)."),
    source: Optional[Path] = typer.Option(None, "--source", metavar="FILE", help="English source file, line-aligned with --target."),
    target: Optional[Path] = typer.Option(None, "--target", metavar="FILE", help="Chinese target file, line-aligned with --source."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: bundled)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Output: " + ", ".join(FORMATS) + " (default: from the output file's extension, else table)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to a file instead of stdout."),
    sort: str = typer.Option("share", "--sort", metavar="ORDER", help="share (lowest share of segments with the preferred form first; the default), segments (most named first) or concept (by id)."),
    min_segments: int = typer.Option(1, "--min-segments", metavar="N", help="Show only concepts named in at least N segments (default: 1)."),
    date: Optional[str] = typer.Option(None, "--date", metavar="DATE", help="When the translations were made (YYYY, YYYY-MM or YYYY-MM-DD): names are judged as of then."),
    candidates: int = typer.Option(5, "--candidates", metavar="N", help="Strings the targets write instead of the concept's listed forms, kept per concept (default: 5)."),
    min_count: int = typer.Option(2, "--min-count", metavar="N", help="Segments (of those naming the concept without an acceptable form) such a string must occur in (default: 2)."),
    reference: bool = typer.Option(False, "--reference", help="Audit reference vocabulary (UNBIS descriptors) too."),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", metavar="SHARE", help="Exit 1 when a concept shown has a share below SHARE (0 to 1), e.g. --min-segments 3 --fail-under 0.5."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="Decode text files with this encoding (default: BOM, UTF-8, then GB18030)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help=JOBS_HELP),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    no_progress: bool = typer.Option(False, "--no-progress", help=NO_PROGRESS_HELP),
) -> None:
    """Audit a termbase against aligned English-Chinese text: for every concept the source names, how often the
    target carries its preferred Chinese, which listed forms it uses, and what it writes instead."""
    from termkit.api import load_termbase
    from termkit.cli.glossary import write_output
    from termkit.corpus.audit import COLUMNS, NUMERIC_COLUMNS, SORTS, AuditOptions, table_rows
    from termkit.corpus.audit import audit as run_audit

    try:
        kind = _format(fmt, output)
        if sort not in SORTS:
            raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not '{sort}'")
        if min_segments < 1:
            raise ConfigError(f"--min-segments must be a positive integer, not {min_segments}")
        if fail_under is not None and not 0 <= fail_under <= 1:
            raise ConfigError(f"--fail-under is a share between 0 and 1, not {fail_under}")
        if kind == "xlsx" and (output is None or str(output) == "-"):
            raise ConfigError("an .xlsx workbook cannot go to stdout; name a file with -o")
        options = AuditOptions(candidates=candidates, min_count=min_count, reference=reference, date=date)
        tb = load_termbase(termbase or None, cache=True)
        with progress_callback(no_progress, quiet) as progress:
            report = run_audit(list(paths or ()), tb, source=source, target=target, options=options,
                               encoding=encoding, jobs=jobs, scheduler=configured_scheduler(scheduler),
                               progress=progress)
        if kind in ("csv", "xlsx"):
            rows = table_rows(report, sort, min_segments)
            if kind == "csv":
                from termkit.interchange.csv_write import render as render_csv
                data = render_csv(COLUMNS, rows, "csv")
            else:
                from termkit.interchange.xlsx_write import render as render_xlsx
                data = render_xlsx("Audit", COLUMNS, rows, numeric=NUMERIC_COLUMNS)
        elif kind == "json":
            data = (json.dumps(report.to_dict(sort, min_segments), ensure_ascii=False, indent=2) + "\n").encode()
        else:
            from io import StringIO
            buffer = StringIO()
            write_table(report, buffer, sort, min_segments)
            data = buffer.getvalue().encode("utf-8")
        write_output(output if output is not None else Path("-"), data, kind)
    except TermkitError as exc:
        raise fail(exc) from None
    if report.skipped:
        note(f"note: {report.skipped} untranslated segment(s) skipped", quiet)
    if output is not None and str(output) != "-":
        note(f"{len(report.concepts)} concepts named in {report.segments} segments; written to {output}", quiet)
    if fail_under is not None:
        below = [a for a in report.concepts if a.source_segments >= min_segments and a.share < fail_under]
        if below:
            note(f"{len(below)} concept(s) named in {min_segments} or more segments use their preferred form in "
                 f"fewer than {fail_under:.0%} of them", quiet)
            raise typer.Exit(1)
