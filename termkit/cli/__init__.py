"""The `termkit` command line: a thin shell that parses options, calls the library, renders and exits.

Kept empty of imports on purpose: the console script (``termkit.cli.entry``)
answers ``termkit lookup`` without importing the typer application
(``termkit.cli.app``), whose command tree costs several times the
interpreter's start-up.
"""
