"""Check a document again after an edit, recomputing only what the edit can change.

A full check of a 200 KB document with the bundled termbase takes about 100 ms
(normalizing, matching and the rules that scan the text), too slow to follow
every keystroke. Most of that work is local: a term match, a deprecated or
traditional form, a bracket pair or a near-variant depends on the text within
a few hundred characters of it, and on a few document-wide inputs (the
document's date, read from its header; the line length that tells a wrap from
a line end). So after an edit:

1. the changed region is found by comparing the new text with the previous
   one (common prefix and suffix);
2. local findings and term matches that start more than ``REACH`` characters
   away from it are kept (those after it shifted by the change in length);
3. the region widened by ``REACH`` is checked again on a slice of the text
   that reaches ``REACH`` further on each side, and its findings that start
   inside the widened region replace the old ones;
4. the rules that look at the whole document (inconsistent renderings, first
   use of an abbreviation) run again on the complete list of matches, which
   is cheap; suppression markers, ``[[ignore]]`` entries and the line and
   column of every finding are computed afresh.

A change of a document-wide input, or of the project (termbase, configuration),
checks the whole text again. The result is the same as
``termkit.engine.pipeline.check_document`` on the new text, which the tests
verify on real documents with random edits. A rule this module does not know
(added to the registry later) makes every check a full one, so a new rule can
make the server slower but never wrong.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from termkit._util.gcpause import gc_paused
from termkit.engine.options import CheckOptions
from termkit.engine.pipeline import check_document, sort_findings
from termkit.engine.reduce import corpus_findings
from termkit.engine.scan import reads_all_matches
from termkit.engine.suppress import Marks, apply_suppressions, scan_markers
from termkit.match.chinese import matcher_for
from termkit.model import Finding, Match, Termbase
from termkit.rules import RULES, DocContext, Hit, Rule
from termkit.rules.base import Tally
from termkit.rules.document import mixed_width, traditional_char
from termkit.text.document import Document
from termkit.text.lines import LineIndex
from termkit.text.normalize import Normalized, normalize
from termkit.text.wraps import FULL

#: how far superseded_term.cites_the_past looks for a year on each side of a superseded name
_YEAR_LOOK = 400
#: How far (in characters) a local finding or a term match can depend on the text around it.
#: The largest reaches of the rules are mixed-width's bracket pairs (``_MAX_PAIR``) and
#: superseded-term's look for a year in the sentence (400 characters each way); a term
#: match depends on the term's length, and traditional-char on a clause of at most
#: ``_REACH`` characters each side of a run. Twice the largest leaves room for the
#: findings' own length and for the matcher to settle into the same leftmost-longest
#: matches after the start of a slice.
REACH = 2 * max(mixed_width._MAX_PAIR, _YEAR_LOOK, traditional_char._REACH)

#: rules that scan the document's text: run on the slice itself
TEXT_RULES = frozenset({"traditional-char", "mixed-width"})
#: rules that read the term matches (and the text around them): run on the slice's matches,
#: with the whole text around them (possible-variant weighs line lengths over the whole document)
MATCH_LOCAL_RULES = frozenset({"deprecated-term", "superseded-term", "possible-variant"})
#: rules that look at the whole document, from its term matches alone
DOCUMENT_RULES = frozenset({"inconsistent-rendering", "undefined-abbreviation"})


def common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (a binary search over slice comparisons, done in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[lo:mid] == b[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def common_suffix(a: str, b: str, limit: int) -> int:
    """The length of the longest common suffix, at most ``limit``."""
    lo, hi = 0, min(len(a), len(b), limit)
    la, lb = len(a), len(b)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[la - mid:la - lo] == b[lb - mid:lb - lo]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, max(pos, 0)) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end


def _windowed(norm: Normalized, lo: int, text: str) -> Normalized:
    """The normalized slice with its offset map pointing into the whole text (the slice starts at ``lo``)."""
    return Normalized(norm.text, text, (0, *norm.cuts), (lo, *(s + lo for s in norm.shift)))


def wrap_threshold(text: str, lines: list[str] | None = None) -> float:
    """The line length from which a line break wraps (``text.wraps.Wraps``), computed the fast way.

    possible-variant tells a wrap from a line end by the document's long lines,
    so this is an input of every near-variant across a line break. ``Wraps``
    builds a line index to answer it; here one ``str.split`` gives the same
    figure in a millisecond for 200 KB (a test holds the two equal).
    """
    lengths = sorted(map(len, filter(str.strip, text.split("\n") if lines is None else lines)))
    return FULL * (lengths[int(len(lengths) * 0.9)] if lengths else 0)


def line_index(text: str, lines: list[str] | None = None) -> LineIndex:
    """The text's LineIndex with its line starts computed in C (``LineIndex`` finds them one by one).

    A 200 KB document has thousands of lines: one ``str.split`` and a running sum
    take a tenth of the time, which is most of what placing the findings costs.
    """
    index = LineIndex(text)
    parts = text.split("\n") if lines is None else lines
    index._starts = list(accumulate(map((1).__add__, map(len, parts[:-1])), initial=0))
    return index


def _shift_hit(h: Hit, by: int) -> Hit:
    return Hit(h.start + by, h.end + by, h.message, h.suggestion, h.concept, h.fixable, h.severity)


def _shift_match(m: Match, by: int) -> Match:
    return Match(m.start + by, m.end + by, m.term, m.norm_start, m.norm_end)


class RuleSet:
    """A project's active document rules, sorted by how they can be checked again."""

    def __init__(self, termbase: Termbase, options: CheckOptions) -> None:
        self.termbase = termbase
        self.options = options
        self.active = options.active_rules("document")
        self.all_matches = reads_all_matches(self.active)
        self.text_rules: list[tuple[Rule, str]] = []
        self.match_rules: list[tuple[Rule, str]] = []
        self.document_rules: list[tuple[Rule, str]] = []
        #: a rule of unknown reach is active: every check is a full one
        self.full_only = False
        for rule, severity in self.active:
            if rule.id in DOCUMENT_RULES:
                self.document_rules.append((rule, severity))
            elif rule.scope == "corpus" and rule.corpus_capable:
                self.full_only = True  # collects whole documents: nothing local to keep
            elif rule.id in TEXT_RULES:
                self.text_rules.append((rule, severity))
            elif rule.id in MATCH_LOCAL_RULES:
                self.match_rules.append((rule, severity))
            else:
                self.full_only = True
        self.watches_wraps = any(rule.id == "possible-variant" for rule, _ in self.match_rules)

    def document_inputs(self, path: str, text: str, lines: list[str] | None = None) -> tuple:
        """What every local finding may depend on besides the text near it: the date, the wrap length.

        ``lines``: the text split at ``\\n``, when the caller has it.
        """
        date = self.options.date_of(path, text)
        return date, wrap_threshold(text, lines) if self.watches_wraps else None


