"""inconsistent-rendering: one concept written in two or more acceptable forms of the same type."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from termkit.model import Finding, Match, Termbase
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register

_OK = ("preferred", "admitted")


def _inconsistent(matches: list[Match], termbase: Termbase) -> Iterable[tuple[Match, str, Counter]]:
    """(match, suggestion, form counts) for the matches that break a concept's consistency."""
    groups: dict[tuple[str, str], list[Match]] = defaultdict(list)
    for m in matches:
        if m.term.status in _OK:
            groups[(m.term.concept_id, m.term.type)].append(m)
    for (cid, t_type), ms in groups.items():
        forms = Counter(m.term.text for m in ms)
        if len(forms) < 2:
            continue
        concept = termbase.concept(cid)
        preferred = concept.preferred("zh", t_type)
        if preferred is not None and preferred.text in forms:
            target = preferred.text
        else:
            # the majority form wins; ties go to the form listed first in the termbase
            order = {t.text: i for i, t in enumerate(concept.terms)}
            target = max(forms, key=lambda f: (forms[f], -order.get(f, 0)))
        suggestion = preferred.text if preferred is not None else target
        for m in ms:
            if m.term.text != target:
                yield m, suggestion, forms


def _message(m: Match, suggestion: str, counts: Counter, where: str) -> str:
    detail = ", ".join(f"'{f}' ×{n}" for f, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    return (f"{m.term.concept_id} is rendered in {len(counts)} ways {where} ({detail}); "
            f"use '{suggestion}'")


@register
class InconsistentRendering(Rule):
    """## What it does
    Flags a concept written in two or more acceptable (`preferred` or `admitted`) forms of
    the same type in one document, or across the corpus with `--scope corpus`. Every use of
    a form other than the preferred one (or, when the preferred form is not used, the most
    frequent one) is reported, with the count of each form. Deprecated and superseded forms
    have their own rules and are not counted here.

    ## Why is this bad?
    An admitted form is acceptable on its own, but two names for one thing in one document
    make a reader wonder whether two things are meant.

    ## Fix safety
    Not fixed: which form a document should settle on is the reviser's choice.
    """

    id = "inconsistent-rendering"
    severity = "warning"
    reads_all_matches = False
    summary = "One concept is rendered by different forms of the same type; the minority forms are flagged."
    corpus_capable = True
    examples = (Example(bad="化学品的生命周期和废物的寿命周期", good="化学品的生命周期和废物的生命周期"),)

    def __init__(self, scope: str = "document", **options) -> None:
        super().__init__(scope, **options)
        self._docs: list[tuple[DocContext, list[Match], str]] = []

    def check(self, doc: DocContext) -> Iterable[Hit]:
        if self.scope == "corpus":
            return
        for m, suggestion, counts in _inconsistent(doc.matches, doc.termbase):
            yield Hit(m.start, m.end, _message(m, suggestion, counts, "in this document"),
                      suggestion, m.term.concept_id)

    def collect(self, doc: DocContext, severity: str) -> None:
        if self.scope != "corpus":
            return
        # keep only what finish() needs: the matches that can take part, not the whole text
        kept = [m for m in doc.matches if m.term.status in _OK]
        if kept:
            self._docs.append((doc, kept, severity))

    def finish(self) -> Iterable[Finding]:
        if self.scope != "corpus" or not self._docs:
            return []
        all_matches: list[Match] = []
        owner: dict[int, tuple[DocContext, str]] = {}
        for doc, ms, severity in self._docs:
            for m in ms:
                owner[id(m)] = (doc, severity)
                all_matches.append(m)
        termbase = self._docs[0][0].termbase
        out = []
        for m, suggestion, counts in _inconsistent(all_matches, termbase):
            doc, severity = owner[id(m)]
            hit = Hit(m.start, m.end, _message(m, suggestion, counts, "across the corpus"),
                      suggestion, m.term.concept_id)
            out.append(doc.finding(self, hit, severity))
        self._docs.clear()
        return out
