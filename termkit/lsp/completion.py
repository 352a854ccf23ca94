"""Completion: after the start of a concept's Chinese or English form, offer the concept's preferred form.

Every form of every concept (preferred, admitted and bad ones alike, so that
typing the start of a deprecated name offers the right one) is indexed under
the key the matcher compares (``normalize_term``: simplified, half-width; for
English also case-folded), sorted, so the forms that start with what was typed
are one binary search away. What was typed is the run of Chinese characters,
or of English words, just before the cursor; the longest tail of it that
starts some form wins (at least two Chinese characters or three Latin ones,
so a single character does not offer hundreds of names). The item replaces
that tail with the preferred form of the same language and type.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from termkit.model import STATUSES, Term, Termbase
from termkit.text.normalize import CJK_RE, normalize_term

#: most items offered at once (the list is marked incomplete, so typing on narrows it)
LIMIT = 40
MIN_ZH = 2
MIN_EN = 3
#: how far back the typed start of a form is looked for
LOOK_BACK = 60
_STATUS_RANK = {status: rank for rank, status in enumerate(STATUSES)}
_EN_TAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9 '\-/().,]*$")


@dataclass(frozen=True)
class Offer:
    """One completion: the preferred form that replaces the typed text, and what it was found by."""

    start: int  # offset where the typed tail begins
    form: Term  # the form whose start was typed
    preferred: Term
    concept: str
    other: str | None  # the concept's preferred form in the other language, for the item's detail


class CompletionIndex:
    def __init__(self, termbase: Termbase) -> None:
        entries: dict[str, list[tuple[str, Term]]] = {"zh": [], "en": []}
        for concept in termbase.concepts:
            if concept.reference:  # general vocabulary: never asked for in a translation
                continue
            for term in concept.terms:
                key = normalize_term(term.text, term.lang)
                if key:
                    entries[term.lang].append((key, term))
        for lang in entries:
            entries[lang].sort(key=lambda e: (e[0], e[1].text))
        self.termbase = termbase
        self._keys = {lang: [k for k, _ in items] for lang, items in entries.items()}
        self._terms = {lang: [t for _, t in items] for lang, items in entries.items()}

    def starting_with(self, lang: str, prefix: str) -> list[Term]:
        keys = self._keys[lang]
        i = bisect_left(keys, prefix)
        out = []
        while i < len(keys) and keys[i].startswith(prefix):
            out.append(self._terms[lang][i])
            i += 1
        return out

    def offers(self, text: str, offset: int) -> list[Offer]:
        """What to offer for the text before ``offset`` (the cursor)."""
        before = text[max(0, offset - LOOK_BACK):offset]
        line_start = before.rfind("\n") + 1
        before = before[line_start:]
        base = offset - len(before)
        for lang, tails in (("zh", self._zh_tails(before)), ("en", self._en_tails(before))):
            for tail_start in tails:
                typed = before[tail_start:]
                terms = self.starting_with(lang, normalize_term(typed, lang))
                if terms:
                    return self._offers(terms, base + tail_start, lang)
        return []

    @staticmethod
    def _zh_tails(before: str) -> list[int]:
        """Starts of the Chinese tails of ``before``, longest first."""
        i = len(before)
        while i > 0 and CJK_RE.match(before[i - 1]):
            i -= 1
        return list(range(i, len(before) - MIN_ZH + 1))

    @staticmethod
    def _en_tails(before: str) -> list[int]:
        """Starts of the English tails (each at the start of a word), longest first."""
        m = _EN_TAIL.search(before)
        if m is None:
            return []
        starts = [m.start()] + [m.start() + w.start() for w in re.finditer(r"(?<=[ \-/(])[A-Za-z0-9]",
                                                                         m.group())]
        return [s for s in sorted(set(starts)) if len(before) - s >= MIN_EN]

    def _offers(self, terms: list[Term], start: int, lang: str) -> list[Offer]:
        out: list[Offer] = []
        seen: set[tuple[str, str]] = set()
        # a concept reached through its preferred form and a deprecated one is offered once, as the former
        for term in sorted(terms, key=lambda t: _STATUS_RANK.get(t.status, len(_STATUS_RANK))):
            concept = self.termbase.concept(term.concept_id)
            preferred = concept.replacement(term) if term.is_bad else concept.preferred(lang, term.type)
            if preferred is None or (concept.id, preferred.text) in seen:
                continue
            seen.add((concept.id, preferred.text))
            other = concept.preferred("en" if lang == "zh" else "zh", preferred.type)
            out.append(Offer(start, term, preferred, concept.id, other.text if other else None))
            if len(out) >= LIMIT:
                break
        return out
