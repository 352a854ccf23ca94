"""What a rule sees: one Chinese document (DocContext), or one aligned English/Chinese segment (SegmentContext).

A document context holds the original text, its normalized copy with the
offset map, the term matches and the termbase. A segment context holds the
English matches of the source, the target seen exactly as a document, and
lookups between the two. Each turns a rule's Hit into a Finding with a file
position.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from termkit.model import Finding, Match, Termbase
from termkit.rules.base import Hit, capped
from termkit.text.dates import Period
from termkit.text.lines import LineIndex
from termkit.text.normalize import Normalized, normalize_term

if TYPE_CHECKING:  # the bilingual types: a monolingual check never imports them
    from termkit.match.english import EnglishMatch
    from termkit.rules.base import Rule
    from termkit.text.bitext.segment import Bitext, Segment
    from termkit.text.positions import PositionMap


@dataclass
class DocContext:
    path: str
    text: str
    norm: Normalized
    matches: list[Match]
    termbase: Termbase
    #: when the document was written (from configuration, the command line or its UN header)
    date: Period | None = None
    _lines: LineIndex | None = field(default=None, repr=False)
    #: a part of a large document (see engine/scan.py): ``norm`` is the normalization of the text from
    #: ``base`` on, and the part owns the original offsets [lo, hi) (hi None: to the end); ``matches`` are
    #: those it owns, in offsets of the whole ``text``. A whole document is one part from 0.
    base: int = 0
    lo: int = 0
    hi: int | None = None
    #: per-document state that rules carry from one part to the next (``carried``)
    carry: dict = field(default_factory=dict, repr=False)
    #: for text extracted from a Word, OpenDocument or PDF file: the region (page, table cell, note) of each line
    positions: PositionMap | None = field(default=None, repr=False)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of an original offset."""
        if self._lines is None:
            self._lines = self.carried("lines", lambda: LineIndex(self.text))
        return self._lines.line_col(offset)

    def carried(self, key: str, make):
        """The document's state under ``key``, made on the first part that asks (the same object on later parts)."""
        value = self.carry.get(key)
        if value is None:
            value = self.carry[key] = make()
        return value

    def owns(self, offset: int) -> bool:
        """Whether an original offset lies in this part (a hit found in the margin belongs to a neighbour)."""
        return self.lo <= offset and (self.hi is None or offset < self.hi)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span (offsets into ``text``) of a span of ``norm.text``."""
        s, e = self.norm.span_to_original(start, end)
        return s + self.base, e + self.base

    def place(self, start: int, end: int) -> Place:
        """A span of the text with its lines and columns: what a finding needs, without the finding."""
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        region = self.positions.region(start) if self.positions is not None else None
        return Place(start, end, line, col, end_line, end_col, self.text[start:end], region)

    def finding(self, rule: Rule, hit: Hit, severity: str) -> Finding:
        line, col = self.line_col(hit.start)
        end_line, end_col = self.line_col(hit.end)
        return Finding(path=self.path, line=line, column=col, rule=rule.id, end_line=end_line,
                       end_column=end_col, severity=capped(severity, hit.severity),
                       text=_shared(self.text[hit.start:hit.end]),
                       concept=hit.concept, suggestion=hit.suggestion, message=_shared(hit.message),
                       start=hit.start, end=hit.end,
                       fixable=bool(hit.suggestion is not None
                                    and (rule.fixable if hit.fixable is None else hit.fixable)),
                       region=self.positions.region(hit.start) if self.positions is not None else None)


def _shared(text: str) -> str:
    """One copy of a string that many findings repeat (the same message for every use of a deprecated form):
    a large document's findings are most of a check's memory, and their messages most of theirs."""
    return sys.intern(text)


class Place(NamedTuple):
    """Where a span of a document is: offsets, 1-based lines and columns, and its text."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    #: the region of an extracted document (page, table cell, note) the span starts in
    region: str | None = None

    def finding(self, path: str, rule: Rule, severity: str, message: str, suggestion: str | None,
                concept: str | None, fixable: bool = False) -> Finding:
        return Finding(path=path, line=self.line, column=self.column, rule=rule.id, end_line=self.end_line,
                       end_column=self.end_column, severity=severity, text=self.text, concept=concept,
                       suggestion=suggestion, message=_shared(message), start=self.start, end=self.end,
                       fixable=bool(fixable and suggestion is not None), region=self.region)


#: term statuses a translation may use
ACCEPTABLE = ("preferred", "admitted")
# book-title marks wrap a name inside a longer one: 《巴塞尔公约》区域中心 renders 巴塞尔公约区域中心
_TITLE_MARKS = str.maketrans("", "", "《》〈〉")


