"""The bilingual check: bilingual files -> segments -> English and Chinese matches -> segment rules -> findings.

The pipeline behind ``termkit check file.xlf`` and ``termkit check --source
en.txt --target zh.txt``. It takes the same CheckOptions as the document
check (running the active rules of kind ``segment``) and returns a
CheckResult, so every reporter and the exit codes work alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import document_context, sort_findings
from termkit.errors import ConfigError
from termkit.match.english import english_matcher_for
from termkit.model import CheckResult, Finding, Termbase
from termkit.rules import Rule, SegmentContext
from termkit.rules.context import mentioned_concepts
from termkit.text.bitext.read import read_aligned, read_bitext
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.dates import Period
from termkit.text.document import Document


def segment_context(bitext: Bitext, segment: Segment, termbase: Termbase,
                    date: Period | None = None) -> SegmentContext:
    """Match both sides of one segment (``date``: when the translation was made, where known)."""
    matcher = english_matcher_for(termbase)
    matches, concepts = matcher.scan(segment.source)
    target = document_context(Document(bitext.path, segment.target), termbase, date=date)
    hints = mentioned_concepts(segment.source, termbase)
    return SegmentContext(bitext, segment, termbase, matches, frozenset(concepts), frozenset(hints), target)


def _run(bitext: Bitext, termbase: Termbase, active: list[tuple[Rule, str]],
         date: Period | None = None) -> list[Finding]:
    findings = []
    for segment in bitext.segments:
        ctx = segment_context(bitext, segment, termbase, date)
        for rule, severity in active:
            for hit in rule.check(ctx):
                findings.append(ctx.finding(rule, hit, severity))
            rule.collect(ctx, severity)
    return findings


def check_bitexts(bitexts: Iterable[Bitext], termbase: Termbase,
                  options: CheckOptions | None = None) -> CheckResult:
    """Findings of bilingual files, sorted; consistency per file, or across them with scope "corpus"."""
    options = options or CheckOptions()
    active = options.active_rules("segment")
    files: list[str] = []
    notes: list[str] = []
    findings: list[Finding] = []
    for bitext in bitexts:
        files.append(bitext.path)
        if bitext.skipped:
            notes.append(f"{bitext.path}: {bitext.skipped} untranslated segment(s) skipped")
        if not bitext.segments:
            notes.append(f"{bitext.path}: no translated segments")
        # a bilingual file has no UN header of its own: its date is what the options say
        findings.extend(_run(bitext, termbase, active, options.date_of(bitext.path, "")))
        if options.scope == "document":
            for rule, _ in active:
                findings.extend(rule.finish())
    for rule, _ in active:
        findings.extend(rule.finish())
    return CheckResult(files, sort_findings(findings), notes)


def check_bilingual(paths: Iterable[str | Path] = (), termbase: Termbase | None = None,
                    options: CheckOptions | None = None, *, source: str | Path | None = None,
                    target: str | Path | None = None) -> CheckResult:
    """Check XLIFF, TMX and TSV files, and a line-aligned source/target pair.

    Raises InputError on a file that cannot be read or parsed.
    """
    if termbase is None:
        raise TypeError("check_bilingual needs a termbase (termkit.load_termbase())")
    options = options or CheckOptions()
    if (source is None) != (target is None):
        raise ConfigError("--source and --target go together")
    bitexts = [read_bitext(p, options.encoding) for p in paths]
    if source is not None and target is not None:
        bitexts.append(read_aligned(source, target, options.encoding))
    return check_bitexts(bitexts, termbase, options)
