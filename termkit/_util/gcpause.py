"""Pause Python's cyclic garbage collector while many acyclic objects are built.

A check of a large file creates millions of small objects (matches, hits,
findings) that hold no reference cycles. Each allocation burst makes the
collector walk every live container, and the longer the match list grows the
more it walks: with a 100,000-term termbase a third of the matching time went
to collections that could free nothing. Reference counting still frees
everything as usual; cycles made meanwhile are collected after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector for the block; restore it only if this call disabled it.

    Nested and concurrent uses are safe: an inner pause sees the collector
    already off and leaves it to the outer one.
    """
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
