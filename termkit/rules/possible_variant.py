"""possible-variant: a string that is not a term but lies within an edit or two of one.

Found by fuzzy matching (termkit.variants), so it catches the renderings a
termbase never listed: a dropped, inserted, substituted or swapped character.

Bad:  本组织还与组织化学品健全管理方案合作   (间 dropped)
Good: 本组织还与组织间化学品健全管理方案合作

Bad:  持久有机污染物审查委员会               (性 dropped)
Good: 持久性有机污染物审查委员会

The suggestion is fixable (``--fix``) only when the score reaches
``fix_score``, no other term is as plausible for the same span, and the
span is not broken by a line break; otherwise it is report-only.
"""

from __future__ import annotations

from typing import Iterable

from termkit.variants import VariantSettings, variant_index
from termkit.rules import register
from termkit.rules.base import DocContext, Hit, Rule


@register
class PossibleVariant(Rule):
    id = "possible-variant"
    severity = "warning"
    summary = "A string not in the termbase is a near-miss of a term (a dropped, inserted, substituted or swapped character)."
    fixable = False
    # the variant index finds the known terms itself, so the engine may keep its fast path
    reads_all_matches = False

    def __init__(self, scope: str = "document", **options) -> None:
        super().__init__(scope, **options)
        # validated here, so a bad option fails before any document is read
        self.settings = VariantSettings.from_options(options)

    def check(self, doc: DocContext) -> Iterable[Hit]:
        index = variant_index(doc.termbase, self.settings)
        for cand in index.find(doc.norm.text):
            term = cand.term
            concept = doc.termbase.concept(term.concept_id)
            target = term if not term.is_bad else concept.replacement(term)
            if target is None:
                continue
            start, end = doc.norm.span_to_original(cand.start, cand.end)
            message = (f"'{cand.text}' is not in the termbase; did you mean '{target.text}' "
                       f"({concept.id})? score {cand.score:g}")
            if cand.rivals:
                message += "; also close to " + ", ".join(f"'{r}'" for r in cand.rivals)
            fixable = (cand.score >= self.settings.fix_score and not cand.rivals
                       and not doc.norm.has_seam(cand.start, cand.end))
            yield Hit(start, end, message, target.text, concept.id, fixable=fixable)
