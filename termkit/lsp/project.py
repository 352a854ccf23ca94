"""The projects a language server checks files for: configuration, termbase and rules, loaded once each.

A file is checked the way `termkit check` run in its folder would check it:
the configuration is found by walking up from the file's folder
(``termkit.config.resolve_config(cwd=folder)``), its termbases are loaded (or
the bundled ones), its rule severities, rule options, ``[[ignore]]`` entries,
include and exclude globs, baseline and ``unfixable`` list apply.

Every file under the same configuration shares one ``Project``: the termbase,
its compiled matcher and near-variant index are built once. Before each use
the project looks at the modification times and sizes of the files it was
built from (the configuration, every termbase file and folder, the baseline);
when one changed, appeared or went away, the project is built again. A
configuration or termbase that cannot be loaded is remembered with the error
until one of those files changes, so a broken termbase is not revalidated on
every keystroke.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from termkit._util.gcpause import gc_paused
from termkit.api import load_termbase
from termkit.config import Config, find_config, resolve_config
from termkit.engine.baseline import Baseline
from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import select_files
from termkit.engine.sentences import SentenceChecker
from termkit.errors import TermkitError
from termkit.lsp.recheck import RuleSet
from termkit.model import Termbase
from termkit.termbase import bundled_dir

Stamp = tuple[int, int] | None


def _stat(path: str) -> Stamp:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def watched_paths(termbases: Iterable[str]) -> list[str]:
    """The termbase files and every folder that holds them: a changed, new or removed file changes one of these."""
    out: list[str] = []
    for p in termbases:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                out.append(root)
                out.extend(os.path.join(root, n) for n in names
                           if n.endswith((".yaml", ".yml")) and not n.startswith("."))
        else:
            out.append(p)
    return out


@dataclass
class Stamps:
    """Modification times and sizes of files and folders, to tell when one changed."""

    seen: dict[str, Stamp] = field(default_factory=dict)

    @classmethod
    def of(cls, paths: Iterable[str]) -> Stamps:
        return cls({p: _stat(p) for p in paths})

    def changed(self) -> bool:
        return any(_stat(p) != s for p, s in self.seen.items())


def options_of(cfg: Config) -> CheckOptions:
    """The check options a configuration gives, as ``termkit.api.check`` builds them (one file: one job)."""
    return CheckOptions(scope=cfg.scope or "document", severities=dict(cfg.severities), rules=None,
                        encoding=cfg.encoding, jobs=1, ignore=cfg.ignore, rule_options=cfg.rule_options,
                        include=cfg.include, exclude=cfg.exclude, root=str(cfg.root))


def _absolute(folder: Path, path: str) -> str:
    """A path from the configuration (relative to ``folder``, the cwd it was resolved in) made absolute."""
    return os.path.normpath(os.path.join(folder, path))


class Project:
    """One configuration with its loaded termbase, rules and baseline."""

    def __init__(self, folder: Path, config_file: Path | None) -> None:
        started = time.perf_counter()
        self.config_file = config_file
        cfg = resolve_config(config_file, cwd=folder)
        self.config = cfg
        termbases = [_absolute(folder, t) for t in cfg.termbases]
        self.termbase_paths = termbases
        watched = ([str(config_file)] if config_file else []) + watched_paths(termbases or [str(bundled_dir())])
        self.baseline_path = _absolute(folder, cfg.baseline) if cfg.baseline else None
        if self.baseline_path:
            watched.append(self.baseline_path)
        # stamped before loading: a file saved while it loads makes the next request load again
        self.stamps = Stamps.of(watched)
        self.options = options_of(cfg)
        with gc_paused():  # a large termbase is a million small objects: see termkit/_util/gcpause.py
            self.termbase: Termbase = load_termbase(termbases or None, cache=True)
        self.baseline = Baseline.load(self.baseline_path) if self.baseline_path else None
        self.rules = RuleSet(self.termbase, self.options)
        self.unfixable = frozenset(cfg.unfixable)
        self._sentences: SentenceChecker | None = None
        self.load_seconds = time.perf_counter() - started

    @property
    def sentences(self) -> SentenceChecker:
        """The sentence check that verifies a fix (``termkit.fix.verify``), with this project's options."""
        if self._sentences is None:
            self._sentences = SentenceChecker(self.termbase, self.options)
        return self._sentences

    def selects(self, path: str) -> bool:
        """Whether `termkit check` would check this file (include and exclude globs)."""
        return bool(select_files([path], self.options))

    def describe(self) -> str:
        where = str(self.config_file) if self.config_file else "no configuration file"
        return (f"{len(self.termbase)} concepts from {len(self.termbase.files)} termbase file(s) "
                f"({where}), loaded in {self.load_seconds:.1f} s")


@dataclass
class Broken:
    """A configuration or termbase that failed to load, kept until one of its files changes."""

    error: TermkitError
    stamps: Stamps


class Projects:
    """The projects of a session, by configuration file (None: no configuration, the bundled termbases)."""

    def __init__(self) -> None:
        self._by_config: dict[Path | None, Project | Broken] = {}
        #: called with each project built (the server logs it)
        self.loaded: list[Project] = []

    def config_for(self, folder: Path) -> Path | None:
        found = find_config(folder)
        return found.resolve() if found is not None else None

    def for_folder(self, folder: Path) -> Project:
        """The project a file in ``folder`` belongs to, loaded or reloaded as needed; raises TermkitError."""
        config_file = self.config_for(folder)
        known = self._by_config.get(config_file)
        if known is not None and not known.stamps.changed():
            if isinstance(known, Broken):
                raise known.error
            return known
        try:
            project = Project(folder, config_file)
        except TermkitError as exc:
            self._by_config[config_file] = Broken(exc, self._stamps_of_failure(folder, config_file))
            raise
        self._by_config[config_file] = project
        self.loaded.append(project)
        return project

    def stale(self) -> list[Path | None]:
        """The configurations whose files changed since they were loaded."""
        return [key for key, p in self._by_config.items() if p.stamps.changed()]

    def _stamps_of_failure(self, folder: Path, config_file: Path | None) -> Stamps:
        paths = [str(config_file)] if config_file else []
        try:
            cfg = resolve_config(config_file, cwd=folder)
        except TermkitError:
            return Stamps.of(paths)
        termbases = [_absolute(folder, t) for t in cfg.termbases] or [str(bundled_dir())]
        # a missing termbase path is stamped missing: creating it is a change
        paths += watched_paths(termbases)
        if cfg.baseline:
            paths.append(_absolute(folder, cfg.baseline))
        return Stamps.of(paths)
