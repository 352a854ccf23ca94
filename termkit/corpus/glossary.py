"""The aligned glossary of a corpus: which concepts these documents use, and how.

One entry per concept found in the documents, aligned to the termbase's
Chinese and English forms, with every form actually used and its count, the
documents, the first occurrence and a short context. Counting runs on the
matcher's output, which works on normalized text, so a term broken by a PDF
line break or written in traditional characters counts as the termbase form
it stands for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from termkit.engine.progress import ProgressCallback
from termkit.engine.reduce import run_reduction
from termkit.errors import ConfigError
from termkit.model import Concept, Termbase
from termkit.text.document import Document, collect_files, read_document

SORTS = ("first", "count", "concept")
#: characters of context on each side of the first occurrence
CONTEXT_CHARS = 24


@dataclass
class FormUse:
    """One termbase form and how often these documents use it."""

    text: str
    lang: str
    type: str
    status: str
    count: int = 0
    #: how the form is actually written when that differs from the termbase
    #: (line breaks, traditional characters, full-width letters), with counts
    written: dict[str, int] = field(default_factory=dict)


@dataclass
class GlossaryEntry:
    concept: Concept
    forms: list[FormUse]
    documents: list[str]
    first_path: str
    first_line: int
    first_column: int
    context: str
    #: (document index, offset) of the first occurrence, for sorting
    order: tuple[int, int] = (0, 0)
    #: where the first occurrence is for a person, in a Word, OpenDocument or PDF file ("page 3, line 12")
    first_region: str | None = None

    @property
    def count(self) -> int:
        return sum(f.count for f in self.forms)

    @property
    def first(self) -> str:
        """``path:line`` of the first occurrence, and its region in a Word, OpenDocument or PDF file."""
        where = f" ({self.first_region})" if self.first_region else ""
        return f"{self.first_path}:{self.first_line}{where}"

    def preferred(self, lang: str, type: str) -> str:
        """The preferred (else admitted) form of exactly this type, or ''."""
        for status in ("preferred", "admitted"):
            for t in self.concept.terms_in(lang):
                if t.type == type and t.status == status:
                    return t.text
        return ""

    def to_dict(self) -> dict:
        c = self.concept
        return {
            "concept": c.id,
            "subject": c.subject,
            "zh": self.preferred("zh", "full") or _any_preferred(c, "zh"),
            "zh_short": self.preferred("zh", "short"),
            "zh_abbrev": self.preferred("zh", "abbrev"),
            "en": self.preferred("en", "full") or _any_preferred(c, "en"),
            "en_short": self.preferred("en", "short"),
            "en_abbrev": self.preferred("en", "abbrev"),
            "count": self.count,
            "forms": {f.text: f.count for f in self.forms},
            "form_status": {f.text: f.status for f in self.forms},
            "written": {f.text: dict(f.written) for f in self.forms if f.written},
            "documents": list(self.documents),
            "first": self.first,
            "context": self.context,
        }


def _any_preferred(concept: Concept, lang: str) -> str:
    t = concept.preferred(lang)
    return t.text if t else ""


@dataclass
class Glossary:
    entries: list[GlossaryEntry]
    files: list[str]
    notes: list[str] = field(default_factory=list)

    def termbase(self, source: Termbase) -> Termbase:
        """The concepts of this glossary as a termbase, in glossary order (for TBX)."""
        return Termbase(tuple(e.concept for e in self.entries), source.files, dict(source.titles))

    def to_list(self) -> list[dict]:
        return [e.to_dict() for e in self.entries]


def _context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The text around a match on one line: white space runs folded, line breaks
    inside Chinese removed the way the normalizer does, ellipses where cut."""
    lo, hi = max(0, start - width * 2), min(len(text), end + width * 2)
    before, term, after = (_fold(text[lo:start]), _fold(text[start:end]), _fold(text[end:hi]))
    if len(before) > width:
        before = "…" + before[-width:]
    elif lo > 0:
        before = "…" + before
    if len(after) > width:
        after = after[:width] + "…"
    elif hi < len(text):
        after = after + "…"
    return (before + term + after).strip()


def _fold(s: str) -> str:
    # The normalizer's own definition of a wrap (white space between CJK
    # characters), so the snippet reads the way the match was found; the
    # remaining runs (between Latin words) become one space.
    from termkit.text.normalize import _JOIN_RE

    return " ".join(_JOIN_RE.sub("", s).split())


@dataclass
class _Use:
    """What one concept's uses in some documents add up to (a glossary's per-document summary, per concept)."""

    #: (text, lang) of a form -> uses
    counts: dict[tuple[str, str], int]
    #: (text, lang) -> how it is written where that differs -> [uses, (document index, offset) of the first]
    written: dict[tuple[str, str], dict[str, list]]
    #: (document index, path) of the documents using the concept, in order
    documents: list[tuple[int, str]]
    #: (document index, offset), path, line, column, context of the first use
    first: tuple


