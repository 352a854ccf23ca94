"""How `termkit check` takes bilingual input: split the rule settings and the paths between the two checks.

Bilingual files (.xlf, .xliff, .tmx, .tsv) and a --source/--target pair go
to the bilingual check, every other path to the monolingual one; the two
results are merged, so reporters and exit codes are the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from termkit.bilingual import BILINGUAL_RULES, BilingualOptions, check_bilingual, is_bitext_path
from termkit.engine import CheckOptions, CheckResult, check_paths, sort_findings
from termkit.errors import ConfigError
from termkit.model import Termbase


def split_rule_settings(severities: dict[str, str], rules: Iterable[str] | None, scope: str
                        ) -> tuple[BilingualOptions, dict[str, str], tuple[str, ...] | None]:
    """Bilingual options, and the severities and rule list left for the monolingual check."""
    rules = list(rules or [])
    bi_sev = {k: v for k, v in severities.items() if k in BILINGUAL_RULES}
    mono_sev = {k: v for k, v in severities.items() if k not in BILINGUAL_RULES}
    bi_rules = [r for r in rules if r in BILINGUAL_RULES]
    mono_rules = [r for r in rules if r not in BILINGUAL_RULES]
    bi = BilingualOptions(scope=scope, severities=bi_sev,
                          rules=tuple(bi_rules) if rules else None)
    return bi, mono_sev, (tuple(mono_rules) if rules else None)


def is_bilingual_run(paths: Iterable[Path], source: Path | None, target: Path | None) -> bool:
    return source is not None or target is not None or any(is_bitext_path(p) for p in paths)


def run_check(paths: list[Path], termbase: Termbase, options: CheckOptions, bilingual: BilingualOptions,
              source: Path | None, target: Path | None, fixing: bool = False) -> CheckResult:
    """The monolingual check of the plain paths plus the bilingual check of the rest."""
    if not is_bilingual_run(paths, source, target):
        return check_paths(paths, termbase, options)
    if fixing:
        raise ConfigError("--fix and --diff do not apply to bilingual files; check them without it")
    bi_paths = [p for p in paths if is_bitext_path(p)]
    plain = [p for p in paths if not is_bitext_path(p)]
    # a --rule list that leaves one side with nothing to run would report it clean
    if bilingual.rules == ():
        raise ConfigError("--rule names no bilingual rule (known: " + ", ".join(BILINGUAL_RULES)
                          + "), but bilingual files are checked")
    if plain and options.rules == ():
        raise ConfigError(f"--rule names only bilingual rules, but '{plain[0]}' is not a bilingual file")
    result = check_bilingual(bi_paths, termbase, bilingual, source=source, target=target,
                             encoding=options.encoding)
    if not plain:
        return result
    mono = check_paths(plain, termbase, options)
    return CheckResult(mono.files + result.files, sort_findings(mono.findings + result.findings),
                       mono.notes + result.notes)
