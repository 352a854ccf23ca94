"""`termkit validate`: check termbase files and run their examples."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from termkit.cli.app import command, fail
from termkit.engine.selftest import run_examples
from termkit.errors import TermkitError
from termkit.termbase import collect, termbase_files


@command()
def validate(
    termbases: List[Path] = typer.Argument(None, metavar="PATH", help="Termbase files or directories (default: bundled)."),
) -> None:
    """Validate termbases: schema, duplicates, conflicts, replacements, and examples."""
    try:
        files = termbase_files(termbases or None)
    except TermkitError as exc:
        raise fail(exc) from None
    termbase, problems = collect(files)
    if not problems:
        problems = run_examples(termbase)
    for p in problems:
        typer.echo(str(p), err=True)
    if problems:
        typer.echo(f"termkit: {len(problems)} problem(s) in {len(files)} termbase file(s)", err=True)
        raise typer.Exit(2)
    n_terms = sum(len(c.terms) for c in termbase.concepts)
    n_examples = sum(len(c.examples) for c in termbase.concepts)
    typer.echo(f"ok: {len(termbase.concepts)} concepts, {n_terms} terms, {n_examples} examples "
               f"in {len(files)} file(s)")
