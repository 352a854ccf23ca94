"""deprecated-term: a deprecated or forbidden term is used."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.model import Concept, Term
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import DocContext
from termkit.rules.registry import register


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
        sure = confirmed(concept, term, repl)
        if not sure:
            message += "; the termbase marks this rendering unconfirmed, so it is not fixed automatically"
        yield Hit(m.start, m.end, message, suggestion, concept.id, fixable=None if sure else False)


def confirmed(concept: Concept, term: Term, replacement: Term | None) -> bool:
    """Whether a fix rests on confirmed renderings: --fix never applies an unconfirmed one."""
    return concept.verified and term.verified and (replacement is None or replacement.verified)


@register
class DeprecatedTerm(Rule):
    """## What it does
    Flags a term that the termbase marks `deprecated` or `forbidden` and suggests the
    preferred term of the same concept and type (or the form its `use` names).

    ## Why is this bad?
    A deprecated form is a rendering the official texts do not use: a dropped or wrong
    character, another region's usage, an older translation. A reader meets two names
    for one thing, and a search of the official record misses the document.

    ## Fix safety
    Safe: the replacement is one term for another of the same concept, and `--fix` applies
    it only where the span lies on one line (a term broken by a line break is reported,
    never rewritten), where the corrected sentence reads as the correction, and where the
    termbase has confirmed both renderings (a term or concept marked `verified: false` is
    reported, never fixed).
    """

    id = "deprecated-term"
    severity = "error"
    summary = "A deprecated or forbidden term is used; the preferred term of the same concept is suggested."
    fixable = True
    reads_all_matches = False
    examples = (Example(bad="《巴塞公约》秘书处", good="《巴塞尔公约》秘书处", fixed="《巴塞尔公约》秘书处"),)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        return replacement_hits(doc, ("deprecated", "forbidden"))