def _merge_use(a: _Use, b: _Use) -> _Use:
    counts = dict(a.counts)
    for key, n in b.counts.items():
        counts[key] = counts.get(key, 0) + n
    written = {key: {w: list(v) for w, v in ws.items()} for key, ws in a.written.items()}
    for key, ws in b.written.items():
        mine = written.setdefault(key, {})
        for w, (n, order) in ws.items():
            if w in mine:
                mine[w] = [mine[w][0] + n, min(mine[w][1], order)]
            else:
                mine[w] = [n, order]
    return _Use(counts, written, sorted(a.documents + b.documents), min(a.first, b.first))


class GlossaryReduction:
    """The glossary as a reduction (engine.reduce): a summary per document, merged per concept."""

    task = "glossary"

    def __init__(self, termbase: Termbase, encoding: str | None = None) -> None:
        self.termbase = termbase
        self.encoding = encoding

    def empty(self) -> dict[str, _Use]:
        return {}

    def summarize(self, source, index: int) -> dict[str, _Use]:
        from termkit.engine.scan import part_contexts

        doc = source if isinstance(source, Document) else read_document(source, self.encoding)
        out: dict[str, _Use] = {}
        # part by part: a very large document is never normalized and matched whole
        for ctx in part_contexts(doc, self.termbase, True, None):
            for m in ctx.matches:
                term = m.term
                use = out.get(term.concept_id)
                if use is None:
                    line, col = ctx.line_col(m.start)
                    region = doc.positions.region(m.start) if doc.positions is not None else None
                    use = out[term.concept_id] = _Use(
                        {}, {}, [(index, doc.path)],
                        ((index, m.start), doc.path, line, col, _context(doc.text, m.start, m.end), region))
                key = (term.text, term.lang)
                use.counts[key] = use.counts.get(key, 0) + 1
                written = doc.text[m.start:m.end]
                if written != term.text:
                    seen = use.written.setdefault(key, {}).setdefault(written, [0, (index, m.start)])
                    seen[0] += 1
        return out

    def merge(self, a: dict[str, _Use], b: dict[str, _Use]) -> dict[str, _Use]:
        out = dict(a)
        for cid, use in b.items():
            out[cid] = _merge_use(out[cid], use) if cid in out else use
        return out

    def entries(self, total: dict[str, _Use]) -> list[GlossaryEntry]:
        """The glossary's entries, from the merged summary (in first-use order)."""
        result = []
        for cid, use in sorted(total.items(), key=lambda item: item[1].first[0]):
            concept = self.termbase.concept(cid)
            order, path, line, col, context, region = use.first
            forms = [FormUse(t.text, t.lang, t.type, t.status) for t in concept.terms]
            for key, n in use.counts.items():
                # the first form listed with that text and language counts the use, as the matcher reads it
                form = next(f for f in forms if (f.text, f.lang) == key)
                form.count += n
                ws = sorted(use.written.get(key, {}).items(), key=lambda item: item[1][1])
                for w, (count, _) in ws:
                    form.written[w] = form.written.get(w, 0) + count
            documents: list[str] = []
            for _, doc_path in use.documents:
                if not documents or documents[-1] != doc_path:
                    documents.append(doc_path)
            result.append(GlossaryEntry(concept=concept, forms=forms, documents=documents, first_path=path,
                                        first_line=line, first_column=col, context=context, order=order,
                                        first_region=region))
        return result


def build_glossary(paths: Iterable[str | Path], termbase: Termbase, *, sort: str = "first",
                   encoding: str | None = None, jobs: int = 1, client: Any = None, scheduler: str | None = None,
                   progress: ProgressCallback | None = None) -> Glossary:
    """The aligned glossary of the documents under ``paths``.

    ``sort`` is ``first`` (order of first occurrence across the documents, in
    path order), ``count`` (most used first) or ``concept`` (by id). Documents are
    read and summarized in this process, on ``jobs`` processes, or on a Dask cluster
    (``client`` or ``scheduler``); the glossary is the same.
    """
    if sort not in SORTS:
        raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not '{sort}'")
    files, notes = collect_files(paths)
    reduction = GlossaryReduction(termbase, encoding)
    total = run_reduction(reduction, files, jobs=jobs, client=client, scheduler=scheduler, progress=progress)
    result = reduction.entries(total)
    for e in result:
        # keep every form the termbase lists for the columns, but report only used ones
        e.forms = [f for f in e.forms if f.count]
        e.forms.sort(key=lambda f: (-f.count, f.text))
    if sort == "first":
        result.sort(key=lambda e: e.order)
    elif sort == "count":
        result.sort(key=lambda e: (-e.count, e.order))
    else:
        result.sort(key=lambda e: e.concept.id)
    return Glossary(result, files, notes)
