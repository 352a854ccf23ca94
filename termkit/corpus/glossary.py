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

from termkit.engine.pipeline import document_context
from termkit.errors import ConfigError
from termkit.model import Concept, Termbase
from termkit.text.document import collect_files, read_document

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


def build_glossary(paths: Iterable[str | Path], termbase: Termbase, *, sort: str = "first",
                   encoding: str | None = None) -> Glossary:
    """The aligned glossary of the documents under ``paths``.

    ``sort`` is ``first`` (order of first occurrence across the documents, in
    path order), ``count`` (most used first) or ``concept`` (by id).
    """
    if sort not in SORTS:
        raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not '{sort}'")
    files, notes = collect_files(paths)
    entries: dict[str, GlossaryEntry] = {}
    for doc_index, path in enumerate(files):
        doc = read_document(path, encoding)
        ctx = document_context(doc, termbase)
        for m in ctx.matches:
            concept = termbase.concept(m.term.concept_id)
            entry = entries.get(concept.id)
            if entry is None:
                line, col = ctx.line_col(m.start)
                entry = GlossaryEntry(
                    concept=concept,
                    forms=[FormUse(t.text, t.lang, t.type, t.status) for t in concept.terms],
                    documents=[], first_path=path, first_line=line, first_column=col,
                    context=_context(doc.text, m.start, m.end), order=(doc_index, m.start),
                    first_region=doc.positions.region(m.start) if doc.positions is not None else None)
                entries[concept.id] = entry
            if not entry.documents or entry.documents[-1] != path:
                entry.documents.append(path)
            form = next(f for f in entry.forms if f.text == m.term.text and f.lang == m.term.lang)
            form.count += 1
            written = doc.text[m.start:m.end]
            if written != form.text:
                form.written[written] = form.written.get(written, 0) + 1
    result = list(entries.values())
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
