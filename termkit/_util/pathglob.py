"""Match file paths against gitignore-style globs (``*``, ``?``, ``[…]``, ``**``).

Python 3.11's ``fnmatch`` lets ``*`` cross ``/`` and ``PurePath.match`` has no
``**``; configuration globs need both to mean what users expect from
``.gitignore``: a pattern without a slash matches a file or directory name at
any depth, a pattern with a slash matches the path from the configuration root.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern:
    """A regex for one glob, matched against a POSIX path relative to the root."""
    pat = pattern.strip()
    anchored = "/" in pat.rstrip("/")
    pat = pat.strip("/")
    out = []
    i = 0
    while i < len(pat):
        c = pat[i]
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            close = pat.find("]", i + 2 if pat[i + 1:i + 2] in ("!", "]") else i + 1)
            if close == -1:
                out.append(re.escape(c))
                i += 1
                continue
            body = pat[i + 1:close]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    body = "".join(out)
    # a match on a directory covers everything below it
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{body}(?:/.*)?$", re.DOTALL)


def relative_posix(path: str | Path, root: str | Path | None) -> str:
    """``path`` relative to ``root`` with forward slashes; as given when it lies outside."""
    p = Path(path)
    if root is None:
        return p.as_posix()
    try:
        return Path(os.path.relpath(p.resolve(), Path(root).resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return p.as_posix()


def matches_any(path: str | Path, patterns, root: str | Path | None = None) -> bool:
    rel = relative_posix(path, root)
    if rel.startswith("../"):
        # outside the root: only slash-free patterns (file names) can apply
        rel = Path(rel).name
    return any(compile_glob(p).match(rel) for p in patterns)
