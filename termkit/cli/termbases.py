"""`termkit termbases`: list termbases (by default the bundled ones) with their size, role and sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List

import typer

from termkit.cli.app import command, fail
from termkit.errors import ConfigError, TermkitError

FORMATS = ("text", "json", "markdown")


def render_text(rows) -> str:
    header = ("name", "concepts", "zh", "en", "flagged", "unverified", "role")
    table = [header] + [(r.name, str(r.concepts), str(r.zh_terms), str(r.en_terms), str(r.flagged_forms),
                         str(r.unverified), r.role) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = []
    for row in table:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:-1], widths[1:-1])] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    total = sum(r.concepts for r in rows)
    lines.append(f"{total} concepts in {len(rows)} termbase(s)")
    return "\n".join(lines) + "\n"


def render_markdown(rows) -> str:
    """The table the README and docs/termbases.md show (docs/gen_rules.py writes it there)."""
    out = ["| termbase | concepts | zh / en terms | flagged forms | unverified | role | main sources |",
           "|---|---:|---:|---:|---:|---|---|"]
    for r in rows:
        sources = "; ".join(r.main_sources()).replace("|", "\\|")
        out.append(f"| `{r.name}` | {r.concepts:,} | {r.zh_terms:,} / {r.en_terms:,} | {r.flagged_forms:,} | "
                   f"{r.unverified:,} | {r.role} | {sources} |")
    total = sum(r.concepts for r in rows)
    out.append(f"| **all** | **{total:,}** | | | | | |")
    return "\n".join(out) + "\n"


def termbase_rows(paths=None, by_folder: bool = False):
    """The summary rows of the named termbases (bundled when none), as ``termkit termbases`` lists them."""
    from termkit.api import load_termbase
    from termkit.termbase import bundled_dir
    from termkit.termbase.summary import group_by_folder, summarize

    rows = summarize(load_termbase(paths or None, cache=True), root=bundled_dir())
    return group_by_folder(rows) if by_folder else rows


@command()
def termbases(
    paths: List[Path] = typer.Argument(None, metavar="PATH", help="Termbase files, directories or bundled names (default: all bundled)."),
    by_folder: bool = typer.Option(False, "--by-folder", help="One row per folder of the bundled termbase (chemicals-waste, geography, ...)."),
    fmt: str = typer.Option("text", "--format", "-f", metavar="FORMAT", help="text, json or markdown."),
) -> None:
    """List termbases: concepts, terms, flagged forms, unverified concepts, role and sources of each file."""
    try:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown format '{fmt}' (choose from {', '.join(FORMATS)})")
        rows = termbase_rows([str(p) for p in paths] if paths else None, by_folder)
    except TermkitError as exc:
        raise fail(exc) from None
    if fmt == "json":
        typer.echo(json.dumps({"version": 1, "termbases": [r.as_dict() for r in rows]}, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        typer.echo(render_markdown(rows), nl=False)
    else:
        typer.echo(render_text(rows), nl=False)
