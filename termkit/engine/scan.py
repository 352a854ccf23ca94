"""The per-document half of a check: read, normalize, match, run the document-scope rules, part by part.

One function (``scan_document``), so that it runs in worker processes
(``engine.parallel``) or on the workers of a Dask cluster (``engine.cluster``)
with the same result as in the main process.

A large document is checked in **parts** of about ``PART_CHARS`` characters, so
that its normalized copy, its match list and the rules' work never exist for
the whole of it at once (memory stays a small multiple of the file, however
large). Parts are cut at *safe cut points*: a punctuation mark that occurs in
no term form and is no word character (so no term, no term piece of the
near-variant index and no match crosses it, and the leftmost-longest reading
starts afresh after it), with no white space on either side (so normalization,
which joins text across white space only, is the same on each side as in the
whole). Each part is normalized with a margin of text on either side (from the
nearest cut points ``MARGIN`` characters away), and keeps only what starts in
its own range: a near-variant window near a cut sees the same text it would see
in the whole document. The decoded text itself stays whole, so rules that look
around a match (the sentence of a superseded name, the wrap decision of a line
break) read exactly what they read in an unparted document.

Rules read a document in one of three ways (``Rule.reads`` and ``Rule.tallies``):

- part by part, reporting hits as they go (deprecated, superseded, possible-variant);
  one that needs first-use order carries compact per-document state from part to
  part (``DocContext.carried``: undefined-abbreviation's sets of concept ids);
- once over the whole text, which they only scan (traditional-char, mixed-width);
- by a ``Tally`` of each part: records placed in the document and a small summary,
  merged over the parts, then over the corpus in corpus scope, and reported at the
  end (inconsistent-rendering: the count of each form of each concept).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from termkit._util.gcpause import gc_paused
from termkit._util.lazyre import lazy_compile
from termkit.engine.options import CheckOptions
from termkit.engine.suppress import Marks, scan_markers
from termkit.match.chinese import matcher_for
from termkit.match.subset import narrowed
from termkit.model import Finding, Termbase
from termkit.rules import RULES, DocContext, Rule
from termkit.rules.base import Tally
from termkit.text.dates import Period
from termkit.text.document import Document, encoding_label, read_document
from termkit.text.normalize import Normalized, fold_chars, normalize

#: a document longer than this (in characters) is checked in parts of about this size
PART_CHARS = 1 << 22
#: text a part is normalized with on each side beyond its own range (near-variant windows near a cut)
MARGIN = 512
#: punctuation a part may be cut before (those the termbase's forms do not use; see ``cut_re``)
_CUT_CANDIDATES = "。！？；，、：）」』】》”,.;:!?)"
_WORD_RE = lazy_compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z]")
_WS = frozenset(" \t\r\n\f\v\u00a0\u3000")


def document_context(doc: Document, termbase: Termbase, all_matches: bool = True,
                     date: Period | None = None) -> DocContext:
    """Normalize and match one whole document: everything a rule needs to look at it.

    With ``all_matches=False`` the context holds only the matches of decisive
    terms (see matcher.Matcher): enough for rules whose ``reads_all_matches`` is
    False, and far fewer objects with a large termbase.
    """
    norm = normalize(doc.text, radicals=doc.folds_radicals)
    termbase = narrowed(termbase, norm.text)  # a short text: only what it can touch (match.subset)
    matches = matcher_for(termbase).find(norm, decisive_only=not all_matches)
    return DocContext(doc.path, doc.text, norm, matches, termbase, date, positions=doc.positions)


def reads_all_matches(active: list[tuple[Rule, str]]) -> bool:
    """Whether one of the active rules needs every term match, not only the decisive ones."""
    return any(rule.reads_all_matches for rule, _ in active)


@lru_cache(maxsize=8)
def cut_re(termbase: Termbase) -> re.Pattern | None:
    """The characters a document may be cut before: punctuation that, folded, is in no term form and no word."""
    in_forms = set("".join(matcher_for(termbase).patterns))
    chars = [c for c in _CUT_CANDIDATES
             if (f := fold_chars(c)) not in in_forms and not _WORD_RE.match(f) and f not in _WS]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]") if chars else None


def _is_cut(text: str, pos: int) -> bool:
    return 0 < pos < len(text) and text[pos - 1] not in _WS


def cut_after(text: str, pos: int, cuts: re.Pattern) -> int:
    """The first safe cut point at or after ``pos`` (the end of the text when there is none)."""
    for m in cuts.finditer(text, max(1, pos)):
        if _is_cut(text, m.start()):
            return m.start()
    return len(text)


def cut_before(text: str, pos: int, cuts: re.Pattern) -> int:
    """The last safe cut point at or before ``pos`` (0 when there is none)."""
    if pos <= 0:
        return 0
    reach = 4096
    while True:
        start = max(0, pos - reach)
        best = 0
        for m in cuts.finditer(text, start, pos + 1):
            if _is_cut(text, m.start()):
                best = m.start()
        if best or start == 0:
            return best
        reach *= 8


def part_bounds(text: str, termbase: Termbase, part_chars: int = PART_CHARS) -> list[int]:
    """The offsets that cut ``text`` into parts: [0, c1, ..., len(text)] (a part grows to the next safe cut)."""
    n = len(text)
    cuts = cut_re(termbase) if n > part_chars else None
    if cuts is None:
        return [0, n]
    bounds = [0]
    while bounds[-1] < n:
        bounds.append(cut_after(text, bounds[-1] + max(1, part_chars), cuts))
    return bounds


def part_contexts(doc: Document, termbase: Termbase, all_matches: bool, date: Period | None,
                  part_chars: int = PART_CHARS,
                  on_part: Callable[[int, int], None] | None = None) -> Iterator[DocContext]:
    """The contexts of a document's parts, in order (one context, the whole document, when it is small).

    ``on_part`` is called with the characters done so far and in all, as each part's context is made (progress).
    """
    text = doc.text
    bounds = part_bounds(text, termbase, part_chars)
    if len(bounds) == 2:
        ctx = document_context(doc, termbase, all_matches, date)
        yield ctx
        if on_part is not None:
            on_part(len(text), len(text))
        return
    cuts = cut_re(termbase)
    assert cuts is not None
    matcher = matcher_for(termbase)
    carry: dict = {}
    for lo, hi in zip(bounds, bounds[1:]):
        m_lo = cut_before(text, lo - MARGIN, cuts) if lo else 0
        m_hi = cut_after(text, hi + MARGIN, cuts) if hi < len(text) else hi
        norm = normalize(text[m_lo:m_hi])
        matches = [m for m in matcher.find(norm, not all_matches, offset=m_lo) if lo <= m.start < hi]
        yield DocContext(doc.path, text, norm, matches, termbase, date, base=m_lo, lo=lo, hi=hi, carry=carry,
                         positions=doc.positions)
        if on_part is not None:
            on_part(hi, len(text))


@dataclass
class DocumentScan:
    """The per-document half of a check: what a worker sends back."""

    path: str
    findings: list[Finding]
    marks: Marks
    #: corpus scope: rule id -> this document's tally, for the corpus-wide decision
    tallies: dict[str, Tally] = field(default_factory=dict)
    #: notes for the user about this document (an encoding told from the text, not known)
    notes: list[str] = field(default_factory=list)


def _whole(ctx: DocContext) -> DocContext:
    """A context for the rules that only read the text: the whole document, no matches."""
    if ctx.lo == 0 and ctx.hi is None:
        return ctx
    return DocContext(ctx.path, ctx.text, Normalized("", "", (), ()), [], ctx.termbase, ctx.date, carry=ctx.carry)


@gc_paused()
def scan_document(source: str | Document, termbase: Termbase, options: CheckOptions,
                  active: list[tuple[Rule, str]], part_chars: int = PART_CHARS,
                  on_part: Callable[[int, int], None] | None = None) -> DocumentScan:
    """Read (a path) or take (a Document), then check one document with the document-scope rules.

    The findings of rules that decide per document are complete; in corpus scope,
    the tallies of the corpus-capable rules come back for ``report_corpus``.
    """
    doc = source if isinstance(source, Document) else read_document(source, options.encoding)
    date = options.date_of(doc.path, doc.text)
    findings: list[Finding] = []
    part_rules = [(r, s) for r, s in active if r.reads == "parts" and not r.tallies]
    tally_rules = [(r, s) for r, s in active if r.tallies]
    tallies: dict[str, Tally] = {}
    last: DocContext | None = None
    for ctx in part_contexts(doc, termbase, reads_all_matches(active), date, part_chars, on_part):
        for rule, severity in part_rules:
            for hit in rule.check(ctx):
                findings.append(ctx.finding(rule, hit, severity))
        for rule, _ in tally_rules:
            tally = rule.tally(ctx)
            tallies[rule.id] = tallies[rule.id].extend(tally, rule) if rule.id in tallies else tally
        last = ctx
    assert last is not None
    whole = _whole(last)
    for rule, severity in active:
        if rule.reads == "text" and not rule.tallies:
            for hit in rule.check(whole):
                findings.append(whole.finding(rule, hit, severity))
    corpus: dict[str, Tally] = {}
    for rule, severity in tally_rules:
        tally = tallies[rule.id]
        if rule.scope == "corpus" and rule.corpus_capable:
            corpus[rule.id] = tally
        else:
            verdict = rule.decide(tally.summary, last.termbase, False)
            findings.extend(rule.report(doc.path, tally.records, verdict, severity))
    marks = scan_markers(doc.text, RULES) if options.inline_suppressions else Marks()
    notes: list[str] = []
    if doc.guessed:
        notes.append(f"{doc.path}: decoded as {encoding_label(doc.encoding)}, told from the text: name the "
                     "encoding with --encoding to be sure (--fix leaves the file alone until then)")
    notes.extend(f"{doc.path}: {n}" for n in doc.notes)  # what the reader has to say (a PDF page without text…)
    return DocumentScan(doc.path, findings, marks, corpus, notes)
