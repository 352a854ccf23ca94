"""deprecated-term: a deprecated or forbidden term is used.

Bad:  《巴塞公约》秘书处
Good: 《巴塞尔公约》秘书处
"""

from __future__ import annotations

from typing import Iterable

from termkit.rules import register
from termkit.rules.base import DocContext, Hit, Rule


def replacement_hits(doc: DocContext, statuses: tuple[str, ...]) -> Iterable[Hit]:
    """Hits for every match whose term has one of ``statuses``, suggesting its replacement."""
    for m in doc.matches:
        term = m.term
        if term.status not in statuses:
            continue
        concept = doc.termbase.concept(term.concept_id)
        repl = concept.replacement(term)
        suggestion = repl.text if repl else None
        message = f"'{term.text}' is {term.status} for {concept.id}"
        if suggestion:
            message += f"; use '{suggestion}'"
        if term.note:
            message += f" ({term.note})"
        yield Hit(m.start, m.end, message, suggestion, concept.id)


@register
class DeprecatedTerm(Rule):
    id = "deprecated-term"
    severity = "error"
    summary = "A deprecated or forbidden term is used; the preferred term of the same concept is suggested."
    fixable = True
    reads_all_matches = False

    def check(self, doc: DocContext) -> Iterable[Hit]:
        return replacement_hits(doc, ("deprecated", "forbidden"))
