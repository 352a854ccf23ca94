"""The CI side of `termkit check`: configuration, baselines, --fix and --diff, between checking and reporting."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from termkit.baseline import Baseline, TextCache, write_baseline
from termkit.config import Config, resolve_config  # noqa: F401  (re-exported for check.py)
from termkit.engine import CheckOptions, CheckResult, check_paths
from termkit.fixfile import plan_fixes, write_plan
from termkit.model import Termbase
from termkit.parallel import default_jobs  # noqa: F401  (re-exported for check.py)
from termkit.suppress import apply_suppressions


def apply_ignores(result: CheckResult, cfg: Config) -> CheckResult:
    """The configuration's [[ignore]] entries over every finding, bilingual ones included
    (the document check has applied them already; applying them twice changes nothing)."""
    if not cfg.ignore:
        return result
    kept = apply_suppressions(result.findings, {}, cfg.ignore, str(cfg.root))
    return CheckResult(result.files, kept, result.notes)


def write_baseline_file(path: Path, result: CheckResult, encoding: str | None) -> int:
    return write_baseline(path, result.findings, TextCache(encoding))


def apply_baseline(result: CheckResult, path, encoding: str | None) -> tuple[CheckResult, Baseline | None]:
    """The result without the findings the baseline records (unchanged without a baseline)."""
    if path is None:
        return result, None
    base = Baseline.load(path)
    kept, covered = base.filter(result.findings, TextCache(encoding))
    notes = list(result.notes)
    if covered:
        notes.append(f"{covered} finding(s) recorded in the baseline {path} not shown")
    return CheckResult(result.files, kept, notes), base


def run_fixes(result: CheckResult, termbase: Termbase, options: CheckOptions, base: Baseline | None,
              paths: list, diff_only: bool, unfixable: tuple[str, ...] = ()) -> CheckResult:
    """--diff: print the diff and exit (1 when there is one). --fix: write, then check again."""
    plans, notes = plan_fixes(result.findings, termbase, options, base, unfixable)
    for note in notes:
        typer.echo(f"termkit: note: {note}", err=True)
    if diff_only:
        for plan in plans:
            sys.stdout.write(plan.diff())
        n = sum(p.fixed for p in plans)
        typer.echo(f"termkit: {n} fix(es) in {len(plans)} file(s) (nothing written)", err=True)
        raise typer.Exit(1 if plans else 0)
    fixed = sum(p.fixed for p in plans if write_plan(p))
    typer.echo(f"termkit: fixed {fixed} finding(s) in {len(plans)} file(s)", err=True)
    after = check_paths(paths, termbase, options)
    after, _ = apply_baseline(after, base.path if base else None, options.encoding)
    return after
