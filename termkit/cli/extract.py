"""`termkit extract`: candidate terms the termbase lacks, as a table, a YAML stub or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional, TextIO

import typer

from termkit._util.width import display_width
from termkit.cli.app import (
    JOBS_HELP,
    QUIET_HELP,
    SCHEDULER_HELP,
    command,
    configured_scheduler,
    fail,
    note,
    open_output,
)
from termkit.cli.progress import NO_PROGRESS_HELP, progress_callback
from termkit.errors import ConfigError, TermkitError

FORMATS = ("table", "yaml", "json")


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _short(path: str) -> str:
    return Path(path).name


def write_table(cands, stream: TextIO) -> None:
    if not cands:
        stream.write("no candidate terms\n")
        return
    rows = [("#", "candidate", "count", "docs", "C-value", "first seen", "context")]
    for i, c in enumerate(cands, 1):
        term = c.text + (f" (near {c.near})" if c.near else "")
        rows.append((str(i), term, str(c.count), str(len(c.documents)), f"{c.cvalue:.1f}",
                     f"{_short(c.path)}:{c.line}", c.context))
    widths = [max(display_width(r[k]) for r in rows) for k in range(len(rows[0]) - 1)]
    for r in rows:
        cells = [_pad(cell, widths[k]) if k not in (0, 2, 3, 4) else cell.rjust(widths[k])
                 for k, cell in enumerate(r[:-1])]
        stream.write("  ".join(cells) + "  " + r[-1] + "\n")


def _yaml_str(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars and escape whatever needs it
    return json.dumps(text, ensure_ascii=False)


def write_yaml(cands, stream: TextIO, paths: list[str]) -> None:
    """A termbase stub: valid as it stands, to be completed with English, ids and subjects."""
    stream.write(f"# Candidate terms from `termkit extract {' '.join(paths)}`: not in the termbase.\n"
                 "# For each concept: keep it only if it is a term, give it a real id and subject,\n"
                 "# add the English term(s), then paste it under `concepts:` of a glossary file.\n"
                 "# A candidate marked `near` is probably a variant of a known term: rather add it to\n"
                 "# that concept with `status: deprecated` if the documents really use it.\n"
                 "id: candidates\n"
                 "title: Candidate terms (to review)\n"
                 "concepts:\n")
    if not cands:
        stream.write("  []\n")
        return
    width = len(str(len(cands)))
    for i, c in enumerate(cands, 1):
        docs = ", ".join(_short(d) for d in c.documents)
        stream.write(f"  # {c.count} occurrences in {len(c.documents)} document(s) ({docs}); C-value {c.cvalue:.1f}\n")
        stream.write(f"  # first: {_short(c.path)}:{c.line}: {c.context}\n")
        if c.near:
            stream.write(f"  # near the known term {c.near} ({c.near_concept}): probably a variant\n")
        stream.write(f"  - id: candidate-{i:0{width}d}\n"
                     "    subject: candidates\n"
                     "    en: []   # TODO: the English term\n"
                     "    zh:\n"
                     f"      - {{term: {_yaml_str(c.text)}}}\n")


def write_json(cands, stream: TextIO, files: list[str]) -> None:
    json.dump({"version": 1, "files": len(files), "candidates": [c.to_dict() for c in cands]},
              stream, ensure_ascii=False, indent=2)
    stream.write("\n")


@command()
def extract(
    paths: List[Path] = typer.Argument(..., metavar="PATH", help="Files or directories to mine for terms."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: bundled)."),
    fmt: str = typer.Option("table", "--format", "-f", metavar="FORMAT", help="Output: " + ", ".join(FORMATS) + " (default: table)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write to a file instead of stdout."),
    limit: int = typer.Option(100, "--limit", "-n", metavar="N", help="At most N candidates, best first (default: 100)."),
    min_count: int = typer.Option(2, "--min-count", metavar="N", help="Occurrences a candidate needs over the corpus (default: 2)."),
    min_length: int = typer.Option(4, "--min-length", metavar="N", help="Characters a candidate needs (default: 4)."),
    max_words: int = typer.Option(4, "--max-words", metavar="N", help="Words (jieba tokens) a candidate may span (default: 4)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="Decode documents with this encoding (default: BOM, UTF-8, then GB18030)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, metavar="N", help=JOBS_HELP),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP),
    no_progress: bool = typer.Option(False, "--no-progress", help=NO_PROGRESS_HELP),
) -> None:
    """List recurring terms of the documents that the termbase does not contain yet."""
    from termkit.api import load_termbase
    from termkit.corpus.extract import ExtractOptions, extract_paths

    try:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")
        options = ExtractOptions(min_count=min_count, min_length=min_length, max_words=max_words, limit=limit)
        tb = load_termbase(termbase or None)
        with progress_callback(no_progress, quiet) as progress:
            cands, files, notes = extract_paths(paths, tb, options, encoding, jobs=jobs,
                                                scheduler=configured_scheduler(scheduler), progress=progress)
    except TermkitError as exc:
        raise fail(exc) from None
    for text in notes:
        note(f"note: {text}", quiet)
    try:
        stream = open_output(output) if output else sys.stdout
    except TermkitError as exc:
        raise fail(exc) from None
    try:
        if fmt == "table":
            write_table(cands, stream)
        elif fmt == "yaml":
            write_yaml(cands, stream, [str(p) for p in paths])
        else:
            write_json(cands, stream, files)
    finally:
        if output:
            stream.close()
