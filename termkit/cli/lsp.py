"""`termkit lsp`: start the language server (``termkit.lsp``) on standard input and output.

The server needs pygls, an optional dependency (the ``lsp`` extra): without
it the command says how to install it, in one line, and exits 2.
"""

from __future__ import annotations

import importlib.util

import typer

from termkit.cli.app import command

INSTALL_HINT = "termkit lsp needs pygls: pip install 'termkit[lsp]'"


@command(short_help="Start the language server (diagnostics, fixes, hover, completion) for editors.")
def lsp(
    stdio: bool = typer.Option(True, "--stdio", help="Talk over standard input and output (the default, and the only transport)."),
) -> None:
    """Start the language server on standard input and output, for editors: diagnostics as you type,
    safe fixes, ignore comments, a term's concept on hover and completion of preferred forms.
    See docs/editors.md for VS Code, Neovim, Emacs and Helix."""
    if importlib.util.find_spec("pygls") is None:
        typer.echo(f"termkit: error: {INSTALL_HINT}", err=True)
        raise typer.Exit(2)
    from termkit.lsp.server import serve

    serve()
