"""The per-document half of a check: read, normalize, match, run the document-scope rules.

One function, so that it runs in worker processes (``check.parallel``) with
the same result as in the main process.
"""

from __future__ import annotations

from dataclasses import dataclass

from termkit._util.gcpause import gc_paused
from termkit.engine.options import CheckOptions
from termkit.engine.suppress import Marks, scan_markers
from termkit.match.chinese import matcher_for
from termkit.model import Finding, Match, Termbase
from termkit.rules import RULES, DocContext, Rule
from termkit.text.dates import Period
from termkit.text.document import Document, read_document
from termkit.text.lines import LineIndex
from termkit.text.normalize import Normalized, normalize
from termkit.text.positions import PositionMap


def document_context(doc: Document, termbase: Termbase, all_matches: bool = True,
                     date: Period | None = None) -> DocContext:
    """Normalize and match one document: everything a rule needs to look at it.

    With ``all_matches=False`` the context holds only the matches of decisive
    terms (see matcher.Matcher): enough for rules whose ``reads_all_matches`` is
    False, and far fewer objects with a large termbase.
    """
    norm = normalize(doc.text, radicals=doc.folds_radicals)
    matches = matcher_for(termbase).find(norm, decisive_only=not all_matches)
    return DocContext(doc.path, doc.text, norm, matches, termbase, date, positions=doc.positions)


def reads_all_matches(active: list[tuple[Rule, str]]) -> bool:
    """Whether one of the active rules needs every term match, not only the decisive ones."""
    return any(rule.reads_all_matches for rule, _ in active)


@dataclass
class DetachedContext:
    """A DocContext without its termbase, which a worker process need not send back to the parent."""

    path: str
    text: str
    norm: Normalized
    matches: list[Match]
    date: Period | None
    lines: LineIndex | None
    positions: PositionMap | None = None

    @classmethod
    def of(cls, ctx: DocContext) -> DetachedContext:
        return cls(ctx.path, ctx.text, ctx.norm, ctx.matches, ctx.date, ctx._lines, ctx.positions)

    def attach(self, termbase: Termbase) -> DocContext:
        """The DocContext again, with the parent's termbase."""
        return DocContext(self.path, self.text, self.norm, self.matches, termbase, date=self.date,
                          _lines=self.lines, positions=self.positions)


@dataclass
class DocumentScan:
    """The per-document half of a check: what a worker process sends back."""

    path: str
    findings: list[Finding]
    marks: Marks
    #: the document's context, without its termbase, when a corpus-scope rule must collect it
    context: DetachedContext | None = None
    #: what the document's reader has to say (a PDF page without a text layer…), as "path: note"
    notes: tuple[str, ...] = ()


@gc_paused()
def scan_document(source: str | Document, termbase: Termbase, options: CheckOptions,
                  active: list[tuple[Rule, str]]) -> DocumentScan:
    """Read (a path) or take (a Document), normalize, match and run the document-scope rules on one document."""
    doc = source if isinstance(source, Document) else read_document(source, options.encoding)
    ctx = document_context(doc, termbase, reads_all_matches(active), options.date_of(doc.path, doc.text))
    findings: list[Finding] = []
    needs_corpus = False
    for rule, severity in active:
        if rule.scope == "corpus" and rule.corpus_capable:
            needs_corpus = True
            continue
        for hit in rule.check(ctx):
            findings.append(ctx.finding(rule, hit, severity))
    marks = scan_markers(doc.text, RULES) if options.inline_suppressions else Marks()
    return DocumentScan(doc.path, findings, marks, DetachedContext.of(ctx) if needs_corpus else None,
                        tuple(f"{doc.path}: {n}" for n in doc.notes))
