"""`termkit config`: print the configuration `termkit check` would run with, and where it came from."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from termkit.api import default_jobs
from termkit.cli.app import command, fail
from termkit.config.file import resolve_config, to_toml
from termkit.errors import TermkitError


@command("config")
def config_command(
    config: Optional[Path] = typer.Option(None, "--config", metavar="FILE", help="Configuration file (default: found by walking up)."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore all configuration files (show the defaults)."),
) -> None:
    """Print the resolved configuration as TOML (defaults filled in)."""
    try:
        cfg = resolve_config(config, isolated)
    except TermkitError as exc:
        raise fail(exc) from None
    defaults = {"paths": ["."], "scope": "document", "fail-on": "error",
                "format": "text", "jobs": default_jobs()}
    typer.echo(to_toml(cfg, defaults), nl=False)
