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
  (第一次会议 / 第二次会议), not variants;
- a four-character window made of two common two-character words is a phrase
  (预算资源 = 预算 + 资源, one deletion from 预算外资源), not a slip (巴塞公约: 巴塞 is
  no common word); the word list is termkit/data/common_words.txt;
- a window whose edge cuts through a known term is a misreading of the
  boundary (联合国会|员国 is not 联合国大会);
- an inserted or substituted function character (的, 各, 全, 等, ...) makes a paraphrase
  (水俣公约的秘书处), and two adjacent edits replace or drop a whole word
  (化学品和废物无害管理), which is a different wording rather than a slip;
- a window that contains a deprecated or superseded term is left to the rules
  that report that term.

The index is built once per termbase and settings and cached, like the matcher.
"""

from __future__ import annotations

import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

import ahocorasick_rs
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from .errors import ConfigError
from .model import Match, Term, Termbase
from .normalize import normalize_term

#: characters a variant may consist of besides those of the term itself
_NOT_WORD_RE = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9A-Za-z]")
#: removing these must not make two strings equal: they are numbered siblings, not variants
_NUMERALS_RE = re.compile(r"[0-9〇零一二三四五六七八九十百千两]")
#: function characters (and numerals) whose insertion or substitution makes a grammatical
#: paraphrase, not a typo: 可持续的消费和生产, 水俣公约的秘书处, 巴塞尔公约各区域中心,
#: 联合国全系统, 比利时等国 (for 比利时王国), 西班牙两国
FREE_INSERTIONS = frozenset("的之各全等其所和与及或诸每该本此并都即为在对以于有")


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
    #: a four-character window of two common two-character words is a phrase, not a variant
    common_words: bool = True

    OPTION_NAMES = ("min_length", "two_edits_from", "anchor_ends", "fix_score", "ignore", "common_words")

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
        for key in ("anchor_ends", "common_words"):
            if key in options:
                if not isinstance(options[key], bool):
                    raise ConfigError(f"option '{key}' of rule possible-variant must be true or false, "
                                      f"not {options[key]!r}")
                kw[key] = options[key]
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
    automaton: object | None
    #: every normalized zh form of the termbase (fuzzy-matchable or not)
    known: frozenset[str] = field(default_factory=frozenset)
    #: all known forms, matched overlapping, to see whether a window cuts through one
    known_automaton: object | None = None
    longest: int = 0
    #: all known forms again, leftmost-longest (the matcher's reading), and whether each is a bad term
    term_automaton: object | None = None
    term_bad: tuple[bool, ...] = ()
    _within: dict = field(default_factory=dict, repr=False)

    def find(self, text: str, matches: Iterable[Match] | None = None) -> list[Candidate]:
        """Near-variants in normalized ``text``.

        ``matches`` are the known terms found in it (leftmost-longest); when not
        given, the index finds them itself, which lets the check engine skip
        building a Match for every term occurrence.
        """
        if self.automaton is None:
            return []
        if matches is None:
            spans = self.known_spans(text)
        else:
            spans = sorted((m.norm_start, m.norm_end, m.term.is_bad) for m in matches)
        starts = [s for s, _, _ in spans]
        ends = [e for _, e, _ in spans]
        known = [text[s:e] for s, e, _ in spans]
        owners, within = self.owners, self._within
        anchored = self.settings.anchor_ends
        seen: set[tuple[int, int]] = set()
        found: list[Candidate] = []
        j, n_spans = 0, len(spans)
        # hits come in order of their end; known-term spans do not overlap, so one pointer
        # finds the span (if any) that encloses each hit
        for pat, p_start, p_end in self.automaton.find_matches_as_indexes(text, overlapping=True):  # type: ignore[attr-defined]
            while j < n_spans and ends[j] < p_end:
                j += 1
            if j < n_spans and starts[j] <= p_start:
                cands = within.get((pat, known[j]))
                if cands is None:
                    cands = self._owners_within(pat, known[j])
                if not cands:
                    continue
            else:
                cands = owners[pat]
            for form_idx, offset, k, n, first, last in cands:
                s0 = p_start - offset
                # the cheapest tests first (this loop runs for every anchor in the text):
                # a variant starts with the term's first character and ends with its last
                if anchored:
                    lo = s0 - k if s0 > k else 0
                    if first not in text[lo:s0 + k + 1]:
                        continue
                    lo = s0 + n - 1 - k
                    if last not in text[lo if lo > 0 else 0:s0 + n + k]:
                        continue
                key = (form_idx, s0)
                if key in seen:
                    continue
                seen.add(key)
                cand = self._verify(text, form_idx, s0, p_start, p_end, spans, starts)
                if cand is not None:
                    found.append(cand)
        return _resolve(found, self.settings)

    def known_spans(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, is_bad) of every known term in normalized ``text``, leftmost-longest."""
        if self.term_automaton is None:
            return []
        bad = self.term_bad
        return [(s, e, bad[i]) for i, s, e in self.term_automaton.find_matches_as_indexes(text)]  # type: ignore[attr-defined]

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
                spans: list[tuple[int, int, bool]], starts: list[int]) -> Candidate | None:
        form = self.forms[form_idx]
        k = self.edits[form_idx]
        n = len(form)
        lo, hi = max(0, s0 - k), min(p_start, s0 + k)
        if self.settings.anchor_ends:
            # most anchors are common two-character pieces in correct text: checking the
            # first and last characters rejects them before any distance is computed
            first, last = form[0], form[-1]
            s_list = [s for s in range(lo, hi + 1) if text[s] == first]
            if not s_list:
                return None
            e_hi = min(len(text), s_list[-1] + n + k)
            e_list = [e for e in range(max(p_end, s_list[0] + n - k, 1), e_hi + 1) if text[e - 1] == last]
            if not e_list:
                return None
        else:
            s_list = list(range(lo, hi + 1))
            e_list = list(range(max(p_end, lo + n - k), min(len(text), hi + n + k) + 1))
        best: tuple[int, int, int, int] | None = None
        for s in s_list:
            for e in e_list:
                if e - s < n - k or e - s > n + k:
                    continue
                d = OSA.distance(form, text[s:e], score_cutoff=k)
                if d > k or d == 0:
                    continue
                key = (d, abs(e - s - n), s, e)
                if best is None or key < best:
                    best = key
        if best is None:
            return None
        d, _, s, e = best
        window = text[s:e]
        if not self._plausible(text, window, form, d, spans, starts, s, e):
            return None
        return Candidate(s, e, window, self.terms[form_idx], d, round(fuzz.ratio(form, window), 1))

    def _plausible(self, text: str, window: str, form: str, distance: int, spans: list[tuple[int, int, bool]],
                   starts: list[int], s: int, e: int) -> bool:
        if window in self.known or window in self.settings.ignore:
            return False
        if form in window or window in form:
            return False
        for ch in _NOT_WORD_RE.findall(window):
            if ch not in form:
                return False
        if _NUMERALS_RE.sub("", window) == _NUMERALS_RE.sub("", form):
            return False
        if not _slip(form, window, distance):
            return False
        if (self.settings.common_words and len(window) == 4
                and window[:2] in common_words() and window[2:] in common_words()):
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
            return False
        lo = max(0, s - self.longest + 1)
        context = text[lo:e + self.longest - 1]
        for _, o_s, o_e in self.known_automaton.find_matches_as_indexes(context, overlapping=True):  # type: ignore[attr-defined]
            o_s += lo
            o_e += lo
            if o_s < s < o_e or o_s < e < o_e:
                return True
        return False

    def nearest(self, query: str, limit: int = 5) -> list[tuple[Term, int, float]]:
        """Terms within their edit budget of a whole query string: (term, distance, score), best first.

        For a lookup: the pieces pick the candidate terms, the distance confirms them.
        """
        q = normalize_term(query)
        if self.automaton is None or not q:
            return []
        out: dict[int, tuple[int, float]] = {}
        for pat, _, _ in self.automaton.find_matches_as_indexes(q, overlapping=True):  # type: ignore[attr-defined]
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


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common two-character words (termkit/data/common_words.txt, derived from jieba's dictionary).

    Read on the first four-character candidate only; an installation without the
    file simply does without the filter.
    """
    from importlib import resources

    try:
        text = resources.files(__package__).joinpath("data", "common_words.txt").read_text(encoding="utf-8")
    except OSError:  # pragma: no cover - a broken installation
        return frozenset()
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


def _slip(form: str, window: str, distance: int) -> bool:
    """True when the edits from ``form`` to ``window`` look like a slip, not a rewording.

    ``distance`` is the OSA distance; when plain Levenshtein needs more edits, the
    difference is a swap of two characters, which is always a slip.
    """
    ops = Levenshtein.editops(form, window)
    if len(ops) > distance:
        return True
    for op in ops:
        if op.tag != "delete" and (window[op.dest_pos] in FREE_INSERTIONS
                                   or _NUMERALS_RE.match(window[op.dest_pos])):
            return False
    # two edits side by side replace, drop or add a two-character word
    return not (len(ops) == 2 and abs(ops[0].src_pos - ops[1].src_pos) <= 1)


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
        if k == 0 or form in by_form or form in settings.ignore:
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
    return VariantIndex(settings, tuple(forms), tuple(kept), tuple(edits),
                        tuple(tuple(pieces[p]) for p in patterns), automaton, frozenset(known),
                        known_automaton, max((len(f) for f in known_list), default=0),
                        term_automaton, tuple(f in bad for f in known_list))


@lru_cache(maxsize=8)
def variant_index(termbase: Termbase, settings: VariantSettings = VariantSettings()) -> VariantIndex:
    """The piece index of a termbase, built once per termbase object and settings."""
    return build_index(termbase.terms("zh"), settings)
