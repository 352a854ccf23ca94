"""Find every Chinese term of a termbase in normalized text.

One Aho-Corasick automaton (ahocorasick-rs, leftmost-longest) over the
normalized forms of all Chinese terms: a full name is one match, not also the
short name inside it, and scanning costs the same whatever the number of terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from .model import Match, Term, Termbase
from .normalize import Normalized, normalize_term


@dataclass
class Matcher:
    """A compiled automaton plus the term behind each pattern index."""

    terms: tuple[Term, ...]
    patterns: tuple[str, ...]
    automaton: object

    def find(self, norm: Normalized) -> list[Match]:
        """Leftmost-longest matches in ``norm.text``, with original offsets."""
        if not self.patterns:
            return []
        out = []
        terms = self.terms
        for idx, s, e in self.automaton.find_matches_as_indexes(norm.text):  # type: ignore[attr-defined]
            o_s, o_e = norm.span_to_original(s, e)
            out.append(Match(o_s, o_e, terms[idx], s, e))
        return out


def compile_terms(terms: list[Term]) -> Matcher:
    """Build a matcher over the given terms (their normalized forms must be unique)."""
    patterns: list[str] = []
    kept: list[Term] = []
    seen: set[str] = set()
    for t in terms:
        form = normalize_term(t.text, t.lang)
        if not form or form in seen:
            continue
        seen.add(form)
        patterns.append(form)
        kept.append(t)
    automaton = (ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                 if patterns else None)
    return Matcher(tuple(kept), tuple(patterns), automaton)


@lru_cache(maxsize=8)
def matcher_for(termbase: Termbase) -> Matcher:
    """The Chinese-term matcher of a termbase, built once per termbase object."""
    return compile_terms(list(termbase.terms("zh")))
