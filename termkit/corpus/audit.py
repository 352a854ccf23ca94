"""Audit a termbase against aligned bilingual text: do official translations use the preferred Chinese?

For every concept whose English occurs in the source side, the audit counts
the segments that name it (``source_segments``), those whose target carries
a preferred Chinese form (``preferred_segments``) or any acceptable one
(preferred or admitted), every listed Chinese form found in those targets,
and the strings the targets use instead. It also lists every deprecated or
superseded form that occurs in a target, and the concepts never named.

Matching is the check's own: the English matcher on the source
(leftmost-longest, so "President of the General Assembly" names the
president, not the Assembly) and the Chinese matcher on the normalized target
(leftmost-longest, so 缔约方大会 is the Conference of the Parties, not 大会).

**What official translations use instead.** Each target is cut into clauses
(runs of Chinese characters) and segmented with jieba, whose dictionary is
given every Chinese term of the termbase so that listed forms stay whole; the
candidates are runs of one to four words (2-16 characters) that neither start
nor end with a function word (的, 和, 在, 第 …). They are counted in the
segments that name a concept C but carry none of its acceptable forms: what
those translations write instead. A candidate counts there when it occurs
outside any form of a concept whose English the source names: "General
Assembly resolution 70/1" = 大会第70/1号决议 explains 决议 by *resolution*,
and leaves 大会 to the Assembly (competitive linking, after Melamed 2000).

Candidates are ranked by Dunning's log-likelihood ratio G² (Computational
Linguistics 19(1), 1993) over the 2x2 table of segments: whether the segment
is one of those (C named, no acceptable form), and whether its target holds
the candidate. Only positive associations count (the candidate is more
frequent there than in the rest of the target side), with a frequency floor
(``min_count`` such segments, 2 by default). G² rather than pointwise mutual information: PMI ranks a
string seen once, only in C's segments, above one seen in 40 of C's 50
segments and a few others, which is backwards for this purpose; G² grows with
the evidence and stays reliable at the low counts a termbase audit meets
(Dunning's reason; also what Smadja et al. and later term aligners use).
Of two overlapping candidates (one inside the other) the better-scored one
is kept.

**Per-file summaries and a merge.** ``summarize`` turns one bilingual file
into an ``AuditSummary`` of plain counts (no termbase objects, picklable);
``AuditSummary.merge`` adds two summaries (associative and commutative, and
the examples kept are the first by path and position whatever the order of
merging); ``finish`` turns the merged summary into the report, applying the
frequency floor and the association measure only then, so the result is the
same however the files are grouped. ``audit`` is ``finish(merge(summarize(f)
for f in files))``; an engine that runs files elsewhere calls the three
itself. The background table (candidate -> target segments) is kept for
every candidate seen, because a candidate's count in the rest of the corpus
is only known once every file is in: its size grows with the vocabulary of
the corpus (about 79,000 strings, 2.1 MB pickled, for the 4,000 segments of the UN test set).

The library returns values; rendering (table, JSON, CSV, XLSX) is the
command's. jieba is imported on first use only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from termkit.engine.progress import ProgressCallback
from termkit.engine.reduce import run_reduction
from termkit.errors import ConfigError, InputError
from termkit.match.chinese import matcher_for
from termkit.match.english import EnglishMatcher, english_matcher_for
from termkit.model import Concept, Term, Termbase
from termkit.text.bitext.read import read_aligned, read_bitext
from termkit.text.bitext.segment import Bitext, Segment
from termkit.text.dates import Period, parse_period, relation
from termkit.text.normalize import normalize, normalize_term

SORTS = ("share", "segments", "concept")
#: statuses a translation may use (as the bilingual check's rules say)
ACCEPTABLE = ("preferred", "admitted")
#: statuses the audit reports when they occur in a target
BAD = ("deprecated", "superseded", "forbidden")

_CLAUSE_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")
#: words that never begin or end a rendering: particles, conjunctions, prepositions, demonstratives,
#: ordinal and measure words (jieba keeps 和平, 以色列, 第一 and 与会者 whole, so the one-character
#: entries are the function words themselves)
FUNCTION_WORDS = frozenset(
    "的 之 地 得 了 着 过 和 与 及 或 并 而 且 在 于 对 为 向 从 自 由 被 把 将 以 给 到 至 是 有 也 都 就 又 还 即 "
    "如 若 但 则 因 其 该 各 此 这 那 等 第 号 个 次 项 条 款 段 届 年 月 日 所 已 不 无 未 让 使 应 可 能 会 要 来 "
    "关于 对于 以及 并且 或者 以便 以期 为了 由于 因此 但是 而且 如果 虽然 已经 正在 这些 那些 其中 上述 有关 "
    "之间 所有 各种 一个 一项 及其 以来 作为 通过 进行 包括 方面".split())
#: a target segment kept as an example is cut to this many characters
EXAMPLE_CHARS = 240
#: a file whose segments are aligned shares numbers between source and target in most of them
_NUMBER_RE = re.compile(r"(?<![\d.])\d{2,}(?![\d])")


@dataclass(frozen=True)
class AuditOptions:
    """What counts as a candidate, how many the report keeps, which concepts are audited."""

    #: candidates kept per concept, best first
    candidates: int = 5
    #: segments naming the concept without an acceptable form that a candidate must occur in (the frequency floor)
    min_count: int = 2
    #: words (jieba tokens) a candidate spans at most
    max_words: int = 4
    #: characters a candidate has at most
    max_chars: int = 16
    #: examples kept per concept (segments whose target has none of its acceptable forms)
    examples: int = 3
    #: audit reference vocabulary too (UNBIS descriptors): the checker never asks for it
    reference: bool = False
    #: when the translations were made (YYYY, YYYY-MM or YYYY-MM-DD): forms are judged as of then
    date: str | None = None

    def __post_init__(self) -> None:
        for name in ("candidates", "min_count", "max_words", "max_chars", "examples"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < (0 if name in (
                    "candidates", "examples") else 1):
                raise ConfigError(f"{name.replace('_', '-')} must be a "
                                  f"{'non-negative' if name in ('candidates', 'examples') else 'positive'} "
                                  f"integer, not {value!r}")
        if self.date is not None:
            try:
                parse_period(self.date)
            except ValueError as exc:
                raise ConfigError(f"--date: {exc}") from None


@dataclass(frozen=True, order=True)
class SegmentRef:
    """A segment kept as evidence; ordered by file, then position, so a merge keeps the same ones."""

    path: str
    ordinal: int
    id: str = field(compare=False)
    source: str = field(compare=False)
    target: str = field(compare=False)

    @property
    def where(self) -> str:
        """``file:line`` for line-based input, ``file#id`` for XLIFF and TMX units."""
        return f"{self.path}:{self.id}" if self.id.isdigit() else f"{self.path}#{self.id}"

    def to_dict(self) -> dict:
        return {"segment": self.where, "source": self.source, "target": self.target}


