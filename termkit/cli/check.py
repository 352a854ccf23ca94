"""`termkit check` for typer: its options with their help; ``termkit.cli.checkrun.run`` does the rest.

A well-formed command line never gets here: ``termkit.cli.entry`` parses it with
``checkrun.quick_parse`` and runs it without importing typer. This declaration is
what ``--help`` shows and what parses (and reports errors in) every other line.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from termkit.cli.app import QUIET_HELP, SCHEDULER_HELP, command
from termkit.cli.checkrun import STDIN_NAME, run
from termkit.cli.progress import NO_PROGRESS_HELP
from termkit.model import FAIL_ON, SCOPES
from termkit.report import formats


@command(epilog="Exit status: 0 when no finding is at or above --fail-on, 1 when one is (with --diff: when there is "
                "something to fix), 2 on an error in the input, the configuration or the options.")
def check(
    paths: List[Path] = typer.Argument(None, metavar="PATH", help="Files or directories to check (default: the configuration's paths, else the current directory); '-' reads one document from standard input."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: bundled)."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", metavar="FORMAT", help="Report format: " + ", ".join(formats()) + " (default: text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", metavar="FILE", help="Write the report to a file instead of stdout."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", metavar="LEVEL", help="Exit 1 when a finding is at or above: " + ", ".join(FAIL_ON) + " (default: error)."),
    scope: Optional[str] = typer.Option(None, "--scope", metavar="SCOPE", help="Consistency scope: " + ", ".join(SCOPES) + " (default: document)."),
    rule: List[str] = typer.Option(None, "--rule", metavar="RULE", help="Run only these rule ids (repeatable)."),
    severity: List[str] = typer.Option(None, "--severity", metavar="RULE=LEVEL", help="Override a rule's severity: RULE=error|warning|info|off (repeatable)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", metavar="ENCODING", help="Decode documents with this encoding (default: BOM, UTF-8, then GB18030)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text report, or not (default: on a terminal, unless NO_COLOR is set)."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Configuration file (default: termkit.toml or [tool.termkit] in pyproject.toml, found by walking up)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore all configuration files."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", metavar="FILE", help="Report only findings not recorded in this baseline file."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", metavar="FILE", help="Record the current findings in this file and exit 0."),
    fix: bool = typer.Option(False, "--fix", help="Apply safe fixes in place, then report what is left. The document read from '-' is written to stdout, fixed, and the report goes to stderr. A Word document (.docx) gets them as tracked changes."),
    fix_read_only: bool = typer.Option(False, "--fix-read-only", help="With --fix, also fix files without write permission (their mode is kept); by default they are left alone with a note."),
    fix_mode: str = typer.Option("tracked", "--fix-mode", metavar="MODE", help="How --fix writes into Word documents: tracked (revisions by 'termkit', each with a comment naming its rule; default) or direct (plain replacements)."),
    diff: bool = typer.Option(False, "--diff", help="Print the safe fixes as a unified diff; write nothing (exit 1 when there is one)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Processes to use (default: the number of CPUs)."),
    date: Optional[str] = typer.Option(None, "--date", metavar="DATE", help="When the documents were written (YYYY, YYYY-MM or YYYY-MM-DD), whatever their header says: superseded names are reported only after their renaming (default: each document's UN header, else the configuration's dates)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", metavar="ADDRESS", help=SCHEDULER_HELP),
    source: Optional[Path] = typer.Option(None, "--source", metavar="FILE", help="English source file, line-aligned with --target: a bilingual check."),
    target: Optional[Path] = typer.Option(None, "--target", metavar="FILE", help="Chinese target file, line-aligned with --source."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", metavar="NAME", help=f"The name of the document read from '-': shown in findings, matched by include, exclude and ignore globs (default: {STDIN_NAME})."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP + " The text report leaves out its closing count."),
    no_progress: bool = typer.Option(False, "--no-progress", help=NO_PROGRESS_HELP),
) -> None:
    """Check Chinese documents for deprecated, inconsistent and mistyped terms."""
    raise typer.Exit(run(dict(locals())))
