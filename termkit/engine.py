"""The check pipeline: document -> normalize -> match -> rules -> findings.

This is the library API behind `termkit check`: it reads and returns values
and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .document import Document, collect_files, read_document
from .errors import ConfigError
from .matcher import matcher_for
from .model import SEVERITY_RANK, SEVERITIES, Finding, Termbase
from .normalize import normalize
from .rules import RULES, DocContext, Rule

SCOPES = ("document", "corpus")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class CheckOptions:
    """What a check does besides the defaults.

    ``severities`` maps a rule id to a severity or ``"off"``; ``rules``, when
    given, limits the check to those rule ids.
    """

    scope: str = "document"
    severities: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] | None = None
    encoding: str | None = None
    rule_options: Mapping[str, Mapping] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ConfigError(f"scope must be one of {', '.join(SCOPES)}, not '{self.scope}'")
        for rule_id, sev in self.severities.items():
            if rule_id not in RULES:
                raise ConfigError(f"unknown rule '{rule_id}' (known: {', '.join(sorted(RULES))})")
            if sev not in SEVERITIES + ("off",):
                raise ConfigError(f"severity of '{rule_id}' must be error, warning, info or off, not '{sev}'")
        for rule_id in self.rules or ():
            if rule_id not in RULES:
                raise ConfigError(f"unknown rule '{rule_id}' (known: {', '.join(sorted(RULES))})")

    def active_rules(self) -> list[tuple[Rule, str]]:
        """Instantiated rules with their effective severity, in registry order."""
        out = []
        for rule_id, cls in RULES.items():
            if self.rules is not None and rule_id not in self.rules:
                continue
            severity = self.severities.get(rule_id, cls.severity)
            if severity == "off":
                continue
            out.append((cls(self.scope, **dict(self.rule_options.get(rule_id, {}))), severity))
        return out


@dataclass
class CheckResult:
    files: list[str]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for f in self.findings:
            counts[f.rule] = counts.get(f.rule, 0) + 1
        return dict(sorted(counts.items()))

    def exit_code(self, fail_on: str = "error") -> int:
        """0 when nothing is at or above ``fail_on``, else 1."""
        if fail_on not in FAIL_ON:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not '{fail_on}'")
        if fail_on == "never":
            return 0
        level = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[f.severity] >= level for f in self.findings) else 0


def document_context(doc: Document, termbase: Termbase) -> DocContext:
    """Normalize and match one document: everything a rule needs to look at it."""
    norm = normalize(doc.text)
    matches = matcher_for(termbase).find(norm)
    return DocContext(doc.path, doc.text, norm, matches, termbase)


def _check_context(ctx: DocContext, active: list[tuple[Rule, str]]) -> list[Finding]:
    findings = []
    for rule, severity in active:
        if rule.scope == "corpus" and rule.corpus_capable:
            rule.collect(ctx, severity)
            continue
        for hit in rule.check(ctx):
            findings.append(ctx.finding(rule, hit, severity))
    return findings


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


def check_document(doc: Document, termbase: Termbase, options: CheckOptions | None = None) -> list[Finding]:
    """Findings of one decoded document (document scope), sorted."""
    options = options or CheckOptions()
    active = options.active_rules()
    ctx = document_context(doc, termbase)
    findings = _check_context(ctx, active)
    for rule, _ in active:
        findings.extend(rule.finish())
    return sort_findings(findings)


def check_text(text: str, termbase: Termbase | None = None, path: str = "<text>",
               options: CheckOptions | None = None) -> list[Finding]:
    """Check a string. The bundled termbase is used when none is given."""
    if termbase is None:
        from .termbase import load_termbase
        termbase = load_termbase()
    return check_document(Document(path, text), termbase, options)


def check_paths(paths: Iterable[str | Path], termbase: Termbase | None = None,
                options: CheckOptions | None = None) -> CheckResult:
    """Check files and directories; raises InputError on a path that cannot be read."""
    if termbase is None:
        from .termbase import load_termbase
        termbase = load_termbase()
    options = options or CheckOptions()
    files, notes = collect_files(paths)
    active = options.active_rules()
    findings: list[Finding] = []
    for path in files:
        doc = read_document(path, options.encoding)
        findings.extend(_check_context(document_context(doc, termbase), active))
    for rule, _ in active:
        findings.extend(rule.finish())
    return CheckResult(files, sort_findings(findings), notes)
