"""Near-variants of termbase terms: strings within a few edits of a term that are not terms.

Comparing every window of a document with every term would cost
O(text x terms). Instead each Chinese term of length n allowed k edits is cut
into k+1 *pieces* separated by one-character gaps. One edit (a dropped,
inserted or substituted character, or two adjacent characters swapped) can
damage at most one piece, because a swap that straddles a gap touches the gap
character and only one piece; so any string within k edits of the term
contains at least one piece unchanged (the pigeonhole principle). One
Aho-Corasick automaton over all pieces finds those anchors in a single pass,
and only the few windows around each anchor are verified with rapidfuzz's
optimal-string-alignment distance (a swap counts as one edit).

Precision rules, because official UN text is mostly right:

- terms shorter than ``min_length`` are matched exactly or not at all;
- a window that is itself a term, lies inside a longer known term, or cuts
  through one is never a variant;
- a window that contains the term, or is contained in it, is a longer or shorter
  phrase, not a misspelling (执行秘书处 is not a typo of 执行秘书);
- by default the first and last characters must be the term's own: a changed
  head or tail usually makes a different word (危险货物 vs 危险废物);
- windows that differ from the term only in numerals are siblings
  (第一次会议 / 第二次会议), not variants.

The index is built once per termbase and settings and cached, like the matcher.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

import ahocorasick_rs
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .errors import ConfigError
from .model import Match, Term, Termbase
from .normalize import normalize_term

#: characters a variant may consist of besides those of the term itself
_NOT_WORD_RE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z]")
#: removing these must not make two strings equal: they are numbered siblings, not variants
_NUMERALS_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千两]")


@dataclass(frozen=True)
class VariantSettings:
    """Thresholds of near-variant detection (the ``possible-variant`` rule options)."""

    #: terms shorter than this (in characters, after normalization) are never fuzzy-matched
    min_length: int = 5
    #: terms at least this long may differ by two edits; shorter ones by one
    two_edits_from: int = 10
    #: the first and last characters of a variant must be those of the term
    anchor_ends: bool = True
    #: a variant is fixable (by --fix) at or above this score, when it has exactly one candidate
    fix_score: float = 85.0
    #: forms that are never reported as variants
    ignore: frozenset[str] = frozenset()

    OPTION_NAMES = ("min_length", "two_edits_from", "anchor_ends", "fix_score", "ignore")

    @classmethod
    def from_options(cls, options: Mapping | None) -> "VariantSettings":
        """Settings from rule options; a misspelt or mistyped option is a ConfigError."""
        options = dict(options or {})
        for key in options:
            if key not in cls.OPTION_NAMES:
                raise ConfigError(f"unknown option '{key}' of rule possible-variant "
                                  f"(known: {', '.join(cls.OPTION_NAMES)})")
        kw: dict = {}
        for key in ("min_length", "two_edits_from"):
            if key in options:
                value = options[key]
                if isinstance(value, bool) or not isinstance(value, int) or value < 2:
                    raise ConfigError(f"option '{key}' of rule possible-variant must be an integer >= 2, "
                                      f"not {value!r}")
                kw[key] = value
        if "anchor_ends" in options:
            if not isinstance(options["anchor_ends"], bool):
                raise ConfigError("option 'anchor_ends' of rule possible-variant must be true or false, "
                                  f"not {options['anchor_ends']!r}")
            kw["anchor_ends"] = options["anchor_ends"]
        if "fix_score" in options:
            value = options["fix_score"]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
                raise ConfigError(f"option 'fix_score' of rule possible-variant must be a number from 0 to 100, "
                                  f"not {value!r}")
            kw["fix_score"] = float(value)
        if "ignore" in options:
            value = options["ignore"]
            if isinstance(value, str) or not all(isinstance(v, str) for v in value or ()):
                raise ConfigError("option 'ignore' of rule possible-variant must be a list of terms")
            kw["ignore"] = frozenset(normalize_term(v) for v in value)
        return cls(**kw)

    def max_edits(self, length: int) -> int:
        if length < self.min_length:
            return 0
        return 2 if length >= self.two_edits_from else 1


def split_pieces(form: str, edits: int) -> list[tuple[int, str]]:
    """``edits + 1`` pieces of ``form`` as (offset, piece), separated by one-character gaps.

    Pieces are at least two characters long (a one-character piece would anchor
    on half the text); when the form is too short for gaps, the pieces touch,
    which still catches every drop, insertion and substitution.
    """
    count = edits + 1
    n = len(form)
    gap = 1 if n - edits >= 2 * count else 0
    if n - gap * edits < 2 * count:
        return []
    usable = n - gap * edits
    base, extra = divmod(usable, count)
    out = []
    pos = 0
    for i in range(count):
        size = base + (1 if i < extra else 0)
        out.append((pos, form[pos:pos + size]))
        pos += size + gap
    return out


@dataclass(frozen=True)
class Candidate:
    """A near-variant: a normalized span, the term it is closest to and how close."""

    start: int
    end: int
    text: str
    term: Term
    distance: int
    score: float
    #: forms of other concepts or terms that are as plausible for this span
    rivals: tuple[str, ...] = ()


@dataclass
class VariantIndex:
    """Pieces of every fuzzy-matchable term form, with one automaton over them."""

    settings: VariantSettings
    forms: tuple[str, ...]
    terms: tuple[Term, ...]
    edits: tuple[int, ...]
    #: per automaton pattern: (form index, offset of the piece in the form)
    owners: tuple[tuple[tuple[int, int], ...], ...]
    automaton: object | None
    #: every normalized zh form of the termbase (fuzzy-matchable or not)
    known: frozenset[str] = field(default_factory=frozenset)

    def find(self, text: str, matches: Iterable[Match] = ()) -> list[Candidate]:
        """Near-variants in normalized ``text``; ``matches`` are the known terms found in it."""
        if self.automaton is None:
            return []
        spans = sorted((m.norm_start, m.norm_end) for m in matches)
        starts = [s for s, _ in spans]
        forms, edits, owners = self.forms, self.edits, self.owners
        seen: set[tuple[int, int]] = set()
        found: list[Candidate] = []
        for pat, p_start, p_end in self.automaton.find_matches_as_indexes(text, overlapping=True):  # type: ignore[attr-defined]
            inside = _enclosing(spans, starts, p_start, p_end)
            for form_idx, offset in owners[pat]:
                form = forms[form_idx]
                k = edits[form_idx]
                if inside is not None:
                    m_s, m_e = inside
                    # a window must contain the whole enclosing match; if that match is this
                    # very form, or longer than any window, nothing here can be a variant
                    if m_e - m_s >= len(form) + k or text[m_s:m_e] == form:
                        continue
                key = (form_idx, p_start - offset)
                if key in seen:
                    continue
                seen.add(key)
                cand = self._verify(text, form_idx, p_start - offset, p_start, p_end, spans, starts)
                if cand is not None:
                    found.append(cand)
        return _resolve(found, self.settings)

    def _verify(self, text: str, form_idx: int, s0: int, p_start: int, p_end: int,
                spans: list[tuple[int, int]], starts: list[int]) -> Candidate | None:
        form = self.forms[form_idx]
        k = self.edits[form_idx]
        n = len(form)
        settings = self.settings
        best: tuple[int, int, int, int] | None = None
        for s in range(max(0, s0 - k), min(p_start, s0 + k) + 1):
            for e in range(max(p_end, s + n - k), min(len(text), s + n + k) + 1):
                window = text[s:e]
                if settings.anchor_ends and (window[0] != form[0] or window[-1] != form[-1]):
                    continue
                d = OSA.distance(form, window, score_cutoff=k)
                if d > k or d == 0:
                    continue
                key = (d, abs(e - s - n), s, e)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        d, _, s, e = best
        window = text[s:e]
        if not self._plausible(window, form, spans, starts, s, e):
            return None
        return Candidate(s, e, window, self.terms[form_idx], d, round(fuzz.ratio(form, window), 1))

    def _plausible(self, window: str, form: str, spans: list[tuple[int, int]], starts: list[int],
                   s: int, e: int) -> bool:
        if window in self.known or window in self.settings.ignore:
            return False
        if form in window or window in form:
            return False
        for ch in _NOT_WORD_RE.findall(window):
            if ch not in form:
                return False
        if _NUMERALS_RE.sub("", window) == _NUMERALS_RE.sub("", form):
            return False
        # a known term may lie wholly inside the window, never across its edge
        i = bisect_right(starts, e - 1) - 1
        while i >= 0 and spans[i][1] > s:
            m_s, m_e = spans[i]
            if m_s < s or m_e > e:
                return False
            i -= 1
        return True

    def nearest(self, query: str, limit: int = 5) -> list[tuple[Term, int, float]]:
        """Terms within their edit budget of a whole query string: (term, distance, score), best first.

        For a lookup: the pieces pick the candidate terms, the distance confirms them.
        """
        q = normalize_term(query)
        if self.automaton is None or not q:
            return []
        out: dict[int, tuple[int, float]] = {}
        for pat, _, _ in self.automaton.find_matches_as_indexes(q, overlapping=True):  # type: ignore[attr-defined]
            for form_idx, _ in self.owners[pat]:
                if form_idx in out:
                    continue
                form = self.forms[form_idx]
                d = OSA.distance(form, q, score_cutoff=self.edits[form_idx])
                if d <= self.edits[form_idx]:
                    out[form_idx] = (d, round(fuzz.ratio(form, q), 1))
        ranked = sorted(out.items(), key=lambda x: (x[1][0], -x[1][1], self.forms[x[0]]))
        return [(self.terms[i], d, score) for i, (d, score) in ranked[:limit]]


def _enclosing(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> tuple[int, int] | None:
    """The known-term span that contains [s, e), if any (matches never overlap)."""
    i = bisect_right(starts, s) - 1
    if i >= 0 and spans[i][1] >= e:
        return spans[i]
    return None


def _resolve(found: list[Candidate], settings: VariantSettings) -> list[Candidate]:
    """One candidate per place: the best score wins, a longer term breaks ties.

    The others that overlap it without lying inside it are kept as its rivals.
    """
    if not found:
        return []
    ranked = sorted(found, key=lambda c: (-c.score, -len(c.term.text), c.start, c.term.text))
    chosen: list[Candidate] = []
    for c in ranked:
        if any(c.start < o.end and o.start < c.end for o in chosen):
            continue
        rivals = sorted({o.term.text for o in found
                         if o is not c and o.start < c.end and c.start < o.end
                         and not (c.start <= o.start and o.end <= c.end and (o.start, o.end) != (c.start, c.end))
                         and o.term.concept_id != c.term.concept_id})
        chosen.append(Candidate(c.start, c.end, c.text, c.term, c.distance, c.score, tuple(rivals)))
    return sorted(chosen, key=lambda c: c.start)


def build_index(terms: Iterable[Term], settings: VariantSettings) -> VariantIndex:
    """Cut every fuzzy-matchable Chinese term form into pieces and compile one automaton."""
    forms: list[str] = []
    kept: list[Term] = []
    edits: list[int] = []
    known: set[str] = set()
    by_form: dict[str, int] = {}
    for t in terms:
        if t.lang != "zh":
            continue
        form = normalize_term(t.text)
        if not form:
            continue
        known.add(form)
        k = settings.max_edits(len(form))
        if k == 0 or form in by_form or form in settings.ignore:
            continue
        by_form[form] = len(forms)
        forms.append(form)
        kept.append(t)
        edits.append(k)
    pieces: dict[str, list[tuple[int, int]]] = {}
    for idx, form in enumerate(forms):
        for offset, piece in split_pieces(form, edits[idx]):
            pieces.setdefault(piece, []).append((idx, offset))
    patterns = list(pieces)
    automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
    return VariantIndex(settings, tuple(forms), tuple(kept), tuple(edits),
                        tuple(tuple(pieces[p]) for p in patterns), automaton, frozenset(known))


@lru_cache(maxsize=8)
def variant_index(termbase: Termbase, settings: VariantSettings = VariantSettings()) -> VariantIndex:
    """The piece index of a termbase, built once per termbase object and settings."""
    return build_index(termbase.terms("zh"), settings)