def _keep_first(refs: list[SegmentRef], more: Iterable[SegmentRef], limit: int) -> list[SegmentRef]:
    return sorted(set(refs) | set(more))[:limit]


@dataclass
class ConceptTally:
    """One concept's counts over some files."""

    source_segments: int = 0
    #: ... named by a specific English term (an acronym, a name, a term of two or more content words)
    specific_segments: int = 0
    preferred_segments: int = 0
    acceptable_segments: int = 0
    #: listed Chinese form -> the concept's segments whose target carries it
    forms: Counter = field(default_factory=Counter)
    #: candidate string -> the concept's segments without an acceptable form whose target holds it
    #: outside the spans the source's terms explain
    ngrams: Counter = field(default_factory=Counter)
    #: the first segments (by file and position) whose target has none of the acceptable forms
    misses: list[SegmentRef] = field(default_factory=list)

    def merge(self, other: ConceptTally, examples: int) -> None:
        self.source_segments += other.source_segments
        self.specific_segments += other.specific_segments
        self.preferred_segments += other.preferred_segments
        self.acceptable_segments += other.acceptable_segments
        self.forms.update(other.forms)
        self.ngrams.update(other.ngrams)
        self.misses = _keep_first(self.misses, other.misses, examples)


@dataclass
class BadFormTally:
    """A deprecated, superseded or forbidden form found in targets."""

    #: target segments that carry it
    segments: int = 0
    #: ... of which the source names the concept in English: the form renders it there
    with_source: int = 0
    examples: list[SegmentRef] = field(default_factory=list)

    def merge(self, other: BadFormTally, examples: int) -> None:
        self.segments += other.segments
        self.with_source += other.with_source
        self.examples = _keep_first(self.examples, other.examples, examples)


