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
- windows that differ from the term only in a number for a number are siblings
  (第一次会议 / 第二次会议, 二氯乙烷 / 三氯乙烷), not variants;
- a window of up to six characters that reads as ordinary words is a phrase
  (预算资源 = 预算 + 资源, one deletion from 预算外资源; 缔约国审议; 经理事会 = 经 + 理事会),
  not a slip (巴塞公约: 巴塞 is no word); the word list is termkit/data/words.txt;
- a window whose edge lies inside a word of the text, with the edit right next to that
  edge, misreads the boundary (中亚区域办事处 is not 亚太区域办事处 with 太 dropped);
- a substitution within a closed class of siblings (东/西, 甲/乙, 氟/氯, 届/次) names a
  different thing, not a misspelt one;
- a window whose edge cuts through a known term is a misreading of the
  boundary (联合国会|员国 is not 联合国大会);
- an inserted or substituted function character (的, 各, 全, 等, ...) makes a paraphrase
  (水俣公约的秘书处), and two adjacent edits replace or drop a whole word
  (化学品和废物无害管理), which is a different wording rather than a slip;
- a window that contains a deprecated or superseded term is left to the rules
  that report that term.

The index is built once per termbase and settings and cached, like the matcher.
It also remembers what each segment of text (a run between punctuation marks
that no term contains) yielded: what a segment yields depends on its own text
only, apart from the rare segment whose windows could reach past its ends,
which is checked in place. Documents repeat their phrases, so most segments
cost a dictionary look-up, and no list of every anchor of a long document is
ever built.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add
from typing import Final, Literal, NamedTuple

import ahocorasick_rs

from termkit._util.lazyre import lazy_compile
from termkit.match.distance import osa, ratio
from termkit.model import Match, Term, Termbase
from termkit.text.normalize import ASCII_ALNUM, normalize_term
from termkit.text.words import segment, word_freq

#: characters a variant may consist of besides those of the term itself
#: the ideographs of a word (with ASCII letters and digits): as code points for ``VariantIndex._is_barrier``,
#: as a class for the regular expressions
_WORD_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_NOT_WORD_RE = lazy_compile("[^" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _WORD_RANGES) + "0-9A-Za-z]")
#: chunks up to this long are split at barriers in Python (see ``VariantIndex._split``)
_SHORT_SPLIT = 2048
#: removing these must not make two strings equal: they are numbered siblings, not variants
_NUMERALS_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千两]")
#: function characters (and numerals) whose insertion or substitution makes a grammatical
#: paraphrase, not a typo: 可持续的消费和生产, 水俣公约的秘书处, 巴塞尔公约各区域中心,
#: 联合国全系统, 比利时等国 (for 比利时王国), 西班牙两国
FREE_INSERTIONS = frozenset("的之各全等其所和与及或诸每该本此并都即为在对以于有")
#: characters per chunk of a document that ``VariantIndex.find`` splits into segments at once
SEGMENT_CHUNK = 1 << 20
#: distinct segments an index remembers; past this it forgets them all and starts again
SEGMENT_CACHE = 200_000
#: longer segments are checked where they stand, not remembered
SEGMENT_LONGEST = 4096


class _Open(Enum):
    """What ``VariantIndex._verify`` returns when a window it considers reaches past its segment."""

    OPEN = "open"


_OPEN: Final = _Open.OPEN


class _Reach(NamedTuple):
    """An open segment (see ``VariantIndex._find_segments``): how far its checks read before and after it."""

    left: int
    right: int


@dataclass(frozen=True)
class VariantSettings:
    """Thresholds of near-variant detection (the ``possible-variant`` rule options)."""

    #: terms shorter than this (in characters, after normalization) are never fuzzy-matched
    min_length: int = 5
    #: terms at least this long may differ by two edits; shorter ones by one
    two_edits_from: int = 10
    #: the first and last characters of a variant must be those of the term
    anchor_ends: bool = True
    #: forms that are never reported as variants
    ignore: frozenset[str] = frozenset()
    #: windows that read as ordinary words, or whose edge lies inside a word, are not variants
    common_words: bool = True

    def max_edits(self, length: int) -> int:
        if length < self.min_length:
            return 0
        return 2 if length >= self.two_edits_from else 1


def split_pieces(form: str, edits: int, commonness: Mapping[str, int] | None = None) -> list[tuple[int, str]]:
    """``edits + 1`` pieces of ``form`` as (offset, piece), separated by one-character gaps.

    Pieces are at least two characters long (a one-character piece would anchor
    on half the text); when the form is too short for gaps, the pieces touch,
    which still catches every drop, insertion and substitution. With
    ``commonness`` (piece -> how many termbase forms contain it) the gaps are
    placed so that the most common piece is as rare as possible: 联合国 or 公约
    occur everywhere in UN text, and every occurrence of a piece costs a check.
    """
    count = edits + 1
    n = len(form)
    gap = 1 if n - edits >= 2 * count else 0
    if n - gap * edits < 2 * count:
        return []

    def pieces(cuts: tuple[int, ...]) -> list[tuple[int, str]]:
        bounds = (0,) + cuts
        ends = tuple(c - gap for c in cuts) + (n,)
        return [(b, form[b:e]) for b, e in zip(bounds, ends)]

    usable = n - gap * edits
    base, extra = divmod(usable, count)
    even: list[int] = []
    pos = 0
    for i in range(count - 1):
        pos += base + (1 if i < extra else 0) + gap
        even.append(pos)
    best = tuple(even)
    if commonness is None or n > 16:
        return pieces(best)

    def cost(cuts: tuple[int, ...]) -> tuple[int, int]:
        ps = pieces(cuts)
        return max(commonness.get(p, 0) for _, p in ps), -min(len(p) for _, p in ps)

    # every placement of the cuts that leaves pieces of two characters or more
    def placements(start: int, left: int) -> Iterable[tuple[int, ...]]:
        if left == 0:
            if n - start >= 2:
                yield ()
            return
        for c in range(start + 2 + gap, n - 2 * left + 1):
            for rest in placements(c, left - 1):
                yield (c,) + rest

    best_cost = cost(best)
    for cuts in placements(0, count - 1):
        c = cost(cuts)
        if c < best_cost:
            best, best_cost = cuts, c
    return pieces(best)


