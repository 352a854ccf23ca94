"""The check pipeline: document -> normalize -> match -> rules -> suppress -> findings.

This is the library API behind `termkit check`: it reads and returns values
and never prints. The per-document half (read, normalize, match,
document-scope rules, suppression markers) is one function, so it can run in
worker processes (``jobs``) with the same result as in this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Mapping

from termkit.document import Document, collect_files, read_document
from termkit.errors import ConfigError
from termkit.gcpause import gc_paused
from termkit.matcher import matcher_for
from termkit.model import SEVERITY_RANK, SEVERITIES, Finding, Termbase
from termkit.normalize import normalize
from termkit.rules import RULES, DocContext, Rule
from termkit.pathglob import matches_any
from termkit.suppress import Marks, apply_suppressions, scan_markers

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
    #: processes for check_paths; 1 runs in this process (the output is the same either way)
    jobs: int = 1
    #: honour ``termkit: ignore`` markers in documents
    inline_suppressions: bool = True
    #: suppress.IgnoreEntry records from configuration
    ignore: tuple = ()
    #: gitignore-style globs: files must match one of ``include`` (when given) and none of ``exclude``
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    #: the directory globs and ignore paths are relative to (the configuration's); default: cwd
    root: str | None = None

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


def document_context(doc: Document, termbase: Termbase, all_matches: bool = True) -> DocContext:
    """Normalize and match one document: everything a rule needs to look at it.

    With ``all_matches=False`` the context holds only the matches of decisive
    terms (see matcher.Matcher): enough for rules whose ``reads_all_matches`` is
    False, and far fewer objects with a large termbase.
    """
    norm = normalize(doc.text)
    matches = matcher_for(termbase).find(norm, decisive_only=not all_matches)
    return DocContext(doc.path, doc.text, norm, matches, termbase)


def reads_all_matches(active: list[tuple[Rule, str]]) -> bool:
    """Whether one of the active rules needs every term match, not only the decisive ones."""
    return any(rule.reads_all_matches for rule, _ in active)


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


@gc_paused()
def check_document(doc: Document, termbase: Termbase, options: CheckOptions | None = None) -> list[Finding]:
    """Findings of one decoded document (document scope), sorted."""
    options = options or CheckOptions()
    active = options.active_rules()
    ctx = document_context(doc, termbase, reads_all_matches(active))
    findings = _check_context(ctx, active)
    for rule, _ in active:
        findings.extend(rule.finish())
    if options.inline_suppressions or options.ignore:
        marks = scan_markers(doc.text) if options.inline_suppressions else Marks()
        findings = apply_suppressions(findings, {doc.path: marks}, options.ignore, options.root)
    return sort_findings(findings)


def check_text(text: str, termbase: Termbase | None = None, path: str = "<text>",
               options: CheckOptions | None = None) -> list[Finding]:
    """Check a string. The bundled termbase is used when none is given."""
    if termbase is None:
        from termkit.termbase import load_termbase
        termbase = load_termbase()
    return check_document(Document(path, text), termbase, options)


# The check builds millions of acyclic objects (matches, hits, findings): the
# cyclic collector is paused while it runs, which saves a sixth of the time of a
# 100 MB check (see termkit/gcpause.py); reference counting frees as usual.
@gc_paused()
def check_paths(paths: Iterable[str | Path], termbase: Termbase | None = None,
                options: CheckOptions | None = None) -> CheckResult:
    """Check files and directories; raises InputError on a path that cannot be read."""
    if termbase is None:
        from termkit.termbase import load_termbase
        termbase = load_termbase()
    options = options or CheckOptions()
    files, notes = collect_files(paths)
    files = select_files(files, options)
    active = options.active_rules()
    corpus_rules = [(r, sev) for r, sev in active if r.scope == "corpus" and r.corpus_capable]
    findings: list[Finding] = []
    marks: dict = {}
    if options.jobs > 1 and len(files) > 1:
        from termkit.parallel import scan_parallel
        scans = scan_parallel(files, termbase, options)
    else:
        scans = (scan_document(path, termbase, options, active) for path in files)
    # results arrive in file order whichever way they were computed, so the
    # corpus phase sees documents in the same order and the output is the same
    for scan in scans:
        findings.extend(scan.findings)
        marks[scan.path] = scan.marks
        notes.extend(f"{scan.path}:{p}" for p in scan.marks.problems)
        if scan.context is not None:
            ctx = replace(scan.context, termbase=termbase)
            for rule, severity in corpus_rules:
                rule.collect(ctx, severity)
    for rule, _ in active:
        findings.extend(rule.finish())
    findings = apply_suppressions(findings, marks, options.ignore, options.root)
    return CheckResult(files, sort_findings(findings), notes)


@dataclass
class DocumentScan:
    """The per-document half of a check: what a worker process sends back."""

    path: str
    findings: list[Finding]
    marks: Marks
    #: the document's context, without its termbase, when a corpus-scope rule must collect it
    context: DocContext | None = None


@gc_paused()
def scan_document(path: str, termbase: Termbase, options: CheckOptions,
                  active: list[tuple[Rule, str]]) -> DocumentScan:
    """Read, normalize, match and run the document-scope rules on one file."""
    doc = read_document(path, options.encoding)
    ctx = document_context(doc, termbase, reads_all_matches(active))
    findings: list[Finding] = []
    needs_corpus = False
    for rule, severity in active:
        if rule.scope == "corpus" and rule.corpus_capable:
            needs_corpus = True
            continue
        for hit in rule.check(ctx):
            findings.append(ctx.finding(rule, hit, severity))
    marks = scan_markers(doc.text, RULES) if options.inline_suppressions else Marks()
    return DocumentScan(path, findings, marks, replace(ctx, termbase=None) if needs_corpus else None)


def select_files(files: list[str], options: CheckOptions) -> list[str]:
    """The files left after the include and exclude globs."""
    if not options.include and not options.exclude:
        return files
    root = options.root or "."
    return [f for f in files
            if (not options.include or matches_any(f, options.include, root))
            and not matches_any(f, options.exclude, root)]
