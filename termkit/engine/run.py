"""A whole check run, as `termkit check` does it: inputs, both pipelines, ignores, baseline, then fix or diff.

``run_check`` takes resolved settings (``RunSettings``) and returns a
``CheckRun``: the findings to report, notes for the user, and what a fix or a
diff did. It prints nothing and never exits: the CLI renders the run and
turns it into an exit code, and a library user does the same in their own
pipeline (``termkit.check`` resolves the configuration, then calls this).

Inputs: Chinese documents (files, and the text files found in directories)
go to the document pipeline; bilingual files (XLIFF, TMX, TSV) named on the
command line and a ``source``/``target`` pair go to the segment pipeline.
Include and exclude globs select among all of them alike.

Documents may also be given by their content (``texts``: name -> bytes or
str), as `termkit check -` gives standard input: they are checked like a file
of that name, and a fix of one is returned (``CheckRun.fixed_documents``),
never written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import (
    check_document,
    check_paths,
    select_files,
    sort_findings,
)
from termkit.engine.progress import ProgressCallback
from termkit.engine.sources import SourceTexts
from termkit.engine.suppress import apply_suppressions
from termkit.errors import ConfigError, FileChangedError, WriteRefusedError
from termkit.model import CheckResult, Finding, Termbase
from termkit.rules import RULES
from termkit.text.bitext.kinds import is_bitext_path
from termkit.text.document import Document, given_document


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs besides its inputs and termbase (resolved from options and configuration)."""

    options: CheckOptions = field(default_factory=CheckOptions)
    #: a baseline file: report only findings it does not record
    baseline: str | None = None
    #: rule ids whose findings --fix and --diff leave alone
    unfixable: tuple[str, ...] = ()
    #: --fix-read-only: fix files that have no write permission too (their mode is kept)
    fix_read_only: bool = False
    #: a connected ``distributed.Client`` to check the documents on (else ``options.scheduler``, else here)
    client: Any = None
    #: called as documents are done (engine.progress)
    progress: ProgressCallback | None = None
    #: how --fix writes into Word documents: "tracked" (revisions a reviser accepts or rejects) or "direct"
    fix_mode: str = "tracked"


@dataclass
class CheckRun:
    """The outcome of a run: what to report, and what fixing did."""

    result: CheckResult
    #: ``diff`` mode: the unified diff of every safe fix (nothing written)
    diff: str | None = None
    #: fix and diff modes: findings fixed (or that would be), and files changed
    fixed: int = 0
    fixed_files: int = 0
    #: notes of the fix phase (files left alone and why), in file order
    fix_notes: list[str] = field(default_factory=list)
    #: the decoded texts of the documents given by content, by name: what the result's findings point into
    texts: dict[str, str] = field(default_factory=dict)
    #: fix mode: the documents given by content that fixes changed, as fixed, to write where they belong
    fixed_documents: dict[str, Document] = field(default_factory=dict)

    def sources(self, encoding: str | None = None, termbase: Termbase | None = None) -> SourceTexts:
        """The texts the findings point into, for reporters (files are read with ``encoding``)."""
        return SourceTexts(encoding, self.texts, termbase)

    def exit_code(self, fail_on: str = "error") -> int:
        """0 or 1 by ``fail_on``; in diff mode, 1 when there is something to fix."""
        if self.diff is not None:
            return 1 if self.diff else 0
        return self.result.exit_code(fail_on)


def split_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """Plain document paths and bilingual file paths, in the order given."""
    plain: list[Path] = []
    bitexts: list[Path] = []
    for p in paths:
        (bitexts if is_bitext_path(p) else plain).append(Path(p))
    return plain, bitexts


def check_inputs(paths: Iterable[str | Path], termbase: Termbase, options: CheckOptions,
                 source: str | Path | None = None, target: str | Path | None = None,
                 documents: Mapping[str, Document] | None = None, *, client: Any = None,
                 progress: ProgressCallback | None = None) -> CheckResult:
    """The document check of the plain paths plus the bilingual check of the rest, as one result.

    ``documents`` are Chinese documents given by their content, by name (see ``check_paths``).
    """
    plain, bitexts = split_inputs(paths)
    documents = documents or {}
    for name in documents:
        if is_bitext_path(name):
            raise ConfigError("a bilingual file cannot be given by its content (as on standard input); "
                              "name the file", name)
    bitexts = [Path(p) for p in select_files([str(p) for p in bitexts], options)]
    bilingual = bool(bitexts) or source is not None or target is not None
    if not bilingual:
        return check_paths(plain, termbase, options, documents, client=client, progress=progress)
    # a --rule list that leaves one side with nothing to run would report it clean
    if not options.runs("segment"):
        raise ConfigError("--rule names no bilingual rule (known: "
                          + ", ".join(r for r, c in RULES.items() if c.kind == "segment")
                          + "), but bilingual files are checked")
    if (plain or documents) and not options.runs("document"):
        first = plain[0] if plain else next(iter(documents))
        raise ConfigError(f"--rule names only bilingual rules, but '{first}' is not a bilingual file")
    from termkit.engine.bilingual import check_bilingual  # imported for bilingual files only

    result = check_bilingual(bitexts, termbase, options, source=source, target=target)
    if options.ignore:
        kept = apply_suppressions(result.findings, {}, options.ignore, options.root)
        result = CheckResult(result.files, kept, result.notes)
    if not plain and not documents:
        return result
    mono = check_paths(plain, termbase, options, documents, client=client, progress=progress)
    return CheckResult(mono.files + result.files, sort_findings(mono.findings + result.findings),
                       mono.notes + result.notes)


