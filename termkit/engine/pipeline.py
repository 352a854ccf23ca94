"""The check pipeline: document -> normalize -> match -> rules -> suppress -> findings.

This is the library API behind `termkit check`: it reads and returns values
and never prints. The per-document half (read, normalize, match,
document-scope rules, suppression markers) is one function, so it can run in
worker processes (``jobs``) with the same result as in this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from termkit._util.gcpause import gc_paused
from termkit._util.pathglob import matches_any
from termkit.engine.options import CheckOptions
from termkit.engine.progress import ProgressCallback, Tracker, file_sizes
from termkit.engine.reduce import corpus_findings
from termkit.engine.scan import PART_CHARS, document_context, scan_document
from termkit.engine.suppress import Marks, apply_suppressions
from termkit.model import CheckResult, Finding, Termbase
from termkit.text.document import Document, collect_files

__all__ = ["check_document", "check_text", "check_paths", "document_context", "select_files", "sort_findings"]


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=Finding.sort_key)


@gc_paused()
def check_document(doc: Document, termbase: Termbase, options: CheckOptions | None = None,
                   part_chars: int = PART_CHARS) -> list[Finding]:
    """Findings of one decoded document (document scope), sorted."""
    options = options or CheckOptions()
    active = options.active_rules("document")
    scan = scan_document(doc, termbase, options, active, part_chars)
    # in corpus scope the document is a corpus of one
    findings = scan.findings + corpus_findings([(doc.path, scan.tallies)], active, termbase)
    if options.inline_suppressions or options.ignore:
        findings = apply_suppressions(findings, {doc.path: scan.marks}, options.ignore, options.root)
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
                documents: Mapping[str, Document] | None = None, *, client: Any = None,
                progress: ProgressCallback | None = None, part_chars: int = PART_CHARS) -> CheckResult:
    """Check Chinese documents (files and directories); raises InputError on a path that cannot be read.

    ``documents`` are documents given by their content (e.g. read from standard
    input), by the name they go by: checked after the files, as if a file of that
    name held them (include and exclude globs, ignore entries), and in place of
    a file of the same name.

    Where the documents are checked: in this process (``options.jobs`` 1), on a pool of
    ``options.jobs`` processes, or on a Dask cluster (``client``, a ``distributed.Client``,
    or ``options.scheduler``, its scheduler's address): the result is the same.
    ``progress`` is called as documents are done (see ``engine.progress``).
    """
    options = options or CheckOptions()
    documents = documents or {}
    files, notes = collect_files(paths, encoding=options.encoding)
    files = select_files([f for f in files if f not in documents] + list(documents), options)
    sources = [documents.get(f, f) for f in files]
    active = options.active_rules("document")
    tracker = Tracker("check", file_sizes(sources), progress)
    tracker.start()
    if client is not None or options.scheduler:
        from termkit.engine.cluster import check_on_cluster, connected

        with connected(client, options.scheduler) as live:
            found, by_path, more = check_on_cluster(live, sources, termbase, options, tracker, part_chars)
        notes.extend(more)
        found = apply_suppressions(found, by_path, options.ignore, options.root)
        return CheckResult(files, sort_findings(found), notes)
    findings: list[Finding] = []
    marks: dict[str, Marks] = {}
    tallies: list[tuple[str, dict]] = []
    scan = partial(scan_document, termbase=termbase, options=options, active=active, part_chars=part_chars)
    if options.jobs > 1 and len(files) > 1:
        from termkit.engine.parallel import map_parallel
        from termkit.match.chinese import matcher_for

        matcher_for(termbase)  # compiled once, before the workers are forked
        scans = map_parallel(scan, sources, options.jobs)
    else:
        scans = (scan(source, on_part=partial(tracker.part, i)) for i, source in enumerate(sources))
    # results arrive in file order whichever way they were computed, so the
    # corpus phase sees documents in the same order and the output is the same
    for i, result in enumerate(scans):
        findings.extend(result.findings)
        marks[result.path] = result.marks
        notes.extend(result.notes)
        notes.extend(f"{result.path}:{p}" for p in result.marks.problems)
        if result.tallies:
            tallies.append((result.path, result.tallies))
        tracker.finished([i])
    findings.extend(corpus_findings(tallies, active, termbase))
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
