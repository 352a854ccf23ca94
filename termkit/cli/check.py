"""`termkit check`: check documents against termbases and report findings."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from termkit.engine import FAIL_ON, SCOPES, CheckOptions
from termkit.errors import ConfigError, TermkitError
from termkit.report import formats, render
from termkit.gcpause import gc_paused
from termkit.termbase import load_termbase
from termkit.cli import app, fail, open_output
from termkit.cli.adopt import apply_baseline, apply_ignores, default_jobs, resolve_config, run_fixes, write_baseline_file
from termkit.cli.bilingual_check import run_check, split_rule_settings


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
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="Report format: " + ", ".join(formats()) + " (default: text)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report to a file instead of stdout."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help="Exit 1 when a finding is at or above: " + ", ".join(FAIL_ON) + " (default: error)."),
    scope: Optional[str] = typer.Option(None, "--scope", help="Consistency scope: " + ", ".join(SCOPES) + " (default: document)."),
    rule: List[str] = typer.Option(None, "--rule", help="Run only these rule ids (repeatable)."),
    severity: List[str] = typer.Option(None, "--severity", help="Override a rule's severity: RULE=error|warning|info|off (repeatable)."),
    encoding: Optional[str] = typer.Option(None, "--encoding", help="Decode documents with this encoding (default: BOM, UTF-8, then GB18030)."),
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour the text report (default: on a terminal)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file (default: termkit.toml or [tool.termkit] in pyproject.toml, found by walking up)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore all configuration files."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not recorded in this baseline file."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record the current findings in this file and exit 0."),
    fix: bool = typer.Option(False, "--fix", help="Apply safe fixes in place, then report what is left."),
    diff: bool = typer.Option(False, "--diff", help="Print the safe fixes as a unified diff; write nothing (exit 1 when there is one)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Processes to use (default: the number of CPUs)."),
    source: Optional[Path] = typer.Option(None, "--source", help="English source file, line-aligned with --target: a bilingual check."),
    target: Optional[Path] = typer.Option(None, "--target", help="Chinese target file, line-aligned with --source."),
) -> None:
    """Check Chinese documents for deprecated, inconsistent and mistyped terms."""
    try:
        cfg = resolve_config(config, isolated)
        fmt = fmt or cfg.format or "text"
        fail_on = fail_on or cfg.fail_on or "error"
        encoding = encoding or cfg.encoding
        if fail_on not in FAIL_ON:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
        if fmt not in formats():
            raise ConfigError(f"unknown format '{fmt}' (known: {', '.join(formats())})")
        if fix and diff:
            raise ConfigError("--fix and --diff cannot be combined (--diff previews what --fix writes)")
        bi_options, mono_severities, mono_rules = split_rule_settings(
            {**cfg.severities, **parse_severities(severity or [])}, rule, scope or cfg.scope or "document")
        options = CheckOptions(scope=scope or cfg.scope or "document",
                               severities=mono_severities,
                               rules=mono_rules, encoding=encoding,
                               jobs=jobs or cfg.jobs or default_jobs(), ignore=cfg.ignore,
                               rule_options=cfg.rule_options,
                               include=cfg.include, exclude=cfg.exclude, root=str(cfg.root))
        with gc_paused():  # a large termbase is a million small objects: see termkit/gcpause.py
            tb = load_termbase(termbase or list(cfg.termbases) or None, cache=True)
        paths = paths or list(cfg.paths) or ([] if source or target else [Path(".")])
        result = run_check(paths, tb, options, bi_options, source, target, fixing=fix or diff)
        result = apply_ignores(result, cfg)
        if write_baseline is not None:
            n = write_baseline_file(write_baseline, result, encoding)
            typer.echo(f"termkit: wrote {n} finding(s) of {len(result.files)} file(s) to {write_baseline}", err=True)
            raise typer.Exit(0)
        result, base = apply_baseline(result, baseline or cfg.baseline, encoding)
        if fix or diff:
            result = run_fixes(result, tb, options, base, paths, diff_only=diff, unfixable=cfg.unfixable)
    except TermkitError as exc:
        raise fail(exc)
    for note in result.notes:
        typer.echo(f"termkit: note: {note}", err=True)
    if output:
        try:
            stream = open_output(output)
        except TermkitError as exc:
            raise fail(exc)
        with stream, gc_paused():
            render(result, fmt, stream, color=False, encoding=encoding, fail_on=fail_on, termbase=tb)
    else:
        use_color = sys.stdout.isatty() if color is None else color
        with gc_paused():
            render(result, fmt, sys.stdout, color=use_color, encoding=encoding, fail_on=fail_on, termbase=tb)
    raise typer.Exit(result.exit_code(fail_on))
