"""`termkit check`: parse the options, call ``termkit.api.check``, render the result, exit."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from termkit._util.gcpause import gc_paused
from termkit.api import check as run_check
from termkit.cli.app import QUIET_HELP, color_wanted, command, fail, note, open_output
from termkit.errors import ConfigError, TermkitError
from termkit.model import FAIL_ON, SCOPES
from termkit.report import formats, render

#: the name of the document read from '-' when --stdin-filename gives none
STDIN_NAME = "<stdin>"


def read_stdin() -> bytes | str:
    """Standard input, whole: bytes, to be decoded like a file (an in-process runner's text stream gives str)."""
    stream = sys.stdin
    if stream is None:
        return b""
    buffer = getattr(stream, "buffer", None)
    return buffer.read() if buffer is not None else stream.read()


def stdin_texts(paths: list[Path], stdin_filename: str | None) -> tuple[list[Path], dict[str, bytes | str] | None]:
    """The paths without '-', and the document read from standard input when '-' was among them."""
    plain = [p for p in paths if str(p) != "-"]
    if len(plain) == len(paths):
        if stdin_filename is not None:
            raise ConfigError("--stdin-filename names the document read from standard input: add '-' to the paths")
        return plain, None
    return plain, {stdin_filename or STDIN_NAME: read_stdin()}


def write_fixed(texts: dict[str, bytes | str], fixed: dict) -> None:
    """`check --fix -`: the whole document on stdout, fixed, in the encoding (and with the byte-order mark) it
    came in; byte for byte what was read when nothing was fixed."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    for name, original in texts.items():
        doc = fixed.get(name)
        if out is None or isinstance(original, str):  # an in-process runner's text streams
            text = doc.text if doc is not None else original
            sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8", "replace"))
            continue
        out.write(original if doc is None else doc.bom + doc.text.encode(doc.encoding))
        out.flush()


def parse_severities(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep or not rule or not level:
            raise ConfigError(f"--severity takes RULE=LEVEL, not '{item}'")
        out[rule.strip()] = level.strip()
    return out


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
    fix_mode: str = typer.Option("tracked", "--fix-mode", metavar="MODE", help="How --fix writes into Word documents: tracked (revisions by 'termkit', each with a comment naming its rule; default) or direct (plain replacements)."),
    diff: bool = typer.Option(False, "--diff", help="Print the safe fixes as a unified diff; write nothing (exit 1 when there is one)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, metavar="N", help="Processes to use (default: the number of CPUs)."),
    source: Optional[Path] = typer.Option(None, "--source", metavar="FILE", help="English source file, line-aligned with --target: a bilingual check."),
    target: Optional[Path] = typer.Option(None, "--target", metavar="FILE", help="Chinese target file, line-aligned with --source."),
    stdin_filename: Optional[str] = typer.Option(None, "--stdin-filename", metavar="NAME", help=f"The name of the document read from '-': shown in findings, matched by include, exclude and ignore globs (default: {STDIN_NAME})."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=QUIET_HELP + " The text report leaves out its closing count."),
) -> None:
    """Check Chinese documents for deprecated, inconsistent and mistyped terms."""
    try:
        plain, texts = stdin_texts(list(paths or ()), stdin_filename)
        outcome = run_check(plain, termbase=termbase or None, config=config, isolated=isolated,
                            source=source, target=target, scope=scope, rules=rule or None,
                            severities=parse_severities(severity or []), encoding=encoding, jobs=jobs,
                            baseline=baseline, write_baseline=write_baseline, fix=fix, diff=diff,
                            fail_on=fail_on, format=fmt, texts=texts, fix_mode=fix_mode)
    except TermkitError as exc:
        raise fail(exc) from None
    run = outcome.run
    if outcome.baseline_written is not None:
        note(f"wrote {outcome.baseline_written} finding(s) of {len(run.result.files)} file(s) "
             f"to {write_baseline}", quiet)
        raise typer.Exit(0)
    for text in run.fix_notes:
        note(f"note: {text}", quiet)
    if run.diff is not None:
        sys.stdout.write(run.diff)
        note(f"{run.fixed} fix(es) in {run.fixed_files} file(s) (nothing written)", quiet)
        raise typer.Exit(outcome.exit_code)
    if fix and texts:
        write_fixed(texts, run.fixed_documents)
    if fix:
        note(f"fixed {run.fixed} finding(s) in {run.fixed_files} file(s)", quiet)
    for text in run.result.notes:
        note(f"note: {text}", quiet)
    options = dict(encoding=outcome.encoding, fail_on=outcome.fail_on, termbase=outcome.termbase,
                   sources=outcome.sources(), summary=not quiet)
    if output:
        try:
            stream = open_output(output)
        except TermkitError as exc:
            raise fail(exc) from None
        with stream, gc_paused():
            render(run.result, outcome.format, stream, color=False, **options)
    else:
        # with --fix, stdout holds the fixed document read from '-': the report goes to stderr
        stream = sys.stderr if fix and texts else sys.stdout
        with gc_paused():
            render(run.result, outcome.format, stream, color=color_wanted(color, stream), **options)
    raise typer.Exit(outcome.exit_code)
