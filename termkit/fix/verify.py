"""Verify a fix before it is written: the corrected sentence must read as the correction, and nothing else.

A finding's suggestion is applied only when, in the sentence around it:

- the characters outside the replaced span are unchanged (by construction, and checked);
- a term fix (deprecated-term, superseded-term) leaves the suggested term matched exactly
  at the new span, not swallowed by a longer term or cut by a neighbouring one;
- every other fix changes the form of what is there, never which concepts are found where:
  the term matches of the sentence are the same concepts at the same places before and after;
- re-checking the corrected sentence raises no finding that was not there before.

Otherwise the finding stays report-only, with a note saying why. The check layer
supplies a ``SentenceCheck`` (the findings and the term matches of a piece of
text, with the check's own options); this module only compares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from termkit.fix.edits import Edit
from termkit.model import Finding

#: rules whose fix replaces one termbase form by another
TERM_RULES = frozenset({"deprecated-term", "superseded-term"})
#: how far a sentence may reach on each side of a fix
REACH = 200
_SENTENCE_END = re.compile(r"[。！？!?\n]")


@dataclass(frozen=True)
class TermAt:
    """A term found in a piece of text: its span, concept and normalized form."""

    start: int
    end: int
    concept: str
    form: str


class SentenceCheck(Protocol):
    def findings(self, text: str) -> list[Finding]: ...

    def terms(self, text: str) -> list[TermAt]: ...

    def form(self, text: str) -> str:
        """A term form as the matcher normalizes it."""
        ...


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): up to the sentence-final marks or line breaks, at most REACH away."""
    lo = max(0, start - REACH)
    for before in _SENTENCE_END.finditer(text, lo, start):
        lo = before.end()
    after = _SENTENCE_END.search(text, end, min(len(text), end + REACH))
    hi = after.start() if after else min(len(text), end + REACH)
    return lo, hi


def refusal(text: str, edit: Edit, check: SentenceCheck) -> str | None:
    """Why ``edit`` must not be applied to ``text`` (None: it is safe)."""
    lo, hi = sentence_bounds(text, edit.start, edit.end)
    before = text[lo:hi]
    s, e = edit.start - lo, edit.end - lo
    after = before[:s] + edit.replacement + before[e:]
    delta = len(edit.replacement) - (e - s)
    if after[:s] != before[:s] or after[s + len(edit.replacement):] != before[e:]:  # pragma: no cover
        return "the text around the fix would change"
    new_end = s + len(edit.replacement)

    def moved(pos: int) -> int:
        return pos if pos <= s else pos + delta

    terms_before = check.terms(before)
    terms_after = check.terms(after)
    # terms away from the fix are read as before, at the same (shifted) places, unless the fix
    # lets a longer term take them in (巴塞公约|伙伴关系方案 -> 巴塞尔公约伙伴关系方案)
    near_after = [t for t in terms_after if t.start < new_end and t.end > s]
    away_before = {(t.concept, moved(t.start), moved(t.end)) for t in terms_before if t.end <= s or t.start >= e}
    away_after = {(t.concept, t.start, t.end) for t in terms_after if t.end <= s or t.start >= new_end}
    absorbed = {a for a in away_before - away_after
                if any(t.start <= a[1] and a[2] <= t.end for t in near_after)}
    if away_after - away_before or away_before - away_after - absorbed:
        return "the fix would change which terms are read in the sentence"
    if edit.rule in TERM_RULES:
        # the new name is read as a term: itself, or inside a longer one (巴塞尔公约秘书处)
        wanted = check.form(edit.replacement)
        if not any((t.start, t.end, t.form) == (s, new_end, wanted) or (t.start <= s and t.end >= new_end
                   and (t.start, t.end) != (s, new_end)) for t in near_after):
            return f"'{edit.replacement}' would not be read as the term there"
    else:
        # a spelling fix may let a term be read that was not (計畫 -> 计划), never lose one
        lost = {t.concept for t in terms_before if t.start < e and t.end > s} - {t.concept for t in near_after}
        if lost:
            return f"the fix would lose the term {sorted(lost)[0]}"

    def key(f: Finding, shift: bool) -> tuple:
        start = f.start + (delta if shift and f.start >= e else 0)
        return (f.rule, f.text, f.suggestion, start)

    old = {key(f, True) for f in check.findings(before)
           if not (f.start == s and f.end == e)}
    for f in check.findings(after):
        if (f.rule, f.text, f.suggestion, f.start) not in old:
            return f"the corrected sentence would raise {f.rule} on '{f.text}'"
    return None
