"""Run per-document work on several processes of this machine (``--jobs``).

The work (a callable: scan one document, summarize one for a reduction) is
handed to the workers when they start: on Linux they are forked after the
termbase is loaded and the matcher compiled, so they share both instead of each
building its own, and the callable need not be picklable. Results come back in
the order of the items, so whatever is done with them in the parent (corpus
reductions, reports) sees them in the same order as a run in one process, and
the output is the same, byte for byte.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from termkit.errors import TermbaseError, TermkitError

_STATE: dict = {}


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _init(func) -> None:
    _STATE["func"] = func


def _call(item):
    try:
        return _STATE["func"](item)
    except TermkitError as exc:
        # exceptions with extra constructor arguments do not survive pickling;
        # send the parts back and rebuild the error in the parent
        return Failure.of(exc)


class Failure:
    """A TermkitError sent back from a worker by its parts (one with extra constructor arguments does not
    survive pickling), with the index of the item that raised it; ``error()`` rebuilds it."""

    def __init__(self, cls, message, path, line, column, text, index: int = 0) -> None:
        self.cls, self.message, self.path, self.line, self.column, self.text = cls, message, path, line, column, text
        self.index = index

    @classmethod
    def of(cls, exc: TermkitError, index: int = 0) -> Failure:
        return cls(type(exc), exc.message, exc.path, exc.line, exc.column, str(exc), index)

    def error(self) -> TermkitError:
        if issubclass(self.cls, TermbaseError):
            return TermkitError(self.text)
        return self.cls(self.message, self.path, self.line, self.column)


def _context():
    import multiprocessing  # here, not at the top: a one-file check never starts a pool

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def map_parallel(func: Callable[[Any], Any], items: Sequence, jobs: int) -> Iterator:
    """``func(item)`` for every item on up to ``jobs`` processes, in the order of ``items``; the first error
    (in that order) is raised."""
    from concurrent.futures import ProcessPoolExecutor

    jobs = max(1, min(jobs, len(items)))
    # a few chunks per worker balances uneven file sizes without per-file overhead
    chunksize = max(1, len(items) // (jobs * 4))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init, initargs=(func,))
    try:
        for result in pool.map(_call, items, chunksize=chunksize):
            if isinstance(result, Failure):
                raise result.error()
            yield result
    finally:
        # on an error, do not wait for the files after it
        pool.shutdown(wait=True, cancel_futures=True)