@dataclass
class AuditSummary:
    """The counts of one or more bilingual files: what ``merge`` adds and ``finish`` reads.

    Plain data only (strings, numbers, counters), so summaries can be made in
    worker processes and sent back.
    """

    files: list[str] = field(default_factory=list)
    segments: int = 0
    #: untranslated segments the readers skipped
    skipped: int = 0
    concepts: dict[str, ConceptTally] = field(default_factory=dict)
    #: concept -> target segments carrying any of its listed forms (whatever the source says)
    target_segments: Counter = field(default_factory=Counter)
    #: (concept, form) -> where a deprecated, superseded or forbidden form occurs
    bad_forms: dict[tuple[str, str], BadFormTally] = field(default_factory=dict)
    #: candidate string -> target segments that hold it (the whole target side)
    background: Counter = field(default_factory=Counter)
    #: examples kept per concept and per bad form
    examples: int = AuditOptions.examples

    def merge(self, other: AuditSummary) -> AuditSummary:
        """Add ``other`` into this summary and return it (associative and commutative)."""
        self.files.extend(other.files)
        self.segments += other.segments
        self.skipped += other.skipped
        for cid, tally in other.concepts.items():
            mine = self.concepts.get(cid)
            if mine is None:
                self.concepts[cid] = mine = ConceptTally()
            mine.merge(tally, self.examples)
        self.target_segments.update(other.target_segments)
        for key, bad in other.bad_forms.items():
            mine_bad = self.bad_forms.get(key)
            if mine_bad is None:
                self.bad_forms[key] = mine_bad = BadFormTally()
            mine_bad.merge(bad, self.examples)
        self.background.update(other.background)
        return self


# ---- matching and candidates


@lru_cache(maxsize=4)
def _english(termbase: Termbase, reference: bool) -> EnglishMatcher:
    """The checker's English matcher, or one that also knows the reference vocabulary."""
    if not reference:
        return english_matcher_for(termbase)
    return EnglishMatcher(list(termbase.terms("en")))


