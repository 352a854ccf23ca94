"""Progress of a long run on standard error: a bar with the rate and an estimate, on a terminal only.

The library reports progress to a callback (``termkit.engine.progress``); this
module turns it into rich's progress display (rich comes with typer). It draws
nothing when standard error is not a terminal, with ``--quiet`` or
``--no-progress``, and nothing for a run that ends within ``DELAY`` seconds (a
pre-commit hook on one file never flickers). The bar is transient: it is gone
when the run ends, and reports, which go to standard output or a file, never
hold any of it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: seconds a run must last before the bar appears
DELAY = 0.6
NO_PROGRESS_HELP = "Show no progress bar (it is shown on a terminal, on standard error, for runs that take a while)."


def wanted(no_progress: bool, quiet: bool, stream: Any = None) -> bool:
    """Whether to draw progress: a terminal on standard error, and neither --quiet nor --no-progress."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return not no_progress and not quiet and bool(isatty and isatty())


class _Bar:
    """The callback: starts rich's display once the run has lasted DELAY seconds, then updates it."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, p) -> None:
        if self.progress is None:
            if time.monotonic() - self.started < DELAY or p.done >= p.total:
                return
            self._start(p)
        self.progress.update(self.task, completed=p.done_bytes, total=max(p.total_bytes, 1),
                             files=f"{p.done}/{p.total} files")

    def _start(self, p) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        console = Console(file=self.stream, stderr=True)
        self.progress = Progress(TextColumn("termkit {task.description}"), BarColumn(), DownloadColumn(),
                                 TransferSpeedColumn(), TextColumn("{task.fields[files]}"),
                                 TextColumn("eta"), TimeRemainingColumn(), console=console, transient=True)
        self.progress.start()
        self.task = self.progress.add_task(p.task, total=max(p.total_bytes, 1), files="")

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


@contextmanager
def progress_callback(no_progress: bool = False, quiet: bool = False, stream: Any = None) -> Iterator[Any]:
    """A progress callback for the library (None when no progress is to be drawn)."""
    stream = stream if stream is not None else sys.stderr
    if not wanted(no_progress, quiet, stream):
        yield None
        return
    bar = _Bar(stream)
    try:
        yield bar
    finally:
        bar.close()
