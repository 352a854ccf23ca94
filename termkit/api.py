"""The library API: everything `termkit check` does, callable from Python.

``check`` resolves the configuration exactly as the command does (a
``termkit.toml`` or ``[tool.termkit]`` found by walking up, or the one named,
or none with ``isolated``), lets keyword arguments override it, loads the
termbases, runs the document and bilingual checks, applies ``[[ignore]]``
entries, inline suppressions and a baseline, and previews or writes fixes::

    import termkit
    run = termkit.check(["docs/"], fail_on="warning")
    for f in run.result.findings:
        print(f.path, f.line, f.column, f.rule, f.suggestion)
    exit_code = run.exit_code

The command line is a thin shell over this function: it parses options,
calls it, renders ``run.result`` with a reporter and exits with
``run.exit_code``; a test compares the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from termkit.config import Config, resolve_config
from termkit.engine.options import CheckOptions, scheduler_address
from termkit.engine.pipeline import check_paths as _check_paths
from termkit.engine.pipeline import check_text as _check_text
from termkit.engine.progress import ProgressCallback
from termkit.engine.run import CheckRun, RunSettings, record_baseline, run_check
from termkit.engine.sources import SourceTexts
from termkit.engine.termbases import load_termbase
from termkit.errors import ConfigError
from termkit.model import FAIL_ON, CheckResult, Finding, Termbase
from termkit.report import formats

__all__ = ["check", "CheckOutcome", "load_termbase", "check_text", "check_paths", "default_jobs"]


@dataclass
class CheckOutcome:
    """A finished ``check``: the run, the termbase it used, and the settings the report needs."""

    run: CheckRun
    termbase: Termbase
    config: Config
    #: resolved report settings (from arguments, else configuration, else defaults)
    format: str
    fail_on: str
    encoding: str | None
    #: ``write_baseline``: the number of findings recorded (the run is not reported then)
    baseline_written: int | None = None

    @property
    def result(self) -> CheckResult:
        return self.run.result

    @property
    def findings(self) -> list[Finding]:
        return self.run.result.findings

    def sources(self) -> SourceTexts:
        """What a reporter asks for the text of a finding's document (``termkit.report.render(..., sources=)``)."""
        return self.run.sources(self.encoding, self.termbase)

    @property
    def exit_code(self) -> int:
        """0 nothing at or above ``fail_on``, 1 otherwise; 0 after writing a baseline."""
        if self.baseline_written is not None:
            return 0
        return self.run.exit_code(self.fail_on)


def default_jobs() -> int:
    """The CPUs this process may run on."""
    from termkit.engine.parallel import default_jobs as jobs

    return jobs()