@lru_cache(maxsize=2)
def _segmenter(termbase: Termbase):
    """A jieba tokenizer whose dictionary holds every Chinese term of the termbase, kept whole."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba reports its dictionary loading on stderr otherwise
    tokenizer = jieba.Tokenizer()
    for form in sorted({normalize_term(t.text) for t in termbase.terms("zh")}):
        if _CLAUSE_RE.fullmatch(form or "-"):
            # a high frequency makes the segmenter prefer the whole term to its parts
            tokenizer.add_word(form, freq=100_000)
    return tokenizer


@dataclass(frozen=True)
class FormRoles:
    """A concept's Chinese forms as of a date: which stand for its preferred rendering, which are
    acceptable, which are wrong."""

    preferred: frozenset[str]
    acceptable: frozenset[str]
    bad: frozenset[str]


def form_roles(concept: Concept, date: Period | None) -> FormRoles:
    """The roles of a concept's Chinese forms in a text of ``date`` (None: as the statuses say today).

    At a date, a form is current unless it became official later (``since``) or
    stopped being official earlier (``until``); a superseded form that was
    current then was the preferred name of the time. Where no preferred form
    was current yet (a name adopted later), the acceptable forms of the time
    stand for the preferred one.
    """
    def current(since: str | None, until: str | None) -> bool:
        if date is None:
            return True
        if since and relation(date, parse_period(since)) == "before":
            return False
        return not (until and relation(date, parse_period(until)) == "after")

    preferred, acceptable, bad = set(), set(), set()
    for t in concept.terms_in("zh"):
        now = current(t.since, t.until)
        if t.status == "preferred":
            if now:
                preferred.add(t.text)
        elif t.status == "admitted":
            if now:
                acceptable.add(t.text)
        elif t.status == "superseded" and date is not None and t.until and now:
            preferred.add(t.text)  # the name of the time
        else:
            bad.add(t.text)
    if not preferred:
        preferred, acceptable = acceptable, set()
    return FormRoles(frozenset(preferred), frozenset(preferred | acceptable), frozenset(bad))


def _candidates(text: str, tokenizer, options: AuditOptions) -> list[tuple[str, int, int]]:
    """(string, start, end) of every candidate in a normalized target."""
    out = []
    max_words, max_chars = options.max_words, options.max_chars
    # one call per segment: jieba cuts at non-Chinese characters itself, and its pieces cover the text
    words = tokenizer.lcut(text, HMM=False)
    starts = [0]
    for w in words:
        starts.append(starts[-1] + len(w))
    chinese = [bool(_CLAUSE_RE.fullmatch(w)) for w in words]
    for i, first in enumerate(words):
        if not chinese[i] or first in FUNCTION_WORDS:
            continue
        for j in range(i + 1, min(len(words), i + max_words) + 1):
            if not chinese[j - 1]:
                break  # a clause ends at anything that is not a Chinese character
            n = starts[j] - starts[i]
            if n > max_chars:
                break
            if n < 2 or words[j - 1] in FUNCTION_WORDS:
                continue
            out.append((text[starts[i]:starts[j]], starts[i], starts[j]))
    return out


def english_current(term: Term, date: Period | None) -> bool:
    """Whether an English term names its concept in a text of ``date``: not deprecated or forbidden,
    and (at a known date) not yet to come (``since``) nor superseded before then (``until``)."""
    if term.status in ("deprecated", "forbidden"):
        return False
    if date is None:
        return True
    if term.since and relation(date, parse_period(term.since)) == "before":
        return False
    return not (term.until and relation(date, parse_period(term.until)) == "after")


def _ref(bitext: Bitext, ordinal: int, seg: Segment) -> SegmentRef:
    return SegmentRef(bitext.path, ordinal, seg.id, _cut(seg.source), _cut(seg.target))


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1] + "…"


def check_languages(bitext: Bitext) -> None:
    """Refuse a file whose source is not English or whose target is not Chinese (InputError).

    A source segment is English when it has a Latin word and more Latin letters
    than Chinese characters; a target is Chinese when it has a Chinese
    character. At least half the segments must be both.
    """
    n = len(bitext.segments)
    english = sum(1 for s in bitext.segments
                  if _LATIN_WORD_RE.search(s.source)
                  and len(_LATIN_RE.findall(s.source)) > len(_CJK_RE.findall(s.source)))
    chinese = sum(1 for s in bitext.segments if _CJK_RE.search(s.target))
    source_path = bitext.source_path or bitext.path
    if 2 * english < n:
        swapped = sum(1 for s in bitext.segments if _CJK_RE.search(s.source)) * 2 >= n
        hint = " (source and target swapped?)" if swapped and 2 * chinese < n else ""
        raise InputError(f"no English in the source: {english} of {n} segments have English text{hint}",
                         source_path)
    if 2 * chinese < n:
        raise InputError(f"no Chinese in the target: {chinese} of {n} segments have Chinese text", bitext.path)


def check_alignment(bitext: Bitext) -> None:
    """Refuse line-aligned files that are out of step (InputError): aligned UN text shares numbers.

    Of the segments whose source holds a number of two or more digits
    (dates, resolution and paragraph numbers, amounts), an aligned pair shares
    one with its target in most (97% on the UN test set); files shifted by a
    line share one in few (7%). Where, from some segment on, fewer than a third
    of at least 20 such segments share one, that segment is where the files go
    out of step: an error naming it.
    """
    if bitext.format not in ("aligned", "tsv"):
        return  # XLIFF and TMX units are aligned by construction
    votes: list[tuple[Segment, bool]] = []
    for seg in bitext.segments:
        numbers = set(_NUMBER_RE.findall(seg.source))
        if numbers:
            votes.append((seg, bool(numbers & set(_NUMBER_RE.findall(seg.target)))))
    # where the files go out of step: the split with most agreement before it and least after it
    best, best_at, run = 0, 0, 0
    for i, (_, ok) in enumerate(votes):
        run += 1 if ok else -1
        if run > best:
            best, best_at = run, i + 1
    after = votes[best_at:]
    agreeing = sum(ok for _, ok in after)
    if len(after) < 20 or 3 * agreeing >= len(after):
        return
    seg = after[0][0]
    raise InputError(f"the source and the target do not look aligned from here on: only {agreeing} of the "
                     f"{len(after)} segments with numbers from here share one with their translation",
                     bitext.path, int(seg.id) if seg.id.isdigit() else None)


def summarize(bitext: Bitext, termbase: Termbase, options: AuditOptions | None = None) -> AuditSummary:
    """The counts of one bilingual file (the per-file half of the audit).

    Raises InputError on a file without segments, without English in its
    source or Chinese in its target, or (line-aligned files) out of step.
    """
    options = options or AuditOptions()
    if not bitext.segments:
        raise InputError("no translated segments to audit", bitext.path)
    check_languages(bitext)
    check_alignment(bitext)
    english = _english(termbase, options.reference)
    chinese = matcher_for(termbase)
    tokenizer = _segmenter(termbase)
    reference = set() if options.reference else {c.id for c in termbase.concepts if c.reference}
    date = parse_period(options.date) if options.date else None
    roles: dict[str, FormRoles] = {}

    def roles_of(cid: str) -> FormRoles:
        r = roles.get(cid)
        if r is None:
            r = roles[cid] = form_roles(termbase.concept(cid), date)
        return r

    summary = AuditSummary(files=[bitext.path], segments=len(bitext.segments), skipped=bitext.skipped,
                           examples=options.examples)
    for ordinal, seg in enumerate(bitext.segments):
        found, nested = english.scan(seg.source)
        named: dict[str, bool] = {}  # concept -> named by a specific term here
        for em in found:
            for t in em.terms:
                if t.concept_id not in reference and english_current(t, date):
                    # a superseded name is not specific for the checker (today it more often means something
                    # else), but as a name it is as specific as the current one
                    specific = em.specific or (t.status == "superseded" and not em.ambiguous
                                              and english.specific(replace(t, status="preferred"), False))
                    named[t.concept_id] = named.get(t.concept_id, False) or specific
        norm = normalize(seg.target)
        matches = chinese.find(norm)
        grams = _candidates(norm.text, tokenizer, options)
        summary.background.update({g for g, _, _ in grams})
        in_target: dict[str, set[str]] = {}
        for m in matches:
            in_target.setdefault(m.term.concept_id, set()).add(m.term.text)
        summary.target_segments.update(in_target.keys())
        ref: SegmentRef | None = None
        for cid, texts in in_target.items():
            for text in texts & roles_of(cid).bad:
                bad = summary.bad_forms.setdefault((cid, text), BadFormTally())
                bad.segments += 1
                bad.with_source += cid in nested
                if len(bad.examples) < options.examples:
                    ref = ref or _ref(bitext, ordinal, seg)
                    bad.examples.append(ref)
        if not named:
            continue
        # what the target says besides the forms of the concepts the source names (each concept's own
        # forms are in its form counts; another's are explained by its English)
        spans = [(m.norm_start, m.norm_end) for m in matches if m.term.concept_id in nested]
        rest = {g for g, s, e in grams if all(e <= a or s >= b for a, b in spans)}
        for cid, specific in named.items():
            tally = summary.concepts.get(cid)
            if tally is None:
                tally = summary.concepts[cid] = ConceptTally()
            own = in_target.get(cid, set())
            r = roles_of(cid)
            tally.source_segments += 1
            tally.specific_segments += specific
            tally.preferred_segments += not own.isdisjoint(r.preferred)
            acceptable = not own.isdisjoint(r.acceptable)
            tally.acceptable_segments += acceptable
            tally.forms.update(own)
            if not acceptable:
                if len(tally.misses) < options.examples:
                    ref = ref or _ref(bitext, ordinal, seg)
                    tally.misses.append(ref)
                tally.ngrams.update(rest)
    return summary


# ---- the report


@dataclass(frozen=True)
class CandidateRendering:
    """A string the targets of a concept's segments hold more often than the rest of the target side."""

    text: str
    #: the concept's segments whose target holds it
    count: int
    #: Dunning's G² (log-likelihood ratio) of the association
    score: float
    #: when the string is a listed form of another concept: that concept, and the form's status
    concept: str | None = None
    status: str | None = None

    def to_dict(self) -> dict:
        d: dict = {"text": self.text, "count": self.count, "score": round(self.score, 1)}
        if self.concept:
            d["concept"] = self.concept
            d["status"] = self.status
        return d


