"""wrong-term: the target uses a deprecated, superseded or forbidden Chinese form."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.model import BAD_STATUSES
from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import SegmentContext
from termkit.rules.document.superseded_term import superseded_hit
from termkit.rules.registry import register


@register
class WrongTerm(Rule):
    """## What it does
    Flags a deprecated, forbidden or superseded Chinese form in the target, names the
    source term it renders and suggests its replacement. A superseded (old official) name is
    judged as `superseded-term` judges it, by the date of the translation (`--date` or the
    configuration), and is never reported where the source itself uses the old English name
    (`Libyan Arab Jamahiriya` rendered 阿拉伯利比亚民众国 is faithful).

    ## Why is this bad?
    The translation uses a rendering that the official texts do not use (see
    `deprecated-term` and `superseded-term`).

    ## Fix safety
    Not applied by `--fix`, which is refused on bilingual files; the suggestion is shown
    (and offered as a SARIF fix) for the translator to apply in the CAT tool.
    """

    id = "wrong-term"
    kind = "segment"
    severity = "error"
    summary = "The target renders a concept with a deprecated, superseded or forbidden form."
    examples = (Example(source="Basel Convention", bad="巴塞公约", good="巴塞尔公约"),)

    def check(self, seg: SegmentContext) -> Iterable[Hit]:
        by_concept: dict[str, str] = {}
        old_names: set[str] = set()  # concepts the source names by a superseded English name
        for sm in seg.source_matches:
            for cid in sm.concepts:
                by_concept.setdefault(cid, sm.text)
            if sm.term.status == "superseded":
                old_names.update(sm.concepts)
        for m in seg.target_matches:
            term = m.term
            if term.status not in BAD_STATUSES:
                continue
            concept = seg.termbase.concept(term.concept_id)
            if term.status == "superseded":
                # an old English name rendered by the old Chinese name is a faithful translation
                if concept.id in old_names:
                    continue
                hit = superseded_hit(m.start, m.end, term, concept, seg.target.date, seg.label,
                                     seg.segment.target)
                if hit is not None:
                    yield hit
                continue
            repl = concept.replacement(term)
            source = by_concept.get(concept.id)
            message = f"{seg.label}'{term.text}' is {term.status} for {concept.id}"
            if source:
                message += f" (source: '{source}')"
            if repl:
                message += f"; use '{repl.text}'"
            yield Hit(m.start, m.end, message, repl.text if repl else None, concept.id,
                             fixable=repl is not None)
