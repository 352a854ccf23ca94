"""Load a termbase for checking: read and validate it, run its example sentences, keep it in the cache.

The termbase layer reads and validates YAML on its own; running the examples
needs the matcher and the fixer, which live above it, so the complete load —
what ``termkit.load_termbase`` and every command use — is composed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from termkit.errors import TermbaseError
from termkit.model import Termbase
from termkit.termbase import bundled_dir, termbase_files


def load_termbase(paths: Iterable[str | Path] | None = None, run_examples: bool = True,
                  *, cache: bool = False) -> Termbase:
    """Load, validate and merge termbases (the bundled ones when no path is given) and run their examples.

    With ``cache``, a termbase that loaded without problems is kept in termkit's
    user cache and read back while its files and termkit's code are unchanged
    (``termkit.termbase.cached``); a termbase with problems always raises
    ``TermbaseError`` listing every problem.
    """
    files = termbase_files(paths)
    validate = _examples_of(files) if run_examples else None
    if cache:
        from termkit.match.stored import remember
        from termkit.termbase.cached import load_cached

        termbase = load_cached(files, validate)
        if validate is not None:
            remember(termbase)  # what the examples compiled, stored under the termbase's key (a no-op on a hit)
        return termbase
    from termkit.termbase.load import load_paths

    termbase = load_paths(files)
    if validate is not None:
        problems = validate(termbase)
        if problems:
            raise TermbaseError(problems)
    return termbase


def _examples_of(files: list[Path]):
    """The example runner for a set of files.

    Bundled examples are written against the whole bundled termbase (an example
    of a country names the conventions around it): they run when all of it is
    loaded (the tests and `termkit validate` load it whole), not for a selection
    of it (``--termbase chemicals-waste``); a user's own files run theirs always.
    """

    def validate(termbase: Termbase) -> list:
        # decided here, when the examples run (a cache miss), not on every start-up
        from termkit.engine.selftest import run_examples

        bundled = termbase_files([bundled_dir()])
        chosen = {f.resolve() for f in files}
        whole = {f.resolve() for f in bundled}
        partial = bool(chosen & whole) and not whole <= chosen
        skip = frozenset(str(f) for f in bundled) if partial else frozenset()
        return run_examples(termbase, skip_files=skip)

    return validate
