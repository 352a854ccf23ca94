"""Regular expressions compiled on first use, for module-level patterns a one-line check may never need.

Compiling a character class of CJK ranges costs about 4 ms (``re`` walks every
code point of each range in Python): a dozen such patterns at import time are
a large share of a cold start, and most of them serve rare paths (a document
cut into parts, a bracket in Chinese text, an encoding to be guessed).
"""

from __future__ import annotations

import re
from typing import Any, cast


class _Lazy:
    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return getattr(compiled, name)

    def __reduce__(self):  # a pattern sent to a worker process is compiled there, on its first use
        return (_Lazy, (self.pattern, self.flags))


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A stand-in for ``re.compile(pattern, flags)`` that compiles on its first use (``.pattern`` excepted)."""
    return cast("re.Pattern[str]", _Lazy(pattern, flags))