@lru_cache(maxsize=8)
def zh_forms(termbase: Termbase) -> dict[str, tuple[str, ...]]:
    """Every normalized Chinese form of every concept, whatever its status."""
    out: dict[str, tuple[str, ...]] = {}
    for c in termbase.concepts:
        forms = {normalize_term(t.text, "zh").translate(_TITLE_MARKS) for t in c.terms_in("zh")}
        out[c.id] = tuple(sorted(f for f in forms if f))
    return out


_WORD = re.compile(r"[^\W_]+")
#: a word stands for its concept when at most this many concepts use it
_DISTINCTIVE = 10


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A crude word stem that joins a name and its derived adjective: Libya/Libyan, Israel/Israeli, Türkiye/Turkish."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(c for c in word if not unicodedata.combining(c))
    return word[:5]


@lru_cache(maxsize=8)
def name_words(termbase: Termbase) -> dict[str, frozenset[str]]:
    """Word stems that point to one of few concepts (basel, libya, israe) -> those concepts.

    A source that says "the Basel and Stockholm conventions" or "Libyan
    authorities" mentions the conventions and Libya without using their
    terms; extra-term must not report their Chinese names as additions.
    """
    from termkit.match.english import STOPWORDS, is_acronym

    users: dict[str, set[str]] = {}
    reference = {c.id for c in termbase.concepts if c.reference}
    for t in termbase.terms("en"):
        if t.concept_id in reference:
            continue
        for w in _WORD.findall(t.text):
            if len(w) >= 4 and w.lower() not in STOPWORDS and not is_acronym(w):
                users.setdefault(_stem(w), set()).add(t.concept_id)
    return {stem: frozenset(cs) for stem, cs in users.items() if len(cs) <= _DISTINCTIVE}


def mentioned_concepts(text: str, termbase: Termbase) -> set[str]:
    """Concepts whose distinctive name words occur in the text."""
    table = name_words(termbase)
    out: set[str] = set()
    for w in _WORD.findall(text):
        if len(w) >= 4:
            out.update(table.get(_stem(w), ()))
    return out


@dataclass
class SegmentContext:
    bitext: Bitext
    segment: Segment
    termbase: Termbase
    #: leftmost-longest English matches of the source
    source_matches: list[EnglishMatch]
    #: concepts the source names anywhere, including inside longer terms
    source_concepts: frozenset[str]
    #: concepts the source may mean without naming them: a distinctive word of their name occurs
    source_hints: frozenset[str]
    #: the Chinese side, exactly as the monolingual check sees a document
    target: DocContext
    _rendered: dict[str, bool] = field(default_factory=dict, repr=False)
    _bare: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """How messages name the segment; a line number is already in the position."""
        return "" if self.bitext.format in ("aligned", "tsv") else f"segment {self.segment.id}: "

    @property
    def target_matches(self) -> list[Match]:
        return self.target.matches

    def renders(self, concept_id: str) -> bool:
        """The target contains some Chinese form of the concept (any status, anywhere, title marks aside)."""
        hit = self._rendered.get(concept_id)
        if hit is None:
            text = self._bare
            if text is None:
                text = self._bare = self.target.norm.text.translate(_TITLE_MARKS)
            hit = any(f in text for f in zh_forms(self.termbase).get(concept_id, ()))
            self._rendered[concept_id] = hit
        return hit

    def retains(self, m: EnglishMatch) -> bool:
        """The target keeps the English form itself (an acronym or a name left untranslated)."""
        from termkit.match.english import is_acronym

        text = self.segment.target
        if is_acronym(m.text.split()[0]) or m.term.type == "abbrev":
            return m.text in text
        return m.text.casefold() in text.casefold()

    def first_char(self) -> int:
        """Offset of the target's first non-blank character: where a missing term is reported."""
        text = self.segment.target
        return len(text) - len(text.lstrip())

    def finding(self, rule: Rule, hit: Hit, severity: str) -> Finding:
        where = self.segment.where
        line, col, off = where.locate(hit.start)
        end_line, end_col, end_off = where.locate_end(hit.end, hit.start)
        exact = self.bitext.fixable and where.exact
        fixable = rule.fixable if hit.fixable is None else hit.fixable
        return Finding(path=self.bitext.path, line=line, column=col, rule=rule.id, end_line=end_line,
                       end_column=end_col, severity=capped(severity, hit.severity),
                       text=self.segment.target[hit.start:hit.end] if where.exact else "",
                       concept=hit.concept, suggestion=hit.suggestion, message=hit.message,
                       start=off if exact else 0, end=end_off if exact else 0,
                       fixable=bool(fixable and exact and hit.suggestion is not None and not self.segment.locked),
                       region=self.segment.region)
