"""Termbases: find the YAML files, read them with positions, validate, build the model."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from termkit.errors import TermkitError
from termkit.model import Termbase

__all__ = ["bundled_dir", "termbase_files", "read_termbase", "collect"]


def bundled_dir() -> Path:
    """The termbases shipped with termkit.

    A wheel carries them inside the package (``termkit/glossary``); a source
    checkout or an editable install reads the top-level ``glossary/``.
    """
    here = Path(__file__).resolve().parent.parent
    inside = here / "glossary"
    if inside.is_dir():
        return inside
    return here.parent / "glossary"


def termbase_files(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """Expand termbase arguments: files as given, directories to the *.yaml files under them.

    A directory is searched at every depth (a bundled termbase is a folder of
    domain files), hidden entries passed over, in sorted path order.
    """
    if not paths:
        paths = [bundled_dir()]
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in list(p.rglob("*.yaml")) + list(p.rglob("*.yml"))
                           if not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not found:
                raise TermkitError("no termbase files (*.yaml) in directory", str(p))
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise TermkitError("termbase file not found", str(p))
    return out


def read_termbase(paths: Iterable[str | Path] | None = None) -> Termbase:
    """Read, validate and merge termbases (the bundled ones when no path is given), without running
    their examples; ``termkit.load_termbase`` also runs the examples and can use the cache."""
    from termkit.termbase.load import load_paths

    return load_paths(termbase_files(paths))


def collect(paths: Iterable[str | Path]):
    """``termkit.termbase.load.collect``: (termbase, problems) of termbase files, loaded lazily (YAML is not
    imported by a check that reads its termbase from the cache)."""
    from termkit.termbase.load import collect as _collect

    return _collect(paths)
