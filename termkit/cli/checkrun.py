"""`termkit check` without the CLI framework: its options as a table, a quick parser, and the run itself.

A pre-commit hook starts `termkit check` once per commit, so the command must
start about as fast as the interpreter. The typer application imports typer,
click and their dependencies and registers every command; for a well-formed
`termkit check` line, ``termkit.cli.entry`` parses the options with
``quick_parse`` (the table ``CHECK_OPTIONS`` below) and calls ``run``, and
never imports typer. Anything the quick parser does not take for certain
(``--help``, a misspelt or abbreviated option, a value that is not a number)
goes to the typer command (``termkit.cli.check``), which declares the same
options with their help and calls the same ``run``. A test holds the two
declarations equal and compares both paths on real command lines.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from termkit.cli.entry import scan_options

#: the options of `termkit check`: (flags, name, kind, default); kind is "flag", "value", "append", "int" (at
#: least 1), "path", "paths" (repeatable path) or "bool" (a --x/--no-x pair: the flags are the two forms)
CHECK_OPTIONS: tuple[tuple[tuple[str, ...], str, str, Any], ...] = (
    (("--termbase", "-t"), "termbase", "paths", None),
    (("--format", "-f"), "fmt", "value", None),
    (("--output", "-o"), "output", "path", None),
    (("--fail-on",), "fail_on", "value", None),
    (("--scope",), "scope", "value", None),
    (("--rule",), "rule", "append", None),
    (("--severity",), "severity", "append", None),
    (("--encoding",), "encoding", "value", None),
    (("--color", "--no-color"), "color", "bool", None),
    (("--config",), "config", "path", None),
    (("--isolated",), "isolated", "flag", False),
    (("--baseline",), "baseline", "path", None),
    (("--write-baseline",), "write_baseline", "path", None),
    (("--fix",), "fix", "flag", False),
    (("--fix-read-only",), "fix_read_only", "flag", False),
    (("--fix-mode",), "fix_mode", "value", "tracked"),
    (("--diff",), "diff", "flag", False),
    (("--jobs", "-j"), "jobs", "int", None),
    (("--date",), "date", "value", None),
    (("--scheduler",), "scheduler", "value", None),
    (("--source",), "source", "path", None),
    (("--target",), "target", "path", None),
    (("--stdin-filename",), "stdin_filename", "value", None),
    (("--quiet", "-q"), "quiet", "flag", False),
    (("--no-progress",), "no_progress", "flag", False),
)

#: the name of the document read from '-' when --stdin-filename gives none
STDIN_NAME = "<stdin>"


def quick_parse(argv: list[str]) -> dict[str, Any] | None:
    """The values typer would give the check command for ``argv``, or None to let typer parse it.

    Declines help, unknown or abbreviated options, a missing value and a bad number:
    typer then gives its usage message or help page.
    """
    scanned = scan_options(argv, CHECK_OPTIONS)
    if scanned is None:
        return None
    values, words = scanned
    values["paths"] = [Path(w) for w in words] or None
    return values


def read_stdin() -> bytes | str:
    """Standard input, whole: bytes, to be decoded like a file (an in-process runner's text stream gives str).

    At most ``MAX_FILE_SIZE`` bytes are read, as from a file (``< /dev/zero`` is refused, not read forever).
    """
    from termkit.errors import InputError
    from termkit.text.document import MAX_FILE_SIZE

    stream = sys.stdin
    if stream is None:
        return b""
    buffer = getattr(stream, "buffer", None)
    data = buffer.read(MAX_FILE_SIZE + 1) if buffer is not None else stream.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise InputError(f"standard input holds more than the limit of {MAX_FILE_SIZE:,} bytes: not read",
                         "<stdin>")
    return data


def stdin_texts(paths: list[Path], stdin_filename: str | None) -> tuple[list[Path], dict[str, bytes | str] | None]:
    """The paths without '-', and the document read from standard input when '-' was among them."""
    from termkit.errors import ConfigError

    plain = [p for p in paths if str(p) != "-"]
    if len(plain) == len(paths):
        if stdin_filename is not None:
            raise ConfigError("--stdin-filename names the document read from standard input: add '-' to the paths")
        return plain, None
    return plain, {stdin_filename or STDIN_NAME: read_stdin()}


def write_fixed(texts: dict[str, bytes | str], fixed: dict) -> None:
    """`check --fix -`: the whole document on stdout, fixed, in the encoding (and with the byte-order mark) it
    came in; byte for byte what was read when nothing was fixed."""
    sys.stdout.flush()
    out = getattr(sys.stdout, "buffer", None)
    for name, original in texts.items():
        doc = fixed.get(name)
        if out is None or isinstance(original, str):  # an in-process runner's text streams
            text = doc.text if doc is not None else original
            sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8", "replace"))
            continue
        out.write(original if doc is None else doc.bom + doc.text.encode(doc.encoding))
        out.flush()


def parse_severities(items: list[str]) -> dict[str, str]:
    from termkit.errors import ConfigError

    out = {}
    for item in items:
        rule, sep, level = item.partition("=")
        if not sep or not rule or not level:
            raise ConfigError(f"--severity takes RULE=LEVEL, not '{item}'")
        out[rule.strip()] = level.strip()
    return out


def run(v: dict[str, Any]) -> int:
    """Run `termkit check` with parsed values (``quick_parse``'s, or the typer command's); the exit code."""
    from termkit._util.gcpause import gc_paused
    from termkit.api import check as run_check
    from termkit.cli.output import color_wanted, error_line, note, open_output
    from termkit.cli.progress import progress_callback
    from termkit.errors import TermkitError
    from termkit.report import render

    quiet, fix = v["quiet"], v["fix"]
    try:
        plain, texts = stdin_texts(list(v["paths"] or ()), v["stdin_filename"])
        with progress_callback(v["no_progress"], quiet) as progress:
            outcome = run_check(plain, termbase=v["termbase"] or None, config=v["config"], isolated=v["isolated"],
                                source=v["source"], target=v["target"], scope=v["scope"], rules=v["rule"] or None,
                                severities=parse_severities(v["severity"] or []), encoding=v["encoding"],
                                jobs=v["jobs"], baseline=v["baseline"], write_baseline=v["write_baseline"], fix=fix,
                                diff=v["diff"], fail_on=v["fail_on"], format=v["fmt"], texts=texts,
                                date=v["date"], fix_read_only=v["fix_read_only"], fix_mode=v["fix_mode"],
                                scheduler=v["scheduler"], progress=progress)
    except TermkitError as exc:
        error_line(exc)
        return 2
    run_ = outcome.run
    if outcome.baseline_written is not None:
        note(f"wrote {outcome.baseline_written} finding(s) of {len(run_.result.files)} file(s) "
             f"to {v['write_baseline']}", quiet)
        return 0
    for text in run_.fix_notes:
        note(f"note: {text}", quiet)
    if run_.diff is not None:
        sys.stdout.write(run_.diff)
        note(f"{run_.fixed} fix(es) in {run_.fixed_files} file(s) (nothing written)", quiet)
        return outcome.exit_code
    if fix and texts:
        write_fixed(texts, run_.fixed_documents)
    if fix:
        note(f"fixed {run_.fixed} finding(s) in {run_.fixed_files} file(s)", quiet)
    for text in run_.result.notes:
        note(f"note: {text}", quiet)
    options = dict(encoding=outcome.encoding, fail_on=outcome.fail_on, termbase=outcome.termbase,
                   sources=outcome.sources(), summary=not quiet)
    if v["output"]:
        try:
            stream = open_output(v["output"])
        except TermkitError as exc:
            error_line(exc)
            return 2
        with stream, gc_paused():
            render(run_.result, outcome.format, stream, color=False, **options)
    else:
        # with --fix, stdout holds the fixed document read from '-': the report goes to stderr
        stream = sys.stderr if fix and texts else sys.stdout
        with gc_paused():
            render(run_.result, outcome.format, stream, color=color_wanted(v["color"], stream), **options)
    return outcome.exit_code