@dataclass
class ConceptAudit:
    concept: Concept
    source_segments: int
    #: ... of which a specific English term names it (see ``EnglishMatcher.specific``); 0: a generic word
    specific_segments: int
    preferred_segments: int
    acceptable_segments: int
    #: listed Chinese form -> segments; with the form's status
    forms: dict[str, int]
    form_status: dict[str, str]
    roles: FormRoles
    candidates: list[CandidateRendering]
    examples: list[SegmentRef]
    #: segments (anywhere) whose target carries one of the concept's forms
    target_segments: int

    @property
    def share(self) -> float:
        """The share of the concept's segments whose target carries a preferred form."""
        return self.preferred_segments / self.source_segments if self.source_segments else 0.0

    @property
    def deprecated(self) -> dict[str, int]:
        """Deprecated, superseded or forbidden forms found in the concept's segments."""
        return {f: n for f, n in self.forms.items() if f in self.roles.bad}

    def preferred_text(self, lang: str) -> str:
        """The preferred term of a language; in Chinese, the one preferred at the audit's date."""
        t = self.concept.preferred(lang)
        if lang == "zh" and (t is None or t.text not in self.roles.preferred) and self.roles.preferred:
            # a name adopted after the text's date: the name of the time, in the termbase's order
            return next(x.text for x in self.concept.terms_in("zh") if x.text in self.roles.preferred)
        return t.text if t else ""

    def to_dict(self) -> dict:
        c = self.concept
        return {
            "concept": c.id,
            "subject": c.subject,
            "termbase": c.termbase,
            "en": self.preferred_text("en"),
            "zh": self.preferred_text("zh"),
            "source_segments": self.source_segments,
            "specific_segments": self.specific_segments,
            "preferred_segments": self.preferred_segments,
            "acceptable_segments": self.acceptable_segments,
            "share": round(self.share, 3),
            "forms": dict(self.forms),
            "form_status": dict(self.form_status),
            "candidates": [x.to_dict() for x in self.candidates],
            "deprecated": self.deprecated,
            "target_segments": self.target_segments,
            "examples": [e.to_dict() for e in self.examples],
        }


