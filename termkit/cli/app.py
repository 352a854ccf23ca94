"""The `termkit` command: a thin typer shell over the library.

Each command lives in its own module and registers itself on ``app`` with
``command``; this module builds the app, renders every ``--help`` in the one
plain style of ``termkit.cli.helptext`` and turns input and usage errors into
one line and exit 2.
"""

from __future__ import annotations

import sys
import typing

import typer
import typer.core

from termkit.cli.entry import guarded
from termkit.cli.helptext import HELP_TEXT, argument_label, format_help, option_label
from termkit.cli.output import color_wanted, error_line, note, open_output  # noqa: F401  (the commands import them from here)
from termkit.errors import TermkitError

try:  # typer vendors click from 0.2x on; before, it runs on click itself
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover
    from click import exceptions as click_errors  # type: ignore[no-redef]


def _param_rows(command, ctx) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """The argument rows, the option rows and the usage tail of a command's parameters."""
    arguments, options, usage, required = [], [], "", ""
    for p in command.get_params(ctx):
        if getattr(p, "hidden", False):
            continue
        text = getattr(p, "help", None) or ""
        if p.param_type_name == "argument":
            label = argument_label(p.metavar or p.name.upper(), p.required, p.nargs == -1)
            arguments.append((label, text))
            usage += f" {label}"
        elif p.name == "help":
            options.append((option_label(p.opts), HELP_TEXT))
        else:
            metavar = None if p.is_flag or getattr(p, "count", False) else (p.metavar or p.name.upper())
            label = option_label(p.opts, metavar)
            if p.secondary_opts:
                label += " / " + ", ".join(p.secondary_opts)
            options.append((label, text))
            if p.required:
                flag = min(p.opts, key=len)
                required += f" {flag} {metavar}" if metavar else f" {flag}"
    return arguments, options, usage + required


class PlainCommand(typer.core.TyperCommand):
    """A command whose --help is the plain page of ``termkit.cli.helptext``."""

    def format_help(self, ctx, formatter) -> None:
        arguments, options, usage = _param_rows(self, ctx)
        formatter.write(format_help(f"{ctx.command_path} [options]{usage}", self.help or "",
                                    [("arguments", arguments), ("options", options)], self.epilog or ""))


class PlainGroup(typer.core.TyperGroup):
    """The `termkit` group, with the same plain --help listing the commands."""

    def format_help(self, ctx, formatter) -> None:
        _, options, _ = _param_rows(self, ctx)
        commands = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is not None and not getattr(cmd, "hidden", False):
                commands.append((name, cmd.short_help or (cmd.help or "").strip().split("\n\n")[0]))
        formatter.write(format_help(f"{ctx.command_path} [options] COMMAND [ARGS]...", self.help or "",
                                    [("commands", commands), ("options", options)],
                                    f"Run `{ctx.command_path} COMMAND --help` for the options of a command."))


app = typer.Typer(
    name="termkit",
    cls=PlainGroup,
    help="Chinese-English terminology toolkit for UN and environmental-treaty documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def command(name: str | None = None, *, cls: type = PlainCommand, **kwargs):
    """Register a command on ``app`` with the plain --help (``@command()`` where typer has ``@app.command()``)."""
    return app.command(name, cls=cls, **kwargs)


def _version_callback(value: bool) -> None:
    if value:
        from termkit.cli.entry import print_version

        raise typer.Exit(print_version())


@app.callback()
def _main_options(
    version: bool = typer.Option(False, "--version", "-V", is_eager=True, callback=_version_callback,
                                 help="Print the version and exit."),
) -> None:
    """Chinese-English terminology toolkit for UN and environmental-treaty documents."""


def fail(exc: TermkitError) -> typer.Exit:
    """Print an input error as one line on stderr and return the exit to raise."""
    error_line(exc)
    return typer.Exit(2)


#: the help of every command's --quiet
QUIET_HELP = "Print no notes or summaries on stderr (errors still print)."
#: the help of every command's --scheduler
SCHEDULER_HELP = ("Run on the Dask cluster of this scheduler, e.g. tcp://host:8786 (default: the configuration's "
                  "scheduler, else DASK_SCHEDULER_ADDRESS); every worker must reach the files at the same paths. "
                  "Needs pip install 'termkit[dask]'.")
JOBS_HELP = "Processes to use on this machine (default: 1)."


def configured_scheduler(option: str | None) -> str | None:
    """The Dask scheduler of a command without a configuration of its own: the option, else the ``scheduler``
    of the configuration that applies here, else ``DASK_SCHEDULER_ADDRESS``."""
    from termkit.engine.options import scheduler_address

    if option:
        return option
    from termkit.config import resolve_config

    return scheduler_address(None, resolve_config(None, False).scheduler)


def _register_commands() -> None:
    from termkit.cli import (  # noqa: F401  (each module adds its command to app)
        audit,  # noqa: F401
        check,
        config,  # noqa: F401
        extract,  # noqa: F401
        glossary,  # noqa: F401  (glossary, export, import)
        lookup,  # noqa: F401
        lsp,  # noqa: F401
        termbases,  # noqa: F401
        validate,
    )


_register_commands()


def usage_error(exc, args: typing.Sequence[str] = ()) -> str:
    """A usage error as one line, as `termkit lookup` gives its own: what is wrong and where to look."""
    message = exc.format_message().strip().rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        path = ctx.command_path
    else:  # some parser errors come without their command: it is the first argument
        path = "termkit " + args[0] if args and not args[0].startswith("-") else "termkit"
    where = path.split(" ", 1)[1] + ": " if " " in path else ""
    return f"termkit: error: {where}{message} (see `{path} --help`)"


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point for what ``termkit.cli.entry`` does not serve itself.

    Every way out is one line on stderr and an exit code, never a traceback
    (``entry.guarded``); usage errors are one line and exit 2 too.
    """
    args = sys.argv[1:] if argv is None else argv
    return guarded(lambda: _run(args))


def _run(args: typing.Sequence[str]) -> int:
    no_args_is_help = getattr(click_errors, "NoArgsIsHelpError", ())
    try:
        code = app(args=list(args), prog_name="termkit", standalone_mode=False)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 2)
    except no_args_is_help as exc:  # `termkit` alone: the help, on stderr, and exit 2
        typer.echo(exc.format_message(), err=True)
        return 2
    except click_errors.UsageError as exc:
        typer.echo(usage_error(exc, args), err=True)
        return 2
    except click_errors.ClickException as exc:
        typer.echo(f"termkit: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except typer.Abort:
        typer.echo("termkit: interrupted", err=True)
        return 130
    # input errors, interrupts and bugs are entry.guarded's, as on the fast paths
    return code if isinstance(code, int) else 0
