"""Run the per-document half of a check on several processes.

Each worker gets the termbase and the options once (at start-up), then reads,
normalizes, matches and runs the document-scope rules on whole files. Results
come back in file order, and corpus-scope rules collect them in the parent, so
the findings are the same, byte for byte, as a run in one process.

On Linux the workers are forked after the matcher has been compiled, so they
share it instead of each compiling their own.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from termkit.engine.scan import scan_document
from termkit.errors import TermbaseError, TermkitError
from termkit.match.chinese import matcher_for

_STATE: dict = {}


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(termbase, options) -> None:
    _STATE["termbase"] = termbase
    _STATE["options"] = options
    _STATE["active"] = options.active_rules("document")


def _scan(source):
    try:
        return scan_document(source, _STATE["termbase"], _STATE["options"], _STATE["active"])
    except TermkitError as exc:
        # exceptions with extra constructor arguments do not survive pickling;
        # send the parts back and rebuild the error in the parent
        return _Failure(type(exc), exc.message, exc.path, exc.line, exc.column, str(exc))


class _Failure:
    def __init__(self, cls, message, path, line, column, text) -> None:
        self.cls, self.message, self.path, self.line, self.column, self.text = cls, message, path, line, column, text

    def error(self) -> TermkitError:
        if issubclass(self.cls, TermbaseError):
            return TermkitError(self.text)
        return self.cls(self.message, self.path, self.line, self.column)


def _context():
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def scan_parallel(files: list, termbase, options) -> Iterator:
    """DocumentScan of every file (a path or a Document), in the order of ``files``; the first error (in that
    order) is raised."""
    matcher_for(termbase)  # compile once before forking
    jobs = max(1, min(options.jobs, len(files)))
    # a few chunks per worker balances uneven file sizes without per-file overhead
    chunksize = max(1, len(files) // (jobs * 4))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(),
                               initializer=_init, initargs=(termbase, options))
    try:
        for result in pool.map(_scan, files, chunksize=chunksize):
            if isinstance(result, _Failure):
                raise result.error()
            yield result
    finally:
        # on an error, do not wait for the files after it
        pool.shutdown(wait=True, cancel_futures=True)