@dataclass
class BadFormAudit:
    concept: Concept
    text: str
    status: str
    segments: int
    with_source: int
    examples: list[SegmentRef]
    until: str | None = None

    def to_dict(self) -> dict:
        d = {"concept": self.concept.id, "text": self.text, "status": self.status, "segments": self.segments,
             "with_source": self.with_source, "examples": [e.to_dict() for e in self.examples]}
        if self.until:
            d["until"] = self.until
        return d


@dataclass
class AuditReport:
    """What ``termkit audit`` prints: per concept, per bad form, and the concepts never named."""

    files: list[str]
    segments: int
    skipped: int
    concepts: list[ConceptAudit]
    #: (concept, target segments carrying one of its forms) for concepts the source never names
    unseen: list[tuple[str, int]]
    deprecated: list[BadFormAudit]
    #: whether reference vocabulary was audited
    reference: bool = False
    #: the date the forms were judged at (None: as the statuses say today)
    date: str | None = None

    def sorted(self, by: str = "share") -> list[ConceptAudit]:
        """The concepts by ``share`` (lowest first), ``segments`` (most first) or ``concept`` (id)."""
        if by not in SORTS:
            raise ConfigError(f"--sort must be one of {', '.join(SORTS)}, not '{by}'")
        if by == "share":
            return sorted(self.concepts, key=lambda a: (a.share, -a.source_segments, a.concept.id))
        if by == "segments":
            return sorted(self.concepts, key=lambda a: (-a.source_segments, a.share, a.concept.id))
        return sorted(self.concepts, key=lambda a: a.concept.id)

    def failing(self, min_segments: int = 3, share: float = 0.5) -> list[ConceptAudit]:
        """Concepts named in at least ``min_segments`` segments whose preferred form is in fewer than ``share``."""
        return [a for a in self.sorted("share") if a.source_segments >= min_segments and a.share < share]

    def to_dict(self, sort: str = "share", min_segments: int = 1) -> dict:
        return {
            "version": 1,
            "segments": self.segments,
            "date": self.date,
            "files": list(self.files),
            "skipped": self.skipped,
            "concepts": [a.to_dict() for a in self.sorted(sort) if a.source_segments >= min_segments],
            "deprecated": [b.to_dict() for b in self.deprecated],
            "unseen": [{"concept": cid, "target_segments": n} for cid, n in self.unseen],
        }


#: the columns of the audit as a table (CSV, XLSX): one row per concept
COLUMNS = ("concept", "subject", "termbase", "en", "zh", "source_segments", "specific_segments",
           "preferred_segments", "acceptable_segments", "share", "forms", "candidates", "deprecated",
           "target_segments", "examples")
