"""The bilingual check: bilingual files -> segments -> English and Chinese matches -> rules -> findings.

The library behind ``termkit check file.xlf`` and ``termkit check --source
en.txt --target zh.txt``; it returns a termkit.engine.CheckResult, so every
reporter and the exit codes work as for the monolingual check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from termkit.engine import SCOPES, CheckResult, sort_findings
from termkit.errors import ConfigError
from termkit.model import SEVERITIES, Finding, Termbase
from termkit.bilingual.context import segment_context
from termkit.bilingual.read import read_aligned, read_bitext
from termkit.bilingual.rules import BILINGUAL_RULES, BilingualRule
from termkit.bilingual.segment import Bitext


@dataclass(frozen=True)
class BilingualOptions:
    """Scope, severities (rule id -> severity or "off") and the rules to run, as for CheckOptions."""

    scope: str = "document"
    severities: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not '{self.scope}'")
        known = ", ".join(sorted(BILINGUAL_RULES))
        for rule_id, sev in self.severities.items():
            if rule_id not in BILINGUAL_RULES:
                raise ConfigError(f"unknown bilingual rule '{rule_id}' (known: {known})")
            if sev not in SEVERITIES + ("off",):
                raise ConfigError(f"severity of '{rule_id}' must be error, warning, info or off, not '{sev}'")
        for rule_id in self.rules or ():
            if rule_id not in BILINGUAL_RULES:
                raise ConfigError(f"unknown bilingual rule '{rule_id}' (known: {known})")

    def active_rules(self) -> list[tuple[BilingualRule, str]]:
        out = []
        for rule_id, cls in BILINGUAL_RULES.items():
            if self.rules is not None and rule_id not in self.rules:
                continue
            severity = self.severities.get(rule_id, cls.severity)
            if severity != "off":
                out.append((cls(self.scope), severity))
        return out


def _run(bitext: Bitext, termbase: Termbase, active: list[tuple[BilingualRule, str]]) -> list[Finding]:
    findings = []
    for segment in bitext.segments:
        ctx = segment_context(bitext, segment, termbase)
        for rule, severity in active:
            for hit in rule.check(ctx):
                findings.append(ctx.finding(rule.id, hit, severity))
            rule.collect(ctx, severity)
    return findings


def check_bitexts(bitexts: Iterable[Bitext], termbase: Termbase,
                  options: BilingualOptions | None = None) -> CheckResult:
    """Findings of bilingual files, sorted; consistency per file, or across them with scope "corpus"."""
    options = options or BilingualOptions()
    active = options.active_rules()
    files: list[str] = []
    notes: list[str] = []
    findings: list[Finding] = []
    for bitext in bitexts:
        files.append(bitext.path)
        if bitext.skipped:
            notes.append(f"{bitext.path}: {bitext.skipped} untranslated segment(s) skipped")
        if not bitext.segments:
            notes.append(f"{bitext.path}: no translated segments")
        findings.extend(_run(bitext, termbase, active))
        if options.scope == "document":
            for rule, _ in active:
                findings.extend(rule.finish())
    for rule, _ in active:
        findings.extend(rule.finish())
    return CheckResult(files, sort_findings(findings), notes)


def check_bilingual(paths: Iterable[str | Path] = (), termbase: Termbase | None = None,
                    options: BilingualOptions | None = None, *, source: str | Path | None = None,
                    target: str | Path | None = None, encoding: str | None = None) -> CheckResult:
    """Check XLIFF, TMX and TSV files, and a line-aligned source/target pair.

    Raises InputError on a file that cannot be read or parsed.
    """
    if termbase is None:
        from termkit.termbase import load_termbase
        termbase = load_termbase()
    if (source is None) != (target is None):
        raise ConfigError("--source and --target go together")
    bitexts = [read_bitext(p, encoding) for p in paths]
    if source is not None and target is not None:
        bitexts.append(read_aligned(source, target, encoding))
    return check_bitexts(bitexts, termbase, options)