def _substring_counts(forms: Iterable[str], longest: int = 16) -> dict[str, int]:
    """For every substring (2 to ``longest`` characters) of the forms, how many forms contain it."""
    counts: Counter = Counter()
    for form in forms:
        counts.update({form[i:j] for i in range(len(form))
                       for j in range(i + 2, min(len(form), i + longest) + 1)})
    return counts


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
    #: per automaton pattern: (form index, offset of the piece in the form, edits allowed,
    #: form length, first and last character of the form)
    owners: tuple[tuple[tuple[int, int, int, int, str, str], ...], ...]
    automaton: ahocorasick_rs.AhoCorasick | None
    #: every normalized zh form of the termbase (fuzzy-matchable or not)
    known: frozenset[str] = field(default_factory=frozenset)
    #: all known forms, matched overlapping, to see whether a window cuts through one
    known_automaton: ahocorasick_rs.AhoCorasick | None = None
    longest: int = 0
    #: all known forms again, leftmost-longest (the matcher's reading), and whether each is a bad term
    term_automaton: ahocorasick_rs.AhoCorasick | None = None
    term_bad: tuple[bool, ...] = ()
    _within: dict = field(default_factory=dict, repr=False)
    #: segment -> its candidates (offsets relative to the segment), or its _Reach when open
    _segments: dict = field(default_factory=dict, repr=False)
    #: the segments whose entry is not empty: the only ones a document's pass must stop at
    _interesting: set = field(default_factory=set, repr=False)
    #: a barrier to join unseen segments with
    _separator: str | None = field(default=None, repr=False)
    #: _within by (index of the known form in the term automaton) * patterns + piece pattern
    _within_ids: dict = field(default_factory=dict, repr=False)
    #: the known forms in the order of the term automaton's patterns
    _known_forms: tuple[str, ...] = field(default=(), repr=False)
    #: (offset, open segment with its context) -> (its candidates, the pairs it verified), relative
    _open: dict = field(default_factory=dict, repr=False)
    #: the known-form automaton is to be built on first use (an index read back from the cache)
    _known_lazy: bool = field(default=False, repr=False)
    #: the pieces, in the order of the automaton's patterns (what the automaton is rebuilt from)
    automaton_patterns: tuple[str, ...] = field(default=(), repr=False)
    #: the characters of the known forms that are no word characters (the barrier's exceptions); given for
    #: an index over a part of a termbase (``match.subset``), whose own forms may lack some of them
    in_forms: str | None = field(default=None, repr=False)

    def to_data(self, terms: list[Term]) -> tuple:
        """Plain data to store (``terms``: the list the index was built from); the automata are rebuilt."""
        index = {id(t): i for i, t in enumerate(terms)}
        patterns = tuple(self.automaton_patterns)
        return (INDEX_FORMAT, self.forms, tuple(index[id(t)] for t in self.terms), self.edits, self.owners,
                patterns, self._known_forms, self.term_bad, self.longest)

    @classmethod
    def from_data(cls, data, terms: list[Term], settings: VariantSettings) -> VariantIndex | None:
        """The index of stored data; None for data of another layout."""
        try:
            fmt, forms, index, edits, owners, patterns, known_list, term_bad, longest = data
            if fmt != INDEX_FORMAT:
                return None
            kept = tuple(terms[i] for i in index)
        except (TypeError, ValueError, IndexError):
            return None
        automaton = ahocorasick_rs.AhoCorasick(list(patterns)) if patterns else None
        term_automaton = (ahocorasick_rs.AhoCorasick(list(known_list),
                                                     matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                          if known_list else None)
        # the store keeps JSON: tuples come back as lists
        owners = tuple(tuple(tuple(o) for o in group) for group in owners)
        out = cls(settings, tuple(forms), kept, tuple(edits), owners, automaton, frozenset(known_list), None,
                  longest, term_automaton, tuple(term_bad), _known_forms=tuple(known_list),
                  _known_lazy=bool(known_list))
        out.automaton_patterns = tuple(patterns)
        return out

    def __post_init__(self) -> None:
        # every character _NOT_WORD_RE accepts, except those some known form contains
        if self.in_forms is None:
            self.in_forms = "".join(sorted(set(_NOT_WORD_RE.findall("".join(self.known)))))
        if not self._known_forms:
            self._known_forms = tuple(sorted(self.known))
        self._separator = next((c for c in "\n\x00\x01\x02" if self._is_barrier(c)), None)

    @property
    def _barrier(self) -> re.Pattern[str]:
        """A barrier: a character that is not a word character and occurs in no known form."""
        return _barrier_re(self.in_forms or "")

    def _is_barrier(self, ch: str) -> bool:
        """``_barrier.match(ch)``, without compiling its CJK class (a short text needs only a few characters)."""
        o = ord(ch)
        word = ch in ASCII_ALNUM or any(lo <= o <= hi for lo, hi in _WORD_RANGES)
        return not word and ch not in (self.in_forms or "")

    def _split(self, chunk: str) -> list[str]:
        """``_barrier.split(chunk)``: in Python for a short chunk, whose regular expression costs more to compile."""
        if len(chunk) > _SHORT_SPLIT:
            return self._barrier.split(chunk)
        out = []
        last = 0
        for i, ch in enumerate(chunk):
            if self._is_barrier(ch):
                out.append(chunk[last:i])
                last = i + 1
        out.append(chunk[last:])
        return out

    def find(self, text: str, matches: Iterable[Match] | None = None) -> list[Candidate]:
        """Near-variants in normalized ``text``.

        ``matches`` are the known terms found in it (leftmost-longest); when not
        given, the index finds them itself, segment by segment, and reuses the
        result of every segment it has seen before (see ``_find_segments``).
        """
        if self.automaton is None:
            return []
        if matches is None:
            if self._separator is None:  # pragma: no cover - forms holding every control character
                found: list[Candidate] = []
                self._scan(text, 0, len(text), None, set(), found)
                return _resolve(found, self.settings)
            return _resolve(self._find_segments(text, self._separator), self.settings)
        spans = sorted((m.norm_start, m.norm_end, m.term.is_bad) for m in matches)
        found = []
        self._scan(text, 0, len(text), spans, set(), found)
        return _resolve(found, self.settings)

    def _find_segments(self, text: str, sep: str) -> list[Candidate]:
        """The unresolved candidates of ``text``, computed once per distinct segment.

        A *barrier* is a character that is not a word character and occurs in no
        known form (the punctuation and line breaks of running text). No known term
        crosses one, so the leftmost-longest reading starts afresh after it; no
        piece crosses one, so every anchor lies inside one segment (a run between
        barriers); and no reported window holds one (``_plausible`` rejects a
        character that is not a word character of the form). So what a segment
        yields depends on its own text only, unless the verification of one of its
        anchors could consider a window reaching past a barrier: a window that is
        always rejected, but that may be the closest and so hide a closer one inside.
        Such a segment is *open* and is checked again in place, with the whole text
        and the shared set of (form, start) pairs already verified, exactly as one
        pass over the whole text would; every other segment is checked once,
        its candidates kept relative to its start, and repeated segments (UN
        documents repeat their phrases) cost a dictionary look-up.

        Segments not seen before are checked together, joined by the barrier
        ``sep``, so the automata run once per chunk rather than once per segment.
        """
        cache, interesting = self._segments, self._interesting
        split = self._split
        found: list[Candidate] = []
        seen: set[tuple[int, int]] = set()
        for base, chunk in self._chunks(text):
            segs = split(chunk)
            new = set(segs).difference(cache)
            # a very long segment (text without punctuation) is checked in place, never kept
            longs = {seg for seg in new if len(seg) > SEGMENT_LONGEST}
            new -= longs
            if new:
                if len(cache) + len(new) > SEGMENT_CACHE or len(self._open) > SEGMENT_CACHE:
                    cache.clear()
                    interesting.clear()
                    self._open.clear()
                    new = set(segs) - longs
                self._learn(list(new), sep)
            hits: Iterable[int]
            if longs:
                hits = [i for i, seg in enumerate(segs) if seg in interesting or seg in longs]
            elif interesting.isdisjoint(segs):
                continue
            else:
                hits = compress(count(), map(interesting.__contains__, segs))
            # most segments yield nothing: the positions of the others are summed from the
            # lengths in between (one barrier follows every segment), in C
            pos, prev = base, 0
            for i in hits:
                pos += sum(map(len, segs[prev:i])) + i - prev
                prev = i
                seg = segs[i]
                if seg in longs:
                    self._scan(text, pos, pos + len(seg), None, seen, found)
                    continue
                rel = cache[seg]
                if type(rel) is _Reach:
                    self._scan_open(text, pos, pos + len(seg), rel, seen, found)
                else:
                    found.extend(Candidate(pos + c.start, pos + c.end, c.text, c.term, c.distance, c.score)
                                 for c in rel)
        return found

    def _scan_open(self, text: str, lo: int, hi: int, reach: _Reach, seen: set[tuple[int, int]],
                   found: list[Candidate]) -> None:
        """``_scan`` of an open segment in place, remembered with the text around it.

        Its anchors lie inside it, and their verification reads at most ``reach``
        characters beyond its ends, so the segment with that context (cut by the
        ends of the text) decides what it yields, given the same (form, start)
        pairs already verified. The pairs it verifies are kept with
        its candidates: where one of them was already verified before it (by a
        neighbouring segment), the remembered answer is not used.
        """
        c_lo = lo - reach.left if lo > reach.left else 0
        key = (lo - c_lo, text[c_lo:hi + reach.right])
        entry = self._open.get(key)
        if entry is not None:
            cands, keys = entry
            if not any((f, lo + s0) in seen for f, s0 in keys):
                seen.update((f, lo + s0) for f, s0 in keys)
                found.extend(Candidate(lo + c.start, lo + c.end, c.text, c.term, c.distance, c.score)
                             for c in cands)
                return
        own: set = set()
        mark = len(found)
        self._scan(text, lo, hi, None, seen, found, own=own)
        if None not in own:  # no pair was verified before: the answer holds wherever the context recurs
            self._open[key] = (tuple(Candidate(c.start - lo, c.end - lo, c.text, c.term, c.distance, c.score)
                                     for c in found[mark:]),
                               tuple((f, s0 - lo) for f, s0 in own))

    def _learn(self, segs: list[str], sep: str) -> None:
        """Check segments never seen before, all in one string, and remember what each yields."""
        joined = sep.join(segs) + sep
        lengths = list(map(len, segs))
        starts = list(accumulate(map((1).__add__, lengths), initial=0))
        runs = list(zip(starts, map(add, starts, lengths)))
        cache, interesting = self._segments, self._interesting
        # most segments yield nothing; the few that do are set right after
        cache.update(dict.fromkeys(segs, ()))
        for r, found in self._scan(joined, 0, len(joined), None, set(), [], runs).items():
            seg = segs[r]
            if found is None:
                cache[seg] = self._footprint(seg)
                interesting.add(seg)
            elif found:
                lo = starts[r]
                cache[seg] = tuple(Candidate(c.start - lo, c.end - lo, c.text, c.term, c.distance, c.score)
                                   for c in found)
                interesting.add(seg)

    def _footprint(self, seg: str) -> _Reach:
        """How far beyond its ends the verification of the anchors of segment ``seg`` may read.

        ``_verify`` reads from s0 - k to s0 + n + 2k for a form of n characters
        allowed k edits and starting at s0 (a window starts up to k after s0 and
        is up to n + k long), and the tests before it read within that range.
        """
        left = right = 0
        if self.automaton is None:  # no pieces, no anchors
            return _Reach(left, right)
        spans = self.known_spans(seg)
        ends = [e for _, e, _ in spans]
        j, n_spans = 0, len(spans)
        for pat, p_start, p_end in self.automaton.find_matches_as_indexes(seg, overlapping=True):
            while j < n_spans and ends[j] < p_end:
                j += 1
            if j < n_spans and spans[j][0] <= p_start:
                cands = self._owners_within(pat, seg[spans[j][0]:ends[j]])
            else:
                cands = self.owners[pat]
            for _, offset, k, n, _, _ in cands:
                s0 = p_start - offset
                left = max(left, k - s0)
                right = max(right, s0 + n + 2 * k - len(seg))
        return _Reach(left, right)

    def _chunks(self, text: str):
        """(offset, chunk) pieces of ``text`` of about ``SEGMENT_CHUNK`` characters, each cut at a barrier.

        The barrier itself is left out: ``split`` of the chunk then lays the
        segments end to end with one barrier between each two, as in the text.
        """
        n = len(text)
        start = 0
        while True:
            target = start + SEGMENT_CHUNK
            m = self._barrier.search(text, target) if target < n else None
            if m is None:
                yield start, text[start:]
                return
            yield start, text[start:m.start()]
            start = m.start() + 1

    def _scan(self, text: str, lo: int, hi: int, spans: list[tuple[int, int, bool]] | None,
              seen: set[tuple[int, int]], found: list[Candidate] | None,
              runs: list[tuple[int, int]] | None = None,
              own: set | None = None) -> dict[int, list[Candidate] | None]:
        """Verify the anchors of ``text[lo:hi]``, appending candidates to ``found``.

        ``spans``: the known terms of ``text`` (all of them, sorted), or None to
        find those of ``text[lo:hi]`` here (``lo``/``hi`` must then sit at barriers
        or the ends of the text). ``own`` collects the (form, start) pairs verified
        here, and None when a pair had been verified before this scan.

        With ``runs`` (the segments of ``text[lo:hi]``, in order, barriers between
        them), each segment is checked on its own, with a set of pairs of its own
        instead of ``seen``, and the result maps the number of each segment that
        holds an anchor to its candidates, or to None as soon as a verification
        could look past it (see ``_find_segments``); without ``runs`` it is empty.
        """
        out: dict[int, list[Candidate] | None] = {}
        automaton = self.automaton
        if automaton is None:  # no pieces, no anchors
            return out
        piece = text[lo:hi] if lo or hi != len(text) else text
        ids: list[int] | None = None
        if spans is None:
            bad = self.term_bad
            # every form with pieces is a known form: with an automaton there is a term automaton
            found_terms = (self.term_automaton.find_matches_as_indexes(piece) if self.term_automaton is not None
                           else [])
            spans = [(s + lo, e + lo, bad[i]) for i, s, e in found_terms]
            ids = [i for i, _, _ in found_terms]
        starts = [s for s, _, _ in spans]
        ends = [e for _, e, _ in spans]
        owners, within, within_ids = self.owners, self._within, self._within_ids
        n_pats, known_forms = len(owners), self._known_forms
        anchored = self.settings.anchor_ends
        j, n_spans = bisect_right(ends, lo), len(spans)
        bounds: tuple[int, int] | None = None
        r, r_hi = 0, len(text) + 1
        if runs is not None:
            r_hi = -1
        else:
            runs = []  # not read: without runs no hit ends past r_hi
        # hits come in order of their end; known-term spans do not overlap, so one pointer
        # finds the span (if any) that encloses each hit
        for pat, p_start, p_end in automaton.find_matches_as_indexes(piece, overlapping=True):
            p_start += lo
            p_end += lo
            if p_end > r_hi:  # the next segment (no piece crosses a barrier)
                while runs[r][1] < p_end:
                    r += 1
                bounds = runs[r]
                r_hi, seen = bounds[1], set()
                found = out[r] = []
            if found is None:  # this segment is open already
                continue
            while j < n_spans and ends[j] < p_end:
                j += 1
            if j < n_spans and starts[j] <= p_start:
                # most anchors lie in correct terms: one look-up by (term, piece) numbers dismisses them
                if ids is not None:
                    cands = within_ids.get(ids[j] * n_pats + pat)
                    if cands is None:
                        cands = within_ids[ids[j] * n_pats + pat] = self._owners_within(pat, known_forms[ids[j]])
                else:
                    known = text[starts[j]:ends[j]]
                    cands = within.get((pat, known))
                    if cands is None:
                        cands = self._owners_within(pat, known)
                if not cands:
                    continue
            else:
                cands = owners[pat]
            for form_idx, offset, k, n, first, last in cands:
                s0 = p_start - offset
                # the cheapest tests first (this loop runs for every anchor in the text):
                # a variant starts with the term's first character and ends with its last
                if anchored:
                    a = s0 - k if s0 > k else 0
                    if first not in text[a:s0 + k + 1]:
                        continue
                    a = s0 + n - 1 - k
                    if last not in text[a if a > 0 else 0:s0 + n + k]:
                        continue
                key = (form_idx, s0)
                if key in seen:
                    if own is not None and key not in own:
                        own.add(None)
                    continue
                seen.add(key)
                if own is not None:
                    own.add(key)
                cand = self._verify(text, form_idx, s0, p_start, p_end, spans, starts, bounds)
                if cand is _OPEN:
                    out[r] = found = None
                    break
                if cand is not None:
                    found.append(cand)
        return out

    def known_spans(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_bad) of every known term in normalized ``text``, leftmost-longest."""
        if self.term_automaton is None:
            return []
        bad = self.term_bad
        return [(s, e, bad[i]) for i, s, e in self.term_automaton.find_matches_as_indexes(text)]

    def _owners_within(self, pat: int, known: str) -> tuple:
        """The owners of piece ``pat`` whose variants could contain the known term ``known``.

        A piece found inside a known term can only anchor a window that contains
        that term whole (a window cutting through a term is never reported), so
        every such window is at least ``len(known) - common`` edits from the form
        (``common``: the characters the two share, counted with repetition). Most
        anchors sit in correct terms; this sorts them out once per pair of piece and
        term instead of once per occurrence.
        """
        key = (pat, known)
        out = self._within.get(key)
        if out is None:
            kept = []
            counts = Counter(known)
            for owner in self.owners[pat]:
                form_idx, _, k, n, _, _ = owner
                form = self.forms[form_idx]
                if known == form or len(known) >= n + k:
                    continue
                if len(known) - sum((counts & Counter(form)).values()) <= k:
                    kept.append(owner)
            out = self._within[key] = tuple(kept)
        return out

    def _verify(self, text: str, form_idx: int, s0: int, p_start: int, p_end: int,
                spans: list[tuple[int, int, bool]], starts: list[int],
                bounds: tuple[int, int] | None = None) -> Candidate | Literal[_Open.OPEN] | None:
        """The closest plausible window around one anchor, or None.

        With ``bounds`` (a segment between two barriers), ``_OPEN`` when a window
        this considers in the whole text could reach past a barrier: such a window
        holds the barrier's neighbours, which the segment alone does not show.
        Barriers are never the first or last character of a form, so with
        ``anchor_ends`` only windows from two characters before the segment or to
        two after it are out of sight.
        """
        form = self.forms[form_idx]
        k = self.edits[form_idx]
        n = len(form)
        lo, hi = max(0, s0 - k), min(p_start, s0 + k)
        if self.settings.anchor_ends:
            if bounds is not None and s0 - k <= bounds[0] - 2:
                return _OPEN
            # most anchors are common two-character pieces in correct text: checking the
            # first and last characters rejects them before any distance is computed
            first, last = form[0], form[-1]
            s_list = [s for s in range(lo, hi + 1) if text[s] == first]
            if not s_list:
                return None
            if bounds is not None and s_list[-1] + n + k >= bounds[1] + 2:
                return _OPEN
            e_hi = min(len(text), s_list[-1] + n + k)
            e_list = [e for e in range(max(p_end, s_list[0] + n - k, 1), e_hi + 1) if text[e - 1] == last]
            if not e_list:
                return None
        else:
            if bounds is not None and (s0 - k < bounds[0] or hi + n + k > bounds[1]):
                return _OPEN
            s_list = list(range(lo, hi + 1))
            e_list = list(range(max(p_end, lo + n - k), min(len(text), hi + n + k) + 1))
        close: list[tuple[int, int, int, int]] = []
        for s in s_list:
            for e in e_list:
                if e - s < n - k or e - s > n + k:
                    continue
                d = osa(form, text[s:e], k)
                if 0 < d <= k:
                    close.append((d, abs(e - s - n), s, e))
        # the closest window that reads as a slip: a closer one may be a phrase, a farther one not
        for d, _, s, e in sorted(close):
            window = text[s:e]
            if self._plausible(text, window, form, d, spans, starts, s, e):
                return Candidate(s, e, window, self.terms[form_idx], d, round(ratio(form, window), 1))
        return None

    def _plausible(self, text: str, window: str, form: str, distance: int, spans: list[tuple[int, int, bool]],
                   starts: list[int], s: int, e: int) -> bool:
        if window in self.known or window in self.settings.ignore:
            return False
        if form in window or window in form:
            return False
        for ch in _NOT_WORD_RE.findall(window):
            if ch not in form:
                return False
        if _numbered_siblings(form, window):
            return False
        if not _slip(form, window, distance):
            return False
        if _siblings(form, window):
            return False
        if self.settings.common_words:
            if len(window) <= PHRASE_LONGEST and is_phrase(window, self.known):
                return False
            region = _edit_region(form, window)
            if _straddled(text, s, e, region) or _reworded(form, window, region, self.known):
                return False
        if self._cuts_known_form(text, s, e):
            return False
        # a known term may lie wholly inside the window, never across its edge; a bad
        # term inside it is reported by its own rule, and fixing that fixes the window
        i = bisect_right(starts, e - 1) - 1
        while i >= 0 and spans[i][1] > s:
            m_s, m_e, bad = spans[i]
            if m_s < s or m_e > e or bad:
                return False
            i -= 1
        return True

    def _cuts_known_form(self, text: str, s: int, e: int) -> bool:
        """True when a termbase form occurs across an edge of the window [s, e).

        The leftmost-longest matcher reports one reading of the text (联合国|会员国 is read
        as 联合国 + 员国...), so the overlapping readings are looked up here, for the
        few windows that got this far.
        """
        if self.known_automaton is None:
            if not self._known_lazy:
                return False
            # an index read back from the cache builds this automaton only when a window gets this far
            self.known_automaton = ahocorasick_rs.AhoCorasick(list(self._known_forms))
        lo = max(0, s - self.longest + 1)
        context = text[lo:e + self.longest - 1]
        for _, o_s, o_e in self.known_automaton.find_matches_as_indexes(context, overlapping=True):
            o_s += lo
            o_e += lo
            if o_s < s < o_e or o_s < e < o_e:
                return True
        return False

    def nearest(self, query: str, limit: int = 5) -> list[tuple[Term, int, float]]:
        """Terms within their edit budget of a whole query string: (term, distance, score), best first.

        For a lookup: the pieces pick the candidate terms, the distance confirms them.
        """
        from rapidfuzz import fuzz
        from rapidfuzz.distance import OSA

        q = normalize_term(query)
        if self.automaton is None or not q:
            return []
        out: dict[int, tuple[int, float]] = {}
        for pat, _, _ in self.automaton.find_matches_as_indexes(q, overlapping=True):
            for form_idx, *_ in self.owners[pat]:
                if form_idx in out:
                    continue
                form = self.forms[form_idx]
                d = OSA.distance(form, q, score_cutoff=self.edits[form_idx])
                if d <= self.edits[form_idx]:
                    out[form_idx] = (d, round(fuzz.ratio(form, q), 1))
        ranked = sorted(out.items(), key=lambda x: (x[1][0], -x[1][1], self.forms[x[0]]))
        return [(self.terms[i], d, score) for i, (d, score) in ranked[:limit]]


def _enclosing(spans: list[tuple[int, int, bool]], starts: list[int], s: int,
               e: int) -> tuple[int, int, bool] | None:
    """The known-term span that contains [s, e), if any (matches never overlap)."""
    i = bisect_right(starts, s) - 1
    if i >= 0 and spans[i][1] >= e:
        return spans[i]
    return None


#: windows up to this long that read as ordinary words are phrases, not slips; longer terms are
#: themselves made of words, and one missing character (持久有机污染物审查委员会) leaves words too
PHRASE_LONGEST = 6
#: how common a word must be (frequency in the word list) to make a phrase or claim an edge
PHRASE_FREQ = 100
#: a single character that may stand before one word to make a phrase: prepositions, conjunctions
#: and determiners (经理事会验证后 = 经 + 理事会, 由理事会)
PREFIX_LINKS = frozenset("经由在与和及对向从以为被将把按据就同跟给于至自并或而且即若如之的各其该本此每诸")
#: a single character that may follow one word to make a phrase (各利益攸关方等, 缔约方者)
SUFFIX_LINKS = frozenset("者等类们")
#: two characters that close an enumeration after a name: 比利时等国, 中美两国
ENUMERATIONS = frozenset(a + b for a in "等各诸两三" for b in "国方人地")
#: closed classes whose members swap into each other in names of different things (siblings, not
#: slips): directions, sizes, ordinals and counters, and the stems of chemical names
SIBLINGS = tuple(frozenset(c) for c in (
    "东西南北中", "上下", "内外", "前后", "左右", "大小", "高低", "新旧", "正副", "男女", "海陆空",
    "甲乙丙丁戊己庚辛壬癸", "氟氯溴碘", "烷烯炔", "醇醚酮醛酯酸", "届次期号轮", "和及与暨并同",
))
#: particles that only mark structure: one in the place of a term's character makes a paraphrase
PARTICLES = frozenset("的之")


def is_phrase(window: str, known: frozenset[str] | set[str] = frozenset()) -> bool:
    """True when ``window`` reads as ordinary words or known terms.

    缔约国审议 = 缔约国 + 审议, 联合国社会 = 联合国 + 社会, 经济理事会 = 经济 + 理事会: a reader
    finds words there, not a misspelt 缔约国会议, 联合国大会 or 经社理事会. One link character
    may stand before or after a single word (经理事会 = 经 + 理事会). A slip inside a term leaves
    a piece that is no word (巴塞公约: 巴塞), or two stray characters (突尼斯和国).
    """
    if _words_only(window, known):
        return True
    if len(window) > 2 and window[0] in PREFIX_LINKS and _one_word(window[1:], known):
        return True
    if len(window) > 2 and window[-1] in SUFFIX_LINKS and _one_word(window[:-1], known):
        return True
    # an enumeration: 比利时等国 (Belgium and other countries), 两国, 各方
    return len(window) > 3 and window[-2:] in ENUMERATIONS and _one_word(window[:-2], known)


def _one_word(text: str, known: frozenset[str] | set[str]) -> bool:
    return text in known or word_freq().get(text, 0) >= PHRASE_FREQ


def _words_only(window: str, known: frozenset[str] | set[str]) -> bool:
    """``window`` splits into listed words and known terms of two or more characters."""
    freq = word_freq()
    n = len(window)
    reach = [False] * (n + 1)
    reach[0] = True
    for i in range(n):
        if reach[i]:
            for j in range(i + 2, min(n, i + 16) + 1):
                piece = window[i:j]
                if piece in known or freq.get(piece, 0) >= PHRASE_FREQ:
                    reach[j] = True
    return reach[n]


def _edit_region(form: str, window: str) -> tuple[int, int]:
    """The part of ``window`` the edits from ``form`` touch, as [start, end) (empty at a dropped character).

    Found from the common prefix and suffix, so a swap is one region of two
    characters rather than the insertion and deletion an edit script would show.
    """
    p = 0
    limit = min(len(form), len(window))
    while p < limit and form[p] == window[p]:
        p += 1
    q = 0
    while q < limit - p and form[-1 - q] == window[-1 - q]:
        q += 1
    return p, max(p, len(window) - q)


def _straddled(text: str, s: int, e: int, region: tuple[int, int]) -> bool:
    """True when a word of the text crosses an edge of the window [s, e) right where an edit is.

    中亚区域办事处 is not 亚太区域办事处 with 太 dropped (中亚 is a word), 执行协调会 is not
    行政协调会 (执行), 西班牙国王 is not 西班牙王国 (国王): the window begins or ends inside a word
    of its neighbours, and the edit sits next to that edge. A slip inside a term that merely
    follows such a word keeps its edit away from the edge, and is still reported.
    """
    freq = word_freq()
    size = e - s
    r_start, r_end = region
    for a in (1, 2, 3):  # characters before the window that start the crossing word
        if s - a < 0 or not _is_han(text[s - a]):
            break
        for b in (1, 2, 3):  # characters of the window it takes
            if a + b > 4 or b >= size:
                break
            # the edit begins inside the part the word takes, or right after it
            if r_start <= b and freq.get(text[s - a:s + b], 0) >= PHRASE_FREQ:
                return True
    for a in (1, 2, 3):  # characters after the window
        if e + a > len(text) or not _is_han(text[e + a - 1]):
            break
        for b in (1, 2, 3):
            if a + b > 4 or b >= size:
                break
            if r_end >= size - b and freq.get(text[e - b:e + a], 0) >= PHRASE_FREQ:
                return True
    return False


def _reworded(form: str, window: str, region: tuple[int, int], known: frozenset[str] | set[str]) -> bool:
    """True when the edit swaps one word of the term for another word (保护/养护, 欧洲/欧亚, 协议/会议).

    A slip leaves a piece that is no word; a word for a word is another wording, or another
    name, whatever its length (生物多样性养护, 欧亚经济委员会, 哥本哈根会议).
    """
    start, end = region
    if end <= start or len(form) != len(window):
        return False  # a dropped or added character: no word for a word
    freq = word_freq()
    mine = _word_around(window, start, end, known)
    theirs = _word_around(form, start, end, known)
    if mine is None or theirs is None or mine == theirs:
        return False
    return ((mine in known or freq.get(mine, 0) >= PHRASE_FREQ)
            and (theirs in known or freq.get(theirs, 0) >= PHRASE_FREQ))


def _word_around(text: str, start: int, end: int, known: frozenset[str] | set[str]) -> str | None:
    """The word of ``text``'s segmentation that holds [start, end), if one word does."""
    for a, b in segment(text, ()):
        if a <= start and end <= b:
            return text[a:b] if b - a >= 2 else None
        if a >= end:
            break
    return None


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _numbered_siblings(form: str, window: str) -> bool:
    """True when the two differ only in numbers: 第一次/第二次 会议, 二氯乙烷/三氯乙烷, HFC-23/HFC-32.

    Every differing character is a numeral on both sides (a number for a number); a number
    dropped, added or moved among letters is a slip like any other (二氯氟二甲烷, HFC1-34).
    """
    if len(form) != len(window):
        return False
    diff = [(x, y) for x, y in zip(form, window) if x != y]
    return bool(diff) and all(_NUMERALS_RE.match(x) and _NUMERALS_RE.match(y) for x, y in diff)


def _siblings(form: str, window: str) -> bool:
    """True when the window differs from the form by one substitution within a sibling class (东/西, 氟/氯)."""
    if len(form) != len(window):
        return False
    diff = [(x, y) for x, y in zip(form, window) if x != y]
    return len(diff) == 1 and any(diff[0][0] in c and diff[0][1] in c for c in SIBLINGS)


def _slip(form: str, window: str, distance: int) -> bool:
    """True when the edits from ``form`` to ``window`` look like a slip, not a rewording.

    ``distance`` is the OSA distance; when plain Levenshtein needs more edits, the
    difference is a swap of two characters, which is always a slip.
    """
    from rapidfuzz.distance import Levenshtein

    ops = Levenshtein.editops(form, window)
    if len(ops) > distance:
        return True
    for op in ops:
        # an added or dropped function character makes a paraphrase (水俣公约的秘书处, 化学品废物);
        # one that replaces a character of the term is a slip like any other (巴塞和公约), unless
        # it is a particle (新的委员会) or the result reads as words, which is_phrase decides
        if op.tag == "insert" and window[op.dest_pos] in FREE_INSERTIONS and _between_words(window, op.dest_pos):
            return False
        if op.tag == "delete" and form[op.src_pos] in FREE_INSERTIONS and _between_words(form, op.src_pos):
            return False
        if op.tag == "replace" and window[op.dest_pos] in PARTICLES:
            return False
        if op.tag == "replace" and _NUMERALS_RE.match(window[op.dest_pos]) and _NUMERALS_RE.match(form[op.src_pos]):
            return False
    # two edits side by side replace, drop or add a two-character word
    if len(ops) == 2:
        first, second = ops  # iterated: rapidfuzz's stubs type ops[i] as Editops | Editop
        return abs(first.src_pos - second.src_pos) > 1
    return True


def _between_words(text: str, i: int) -> bool:
    """Whether ``text[i]`` stands alone between two words (水俣公约|的|秘书处), not inside one (基于, 埃塞俄比为亚)."""
    spans = segment(text)
    for k, (a, b) in enumerate(spans):
        if a == i:
            # one of its neighbours at least is a word (持久性|的|有机污染物); between stray characters
            # it is a slip inside a name (埃塞俄比为亚)
            return (b == i + 1 and 0 < k < len(spans) - 1
                    and max(spans[k - 1][1] - spans[k - 1][0], spans[k + 1][1] - spans[k + 1][0]) >= 2)
    return False


def _resolve(found: list[Candidate], settings: VariantSettings) -> list[Candidate]:
    """One candidate per place: the best score wins, a longer term breaks ties.

    The others that overlap it without lying inside it are kept as its rivals.
    Candidates only compete with those they overlap, so the decision is made
    within each run of overlapping candidates (a long document has thousands of
    candidates; comparing each with all of them grew with the square of its size).
    """
    if not found:
        return []
    chosen: list[Candidate] = []
    run: list[int] = []
    run_end = -1
    for i in sorted(range(len(found)), key=lambda i: found[i].start):
        c = found[i]
        if run and c.start >= run_end:
            chosen.extend(_resolve_run([found[j] for j in sorted(run)]))
            run = []
        run.append(i)
        run_end = c.end if len(run) == 1 else max(run_end, c.end)
    chosen.extend(_resolve_run([found[j] for j in sorted(run)]))
    return sorted(chosen, key=lambda c: c.start)


def _resolve_run(found: list[Candidate]) -> list[Candidate]:
    """``_resolve`` for candidates in their order of discovery, none apart from the others."""
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
    return chosen


@lru_cache(maxsize=8)
def _barrier_re(in_forms: str) -> re.Pattern[str]:
    """Every character _NOT_WORD_RE accepts except ``in_forms`` (compiled once: its CJK class costs milliseconds)."""
    word = _NOT_WORD_RE.pattern[2:-1]
    return re.compile("[^" + word + "".join(re.escape(c) for c in in_forms) + "]")


def build_index(terms: Iterable[Term], settings: VariantSettings,
                not_targets: frozenset[str] = frozenset()) -> VariantIndex:
    """Cut every fuzzy-matchable Chinese term form into pieces and compile one automaton.

    Terms of the concepts in ``not_targets`` (reference vocabulary) are known forms, so a window
    that is one of them is never a variant, but no window is reported as a variant of them.
    """
    forms: list[str] = []
    kept: list[Term] = []
    edits: list[int] = []
    known: set[str] = set()
    bad: set[str] = set()
    by_form: dict[str, int] = {}
    for t in terms:
        if t.lang != "zh":
            continue
        form = normalize_term(t.text)
        if not form:
            continue
        known.add(form)
        if t.is_bad:
            bad.add(form)
        k = settings.max_edits(len(form))
        if k == 0 or form in by_form or form in settings.ignore or t.concept_id in not_targets:
            continue
        by_form[form] = len(forms)
        forms.append(form)
        kept.append(t)
        edits.append(k)
    pieces: dict[str, list[tuple[int, int, int, int, str, str]]] = {}
    commonness = _substring_counts(known)
    for idx, form in enumerate(forms):
        for offset, piece in split_pieces(form, edits[idx], commonness):
            pieces.setdefault(piece, []).append((idx, offset, edits[idx], len(form), form[0], form[-1]))
    patterns = list(pieces)
    automaton = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
    known_list = sorted(known)
    known_automaton = ahocorasick_rs.AhoCorasick(known_list) if known_list else None
    term_automaton = (ahocorasick_rs.AhoCorasick(known_list, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                      if known_list else None)
    out = VariantIndex(settings, tuple(forms), tuple(kept), tuple(edits),
                       tuple(tuple(pieces[p]) for p in patterns), automaton, frozenset(known),
                       known_automaton, max((len(f) for f in known_list), default=0),
                       term_automaton, tuple(f in bad for f in known_list), _known_forms=tuple(known_list))
    out.automaton_patterns = tuple(patterns)
    return out


#: bump when ``VariantIndex.to_data`` changes
INDEX_FORMAT = 1


def describe(settings: VariantSettings) -> str:
    """The settings as text that is the same in every process (a frozenset's order is not): part of a cache key."""
    return (f"{settings.min_length} {settings.two_edits_from} {settings.anchor_ends} {settings.common_words} "
            f"{sorted(settings.ignore)}")


@lru_cache(maxsize=8)
def variant_index(termbase: Termbase, settings: VariantSettings = VariantSettings()) -> VariantIndex:
    """The piece index of a termbase, built once per termbase object and settings, and kept in the user
    cache with a cached termbase (``match.stored``)."""
    compiled = getattr(termbase, "compiled_variants", None)  # a part of a termbase for one text (match.subset)
    if compiled is not None:
        if compiled.settings == settings:
            return compiled
        return variant_index(termbase.whole, settings)  # type: ignore[attr-defined]
    from termkit.match import stored

    terms = list(termbase.terms("zh"))
    key = stored.entry_key(termbase, "variants", str(INDEX_FORMAT), describe(settings))
    data = stored.load("variants", key)
    if data is not None:
        index = VariantIndex.from_data(data, terms, settings)
        if index is not None:
            return index
    index = build_index(terms, settings, frozenset(c.id for c in termbase.concepts if c.reference))
    stored.save("variants", key, index.to_data(terms))
    return index