#: the columns that hold numbers
NUMERIC_COLUMNS = ("source_segments", "specific_segments", "preferred_segments", "acceptable_segments", "share",
                   "target_segments")


def table_rows(report: AuditReport, sort: str = "share", min_segments: int = 1) -> list[list[str]]:
    """The report as rows of strings under ``COLUMNS`` (lists joined with "; ")."""
    rows = []
    for a in report.sorted(sort):
        if a.source_segments < min_segments:
            continue
        d = a.to_dict()
        forms = "; ".join(f"{f} ({a.form_status.get(f) or '?'}) {n}" for f, n in a.forms.items())
        cands = "; ".join(f"{c.text} {c.count} G²={c.score:.1f}" + (f" [{c.concept}]" if c.concept else "")
                          for c in a.candidates)
        deprecated = "; ".join(f"{f} {n}" for f, n in a.deprecated.items())
        rows.append([d["concept"], d["subject"], d["termbase"], d["en"], d["zh"], str(a.source_segments),
                     str(a.specific_segments), str(a.preferred_segments), str(a.acceptable_segments),
                     f"{a.share:.3f}", forms, cands, deprecated, str(a.target_segments),
                     "; ".join(e.where for e in a.examples)])
    return rows


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood ratio of a 2x2 table [[a, b], [c, d]]."""
    n = a + b + c + d
    total = 0.0
    for obs, row, col in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        if obs:
            total += obs * math.log(obs * n / (row * col))
    return 2 * total


@lru_cache(maxsize=4)
def _form_owners(termbase: Termbase) -> dict[str, tuple[str, str]]:
    """Normalized Chinese form -> (concept, status) of the term that owns it."""
    out: dict[str, tuple[str, str]] = {}
    for t in termbase.terms("zh"):
        out.setdefault(normalize_term(t.text), (t.concept_id, t.status))
    return out


def _rank(cid: str, tally: ConceptTally, summary: AuditSummary, termbase: Termbase,
          options: AuditOptions) -> list[CandidateRendering]:
    # the segments that render the concept by none of its acceptable forms, against all the others
    n1 = tally.source_segments - tally.acceptable_segments
    n2 = summary.segments - n1
    own = [normalize_term(t.text) for t in termbase.concept(cid).terms_in("zh")]
    owners = _form_owners(termbase)
    scored = []
    for text, a in tally.ngrams.items():
        if a < options.min_count or any(f in text for f in own):
            continue
        # the rest of the target side: every segment holding it, less this concept's (where it may
        # also stand inside an explained span, which the count a left out: clamp)
        c = min(n2, max(0, summary.background.get(text, a) - a))
        if n2 and a * n2 <= c * n1:
            continue  # not more frequent here than elsewhere
        scored.append((_g2(a, n1 - a, c, n2 - c), a, text))
    scored.sort(key=lambda x: (-x[0], -x[1], x[2]))
    kept: list[CandidateRendering] = []
    for score, a, text in scored:
        if len(kept) >= options.candidates:
            break
        if any(text in k.text or k.text in text for k in kept):
            continue  # one inside the other: the better-scored one stands for both
        owner = owners.get(text)
        concept, status = (owner if owner and owner[0] != cid else (None, None))
        kept.append(CandidateRendering(text, a, score, concept, status))
    return kept


def finish(summary: AuditSummary, termbase: Termbase, options: AuditOptions | None = None) -> AuditReport:
    """The report of a (merged) summary: frequency floor and association measure applied here."""
    options = options or AuditOptions()
    if summary.segments == 0:
        raise InputError("no segments to audit")
    audited = [c for c in termbase.concepts if options.reference or not c.reference]
    date = parse_period(options.date) if options.date else None
    concepts = []
    for cid, tally in summary.concepts.items():
        concept = termbase.get(cid)
        if concept is None:
            raise ConfigError(f"the summary names concept '{cid}', which the termbase does not hold")
        status = {t.text: t.status for t in concept.terms_in("zh")}
        # in count order, never in the order summaries happened to be merged (a cluster merges in its own)
        forms = dict(sorted(tally.forms.items(), key=lambda kv: (-kv[1], kv[0])))
        concepts.append(ConceptAudit(
            concept, tally.source_segments, tally.specific_segments, tally.preferred_segments,
            tally.acceptable_segments, forms,
            {f: status.get(f, "") for f in forms}, form_roles(concept, date),
            _rank(cid, tally, summary, termbase, options), sorted(tally.misses),
            summary.target_segments.get(cid, 0)))
    unseen = [(c.id, summary.target_segments.get(c.id, 0)) for c in audited if c.id not in summary.concepts]
    bad = []
    for (cid, text), tally_b in sorted(summary.bad_forms.items(), key=lambda kv: (-kv[1].with_source,
                                                                                   -kv[1].segments, kv[0])):
        concept = termbase.concept(cid)
        term = next((t for t in concept.terms_in("zh") if t.text == text), None)
        bad.append(BadFormAudit(concept, text, term.status if term else "", tally_b.segments, tally_b.with_source,
                                sorted(tally_b.examples), term.until if term else None))
    return AuditReport(list(summary.files), summary.segments, summary.skipped, concepts, unseen, bad,
                       options.reference, options.date)


@dataclass(frozen=True)
class AlignedPair:
    """A line-aligned English source and Chinese target: one input of the audit, read where it is summarized."""

    source: str
    target: str


def audit_inputs(paths: Iterable[str | Path] = (), *, source: str | Path | None = None,
                 target: str | Path | None = None) -> list[str | AlignedPair]:
    """What to audit, unread: the bilingual files, then the line-aligned pair (ConfigError when there is none)."""
    if (source is None) != (target is None):
        raise ConfigError("--source and --target go together")
    inputs: list[str | AlignedPair] = [str(p) for p in paths]
    if source is not None and target is not None:
        inputs.append(AlignedPair(str(source), str(target)))
    if not inputs:
        raise ConfigError("nothing to audit: name bilingual files, or --source and --target")
    return inputs


def read_input(item: str | AlignedPair, encoding: str | None = None) -> Bitext:
    """One input of ``audit_inputs``, read: a bilingual file, or the line-aligned pair."""
    if isinstance(item, AlignedPair):
        return read_aligned(item.source, item.target, encoding)
    return read_bitext(item, encoding)


def read_inputs(paths: Iterable[str | Path] = (), *, source: str | Path | None = None,
                target: str | Path | None = None, encoding: str | None = None) -> list[Bitext]:
    """The bilingual files to audit, read: XLIFF, TMX and TSV files, and a line-aligned source/target pair."""
    return [read_input(item, encoding) for item in audit_inputs(paths, source=source, target=target)]


class AuditReduction:
    """The audit as a reduction (``engine.reduce``): a summary per bilingual input, merged.

    ``summarize`` reads its input where it runs (this process, a pool worker or a
    Dask worker), so a cluster's workers must reach the files at the same paths.
    """

    task = "audit"

    def __init__(self, termbase: Termbase, options: AuditOptions, encoding: str | None = None) -> None:
        self.termbase = termbase
        self.options = options
        self.encoding = encoding

    def empty(self) -> AuditSummary:
        return AuditSummary(examples=self.options.examples)

    def summarize(self, source: str | AlignedPair, index: int) -> AuditSummary:
        return summarize(read_input(source, self.encoding), self.termbase, self.options)

    def merge(self, a: AuditSummary, b: AuditSummary) -> AuditSummary:
        return a.merge(b)  # a may be updated; b never is


def audit(paths: Iterable[str | Path] = (), termbase: Termbase | None = None, *,
          source: str | Path | None = None, target: str | Path | None = None,
          options: AuditOptions | None = None, encoding: str | None = None, jobs: int = 1,
          client: Any = None, scheduler: str | None = None,
          progress: ProgressCallback | None = None) -> AuditReport:
    """Audit a termbase against bilingual files (XLIFF, TMX, TSV) and/or a line-aligned pair.

    The inputs are summarized in this process, on ``jobs`` processes, or on a
    Dask cluster (``client``, or the scheduler at ``scheduler``), and the
    summaries merged: the report is the same. Raises ConfigError on bad options
    and InputError on input that cannot be audited (unreadable, unaligned, empty,
    not English to Chinese).
    """
    if termbase is None:
        raise TypeError("audit needs a termbase (termkit.load_termbase())")
    options = options or AuditOptions()
    inputs = audit_inputs(paths, source=source, target=target)
    total = run_reduction(AuditReduction(termbase, options, encoding), inputs, jobs=jobs, client=client,
                          scheduler=scheduler, progress=progress)
    return finish(total, termbase, options)
