"""Find every Chinese term of a termbase in normalized text.

One Aho-Corasick automaton (ahocorasick-rs, leftmost-longest) over the
normalized forms of all Chinese terms: a full name is one match, not also the
short name inside it, and scanning costs the same whatever the number of terms.

The automaton runs on UTF-8 bytes, which ahocorasick-rs scans several times
faster than ``str`` (it need not translate every offset to a character
index), and only the offsets of the matches are translated back. A UTF-8 match
always starts and ends on a character boundary, and of two matches at one
position the longer in bytes is the longer in characters, so the matches are
the ones a scan of the characters would give.

Long texts are scanned in chunks of about ``chunk_chars`` characters, cut just
before a character that occurs in no term form: no match can cross such a
character, and the leftmost-longest scan starts afresh after it, so chunking
changes nothing but the memory the match list takes. Where no such character
comes (text made only of term characters), the chunk simply grows.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import ahocorasick_rs

from termkit._util.gcpause import gc_paused
from termkit.model import Match, Term, Termbase
from termkit.text.normalize import Normalized, normalize_term

#: characters per chunk: bounds the automaton's match list to a few megabytes
CHUNK_CHARS = 1 << 20
#: 0 for a UTF-8 continuation byte, 1 for any other byte
_LEAD_BYTES = bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))


@dataclass
class Matcher:
    """A compiled automaton plus the term behind each pattern index.

    ``decisive[i]`` is 1 when matches of pattern ``i`` can make a term rule
    report something: the term is not preferred, or its concept has more than
    one Chinese term (so it can be inconsistent, abbreviated or replaced). In a
    large termbase most concepts have one term; their matches still take part in
    leftmost-longest matching but need not become Python objects for rules
    that only look at decisive ones.
    """

    terms: tuple[Term, ...]
    patterns: tuple[str, ...]
    #: None when there are no patterns
    automaton: ahocorasick_rs.BytesAhoCorasick | None
    decisive: bytes = b""
    chunk_chars: int = CHUNK_CHARS
    #: characters in pattern i (its UTF-8 match length is known; its length in characters is this)
    lengths: tuple[int, ...] = ()
    #: the next character that occurs in no pattern: a safe place to cut the text (built on first use)
    _barrier_cache: list = field(default_factory=list, repr=False)

    @property
    def _barrier(self) -> re.Pattern | None:
        if not self._barrier_cache:
            self._barrier_cache.append(_barrier_re(list(self.patterns)))
        return self._barrier_cache[0]

    def to_data(self, terms: list[Term]) -> tuple:
        """Plain data to store (``terms``: the list the matcher was compiled from)."""
        index = {id(t): i for i, t in enumerate(terms)}
        # the store keeps JSON: the decisive flags go as a string of 0/1 bytes
        return (FORMAT, self.patterns, tuple(index[id(t)] for t in self.terms), self.decisive.decode("latin-1"),
                self.lengths)

    @classmethod
    def from_data(cls, data: Any, terms: list[Term], chunk_chars: int = CHUNK_CHARS) -> Matcher | None:
        """The matcher of stored data, its automaton rebuilt; None for data of another layout."""
        try:
            fmt, patterns, index, decisive, lengths = data
            if fmt != FORMAT:
                return None
            kept = tuple(terms[i] for i in index)
            flags = decisive.encode("latin-1") if isinstance(decisive, str) else bytes(decisive)
        except (TypeError, ValueError, IndexError, UnicodeEncodeError):
            return None
        return cls(kept, tuple(patterns), _automaton(patterns), flags, chunk_chars, tuple(lengths))

    def find(self, norm: Normalized, decisive_only: bool = False, offset: int = 0) -> list[Match]:
        """Leftmost-longest matches in ``norm.text``, with original offsets (plus ``offset``: where the
        normalized text starts in a larger one, for a part of a large document).

        With ``decisive_only``, only the matches of decisive terms (see the class)
        are returned; they are exactly the ones the full list holds for those terms.
        """
        automaton = self.automaton
        if not self.patterns or automaton is None:
            return []
        with gc_paused():
            return self._find(automaton, norm, decisive_only, offset)

    def _find(self, automaton: ahocorasick_rs.BytesAhoCorasick, norm: Normalized,
              decisive_only: bool, offset: int = 0) -> list[Match]:
        out: list[Match] = []
        append = out.append
        text = norm.text
        terms, lengths = self.terms, self.lengths
        # shift[k]: characters deleted before a position with k cut points at or before it
        cuts, shift = norm.cuts, (tuple(offset + d for d in (0,) + norm.shift) if offset
                                     else (0,) + norm.shift)
        n_cuts = len(cuts)
        keep = self.decisive if decisive_only else None
        find_in = automaton.find_matches_as_indexes
        for base, chunk in self._chunks(text):
            data = chunk.encode("utf-8", "surrogatepass")
            found = find_in(data)
            if keep is not None:
                found = [m for m in found if keep[m[0]]]
            if not found:
                continue
            # a character is a byte that is not a UTF-8 continuation byte: counting
            # the 1s of this mask between two matches turns bytes into characters in C
            lead = None if len(data) == len(chunk) else data.translate(_LEAD_BYTES)
            byte_pos = 0
            s = base
            i = bisect_right(cuts, base)
            for idx, b_start, _ in found:
                if lead is None:
                    s = base + b_start
                else:
                    s += lead.count(1, byte_pos, b_start)
                    byte_pos = b_start
                e = s + lengths[idx]
                # matches come in order: walk the cut points instead of searching them
                while i < n_cuts and cuts[i] <= s:
                    i += 1
                j = i
                while j < n_cuts and cuts[j] < e:
                    j += 1
                append(Match(s + shift[i], e + shift[j], terms[idx], s, e))
        return out

    def _chunks(self, text: str):
        """(offset, chunk) pieces of ``text``, cut only before a character no pattern contains."""
        size = self.chunk_chars
        if len(text) <= size or self._barrier is None:
            yield 0, text
            return
        start = 0
        n = len(text)
        while start < n:
            target = start + size
            if target >= n:
                yield start, text[start:]
                return
            m = self._barrier.search(text, target)
            end = m.start() if m else n
            yield start, text[start:end]
            start = end


def _barrier_re(patterns: list[str]) -> re.Pattern | None:
    chars = set("".join(patterns))
    if not chars:
        return None
    return re.compile("[^" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def compile_terms(terms: list[Term], chunk_chars: int = CHUNK_CHARS) -> Matcher:
    """Build a matcher over the given terms (the first term listed owns a normalized form)."""
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
    per_concept: dict[str, int] = {}
    for t in terms:
        per_concept[t.concept_id] = per_concept.get(t.concept_id, 0) + 1
    decisive = bytes(1 if (t.status != "preferred" or per_concept[t.concept_id] > 1) else 0 for t in kept)
    return Matcher(tuple(kept), tuple(patterns), _automaton(patterns), decisive, max(1, chunk_chars),
                   tuple(len(p) for p in patterns))


def _automaton(patterns) -> ahocorasick_rs.BytesAhoCorasick | None:
    if not patterns:
        return None
    return ahocorasick_rs.BytesAhoCorasick([p.encode("utf-8", "surrogatepass") for p in patterns],
                                           matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


#: bump when ``Matcher.to_data`` changes
FORMAT = 1


@lru_cache(maxsize=8)
def matcher_for(termbase: Termbase) -> Matcher:
    """The Chinese-term matcher of a termbase, built once per termbase object, and kept in the user cache
    with a cached termbase (``match.stored``)."""
    compiled = getattr(termbase, "compiled_matcher", None)  # a part of a termbase for one text (match.subset)
    if compiled is not None:
        return compiled
    from termkit.match import stored

    terms = list(termbase.terms("zh"))
    key = stored.entry_key(termbase, "matcher", str(FORMAT))
    data = stored.load("matcher", key)
    if data is not None:
        matcher = Matcher.from_data(data, terms)
        if matcher is not None:
            return matcher
    matcher = compile_terms(terms)
    stored.save("matcher", key, matcher.to_data(terms))
    return matcher
