"""The check pipeline: document -> normalize -> match -> rules -> suppress -> findings.

This is the library API behind `termkit check`: it reads and returns values
and never prints. The per-document half (read, normalize, match,
document-scope rules, suppression markers) is one function, so it can run in
worker processes (``jobs``) with the same result as in this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from termkit._util.gcpause import gc_paused
from termkit._util.pathglob import matches_any
from termkit.engine.options import CheckOptions
from termkit.engine.parallel import scan_parallel
from termkit.engine.scan import document_context, reads_all_matches, scan_document
from termkit.engine.suppress import Marks, apply_suppressions, scan_markers
from termkit.model import CheckResult, Finding, Termbase
from termkit.rules import DocContext, Rule
from termkit.text.document import Document, collect_files


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
    active = options.active_rules("document")
    ctx = document_context(doc, termbase, reads_all_matches(active), options.date_of(doc.path, doc.text))
    findings = _check_context(ctx, active)
    for rule, _ in active:
        findings.extend(rule.finish())
    if options.inline_suppressions or options.ignore:
        marks = scan_markers(doc.text) if options.inline_suppressions else Marks()
        findings = apply_suppressions(findings, {doc.path: marks}, options.ignore, options.root)
    return sort_findings(findings)


def check_text(text: str, termbase: Termbase, path: str = "<text>",
               options: CheckOptions | None = None) -> list[Finding]:
    """Check a string as a document."""
    return check_document(Document(path, text), termbase, options)


# The check builds millions of acyclic objects (matches, hits, findings): the
# cyclic collector is paused while it runs, which saves a sixth of the time of a
# 100 MB check (see termkit/gcpause.py); reference counting frees as usual.
@gc_paused()
def check_paths(paths: Iterable[str | Path], termbase: Termbase, options: CheckOptions | None = None,
                documents: Mapping[str, Document] | None = None) -> CheckResult:
    """Check Chinese documents (files and directories); raises InputError on a path that cannot be read.

    ``documents`` are documents given by their content (e.g. read from standard
    input), by the name they go by: checked after the files, as if a file of that
    name held them (include and exclude globs, ignore entries), and in place of
    a file of the same name.
    """
    options = options or CheckOptions()
    documents = documents or {}
    files, notes = collect_files(paths)
    files = select_files([f for f in files if f not in documents] + list(documents), options)
    sources = [documents.get(f, f) for f in files]
    active = options.active_rules("document")
    corpus_rules = [(r, sev) for r, sev in active if r.scope == "corpus" and r.corpus_capable]
    findings: list[Finding] = []
    marks: dict = {}
    if options.jobs > 1 and len(files) > 1:
        scans = scan_parallel(sources, termbase, options)
    else:
        scans = (scan_document(source, termbase, options, active) for source in sources)
    # results arrive in file order whichever way they were computed, so the
    # corpus phase sees documents in the same order and the output is the same
    for scan in scans:
        findings.extend(scan.findings)
        marks[scan.path] = scan.marks
        notes.extend(f"{scan.path}:{p}" for p in scan.marks.problems)
        notes.extend(scan.notes)
        if scan.context is not None:
            ctx = scan.context.attach(termbase)
            for rule, severity in corpus_rules:
                rule.collect(ctx, severity)
    for rule, _ in active:
        findings.extend(rule.finish())
    findings = apply_suppressions(findings, marks, options.ignore, options.root)
    return CheckResult(files, sort_findings(findings), notes)


def select_files(files: list[str], options: CheckOptions) -> list[str]:
    """The files left after the include and exclude globs."""
    if not options.include and not options.exclude:
        return files
    root = options.root or "."
    return [f for f in files
            if (not options.include or matches_any(f, options.include, root))
            and not matches_any(f, options.exclude, root)]
