"""Termbases: find the YAML files, read them with positions, validate, build the model."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from termkit._util.walk import yaml_files
from termkit.errors import TermkitError
from termkit.model import Termbase

__all__ = ["bundled_dir", "bundled_names", "termbase_files", "read_termbase", "collect"]


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


def _yaml_under(directory: Path) -> list[Path]:
    """The *.yaml and *.yml files at any depth under ``directory``, hidden entries passed over, sorted
    (``_util.walk``: an os.walk, several times cheaper than ``Path.rglob`` on every check's start-up)."""
    return [Path(f) for f in yaml_files(str(directory))]


def bundled_names() -> dict[str, list[Path]]:
    """The bundled termbases by the names a user selects them with.

    A folder of ``glossary/`` by its name (``chemicals-waste``, ``geography``) and
    each file by its folder and stem (``chemicals-waste/ozone``), in sorted order.
    """
    root = bundled_dir()
    names: dict[str, list[Path]] = {}
    for f in _yaml_under(root):
        rel = f.relative_to(root)
        if len(rel.parts) > 1:
            names.setdefault(rel.parts[0], []).append(f)
        names[rel.with_suffix("").as_posix()] = [f]
    return names


def termbase_files(paths: Iterable[str | Path] | None = None) -> list[Path]:
    """Expand termbase arguments: files as given, directories to the *.yaml files under them.

    A directory is searched at every depth (a bundled termbase is a folder of
    domain files), hidden entries passed over, in sorted path order. A name that
    is no path but names a bundled termbase (``chemicals-waste``,
    ``chemicals-waste/ozone``; see ``bundled_names``) selects it.
    """
    if not paths:
        paths = [bundled_dir()]
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if not p.exists() and str(p) in (names := bundled_names()):
            out.extend(names[str(p)])
        elif p.is_dir():
            found = _yaml_under(p)
            if not found:
                raise TermkitError("no termbase files (*.yaml) in directory", str(p))
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            folders = sorted(n for n in bundled_names() if "/" not in n)
            raise TermkitError(f"termbase file not found (bundled termbases: {', '.join(folders)})", str(p))
    seen: set[Path] = set()
    return [f for f in out if not (f in seen or seen.add(f))]  # type: ignore[func-returns-value]


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
