"""`termkit check`: check documents against termbases and report findings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..engine import FAIL_ON, SCOPES, CheckOptions, check_paths
from ..errors import ConfigError, TermkitError
from ..report import formats, render
from ..termbase import load_termbase
from . import app, fail


def parse_severities(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep or not rule or not level:
            raise ConfigError(f"--severity takes RULE=LEVEL, not '{item}'")
        out[rule.strip()] = level.strip()
    return out


@app.command()
def check(
    paths: List[Path] = typer.Argument(None, help="Files or directories to check (default: current directory)."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", help="Termbase file or directory (repeatable; default: bundled)."),
    fmt: str = typer.Option("text", "--format", "-f", help="Report format: " + ", ".join(formats()) + "."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to a file instead of stdout."),
    fail_on: str = typer.Option("error", "--fail-on", help="Exit 1 when a finding is at or above: " + ", ".join(FAIL_ON) + "."),
    scope: str = typer.Option("document", "--scope", help="Consistency scope: " + ", ".join(SCOPES) + "."),
    rule: List[str] = typer.Option(None, "--rule", help="Run only these rule ids (repeatable)."),
    severity: List[str] = typer.Option(None, "--severity", help="Override a rule's severity: RULE=error|warning|info|off (repeatable)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Decode documents with this encoding (default: BOM, UTF-8, then GB18030)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text report (default: on a terminal)."),
) -> None:
    """Check Chinese documents for deprecated, inconsistent and mistyped terms."""
    try:
        if fail_on not in FAIL_ON:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
        if fmt not in formats():
            raise ConfigError(f"unknown format '{fmt}' (known: {', '.join(formats())})")
        options = CheckOptions(scope=scope, severities=parse_severities(severity or []),
                               rules=tuple(rule) if rule else None, encoding=encoding)
        tb = load_termbase(termbase or None)
        result = check_paths(paths or [Path(".")], tb, options)
    except TermkitError as exc:
        raise fail(exc)
    for note in result.notes:
        typer.echo(f"termkit: note: {note}", err=True)
    if output:
        with open(output, "w", encoding="utf-8", newline="\n") as stream:
            render(result, fmt, stream, color=False, encoding=encoding)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        render(result, fmt, sys.stdout, color=use_color, encoding=encoding)
    raise typer.Exit(result.exit_code(fail_on))
