"""`termkit lookup`: the typer registration of the lookup command.

The console command answers ``termkit lookup`` in ``termkit.cli.entry`` without
importing typer (start-up time); this registration lists it in ``termkit
--help`` and serves ``termkit.cli.app.main([...])`` callers, with the same options
and the same ``run_lookup``.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from termkit.cli.app import PlainCommand, command
from termkit.cli.entry import LOOKUP_HELP, LOOKUP_QUERY_HELP, lookup_help, run_lookup


class LookupCommand(PlainCommand):
    """--help is the console command's own (``termkit.cli.entry.lookup_help``), word for word."""

    def format_help(self, ctx, formatter) -> None:
        formatter.write(lookup_help())


@command(cls=LookupCommand, help=LOOKUP_HELP, short_help="Look a term up: the concept, its preferred forms, and what replaces a deprecated one.")
def lookup(
    query: List[str] = typer.Argument(..., metavar="QUERY", help=LOOKUP_QUERY_HELP),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", metavar="PATH", help="Termbase file or directory (repeatable; default: the configuration's, else bundled)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    limit: int = typer.Option(10, "--limit", "-n", metavar="N", help="Show at most N concepts."),
    lang: Optional[str] = typer.Option(None, "--lang", metavar="LANG", help="Match only Chinese (zh) or only English (en) forms."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Load and validate the termbases instead of reading the cached index."),
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Configuration file whose termbases to use (default: termkit.toml or [tool.termkit] in pyproject.toml, found by walking up)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore all configuration files."),
) -> None:
    raise typer.Exit(run_lookup(" ".join(query), termbase or None, as_json=as_json, limit=limit,
                                lang=lang, cache=not no_cache, config=config, isolated=isolated))
