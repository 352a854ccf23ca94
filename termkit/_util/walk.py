"""The termbase files under a folder: the one walk that ``termkit.termbase`` and ``termkit lookup``'s fast path share.

Plain ``os`` only (no pathlib, no re): ``termkit lookup`` lists the bundled
folders on every cold start.
"""

from __future__ import annotations

import os


def yaml_files(directory: str) -> list[str]:
    """The *.yaml and *.yml files at any depth under ``directory``, hidden entries passed over.

    Sorted as ``sorted(Path(...))`` sorts them (by path components), so either
    caller gets the order the other does; symbolic links to folders are not
    followed, as ``Path.rglob`` does not.
    """
    found: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(os.path.join(root, n) for n in names if n.endswith((".yaml", ".yml")) and not n.startswith("."))
    return sorted(found, key=path_parts)


def path_parts(path: str) -> tuple[str, ...]:
    """A path's components: sorting by them orders paths as ``sorted(Path(...))`` does."""
    return tuple(p for p in path.replace(os.sep, "/").split("/") if p)