def check(paths: Iterable[str | Path] = (), *, termbase: Iterable[str | Path] | Termbase | None = None,
          config: str | Path | None = None, isolated: bool = False, source: str | Path | None = None,
          target: str | Path | None = None, scope: str | None = None, rules: Iterable[str] | None = None,
          severities: Mapping[str, str] | None = None, encoding: str | None = None, jobs: int | None = None,
          baseline: str | Path | None = None, write_baseline: str | Path | None = None, fix: bool = False,
          diff: bool = False, fail_on: str | None = None, format: str | None = None,
          cwd: str | Path | None = None, texts: Mapping[str, str | bytes] | None = None,
          date: str | None = None, fix_read_only: bool = False,
          scheduler: str | None = None, client: Any = None,
          progress: ProgressCallback | None = None, fix_mode: str = "tracked") -> CheckOutcome:
    """Check documents and bilingual files as `termkit check` does; see the module docstring.

    ``termbase`` is a loaded Termbase, or termbase files and directories
    (default: the configuration's, else the bundled ones). ``date`` (YYYY,
    YYYY-MM or YYYY-MM-DD) is when every document was written, whatever its
    header or the configuration says (superseded names are judged by it). ``severities`` and
    ``rules`` add to and override the configuration's. ``texts`` are Chinese
    documents given by their content instead of on disk (what `termkit check -`
    reads from standard input), by the name they go by in findings and in
    include, exclude and ignore globs: bytes are decoded as a file's would be
    (byte-order mark, ``encoding``, UTF-8, GB18030), a str is taken as it is;
    with ``fix`` those it changed come back in ``outcome.run.fixed_documents``,
    and nothing is written for them; ``fix_read_only`` lets ``fix`` write files
    without write permission (refused with a note otherwise). Given ``texts`` and no ``paths``, only the
    texts are checked. ``client`` (a connected ``distributed.Client``) or
    ``scheduler`` (its address; default: the configuration's ``scheduler``, else
    ``DASK_SCHEDULER_ADDRESS``) runs the documents on a Dask cluster, with the same
    result (``pip install 'termkit[dask]'``). ``progress`` is called with an
    ``engine.progress.Progress`` as documents are done; nothing is printed.
    ``fix_mode`` is how ``fix`` writes into Word documents:
    ``tracked`` (revisions by "termkit", with a comment naming the rule) or
    ``direct``. Raises ``TermkitError`` (``ConfigError``, ``InputError``, ``TermbaseError``) on bad input.
    """
    cfg = resolve_config(config, isolated, cwd)
    fmt = format or cfg.format or "text"
    fail_on = fail_on or cfg.fail_on or "error"
    encoding = encoding or cfg.encoding
    if fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
    if fmt not in formats():
        raise ConfigError(f"unknown format '{fmt}' (known: {', '.join(formats())})")
    if fix and diff:
        raise ConfigError("--fix and --diff cannot be combined (--diff previews what --fix writes)")
    if fix_mode not in ("tracked", "direct"):
        raise ConfigError(f"--fix-mode must be tracked or direct, not '{fix_mode}'")
    rule_list = tuple(rules) if rules else None
    options = CheckOptions(scope=scope or cfg.scope or "document",
                           severities={**cfg.severities, **dict(severities or {})},
                           rules=rule_list, encoding=encoding,
                           jobs=jobs or cfg.jobs or default_jobs(), ignore=cfg.ignore,
                           scheduler=None if client is not None else scheduler_address(scheduler, cfg.scheduler),
                           rule_options=cfg.rule_options,
                           include=cfg.include, exclude=cfg.exclude, root=str(cfg.root),
                           date=date, dates=cfg.dates, default_date=cfg.date)
    if isinstance(termbase, Termbase):
        tb = termbase
    else:
        from termkit._util.gcpause import gc_paused

        with gc_paused():  # a large termbase is a million small objects: see termkit/_util/gcpause.py
            tb = load_termbase(list(termbase or ()) or list(cfg.termbases) or None, cache=True)
    inputs = list(paths)
    if not inputs and not texts:  # given texts alone, only they are checked
        inputs = list(cfg.paths) or ([] if source or target else [Path(".")])
    settings = RunSettings(options, str(baseline or cfg.baseline) if (baseline or cfg.baseline) else None,
                           cfg.unfixable, fix_read_only=fix_read_only, client=client, progress=progress,
                           fix_mode=fix_mode)
    mode = "fix" if fix else "diff" if diff else "check"
    if write_baseline is not None:
        run = run_check(inputs, tb, RunSettings(options, client=client, progress=progress), source=source,
                        target=target, texts=texts)
        n = record_baseline(write_baseline, run.result, encoding, run.texts)
        return CheckOutcome(run, tb, cfg, fmt, fail_on, encoding, baseline_written=n)
    run = run_check(inputs, tb, settings, source=source, target=target, mode=mode, texts=texts)
    return CheckOutcome(run, tb, cfg, fmt, fail_on, encoding)


def check_text(text: str, termbase: Termbase | None = None, path: str = "<text>",
               options: CheckOptions | None = None) -> list[Finding]:
    """Check a string as a Chinese document (the bundled termbase when none is given)."""
    return _check_text(text, termbase if termbase is not None else load_termbase(), path, options)


def check_paths(paths: Iterable[str | Path], termbase: Termbase | None = None,
                options: CheckOptions | None = None) -> CheckResult:
    """Check Chinese documents, files and directories (the bundled termbase when none is given)."""
    return _check_paths(paths, termbase if termbase is not None else load_termbase(), options)