@dataclass
class LocalState:
    """What the last check found, in offsets of its text: local hits and term matches, by start."""

    text: str
    inputs: tuple
    #: (rule index in RuleSet.text_rules + match_rules, hit), sorted by hit start
    hits: list[tuple[int, Hit]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)


class DocumentChecker:
    """One open document's check, kept between edits (see the module docstring)."""

    def __init__(self, rules: RuleSet, path: str) -> None:
        self.rules = rules
        self.path = path
        self._state: LocalState | None = None
        self._findings: list[Finding] = []
        self.marks = Marks()
        #: the findings made by the last update, by what makes each (see _assemble)
        self._made: dict[tuple, Finding] = {}
        #: characters checked again by the last update (the whole text for a full check), for benchmarks
        self.last_checked = 0

    @property
    def text(self) -> str | None:
        return self._state.text if self._state is not None else None

    @gc_paused()
    def update(self, text: str) -> list[Finding]:
        """The findings of ``text``, as ``check_document`` gives them (sorted, suppressions applied)."""
        rules = self.rules
        if rules.full_only:
            self.last_checked = len(text)
            self.marks = scan_markers(text, RULES) if rules.options.inline_suppressions else Marks()
            self._findings = check_document(Document(self.path, text), rules.termbase, rules.options)
            return self._findings
        old = self._state
        if old is not None and old.text == text:
            return self._findings
        split = text.split("\n")
        inputs = rules.document_inputs(self.path, text, split)
        if old is None or old.inputs != inputs:
            state = self._recheck(text, inputs, None, 0, len(text), 0)
        else:
            a = common_prefix(old.text, text)
            b = common_suffix(old.text, text, min(len(old.text), len(text)) - a)
            klo = _line_start(text, a - REACH)
            khi = _line_end(text, min(len(text), len(text) - b + REACH))
            state = self._recheck(text, inputs, old, klo, khi, len(text) - len(old.text))
        self._state = state
        self._findings = self._assemble(state, split)
        return self._findings

    def _recheck(self, text: str, inputs: tuple, old: LocalState | None, klo: int, khi: int,
                 delta: int) -> LocalState:
        """Keep the old hits and matches outside [klo, khi) (new offsets), compute those inside."""
        rules = self.rules
        lo = _line_start(text, klo - REACH) if klo > 0 else 0
        hi = _line_end(text, khi + REACH) if khi < len(text) else len(text)
        self.last_checked = hi - lo
        piece = text[lo:hi]
        norm = normalize(piece)
        found = matcher_for(rules.termbase).find(norm, decisive_only=not rules.all_matches)
        matches = [_shift_match(m, lo) for m in found] if lo else found
        date = inputs[0]
        new_hits: list[tuple[int, Hit]] = []
        ctx = DocContext(self.path, piece, norm, found, rules.termbase, date)
        for i, (rule, _) in enumerate(rules.text_rules):
            new_hits.extend((i, _shift_hit(h, lo) if lo else h) for h in rule.check(ctx))
        wctx = DocContext(self.path, text, _windowed(norm, lo, text) if lo else norm, matches, rules.termbase, date)
        base = len(rules.text_rules)
        for i, (rule, _) in enumerate(rules.match_rules):
            new_hits.extend((base + i, h) for h in rule.check(wctx))
        new_hits = sorted(((i, h) for i, h in new_hits if klo <= h.start < khi), key=lambda item: item[1].start)
        new_matches = [m for m in matches if klo <= m.start < khi]  # the matcher gives them in order
        if old is None:
            hits, all_matches = new_hits, new_matches
        else:
            hit_starts = [h.start for _, h in old.hits]
            match_starts = [m.start for m in old.matches]
            # old items at or after khi in new offsets are at or after khi - delta in old ones
            h1, h2 = bisect_left(hit_starts, klo), bisect_left(hit_starts, khi - delta)
            m1, m2 = bisect_left(match_starts, klo), bisect_left(match_starts, khi - delta)
            hits = old.hits[:h1] + new_hits + [(i, _shift_hit(h, delta)) for i, h in old.hits[h2:]]
            all_matches = (old.matches[:m1] + new_matches
                           + [_shift_match(m, delta) for m in old.matches[m2:]])
        # three runs in order (before, inside, after the region): the whole is in order
        return LocalState(text, inputs, hits, all_matches)

    def _assemble(self, state: LocalState, split: list[str]) -> list[Finding]:
        rules = self.rules
        text = state.text
        lines = line_index(text, split)
        # the document rules read the matches alone; they are given no normalized text
        ctx = DocContext(self.path, text, Normalized("", text, (), ()), state.matches, rules.termbase,
                         state.inputs[0], _lines=lines)
        local = rules.text_rules + rules.match_rules
        known, fresh = self._made, {}
        starts = lines.starts

        def finding(rule: Rule, severity: str, h: Hit) -> Finding:
            # a finding is what its hit, the number and start of its line and the text it covers
            # make it: the same give the same finding (most findings, after a keystroke)
            line = bisect_right(starts, h.start)
            key = (rule.id, severity, h, line, starts[line - 1], text[h.start:h.end])
            f = known.get(key)
            if f is None:
                f = ctx.finding(rule, h, severity)
            fresh[key] = f
            return f

        findings = [finding(local[i][0], local[i][1], h) for i, h in state.hits]
        tallies: dict[str, Tally] = {}
        for rule, severity in rules.document_rules:
            if not rule.tallies:
                findings.extend(finding(rule, severity, h) for h in rule.check(ctx))
            elif rule.scope == "corpus" and rule.corpus_capable:
                tallies[rule.id] = rule.tally(ctx)  # the document is a corpus of one, as check_document has it
            else:  # a rule that decides over the whole document: its tally of it, decided at once
                tally = rule.tally(ctx)
                verdict = rule.decide(tally.summary, rules.termbase, False)
                findings.extend(rule.report(self.path, tally.records, verdict, severity))
        if tallies:
            findings.extend(corpus_findings([(self.path, tallies)], rules.document_rules, rules.termbase))
        self._made = fresh
        options = rules.options
        self.marks = scan_markers(text, RULES) if options.inline_suppressions else Marks()
        if options.inline_suppressions or options.ignore:
            findings = apply_suppressions(findings, {self.path: self.marks}, options.ignore, options.root)
        return sort_findings(findings)


def check_full(text: str, path: str, rules: RuleSet) -> list[Finding]:
    """The reference: the pipeline's own check of the whole text (what the incremental check must equal)."""
    return check_document(Document(path, text), rules.termbase, rules.options)


__all__: Sequence[str] = ("DocumentChecker", "RuleSet", "REACH", "check_full", "common_prefix", "common_suffix")
