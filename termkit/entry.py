"""The `termkit` console command: serves `lookup` itself and hands every other command to the typer CLI.

A translator runs ``termkit lookup`` in the middle of a sentence, so it must
start about as fast as the interpreter. The typer application imports typer
and registers every command (the check engine, OpenCC, the matcher, YAML), which
costs several times the interpreter's own start-up. This dispatcher parses
``lookup`` with argparse and answers from the cached index
(``termkit.lookup.load_index``); ``termkit.cli`` registers the same command
(same options, same ``run_lookup``) so ``termkit --help`` lists it and the
library-level CLI stays complete.
"""

from __future__ import annotations

import sys

from .errors import TermkitError

LOOKUP_HELP = ("Look a term up: Chinese (simplified or traditional), English in any case, an "
               "abbreviation or a concept id. Exact forms first, then prefixes and substrings, then "
               "fuzzy matches. Exit 0 when something is found, 1 when nothing is, 2 on a bad termbase "
               "or option.")
LOOKUP_EPILOG = ("examples: termkit lookup 巴塞尔公约 | termkit lookup 鹿特丹公約 | "
                 "termkit lookup \"rotterdam convention\" | termkit lookup PIC --json")


def run_lookup(query: str, termbases=None, *, as_json: bool = False, limit: int = 10,
               lang: str | None = None, cache: bool = True, stdout=None, stderr=None) -> int:
    """Look ``query`` up and write the result; returns the exit code (0 found, 1 none, 2 error)."""
    from .lookup import load_index
    from .lookup_report import render_json, render_text

    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    try:
        result = load_index(termbases or None, cache=cache).search(query, limit=limit, lang=lang)
    except TermkitError as exc:
        err.write(f"termkit: error: {exc}\n")
        return 2
    (render_json if as_json else render_text)(result, out)
    return 0 if result.hits else 1


def _lookup_parser():
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # one line and exit 2, like every other termkit error
            self.exit(2, f"termkit: error: lookup: {message} (see `termkit lookup --help`)\n")

    parser = _Parser(prog="termkit lookup", description=LOOKUP_HELP, epilog=LOOKUP_EPILOG)
    parser.add_argument("query", nargs="+", help="the term to look up (several words are joined with spaces)")
    parser.add_argument("-t", "--termbase", action="append", metavar="PATH",
                        help="termbase file or directory (repeatable; default: bundled)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("-n", "--limit", type=int, default=10, metavar="N",
                        help="show at most N concepts (default: 10)")
    parser.add_argument("--lang", choices=("zh", "en"), help="match only Chinese or only English forms")
    parser.add_argument("--no-cache", action="store_true",
                        help="load and validate the termbases instead of reading the cached index")
    return parser


def lookup_main(argv: list[str]) -> int:
    args = _lookup_parser().parse_args(argv)
    return run_lookup(" ".join(args.query), args.termbase, as_json=args.json, limit=args.limit,
                      lang=args.lang, cache=not args.no_cache)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point (also `python -m termkit`)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args and args[0] == "lookup":
        try:
            return lookup_main(args[1:])
        except SystemExit as exc:  # argparse's --help and usage errors
            code = exc.code
            return code if isinstance(code, int) else (0 if code is None else 2)
        except KeyboardInterrupt:
            sys.stderr.write("termkit: interrupted\n")
            return 130
    from .cli import main as cli_main

    return cli_main(args)