def run_check(paths: Iterable[str | Path], termbase: Termbase, settings: RunSettings | None = None, *,
              source: str | Path | None = None, target: str | Path | None = None,
              mode: str = "check", texts: Mapping[str, str | bytes] | None = None) -> CheckRun:
    """Check, then (``mode``) report (``check``), preview fixes (``diff``) or write them (``fix``).

    ``texts`` are documents given by their content, by the name they go by:
    bytes are decoded as a file's would be, a str is taken as it is. They are
    checked like files of those names; ``fix`` returns those it changed in
    ``CheckRun.fixed_documents`` instead of writing anything.
    """
    settings = settings or RunSettings()
    if mode not in ("check", "diff", "fix"):
        raise ValueError(f"mode must be check, diff or fix, not {mode!r}")
    options = settings.options
    paths = list(paths)
    if mode != "check" and (source is not None or target is not None or split_inputs(paths)[1]):
        raise ConfigError("--fix and --diff do not apply to bilingual files; check them without it")
    given = {name: given_document(name, content, options.encoding) for name, content in (texts or {}).items()}
    documents = {name: doc for name, (doc, _) in given.items()}
    decoded = {name: doc.text for name, doc in documents.items()}
    result = check_inputs(paths, termbase, options, source, target, documents, client=settings.client,
                          progress=settings.progress)
    base = None
    if settings.baseline is not None:
        from termkit.engine.baseline import Baseline

        base = Baseline.load(settings.baseline)
    if base is not None:
        kept, covered = base.filter(result.findings, SourceTexts(options.encoding, decoded))
        notes = list(result.notes)
        if covered:
            notes.append(f"{covered} finding(s) recorded in the baseline {settings.baseline} not shown")
        result = CheckResult(result.files, kept, notes)
    if mode == "check":
        return CheckRun(result, texts=decoded)

    # the fix machinery is imported only to fix or preview: a plain check never loads it
    from termkit.engine.sentences import SentenceChecker
    from termkit.fix.plan import plan_fixes, write_plan

    def recheck(doc: Document) -> list[Finding]:
        found = check_document(doc, termbase, options)
        if base is not None:
            found, _ = base.filter(found, SourceTexts(options.encoding, {doc.path: doc.text}))
        return found

    plans, notes = plan_fixes(result.findings, recheck, options.encoding, settings.unfixable,
                              SentenceChecker(termbase, options), given, mode=settings.fix_mode)
    fixed = sum(p.fixed for p in plans)
    if mode == "diff":
        return CheckRun(result, diff="".join(p.diff() for p in plans), fixed=fixed,
                        fixed_files=len(plans), fix_notes=notes, texts=decoded)
    in_memory = [p for p in plans if p.path in given]
    done = list(in_memory)
    for plan in plans:
        if plan.path in given:
            continue
        try:
            if write_plan(plan, allow_read_only=settings.fix_read_only):
                done.append(plan)
        except FileChangedError as exc:
            notes.append(str(exc))
        except WriteRefusedError as exc:
            hint = " (or pass --fix-read-only)" if exc.reason == "read-only" else ""
            notes.append(f"{exc.path}: not fixed: {exc.message}{hint}")
    fixed_documents = {p.path: Document(p.path, p.new_text, p.document.encoding, p.document.bom) for p in in_memory}
    after = run_check(paths, termbase, settings, mode="check",
                      texts={**decoded, **{name: doc.text for name, doc in fixed_documents.items()}})
    return CheckRun(after.result, fixed=sum(p.fixed for p in done), fixed_files=len(done), fix_notes=notes,
                    texts=after.texts, fixed_documents=fixed_documents)


def record_baseline(path: str | Path, result: CheckResult, encoding: str | None = None,
                    texts: Mapping[str, str] | None = None) -> int:
    """Write the findings of a result to a baseline file; returns how many were recorded.

    ``texts``: the decoded texts of documents given by content (``CheckRun.texts``).
    """
    from termkit.engine.baseline import write_baseline

    return write_baseline(path, result.findings, SourceTexts(encoding, dict(texts or {})))
