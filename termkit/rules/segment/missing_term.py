"""missing-term: the source names a concept and the target has none of its Chinese forms."""

from __future__ import annotations

from collections.abc import Iterable

from termkit.rules.base import Example, Hit, Rule
from termkit.rules.context import SegmentContext
from termkit.rules.registry import register


@register
class MissingTerm(Rule):
    """## What it does
    Flags a segment whose English source names a termbase concept with a specific term
    while the Chinese target has none of the concept's Chinese forms (of any status, book
    title marks aside), and suggests the preferred Chinese term of the same type.

    Only specific source terms ask for a rendering: an acronym, a term of two or more
    content words, or a one-word name no other concept uses. A name that runs on into a
    longer capitalized name (United States Virgin Islands, East Germany) names that one,
    and asks for nothing. A target that keeps the English form itself (an acronym left
    as is) renders it.

    ## Why is this bad?
    A concept named in the source and absent from the target is an omission or a
    paraphrase; either is worth a reviser's look.

    ## Fix safety
    Not fixed: where the term belongs in the target is a translator's decision.
    """

    id = "missing-term"
    kind = "segment"
    severity = "warning"
    summary = "The source names a termbase concept; the target has none of its Chinese forms."
    examples = (Example(source="Parties to the Basel Convention shall cooperate.", bad="该公约缔约方应开展合作。",
                        good="《巴塞尔公约》缔约方应开展合作。"),)

    def check(self, seg: SegmentContext) -> Iterable[Hit]:
        seen: set[str] = set()
        at = seg.first_char()
        for m in seg.source_matches:
            if not m.specific:
                continue
            cid = m.concepts[0]
            if cid in seen:
                continue
            seen.add(cid)
            if seg.renders(cid) or seg.retains(m):
                continue
            concept = seg.termbase.concept(cid)
            if m.term.type == "short" and not any(
                    t.type == "short" and not t.is_bad for t in concept.terms_in("zh")):
                # the termbase does not say how Chinese shortens this name (General Assembly → 大会)
                continue
            preferred = concept.preferred("zh", m.term.type)
            if preferred is None:
                continue  # the termbase has no Chinese to ask for
            yield Hit(at, at, f"{seg.label}source term '{m.text}' ({cid}) is not rendered "
                             f"in the target; expected '{preferred.text}'", preferred.text, cid)
