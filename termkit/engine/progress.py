"""Progress of a long run, reported to a callback: the library never prints.

A run calls ``progress(Progress(...))`` as documents (or the parts of a large
one) are done; the command line draws a bar with a rate and an estimate on
standard error from it (``termkit.cli.progress``), a library user does what
they like. Amounts are in bytes of input, so a rate is MB/s and one large file
moves the bar as its parts are checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """How far a run is: documents and bytes done, of how many."""

    #: what is running: "check", "glossary", "extract", "audit", ...
    task: str
    done: int
    total: int
    done_bytes: int
    total_bytes: int


ProgressCallback = Callable[[Progress], None]


def file_sizes(sources: list) -> list[int]:
    """The size in bytes of each source (a path, or a document given by content); 0 when unknown."""
    sizes = []
    for s in sources:
        text = getattr(s, "text", None)
        if text is not None:
            sizes.append(len(text.encode("utf-8", "surrogatepass")))
            continue
        try:
            sizes.append(os.stat(s).st_size)
        except (OSError, TypeError, ValueError):
            sizes.append(0)
    return sizes


class Tracker:
    """Counts work done and calls the callback (nothing at all without one)."""

    def __init__(self, task: str, sizes: list[int], callback: ProgressCallback | None) -> None:
        self.task = task
        self.sizes = sizes
        self.total_bytes = sum(sizes)
        self.callback = callback
        self.done = 0
        self.done_bytes = 0

    def start(self) -> None:
        self._emit(0)

    def part(self, index: int, chars_done: int, chars_total: int) -> None:
        """Part of document ``index`` is done (``chars_done`` of ``chars_total`` characters)."""
        if self.callback is not None and chars_total and chars_done < chars_total:
            self._emit(int(self.sizes[index] * chars_done / chars_total))

    def finished(self, indices) -> None:
        """These documents are done."""
        for i in indices:
            self.done += 1
            self.done_bytes += self.sizes[i]
        self._emit(0)

    def _emit(self, extra: int) -> None:
        if self.callback is not None:
            self.callback(Progress(self.task, self.done, len(self.sizes), self.done_bytes + extra, self.total_bytes))
