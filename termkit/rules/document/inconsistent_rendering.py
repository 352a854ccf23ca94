"""inconsistent-rendering: one concept written in two or more acceptable forms of the same type."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from termkit.model import Finding, Termbase
from termkit.rules.base import Example, Rule, Tally
from termkit.rules.context import DocContext
from termkit.rules.registry import register

_OK = ("preferred", "admitted")


@lru_cache(maxsize=8)
def _groups(termbase: Termbase) -> frozenset[tuple[str, str]]:
    """(concept, type) pairs with two or more acceptable Chinese forms: the only ones that can be inconsistent."""
    forms: dict[tuple[str, str], set[str]] = {}
    for t in termbase.terms("zh"):
        if t.status in _OK:
            forms.setdefault((t.concept_id, t.type), set()).add(t.text)
    return frozenset(key for key, texts in forms.items() if len(texts) > 1)


def _targets(total: Counter, termbase: Termbase) -> dict[tuple[str, str], tuple[str, str, Counter]]:
    """For each (concept, type) used in two or more forms: (the form to keep, the suggestion, form counts)."""
    by_group: dict[tuple[str, str], Counter] = {}
    for (cid, t_type, form), n in total.items():
        by_group.setdefault((cid, t_type), Counter())[form] = n
    out = {}
    for (cid, t_type), forms in by_group.items():
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
        out[(cid, t_type)] = (target, preferred.text if preferred is not None else target, forms)
    return out


def _message(cid: str, suggestion: str, counts: Counter, where: str) -> str:
    detail = ", ".join(f"'{f}' ×{n}" for f, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    return f"{cid} is rendered in {len(counts)} ways {where} ({detail}); use '{suggestion}'"


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

    tallies = True

    def tally(self, doc: DocContext) -> Tally:
        # what the decision needs, and no more: per document, the place of each use of a form of a concept
        # that has several (the records); over a document or the corpus, the count of each form (the summary)
        groups = _groups(doc.termbase)
        records = []
        counts: Counter = Counter()
        for m in doc.matches:
            term = m.term
            if term.status in _OK and (term.concept_id, term.type) in groups:
                records.append((doc.place(m.start, m.end), term.concept_id, term.type, term.text))
                counts[(term.concept_id, term.type, term.text)] += 1
        return Tally(records, counts)

    def merge(self, a: Counter, b: Counter) -> Counter:
        return a + b

    def decide(self, total: Counter, termbase: Termbase, corpus: bool) -> tuple[dict, str]:
        return _targets(total, termbase), "across the corpus" if corpus else "in this document"

    def report(self, path: str, records: list, verdict: tuple[dict, str], severity: str) -> list[Finding]:
        targets, where = verdict
        out = []
        for place, cid, t_type, form in records:
            decision = targets.get((cid, t_type))
            if decision is None or form == decision[0]:
                continue
            _, suggestion, counts = decision
            out.append(place.finding(path, self, severity, _message(cid, suggestion, counts, where), suggestion,
                                     cid, fixable=self.fixable))
        return out
