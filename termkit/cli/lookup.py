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

from termkit.cli.app import app
from termkit.cli.entry import LOOKUP_HELP, run_lookup


@app.command(help=LOOKUP_HELP, short_help="Look a term up: the concept, its preferred forms, and what replaces a deprecated one.")
def lookup(
    query: List[str] = typer.Argument(..., help="The term to look up (several words are joined with spaces)."),
    termbase: List[Path] = typer.Option(None, "--termbase", "-t", help="Termbase file or directory (repeatable; default: the configuration's, else bundled)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    limit: int = typer.Option(10, "--limit", "-n", help="Show at most N concepts."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Match only Chinese (zh) or only English (en) forms."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Load and validate the termbases instead of reading the cached index."),
    config: Optional[Path] = typer.Option(None, "--config", help="Configuration file whose termbases to use (default: termkit.toml or \\[tool.termkit] in pyproject.toml, found by walking up)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore all configuration files."),
) -> None:
    raise typer.Exit(run_lookup(" ".join(query), termbase or None, as_json=as_json, limit=limit,
                                lang=lang, cache=not no_cache, config=config, isolated=isolated))
